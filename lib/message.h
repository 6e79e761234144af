/* message.h - the commit message written from what changed: one summary
 * line per commit, the field changes of each record, in the repository's
 * language (schema/repository.ini), whoever commits. */
#ifndef TZ_MESSAGE_H
#define TZ_MESSAGE_H
#include "buf.h"
#include "changes.h"
#include "repo.h"
#include "schema.h"

/*
 * Write the message for changes (paired by tz_changes_place against schema;
 * their blobs must be readable in repo) into out: one summary line
 * (`ISS-2026-0042: status in_progress → resolved, resolved_on 2026-06-30`;
 * beyond 72 columns the last changes by field name only; or `12 records:
 * 3 new, 8 changed, 1 deleted` when several files change), then a blank
 * line and one line per change when the summary does not say everything.
 * The words are in schema's language (schema->language): with "zh_CN",
 * `ISS-2026-0013: 状态 办理中 → 已办结（另 3 项）`, fields and enum values
 * named by their labels. Returns 0, or -1 on a libgit2 error.
 */
int tz_message_write(struct tz_buf *out, struct tz_repo *repo, const struct tz_schema *schema,
		     const struct tz_changes *changes);

#endif
