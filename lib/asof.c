/* asof.c - the commit a date names, through the history index. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asof.h"
#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "rev.h"

int tz_asof_find(struct tz_asof *out, struct tz_history *h, const char *date)
{
	static const char sql[] =
		"SELECT seq, id, seq = (SELECT max(seq) FROM history_commit),"
		" NOT EXISTS (SELECT 1 FROM history_commit m WHERE m.seq > c.seq AND m.parents > 1)"
		" FROM history_commit c"
		" WHERE date(author_time + 60 * author_tz, 'unixepoch') <= ?1"
		" ORDER BY seq DESC LIMIT 1";
	sqlite3 *db = tz_history_db(h);
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		tz_error_set(_("cannot read the history index: %s"), sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = 1;
	} else if (rc == SQLITE_ROW) {
		out->seq = sqlite3_column_int64(st, 0);
		snprintf(out->commit, sizeof(out->commit), "%s", (const char *)sqlite3_column_text(st, 1));
		out->is_tip = sqlite3_column_int(st, 2);
		out->linear = sqlite3_column_int(st, 3);
		ret = 0;
	} else {
		tz_error_set(_("cannot read the history index: %s"), sqlite3_errmsg(db));
	}
out:
	sqlite3_finalize(st);
	return ret;
}

/*
 * Whether the working tree holds HEAD's records/ and schema/, judged
 * without a status of every file: the trees are read raw from the object
 * database ("MODE NAME\0" and 20 bytes of id per entry, in git's order,
 * which is the byte order of the full paths), records/ is compared with
 * the index's files and their blob ids, and schema/'s few files are
 * hashed. Anything unexpected (a submodule, a file HEAD lacks, another
 * line ending) answers "not clean", which only costs reading the
 * commit's tree instead.
 */
struct walk {
	git_odb *odb;
	sqlite3_stmt *files;	/* path, oid FROM tz_files ORDER BY path */
	const char *workdir;
	struct tz_buf path;
	long count;		/* count_entry's */
};

/* Call each(w, mode, name, id) for the entries of tree id, the path of the
 * tree in w->path; stop at the first that returns 0. 1 when all were the
 * same, 0 when one was not, -1 (tz_error_last) on errors. */
static int each_entry(struct walk *w, const git_oid *id,
		      int (*each)(struct walk *, unsigned long, const char *, const git_oid *))
{
	git_odb_object *obj = NULL;
	const char *p, *end;
	int same = 1;

	if (git_odb_read(&obj, w->odb, id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		tz_error_git(_("cannot read the HEAD commit"));
		git_odb_object_free(obj);
		return -1;
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (same == 1 && p < end) {
		char *sp;
		const char *name, *nul;
		unsigned long mode = strtoul(p, &sp, 8);
		git_oid oid;
		if (*sp != ' ' || !(nul = memchr(sp, '\0', (size_t)(end - sp))) || end - nul < 1 + GIT_OID_RAWSZ) {
			same = 0;	/* not a tree as git writes them */
			break;
		}
		name = sp + 1;
		git_oid_fromraw(&oid, (const unsigned char *)nul + 1);
		p = nul + 1 + GIT_OID_RAWSZ;
		same = each(w, mode, name, &oid);
	}
	git_odb_object_free(obj);
	return same;
}

/* records/: the next file of the index is this one, with this blob id. */
static int same_record(struct walk *w, unsigned long mode, const char *name, const git_oid *id)
{
	size_t len = w->path.len;
	const char *path;
	int same;

	tz_buf_puts(&w->path, name);
	if (mode == 040000) {
		tz_buf_puts(&w->path, "/");
		same = each_entry(w, id, same_record);
	} else if ((mode != 0100644 && mode != 0100755) || sqlite3_step(w->files) != SQLITE_ROW ||
		   !(path = (const char *)sqlite3_column_text(w->files, 0)) || strcmp(path, w->path.ptr)) {
		same = 0;
	} else if (sqlite3_column_bytes(w->files, 1) == GIT_OID_RAWSZ) {
		same = !memcmp(sqlite3_column_blob(w->files, 1), id->id, GIT_OID_RAWSZ);
	} else {
		/* a file the index skips has no blob id there: hash it */
		struct tz_buf file = TZ_BUF_INIT;
		git_oid oid;
		tz_buf_printf(&file, "%s%s", w->workdir, path);
		same = git_odb_hashfile(&oid, file.ptr, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&oid, id);
		tz_buf_release(&file);
	}
	w->path.len = len;
	w->path.ptr[len] = '\0';
	return same;
}

/* schema/: the working tree's file of that name hashes to this blob id. */
static int same_schema_file(struct walk *w, unsigned long mode, const char *name, const git_oid *id)
{
	struct tz_buf file = TZ_BUF_INIT;
	git_oid oid;
	int same;

	tz_buf_printf(&file, "%s%s%s", w->workdir, w->path.ptr, name);
	same = (mode == 0100644 || mode == 0100755) &&
	       git_odb_hashfile(&oid, file.ptr, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&oid, id);
	tz_buf_release(&file);
	return same;
}

static int count_entry(struct walk *w, unsigned long mode, const char *name, const git_oid *id)
{
	(void)mode, (void)name, (void)id;
	w->count++;
	return 1;
}

/* How many entries the working tree's folder dir has (-1: none). */
static long count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	long n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

/* The entry name of HEAD's root tree, or 1 when it has none (*out NULL). */
static int root_entry(git_tree_entry **out, git_tree *root, const char *name)
{
	int rc = git_tree_entry_bypath(out, root, name);

	if (rc == GIT_ENOTFOUND) {
		*out = NULL;
		return 1;
	}
	return rc < 0 ? tz_error_git(_("cannot read the HEAD commit")) : 0;
}

int tz_asof_tree_clean(struct tz_repo *r, sqlite3 *index)
{
	struct walk w = { NULL, NULL, r->workdir, TZ_BUF_INIT, 0 };
	git_tree *root = NULL;
	git_tree_entry *schema = NULL, *records = NULL;
	struct tz_buf dir = TZ_BUF_INIT;
	int ret = -1, same = 1, rc;

	if (!r->workdir)
		return 1;	/* a bare repository has only HEAD */
	if (git_repository_odb(&w.odb, r->git) < 0) {
		tz_error_git(_("cannot read the HEAD commit"));
		goto out;
	}
	rc = tz_rev_tree(&root, NULL, r->git, "HEAD");
	if (rc != 0)
		goto out;	/* no HEAD tree (1: nothing committed): an error */
	if (root_entry(&schema, root, "schema") < 0 || root_entry(&records, root, "records") < 0)
		goto out;
	/* schema/: HEAD's files, hashed, and no other */
	tz_buf_printf(&dir, "%sschema", r->workdir);
	if (!schema) {
		same = count_files(dir.ptr) <= 0;
	} else if (git_tree_entry_type(schema) != GIT_OBJECT_TREE) {
		same = 0;
	} else {
		tz_buf_puts(&w.path, "schema/");
		same = each_entry(&w, git_tree_entry_id(schema), same_schema_file);
		if (same == 1) {
			if (each_entry(&w, git_tree_entry_id(schema), count_entry) < 0)
				goto out;
			same = count_files(dir.ptr) == w.count;
		}
	}
	if (same < 0)
		goto out;
	/* records/: the index's files, which the refresh just hashed */
	if (same) {
		if (sqlite3_prepare_v2(index, "SELECT path, oid FROM tz_files ORDER BY path", -1, &w.files, NULL) != SQLITE_OK) {
			tz_error_set("%s: %s", _("cannot read the index"), sqlite3_errmsg(index));
			goto out;
		}
		tz_buf_clear(&w.path);
		tz_buf_puts(&w.path, "records/");
		if (records && git_tree_entry_type(records) != GIT_OBJECT_TREE)
			same = 0;
		else if (records)
			same = each_entry(&w, git_tree_entry_id(records), same_record);
		if (same < 0)
			goto out;
		same = same && sqlite3_step(w.files) == SQLITE_DONE;	/* and no file HEAD lacks */
	}
	ret = same;
out:
	sqlite3_finalize(w.files);
	tz_buf_release(&w.path);
	tz_buf_release(&dir);
	git_tree_entry_free(schema);
	git_tree_entry_free(records);
	git_tree_free(root);
	git_odb_free(w.odb);
	return ret;
}
