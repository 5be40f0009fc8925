// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for the boot sequence (lib/boot/setup.c and the setup_arch() of
 * setup_x86.c and setup_arm64.c, with e820.c and numa.c): the machine
 * description (qemu "pc" layouts as SeaBIOS reports them), the x86
 * setup_arch() memory sequence (e820 map, early reservations, NUMA lines,
 * NODE_DATA placement, the dma_contiguous_reserve() limit), and the
 * boot's error paths.  The expected numbers are the real kernel's, from
 * the oracle captures.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "boot/setup.h"
#include "mm/mmzone.h"

static struct cmasim_machine *pc(uint64_t mem, unsigned int nodes)
{
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_qemu_pc(mem, nodes, &m), 0);
	return m;
}

static void assert_e820(const struct cmasim_machine *m, size_t idx,
			uint64_t base, uint64_t last, unsigned int type)
{
	cmasim_phys_addr_t b, s;
	unsigned int t;

	assert_int_equal(cmasim_machine_e820(m, idx, &b, &s, &t), 0);
	assert_int_equal(b, base);
	assert_int_equal(b + s - 1, last);
	assert_int_equal(t, type);
}

/*
 *   0     640K  1M                     1G-128K 1G        4G-256K 4G
 *   [usable][r]  [usable..............][res]  ......... [res]
 * Expect the seven entries of the 1 GiB captures, in order.
 */
static void test_machine_qemu_pc_1g(void **state)
{
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 7);
	assert_e820(m, 0, 0, 0x9fbff, CMASIM_E820_RAM);
	assert_e820(m, 1, 0x9fc00, 0x9ffff, CMASIM_E820_RESERVED);
	assert_e820(m, 2, 0xf0000, 0xfffff, CMASIM_E820_RESERVED);
	assert_e820(m, 3, 0x100000, 0x3ffdffff, CMASIM_E820_RAM);
	assert_e820(m, 4, 0x3ffe0000, 0x3fffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 5, 0xfffc0000, 0xffffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 6, 0xfd00000000, 0xffffffffff, CMASIM_E820_RESERVED);
	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 0);
	cmasim_machine_destroy(m);
}

/* Expect 4 GiB to keep 3 GiB below the PCI hole and 1 GiB above 4 GiB. */
static void test_machine_qemu_pc_4g(void **state)
{
	struct cmasim_machine *m = pc(4 * CMS_SZ_1G, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 8);
	assert_e820(m, 3, 0x100000, 0xbffdffff, CMASIM_E820_RAM);
	assert_e820(m, 4, 0xbffe0000, 0xbfffffff, CMASIM_E820_RESERVED);
	assert_e820(m, 6, 0x100000000, 0x13fffffff, CMASIM_E820_RAM);
	cmasim_machine_destroy(m);
}

/* Expect 3 GiB (below 3.5 GiB) to stay entirely below 4 GiB. */
static void test_machine_qemu_pc_3g_stays_low(void **state)
{
	struct cmasim_machine *m = pc(3 * CMS_SZ_1G, 1);

	assert_int_equal(cmasim_machine_nr_e820(m), 7);
	assert_e820(m, 3, 0x100000, 0xbffdffff, CMASIM_E820_RAM);
	cmasim_machine_destroy(m);
}

/* Expect qemu's SRAT for -numa with two 1 GiB nodes (the s29 captures). */
static void test_machine_qemu_pc_two_nodes_srat(void **state)
{
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);
	cmasim_phys_addr_t b, s;
	int nid;

	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 3);
	assert_int_equal(cmasim_machine_numa_range(m, 0, &nid, &b, &s), 0);
	assert_int_equal(nid, 0);
	assert_int_equal(b, 0);
	assert_int_equal(s, 0xa0000);
	assert_int_equal(cmasim_machine_numa_range(m, 1, &nid, &b, &s), 0);
	assert_int_equal(nid, 0);
	assert_int_equal(b, 0x100000);
	assert_int_equal(b + s, 0x40000000);
	assert_int_equal(cmasim_machine_numa_range(m, 2, &nid, &b, &s), 0);
	assert_int_equal(nid, 1);
	assert_int_equal(b, 0x40000000);
	assert_int_equal(b + s, 0x80000000);
	assert_int_equal(cmasim_machine_numa_range(m, 3, &nid, &b, &s), -ERANGE);
	cmasim_machine_destroy(m);
}

/* Expect node 1 of 2x3 GiB to start at 4 GiB (the s48/s55 captures). */
static void test_machine_qemu_pc_two_nodes_above_4g(void **state)
{
	struct cmasim_machine *m = pc(6 * CMS_SZ_1G, 2);
	cmasim_phys_addr_t b, s;
	int nid;

	assert_int_equal(cmasim_machine_nr_numa_ranges(m), 3);
	assert_int_equal(cmasim_machine_numa_range(m, 1, &nid, &b, &s), 0);
	assert_int_equal(b + s, 0xc0000000);
	assert_int_equal(cmasim_machine_numa_range(m, 2, &nid, &b, &s), 0);
	assert_int_equal(nid, 1);
	assert_int_equal(b, 0x100000000);
	assert_int_equal(b + s, 0x1c0000000);
	cmasim_machine_destroy(m);
}

/* Expect bad sizes and node counts refused with -EINVAL. */
static void test_machine_qemu_pc_invalid(void **state)
{
	struct cmasim_machine *m = NULL;

	assert_errno(cmasim_machine_qemu_pc(32 * CMS_SZ_1M, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(CMS_SZ_1G + 1, 1, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(CMS_SZ_1G, 0, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(CMS_SZ_1G, 65, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(128 * CMS_SZ_1M, 4, &m), -EINVAL);
	assert_errno(cmasim_machine_qemu_pc(CMS_SZ_1G, 1, NULL), -EINVAL);
	assert_null(m);
}

/* Expect the default machine to be the 4 GiB pc; none for arm64. */
static void test_machine_default(void **state)
{
	struct cmasim_machine *m = cmasim_machine_default(CMASIM_ARCH_X86_64);

	assert_non_null(m);
	assert_int_equal(cmasim_machine_get_arch(m), CMASIM_ARCH_X86_64);
	assert_int_equal(cmasim_machine_nr_e820(m), 8);
	assert_e820(m, 6, 0x100000000, 0x13fffffff, CMASIM_E820_RAM);
	assert_null(cmasim_machine_cmdline(m));
	assert_null(cmasim_machine_kernel_version(m));
	cmasim_machine_destroy(m);
	assert_null(cmasim_machine_default(CMASIM_ARCH_ARM64_4K));
}

/*
 * Appending to a machine's tables (cms_boot_grow) doubles their room when
 * it runs out: 100,000 appends reallocate 15 times, not 100,000 (which,
 * where realloc copies, as under valgrind and ASan, is quadratic).
 * Expect zeroed elements, room below twice the count, few reallocations.
 */
static void test_machine_grow_doubles(void **state)
{
	struct cms_e820_entry *arr = NULL, *e;
	size_t n = 0, cap = 0, grows = 0;

	(void)state;
	for (unsigned int i = 0; i < 100000; i++) {
		size_t before = cap;

		e = cms_boot_grow((void **)&arr, &n, &cap, sizeof(*arr));
		assert_non_null(e);
		assert_int_equal(e->addr | e->size | e->type, 0);
		e->addr = i;
		grows += cap != before;
	}
	assert_int_equal(n, 100000);
	assert_int_equal(arr[99999].addr, 99999);
	assert_true(cap >= n && cap < 2 * n);
	assert_true(grows <= 15);
	g_free(arr);
}

/* Expect the builders to refuse empty or wrapping ranges. */
static void test_machine_add_invalid(void **state)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim_machine_op op = { .kind = CMASIM_OP_MEMBLOCK_ADD };

	assert_errno(cmasim_machine_add_e820(m, 0, 0, 1), -EINVAL);
	assert_errno(cmasim_machine_add_e820(m, UINT64_MAX, 2, 1), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, -1, 0, 4096), -EINVAL);
	assert_errno(cmasim_machine_add_numa_range(m, 1024, 0, 4096), -EINVAL);
	assert_errno(cmasim_machine_add_reservation(m, 0, 4096, NULL, true),
		     -EINVAL);
	assert_errno(cmasim_machine_set_initrd(m, 0, 0), -EINVAL);
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op.kind = CMASIM_OP_LOG_LINE;
	assert_errno(cmasim_machine_add_op(m, &op), -EINVAL);
	op.text = "RAMDISK: [mem 0x0-0xfff]";
	assert_int_equal(cmasim_machine_add_op(m, &op), 0);
	assert_int_equal(cmasim_machine_nr_ops(m), 1);
	assert_null(cmasim_machine_new((enum cmasim_arch)CMASIM_ARCH_COUNT));
	cmasim_machine_destroy(m);
	cmasim_machine_destroy(NULL);
}

/* Whether mem_init() printed its "Memory: ...K/...K available" line. */
static bool has_memory_line(const struct cmasim *sim)
{
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		if (!strncmp(cmasim_dmesg_line(sim, i, NULL), "Memory: ", 8))
			return true;
	return false;
}

static struct cmasim *boot_pc(const char *kernel, uint64_t mem,
			      unsigned int nodes, const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cmasim_machine *m = pc(mem, nodes);

	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	cmasim_machine_destroy(m);
	return sim;
}

/*
 * init_per_zone_wmark_min is a postcore_initcall: it runs after
 * cma_init_reserved_areas (core_initcall) has made the 64 MiB of CMA
 * managed, so the watermarks include those pages.  Expect the min/low/high
 * of the real 6.1 1 GiB cma=64M boot (capture s04's /proc/zoneinfo):
 * DMA 176/220/264, DMA32 11087/13858/16629.
 */
static void test_boot_watermarks_count_cma_pages(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1,
				     "console=ttyS0 loglevel=8 nokaslr memblock=debug cma=64M");
	static const uint64_t want[2][3] = {
		{ 176, 220, 264 }, { 11087, 13858, 16629 },
	};
	struct cmasim_zone_info zi;

	(void)state;
	for (unsigned int i = 0; i < 2; i++) {
		assert_int_equal(cmasim_zone_get(sim, i, &zi), 0);
		assert_string_equal(zi.name, i ? "DMA32" : "DMA");
		assert_int_equal(zi.wmark[CMASIM_WMARK_MIN], want[i][0]);
		assert_int_equal(zi.wmark[CMASIM_WMARK_LOW], want[i][1]);
		assert_int_equal(zi.wmark[CMASIM_WMARK_HIGH], want[i][2]);
	}
	assert_int_equal(cmasim_zone_get(sim, 1, &zi), 0);
	assert_int_equal(zi.cma, 16384);
	tst_sim_free(sim);
}

/*
 * Expect the 6.1 1 GiB boot's own lines (s04): the map, the faked node,
 * NODE_DATA just below the initrd, and the limit at the end of RAM.
 */
static void test_boot_1g_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1, "console=ttyS0 cma=64M");

	assert_true(tst_dmesg_has(sim, "Command line: console=ttyS0 cma=64M"));
	assert_true(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
	assert_true(tst_dmesg_has(sim, "BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable"));
	assert_true(tst_dmesg_has(sim, "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x3ffe0 max_arch_pfn = 0x400000000"));
	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0x3fee4000-0x3ffdffff]"));
	assert_true(tst_dmesg_has(sim, "ACPI: Reserving FACP table memory at [mem 0x3ffe198c-0x3ffe19ff]"));
	assert_true(tst_dmesg_has(sim, "No NUMA configuration found"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3feb9000-0x3fee3fff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
	assert_true(tst_dmesg_find(sim, "No NUMA configuration found") <
		    tst_dmesg_find(sim, "NODE_DATA(0) allocated [mem 0x3feb9000-0x3fee3fff]"));
	tst_sim_free(sim);
}

/* Expect 6.12's cache-aligned NODE_DATA (s04 of oracle-612). */
static void test_boot_1g_612_node_data(void **state)
{
	struct cmasim *sim = boot_pc("6.12", CMS_SZ_1G, 1, "");

	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3feb92c0-0x3fee3fff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
	tst_sim_free(sim);
}

/*
 * Expect a 4 GiB machine to print both last_pfn lines, to keep the three
 * page-table pages at the top, and to pass 0x140000000 (s22).
 */
static void test_boot_4g_limit_above_4g(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 4 * CMS_SZ_1G, 1, "");

	assert_true(tst_dmesg_has(sim, "last_pfn = 0x140000 max_arch_pfn = 0x400000000"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0xbffe0 max_arch_pfn = 0x400000000"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000013fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x13ffd2000-0x13fffcfff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x140000000);
	tst_sim_free(sim);
}

/*
 * 5 GiB pc with mem=2G: parse_memopt() cuts the e820 RAM at 2 GiB.
 *
 *   0      1M              2G        3G      4G        5G
 *   |      |###############|.........|       |.........|
 *            RAM kept         removed           removed
 *
 * Expect the user-defined map, last_pfn 0x80000 (once: nothing above
 * 4 GiB), the faked node and the DMA limit ending at 2 GiB, and the area
 * below it.
 */
static void test_boot_mem_limit_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 5 * CMS_SZ_1G, 1, "mem=2G cma=64M");

	assert_true(tst_dmesg_has(sim, "e820: remove [mem 0x80000000-0xfffffffffffffffe] usable"));
	assert_true(tst_dmesg_has(sim, "user-defined physical RAM map:"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x0000000000100000-0x000000007fffffff] usable"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x00000000bffe0000-0x00000000bfffffff] reserved"));
	assert_false(tst_dmesg_has(sim, "user: [mem 0x0000000100000000-0x000000017fffffff] usable"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x80000 max_arch_pfn = 0x400000000"));
	assert_false(tst_dmesg_has(sim, "last_pfn = 0x180000 max_arch_pfn = 0x400000000"));
	assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000007fffffff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x80000000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000007be00000"));
	assert_true(tst_dmesg_find(sim, "user-defined physical RAM map:") <
		    tst_dmesg_find(sim, "last_pfn = 0x80000 max_arch_pfn = 0x400000000"));
	tst_sim_free(sim);
}

/*
 * mem=1K keeps RAM below 0x400 only, which trim_bios_range() then makes
 * reserved: nothing is left.  Expect -EINVAL and a message that names
 * mem=1K, not only "the e820 map has no usable RAM".
 */
static void test_boot_mem_leaves_no_ram(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_errno(cmasim_boot(sim, m, "cma=64M mem=4M mem=1K"), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: boot: mem=1K leaves no usable RAM: only RAM below 0x400 is kept"));
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/* Expect mem=0 refused: the map is still printed as user-defined, whole. */
static void test_boot_mem_zero_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1, "mem=0");

	assert_true(tst_dmesg_has(sim, "user-defined physical RAM map:"));
	assert_true(tst_dmesg_has(sim, "user: [mem 0x0000000000100000-0x000000003ffdffff] usable"));
	assert_true(tst_dmesg_has(sim, "last_pfn = 0x3ffe0 max_arch_pfn = 0x400000000"));
	tst_sim_free(sim);
}

/*
 * coherent_pool= (kernel/dma/pool.c early_coherent_pool) sets the pools'
 * size instead of 128 KiB per GiB; the last one counts, "-" is "_".
 * Expect 1 MiB pools, the two in DMA32 taken from the area as 256 pages.
 */
static void test_boot_coherent_pool(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_int_equal(cmasim_boot(sim, m,
			 "coherent_pool=2M cma=64M coherent-pool=1M"), 0);
	cmasim_machine_destroy(m);

	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL|GFP_DMA pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "DMA: preallocated 1024 KiB GFP_KERNEL|GFP_DMA32 pool for atomic allocations"));
	assert_true(tst_dmesg_has(sim, "cma: cma_alloc(cma (____ptrval____), count 256, align 8)"));
	tst_sim_free(sim);
}

/* Expect coherent_pool= after "--" (an init argument) to be ignored. */
static void test_boot_coherent_pool_after_dashes(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1,
				     "cma=64M -- coherent_pool=1M");

	assert_true(tst_dmesg_has(sim, "DMA: preallocated 128 KiB GFP_KERNEL pool for atomic allocations"));
	tst_sim_free(sim);
}

/*
 * node_states[] as numa_register_memblks() leaves them.  Before the boot
 * (no NUMA init) only node 0 counts, memblock being empty; after a boot
 * of 2 x 1 GiB with mem=1G, node 1 is possible (the SRAT names it) but
 * not online (no memory left), and node 2 is neither.
 * Expect exactly those bits.
 */
static void test_boot_node_states(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);

	assert_true(cms_node_state(sim, 0, CMS_N_POSSIBLE));
	assert_true(cms_node_state(sim, 0, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, 1, CMS_N_POSSIBLE));
	assert_int_equal(cmasim_boot(sim, m, "mem=1G"), 0);
	cmasim_machine_destroy(m);
	assert_true(cms_node_state(sim, 0, CMS_N_POSSIBLE));
	assert_true(cms_node_state(sim, 0, CMS_N_ONLINE));
	assert_true(cms_node_state(sim, 1, CMS_N_POSSIBLE));
	assert_false(cms_node_state(sim, 1, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, 2, CMS_N_POSSIBLE));
	assert_false(cms_node_state(sim, 2, CMS_N_ONLINE));
	assert_false(cms_node_state(sim, -1, CMS_N_POSSIBLE));
	tst_sim_free(sim);
}

/*
 * 2 x 1 GiB with mem=1G: node 1's SRAT range has no memory left, so the
 * node is possible (parsed from the SRAT) but never online, and 6.12's
 * dma_numa_cma_reserve() warns about numa_cma= for it.
 * Expect the warning and no area for node 1.
 */
static void test_boot_numa_cma_node_cut_by_mem_612(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL);
	struct cmasim_machine *m = pc(2 * CMS_SZ_1G, 2);

	assert_int_equal(cmasim_boot(sim, m, "mem=1G numa_cma=1:16M"), 0);
	cmasim_machine_destroy(m);
	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_false(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x3feb92c0-0x3fee3fff]"));
	assert_true(tst_dmesg_has(sim, "cma: invalid node 1 specified"));
	assert_false(tst_dmesg_has(sim, "cma: Reserved 16 MiB at 0x000000003e000000 on node 1"));
	tst_sim_free(sim);
}

/* Expect the 6.1 NUMA merge line and both NODE_DATA (s29). */
static void test_boot_two_nodes_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3ffd5000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x7feb9000-0x7fee3fff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x7ffe0000);
	assert_int_equal(sim->boot->nr_online_nodes, 2);
	tst_sim_free(sim);
}

/* Expect 6.12 to trim node 0 to the start of memblock (s29 of 6.12). */
static void test_boot_two_nodes_612(void **state)
{
	struct cmasim *sim = boot_pc("6.12", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0x3ffd52c0-0x3fffffff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x7feb92c0-0x7fee3fff]"));
	tst_sim_free(sim);
}

/* Expect 2x3 GiB on 6.12 to put node 1's NODE_DATA below the page tables. */
static void test_boot_two_nodes_above_4g_612(void **state)
{
	struct cmasim *sim = boot_pc("6.12", 6 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "NODE_DATA(0) allocated [mem 0xbfeb92c0-0xbfee3fff]"));
	assert_true(tst_dmesg_has(sim, "NODE_DATA(1) allocated [mem 0x1bffd22c0-0x1bfffcfff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x1c0000000);
	tst_sim_free(sim);
}

/*
 * A bare numa_cma, cma_pernuma or kernelcore (no '=') makes the kernel's
 * handler dereference NULL: the real boot dies in parse_early_param().
 * Expect the boot to stop there with -EINVAL and a diagnostic naming the
 * parameter, on both versions: no zones, no "Memory:" line.
 */
static void test_boot_cmdline_oops_refused(void **state)
{
	static const struct {
		const char *kernel, *knob, *cmdline, *param;
	} rows[] = {
		{ "6.12", "DMA_NUMA_CMA=y", "cma=64M numa_cma", "numa_cma" },
		{ "6.12", "DMA_NUMA_CMA=y", "cma_pernuma", "cma_pernuma" },
		{ "6.1", "DMA_PERNUMA_CMA=y", "cma_pernuma cma=64M", "cma_pernuma" },
		{ "6.1", "CMA=y", "kernelcore", "kernelcore" },
		{ "6.12", "CMA=y", "quiet kernelcore", "kernelcore" },
	};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		struct cmasim *sim = tst_sim_new(NULL, rows[i].kernel,
						 rows[i].knob, NULL);
		struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
		char *want = g_strdup_printf("client bug: boot: the command line's bare '%s' crashes the kernel",
					     rows[i].param);

		assert_errno(cmasim_boot(sim, m, rows[i].cmdline), -EINVAL);
		assert_true(tst_diag_contains(sim, want));
		assert_true(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
		assert_false(has_memory_line(sim));
		g_free(want);
		cmasim_machine_destroy(m);
		tst_sim_free(sim);
	}
}

/*
 * cma=64M@0xfffffffffc000000: base + size wraps to 0, so early_cma()'s
 * limit is 0 and dma_contiguous_reserve() sees base + size == limit, a
 * fixed area; cma_declare_contiguous_nid()'s "base + size > limit" wraps
 * too and passes, memblock_reserve() caps the range, and both kernels
 * print "Reserved 64 MiB at 0xfffffffffc000000".  At core_initcall
 * cma_activate_area() finds no struct page there: WARN, then a fault in
 * PID 1.  Expect the kernel's lines up to the handover, -EFAULT from the
 * boot, one explanation, and not 16384 free_reserved_page complaints.
 */
static void test_boot_cma_wraps_past_memory(void **state)
{
	static const char *const reserved[] = {
		"cma: Reserved 64 MiB at 0xfffffffffc000000",
		"cma: Reserved 64 MiB at 0xfffffffffc000000 on node -1",
	};
	static const char *const kernels[] = { "6.1", "6.12" };

	(void)state;
	for (int v = 0; v < 2; v++) {
		struct cmasim *sim = tst_sim_new(NULL, kernels[v], NULL);
		struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
		size_t explained = 0;

		assert_errno(cmasim_boot(sim, m, "cma=64M@0xfffffffffc000000"),
			     -EFAULT);
		assert_true(tst_dmesg_has(sim, reserved[v]));
		assert_true(has_memory_line(sim));
		assert_false(tst_dmesg_has(sim, "cma: CMA area reserved could not be activated"));
		assert_false(tst_diag_contains(sim, "free_reserved_page"));
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			explained += strstr(cmasim_diag_line(sim, i, NULL),
					    "has no struct page") != NULL;
		assert_int_equal(explained, 1);
		cmasim_machine_destroy(m);
		tst_sim_free(sim);
	}
}

/*
 * The command line reaches the kernel cut to COMMAND_LINE_SIZE - 1 bytes
 * (boot_command_line): both "Command line:" lines and the command-line
 * copies start_kernel() allocates hold at most that.  A 1 MiB line used
 * to be printed (twice) and copied whole.  Expect 2047 bytes in each
 * line, one explanation, and the very dmesg of a boot given the first
 * 2047 bytes only (the cma= at its start taken).
 */
static void test_boot_cmdline_cut_to_command_line_size(void **state)
{
	size_t n = 1u << 20;
	char *huge = g_malloc(n + 1);
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *ref = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);
	const char *cl = NULL, *kcl = NULL;
	char *kept;

	memset(huge, 'a', n);
	memcpy(huge, "cma=64M ", 8);
	huge[n] = '\0';
	kept = g_strndup(huge, 2047);
	assert_errno(cmasim_boot(sim, m, huge), 0);
	assert_errno(cmasim_boot(ref, m, kept), 0);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *t = cmasim_dmesg_line(sim, i, NULL);

		if (!strncmp(t, "Command line: ", 14))
			cl = t;
		else if (!strncmp(t, "Kernel command line: ", 21))
			kcl = t;
	}
	assert_non_null(cl);
	assert_non_null(kcl);
	assert_int_equal(strlen(cl), 14 + 2047);
	assert_int_equal(strlen(kcl), 21 + 2047);
	assert_true(tst_diag_contains(sim, "longer than COMMAND_LINE_SIZE - 1 (2047 bytes)"));
	assert_int_equal(cmasim_dmesg_count(sim), cmasim_dmesg_count(ref));
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		assert_string_equal(cmasim_dmesg_line(sim, i, NULL),
				    cmasim_dmesg_line(ref, i, NULL));
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	g_free(kept);
	g_free(huge);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
	tst_sim_free(ref);
}

/*
 * arm64 memory comes from the device tree's /memory through
 * early_init_dt_add_memory_arch(), which ignores a block smaller than
 * the rest of its first page and cuts the others to whole pages.  A
 * 16-byte RAM range (what the fuzzer made of "node0[0-f]") reached
 * memblock as is and broke the buddy allocator's lists.
 *
 *   0x40000800                        +256M
 *   |..[######## whole pages ########]..|
 *
 * Expect the kernel's warning and no boot for the 16 bytes; for the
 * unaligned range, memblock from 0x40001000 to the last whole page, a
 * boot and a clean check.
 */
static void test_boot_arm64_memory_page_aligned(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	(void)state;
	assert_int_equal(cmasim_machine_add_e820(m, 0, 16, CMASIM_E820_RAM), 0);
	assert_errno(cmasim_boot(sim, m, ""), -EINVAL);
	assert_true(tst_dmesg_has(sim, "Ignoring memory block 0x0 - 0x10"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);

	sim = tst_sim_new("arm64", "6.12", NULL);
	m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	assert_int_equal(cmasim_machine_add_e820(m, 0x40000800, 256 * CMS_SZ_1M,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim, m, "memblock=debug"), 0);
	assert_true(tst_dmesg_has(sim, "memblock_add: [0x0000000040001000-0x000000004fffffff] early_init_dt_add_memory_arch"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * A recorded memblock_add of 16 bytes is all the memory (what the
 * fuzzer made of "memblock_add: [0-f]"): not one page reaches the buddy
 * allocator, no node comes online, and the DMA pools' alloc_pages() ran
 * past the node array looking for one.  The kernel has panicked in its
 * early allocations long before.  Expect -ENOMEM at the handover, with a
 * message, on arm64 and x86, and a clean check.
 */
static void test_boot_no_whole_page(void **state)
{
	static const enum cmasim_arch arches[] = {
		CMASIM_ARCH_ARM64_4K, CMASIM_ARCH_X86_64,
	};
	static const char *const names[] = { "arm64", "x86_64" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new(names[i], "6.12", NULL);
		struct cmasim_machine *m = cmasim_machine_new(arches[i]);
		struct cmasim_machine_op op = {
			.kind = CMASIM_OP_MEMBLOCK_ADD, .base = 0, .size = 16,
			.nid = -1, .text = "x",
		};

		/* x86's e820 map has RAM; memblock is the replay's alone */
		assert_int_equal(cmasim_machine_add_e820(m, 0,
							 i ? 256 * CMS_SZ_1M : 16,
							 CMASIM_E820_RAM), 0);
		assert_int_equal(cmasim_machine_add_op(m, &op), 0);
		assert_errno(cmasim_boot(sim, m, ""), -ENOMEM);
		assert_true(tst_diag_contains(sim, "client bug: boot: no whole page of memory reached the page allocator"));
		assert_int_equal(cmasim_check(sim), 0);
		tst_sim_free(sim);
		cmasim_machine_destroy(m);
	}
}

/*
 * Every free page is handed out once: allocate order-0 pages until none
 * is left and see that none comes twice and that it ends.  (A page given
 * to the buddy allocator twice, at the handover and again at CMA
 * activation, made this loop endless while cmasim_check() passed.)
 */
static void assert_pages_handed_out_once(struct cmasim *sim)
{
	uint64_t max = cmasim_totalram_pages(sim) + 1, n = 0;
	GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	gint64 *keys = g_new(gint64, max);
	cmasim_pfn_t pfn;

	while (n < max &&
	       !cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0, -1,
				   &pfn)) {
		keys[n] = (gint64)pfn;
		assert_false(g_hash_table_contains(seen, &keys[n]));
		g_hash_table_add(seen, &keys[n]);
		n++;
	}
	assert_true(n < max);
	g_hash_table_destroy(seen);
	g_free(keys);
}

/* tests/data/NAME read as a machine. */
static struct cmasim_machine *data_machine(const char *name)
{
	const char *src = getenv("CMASIM_SRCDIR");
	char *path = g_build_filename(src ? src : "..", "tests", "data", name,
				      NULL);
	struct cmasim_machine *m = NULL;

	assert_int_equal(cmasim_machine_from_log_file(path, &m, NULL, NULL,
						      NULL), 0);
	g_free(path);
	return m;
}

/*
 * The README's use: re-run a logged boot (memblock=debug) with another
 * command line.  s01 booted without CMA; with cma=64M this boot puts the
 * area at 0x1be00000, where the logged kernel later made allocations
 * (sparse memmap, hash tables) and memblock dumps that know no such
 * area.  Replayed as logged they handed the area's pages out twice and
 * broke the buddy lists.  Expect the boot to keep its area reserved
 * through the dumps, to leave out (and say so) the steps that land in
 * it, and a clean check; with the log's own command line nothing is
 * left out.
 */
static void test_boot_log_with_cma_moved(void **state)
{
	struct cmasim_machine *m = data_machine("s01-6.1-m512-memblock.log");
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);

	(void)state;
	assert_errno(cmasim_boot(sim, m, "console=ttyS0 memblock=debug cma=64M"),
		     0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000001be00000"));
	assert_true(tst_diag_contains(sim, "inside this boot's CMA area at 0x1be00000: not replayed"));
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	assert_int_equal(cmasim_check(sim), 0);
	assert_pages_handed_out_once(sim);
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	assert_errno(cmasim_boot(sim, m, NULL), 0);
	assert_false(tst_diag_contains(sim, "not replayed"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * A memblock dump after the CMA reservation that lacks this boot's area
 * (what the fuzzer made of an arm64 log: node ranges, a "cma:" line, a
 * dump of memory only).  The reset to the dump used to free the area's
 * reservation.  Expect the area kept reserved and a clean check.
 */
static void test_boot_log_dump_without_cma(void **state)
{
	static const char text[] =
		"Booting Linux on physical CPU 0x0\n"
		"Linux version 6.12.1 (x) #1\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000040000000-0x00000000bfffffff]\n"
		"Zone ranges:\n"
		"cma: dma_contiguous_reserve(limit 100000000)\n"
		"MEMBLOCK configuration:\n"
		" memory[0x0]\t[0x0000000040000000-0x00000000bfffffff], 0x0000000080000000 bytes on node 0 flags: 0x0\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new("arm64", "6.12", "CMA_SIZE_MBYTES=64",
					 NULL);

	(void)state;
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	assert_errno(cmasim_boot(sim, m, ""), 0);
	assert_true(cmasim_cma_total_pages(sim) == 16384);
	assert_int_equal(cmasim_check(sim), 0);
	assert_pages_handed_out_once(sim);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * The zones are sized on memblock's memory in free_area_init(); a dump
 * after the CMA stage that shows 2 GiB where the zones were built on
 * 256 MiB (what the fuzzer made of an arm64 log) cannot come from one
 * boot, and replaying it handed pages outside every zone to the buddy
 * allocator.  Expect -EINVAL naming the line, and a clean check.
 */
static void test_boot_log_memory_after_zones(void **state)
{
	static const char text[] =
		"Booting Linux on physical CPU 0x0\n"
		"Linux version 6.12.1 (x) #1\n"
		"memblock_add: [0x0000000040000000-0x000000004fffffff] x+0x0/0x1\n"
		"Early memory node ranges\n"
		"  node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
		"cma: dma_contiguous_reserve(limit 50000000)\n"
		"MEMBLOCK configuration:\n"
		" memory[0x0]\t[0x0000000040000000-0x00000000bfffffff], 0x0000000080000000 bytes on node 0 flags: 0x0\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);

	(void)state;
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	assert_errno(cmasim_boot(sim, m, ""), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: boot: log line 8 changes memblock's memory after the zones were built on it"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/*
 * An SRAT that gives node 1 [64M, 256M) of a 1 GiB machine and nothing
 * else (what the fuzzer made of a log).  The kernel's numa_init() does
 * not use nodes that leave RAM outside every node (6.1
 * numa_meminfo_cover_memory(), 6.12 memblock_validate_numa_coverage())
 * and fakes one node; the boot used to keep node 1 inside node 0's span
 * and corrupt the zones.  Expect each version's line, the faked node,
 * a clean check and every page handed out once.
 */
static void test_boot_numa_nodes_not_covering_ram(void **state)
{
	static const char *const kernels[] = { "6.1", "6.12" };
	static const char *const lines[] = {
		"NUMA: nodes only cover 192MB of your 1023MB e820 RAM. Not used.",
		"NUMA: no nodes coverage for 831MB of 1023MB RAM",
	};

	(void)state;
	for (int v = 0; v < 2; v++) {
		struct cmasim *sim = tst_sim_new(NULL, kernels[v], NULL);
		struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

		assert_int_equal(cmasim_machine_add_numa_range(m, 1, 64 * CMS_SZ_1M,
							       192 * CMS_SZ_1M), 0);
		assert_errno(cmasim_boot(sim, m, ""), 0);
		assert_true(tst_dmesg_has(sim, lines[v]));
		assert_true(tst_dmesg_has(sim, "Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]"));
		assert_int_equal(cmasim_check(sim), 0);
		assert_pages_handed_out_once(sim);
		cmasim_machine_destroy(m);
		tst_sim_free(sim);
	}
}

/* Expect a second boot of the same instance refused with -EPERM. */
static void test_boot_twice(void **state)
{
	struct cmasim *sim = boot_pc("6.12", CMS_SZ_1G, 1, "");
	struct cmasim_machine *m = pc(CMS_SZ_1G, 1);

	assert_errno(cmasim_boot(sim, m, ""), -EPERM);
	assert_true(tst_diag_contains(sim, "already booted"));
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/* Expect a machine without RAM, or of another arch, refused. */
static void test_boot_bad_machine(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_X86_64);
	struct cmasim_machine *a = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_int_equal(cmasim_machine_add_e820(m, 0, CMS_SZ_1G,
						 CMASIM_E820_RESERVED), 0);
	assert_errno(cmasim_boot(sim, m, ""), -EINVAL);
	assert_true(tst_diag_contains(sim, "no usable RAM"));
	assert_int_equal(cmasim_machine_add_e820(a, 0x40000000, CMS_SZ_1G,
						 CMASIM_E820_RAM), 0);
	assert_errno(cmasim_boot(sim, a, ""), -EINVAL);
	assert_errno(cmasim_boot(sim, NULL, ""), -EINVAL);
	/* the failed calls left it bootable */
	cmasim_machine_destroy(m);
	m = pc(CMS_SZ_1G, 1);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	cmasim_machine_destroy(m);
	cmasim_machine_destroy(a);
	tst_sim_free(sim);
}

/* Expect the machine's recorded command line when none is given. */
static void test_boot_uses_machine_cmdline(void **state)
{
	const char text[] =
		"[    0.000000] Command line: console=ttyS0 quiet\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable\n";
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);

	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	assert_int_equal(cmasim_boot(sim, m, NULL), 0);
	assert_true(tst_dmesg_has(sim, "Command line: console=ttyS0 quiet"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
	cmasim_machine_destroy(m);
	tst_sim_free(sim);
}

/*
 *   0x40000000               0xc0000000
 *   [ RAM (device tree /memory) ]
 * Expect arm64's limit min(4 GiB, end of DRAM), or the dma-ranges one.
 */
static void test_boot_arm64_limit(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.1", NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	assert_int_equal(cmasim_machine_add_e820(m, 0x40000000, 2 * CMS_SZ_1G,
						 CMASIM_E820_RAM), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0xc0000000);
	assert_false(tst_dmesg_has(sim, "BIOS-provided physical RAM map:"));
	tst_sim_free(sim);

	sim = tst_sim_new("arm64", "6.1", NULL);
	assert_errno(cmasim_machine_set_dma_zone_limit(m, 0), -EINVAL);
	assert_int_equal(cmasim_machine_set_dma_zone_limit(m, 0x80000000), 0);
	assert_int_equal(cmasim_boot(sim, m, ""), 0);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x80000000);
	tst_sim_free(sim);
	cmasim_machine_destroy(m);
}

/* Expect an x86 machine without RAM above 4 GiB to print one last_pfn. */
static void test_boot_one_last_pfn_below_4g(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 2 * CMS_SZ_1G, 1, "");
	long first = tst_dmesg_find(sim, "last_pfn = 0x7ffe0 max_arch_pfn = 0x400000000");
	int n = 0;

	assert_true(first >= 0);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		n += !strncmp(cmasim_dmesg_line(sim, i, NULL), "last_pfn", 8);
	assert_int_equal(n, 1);
	tst_sim_free(sim);
}

/*
 * Expect the allocations after the CMA reservation of the s04 capture
 * (6.1, 1 GiB): per-cpu chunk, early hash tables, and MemTotal
 * 988024 kB once the late frees ran.
 */
static void test_boot_after_cma_1g_61(void **state)
{
	struct cmasim *sim = boot_pc("6.1", CMS_SZ_1G, 1, "cma=64M");

	assert_true(tst_dmesg_has(sim, "percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u2097152"));
	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)"));
	assert_true(tst_dmesg_has(sim, "Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, linear)"));
	assert_true(tst_dmesg_has(sim, "PM: hibernation: Registered nosave memory: [mem 0x0009f000-0x000fffff]"));
	assert_true(tst_dmesg_has(sim, "Freeing initrd memory: 1008K"));
	assert_false(tst_dmesg_has(sim, "software IO TLB: area num 1."));
	assert_int_equal(cmasim_totalram_pages(sim) * 4, 988024);
	tst_sim_free(sim);
}

/* Expect 6.12's 40 MiB image (brk at 56 MiB) and, above 4 GiB, SWIOTLB. */
static void test_boot_image_and_swiotlb_612(void **state)
{
	struct cmasim *sim = boot_pc("6.12", 5 * CMS_SZ_1G, 1, "memblock=debug");

	assert_true(tst_dmesg_has(sim, "memblock_reserve: [0x0000000003800000-0x0000000003810fff] setup_arch"));
	assert_true(tst_dmesg_has(sim, "software IO TLB: area num 1."));
	assert_true(tst_dmesg_has(sim, "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)"));
	/* s24 of oracle-612 */
	assert_int_equal(cmasim_totalram_pages(sim) * 4, 5047324);
	tst_sim_free(sim);
}

/* Expect two nodes to take the hash tables from vmalloc (hashdist). */
static void test_boot_two_nodes_hash_vmalloc(void **state)
{
	struct cmasim *sim = boot_pc("6.1", 2 * CMS_SZ_1G, 2, "");

	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 262144 (order: 9, 2097152 bytes, vmalloc)"));
	assert_int_equal(cmasim_totalram_pages(sim) * 4, 2021576);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_machine_qemu_pc_1g),
		cmocka_unit_test(test_machine_qemu_pc_4g),
		cmocka_unit_test(test_machine_qemu_pc_3g_stays_low),
		cmocka_unit_test(test_machine_qemu_pc_two_nodes_srat),
		cmocka_unit_test(test_machine_qemu_pc_two_nodes_above_4g),
		cmocka_unit_test(test_machine_qemu_pc_invalid),
		cmocka_unit_test(test_machine_default),
		cmocka_unit_test(test_machine_grow_doubles),
		cmocka_unit_test(test_machine_add_invalid),
		cmocka_unit_test(test_boot_1g_61),
		cmocka_unit_test(test_boot_watermarks_count_cma_pages),
		cmocka_unit_test(test_boot_1g_612_node_data),
		cmocka_unit_test(test_boot_4g_limit_above_4g),
		cmocka_unit_test(test_boot_mem_limit_61),
		cmocka_unit_test(test_boot_mem_zero_61),
		cmocka_unit_test(test_boot_mem_leaves_no_ram),
		cmocka_unit_test(test_boot_coherent_pool),
		cmocka_unit_test(test_boot_coherent_pool_after_dashes),
		cmocka_unit_test(test_boot_node_states),
		cmocka_unit_test(test_boot_numa_cma_node_cut_by_mem_612),
		cmocka_unit_test(test_boot_two_nodes_61),
		cmocka_unit_test(test_boot_two_nodes_612),
		cmocka_unit_test(test_boot_two_nodes_above_4g_612),
		cmocka_unit_test(test_boot_cmdline_oops_refused),
		cmocka_unit_test(test_boot_cma_wraps_past_memory),
		cmocka_unit_test(test_boot_cmdline_cut_to_command_line_size),
		cmocka_unit_test(test_boot_arm64_memory_page_aligned),
		cmocka_unit_test(test_boot_no_whole_page),
		cmocka_unit_test(test_boot_log_with_cma_moved),
		cmocka_unit_test(test_boot_log_dump_without_cma),
		cmocka_unit_test(test_boot_log_memory_after_zones),
		cmocka_unit_test(test_boot_numa_nodes_not_covering_ram),
		cmocka_unit_test(test_boot_twice),
		cmocka_unit_test(test_boot_bad_machine),
		cmocka_unit_test(test_boot_uses_machine_cmdline),
		cmocka_unit_test(test_boot_arm64_limit),
		cmocka_unit_test(test_boot_one_last_pfn_below_4g),
		cmocka_unit_test(test_boot_after_cma_1g_61),
		cmocka_unit_test(test_boot_image_and_swiotlb_612),
		cmocka_unit_test(test_boot_two_nodes_hash_vmalloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
