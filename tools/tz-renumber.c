/* tz-renumber - give a record a new ID, the answer to an ID collision that
 * a push refused: its file is renamed and every reference to it in the
 * working tree rewritten. */
#include <getopt.h>
#include <stdlib.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "renumber.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz renumber [-C DIR] ID [NEW-ID]\n"
"\n"
"Rename the record ID of the working tree to NEW-ID, or to the next free ID\n"
"of its type (the type's next_id template; IDs in the working tree, HEAD and\n"
"the remote-tracking branches are taken), in the same folder, and rewrite\n"
"every reference to it in the working tree's records, keeping their layout.\n"
"Commit the result as usual. This is the answer to a push that tz\n"
"check-push refused because the ID was already taken on the server.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 renamed, 1 refused (no such ID, NEW-ID taken or not of the\n"
"type's pattern), 2 usage or environment error.\n");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_renumber_result res = TZ_RENUMBER_RESULT_INIT;
	struct tz_buf why = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	const char *dir = NULL;
	int c, rc, ret = 2;

	tool_init("tz renumber", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return tool_usage_error(_("needs ID, and optionally NEW-ID"));
	if (tz_repo_open(&repo, dir) < 0) {
		tool_error_last(_("cannot open repository"));
		goto out;
	}
	if (!repo->workdir) {
		tool_error(_("this is a bare repository: renumber in a clone"));
		goto out;
	}
	rc = tz_renumber(&res, repo, argv[optind], argc - optind == 2 ? argv[optind + 1] : NULL, &why);
	if (rc < 0) {
		tool_error_last(_("cannot renumber"));
		goto out;
	}
	if (rc > 0) {
		tool_error("%s", why.ptr);
		ret = 1;
		goto out;
	}
	printf("%s -> %s\n", res.old_path.ptr, res.new_path.ptr);
	/* two numbers: the plural follows the references, the message is
	   chosen by the files */
	printf(res.files == 1
	       ? NG_("%zu reference rewritten in %zu file\n", "%zu references rewritten in %zu file\n", res.refs)
	       : NG_("%zu reference rewritten in %zu files\n", "%zu references rewritten in %zu files\n", res.refs),
	       res.refs, res.files);
	ret = 0;
out:
	tz_renumber_result_release(&res);
	tz_buf_release(&why);
	tz_repo_free(repo);
	return tool_finish(ret);
}
