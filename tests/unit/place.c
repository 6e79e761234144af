/* place.c - unit tests of the record's place: path to type and ID (folder,
 * hidden parts, alphabet, pattern, shards), and type and ID back to a path. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "diag.h"
#include "place.h"
#include "schema.h"
#include "tap.h"

static const char issue_ini[] =
	"[type]\n"
	"name = issue\n"
	"dir = issues\n"
	"id = ISS-[0-9]{4,}\n"
	"title = title\n"
	"\n"
	"[field.title]\n"
	"type = text\n";

static const char note_ini[] =		/* any ID the alphabet allows */
	"[type]\n"
	"name = note\n"
	"dir = notes\n"
	"id = .+\n"
	"title = title\n"
	"\n"
	"[field.title]\n"
	"type = text\n";

static struct tz_schema *schema;

/* tz_place_record on path: "type/ID" when placed, else "-: why" or
 * "type: why" (the folder's type with the reason it is no record). */
static const char *place(const char *path)
{
	static struct tz_buf out = TZ_BUF_INIT;
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_type *t = NULL;
	int rc = tz_place_record(schema, path, &t, &id, &why);

	tz_buf_clear(&out);
	if (rc == 0)
		tz_buf_printf(&out, "%s/%s", t->name, id.ptr);
	else
		tz_buf_printf(&out, "%s: %s", t ? t->name : "-", why.ptr);
	tz_buf_release(&id);
	tz_buf_release(&why);
	return out.ptr;
}

static void test_place__folder(void)
{
	struct tz_type *issue = tz_schema_type(schema, "issue");

	ok(tz_place_type(schema, "records/issues/ISS-0001.ini") == issue, "type for a path");
	ok(tz_place_type(schema, "records/issues/2026/ISS-0001.ini") == issue, "type for a path in a shard");
	ok(!tz_place_type(schema, "records/issuesx/ISS-0001.ini"), "no type for a sibling folder");
	ok(!tz_place_type(schema, "records/ISS-0001.ini"), "no type at the top of records/");
	ok(!tz_place_type(schema, "issues/ISS-0001.ini"), "no type outside records/");
	is_str(place("records/issues/ISS-0001.ini"), "issue/ISS-0001", "a record");
	is_str(place("records/notes/whatever_1.2-x.ini"), "note/whatever_1.2-x", "a pattern that allows the whole alphabet");
	is_str(place("records/tasks/ISS-0001.ini"),
	       "-: not in the directory of any record type (records/issues/, records/notes/)", "wrong folder");
	is_str(place("schema/issue.ini"),
	       "-: not in the directory of any record type (records/issues/, records/notes/)", "outside records/");
	is_str(place("records/issues/ISS-0001.txt"), "issue: not a record: record files end in .ini", "not .ini");
	is_str(place("records/issues/.ini"), "issue: not a record: hidden files and folders (\".name\") are never records",
	       "a bare .ini is hidden");
}

static void test_place__id(void)
{
	is_str(place("records/issues/ISS-12.ini"),
	       "issue: ID \"ISS-12\" does not match the issue ID pattern \"ISS-[0-9]{4,}\"", "wrong pattern");
	is_str(place("records/issues/ISS-0001x.ini"),
	       "issue: ID \"ISS-0001x\" does not match the issue ID pattern \"ISS-[0-9]{4,}\"", "the pattern is anchored");
	is_str(place("records/notes/a b.ini"),
	       "note: ID \"a b\" may only have A-Z a-z 0-9 . _ - (and no \"..\")", "a space");
	is_str(place("records/notes/问题.ini"),
	       "note: ID \"问题\" may only have A-Z a-z 0-9 . _ - (and no \"..\")", "non-ASCII letters");
	is_str(place("records/notes/a..b.ini"),
	       "note: ID \"a..b\" may only have A-Z a-z 0-9 . _ - (and no \"..\")", "two dots");
	is_str(place("records/notes/a\tb.ini"),
	       "note: ID \"a\\tb\" may only have A-Z a-z 0-9 . _ - (and no \"..\")", "a control character escaped");
	is_str(place("records/notes/.hidden.ini"),
	       "note: not a record: hidden files and folders (\".name\") are never records", "a hidden file");
}

static void test_place__shards(void)
{
	struct tz_type *issue = tz_schema_type(schema, "issue");
	struct tz_buf b = TZ_BUF_INIT, b2 = TZ_BUF_INIT;

	is_str(place("records/issues/2026/ISS-0001.ini"), "issue/ISS-0001", "a shard");
	is_str(place("records/issues/2026/03/ISS-0001.ini"), "issue/ISS-0001", "a shard two deep");
	is_str(place("records/issues/.trash/ISS-0001.ini"),
	       "issue: not a record: hidden files and folders (\".name\") are never records", "a hidden shard");
	is_str(place("records/issues/2026/.old/ISS-0001.ini"),
	       "issue: not a record: hidden files and folders (\".name\") are never records", "a hidden shard below");
	is_str(place("records/issues/2026/ISS-1.ini"),
	       "issue: ID \"ISS-1\" does not match the issue ID pattern \"ISS-[0-9]{4,}\"", "the pattern in a shard");

	is_int(tz_place_in(issue, "records/issues/2026/ISS-0007.ini", &b, &b2), 0, "in a type's folder");
	is_str(b.ptr, "ISS-0007", "the ID");
	is_int(tz_place_in(issue, "records/issues/.old/ISS-0007.ini", &b, &b2), -1, "the same rules there");
	is_str(b2.ptr, "not a record: hidden files and folders (\".name\") are never records", "a hidden shard");
	tz_buf_clear(&b);
	tz_place_path(&b, issue, NULL, "ISS-0007");
	is_str(b.ptr, "records/issues/ISS-0007.ini", "path without a shard");
	tz_buf_clear(&b);
	tz_place_path(&b, issue, "", "ISS-0007");
	is_str(b.ptr, "records/issues/ISS-0007.ini", "path with an empty shard");
	tz_buf_clear(&b);
	tz_place_path(&b, issue, "2026/03", "ISS-0007");
	is_str(b.ptr, "records/issues/2026/03/ISS-0007.ini", "path in a shard");
	is_str(place(b.ptr), "issue/ISS-0007", "which places back");
	tz_buf_clear(&b);
	tz_place_shard(&b, issue, "records/issues/2026/03/ISS-0001.ini");
	is_str(tz_buf_cstr(&b), "2026/03", "the shard of a path");
	tz_buf_clear(&b);
	tz_place_shard(&b, issue, "records/issues/ISS-0001.ini");
	is_str(tz_buf_cstr(&b), "", "no shard");
	tz_buf_clear(&b);
	tz_place_dir(&b, issue);
	is_str(b.ptr, "records/issues", "the folder");
	is_str(tz_place_id(&b, "records/issues/2026/ISS-0001.ini"), "ISS-0001", "the ID of a placed path");
	tz_buf_release(&b);
	tz_buf_release(&b2);
}

static void test_place__arg(void)
{
	char *s;

	is_str(s = tz_place_arg_id("ISS-0001"), "ISS-0001", "an ID names itself");
	free(s);
	is_str(s = tz_place_arg_id("records/issues/2026/ISS-0001.ini"), "ISS-0001", "a file names its ID");
	free(s);
	is_str(s = tz_place_arg_id("ISS-0001.ini"), "ISS-0001", "a file name alone");
	free(s);
	is_str(s = tz_place_arg_id(".ini"), ".ini", "nothing before .ini is no file name");
	free(s);
}

/* A tree of the given paths (each file's contents is its path). */
static git_tree *tree_of(git_repository *repo, const char *const *paths)
{
	git_tree_update u[8];
	git_treebuilder *tb;
	git_oid empty, id;
	git_tree *base = NULL, *t = NULL;
	size_t n = 0;

	memset(u, 0, sizeof(u));
	for (; paths[n]; n++) {
		git_blob_create_from_buffer(&u[n].id, repo, paths[n], strlen(paths[n]));
		u[n].action = GIT_TREE_UPDATE_UPSERT;
		u[n].filemode = GIT_FILEMODE_BLOB;
		u[n].path = paths[n];
	}
	git_treebuilder_new(&tb, repo, NULL);
	git_treebuilder_write(&empty, tb);
	git_treebuilder_free(tb);
	if (git_tree_lookup(&base, repo, &empty) < 0 ||
	    git_tree_create_updated(&id, repo, base, n, u) < 0 || git_tree_lookup(&t, repo, &id) < 0)
		t = NULL;
	git_tree_free(base);
	return t;
}

static void test_place__find(struct tz_repo *r)
{
	static const char *const paths[] = {
		"records/issues/2025/ISS-0001.ini", "records/issues/2026/ISS-0002.ini",
		"records/issues/.trash/ISS-0003.ini", "records/notes/ISS-0001.ini",
		"records/notes/n1.ini", "records/issues/ISS-0004.ini", NULL
	};
	struct tz_type *issue = tz_schema_type(schema, "issue"), *note = tz_schema_type(schema, "note"), *t;
	struct tz_source src = { r, tree_of(r->git, paths), NULL, 0 };
	struct tz_buf path = TZ_BUF_INIT;
	git_oid oid;
	char *found;

	ok(src.tree != NULL, "a tree");
	is_int(tz_place_find(&path, &oid, &src, issue, "ISS-0002", NULL), 1, "found in a shard");
	is_str(path.ptr, "records/issues/2026/ISS-0002.ini", "at its path");
	is_int(tz_place_find(&path, &oid, &src, issue, "ISS-0004", NULL), 1, "found in the folder");
	is_str(path.ptr, "records/issues/ISS-0004.ini", "at its path");
	is_int(tz_place_find(&path, &oid, &src, issue, "ISS-0003", NULL), 0, "not in a hidden shard");
	is_int(tz_place_find(&path, &oid, &src, issue, "ISS-0002", "records/issues/2026/ISS-0002.ini"), 0,
	       "not at the path excepted");
	is_int(tz_place_find(&path, &oid, &src, note, "ISS-0002", NULL), 0, "not in another type's folder");

	is_int(tz_place_search(&found, &t, &src, schema, "ISS-0001", NULL), 2, "an ID of two types");
	free(found);
	is_int(tz_place_search(&found, &t, &src, schema, "ISS-0001", note), 1, "one of them a note");
	is_str(found, "records/notes/ISS-0001.ini", "at its path");
	ok(t == note, "of its type");
	free(found);
	is_int(tz_place_search(&found, &t, &src, schema, "n1", issue), 0, "no issue n1");
	ok(!found && !t, "nothing found");
	is_int(tz_place_search(&found, &t, &src, schema, "ISS-0003", NULL), 0, "hidden files are not searched");
	git_tree_free(src.tree);
	tz_buf_release(&path);
}

int main(void)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	char dir[] = "/tmp/tz-unit-place-XXXXXX";
	struct tz_repo *r = NULL;
	git_repository *g = NULL;

	schema = tz_schema_new();
	tz_schema_add_file(schema, "schema/issue.ini", issue_ini, strlen(issue_ini), &d);
	tz_schema_add_file(schema, "schema/note.ini", note_ini, strlen(note_ini), &d);
	tz_schema_finish(schema, &d);
	for (size_t i = 0; i < d.n; i++)
		printf("# %s:%d: %s\n", d.v[i].path, d.v[i].line, d.v[i].msg);
	is_int(d.errors, 0, "the schema loads");
	tz_diag_list_release(&d);

	test_place__folder();
	test_place__id();
	test_place__shards();
	test_place__arg();

	tz_repo_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&g, dir, 1) < 0 ||
	    tz_repo_open(&r, dir) < 0) {
		printf("Bail out! cannot make a repository\n");
		return 1;
	}
	git_repository_free(g);
	test_place__find(r);
	tz_repo_free(r);
	tap_rmdir(dir);
	tz_schema_free(schema);
	return tap_done();
}
