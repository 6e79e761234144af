/* push.c - one commit judged against its parent: the records it changes
 * (tz_check_records, so the cost follows the change), the policy of its
 * parent for who made it, and on a server the IDs it would collide with. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "changes.h"
#include "check.h"
#include "error.h"
#include "i18n.h"
#include "load.h"
#include "place.h"
#include "policy.h"
#include "push.h"
#include "record.h"
#include "schema.h"
#include "strmap.h"
#include "rev.h"
#include "text.h"

void tz_push_result_release(struct tz_push_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].author);
		free(r->v[i].diag.path);
		free(r->v[i].diag.msg);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int tz_push_parse_line(struct tz_push_update *u, char *line)
{
	char *save = NULL, *old = strtok_r(line, " \t\r\n", &save), *new = strtok_r(NULL, " \t\r\n", &save),
	     *ref = strtok_r(NULL, " \t\r\n", &save);

	memset(u, 0, sizeof(*u));
	if (!old || !new || !ref || strtok_r(NULL, " \t\r\n", &save))
		return tz_error_set(_("expected \"OLD NEW REF\""));
	if (strlen(old) != GIT_OID_HEXSZ || git_oid_fromstr(&u->old_id, old) < 0 ||
	    strlen(new) != GIT_OID_HEXSZ || git_oid_fromstr(&u->new_id, new) < 0) {
		struct tz_buf q = TZ_BUF_INIT;
		tz_text_quote(&q, old);
		tz_buf_putc(&q, ' ');
		tz_text_quote(&q, new);
		tz_error_set(_("\"%s\" are not two object ids"), q.ptr);
		tz_buf_release(&q);
		return -1;
	}
	u->ref = ref;
	return 0;
}

int tz_push_parse(struct tz_push_input *out, const char *data, size_t len)
{
	size_t alloc = 0, lineno = 0;
	char *p, *end;

	memset(out, 0, sizeof(*out));
	if (memchr(data, '\0', len)) {
		size_t at = 1;
		for (const char *q = data; *q; q++)
			at += *q == '\n';
		return tz_error_set(_("line %zu: NUL byte"), at);
	}
	out->text = tz_strndup(data, len);
	p = out->text;
	end = p + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char why[512];

		lineno++;
		if (nl)
			*nl = '\0';
		if (strspn(p, " \t\r") != strlen(p)) {
			TZ_ALLOC_GROW(out->v, out->n + 1, alloc);
			if (tz_push_parse_line(&out->v[out->n], p) < 0) {
				snprintf(why, sizeof(why), "%s", tz_error_last());
				return tz_error_set(_("line %zu: %s"), lineno, why);
			}
			out->n++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

void tz_push_input_release(struct tz_push_input *in)
{
	free(in->v);
	free(in->text);
	memset(in, 0, sizeof(*in));
}

int tz_push_use_quarantine(struct tz_repo *repo)
{
	const char *dir = getenv("GIT_QUARANTINE_PATH");
	git_odb *odb = NULL;
	int ret = 0;

	if (!dir || !*dir)
		dir = getenv("GIT_OBJECT_DIRECTORY");
	if (!dir || !*dir)
		return 0;
	if (git_repository_odb(&odb, repo->git) < 0 || git_odb_add_disk_alternate(odb, dir) < 0)
		ret = tz_error_git(_("cannot read the pushed objects"));
	git_odb_free(odb);
	return ret;
}

int tz_push_lock(struct tz_repo *repo, unsigned timeout_ms)
{
	struct tz_buf path = TZ_BUF_INIT;
	unsigned waited = 0, pause = 1;
	int fd;

	tz_buf_printf(&path, "%staizhang", repo->gitdir);
	mkdir(path.ptr, 0777);
	tz_buf_puts(&path, "/check-push.lock");
	fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	tz_buf_release(&path);
	if (fd < 0)
		return -1;
	/* polled rather than blocking, so that a check that hangs holds up
	 * the others for timeout_ms at most */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		struct timespec ts;
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= timeout_ms) {
			close(fd);
			return -1;
		}
		ts.tv_sec = 0;
		ts.tv_nsec = (long)pause * 1000000L;
		nanosleep(&ts, NULL);
		waited += pause;
		pause = pause < 8 ? pause * 2 : 8;
	}
	return fd;
}

void tz_push_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

int tz_push_moved(struct tz_repo *repo, const struct tz_push_update *u, size_t n, struct tz_buf *why)
{
	const char *ns = getenv("GIT_NAMESPACE");

	if (ns && *ns)
		return 0;
	for (size_t i = 0; i < n; i++) {
		git_oid now;
		char was[GIT_OID_HEXSZ + 1], is[GIT_OID_HEXSZ + 1];
		int rc = git_reference_name_to_id(&now, repo->git, u[i].ref);

		if (rc == GIT_ENOTFOUND)
			memset(&now, 0, sizeof(now));
		else if (rc < 0)
			return tz_error_git(_("cannot read the pushed refs"));
		if (git_oid_equal(&now, &u[i].old_id))
			continue;
		git_oid_tostr(was, 8, &u[i].old_id);
		git_oid_tostr(is, 8, &now);
		if (rc == GIT_ENOTFOUND)
			tz_buf_printf(why, _("%s was deleted on the server while this push waited (it was %s): "
					     "fetch and push again"), u[i].ref, was);
		else if (git_oid_is_zero(&u[i].old_id))
			tz_buf_printf(why, _("%s was made on the server while this push waited (it is %s): "
					     "fetch, rebase and push again"), u[i].ref, is);
		else
			tz_buf_printf(why, _("%s moved on the server while this push waited (from %s to %s): "
					     "fetch, rebase and push again"), u[i].ref, was, is);
		return 1;
	}
	return 0;
}

/* What judging one commit needs. */
struct judge {
	struct tz_repo *repo;
	struct tz_push_result *res;
	git_commit *commit;
	char short_id[GIT_OID_HEXSZ + 1];
	struct tz_buf prefix;		/* "commit 1a2b3c4: " */
	const char *pusher;
	git_tree **tips;		/* the server's branches (collisions), or NULL */
	const char **tip_names;
	size_t ntips;
};

static void add(struct judge *j, const struct tz_diag *d, int prefixed)
{
	struct tz_push_finding *f;
	const git_signature *a = git_commit_author(j->commit);
	struct tz_buf b = TZ_BUF_INIT;

	TZ_ALLOC_GROW(j->res->v, j->res->n + 1, j->res->alloc);
	f = &j->res->v[j->res->n++];
	memset(f, 0, sizeof(*f));
	git_oid_cpy(&f->commit, git_commit_id(j->commit));
	memcpy(f->short_id, j->short_id, sizeof(f->short_id) - 1);
	tz_buf_printf(&b, "%s <%s>", a->name, a->email);
	f->author = tz_buf_detach(&b);
	f->when = (long long)a->when.time;
	f->offset = a->when.offset;
	f->diag.path = tz_strdup(d->path);
	f->diag.line = d->line;
	f->diag.severity = TZ_ERROR;
	if (prefixed)
		f->diag.msg = tz_strdup(d->msg);
	else {
		tz_buf_printf(&b, "%s%s", j->prefix.ptr, d->msg);
		f->diag.msg = tz_buf_detach(&b);
	}
}

/* Keep the errors of l (prefixing those that are not yet). */
static void take_errors(struct judge *j, const struct tz_diag_list *l, int prefixed)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].severity == TZ_ERROR)
			add(j, &l->v[i], prefixed);
}

static int load_schema_of(struct tz_schema **out, struct tz_repo *repo, const git_oid *commit)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_source src;
	char id[GIT_OID_HEXSZ + 1];
	int ret;

	git_oid_tostr(id, sizeof(id), commit);
	if (tz_source_open(&src, repo, id) < 0)
		return -1;
	ret = tz_schema_load(out, &src, &ignored, NULL);
	tz_source_release(&src);
	tz_diag_list_release(&ignored);
	return ret;
}

/* The policy of a commit's tree, or NULL when it has none. */
static int load_policy(struct tz_policy **out, struct tz_repo *repo, const git_oid *commit)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf data = TZ_BUF_INIT;
	struct tz_source src;
	char id[GIT_OID_HEXSZ + 1];
	int rc;

	*out = NULL;
	git_oid_tostr(id, sizeof(id), commit);
	if (tz_source_open(&src, repo, id) < 0)
		return -1;
	rc = tz_source_read_path(&src, TZ_POLICY_PATH, TZ_RECORD_MAX_SIZE, &data);
	if (rc == 0)
		*out = tz_policy_parse(data.ptr ? data.ptr : "", data.len, NULL, &ignored);
	tz_source_release(&src);
	tz_buf_release(&data);
	tz_diag_list_release(&ignored);
	return rc < 0 ? -1 : 0;
}

/* Whether some record of type `t` or of another type refers to type
 * `target`: which types must be searched for references to a deleted one. */
static int refers_to(const struct tz_type *t, const struct tz_type *target)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].type == TZ_REF && t->fields[i].target == target)
			return 1;
	for (size_t p = 0; p < t->nparts; p++)
		for (size_t i = 0; i < t->parts[p].nfields; i++)
			if (t->parts[p].fields[i].type == TZ_REF && t->parts[p].fields[i].target == target)
				return 1;
	return 0;
}

struct referrers {
	struct tz_source *src;
	const char *id;
	struct tz_strmap *paths;
	struct tz_buf data;
};

/* A file that holds the deleted ID's text is checked again: if it refers to
 * it, the check reports the reference as dangling. */
static int find_referrer(const struct tz_entry *e, void *payload)
{
	struct referrers *r = payload;
	int rc;

	if (e->kind != TZ_ENTRY_FILE)
		return 0;
	rc = tz_source_read(r->src, e, TZ_RECORD_MAX_SIZE, &r->data);
	if (rc < 0)
		return -1;
	if (rc == 0 && r->data.len && memmem(r->data.ptr, r->data.len, r->id, strlen(r->id)))
		tz_strmap_put(r->paths, e->path, 0, NULL);
	return 0;
}

static int add_referrers(struct tz_strmap *paths, struct tz_repo *repo, const char *rev,
			 const struct tz_schema *s, const struct tz_change *c)
{
	struct tz_source src;
	struct tz_buf dir = TZ_BUF_INIT;
	struct referrers r = { &src, c->id, paths, TZ_BUF_INIT };
	int ret = 0;

	if (tz_source_open(&src, repo, rev) < 0)
		return -1;
	for (size_t i = 0; i < s->ntypes && !ret; i++) {
		if (!refers_to(&s->types[i], c->type))
			continue;
		tz_buf_clear(&dir);
		tz_place_dir(&dir, &s->types[i]);
		ret = tz_source_walk(&src, dir.ptr, find_referrer, &r) < 0 ? -1 : 0;
	}
	tz_source_release(&src);
	tz_buf_release(&dir);
	tz_buf_release(&r.data);
	return ret;
}

/* Validity of what the commit changes. */
static int judge_validity(struct judge *j, const char *rev, const char *base, const struct tz_schema *s,
			  const struct tz_changes *recs, const struct tz_changes *schema_changes)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_strmap set = TZ_STRMAP_INIT;
	const char **paths;
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < recs->n; i++) {
		const struct tz_change *c = &recs->v[i];
		if (c->new_path)
			tz_strmap_put(&set, c->new_path, 0, NULL);
		else if (c->type && c->id && s && add_referrers(&set, j->repo, rev, s, c) < 0)
			ret = -1;
	}
	paths = tz_calloc(set.n + 2, sizeof(*paths));
	for (size_t k = 0; k < set.cap; k++)
		if (set.slots[k].key)
			paths[n++] = set.slots[k].key;
	if (ret == 0) {
		if (schema_changes->n || !base) {
			/* a schema change can touch every record: check them all, report
			 * on what the commit changed */
			struct tz_check_opts o = TZ_CHECK_OPTS_INIT;
			struct tz_check_stats st;
			paths[n++] = "schema";
			o.rev = rev;
			o.base_rev = base;
			o.paths = paths;
			o.npaths = n;
			ret = tz_check(j->repo, &o, &d, &st);
		} else if (n) {
			ret = tz_check_records(j->repo, rev, base, paths, n, &d);
		}
	}
	if (ret == 0)
		take_errors(j, &d, 0);
	free(paths);
	tz_strmap_release(&set);
	tz_diag_list_release(&d);
	return ret;
}

/* The policy, judged against one parent's version; findings into out. */
static int judge_policy_against(struct judge *j, const struct tz_policy *pol, const char *who,
				git_tree *ptree, git_tree *tree, const struct tz_schema *s,
				struct tz_diag_list *out)
{
	struct tz_changes recs = TZ_CHANGES_INIT, sch = TZ_CHANGES_INIT;
	int ret = -1;

	if (tz_changes_trees(&recs, j->repo->git, ptree, tree, "records") < 0 ||
	    tz_changes_trees(&sch, j->repo->git, ptree, tree, "schema") < 0)
		goto out;
	tz_changes_place(&recs, s);
	for (size_t i = 0; i < sch.n; i++)
		tz_policy_check_schema(pol, who, sch.v[i].new_path ? sch.v[i].new_path : sch.v[i].old_path,
				       j->prefix.ptr, out);
	for (size_t i = 0; i < recs.n; i++) {
		const struct tz_change *c = &recs.v[i];
		struct tz_record *o = NULL, *n = NULL;
		if (!c->type)
			continue;
		if (tz_change_parse(&o, j->repo, c, 0) < 0 || tz_change_parse(&n, j->repo, c, 1) < 0) {
			tz_record_free(o);
			goto out;
		}
		if ((!c->old_path || o) && (!c->new_path || n))
			tz_policy_check_record(pol, who, c->type, c->new_path ? c->new_path : c->old_path,
					       o, n, j->prefix.ptr, out);
		tz_record_free(o);
		tz_record_free(n);
	}
	ret = 0;
out:
	tz_changes_release(&recs);
	tz_changes_release(&sch);
	return ret;
}

static int same_diag(const struct tz_diag *a, const struct tz_diag *b)
{
	return a->line == b->line && !strcmp(a->path, b->path) && !strcmp(a->msg, b->msg);
}

static int judge_policy(struct judge *j, git_tree *tree, const struct tz_schema *s)
{
	unsigned np = git_commit_parentcount(j->commit);
	const git_oid *pid = np ? git_commit_parent_id(j->commit, 0) : git_commit_id(j->commit);
	struct tz_policy *pol = NULL;
	struct tz_diag_list first = TZ_DIAG_LIST_INIT;
	const char *who = j->pusher ? j->pusher : git_commit_author(j->commit)->email;
	int ret = -1;

	if (load_policy(&pol, j->repo, pid) < 0)
		return -1;
	if (!pol)
		return 0;	/* no policy: anybody may */
	for (unsigned p = 0; p < (np ? np : 1); p++) {
		struct tz_diag_list d = TZ_DIAG_LIST_INIT;
		git_commit *parent = NULL;
		git_tree *ptree = NULL;
		int rc = 0;

		if (np && (git_commit_parent(&parent, j->commit, p) < 0 || git_commit_tree(&ptree, parent) < 0))
			rc = tz_error_git(_("cannot read a parent commit"));
		if (rc == 0)
			rc = judge_policy_against(j, pol, who, ptree, tree, s, &d);
		git_tree_free(ptree);
		git_commit_free(parent);
		if (rc < 0) {
			tz_diag_list_release(&d);
			goto out;
		}
		if (p == 0) {
			first = d;
			continue;
		}
		/* a merge: what another parent had already is not the merger's */
		for (size_t i = 0; i < first.n; i++) {
			int also = 0;
			for (size_t k = 0; k < d.n && !also; k++)
				also = same_diag(&first.v[i], &d.v[k]);
			if (!also)
				first.v[i].severity = TZ_WARNING;
		}
		tz_diag_list_release(&d);
	}
	take_errors(j, &first, 1);
	ret = 0;
out:
	tz_diag_list_release(&first);
	tz_policy_free(pol);
	return ret;
}

/* New records whose ID a branch of the server already has elsewhere. */
static int judge_collisions(struct judge *j, const struct tz_changes *recs)
{
	struct tz_buf path = TZ_BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < recs->n && !ret; i++) {
		const struct tz_change *c = &recs->v[i];
		if (c->old_path || !c->new_path || !c->type || !c->id)
			continue;
		for (size_t t = 0; t < j->ntips; t++) {
			struct tz_source src = { j->repo, j->tips[t], NULL, 0 };
			git_oid oid;
			int rc = tz_place_find(&path, &oid, &src, c->type, c->id, NULL);
			struct tz_diag d = { (char *)c->new_path, 1, 0, TZ_ERROR, NULL };
			struct tz_buf msg = TZ_BUF_INIT;

			if (rc < 0) {
				ret = -1;
				break;
			}
			if (rc == 0 || (!strcmp(path.ptr, c->new_path) && git_oid_equal(&oid, &c->new_oid)))
				continue;
			tz_buf_printf(&msg, _("%s ID \"%s\" is already taken on the server by %s in %s; "
				      "give this record a new ID with `tz renumber %s`"),
				      c->type->name, c->id, path.ptr, j->tip_names[t], c->id);
			d.msg = msg.ptr;
			add(j, &d, 0);
			tz_buf_release(&msg);
			break;
		}
	}
	tz_buf_release(&path);
	return ret;
}

static int judge_commit(struct judge *j)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	struct tz_changes recs = TZ_CHANGES_INIT, sch = TZ_CHANGES_INIT;
	struct tz_schema *schema = NULL;
	char rev[GIT_OID_HEXSZ + 1], base[GIT_OID_HEXSZ + 1];
	size_t before = j->res->n;
	int ret = -1;

	git_oid_tostr(j->short_id, 8, git_commit_id(j->commit));
	tz_buf_clear(&j->prefix);
	tz_buf_printf(&j->prefix, "commit %s: ", j->short_id);
	git_oid_tostr(rev, sizeof(rev), git_commit_id(j->commit));
	if (git_commit_tree(&tree, j->commit) < 0) {
		tz_error_git(_("cannot read a commit's tree"));
		goto out;
	}
	if (git_commit_parentcount(j->commit)) {
		if (git_commit_parent(&parent, j->commit, 0) < 0 || git_commit_tree(&ptree, parent) < 0) {
			tz_error_git(_("cannot read a parent commit"));
			goto out;
		}
		git_oid_tostr(base, sizeof(base), git_commit_id(parent));
	}
	if (tz_changes_trees(&recs, j->repo->git, ptree, tree, "records") < 0 ||
	    tz_changes_trees(&sch, j->repo->git, ptree, tree, "schema") < 0)
		goto out;
	if (!recs.n && !sch.n) {
		ret = 0;	/* nothing of ours changed */
		goto out;
	}
	if (load_schema_of(&schema, j->repo, git_commit_id(j->commit)) < 0) {
		struct tz_diag d = { "schema", 1, 0, TZ_ERROR, NULL };
		struct tz_buf msg = TZ_BUF_INIT;
		tz_buf_printf(&msg, "%s", tz_error_last());
		d.msg = msg.ptr;
		add(j, &d, 0);
		tz_buf_release(&msg);
		ret = 0;
		goto out;
	}
	tz_changes_place(&recs, schema);
	if (judge_validity(j, rev, parent ? base : NULL, schema, &recs, &sch) < 0 ||
	    judge_policy(j, tree, schema) < 0 ||
	    (j->ntips && judge_collisions(j, &recs) < 0))
		goto out;
	ret = 0;
out:
	j->res->commits++;
	if (j->res->n > before)
		j->res->bad_commits++;
	tz_schema_free(schema);
	tz_changes_release(&recs);
	tz_changes_release(&sch);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

/* Walk the commits the walk yields, oldest first, judging each. */
static int judge_walk(struct judge *j, git_revwalk *walk)
{
	git_oid id;
	int rc;

	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		if (git_commit_lookup(&j->commit, j->repo->git, &id) < 0)
			return tz_error_git(_("cannot read a commit"));
		rc = judge_commit(j);
		git_commit_free(j->commit);
		j->commit = NULL;
		if (rc < 0)
			return -1;
	}
	return rc == GIT_ITEROVER ? 0 : tz_error_git(_("cannot walk the commits"));
}

int tz_push_check(struct tz_push_result *res, struct tz_repo *repo,
		  const struct tz_push_update *u, size_t n, const char *pusher)
{
	struct judge j;
	git_revwalk *walk = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t alloc = 0;
	int ret = -1, any = 0;

	memset(&j, 0, sizeof(j));
	j.repo = repo;
	j.res = res;
	j.pusher = pusher;
	if (git_revwalk_new(&walk, repo->git) < 0) {
		tz_error_git(_("cannot walk the commits"));
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	for (size_t i = 0; i < n; i++) {
		git_object *obj = NULL;
		if (git_oid_is_zero(&u[i].new_id))
			continue;	/* a deletion brings nothing */
		if (git_object_lookup(&obj, repo->git, &u[i].new_id, GIT_OBJECT_ANY) < 0 ||
		    git_object_peel((git_object **)&j.commit, obj, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(obj);
			continue;	/* not a commit (a tag of a blob): nothing of ours */
		}
		git_object_free(obj);
		if (git_revwalk_push(walk, git_commit_id(j.commit)) < 0) {
			tz_error_git(_("cannot walk the commits"));
			goto out;
		}
		git_commit_free(j.commit);
		j.commit = NULL;
		any = 1;
	}
	/* what the server has: hidden from the walk, and its branches' trees
	 * for the ID collisions */
	if (git_reference_iterator_new(&it, repo->git) < 0) {
		tz_error_git(_("cannot list the refs"));
		goto out;
	}
	while (git_reference_next(&ref, it) == 0) {
		git_object *obj = NULL;
		git_tree *tree = NULL;
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			git_revwalk_hide(walk, git_object_id(obj));
			if (!strncmp(git_reference_name(ref), "refs/heads/", 11) &&
			    git_commit_tree(&tree, (git_commit *)obj) == 0) {
				TZ_ALLOC_GROW(j.tips, j.ntips + 1, alloc);
				j.tip_names = tz_realloc(j.tip_names, alloc * sizeof(*j.tip_names));
				j.tips[j.ntips] = tree;
				j.tip_names[j.ntips++] = tz_strdup(git_reference_name(ref) + 11);
			}
		}
		git_object_free(obj);
		git_reference_free(ref);
	}
	ret = any ? judge_walk(&j, walk) : 0;
out:
	git_reference_iterator_free(it);
	git_revwalk_free(walk);
	git_commit_free(j.commit);
	for (size_t i = 0; i < j.ntips; i++) {
		git_tree_free(j.tips[i]);
		free((char *)j.tip_names[i]);
	}
	free(j.tips);
	free(j.tip_names);
	tz_buf_release(&j.prefix);
	return ret;
}

int tz_push_audit(struct tz_push_result *res, struct tz_repo *repo, const char *range)
{
	struct judge j;
	git_revwalk *walk = NULL;
	int ret = -1;

	memset(&j, 0, sizeof(j));
	j.repo = repo;
	j.res = res;
	if (git_revwalk_new(&walk, repo->git) < 0) {
		tz_error_git(_("cannot walk the commits"));
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (!range)
		range = "HEAD";
	if ((strstr(range, "..") ? git_revwalk_push_range(walk, range) : git_revwalk_push_ref(walk, range)) < 0) {
		git_commit *c = NULL;
		if (strstr(range, "..") || tz_rev_commit(&c, repo->git, range) ||
		    git_revwalk_push(walk, git_commit_id(c)) < 0) {
			git_commit_free(c);
			tz_error_set(_("unknown revision or range \"%s\""), range);
			goto out;
		}
		git_commit_free(c);
	}
	ret = judge_walk(&j, walk);
out:
	git_revwalk_free(walk);
	tz_buf_release(&j.prefix);
	return ret;
}
