// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trace events (lib/core/trace.c): enable mask, sink, the trace file in
 * ftrace's text format, gfp names both ways, and the kernel's TP_printk
 * formats of mm_page_alloc, mm_page_free and mm_page_alloc_extfrag
 * (include/trace/events/kmem.h).
 */
#include "config.h"

#include <errno.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <cmasim/cmasim.h>

#include "mm-helpers.h"
#include "core/trace.h"

struct rec {
	GPtrArray *lines;
};

static void sink(const char *event, const char *text, void *data)
{
	struct rec *r = data;

	g_ptr_array_add(r->lines, g_strdup_printf("%s: %s", event, text));
}

static bool has_prefix_line(struct rec *r, const char *prefix)
{
	for (guint i = 0; i < r->lines->len; i++)
		if (g_str_has_prefix(r->lines->pdata[i], prefix))
			return true;
	return false;
}

/* Expect the exact mm_page_alloc and mm_page_free text for an order-4 block. */
static void test_trace_page_alloc_free_format(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	struct rec r = { g_ptr_array_new_with_free_func(g_free) };
	uint64_t pfn;
	char want[256];

	assert_errno(cmasim_trace_set_sink(sim, sink, &r), 0);
	assert_errno(cmasim_trace_enable(sim, "mm_page_alloc", true), 0);
	assert_errno(cmasim_trace_enable(sim, "mm_page_free", true), 0);
	pfn = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP, 4);
	assert_errno(cmasim_free_pages(sim, pfn, 4), 0);
	assert_int_equal(r.lines->len, 2);
	snprintf(want, sizeof(want),
		 "mm_page_alloc: page=%016llx pfn=0x%llx order=4 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_COMP",
		 (unsigned long long)cms_trace_page_addr(sim, pfn),
		 (unsigned long long)pfn);
	assert_string_equal(r.lines->pdata[0], want);
	snprintf(want, sizeof(want), "mm_page_free: page=%016llx pfn=0x%llx order=4",
		 (unsigned long long)cms_trace_page_addr(sim, pfn),
		 (unsigned long long)pfn);
	assert_string_equal(r.lines->pdata[1], want);
	g_ptr_array_free(r.lines, TRUE);
	tst_sim_free(sim);
}

/*
 * mm_page_alloc_zone_locked's percpu_refill is pcp_allowed_order(order)
 * && a pcp type: a THP-sized (pageblock_order, 9) movable request fills
 * the per-cpu THP list.  Expect percpu_refill=1 on its lines (both
 * versions).
 */
static void test_trace_zone_locked_thp_order_refills_pcp(void **state)
{
	struct cmasim *sim = *state;
	struct rec r = { g_ptr_array_new_with_free_func(g_free) };

	cmasim_trace_set_sink(sim, sink, &r);
	cmasim_trace_enable(sim, "mm_page_alloc_zone_locked", true);
	tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP, 9);
	assert_true(r.lines->len >= 1);
	for (guint i = 0; i < r.lines->len; i++)
		assert_true(g_str_has_suffix(r.lines->pdata[i],
				" order=9 migratetype=1 percpu_refill=1"));
	g_ptr_array_free(r.lines, TRUE);
}

/*
 * An unmovable order-4 request claims an order-10 MOVABLE block.
 * Expect mm_page_alloc_extfrag with fallback_order=10, fragmenting=0 and
 * change_ownership=1.
 */
static void test_trace_extfrag_on_claim(void **state)
{
	struct cmasim *sim = *state;
	struct rec r = { g_ptr_array_new_with_free_func(g_free) };
	uint64_t pfn;
	char want[300];

	cmasim_trace_set_sink(sim, sink, &r);
	cmasim_trace_enable(sim, "mm_page_alloc_extfrag", true);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_int_equal(r.lines->len, 1);
	snprintf(want, sizeof(want),
		 "mm_page_alloc_extfrag: page=%016llx pfn=0x%llx alloc_order=4 fallback_order=10 pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 change_ownership=1",
		 (unsigned long long)cms_trace_page_addr(sim, pfn),
		 (unsigned long long)pfn);
	assert_string_equal(r.lines->pdata[0], want);
	g_ptr_array_free(r.lines, TRUE);
}

/* A disabled event reaches no sink; "all" enables every row. */
static void test_trace_enable_mask(void **state)
{
	struct cmasim *sim = tst_small_x86("6.1");
	struct rec r = { g_ptr_array_new_with_free_func(g_free) };
	uint64_t pfn;

	cmasim_trace_set_sink(sim, sink, &r);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_int_equal(r.lines->len, 0);
	assert_errno(cmasim_trace_enable(sim, "all", true), 0);
	assert_errno(cmasim_free_pages(sim, pfn, 4), 0);
	assert_true(has_prefix_line(&r, "mm_page_free: "));
	assert_errno(cmasim_trace_enable(sim, "all", false), 0);
	assert_errno(cmasim_trace_enable(sim, "mm_nope", true), -ENOENT);
	assert_errno(cmasim_trace_enable(sim, NULL, true), -EINVAL);
	assert_errno(cmasim_trace_set_sink(NULL, sink, &r), -EINVAL);
	g_ptr_array_free(r.lines, TRUE);
	tst_sim_free(sim);
}

/* show_gfp_flags(): composites first, then bits; 6.1 names __GFP_ATOMIC. */
static void test_trace_gfp_names(void **state)
{
	struct cmasim *s61 = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim *s612 = tst_sim_new(NULL, "6.12", NULL);
	char b[256];

	assert_string_equal(cms_trace_gfp_name(s612, CMASIM_GFP_KERNEL, b, sizeof(b)), "GFP_KERNEL");
	assert_string_equal(cms_trace_gfp_name(s61, CMASIM_GFP_ATOMIC, b, sizeof(b)), "GFP_ATOMIC");
	assert_string_equal(cms_trace_gfp_name(s612, CMASIM_GFP_ATOMIC, b, sizeof(b)), "GFP_ATOMIC");
	assert_string_equal(cms_trace_gfp_name(s612, CMASIM_GFP_KERNEL | CMASIM___GFP_NOWARN | CMASIM_GFP_DMA, b, sizeof(b)),
			    "GFP_KERNEL|GFP_DMA|__GFP_NOWARN");
	assert_string_equal(cms_trace_gfp_name(s612, 0, b, sizeof(b)), "none");
	tst_sim_free(s61);
	tst_sim_free(s612);
}

/*
 * Expect the nop tracer's header, then one line per enabled event in
 * trace_print_context()'s layout with a clock of one microsecond per
 * event; a disabled event writes nothing; the sink still gets them.
 */
static void test_trace_file_format(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	char *dir = g_dir_make_tmp("cmasim-trace-XXXXXX", NULL);
	char *path = g_build_filename(dir, "trace", NULL);
	struct rec r = { g_ptr_array_new_with_free_func(g_free) };
	char *text = NULL, *want;
	gchar **lines;
	uint64_t pfn;

	(void)state;
	assert_errno(cmasim_trace_open_file(sim, path), 0);
	assert_errno(cmasim_trace_set_sink(sim, sink, &r), 0);
	assert_errno(cmasim_trace_enable(sim, "mm_page_alloc", true), 0);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 2);
	assert_errno(cmasim_free_pages(sim, pfn, 2), 0);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 2);
	assert_errno(cmasim_trace_close_file(sim), 0);
	assert_errno(cmasim_trace_close_file(sim), -ENOENT);
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	assert_string_equal(lines[0], "# tracer: nop");
	assert_string_equal(lines[1], "#");
	assert_string_equal(lines[2], "#                                _-----=> irqs-off/BH-disabled");
	assert_string_equal(lines[8], "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION");
	assert_string_equal(lines[9], "#              | |         |   |||||     |         |");
	want = g_strdup_printf("          cmasim-1       [000] .....     0.000002: mm_page_alloc: page=%016llx pfn=0x%llx order=2 migratetype=0 gfp_flags=GFP_KERNEL",
			       (unsigned long long)cms_trace_page_addr(sim, pfn),
			       (unsigned long long)pfn);
	assert_true(g_str_has_prefix(lines[10], "          cmasim-1       [000] .....     0.000001: mm_page_alloc: "));
	assert_string_equal(lines[11], want);
	assert_string_equal(lines[12], "");
	assert_null(lines[13]);
	assert_int_equal(r.lines->len, 2);
	g_strfreev(lines);
	g_free(want);
	g_free(text);
	g_unlink(path);
	/* open and left open: cmasim_destroy() closes it */
	assert_errno(cmasim_trace_open_file(sim, path), 0);
	tst_sim_free(sim);
	assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	g_ptr_array_free(r.lines, TRUE);
}

/* Expect the file calls' argument checks and an unwritable path -EIO. */
static void test_trace_file_errors(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);

	(void)state;
	assert_errno(cmasim_trace_open_file(NULL, "/tmp/x"), -EINVAL);
	assert_errno(cmasim_trace_open_file(sim, NULL), -EINVAL);
	assert_errno(cmasim_trace_open_file(sim, "/nonexistent/dir/trace"), -EIO);
	assert_true(tst_diag_contains(sim, "trace file /nonexistent/dir/trace: "));
	assert_errno(cmasim_trace_close_file(sim), -ENOENT);
	assert_errno(cmasim_trace_close_file(NULL), -EINVAL);
	tst_sim_free(sim);
}

/* Expect every modelled event listed, then NULL. */
static void test_trace_event_names(void **state)
{
	unsigned int n = 0;

	(void)state;
	assert_string_equal(cmasim_trace_event_name(0), "mm_page_alloc");
	while (cmasim_trace_event_name(n))
		n++;
	assert_int_equal(n, CMS_TRACE_COUNT);
	assert_string_equal(cmasim_trace_event_name(n - 1),
			    "mm_alloc_contig_migrate_range_info");
}

/* clang-format off */
static const struct {
	bool atomic;		/* the kernel has __GFP_ATOMIC (6.1) */
	const char *text;
	int ret;
	unsigned int gfp;
	const char *bad;	/* where parsing stopped */
} gfp_cases[] = {
	{ false, "GFP_KERNEL", 0, CMASIM_GFP_KERNEL, NULL },
	{ false, "GFP_KERNEL|__GFP_DMA32", 0, CMASIM_GFP_KERNEL | CMASIM___GFP_DMA32, NULL },
	{ false, "GFP_KERNEL|GFP_DMA32", 0, CMASIM_GFP_KERNEL | CMASIM___GFP_DMA32, NULL },
	{ false, "__GFP_DMA", 0, CMASIM___GFP_DMA, NULL },
	{ false, "GFP_HIGHUSER_MOVABLE|__GFP_COMP", 0, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP, NULL },
	{ false, "0x8", 0, CMASIM___GFP_MOVABLE, NULL },
	{ false, "GFP_ATOMIC", 0, CMASIM___GFP_HIGH | CMASIM___GFP_KSWAPD_RECLAIM, NULL },
	{ true, "GFP_ATOMIC", 0, CMASIM_GFP_ATOMIC, NULL },
	{ true, "__GFP_ATOMIC", 0, CMASIM___GFP_ATOMIC, NULL },
	{ false, "__GFP_ATOMIC", -EINVAL, 0, "__GFP_ATOMIC" },
	{ false, "GFP_KERNEL|BOGUS", -EINVAL, 0, "BOGUS" },
	{ false, "GFP_KERNEL|", -EINVAL, 0, "" },
	{ false, "|GFP_KERNEL", -EINVAL, 0, "|GFP_KERNEL" },
	{ false, "0xzz", -EINVAL, 0, "0xzz" },
};
/* clang-format on */

/* Expect names read back to the bits show_gfp_flags() prints them for. */
static void test_trace_gfp_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < NR_OF(gfp_cases); i++) {
		unsigned int gfp = 0xdead;
		const char *bad = NULL;
		int ret = cms_trace_gfp_parse(gfp_cases[i].atomic,
					      gfp_cases[i].text, &gfp, &bad);

		if (ret != gfp_cases[i].ret ||
		    (!ret && gfp != gfp_cases[i].gfp) ||
		    (ret && strcmp(bad, gfp_cases[i].bad)))
			fail_msg("\"%s\": ret %d gfp %#x bad \"%s\"",
				 gfp_cases[i].text, ret, gfp, bad ? bad : "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_page_alloc_free_format),
		cmocka_unit_test(test_trace_enable_mask),
		cmocka_unit_test(test_trace_gfp_names),
		cmocka_unit_test(test_trace_file_format),
		cmocka_unit_test(test_trace_file_errors),
		cmocka_unit_test(test_trace_event_names),
		cmocka_unit_test(test_trace_gfp_parse),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_trace_extfrag_on_claim,
						tst_setup_small_x86,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_trace_zone_locked_thp_order_refills_pcp,
						tst_setup_small_x86,
						tst_teardown_checked),
	};

	return tst_run_groups("trace", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
