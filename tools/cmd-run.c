// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim run SCENARIO: a thin front end on the library's scenario runner
 * (<cmasim/scenario.h>, docs/scenarios.md).  It loads the file, applies
 * the machine options given on the command line as the scenario's own
 * keys would (--kernel is machine.kernel, --cmdline-append adds to
 * boot.cmdline-append, --set KNOB=VALUE is kconfig.KNOB, --key sets any
 * GROUP.KEY), runs it and prints each step as the runner reports it, in
 * order: "FILE:LINE: STEP -> RET", the kernel lines the step logged, its
 * explanations ("  note: "), what it printed and an expectation's
 * verdict, then a summary line.  --explain adds, under the boot step, why
 * each CMA area landed where it did.  Exit status: 0 every expectation
 * held, 1 one failed or the run broke (the boot failed, the checker found
 * a broken invariant), 2 bad usage or a scenario with errors (each
 * "FILE:LINE: what was expected").
 *
 * --policy NAME|FILE.so[:ARGS] (repeatable) runs the scenario once per
 * policy, each on a fresh instance with the policy installed before the
 * boot, and compares them after the last: cma_alloc() success, pages
 * migrated and dropped, windows and retries, the cost model's sum, the
 * unusable free index per order, the unmovable pageblocks after each
 * step (cli-policy.c); --svg FILE draws that comparison.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "view.h"

struct run_state {
	bool explain;
	bool quiet;
	JsonBuilder *steps;	/* --json: the steps array being built */
	bool steps_done;	/* --json --policy: the first run's are in */
	unsigned int failed;
	struct view_run *rec;	/* --charts, --html: the run, step by step */
};

static void print_placements(struct cmasim *sim)
{
	struct cmasim_cma_placement pl;

	for (size_t i = 0; !cmasim_cma_placement(sim, i, &pl); i++) {
		GPtrArray *why = cli_explain_placement(sim, &pl);

		for (guint k = 0; k < why->len; k++)
			printf("  why: %s\n", (char *)g_ptr_array_index(why, k));
		g_ptr_array_free(why, TRUE);
	}
}

static const char *expect_name(enum cmasim_expect_outcome e)
{
	switch (e) {
	case CMASIM_EXPECT_PASSED:
		return "passed";
	case CMASIM_EXPECT_FAILED:
		return "failed";
	default:
		return NULL;
	}
}

static void json_step(JsonBuilder *b, const struct cmasim_scenario_result *r)
{
	json_builder_begin_object(b);
	cli_json_str(b, "file", r->file);
	cli_json_int(b, "line", r->line);
	cli_json_str(b, "step", r->text);
	cli_json_str(b, "verb", r->verb);
	cli_json_bool(b, "skipped", r->skipped);
	cli_json_int(b, "ret", r->ret);
	cli_json_int(b, "value", (int64_t)r->value);
	json_builder_set_member_name(b, "dmesg");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->nr_dmesg; i++)
		cli_json_str(b, NULL, r->dmesg[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->nr_diag; i++)
		cli_json_str(b, NULL, r->diag[i]);
	json_builder_end_array(b);
	cli_json_str(b, "output", r->output);
	cli_json_str(b, "expect", expect_name(r->expect));
	cli_json_str(b, "expect_text", r->expect_text);
	cli_json_bool(b, "check_failed", r->check != 0);
	json_builder_end_object(b);
}

/* Each step as it completes: its lines next to it, in order. */
static int on_step(struct cmasim *sim, const struct cmasim_scenario_result *r,
		   void *data)
{
	struct run_state *st = data;

	if (st->rec)
		view_run_record(st->rec, sim, r);
	if (r->expect == CMASIM_EXPECT_FAILED)
		st->failed++;
	if (st->steps) {
		if (!st->steps_done)
			json_step(st->steps, r);
		return 0;
	}
	if (st->quiet && r->expect != CMASIM_EXPECT_FAILED && !r->check)
		return 0;
	if (r->skipped) {
		printf("%s:%u: %s (skipped: another kernel or arch)\n", r->file,
		       r->line, r->text);
		return 0;
	}
	printf("%s:%u: %s -> %d", r->file, r->line, r->text, r->ret);
	/* an expectation's -EDOM is its verdict, printed below */
	if (r->ret && r->expect == CMASIM_EXPECT_NONE)
		printf(" (%s)", g_strerror(-r->ret));
	if (r->value)
		printf(" [%" PRIu64 "]", r->value);
	printf("\n");
	for (size_t i = 0; !st->quiet && i < r->nr_dmesg; i++)
		printf("%s\n", r->dmesg[i]);
	for (size_t i = 0; i < r->nr_diag; i++)
		printf("  note: %s\n", r->diag[i]);
	if (st->explain && !strcmp(r->verb, "boot") && sim)
		print_placements(sim);
	if (r->output && !st->quiet)
		fputs(r->output, stdout);
	if (r->expect != CMASIM_EXPECT_NONE)
		printf("  expect %s: %s\n",
		       r->expect == CMASIM_EXPECT_PASSED ? "ok" : "FAILED",
		       r->expect_text);
	if (r->check)
		printf("  the checker found a broken invariant after this step\n");
	fflush(stdout);
	return 0;
}

/*
 * Write the charts into @charts and the interactive view to @html (each
 * may be NULL); the files written go to @written.  false, and why in
 * @msgs, when one cannot be written.
 */
static bool write_views(const struct view_run *rec, const char *charts,
			const char *html, GPtrArray *written, GString *msgs)
{
	gchar *why = NULL;
	GError *err = NULL;
	bool ok = true;

	if (charts && view_charts_write(rec, charts, written, &why)) {
		g_string_append_printf(msgs, "--charts %s: %s\n", charts, why);
		g_free(why);
		ok = false;
	}
	if (html) {
		GString *page = g_string_new(NULL);

		view_html(rec, page);
		if (g_file_set_contents(html, page->str, (gssize)page->len,
					&err)) {
			g_ptr_array_add(written, g_strdup(html));
		} else {
			g_string_append_printf(msgs, "--html: %s\n",
					       err->message);
			g_error_free(err);
			ok = false;
		}
		g_string_free(page, TRUE);
	}
	return ok;
}

/*
 * The scenario under each policy, in turn: each run's steps as they come
 * (JSON: the first run's), then the comparison.  The worst outcome is
 * returned (a broken run over a failed expectation over passing).
 */
static int run_policies(struct cmasim_scenario *sc, const char *path,
			GPtrArray *mods, gchar **specs, struct run_state *st,
			GPtrArray *reports)
{
	int worst = 0;

	for (guint i = 0; i < mods->len; i++) {
		const struct cmasim_policy *p =
			cmasim_policy_module_policy(g_ptr_array_index(mods, i));
		struct cmasim_policy_report *r = NULL;
		int ret;

		if (!st->steps)
			printf("%s== policy %s (%s)\n", i ? "\n" : "", p->name,
			       specs[i]);
		/* JSON: the first run's steps only */
		st->steps_done = i > 0;
		ret = cmasim_policy_run_scenario(sc, p, on_step, st, &r);
		if (!st->steps)
			printf("%s under %s: %s\n", path, p->name,
			       cli_scenario_outcome(ret));
		if (r)
			g_ptr_array_add(reports, r);
		if (ret && (!worst || worst == -EDOM))
			worst = ret;
	}
	return worst;
}

int cli_run(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	gchar **keys = NULL, **policies = NULL, *svg = NULL;
	gchar *charts = NULL, *html = NULL;
	gboolean explain = FALSE, quiet = FALSE, json = FALSE;
	GOptionEntry entries[] = {
		{ "key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &keys, "set any key of the scenario (docs/scenarios.md)", "GROUP.KEY=VALUE" },
		{ "policy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &policies, "run once per allocation policy and compare them: a built-in (kernel) or a shared object (repeat for more; docs/policies.md)", "NAME|FILE.so[:ARGS]" },
		{ "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg, "draw the policies' comparison as an SVG chart (implies --policy kernel)", "FILE" },
		{ "explain", 0, 0, G_OPTION_ARG_NONE, &explain, "under the boot step, why each CMA area landed where it did", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print only failed expectations and the summary", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "print one JSON document (docs/json.md)", NULL },
		{ "charts", 0, 0, G_OPTION_ARG_FILENAME, &charts, "write SVG charts of the run into DIR: free pages by order, unusable index, pageblocks by type, extfrag events, CMA use, cma_alloc outcomes", "DIR" },
		{ "html", 0, 0, G_OPTION_ARG_FILENAME, &html, "write the run as one interactive HTML page to step through (no server, nothing fetched)", "FILE" },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO - run a scenario file, each step with its kernel lines");
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	struct run_state st = { 0 };
	struct cmasim_scenario *sc = NULL;
	struct cmasim *sim = NULL;
	GPtrArray *mods = NULL, *reports = NULL;
	GString *msgs = g_string_new(NULL);
	GError *err = NULL;
	int rc = CLI_EXIT_USAGE, ret;

	cli_opts_add_entries(ctx, &o, false);
	cli_trace_add_entries(ctx, &o);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(ctx,
		"The machine options override the scenario's keys (--kernel is machine.kernel,\n"
		"--mem machine.memory, --cmdline boot.cmdline, --cmdline-append adds to\n"
		"boot.cmdline-append, --set KNOB=VALUE kconfig.KNOB, --seed scenario.seed).");
	g_option_context_set_description(ctx,
		"Exit status: 0 every expectation held, 1 one failed or the run broke (the boot\n"
		"failed, the checker found a broken invariant), 2 bad usage or a scenario with\n"
		"errors.");
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		/* the parser undid what it set: look again */
		json = cli_wants_json(argc, argv);
		g_string_append_printf(msgs, "%s\n", err->message);
		g_error_free(err);
		goto usage;
	}
	if (argc != 2) {
		g_string_append(msgs, argc < 2 ? "which scenario file? (examples/scenarios/ has some)\n" :
				"one scenario file at a time\n");
		goto usage;
	}
	if (cmasim_scenario_load_file(argv[1], &sc, cli_collect, msgs))
		goto usage;
	if (!cli_scenario_apply(sc, &o, msgs))
		goto usage;
	for (gchar **k = keys; k && *k; k++) {
		const char *eq = strchr(*k, '=');
		gchar *key;
		bool ok;

		if (!eq) {
			g_string_append_printf(msgs, "--key %s: expected GROUP.KEY=VALUE\n",
					       *k);
			goto usage;
		}
		key = g_strndup(*k, (gsize)(eq - *k));
		ok = cli_scenario_set(sc, key, eq + 1, msgs);
		g_free(key);
		if (!ok)
			goto usage;
	}

	if ((charts || html) && (policies || svg)) {
		g_string_append(msgs, "--charts and --html draw one run: not with --policy or --svg\n");
		goto usage;
	}
	if (svg && !policies) {
		policies = g_new0(gchar *, 2);
		policies[0] = g_strdup("kernel");
	}
	if (policies && !(mods = cli_policies_open(policies, msgs)))
		goto usage;

	st.explain = explain;
	st.quiet = quiet;
	if (charts || html) {
		struct view_run_opts vo = { .html = html != NULL };

		st.rec = view_run_new(sc, argv[1], &vo);
	}
	if (json) {
		st.steps = json_builder_new();
		json_builder_begin_array(st.steps);
	}
	if (mods) {
		reports = g_ptr_array_new_with_free_func(
			(GDestroyNotify)cmasim_policy_report_destroy);
		ret = run_policies(sc, argv[1], mods, policies, &st, reports);
	} else {
		ret = cmasim_scenario_run(sc, on_step, &st, &sim);
	}
	rc = ret ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	if (svg && reports && reports->len &&
	    cli_write_svg(svg, (const struct cmasim_policy_report *const *)
			  reports->pdata, reports->len,
			  cmasim_scenario_get(sc, "scenario.name") ?
			  cmasim_scenario_get(sc, "scenario.name") : argv[1],
			  msgs)) {
		fprintf(stderr, "cmasim run: %s", msgs->str);
		rc = CLI_EXIT_FAIL;
	}
	/* a file that cannot be written is bad input: exit 2 */
	if (st.rec && !write_views(st.rec, charts, html, written, msgs))
		goto usage;
	if (json) {
		JsonBuilder *b = cli_json_begin("run");
		JsonNode *steps;

		json_builder_end_array(st.steps);
		steps = json_builder_get_root(st.steps);
		cli_json_int(b, "exit", rc);
		cli_json_str(b, "scenario", argv[1]);
		cli_json_str(b, "result", cli_scenario_outcome(ret));
		if (ret && ret != -EDOM)
			cli_json_error(b, "error", ret, NULL);
		cli_json_int(b, "expectations_failed", st.failed);
		json_builder_set_member_name(b, "steps");
		json_builder_add_value(b, steps);
		if (st.rec) {
			json_builder_set_member_name(b, "written");
			json_builder_begin_array(b);
			for (guint i = 0; i < written->len; i++)
				cli_json_str(b, NULL, g_ptr_array_index(written, i));
			json_builder_end_array(b);
		}
		g_object_unref(st.steps);
		st.steps = NULL;
		if (sim) {
			cli_json_areas(b, sim);
			json_builder_set_member_name(b, "placements");
			json_builder_begin_array(b);
			cli_json_placements(b, sim, false);
			json_builder_end_array(b);
		}
		if (reports) {
			json_builder_set_member_name(b, "policies");
			json_builder_begin_array(b);
			for (guint i = 0; i < reports->len; i++) {
				json_builder_begin_object(b);
				cli_json_policy_report(b, policies[i],
					g_ptr_array_index(reports, i));
				json_builder_end_object(b);
			}
			json_builder_end_array(b);
		}
		cli_json_end(b, stdout, true);
	} else {
		if (reports)
			cli_print_policy_reports(
				(const struct cmasim_policy_report *const *)
				reports->pdata, reports->len);
		printf("%s: %zu steps, %u expectation%s failed: %s\n", argv[1],
		       cmasim_scenario_nr_results(sc), st.failed,
		       st.failed == 1 ? "" : "s",
		       !ret ? "passed" : ret == -EDOM ? "FAILED" :
		       "the run broke");
		if (ret && ret != -EDOM)
			fprintf(stderr, "cmasim run: %s: the run broke: %s\n",
				argv[1], g_strerror(-ret));
		for (guint i = 0; i < written->len; i++)
			printf("wrote %s\n", (char *)g_ptr_array_index(written, i));
	}
	goto out;
usage:
	rc = CLI_EXIT_USAGE;
	{
		gchar **lines = g_strsplit(msgs->str, "\n", -1);

		for (gchar **l = lines; *l; l++)
			if (**l)
				fprintf(stderr, "cmasim run: %s\n", *l);
		g_strfreev(lines);
	}
	if (json)
		cli_json_usage_error("run", msgs->str);
out:
	if (st.steps)
		g_object_unref(st.steps);
	view_run_free(st.rec);
	g_ptr_array_free(written, TRUE);
	g_free(charts);
	g_free(html);
	if (reports)
		g_ptr_array_free(reports, TRUE);
	if (mods)
		g_ptr_array_free(mods, TRUE);
	cmasim_destroy(sim);
	cmasim_scenario_destroy(sc);
	g_string_free(msgs, TRUE);
	g_option_context_free(ctx);
	cli_opts_clear(&o);
	g_strfreev(keys);
	g_strfreev(policies);
	g_free(svg);
	return rc;
}
