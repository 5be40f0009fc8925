// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running scenarios (lib/workload/scenario_run.c): one result per
 * executed step with what it logged and printed; every step kind; the
 * verdicts of expectations and a failing one failing the run; guards and
 * loops; determinism (same seed: same state hash, same results); the
 * checker after every step of a long random scenario; machines from a
 * boot log; the trace file; the callback; errors at run time.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

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

static const struct cmasim_scenario_result *res(struct cmasim_scenario *sc,
						size_t i)
{
	const struct cmasim_scenario_result *r = cmasim_scenario_result(sc, i);

	assert_non_null(r);
	return r;
}

static bool has_line(const char *const *lines, size_t n, const char *needle)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(lines[i], needle))
			return true;
	return false;
}

/* Expect the boot first, then a result per step with its own lines. */
static void test_run_results(void **state)
{
	struct cmasim_scenario *sc = load(
		"[machine]\nmemory = 512M\n"
		"[boot]\ncmdline = cma=32M\n"
		"[steps]\n"
		"alloc a order=2 count=3\n"		/* 5 */
		"read /sys/kernel/debug/cma/reserved/count\n"
		"free nope\n"
		"6.1: note \"old\"\n"
		"note \"new\" # a comment\n"
		"loop 2\n"
		"  write /sys/kernel/debug/cma/reserved/alloc 10\n"
		"end\n"
		"cma_alloc x area=reserved count=99999\n");
	const struct cmasim_scenario_result *r;
	struct cmasim *sim = NULL;

	(void)state;
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, &sim), 0);
	assert_non_null(sim);
	assert_int_equal(cmasim_scenario_nr_results(sc), 9);
	r = res(sc, 0);
	assert_string_equal(r->verb, "boot");
	assert_string_equal(r->text, "boot cma=32M");
	assert_string_equal(r->file, "t.scn");
	assert_int_equal(r->line, 0);
	assert_int_equal(r->ret, 0);
	assert_true(has_line(r->dmesg, r->nr_dmesg, "Command line: cma=32M"));
	r = res(sc, 1);
	assert_string_equal(r->verb, "alloc");
	assert_int_equal(r->line, 6);
	assert_int_equal(r->value, 3);
	assert_int_equal(r->nr_dmesg, 0);
	assert_null(r->output);
	assert_int_equal(r->expect, CMASIM_EXPECT_NONE);
	r = res(sc, 2);
	assert_string_equal(r->output, "8192\n");
	r = res(sc, 3);
	assert_errno(r->ret, -ENOENT);
	assert_int_equal(r->nr_diag, 1);
	assert_string_equal(r->diag[0], "client bug: workload free: no named allocation \"nope\"");
	r = res(sc, 4);
	assert_true(r->skipped);
	assert_null(r->output);
	r = res(sc, 5);
	assert_false(r->skipped);
	assert_string_equal(r->text, "note \"new\"");
	assert_string_equal(r->output, "new\n");
	assert_int_equal(res(sc, 6)->line, 12);
	assert_int_equal(res(sc, 7)->line, 12);
	r = res(sc, 8);
	assert_errno(r->ret, -ENOMEM);
	assert_true(has_line(r->diag, r->nr_diag, "99999 pages is more than the area's 8192"));
	assert_null(cmasim_scenario_result(sc, 9));
	/* the instance is the caller's now, without the run's log handler */
	assert_errno(cmasim_workload_get_info(sim, "a", &(struct cmasim_workload_info){ 0 }), 0);
	assert_errno(cmasim_workload_free(sim, "gone", 1, 0, NULL), -ENOENT);
	assert_true(tst_diag_contains(sim, "no named allocation \"gone\""));
	tst_sim_free(sim);
	cmasim_scenario_destroy(sc);
}

/* Expect every step kind to run and each expectation to hold. */
static void test_run_every_step_kind(void **state)
{
	char *dir = g_dir_make_tmp("cmasim-run-XXXXXX", NULL);
	char *snap = g_build_filename(dir, "snap.txt", NULL);
	char *text = g_strdup_printf(
		"[scenario]\nseed = 9\n"
		"[machine]\nkernel = %s\nmemory = 1G\nnodes = 2\n"
		"[boot]\ncmdline = cma=64M\n"
		"[steps]\n"
		"sysctl vm.min_free_kbytes=2048 vm.watermark_scale_factor=20\n"
		"expect ret == 0\n"
		"alloc a count=100 as=clean-cache node=1\n"
		"expect blocks a == 100\n"
		"alloc k count=2 order=3 as=kernel gfp=GFP_KERNEL|__GFP_DMA32\n"
		"expect pages k == 16\n"
		"alloc r2 type=reclaimable\n"
		"cache a dirty\n"
		"pin a count=10 pick=random\n"
		"expect pinned a == 10\n"
		"unpin a count=4\n"
		"expect pinned a == 6\n"
		"free a count=50 pick=spread\n"
		"expect value == 50\n"
		"random r ops=500 orders=0:8,2:2 movable=50 life=1-50\n"
		"expect value <= 500\n"
		"fragment f order=0 free-pageblocks=100000 node=0\n"
		"expect ret == 0\n"
		"cma_alloc c area=reserved size=1M align=8\n"
		"expect pages c in=reserved == 256\n"
		"cma_release c\n"
		"expect blocks c == 0\n"
		"device d node=1 mask=64 coherent-mask=40 area=reserved\n"
		"dma_alloc b dev=d size=64K count=2 nowarn\n"
		"expect value == 2\n"
		"expect pages b in=reserved == 32\n"
		"dma_free b count=1\n"
		"dma_free b\n"
		"drain\n"
		"migrate_failure ppm=1000\n"
		"trace cma_alloc_start on\n"
		"write /sys/kernel/debug/cma/reserved/alloc 4\n"
		"read /sys/kernel/debug/cma/reserved/used\n"
		"expect file /sys/kernel/debug/cma/reserved/used == 68\n"
		"expect file /proc/buddyinfo contains \"Node 1\"\n"
		"expect stat nr_free_pages > 1000\n"
		"expect free node=0 zone=DMA >= 1M\n"
		"expect unusable order=0 zone=DMA32 node=0 == 0\n"
		"expect migrated a == 0\n"
		"expect dropped a == 0\n"
		"print buddyinfo alloc a allocs /sys/kernel/mm/cma/reserved/alloc_pages_success\n"
		"note \"done\"\n"
		"snapshot %s\n"
		"check\n"
		"expect ret == 0\n", tst_state_version(state), snap);
	struct cmasim_scenario *sc = load(text);
	const struct cmasim_scenario_result *r;
	char *content = NULL;
	int ret = cmasim_scenario_run(sc, NULL, NULL, NULL);

	for (size_t i = 0; i < cmasim_scenario_nr_results(sc); i++) {
		r = res(sc, i);
		if (r->expect == CMASIM_EXPECT_FAILED || r->check ||
		    (r->ret && r->expect == CMASIM_EXPECT_NONE))
			fail_msg("line %u: %s -> %d: %s", r->line, r->text, r->ret,
				 r->expect_text ? r->expect_text :
				 r->nr_diag ? r->diag[0] : "");
	}
	assert_errno(ret, 0);
	assert_true(g_file_get_contents(snap, &content, NULL, NULL));
	assert_non_null(strstr(content, "@@@@@ BEGIN PROC_BUDDYINFO @@@@@"));
	assert_non_null(strstr(content, "/sys/kernel/debug/cma/reserved/used: 68"));
	assert_non_null(strstr(content, "state hash: "));
	g_free(content);
	g_unlink(snap);
	g_rmdir(dir);
	g_free(snap);
	g_free(dir);
	g_free(text);
	cmasim_scenario_destroy(sc);
}

/* clang-format off */
static const struct {
	const char *step;
	bool holds;
	const char *verdict;
} expectations[] = {
	{ "expect ret == -EBUSY", false, "ret == -EBUSY: got -ENOMEM" },
	{ "expect ret == -12", true, "ret == -12: got -ENOMEM" },
	{ "expect ret != 0", true, "ret != 0: got -ENOMEM" },
	{ "expect value == 0", true, "value == 0: got 0" },
	{ "expect blocks a >= 5", true, "blocks a >= 5: got 5" },
	{ "expect blocks a < 5", false, "blocks a < 5: got 5" },
	{ "expect blocks none == 0", true, "blocks none == 0: got 0" },
	{ "expect pages a == 20K", true, "pages a == 20K: got 5" },
	{ "expect stat bogus == 0", false, "stat bogus == 0: no vmstat counter bogus" },
	{ "expect file /proc/nope == 1", false, "file /proc/nope == 1: cannot read it (-ENOENT)" },
	{ "expect file /sys/kernel/debug/cma/reserved/count == 8192", true, "file /sys/kernel/debug/cma/reserved/count == 8192: got \"8192\"" },
	{ "expect file /sys/kernel/debug/cma/reserved/count != 8192", false, "file /sys/kernel/debug/cma/reserved/count != 8192: got \"8192\"" },
	{ "expect file /sys/kernel/debug/cma/reserved/count == abc", false, "file /sys/kernel/debug/cma/reserved/count == abc: got \"8192\"" },
	{ "expect file /proc/buddyinfo < 3", false, "file /proc/buddyinfo < 3: got \"Node 0, zone      DMA" },
	{ "expect log contains \"alloc failed\"", true, "log contains \"alloc failed\": holds" },
	{ "expect log lacks \"alloc failed\"", false, "log lacks \"alloc failed\": a line of the step before has it" },
	{ "expect diag contains \"no free window\"", true, "diag contains \"no free window\": holds" },
	{ "expect diag contains \"nothing like it\"", false, "diag contains \"nothing like it\": no line of the step before has it" },
	{ "expect free zone=Nowhere > 0", false, "free zone=Nowhere > 0: no such zone" },
	{ "expect unusable order=10 <= 0.5", true, "unusable order=10 <= 0.5: got 0." },
};
/* clang-format on */

/*
 * Expect each expectation's verdict, after a cma_alloc that fails with
 * -ENOMEM (the step before each is that cma_alloc: expects are not
 * steps of their own for ret and log).
 */
static void test_run_expectation_verdicts(void **state)
{
	GString *t = g_string_new("[machine]\nmemory = 512M\n[boot]\ncmdline = cma=32M\n[steps]\n"
				  "alloc a count=5\n"
				  "cma_alloc x area=reserved count=8192\n");
	struct cmasim_scenario *sc;

	(void)state;
	for (size_t i = 0; i < NR_OF(expectations); i++)
		g_string_append_printf(t, "%s\n", expectations[i].step);
	sc = load(t->str);
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), -EDOM);
	for (size_t i = 0; i < NR_OF(expectations); i++) {
		const struct cmasim_scenario_result *r = res(sc, 3 + i);

		if ((r->expect == CMASIM_EXPECT_PASSED) != expectations[i].holds ||
		    !g_str_has_prefix(r->expect_text, expectations[i].verdict))
			fail_msg("%s: %s, \"%s\"", expectations[i].step,
				 r->expect == CMASIM_EXPECT_PASSED ? "holds" : "fails",
				 r->expect_text);
		assert_errno(r->ret, expectations[i].holds ? 0 : -EDOM);
	}
	g_string_free(t, TRUE);
	cmasim_scenario_destroy(sc);
}

/* Expect a failing expectation to fail the run with -EDOM, the steps
 * after it still run. */
static void test_run_failing_expect_fails_run(void **state)
{
	struct cmasim_scenario *sc = load("[machine]\nmemory = 256M\n[steps]\n"
					  "alloc a count=2\n"
					  "expect blocks a == 3\n"
					  "free a\n"
					  "expect blocks a == 0\n");

	(void)state;
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), -EDOM);
	assert_int_equal(cmasim_scenario_nr_results(sc), 5);
	assert_int_equal(res(sc, 2)->expect, CMASIM_EXPECT_FAILED);
	assert_string_equal(res(sc, 2)->expect_text, "blocks a == 3: got 2");
	assert_int_equal(res(sc, 4)->expect, CMASIM_EXPECT_PASSED);
	cmasim_scenario_destroy(sc);
}

static char *results_text(struct cmasim_scenario *sc)
{
	GString *t = g_string_new(NULL);

	for (size_t i = 0; i < cmasim_scenario_nr_results(sc); i++) {
		const struct cmasim_scenario_result *r = res(sc, i);

		g_string_append_printf(t, "%u %s %d %llu %d\n", r->line, r->text,
				       r->ret, (unsigned long long)r->value,
				       (int)r->expect);
		for (size_t j = 0; j < r->nr_dmesg; j++)
			g_string_append_printf(t, "dmesg %s\n", r->dmesg[j]);
		for (size_t j = 0; j < r->nr_diag; j++)
			g_string_append_printf(t, "diag %s\n", r->diag[j]);
		if (r->output)
			g_string_append(t, r->output);
	}
	return g_string_free(t, FALSE);
}

static const char random_scenario[] =
	"[scenario]\nseed = %llu\ncheck = %s\n"
	"[machine]\nkernel = %s\nmemory = 512M\n"
	"[boot]\ncmdline = cma=64M\n"
	"[steps]\n"
	"migrate_failure ppm=20000\n"
	"loop %u\n"
	"  random w ops=300 orders=0:60,1:20,3:15,9:5 movable=75 life=1-400\n"
	"  pin w count=2 pick=random\n"
	"  cma_alloc c area=reserved size=2M align=8 nowarn\n"
	"  alloc pc count=64 as=clean-cache\n"
	"  free w count=20 pick=random\n"
	"  unpin w count=1 pick=random\n"
	"  cma_release c\n"
	"end\n"
	"print allocs buddyinfo\n";

static struct cmasim_scenario *random_sc(const char *kernel, uint64_t seed,
					 const char *check, unsigned int loops)
{
	char *text = g_strdup_printf(random_scenario, (unsigned long long)seed,
				     check, kernel, loops);
	struct cmasim_scenario *sc = load(text);

	g_free(text);
	return sc;
}

static uint64_t hash_of(struct cmasim_scenario *sc, char **results)
{
	struct cmasim *sim = NULL;
	uint64_t h = 0;

	cmasim_scenario_run(sc, NULL, NULL, &sim);
	assert_non_null(sim);
	assert_errno(cmasim_state_hash(sim, &h), 0);
	cmasim_destroy(sim);
	*results = results_text(sc);
	return h;
}

/*
 * Expect the same seed to give the same state hash and the same results
 * (return values, lines, output) twice from one scenario and once from
 * another load of it; another seed, another state.
 */
static void test_run_deterministic(void **state)
{
	const char *k = tst_state_version(state);
	struct cmasim_scenario *a = random_sc(k, 11, "end", 20);
	struct cmasim_scenario *b = random_sc(k, 11, "end", 20);
	struct cmasim_scenario *c = random_sc(k, 12, "end", 20);
	char *ra, *ra2, *rb, *rc;
	uint64_t ha = hash_of(a, &ra), ha2 = hash_of(a, &ra2);
	uint64_t hb = hash_of(b, &rb), hc = hash_of(c, &rc);

	assert_true(ha == ha2);
	assert_true(ha == hb);
	assert_string_equal(ra, ra2);
	assert_string_equal(ra, rb);
	assert_true(ha != hc);
	assert_string_not_equal(ra, rc);
	g_free(ra);
	g_free(ra2);
	g_free(rb);
	g_free(rc);
	cmasim_scenario_destroy(a);
	cmasim_scenario_destroy(b);
	cmasim_scenario_destroy(c);
}

static int check_each(struct cmasim *sim, const struct cmasim_scenario_result *r,
		      void *data)
{
	unsigned int *n = data;

	if (r->check || cmasim_check(sim))
		fail_msg("the checker failed after line %u: %s", r->line, r->text);
	(*n)++;
	return 0;
}

/* Expect the checker to pass after every step of a long random run
 * (scenario.check = step, and the callback's own check). */
static void test_run_checker_every_step(void **state)
{
	struct cmasim_scenario *sc = random_sc(tst_state_version(state), 5,
					       "step", 150);
	unsigned int n = 0;

	assert_errno(cmasim_scenario_run(sc, check_each, &n, NULL), 0);
	assert_int_equal(n, 2 + 150 * 7 + 1);
	assert_int_equal(cmasim_scenario_nr_results(sc), n);
	cmasim_scenario_destroy(sc);
}

static int stop_at_third(struct cmasim *sim, const struct cmasim_scenario_result *r,
			 void *data)
{
	(void)sim;
	(void)r;
	return ++*(int *)data == 3 ? 77 : 0;
}

/* Expect a non-zero callback value to stop the run and be returned. */
static void test_run_callback_stops(void **state)
{
	struct cmasim_scenario *sc = load("[machine]\nmemory = 256M\n[steps]\n"
					  "drain\ndrain\ndrain\ndrain\n");
	int n = 0;

	(void)state;
	assert_int_equal(cmasim_scenario_run(sc, stop_at_third, &n, NULL), 77);
	assert_int_equal(cmasim_scenario_nr_results(sc), 3);
	/* a second run starts over */
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	assert_int_equal(cmasim_scenario_nr_results(sc), 5);
	assert_errno(cmasim_scenario_run(NULL, NULL, NULL, NULL), -EINVAL);
	cmasim_scenario_destroy(sc);
}

/* Expect a machine that cannot be had to fail the run at the boot, the
 * boot's result saying why, the instance handed out anyway. */
static void test_run_boot_fails(void **state)
{
	struct cmasim_scenario *sc = load("[machine]\nmemory = 256M\n[steps]\ndrain\n");
	struct cmasim *sim = NULL;
	const struct cmasim_scenario_result *r;

	(void)state;
	assert_errno(cmasim_scenario_set(sc, "machine.arch", "arm", NULL, NULL), 0);
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, &sim), -EINVAL);
	assert_int_equal(cmasim_scenario_nr_results(sc), 1);
	r = res(sc, 0);
	assert_errno(r->ret, -EINVAL);
	assert_true(has_line(r->diag, r->nr_diag, "arch arm has no built-in machine: give a boot-log"));
	assert_non_null(sim);
	cmasim_destroy(sim);
	/* a knob another profile lacks is left out, with a note */
	assert_errno(cmasim_scenario_set(sc, "machine.arch", "x86_64", NULL, NULL), 0);
	assert_errno(cmasim_scenario_set(sc, "kconfig.ARCH_FORCE_MAX_ORDER", "10", NULL, NULL), 0);
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	r = res(sc, 0);
	assert_true(has_line(r->diag, r->nr_diag, "[kconfig] ARCH_FORCE_MAX_ORDER: not a knob of this arch and kernel: left out"));
	cmasim_scenario_destroy(sc);
}

/* Expect a machine from a real boot log, its kernel version with it. */
static void test_run_boot_log(void **state)
{
	char *text = g_strdup_printf("[machine]\nboot-log = %s/tests/data/s04-6.1-early.log\n"
				     "[steps]\n6.1: note \"6.1 from the log\"\n"
				     "6.12: note \"not this one\"\n",
				     g_getenv("CMASIM_SRCDIR"));
	struct cmasim_scenario *sc = load(text);
	const struct cmasim_scenario_result *r;

	(void)state;
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	r = res(sc, 0);
	assert_true(g_str_has_prefix(r->text, "boot console=ttyS0 loglevel=8 nokaslr memblock=debug cma=64M"));
	assert_false(res(sc, 1)->skipped);
	assert_true(res(sc, 2)->skipped);
	/* the boot log's machine is kept for the next run */
	assert_errno(cmasim_scenario_set(sc, "boot.cmdline-append", "loglevel=4", NULL, NULL), 0);
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	assert_true(g_str_has_suffix(res(sc, 0)->text, "cma=64M loglevel=4"));
	g_free(text);
	cmasim_scenario_destroy(sc);
}

/* Expect a device tree's machine: arm64, its bootargs, its CMA pool as
 * an area the steps can use. */
static void test_run_device_tree(void **state)
{
	char *text = g_strdup_printf("[machine]\ndtb = %s/tests/data/dt-board.dtb\n"
				     "[steps]\narm64: cma_alloc b area=linux,cma size=1M\n"
				     "expect ret == 0\n"
				     "x86_64: note \"not this one\"\n",
				     g_getenv("CMASIM_SRCDIR"));
	struct cmasim_scenario *sc = load(text);
	struct cmasim *sim = NULL;

	(void)state;
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, &sim), 0);
	assert_string_equal(res(sc, 0)->text, "boot console=ttyAMA0");
	assert_int_equal(cmasim_get_arch(sim), CMASIM_ARCH_ARM64_4K);
	assert_false(res(sc, 1)->skipped);
	assert_true(res(sc, 3)->skipped);
	cmasim_destroy(sim);
	g_free(text);
	cmasim_scenario_destroy(sc);
}

/* Expect trace.file to get the nop tracer's header and the events. */
static void test_run_trace_file(void **state)
{
	char *dir = g_dir_make_tmp("cmasim-trace-XXXXXX", NULL);
	char *path = g_build_filename(dir, "trace.txt", NULL);
	char *text = g_strdup_printf("[machine]\nmemory = 512M\n[boot]\ncmdline = cma=32M\n"
				     "[trace]\nevents = cma_alloc_start cma_alloc_finish\nfile = %s\n"
				     "[steps]\ncma_alloc c area=reserved count=8\n", path);
	struct cmasim_scenario *sc = load(text);
	char *content = NULL;

	(void)state;
	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	assert_true(g_file_get_contents(path, &content, NULL, NULL));
	assert_true(g_str_has_prefix(content, "# tracer: nop\n#\n"));
	assert_non_null(strstr(content, "          cmasim-1       [000] ..... "));
	assert_non_null(strstr(content, ": cma_alloc_start: name=reserved count=8 align=0"));
	assert_non_null(strstr(content, ": cma_alloc_finish: name=reserved"));
	g_free(content);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	g_free(text);
	cmasim_scenario_destroy(sc);
}

/* Expect the names a step uses checked when it runs: no such area,
 * device or zone; a gfp this kernel lacks. */
static void test_run_names_checked(void **state)
{
	char *text = g_strdup_printf("[machine]\nkernel = %s\nmemory = 256M\n[steps]\n"
				     "cma_alloc c area=nowhere count=1\n"
				     "dma_alloc b dev=ghost size=4K\n"
				     "fragment f order=0 free-pageblocks=1 zone=Movable\n"
				     "alloc a gfp=__GFP_ATOMIC\n"
				     "device d area=nowhere\n"
				     "cma_release x\n"
				     "alloc k as=kernel\n"
				     "cma_release k\n",
				     tst_state_version(state));
	struct cmasim_scenario *sc = load(text);
	bool v61 = !strcmp(tst_state_version(state), "6.1");

	assert_errno(cmasim_scenario_run(sc, NULL, NULL, NULL), 0);
	assert_errno(res(sc, 1)->ret, -ENOENT);
	assert_true(has_line(res(sc, 1)->diag, res(sc, 1)->nr_diag,
			     "cma_alloc: no CMA area \"nowhere\" (the areas: none)"));
	assert_errno(res(sc, 2)->ret, -ENOENT);
	assert_true(has_line(res(sc, 2)->diag, res(sc, 2)->nr_diag,
			     "dma_alloc: no device \"ghost\""));
	assert_errno(res(sc, 3)->ret, -ENOENT);
	assert_true(has_line(res(sc, 3)->diag, res(sc, 3)->nr_diag,
			     "fragment: no zone Movable"));
	if (v61) {
		assert_errno(res(sc, 4)->ret, 0);
	} else {
		assert_errno(res(sc, 4)->ret, -EINVAL);
		assert_true(has_line(res(sc, 4)->diag, res(sc, 4)->nr_diag,
				     "gfp=__GFP_ATOMIC: a flag this kernel does not have"));
	}
	assert_errno(res(sc, 5)->ret, -ENOENT);
	assert_errno(res(sc, 6)->ret, -ENOENT);
	assert_errno(res(sc, 8)->ret, -EINVAL);
	assert_true(has_line(res(sc, 8)->diag, res(sc, 8)->nr_diag,
			     "cma_release: \"k\" holds no cma_alloc ranges"));
	g_free(text);
	cmasim_scenario_destroy(sc);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_run_results),
		cmocka_unit_test(test_run_expectation_verdicts),
		cmocka_unit_test(test_run_failing_expect_fails_run),
		cmocka_unit_test(test_run_callback_stops),
		cmocka_unit_test(test_run_boot_fails),
		cmocka_unit_test(test_run_boot_log),
		cmocka_unit_test(test_run_device_tree),
		cmocka_unit_test(test_run_trace_file),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test(test_run_every_step_kind),
		cmocka_unit_test(test_run_deterministic),
		cmocka_unit_test(test_run_checker_every_step),
		cmocka_unit_test(test_run_names_checked),
	};

	return tst_run_groups("scenario_run", plain, NR_OF(plain), per_version,
			      NR_OF(per_version));
}
