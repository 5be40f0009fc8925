// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for cma_alloc()/cma_release() of lib/mm/cma.c over an area's
 * bitmap as 6.1 and 6.12 run them, and the debugfs/sysfs files of
 * lib/mm/cma_debug.c that show and drive them.  Each test runs on an
 * instance whose memory is one real, activated CMA area
 * (tst_cma_sim_new).  The numbers of the replay tests are those of the
 * real captures oracle/s04 and oracle-612/s04 (cma=64M on a 1 GiB
 * machine).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"

#define BASE 245248u	/* 0x3be00, the s04 area */
#define PB 512u		/* pages per pageblock (x86_64) */

static void cat(const char *text, void *data)
{
	g_strlcat(data, text, 4096);
}

/* Read @file of area "reserved" ("debug/used" or "mm/alloc_pages_fail"). */
static const char *rd(struct cmasim *sim, const char *file)
{
	static char buf[4096];
	char path[256];
	bool dbg = !strncmp(file, "debug/", 6);

	snprintf(path, sizeof(path), "/sys/kernel/%s/reserved/%s",
		 dbg ? "debug/cma" : "mm/cma", file + (dbg ? 6 : 3));
	buf[0] = '\0';
	assert_int_equal(cmasim_file_read(sim, path, cat, buf), 0);
	return buf;
}

static int wr(struct cmasim *sim, const char *file, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/debug/cma/reserved/%s", file);
	return cmasim_file_write(sim, path, val);
}

static struct cmasim_cma *area(struct cmasim *sim, const char *name)
{
	struct cmasim_cma *c = cmasim_cma_find(sim, name);

	assert_non_null(c);
	return c;
}

static uint64_t pages_failed(struct cmasim *sim, const char *name)
{
	return area(sim, name)->nr_pages_failed;
}

/*
 * The s04 area after boot: the two DMA atomic pools took 32 pages each
 * with align 5.  Returns the instance.
 */
static struct cmasim *s04(const char *kernel, bool debug)
{
	struct cmasim *sim = tst_cma_sim_new(kernel, "reserved", BASE, 16384, 0,
					     debug ? "CMA_DEBUG=y" :
					     "CMA_DEBUG=n", NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_cma_alloc(sim, a, 32, 5, 0, &pfn), 0);
	assert_int_equal(pfn, BASE);
	assert_int_equal(cmasim_cma_alloc(sim, a, 32, 5, 0, &pfn), 0);
	assert_int_equal(pfn, BASE + 32);
	cmasim_dmesg_clear(sim);
	return sim;
}

struct step {
	const char *op;		/* "alloc" or "free" */
	const char *val;
	int ret;
	const char *used, *maxchunk, *bitmap_head;
};

/* The CMA_EXERCISE of s04, identical on 6.1 and 6.12. */
static const struct step s04_steps[] = {
	{ "alloc", "1", 0, "65\n", "16319\n", "4294967295 4294967295 1 0 " },
	{ "alloc", "512", 0, "577\n", "15807\n", "4294967295 4294967295 4294967295 4294967295 " },
	{ "alloc", "1000", 0, "1577\n", "14807\n", NULL },
	{ "free", "1000", 0, "577\n", "15807\n", NULL },
	{ "alloc", "3", 0, "580\n", "15804\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", "4294967295 4294967295 0 0 " },
	{ "alloc", "16384", -ENOMEM, "64\n", "16320\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", NULL },
	{ "alloc", "16385", -ENOMEM, "64\n", "16320\n", NULL },
	{ "alloc", "16320", 0, "16384\n", "0\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", NULL },
	{ "alloc", "8192", 0, "8256\n", "8128\n", NULL },
	{ "alloc", "8192", -ENOMEM, "8256\n", "8128\n", NULL },
	{ "alloc", "1", 0, "8257\n", "8127\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", "4294967295 4294967295 0 0 " },
};

static void replay_s04(struct cmasim *sim)
{
	for (size_t i = 0; i < CMS_ARRAY_SIZE(s04_steps); i++) {
		const struct step *s = &s04_steps[i];

		assert_errno(wr(sim, s->op, s->val), s->ret);
		assert_string_equal(rd(sim, "debug/used"), s->used);
		assert_string_equal(rd(sim, "debug/maxchunk"), s->maxchunk);
		if (s->bitmap_head)
			assert_true(!strncmp(rd(sim, "debug/bitmap"),
					     s->bitmap_head,
					     strlen(s->bitmap_head)));
	}
}

/* Expect every s04 step on 6.1 and the 6.1 sysfs totals 26093/40961
 * (6.1 counts the oversized 16385 as failed pages). */
static void test_cma_alloc_replay_s04_v61(void **state)
{
	struct cmasim *sim = s04("6.1", true);

	(void)state;
	replay_s04(sim);
	assert_string_equal(rd(sim, "mm/alloc_pages_success"), "26093\n");
	assert_string_equal(rd(sim, "mm/alloc_pages_fail"), "40961\n");
	tst_sim_free(sim);
}

/* Expect the same steps on 6.12, fail=24576 (the 16385 request returns
 * before any accounting) and release_pages_success counted. */
static void test_cma_alloc_replay_s04_v612(void **state)
{
	struct cmasim *sim = s04("6.12", true);

	(void)state;
	replay_s04(sim);
	assert_string_equal(rd(sim, "mm/alloc_pages_success"), "26093\n");
	assert_string_equal(rd(sim, "mm/alloc_pages_fail"), "24576\n");
	assert_string_equal(rd(sim, "mm/release_pages_success"), "26029\n");
	tst_sim_free(sim);
}

/* Expect the 6.1 dmesg lines of the capture for a failed alloc 16384. */
static void test_cma_alloc_fail_log_v61(void **state)
{
	struct cmasim *sim = s04("6.1", true);

	(void)state;
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	{
		struct cmasim_cma_window f;

		assert_int_equal(cmasim_cma_alloc_window(sim, 0, &f), 0);
		assert_int_equal(f.reason, CMASIM_CMA_NO_WINDOW);
		assert_int_equal(f.err, -ENOMEM);
		assert_int_equal(f.start, BASE);
		assert_int_equal(f.end, BASE + 16384);
		assert_string_equal(f.text, "no free window of 16384 pages: largest is 16320");
		assert_errno(cmasim_cma_alloc_window(sim, 1, &f), -ENOENT);
		assert_true(tst_diag_contains(sim, "no free window of 16384 pages: largest is 16320"));
	}
	assert_int_equal(cmasim_dmesg_count(sim), 4);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_alloc(cma (____ptrval____), count 16384, align 0)");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: cma_alloc: reserved: alloc failed, req-size: 16384 pages, ret: -12");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "cma: number of available pages: 16320@64=> 16320 free of 16384 total pages");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "cma: cma_alloc(): returned 0000000000000000");
	tst_sim_free(sim);
}

/* Expect 6.1 without CMA_DEBUG: the pr_err line only (show_areas is
 * compiled out). */
static void test_cma_alloc_fail_log_v61_nodebug(void **state)
{
	struct cmasim *sim = s04("6.1", false);

	(void)state;
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_alloc: reserved: alloc failed, req-size: 16384 pages, ret: -12");
	tst_sim_free(sim);
}

/* Expect the 6.12 lines (__cma_alloc, name in the debug line); without
 * DEBUG the free-range dump is still printed. */
static void test_cma_alloc_fail_log_v612(void **state)
{
	struct cmasim *sim = s04("6.12", true);

	(void)state;
	assert_errno(wr(sim, "alloc", "8192\n"), 0);
	cmasim_dmesg_clear(sim);
	assert_errno(wr(sim, "alloc", "8192"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 4);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: __cma_alloc(cma (____ptrval____), name: reserved, count 8192, align 0)");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: __cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -12");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "cma: number of available pages: 8128@8256=> 8128 free of 16384 total pages");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "cma: __cma_alloc(): returned 0000000000000000");
	tst_sim_free(sim);

	sim = s04("6.12", false);
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: number of available pages: 16320@64=> 16320 free of 16384 total pages");
	tst_sim_free(sim);
}

/* Expect an oversized request to log only the entry debug line, on
 * both versions, as the captures show for 16385. */
static void test_cma_alloc_oversized_is_silent(void **state)
{
	const char *k[] = { "6.1", "6.12" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = s04(k[i], true);

		assert_errno(wr(sim, "alloc", "16385"), -ENOMEM);
		assert_int_equal(cmasim_dmesg_count(sim), 1);
		tst_sim_free(sim);
	}
}

/*
 * base_pfn 0x40200 (2 MiB aligned, not 4 MiB), align 10: windows must
 * start where pfn % 1024 == 0, so bit 512 (pfn 0x40400) is the first.
 *   0x40200   0x40400           0x40800           0x40a00
 *   |..512..|[16]......1008.....|[16].....496.....|
 * Expect pfn 0x40400, then 0x40800 for a second 16-page request, then
 * the area's first page for one page without alignment.
 */
static void test_cma_alloc_align_uses_base_offset(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "odd", 0x40200, 4 * PB, 0,
					     NULL);
	struct cmasim_cma *a = area(sim, "odd");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 10, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40400);
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 10, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40800);
	assert_int_equal(cmasim_cma_alloc(sim, a, 1, 0, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40200);
	tst_sim_free(sim);
}

/*
 * order_per_bit 2 on one pageblock (128 bits): a 5-page request takes 2
 * bits (8 pages); used reads 8.  Expect debugfs free of 3 to refuse the
 * partial release and keep it.
 */
static void test_cma_alloc_order_per_bit_rounds_and_refuses_partial(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 2,
					     NULL);
	char buf[64] = "";

	(void)state;
	assert_errno(wr(sim, "alloc", "5"), 0);
	assert_string_equal(rd(sim, "debug/used"), "8\n");
	assert_string_equal(rd(sim, "debug/maxchunk"), "504\n");
	assert_string_equal(rd(sim, "debug/bitmap"), "3 0 0 0\n");
	assert_errno(wr(sim, "free", "3"), 0);
	assert_string_equal(rd(sim, "debug/used"), "8\n");
	assert_true(tst_diag_contains(sim, "refuses partial releases"));
	assert_errno(wr(sim, "free", "5"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	(void)buf;
	tst_sim_free(sim);
}

/*
 * order_per_bit 0: free 10 of a 100-page allocation releases its first
 * 10 pages and keeps 90 on the list.  Expect used 90, then 0.
 */
static void test_cma_debug_free_partial_head(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);

	(void)state;
	assert_errno(wr(sim, "alloc", "100"), 0);
	assert_errno(wr(sim, "free", "10"), 0);
	assert_string_equal(rd(sim, "debug/used"), "90\n");
	/* bits 10..99 remain: word 0 has bits 10..31 set */
	assert_true(!strncmp(rd(sim, "debug/bitmap"), "4294966272 4294967295 4294967295 15 ", 36));
	assert_errno(wr(sim, "free", "90"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

/*
 * The written value is cut to an int: 4294967297 is 1 page; -1 as an
 * int is a count of ULONG_MAX, larger than any area.  Expect used 1,
 * then -ENOMEM.  free with a negative int releases everything.
 */
static void test_cma_debug_values_cut_to_int(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);

	(void)state;
	assert_errno(wr(sim, "alloc", "4294967297"), 0);
	assert_string_equal(rd(sim, "debug/used"), "1\n");
	assert_errno(wr(sim, "alloc", "4294967295"), -ENOMEM);
	assert_errno(wr(sim, "alloc", "7"), 0);
	assert_errno(wr(sim, "free", "0xffffffff"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

/* Expect count 0 to fail: 6.1 counts a failure (of 0 pages), 6.12 not. */
static void test_cma_alloc_zero_count(void **state)
{
	const char *k[] = { "6.1", "6.12" };

	(void)state;
	for (int v = 0; v < 2; v++) {
		struct cmasim *sim = tst_cma_sim_new(k[v], "reserved", 0x1000, PB, 0,
						     NULL);
		cmasim_pfn_t pfn = 77;
		uint64_t fails = 0;

		assert_errno(cmasim_cma_alloc(sim, area(sim, "reserved"), 0, 0, 0, &pfn),
			     -ENOMEM);
		assert_int_equal(pfn, 77);
		assert_int_equal(pages_failed(sim, "reserved"), 0);
		assert_int_equal(cmasim_stat_get(sim, "cma_alloc_fail", &fails), 0);
		assert_int_equal(fails, v == 0 ? 1 : 0);
		assert_string_equal(rd(sim, "debug/used"), "0\n");
		tst_sim_free(sim);
	}
}

/* Expect no_warn to silence the failure line. */
static void test_cma_alloc_no_warn(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0, NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, PB - 4, 0, 0, &pfn), 0);
	cmasim_dmesg_clear(sim);
	assert_errno(cmasim_cma_alloc(sim, a, 8, 0, CMASIM_CMA_NO_WARN, &pfn),
		     -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(pages_failed(sim, "reserved"), 8);
	tst_sim_free(sim);
}

/*
 * Expect a release outside the area to be refused and change nothing, on
 * both versions (cma_pages_valid() is the same check in 6.1 and 6.12).
 */
static void test_cma_release_outside_area(void **state)
{
	static const char *const versions[] = { "6.1", "6.12" };

	(void)state;
	for (unsigned int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_cma_sim_new(versions[i], "reserved",
						     0x1000, PB, 0, NULL);
		struct cmasim_cma *a = area(sim, "reserved");
		cmasim_pfn_t pfn;

		assert_int_equal(cmasim_cma_alloc(sim, a, 4, 0, 0, &pfn), 0);
		assert_int_equal(pfn, 0x1000);
		assert_errno(cmasim_cma_release(sim, a, 0x1000 + PB, 4), -EINVAL);
		assert_errno(cmasim_cma_release(sim, a, 0x1000 - 1, 4), -EINVAL);
		assert_string_equal(rd(sim, "debug/used"), "4\n");
		assert_true(tst_diag_contains(sim, "outside the area"));
		assert_errno(cmasim_cma_release(sim, a, 0x1000, 4), 0);
		assert_string_equal(rd(sim, "debug/used"), "0\n");
		tst_sim_free(sim);
	}
}

/*
 *   0x1000  0x1004          0x1200
 *   [####]......free........|
 * Releasing pages cma_alloc did not give out: the kernel would free them
 * (differs: docs/differences.md).  Expect -EINVAL, a client-bug line,
 * the allocation of 4 pages untouched and the checker happy.
 */
static void test_cma_release_pages_not_given_out(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, 4, 0, 0, &pfn), 0);
	assert_errno(cmasim_cma_release(sim, a, 0x1000, 8), -EINVAL);
	assert_true(tst_diag_contains(sim, "pfn 0x1004 is not a page cma_alloc gave out"));
	assert_errno(cmasim_cma_release(sim, a, 0x1100, 1), -EINVAL);
	assert_string_equal(rd(sim, "debug/used"), "4\n");
	assert_errno(cmasim_cma_release(sim, a, 0x1000, 4), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_alloc_replay_s04_v61),
		cmocka_unit_test(test_cma_alloc_replay_s04_v612),
		cmocka_unit_test(test_cma_alloc_fail_log_v61),
		cmocka_unit_test(test_cma_alloc_fail_log_v61_nodebug),
		cmocka_unit_test(test_cma_alloc_fail_log_v612),
		cmocka_unit_test(test_cma_alloc_oversized_is_silent),
		cmocka_unit_test(test_cma_alloc_align_uses_base_offset),
		cmocka_unit_test(test_cma_alloc_order_per_bit_rounds_and_refuses_partial),
		cmocka_unit_test(test_cma_debug_free_partial_head),
		cmocka_unit_test(test_cma_debug_values_cut_to_int),
		cmocka_unit_test(test_cma_alloc_zero_count),
		cmocka_unit_test(test_cma_alloc_no_warn),
		cmocka_unit_test(test_cma_release_outside_area),
		cmocka_unit_test(test_cma_release_pages_not_given_out),
	};

	return cmocka_run_group_tests_name("cma_alloc", tests, NULL, NULL);
}
