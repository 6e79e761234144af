/* vcache.c - unit tests for the validation cache: results read back as they
 * were written, damaged bytes are refused without reading past them, and a
 * row that fails its checksum empties the cache instead of answering. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "tap.h"
#include "vcache.h"

static void test_vcache__items_read_back(void)
{
	struct tz_buf b = TZ_BUF_INIT;
	struct tz_vc_item it;
	size_t pos = 0;

	tz_vc_put(&b, TZ_VC_FINDING, 12, 1, "", "status: \"done\" is not one of open, closed");
	tz_vc_put(&b, TZ_VC_REF, 300000, 7, "log.001.", "hbj");
	tz_vc_put(&b, TZ_VC_UNIQUE, 3, 2, "", "排污许可证\n第二行");
	tz_vc_put(&b, TZ_VC_TYPED, 0, 0, "", "");
	ok(tz_vc_next(&it, (unsigned char *)b.ptr, b.len, &pos) == 1 && it.kind == TZ_VC_FINDING &&
	   it.line == 12 && it.num == 1 && !strcmp(it.b, "status: \"done\" is not one of open, closed"),
	   "a finding");
	ok(tz_vc_next(&it, (unsigned char *)b.ptr, b.len, &pos) == 1 && it.kind == TZ_VC_REF &&
	   it.line == 300000 && it.num == 7 && !strcmp(it.a, "log.001.") && !strcmp(it.b, "hbj"),
	   "a reference, with a large line number");
	ok(tz_vc_next(&it, (unsigned char *)b.ptr, b.len, &pos) == 1 && it.kind == TZ_VC_UNIQUE &&
	   !strcmp(it.b, "排污许可证\n第二行"), "a unique value with CJK text and a newline");
	ok(tz_vc_next(&it, (unsigned char *)b.ptr, b.len, &pos) == 1 && it.kind == TZ_VC_TYPED, "typed");
	ok(tz_vc_next(&it, (unsigned char *)b.ptr, b.len, &pos) == 0, "then the end");
	tz_buf_release(&b);
}

static void test_vcache__damage_is_refused(void)
{
	struct tz_buf b = TZ_BUF_INIT;
	struct tz_vc_item it;
	int cut_ok = 1, noise_ok = 1;

	tz_vc_put(&b, TZ_VC_REF, 5, 2, "part.01.", "value");
	/* every cut short copy is refused: each is read from its own heap
	 * block, so that ASan sees any read past the end */
	for (size_t n = 1; n < b.len; n++) {
		unsigned char *copy = malloc(n);
		size_t pos = 0;
		int rc;
		memcpy(copy, b.ptr, n);
		while ((rc = tz_vc_next(&it, copy, n, &pos)) == 1)
			;
		if (rc != -1)
			cut_ok = 0;
		free(copy);
	}
	ok(cut_ok, "every truncation of an item is refused");
	srand(1);
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(rand() % 40), pos = 0;
		unsigned char *noise = malloc(n + 1);
		int rc, items = 0;
		for (size_t i = 0; i < n; i++)
			noise[i] = (unsigned char)(rand() % 4 == 0 ? "FRUTD"[rand() % 5] : rand());
		while ((rc = tz_vc_next(&it, noise, n, &pos)) == 1)
			items++;
		if (pos > n || (rc == 0 && pos != n))
			noise_ok = 0;
		free(noise);
	}
	ok(noise_ok, "random bytes never read past their end");
	tz_buf_release(&b);
}

static void test_vcache__rows_and_checksums(const char *gitdir)
{
	struct tz_repo repo = { NULL, NULL, "", (char *)gitdir };
	unsigned char digest[20], other[20], fp[20];
	struct tz_vcache *vc = NULL;
	struct tz_vcache_stats st;
	struct tz_diag_list last = TZ_DIAG_LIST_INIT, diags = TZ_DIAG_LIST_INIT;
	struct tz_buf items = TZ_BUF_INIT, path = TZ_BUF_INIT;
	const unsigned char *got;
	git_oid a, b;
	size_t len = 0;
	sqlite3 *db = NULL;

	memset(digest, 1, sizeof(digest));
	memset(other, 2, sizeof(other));
	memset(fp, 3, sizeof(fp));
	git_oid_fromstr(&a, "1111111111111111111111111111111111111111");
	git_oid_fromstr(&b, "2222222222222222222222222222222222222222");
	tz_vc_put(&items, TZ_VC_FINDING, 3, 0, "", "unknown field \"x\"");
	tz_diag_add(&diags, "records/units/hbj.ini", 3, TZ_ERROR, "unknown field \"x\"");

	tz_vcache_open(&vc, &repo, digest);
	ok(vc != NULL, "the cache opens in a new folder");
	tz_vcache_load(vc);
	tz_vcache_put(vc, "unit", &a, items.ptr, items.len);
	tz_vcache_put(vc, "unit", &b, "", 0);
	tz_vcache_set_last(vc, fp, &diags);
	tz_vcache_save(vc, 2);
	tz_vcache_free(vc);

	tz_vcache_open(&vc, &repo, digest);
	tz_vcache_load(vc);
	got = tz_vcache_get(vc, "unit", &a, &len);
	ok(got && len == items.len && !memcmp(got, items.ptr, len), "a row reads back");
	ok(tz_vcache_get(vc, "unit", &b, &len) && len == 0, "an empty result is a result");
	ok(!tz_vcache_get(vc, "issue", &a, &len), "the type is part of the key");
	ok(tz_vcache_last(vc, fp, &last) == 1 && last.n == 1 && !strcmp(last.v[0].path, "records/units/hbj.ini"),
	   "the last run's findings come back for its fingerprint");
	fp[0] ^= 1;
	ok(tz_vcache_last(vc, fp, &last) == 0 && last.n == 1, "and not for another");
	tz_vcache_free(vc);

	tz_vcache_open(&vc, &repo, other);
	tz_vcache_load(vc);
	ok(!tz_vcache_get(vc, "unit", &a, &len), "another schema digest sees nothing");
	tz_vcache_free(vc);

	/* a row changed behind the cache's back */
	tz_buf_printf(&path, "%staizhang/index.sqlite", gitdir);
	sqlite3_open(path.ptr, &db);
	sqlite3_exec(db, "UPDATE check_cache SET data = substr(data, 1, 8) || X'46'", NULL, NULL, NULL);
	sqlite3_close(db);
	tz_vcache_open(&vc, &repo, digest);
	tz_vcache_load(vc);
	tz_vcache_stats(vc, &st);
	ok(st.damaged && !tz_vcache_get(vc, "unit", &b, &len), "a damaged row: nothing is trusted");
	tz_vcache_save(vc, 2);
	tz_vcache_free(vc);
	sqlite3_open(path.ptr, &db);
	{
		sqlite3_stmt *s = NULL;
		int n = -1;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM check_cache", -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		is_int(n, 0, "and the cache is emptied when saved");
	}
	sqlite3_close(db);
	tz_diag_list_release(&last);
	tz_diag_list_release(&diags);
	tz_buf_release(&items);
	tz_buf_release(&path);
}

/* The answer kept for a tree: read back for its digest only, and a row
 * changed behind the cache's back is refused and marks the cache damaged. */
static void test_vcache__tree_answer(const char *gitdir)
{
	struct tz_repo repo = { NULL, NULL, "", (char *)gitdir };
	unsigned char digest[20], other[20];
	struct tz_vcache *vc = NULL;
	struct tz_vcache_stats st;
	struct tz_diag_list own = TZ_DIAG_LIST_INIT, got = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT;
	git_oid tree, back;
	sqlite3 *db = NULL;

	memset(digest, 5, sizeof(digest));
	memset(other, 6, sizeof(other));
	git_oid_fromstr(&tree, "3333333333333333333333333333333333333333");
	tz_diag_add(&own, "records/issues/ISS-0001.ini", 4, TZ_WARNING, "逾期: deadline is past");
	tz_diag_add(&own, "records/units/hbj.ini", 2, TZ_WARNING, "short_name: 环保局 is long");

	tz_vcache_open_read_only(&vc, &repo, digest);
	ok(vc != NULL && tz_vcache_tree(vc, &back, &got) == 0, "no file yet: no answer, but a cache to fill");
	tz_vcache_set_tree(vc, &tree, &own);
	tz_vcache_save(vc, 1);	/* read only: writes nothing */
	ok(tz_vcache_reopen(vc, &repo) == 0, "made writable afterwards");
	tz_vcache_save(vc, 1);
	tz_vcache_free(vc);

	tz_vcache_open(&vc, &repo, digest);
	ok(tz_vcache_tree(vc, &back, &got) == 1 && git_oid_equal(&back, &tree) && got.n == 2 &&
	   !strcmp(got.v[0].path, "records/issues/ISS-0001.ini") && got.v[0].line == 4 &&
	   got.v[0].severity == TZ_WARNING && !strcmp(got.v[1].msg, "short_name: 环保局 is long"),
	   "the answer reads back, in order");
	tz_vcache_free(vc);
	tz_diag_list_release(&got);

	tz_vcache_open(&vc, &repo, other);
	ok(tz_vcache_tree(vc, &back, &got) == 0 && got.n == 0, "not for another schema digest");
	tz_vcache_free(vc);

	tz_buf_printf(&path, "%staizhang/index.sqlite", gitdir);
	sqlite3_open(path.ptr, &db);
	sqlite3_exec(db, "UPDATE check_state SET value = substr(value, 1, 40) || X'00' || substr(value, 42) "
		     "WHERE key = 'tree'", NULL, NULL, NULL);
	sqlite3_close(db);
	tz_vcache_open(&vc, &repo, digest);
	ok(tz_vcache_tree(vc, &back, &got) == 0 && got.n == 0, "a changed row is refused");
	tz_vcache_set_tree(vc, &tree, &own);
	tz_vcache_save(vc, 1);
	tz_vcache_free(vc);
	tz_vcache_open(&vc, &repo, digest);
	ok(tz_vcache_tree(vc, &back, &got) == 1 && got.n == 2, "and the next answer replaces it");
	tz_vcache_stats(vc, &st);
	ok(!st.damaged, "the rows of the records are not thrown away for it");
	tz_vcache_free(vc);

	tz_diag_list_release(&own);
	tz_diag_list_release(&got);
	tz_buf_release(&path);
}

int main(void)
{
	char dir[] = "/tmp/tz-unit-vcache-XXXXXX";
	char gitdir[64], cmd[96];

	if (!mkdtemp(dir)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	git_libgit2_init();
	snprintf(gitdir, sizeof(gitdir), "%s/", dir);
	test_vcache__items_read_back();
	test_vcache__damage_is_refused();
	test_vcache__rows_and_checksums(gitdir);
	snprintf(gitdir, sizeof(gitdir), "%s/tree/", dir);
	if (mkdir(gitdir, 0700) < 0)
		printf("# could not make %s\n", gitdir);
	test_vcache__tree_answer(gitdir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	git_libgit2_shutdown();
	return tap_done();
}
