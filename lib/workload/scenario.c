// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario files (docs/scenarios.md): loading one, its declarative part,
 * its keys, and the results of its last run.
 *
 * A scenario is one text file: GKeyFile groups ([scenario], [machine],
 * [kconfig], [boot], [trace]) describe the machine and its boot, then a
 * [steps] group, which must come last, holds the workload in a
 * line-per-step language (scenario_steps.c).  GKeyFile reads everything
 * before [steps]; the keys are checked here, each error naming the file,
 * the line and what was expected there.  The kernel has no such thing:
 * this is the library's front door for workloads, and a front end (the
 * cmasim CLI) prints what the runner (scenario_run.c) keeps.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <cmasim/cmasim.h>

#include "core/profile.h"
#include "core/kconfig.h"
#include "workload/scenario.h"

void sc_error(struct sc_errors *e, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *full;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	full = line ? g_strdup_printf("%s:%u: %s\n", e->file, line, msg) :
		      g_strdup_printf("%s: %s\n", e->file, msg);
	if (e->fn)
		e->fn(full, e->data);
	e->n++;
	g_free(full);
	g_free(msg);
}

/* ---- The keys ---- */

enum key_type {
	KT_TEXT, KT_U64, KT_CHECK, KT_ARCH, KT_KERNEL, KT_MEMORY, KT_NODES,
	KT_INPUT, KT_EVENTS,
};

static const struct {
	const char *group, *key;
	enum key_type type;
} known_keys[] = {
	{ "scenario", "name", KT_TEXT },
	{ "scenario", "description", KT_TEXT },
	{ "scenario", "seed", KT_U64 },
	{ "scenario", "check", KT_CHECK },
	{ "machine", "arch", KT_ARCH },
	{ "machine", "kernel", KT_KERNEL },
	{ "machine", "memory", KT_MEMORY },
	{ "machine", "nodes", KT_NODES },
	{ "machine", "boot-log", KT_INPUT },
	{ "machine", "dtb", KT_INPUT },
	{ "boot", "cmdline", KT_TEXT },
	{ "boot", "cmdline-append", KT_TEXT },
	{ "trace", "events", KT_EVENTS },
	{ "trace", "file", KT_TEXT },
};

static const char *const groups[] = {
	"scenario", "machine", "kconfig", "boot", "trace",
};

static int key_index(const char *group, const char *key)
{
	for (unsigned int i = 0; i < G_N_ELEMENTS(known_keys); i++)
		if (!strcmp(group, known_keys[i].group) &&
		    !strcmp(key, known_keys[i].key))
			return (int)i;
	return -1;
}

/* The keys of @group, for "expected one of" messages. */
static char *group_keys(const char *group)
{
	GString *s = g_string_new(NULL);

	for (unsigned int i = 0; i < G_N_ELEMENTS(known_keys); i++)
		if (!strcmp(group, known_keys[i].group))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "",
					       known_keys[i].key);
	return g_string_free(s, FALSE);
}

/* A size as memparse() reads it, wholly: "1G", "512M", "0x4000000". */
static bool parse_size(const char *v, uint64_t *out)
{
	size_t used;

	if (!g_ascii_isdigit(*v) || cmasim_memparse(v, out, &used) ||
	    v[used])
		return false;
	return true;
}

static char *input_path(const struct cmasim_scenario *sc, const char *v)
{
	return g_path_is_absolute(v) ? g_strdup(v) :
				       g_build_filename(sc->base_dir, v, NULL);
}

/*
 * Check @value for @group.@key: NULL when it is right, else what was
 * expected (the caller frees it).
 */
static char *check_value(const struct cmasim_scenario *sc, const char *group,
			 const char *key, const char *value)
{
	uint64_t n;
	int i;

	if (!strcmp(group, "kconfig")) {
		struct cmasim_config *cfg;
		char *why = NULL;
		int ret;

		if (cms_knob_lookup(key) < 0)
			return g_strdup_printf("[kconfig] %s: no such Kconfig knob (docs/config.md lists them)",
					       key);
		cfg = cmasim_config_new();
		if (!cfg)
			return g_strdup("out of memory");
		ret = cmasim_config_set(cfg, key, value);
		/* a knob of another arch or kernel applies where it exists */
		if (ret && ret != -EOPNOTSUPP)
			why = g_strdup_printf("[kconfig] %s: %s", key,
					      cmasim_config_error(cfg));
		cmasim_config_destroy(cfg);
		return why;
	}
	i = key_index(group, key);
	if (i < 0) {
		char *keys = group_keys(group), *why;

		why = g_strdup_printf("[%s] %s: unknown key (expected %s)",
				      group, key, keys);
		g_free(keys);
		return why;
	}
	switch (known_keys[i].type) {
	case KT_TEXT:
		return NULL;
	case KT_U64:
		if (sc_parse_u64(value, 0, G_MAXUINT64, &n))
			return NULL;
		return g_strdup_printf("[%s] %s: expected an unsigned number",
				       group, key);
	case KT_CHECK:
		if (!strcmp(value, "step") || !strcmp(value, "end") ||
		    !strcmp(value, "off"))
			return NULL;
		return g_strdup_printf("[%s] %s: expected step, end or off",
				       group, key);
	case KT_ARCH:
		if (cms_arch_parse(value) >= 0)
			return NULL;
		return g_strdup_printf("[%s] %s: expected x86_64, arm64, arm64-4k, arm64-16k, arm64-64k or arm",
				       group, key);
	case KT_KERNEL:
		if (cms_kernel_parse(value) >= 0)
			return NULL;
		return g_strdup_printf("[%s] %s: expected 6.1 or 6.12", group,
				       key);
	case KT_MEMORY:
		if (parse_size(value, &n) && n >= (UINT64_C(64) << 20) &&
		    !(n & ((UINT64_C(1) << 20) - 1)) && n <= (UINT64_C(64) << 40))
			return NULL;
		return g_strdup_printf("[%s] %s: expected a size such as 1G or 512M, whole MiB from 64M to 64T",
				       group, key);
	case KT_NODES:
		if (sc_parse_u64(value, 1, 64, &n))
			return NULL;
		return g_strdup_printf("[%s] %s: expected a number of nodes from 1 to 64",
				       group, key);
	case KT_INPUT: {
		char *path = input_path(sc, value);
		bool ok = *value && g_file_test(path, G_FILE_TEST_IS_REGULAR);
		char *why = ok ? NULL :
			g_strdup_printf("[%s] %s: %s: no such file", group, key,
					path);

		g_free(path);
		return why;
	}
	case KT_EVENTS: {
		gchar **ev = g_strsplit_set(value, " ,;", -1);
		char *why = NULL;

		for (gchar **e = ev; *e && !why; e++) {
			bool found = !**e || !strcmp(*e, "all");

			for (unsigned int j = 0; !found && cmasim_trace_event_name(j); j++)
				found = !strcmp(*e, cmasim_trace_event_name(j));
			if (!found)
				why = g_strdup_printf("[%s] %s: no trace event \"%s\" (expected all or names such as cma_alloc_start, mm_page_alloc)",
						      group, key, *e);
		}
		g_strfreev(ev);
		return why;
	}
	}
	return NULL;
}

static const char *get(const struct cmasim_scenario *sc, const char *group,
		       const char *key)
{
	char *k = g_strconcat(group, ".", key, NULL);
	const char *v = g_hash_table_lookup(sc->keys, k);

	g_free(k);
	return v;
}

static unsigned int key_line(const struct cmasim_scenario *sc,
			     const char *group, const char *key)
{
	char *k = g_strconcat(group, ".", key, NULL);
	unsigned int line = GPOINTER_TO_UINT(g_hash_table_lookup(sc->key_lines, k));

	g_free(k);
	return line;
}

/*
 * The keys that exclude each other: a boot log or a device tree
 * describes the machine's memory layout.  NULL or the clash.
 */
static const char *clash(const struct cmasim_scenario *sc, const char **key)
{
	if (get(sc, "machine", "boot-log") && get(sc, "machine", "memory")) {
		*key = "memory";
		return "[machine] memory: a boot log describes the memory; drop memory or boot-log";
	}
	if (get(sc, "machine", "boot-log") && get(sc, "machine", "nodes")) {
		*key = "nodes";
		return "[machine] nodes: a boot log describes the nodes; drop nodes or boot-log";
	}
	if (get(sc, "machine", "dtb") && get(sc, "machine", "nodes")) {
		*key = "nodes";
		return "[machine] nodes: a device tree describes the nodes; drop nodes or dtb";
	}
	return NULL;
}

/* ---- Loading ---- */

static void scenario_free_steps(struct cmasim_scenario *sc)
{
	g_ptr_array_set_size(sc->steps, 0);
}

void cmasim_scenario_destroy(struct cmasim_scenario *sc)
{
	if (!sc)
		return;
	scenario_free_steps(sc);
	g_ptr_array_free(sc->steps, TRUE);
	g_ptr_array_free(sc->results, TRUE);
	g_ptr_array_free(sc->knobs, TRUE);
	g_hash_table_destroy(sc->keys);
	g_hash_table_destroy(sc->key_lines);
	cmasim_machine_destroy(sc->machine);
	g_free(sc->name);
	g_free(sc->base_dir);
	g_free(sc);
}

static struct cmasim_scenario *scenario_new(const char *name,
					    const char *base_dir)
{
	struct cmasim_scenario *sc = g_new0(struct cmasim_scenario, 1);

	sc->name = g_strdup(name ? name : "<scenario>");
	sc->base_dir = g_strdup(base_dir);
	sc->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 g_free);
	sc->key_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      NULL);
	sc->knobs = g_ptr_array_new_with_free_func(g_free);
	sc->steps = g_ptr_array_new_with_free_func(sc_step_free);
	sc->results = g_ptr_array_new_with_free_func(sc_result_free);
	return sc;
}

/* Whether line @l is the [steps] group header. */
static bool is_steps_header(const char *l)
{
	char *t = g_strstrip(g_strdup(l));
	bool yes = !strcmp(t, "[steps]");

	g_free(t);
	return yes;
}

/* The first @nr of @lines joined with newlines. */
static char *join_lines(gchar **lines, unsigned int nr)
{
	gchar *keep = lines[nr];
	char *text;

	lines[nr] = NULL;
	text = g_strjoinv("\n", lines);
	lines[nr] = keep;
	return text;
}

static bool keyfile_parses(const char *text, size_t len)
{
	GKeyFile *kf = g_key_file_new();
	bool ok = g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE,
					    NULL);

	g_key_file_free(kf);
	return ok;
}

/*
 * GKeyFile refused the header: find the first line that makes a prefix
 * of it fail (a prefix cut at a line end parses whenever the lines in it
 * do), and say what that line should have been.
 */
static void keyfile_error(struct sc_errors *e, gchar **lines,
			  unsigned int nr)
{
	unsigned int lo = 1, hi = nr;	/* the first failing prefix length */
	bool in_group = false;
	const char *l;
	char *t;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		char *pre = join_lines(lines, mid);

		if (keyfile_parses(pre, strlen(pre)))
			lo = mid + 1;
		else
			hi = mid;
		g_free(pre);
	}
	for (unsigned int i = 0; i + 1 < lo; i++) {
		t = g_strstrip(g_strdup(lines[i]));
		if (*t == '[')
			in_group = true;
		g_free(t);
	}
	l = lines[lo - 1];
	t = g_strstrip(g_strdup(l));
	if (!g_utf8_validate(l, -1, NULL))
		sc_error(e, lo, "the line is not UTF-8 text");
	else if (*t == '[')
		sc_error(e, lo, "expected a group header such as [machine]");
	else if (!in_group && strchr(t, '='))
		sc_error(e, lo, "KEY = VALUE before any group: expected a [group] line first");
	else
		sc_error(e, lo, "expected a [group] line, KEY = VALUE or a # comment");
	g_free(t);
}

/* Record where each "group.key" of the header sits. */
static void index_key_lines(struct cmasim_scenario *sc, gchar **lines,
			    unsigned int nr)
{
	char *group = NULL;

	for (unsigned int i = 0; i < nr; i++) {
		char *t = g_strstrip(g_strdup(lines[i])), *eq;

		if (*t == '[' && t[strlen(t) - 1] == ']') {
			g_free(group);
			group = g_strndup(t + 1, strlen(t) - 2);
		} else if (*t != '#' && group && (eq = strchr(t, '='))) {
			*eq = '\0';
			g_hash_table_replace(sc->key_lines,
					     g_strconcat(group, ".",
							 g_strstrip(t), NULL),
					     GUINT_TO_POINTER(i + 1));
		}
		g_free(t);
	}
	g_free(group);
}

static bool known_group(const char *g)
{
	for (unsigned int i = 0; i < G_N_ELEMENTS(groups); i++)
		if (!strcmp(g, groups[i]))
			return true;
	return false;
}

/* Read the declarative part (@nr lines) into sc->keys; errors to @e. */
static void load_keys(struct cmasim_scenario *sc, gchar **lines,
		      unsigned int nr, struct sc_errors *e)
{
	char *text = join_lines(lines, nr);
	GKeyFile *kf = g_key_file_new();
	gchar **gs;

	if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE,
				       NULL)) {
		keyfile_error(e, lines, nr);
		goto out;
	}
	index_key_lines(sc, lines, nr);
	gs = g_key_file_get_groups(kf, NULL);
	for (gchar **g = gs; *g; g++) {
		gchar **ks;

		if (!known_group(*g)) {
			unsigned int line = 0;

			for (unsigned int i = 0; i < nr && !line; i++) {
				char *t = g_strstrip(g_strdup(lines[i]));
				char *want = g_strdup_printf("[%s]", *g);

				if (!strcmp(t, want))
					line = i + 1;
				g_free(t);
				g_free(want);
			}
			sc_error(e, line, "[%s]: unknown group (expected [scenario], [machine], [kconfig], [boot], [trace] or [steps])",
				 *g);
			continue;
		}
		ks = g_key_file_get_keys(kf, *g, NULL, NULL);
		for (gchar **k = ks; ks && *k; k++) {
			/* GKeyFile keeps the spaces at a value's end: not ours */
			char *v = g_strchomp(g_key_file_get_value(kf, *g, *k, NULL));
			char *why = check_value(sc, *g, *k, v);

			if (why) {
				sc_error(e, key_line(sc, *g, *k), "%s", why);
				g_free(v);
			} else {
				if (!strcmp(*g, "kconfig"))
					g_ptr_array_add(sc->knobs, g_strdup(*k));
				g_hash_table_replace(sc->keys,
						     g_strconcat(*g, ".", *k, NULL),
						     v);
			}
			g_free(why);
		}
		g_strfreev(ks);
	}
	g_strfreev(gs);
	if (!e->n) {
		const char *key, *why = clash(sc, &key);

		if (why)
			sc_error(e, key_line(sc, "machine", key), "%s", why);
	}
out:
	g_key_file_free(kf);
	g_free(text);
}

static int load(const char *text, size_t len, const char *name,
		const char *base_dir, struct cmasim_scenario **out,
		cmasim_output_fn err, void *data)
{
	struct sc_errors e = { .fn = err, .data = data };
	struct cmasim_scenario *sc;
	unsigned int nr, steps_at;
	gchar **lines;
	char *copy;

	e.file = name ? name : "<scenario>";
	if (!out || (!text && len)) {
		sc_error(&e, 0, "no scenario text");
		return -EINVAL;
	}
	if (len > CMASIM_SCENARIO_MAX_BYTES) {
		sc_error(&e, 0, "%zu bytes: a scenario holds at most %u bytes",
			 len, CMASIM_SCENARIO_MAX_BYTES);
		return -EFBIG;
	}
	copy = g_strndup(text ? text : "", len);
	if (strlen(copy) != len) {
		unsigned int line = 1;

		for (const char *p = copy; *p; p++)
			line += *p == '\n';
		sc_error(&e, line, "a NUL byte: expected text");
		g_free(copy);
		return -EINVAL;
	}
	sc = scenario_new(e.file, base_dir);
	lines = g_strsplit(copy, "\n", -1);
	nr = g_strv_length(lines);
	/* a final newline leaves an empty last piece, not a line */
	if (nr && !*lines[nr - 1])
		nr--;
	for (unsigned int i = 0; i < nr; i++) {
		size_t l = strlen(lines[i]);

		if (l && lines[i][l - 1] == '\r')
			lines[i][l - 1] = '\0';
	}
	for (steps_at = 0; steps_at < nr; steps_at++)
		if (is_steps_header(lines[steps_at]))
			break;
	load_keys(sc, lines, steps_at, &e);
	if (steps_at < nr) {
		char *steps = g_strjoinv("\n", lines + steps_at + 1);

		sc_parse_steps(sc, steps, steps_at + 2, &e);
		g_free(steps);
	}
	g_strfreev(lines);
	g_free(copy);
	if (e.n) {
		cmasim_scenario_destroy(sc);
		return -EINVAL;
	}
	*out = sc;
	return 0;
}

int cmasim_scenario_load_data(const char *text, size_t len, const char *name,
			      struct cmasim_scenario **out,
			      cmasim_output_fn err, void *data)
{
	return load(text, len, name, ".", out, err, data);
}

int cmasim_scenario_load_file(const char *path, struct cmasim_scenario **out,
			      cmasim_output_fn err, void *data)
{
	struct sc_errors e = { .file = path ? path : "<scenario>", .fn = err,
			       .data = data };
	GError *gerr = NULL;
	gchar *text = NULL, *dir;
	gsize len;
	int ret;

	if (!path || !out) {
		sc_error(&e, 0, "no scenario file");
		return -EINVAL;
	}
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		GStatBuf st;

		if (!g_stat(path, &st) &&
		    (guint64)st.st_size > CMASIM_SCENARIO_MAX_BYTES) {
			sc_error(&e, 0, "%" G_GUINT64_FORMAT " bytes: a scenario holds at most %u bytes",
				 (guint64)st.st_size, CMASIM_SCENARIO_MAX_BYTES);
			return -EFBIG;
		}
	}
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		sc_error(&e, 0, "cannot read it: %s", gerr->message);
		g_error_free(gerr);
		return -EIO;
	}
	dir = g_path_get_dirname(path);
	ret = load(text, len, path, dir, out, err, data);
	g_free(dir);
	g_free(text);
	return ret;
}

/* ---- Keys after loading ---- */

int cmasim_scenario_set(struct cmasim_scenario *sc, const char *key,
			const char *value, cmasim_output_fn err, void *data)
{
	struct sc_errors e = { .fn = err, .data = data };
	const char *dot, *why, *clashing;
	char *group, *k, *bad;
	int ret = 0;

	e.file = sc ? sc->name : "<scenario>";
	if (!sc || !key || !value) {
		sc_error(&e, 0, "set: NULL %s", !sc ? "scenario" : !key ? "key" : "value");
		return -EINVAL;
	}
	dot = strchr(key, '.');
	if (!dot || dot == key || !dot[1]) {
		sc_error(&e, 0, "set %s: expected GROUP.KEY, such as machine.kernel",
			 key);
		return -EINVAL;
	}
	group = g_strndup(key, (gsize)(dot - key));
	k = g_strdup(dot + 1);
	if (!known_group(group)) {
		sc_error(&e, 0, "set %s: unknown group (expected scenario, machine, kconfig, boot or trace)",
			 key);
		ret = -EINVAL;
	} else if ((bad = check_value(sc, group, k, value))) {
		sc_error(&e, 0, "set %s: %s", key, bad);
		g_free(bad);
		ret = -EINVAL;
	}
	if (!ret) {
		char *old = g_strdup(g_hash_table_lookup(sc->keys, key));

		g_hash_table_replace(sc->keys, g_strdup(key), g_strdup(value));
		why = clash(sc, &clashing);
		if (why) {
			sc_error(&e, 0, "set %s: %s", key, why);
			if (old)
				g_hash_table_replace(sc->keys, g_strdup(key), old);
			else
				g_hash_table_remove(sc->keys, key);
			old = NULL;
			ret = -EINVAL;
		} else {
			bool known = false;

			for (guint i = 0; i < sc->knobs->len; i++)
				known |= !strcmp(g_ptr_array_index(sc->knobs, i), k);
			if (!strcmp(group, "kconfig") && !known)
				g_ptr_array_add(sc->knobs, g_strdup(k));
			/* the machine is rebuilt from the keys it depends on */
			if (!strcmp(group, "machine")) {
				cmasim_machine_destroy(sc->machine);
				sc->machine = NULL;
			}
		}
		g_free(old);
	}
	g_free(group);
	g_free(k);
	return ret;
}

const char *cmasim_scenario_get(const struct cmasim_scenario *sc,
				const char *key)
{
	if (!sc || !key)
		return NULL;
	return g_hash_table_lookup(sc->keys, key);
}

/* ---- Results ---- */

size_t cmasim_scenario_nr_results(const struct cmasim_scenario *sc)
{
	return sc ? sc->results->len : 0;
}

const struct cmasim_scenario_result *
cmasim_scenario_result(const struct cmasim_scenario *sc, size_t idx)
{
	if (!sc || idx >= sc->results->len)
		return NULL;
	return &((const struct sc_result *)g_ptr_array_index(sc->results,
							     (guint)idx))->pub;
}

int cmasim_scenario_set_policy(struct cmasim_scenario *sc,
			       const struct cmasim_policy *policy)
{
	if (!sc)
		return -EINVAL;
	sc->policy = policy;
	return 0;
}
