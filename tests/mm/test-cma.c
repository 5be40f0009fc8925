// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/cma.c: the area table, cma_declare_contiguous_nid() and
 * cma_init_reserved_mem() rules of 6.1 and 6.12 with their exact log
 * lines, activation over the page allocator, the checker, and
 * cma_alloc()/cma_release() over an activated area.  Machines are built
 * with memblock calls only (no boot code).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

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

static struct cmasim_cma *declare(struct cmasim *sim, uint64_t base,
				  uint64_t size, uint64_t limit, bool fixed,
				  int *ret)
{
	struct cmasim_cma *a = NULL;

	*ret = cms_cma_declare_contiguous_nid(sim, base, size, limit, 0, 0,
					      fixed, "reserved", &a,
					      CMASIM_NUMA_NO_NODE, NULL);
	return *ret ? NULL : a;
}

/* Per-version fixtures: an early-boot x86_64 instance, with CMA_DEBUG. */
static int setup_debug(void **state)
{
	*state = tst_sim_new(NULL, tst_state_version(state), "CMA_DEBUG=y",
			     NULL);
	return 0;
}

/* The same on 32-bit arm. */
static int setup_arm(void **state)
{
	*state = tst_sim_new("arm", tst_state_version(state), NULL);
	return 0;
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
	struct cmasim_cma *a;
	int ret;

	pc_1g(sim);
	a = declare(sim, 0, M(64), 0x3ffe0000, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), 0x3be00000);
	assert_int_equal(cmasim_cma_get_count(a), 16384);
	assert_string_equal(cmasim_cma_get_name(a), "reserved");
	assert_true(tst_dmesg_has(sim, "cma: Reserved 64 MiB at 0x000000003be00000"));
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_int_equal(sim->mm->totalcma_pages, 16384);
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
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(1), 0x3ffe0000, false, &ret);
	assert_errno(ret, 0);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_declare_contiguous_nid(size 0x0000000000100000, base 0x0000000000000000, limit 0x000000003ffe0000 alignment 0x0000000000000000)");
	/* 1 MiB rounds up to one 2 MiB pageblock (capture s07) */
	assert_true(tst_dmesg_has(sim, v61 ? "cma: Reserved 2 MiB at 0x000000003fc00000"
					 : "cma: Reserved 2 MiB at 0x000000003fc00000 on node -1"));
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
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	int ret;

	pc_1g(sim);
	declare(sim, 0x10100000, M(64), 0x14100000, true, &ret);
	assert_errno(ret, -EINVAL);
	assert_true(tst_dmesg_has(sim, "cma: Region at 0x0000000010100000 must be aligned to 0x0000000000200000 bytes"));
	assert_true(tst_dmesg_has(sim, v61 ? "cma: Failed to reserve 64 MiB"
					 : "cma: Failed to reserve 64 MiB on node -1"));
	assert_false(cms_memblock_is_region_reserved(sim, 0x10000000, M(128)));
}

/* Expect the raised alignment in the message when the caller asks for
 * more than a pageblock. */
static void test_cma_declare_fixed_unaligned_to_given_alignment(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_cma *a = NULL;

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
	struct cmasim_cma *a;
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
	assert_int_equal(sim->mm->totalcma_pages, 0);
	tst_sim_free(sim);
}

/* Expect base 0 with fixed to mean "anywhere below the limit". */
static void test_cma_declare_base0_not_fixed(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_cma *a;
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
	assert_int_equal(cmasim_cma_get_base(a), M(32));
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
	struct cmasim_cma *a = NULL;

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
	struct cmasim *sim = *state;
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(2), 0);
	a = declare(sim, 0, M(64), 0x180000000, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), G(4));
	assert_false(sim->memblock->bottom_up);
}

/* Expect the 4 GiB quirk: cma=1G@6G-8G lands at 4 GiB, not at 6 GiB. */
static void test_cma_declare_4g_quirk_ignores_base(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(12), 0);
	a = declare(sim, G(6), G(1), G(8), false, &ret);
	assert_errno(ret, 0);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x0000000100000000 on node -1"));
	assert_int_equal(cmasim_cma_get_base(a), G(4));
	tst_sim_free(sim);
}

/* Expect no 4 GiB pass when memblock is already bottom-up, nor when the
 * machine ends below 4 GiB + size (capture s22: 4 GiB, cma=1G top-down). */
static void test_cma_declare_no_4g_pass(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(sim, G(4), G(1), 0);
	a = declare(sim, 0, G(1), 0x140000000, false, &ret);
	assert_errno(ret, 0);
	/* end 5G < 4G + 1G? no: equal, so the pass runs and finds 4G */
	assert_int_equal(cmasim_cma_get_base(a), G(4));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	add_mem(sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(sim, G(4), G(1) - M(2), 0);
	a = declare(sim, 0, G(1), 0x140000000, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), 0x7fe00000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 1024 MiB at 0x000000007fe00000"));
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, "6.1", NULL);
	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(2), 0);
	sim->memblock->bottom_up = true;
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), M(2));
	assert_true(sim->memblock->bottom_up);
	tst_sim_free(sim);
}

/* Expect the 4 GiB pass to be skipped on 32-bit phys_addr_t (arm). */
static void test_cma_declare_arm_no_4g_pass(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.12", NULL);
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x40000000, M(512), 0);
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), 0x5c000000);
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
	struct cmasim *sim = *state;
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x40000000, G(1), 0);
	assert_int_equal(cms_cma_highmem_start(sim), 0x6f800000);
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), 0x7c000000);
	declare(sim, 0x6c000000, M(64), 0, true, &ret);
	assert_errno(ret, -EINVAL);
	assert_true(tst_dmesg_has(sim, "cma: Region at 0x6c000000 defined on low/high memory boundary (0x6f800000)"));
}

/* Expect the low-memory fallback when high memory is full, limit then
 * clamped to the boundary. */
static void test_cma_declare_arm_highmem_full_falls_back_low(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.1", NULL);
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x40000000, G(1), 0);
	assert_int_equal(cms_memblock_reserve(sim, 0x6f800000, 0x10800000, "test"), 0);
	a = declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	assert_int_equal(cmasim_cma_get_base(a), 0x6b800000);
	tst_sim_free(sim);
}

/* Expect 6.12 without NUMA to drop the node, 6.1 to keep it. */
static void test_cma_declare_nid_without_numa(void **state)
{
	struct cmasim *a = tst_sim_new(NULL, "6.12", "NUMA=n", NULL);
	struct cmasim_cma *c = NULL;

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
	struct cmasim_cma *c = NULL;

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
static int count_cb(const struct cmasim_cma *c, void *data);

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
	/* the readers of an area and of the table take NULL */
	assert_int_equal(cmasim_cma_get_base(NULL), 0);
	assert_int_equal(cmasim_cma_get_size(NULL), 0);
	assert_int_equal(cmasim_cma_get_base_pfn(NULL), 0);
	assert_int_equal(cmasim_cma_get_count(NULL), 0);
	assert_null(cmasim_cma_get_name(NULL));
	assert_int_equal(cmasim_cma_get_order_per_bit(NULL), 0);
	assert_int_equal(cmasim_cma_get_nid(NULL), CMASIM_NUMA_NO_NODE);
	assert_false(cmasim_cma_is_active(NULL));
	assert_int_equal(cmasim_cma_area_count(NULL), 0);
	assert_int_equal(cmasim_cma_max_areas(NULL), 0);
	assert_int_equal(cmasim_cma_total_pages(NULL), 0);
	assert_int_equal(cmasim_cma_for_each_area(NULL, count_cb, NULL),
			 -EINVAL);
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

/* ---- Activation over the page allocator ---- */

/* free_area_init and memblock_free_all, as boot runs them before CMA. */
static void mm_up(struct cmasim *sim)
{
	assert_errno(cms_free_area_init(sim), 0);
	assert_errno(cms_mm_free_all(sim), 0);
}

/* Pages the zones manage, all nodes. */
static uint64_t managed_pages(struct cmasim *sim)
{
	uint64_t sum = 0;
	struct cms_node *n;
	struct cms_zone *z;

	(void)n;
	cms_for_each_zone(sim->mm, n, z)
		sum += z->managed;
	return sum;
}

/*
 *  1M                    0x3be00000  0x3fe00000
 *  |.........DMA32.......[#### r ####]..|
 * Expect each pageblock of an in-zone area to become MIGRATE_CMA and go
 * to the buddy (managed grows by the area), and the bitmap to get
 * count >> order_per_bit bits.
 */
static void test_cma_activate_ok(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *a = NULL;
	struct cms_zone *z;
	uint64_t before;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(64), 0, 0, 2, false,
						    "r", &a, -1, NULL), 0);
	mm_up(sim);
	before = managed_pages(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	z = cms_pfn_zone(sim, a->base_pfn);
	assert_int_equal(managed_pages(sim), before + 16384);
	assert_int_equal(z->cma_pages, 16384);
	assert_int_equal(cms_get_pageblock_migratetype(sim, z, a->base_pfn),
			 CMASIM_MIGRATE_CMA);
	assert_int_equal(cms_get_pageblock_migratetype(sim, z,
						       a->base_pfn + 16384 - 512),
			 CMASIM_MIGRATE_CMA);
	assert_true(a->activated);
	assert_non_null(a->bitmap);
	assert_int_equal(a->bitmap_bits, 16384 >> 2);
	assert_errno(cms_cma_activate_areas(sim), -EALREADY);
	tst_sim_free(sim);
}

/*
 *   8M     16M       40M
 *   [# DMA #|# DMA32 #]....
 * Expect an area across two zones to fail activation: message, pages
 * freed to the buddy as ordinary pages, count 0, totalcma_pages reduced.
 */
static void test_cma_activate_two_zones(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *a = NULL;
	uint64_t before;

	pc_1g(sim);
	assert_int_equal(cms_memblock_reserve(sim, M(8), M(32), "test"), 0);
	assert_errno(cms_cma_init_reserved_mem(sim, M(8), M(32), 0, "split", &a, NULL), 0);
	mm_up(sim);
	before = managed_pages(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_true(tst_dmesg_has(sim, "cma: CMA area split could not be activated"));
	assert_true(tst_diag_contains(sim, "spans two zones"));
	assert_int_equal(managed_pages(sim), before + 8192);
	assert_int_equal(a->count, 0);
	assert_false(a->activated);
	assert_null(a->bitmap);
	assert_int_equal(sim->mm->totalcma_pages, 0);
	tst_sim_free(sim);
}

/* Expect reserve_pages_on_error to keep the pages out of the buddy. */
static void test_cma_activate_reserve_pages_on_error(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;
	uint64_t before;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, M(8), M(32), 0, 0, 0, true, "keep", &c), 0);
	assert_errno(cmasim_cma_reserve_pages_on_error(sim, c), 0);
	mm_up(sim);
	before = managed_pages(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_int_equal(managed_pages(sim), before);
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
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, M(8), M(32), 0, 0, 0, true, "keep", &c), 0);
	assert_errno(cmasim_cma_reserve_pages_on_error(sim, c), 0);
	mm_up(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_false(cmasim_cma_is_active(c));
	cmasim_dmesg_clear(sim);
	assert_errno(cmasim_cma_release(sim, c, M(8) >> 12, 1), -EINVAL);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_pages_valid(page (____ptrval____), count 1)");
}

/*
 *  1M            0x3ffe0000 1G   1G+2M
 *  |.... memory ....|        [# hole #]
 * An area reserved past the end of memory has no struct page there: the
 * kernel's cma_activate_area() WARNs on !pfn_valid() and then
 * page_zone() faults on the missing page, so the boot dies.  Expect
 * -EFAULT, one explanation, no page handed to the buddy, and no "could
 * not be activated" line (the kernel never gets to print it).
 */
static void test_cma_activate_no_memmap(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *a = NULL;
	uint64_t before;

	pc_1g(sim);
	assert_int_equal(cms_memblock_reserve(sim, G(1), M(2), "test"), 0);
	assert_errno(cms_cma_init_reserved_mem(sim, G(1), M(2), 0, "hole", &a, NULL), 0);
	mm_up(sim);
	before = managed_pages(sim);
	assert_errno(cms_cma_activate_areas(sim), -EFAULT);
	assert_int_equal(managed_pages(sim), before);
	assert_false(cmasim_cma_is_active(a));
	assert_true(tst_diag_contains(sim, "cma: area hole: pfn 0x40000 has no struct page"));
	assert_false(tst_dmesg_has(sim, "cma: CMA area hole could not be activated"));
	tst_sim_free(sim);
}

/*
 * cma_init_reserved_areas() is a core_initcall: it runs after the buddy
 * handover.  Expect it to do nothing without areas, and to refuse
 * (-EPERM, nothing activated) while there are no pages to hand over.
 */
static void test_cma_activate_before_handover(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *a = NULL;

	pc_1g(sim);
	assert_int_equal(cms_cma_activate_areas(sim), 0);	/* no areas */
	tst_sim_free(sim);
	sim = tst_sim_new(NULL, NULL, NULL);
	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(4), 0, 0, 1, false,
						    "x", &a, -1, NULL), 0);
	assert_errno(cms_cma_activate_areas(sim), -EPERM);
	assert_false(a->activated);
	assert_null(a->bitmap);
	assert_true(tst_diag_contains(sim, "before memblock_free_all"));
	mm_up(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	assert_true(a->activated);
	assert_int_equal(a->bitmap_bits, 512);
	tst_sim_free(sim);
}

/* ---- Activation and the zones of a larger machine ---- */

/* x86_64 with one contiguous bank [1M, 6G): DMA, DMA32 to 4G, Normal. */
static struct cmasim *big_x86(const char *kernel)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, G(6) - 0x100000, 0);
	assert_int_equal(cms_memblock_reserve(sim, 0, 0x100000, "test"), 0);
	return sim;
}

static int setup_big_x86(void **state)
{
	*state = big_x86(tst_state_version(state));
	return 0;
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
	struct cmasim *sim = *state;
	struct cmasim_cma *a = NULL, *b = NULL;
	uint64_t before;

	assert_errno(cmasim_cma_declare_contiguous(sim, 0x10000000, M(64), 0, 0, 0, true, "a", &a), 0);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(32), 0, 0, 0, false, "b", &b), 0);
	assert_int_equal(cmasim_cma_get_base(b), G(4));
	assert_errno(cms_free_area_init(sim), 0);
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
	assert_errno(cms_free_area_init(sim), 0);
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
	struct cmasim_cma *a = NULL;

	pc_1g(sim);
	assert_errno(cms_cma_declare_contiguous_nid(sim, 0, M(2), 0, 0, 0, false,
						    "x", &a, -1, NULL), 0);
	assert_int_equal(cms_cma_check(sim), 0);
	sim->mm->totalcma_pages++;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "cmasim bug: cma: totalcma_pages 513 but the areas hold 512"));
	sim->mm->totalcma_pages--;
	a->base_pfn += 1;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "not pageblock aligned"));
	a->base_pfn -= 1;
	mm_up(sim);
	assert_errno(cms_cma_activate_areas(sim), 0);
	a->bitmap_bits = 7;
	assert_errno(cms_cma_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "bitmap of 7 bits for 512 pages"));
	a->bitmap_bits = 512;
	assert_int_equal(cms_cma_check(sim), 0);
	tst_sim_free(sim);
}

/* ---- cma_alloc() and cma_release() ----
 *
 * Over an area's bitmap as 6.1 and 6.12 run them, with the debugfs/sysfs
 * files of lib/mm/cma_debug.c that show and drive them.  Each test runs
 * on an instance whose memory is one real, activated CMA area
 * (tst_cma_sim_new).  The numbers of the replay tests are those of the
 * real captures oracle/s04 and oracle-612/s04 (cma=64M on a 1 GiB
 * machine).
 */

#define BASE 245248u	/* 0x3be00, the s04 area */
#define PB 512u		/* pages per pageblock (x86_64) */

static void cat(const char *text, void *data)
{
	g_strlcat(data, text, 4096);
}

/* Read @file of area "reserved" ("debug/used" or "mm/alloc_pages_fail"). */
static const char *rd(struct cmasim *sim, const char *file)
{
	static char buf[4096];
	char path[256];
	bool dbg = !strncmp(file, "debug/", 6);

	snprintf(path, sizeof(path), "/sys/kernel/%s/reserved/%s",
		 dbg ? "debug/cma" : "mm/cma", file + (dbg ? 6 : 3));
	buf[0] = '\0';
	assert_int_equal(cmasim_file_read(sim, path, cat, buf), 0);
	return buf;
}

static int wr(struct cmasim *sim, const char *file, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/debug/cma/reserved/%s", file);
	return cmasim_file_write(sim, path, val);
}

static struct cmasim_cma *area(struct cmasim *sim, const char *name)
{
	struct cmasim_cma *c = cmasim_cma_find(sim, name);

	assert_non_null(c);
	return c;
}

static uint64_t pages_failed(struct cmasim *sim, const char *name)
{
	return area(sim, name)->nr_pages_failed;
}

/*
 * The s04 area after boot: the two DMA atomic pools took 32 pages each
 * with align 5.  Returns the instance.
 */
static struct cmasim *s04(const char *kernel, bool debug)
{
	struct cmasim *sim = tst_cma_sim_new(kernel, "reserved", BASE, 16384, 0,
					     debug ? "CMA_DEBUG=y" :
					     "CMA_DEBUG=n", NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_cma_alloc(sim, a, 32, 5, 0, &pfn), 0);
	assert_int_equal(pfn, BASE);
	assert_int_equal(cmasim_cma_alloc(sim, a, 32, 5, 0, &pfn), 0);
	assert_int_equal(pfn, BASE + 32);
	cmasim_dmesg_clear(sim);
	return sim;
}

static int setup_s04_debug(void **state)
{
	*state = s04(tst_state_version(state), true);
	return 0;
}

/* One pageblock at pfn 0x1000, all of it the area "reserved". */
static int setup_one_pageblock(void **state)
{
	*state = tst_cma_sim_new(tst_state_version(state), "reserved", 0x1000,
				 PB, 0, NULL);
	return 0;
}

struct step {
	const char *op;		/* "alloc" or "free" */
	const char *val;
	int ret;
	const char *used, *maxchunk, *bitmap_head;
};

/* The CMA_EXERCISE of s04, identical on 6.1 and 6.12. */
static const struct step s04_steps[] = {
	{ "alloc", "1", 0, "65\n", "16319\n", "4294967295 4294967295 1 0 " },
	{ "alloc", "512", 0, "577\n", "15807\n", "4294967295 4294967295 4294967295 4294967295 " },
	{ "alloc", "1000", 0, "1577\n", "14807\n", NULL },
	{ "free", "1000", 0, "577\n", "15807\n", NULL },
	{ "alloc", "3", 0, "580\n", "15804\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", "4294967295 4294967295 0 0 " },
	{ "alloc", "16384", -ENOMEM, "64\n", "16320\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", NULL },
	{ "alloc", "16385", -ENOMEM, "64\n", "16320\n", NULL },
	{ "alloc", "16320", 0, "16384\n", "0\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", NULL },
	{ "alloc", "8192", 0, "8256\n", "8128\n", NULL },
	{ "alloc", "8192", -ENOMEM, "8256\n", "8128\n", NULL },
	{ "alloc", "1", 0, "8257\n", "8127\n", NULL },
	{ "free", "100000000", 0, "64\n", "16320\n", "4294967295 4294967295 0 0 " },
};

static void replay_s04(struct cmasim *sim)
{
	for (size_t i = 0; i < CMS_ARRAY_SIZE(s04_steps); i++) {
		const struct step *s = &s04_steps[i];

		assert_errno(wr(sim, s->op, s->val), s->ret);
		assert_string_equal(rd(sim, "debug/used"), s->used);
		assert_string_equal(rd(sim, "debug/maxchunk"), s->maxchunk);
		if (s->bitmap_head)
			assert_true(!strncmp(rd(sim, "debug/bitmap"),
					     s->bitmap_head,
					     strlen(s->bitmap_head)));
	}
}

/* Expect every s04 step on 6.1 and the 6.1 sysfs totals 26093/40961
 * (6.1 counts the oversized 16385 as failed pages). */
static void test_cma_alloc_replay_s04_v61(void **state)
{
	struct cmasim *sim = s04("6.1", true);

	(void)state;
	replay_s04(sim);
	assert_string_equal(rd(sim, "mm/alloc_pages_success"), "26093\n");
	assert_string_equal(rd(sim, "mm/alloc_pages_fail"), "40961\n");
	tst_sim_free(sim);
}

/* Expect the same steps on 6.12, fail=24576 (the 16385 request returns
 * before any accounting) and release_pages_success counted. */
static void test_cma_alloc_replay_s04_v612(void **state)
{
	struct cmasim *sim = s04("6.12", true);

	(void)state;
	replay_s04(sim);
	assert_string_equal(rd(sim, "mm/alloc_pages_success"), "26093\n");
	assert_string_equal(rd(sim, "mm/alloc_pages_fail"), "24576\n");
	assert_string_equal(rd(sim, "mm/release_pages_success"), "26029\n");
	tst_sim_free(sim);
}

/* Expect the 6.1 dmesg lines of the capture for a failed alloc 16384. */
static void test_cma_alloc_fail_log_v61(void **state)
{
	struct cmasim *sim = s04("6.1", true);

	(void)state;
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	{
		struct cmasim_cma_window f;

		assert_int_equal(cmasim_cma_alloc_window(sim, 0, &f), 0);
		assert_int_equal(f.reason, CMASIM_CMA_NO_WINDOW);
		assert_int_equal(f.err, -ENOMEM);
		assert_int_equal(f.start, BASE);
		assert_int_equal(f.end, BASE + 16384);
		assert_string_equal(f.text, "no free window of 16384 pages: largest is 16320");
		assert_errno(cmasim_cma_alloc_window(sim, 1, &f), -ENOENT);
		assert_true(tst_diag_contains(sim, "no free window of 16384 pages: largest is 16320"));
	}
	assert_int_equal(cmasim_dmesg_count(sim), 4);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_alloc(cma (____ptrval____), count 16384, align 0)");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: cma_alloc: reserved: alloc failed, req-size: 16384 pages, ret: -12");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "cma: number of available pages: 16320@64=> 16320 free of 16384 total pages");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "cma: cma_alloc(): returned 0000000000000000");
	tst_sim_free(sim);
}

/* Expect 6.1 without CMA_DEBUG: the pr_err line only (show_areas is
 * compiled out). */
static void test_cma_alloc_fail_log_v61_nodebug(void **state)
{
	struct cmasim *sim = s04("6.1", false);

	(void)state;
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: cma_alloc: reserved: alloc failed, req-size: 16384 pages, ret: -12");
	tst_sim_free(sim);
}

/* Expect the 6.12 lines (__cma_alloc, name in the debug line); without
 * DEBUG the free-range dump is still printed. */
static void test_cma_alloc_fail_log_v612(void **state)
{
	struct cmasim *sim = s04("6.12", true);

	(void)state;
	assert_errno(wr(sim, "alloc", "8192\n"), 0);
	cmasim_dmesg_clear(sim);
	assert_errno(wr(sim, "alloc", "8192"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 4);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: __cma_alloc(cma (____ptrval____), name: reserved, count 8192, align 0)");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: __cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -12");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "cma: number of available pages: 8128@8256=> 8128 free of 16384 total pages");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "cma: __cma_alloc(): returned 0000000000000000");
	tst_sim_free(sim);

	sim = s04("6.12", false);
	assert_errno(wr(sim, "alloc", "16384"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: number of available pages: 16320@64=> 16320 free of 16384 total pages");
	tst_sim_free(sim);
}

/* Expect an oversized request to log only the entry debug line, on
 * both versions, as the captures show for 16385. */
static void test_cma_alloc_oversized_is_silent(void **state)
{
	struct cmasim *sim = *state;

	assert_errno(wr(sim, "alloc", "16385"), -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
}

/*
 * base_pfn 0x40200 (2 MiB aligned, not 4 MiB), align 10: windows must
 * start where pfn % 1024 == 0, so bit 512 (pfn 0x40400) is the first.
 *   0x40200   0x40400           0x40800           0x40a00
 *   |..512..|[16]......1008.....|[16].....496.....|
 * Expect pfn 0x40400, then 0x40800 for a second 16-page request, then
 * the area's first page for one page without alignment.
 */
static void test_cma_alloc_align_uses_base_offset(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "odd", 0x40200, 4 * PB, 0,
					     NULL);
	struct cmasim_cma *a = area(sim, "odd");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 10, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40400);
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 10, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40800);
	assert_int_equal(cmasim_cma_alloc(sim, a, 1, 0, 0, &pfn), 0);
	assert_int_equal(pfn, 0x40200);
	tst_sim_free(sim);
}

/* The used ranges of an area, kept in order. */
struct used_ranges {
	uint64_t pfn[8], count[8];
	int n, stop_at;
};

static int used_cb(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	struct used_ranges *u = data;

	u->pfn[u->n] = pfn;
	u->count[u->n] = count;
	return ++u->n == u->stop_at ? 7 : 0;
}

/*
 * Two allocations with a released one between them, then order_per_bit
 * 2, where a range is whole bits:
 *   0x40200 [16][..16 released..][1] ...
 * Expect the set-bit runs as pfn ranges, lowest first, the callback's
 * value to stop the walk, -EINVAL without a callback, and no range in
 * an area that is not active.
 */
static void test_cma_for_each_used_range(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "odd", 0x40200, 4 * PB, 0,
					     NULL);
	struct cmasim *sim2 = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 2,
					      NULL);
	struct cmasim_cma *a = area(sim, "odd"), *inactive = NULL;
	struct used_ranges u = { .stop_at = -1 };
	cmasim_pfn_t p1, p2, p3;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 0, 0, &p1), 0);
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 0, 0, &p2), 0);
	assert_int_equal(cmasim_cma_alloc(sim, a, 40, 0, 0, &p3), 0);
	assert_int_equal(cmasim_cma_release(sim, a, p2, 16), 0);
	assert_int_equal(cmasim_cma_for_each_used_range(a, used_cb, &u), 0);
	assert_int_equal(u.n, 2);
	assert_int_equal(u.pfn[0], 0x40200);
	assert_int_equal(u.count[0], 16);
	assert_int_equal(u.pfn[1], p3);
	assert_int_equal(u.count[1], 40);
	u = (struct used_ranges){ .stop_at = 1 };
	assert_int_equal(cmasim_cma_for_each_used_range(a, used_cb, &u), 7);
	assert_int_equal(u.n, 1);
	assert_errno(cmasim_cma_for_each_used_range(a, NULL, &u), -EINVAL);
	assert_errno(cmasim_cma_for_each_used_range(NULL, used_cb, &u), -EINVAL);

	u = (struct used_ranges){ .stop_at = -1 };
	assert_errno(wr(sim2, "alloc", "5"), 0);
	assert_int_equal(cmasim_cma_for_each_used_range(area(sim2, "reserved"),
							used_cb, &u), 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.pfn[0], 0x1000);
	assert_int_equal(u.count[0], 8);
	tst_sim_free(sim2);
	tst_sim_free(sim);

	sim = tst_sim_new(NULL, NULL, NULL);
	pc_1g(sim);
	assert_errno(cmasim_cma_declare_contiguous(sim, 0, M(2), 0, 0, 0, false,
						   "early", &inactive), 0);
	u = (struct used_ranges){ .stop_at = -1 };
	assert_int_equal(cmasim_cma_for_each_used_range(inactive, used_cb, &u), 0);
	assert_int_equal(u.n, 0);
	tst_sim_free(sim);
}

/*
 * order_per_bit 2 on one pageblock (128 bits): a 5-page request takes 2
 * bits (8 pages); used reads 8.  Expect debugfs free of 3 to refuse the
 * partial release and keep it.
 */
static void test_cma_alloc_order_per_bit_rounds_and_refuses_partial(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 2,
					     NULL);
	char buf[64] = "";

	(void)state;
	assert_errno(wr(sim, "alloc", "5"), 0);
	assert_string_equal(rd(sim, "debug/used"), "8\n");
	assert_string_equal(rd(sim, "debug/maxchunk"), "504\n");
	assert_string_equal(rd(sim, "debug/bitmap"), "3 0 0 0\n");
	assert_errno(wr(sim, "free", "3"), 0);
	assert_string_equal(rd(sim, "debug/used"), "8\n");
	assert_true(tst_diag_contains(sim, "refuses partial releases"));
	assert_errno(wr(sim, "free", "5"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	(void)buf;
	tst_sim_free(sim);
}

/*
 * order_per_bit 0: free 10 of a 100-page allocation releases its first
 * 10 pages and keeps 90 on the list.  Expect used 90, then 0.
 */
static void test_cma_debug_free_partial_head(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);

	(void)state;
	assert_errno(wr(sim, "alloc", "100"), 0);
	assert_errno(wr(sim, "free", "10"), 0);
	assert_string_equal(rd(sim, "debug/used"), "90\n");
	/* bits 10..99 remain: word 0 has bits 10..31 set */
	assert_true(!strncmp(rd(sim, "debug/bitmap"), "4294966272 4294967295 4294967295 15 ", 36));
	assert_errno(wr(sim, "free", "90"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

/*
 * The written value is cut to an int: 4294967297 is 1 page; -1 as an
 * int is a count of ULONG_MAX, larger than any area.  Expect used 1,
 * then -ENOMEM.  free with a negative int releases everything.
 */
static void test_cma_debug_values_cut_to_int(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);

	(void)state;
	assert_errno(wr(sim, "alloc", "4294967297"), 0);
	assert_string_equal(rd(sim, "debug/used"), "1\n");
	assert_errno(wr(sim, "alloc", "4294967295"), -ENOMEM);
	assert_errno(wr(sim, "alloc", "7"), 0);
	assert_errno(wr(sim, "free", "0xffffffff"), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

/* Expect count 0 to fail: 6.1 counts a failure (of 0 pages), 6.12 not. */
static void test_cma_alloc_zero_count(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	cmasim_pfn_t pfn = 77;
	uint64_t fails = 0;

	assert_errno(cmasim_cma_alloc(sim, area(sim, "reserved"), 0, 0, 0, &pfn),
		     -ENOMEM);
	assert_int_equal(pfn, 77);
	assert_int_equal(pages_failed(sim, "reserved"), 0);
	assert_int_equal(cmasim_stat_get(sim, "cma_alloc_fail", &fails), 0);
	assert_int_equal(fails, v61 ? 1 : 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
}

/* Expect no_warn to silence the failure line. */
static void test_cma_alloc_no_warn(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0, NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, PB - 4, 0, 0, &pfn), 0);
	cmasim_dmesg_clear(sim);
	assert_errno(cmasim_cma_alloc(sim, a, 8, 0, CMASIM_CMA_NO_WARN, &pfn),
		     -ENOMEM);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(pages_failed(sim, "reserved"), 8);
	tst_sim_free(sim);
}

/*
 * Expect a release outside the area to be refused and change nothing, on
 * both versions (cma_pages_valid() is the same check in 6.1 and 6.12).
 */
static void test_cma_release_outside_area(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_cma_alloc(sim, a, 4, 0, 0, &pfn), 0);
	assert_int_equal(pfn, 0x1000);
	assert_errno(cmasim_cma_release(sim, a, 0x1000 + PB, 4), -EINVAL);
	assert_errno(cmasim_cma_release(sim, a, 0x1000 - 1, 4), -EINVAL);
	assert_string_equal(rd(sim, "debug/used"), "4\n");
	assert_true(tst_diag_contains(sim, "outside the area"));
	assert_errno(cmasim_cma_release(sim, a, 0x1000, 4), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
}

/*
 *   0x1000  0x1004          0x1200
 *   [####]......free........|
 * Releasing pages cma_alloc did not give out: the kernel would free them
 * (differs: docs/differences.md).  Expect -EINVAL, a client-bug line,
 * the allocation of 4 pages untouched and the checker happy.
 */
static void test_cma_release_pages_not_given_out(void **state)
{
	struct cmasim *sim = tst_cma_sim_new(NULL, "reserved", 0x1000, PB, 0,
					     NULL);
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, a, 4, 0, 0, &pfn), 0);
	assert_errno(cmasim_cma_release(sim, a, 0x1000, 8), -EINVAL);
	assert_true(tst_diag_contains(sim, "pfn 0x1004 is not a page cma_alloc gave out"));
	assert_errno(cmasim_cma_release(sim, a, 0x1100, 1), -EINVAL);
	assert_string_equal(rd(sim, "debug/used"), "4\n");
	assert_errno(cmasim_cma_release(sim, a, 0x1000, 4), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
	tst_sim_free(sim);
}

/*
 *   0x1000  0x1004
 *   [####]......free........|
 * Pages cma_alloc gave out freed with free_pages or free_contig_range
 * would leave their bitmap bits naming free pages.  Expect -EINVAL and
 * one client-bug line for each, the allocation untouched, the checker
 * happy, and cma_release still giving them back.
 */
static void test_cma_pages_freed_by_the_buddy_refused(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;
	size_t before;

	assert_int_equal(cmasim_cma_alloc(sim, a, 4, 0, 0, &pfn), 0);
	before = cmasim_diag_count(sim);
	assert_errno(cmasim_free_pages(sim, pfn, 0), -EINVAL);
	assert_int_equal(cmasim_diag_count(sim), before + 1);
	assert_true(tst_diag_contains(sim, "held by a CMA area"));
	assert_errno(cmasim_free_contig_range(sim, pfn + 1, 2), -EINVAL);
	assert_int_equal(cmasim_diag_count(sim), before + 2);
	assert_string_equal(rd(sim, "debug/used"), "4\n");
	assert_int_equal(cmasim_check(sim), 0);
	assert_errno(cmasim_cma_release(sim, a, pfn, 4), 0);
	assert_string_equal(rd(sim, "debug/used"), "0\n");
}

/*
 * A CMA page released, then handed out by the buddy allocator as an
 * ordinary order-0 page: a second cma_release() of it would free another
 * owner's page.  Expect -EINVAL.
 */
static void test_cma_release_after_reuse_refused(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = area(sim, "reserved");
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_cma_alloc(sim, a, 1, 0, 0, &pfn), 0);
	assert_errno(cmasim_cma_release(sim, a, pfn, 1), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, pfn, pfn + 1,
						   CMASIM_MIGRATE_CMA, false),
			 0);
	assert_errno(cmasim_cma_release(sim, a, pfn, 1), -EINVAL);
	assert_int_equal(cmasim_check(sim), 0);
	assert_errno(cmasim_free_contig_range(sim, pfn, 1), 0);
}

/* ---- Placement records ---- */

/*
 *  0        3G   4G     4G+64M                 6G
 *  |..lo....|    |##cma##|.........free........|
 * Expect the record of a bottom-up-from-4 GiB placement: the request as
 * given, the alignment raised to one pageblock, the limit rounded and
 * kept, one ABOVE_4G pass that found 4 GiB, and the area.
 */
static void test_cma_placement_above_4g(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma_placement pl;
	struct cmasim_cma *a;
	int ret;

	add_mem(sim, 0x100000, G(3) - 0x100000, 0);
	add_mem(sim, G(4), G(2), 0);
	a = declare(sim, 0, M(64), 0x180000000, false, &ret);
	assert_errno(ret, 0);
	assert_errno(cmasim_cma_placement(sim, 0, &pl), 0);
	assert_int_equal(pl.origin, CMASIM_CMA_DECLARED);
	assert_string_equal(pl.name, "reserved");
	assert_int_equal(pl.err, 0);
	assert_null(pl.why);
	assert_ptr_equal(pl.cma, a);
	assert_int_equal(pl.req_base, 0);
	assert_int_equal(pl.req_size, M(64));
	assert_int_equal(pl.req_limit, 0x180000000);
	assert_int_equal(pl.req_alignment, 0);
	assert_int_equal(pl.min_alignment, M(2));
	assert_int_equal(pl.alignment, M(2));
	assert_int_equal(pl.limit, 0x180000000);
	assert_int_equal(pl.memblock_end, G(6));
	assert_false(pl.fixed);
	assert_false(pl.memblock_bottom_up);
	assert_int_equal(pl.nr_passes, 1);
	assert_int_equal(pl.passes[0].kind, CMASIM_CMA_PASS_ABOVE_4G);
	assert_int_equal(pl.passes[0].start, G(4));
	assert_int_equal(pl.passes[0].end, 0x180000000);
	assert_true(pl.passes[0].bottom_up);
	assert_true(pl.passes[0].found);
	assert_int_equal(pl.passes[0].addr, G(4));
	assert_int_equal(pl.placed, G(4));
	assert_true(pl.logged);
	assert_errno(cmasim_cma_placement(sim, 1, &pl), -ENOENT);
}

/*
 *  0                               1G
 *  |.........free............|#cma#|
 * Expect a small machine's record to hold one top-down pass below the
 * limit; a second declaration that does not fit, a record with -ENOMEM,
 * the reason, no area and its failed pass.
 */
static void test_cma_placement_top_down_and_enomem(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_cma_placement pl;
	int ret;

	pc_1g(sim);
	declare(sim, 0, M(64), 0, false, &ret);
	assert_errno(ret, 0);
	declare(sim, 0, M(2048), 0, false, &ret);
	assert_errno(ret, -EINVAL);
	assert_errno(cmasim_cma_placement(sim, 0, &pl), 0);
	assert_int_equal(pl.nr_passes, 1);
	assert_int_equal(pl.passes[0].kind, CMASIM_CMA_PASS_BELOW_LIMIT);
	assert_false(pl.passes[0].bottom_up);
	assert_int_equal(pl.passes[0].end, 0x3ffe0000);
	assert_int_equal(pl.placed, 0x3be00000);
	/* 2 GiB exceeds the end of DRAM: refused before any pass */
	assert_errno(cmasim_cma_placement(sim, 1, &pl), 0);
	assert_errno(pl.err, -EINVAL);
	assert_non_null(pl.why);
	assert_null(pl.cma);
	assert_int_equal(pl.nr_passes, 0);
	assert_int_equal(pl.placed, 0);
	assert_true(pl.logged);
	declare(sim, 0, M(1000), 0, false, &ret);
	assert_errno(ret, -ENOMEM);
	assert_errno(cmasim_cma_placement(sim, 2, &pl), 0);
	assert_errno(pl.err, -ENOMEM);
	assert_int_equal(pl.nr_passes, 1);
	assert_false(pl.passes[0].found);
	assert_true(tst_dmesg_has(sim, "cma: Failed to reserve 1000 MiB on node -1"));
	tst_sim_free(sim);
}

/* Expect a fixed request's record to hold its FIXED pass, and a busy
 * one -EBUSY with the pass not found; a size of 0 is recorded without
 * an outcome line of its own. */
static void test_cma_placement_fixed(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	struct cmasim_cma_placement pl;
	int ret;

	pc_1g(sim);
	declare(sim, M(256), M(64), M(256) + M(64), true, &ret);
	assert_errno(ret, 0);
	declare(sim, M(256), M(64), M(256) + M(64), true, &ret);
	assert_errno(ret, -EBUSY);
	declare(sim, 0, 0, 0, false, &ret);
	assert_errno(ret, -EINVAL);
	assert_errno(cmasim_cma_placement(sim, 0, &pl), 0);
	assert_true(pl.fixed);
	assert_int_equal(pl.nr_passes, 1);
	assert_int_equal(pl.passes[0].kind, CMASIM_CMA_PASS_FIXED);
	assert_true(pl.passes[0].found);
	assert_int_equal(pl.placed, M(256));
	assert_errno(cmasim_cma_placement(sim, 1, &pl), 0);
	assert_errno(pl.err, -EBUSY);
	assert_false(pl.passes[0].found);
	assert_errno(cmasim_cma_placement(sim, 2, &pl), 0);
	assert_errno(pl.err, -EINVAL);
	assert_false(pl.logged);
	assert_errno(cmasim_cma_placement(NULL, 0, &pl), -EINVAL);
	assert_errno(cmasim_cma_placement(sim, 0, NULL), -EINVAL);
	tst_sim_free(sim);
}

/* Expect cma_init_reserved_mem() on memory its caller reserved to be
 * recorded as pre-reserved, with no pass of its own. */
static void test_cma_placement_prereserved(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	struct cmasim_cma_placement pl;
	struct cmasim_cma *a = NULL;

	pc_1g(sim);
	assert_int_equal(cms_memblock_reserve(sim, M(128), M(32), "test"), 0);
	assert_errno(cms_cma_init_reserved_mem(sim, M(128), M(32), 0, "dt",
					       &a, NULL), 0);
	assert_errno(cmasim_cma_placement(sim, 0, &pl), 0);
	assert_int_equal(pl.origin, CMASIM_CMA_PRERESERVED);
	assert_string_equal(pl.name, "dt");
	assert_ptr_equal(pl.cma, a);
	assert_int_equal(pl.nr_passes, 0);
	assert_int_equal(pl.placed, M(128));
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_max_areas_per_version),
		cmocka_unit_test(test_cma_min_alignment),
		cmocka_unit_test(test_cma_declare_topdown_61),
		cmocka_unit_test(test_cma_declare_topdown_612_on_node),
		cmocka_unit_test(test_cma_declare_no_debug_line_by_default),
		cmocka_unit_test(test_cma_declare_size0_bad_alignment),
		cmocka_unit_test(test_cma_declare_fixed_unaligned_to_given_alignment),
		cmocka_unit_test(test_cma_declare_fixed_ok),
		cmocka_unit_test(test_cma_declare_fixed_memblock_debug_caller),
		cmocka_unit_test(test_cma_declare_fixed_busy),
		cmocka_unit_test(test_cma_declare_base0_not_fixed),
		cmocka_unit_test(test_cma_declare_exceeds_limit),
		cmocka_unit_test(test_cma_declare_limit_zero_is_end_of_dram),
		cmocka_unit_test(test_cma_declare_order_per_bit_multiple),
		cmocka_unit_test(test_cma_declare_enomem),
		cmocka_unit_test(test_cma_declare_4g_quirk_ignores_base),
		cmocka_unit_test(test_cma_declare_no_4g_pass),
		cmocka_unit_test(test_cma_declare_arm_no_4g_pass),
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
		cmocka_unit_test(test_cma_for_each_used_range),
		cmocka_unit_test(test_cma_activate_ok),
		cmocka_unit_test(test_cma_activate_two_zones),
		cmocka_unit_test(test_cma_activate_reserve_pages_on_error),
		cmocka_unit_test(test_cma_activate_no_memmap),
		cmocka_unit_test(test_cma_activate_before_handover),
		cmocka_unit_test(test_cma_activate_across_zones_with_buddy),
		cmocka_unit_test(test_cma_check_detects),
		cmocka_unit_test(test_cma_alloc_replay_s04_v61),
		cmocka_unit_test(test_cma_alloc_replay_s04_v612),
		cmocka_unit_test(test_cma_alloc_fail_log_v61),
		cmocka_unit_test(test_cma_alloc_fail_log_v61_nodebug),
		cmocka_unit_test(test_cma_alloc_fail_log_v612),
		cmocka_unit_test(test_cma_alloc_align_uses_base_offset),
		cmocka_unit_test(test_cma_alloc_order_per_bit_rounds_and_refuses_partial),
		cmocka_unit_test(test_cma_debug_free_partial_head),
		cmocka_unit_test(test_cma_debug_values_cut_to_int),
		cmocka_unit_test(test_cma_alloc_no_warn),
		cmocka_unit_test(test_cma_release_pages_not_given_out),
		cmocka_unit_test(test_cma_placement_top_down_and_enomem),
		cmocka_unit_test(test_cma_placement_fixed),
		cmocka_unit_test(test_cma_placement_prereserved),
	};
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_cma_declare_debug_line, setup_debug),
		T(test_cma_declare_fixed_unaligned, tst_setup_version),
		T(test_cma_declare_bottom_up_from_4g, tst_setup_version),
		T(test_cma_placement_above_4g, tst_setup_version),
		T(test_cma_declare_arm_highmem_split, setup_arm),
		T(test_cma_release_after_failed_activation, setup_debug),
		T(test_cma_activate_with_buddy, setup_big_x86),
		T(test_cma_alloc_oversized_is_silent, setup_s04_debug),
		T(test_cma_alloc_zero_count, setup_one_pageblock),
		T(test_cma_release_outside_area, setup_one_pageblock),
		T(test_cma_pages_freed_by_the_buddy_refused,
		  setup_one_pageblock),
		T(test_cma_release_after_reuse_refused, setup_one_pageblock),
	};
#undef T

	return tst_run_groups("cma", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
