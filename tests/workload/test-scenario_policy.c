// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comparing policies on a scenario (lib/workload/scenario_policy.c):
 * the report of a run (samples after each step, cma_alloc() figures and
 * their cost, the zones at the end), a policy that cannot be installed,
 * the SVG chart; and the default policy's promise: on every real boot
 * capture, booted from its log and put through a workload, the built-in
 * "kernel" policy (every decision through the hooks) gives results
 * byte-identical to no policy at all (the inline rules, which the
 * snapshot test holds to the code before the hooks).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"

static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

static struct cmasim_scenario *load(const char *text)
{
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	if (cmasim_scenario_load_data(text, strlen(text), "t.scn", &sc,
				      collect, err))
		fail_msg("%s", err->str);
	g_string_free(err, TRUE);
	return sc;
}

static const char small[] =
	"[machine]\nmemory = 512M\n"
	"[boot]\ncmdline = cma=128M\n"
	"[steps]\n"
	"alloc cache count=20000 as=clean-cache\n"
	"alloc anon count=60000\n"
	"cma_alloc a area=reserved size=16M\n"
	"6.1: note skipped on 6.12\n"
	"free a\n"
	"cma_alloc b area=reserved size=32M\n";

/*
 * 512 MiB, cma=128M: clean page cache, then anonymous memory until the
 * kernel's balance rule puts some in the area, then two cma_alloc().
 * Expect a sample after the boot and after each step that ran (the
 * guarded one is skipped), the figures of the two cma_alloc() calls (and
 * the atomic pools' at boot) with the anonymous pages migrated, a cost
 * that follows the model, and the zones with memory at the end.
 */
static void test_run_scenario_report(void **state)
{
	struct cmasim_scenario *sc = load(small);
	struct cmasim_policy_report *r = NULL;
	const struct cmasim_policy_sample *last;
	uint64_t blocks = 0;

	(void)state;
	assert_int_equal(cmasim_policy_run_scenario(sc, NULL, NULL, NULL, &r),
			 0);
	assert_non_null(r);
	assert_string_equal(r->policy, "kernel");
	assert_int_equal(r->ret, 0);
	assert_int_equal(r->nr_samples, 6);
	assert_int_equal(r->samples[0].result, 0);
	assert_int_equal(r->samples[0].line, 0);
	assert_int_equal(r->samples[5].result, 6);
	assert_int_equal(r->samples[5].line, 11);
	last = &r->samples[r->nr_samples - 1];
	assert_memory_equal(&last->cma, &r->cma, sizeof(r->cma));
	assert_int_equal(last->cost, r->cost);
	assert_int_equal(r->cost, cmasim_policy_cost(&r->cma));
	assert_int_equal(r->cma.allocs_ok - r->samples[0].cma.allocs_ok, 2);
	assert_int_equal(r->cma.pages_ok - r->samples[0].cma.pages_ok,
			 12288);
	assert_true(r->cma.pages_migrated > 0);
	assert_int_equal(r->nr_zones, 2);
	assert_string_equal(r->zones[0].name, "DMA");
	assert_string_equal(r->zones[1].name, "DMA32");
	assert_int_equal(r->zones[1].nr_orders, 11);
	for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
		blocks += r->zones[1].pageblocks[t];
	/* DMA32 spans 16 MiB .. 512 MiB, the pci hole at its end aside */
	assert_true(blocks > 240 && blocks <= 248);
	assert_true(r->zones[1].unusable_milli[10] >= r->zones[1].unusable_milli[0]);
	cmasim_policy_report_destroy(r);
	cmasim_policy_report_destroy(NULL);
	cmasim_scenario_destroy(sc);
}

/* Drop clean page cache never: the area holds none (cma_allowed). */
static bool only_clean(const struct cmasim *sim, void *priv,
		       const struct cmasim_policy_alloc *a)
{
	return a->kind == CMASIM_OWNER_FILE_CLEAN;
}

static bool always(const struct cmasim *sim, void *priv,
		   const struct cmasim_policy_zone *z, unsigned int order)
{
	return true;
}

/*
 * The same scenario with a policy that gives the area to clean page
 * cache only, and to it first: the kernel's balance rule put anonymous
 * pages in the area, which cma_alloc() migrates; the policy's area holds
 * clean cache, which it drops.  Expect the name in the report, nothing
 * migrated, pages dropped, and a lower cost than the kernel's.
 */
static void test_run_scenario_policy(void **state)
{
	struct cmasim_policy p = { .name = "clean-only",
				   .cma_allowed = only_clean,
				   .cma_first = always };
	struct cmasim_scenario *sc = load(small);
	struct cmasim_policy_report *k = NULL, *r = NULL;

	(void)state;
	assert_int_equal(cmasim_policy_run_scenario(sc, NULL, NULL, NULL, &k),
			 0);
	assert_int_equal(cmasim_policy_run_scenario(sc, &p, NULL, NULL, &r),
			 0);
	assert_string_equal(r->policy, "clean-only");
	assert_int_equal(r->cma.pages_migrated, 0);
	assert_true(r->cma.pages_dropped > 0);
	assert_true(r->cost * 10 < k->cost);
	cmasim_policy_report_destroy(k);
	cmasim_policy_report_destroy(r);
	cmasim_scenario_destroy(sc);
}

static int refuse(const struct cmasim *sim, void *data, void **priv)
{
	return -EIO;
}

static int count_results(struct cmasim *sim,
			 const struct cmasim_scenario_result *res, void *data)
{
	(*(int *)data)++;
	return 0;
}

/*
 * A policy whose attach fails: expect the run to stop at the boot with
 * its error, the report to say so, and the caller's callback to have
 * seen the boot's result.
 */
static void test_run_scenario_policy_refused(void **state)
{
	struct cmasim_policy p = { .name = "refused", .attach = refuse };
	struct cmasim_scenario *sc = load(small);
	struct cmasim_policy_report *r = NULL;
	int seen = 0;

	(void)state;
	assert_errno(cmasim_policy_run_scenario(sc, &p, count_results, &seen,
						&r), -EIO);
	assert_int_equal(seen, 1);
	assert_non_null(r);
	assert_int_equal(r->ret, -EIO);
	assert_int_equal(cmasim_scenario_result(sc, 0)->ret, -EIO);
	cmasim_policy_report_destroy(r);
	assert_errno(cmasim_policy_run_scenario(NULL, NULL, NULL, NULL, &r),
		     -EINVAL);
	assert_errno(cmasim_policy_run_scenario(sc, NULL, NULL, NULL, NULL),
		     -EINVAL);
	cmasim_scenario_destroy(sc);
}

/*
 * Expect one SVG document naming every policy, with a bar per policy
 * and a line per policy; bad arguments refused.
 */
static void test_write_svg(void **state)
{
	struct cmasim_policy p = { .name = "clean & <only>",
				   .cma_allowed = only_clean };
	struct cmasim_scenario *sc = load(small);
	struct cmasim_policy_report *r[2] = { NULL, NULL };
	const struct cmasim_policy_report *const *cr =
		(const struct cmasim_policy_report *const *)r;
	GString *svg = g_string_new(NULL);

	(void)state;
	assert_int_equal(cmasim_policy_run_scenario(sc, NULL, NULL, NULL,
						    &r[0]), 0);
	assert_int_equal(cmasim_policy_run_scenario(sc, &p, NULL, NULL, &r[1]),
			 0);
	assert_int_equal(cmasim_policy_write_svg(cr, 2, "two", collect, svg),
			 0);
	assert_true(g_str_has_prefix(svg->str, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_true(g_str_has_suffix(svg->str, "</svg>\n"));
	assert_non_null(strstr(svg->str, ">two</text>"));
	assert_non_null(strstr(svg->str, ">kernel</text>"));
	assert_non_null(strstr(svg->str, ">clean &amp; &lt;only&gt;</text>"));
	assert_null(strstr(svg->str, "<only>"));
	assert_non_null(strstr(svg->str, "<polyline"));
	assert_null(strstr(strstr(svg->str, "<polyline") + 1, "<polyline") ?
		    NULL : "one line only");
	assert_errno(cmasim_policy_write_svg(cr, 0, NULL, collect, svg),
		     -EINVAL);
	assert_errno(cmasim_policy_write_svg(cr, 2, NULL, NULL, svg), -EINVAL);
	assert_errno(cmasim_policy_write_svg(NULL, 2, NULL, collect, svg),
		     -EINVAL);
	cmasim_policy_report_destroy(r[0]);
	cmasim_policy_report_destroy(r[1]);
	cmasim_scenario_destroy(sc);
	g_string_free(svg, TRUE);
}

/* ---- The default policy on the captures ---- */

/* Every result of a run, as one text. */
static int record(struct cmasim *sim, const struct cmasim_scenario_result *r,
		  void *data)
{
	GString *s = data;

	g_string_append_printf(s, "%u %s skipped=%d ret=%d value=%llu check=%d expect=%d\n",
			       r->line, r->text, r->skipped, r->ret,
			       (unsigned long long)r->value, r->check,
			       (int)r->expect);
	for (size_t i = 0; i < r->nr_dmesg; i++)
		g_string_append_printf(s, "K %s\n", r->dmesg[i]);
	for (size_t i = 0; i < r->nr_diag; i++)
		g_string_append_printf(s, "D %s\n", r->diag[i]);
	if (r->output)
		g_string_append_printf(s, "O %s\n", r->output);
	if (r->expect_text)
		g_string_append_printf(s, "E %s\n", r->expect_text);
	return 0;
}

/* Each capture set and the Kconfig tools/snapshot-outputs.sh boots it with. */
static const struct {
	const char *set;
	const char *arch;
	const char *kconfig;
} sets[] = {
	{ "oracle", NULL,
	  "CMA_DEBUG = y\nCMA_DEBUGFS = y\nCMA_SYSFS = y\nDMA_PERNUMA_CMA = y\n"
	  "CMA_SIZE_MBYTES = 0\nCMA_AREAS = 19\nNODES_SHIFT = 10\n"
	  "LOG_BUF_SHIFT = 17\n" },
	{ "oracle-612", NULL,
	  "CMA_DEBUG = y\nCMA_DEBUGFS = y\nCMA_SYSFS = y\nDMA_NUMA_CMA = y\n"
	  "CMA_SIZE_MBYTES = 0\nCMA_AREAS = 20\nNODES_SHIFT = 10\n" },
	{ "oracle-arm64", "arm64",
	  "CMA_SIZE_MBYTES = 64\nCMA_AREAS = 19\nDMA_PERNUMA_CMA = y\n"
	  "CMA_DEBUGFS = n\nCMA_SYSFS = n\n" },
	{ "oracle-arm64-612", "arm64",
	  "CMA_SIZE_MBYTES = 64\nCMA_AREAS = 20\nNODES_SHIFT = 4\n"
	  "CMA_DEBUGFS = n\nCMA_SYSFS = n\n" },
	{ "oracle-arm64-612-16k", "arm64-16k",
	  "CMA_SIZE_MBYTES = 64\nCMA_AREAS = 20\nNODES_SHIFT = 4\n"
	  "CMA_DEBUGFS = n\nCMA_SYSFS = n\n" },
	{ "oracle-arm64-612-numacma", "arm64",
	  "CMA_SIZE_MBYTES = 64\nCMA_AREAS = 20\nNODES_SHIFT = 4\n"
	  "CMA_DEBUGFS = n\nCMA_SYSFS = n\nDMA_NUMA_CMA = y\n" },
};

/*
 * The workload: views, a seeded random phase of both mobilities, page
 * cache both clean and dirty, pins, cma_alloc() of several sizes and
 * alignments (the default area's name differs between captures: a
 * missing one is a failed step, compared like the rest), a fragmenting
 * phase, another cma_alloc(), frees, and every view again.
 */
static const char workload[] =
	"[scenario]\nseed = 11\n"
	"[steps]\n"
	"print buddyinfo pagetypeinfo zoneinfo\n"
	"random churn ops=3000 orders=0:8,1:2,3:1,9:1 movable=70% life=1-600\n"
	"alloc cache count=3000 as=clean-cache\n"
	"alloc dirty count=3000 as=dirty-cache\n"
	"pin churn count=6 pick=spread\n"
	"cma_alloc buf area=reserved count=2048 nowarn\n"
	"cma_alloc buf area=reserved count=512 align=8 nowarn\n"
	"cma_alloc dt area=linux,cma count=1024 nowarn\n"
	"free cache count=1500 pick=spread\n"
	"fragment holes order=3 index=0.6\n"
	"cma_alloc big area=reserved count=6000 nowarn\n"
	"free buf\n"
	"drain\n"
	"print buddyinfo pagetypeinfo zoneinfo meminfo vmstat allocs\n";

static GString *run_capture(const char *log, int s,
			    const struct cmasim_policy *policy,
			    struct cmasim_policy_report **rep)
{
	GString *text = g_string_new(NULL), *out = g_string_new(NULL);
	struct cmasim_scenario *sc;

	g_string_append_printf(text, "[machine]\nboot-log = %s\n", log);
	if (sets[s].arch)
		g_string_append_printf(text, "arch = %s\n", sets[s].arch);
	g_string_append_printf(text, "[kconfig]\n%s%s", sets[s].kconfig,
			       workload);
	sc = load(text->str);
	cmasim_policy_run_scenario(sc, policy, record, out, rep);
	assert_non_null(*rep);
	cmasim_scenario_destroy(sc);
	g_string_free(text, TRUE);
	return out;
}

/*
 * Expect, capture by capture, the same results (return values, counts,
 * kernel lines, diagnostics, views) and the same samples after every
 * step with the "kernel" policy as with none.
 */
static void test_kernel_policy_identical_on_captures(void **state)
{
	const struct cmasim_policy *kernel = cmasim_policy_builtin("kernel");
	const char *shared = getenv("CMASIM_SHARED");
	unsigned int runs = 0;

	(void)state;
	for (size_t s = 0; s < NR_OF(sets); s++) {
		char *dir = g_strdup_printf("%s/%s/captures", shared,
					    sets[s].set);
		GDir *d = g_dir_open(dir, 0, NULL);
		GPtrArray *logs = g_ptr_array_new_with_free_func(g_free);
		const char *f;

		while (d && (f = g_dir_read_name(d)))
			if (g_str_has_suffix(f, ".log"))
				g_ptr_array_add(logs, g_build_filename(dir, f,
								       NULL));
		if (d)
			g_dir_close(d);
		for (guint i = 0; i < logs->len; i++) {
			const char *log = g_ptr_array_index(logs, i);
			struct cmasim_policy_report *a = NULL, *b = NULL;
			GString *ra = run_capture(log, (int)s, NULL, &a);
			GString *rb = run_capture(log, (int)s, kernel, &b);

			if (strcmp(ra->str, rb->str))
				fail_msg("%s: results differ", log);
			assert_int_equal(a->ret, b->ret);
			assert_int_equal(a->nr_samples, b->nr_samples);
			assert_memory_equal(a->samples, b->samples,
					    a->nr_samples * sizeof(*a->samples));
			assert_int_equal(a->nr_zones, b->nr_zones);
			for (unsigned int z = 0; z < a->nr_zones; z++)
				assert_memory_equal(a->zones[z].unusable_milli,
						    b->zones[z].unusable_milli,
						    sizeof(a->zones[z].unusable_milli));
			/* the workload reached its last step */
			assert_non_null(strstr(ra->str, "print buddyinfo pagetypeinfo zoneinfo meminfo"));
			cmasim_policy_report_destroy(a);
			cmasim_policy_report_destroy(b);
			g_string_free(ra, TRUE);
			g_string_free(rb, TRUE);
			runs++;
		}
		g_ptr_array_free(logs, TRUE);
		g_free(dir);
	}
	printf("# %u captures, each booted from its log with and without the kernel policy\n",
	       runs);
	assert_true(runs > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_scenario_report),
		cmocka_unit_test(test_run_scenario_policy),
		cmocka_unit_test(test_run_scenario_policy_refused),
		cmocka_unit_test(test_write_svg),
	};
	const struct CMUnitTest captures[] = {
		cmocka_unit_test(test_kernel_policy_identical_on_captures),
	};
	const char *shared = getenv("CMASIM_SHARED");
	char *probe = shared ? g_strdup_printf("%s/oracle/captures", shared) :
			       NULL;
	bool have = probe && g_file_test(probe, G_FILE_TEST_IS_DIR);

	g_free(probe);
	if (!have)
		printf("# no captures under $CMASIM_SHARED: the capture test is not run\n");
	return tst_run_tables("workload/scenario_policy", tests, NR_OF(tests),
			      captures, have ? NR_OF(captures) : 0);
}
