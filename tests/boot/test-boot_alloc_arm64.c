// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/boot_alloc_arm64.c: the memblock allocations arm64
 * makes at boot on a built qemu virt machine, seen through dmesg (with
 * memblock=debug and a log buffer large enough to keep every line) and
 * the CMA areas:
 *  - arm64_memblock_init(): the two trims, the initrd, the image;
 *  - paging_init(): one page-table page per PTE-mapped PMD chunk of the
 *    linear map, per GiB (4K; per 64 GiB with 16K) of it and one PUD page
 *    (4K), less the image alias's whole blocks; 6.1 adds map_kernel()'s
 *    7 pages and create_idmap()'s 4 after giving init_pg_dir back;
 *  - numa_init(): 6.1's distance table, the NODE_DATA lines of each
 *    version, 6.12's node cpumasks;
 *  - sparse_init(): the memmap buffer (2 MiB per section with 4K pages,
 *    a PMD per section with 16K and its unused rest given back);
 *  - the per-cpu first chunk, and mem_init()'s swiotlb.
 * The figures are those of the oracle-arm64* captures (base-2g,
 * mem6g-*, numa-*), named where a test uses one.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* The arm64 captures' command line; memblock=debug makes the lines. */
#define CMDLINE "console=ttyAMA0 memblock=debug nokaslr earlycon=pl011,0x9000000"

/* A qemu virt of @mem bytes and @nodes nodes booted on @arch/@kernel. */
static struct cmasim *boot_virt(const char *arch, const char *kernel,
				uint64_t mem, unsigned int nodes,
				const char *cmdline)
{
	struct cmasim *sim = tst_sim_new(arch, kernel, "CMA_SIZE_MBYTES=64",
					 "NODES_SHIFT=4", "LOG_BUF_SHIFT=24",
					 NULL);
	struct cmasim_machine *m = NULL;
	int ret;

	assert_int_equal(cmasim_machine_qemu_virt(mem, nodes, &m), 0);
	ret = cmasim_boot(sim, m, cmdline);
	cmasim_machine_destroy(m);
	if (ret) {
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(sim, i, NULL));
		fail_msg("boot failed: %s", tst_errno_name(ret));
	}
	return sim;
}

/* dmesg lines containing @needle. */
static unsigned int count_lines(const struct cmasim *sim, const char *needle)
{
	unsigned int n = 0;

	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		n += strstr(cmasim_dmesg_line(sim, i, NULL), needle) != NULL;
	return n;
}

static void expect_line(const struct cmasim *sim, const char *line)
{
	if (!tst_dmesg_has(sim, line))
		fail_msg("no dmesg line \"%s\"", line);
}

static uint64_t meminfo_kb(struct cmasim *sim, const char *field)
{
	char *text = tst_file_text(sim, "/proc/meminfo", NULL);
	const char *p = text ? strstr(text, field) : NULL;
	unsigned long long v = 0;

	if (p)
		sscanf(p + strlen(field), ": %llu", &v);
	free(text);
	return v;
}

/*
 * The linear map's page tables, one per 4K-page table:
 *   2G:  1024 PTE - 14 alias blocks + 2 PMD + 1 PUD = 1013 (6.12)
 *   4G:  2048 - 14 + 4 + 1 = 2039; 6G: 3072 - 14 + 6 + 1 = 3065
 *   6.1 2G: 1024 - 10 + 2 + 1 + 7 (map_kernel) = 1024, then 4 (idmap)
 *   16K 2G: 64 PTE + 1 PMD = 65; 6G: 193
 * Expect those counts of early_pgtable_alloc requests.
 */
static void test_arm64_paging_init_tables(void **state)
{
	static const struct {
		const char *arch, *kernel;
		uint64_t mem;
		unsigned int nodes, pages;
	} rows[] = {
		{ "arm64", "6.12", 2 * GiB, 1, 1013 },
		{ "arm64", "6.12", 4 * GiB, 2, 2039 },
		{ "arm64", "6.12", 6 * GiB, 1, 3065 },
		{ "arm64", "6.1", 2 * GiB, 1, 1028 },
		{ "arm64", "6.1", 6 * GiB, 1, 3080 },
		{ "arm64-16k", "6.12", 2 * GiB, 1, 65 },
		{ "arm64-16k", "6.12", 4 * GiB, 2, 129 },
		{ "arm64-16k", "6.12", 6 * GiB, 1, 193 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		struct cmasim *sim = boot_virt(rows[i].arch, rows[i].kernel,
					       rows[i].mem, rows[i].nodes,
					       CMDLINE);
		unsigned int n = count_lines(sim, " early_pgtable_alloc");

		if (n != rows[i].pages)
			fail_msg("%s %s %llu GiB: %u page-table pages, want %u",
				 rows[i].arch, rows[i].kernel,
				 (unsigned long long)(rows[i].mem >> 30), n,
				 rows[i].pages);
		tst_sim_free(sim);
	}
}

/*
 * 6.1 2G (oracle-arm64 base-2g):
 *   [kernel 0x40210000..0x4220ffff] ... [tables]-0xc0000000
 * Expect arm64_memblock_init()'s steps, init_pg_dir given back, the
 * distance table tried and freed, the fake node, 6.1's NODE_DATA line
 * and the default area where the kernel put it.
 */
static void test_arm64_boot_61(void **state)
{
	struct cmasim *sim = boot_virt("arm64", "6.1", 2 * GiB, 1, CMDLINE);

	expect_line(sim, "memblock_remove: [0x0001000000000000-0x0000fffffffffffe] arm64_memblock_init");
	expect_line(sim, "memblock_remove: [0x0000800040000000-0x000080003ffffffe] arm64_memblock_init");
	expect_line(sim, "memblock_add: [0x0000000048000000-0x00000000480f1fff] arm64_memblock_init");
	expect_line(sim, "memblock_reserve: [0x0000000040210000-0x000000004220ffff] arm64_memblock_init");
	expect_line(sim, "memblock_phys_free: [0x000000004220b000-0x000000004220ffff] paging_init");
	expect_line(sim, "NUMA: No NUMA configuration found");
	expect_line(sim, "memblock_phys_free: [0x00000000bfbf2000-0x00000000bfbf20ff] numa_free_distance");
	expect_line(sim, "NUMA: Faking a node at [mem 0x0000000040000000-0x00000000bfffffff]");
	expect_line(sim, "NUMA: NODE_DATA [mem 0xbfbef380-0xbfbf1fff]");
	expect_line(sim, "memblock_reserve: [0x00000000bda00000-0x00000000bf9fffff] memblock_alloc_range_nid");
	expect_line(sim, "cma: Reserved 64 MiB at 0x00000000b9a00000");
	expect_line(sim, "percpu: Embedded 31 pages/cpu s87272 r8192 d31512 u126976");
	/* no bounce buffer: all RAM is below the DMA limit */
	assert_int_equal(count_lines(sim, "software IO TLB"), 0);
	expect_line(sim, "Freeing unused kernel memory: 6464K");
	assert_true(meminfo_kb(sim, "MemTotal") == 2030556);
	tst_sim_free(sim);
}

/*
 * 6.12 2G (oracle-arm64-612 base-2g): the unflattened tree, 6.12's
 * NODE_DATA line, the node cpumask, the memmap, the 2 MiB kmalloc
 * bounce buffer.  Expect the capture's lines and MemTotal.
 */
static void test_arm64_boot_612(void **state)
{
	struct cmasim *sim = boot_virt("arm64", "6.12", 2 * GiB, 1, CMDLINE);

	expect_line(sim, "memblock_reserve: [0x0000000040200000-0x0000000042d2ffff] arm64_memblock_init");
	expect_line(sim, "memblock_reserve: [0x00000000bfc00b40-0x00000000bfc0affb] memblock_alloc_range_nid");
	assert_int_equal(count_lines(sim, "No NUMA configuration"), 0);
	expect_line(sim, "NODE_DATA(0) allocated [mem 0xbfbfd400-0xbfc00b3f]");
	expect_line(sim, "memblock_alloc_try_nid: 64 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 alloc_bootmem_cpumask_var");
	expect_line(sim, "memblock_alloc_exact_nid_raw: 33554432 bytes align=0x200000 nid=0 from=0xfff1000040000000 max_addr=0x0000000000000000 memmap_alloc");
	expect_line(sim, "cma: Reserved 64 MiB at 0x00000000b9a00000 on node -1");
	expect_line(sim, "percpu: Embedded 34 pages/cpu s101464 r8192 d29608 u139264");
	expect_line(sim, "software IO TLB: SWIOTLB bounce buffer size adjusted to 2MB");
	expect_line(sim, "software IO TLB: mapped [mem 0x00000000b9600000-0x00000000b9800000] (2MB)");
	expect_line(sim, "Dentry cache hash table entries: 262144 (order: 9, 2097152 bytes, linear)");
	assert_true(meminfo_kb(sim, "MemTotal") == 2020248);
	tst_sim_free(sim);
}

/*
 * 16K 2G (oracle-arm64-612-16k base-2g): the memmap buffer is a 32 MiB
 * PMD per section, 512 MiB, of which 16 sections use 512 KiB each.
 *   0x9e000000 [8 MiB used][ given back ... ] 0xbe000000
 * Expect the buffer, the rest given back, the area 32 MiB aligned below
 * it, and MemTotal.
 */
static void test_arm64_boot_16k_memmap_buffer(void **state)
{
	struct cmasim *sim = boot_virt("arm64-16k", "6.12", 2 * GiB, 1,
				       CMDLINE);

	expect_line(sim, "memblock_reserve: [0x000000009e000000-0x00000000bdffffff] memblock_alloc_range_nid");
	expect_line(sim, "memblock_phys_free: [0x000000009e800000-0x00000000bdffffff] memblock_free");
	expect_line(sim, "NODE_DATA(0) allocated [mem 0xbfeee2c0-0xbfef1b3f]");
	expect_line(sim, "cma: Reserved 64 MiB at 0x00000000ba000000 on node -1");
	expect_line(sim, "software IO TLB: mapped [mem 0x00000000bf994000-0x00000000bfb94000] (2MB)");
	assert_true(meminfo_kb(sim, "MemTotal") == 2047440);
	tst_sim_free(sim);
}

/*
 * Two nodes of 2 GiB, one CPU each (oracle-arm64-612 numa-pernuma-32m):
 * Expect NODE_DATA at the top of each node, a per-cpu unit per node,
 * the 64 MiB bounce buffer (RAM above 4 GiB) with two areas, and the
 * hash tables from vmalloc (hashdist).
 */
static void test_arm64_boot_two_nodes(void **state)
{
	struct cmasim *sim = boot_virt("arm64", "6.12", 4 * GiB, 2,
				       CMDLINE " cma_pernuma=32M");

	expect_line(sim, "NODE_DATA(0) allocated [mem 0xbfffc8c0-0xbfffffff]");
	expect_line(sim, "NODE_DATA(1) allocated [mem 0x13f7faac0-0x13f7fe1ff]");
	expect_line(sim, "memblock_reserve: [0x00000000bffd7000-0x00000000bfff8fff] memblock_alloc_range_nid");
	expect_line(sim, "memblock_reserve: [0x000000013f7b6000-0x000000013f7d7fff] memblock_alloc_range_nid");
	expect_line(sim, "software IO TLB: area num 2.");
	expect_line(sim, "software IO TLB: mapped [mem 0x00000000f8000000-0x00000000fc000000] (64MB)");
	expect_line(sim, "Dentry cache hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc hugepage)");
	expect_line(sim, "cma: Reserved 64 MiB at 0x00000000fc000000 on node -1");
	tst_sim_free(sim);
}

/*
 * 64K pages: a section's memmap takes a 512 MiB PMD, so 2 GiB of RAM
 * cannot hold the buffer and the memmap comes page by page.  Not
 * captured: expect a boot that keeps every invariant, with its area.
 */
static void test_arm64_boot_64k_without_buffer(void **state)
{
	struct cmasim *sim = boot_virt("arm64-64k", "6.12", 2 * GiB, 1,
				       CMDLINE);

	assert_non_null(cmasim_cma_find(sim, "reserved"));
	assert_true(count_lines(sim, "memmap_alloc") == 1);
	assert_true(count_lines(sim, "__earlyonly_bootmem_alloc") > 2);
	tst_sim_free(sim);
}

/*
 * The model's lines appear without memblock=debug too (NUMA, NODE_DATA,
 * per-cpu, hash, swiotlb), and the memblock ones do not.
 */
static void test_arm64_boot_quiet(void **state)
{
	struct cmasim *sim = boot_virt("arm64", "6.12", 2 * GiB, 1,
				       "console=ttyAMA0");

	expect_line(sim, "NUMA: Faking a node at [mem 0x0000000040000000-0x00000000bfffffff]");
	expect_line(sim, "NODE_DATA(0) allocated [mem 0xbfbfd400-0xbfc00b3f]");
	expect_line(sim, "cma: Reserved 64 MiB at 0x00000000b9a00000 on node -1");
	assert_int_equal(count_lines(sim, "memblock_"), 0);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64_paging_init_tables),
		cmocka_unit_test(test_arm64_boot_61),
		cmocka_unit_test(test_arm64_boot_612),
		cmocka_unit_test(test_arm64_boot_16k_memmap_buffer),
		cmocka_unit_test(test_arm64_boot_two_nodes),
		cmocka_unit_test(test_arm64_boot_64k_without_buffer),
		cmocka_unit_test(test_arm64_boot_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
