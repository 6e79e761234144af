/* blame.h - who last set each value of one record: every field and part
 * entry field as the record has it now, with the commit, author and date
 * of the history's newest change that gave it that value. */
#ifndef TZ_BLAME_H
#define TZ_BLAME_H
#include <stddef.h>
#include "history.h"
#include "record.h"
#include "repo.h"
#include "schema.h"

/* One value of the record. */
struct tz_blame_line {
	char *field;		/* "status", or "log.003.note" in a part entry */
	const char *value;	/* as the record has it; borrowed from rec */
	char *commit;		/* the commit that set it, 7 hex digits; NULL
				   when the value differs from the last one
				   committed (not committed yet) */
	char *author;		/* that commit's author's name; NULL with commit */
	char *date;		/* its author date, as tz_history_date writes it */
};

struct tz_blame {
	char *path;			/* the record's file */
	const struct tz_type *type;	/* borrowed from the history's schema */
	struct tz_record *rec;
	struct tz_blame_line *v;	/* in the record's order; empty values
					   and repeated keys are left out */
	size_t n, alloc;
};

#define TZ_BLAME_INIT { NULL, NULL, NULL, NULL, 0, 0 }

/*
 * Blame the record arg names (an ID, or a record file's path, which also
 * fixes its type) in the working tree (rev NULL) or in revision rev, with
 * history h of the same repository. The record's file is where the
 * history last saw it when that file still holds it, else the one record
 * file of that ID below records/ (the place as tz_place_record decides).
 * Returns 0 and fills out (release with tz_blame_release, also after an
 * error); 1 when there is no such record or it cannot be read, and -1 on
 * any other error (the ID of records of several types included), both
 * with tz_error_last() set.
 */
int tz_blame_record(struct tz_blame *out, struct tz_history *h, struct tz_repo *repo, const char *rev,
		    const char *arg);

void tz_blame_release(struct tz_blame *b);

#endif
