// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/boot/boot_alloc.c: the memblock allocations a built x86
 * machine makes after the CMA reservation, seen through the
 * memblock=debug lines of the dmesg and the memblock reserved regions:
 *  - sparse_init(): the mem_section root array (32768 bytes: 4096 roots
 *    of 128 sections, 8 bytes each), one root page per 128 present
 *    sections (sparse_index_alloc), per node a usemap block of 56 bytes
 *    per present section in NODE_DATA's 128 MiB section, the node's
 *    memmap (2 MiB per section, 2 MiB aligned above 16 MiB, exact node)
 *    and the vmemmap page tables (a PUD page per 512 GiB, a PMD page per
 *    1 GiB of vmemmap, i.e. per 64 GiB of RAM);
 *  - setup_command_line()'s two copies of the command line;
 *  - the embedded first per-cpu chunk (a 2 MiB unit, its unused tail
 *    given back: 62 pages kept on 6.1, 66 on 6.12);
 *  - alloc_large_system_hash(): the dentry and inode hashes from memblock
 *    with one node ("linear"), from vmalloc after the handover with more
 *    (hashdist), with huge mappings once each node's share reaches 2 MiB;
 *  - the SWIOTLB buffer below 4 GiB when memory reaches above it.
 * The figures are the real captures' (s04, s24, s29, s48 of oracle and
 * oracle-612, transcribed where a test names one) and the kernel's sizes
 * above; with $CMASIM_SHARED each capture's whole sequence is compared.
 * Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* The capture kernels' command line (every oracle capture's start). */
#define CAPTURE_CMDLINE "console=ttyS0 loglevel=8 nokaslr memblock=debug"

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

static bool is_v61(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
}

static struct cmasim *boot(void **state, uint64_t mem, unsigned int nodes,
			   const char *cmdline)
{
	return tst_boot_pc(tst_kernel_name(*state), mem, nodes, cmdline,
			   NULL);
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

/* The @n lines from dmesg index @at on are exactly @want. */
static void assert_lines_at(const struct cmasim *sim, long at,
			    const char *const *want, size_t n)
{
	assert_true(at >= 0);
	for (size_t i = 0; i < n; i++) {
		const char *got = cmasim_dmesg_line(sim, (size_t)at + i, NULL);

		if (!got || strcmp(got, want[i]))
			fail_msg("dmesg line %ld:\n#   got:  %s\n#   want: %s",
				 at + (long)i, got ? got : "(none)", want[i]);
	}
}

/* Lines containing @needle. */
static unsigned int count_containing(const struct cmasim *sim,
				     const char *needle)
{
	unsigned int n = 0;

	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		n += strstr(cmasim_dmesg_line(sim, i, NULL), needle) != NULL;
	return n;
}

/* ---- sparse_init() ---- */

static const char *const sparse_1g_61[] = {
	"memblock_alloc_try_nid: 32768 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 sparse_init",
	"memblock_reserve: [0x000000003feb1000-0x000000003feb8fff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid: 4096 bytes align=0x40 nid=0 from=0x0000000000000000 max_addr=0x0000000000000000 sparse_index_alloc",
	"memblock_reserve: [0x000000003feb0000-0x000000003feb0fff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid: 448 bytes align=0x40 nid=0 from=0x0000000038000000 max_addr=0x0000000040000000 sparse_init_nid",
	"memblock_reserve: [0x000000003feafe40-0x000000003feaffff] memblock_alloc_range_nid",
	"memblock_alloc_exact_nid_raw: 16777216 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 sparse_init_nid",
	"memblock_reserve: [0x000000003ae00000-0x000000003bdfffff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 vmemmap_alloc_block_zero",
	"memblock_reserve: [0x000000003feae000-0x000000003feaefff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 vmemmap_alloc_block_zero",
	"memblock_reserve: [0x000000003fead000-0x000000003feadfff] memblock_alloc_range_nid",
};

static const char *const sparse_1g_612[] = {
	"memblock_alloc_try_nid: 32768 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 sparse_init",
	"memblock_reserve: [0x000000003feb12c0-0x000000003feb92bf] memblock_alloc_range_nid",
	"memblock_alloc_try_nid: 4096 bytes align=0x40 nid=0 from=0x0000000000000000 max_addr=0x0000000000000000 sparse_index_alloc",
	"memblock_reserve: [0x000000003feb02c0-0x000000003feb12bf] memblock_alloc_range_nid",
	"memblock_alloc_try_nid: 448 bytes align=0x40 nid=0 from=0x0000000038000000 max_addr=0x0000000040000000 sparse_init_nid",
	"memblock_reserve: [0x000000003feb0100-0x000000003feb02bf] memblock_alloc_range_nid",
	"memblock_alloc_exact_nid_raw: 16777216 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 sparse_init_nid",
	"memblock_reserve: [0x000000003ae00000-0x000000003bdfffff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 vmemmap_alloc_block_zero",
	"memblock_reserve: [0x000000003feaf000-0x000000003feaffff] memblock_alloc_range_nid",
	"memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 vmemmap_alloc_block_zero",
	"memblock_reserve: [0x000000003feae000-0x000000003feaefff] memblock_alloc_range_nid",
};

/*
 *   1 GiB pc, cma=64M (s04):            sections 0..7 present (8)
 *   [ .. memmap 16M @0x3ae00000 | CMA 64M @0x3be00000 | .. NODE_DATA .. ]
 *   root array 32K, one root page, usemap 8 x 56 = 448 bytes in
 *   [896M, 1G) (NODE_DATA's section), memmap 8 x 2M, PUD + PMD pages
 * Expect s04's twelve sparse_init lines right after the CMA reservation
 * line, and the memmap block reserved below the CMA area.
 */
static void test_sparse_init_1g(void **state)
{
	struct cmasim *sim = boot(state, GiB, 1, CAPTURE_CMDLINE " cma=64M");
	bool v61 = is_v61(sim);
	long cma = find_prefix(sim, "cma: Reserved 64 MiB at 0x000000003be00000");

	assert_true(cma >= 0);
	assert_lines_at(sim, cma + 1, v61 ? sparse_1g_61 : sparse_1g_612,
			NR_OF(sparse_1g_61));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0x3ae00000,
						       16 * MiB));
	assert_true(cmasim_memblock_is_reserved(sim, 0x3ae00000));
	assert_true(cmasim_memblock_is_reserved(sim, 0x3bdfffff));
	assert_int_equal(count_containing(sim, " sparse_index_alloc"), 1);
	assert_int_equal(count_containing(sim, " vmemmap_alloc_block_zero"),
			 2);
	tst_sim_free(sim);
}

/*
 *   5 GiB pc (s24): RAM [0, 3G) + [4G, 6G): sections 0..23, 32..47 (40)
 *   NODE_DATA(0) in [6G - 128M, 6G): usemap goal 0x178000000
 *   usemap 40 x 56 = 2240 bytes; memmap 40 x 2M = 80 MiB; vmemmap spans
 *   48 x 2M < 1G: one PUD page, one PMD page
 * Expect the sizes and the usemap window from the kernel's rules.
 */
static void test_sparse_init_5g_rules(void **state)
{
	struct cmasim *sim = boot(state, 5 * GiB, 1, "memblock=debug");
	long nd = find_prefix(sim, "NODE_DATA(0) allocated [mem 0x");
	unsigned long long nd_base = 0, goal;
	char want[160];

	assert_true(nd >= 0);
	assert_int_equal(sscanf(cmasim_dmesg_line(sim, (size_t)nd, NULL),
				"NODE_DATA(0) allocated [mem %llx", &nd_base),
			 1);
	goal = nd_base & ~((1ULL << 27) - 1);
	assert_int_equal(goal, 0x178000000ULL);
	snprintf(want, sizeof(want),
		 "memblock_alloc_try_nid: 2240 bytes align=0x40 nid=0 from=0x%016llx max_addr=0x%016llx sparse_init_nid",
		 goal, goal + (1ULL << 27));
	assert_true(tst_dmesg_has(sim, want));
	assert_true(tst_dmesg_has(sim, "memblock_alloc_exact_nid_raw: 83886080 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 sparse_init_nid"));
	assert_true(tst_dmesg_has(sim, "memblock_reserve: [0x000000017ae00000-0x000000017fdfffff] memblock_alloc_range_nid"));
	assert_int_equal(count_containing(sim, " sparse_index_alloc"), 1);
	assert_int_equal(count_containing(sim, " vmemmap_alloc_block_zero"),
			 2);
	assert_int_equal(count_containing(sim, "memblock_alloc_try_nid: 32768 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 sparse_init"), 1);
	tst_sim_free(sim);
}

/*
 *   2 x 1 GiB (s29): node 0 sections 0..7, node 1 sections 8..15
 *   per node: usemap 448 bytes (nid 0, nid 1), memmap 16 MiB exact node
 *   one root page (sections 0..15 < 128); the vmemmap of both nodes
 *   lies in the first 1 GiB of vmemmap: PUD + PMD pages once
 * Expect the per-node blocks on their own node and no new page-table
 * page for node 1.
 */
static void test_sparse_init_two_nodes(void **state)
{
	struct cmasim *sim = boot(state, 2 * GiB, 2, "memblock=debug");

	assert_int_equal(count_containing(sim, "memblock_alloc_try_nid: 448 bytes align=0x40 nid=0 from=0x0000000038000000 max_addr=0x0000000040000000 sparse_init_nid"), 1);
	assert_int_equal(count_containing(sim, "memblock_alloc_try_nid: 448 bytes align=0x40 nid=1 from=0x0000000078000000 max_addr=0x0000000080000000 sparse_init_nid"), 1);
	assert_int_equal(count_containing(sim, "memblock_alloc_exact_nid_raw: 16777216 bytes align=0x200000 nid=0 "), 1);
	assert_int_equal(count_containing(sim, "memblock_alloc_exact_nid_raw: 16777216 bytes align=0x200000 nid=1 "), 1);
	assert_int_equal(count_containing(sim, " sparse_index_alloc"), 1);
	assert_int_equal(count_containing(sim, " vmemmap_alloc_block_zero"),
			 2);
	tst_sim_free(sim);
}

/* ---- start_kernel(): the command line ---- */

/*
 *   setup_command_line(): saved_command_line, static_command_line
 *   "memblock=debug abc" (18 characters) -> two blocks of 19 bytes
 * Expect two allocations of strlen + 1 bytes by start_kernel.
 */
static void test_command_line_copies(void **state)
{
	struct cmasim *sim = boot(state, GiB, 1, "memblock=debug abc");

	assert_int_equal(count_containing(sim, "memblock_alloc_try_nid: 19 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 start_kernel"), 2);
	tst_sim_free(sim);
}

/* ---- The first per-cpu chunk ---- */

/*
 *   1 GiB pc (s04): unit [0x3ac00000, +2M) from pcpu_fc_alloc
 *   kept: 62 pages (6.1) / 66 pages (6.12); the tail goes back
 *   [0x3ac00000 | kept | 0x3ac3e000 / 0x3ac42000 ... free ... 0x3ae00000)
 * Expect s04's per-cpu lines and the kept part alone to stay reserved
 * (the dentry hash later takes [0x3ad00000, 0x3ae00000) of the tail).
 */
static void test_percpu_first_chunk_1g(void **state)
{
	static const char *const want_61[] = {
		"memblock_alloc_try_nid: 2097152 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 pcpu_fc_alloc",
		"memblock_reserve: [0x000000003ac00000-0x000000003adfffff] memblock_alloc_range_nid",
		"memblock_phys_free: [0x000000003ac3e000-0x000000003adfffff] pcpu_embed_first_chunk",
		"percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u2097152",
	};
	static const char *const want_612[] = {
		"memblock_alloc_try_nid: 2097152 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 pcpu_fc_alloc",
		"memblock_reserve: [0x000000003ac00000-0x000000003adfffff] memblock_alloc_range_nid",
		"memblock_phys_free: [0x000000003ac42000-0x000000003adfffff] pcpu_embed_first_chunk",
		"percpu: Embedded 66 pages/cpu s233472 r8192 d28672 u2097152",
	};
	struct cmasim *sim = boot(state, GiB, 1, CAPTURE_CMDLINE " cma=64M");
	bool v61 = is_v61(sim);
	uint64_t tail = v61 ? 0x3ac3e000 : 0x3ac42000;

	assert_lines_at(sim, find_prefix(sim, "memblock_alloc_try_nid: 2097152 bytes align=0x200000 nid=0 "),
			v61 ? want_61 : want_612, NR_OF(want_61));
	assert_true(tst_dmesg_has(sim, "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:1 nr_cpu_ids:1 nr_node_ids:1"));
	assert_true(cmasim_memblock_is_reserved(sim, 0x3ac00000));
	assert_true(cmasim_memblock_is_reserved(sim, tail - 1));
	assert_false(cmasim_memblock_is_reserved(sim, tail));
	assert_false(cmasim_memblock_is_region_reserved(sim, tail,
						       0x3ad00000 - tail));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0x3ad00000, MiB));
	tst_sim_free(sim);
}

/* ---- The dentry and inode hashes ---- */

/*
 *   1 GiB, one node (s04): numentries = nr_kernel_pages rounded to 1 MiB,
 *   >> (13 - 12) for dentries, >> (14 - 12) for inodes, to a power of two
 *   dentry: 2^17 x 8 bytes = 1 MiB @0x3ad00000    inode: 2^16 x 8 = 512K
 * Expect both hashes from memblock ("linear"), where s04 has them.
 */
static void test_hash_tables_linear_1g(void **state)
{
	struct cmasim *sim = boot(state, GiB, 1, CAPTURE_CMDLINE " cma=64M");
	bool v61 = is_v61(sim);
	const char *const want[] = {
		"memblock_alloc_try_nid: 1048576 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 alloc_large_system_hash",
		"memblock_reserve: [0x000000003ad00000-0x000000003adfffff] memblock_alloc_range_nid",
		"Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes, linear)",
		"memblock_alloc_try_nid: 524288 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 alloc_large_system_hash",
		v61 ? "memblock_reserve: [0x000000003fe2a7c0-0x000000003feaa7bf] memblock_alloc_range_nid" :
		      "memblock_reserve: [0x000000003fe2a8c0-0x000000003feaa8bf] memblock_alloc_range_nid",
		"Inode-cache hash table entries: 65536 (order: 7, 524288 bytes, linear)",
	};

	assert_lines_at(sim, find_prefix(sim, "memblock_alloc_try_nid: 1048576 bytes align=0x40 nid=-1 "),
			want, NR_OF(want));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0x3ad00000, MiB));
	tst_sim_free(sim);
}

/*
 *   2 x 1 GiB (s29): hashdist, the tables come from vmalloc after the
 *   handover; 2 MiB / 2 nodes < PMD_SIZE: small pages
 * Expect s29's "vmalloc" lines on both versions and no memblock
 * allocation by alloc_large_system_hash.
 */
static void test_hash_tables_two_nodes_vmalloc(void **state)
{
	struct cmasim *sim = boot(state, 2 * GiB, 2, "memblock=debug");

	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 262144 (order: 9, 2097152 bytes, vmalloc)"));
	assert_true(tst_dmesg_has(sim, "Inode-cache hash table entries: 131072 (order: 8, 1048576 bytes, vmalloc)"));
	assert_int_equal(count_containing(sim, "alloc_large_system_hash"), 0);
	tst_sim_free(sim);
}

/*
 *   2 x 3 GiB on 6.12 (s48): 8 MiB / 2 nodes >= PMD_SIZE: vmalloc_huge()
 *   maps the dentry hash with 2 MiB pages, the 4 MiB inode hash too
 * Expect s48's "vmalloc hugepage" lines.
 */
static void test_hash_tables_vmalloc_hugepage_612(void **state)
{
	struct cmasim *sim;

	if (!strcmp(tst_kernel_name(*state), "6.1"))
		return;	/* no 6.1 capture of a machine this size */
	sim = boot(state, 6 * GiB, 2, "");
	assert_true(tst_dmesg_has(sim, "Dentry cache hash table entries: 1048576 (order: 11, 8388608 bytes, vmalloc hugepage)"));
	assert_true(tst_dmesg_has(sim, "Inode-cache hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc hugepage)"));
	tst_sim_free(sim);
}

/* ---- SWIOTLB ---- */

/*
 *   5 GiB pc (s24): max_pfn above 4 GiB -> the bounce buffer
 *   64 MiB below 4 GiB (memblock_alloc_low), 32768 slots x 24 bytes, one
 *   area of 16 bytes; 1 GiB pc: nothing
 * Expect s24's three swiotlb_init_remap allocations and lines, and none
 * on a machine below 4 GiB.
 */
static void test_swiotlb_above_4g(void **state)
{
	struct cmasim *sim = boot(state, 5 * GiB, 1, "memblock=debug");
	struct cmasim *small = boot(state, GiB, 1, "memblock=debug");

	assert_true(tst_dmesg_has(sim, "software IO TLB: area num 1."));
	assert_true(tst_dmesg_has(sim, "memblock_alloc_try_nid: 67108864 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x00000000ffffffff swiotlb_init_remap"));
	assert_true(tst_dmesg_has(sim, "memblock_reserve: [0x00000000bbee4000-0x00000000bfee3fff] memblock_alloc_range_nid"));
	assert_true(tst_dmesg_has(sim, "memblock_alloc_try_nid: 786432 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 swiotlb_init_remap"));
	assert_true(tst_dmesg_has(sim, "memblock_alloc_try_nid: 16 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 swiotlb_init_remap"));
	assert_true(tst_dmesg_has(sim, "software IO TLB: mapped [mem 0x00000000bbee4000-0x00000000bfee4000] (64MB)"));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0xbbee4000,
						       64 * MiB));
	assert_int_equal(count_containing(small, "swiotlb"), 0);
	assert_false(tst_dmesg_has(small, "software IO TLB: area num 1."));
	tst_sim_free(small);
	tst_sim_free(sim);
}

/* ---- The real captures ---- */

static const struct tst_capture captures_61[] = {
	{ "oracle", "s01_m512_nocma", 512 * MiB, 1 },
	{ "oracle", "s04_m1g_cma64M", GiB, 1 },
	{ "oracle", "s22_m4g_cma1G", 4 * GiB, 1 },
	{ "oracle", "s24_m5g_cma64M", 5 * GiB, 1 },
	{ "oracle", "s29_numa2x1g_cma64M", 2 * GiB, 2 },
};

static const struct tst_capture captures_612[] = {
	{ "oracle-612", "s04_m1g_cma64M", GiB, 1 },
	{ "oracle-612", "s24_m5g_cma64M", 5 * GiB, 1 },
	{ "oracle-612", "s29_numa2x1g_cma64M", 2 * GiB, 2 },
	{ "oracle-612", "s48_numa2x3g_numa_cma_1_16M", 6 * GiB, 2 },
	{ "oracle-612", "s55_numa2x3g_cma256M_cma_pernuma64M", 6 * GiB, 2 },
};

/*
 * A memblock=debug line as the simulator prints it: the kernel's %pS
 * caller "fn.constprop.0+0x1c/0x28" becomes "fn" (docs/differences.md).
 */
static char *normalise(const char *line)
{
	char *s = g_strdup(tst_strip_timestamp(line));
	char *sp = strrchr(s, ' ');
	char *cut;

	if (sp && strstr(sp, "+0x") && strchr(sp, '/')) {
		cut = strstr(sp, "+0x");
		*cut = '\0';
		cut = strchr(sp, '.');
		if (cut)
			*cut = '\0';
	}
	return s;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * The memblock lines and the "percpu:" line after the last "cma: " line
 * of the reservation (CMA_DEBUG prints one even without an area), up to the "Memory:" line or, on 6.12, which prints
 * that late, the "Freeing SMP alternatives" line.
 */
static GPtrArray *after_cma(char **lines, size_t n)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	for (size_t i = 0; i < n; i++) {
		char *l = normalise(lines[i]);

		if (starts(l, "cma: ")) {
			g_ptr_array_set_size(a, 0);
		} else if (starts(l, "Memory: ") ||
			   starts(l, "Freeing SMP alternatives")) {
			g_free(l);
			break;
		} else if (starts(l, "memblock_") || starts(l, "percpu:")) {
			g_ptr_array_add(a, l);
			continue;
		}
		g_free(l);
	}
	return a;
}

static void check_capture(const struct tst_capture *c)
{
	char *text = tst_capture_text(c->dir, c->name);
	char **dmesg, **sim_lines;
	GPtrArray *want, *got;
	struct cmasim *sim;
	GString *diff = g_string_new(NULL);

	assert_non_null(text);
	dmesg = tst_capture_section(text, "DMESG");
	assert_non_null(dmesg);
	want = after_cma(dmesg, g_strv_length(dmesg));

	sim = tst_boot_capture_pc(c);
	sim_lines = g_new0(char *, cmasim_dmesg_count(sim) + 1);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		sim_lines[i] = g_strdup(cmasim_dmesg_line(sim, i, NULL));
	got = after_cma(sim_lines, cmasim_dmesg_count(sim));

	assert_true(want->len > 50);
	for (guint i = 0; i < MAX(want->len, got->len); i++) {
		const char *w = i < want->len ? g_ptr_array_index(want, i) :
						"(none)";
		const char *g = i < got->len ? g_ptr_array_index(got, i) :
					       "(none)";

		if (strcmp(w, g)) {
			g_string_append_printf(diff, "#  line %u:\n#    kernel: %s\n#    cmasim: %s\n",
					       i, w, g);
			break;
		}
	}
	if (diff->len)
		print_message("# %s/%s differs:\n%s", c->dir, c->name,
			      diff->str);
	g_strfreev(sim_lines);
	g_ptr_array_free(want, TRUE);
	g_ptr_array_free(got, TRUE);
	tst_strv_free(dmesg);
	free(text);
	tst_sim_free(sim);
	if (diff->len) {
		g_string_free(diff, TRUE);
		fail_msg("%s: the allocations after the CMA reservation differ",
			 c->name);
	}
	g_string_free(diff, TRUE);
}

/*
 *   6.1: s01 (512M), s04 (1G), s22 (4G, cma=1G), s24 (5G), s29 (2 x 1G)
 *   6.12: s04, s24, s29, s48 and s55 (2 x 3G)
 * Expect every memblock line and the percpu line from the CMA
 * reservation to the handover to be the capture's, line for line.
 */
static void test_allocations_match_captures(void **state)
{
	bool v61 = !strcmp(tst_kernel_name(*state), "6.1");
	const struct tst_capture *c = v61 ? captures_61 : captures_612;
	size_t n = v61 ? NR_OF(captures_61) : NR_OF(captures_612);

	for (size_t i = 0; i < n; i++)
		check_capture(&c[i]);
}

/*
 *   init/main.c print_unknown_bootoptions(): "nokaslr" is no kernel
 *   parameter on x86 (the decompressor reads it), so it goes to init:
 *   memblock_alloc(1 + 1 + 7 = 9 bytes), the pr_notice, memblock_free()
 * Expect the line of s04 and the 9-byte buffer allocated and given back
 * by start_kernel.
 */
static void test_unknown_bootoptions_buffer(void **state)
{
	struct cmasim *sim = boot(state, GiB, 1, CAPTURE_CMDLINE " cma=64M");

	assert_true(tst_dmesg_has(sim, "Unknown kernel command line parameters \"nokaslr\", will be passed to user space."));
	assert_int_equal(count_containing(sim, "memblock_alloc_try_nid: 9 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 start_kernel"), 1);
	tst_sim_free(sim);
}

/*
 *   16 GiB pc: RAM [0, 3G) + [4G, 17G): sections 0..23, 32..135
 *   s04's 32768-byte root array = 4096 roots x 8 bytes: 2^19 sections
 *   (46 bits - 27) / 4096 = 128 sections per root (sizeof(struct
 *   mem_section) is 32 with PAGE_EXTENSION)
 *   -> roots 0 and 1: two sparse_index_alloc pages
 * Expect a second root page for sections 128..135.
 */
static void test_sparse_index_second_root_16g(void **state)
{
	struct cmasim *sim = boot(state, 16 * GiB, 1, "memblock=debug");

	assert_int_equal(count_containing(sim, " sparse_index_alloc"), 2);
	tst_sim_free(sim);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_sparse_init_1g),
	T(test_sparse_init_5g_rules),
	T(test_sparse_init_two_nodes),
	T(test_command_line_copies),
	T(test_percpu_first_chunk_1g),
	T(test_hash_tables_linear_1g),
	T(test_hash_tables_two_nodes_vmalloc),
	T(test_hash_tables_vmalloc_hugepage_612),
	T(test_swiotlb_above_4g),
	T(test_unknown_bootoptions_buffer),
	T(test_sparse_index_second_root_16g),
};

static const struct CMUnitTest capture_tests[] = {
	T(test_allocations_match_captures),
};

int main(void)
{
	struct CMUnitTest all[NR_OF(tests) + NR_OF(capture_tests)];
	size_t n = NR_OF(tests);

	memcpy(all, tests, sizeof(tests));
	if (tst_captures_present(captures_61, NR_OF(captures_61)) &&
	    tst_captures_present(captures_612, NR_OF(captures_612))) {
		memcpy(all + n, capture_tests, sizeof(capture_tests));
		n += NR_OF(capture_tests);
	} else {
		printf("# no captures under $CMASIM_SHARED: the capture comparisons are left out\n");
	}
	return tst_run_per_version("boot_alloc", all, n);
}
