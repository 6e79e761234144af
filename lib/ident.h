/* ident.h - commit identity: who authors and who commits, from --author,
 * the environment and git config, refused where git would refuse it. */
#ifndef TZ_IDENT_H
#define TZ_IDENT_H
#include <git2.h>

/*
 * The author and committer signatures, as git would make them: author from
 * author_opt ("Name <email>"), else $GIT_AUTHOR_NAME/$GIT_AUTHOR_EMAIL, else
 * user.name/user.email; committer from $GIT_COMMITTER_NAME/EMAIL, else the
 * config, else the author given with author_opt. $GIT_AUTHOR_DATE and
 * $GIT_COMMITTER_DATE (tz_ident_parse_date) set the times.
 *
 * Returns 0, or -1 with tz_error_last() saying what is wrong: no name or
 * e-mail ("who are you? …"), --author not "Name <email>", a name or e-mail
 * holding a newline, a control character or an angle bracket (which would
 * break the commit header; the message names the value and where it came
 * from), or a date git would refuse ("GIT_AUTHOR_DATE: cannot read the date
 * …"). Free both with git_signature_free; on failure both are NULL.
 */
int tz_ident_signatures(git_signature **author, git_signature **committer,
			git_repository *repo, const char *author_opt);

/*
 * The author's name as tz commit would sign (tz_ident_signatures without
 * --author: $GIT_AUTHOR_NAME, else user.name), in *out, a string for the
 * caller to free: who acts when tz new and tz act are given no --actor.
 * Returns 0, or -1 with tz_error_last() set and *out NULL when
 * tz_ident_signatures would refuse the identity.
 */
int tz_ident_author_name(char **out, git_repository *repo);

/*
 * Parse a date as git's environment variables give it: "@SECONDS ZONE",
 * "SECONDS ZONE" or ISO 8601 "YYYY-MM-DD[T ]HH:MM:SS[ZONE]", ZONE being
 * "+0800", "+08:00", "Z" or nothing (the local zone at that time). Dates git
 * refuses are refused (month 13, February 30, hour 24, before 1970, trailing
 * text) instead of being carried over. Returns 0 with *t (seconds since the
 * epoch) and *offset (minutes east of UTC) set, or -1 (nothing set).
 */
int tz_ident_parse_date(const char *s, git_time_t *t, int *offset);

#endif
