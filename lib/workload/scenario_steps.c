// SPDX-License-Identifier: GPL-2.0-only
/*
 * The step language of scenario files (docs/scenarios.md): one step per
 * line, "[GUARD:] VERB ARGS...", where ARGS are NAME words, key=value
 * pairs and flags; "loop N" ... "end" repeat the lines between them; "#"
 * starts a comment; "..." quotes text with spaces.  Every line is read
 * and checked when the scenario loads, so that a run meets no syntax:
 * each error names the file, the line and what was expected.  The names
 * a step refers to (areas, devices, allocations) exist only while the
 * scenario runs, so scenario_run.c checks those.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include <cmasim/cmasim.h>

#include "core/profile.h"
#include "core/trace.h"
#include "workload/scenario.h"

/* Loops nest at most this deep. */
#define MAX_LOOP_DEPTH 8
/* A loop repeats at most this many times. */
#define MAX_LOOP_COUNT 100000

static const char *const verb_names[SC_NR_VERBS] = {
	[SC_ALLOC] = "alloc", [SC_FREE] = "free", [SC_PIN] = "pin",
	[SC_UNPIN] = "unpin", [SC_CACHE] = "cache", [SC_RANDOM] = "random",
	[SC_FRAGMENT] = "fragment", [SC_CMA_ALLOC] = "cma_alloc",
	[SC_CMA_RELEASE] = "cma_release", [SC_DEVICE] = "device",
	[SC_DMA_ALLOC] = "dma_alloc", [SC_DMA_FREE] = "dma_free",
	[SC_DRAIN] = "drain", [SC_MIGRATE_FAILURE] = "migrate_failure",
	[SC_SYSCTL] = "sysctl",
	[SC_READ] = "read", [SC_WRITE] = "write", [SC_PRINT] = "print",
	[SC_NOTE] = "note", [SC_SNAPSHOT] = "snapshot", [SC_TRACE] = "trace",
	[SC_CHECK] = "check", [SC_EXPECT] = "expect", [SC_LOOP] = "loop",
	[SC_END] = "end",
};

const char *sc_verb_name(enum sc_verb v)
{
	return v < SC_NR_VERBS ? verb_names[v] : "?";
}

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ -EPERM, "-EPERM" }, { -ENOENT, "-ENOENT" }, { -EIO, "-EIO" },
	{ -E2BIG, "-E2BIG" }, { -EAGAIN, "-EAGAIN" }, { -ENOMEM, "-ENOMEM" },
	{ -EACCES, "-EACCES" }, { -EBUSY, "-EBUSY" }, { -EEXIST, "-EEXIST" },
	{ -ENODEV, "-ENODEV" }, { -EISDIR, "-EISDIR" }, { -EINVAL, "-EINVAL" },
	{ -EFBIG, "-EFBIG" }, { -ENOSPC, "-ENOSPC" }, { -EDOM, "-EDOM" },
	{ -ERANGE, "-ERANGE" }, { -EOPNOTSUPP, "-EOPNOTSUPP" },
	{ -EALREADY, "-EALREADY" }, { -EUCLEAN, "-EUCLEAN" },
};

const char *sc_errno_name(int err)
{
	for (unsigned int i = 0; i < G_N_ELEMENTS(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}

bool sc_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	guint64 n;

	if (!g_ascii_isdigit(*s))
		return false;
	errno = 0;
	n = g_ascii_strtoull(s, &end, 0);
	if (*end || errno || n < min || n > max)
		return false;
	*out = n;
	return true;
}

bool sc_parse_s64(const char *s, int64_t *out)
{
	uint64_t u;

	if (*s == '-') {
		if (!sc_parse_u64(s + 1, 0, (uint64_t)G_MAXINT64 + 1, &u))
			return false;
		*out = u == (uint64_t)G_MAXINT64 + 1 ? G_MININT64 : -(int64_t)u;
		return true;
	}
	if (!sc_parse_u64(s, 0, G_MAXINT64, &u))
		return false;
	*out = (int64_t)u;
	return true;
}

void sc_step_free(gpointer p)
{
	struct sc_step *s = p;

	g_free(s->text);
	g_free(s->guard);
	g_free(s->name);
	g_free(s->area);
	g_free(s->dev);
	g_free(s->value);
	g_free(s->gfp_text);
	g_free(s->zone);
	if (s->views)
		g_ptr_array_free(s->views, TRUE);
	g_free(s->ex.arg);
	g_free(s->ex.area);
	g_free(s->ex.zone);
	g_free(s->ex.str);
	g_free(s);
}

/* ---- Words ---- */

/* The line being read: its words and where errors go. */
struct line {
	struct sc_errors *e;
	unsigned int no;
	const char *verb;
	GPtrArray *words;	/* char *, quotes removed */
	GArray *quoted;		/* gboolean per word: it had quotes */
	bool bad;
};

static void err(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void err(struct line *l, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (l->bad)
		return;		/* one error per line: the first */
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (l->verb)
		sc_error(l->e, l->no, "%s: %s", l->verb, msg);
	else
		sc_error(l->e, l->no, "%s", msg);
	g_free(msg);
	l->bad = true;
}

/*
 * Split @text into words: spaces separate them, "..." quotes spaces
 * (\" and \\ inside), a # outside quotes at the start of a word ends the
 * line.  Returns false (an error said why) on an unterminated quote.
 */
static bool split(struct line *l, const char *text)
{
	const char *p = text;

	while (*p) {
		GString *w;
		gboolean quoted = FALSE;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		w = g_string_new(NULL);
		while (*p && *p != ' ' && *p != '\t') {
			if (*p != '"') {
				g_string_append_c(w, *p++);
				continue;
			}
			quoted = TRUE;
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				g_string_append_c(w, *p);
			}
			if (!*p) {
				err(l, "a quote \" is not closed: expected \"TEXT\"");
				g_string_free(w, TRUE);
				return false;
			}
			p++;
		}
		g_ptr_array_add(l->words, g_string_free(w, FALSE));
		g_array_append_val(l->quoted, quoted);
	}
	return true;
}

static const char *word(const struct line *l, guint i)
{
	return i < l->words->len ? g_ptr_array_index(l->words, i) : NULL;
}

static bool word_quoted(const struct line *l, guint i)
{
	return g_array_index(l->quoted, gboolean, i);
}

/* ---- Arguments ---- */

/*
 * The arguments after the verb: words with '=' are key=value pairs, the
 * verb's flags are flags, the rest are positional, in order.
 */
struct args {
	GPtrArray *pos;		/* const char * */
	GPtrArray *keys;	/* const char *: "key", value follows in vals */
	GPtrArray *vals;
	GPtrArray *flags;
	GArray *used;		/* gboolean per key: a parser took it */
};

static void args_init(struct args *a)
{
	a->pos = g_ptr_array_new();
	a->keys = g_ptr_array_new_with_free_func(g_free);
	a->vals = g_ptr_array_new();
	a->flags = g_ptr_array_new();
	a->used = g_array_new(FALSE, TRUE, sizeof(gboolean));
}

static void args_fini(struct args *a)
{
	g_ptr_array_free(a->pos, TRUE);
	g_ptr_array_free(a->keys, TRUE);
	g_ptr_array_free(a->vals, TRUE);
	g_ptr_array_free(a->flags, TRUE);
	g_array_free(a->used, TRUE);
}

static bool in_list(const char *w, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(w, *list))
			return true;
	return false;
}

/* Sort the words from @first on into @a; @flags are the verb's flags. */
static void classify(struct line *l, guint first, const char *const *flags,
		     struct args *a)
{
	for (guint i = first; i < l->words->len; i++) {
		const char *w = word(l, i), *eq = strchr(w, '=');

		if (eq && eq != w && !word_quoted(l, i) && *w != '/') {
			gboolean no = FALSE;

			g_ptr_array_add(a->keys, g_strndup(w, (gsize)(eq - w)));
			g_ptr_array_add(a->vals, (gpointer)(eq + 1));
			g_array_append_val(a->used, no);
		} else if (!word_quoted(l, i) && in_list(w, flags)) {
			g_ptr_array_add(a->flags, (gpointer)w);
		} else {
			g_ptr_array_add(a->pos, (gpointer)w);
		}
	}
}

/* The value of key @k (marked used), or NULL. */
static const char *val(struct args *a, const char *k)
{
	const char *v = NULL;

	for (guint i = 0; i < a->keys->len; i++)
		if (!strcmp(g_ptr_array_index(a->keys, i), k)) {
			v = g_ptr_array_index(a->vals, i);
			g_array_index(a->used, gboolean, i) = TRUE;
		}
	return v;
}

static bool flag(const struct args *a, const char *f)
{
	for (guint i = 0; i < a->flags->len; i++)
		if (!strcmp(g_ptr_array_index(a->flags, i), f))
			return true;
	return false;
}

/* Complain about keys no parser took, naming the ones the verb has. */
static void unused_keys(struct line *l, struct args *a, const char *expected)
{
	for (guint i = 0; i < a->keys->len; i++)
		if (!g_array_index(a->used, gboolean, i)) {
			err(l, "unknown key %s= (expected %s)",
			    (const char *)g_ptr_array_index(a->keys, i),
			    expected);
			return;
		}
}

/* Exactly @min..@max positional words, named @what in messages. */
static bool positional(struct line *l, struct args *a, guint min, guint max,
		       const char *what)
{
	if (a->pos->len < min) {
		err(l, "expected %s", what);
		return false;
	}
	if (a->pos->len > max) {
		err(l, "unexpected word \"%s\" (expected %s)",
		    (const char *)g_ptr_array_index(a->pos, max), what);
		return false;
	}
	return true;
}

static bool num(struct line *l, const char *k, const char *v, uint64_t min,
		uint64_t max, uint64_t *out)
{
	if (sc_parse_u64(v, min, max, out))
		return true;
	err(l, "%s=%s: expected a number from %" PRIu64 " to %" PRIu64, k, v,
	    min, max);
	return false;
}

static bool size_arg(struct line *l, const char *k, const char *v,
		     uint64_t *out)
{
	size_t used;

	if (g_ascii_isdigit(*v) && !cmasim_memparse(v, out, &used) &&
	    !v[used] && *out)
		return true;
	err(l, "%s=%s: expected a size in bytes such as 16M, 4K or 4096", k, v);
	return false;
}

static bool node_arg(struct line *l, struct args *a, int *nid)
{
	const char *v = val(a, "node");
	uint64_t n;

	*nid = CMASIM_NUMA_NO_NODE;
	if (!v)
		return true;
	if (!num(l, "node", v, 0, 1023, &n))
		return false;
	*nid = (int)n;
	return true;
}

static bool pick_arg(struct line *l, struct args *a,
		     enum cmasim_workload_pick *pick)
{
	static const char *const names[] = { "oldest", "newest", "spread",
					     "random", NULL };
	const char *v = val(a, "pick");

	*pick = CMASIM_PICK_OLDEST;
	if (!v)
		return true;
	for (int i = 0; names[i]; i++)
		if (!strcmp(v, names[i])) {
			*pick = (enum cmasim_workload_pick)i;
			return true;
		}
	err(l, "pick=%s: expected oldest, newest, spread or random", v);
	return false;
}

/* count=N, count=all, or (@until_fail) count=until-fail; @def if absent */
static bool count_arg(struct line *l, struct args *a, bool all,
		      bool until_fail, uint64_t def, uint64_t *out)
{
	const char *v = val(a, "count");

	*out = def;
	if (!v)
		return true;
	if (all && !strcmp(v, "all")) {
		*out = CMASIM_WORKLOAD_ALL;
		return true;
	}
	if (until_fail && !strcmp(v, "until-fail")) {
		*out = CMASIM_WORKLOAD_UNTIL_FAIL;
		return true;
	}
	if (sc_parse_u64(v, 1, G_MAXUINT64 - 1, out))
		return true;
	err(l, "count=%s: expected a number above 0%s", v,
	    all ? " or all" : until_fail ? " or until-fail" : "");
	return false;
}

static bool owner_arg(struct line *l, struct args *a,
		      enum cmasim_workload_owner *owner)
{
	static const char *const names[] = { "anon", "clean-cache",
					     "dirty-cache", "kernel", NULL };
	const char *v = val(a, "as");

	*owner = CMASIM_WORKLOAD_ANON;
	if (!v)
		return true;
	for (int i = 0; names[i]; i++)
		if (!strcmp(v, names[i])) {
			*owner = (enum cmasim_workload_owner)i;
			return true;
		}
	err(l, "as=%s: expected anon, clean-cache, dirty-cache or kernel", v);
	return false;
}

/* gfp=FLAGS (checked now, read at run time for the kernel's names) or
 * type=movable|unmovable|reclaimable. */
static bool gfp_args(struct line *l, struct args *a, struct sc_step *s)
{
	const char *g = val(a, "gfp"), *t = val(a, "type"), *bad = NULL;
	unsigned int gfp;

	if (g && t) {
		err(l, "gfp= and type= both say what to allocate: give one");
		return false;
	}
	if (g) {
		if (!*g || cms_trace_gfp_parse(true, g, &gfp, &bad)) {
			err(l, "gfp=%s: expected flags such as GFP_KERNEL|__GFP_DMA32%s%s",
			    g, bad && *bad ? "; not understood: " : "",
			    bad && *bad ? bad : "");
			return false;
		}
		s->gfp_text = g_strdup(g);
	}
	if (t) {
		if (!strcmp(t, "movable"))
			s->gfp = CMASIM_GFP_HIGHUSER_MOVABLE;
		else if (!strcmp(t, "unmovable"))
			s->gfp = CMASIM_GFP_KERNEL;
		else if (!strcmp(t, "reclaimable"))
			s->gfp = CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE;
		else {
			err(l, "type=%s: expected movable, unmovable or reclaimable", t);
			return false;
		}
	}
	return true;
}

static int migratetype_of(const char *v)
{
	static const char *const names[] = { "unmovable", "movable",
					     "reclaimable", "highatomic",
					     "cma", "isolate", NULL };

	for (int i = 0; names[i]; i++)
		if (!strcmp(v, names[i]))
			return i;
	return -1;
}

/* "0.9", "0.875", "1": thousandths; @k names the key ("" for none). */
static bool milli_arg(struct line *l, const char *k, const char *v,
		      int64_t *out)
{
	const char *p = v;
	int64_t whole = 0, frac = 0;
	int digits = 0;

	if (!g_ascii_isdigit(*p))
		goto bad;
	/* past 1 it is refused below: stop counting before it overflows */
	for (; g_ascii_isdigit(*p); p++)
		if (whole <= 1)
			whole = whole * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; g_ascii_isdigit(*p) && digits < 3; digits++)
			frac = frac * 10 + (*p++ - '0');
		if (!digits)
			goto bad;
	}
	for (; digits < 3; digits++)
		frac *= 10;
	if (*p || whole > 1 || (whole == 1 && frac))
		goto bad;
	*out = whole * 1000 + frac;
	return true;
bad:
	err(l, "%s%s%s: expected a fraction from 0 to 1 with at most 3 decimals, such as 0.9",
	    k, *k ? "=" : "", v);
	return false;
}

/* ---- Verbs ---- */

static char *pos_dup(struct args *a, guint i)
{
	return g_strdup(g_ptr_array_index(a->pos, i));
}

static void parse_alloc(struct line *l, struct args *a, struct sc_step *s)
{
	const char *o = val(a, "order");
	uint64_t n = 0;

	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	if (o && num(l, "order", o, 0, 30, &n))
		s->order = (unsigned int)n;
	count_arg(l, a, false, true, 1, &s->count);
	owner_arg(l, a, &s->owner);
	gfp_args(l, a, s);
	node_arg(l, a, &s->nid);
	unused_keys(l, a, "order, count, as, gfp, type, node");
}

/* free, pin, unpin, cma_release, dma_free */
static void parse_some(struct line *l, struct args *a, struct sc_step *s)
{
	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	count_arg(l, a, true, false, CMASIM_WORKLOAD_ALL, &s->count);
	pick_arg(l, a, &s->pick);
	unused_keys(l, a, "count, pick");
}

static void parse_cache(struct line *l, struct args *a, struct sc_step *s)
{
	const char *v;

	if (!positional(l, a, 2, 2, "NAME and clean, dirty or anon"))
		return;
	s->name = pos_dup(a, 0);
	v = g_ptr_array_index(a->pos, 1);
	if (!strcmp(v, "clean"))
		s->owner = CMASIM_WORKLOAD_CACHE_CLEAN;
	else if (!strcmp(v, "dirty"))
		s->owner = CMASIM_WORKLOAD_CACHE_DIRTY;
	else if (!strcmp(v, "anon"))
		s->owner = CMASIM_WORKLOAD_ANON;
	else
		err(l, "%s: expected clean, dirty or anon", v);
	unused_keys(l, a, "none");
}

/* orders=O[:W][,O[:W]...] */
static bool mix_arg(struct line *l, const char *v,
		    struct cmasim_workload_random *r)
{
	gchar **parts = g_strsplit(v, ",", -1);
	bool ok = true;

	r->nr_orders = 0;
	for (gchar **p = parts; *p && ok; p++) {
		gchar **ow = g_strsplit(*p, ":", 2);
		uint64_t o, w = 1;

		ok = r->nr_orders < CMASIM_WORKLOAD_MAX_MIX &&
		     sc_parse_u64(ow[0], 0, 30, &o) &&
		     (!ow[1] || sc_parse_u64(ow[1], 0, 1000000, &w));
		if (ok) {
			r->orders[r->nr_orders] = (unsigned int)o;
			r->weights[r->nr_orders++] = (unsigned int)w;
		}
		g_strfreev(ow);
	}
	g_strfreev(parts);
	if (!ok || !r->nr_orders)
		err(l, "orders=%s: expected up to 16 ORDER:WEIGHT pairs such as 0:70,3:20,9:10", v);
	return ok;
}

/* life=MIN-MAX, life=N or life=forever (ops) */
static bool life_arg(struct line *l, const char *v,
		     struct cmasim_workload_random *r)
{
	gchar **mm;
	uint64_t lo, hi;
	bool ok;

	if (!strcmp(v, "forever")) {
		r->life_min = r->life_max = 0;
		return true;
	}
	mm = g_strsplit(v, "-", 2);
	ok = sc_parse_u64(mm[0], 1, G_MAXUINT32, &lo);
	hi = lo;
	if (ok && mm[1])
		ok = sc_parse_u64(mm[1], lo, G_MAXUINT32, &hi);
	g_strfreev(mm);
	if (!ok) {
		err(l, "life=%s: expected MIN-MAX ops (1 or more, MIN <= MAX), N ops or forever", v);
		return false;
	}
	r->life_min = lo;
	r->life_max = hi;
	return true;
}

static void parse_random(struct line *l, struct args *a, struct sc_step *s)
{
	const char *ops = val(a, "ops"), *orders = val(a, "orders");
	const char *mov = val(a, "movable"), *life = val(a, "life");
	uint64_t n;

	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	s->rnd.movable_percent = 100;
	s->rnd.nr_orders = 1;
	s->rnd.weights[0] = 1;
	if (!ops)
		err(l, "expected ops=N, the allocations to make");
	else if (num(l, "ops", ops, 1, 10000000, &n))
		s->rnd.ops = n;
	if (orders)
		mix_arg(l, orders, &s->rnd);
	if (mov) {
		char *t = g_strdup(mov);
		size_t len = strlen(t);

		if (len && t[len - 1] == '%')
			t[len - 1] = '\0';
		if (num(l, "movable", t, 0, 100, &n))
			s->rnd.movable_percent = (unsigned int)n;
		g_free(t);
	}
	if (life)
		life_arg(l, life, &s->rnd);
	node_arg(l, a, &s->rnd.nid);
	unused_keys(l, a, "ops, orders, movable, life, node");
}

static void parse_fragment(struct line *l, struct args *a, struct sc_step *s)
{
	const char *o = val(a, "order"), *idx = val(a, "index");
	const char *fp = val(a, "free-pageblocks"), *t = val(a, "type");
	const char *z = val(a, "zone");
	uint64_t n;
	int64_t m;

	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	s->frag.zone = -1;
	s->frag.free_pageblocks = -1;
	s->frag.migratetype = CMASIM_MIGRATE_MOVABLE;
	if (!idx && !fp)
		err(l, "expected a target: index=FRACTION or free-pageblocks=N");
	if (o && num(l, "order", o, 0, 30, &n))
		s->frag.order = (unsigned int)n;
	else if (!o && idx)
		err(l, "index= needs order=O, the order the index is taken at");
	if (idx && milli_arg(l, "index", idx, &m)) {
		if (!m)
			err(l, "index=%s: a target of 0 holds from the start", idx);
		s->frag.index_milli = (unsigned int)m;
	}
	if (fp && num(l, "free-pageblocks", fp, 0, UINT32_MAX, &n))
		s->frag.free_pageblocks = (int64_t)n;
	if (t) {
		s->frag.migratetype = migratetype_of(t);
		if (s->frag.migratetype < 0)
			err(l, "type=%s: expected movable, unmovable, reclaimable, highatomic or cma", t);
	}
	if (z)
		s->zone = g_strdup(z);
	owner_arg(l, a, &s->frag.owner);
	if (!l->bad) {
		const char *g = val(a, "gfp");
		const char *bad = NULL;
		unsigned int gfp;

		if (g && (!*g || cms_trace_gfp_parse(true, g, &gfp, &bad)))
			err(l, "gfp=%s: expected flags such as GFP_HIGHUSER_MOVABLE", g);
		else if (g)
			s->gfp_text = g_strdup(g);
	}
	node_arg(l, a, &s->frag.nid);
	unused_keys(l, a, "order, index, free-pageblocks, type, zone, as, gfp, node");
}

static void parse_cma_alloc(struct line *l, struct args *a, struct sc_step *s)
{
	const char *area = val(a, "area"), *c = val(a, "count");
	const char *sz = val(a, "size"), *al = val(a, "align");
	uint64_t n;

	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	if (!area || !*area)
		err(l, "expected area=AREA, the CMA area's name");
	else
		s->area = g_strdup(area);
	if ((c != NULL) == (sz != NULL))
		err(l, "expected count=PAGES or size=BYTES (one of them)");
	else if (c && num(l, "count", c, 0, G_MAXUINT64, &n))
		s->count = n;
	else if (sz && size_arg(l, "size", sz, &s->size))
		s->size_given = true;
	if (al && num(l, "align", al, 0, 63, &n))
		s->align = (unsigned int)n;
	s->nowarn = flag(a, "nowarn");
	unused_keys(l, a, "area, count, size, align");
}

static bool bits_arg(struct line *l, const char *k, const char *v, int *out)
{
	uint64_t n;

	if (!num(l, k, v, 1, 64, &n))
		return false;
	*out = (int)n;
	return true;
}

static void parse_device(struct line *l, struct args *a, struct sc_step *s)
{
	const char *m = val(a, "mask"), *cm = val(a, "coherent-mask");
	const char *area = val(a, "area");

	if (!positional(l, a, 1, 1, "the device's NAME"))
		return;
	s->name = pos_dup(a, 0);
	if (strlen(s->name) > 63)
		err(l, "%s: a device name has at most 63 bytes", s->name);
	node_arg(l, a, &s->nid);
	if (m)
		bits_arg(l, "mask", m, &s->mask_bits);
	if (cm)
		bits_arg(l, "coherent-mask", cm, &s->coherent_bits);
	if (area)
		s->area = g_strdup(area);
	unused_keys(l, a, "node, mask, coherent-mask, area");
}

static void parse_dma_alloc(struct line *l, struct args *a, struct sc_step *s)
{
	const char *dev = val(a, "dev"), *sz = val(a, "size");

	if (!positional(l, a, 1, 1, "the allocation's NAME"))
		return;
	s->name = pos_dup(a, 0);
	if (!dev || !*dev)
		err(l, "expected dev=DEVICE, a device made by a device step");
	else
		s->dev = g_strdup(dev);
	if (!sz)
		err(l, "expected size=BYTES");
	else
		size_arg(l, "size", sz, &s->size);
	count_arg(l, a, false, false, 1, &s->count);
	s->nowarn = flag(a, "nowarn");
	s->atomic = flag(a, "atomic");
	unused_keys(l, a, "dev, size, count");
}

static void parse_migrate_failure(struct line *l, struct args *a,
				  struct sc_step *s)
{
	const char *v = val(a, "ppm");
	uint64_t n;

	positional(l, a, 0, 0, "ppm=N only");
	if (!v)
		err(l, "expected ppm=N, failures per million attempts (0..1000000)");
	else if (num(l, "ppm", v, 0, 1000000, &n))
		s->ppm = (uint32_t)n;
	unused_keys(l, a, "ppm");
}

/* sysctl vm.min_free_kbytes=N vm.watermark_scale_factor=N */
static void parse_sysctl(struct line *l, struct args *a, struct sc_step *s)
{
	const char *m = val(a, "vm.min_free_kbytes");
	const char *w = val(a, "vm.watermark_scale_factor");
	uint64_t n;

	s->sysctl_min_free_kbytes = -1;
	s->sysctl_wsf = -1;
	positional(l, a, 0, 0, "vm.min_free_kbytes=N or vm.watermark_scale_factor=N");
	unused_keys(l, a, "vm.min_free_kbytes, vm.watermark_scale_factor");
	if (!m && !w)
		err(l, "expected vm.min_free_kbytes=N or vm.watermark_scale_factor=N");
	if (m && num(l, "vm.min_free_kbytes", m, 0, INT32_MAX, &n))
		s->sysctl_min_free_kbytes = (int)n;
	if (w && num(l, "vm.watermark_scale_factor", w, 1, 3000, &n))
		s->sysctl_wsf = (int)n;
}

/* read PATH, snapshot FILE, note TEXT, trace EVENT on|off */
static void parse_one_text(struct line *l, struct args *a, struct sc_step *s,
			   const char *what)
{
	if (!positional(l, a, 1, 1, what))
		return;
	s->name = pos_dup(a, 0);
	unused_keys(l, a, "none");
}

static bool is_path(const char *p)
{
	return *p == '/';
}

static void parse_read(struct line *l, struct args *a, struct sc_step *s)
{
	parse_one_text(l, a, s, "a PATH such as /proc/buddyinfo");
	if (s->name && !is_path(s->name))
		err(l, "%s: expected an absolute PATH such as /proc/buddyinfo",
		    s->name);
}

static void parse_write(struct line *l, struct args *a, struct sc_step *s)
{
	/* the value may hold '=': take the words as written */
	if (l->words->len != 3) {
		err(l, "expected PATH VALUE, such as /sys/kernel/debug/cma/reserved/alloc 256");
		return;
	}
	s->name = g_strdup(word(l, 1));
	s->value = g_strdup(word(l, 2));
	if (!is_path(s->name))
		err(l, "%s: expected an absolute PATH", s->name);
	(void)a;
}

static const char *const views[] = {
	"buddyinfo", "pagetypeinfo", "zoneinfo", "meminfo", "vmstat",
	"dmesg", "allocs", NULL,
};

static void parse_print(struct line *l, struct args *a, struct sc_step *s)
{
	if (!positional(l, a, 1, 64, "what to print: buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat, dmesg, allocs, alloc NAME or a PATH"))
		return;
	s->views = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < a->pos->len; i++) {
		const char *v = g_ptr_array_index(a->pos, i);

		if (!strcmp(v, "alloc")) {
			if (i + 1 >= a->pos->len) {
				err(l, "alloc: expected the allocation's NAME after it");
				return;
			}
			g_ptr_array_add(s->views,
					g_strconcat("alloc ", (const char *)g_ptr_array_index(a->pos, ++i), NULL));
		} else if (in_list(v, views) || is_path(v)) {
			g_ptr_array_add(s->views, g_strdup(v));
		} else {
			err(l, "%s: expected buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat, dmesg, allocs, alloc NAME or a PATH",
			    v);
			return;
		}
	}
	unused_keys(l, a, "none");
}

static void parse_trace(struct line *l, struct args *a, struct sc_step *s)
{
	const char *onoff;
	bool found = false;

	if (!positional(l, a, 2, 2, "an EVENT (or all) and on or off"))
		return;
	s->name = pos_dup(a, 0);
	onoff = g_ptr_array_index(a->pos, 1);
	found = !strcmp(s->name, "all");
	for (unsigned int i = 0; !found && cmasim_trace_event_name(i); i++)
		found = !strcmp(s->name, cmasim_trace_event_name(i));
	if (!found)
		err(l, "%s: no such event (expected all or an event such as cma_alloc_start, mm_page_alloc)",
		    s->name);
	if (!strcmp(onoff, "on"))
		s->on = true;
	else if (strcmp(onoff, "off"))
		err(l, "%s: expected on or off", onoff);
	unused_keys(l, a, "none");
}

static void parse_none(struct line *l, struct args *a, struct sc_step *s)
{
	positional(l, a, 0, 0, "nothing after it");
	unused_keys(l, a, "none");
	(void)s;
}

/* ---- expect ---- */

static const char *const what_names[EX_NR_WHATS] = {
	[EX_RET] = "ret", [EX_VALUE] = "value", [EX_STAT] = "stat",
	[EX_FREE] = "free", [EX_FILE] = "file", [EX_LOG] = "log",
	[EX_DIAG] = "diag", [EX_BLOCKS] = "blocks", [EX_PAGES] = "pages",
	[EX_PINNED] = "pinned", [EX_MIGRATED] = "migrated",
	[EX_DROPPED] = "dropped",
	[EX_UNUSABLE] = "unusable",
};

static const char *const op_names[] = {
	[OP_EQ] = "==", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=",
	[OP_GT] = ">", [OP_GE] = ">=", [OP_CONTAINS] = "contains",
	[OP_LACKS] = "lacks",
};

static int op_of(const char *w)
{
	for (unsigned int i = 0; i < G_N_ELEMENTS(op_names); i++)
		if (!strcmp(w, op_names[i]))
			return (int)i;
	return -1;
}

/* An expected number: 12, -16, -EBUSY, 0x10, or a size (16M) */
static bool expect_number(struct line *l, const char *v, bool sizes,
			  bool milli, struct sc_expect *x)
{
	int64_t n;
	size_t used;
	uint64_t u;

	x->numeric = true;
	for (unsigned int i = 0; i < G_N_ELEMENTS(errno_names); i++)
		if (!strcmp(v, errno_names[i].name)) {
			x->num = errno_names[i].err;
			return true;
		}
	if (milli)
		return milli_arg(l, "", v, &x->num);
	if (sc_parse_s64(v, &n)) {
		x->num = n;
		return true;
	}
	if (sizes && g_ascii_isdigit(*v) && !cmasim_memparse(v, &u, &used) &&
	    !v[used] && u <= G_MAXINT64) {
		x->num = (int64_t)u;
		x->bytes = true;
		return true;
	}
	err(l, "%s: expected a number%s", v,
	    sizes ? " or a size such as 16M" : ", such as 0, 12 or -EBUSY");
	return false;
}

static void parse_expect(struct line *l, struct sc_step *s)
{
	struct sc_expect *x = &s->ex;
	struct args a;
	guint opw = 0;
	const char *w = word(l, 1), *v;
	int what = -1, op;

	for (int i = 0; w && i < EX_NR_WHATS; i++)
		if (!strcmp(w, what_names[i]))
			what = i;
	if (what < 0) {
		err(l, "%s%sexpected what to check: ret, value, stat, free, file, log, diag, blocks, pages, pinned, migrated, dropped or unusable",
		    w ? w : "", w ? ": " : "");
		return;
	}
	x->what = (enum sc_what)what;
	x->nid = -1;
	for (guint i = 2; i < l->words->len && !opw; i++)
		if (!word_quoted(l, i) && op_of(word(l, i)) >= 0)
			opw = i;
	if (!opw || opw + 2 != l->words->len) {
		err(l, "%s: expected %s OP VALUE, OP one of ==, !=, <, <=, >, >=, contains, lacks",
		    w, w);
		return;
	}
	op = op_of(word(l, opw));
	x->op = (enum sc_op)op;
	v = word(l, opw + 1);
	args_init(&a);
	/* the words between WHAT and OP */
	{
		GPtrArray *keep = l->words;
		GArray *keepq = l->quoted;

		l->words = g_ptr_array_new();
		l->quoted = g_array_new(FALSE, FALSE, sizeof(gboolean));
		for (guint i = 2; i < opw; i++) {
			g_ptr_array_add(l->words, g_ptr_array_index(keep, i));
			g_array_append_val(l->quoted,
					   g_array_index(keepq, gboolean, i));
		}
		classify(l, 0, NULL, &a);
		g_ptr_array_free(l->words, TRUE);
		g_array_free(l->quoted, TRUE);
		l->words = keep;
		l->quoted = keepq;
	}
	switch (x->what) {
	case EX_LOG:
	case EX_DIAG:
		positional(l, &a, 0, 0, "contains or lacks \"TEXT\"");
		if (op != OP_CONTAINS && op != OP_LACKS)
			err(l, "%s: expected contains or lacks \"TEXT\"", w);
		x->str = g_strdup(v);
		break;
	case EX_FILE:
		if (positional(l, &a, 1, 1, "the file's PATH") &&
		    !is_path(g_ptr_array_index(a.pos, 0)))
			err(l, "%s: expected an absolute PATH",
			    (const char *)g_ptr_array_index(a.pos, 0));
		if (a.pos->len)
			x->arg = g_strdup(g_ptr_array_index(a.pos, 0));
		x->str = g_strdup(v);
		/* a number compares as one; text with == != contains lacks */
		if (op != OP_CONTAINS && op != OP_LACKS) {
			int64_t n;

			if (sc_parse_s64(v, &n)) {
				x->numeric = true;
				x->num = n;
			} else if (op != OP_EQ && op != OP_NE) {
				err(l, "%s: %s compares numbers: expected a number",
				    v, op_names[op]);
			}
		}
		break;
	case EX_RET:
	case EX_VALUE:
		positional(l, &a, 0, 0, "nothing between it and the OP");
		goto number;
	case EX_STAT:
	case EX_BLOCKS:
	case EX_PINNED:
	case EX_MIGRATED:
	case EX_DROPPED:
		if (positional(l, &a, 1, 1, x->what == EX_STAT ?
			       "the vmstat counter's NAME" :
			       "the allocation's NAME"))
			x->arg = g_strdup(g_ptr_array_index(a.pos, 0));
		goto number;
	case EX_PAGES:
		if (positional(l, &a, 1, 1, "the allocation's NAME"))
			x->arg = g_strdup(g_ptr_array_index(a.pos, 0));
		if ((v = val(&a, "in")))
			x->area = g_strdup(v);
		v = word(l, opw + 1);
		goto number;
	case EX_FREE:
	case EX_UNUSABLE:
		positional(l, &a, 0, 0, "node=N, zone=NAME or the OP");
		node_arg(l, &a, &x->nid);
		if ((v = val(&a, "zone")))
			x->zone = g_strdup(v);
		if (x->what == EX_UNUSABLE) {
			uint64_t n;

			if (!(v = val(&a, "order")))
				err(l, "unusable: expected order=O");
			else if (num(l, "order", v, 0, 30, &n))
				x->order = (unsigned int)n;
		}
		v = word(l, opw + 1);
number:
		if (op == OP_CONTAINS || op == OP_LACKS)
			err(l, "%s: %s is for text: expected ==, !=, <, <=, > or >=",
			    w, op_names[op]);
		expect_number(l, v, x->what == EX_FREE || x->what == EX_PAGES,
			      x->what == EX_UNUSABLE, x);
		break;
	default:
		break;
	}
	unused_keys(l, &a, x->what == EX_PAGES ? "in" :
			   x->what == EX_FREE ? "node, zone" :
			   x->what == EX_UNUSABLE ? "order, node, zone" : "none");
	args_fini(&a);
}

/* ---- Lines ---- */

static bool guard_ok(const char *g)
{
	return cms_kernel_parse(g) >= 0 || cms_arch_parse(g) >= 0;
}

typedef void (*parse_fn)(struct line *l, struct args *a, struct sc_step *s);

/*
 * The verbs whose words are key=value pairs, flags and names; expect,
 * write, loop, end, note and snapshot read their words themselves
 * (parse_line()).
 */
static const struct {
	enum sc_verb verb;
	parse_fn fn;
	const char *const *flags;
} verb_parsers[] = {
	{ SC_ALLOC, parse_alloc, NULL },
	{ SC_FREE, parse_some, NULL },
	{ SC_PIN, parse_some, NULL },
	{ SC_UNPIN, parse_some, NULL },
	{ SC_CACHE, parse_cache, NULL },
	{ SC_RANDOM, parse_random, NULL },
	{ SC_FRAGMENT, parse_fragment, NULL },
	{ SC_CMA_ALLOC, parse_cma_alloc, (const char *const[]){ "nowarn", NULL } },
	{ SC_CMA_RELEASE, parse_some, NULL },
	{ SC_DEVICE, parse_device, NULL },
	{ SC_DMA_ALLOC, parse_dma_alloc, (const char *const[]){ "nowarn", "atomic", NULL } },
	{ SC_DMA_FREE, parse_some, NULL },
	{ SC_DRAIN, parse_none, NULL },
	{ SC_MIGRATE_FAILURE, parse_migrate_failure, NULL },
	{ SC_SYSCTL, parse_sysctl, NULL },
	{ SC_READ, parse_read, NULL },
	{ SC_PRINT, parse_print, NULL },
	{ SC_TRACE, parse_trace, NULL },
	{ SC_CHECK, parse_none, NULL },
};

/* Parse one line into @s; false if it holds no step (blank, comment). */
static bool parse_line(struct line *l, const char *raw, struct sc_step *s)
{
	const char *v;
	struct args a;
	int verb = -1;

	if (!g_utf8_validate(raw, -1, NULL)) {
		err(l, "the line is not UTF-8 text");
		return true;
	}
	if (!split(l, raw))
		return true;
	if (!l->words->len)
		return false;
	v = word(l, 0);
	if (*v && v[strlen(v) - 1] == ':' && !word_quoted(l, 0)) {
		s->guard = g_strndup(v, strlen(v) - 1);
		if (!guard_ok(s->guard)) {
			err(l, "%s: expected a kernel version (6.1, 6.12) or an arch (x86_64, arm64, ...) before ':'",
			    s->guard);
			return true;
		}
		/* drop the guard: the step's words start at its verb */
		g_free(g_ptr_array_steal_index(l->words, 0));
		g_array_remove_index(l->quoted, 0);
		if (!l->words->len) {
			err(l, "expected a step after the guard %s:", s->guard);
			return true;
		}
	}
	v = word(l, 0);
	if (*v == '[' && v[strlen(v) - 1] == ']' && l->words->len == 1) {
		err(l, "%s: a group after [steps]: [steps] is the last group of a scenario",
		    v);
		return true;
	}
	for (int i = 0; i < SC_NR_VERBS; i++)
		if (!strcmp(v, verb_names[i]))
			verb = i;
	if (verb < 0) {
		err(l, "%s: unknown step (expected alloc, free, pin, unpin, cache, random, fragment, cma_alloc, cma_release, device, dma_alloc, dma_free, drain, migrate_failure, sysctl, read, write, print, note, snapshot, trace, check, expect, loop or end)",
		    *v ? v : "\"\"");
		return true;
	}
	s->verb = (enum sc_verb)verb;
	l->verb = verb_names[verb];
	{
		/* the text of the step: from its verb on, comment dropped */
		GString *t = g_string_new(NULL);

		for (guint i = 0; i < l->words->len; i++) {
			bool q = word_quoted(l, i) ||
				 strpbrk(word(l, i), " \t#") != NULL;

			g_string_append_printf(t, "%s%s%s%s", i ? " " : "",
					       q ? "\"" : "", word(l, i),
					       q ? "\"" : "");
		}
		s->text = g_string_free(t, FALSE);
	}
	switch (s->verb) {
	case SC_EXPECT:
		parse_expect(l, s);
		return true;
	case SC_WRITE:
		parse_write(l, NULL, s);
		return true;
	case SC_LOOP: {
		uint64_t n;

		if (l->words->len != 2)
			err(l, "expected loop N");
		else if (num(l, "N", word(l, 1), 1, MAX_LOOP_COUNT, &n))
			s->loop_count = n;
		return true;
	}
	case SC_END:
		if (l->words->len != 1)
			err(l, "expected end alone");
		return true;
	case SC_NOTE:
		if (l->words->len < 2) {
			err(l, "expected the TEXT to show, such as note \"why it fails\"");
		} else {
			GString *t = g_string_new(NULL);

			for (guint i = 1; i < l->words->len; i++)
				g_string_append_printf(t, "%s%s", i > 1 ? " " : "",
						       word(l, i));
			s->name = g_string_free(t, FALSE);
		}
		return true;
	case SC_SNAPSHOT:
		if (l->words->len != 2)
			err(l, "expected snapshot FILE");
		else
			s->name = g_strdup(word(l, 1));
		return true;
	default:
		break;
	}
	args_init(&a);
	for (unsigned int i = 0; i < G_N_ELEMENTS(verb_parsers); i++)
		if (verb_parsers[i].verb == s->verb) {
			classify(l, 1, verb_parsers[i].flags, &a);
			verb_parsers[i].fn(l, &a, s);
		}
	args_fini(&a);
	return true;
}

/*
 * Pair each loop with its end and check the bounds: loops nest at most
 * MAX_LOOP_DEPTH deep and a run executes at most
 * CMASIM_SCENARIO_MAX_RUN_STEPS steps.
 */
static void pair_loops(struct cmasim_scenario *sc, struct sc_errors *e)
{
	guint stack[MAX_LOOP_DEPTH];
	uint64_t times[MAX_LOOP_DEPTH + 1] = { 1 }, total = 0;
	int depth = 0;

	for (guint i = 0; i < sc->steps->len; i++) {
		struct sc_step *s = g_ptr_array_index(sc->steps, i);

		if (s->verb == SC_LOOP) {
			if (depth == MAX_LOOP_DEPTH) {
				sc_error(e, s->line, "loop: loops nest at most %d deep",
					 MAX_LOOP_DEPTH);
				return;
			}
			stack[depth++] = i;
			times[depth] = times[depth - 1] * s->loop_count;
			if (times[depth] > CMASIM_SCENARIO_MAX_RUN_STEPS)
				times[depth] = CMASIM_SCENARIO_MAX_RUN_STEPS + 1;
			continue;
		}
		if (s->verb == SC_END) {
			struct sc_step *lp;

			if (!depth) {
				sc_error(e, s->line, "end: no loop to end");
				return;
			}
			lp = g_ptr_array_index(sc->steps, stack[--depth]);
			lp->match = i;
			s->match = stack[depth];
			continue;
		}
		total += times[depth];
		if (total > CMASIM_SCENARIO_MAX_RUN_STEPS) {
			sc_error(e, s->line, "%s: the scenario would run more than %u steps: make its loops shorter",
				 sc_verb_name(s->verb),
				 CMASIM_SCENARIO_MAX_RUN_STEPS);
			return;
		}
	}
	if (depth) {
		struct sc_step *lp = g_ptr_array_index(sc->steps, stack[depth - 1]);

		sc_error(e, lp->line, "loop: expected an end for this loop");
	}
}

int sc_parse_steps(struct cmasim_scenario *sc, const char *text,
		   unsigned int first_line, struct sc_errors *e)
{
	gchar **lines = g_strsplit(text, "\n", -1);
	unsigned int before = e->n;

	for (guint i = 0; lines[i]; i++) {
		struct sc_step *s = g_new0(struct sc_step, 1);
		struct line l = {
			.e = e,
			.no = first_line + i,
			.words = g_ptr_array_new_with_free_func(g_free),
			.quoted = g_array_new(FALSE, FALSE, sizeof(gboolean)),
		};

		s->line = l.no;
		s->nid = CMASIM_NUMA_NO_NODE;
		if (parse_line(&l, lines[i], s) && !l.bad)
			g_ptr_array_add(sc->steps, s);
		else
			sc_step_free(s);
		g_ptr_array_free(l.words, TRUE);
		g_array_free(l.quoted, TRUE);
	}
	g_strfreev(lines);
	if (e->n == before)
		pair_loops(sc, e);
	return e->n == before ? 0 : -EINVAL;
}
