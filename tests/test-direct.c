// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/direct.c's dma_alloc_coherent() / dma_free_coherent()
 * (kernel/dma/mapping.c dma_alloc_attrs() over dma-direct), on 6.1 and
 * 6.12: which allocator serves a buffer, in the kernel's order.
 *
 *   device's coherent pool --(none)--> [global pool: never on ours]
 *     --> non-coherent and non-blocking: a DMA atomic pool
 *     --> dma_alloc_contiguous() (blocking only) --> the buddy allocator
 *
 * x86_64 machines (qemu "pc", 1 GiB, cma=64M) have cache-coherent
 * devices; an arm64 machine (1 GiB at 0x40000000, no device tree) gets a
 * device marked non-coherent, as a tree without "dma-coherent" leaves it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "dma/mapping.h"

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
	const struct CMUnitTest tests[] = {
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

	return tst_run_per_version("direct", tests, G_N_ELEMENTS(tests));
}
