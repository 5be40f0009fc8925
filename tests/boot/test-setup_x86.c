// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/setup_x86.c: x86_64's setup_arch() up to the zones
 * on a qemu "pc": "Command line:", the BIOS map printed and trimmed
 * (trim_bios_range), max_pfn and max_low_pfn from the map (one or two
 * "last_pfn" lines), the early reservations, the initrd (moved below
 * max_pfn_mapped when mem= cut the RAM under it), the ACPI tables, NUMA,
 * NODE_DATA, and dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT).
 * The expected numbers are the real kernel's, from the oracle captures.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

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

static struct cmasim *boot_pc(const char *kernel, uint64_t mem,
			      unsigned int nodes, const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cmasim_machine *m = pc(mem, nodes);

	assert_int_equal(cmasim_boot(sim, m, cmdline), 0);
	cmasim_machine_destroy(m);
	return sim;
}

/* Index of the first dmesg line starting with @prefix, or -1. */
static long find_prefix(const struct cmasim *sim, const char *prefix)
{
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		if (!strncmp(cmasim_dmesg_line(sim, i, NULL), prefix,
			     strlen(prefix)))
			return (long)i;
	return -1;
}

/* Expect each of @lines (prefixes) present, in that order. */
static void assert_in_order(const struct cmasim *sim,
			    const char *const *lines, size_t n)
{
	long prev = -1;

	for (size_t i = 0; i < n; i++) {
		long at = find_prefix(sim, lines[i]);

		if (at <= prev)
			fail_msg("%s: \"%s\" missing or out of order",
				 tst_kernel_name(sim), lines[i]);
		prev = at;
	}
}

static int setup_pc_1g_cma(void **state)
{
	*state = boot_pc(tst_state_version(state), CMS_SZ_1G, 1, "cma=64M");
	return 0;
}

static int setup_pc_3g_mem_2g(void **state)
{
	*state = boot_pc(tst_state_version(state), 3 * CMS_SZ_1G, 1, "mem=2G");
	return 0;
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


/*
 * setup_arch()'s order on the 1 GiB pc with cma=64M (captures s04):
 *   Command line, BIOS map, trim_bios_range, last_pfn, RAMDISK, ACPI
 *   tables, NUMA (faked node, NODE_DATA), the CMA area, then the zones.
 * Expect those lines in that order, the CMA line as each version prints
 * it, and the trim lines at KERN_DEBUG.
 */
static void test_setup_arch_x86_order(void **state)
{
	struct cmasim *sim = *state;
	const char *const lines[] = {
		"Command line: cma=64M",
		"BIOS-provided physical RAM map:",
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		"e820: remove [mem 0x000a0000-0x000fffff] usable",
		"last_pfn = 0x3ffe0 max_arch_pfn = 0x400000000",
		"RAMDISK: [mem 0x3fee4000-0x3ffdffff]",
		"ACPI: Reserving FACP table memory at [mem 0x3ffe198c-0x3ffe19ff]",
		"ACPI: Reserving WAET table memory at [mem 0x3ffe1ab0-0x3ffe1ad7]",
		"No NUMA configuration found",
		"Faking a node at [mem 0x0000000000000000-0x000000003ffdffff]",
		"NODE_DATA(0) allocated [mem ",
		tst_v61(sim) ? "cma: Reserved 64 MiB at 0x000000003be00000" :
			       "cma: Reserved 64 MiB at 0x000000003be00000 on node -1",
		"Zone ranges:",
	};
	int level = -1;

	assert_in_order(sim, lines, NR_OF(lines));
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), lines[0]);
	cmasim_dmesg_line(sim, (size_t)find_prefix(sim, "e820: update "), &level);
	assert_int_equal(level, CMASIM_LOG_DEBUG);
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x3ffe0000);
}

/*
 * 3 GiB pc with mem=2G (the lines of a real 6.1 boot): the initrd at
 * 0xbfee4000 lies above what init_mem_mapping() mapped, so
 * reserve_initrd() moves it top-down below 2 GiB and frees its old place.
 * Expect "Allocated new RAMDISK" and "Move RAMDISK" with those ranges,
 * on both versions.
 */
static void test_setup_arch_x86_initrd_moved_by_mem(void **state)
{
	struct cmasim *sim = *state;

	assert_true(tst_dmesg_has(sim, "RAMDISK: [mem 0xbfee4000-0xbffdffff]"));
	assert_true(tst_dmesg_has(sim, "Allocated new RAMDISK: [mem 0x7ff04000-0x7fffffff]"));
	assert_true(tst_dmesg_has(sim, "Move RAMDISK from [mem 0xbfee4000-0xbffdffff] to [mem 0x7ff04000-0x7fffffff]"));
	assert_true(tst_dmesg_find(sim, "last_pfn = 0x80000 max_arch_pfn = 0x400000000") <
		    tst_dmesg_find(sim, "Allocated new RAMDISK: [mem 0x7ff04000-0x7fffffff]"));
	assert_int_equal(cmasim_dma_contiguous_limit(sim), 0x80000000);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_1g_61),
		cmocka_unit_test(test_boot_1g_612_node_data),
		cmocka_unit_test(test_boot_4g_limit_above_4g),
		cmocka_unit_test(test_boot_one_last_pfn_below_4g),
		cmocka_unit_test(test_boot_image_and_swiotlb_612),
		cmocka_unit_test(test_boot_mem_leaves_no_ram),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_setup_arch_x86_order,
						setup_pc_1g_cma,
						tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_setup_arch_x86_initrd_moved_by_mem,
						setup_pc_3g_mem_2g,
						tst_teardown_checked),
	};

	return tst_run_groups("setup_x86", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
