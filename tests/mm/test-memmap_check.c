// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/memmap_check.c, the page allocator's invariant
 * checker behind cmasim_check():
 *  - it passes on booted machines of both versions (one node, memory
 *    above 4 GiB, two nodes, 32-bit arm with highmem, a movable zone) and
 *    after buddy, CMA and contiguous-range traffic through the public API;
 *  - it catches each broken invariant it knows (free-list counts, free
 *    page counters, managed pages, totalram_pages, per-cpu counts, 6.12's
 *    nr_free_highatomic) with -EUCLEAN and a "cmasim bug: mm: ..."
 *    diagnostic naming the counter; those tests put the state back so
 *    the shared teardown's check passes.
 * The corruption goes through the zone fields tests/mm-helpers.h already
 * gives the page-allocator tests (tst_zone()): no public call can break
 * an invariant, by design.
 *
 * Built with -DTST_MUST_FAIL (meson's memmap_check_fail, should_fail:
 * true), the file runs only the must-fail twins instead: each corrupts a
 * booted instance and leaves it broken, so the shared teardown, which
 * runs cmasim_check(), must fail every one of them; the executable exits
 * non-zero only when all of them failed.
 * Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "mm-helpers.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A booted 1 GiB pc with cma=64M (s04's machine). */
static int setup_booted(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), GiB, 1, "cma=64M",
			     NULL);
	return 0;
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

/* ---- Corruptions (@d = +1 breaks, -1 mends) ---- */

static void bad_free_pages(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA32)->vm[CMS_ZS_NR_FREE_PAGES] += d;
}

static void bad_free_cma_pages(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA32)->vm[CMS_ZS_NR_FREE_CMA_PAGES] += d;
}

static void bad_order_nr_free(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA32)->area[3].nr_free += (uint64_t)d;
}

static void bad_list_count(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA)->area[0].list[CMASIM_MIGRATE_MOVABLE].nr
		+= (uint64_t)d;
}

static void bad_managed(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA)->managed += (uint64_t)d;
}

static void bad_totalram(struct cmasim *sim, int d)
{
	sim->mm->totalram_pages += (uint64_t)d;
}

static void bad_pcp_count(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA32)->pcp[0].count += d;
}

#ifndef TST_MUST_FAIL

static int setup(void **state)
{
	return tst_setup_version(state);
}

static bool is_v61(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
}

static void bad_highatomic(struct cmasim *sim, int d)
{
	tst_zone(sim, 0, CMS_ZONE_DMA32)->nr_free_highatomic += (uint64_t)d;
}

/* cmasim_check() reports -EUCLEAN with a diagnostic containing @needle. */
static void assert_check_catches(struct cmasim *sim, const char *needle)
{
	size_t nd = cmasim_diag_count(sim);

	assert_errno(cmasim_check(sim), -EUCLEAN);
	for (size_t i = nd; i < cmasim_diag_count(sim); i++)
		if (strstr(cmasim_diag_line(sim, i, NULL), needle) &&
		    strstr(cmasim_diag_line(sim, i, NULL), "cmasim bug: mm: "))
			return;
	fail_msg("no \"cmasim bug: mm:\" diagnostic with \"%s\"", needle);
}


/* ---- The checker passes ---- */

/*
 *   booted: 1G/1 node | 5G (RAM above 4G) | 2 x 1G | arm 2G (HighMem) |
 *   2G with movablecore=512M
 * Expect cmasim_check() to be 0 on each booted machine, without a
 * "cmasim bug:" diagnostic.
 */
static void test_check_passes_after_boots(void **state)
{
	const char *k = tst_kernel_name(*state);
	struct cmasim *sims[4] = {
		tst_boot_pc(k, GiB, 1, "cma=64M", NULL),
		tst_boot_pc(k, 5 * GiB, 1, "cma=256M", NULL),
		tst_boot_pc(k, 2 * GiB, 2, "cma=64M", NULL),
		tst_boot_pc(k, 2 * GiB, 1, "movablecore=512M", NULL),
	};
	struct cmasim *arm = tst_sim_new("arm", k, NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM);

	assert_int_equal(cmasim_machine_add_e820(m, GiB, 2 * GiB,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(arm, m, ""), 0);
	cmasim_machine_destroy(m);
	assert_int_equal(cmasim_check(arm), 0);
	assert_false(tst_diag_contains(arm, "cmasim bug:"));
	tst_sim_free(arm);
	for (size_t i = 0; i < NR_OF(sims); i++) {
		assert_int_equal(cmasim_check(sims[i]), 0);
		assert_false(tst_diag_contains(sims[i], "cmasim bug:"));
		tst_sim_free(sims[i]);
	}
}

/*
 *   an early instance: no zones, no buddy yet -> nothing to check
 *   NULL -> -EINVAL
 * Expect 0 before the boot and -EINVAL for NULL.
 */
static void test_check_before_boot_and_null(void **state)
{
	assert_int_equal(cmasim_check(*state), 0);
	assert_errno(cmasim_check(NULL), -EINVAL);
}

/*
 *   orders 0..10, GFP_KERNEL / HIGHUSER_MOVABLE / DMA; free every other,
 *   then the rest, then drain the per-cpu lists
 *   NR_FREE_PAGES back where it started
 * Expect the checker to pass after every step of buddy traffic.
 */
static void test_check_passes_buddy_traffic(void **state)
{
	static const unsigned int gfps[] = {
		CMASIM_GFP_KERNEL, CMASIM_GFP_HIGHUSER_MOVABLE, CMASIM_GFP_DMA,
	};
	struct cmasim *sim = *state;
	cmasim_pfn_t pfn[33];
	unsigned int order[33];
	uint64_t free0 = 0, free1 = 0;
	int n = 0;

	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(cmasim_stat_get(sim, "nr_free_pages", &free0), 0);
	for (unsigned int o = 0; o <= 10; o++) {
		for (size_t g = 0; g < NR_OF(gfps); g++) {
			assert_int_equal(cmasim_alloc_pages(sim, gfps[g], o,
							    CMASIM_NUMA_NO_NODE,
							    &pfn[n]), 0);
			order[n++] = o;
		}
		assert_int_equal(cmasim_check(sim), 0);
	}
	for (int i = 0; i < n; i += 2)
		assert_int_equal(cmasim_free_pages(sim, pfn[i], order[i]), 0);
	assert_int_equal(cmasim_check(sim), 0);
	for (int i = 1; i < n; i += 2)
		assert_int_equal(cmasim_free_pages(sim, pfn[i], order[i]), 0);
	assert_int_equal(cmasim_check(sim), 0);
	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(cmasim_check(sim), 0);
	assert_int_equal(cmasim_stat_get(sim, "nr_free_pages", &free1), 0);
	assert_int_equal(free1, free0);
}

/*
 *   debugfs: alloc 1, alloc 512, alloc 1000, free 1000, free all
 *   alloc_contig_range() of 4 free pageblocks in DMA32 and their free
 * Expect the checker to pass after CMA and contiguous-range traffic.
 */
static void test_check_passes_cma_and_contig(void **state)
{
	static const char *const steps[][2] = {
		{ "alloc", "1" }, { "alloc", "512" }, { "alloc", "1000" },
		{ "free", "1000" }, { "free", "100000000" },
	};
	struct cmasim *sim = *state;
	const cmasim_pfn_t start = 0x20000;	/* 512 MiB, in DMA32 */

	for (size_t i = 0; i < NR_OF(steps); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/kernel/debug/cma/reserved/%s",
			 steps[i][0]);
		assert_int_equal(cmasim_file_write(sim, path, steps[i][1]), 0);
		assert_int_equal(cmasim_check(sim), 0);
	}
	assert_int_equal(cmasim_alloc_contig_range(sim, start, start + 2048,
						   CMASIM_MIGRATE_MOVABLE,
						   true), 0);
	assert_int_equal(cmasim_check(sim), 0);
	assert_int_equal(cmasim_free_contig_range(sim, start, 2048), 0);
	assert_int_equal(cmasim_check(sim), 0);
}

/* ---- The checker catches ---- */

/*
 *   DMA32: NR_FREE_PAGES one above what its free lists hold
 * Expect -EUCLEAN naming NR_FREE_PAGES; mended, the check passes.
 */
static void test_check_catches_free_pages(void **state)
{
	bad_free_pages(*state, 1);
	assert_check_catches(*state, "NR_FREE_PAGES");
	bad_free_pages(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   DMA32 (the CMA area's zone): NR_FREE_CMA_PAGES one off
 * Expect -EUCLEAN naming NR_FREE_CMA_PAGES.
 */
static void test_check_catches_free_cma_pages(void **state)
{
	bad_free_cma_pages(*state, 1);
	assert_check_catches(*state, "NR_FREE_CMA_PAGES");
	bad_free_cma_pages(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   DMA32 free_area[3].nr_free one above its lists' entries
 * Expect -EUCLEAN naming order 3's nr_free.
 */
static void test_check_catches_order_nr_free(void **state)
{
	bad_order_nr_free(*state, 1);
	assert_check_catches(*state, "order 3 nr_free");
	bad_order_nr_free(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   DMA: the order-0 Movable list's count one above its entries
 * Expect -EUCLEAN naming the list.
 */
static void test_check_catches_list_count(void **state)
{
	bad_list_count(*state, 1);
	assert_check_catches(*state, "order 0 Movable list has");
	bad_list_count(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   DMA: managed one above present - reserved
 * Expect -EUCLEAN naming managed.
 */
static void test_check_catches_managed(void **state)
{
	bad_managed(*state, 1);
	assert_check_catches(*state, "zone DMA: managed");
	bad_managed(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   totalram_pages one above the zones' managed sum
 * Expect -EUCLEAN naming totalram_pages.
 */
static void test_check_catches_totalram(void **state)
{
	bad_totalram(*state, 1);
	assert_check_catches(*state, "totalram_pages");
	bad_totalram(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   DMA32 cpu 0: pcp->count one above its lists' pages
 * Expect -EUCLEAN naming the per-cpu count.
 */
static void test_check_catches_pcp_count(void **state)
{
	bad_pcp_count(*state, 1);
	assert_check_catches(*state, "pcp count");
	bad_pcp_count(*state, -1);
	assert_int_equal(cmasim_check(*state), 0);
}

/*
 *   6.12 keeps zone->nr_free_highatomic (6.1 has no such counter)
 *   DMA32: one above the HighAtomic lists
 * Expect -EUCLEAN on 6.12, and nothing to catch on 6.1.
 */
static void test_check_catches_highatomic_612(void **state)
{
	struct cmasim *sim = *state;

	bad_highatomic(sim, 1);
	if (is_v61(sim))
		assert_int_equal(cmasim_check(sim), 0);
	else
		assert_check_catches(sim, "nr_free_highatomic");
	bad_highatomic(sim, -1);
	assert_int_equal(cmasim_check(sim), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TB(f) cmocka_unit_test_setup_teardown(f, setup_booted, teardown)

static const struct CMUnitTest tests[] = {
	T(test_check_passes_after_boots),
	T(test_check_before_boot_and_null),
	TB(test_check_passes_buddy_traffic),
	TB(test_check_passes_cma_and_contig),
	TB(test_check_catches_free_pages),
	TB(test_check_catches_free_cma_pages),
	TB(test_check_catches_order_nr_free),
	TB(test_check_catches_list_count),
	TB(test_check_catches_managed),
	TB(test_check_catches_totalram),
	TB(test_check_catches_pcp_count),
	TB(test_check_catches_highatomic_612),
};

int main(void)
{
	return tst_run_per_version("memmap_check", tests, NR_OF(tests));
}

#else /* TST_MUST_FAIL */

/* ---- Must-fail twins: the teardown's check has to catch each ---- */

/*
 *   NR_FREE_PAGES one off, left broken
 * Expect the shared teardown to fail this test.
 */
static void test_check_free_pages_fail(void **state)
{
	bad_free_pages(*state, 1);
}

/*   NR_FREE_CMA_PAGES one off, left broken: the teardown must fail. */
static void test_check_free_cma_pages_fail(void **state)
{
	bad_free_cma_pages(*state, 1);
}

/*   free_area[3].nr_free one off, left broken: the teardown must fail. */
static void test_check_order_nr_free_fail(void **state)
{
	bad_order_nr_free(*state, 1);
}

/*   a free list's count one off, left broken: the teardown must fail. */
static void test_check_list_count_fail(void **state)
{
	bad_list_count(*state, 1);
}

/*   managed one off, left broken: the teardown must fail. */
static void test_check_managed_fail(void **state)
{
	bad_managed(*state, 1);
}

/*   totalram_pages one off, left broken: the teardown must fail. */
static void test_check_totalram_fail(void **state)
{
	bad_totalram(*state, 1);
}

/*   a per-cpu count one off, left broken: the teardown must fail. */
static void test_check_pcp_count_fail(void **state)
{
	bad_pcp_count(*state, 1);
}

#define TB(f) cmocka_unit_test_setup_teardown(f, setup_booted, teardown)

static const struct CMUnitTest twins[] = {
	TB(test_check_free_pages_fail),
	TB(test_check_free_cma_pages_fail),
	TB(test_check_order_nr_free_fail),
	TB(test_check_list_count_fail),
	TB(test_check_managed_fail),
	TB(test_check_totalram_fail),
	TB(test_check_pcp_count_fail),
};

/*
 * cmocka returns the number of failed tests: exit 1 (the failure meson
 * expects) only when every twin, on both versions, failed; a twin that
 * passed means the checker missed a corruption, so exit 0 and let meson
 * report the unexpected pass.
 */
int main(void)
{
	int failed = tst_run_per_version("memmap_check_fail", twins,
					 NR_OF(twins));

	if (failed == (int)(2 * NR_OF(twins)))
		return 1;
	printf("# only %d of %zu must-fail twins failed\n", failed,
	       2 * NR_OF(twins));
	return 0;
}

#endif /* TST_MUST_FAIL */
