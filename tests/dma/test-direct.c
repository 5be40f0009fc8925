// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/direct.c: dma_direct_supported() behind
 * dma_set_mask(), and __dma_direct_alloc_pages() behind
 * cmasim_dma_direct_alloc(): the default CMA area first, then the buddy
 * allocator with the GFP_DMA32/GFP_DMA retries until the pages satisfy
 * the device's coherent mask, and how each version gives back a page
 * that does not (6.1 through dma_free_contiguous(), 6.12 straight to
 * __free_pages()).  The machine is the runtime helpers' 256 MiB one
 * with a 32 MiB area at 64 MiB, pfns [0x4000, 0x6000).  Then
 * dma_alloc_coherent()/dma_free_coherent() in the kernel's order (the
 * device's pool, the global pool, the atomic pools, CMA, the buddy
 * allocator) on booted qemu pcs and an arm64 machine.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "runtime-helpers.h"
#include "core/instance.h"
#include "dma/mapping.h"

#define AREA_BASE 0x4000u
#define AREA_PAGES 8192u

/* The machine with "reserved" as dma_contiguous_default_area. */
static int setup_default_area(void **state)
{
	struct cmasim *sim;

	rt_setup(state);
	sim = *state;
	sim->dma->default_area = rt_area(sim);
	return 0;
}

static struct cmasim_device *dev(struct cmasim *sim, const char *name)
{
	struct cmasim_device *d = NULL;

	assert_int_equal(cmasim_device_create(sim, name, 0, &d), 0);
	return d;
}

/*
 * dma-direct on the default area: a 1 MiB buffer comes from CMA, a
 * single page and an atomic request from the buddy allocator; a device
 * whose coherent mask stops below the area gets GFP_DMA32/DMA pages.
 * Expect each source, and the frees to give everything back.
 */
static void test_dma_direct_alloc_sources(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = rt_area(sim);
	struct cmasim_device *d, *low;
	cmasim_pfn_t p1, p2, p3, p4;
	bool cma;

	d = dev(sim, "gpu");
	assert_int_equal(cmasim_dma_direct_alloc(sim, d, RT_MiB, 0, &p1, &cma), 0);
	assert_true(cma);
	assert_true(p1 >= AREA_BASE && p1 < AREA_BASE + AREA_PAGES);
	assert_int_equal(cmasim_dma_direct_alloc(sim, d, 4096, 0, &p2, &cma), 0);
	assert_false(cma);
	assert_int_equal(cmasim_dma_direct_alloc(sim, d, 8192, CMASIM_DMA_ATOMIC, &p3, &cma), 0);
	assert_false(cma);
	/* a 24-bit device: the area at 64 MiB is out of reach: ZONE_DMA */
	low = dev(sim, "isa");
	assert_int_equal(cmasim_device_set_masks(sim, low, 0xffffff, 0xffffff), 0);
	assert_int_equal(cmasim_dma_direct_alloc(sim, low, 65536, 0, &p4, &cma), 0);
	assert_false(cma);
	assert_true((p4 << 12) + 65536 - 1 <= 0xffffff);
	rt_check(sim);
	assert_int_equal(cmasim_dma_direct_free(sim, d, p1, RT_MiB), 0);
	assert_int_equal(cmasim_dma_direct_free(sim, d, p2, 4096), 0);
	assert_int_equal(cmasim_dma_direct_free(sim, d, p3, 8192), 0);
	assert_int_equal(cmasim_dma_direct_free(sim, low, p4, 65536), 0);
	/* 256 pages of the buffer, and the 16 CMA pages the 24-bit device
	 * got first and gave back as out of reach (as the kernel does) */
	assert_int_equal(a->nr_pages_released, 272);
	assert_true(tst_diag_contains(sim, "lie above the coherent mask"));
}

/*
 * A 25-bit device (32 MiB), DMA32 below 32 MiB in use: the default area
 * at 64 MiB is out of reach, the first GFP_DMA32 page lies at 32 MiB and
 * is given back before the GFP_DMA retry.  6.1 gives it back through
 * dma_free_contiguous(), whose cma_release() of the default area finds
 * the page outside and says so at debug level; 6.12 calls
 * __free_pages() directly.  Expect the cma_pages_valid line once for
 * that page on 6.1 only, and the buffer in ZONE_DMA.
 */
static void test_dma_direct_retry_frees_through_dma_free_contiguous(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d;
	cmasim_pfn_t p, held[4];
	bool cma = true;

	/* DMA32 below 32 MiB taken: the next DMA32 page is at 32 MiB */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_DMA32,
						    10, 0, &held[i]), 0);
		assert_true(held[i] >= 0x1000 && held[i] < 0x2000);
	}
	d = dev(sim, "dev25");
	assert_int_equal(cmasim_device_set_masks(sim, d, 0x1ffffff, 0x1ffffff), 0);
	cmasim_dmesg_clear(sim);
	assert_int_equal(cmasim_dma_direct_alloc(sim, d, 65536, 0, &p, &cma), 0);
	assert_false(cma);
	assert_true((p << 12) + 65536 - 1 <= 0xffffff);
	assert_int_equal(tst_dmesg_has(sim, "cma: cma_pages_valid(page (____ptrval____), count 16)"),
			 tst_v61(sim));
	assert_int_equal(cmasim_dma_direct_free(sim, d, p, 65536), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(cmasim_free_pages(sim, held[i], 10), 0);
}

/*
 * dma_direct_supported(): a mask must reach DMA_BIT_MASK(zone_dma_bits)
 * (x86_64: 24 bits), or the end of DRAM when that is lower.
 *   x86_64, 256 MiB:  0xffffff ok, 0x7fffff -EIO
 * Expect the masks kept on success and untouched on -EIO.
 */
static void test_dma_direct_supported_x86_zone_dma_bits(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = dev(sim, "d");
	struct cmasim_device *dd = d;

	assert_int_equal(dd->dma_mask, 0xffffffff);
	assert_int_equal(dd->coherent_dma_mask, 0xffffffff);
	assert_errno(cmasim_device_set_masks(sim, d, 0xffffff, 0xffffff), 0);
	assert_int_equal(dd->dma_mask, 0xffffff);
	assert_errno(cmasim_device_set_masks(sim, d, 0x7fffff, 0xffffffff), -EIO);
	assert_errno(cmasim_device_set_masks(sim, d, 0xffffffff, 0x7fffff), -EIO);
	assert_int_equal(dd->dma_mask, 0xffffff);
	assert_int_equal(dd->coherent_dma_mask, 0xffffff);
	assert_true(tst_diag_contains(sim, "dma_set_mask() says -EIO"));
	assert_true(cms_dma_direct_supported(sim, UINT64_MAX));
}

/* 32-bit arm, 256 MiB of memblock memory at 0, early boot. */
static int setup_arm_256m(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", tst_state_version(state), NULL);

	assert_int_equal(cms_memblock_add_node(sim, 0, 256 * RT_MiB, 0, 0, "t"), 0);
	*state = sim;
	return 0;
}

/*
 * 32-bit arm has no ZONE_DMA bits: the minimum is 4 GiB, capped by the
 * end of DRAM.  256 MiB at 0:
 *   0          0x0fffffff
 *   [==== DRAM ====]
 * Expect 0x0fffffff supported and 0x0ffffffe not.
 */
static void test_dma_direct_supported_capped_by_end_of_dram(void **state)
{
	struct cmasim *sim = *state;

	assert_true(cms_dma_direct_supported(sim, 0x0fffffff));
	assert_false(cms_dma_direct_supported(sim, 0x0ffffffe));
	assert_true(cms_dma_direct_supported(sim, 0xffffffff));
}

/*
 * Expect -EINVAL for a NULL device, a NULL pfn, size 0 and unknown
 * flags, each with a client-bug line, and -EPERM before the page
 * allocator runs; nothing allocated.
 */
static void test_dma_direct_alloc_errors(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = dev(sim, "d");
	struct cmasim *early = tst_sim_new(NULL, tst_kernel_name(sim), NULL);
	struct cmasim_device *e = dev(early, "e");
	cmasim_pfn_t p = 7;
	bool cma = true;

	assert_errno(cmasim_dma_direct_alloc(NULL, d, 4096, 0, &p, &cma), -EINVAL);
	assert_errno(cmasim_dma_direct_alloc(sim, NULL, 4096, 0, &p, &cma), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_dma_direct_alloc(): NULL device"));
	assert_errno(cmasim_dma_direct_alloc(sim, d, 4096, 0, NULL, &cma), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_dma_direct_alloc(): NULL pfn"));
	assert_errno(cmasim_dma_direct_alloc(sim, d, 0, 0, &p, &cma), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_dma_direct_alloc(): size 0"));
	assert_errno(cmasim_dma_direct_alloc(sim, d, 4096, 0x100, &p, &cma), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_dma_direct_alloc(): unknown flags"));
	assert_int_equal(p, 7);
	assert_true(cma);
	assert_errno(cmasim_dma_direct_alloc(early, e, 4096, 0, &p, &cma), -EPERM);
	assert_true(tst_diag_contains(early, "dma_alloc before the page allocator runs"));
	assert_int_equal(p, 7);
	assert_errno(cmasim_dma_direct_free(NULL, d, 0x4000, 4096), -EINVAL);
	tst_sim_free(early);
}

/*
 * The same memory freed twice, through each free of the DMA layer, from
 * CMA and from the buddy allocator: the second free returns -EINVAL with
 * exactly one client-bug line (the area's refusal, not the buddy's on
 * top), and the checker passes.  A size of UINT64_MAX (which wraps when
 * rounded up to pages) and a size 0 are refused the same way.
 */
static void test_dma_double_free_and_huge_size(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = dev(sim, "d");
	struct cmasim_cma *got;
	cmasim_pfn_t p = 7;
	size_t n;
	bool cma;

#define ONE_LINE(call, err)						\
	do {								\
		n = cmasim_diag_count(sim);				\
		assert_errno(call, err);				\
		assert_int_equal(cmasim_diag_count(sim), n + 1);	\
		rt_check(sim);						\
	} while (0)
	/* dma_direct_free(): 8 KiB from CMA, then a page from the buddy */
	assert_errno(cmasim_dma_direct_alloc(sim, d, 8192, 0, &p, &cma), 0);
	assert_true(cma);
	assert_errno(cmasim_dma_direct_free(sim, d, p, 8192), 0);
	ONE_LINE(cmasim_dma_direct_free(sim, d, p, 8192), -EINVAL);
	assert_errno(cmasim_dma_direct_alloc(sim, d, 4096, 0, &p, &cma), 0);
	assert_false(cma);
	assert_errno(cmasim_dma_direct_free(sim, d, p, 4096), 0);
	ONE_LINE(cmasim_dma_direct_free(sim, d, p, 4096), -EINVAL);
	/* dma_free_contiguous() and dma_release_from_contiguous() */
	assert_errno(cmasim_dma_alloc_contiguous(sim, d, 8192, 0, &p, &got), 0);
	assert_errno(cmasim_dma_free_contiguous(sim, d, p, 8192), 0);
	ONE_LINE(cmasim_dma_free_contiguous(sim, d, p, 8192), -EINVAL);
	assert_errno(cmasim_dma_alloc_from_contiguous(sim, d, 2, 0, 0, &p), 0);
	assert_errno(cmasim_dma_release_from_contiguous(sim, d, p, 2), 0);
	ONE_LINE(cmasim_dma_release_from_contiguous(sim, d, p, 2), -EINVAL);
	/* sizes no allocation can have */
	p = 7;
	ONE_LINE(cmasim_dma_direct_alloc(sim, d, UINT64_MAX, 0, &p, &cma),
		 -EINVAL);
	assert_int_equal(p, 7);
	assert_true(tst_diag_contains(sim, "wraps when rounded up to pages"));
	ONE_LINE(cmasim_dma_alloc_coherent(sim, d, UINT64_MAX - 4094, 0,
					   &(struct cmasim_dma_buffer){ 0 }),
		 -EINVAL);
	ONE_LINE(cmasim_dma_direct_free(sim, d, AREA_BASE, UINT64_MAX),
		 -EINVAL);
	ONE_LINE(cmasim_dma_direct_free(sim, d, AREA_BASE, 0), -EINVAL);
	ONE_LINE(cmasim_dma_free_contiguous(sim, d, AREA_BASE, UINT64_MAX),
		 -EINVAL);
	ONE_LINE(cmasim_dma_free_coherent(sim, d, UINT64_MAX, 0, 0), -EINVAL);
	ONE_LINE(cmasim_dma_direct_free(sim, NULL, AREA_BASE, 4096), -EINVAL);
#undef ONE_LINE
}

/* ---- dma_alloc_coherent() / dma_free_coherent() ---- */

#define M(x) ((uint64_t)(x) << 20)

static int setup_pc(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), M(1024), 1, "cma=64M",
			     NULL);
	return 0;
}

static int setup_pc_nocma(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), M(1024), 1, "cma=0",
			     NULL);
	return 0;
}

/* arm64, 1 GiB at 0x40000000, the Kconfig's 16 MiB default area */
static int setup_arm64(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", tst_state_version(state),
					 NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_int_equal(cmasim_machine_add_e820(m, 0x40000000, M(1024),
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	*state = sim;
	return 0;
}

static struct cmasim_device *new_dev(struct cmasim *sim, const char *name)
{
	struct cmasim_device *dev;

	assert_int_equal(cmasim_device_create(sim, name, CMASIM_NUMA_NO_NODE,
					      &dev), 0);
	return dev;
}

static bool in_area(const struct cmasim_cma *a, cmasim_phys_addr_t pa)
{
	uint64_t base = cmasim_cma_get_base(a);

	return pa >= base && pa < base + (cmasim_cma_get_count(a) << 12);
}

/* 1 MiB, blocking, coherent device: Expect the default CMA area. */
static void test_dma_alloc_coherent_from_cma(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "nic");
	struct cmasim_dma_buffer b;

	assert_errno(cmasim_dma_alloc_coherent(sim, dev, M(1), 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_CMA);
	assert_ptr_equal(b.cma, cmasim_dma_contiguous_default_area(sim));
	assert_true(in_area(b.cma, b.phys));
	assert_int_equal(b.dma_addr, b.phys);
	assert_int_equal(b.size, M(1));
	assert_errno(cmasim_dma_free_coherent(sim, dev, M(1), b.phys,
					      b.dma_addr), 0);
}

/* GFP_ATOMIC on a coherent device: Expect the buddy allocator, no CMA. */
static void test_dma_alloc_coherent_atomic_coherent_device(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "nic");
	struct cmasim_dma_buffer b;

	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 8192,
					       CMASIM_DMA_ATOMIC, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_BUDDY);
	assert_null(b.cma);
	assert_true(b.phys + 8192 <= UINT64_C(1) << 32);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 8192, b.phys,
					      b.dma_addr), 0);
}

/* cma=0: Expect the buddy allocator below the 32-bit coherent mask. */
static void test_dma_alloc_coherent_without_cma(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "nic");
	struct cmasim_dma_buffer b;

	assert_errno(cmasim_dma_alloc_coherent(sim, dev, M(1), 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_BUDDY);
	assert_errno(cmasim_dma_free_coherent(sim, dev, M(1), b.phys,
					      b.dma_addr), 0);
}

/*
 * A device with its own pool (256 KiB at 0xfffc0000, not RAM).  Expect
 * its buffers from the pool, -E2BIG past the pool and -ENOMEM once it is
 * full, with no fallback, and the release through the pool.
 */
static void test_dma_alloc_coherent_device_pool_no_fallback(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "fpga");
	struct cmasim_dma_buffer b, c;

	assert_errno(cmasim_dma_declare_coherent_memory(sim, dev, 0xfffc0000,
							0x10000000, 256 << 10),
		     0);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 128 << 10, 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_DEV_COHERENT);
	assert_int_equal(b.phys, 0xfffc0000);
	assert_int_equal(b.dma_addr, 0x10000000);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, M(1), 0, &c), -E2BIG);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 128 << 10, 0, &c), 0);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096, 0, &c),
		     -ENOMEM);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 128 << 10, b.phys,
					      b.dma_addr), 0);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096, 0, &c), 0);
	assert_int_equal(c.phys, 0xfffc0000);
}

/*
 * arm64, a non-coherent device: a non-blocking 8 KiB buffer.  Expect an
 * atomic pool (DMA's, since the 32-bit mask reaches only ZONE_DMA), and
 * the free to find it there; a blocking one from the default CMA area.
 */
static void test_dma_alloc_coherent_atomic_pool(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "camera");
	const struct cms_dma_pool *p = &sim->dma->pools.pool[CMS_POOL_DMA];
	struct cmasim_dma_buffer a, b;

	dev->dma_coherent = false;
	assert_true(p->present);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 8192,
					       CMASIM_DMA_ATOMIC, &a), 0);
	assert_int_equal(a.path, CMASIM_DMA_PATH_ATOMIC_POOL);
	assert_int_equal(a.phys, p->pfn << 12);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 8192,
					       CMASIM_DMA_ATOMIC, &b), 0);
	assert_int_equal(b.phys, a.phys + 8192);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 8192, a.phys,
					      a.dma_addr), 0);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096,
					       CMASIM_DMA_ATOMIC, &a), 0);
	assert_int_equal(a.phys, p->pfn << 12);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 4096, a.phys,
					      a.dma_addr), 0);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 8192, b.phys,
					      b.dma_addr), 0);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, M(1), 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_CMA);
	assert_errno(cmasim_dma_free_coherent(sim, dev, M(1), b.phys,
					      b.dma_addr), 0);
}

/* A pool request larger than every pool: Expect -ENOMEM. */
static void test_dma_alloc_coherent_atomic_pool_exhausted(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "camera");
	struct cmasim_dma_buffer b;

	dev->dma_coherent = false;
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, M(8),
					       CMASIM_DMA_ATOMIC, &b), -ENOMEM);
	assert_true(tst_diag_contains(sim, "no atomic pool"));
}

/*
 * Bad arguments: NULL device or buffer, size 0, unknown flags (-EINVAL);
 * freeing pages nobody handed out (-EINVAL).
 */
static void test_dma_alloc_coherent_bad_arguments(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev = new_dev(sim, "nic");
	struct cmasim_dma_buffer b;

	assert_errno(cmasim_dma_alloc_coherent(sim, NULL, 4096, 0, &b), -EINVAL);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096, 0, NULL), -EINVAL);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 0, 0, &b), -EINVAL);
	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096, 0x80, &b),
		     -EINVAL);
	assert_errno(cmasim_dma_alloc_coherent(NULL, dev, 4096, 0, &b), -EINVAL);
	assert_errno(cmasim_dma_free_coherent(sim, NULL, 4096, 0, 0), -EINVAL);
	assert_errno(cmasim_dma_free_coherent(sim, dev, 0, 0, 0), -EINVAL);
}

/* Before boot: Expect -EPERM. */
static void test_dma_alloc_coherent_before_boot(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);
	struct cmasim_device *dev = new_dev(sim, "nic");
	struct cmasim_dma_buffer b;

	assert_errno(cmasim_dma_alloc_coherent(sim, dev, 4096, 0, &b), -EPERM);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test_setup_teardown(test_dma_direct_alloc_sources,
						setup_default_area,
						tst_teardown_checked),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_dma_direct_retry_frees_through_dma_free_contiguous,
						setup_default_area,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_direct_supported_x86_zone_dma_bits,
						rt_setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_direct_supported_capped_by_end_of_dram,
						setup_arm_256m,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_direct_alloc_errors,
						rt_setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_double_free_and_huge_size,
						setup_default_area,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_from_cma,
						setup_pc, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_atomic_coherent_device,
						setup_pc, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_without_cma,
						setup_pc_nocma, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_device_pool_no_fallback,
						setup_pc, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_atomic_pool,
						setup_arm64, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_atomic_pool_exhausted,
						setup_arm64, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_coherent_bad_arguments,
						setup_pc, tst_teardown_checked),
		cmocka_unit_test(test_dma_alloc_coherent_before_boot),
	};

	return tst_run_groups("direct", plain, NR_OF(plain), per_version,
			      NR_OF(per_version));
}
