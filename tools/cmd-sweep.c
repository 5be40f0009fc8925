// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim sweep: boot every point of a grid (kernels x machines x
 * scenarios x policies x command lines x CMA sizes x seeds) on all
 * cores, one JSON line per run; a run with a scenario runs its steps
 * after the boot (the machine options override the scenario's keys, as
 * for cmasim run); a run with a policy has it installed before the boot
 * and reports what contiguous allocation cost under it.  Each
 * line carries a key made of the run's own options, so a rerun with the
 * same --output skips the runs already there (resume), and --shard K/N
 * keeps every N-th run for fanning a sweep over many machines.  The
 * instances share nothing (the library has no globals), so the runs go
 * to a thread pool as they are; the lines come in completion order and
 * say their run number.  A progress bar is drawn on a terminal only.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct sweep {
	struct cli_opts common;
	gchar **kernels;	/* NULL: the common option's */
	gchar **machines;
	gchar **scenarios;
	gchar **policies;	/* the specs, as given */
	GPtrArray *mods;	/* their modules, opened once, shared */
	gchar **cmdlines;
	gchar **sizes;
	GArray *seeds;		/* guint64; empty: no --seed */
	guint n_kernels, n_machines, n_scenarios, n_policies, n_cmdlines,
	      n_sizes, n_seeds;
	uint64_t total;		/* grid points */
	unsigned int shard_k, shard_n;	/* 1-based K of N; 0/0: all */

	GHashTable *done;	/* keys already in the output */
	FILE *out;
	GMutex lock;		/* out, the counts and the bar */
	uint64_t todo, finished, failed, usage;
	bool progress;
	gint64 last_draw;
	bool write_error;
};

/* One axis's value, or NULL when the axis is not swept. */
static const char *axis(gchar **values, guint n, uint64_t i)
{
	return values ? values[i % n] : NULL;
}

struct run {
	uint64_t idx;
	const char *kernel, *machine, *scenario, *cmdline, *size;
	const char *policy;			/* its spec */
	const struct cmasim_policy *pol;	/* and the policy */
	bool has_seed;
	uint64_t seed;
};

/* The grid point @idx: seeds vary fastest, kernels slowest. */
static struct run run_at(const struct sweep *sw, uint64_t idx)
{
	struct run r = { .idx = idx };
	uint64_t i = idx;

	if (sw->n_seeds) {
		r.has_seed = true;
		r.seed = g_array_index(sw->seeds, guint64, i % sw->n_seeds);
		i /= sw->n_seeds;
	}
	r.size = axis(sw->sizes, sw->n_sizes, i);
	i /= sw->n_sizes;
	r.cmdline = axis(sw->cmdlines, sw->n_cmdlines, i);
	i /= sw->n_cmdlines;
	r.policy = axis(sw->policies, sw->n_policies, i);
	if (r.policy)
		r.pol = cmasim_policy_module_policy(
			g_ptr_array_index(sw->mods, i % sw->n_policies));
	i /= sw->n_policies;
	r.scenario = axis(sw->scenarios, sw->n_scenarios, i);
	i /= sw->n_scenarios;
	r.machine = axis(sw->machines, sw->n_machines, i);
	i /= sw->n_machines;
	r.kernel = axis(sw->kernels, sw->n_kernels, i);
	return r;
}

static void append_opt(gchar ***v, const char *value)
{
	gchar *one[] = { (gchar *)value, NULL };
	gchar **joined;
	guint n = *v ? g_strv_length(*v) : 0;

	joined = g_new0(gchar *, n + 2);
	for (guint i = 0; i < n; i++)
		joined[i] = (*v)[i];
	joined[n] = g_strdup(one[0]);
	g_free(*v);
	*v = joined;
}

/*
 * The run's options: the common ones, the machine string over them,
 * then the kernel, the command line and the size added.  False (and
 * *err) when the machine string does not parse.
 */
static bool run_opts(const struct sweep *sw, const struct run *r,
		     struct cli_opts *o, gchar **err)
{
	cli_opts_copy(o, &sw->common);
	if (r->machine && !cli_opts_parse_string(o, r->machine, "--machines",
						 err))
		return false;
	if (r->kernel) {
		g_free(o->kernel);
		o->kernel = g_strdup(r->kernel);
	}
	if (r->cmdline && *r->cmdline)
		append_opt(&o->cmdline_append, r->cmdline);
	if (r->size) {
		gchar *cma = g_strdup_printf("cma=%s", r->size);

		append_opt(&o->cmdline_append, cma);
		g_free(cma);
	}
	if (r->has_seed) {
		g_free(o->seed);
		o->seed = g_strdup_printf("%" PRIu64, r->seed);
	}
	return true;
}

static gchar *run_key(const struct cli_opts *o, const struct run *r)
{
	gchar *desc = cli_opts_describe(o), *q, *key;

	if (r->policy) {
		q = g_shell_quote(r->policy);
		key = g_strdup_printf("%s%s--policy %s", desc,
				      *desc ? " " : "", q);
		g_free(q);
		g_free(desc);
		desc = key;
	}
	if (!r->scenario)
		return desc;
	q = g_shell_quote(r->scenario);
	key = g_strdup_printf("%s%srun %s", desc, *desc ? " " : "", q);
	g_free(q);
	g_free(desc);
	return key;
}

static void json_params(JsonBuilder *b, const struct run *r)
{
	json_builder_set_member_name(b, "params");
	json_builder_begin_object(b);
	cli_json_str(b, "kernel", r->kernel);
	cli_json_str(b, "machine", r->machine);
	cli_json_str(b, "scenario", r->scenario);
	cli_json_str(b, "policy", r->policy);
	cli_json_str(b, "cmdline", r->cmdline);
	cli_json_str(b, "size", r->size);
	json_builder_set_member_name(b, "seed");
	if (r->has_seed)
		json_builder_add_int_value(b, (int64_t)r->seed);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
}

static void json_placements(JsonBuilder *b, struct cmasim *sim)
{
	struct cmasim_cma_placement pl;

	json_builder_set_member_name(b, "placements");
	json_builder_begin_array(b);
	for (size_t i = 0; !cmasim_cma_placement(sim, i, &pl); i++) {
		json_builder_begin_object(b);
		cli_json_str(b, "name", pl.name);
		cli_json_int(b, "errno", pl.err);
		if (pl.err)
			cli_json_str(b, "placed", NULL);
		else
			cli_json_int(b, "placed", (int64_t)pl.placed);
		json_builder_set_member_name(b, "passes");
		json_builder_begin_array(b);
		for (unsigned int k = 0; k < pl.nr_passes; k++)
			cli_json_str(b, NULL, cli_pass_name(pl.passes[k].kind));
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void draw_progress(struct sweep *sw, bool last)
{
	gint64 now = g_get_monotonic_time();
	unsigned int width = 30, fill;

	if (!sw->progress || (!last && now - sw->last_draw < 100000))
		return;
	sw->last_draw = now;
	fill = sw->todo ? (unsigned int)(sw->finished * width / sw->todo) : width;
	fprintf(stderr, "\rcmasim sweep: [");
	for (unsigned int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %" PRIu64 "/%" PRIu64 " runs, %" PRIu64 " failed%s",
		sw->finished, sw->todo, sw->failed + sw->usage,
		last ? "\n" : "");
	fflush(stderr);
}

static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

/*
 * A run with a scenario: load it (each run has its own copy: a loaded
 * scenario keeps its last run's results), apply the run's options, run
 * it.  The instance is left in cs->sim, its command line in
 * cs->cmdline; the outcome in *@result.  Returns the exit status.
 */
static int run_scenario(const struct run *r, const struct cli_opts *o,
			struct cli_sim *cs, int *result)
{
	struct cmasim_scenario *sc = NULL;
	const struct cmasim_scenario_result *boot;
	const char *cl, *app;

	*result = 0;
	if (cmasim_scenario_load_file(r->scenario, &sc, collect, cs->msgs) ||
	    !cli_scenario_apply(sc, o, cs->msgs)) {
		cmasim_scenario_destroy(sc);
		return CLI_EXIT_USAGE;
	}
	cmasim_scenario_set_policy(sc, r->pol);
	*result = cmasim_scenario_run(sc, NULL, NULL, &cs->sim);
	boot = cmasim_scenario_result(sc, 0);
	cs->boot_err = !boot ? *result : boot->ret;
	cl = cmasim_scenario_get(sc, "boot.cmdline");
	app = cmasim_scenario_get(sc, "boot.cmdline-append");
	cs->cmdline = g_strdup_printf("%s%s%s", cl ? cl : "",
				      cl && *cl && app ? " " : "",
				      app ? app : "");
	cmasim_scenario_destroy(sc);
	return *result ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* One run, in a pool thread: boot quietly, write its line. */
static void do_run(gpointer item, gpointer data)
{
	struct sweep *sw = data;
	uint64_t idx = (uint64_t)GPOINTER_TO_SIZE(item) - 1;
	struct run r = run_at(sw, idx);
	struct cli_sim cs = { .cmd = "sweep", .quiet = true,
			      .hold_diags = true, .policy = r.pol };
	struct cli_opts o = { 0 };
	gchar *err = NULL, *key, *line;
	JsonBuilder *b;
	int rc, result = 0;

	cs.msgs = g_string_new(NULL);
	if (!run_opts(sw, &r, &o, &err)) {
		g_string_append_printf(cs.msgs, "%s\n", err);
		rc = CLI_EXIT_USAGE;
	} else if (r.scenario) {
		rc = run_scenario(&r, &o, &cs, &result);
	} else {
		rc = cli_sim_boot(&cs, &o);
	}
	key = run_key(&o, &r);
	b = cli_json_begin("sweep");
	cli_json_int(b, "run", (int64_t)idx);
	cli_json_str(b, "key", key);
	json_params(b, &r);
	cli_json_int(b, "exit", rc);
	cli_json_machine(b, &cs, &o);
	if (r.scenario && rc != CLI_EXIT_USAGE) {
		cli_json_str(b, "scenario_result", cli_scenario_outcome(result));
		if (result && result != -EDOM)
			cli_json_error(b, "scenario_error", result, NULL);
	}
	if (cs.sim) {
		cli_json_boot(b, &cs);
		cli_json_areas(b, cs.sim);
		json_placements(b, cs.sim);
		if (!cs.boot_err)
			cli_json_counters(b, cs.sim);
		if (r.policy) {
			json_builder_set_member_name(b, "policy");
			json_builder_begin_object(b);
			cli_json_policy_sim(b, r.policy, cs.sim);
			json_builder_end_object(b);
		}
	}
	cli_json_str(b, "messages", cs.msgs->len ? cs.msgs->str : NULL);
	line = cli_json_end_string(b, false);

	g_mutex_lock(&sw->lock);
	if (fprintf(sw->out, "%s\n", line) < 0 || fflush(sw->out))
		sw->write_error = true;
	sw->finished++;
	if (rc == CLI_EXIT_FAIL)
		sw->failed++;
	else if (rc == CLI_EXIT_USAGE)
		sw->usage++;
	draw_progress(sw, false);
	g_mutex_unlock(&sw->lock);

	g_free(line);
	g_free(key);
	g_free(err);
	g_string_free(cs.msgs, TRUE);
	cs.msgs = NULL;
	cli_sim_free(&cs);
	cli_opts_clear(&o);
}

/* "1-100", "3,5,9", "0-9,100": the seeds, in order. */
static bool parse_seeds(const char *spec, GArray *out)
{
	gchar **parts = g_strsplit(spec, ",", -1);
	bool ok = true;

	for (gchar **p = parts; ok && *p; p++) {
		char *end;
		guint64 a, b;

		if (!g_ascii_isdigit(**p)) {
			ok = false;
			break;
		}
		a = g_ascii_strtoull(*p, &end, 10);
		b = a;
		if (*end == '-') {
			if (!g_ascii_isdigit(end[1])) {
				ok = false;
				break;
			}
			b = g_ascii_strtoull(end + 1, &end, 10);
		}
		if (*end || b < a || b - a >= 10000000) {
			ok = false;
			break;
		}
		for (guint64 s = a; s <= b; s++) {
			g_array_append_val(out, s);
			if (s == G_MAXUINT64)
				break;
		}
	}
	g_strfreev(parts);
	return ok && out->len;
}

/* Comma lists ("6.1,6.12") of every occurrence of an option, joined. */
static gchar **split_lists(gchar **opts)
{
	GPtrArray *v = g_ptr_array_new();

	for (gchar **o = opts; o && *o; o++) {
		gchar **parts = g_strsplit(*o, ",", -1);

		for (gchar **p = parts; *p; p++)
			if (**p)
				g_ptr_array_add(v, g_strdup(*p));
		g_strfreev(parts);
	}
	if (!v->len) {
		g_ptr_array_free(v, TRUE);
		return NULL;
	}
	g_ptr_array_add(v, NULL);
	return (gchar **)g_ptr_array_free(v, FALSE);
}

/*
 * Read the keys of the runs an earlier sweep wrote to @path; a last
 * line cut short (the sweep was killed while writing) is dropped from
 * the file, so that the lines appended after it stay whole.
 */
static bool load_done(struct sweep *sw, const char *path, gchar **err)
{
	JsonParser *parser;
	gchar *text = NULL;
	gsize len = 0;
	GError *gerr = NULL;
	gchar **lines;

	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return true;
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		*err = g_strdup(gerr->message);
		g_error_free(gerr);
		return false;
	}
	if (len && text[len - 1] != '\n') {
		gchar *nl = g_strrstr_len(text, (gssize)len, "\n");
		gsize keep = nl ? (gsize)(nl - text) + 1 : 0;

		if (truncate(path, (off_t)keep)) {
			*err = g_strdup_printf("%s: cannot drop its cut last line: %s",
					       path, g_strerror(errno));
			g_free(text);
			return false;
		}
		text[keep] = '\0';
	}
	parser = json_parser_new();
	lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		JsonObject *obj;
		JsonNode *root;

		if (!**l || !json_parser_load_from_data(parser, *l, -1, NULL))
			continue;
		root = json_parser_get_root(parser);
		if (!JSON_NODE_HOLDS_OBJECT(root))
			continue;
		obj = json_node_get_object(root);
		if (json_object_has_member(obj, "key") &&
		    json_object_get_string_member(obj, "key"))
			g_hash_table_add(sw->done,
					 g_strdup(json_object_get_string_member(obj, "key")));
	}
	g_strfreev(lines);
	g_object_unref(parser);
	g_free(text);
	return true;
}

int cli_sweep(int argc, char **argv)
{
	struct sweep sw = { 0 };
	gchar **kernels = NULL, **sizes = NULL, *seeds = NULL;
	gchar *output = NULL, *shard = NULL;
	gint jobs = 0;
	gboolean no_progress = FALSE, json = FALSE;
	GOptionEntry entries[] = {
		{ "kernels", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kernels, "kernel versions to sweep (comma list)", "6.1,6.12" },
		{ "machines", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sw.machines, "a machine to sweep, as machine options (repeat for more)", "'--mem 4G --nodes 2'" },
		{ "scenarios", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sw.scenarios, "a scenario file to run after each boot (repeat for more; the other axes override its keys)", "FILE" },
		{ "policy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sw.policies, "an allocation policy to sweep: a built-in (kernel) or a shared object (repeat for more; docs/policies.md)", "NAME|FILE.so[:ARGS]" },
		{ "cmdlines", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &sw.cmdlines, "a command line to sweep, added to the machine's (repeat for more; '' for none)", "STR" },
		{ "sizes", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sizes, "CMA sizes to sweep, each added as cma=SIZE (comma list)", "64M,256M" },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "seeds to sweep: numbers and ranges", "1-100" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "runs at a time (default: the number of cores)", "N" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "append the lines to FILE, skipping the runs it already has (resume)", "FILE" },
		{ "shard", 0, 0, G_OPTION_ARG_STRING, &shard, "run only the K-th of every N runs (K from 1 to N)", "K/N" },
		{ "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "no progress bar (it is drawn on a terminal only)", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "the output is JSON lines in any case", NULL },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot a grid of machines, one JSON line per run");
	GThreadPool *pool = NULL;
	GError *gerr = NULL;
	gchar *msg = NULL;
	int rc = CLI_EXIT_USAGE;

	g_mutex_init(&sw.lock);
	sw.seeds = g_array_new(FALSE, FALSE, sizeof(guint64));
	sw.done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	cli_opts_add_entries(ctx, &sw.common, true);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"The grid is kernels x machines x scenarios x policies x command lines x sizes\n"
		"x seeds;\n"
		"each axis not given is the common machine options' value.  Each run prints\n"
		"one JSON line (docs/json.md); --output FILE makes a sweep resumable,\n"
		"--shard K/N splits it.");
	g_option_context_set_description(ctx,
		"Exit status: 0 the sweep ran (each run's own outcome is the \"exit\" of its line),\n"
		"1 the output could not be written, 2 bad usage or input (also when a run's\n"
		"options were refused).");
	if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		msg = g_strdup(gerr->message);
		g_error_free(gerr);
		goto usage;
	}
	if (argc > 1) {
		msg = g_strdup_printf("unexpected argument '%s'", argv[1]);
		goto usage;
	}
	sw.kernels = split_lists(kernels);
	sw.sizes = split_lists(sizes);
	for (gchar **s = sw.sizes; s && *s; s++) {
		uint64_t bytes;
		size_t used = 0;

		if (cmasim_memparse(*s, &bytes, &used) || used != strlen(*s) ||
		    !g_ascii_isdigit(**s)) {
			msg = g_strdup_printf("--sizes %s: expected sizes such as 64M,1G",
					      *s);
			goto usage;
		}
	}
	if (seeds && !parse_seeds(seeds, sw.seeds)) {
		msg = g_strdup_printf("--seeds %s: expected numbers and ranges such as 1-100,200",
				      seeds);
		goto usage;
	}
	for (gchar **m = sw.machines; m && *m; m++) {
		struct cli_opts probe = { 0 };
		gchar *e = NULL;

		if (!cli_opts_parse_string(&probe, *m, "--machines", &e)) {
			msg = e;
			cli_opts_clear(&probe);
			goto usage;
		}
		cli_opts_clear(&probe);
	}
	for (gchar **f = sw.scenarios; f && *f; f++) {
		struct cmasim_scenario *sc = NULL;
		GString *e = g_string_new(NULL);

		if (cmasim_scenario_load_file(*f, &sc, collect, e)) {
			g_strchomp(e->str);
			msg = g_strdup_printf("--scenarios %s: %s", *f, e->str);
			g_string_free(e, TRUE);
			goto usage;
		}
		cmasim_scenario_destroy(sc);
		g_string_free(e, TRUE);
	}
	if (sw.policies) {
		GString *e = g_string_new(NULL);

		sw.mods = cli_policies_open(sw.policies, e);
		if (!sw.mods) {
			g_strchomp(e->str);
			msg = g_string_free(e, FALSE);
			goto usage;
		}
		g_string_free(e, TRUE);
	}
	if (shard) {
		char *end;

		sw.shard_k = (unsigned int)strtoul(shard, &end, 10);
		if (*end == '/')
			sw.shard_n = (unsigned int)strtoul(end + 1, &end, 10);
		if (*end || !sw.shard_n || !sw.shard_k || sw.shard_k > sw.shard_n) {
			msg = g_strdup_printf("--shard %s: expected K/N with 1 <= K <= N",
					      shard);
			goto usage;
		}
	}
	if (jobs < 0) {
		msg = g_strdup_printf("--jobs %d: expected a positive number", jobs);
		goto usage;
	}
	sw.n_kernels = sw.kernels ? g_strv_length(sw.kernels) : 1;
	sw.n_machines = sw.machines ? g_strv_length(sw.machines) : 1;
	sw.n_scenarios = sw.scenarios ? g_strv_length(sw.scenarios) : 1;
	sw.n_policies = sw.policies ? g_strv_length(sw.policies) : 1;
	sw.n_cmdlines = sw.cmdlines ? g_strv_length(sw.cmdlines) : 1;
	sw.n_sizes = sw.sizes ? g_strv_length(sw.sizes) : 1;
	sw.n_seeds = sw.seeds->len;
	sw.total = (uint64_t)sw.n_kernels * sw.n_machines * sw.n_scenarios *
		   sw.n_policies * sw.n_cmdlines * sw.n_sizes *
		   (sw.n_seeds ? sw.n_seeds : 1);

	if (output) {
		if (!load_done(&sw, output, &msg))
			goto usage;
		sw.out = fopen(output, "a");
		if (!sw.out) {
			msg = g_strdup_printf("--output %s: %s", output,
					      g_strerror(errno));
			goto usage;
		}
	} else {
		sw.out = stdout;
	}
	sw.progress = !no_progress && isatty(STDERR_FILENO) &&
		      (output || !isatty(STDOUT_FILENO));
	pool = g_thread_pool_new(do_run, &sw,
				 jobs ? jobs : (gint)g_get_num_processors(),
				 FALSE, NULL);
	/* count first, so that the bar knows the whole */
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t i = 0; i < sw.total; i++) {
			struct run r;
			struct cli_opts o = { 0 };
			gchar *e = NULL, *key;
			bool skip;

			if (sw.shard_n && i % sw.shard_n != sw.shard_k - 1)
				continue;
			r = run_at(&sw, i);
			run_opts(&sw, &r, &o, &e);
			key = run_key(&o, &r);
			skip = g_hash_table_contains(sw.done, key);
			g_free(key);
			g_free(e);
			cli_opts_clear(&o);
			if (skip)
				continue;
			if (!pass)
				sw.todo++;
			else
				g_thread_pool_push(pool, GSIZE_TO_POINTER((gsize)i + 1), NULL);
		}
	}
	g_thread_pool_free(pool, FALSE, TRUE);
	g_mutex_lock(&sw.lock);
	draw_progress(&sw, true);
	g_mutex_unlock(&sw.lock);
	if (sw.out != stdout && fclose(sw.out))
		sw.write_error = true;
	sw.out = NULL;
	if (sw.write_error) {
		fprintf(stderr, "cmasim sweep: %s: %s\n",
			output ? output : "stdout", g_strerror(errno));
		rc = CLI_EXIT_FAIL;
	} else if (sw.usage) {
		fprintf(stderr, "cmasim sweep: %" PRIu64 " run%s refused their options (see their \"messages\")\n",
			sw.usage, sw.usage == 1 ? "" : "s");
		rc = CLI_EXIT_USAGE;
	} else {
		rc = CLI_EXIT_OK;
	}
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	fprintf(stderr, "cmasim sweep: %s\n", msg);
	if (json)
		cli_json_usage_error("sweep", msg);
out:
	if (sw.out && sw.out != stdout)
		fclose(sw.out);
	g_free(msg);
	cli_opts_clear(&sw.common);
	g_strfreev(kernels);
	g_strfreev(sizes);
	g_strfreev(sw.kernels);
	g_strfreev(sw.sizes);
	g_strfreev(sw.machines);
	g_strfreev(sw.scenarios);
	g_strfreev(sw.policies);
	if (sw.mods)
		g_ptr_array_free(sw.mods, TRUE);
	g_strfreev(sw.cmdlines);
	g_array_free(sw.seeds, TRUE);
	g_hash_table_destroy(sw.done);
	g_mutex_clear(&sw.lock);
	g_free(seeds);
	g_free(output);
	g_free(shard);
	g_option_context_free(ctx);
	return rc;
}
