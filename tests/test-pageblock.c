// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pageblock migratetypes (lib/pageblock.c): memmap_init marks present
 * pageblocks MOVABLE, init_cma_reserved_pageblock makes them CMA, and the
 * public getter's errors.
 */
#include "config.h"

#include "mm-helpers.h"

/*
 * pfn 0 is a hole, so pageblock 0 is never initialised: it reads
 * UNMOVABLE; every other present pageblock reads MOVABLE.
 * Expect exactly that on the 64 MiB machine.
 */
static void test_pageblock_initial_types(void **state)
{
	struct cmasim *sim = tst_small_x86("6.1");

	assert_int_equal(tst_pb(sim, 1), CMASIM_MIGRATE_UNMOVABLE);
	for (uint64_t p = 512; p < (64 * MiB) >> 12; p += 512)
		assert_int_equal(tst_pb(sim, p), CMASIM_MIGRATE_MOVABLE);
	assert_errno(cmasim_pageblock_migratetype(sim, (64 * MiB) >> 12), -ENOENT);
	tst_sim_free(sim);
}

/*
 * A reserved pageblock handed to CMA: |rsv 512| -> |CMA 512 free|.
 * Expect MIGRATE_CMA, +512 managed and totalram, +512 free CMA, cma_pages.
 */
static void test_init_cma_reserved_pageblock(void **state)
{
	static const struct tst_range mem[] = { { 16 * MiB, 16 * MiB, 0 } };
	static const struct tst_range rsv[] = { { 20 * MiB, 2 * MiB, 0 } };
	const char *kernels[] = { "6.1", "6.12" };

	for (int k = 0; k < 2; k++) {
		struct cmasim *sim = tst_sim_new(NULL, kernels[k], NULL);
		struct cms_zone *z;
		uint64_t managed, total;

		tst_mm_boot(sim, mem, 1, rsv, 1);
		z = tst_zone(sim, 0, CMS_ZONE_DMA32);
		managed = z->managed;
		total = cmasim_totalram_pages(sim);
		assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_MOVABLE);
		cms_init_cma_reserved_pageblock(sim, 0x1400);
		assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_CMA);
		assert_int_equal(z->managed, managed + 512);
		assert_int_equal(cmasim_totalram_pages(sim), total + 512);
		assert_int_equal(z->vm[CMS_ZS_NR_FREE_CMA_PAGES], 512);
		assert_int_equal(z->cma_pages, 512);
		assert_int_equal(cmasim_check(sim), 0);
		tst_sim_free(sim);
	}
}

/* Expect -EPERM before the zones exist. */
static void test_pageblock_migratetype_before_init(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);

	assert_errno(cmasim_pageblock_migratetype(sim, 0), -EPERM);
	assert_errno(cmasim_pageblock_migratetype(NULL, 0), -EINVAL);
	assert_string_equal(cms_migratetype_name(CMASIM_MIGRATE_ISOLATE), "Isolate");
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pageblock_initial_types),
		cmocka_unit_test(test_init_cma_reserved_pageblock),
		cmocka_unit_test(test_pageblock_migratetype_before_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
