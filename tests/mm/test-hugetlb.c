// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/hugetlb.c: hugetlb_cma_reserve() and
 * hugetlb_cma_check() (mm/hugetlb.c) as the arches call them at boot:
 * arm64 always, with the granule's gigantic order; x86 only on a CPU with
 * 1 GiB pages.  Each test boots a machine built by calls (RAM from 1 GiB,
 * as qemu's virt has it, split evenly over the nodes) or a qemu pc, and
 * reads the areas, their lines and the state mm/hugetlb.c keeps.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "mm/hugetlb.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/*
 * An arm64 machine of @mem bytes from 1 GiB on, over @nodes nodes, booted
 * with @cmdline on @kernel with the Kconfig of the arm64 captures.  With
 * @pinned, node 0 has a page reserved 2 MiB above its start (where the
 * kernel image sits) and each node one at its top (the early page tables
 * or NODE_DATA), so no gigantic page fits in those GiBs.
 */
static struct cmasim *boot_arm64_pinned(const char *arch, const char *kernel,
					uint64_t mem, unsigned int nodes,
					const char *cmdline, bool pinned)
{
	struct cmasim *sim = tst_sim_new(arch, kernel, "CMA_SIZE_MBYTES=64",
					 "NODES_SHIFT=4", NULL);
	struct cmasim_machine *m = cmasim_machine_new(cmasim_get_arch(sim));
	uint64_t per = mem / nodes;
	int ret;

	assert_non_null(m);
	assert_int_equal(cmasim_machine_add_e820(m, GiB, mem, CMASIM_E820_RAM), 0);
	for (unsigned int n = 0; nodes > 1 && n < nodes; n++)
		assert_int_equal(cmasim_machine_add_numa_range(m, (int)n,
				 GiB + n * per, per), 0);
	for (unsigned int n = 0; pinned && n < nodes; n++) {
		uint64_t base = GiB + n * per;

		if (!n)
			assert_int_equal(cmasim_machine_add_reservation(m,
					 base + 2 * MiB, 4096, "pin", false), 0);
		assert_int_equal(cmasim_machine_add_reservation(m,
				 base + per - 4096, 4096, "pin", false), 0);
	}
	ret = cmasim_boot(sim, m, cmdline);
	cmasim_machine_destroy(m);
	if (ret)
		fail_msg("boot failed: %s", tst_errno_name(ret));
	return sim;
}

static struct cmasim *boot_arm64(const char *arch, const char *kernel,
				 uint64_t mem, unsigned int nodes,
				 const char *cmdline)
{
	return boot_arm64_pinned(arch, kernel, mem, nodes, cmdline, false);
}

static const struct cmasim_cma *area(const struct cmasim *sim,
				     const char *name)
{
	return cmasim_cma_find(sim, name);
}

/*
 * arm64 4K, one node of 6 GiB, hugetlb_cma=1G:
 *   1G             4G         5G                 7G
 *   |   DMA        | hugetlb0 |      Normal      |
 * Expect one 1 GiB area "hugetlb0" bottom-up from 4 GiB (memblock ends
 * past 4 GiB + size), one bit per 2 MiB, counted in CmaTotal, and the
 * kernel's two lines.
 */
static void test_hugetlb_cma_reserve_one_node(void **state)
{
	struct cmasim *sim = boot_arm64("arm64", "6.12", 6 * GiB, 1,
					"hugetlb_cma=1G");
	const struct cmasim_cma *a = area(sim, "hugetlb0");

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserve 1024 MiB, up to 1024 MiB per node"));
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x0000000100000000 on node 0"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserved 1024 MiB on node 0"));
	assert_non_null(a);
	assert_true(cmasim_cma_get_base(a) == 4 * GiB);
	assert_true(cmasim_cma_get_size(a) == GiB);
	assert_int_equal(cmasim_cma_get_order_per_bit(a), 9);
	assert_ptr_equal(cms_hugetlb_cma_area(sim, 0), a);
	/* with the 64 MiB default area */
	assert_true(cmasim_cma_total_pages(sim) == (GiB + 64 * MiB) >> 12);
	tst_sim_free(sim);
}

/*
 * Two nodes of 2 GiB with pinned ends, hugetlb_cma=3G: DIV_ROUND_UP(3G,
 * 2) rounded up to the gigantic page is 2 GiB per node.
 *   node 0: [p        2G         p]   node 1: [         2G         p]
 * Expect both nodes to fail (no free 2 GiB), a failure line each, no
 * area, and the total dropped to 0 (nothing was reserved).
 */
static void test_hugetlb_cma_reserve_per_node_split(void **state)
{
	struct cmasim *sim = boot_arm64_pinned("arm64", "6.12", 4 * GiB, 2,
					       "hugetlb_cma=3G", true);

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserve 3072 MiB, up to 2048 MiB per node"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reservation failed: err -12, node 0"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reservation failed: err -12, node 1"));
	assert_null(area(sim, "hugetlb0"));
	assert_null(area(sim, "hugetlb1"));
	assert_true(sim->hugetlb->cma_size == 0);
	tst_sim_free(sim);
}

/*
 * hugetlb_cma=2G over two nodes of 2 GiB with pinned ends: 1 GiB each.
 *   node 0 [1G..3G): p at 1G + 2M and at the top: no 1 GiB-aligned
 *   free GiB -> -ENOMEM
 *   node 1 [3G..5G): bottom-up from 4 GiB finds the pin at the top,
 *   then top-down [3G, 4G) -> hugetlb1
 * Expect the failure on node 0, hugetlb1 at 3 GiB on node 1, as the
 * numa-hugetlb-cma-2g capture shows.
 */
static void test_hugetlb_cma_reserve_node_fails(void **state)
{
	struct cmasim *sim = boot_arm64_pinned("arm64", "6.12", 4 * GiB, 2,
					       "hugetlb_cma=2G", true);
	const struct cmasim_cma *a;

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserve 2048 MiB, up to 1024 MiB per node"));
	assert_true(tst_dmesg_has(sim, "cma: Failed to reserve 1024 MiB on node 0"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reservation failed: err -12, node 0"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserved 1024 MiB on node 1"));
	a = area(sim, "hugetlb1");
	assert_non_null(a);
	assert_true(cmasim_cma_get_base(a) == 3 * GiB);
	assert_int_equal(cmasim_cma_get_nid(a), 1);
	tst_sim_free(sim);
}

/*
 * hugetlb_cma=1:1G: only node 1, and no "reserve ... per node" line.
 * Expect hugetlb1 and no hugetlb0.
 */
static void test_hugetlb_cma_reserve_node_specific(void **state)
{
	struct cmasim *sim = boot_arm64("arm64", "6.12", 4 * GiB, 2,
					"hugetlb_cma=1:1G");

	assert_int_equal(tst_dmesg_find(sim, "hugetlb_cma: reserve 1024 MiB, up to 1024 MiB per node"), -1);
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: reserved 1024 MiB on node 1"));
	assert_non_null(area(sim, "hugetlb1"));
	assert_null(area(sim, "hugetlb0"));
	tst_sim_free(sim);
}

/*
 * Node entries the reservation drops: an offline node, and a size below
 * one gigantic page.  Expect both warnings, hugetlb1 only, and the
 * total reduced to what is left (1 GiB).
 */
static void test_hugetlb_cma_reserve_bad_nodes(void **state)
{
	struct cmasim *sim = boot_arm64("arm64", "6.12", 4 * GiB, 2,
					"hugetlb_cma=3:1G,0:512M,1:1G");

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: invalid node 3 specified"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: cma area of node 0 should be at least 1024 MiB"));
	assert_non_null(area(sim, "hugetlb1"));
	assert_null(area(sim, "hugetlb0"));
	assert_true(sim->hugetlb->cma_size == GiB);
	tst_sim_free(sim);
}

/*
 * 16K pages: the gigantic page is a contiguous PMD run, 1 GiB (order 16).
 * Expect hugetlb_cma=64M to be refused with the 16K minimum, and no area.
 */
static void test_hugetlb_cma_reserve_too_small_16k(void **state)
{
	struct cmasim *sim = boot_arm64("arm64-16k", "6.12", 6 * GiB, 1,
					"hugetlb_cma=64M");

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: cma area should be at least 1024 MiB"));
	assert_null(area(sim, "hugetlb0"));
	assert_true(sim->hugetlb->cma_size == 0);
	/* hugetlb_cma_check() says nothing: the arch did call the reserve */
	assert_int_equal(tst_dmesg_find(sim, "hugetlb_cma: the option isn't supported by current arch"), -1);
	tst_sim_free(sim);
}

/*
 * 64K pages: the gigantic page is 16 GiB.  Expect hugetlb_cma=1G to be
 * refused with that minimum.
 */
static void test_hugetlb_cma_reserve_too_small_64k(void **state)
{
	struct cmasim *sim = boot_arm64("arm64-64k", "6.12", 4 * GiB, 1,
					"hugetlb_cma=1G");

	assert_true(tst_dmesg_has(sim, "hugetlb_cma: cma area should be at least 16384 MiB"));
	tst_sim_free(sim);
}

/*
 * x86 pc of 3 GiB, hugetlb_cma=1G, a CPU without 1 GiB pages (qemu64).
 * Expect no area and hugetlb_init()'s warning after boot.
 */
static void test_hugetlb_cma_check_no_gbpages(void **state)
{
	struct cmasim *sim = tst_boot_pc("6.12", 3 * GiB, 1,
					 "cma=64M hugetlb_cma=1G", NULL);

	assert_null(area(sim, "hugetlb0"));
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: the option isn't supported by current arch"));
	assert_true(tst_diag_contains(sim, "has no 1 GiB pages"));
	tst_sim_free(sim);
}

/* A qemu pc of @mem bytes whose CPU has 1 GiB pages. */
static struct cmasim *boot_pc_gbpages(const char *kernel, uint64_t mem,
				      const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(mem, 1, &m), 0);
	assert_int_equal(cmasim_machine_set_cpu_gbpages(m, true), 0);
	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	cmasim_machine_destroy(m);
	return sim;
}

/*
 * x86 pc of 3 GiB with gbpages, cma=64M hugetlb_cma=1G (the s36 capture):
 *   0      1G            2G             3G
 *   |kernel| hugetlb0    |   ...  [cma] |
 * 6.12 aligns the area to 1 GiB: the highest free aligned GiB of node 0
 * is [1G, 2G).  6.1 aligns it to 2 MiB only: top-down it lands as high
 * as the free space below the default area allows.
 * Expect the 6.12 area at 1 GiB, the 6.1 one 2 MiB aligned but not 1 GiB
 * aligned, and no "unsupported" warning.
 */
static void test_hugetlb_cma_reserve_x86_gbpages(void **state)
{
	struct cmasim *sim = boot_pc_gbpages("6.12", 3 * GiB,
					     "cma=64M hugetlb_cma=1G");
	const struct cmasim_cma *a = area(sim, "hugetlb0");

	assert_non_null(a);
	assert_true(cmasim_cma_get_base(a) == GiB);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x0000000040000000 on node 0"));
	assert_int_equal(tst_dmesg_find(sim, "hugetlb_cma: the option isn't supported by current arch"), -1);
	tst_sim_free(sim);

	sim = boot_pc_gbpages("6.1", 3 * GiB, "cma=64M hugetlb_cma=1G");
	a = area(sim, "hugetlb0");
	assert_non_null(a);
	assert_true(cmasim_cma_get_base(a) % (2 * MiB) == 0);
	assert_true(cmasim_cma_get_base(a) % GiB != 0);
	tst_sim_free(sim);
}

/* Expect hugetlb_cma=0 and no parameter to reserve nothing, silently. */
static void test_hugetlb_cma_reserve_none(void **state)
{
	const char *lines[] = { "", "hugetlb_cma=0" };

	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		struct cmasim *sim = boot_arm64("arm64", "6.1", 2 * GiB, 1,
						lines[i]);

		assert_null(area(sim, "hugetlb0"));
		for (size_t j = 0; j < cmasim_dmesg_count(sim); j++)
			assert_true(strncmp(cmasim_dmesg_line(sim, j, NULL),
					    "hugetlb_cma", 11));
		assert_true(sim->hugetlb->cma_reserve_called);
		tst_sim_free(sim);
	}
}

/*
 * Expect cms_hugetlb_cma_check() to warn only when a size is left and
 * the reserve was never called, and the state to live and die with the
 * instance.
 */
static void test_hugetlb_cma_check_direct(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);

	sim->hugetlb->cma_size = GiB;
	cms_hugetlb_cma_check(sim);
	assert_true(tst_dmesg_has(sim, "hugetlb_cma: the option isn't supported by current arch"));
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	sim->hugetlb->cma_reserve_called = true;
	cms_hugetlb_cma_check(sim);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_null(cms_hugetlb_cma_area(sim, -1));
	assert_null(cms_hugetlb_cma_area(sim, 1 << 20));
	sim->hugetlb->cma_size = 0;
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hugetlb_cma_reserve_one_node),
		cmocka_unit_test(test_hugetlb_cma_reserve_per_node_split),
		cmocka_unit_test(test_hugetlb_cma_reserve_node_fails),
		cmocka_unit_test(test_hugetlb_cma_reserve_node_specific),
		cmocka_unit_test(test_hugetlb_cma_reserve_bad_nodes),
		cmocka_unit_test(test_hugetlb_cma_reserve_too_small_16k),
		cmocka_unit_test(test_hugetlb_cma_reserve_too_small_64k),
		cmocka_unit_test(test_hugetlb_cma_check_no_gbpages),
		cmocka_unit_test(test_hugetlb_cma_reserve_x86_gbpages),
		cmocka_unit_test(test_hugetlb_cma_reserve_none),
		cmocka_unit_test(test_hugetlb_cma_check_direct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
