/* renumber.h - giving a record of the working tree a new ID (the answer to
 * an ID collision that a push refuses): its file is renamed and every
 * reference to it in the working tree rewritten. */
#ifndef TZ_RENUMBER_H
#define TZ_RENUMBER_H
#include <stddef.h>
#include "buf.h"
#include "repo.h"

struct tz_renumber_result {
	struct tz_buf old_path, new_path, new_id;
	size_t refs, files;	/* references rewritten, in how many files */
};
#define TZ_RENUMBER_RESULT_INIT { TZ_BUF_INIT, TZ_BUF_INIT, TZ_BUF_INIT, 0, 0 }

void tz_renumber_result_release(struct tz_renumber_result *r);

/*
 * Rename the record with ID id (of whichever type has it; an ID that two
 * types have is refused) to new_id, or, when new_id is NULL, to the next
 * free ID of its type's next_id template (above every ID of the working
 * tree, HEAD and the remote-tracking branches, for the year of the type's
 * id_date field). The file keeps its folder; every reference to the old ID
 * in the working tree's records is rewritten in place (tz_edit: comments
 * and layout kept). Returns 0; 1 when refused, with the reason in why (no
 * such ID, new ID taken or not matching the type's pattern, no template);
 * -1 with tz_error_last() set on I/O errors.
 */
int tz_renumber(struct tz_renumber_result *res, struct tz_repo *repo, const char *id,
		const char *new_id, struct tz_buf *why);

#endif
