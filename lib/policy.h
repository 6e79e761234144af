/* policy.h - the access policy, schema/policy.ini: which people belong to
 * which unit and roles, and what each role may do to which records. */
#ifndef TZ_POLICY_H
#define TZ_POLICY_H
#include <stddef.h>
#include "diag.h"
#include "record.h"
#include "schema.h"

#define TZ_POLICY_PATH "schema/policy.ini"

struct tz_policy_role {
	char *name, *label;
	int own;		/* records = own: only those its unit owns */
	char **create, **remove, **fields, **actions;	/* patterns: *, TYPE, TYPE.*, TYPE.NAME */
	size_t ncreate, nremove, nfields, nactions;
	int line;
};

struct tz_policy_member {
	char *name, *label;
	char *unit;		/* the unit ID it acts for, or NULL */
	char **people;		/* commit e-mails and pushers' names */
	size_t npeople;
	size_t *roles;		/* indices into the policy's roles */
	size_t nroles;
	int line;
};

struct tz_policy {
	struct tz_policy_role *roles;
	size_t nroles;
	struct tz_policy_member *members;
	size_t nmembers;
	char **admin;		/* roles that may change schema/ (this file too) */
	size_t nadmin;
};

/*
 * Read schema/policy.ini from data[0..len). Every problem goes to diags
 * with its line (unknown sections and keys, roles that do not exist, a
 * person listed twice; with schema given, types, fields and actions it does
 * not have). Returns the policy, never NULL: a role or member with errors is
 * still kept where it can be. Free with tz_policy_free.
 */
struct tz_policy *tz_policy_parse(const char *data, size_t len, const struct tz_schema *schema,
				  struct tz_diag_list *diags);
void tz_policy_free(struct tz_policy *p);

/* The member a person (an e-mail, compared without case, or a name) is,
 * or NULL. Borrowed from p. */
const struct tz_policy_member *tz_policy_member(const struct tz_policy *p, const char *who);

/*
 * Judge a change to one record made by `who`: old is the record before
 * (NULL: created), new after (NULL: deleted), both of type t and parsed
 * without errors; path and lines of findings are new's (old's when
 * deleted). A change is allowed when a role of who's member allows each of
 * its parts on that record: creating or deleting it; every action of the
 * type's log entries it appends (and the fields that action moves, sets or
 * requires); every other field or part it changes. Each refusal is appended
 * to diags as an error whose message starts with `prefix` (e.g. "commit
 * 1a2b3c4: "). Returns the number of refusals.
 */
size_t tz_policy_check_record(const struct tz_policy *p, const char *who, const struct tz_type *t,
			      const char *path, const struct tz_record *old, const struct tz_record *new,
			      const char *prefix, struct tz_diag_list *diags);

/* Judge a change by `who` to a file of schema/ (policy.ini included): only
 * members with an admin role may. Returns 1 (a finding appended) or 0. */
size_t tz_policy_check_schema(const struct tz_policy *p, const char *who, const char *path,
			      const char *prefix, struct tz_diag_list *diags);

#endif
