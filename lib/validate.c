/*
 * Validation: a record against its kind, and a run over many records.
 *
 * A record is judged in three parts: its front matter against the kind's
 * JSON Schema; its body against the kind's sections and checklist; and
 * the people it names against the roles in the config. Text that only
 * holds a placeholder (`TBD`, `[Name, title]`, `<fill in>`) is not
 * content: it is reported once as a placeholder and then judged as if
 * the value were not there, so one gap is one diagnostic.
 */
#include <pthread.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "environment.h"
#include "ids.h"
#include "pool.h"
#include "regex.h"
#include "record.h"
#include "report.h"
#include "schema.h"
#include "semdiff.h"
#include "source.h"
#include "staged.h"
#include "utf8.h"
#include "verdict.h"
#include "claims.h"
#include "validate.h"
#include "yaml_reuse.h"

struct placeholders {
	char **pointers;
	size_t n, alloc;
};


/* Where a value is: its key or index, and the step above it. */
struct step {
	const struct step *up;
	const struct node *key;	/* or NULL: an index into a list */
	size_t index;
};

/* The JSON pointer of a step, written only when there is something to say. */
static int step_pointer(handoff_buf *out, const struct step *at)
{
	if (!at)
		return handoff__buf_reserve(out, 0);	/* "": the root */
	if (step_pointer(out, at->up) < 0)
		return HANDOFF_ERROR;
	return at->key ? handoff__buf_pointer_token(out, at->key->str, at->key->len) :
		handoff__buf_printf(out, "/%zu", at->index);
}

static int placeholder_found(const struct step *at, struct node *n, int r,
	struct placeholders *ph, struct diag_list *out)
{
	handoff_buf ptr = HANDOFF_BUF_INIT;
	int err;

	if ((err = step_pointer(&ptr, at)) < 0)
		return err;
	if (r < 0) {
		err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, n->line, n->col,
			"pattern-limit", ptr.ptr, "%s", handoff_error_last()->message);
		handoff_buf_dispose(&ptr);
		return err;
	}
	if (ph->n == ph->alloc) {
		size_t cap = ph->alloc ? ph->alloc * 2 : 8;
		char **v = realloc(ph->pointers, cap * sizeof(*v));

		if (!v) {
			handoff_buf_dispose(&ptr);
			return handoff__error_oom();
		}
		ph->pointers = v;
		ph->alloc = cap;
	}
	err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, n->line, n->col, "placeholder",
		ptr.ptr, "'%s' is a placeholder, not a value", n->str);
	ph->pointers[ph->n++] = ptr.ptr;	/* theirs now */
	n->type = NODE_NULL;
	return err;
}

/* Whether a scalar under `n` is a placeholder (or cannot be told). */
static int any_placeholder(const struct kind *kind, const struct node *n)
{
	size_t i;

	if (n->type == NODE_STRING)
		return handoff__kind_is_placeholder_valid(kind, n) != 0;
	for (i = 0; i < n->n; i++)
		if (any_placeholder(kind, n->type == NODE_MAP ? n->pairs[i].value : n->items[i]))
			return 1;
	return 0;
}

/*
 * Report every placeholder scalar in the front matter and turn it into
 * null, remembering where, so the schema's verdict on the same spot can
 * be dropped.
 */
static int scan_placeholders(const struct kind *kind, struct node *n,
	const struct step *at, struct placeholders *ph, struct diag_list *out)
{
	size_t i;
	int err = 0;

	if (n->type == NODE_STRING) {
		/* the record's text passed utf8_check before libyaml read it */
		int r = handoff__kind_is_placeholder_valid(kind, n);

		return r == 0 ? 0 : placeholder_found(at, n, r, ph, out);
	}
	for (i = 0; !err && i < n->n; i++) {
		struct step next = { at, NULL, i };

		if (n->type == NODE_MAP) {
			next.key = n->pairs[i].key;
			err = scan_placeholders(kind, n->pairs[i].value, &next, ph, out);
		} else {
			err = scan_placeholders(kind, n->items[i], &next, ph, out);
		}
	}
	return err;
}

static int by_pointer(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the first `len` bytes of `p`, as a string, before, at or after `s`? */
static int prefix_cmp(const char *p, size_t len, const char *s)
{
	int c = strncmp(p, s, len);

	if (c)
		return c;
	return s[len] ? -1 : 0;	/* s starts with them: equal if it ends there */
}

/* Pointers compared by covered() in every thread: tests weigh its work. */
static size_t covered_probes;

size_t handoff__validate_covered_probes(void)
{
	return __atomic_load_n(&covered_probes, __ATOMIC_RELAXED);
}

/*
 * Is `pointer` at or under a placeholder? Its own prefixes are looked up
 * in the sorted pointers, so a schema verdict costs the length of its
 * pointer, not a pass over every placeholder of the record.
 */
static int covered(const struct placeholders *ph, const char *pointer)
{
	size_t k, n = strlen(pointer), probes = 0;
	int found = 0;

	for (k = 0; !found && k <= n; k++) {
		size_t lo = 0, hi = ph->n;

		if (k < n && pointer[k] != '/')
			continue;
		while (!found && lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = prefix_cmp(pointer, k, ph->pointers[mid]);

			probes++;
			if (c == 0)
				found = 1;
			else if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
	}
	__atomic_fetch_add(&covered_probes, probes, __ATOMIC_RELAXED);
	return found;
}

static int check_front(const struct kind *kind, struct record *rec,
	struct diag_list *out)
{
	struct diag_list found = DIAG_LIST_INIT;
	struct placeholders ph = { NULL, 0, 0 };
	struct node *root = rec->front ? rec->front->root : NULL;
	size_t i;
	int err = 0;

	/* placeholders become null in the record's own copy of a shared tree */
	if (root && root->type == NODE_MAP && any_placeholder(kind, root) &&
	    (err = handoff__doc_own(rec->front)) == 0)
		err = scan_placeholders(kind, root = rec->front->root, NULL, &ph, out);
	if (ph.n > 1)
		qsort(ph.pointers, ph.n, sizeof(*ph.pointers), by_pointer);
	if (!err && kind->schema &&
	    (err = handoff__schema_validate_utf8(kind->schema, root && root->type == NODE_MAP ?
	    root : NULL, &found)) > 0)
		err = 0;
	for (i = 0; !err && i < found.n; i++) {
		handoff_diagnostic *d = &found.v[i];

		if (covered(&ph, d->pointer))
			continue;
		err = handoff__diag_add(out, d->severity, d->line ? d->line : 1,
			d->column ? d->column : 1, d->code, d->pointer, "%s", d->message);
	}
	for (i = 0; i < ph.n; i++)
		free(ph.pointers[i]);
	free(ph.pointers);
	handoff__diag_list_release(&found);
	return err;
}

/* The next byte of a title that counts for a loose match: no spaces. */
static size_t loose_skip(const char *s, size_t i, size_t n)
{
	for (;;) {
		if (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		else if (i + 1 < n && (unsigned char)s[i] == 0xc2 &&
		    (unsigned char)s[i + 1] == 0xa0)
			i += 2;
		else
			return i;
	}
}

static int same_letter(char a, char b)
{
	if (a >= 'A' && a <= 'Z')
		a = (char)(a - 'A' + 'a');
	if (b >= 'A' && b <= 'Z')
		b = (char)(b - 'A' + 'a');
	return a == b;
}

/*
 * A title as written against the kind's: the same but for spaces and
 * ASCII case (`## Risk  factors`, `## RiskFactors`). For a near miss
 * only: the exact match is kind_match_title's.
 */
static int loose_match(const char *const *titles, const char *s, size_t n)
{
	int k;

	while (n && (s[n - 1] == ':' || s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	for (k = 0; k < KIND_LANGS; k++) {
		const char *t = titles[k];
		size_t i = 0, j = 0, m;

		if (!t)
			continue;
		m = strlen(t);
		for (;;) {
			i = loose_skip(s, i, n);
			j = loose_skip(t, j, m);
			if (i == n || j == m || !same_letter(s[i], t[j]))
				break;
			i++;
			j++;
		}
		if (i == n && j == m)
			return 1;
	}
	return 0;
}

/*
 * The first of the record's near lines (headings, else task items) that
 * loosely matches one of `titles`, or NULL.
 */
static const struct near_miss *near_line(const struct record *rec,
	const char *const *titles, int heading)
{
	size_t j;

	for (j = 0; j < rec->nnear; j++) {
		const struct near_miss *m = &rec->near[j];

		if (!m->is_heading == !heading && loose_match(titles, m->text, heading ?
		    m->len : handoff__kind_item_text_length(m->text, m->len)))
			return m;
	}
	return NULL;
}

/*
 * A missing section or item nearly written: the line that nearly is it,
 * reported there with what was meant. 1 when one was found (and said).
 */
static int near_section(const struct kind_section *ks, const struct record *rec,
	const char *pointer, struct diag_list *out)
{
	const struct near_miss *m;
	size_t j;

	for (j = 0; j < rec->nsections; j++) {
		const struct section *sec = &rec->sections[j];

		if (loose_match(ks->titles, sec->heading, sec->heading_len)) {
			size_t at = (size_t)(sec->heading - rec->text), start = at;

			while (start > 0 && rec->text[start - 1] != '\n' &&
			    rec->text[start - 1] != '\r')
				start--;
			while (start < at && rec->text[start] == ' ')
				start++;
			return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, sec->line,
				sec->col - (unsigned int)(at - start), "section",
				pointer, "'%s' is written '%.*s%.*s'; did you mean '## %s'?",
				ks->titles[0], (int)(at - start), rec->text + start,
				(int)sec->heading_len, sec->heading, ks->titles[0]) < 0 ?
				HANDOFF_ERROR : 1;
		}
	}
	if (!(m = near_line(rec, ks->titles, 1)))
		return 0;
	return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, m->line, m->col, "section",
		pointer, "'%s' is written '%.*s'; did you mean '## %.*s'?",
		ks->titles[0], (int)m->written_len, m->written, (int)m->len,
		m->text) < 0 ? HANDOFF_ERROR : 1;
}

static int near_item(const struct kind_item *it, const struct record *rec,
	const char *pointer, struct diag_list *out)
{
	const struct near_miss *m;
	size_t j;

	for (j = 0; j < rec->ntasks; j++) {
		const struct task *t = &rec->tasks[j];

		if (loose_match(it->titles, t->text, handoff__kind_item_text_length(t->text,
		    t->len)))
			return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				t->line, t->col,
				"checklist", pointer,
				"'%s' is written '%.*s'; did you mean '- [%c] %s'?",
				it->titles[0], (int)t->len, t->text, t->checked ? 'x' : ' ',
				it->titles[0]) < 0 ?
				HANDOFF_ERROR : 1;
	}
	if (!(m = near_line(rec, it->titles, 0)))
		return 0;
	return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, m->line, m->col, "checklist",
		pointer, "'%s' is written '%.*s'; did you mean '- [%c] %.*s'?",
		it->titles[0], (int)m->written_len, m->written, m->checked ? 'x' : ' ',
		(int)m->len, m->text) < 0 ? HANDOFF_ERROR : 1;
}

struct body_placeholder {
	const struct record *rec;
	size_t base;		/* the section's offset in the text */
	/*
	 * Line and column of the section's start, and of the last match:
	 * each pattern's matches come in order, so positions are counted on
	 * from the last match (from the section's start for the next
	 * pattern), never from the start of the file for every match. Both
	 * are counted only once a placeholder is found: most sections have
	 * none, and then no position is needed (at_base.asked < base).
	 */
	struct text_pos at_base, at;
	const char *title;
	char *pointer;		/* "/body/<title>", made at the first diagnostic */
	struct diag_list *out;
};

static const char *section_pointer(struct body_placeholder *bp)
{
	if (!bp->pointer)
		bp->pointer = handoff__asprintf("/body/%s", bp->title);
	return bp->pointer;
}

/* A placeholder left in a section: a warning where it stands. */
static int warn_placeholder(size_t start, size_t end, void *payload)
{
	struct body_placeholder *bp = payload;
	const char *at = bp->rec->text + bp->base + start;

	if (!section_pointer(bp))
		return HANDOFF_ERROR;
	if (bp->at_base.asked != bp->base) {	/* the section's first match */
		if (bp->base < bp->at_base.asked)	/* sections out of order */
			bp->at_base = (struct text_pos)TEXT_POS_INIT;
		handoff__text_position_at(bp->rec->text, bp->rec->len,
			&bp->at_base, bp->base);
		bp->at = bp->at_base;
	}
	if (bp->base + start < bp->at.asked)
		bp->at = bp->at_base;
	handoff__text_position_at(bp->rec->text, bp->rec->len, &bp->at, bp->base + start);
	return handoff__diag_add(bp->out, HANDOFF_SEVERITY_WARNING, bp->at.line, bp->at.col,
		"placeholder", bp->pointer, "'%.*s' is a placeholder, not content",
		(int)(end - start > 60 ? 60 : end - start), at);
}

static int check_sections(const struct kind *kind, const struct record *rec,
	struct diag_list *out)
{
	struct body_placeholder bp = { rec, 0, TEXT_POS_INIT, TEXT_POS_INIT,
		NULL, NULL, out };
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < kind->nsections; i++) {
		const struct kind_section *ks = &kind->sections[i];
		const struct section *sec = NULL;
		size_t words;
		int from_data;

		for (j = 0; j < rec->nsections && !sec; j++)
			if (handoff__kind_match_title(ks->titles, rec->sections[j].heading,
			    rec->sections[j].heading_len))
				sec = &rec->sections[j];
		bp.title = ks->titles[0];
		/*
		 * What the front matter holds is not asked for again in prose:
		 * no word minimum, the section may go; a placeholder left in it
		 * is still one.
		 */
		from_data = handoff__kind_section_from_data(kind, ks,
			handoff__record_front(rec));
		if (!sec && from_data)
			continue;
		if (!sec) {
			if (!section_pointer(&bp))
				err = HANDOFF_ERROR;
			else if ((err = near_section(ks, rec, bp.pointer, out)) == 0)
				err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
					rec->body_line, 1, "section", bp.pointer,
					"missing section '## %s'", ks->titles[0]);
			err = err > 0 ? 0 : err;
			goto next;
		}
		bp.base = sec->start;
		/* enough words to tell empty, short and long enough apart */
		/* what is in a comment is not content */
		err = handoff__kind_content_words(kind,
			handoff__record_content(rec) + sec->start,
			sec->end - sec->start, ks->min_words ? ks->min_words : 1,
			&words, warn_placeholder, &bp);
		if ((err < 0 && err != HANDOFF_EINVALID) ||	/* out of memory */
		    (err == 0 && ((words && words >= ks->min_words) || from_data)))
			goto next;
		if (!section_pointer(&bp))
			err = HANDOFF_ERROR;
		else if (err == HANDOFF_EINVALID)
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				sec->line, sec->col,
				"pattern-limit", bp.pointer, "%s",
				handoff_error_last()->message);
		else if (words == 0)
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				sec->line, sec->col,
				"section", bp.pointer,
				"section '%s' is empty or only placeholders (needs %u words)",
				ks->titles[0], ks->min_words);
		else if (words < ks->min_words)
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				sec->line, sec->col,
				"section", bp.pointer,
				"section '%s' has %zu words, needs at least %u",
				ks->titles[0], words, ks->min_words);
next:
		free(bp.pointer);
		bp.pointer = NULL;
	}
	return err;
}

static int check_checklist(const struct kind *kind, const struct record *rec,
	struct diag_list *out)
{
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < kind->nitems; i++) {
		const struct kind_item *it = &kind->items[i];
		const struct task *task = NULL;
		char *pointer;

		for (j = 0; j < rec->ntasks && !task; j++)
			if (handoff__kind_match_title(it->titles, rec->tasks[j].text,
			    handoff__kind_item_text_length(rec->tasks[j].text,
				rec->tasks[j].len)))
				task = &rec->tasks[j];
		if (task && (task->checked || !it->must_tick))
			continue;
		if (!(pointer = handoff__asprintf("/checklist/%s", it->titles[0])))
			return HANDOFF_ERROR;
		if (!task && (err = near_item(it, rec, pointer, out)) == 0)
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				rec->body_line, 1,
				"checklist", pointer, "missing checklist item '- [ ] %s'",
				it->titles[0]);
		else if (!task)
			err = err > 0 ? 0 : err;
		else	/* there, but not ticked */
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, task->line,
				task->col, "checklist", pointer,
				"'%s' must be ticked before the handoff", it->titles[0]);
		free(pointer);
	}
	return err;
}

static int check_roles(const struct kind *kind, const struct config *cfg,
	const struct node *root, struct diag_list *out)
{
	size_t i, j;
	int err = 0;

	if (!cfg->has_people || !root)
		return 0;
	for (i = 0; !err && i < kind->nroles; i++) {
		const struct kind_role_rule *rule = &kind->roles[i];
		const struct node *v = handoff__node_at(root, rule->pointer);
		const struct person *p;
		handoff_buf roles = HANDOFF_BUF_INIT;

		if (!v || v->type != NODE_STRING)
			continue;
		p = handoff__config_person(cfg, v->str);
		for (j = 0; j < rule->nroles; j++)
			if (handoff__person_has_role(p, rule->roles[j]))
				break;
		if (j < rule->nroles)
			continue;
		for (j = 0; !err && j < rule->nroles; j++)
			err = handoff__buf_printf(&roles, "%s%s",
				j == 0 ? "" : j + 1 == rule->nroles ? " or " : ", ",
				rule->roles[j]);
		if (!err)
			err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
				v->line, v->col,
				"role", rule->pointer, "'%s' is not %s in %s", v->str,
				p ? roles.ptr : "anyone", p ? CONFIG_PATH :
				CONFIG_PATH "'s people");
		handoff_buf_dispose(&roles);
	}
	return err;
}

/* The per-file state of a run. */
struct run {
	struct source src;
	handoff_report *report;
	int schema_broken;
	/* ids seen, for the repository-wide rule */
	struct seen_id {
		char *id, *path;
		unsigned int line, col;
		size_t file;	/* its file's place in the report */
	} *ids;
	size_t nids, ids_alloc;
};

static int remember_id(struct run *run, const char *id, const char *path,
	unsigned int line, unsigned int col)
{
	struct seen_id *v;

	if (handoff__array_grow((void **)&run->ids, &run->ids_alloc, run->nids + 1,
	    sizeof(*v)) < 0)
		return HANDOFF_ERROR;
	v = run->ids;
	v[run->nids].file = run->report->n;	/* the file added next */
	v[run->nids].id = handoff__strdup(id);
	v[run->nids].path = handoff__strdup(path);
	if (!v[run->nids].id || !v[run->nids].path) {
		free(v[run->nids].id);
		free(v[run->nids].path);
		return HANDOFF_ERROR;
	}
	v[run->nids].line = line;
	v[run->nids].col = col;
	run->nids++;
	return 0;
}

/*
 * Whether the record is complete: submitted (or decided, or of a kind
 * with no states) and valid, cheapest checks first, stopping at the
 * first that finds an error: what the history asks of every version.
 */
int handoff__validate_record_ok(struct source *src, struct record *rec, int *ok)
{
	struct diag_list d = DIAG_LIST_INIT;
	const struct node *kn = handoff__node_get(handoff__record_front(rec), "kind");
	struct kind *kind = NULL;
	int err = 0, step;

	*ok = 0;
	d.max = DIAG_MAX_PER_RECORD;	/* only the verdict is read: no flood written */
	if (handoff__diag_list_errors(&rec->diags) || !rec->front || !kn || kn->type != NODE_STRING)
		return 0;
	if ((err = handoff__source_kind(&kind, src, kn->str)) < 0 || !kind)
		return err == HANDOFF_ESCHEMA ? 0 : err;
	/* a draft is not complete, however full: it is not handed off yet */
	if (handoff__kind_record_state(kind, handoff__record_front(rec)) == KIND_STATE_DRAFT)
		return 0;
	for (step = -1; !err && !handoff__diag_list_errors(&d) && step < 4; step++) {
		if (step == -1)
			err = handoff__record_front_hazards(&d, rec);
		else if (step == 0 && !rec->is_yaml)
			err = check_checklist(kind, rec, &d);
		else if (step == 1 && !rec->is_yaml)
			err = check_sections(kind, rec, &d);
		else if (step == 2)
			err = check_roles(kind, src->config,
				handoff__record_front(rec), &d);
		else if (step == 3)
			err = check_front(kind, rec, &d);
	}
	*ok = !err && !handoff__diag_list_errors(&d);
	handoff__diag_list_release(&d);
	return err;
}

static int judge_whole(struct diag_list *out, struct source *src,
	struct record *rec);

/*
 * A kind not known: when it is a known one written with curly quotes or
 * an invisible character, say so and name it.
 */
static int unknown_kind(struct diag_list *out, struct source *src,
	const struct node *kn)
{
	struct kind *kind = NULL;
	const char *what;
	char clean[128];
	int err;

	handoff__record_clean_name(clean, sizeof(clean), kn->str, &what);
	if (!what || !*clean || kn->len >= sizeof(clean))
		return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, kn->line, kn->col,
			"kind", "/kind", "unknown kind '%s'", kn->str);
	if ((err = handoff__source_kind(&kind, src, clean)) < 0 && err != HANDOFF_ESCHEMA)
		return err;
	if (!kind)
		return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, kn->line, kn->col,
			"kind", "/kind", "unknown kind '%s' at %u:%u: it is written with %s",
			kn->str, kn->line, kn->col, what);
	return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, kn->line, kn->col, "kind",
		"/kind", "unknown kind '%s' at %u:%u: it is written with %s; "
		"did you mean '%s'?", kn->str, kn->line, kn->col, what, clean);
}

/*
 * What a draft may lack: the problems of a record not finished yet. A
 * required field missing (`required`, `dependentRequired`), a placeholder,
 * an empty string or list (`minLength`, `minItems`, `minContains`,
 * `minProperties`), a section missing, empty or short, a checklist item
 * missing or not ticked. They are warnings while the record is a draft
 * and errors once it is submitted. Everything else is structural and
 * blocks a draft too: a record that cannot be read, a value of the wrong
 * type or not one the kind allows (`type`, `enum`, `const`, `pattern`,
 * `format`, a property not allowed), an unknown kind, a person without
 * the role, an id used twice, a record outside the records folders. This
 * is the one place that decides: validate, the pre-commit hook, validate
 * --range, the pre-receive hook and the editor all judge through it.
 */
int handoff__validate_is_completeness(const char *code)
{
	static const char *const codes[] = { "required", "dependentRequired",
		"placeholder", "minLength", "minItems", "minContains",
		"minProperties", "section", "checklist" };
	size_t i;

	for (i = 0; code && i < ARRAY_SIZE(codes); i++)
		if (!strcmp(code, codes[i]))
			return 1;
	return 0;
}

enum kind_state handoff__validate_record_state(struct source *src,
	const struct record *rec)
{
	const char *name = handoff__node_get_str(handoff__record_front(rec), "kind");
	struct kind *kind = NULL;

	if (!name || handoff__source_kind(&kind, src, name) < 0 || !kind)
		return KIND_STATE_NONE;
	return handoff__kind_record_state(kind, handoff__record_front(rec));
}

/*
 * `by_state`: judge a draft as a draft (its completeness problems are
 * warnings); else judge it whole, as it must be to be submitted.
 */
static int judge(struct diag_list *out, struct source *src,
	struct record *rec, int by_state)
{
	int (*demote)(const char *) = out->demote;
	int err;

	if (by_state) {
		const char *name = handoff__node_get_str(handoff__record_front(rec), "kind");
		struct kind *kind = NULL;

		/* read before the checks, which blank the placeholders out */
		if (name && (err = handoff__source_kind(&kind, src, name)) < 0 &&
		    err != HANDOFF_ESCHEMA)
			return err;
		if (kind && handoff__kind_record_state(kind, handoff__record_front(rec)) ==
		    KIND_STATE_DRAFT)
			out->demote = handoff__validate_is_completeness;
	}
	err = judge_whole(out, src, rec);
	out->demote = demote;
	return err;
}

int handoff__validate_record(struct diag_list *out, struct source *src,
	struct record *rec)
{
	return judge(out, src, rec, 1);
}

int handoff__validate_record_complete(struct diag_list *out, struct source *src,
	struct record *rec)
{
	return judge(out, src, rec, 0);
}

static int judge_whole(struct diag_list *out, struct source *src,
	struct record *rec)
{
	const struct node *root = handoff__record_front(rec), *kn;
	struct kind *kind = NULL;
	int err;

	if (!out->max)	/* a flood of placeholders is counted, not written */
		out->max = DIAG_MAX_PER_RECORD;
	if (handoff__diag_list_errors(&rec->diags) || !rec->front)
		return 0;
	kn = handoff__node_get(root, "kind");
	if (!kn || kn->type != NODE_STRING)
		return handoff__diag_add(out, HANDOFF_SEVERITY_ERROR,
			kn ? kn->line : root ? root->line : 1, kn ? kn->col : 1,
			"kind", "/kind",
			"missing 'kind': say which kind of record this is (e.g. kind: deal-handoff)");
	if ((err = handoff__record_front_hazards(out, rec)) < 0 ||
	    (err = handoff__source_kind(&kind, src, kn->str)) < 0)
		return err;
	if (!kind)
		return unknown_kind(out, src, kn);
	if ((err = check_front(kind, rec, out)) < 0)
		return err;
	if (!rec->is_yaml && ((err = check_sections(kind, rec, out)) < 0 ||
	    (err = check_checklist(kind, rec, out)) < 0))
		return err;
	return check_roles(kind, src->config, handoff__record_front(rec), out);
}


/* Records folders as a list: "handoffs/, transitions/, support/". */
static int records_folders(handoff_buf *b, const struct config *cfg)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cfg->nrecords; i++)
		err = handoff__buf_printf(b, "%s%s", i ? ", " : "", cfg->records[i]);
	return err;
}

int handoff__validate_stray(struct diag_list *out, struct source *src, const char *path,
	const char *data, size_t len)
{
	const char *ext = handoff__record_extension(path), *base = strrchr(path, '/');
	handoff_buf folders = HANDOFF_BUF_INIT;
	struct kind *kind = NULL;
	char name[128], *lower = NULL;
	const char *folder;
	unsigned int line, col;
	size_t i;
	int err;

	if (!ext || !src->config || !handoff__record_peek(data, len,
	    strcasecmp(ext, ".yaml") && strcasecmp(ext, ".yml"), "kind", name,
	    sizeof(name), &line, &col))
		return 0;
	if ((err = handoff__source_kind(&kind, src, name)) < 0 || !kind)
		return err == HANDOFF_ESCHEMA ? 0 : err;
	base = base ? base + 1 : path;
	/* the kind's own folder when it is a records folder, else the first */
	folder = src->config->nrecords ? src->config->records[0] : "";
	for (i = 0; kind->folder && i < src->config->nrecords; i++)
		if (!strncmp(kind->folder, src->config->records[i],
		    strlen(src->config->records[i])))
			folder = kind->folder;
	if (!(lower = handoff__strdup(base)))
		return HANDOFF_ERROR;
	for (i = (size_t)(ext - base); lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	if (handoff__config_is_record_path(src->config, path))
		err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, line, col,
			"misplaced", "",
			"a %s record named '%s', which is never read as a record: "
			"rename it to %.*s%s", name, ext, (int)(base - path), path, lower);
	else if ((err = records_folders(&folders, src->config)) == 0)
		err = handoff__diag_add(out, HANDOFF_SEVERITY_ERROR, line, col,
			"misplaced", "",
			"a %s record outside the records folders (%s): move it to %s%s",
			name, folders.ptr, folder, strcmp(ext, lower + (ext - base)) ?
			lower : "");
	handoff_buf_dispose(&folders);
	free(lower);
	return err < 0 ? err : 1;
}

/* What checking one file found, kept until the files before it are reported. */
struct outcome {
	struct diag_list diags;
	char *kind, *id;
	const char *state;	/* static; NULL when the kind has no states */
	unsigned int id_line, id_col;
	int schema_broken;
};

/*
 * `named`: a path the user named, read from the work tree as named (from
 * the current folder, in the repository or not).
 */
static int check_path(struct source *src, const char *path, int named,
	struct outcome *o)
{
	struct record *rec = NULL;
	char *data = NULL;
	const char *why = NULL;
	const struct node *idn;
	size_t len;
	int err;

	o->diags.max = DIAG_MAX_PER_RECORD;
	err = named ? handoff__source_read_disk(path, &data, &len, &why) :
		handoff__source_read(src, path, &data, &len, &why);
	if (err == HANDOFF_EINVALID) {
		err = handoff__diag_add(&o->diags, HANDOFF_SEVERITY_ERROR, 0, 0,
			"not-a-record",
			"", "%s", why);
	} else if (err == HANDOFF_ENOTFOUND) {
		err = handoff__diag_add(&o->diags, HANDOFF_SEVERITY_ERROR, 0, 0,
			"not-found",
			"", "%s", handoff_error_last()->message);
	} else if (err == 0 && (err = handoff__record_parse(&rec, path, data, len, NULL)) == 0) {
		enum kind_state st = handoff__validate_record_state(src, rec);

		if (st != KIND_STATE_NONE)
			o->state = handoff__kind_state_name(st);
		idn = handoff__node_get(handoff__record_front(rec), "id");
		err = handoff__validate_record(&o->diags, src, rec);
		if (err == HANDOFF_ESCHEMA) {
			o->schema_broken = 1;
			err = 0;
		} else if (err == 0 && idn && idn->type == NODE_STRING) {
			o->id_line = idn->line;
			o->id_col = idn->col;
		}
		if (!err)
			err = handoff__diag_list_move(&o->diags, &rec->diags);
		if (!err && handoff__record_front(rec)) {
			const char *kind = handoff__node_get_str(handoff__record_front(rec), "kind");
			const char *id = handoff__node_get_str(handoff__record_front(rec), "id");

			if ((kind && !(o->kind = handoff__strdup(kind))) ||
			    (id && !(o->id = handoff__strdup(id))))
				err = HANDOFF_ERROR;
		}
	}
	handoff__record_free(rec);
	free(data);
	return err;
}

static void outcome_release(struct outcome *o)
{
	handoff__diag_list_release(&o->diags);
	free(o->kind);
	free(o->id);
}

/* Into the report, in the order the files were named. */
static int report_outcome(struct run *run, const char *path, const char *shown,
	struct outcome *o)
{
	int err;

	run->schema_broken |= o->schema_broken;
	if (o->id_line && o->id &&
	    (err = remember_id(run, o->id, path, o->id_line, o->id_col)) < 0)
		return err;
	if ((err = handoff__report_add(run->report, shown, o->kind, o->id, &o->diags)) == 0)
		run->report->files[run->report->n - 1].state = o->state;
	return err;
}

/* Many files are checked on every processor: each file on its own, kinds compiled once. */
struct checks {
	struct run *run;
	char **paths;
	int named;
	struct outcome *out;
};

static int check_one(size_t i, void *unused, void *payload)
{
	struct checks *c = payload;

	(void)unused;
	return check_path(&c->run->src, c->paths[i], c->named, &c->out[i]);
}

static int check_all(struct run *run, char **paths, char **shown, size_t count,
	int named)
{
	static const struct pool_ops ops = { check_one, NULL, NULL };
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct checks c = { run, paths, named, NULL };
	size_t i;
	int err;

	if (!(c.out = calloc(count ? count : 1, sizeof(*c.out))))
		return handoff__error_oom();
	if (!run->src.lock)	/* else another thread shares the source already */
		run->src.lock = &lock;
	err = handoff__pool_run(count, 8, &ops, &c);
	if (run->src.lock == &lock)
		run->src.lock = NULL;
	for (i = 0; !err && i < count; i++)
		err = report_outcome(run, paths[i], shown ? shown[i] : paths[i], &c.out[i]);
	for (i = 0; i < count; i++)
		outcome_release(&c.out[i]);
	free(c.out);
	return err;
}

/* The index of a seen id, ordered by id, then by when it was seen. */
static const struct seen_id *sort_ids_base;

static int by_id(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_ids_base[x].id, sort_ids_base[y].id);

	return c ? c : (x > y) - (x < y);
}

/*
 * Seen id order[at] is also used by the others of order[begin..end): an
 * error on its file naming each, past the cap only counted, so that a
 * thousand copies of a record cost a thousand times the cap, not a
 * million messages.
 */
static int duplicates(struct run *run, const size_t *order, size_t begin,
	size_t end, size_t at)
{
	const struct seen_id *me = &run->ids[order[at]];
	handoff_file_result *f = &run->report->files[me->file];
	struct diag_list l = DIAG_LIST_INIT;
	size_t k, added = 0;
	int err = 0;

	l.v = f->diagnostics;
	l.n = l.alloc = f->count;
	l.max = DIAG_MAX_PER_RECORD;
	l.omitted = f->omitted;
	l.omitted_errors = f->omitted_errors;
	for (k = begin; !err && k < end; k++) {
		if (k == at)
			continue;
		if (handoff__diag_run_full(&l, &added, end - k - (at > k)))
			break;
		err = handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, me->line, me->col,
			"duplicate-id", "/id", "id '%s' is also used by %s", me->id,
			run->ids[order[k]].path);
	}
	handoff__diag_list_sort(&l);
	f->diagnostics = l.v;
	f->count = l.n;
	f->omitted = l.omitted;
	f->omitted_errors = l.omitted_errors;
	return err;
}

/* Two records with one id: an error on each, naming the other. */
static int check_ids(struct run *run)
{
	size_t *order, i, j, end;
	int err = 0;

	if (run->nids < 2)
		return 0;
	if (!(order = malloc(run->nids * sizeof(*order))))
		return handoff__error_oom();
	for (i = 0; i < run->nids; i++)
		order[i] = i;
	sort_ids_base = run->ids;
	qsort(order, run->nids, sizeof(*order), by_id);
	for (i = 0; !err && i < run->nids; i = end) {
		for (end = i + 1; end < run->nids &&
		    !strcmp(run->ids[order[i]].id, run->ids[order[end]].id); end++)
			;
		for (j = i; !err && end - i > 1 && j < end; j++)
			err = duplicates(run, order, i, end, j);
	}
	free(order);
	return err;
}

/* Records whose blob differs between two trees (or a tree and the index). */
static int changed_paths(struct run *run, git_diff *diff, char ***paths,
	size_t *count)
{
	size_t i, n = git_diff_num_deltas(diff), k = 0;
	char **v = calloc(n ? n : 1, sizeof(*v));

	if (!v)
		return handoff__error_oom();
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->new_file.path;

		const git_index_entry *e = run->src.index ?
			git_index_get_bypath(run->src.index, p, 0) : NULL;

		/* `git add -N` stages no content, and git commits none */
		if (d->status == GIT_DELTA_DELETED ||
		    !handoff__config_is_record_path(run->src.config, p) ||
		    !handoff__record_path_is_record(p) ||
		    (e && (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD)))
			continue;
		if (!(v[k] = handoff__strdup(p))) {
			handoff__free_strings(v, k);
			return HANDOFF_ERROR;
		}
		k++;
	}
	*paths = v;
	*count = k;
	return 0;
}

static int head_tree(git_tree **out, git_repository *git)
{
	git_object *obj = NULL;
	int err = git_revparse_single(&obj, git, "HEAD^{tree}");

	*out = NULL;
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH)
		return 0;	/* no commit yet: everything staged is new */
	if (err < 0)
		return handoff__error_from_git(err);
	*out = (git_tree *)obj;
	return 0;
}

/* The records whose staged blob differs from HEAD. */
static int list_changed(struct run *run, char ***paths, size_t *count)
{
	git_repository *git = run->src.repo->git;
	git_diff *diff = NULL;
	git_tree *base = NULL;
	int err;

	if ((err = head_tree(&base, git)) == 0 &&
	    (err = git_diff_tree_to_index(&diff, git, base, run->src.index, NULL)) < 0)
		err = handoff__error_from_git(err);
	if (err == 0)
		err = changed_paths(run, diff, paths, count);
	git_tree_free(base);
	git_diff_free(diff);
	return err;
}

static int gather(struct run *run, const handoff_validate_options *opts,
	char ***paths, char ***shown, size_t *count)
{
	size_t i;
	int err;

	*shown = NULL;
	if (opts->source == HANDOFF_SOURCE_INDEX && opts->changed_only) {
		char **all = NULL;
		size_t n = 0, k = 0;

		if ((err = list_changed(run, &all, &n)) < 0 || !opts->npaths) {
			*paths = all;
			*count = n;
			return err;
		}
		/* named paths, narrowed to the changed ones */
		*paths = calloc(opts->npaths + 1, sizeof(char *));
		for (i = 0; *paths && i < opts->npaths; i++) {
			char *rel = handoff__repo_relative_path(run->src.repo,
				opts->paths[i]);
			size_t j;

			for (j = 0; rel && j < n; j++)
				if (!strcmp(rel, all[j]))
					break;
			if (rel && j < n)
				(*paths)[k++] = rel;
			else
				free(rel);
		}
		handoff__free_strings(all, n);
		*count = k;
		return *paths ? 0 : handoff__error_oom();
	}
	if (!opts->npaths)
		return handoff__source_list(&run->src, paths, count);
	if (!(*paths = calloc(opts->npaths, sizeof(char *))) ||
	    !(*shown = calloc(opts->npaths, sizeof(char *))))
		return handoff__error_oom();
	*count = opts->npaths;
	for (i = 0; i < opts->npaths; i++) {
		const char *p = opts->paths[i];

		/* on disk a named path is read as named, in or out of the repo */
		if (opts->source == HANDOFF_SOURCE_WORKTREE)
			(*paths)[i] = handoff__strdup(p);
		else if (!((*paths)[i] = handoff__repo_relative_path(run->src.repo, p))) {
			handoff__error_set(HANDOFF_ERROR_GIT,
				"'%s' is outside the repository", p);
			return HANDOFF_ENOTFOUND;
		}
		if (!((*shown)[i] = handoff__strdup(p)) || !(*paths)[i])
			return HANDOFF_ERROR;
	}
	return 0;
}

/* The stray records among `paths`: each an error in the report. */
static int check_strays(struct run *run, char *const *paths, size_t count)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < count; i++) {
		struct diag_list d = DIAG_LIST_INIT;
		const char *why;
		char *data = NULL;
		size_t len = 0;

		err = handoff__source_read(&run->src, paths[i], &data, &len, &why);
		if (err == HANDOFF_EINVALID || err == HANDOFF_ENOTFOUND)
			err = 0;	/* not text, too large, gone: not a record */
		else if (err == 0 && (err = handoff__validate_stray(&d, &run->src, paths[i],
		    data, len)) > 0)
			err = handoff__report_add(run->report, paths[i], NULL, NULL, &d);
		handoff__diag_list_release(&d);
		free(data);
	}
	return err;
}

static int report_schema(struct run *run)
{
	return handoff__report_add(run->report, run->src.schema_path ?
		run->src.schema_path : "schema", NULL, NULL, &run->src.schema_diags);
}

int handoff__validate_files(handoff_report **out, handoff_repo *repo,
	const handoff_validate_options *opts)
{
	struct run run;
	char **paths = NULL, **shown = NULL;
	size_t i, count = 0;
	int err;

	*out = NULL;
	memset(&run, 0, sizeof(run));
	if ((err = handoff__report_new(&run.report)) < 0)
		return err;
	err = handoff__source_open(&run.src, repo, opts->source, opts->rev);
	if (err == HANDOFF_ESCHEMA) {
		if ((err = report_schema(&run)) == 0)
			err = HANDOFF_ESCHEMA;
		goto done;
	}
	if (err < 0 || (err = gather(&run, opts, &paths, &shown, &count)) < 0)
		goto done;
	err = check_all(&run, paths, shown, count,
		shown && opts->source == HANDOFF_SOURCE_WORKTREE);
	if (!err && !opts->npaths && !opts->changed_only)
		err = check_ids(&run);
	if (!err && !opts->npaths && !opts->changed_only) {
		char **strays = NULL;
		size_t nstrays = 0;

		if ((err = handoff__source_list_strays(&run.src, &strays, &nstrays)) == 0)
			err = check_strays(&run, strays, nstrays);
		handoff__free_strings(strays, nstrays);
	}
	if (!err && run.schema_broken && (err = report_schema(&run)) == 0)
		err = HANDOFF_ESCHEMA;
done:
	handoff__free_strings(paths, count);
	handoff__free_strings(shown, count);
	for (i = 0; i < run.nids; i++) {
		free(run.ids[i].id);
		free(run.ids[i].path);
	}
	free(run.ids);
	handoff__source_release(&run.src);
	if (err < 0 && err != HANDOFF_ESCHEMA) {
		handoff_report_free(run.report);
		return err;
	}
	*out = run.report;
	return err;
}

/* A path as the framework names it ("./handoffs/a.md") against the index's. */
static int same_path(const char *named, const char *path)
{
	while (named[0] == '.' && named[1] == '/')
		named += 2;
	return !strcmp(named, path);
}

/* A staged record whose id another record of the index has: an error on its file. */
static int staged_clash(const struct id_clash *c, void *payload)
{
	struct run *run = payload;
	handoff_file_result *f = NULL;
	struct diag_list l = DIAG_LIST_INIT;
	size_t k;
	int err;

	for (k = 0; k < run->report->n && !f; k++)
		if (!strcmp(run->report->files[k].path, c->path))
			f = &run->report->files[k];
	if (!f) {
		if ((err = handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, c->line, c->col,
		    "duplicate-id", "/id", "'%s' is also the id of %s; one id, one record",
		    c->id, c->other)) < 0)
			return err;
		err = handoff__report_add(run->report, c->path, NULL, c->id, &l);
		handoff__diag_list_release(&l);
		return err;
	}
	l.v = f->diagnostics;
	l.n = l.alloc = f->count;
	l.max = DIAG_MAX_PER_RECORD;
	l.omitted = f->omitted;
	l.omitted_errors = f->omitted_errors;
	err = handoff__diag_add(&l, HANDOFF_SEVERITY_ERROR, c->line, c->col,
		"duplicate-id", "/id",
		"'%s' is also the id of %s; one id, one record", c->id, c->other);
	handoff__diag_list_sort(&l);
	f->diagnostics = l.v;
	f->count = l.n;
	f->omitted = l.omitted;
	f->omitted_errors = l.omitted_errors;
	return err;
}

/* A blob of the commit being made, as a record; NULL when there is none. */
static int staged_record(struct record **out, struct staged *st, const char *name,
	const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	if ((err = handoff__staged_read(st, name, &data, &len)) == 0)
		err = len > 1024 * 1024 ? HANDOFF_ERROR : handoff__record_parse(out, path, data, len, NULL);
	free(data);
	return err;
}

/*
 * Whether commit-msg would ask for a Handoff-Reason because of change c
 * (handoff_check_message's judgement: a material change of a record
 * accepted in HEAD, a date that starts a clock moved, a tick only some
 * roles may make, a decision whose committer's role it warns of); 1 as well
 * whenever that cannot be told for sure.
 */
static int needs_reason(struct run *run, struct staged *st, const struct staged_change *c)
{
	struct change_list cl = CHANGE_LIST_INIT;
	struct record *old = NULL, *rec = NULL;
	struct kind *kind = NULL;
	const struct node *at;
	const char *name, *acceptance;
	size_t i;
	int material = 1;

	if (c->unmerged)
		return 1;
	if (strspn(c->old_id, "0") == strlen(c->old_id))
		return 0;		/* new in this commit */
	/* HEAD's blob by the id the diff named: no walk down HEAD's trees */
	if (staged_record(&old, st, c->old_id, c->path) < 0 ||
	    (!c->deleted && staged_record(&rec, st, c->id, c->path) < 0))
		goto done;
	name = handoff__node_get_str(handoff__record_front(old), "kind");
	if (name && handoff__source_kind(&kind, &run->src, name) < 0)
		kind = NULL;
	/* a clock moved, a tick or a decision only some may make: commit-msg judges */
	if ((kind && rec && (handoff__clock_moved(kind, old, rec, &at) ||
	    handoff__claims_new_tick(kind, old,
		rec))) || handoff__record_decision_changed(old, rec))
		goto done;
	if (!(acceptance = handoff__record_acceptance(old)) || strcmp(acceptance, "accepted")) {
		material = 0;
		goto done;
	}
	if (handoff__semdiff(&cl, kind, old, rec, SEMDIFF_MATERIAL) < 0)
		goto done;
	for (i = 0, material = 0; !material && i < cl.n; i++)
		material = cl.v[i].material;
done:
	handoff__change_list_release(&cl);
	handoff__record_free(old);
	handoff__record_free(rec);
	return material;
}

/*
 * Whether a change of the commit needs a reason (needs_reason): worked
 * out for the verdict beside the check of the records, on a thread of
 * its own when there are two processors, since it reads and parses the
 * HEAD version of each changed record, which the check does not.
 */
struct reasons {
	struct run *run;
	struct staged *st;
	const struct staged_change *c;
	size_t n;
	int any;		/* a change needs a reason, or a rules file changed */
	int found;		/* `any` is known */
	pthread_t thread;
	int started;
};

static void *find_reasons(void *payload)
{
	struct reasons *r = payload;
	size_t i;

	for (i = 0; !r->any && i < r->n; i++)
		r->any = handoff__claims_rules_path(r->c[i].path) ||
			(handoff__config_is_record_path(r->run->src.config, r->c[i].path) &&
			handoff__record_path_is_record(r->c[i].path) &&
			needs_reason(r->run, r->st, &r->c[i]));
	r->found = 1;
	return NULL;
}

static void *find_reasons_thread(void *payload)
{
	find_reasons(payload);
	handoff__regex_thread_release();
	handoff__doc_thread_release();
	return NULL;
}

/* Started beside the check, sharing the source under `lock`; 0: found after it. */
static int reasons_start(struct reasons *r, pthread_mutex_t *lock)
{
	if (handoff__pool_processors() < 2)
		return 0;
	r->run->src.lock = lock;
	if (pthread_create(&r->thread, NULL, find_reasons_thread, r) != 0) {
		r->run->src.lock = NULL;
		return 0;
	}
	return r->started = 1;
}

/*
 * Whether the verdict is clear: `checked`, the check passed, and no
 * change needs a reason. The thread, if any, is joined in any case.
 */
static int reasons_clear(struct reasons *r, int checked)
{
	if (r->started) {
		pthread_join(r->thread, NULL);
		r->run->src.lock = NULL;
		r->started = 0;
	}
	if (!checked)
		return 0;
	if (!r->found)
		find_reasons(r);
	return !r->any;
}

/* listed_fd: the hook shell's git diff, or -1; git: the verdict's git (0: parent) */
static int validate_commit(handoff_report **out, const char *const *paths,
	size_t npaths, int listed_fd, long git)
{
	const char *index = handoff__env()->git_index_file;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	const struct staged_change *c;
	struct staged *st = NULL;
	struct reasons reasons;
	struct stat sb;
	struct run run;
	struct verdict v;
	char **list = NULL, **strays = NULL;
	size_t i, j, n = 0, count = 0, nstrays = 0;
	int err, clear = 0;

	*out = NULL;
	memset(&run, 0, sizeof(run));
	memset(&reasons, 0, sizeof(reasons));
	memset(&v, 0, sizeof(v));
	if ((err = handoff__report_new(&run.report)) < 0)
		goto done;
	/* the verdict's key (this commit's git process); none when named paths narrow the check */
	if (npaths || handoff__verdict_begin(&v, git) < 0)
		memset(&v, 0, sizeof(v));
	/* git takes a missing index for an empty one: nothing staged, a pass */
	if (index && *index && stat(index, &sb) < 0) {
		err = handoff__error_os("read the index named by GIT_INDEX_FILE", index);
		err = HANDOFF_ERROR;
		goto done;
	}
	err = handoff__staged_open_listed(&st, listed_fd);
	listed_fd = -1;		/* the staged set's now, or closed */
	if (err < 0)
		goto done;
	err = handoff__source_open_staged(&run.src, st, handoff__staged_diffing);
	if (err == HANDOFF_ESCHEMA) {
		if ((err = report_schema(&run)) == 0)
			err = HANDOFF_ESCHEMA;
		goto done;
	}
	c = handoff__staged_changes(st, &n);
	if (err < 0 || !(list = calloc(n ? n : 1, sizeof(*list))) ||
	    !(strays = calloc(n ? n : 1, sizeof(*strays)))) {
		err = err < 0 ? err : handoff__error_oom();
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (c[i].deleted || c[i].unmerged || (c[i].mode & 0170000) != 0100000 ||
		    !handoff__stray_candidate(run.src.config, c[i].path))
			continue;
		for (j = 0; j < npaths && !same_path(paths[j], c[i].path); j++)
			;
		if (!npaths || j < npaths)
			strays[nstrays++] = c[i].path;	/* borrowed from st */
	}
	for (i = 0; i < n; i++) {
		if (c[i].deleted || !handoff__config_is_record_path(run.src.config, c[i].path) ||
		    !handoff__record_path_is_record(c[i].path))
			continue;
		for (j = 0; j < npaths && !same_path(paths[j], c[i].path); j++)
			;
		if (npaths && j == npaths)
			continue;
		list[count++] = c[i].path;	/* borrowed from st */
	}
	reasons.run = &run;
	reasons.st = st;
	reasons.c = c;
	reasons.n = n;
	if (v.key.size)		/* a verdict to leave */
		reasons_start(&reasons, &lock);
	err = check_all(&run, list, NULL, count, 0);
	if (!err)
		err = check_strays(&run, strays, nstrays);
	if (!err && count)
		err = handoff__ids_check_staged(st, run.src.config, list, count,
			staged_clash, &run);
	if (!err && run.schema_broken && (err = report_schema(&run)) == 0)
		err = HANDOFF_ESCHEMA;
	/* what commit-msg would find, unless this commit stops here */
	clear = reasons_clear(&reasons, v.key.size && !err && handoff_report_ok(run.report));
done:
	if (listed_fd >= 0)
		close(listed_fd);
	handoff__verdict_end(&v, clear);
	free(list);
	free(strays);
	for (i = 0; i < run.nids; i++) {
		free(run.ids[i].id);
		free(run.ids[i].path);
	}
	free(run.ids);
	handoff__source_release(&run.src);
	handoff__staged_free(st);
	if (err < 0 && err != HANDOFF_ESCHEMA) {
		handoff_report_free(run.report);
		return err;
	}
	*out = run.report;
	return err;
}

int handoff_validate_commit(handoff_report **out, const char *const *paths,
	size_t npaths)
{
	return validate_commit(out, paths, npaths, -1, 0);
}

int handoff_validate_listed(handoff_report **out, int listed_fd, long git)
{
	return validate_commit(out, NULL, 0, listed_fd, git);
}
