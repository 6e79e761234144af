/* check.c - unit tests of tz_check's options: a versioned struct, as
 * libgit2's are, so a caller built against another layout is refused
 * before anything is read. (What tz_check finds is tests/cli t1xxx's.) */
#include <stdio.h>
#include "check.h"
#include "diag.h"
#include "error.h"
#include "tap.h"

static void test_check__opts_version(void)
{
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_check_stats stats;

	is_int(opts.version, TZ_CHECK_OPTS_VERSION, "TZ_CHECK_OPTS_INIT sets the version");
	ok(!opts.rev && !opts.paths && !opts.npaths && !opts.progress && !opts.base_rev && !opts.no_cache &&
	   !opts.cache_read_only && !opts.incremental && !opts.keep,
	   "and nothing else: the working tree, everything, the cache used");
	opts.version = 2;
	is_int(tz_check(NULL, &opts, &diags, &stats), -1, "another version is refused");
	is_str(tz_error_last(), "tz_check: options of version 2, not 1", "and said");
	is_int(diags.n, 0, "with no finding");
	opts.version = 0;
	is_int(tz_check(NULL, &opts, &diags, &stats), -1, "an options struct never initialised is refused");
	is_str(tz_error_last(), "tz_check: options of version 0, not 1", "and said");
	tz_diag_list_release(&diags);
}

int main(void)
{
	test_check__opts_version();
	return tap_done();
}
