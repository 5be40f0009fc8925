// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/swiotlb.c: rmem_swiotlb_setup(), the setup of a
 * "restricted-dma-pool" region.  It refuses a region that CMA or the
 * coherent pools could claim (reusable, linux,cma-default,
 * linux,dma-default) and a no-map one, silently; otherwise it prints the
 * pool's line with the swiotlb prefix.  Both versions agree.
 */
#include "config.h"

#include <errno.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "dma/swiotlb.h"

#define BASE UINT64_C(0x50000000)
#define SIZE (UINT64_C(4) << 20)

static int setup(void **state)
{
	*state = tst_sim_new("arm64", tst_state_version(state), NULL);
	return 0;
}

/*
 * [0x50000000, +4 MiB) restricted-dma-pool, nothing else set:
 * Expect 0 and "software IO TLB: Reserved memory: created restricted DMA
 * pool at 0x0000000050000000, size 4 MiB".
 */
static void test_rmem_swiotlb_setup_creates_pool(void **state)
{
	struct cmasim *sim = *state;

	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, SIZE, false, false,
					    false, false), 0);
	assert_true(tst_dmesg_has(sim, "software IO TLB: Reserved memory: created restricted DMA pool at 0x0000000050000000, size 4 MiB"));
}

/* Each of reusable, no-map, linux,cma-default, linux,dma-default:
 * Expect -EINVAL and no line. */
static void test_rmem_swiotlb_setup_refuses_claimed_regions(void **state)
{
	struct cmasim *sim = *state;

	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, SIZE, true, false,
					    false, false), -EINVAL);
	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, SIZE, false, true,
					    false, false), -EINVAL);
	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, SIZE, false, false,
					    true, false), -EINVAL);
	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, SIZE, false, false,
					    false, true), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
}

/* A 1008 KiB pool: Expect "size 0 MiB" (the kernel's MiB truncate). */
static void test_rmem_swiotlb_setup_truncates_mib(void **state)
{
	struct cmasim *sim = *state;

	assert_errno(cms_rmem_swiotlb_setup(sim, BASE, UINT64_C(1008) << 10,
					    false, false, false, false), 0);
	assert_true(tst_dmesg_has(sim, "software IO TLB: Reserved memory: created restricted DMA pool at 0x0000000050000000, size 0 MiB"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rmem_swiotlb_setup_creates_pool,
						setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_rmem_swiotlb_setup_refuses_claimed_regions,
						setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_rmem_swiotlb_setup_truncates_mib,
						setup, tst_teardown_checked),
	};

	return tst_run_per_version("swiotlb", tests, G_N_ELEMENTS(tests));
}
