// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/pool.c (kernel/dma/pool.c): the default atomic pool
 * size and which pools may come from the default CMA area (cma_in_zone).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "dma/pool.h"

/*
 * Expect 128 KiB per GiB of RAM, at least 128 KiB, at most the largest
 * buddy block (4 MiB with 4K pages), as the captures' boots show.
 */
static void test_dma_pool_default_size(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);

	/* 1 GiB boots: 247006 pages -> 30 pages -> the 128 KiB minimum */
	assert_int_equal(cms_dma_pool_default_size(sim, 247006), 128 * 1024);
	/* 2 GiB: 505394 pages -> 61 pages (244 KiB, an order-6 block) */
	assert_int_equal(cms_dma_pool_default_size(sim, 505394), 61 * 4096);
	assert_int_equal(cms_get_order(cms_dma_pool_default_size(sim, 505394), 12), 6);
	/* 1 TiB: capped at MAX_ORDER_NR_PAGES */
	assert_int_equal(cms_dma_pool_default_size(sim, UINT64_C(1) << 28),
			 1024 * 4096);
	assert_int_equal(cms_dma_pool_default_size(sim, 0), 128 * 1024);
	tst_sim_free(sim);
}

/*
 *  0     16M            4G
 *  [DMA ][ DMA32 .......][ Normal ...
 * Expect an area to feed a pool only when its last byte is in the zone.
 */
static void test_dma_pool_cma_in_zone(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	uint64_t m64 = 64 * CMS_SZ_1M;

	assert_true(cms_dma_pool_cma_in_zone(sim, CMS_POOL_KERNEL, 0x104000000, m64));
	assert_false(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA32, 0x104000000, m64));
	assert_true(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA32, 0x3be00000, m64));
	assert_false(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA, 0x3be00000, m64));
	/* the last byte decides: ending exactly at 4 GiB is inside DMA32 */
	assert_true(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA32, CMS_SZ_4G - m64, m64));
	assert_false(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA32, CMS_SZ_4G - m64 + 4096, m64));
	assert_true(cms_dma_pool_cma_in_zone(sim, CMS_POOL_DMA, 0x800000, 0x800000));
	/* an empty area (failed activation) feeds nothing */
	assert_false(cms_dma_pool_cma_in_zone(sim, CMS_POOL_KERNEL, 0x3be00000, 0));
	tst_sim_free(sim);
}

/* Expect the %pGg names the kernel prints. */
static void test_dma_pool_gfp_names(void **state)
{
	assert_string_equal(cms_dma_pool_gfp_name(CMS_POOL_KERNEL), "GFP_KERNEL");
	assert_string_equal(cms_dma_pool_gfp_name(CMS_POOL_DMA), "GFP_KERNEL|GFP_DMA");
	assert_string_equal(cms_dma_pool_gfp_name(CMS_POOL_DMA32), "GFP_KERNEL|GFP_DMA32");
}

/* Expect a 1 GiB boot to print the three 128 KiB pools in order. */
static void test_dma_pool_boot_lines(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_machine *m = NULL;
	long k, d, d32;

	assert_int_equal(cmasim_machine_qemu_pc(CMS_SZ_1G, 1, &m), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	k = tst_dmesg_find(sim, "DMA: preallocated 128 KiB GFP_KERNEL pool for atomic allocations");
	d = tst_dmesg_find(sim, "DMA: preallocated 128 KiB GFP_KERNEL|GFP_DMA pool for atomic allocations");
	d32 = tst_dmesg_find(sim, "DMA: preallocated 128 KiB GFP_KERNEL|GFP_DMA32 pool for atomic allocations");
	assert_true(k >= 0 && d > k && d32 > d);
	assert_true(sim->dma->pools.pool[CMS_POOL_DMA32].present);
	assert_int_equal(sim->dma->pools.pool[CMS_POOL_DMA32].order, 5);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/*
 * A 1 GiB pc with cma=64M: the GFP_KERNEL and GFP_DMA32 pools come from
 * the area (below 4 GiB), the GFP_DMA one from the buddy allocator.
 * Expect the getter to name each pool, give its place inside or outside
 * the area, its size and nothing used, and -ENOENT past the third.
 */
static void test_dma_atomic_pool_get(void **state)
{
	struct cmasim *sim = tst_boot_pc("6.12", CMS_SZ_1G, 1, "cma=64M", NULL);
	struct cmasim_cma *cma = cmasim_cma_find(sim, "reserved");
	uint64_t base = cmasim_cma_get_base(cma), size = cmasim_cma_get_size(cma);
	struct cmasim_dma_pool_info info;

	assert_int_equal(cmasim_dma_atomic_pool_get(sim, 0, &info), 0);
	assert_string_equal(info.name, "atomic_pool_kernel");
	assert_string_equal(info.gfp, "GFP_KERNEL");
	assert_int_equal(info.size, 128 * 1024);
	assert_int_equal(info.used_pages, 0);
	assert_true(info.from_cma);
	assert_true(info.phys_base >= base &&
		    info.phys_base + info.size <= base + size);
	assert_int_equal(cmasim_dma_atomic_pool_get(sim, 1, &info), 0);
	assert_string_equal(info.name, "atomic_pool_dma");
	assert_false(info.from_cma);
	assert_true(info.phys_base < 16 * CMS_SZ_1M);
	assert_int_equal(cmasim_dma_atomic_pool_get(sim, 2, &info), 0);
	assert_string_equal(info.name, "atomic_pool_dma32");
	assert_string_equal(info.gfp, "GFP_KERNEL|GFP_DMA32");
	assert_true(info.from_cma);
	assert_errno(cmasim_dma_atomic_pool_get(sim, 3, &info), -ENOENT);
	assert_errno(cmasim_dma_atomic_pool_get(sim, 0, NULL), -EINVAL);
	assert_errno(cmasim_dma_atomic_pool_get(NULL, 0, &info), -EINVAL);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dma_pool_default_size),
		cmocka_unit_test(test_dma_pool_cma_in_zone),
		cmocka_unit_test(test_dma_pool_gfp_names),
		cmocka_unit_test(test_dma_pool_boot_lines),
		cmocka_unit_test(test_dma_atomic_pool_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
