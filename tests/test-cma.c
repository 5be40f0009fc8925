// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/cma.c: the area table, cma_declare_contiguous_nid() and
 * cma_init_reserved_mem() rules of 6.1 and 6.12 with their exact log
 * lines, activation through fake page-allocator hooks, the checker.
 * Machines are built with memblock calls only (no boot code).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "mm/mmzone.h"

#define M(x) ((uint64_t)(x) << 20)
#define G(x) ((uint64_t)(x) << 30)

static void add_mem(struct cmasim *sim, uint64_t base, uint64_t size, int nid)
{
	assert_int_equal(cms_memblock_add_node(sim, base, size, nid, 0, "test"), 0);
}

/* The qemu "pc" 1 GiB e820 map of the reference captures. */
static void pc_1g(struct cmasim *sim)
{
	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, 0x3ffe0000 - 0x100000, 0);
}

static struct cms_cma_area *declare(struct cmasim *sim, uint64_t base,
				    uint64_t size, uint64_t limit, bool fixed,
				    int *ret)
{
	struct cms_cma_area *a = NULL;

	*ret = cms_cma_declare_contiguous_nid(sim, base, size, limit, 0, 0,
					      fixed, "reserved", &a,
					      CMASIM_NUMA_NO_NODE, NULL);
	return *ret ? NULL : a;
}

/* Expect MAX_CMA_AREAS = CMA_AREAS + 1 on 6.1 and CMA_AREAS on 6.12,
 * with the Kconfig defaults 19/20 (NUMA) and 7/8 (no NUMA). */
static void test_cma_max_areas_per_version(void **state)
{
	struct cmasim *a = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim *b = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim *c = tst_sim_new(NULL, "6.1", "NUMA=n", NULL);
	struct cmasim *d = tst_sim_new(NULL, "6.12", "NUMA=n", NULL);
	struct cmasim *e = tst_sim_new(NULL, "6.1", "CMA_AREAS=3", NULL);

	assert_int_equal(cmasim_cma_max_areas(a), 20);
	assert_int_equal(cmasim_cma_max_areas(b), 20);
	assert_int_equal(cmasim_cma_max_areas(c), 8);
	assert_int_equal(cmasim_cma_max_areas(d), 8);
	assert_int_equal(cmasim_cma_max_areas(e), 4);
	tst_sim_free(a);
	tst_sim_free(b);
	tst_sim_free(c);
	tst_sim_free(d);
	tst_sim_free(e);
}

/* Expect CMA_MIN_ALIGNMENT_BYTES to be one pageblock: 2 MiB on x86_64,
 * 512 MiB on arm64 with 64K pages, 4 MiB on arm without hugetlb. */
static void test_cma_min_alignment(void **state)
{
	struct cmasim *a = tst_sim_new("x86_64", NULL, NULL);
	struct cmasim *b = tst_sim_new("arm64-64k", NULL, NULL);
	struct cmasim *c = tst_sim_new("arm", NULL, NULL);

	assert_int_equal(cms_cma_min_alignment_bytes(a), M(2));
	assert_int_equal(cms_cma_min_alignment_bytes(b), M(512));
	assert_int_equal(cms_cma_min_alignment_bytes(c), M(4));
	tst_sim_free(a);
	tst_sim_free(b);
	tst_sim_free(c);
}

/*
 *  0      0x3be00000  0x3fe00000 0x3ffe0000
 *  |.........|#### cma ####|.......|
 * Expect cma=64M on 1 GiB (6.1) to land top-down at 0x3be00000 with the
 * capture's three CMA_DEBUG-free lines reduced to "Reserved 64 MiB at".
 */
static void test_cma_declare_topdown_61(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_cma_area *a;
	int ret;

	pc_1g(sim);
	a = declare(sim, 0, M(64), 0x3ffe0000, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), 0x3be00000);
	assert_int_equal(cmasim_cma_get_count(cms_cma_handle(a)), 16384);
	assert_string_equal(cmasim_cma_get_name(cms_cma_handle(a)), "reserved");
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000003be00000"));
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_int_equal(sim->totalcma_pages, 16384);
	assert_true(cms_memblock_is_region_reserved(sim, 0x3be00000, M(64)));
	tst_sim_free(sim);
}

/* Expect 6.12 to print the node as given: "on node -1". */
static void test_cma_declare_topdown_612_on_node(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(64), 0x3ffe0000, false, &ret);
	assert_errno(ret, 0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000003be00000 on node -1"));
	tst_sim_free(sim);
}

/* Expect the CMA_DEBUG line with the arguments as passed, before any
 * rounding (capture s04). */
static void test_cma_declare_debug_line(void **state)
{
	const char *v[] = { "6.1", "6.12" };

	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new(NULL, v[i], "CMA_DEBUG=y", NULL);
		int ret;

		pc_1g(sim);
		declare(sim, 0, M(1), 0x3ffe0000, false, &ret);
		assert_errno(ret, 0);
		assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
				    "cma: cma_declare_contiguous_nid(size 0x0000000000100000, base 0x0000000000000000, limit 0x000000003ffe0000 alignment 0x0000000000000000)");
		/* 1 MiB rounds up to one 2 MiB pageblock (capture s07) */
		assert_true(tst_dmesg_has(sim, i ? "cma: Reserved 2 MiB at 0x000000003fc00000 on node -1"
						 : "cma: Reserved 2 MiB at 0x000000003fc00000"));
		tst_sim_free(sim);
	}
}

/* Expect no debug line without CMA_DEBUG. */
static void test_cma_declare_no_debug_line_by_default(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	tst_sim_free(sim);
}

/* Expect size 0 and a non-power-of-2 alignment to fail with -EINVAL and
 * no dmesg line at all (the kernel returns before "Failed to reserve"). */
static void test_cma_declare_size0_bad_alignment(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, 0, 0, 0, 0, false, "x", &c), -EINVAL);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(4), 0, M(3), 0, false, "x", &c), -EINVAL);
	assert_null(c);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_true(tst_diag_contains(sim, "client bug: cmasim_cma_declare_contiguous_nid: size is 0"));
	assert_true(tst_diag_contains(sim, "alignment is not a power of 2"));
	assert_int_equal(cmasim_cma_area_count(sim), 0);
	tst_sim_free(sim);
}

/* Expect a fixed base off the 2 MiB grid to be refused (capture s10). */
static void test_cma_declare_fixed_unaligned(void **state)
{
	const char *v[] = { "6.1", "6.12" };

	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new(NULL, v[i], NULL);
		int ret;

		pc_1g(sim);
		declare(sim, 0x10100000, M(64), 0x14100000, true, &ret);
		assert_errno(ret, -EINVAL);
		assert_true(tst_dmesg_has(sim, "cma: Region at 0x0000000010100000 must be aligned to 0x0000000000200000 bytes"));
		assert_true(tst_dmesg_has(sim, i ? "cma: Failed to reserve 64 MiB on node -1"
						 : "cma: Failed to reserve 64 MiB"));
		assert_false(cms_memblock_is_region_reserved(sim, 0x10000000, M(128)));
		tst_sim_free(sim);
	}
}

/* Expect the raised alignment in the message when the caller asks for
 * more than a pageblock. */
static void test_cma_declare_fixed_unaligned_to_given_alignment(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0x10200000, M(64), 0, M(16), 0,
						    true, "x", &a, -1, NULL), -EINVAL);
	assert_true(tst_dmesg_has(sim, "cma: Region at 0x0000000010200000 must be aligned to 0x0000000001000000 bytes"));
	tst_sim_free(sim);
}

/* Expect a fixed, aligned, free range to be reserved exactly (s09). */
static void test_cma_declare_fixed_ok(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_cma_area *a;
	int ret;

	pc_1g(sim);
	a = declare(sim, 0x10000000, M(64), 0x14000000, true, &ret);
	assert_errno(ret, 0);
	assert_int_equal(a->base_pfn, 0x10000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x0000000010000000"));
	tst_sim_free(sim);
}

/* Expect memblock=debug to name the caller of the fixed reservation as
 * the 6.1 x86_64 capture s09 does. */
static void test_cma_declare_fixed_memblock_debug_caller(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	int ret;

	pc_1g(sim);
	sim->memblock->debug = true;
	declare(sim, 0x10000000, M(64), 0x14000000, true, &ret);
	assert_errno(ret, 0);
	assert_true(tst_dmesg_has(sim, "memblock_reserve: [0x0000000010000000-0x0000000013ffffff] cma_declare_contiguous_nid"));
	tst_sim_free(sim);
}

/* Expect a fixed range touching a reservation to give -EBUSY. */
static void test_cma_declare_fixed_busy(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	int ret;

	pc_1g(sim);
	assert_int_equal(cms_memblock_reserve(sim, 0x12000000, 0x1000, "test"), 0);
	declare(sim, 0x10000000, M(64), 0x14000000, true, &ret);
	assert_errno(ret, -EBUSY);
	assert_true(tst_dmesg_has(sim, "cma: Failed to reserve 64 MiB on node -1"));
	assert_int_equal(cmasim_cma_area_count(sim), 0);
	assert_int_equal(sim->totalcma_pages, 0);
	tst_sim_free(sim);
}

/* Expect base 0 with fixed to mean "anywhere below the limit". */
static void test_cma_declare_base0_not_fixed(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_cma_area *a;
	int ret;

	pc_1g(sim);
	a = declare(sim, 0, M(64), M(64), true, &ret);
	assert_errno(ret, -ENOMEM);
	/* top-down below 64 MiB: [0, 64M) minus page 0 cannot hold it */
	assert_null(a);
	tst_sim_free(sim);
	sim = tst_sim_new(NULL, "6.1", NULL);
	pc_1g(sim);
	a = declare(sim, 0, M(32), M(64), true, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), M(32));
	tst_sim_free(sim);
}

/* Expect the limit rounded down to the alignment in the message (s12). */
static void test_cma_declare_exceeds_limit(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0x50000000, M(64), 0x3ffe0000, true, &ret);
	assert_errno(ret, -EINVAL);
	assert_true(tst_dmesg_has(sim, "cma: Size (0x0000000004000000) of region at 0x0000000050000000 exceeds limit (0x000000003fe00000)"));
	assert_true(tst_dmesg_has(sim, "cma: Failed to reserve 64 MiB"));
	tst_sim_free(sim);
}

/* Expect limit 0 and a limit past DRAM to become the end of DRAM. */
static void test_cma_declare_limit_zero_is_end_of_dram(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0x3e000000, M(64), 0, true, &ret);
	assert_errno(ret, -EINVAL);
	/* 0x3e000000 + 64M crosses the end of DRAM, which is high_memory */
	assert_true(tst_dmesg_has(sim, "cma: Region at 0x000000003e000000 defined on low/high memory boundary (0x000000003ffe0000)"));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	pc_1g(sim);
	cms_cma_set_highmem_start(sim, G(4));
	declare(sim, 0x3e000000, M(64), G(64), true, &ret);
	assert_errno(ret, -EINVAL);
	assert_true(tst_dmesg_has(sim, "cma: Size (0x0000000004000000) of region at 0x000000003e000000 exceeds limit (0x000000003ffe0000)"));
	tst_sim_free(sim);
}

/* Expect size not a multiple of 2^order_per_bit pages to be -EINVAL
 * without any message. */
static void test_cma_declare_order_per_bit_multiple(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	/* 2 MiB = 512 pages; order 10 needs 1024 */
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(2), 0, 0, 10, false,
						    "x", &a, -1, NULL), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(4), 0, 0, 10, false,
						    "x", &a, -1, NULL), 0);
	assert_int_equal(a->order_per_bit, 10);
	tst_sim_free(sim);
}

/* Expect -ENOMEM and "Failed to reserve" when nothing fits (arm64 s
 * cmdline-cma-toobig: cma=1900M on 2 GiB). */
static void test_cma_declare_enomem(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.1", NULL);
	int ret;

	add_mem(sim, G(1), G(2), 0);
	assert_int_equal(cms_memblock_reserve(sim, G(1) + M(2), M(200), "test"), 0);
	declare(sim, 0, M(1900), G(3), false, &ret);
	assert_errno(ret, -ENOMEM);
	assert_true(tst_dmesg_has(sim, "cma: Failed to reserve 1900 MiB"));
	assert_int_equal(cmasim_cma_area_count(sim), 0);
	tst_sim_free(sim);
}

/*
 *  0        4G     4G+64M                 6G
 *  |..lo....|##cma##|.........free........|
 * Expect a machine larger than 4 GiB + size to place a non-fixed area
 * bottom-up from 4 GiB (capture s24: 5 GiB, cma=64M at 0x100000000).
 */
static void test_cma_declare_bottom_up_from_4g(void **state)
{
	const char *v[] = { "6.1", "6.12" };

	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new(NULL, v[i], NULL);
		struct cms_cma_area *a;
		int ret;

		add_mem(sim, 0x100000, G(3) - 0x100000, 0);
		add_mem(sim, G(4), G(2), 0);
		a = declare(sim, 0, M(64), 0x180000000, false, &ret);
		assert_errno(ret, 0);
		assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), G(4));
		assert_false(sim->memblock->bottom_up);
		tst_sim_free(sim);
	}
}

/* Expect the 4 GiB quirk: cma=1G@6G-8G lands at 4 GiB, not at 6 GiB. */
static void test_cma_declare_4g_quirk_ignores_base(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cms_cma_area *a;
	int ret;

	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(12), 0);
	a = declare(sim, G(6), G(1), G(8), false, &ret);
	assert_errno(ret, 0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x0000000100000000 on node -1"));
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), G(4));
	tst_sim_free(sim);
}

/* Expect no 4 GiB pass when memblock is already bottom-up, nor when the
 * machine ends below 4 GiB + size (capture s22: 4 GiB, cma=1G top-down). */
static void test_cma_declare_no_4g_pass(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cms_cma_area *a;
	int ret;

	add_mem(sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(sim, G(4), G(1), 0);
	a = declare(sim, 0, G(1), 0x140000000, false, &ret);
	assert_errno(ret, 0);
	/* end 5G < 4G + 1G? no: equal, so the pass runs and finds 4G */
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), G(4));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	add_mem(sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(sim, G(4), G(1) - M(2), 0);
	a = declare(sim, 0, G(1), 0x140000000, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), 0x7fe00000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x000000007fe00000"));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(2), 0);
	sim->memblock->bottom_up = true;
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), M(2));
	assert_true(sim->memblock->bottom_up);
	tst_sim_free(sim);
}

/* Expect the 4 GiB pass to be skipped on 32-bit phys_addr_t (arm). */
static void test_cma_declare_arm_no_4g_pass(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.12", NULL);
	struct cms_cma_area *a;
	int ret;

	add_mem(sim, 0x40000000, M(512), 0);
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), 0x5c000000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x5c000000 on node -1"));
	tst_sim_free(sim);
}

/*
 *  0x40000000     lowmem 760M   0x6f800000       0x80000000
 *  |.......low........|######## high ###########|
 * Expect a non-fixed request spanning the boundary to be placed in high
 * memory first, and a fixed one across it to be refused (arm32).
 */
static void test_cma_declare_arm_highmem_split(void **state)
{
	const char *v[] = { "6.1", "6.12" };

	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new("arm", v[i], NULL);
		struct cms_cma_area *a;
		int ret;

		add_mem(sim, 0x40000000, G(1), 0);
		assert_int_equal(cms_cma_highmem_start(sim), 0x6f800000);
		a = declare(sim, 0, M(64), 0, false, &ret);
		assert_errno(ret, 0);
		assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), 0x7c000000);
		declare(sim, 0x6c000000, M(64), 0, true, &ret);
		assert_errno(ret, -EINVAL);
		assert_true(tst_dmesg_has(sim, "cma: Region at 0x6c000000 defined on low/high memory boundary (0x6f800000)"));
		tst_sim_free(sim);
	}
}

/* Expect the low-memory fallback when high memory is full, limit then
 * clamped to the boundary. */
static void test_cma_declare_arm_highmem_full_falls_back_low(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.1", NULL);
	struct cms_cma_area *a;
	int ret;

	add_mem(sim, 0x40000000, G(1), 0);
	assert_int_equal(cms_memblock_reserve(sim, 0x6f800000, 0x10800000, "test"), 0);
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(cms_cma_handle(a)), 0x6b800000);
	tst_sim_free(sim);
}

/* Expect 6.12 without NUMA to drop the node, 6.1 to keep it. */
static void test_cma_declare_nid_without_numa(void **state)
{
	struct cmasim *a = tst_sim_new(NULL, "6.12", "NUMA=n", NULL);
	struct cms_cma_area *c = NULL;

	pc_1g(a);
	assert_errno(cms_cma_declare_contiguous_nid(a, 0, M(2), 0, 0, 0, false, "n",
						    &c, 0, NULL), 0);
	assert_int_equal(c->nid, -1);
	assert_true(tst_dmesg_has(a, "cma: Reserved 2 MiB at 0x000000003fc00000 on node -1"));
	tst_sim_free(a);
}

/* Expect exact-node placement and the node in the 6.12 line. */
static void test_cma_declare_on_node(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cms_cma_area *c = NULL;

	add_mem(sim, 0x100000, G(1) - 0x100000, 0);
	add_mem(sim, G(1), G(1) - 0x20000, 1);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(16), 0, 0, 0, false,
						    "numa0", &c, 0, NULL), 0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 16 MiB at 0x000000003f000000 on node 0"));
	assert_int_equal(c->nid, 0);
	tst_sim_free(sim);
}

/* Expect the slot check first: with CMA_AREAS=1 (6.12: one slot) the
 * second declaration fails with -ENOSPC and only the slot message. */
static void test_cma_declare_slot_exhaustion(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "CMA_AREAS=1", NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, 0);
	cmasim_dmesg_clear(sim);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, -ENOSPC);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: Not enough slots for CMA reserved regions!");
	tst_sim_free(sim);
}

/* Expect 6.1 to hold CMA_AREAS + 1 areas. */
static void test_cma_declare_slots_61_extra(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", "CMA_AREAS=1", NULL);
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, 0);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, 0);
	declare(sim, 0, M(2), 0, false, &ret);
	assert_errno(ret, -ENOSPC);
	assert_int_equal(cmasim_cma_area_count(sim), 2);
	tst_sim_free(sim);
}

/* Expect init_reserved_mem to need a reservation and alignment, to add
 * to totalcma_pages, and to name anonymous areas "cma%d\n". */
static void test_cma_init_reserved_mem_rules(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_init_reserved_mem(sim, M(64), M(16), 0, NULL, &c), -EINVAL);
	assert_true(tst_diag_contains(sim, "not memblock-reserved"));
	assert_int_equal(cms_memblock_reserve(sim, M(64), M(16), "test"), 0);
	assert_errno(cmasim_cma_init_reserved_mem(sim, M(64), 0, 0, NULL, &c), -EINVAL);
	assert_errno(cmasim_cma_init_reserved_mem(sim, M(64) + 4096, M(8), 0, NULL, &c), -EINVAL);
	assert_errno(cmasim_cma_init_reserved_mem(sim, M(64), M(3), 0, NULL, &c), -EINVAL);
	assert_null(c);
	assert_errno(cmasim_cma_init_reserved_mem(sim, M(64), M(16), 0, NULL, &c), 0);
	assert_string_equal(cmasim_cma_get_name(c), "cma0\n");
	assert_int_equal(cmasim_cma_get_base_pfn(c), 0x4000);
	assert_int_equal(cmasim_cma_get_size(c), M(16));
	assert_int_equal(cmasim_cma_get_nid(c), -1);
	assert_int_equal(cmasim_cma_total_pages(sim), 4096);
	/* no success line: only declare prints one */
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	tst_sim_free(sim);
}

/* Expect names longer than 63 bytes to be cut as snprintf(64) cuts. */
static void test_cma_name_truncated(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;
	char name[100];

	memset(name, 'a', 99);
	name[99] = '\0';
	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, name, &c), 0);
	assert_int_equal(strlen(cmasim_cma_get_name(c)), 63);
	tst_sim_free(sim);
}

/* Expect the public calls to refuse the running phase with -EPERM. */
static void test_cma_public_phase(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	sim->phase = CMS_PHASE_RUNNING;
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "x", &c), -EPERM);
	assert_errno(cmasim_cma_init_reserved_mem(sim, 0, M(2), 0, "x", &c), -EPERM);
	assert_true(tst_diag_contains(sim, "early-boot phase"));
	assert_null(c);
	tst_sim_free(sim);
}

/* Expect -EOPNOTSUPP without CONFIG_CMA, and bad nid/NULL out -EINVAL. */
static void test_cma_public_bad_args(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, "CMA=n", NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "x", &c), -EOPNOTSUPP);
	tst_sim_free(sim);
	sim = tst_sim_new(NULL, NULL, NULL);
	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "x", NULL), -EINVAL);
	assert_errno(cmasim_cma_declare_contiguous_nid(sim, 0, M(2), 0, 0, 0, false, "x", 64, &c), -EINVAL);
	assert_errno(cmasim_cma_declare_contiguous_nid(sim, 0, M(2), 0, 0, 60, false, "x", 0, &c), -EINVAL);
	assert_int_equal(cmasim_cma_area_count(sim), 0);
	tst_sim_free(sim);
}

static int count_cb(const struct cmasim_cma *c, void *data)
{
	int *n = data;

	(*n)++;
	return strcmp(cmasim_cma_get_name(c), "b") ? 0 : 42;
}

/* Expect iteration in declaration order, stopping on non-zero, and find
 * by name. */
static void test_cma_for_each_and_find(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c;
	int n = 0;

	pc_1g(sim);
	assert_int_equal(cmasim_cma_for_each_area(sim, count_cb, &n), 0);
	assert_int_equal(n, 0);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "a", &c), 0);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "b", &c), 0);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "c", &c), 0);
	assert_int_equal(cmasim_cma_for_each_area(sim, count_cb, &n), 42);
	assert_int_equal(n, 2);
	assert_ptr_equal(cmasim_cma_find(sim, "c"), c);
	assert_null(cmasim_cma_find(sim, "d"));
	assert_int_equal(cmasim_cma_get_base(c), 0x3fe00000 - M(6));
	tst_sim_free(sim);
}

/* ---- Activation with fake page-allocator hooks ---- */

struct fake_mm {
	uint64_t zone_split_pfn;	/* pfns below: zone A, above: zone B */
	uint64_t nopage_pfn;		/* pfn without memmap, or 0 */
	unsigned int pageblocks;
	uint64_t freed;
	uint64_t first_pb;
};

static struct fake_mm fake;
static int zone_a, zone_b;

static struct cms_zone *fake_zone(struct cmasim *sim, uint64_t pfn)
{
	if (fake.nopage_pfn && pfn == fake.nopage_pfn)
		return NULL;
	return (struct cms_zone *)(pfn < fake.zone_split_pfn ? (void *)&zone_a : (void *)&zone_b);
}

static void fake_pb(struct cmasim *sim, uint64_t pfn)
{
	if (!fake.pageblocks)
		fake.first_pb = pfn;
	fake.pageblocks++;
}

static int fake_free(struct cmasim *sim, uint64_t pfn)
{
	fake.freed++;
	return 0;
}

static void install_fake(struct cmasim *sim, uint64_t split)
{
	struct cms_cma_state *st = cms_cma_state(sim);

	memset(&fake, 0, sizeof(fake));
	fake.zone_split_pfn = split;
	st->page_ops.pfn_zone = fake_zone;
	st->page_ops.init_cma_reserved_pageblock = fake_pb;
	st->page_ops.free_reserved_page = fake_free;
}

/* Expect each pageblock of an in-zone area to be handed over once and
 * the bitmap to get count >> order_per_bit bits. */
static void test_cma_activate_ok(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(64), 0, 0, 2, false,
						    "r", &a, -1, NULL), 0);
	install_fake(sim, UINT64_MAX);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_int_equal(fake.pageblocks, 32);
	assert_int_equal(fake.first_pb, a->base_pfn);
	assert_int_equal(fake.freed, 0);
	assert_true(a->activated);
	assert_non_null(a->bitmap);
	assert_int_equal(a->bitmap_bits, 16384 >> 2);
	assert_errno(cms_cma_activate_areas(sim), -EALREADY);
	tst_sim_free(sim);
}

/*
 *   zone A         | zone B
 *   ....[##### cma #|#####]....
 * Expect an area across two zones to fail activation: message, pages
 * freed to the buddy, count 0, totalcma_pages reduced.
 */
static void test_cma_activate_two_zones(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	assert_int_equal(cms_memblock_reserve(sim, M(16), M(32), "test"), 0);
	assert_errno(cms_cma_init_reserved_mem(sim, M(16), M(32), 0, "split", &a, NULL), 0);
	install_fake(sim, M(24) >> 12);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_true(tst_dmesg_has(sim, "cma: CMA area split could not be activated"));
	assert_int_equal(fake.freed, 8192);
	assert_int_equal(fake.pageblocks, 0);
	assert_int_equal(a->count, 0);
	assert_false(a->activated);
	assert_null(a->bitmap);
	assert_int_equal(sim->totalcma_pages, 0);
	tst_sim_free(sim);
}

/* Expect reserve_pages_on_error to keep the pages out of the buddy. */
static void test_cma_activate_reserve_pages_on_error(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, M(16), M(32), 0, 0, 0, true, "keep", &c), 0);
	assert_errno(cmasim_cma_reserve_pages_on_error(sim, c), 0);
	install_fake(sim, M(24) >> 12);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_int_equal(fake.freed, 0);
	assert_int_equal(cmasim_cma_get_count(c), 0);
	assert_int_equal(cmasim_cma_get_size(c), 0);
	assert_false(cmasim_cma_is_active(c));
	assert_true(tst_dmesg_has(sim, "cma: CMA area keep could not be activated"));
	tst_sim_free(sim);
}

/*
 * cma_release() on an area whose activation failed (count 0): the
 * kernel's cma_pages_valid() finds the page outside [base, base + 0),
 * prints its pr_debug line and says false.  Expect that line on both
 * versions and -EINVAL.
 */
static void test_cma_release_after_failed_activation(void **state)
{
	const char *k[] = { "6.1", "6.12" };

	(void)state;
	for (int v = 0; v < 2; v++) {
		struct cmasim *sim = tst_sim_new(NULL, k[v], "CMA_DEBUG=y", NULL);
		struct cmasim_cma *c = NULL;

		pc_1g(sim);
		assert_errno(cmasim_cma_declare_contiguous(sim, M(16), M(32), 0, 0, 0, true, "keep", &c), 0);
		assert_errno(cmasim_cma_reserve_pages_on_error(sim, c), 0);
		install_fake(sim, M(24) >> 12);
		assert_errno(cms_cma_activate_areas(sim), 0);
		assert_false(cmasim_cma_is_active(c));
		cmasim_dmesg_clear(sim);
		assert_errno(cmasim_cma_release(sim, c, M(16) >> 12, 1), -EINVAL);
		assert_int_equal(cmasim_dmesg_count(sim), 1);
		assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
				    "cma: cma_pages_valid(page (____ptrval____), count 1)");
		tst_sim_free(sim);
	}
}

/*
 * A pfn without a struct page: the kernel's cma_activate_area() WARNs on
 * !pfn_valid() and then page_zone() faults on the missing page, so the
 * boot dies.  Expect -EFAULT, one explanation, no page freed and no
 * "could not be activated" line (the kernel never gets to print it).
 */
static void test_cma_activate_no_memmap(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, M(16), M(2), 0, 0, 0, true, "hole", &c), 0);
	install_fake(sim, UINT64_MAX);
	fake.nopage_pfn = (M(16) >> 12) + 5;
	assert_errno(cms_cma_activate_areas(sim), -EFAULT);
	assert_int_equal(fake.freed, 0);
	assert_false(cmasim_cma_is_active(c));
	assert_true(tst_diag_contains(sim, "cma: area hole: pfn 0x1005 has no struct page"));
	assert_false(tst_dmesg_has(sim, "cma: CMA area hole could not be activated"));
	tst_sim_free(sim);
}

/* Expect activation without a page model to give bitmaps only. */
static void test_cma_activate_without_page_model(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(4), 0, 0, 1, false,
						    "x", &a, -1, NULL), 0);
	assert_null(sim->mm);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_true(a->activated);
	assert_non_null(a->bitmap);
	assert_int_equal(a->bitmap_bits, 512);
	assert_true(tst_diag_contains(sim, "no page allocator set up"));
	tst_sim_free(sim);
}

/* Expect partly installed hooks to be refused with nothing done. */
static void test_cma_activate_partial_hooks(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_int_equal(cms_cma_activate_areas(sim), 0);	/* no areas */
	tst_sim_free(sim);
	sim = tst_sim_new(NULL, NULL, NULL);
	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false, "x", &c), 0);
	install_fake(sim, UINT64_MAX);
	sim->cma->page_ops.free_reserved_page = NULL;
	assert_errno(cms_cma_activate_areas(sim), -EINVAL);
	assert_false(cmasim_cma_is_active(c));
	tst_sim_free(sim);
}

/* ---- Activation on the real page allocator (lib/zone.c, lib/buddy.c) ---- */

/* x86_64 with one contiguous bank [1M, 6G): DMA, DMA32 to 4G, Normal. */
static struct cmasim *big_x86(const char *kernel)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, G(6) - 0x100000, 0);
	assert_int_equal(cms_memblock_reserve(sim, 0, 0x100000, "test"), 0);
	return sim;
}

static uint64_t managed_total(struct cmasim *sim)
{
	uint64_t sum = 0;
	struct cms_node *n;
	struct cms_zone *z;

	(void)n;
	cms_for_each_zone(sim->mm, n, z)
		sum += z->managed;
	return sum;
}

static struct cms_zone *zone_of(struct cmasim *sim, uint64_t addr)
{
	return cms_pfn_zone(sim, addr >> sim->page_shift);
}

/*
 *  1M   0x10000000+64M        4G  4G+32M         6G
 *  |....[## a ##]....DMA32....|[# b #]...Normal..|
 * Expect both areas active after the buddy handover: their pageblocks
 * MIGRATE_CMA, zone cma_pages counted, every invariant intact.
 */
static void test_cma_activate_with_buddy(void **state)
{
	const char *v[] = { "6.1", "6.12" };

	for (int i = 0; i < 2; i++) {
		struct cmasim *sim = big_x86(v[i]);
		struct cmasim_cma *a = NULL, *b = NULL;
		uint64_t before;

		assert_errno(cmasim_cma_declare_contiguous(sim, 0x10000000, M(64), 0, 0, 0, true, "a", &a), 0);
		assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(32), 0, 0, 0, false, "b", &b), 0);
		assert_int_equal(cmasim_cma_get_base(b), G(4));
		assert_errno(cms_mm_init(sim), 0);
		assert_errno(cms_mm_free_all(sim), 0);
		before = managed_total(sim);
		assert_errno(cms_cma_activate_areas(sim), 0);
		assert_true(cmasim_cma_is_active(a));
		assert_true(cmasim_cma_is_active(b));
		assert_int_equal(zone_of(sim, 0x10000000)->cma_pages, 16384);
		assert_int_equal(zone_of(sim, G(4))->cma_pages, 8192);
		assert_int_equal(managed_total(sim), before + 16384 + 8192);
		assert_int_equal(cms_get_pageblock_migratetype(sim, zone_of(sim, 0x10000000),
							       0x10000), CMASIM_MIGRATE_CMA);
		assert_int_equal(cms_get_pageblock_migratetype(sim, zone_of(sim, G(4)),
							       G(4) >> 12), CMASIM_MIGRATE_CMA);
		assert_int_equal(cmasim_cma_total_pages(sim), 16384 + 8192);
		assert_int_equal(cmasim_check(sim), 0);
		tst_sim_free(sim);
	}
}

/*
 *        4G-16M  4G  4G+16M
 *  DMA32 ...[####|####]... Normal
 * Expect an area across DMA32/Normal to fail activation: the kernel's
 * line, its pages freed to the buddy as ordinary pages, totalcma 0.
 */
static void test_cma_activate_across_zones_with_buddy(void **state)
{
	struct cmasim *sim = big_x86("6.12");
	struct cmasim_cma *c = NULL;
	uint64_t before;

	assert_errno(cmasim_cma_declare_contiguous(sim, G(4) - M(16), M(32), 0, 0, 0, true, "x", &c), 0);
	assert_errno(cms_mm_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
	before = managed_total(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_true(tst_dmesg_has(sim, "cma: CMA area x could not be activated"));
	assert_false(cmasim_cma_is_active(c));
	assert_int_equal(cmasim_cma_get_count(c), 0);
	assert_int_equal(cmasim_cma_total_pages(sim), 0);
	assert_int_equal(managed_total(sim), before + 8192);
	assert_int_equal(zone_of(sim, G(4))->cma_pages, 0);
	assert_true(tst_diag_contains(sim, "spans two zones"));
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
}

/* Expect the checker to catch a totalcma mismatch and a bad bitmap. */
static void test_cma_check_detects(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cms_cma_area *a = NULL;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(2), 0, 0, 0, false,
						    "x", &a, -1, NULL), 0);
	assert_int_equal(cms_cma_check(sim), 0);
	sim->totalcma_pages++;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "cmasim bug: cma: totalcma_pages 513 but the areas hold 512"));
	sim->totalcma_pages--;
	a->base_pfn += 1;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "not pageblock aligned"));
	a->base_pfn -= 1;
	install_fake(sim, UINT64_MAX);
	assert_errno(cms_cma_activate_areas(sim), 0);
	a->bitmap_bits = 7;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "bitmap of 7 bits for 512 pages"));
	a->bitmap_bits = 512;
	assert_int_equal(cms_cma_check(sim), 0);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_max_areas_per_version),
		cmocka_unit_test(test_cma_min_alignment),
		cmocka_unit_test(test_cma_declare_topdown_61),
		cmocka_unit_test(test_cma_declare_topdown_612_on_node),
		cmocka_unit_test(test_cma_declare_debug_line),
		cmocka_unit_test(test_cma_declare_no_debug_line_by_default),
		cmocka_unit_test(test_cma_declare_size0_bad_alignment),
		cmocka_unit_test(test_cma_declare_fixed_unaligned),
		cmocka_unit_test(test_cma_declare_fixed_unaligned_to_given_alignment),
		cmocka_unit_test(test_cma_declare_fixed_ok),
		cmocka_unit_test(test_cma_declare_fixed_memblock_debug_caller),
		cmocka_unit_test(test_cma_declare_fixed_busy),
		cmocka_unit_test(test_cma_declare_base0_not_fixed),
		cmocka_unit_test(test_cma_declare_exceeds_limit),
		cmocka_unit_test(test_cma_declare_limit_zero_is_end_of_dram),
		cmocka_unit_test(test_cma_declare_order_per_bit_multiple),
		cmocka_unit_test(test_cma_declare_enomem),
		cmocka_unit_test(test_cma_declare_bottom_up_from_4g),
		cmocka_unit_test(test_cma_declare_4g_quirk_ignores_base),
		cmocka_unit_test(test_cma_declare_no_4g_pass),
		cmocka_unit_test(test_cma_declare_arm_no_4g_pass),
		cmocka_unit_test(test_cma_declare_arm_highmem_split),
		cmocka_unit_test(test_cma_declare_arm_highmem_full_falls_back_low),
		cmocka_unit_test(test_cma_declare_nid_without_numa),
		cmocka_unit_test(test_cma_declare_on_node),
		cmocka_unit_test(test_cma_declare_slot_exhaustion),
		cmocka_unit_test(test_cma_declare_slots_61_extra),
		cmocka_unit_test(test_cma_init_reserved_mem_rules),
		cmocka_unit_test(test_cma_name_truncated),
		cmocka_unit_test(test_cma_public_phase),
		cmocka_unit_test(test_cma_public_bad_args),
		cmocka_unit_test(test_cma_for_each_and_find),
		cmocka_unit_test(test_cma_activate_ok),
		cmocka_unit_test(test_cma_activate_two_zones),
		cmocka_unit_test(test_cma_activate_reserve_pages_on_error),
		cmocka_unit_test(test_cma_activate_no_memmap),
		cmocka_unit_test(test_cma_release_after_failed_activation),
		cmocka_unit_test(test_cma_activate_without_page_model),
		cmocka_unit_test(test_cma_activate_partial_hooks),
		cmocka_unit_test(test_cma_activate_with_buddy),
		cmocka_unit_test(test_cma_activate_across_zones_with_buddy),
		cmocka_unit_test(test_cma_check_detects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
