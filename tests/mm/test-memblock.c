// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/memblock.c.  The families follow the kernel's own
 * suite in tools/testing/memblock/tests (basic_api.c, alloc_api.c,
 * alloc_helpers_api.c, alloc_nid_api.c, alloc_exact_nid_api.c), written
 * again against our API; each test names the kernel check it mirrors.
 * Then memblock=debug lines, mem=, flags, iteration, phase, 6.1 vs 6.12,
 * the replays of real captures' memblock operations (read with the
 * boot-log importer) and the invariant checker.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"

#define KB(x)		((uint64_t)(x) << 10)
#define MB(x)		((uint64_t)(x) << 20)
#define MEM_BASE	MB(16)		/* where the test "DRAM" starts */
#define MEM_SIZE	KB(32)		/* the kernel suite's MEM_SIZE */
#define NUMA_SIZE	MB(16)		/* memory split over 8 nodes */
#define NUMA_NODES	8
#define SMP_CACHE	64
#define PMAX		UINT64_MAX
#define MEMT		CMASIM_MEMBLOCK_MEMORY
#define RSVT		CMASIM_MEMBLOCK_RESERVED
#define NNN		CMASIM_NUMA_NO_NODE
#define ACCESSIBLE	CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE

/* ---- fixtures ---- */

/*
 * A group setup stores one of these as the group state; the per-test
 * setup builds a fresh instance from it, so one table runs under several
 * kernels and directions.
 */
struct fx_params {
	const char *kernel;
	bool bottom_up;
	bool numa;		/* setup_numa_memblock() layout */
};

static const struct fx_params p612_td = { "6.12", false, false };
static const struct fx_params p612_bu = { "6.12", true, false };
static const struct fx_params p61_td = { "6.1", false, false };
static const struct fx_params p61_bu = { "6.1", true, false };
static const struct fx_params p612_numa_td = { "6.12", false, true };
static const struct fx_params p612_numa_bu = { "6.12", true, true };
static const struct fx_params p61_numa_td = { "6.1", false, true };
static const struct fx_params p61_numa_bu = { "6.1", true, true };

static void setup_numa(void **state);

static int fx_setup(void **state)
{
	const struct fx_params *p = *state ? *state : &p612_td;

	*state = tst_sim_new(NULL, p->kernel, NULL);
	if (p->bottom_up)
		assert_int_equal(cmasim_memblock_set_bottom_up(*state, true), 0);
	if (p->numa)
		setup_numa(state);
	return 0;
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

/* ---- helpers ---- */

static unsigned long cnt(void **state, enum cmasim_memblock_type t)
{
	return cmasim_memblock_region_count(*state, t);
}

/* The kernel's count for an empty array: 1 (dummy) on 6.1, 0 on 6.12. */
static unsigned long empty_cnt(void **state)
{
	return cmasim_get_kernel(*state) == CMASIM_KERNEL_6_1 ? 1 : 0;
}

static void rgn_is(void **state, enum cmasim_memblock_type t, unsigned long i,
		   uint64_t base, uint64_t size)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_get_region(*state, t, i, &r), 0);
	if (r.base != base || r.size != size)
		fail_msg("%s[%lu] is [0x%llx +0x%llx], expected [0x%llx +0x%llx]",
			 t == MEMT ? "memory" : "reserved", i,
			 (unsigned long long)r.base, (unsigned long long)r.size,
			 (unsigned long long)base, (unsigned long long)size);
}

static struct cmasim_memblock_region rgn(void **state,
					 enum cmasim_memblock_type t,
					 unsigned long i)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_get_region(*state, t, i, &r), 0);
	return r;
}

/* setup_memblock(): one memory region [MEM_BASE, +MEM_SIZE) */
static void setup_mem(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MEM_BASE, MEM_SIZE), 0);
}

/* memblock_alloc(): memblock_alloc_try_nid(size, align, 0, ACCESSIBLE, -1) */
static int alloc(void **state, uint64_t size, uint64_t align, uint64_t *out)
{
	return cmasim_memblock_alloc_try_nid(*state, size, align, 0,
					     ACCESSIBLE, NNN, out);
}

static bool bottom_up(void **state)
{
	return cmasim_memblock_bottom_up(*state);
}

/* node_fractions of alloc_nid_api.c, in 1/10000 of NUMA_SIZE */
static const unsigned int node_fractions[NUMA_NODES] = {
	2500, 625, 1250, 1250, 625, 625, 2500, 625,
};

/* setup_numa_memblock(): node i holds its fraction, in order */
static void setup_numa(void **state)
{
	uint64_t base = MEM_BASE;

	for (int i = 0; i < NUMA_NODES; i++) {
		uint64_t size = NUMA_SIZE * node_fractions[i] / 10000;

		assert_int_equal(cmasim_memblock_add_node(*state, base, size,
							  i, 0), 0);
		base += size;
	}
	assert_int_equal(cnt(state, MEMT), NUMA_NODES);
}

static uint64_t rend(struct cmasim_memblock_region r)
{
	return r.base + r.size;
}

/* ================================================================== */
/* basic_api.c                                                        */

/* Mirrors memblock_initialization_check.  Expect empty arrays. */
static void test_memblock_init_state(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cnt(state, MEMT), empty_cnt(state));
	assert_int_equal(cnt(state, RSVT), empty_cnt(state));
	assert_int_equal(sim->memblock->memory.max, 128);
	assert_int_equal(sim->memblock->reserved.max, 128);
	assert_int_equal(cmasim_memblock_phys_mem_size(sim), 0);
	assert_int_equal(cmasim_memblock_reserved_size(sim), 0);
	assert_true(cmasim_memblock_get_current_limit(sim) == PMAX);
	assert_false(cmasim_memblock_bottom_up(sim));
}

/* Mirrors memblock_add_simple_check.  Expect one region, total = size. */
static void test_memblock_add_simple(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(256)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(1), MB(256));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(256));
}

/* Mirrors memblock_add_node_simple_check.  Expect nid and flags kept. */
static void test_memblock_add_node_simple(void **state)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(64), 1,
						  CMASIM_MEMBLOCK_HOTPLUG), 0);
	r = rgn(state, MEMT, 0);
	assert_int_equal(r.nid, 1);
	assert_int_equal(r.flags, CMASIM_MEMBLOCK_HOTPLUG);
	assert_int_equal(r.size, MB(64));
}

/*
 * Mirrors memblock_add_disjoint_check.
 *   |  r1  |     |  r2  |
 * Expect two regions in address order.
 */
static void test_memblock_add_disjoint(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(64), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(8), MB(2)), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	rgn_is(state, MEMT, 0, MB(8), MB(2));
	rgn_is(state, MEMT, 1, MB(64), MB(1));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(3));
}

/*
 * Mirrors memblock_add_overlap_top_check.
 *      |   r1   |
 *   |   r2   |
 * Expect one merged region from r2.base to r1's end.
 */
static void test_memblock_add_overlap_top(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(512), MB(1024)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(256), MB(512)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(256), MB(1280));
}

/* Mirrors memblock_add_overlap_bottom_check.  Expect one merged region. */
static void test_memblock_add_overlap_bottom(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(128), MB(512)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(256), MB(1024)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(128), MB(1152));
}

/* Mirrors memblock_add_within_check.  Expect r1 unchanged. */
static void test_memblock_add_within(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(8), MB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(10), MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(8), MB(8));
}

/* Mirrors memblock_add_twice_check.  Expect no double counting. */
static void test_memblock_add_twice(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, KB(4), MB(2)), 0);
	assert_int_equal(cmasim_memblock_add(*state, KB(4), MB(2)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(2));
}

/*
 * Mirrors memblock_add_between_check.
 *   | r1 |  gap  | r2 |  then add exactly the gap
 * Expect one region covering all three.
 */
static void test_memblock_add_between(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), KB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1) + KB(16), KB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1) + KB(8), KB(8)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(1), KB(24));
}

/* Mirrors memblock_add_near_max_check.  Expect the size clamped. */
static void test_memblock_add_near_max(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, PMAX - MB(1), MB(2)), 0);
	rgn_is(state, MEMT, 0, PMAX - MB(1), MB(1));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(1));
}

/*
 * Mirrors memblock_add_many_check: 129 disjoint regions after
 * memblock_allow_resize().  Expect the memory array doubled to 256 and
 * the new array reserved (one page-aligned 6 KiB -> 8 KiB block).
 */
static void test_memblock_add_many(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 129; i++)
		assert_int_equal(cmasim_memblock_add(sim, MB(16) + MB(2) * i,
						     MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), 129);
	assert_int_equal(sim->memblock->memory.max, 256);
	assert_int_equal(cnt(state, RSVT), 1);
	/* top-down: the top of memory known when the 129th add doubles */
	rgn_is(state, RSVT, 0, MB(16) + MB(2) * 127 + MB(1) - KB(8), KB(8));
}

/* Mirrors memblock_reserve_simple_check. */
static void test_memblock_reserve_simple(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), MB(128)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(1), MB(128));
	assert_int_equal(cmasim_memblock_reserved_size(*state), MB(128));
}

/* Mirrors memblock_reserve_disjoint_check. */
static void test_memblock_reserve_disjoint(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(256), KB(16)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(512), KB(512)), 0);
	assert_int_equal(cnt(state, RSVT), 2);
	rgn_is(state, RSVT, 0, MB(256), KB(16));
	rgn_is(state, RSVT, 1, MB(512), KB(512));
	assert_int_equal(cmasim_memblock_reserved_size(*state), KB(528));
}

/* Mirrors memblock_reserve_overlap_top_check. */
static void test_memblock_reserve_overlap_top(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1) + KB(4), KB(16)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), KB(8)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(1), KB(20));
}

/* Mirrors memblock_reserve_overlap_bottom_check. */
static void test_memblock_reserve_overlap_bottom(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), KB(16)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1) + KB(8), KB(16)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(1), KB(24));
}

/* Mirrors memblock_reserve_within_check. */
static void test_memblock_reserve_within(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1) + KB(64), KB(64)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(1), MB(1));
}

/* Mirrors memblock_reserve_twice_check. */
static void test_memblock_reserve_twice(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, KB(16), MB(2)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, KB(16), MB(2)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	assert_int_equal(cmasim_memblock_reserved_size(*state), MB(2));
}

/* Mirrors memblock_reserve_between_check. */
static void test_memblock_reserve_between(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), KB(8)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1) + KB(24), KB(8)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1) + KB(8), KB(16)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(1), KB(32));
}

/*
 * A range that fills the gap between two regions joins only the
 * neighbour with its node (and flags):
 *
 *   before  [A n0]........[B n1]          add [new n0] in the gap
 *   after   [A + new  n0 ][B n1]
 *   then    [A n0][B n1]..[D n0]          add [new n1] in the gap
 *   after   [A n0][B + new n1][D n0]
 *
 * Expect the region of the same node grown over the gap, the other one
 * untouched, and the totals right.
 */
static void test_memblock_add_node_joins_same_node_only(void **state)
{
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), KB(8), 0, 0),
			 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1) + KB(16), KB(8),
						  1, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1) + KB(8), KB(8),
						  0, 0), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	rgn_is(state, MEMT, 0, MB(1), KB(16));
	assert_int_equal(rgn(state, MEMT, 0).nid, 0);
	rgn_is(state, MEMT, 1, MB(1) + KB(16), KB(8));
	assert_int_equal(rgn(state, MEMT, 1).nid, 1);
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), KB(24));
	/* and the other way round: the range joins the region above it */
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1) + KB(32), KB(8),
						  0, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1) + KB(24), KB(8),
						  1, 0), 0);
	assert_int_equal(cnt(state, MEMT), 3);
	rgn_is(state, MEMT, 1, MB(1) + KB(16), KB(16));
	rgn_is(state, MEMT, 2, MB(1) + KB(32), KB(8));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), KB(40));
}

/* Mirrors memblock_reserve_near_max_check. */
static void test_memblock_reserve_near_max(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, PMAX - MB(1), MB(2)), 0);
	rgn_is(state, RSVT, 0, PMAX - MB(1), MB(1));
}

/*
 * Mirrors memblock_reserve_many_check: 129 reservations in 16 KiB holes.
 * Expect the reserved array doubled and its own block reserved too.
 */
static void test_memblock_reserve_many(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(16), MB(16)), 0);
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 129; i++)
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * i,
							 KB(16)), 0);
	assert_int_equal(sim->memblock->reserved.max, 256);
	assert_int_equal(cnt(state, RSVT), 130);
	rgn_is(state, RSVT, 129, MB(32) - KB(8), KB(8));
	assert_int_equal(cmasim_memblock_reserved_size(sim),
			 129 * KB(16) + KB(8));
}

/*
 * Mirrors memblock_reserve_all_locations_check (one skip position): the
 * doubling reservation lands wherever the free top is, and a later small
 * reservation below everything becomes regions[0].
 */
static void test_memblock_reserve_all_locations(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(16), MB(16)), 0);
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 129; i++) {
		if (i == 64)
			continue;
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(64) * i,
							 KB(32)), 0);
	}
	assert_int_equal(cnt(state, RSVT), 128);
	assert_int_equal(sim->memblock->reserved.max, 128);
	assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(64) * 64,
						 KB(32)), 0);
	assert_int_equal(cnt(state, RSVT), 130);
	assert_int_equal(sim->memblock->reserved.max, 256);
	assert_int_equal(cmasim_memblock_reserve(sim, KB(16), KB(16)), 0);
	rgn_is(state, RSVT, 0, KB(16), KB(16));
	assert_int_equal(cnt(state, RSVT), 131);
}

/* Mirrors memblock_remove_simple_check. */
static void test_memblock_remove_simple(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, KB(2), KB(4)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), KB(4)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, KB(2), KB(4)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(1), KB(4));
}

/* Mirrors memblock_remove_absent_check.  Expect nothing changed. */
static void test_memblock_remove_absent(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(512), MB(4)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(64), MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(512), MB(4));
}

/* Mirrors memblock_remove_overlap_top_check.  Expect the top part left. */
static void test_memblock_remove_overlap_top(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(32), MB(32)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(16), MB(32)), 0);
	rgn_is(state, MEMT, 0, MB(48), MB(16));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(16));
}

/* Mirrors memblock_remove_overlap_bottom_check. */
static void test_memblock_remove_overlap_bottom(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(2), MB(64)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(32), MB(256)), 0);
	rgn_is(state, MEMT, 0, MB(2), MB(30));
}

/*
 * Mirrors memblock_remove_within_check.
 *   |   r1   |  -> | a |   | b |
 * Expect a split into two regions.
 */
static void test_memblock_remove_within(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(32)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(16), MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	rgn_is(state, MEMT, 0, MB(1), MB(15));
	rgn_is(state, MEMT, 1, MB(17), MB(16));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(31));
}

/*
 * Mirrors memblock_remove_only_region.  Expect the empty state: 6.12 cnt
 * 0; 6.1 back to one zero-size dummy.
 */
static void test_memblock_remove_only_region(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(1), MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), empty_cnt(state));
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), 0);
	if (empty_cnt(state))
		rgn_is(state, MEMT, 0, 0, 0);
}

/* Mirrors memblock_remove_near_max_check. */
static void test_memblock_remove_near_max(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, PMAX - MB(2), MB(2)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, PMAX - MB(1), MB(2)), 0);
	rgn_is(state, MEMT, 0, PMAX - MB(2), MB(1));
}

/* Mirrors memblock_remove_overlap_two_check. */
static void test_memblock_remove_overlap_two(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(16), MB(8)), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(6), MB(14)), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	rgn_is(state, MEMT, 0, MB(1), MB(5));
	rgn_is(state, MEMT, 1, MB(20), MB(4));
}

/* Mirrors memblock_free_simple_check. */
static void test_memblock_free_simple(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(4), MB(1)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(8), MB(1)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(4), MB(1)), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MB(8), MB(1));
}

/* Mirrors memblock_free_absent_check. */
static void test_memblock_free_absent(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(2), KB(128)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(64), KB(128)), 0);
	rgn_is(state, RSVT, 0, MB(2), KB(128));
}

/* Mirrors memblock_free_overlap_top_check. */
static void test_memblock_free_overlap_top(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(8), MB(4)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(6), MB(4)), 0);
	rgn_is(state, RSVT, 0, MB(10), MB(2));
}

/* Mirrors memblock_free_overlap_bottom_check. */
static void test_memblock_free_overlap_bottom(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(8), MB(4)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(10), MB(4)), 0);
	rgn_is(state, RSVT, 0, MB(8), MB(2));
}

/* Mirrors memblock_free_within_check. */
static void test_memblock_free_within(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(8), MB(8)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(10), MB(1)), 0);
	assert_int_equal(cnt(state, RSVT), 2);
	rgn_is(state, RSVT, 0, MB(8), MB(2));
	rgn_is(state, RSVT, 1, MB(11), MB(5));
}

/* Mirrors memblock_free_only_region_check. */
static void test_memblock_free_only_region(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(2), KB(4)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(2), KB(4)), 0);
	assert_int_equal(cnt(state, RSVT), empty_cnt(state));
	assert_int_equal(cmasim_memblock_reserved_size(*state), 0);
}

/* Mirrors memblock_free_near_max_check. */
static void test_memblock_free_near_max(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, PMAX - MB(2), MB(2)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, PMAX - MB(1), MB(2)), 0);
	rgn_is(state, RSVT, 0, PMAX - MB(2), MB(1));
}

/* Mirrors memblock_free_overlap_two_check. */
static void test_memblock_free_overlap_two(void **state)
{
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(16), MB(8)), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(6), MB(14)), 0);
	assert_int_equal(cnt(state, RSVT), 2);
	rgn_is(state, RSVT, 0, MB(1), MB(5));
	rgn_is(state, RSVT, 1, MB(20), MB(4));
}

/* Mirrors memblock_set_bottom_up_check and memblock_bottom_up_check. */
static void test_memblock_set_bottom_up(void **state)
{
	assert_false(cmasim_memblock_bottom_up(*state));
	assert_int_equal(cmasim_memblock_set_bottom_up(*state, true), 0);
	assert_true(cmasim_memblock_bottom_up(*state));
	assert_int_equal(cmasim_memblock_set_bottom_up(*state, false), 0);
	assert_false(cmasim_memblock_bottom_up(*state));
}

/* Mirrors memblock_trim_memory_aligned_check.  Expect no change. */
static void test_memblock_trim_memory_aligned(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	rgn_is(state, MEMT, 0, MB(1), MB(2));
}

/* Mirrors memblock_trim_memory_too_small_check.  Expect it dropped. */
static void test_memblock_trim_memory_too_small(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(4), KB(2)), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(1), MB(1));
}

/* Mirrors memblock_trim_memory_unaligned_base_check. */
static void test_memblock_trim_memory_unaligned_base(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(4) + 0x200, KB(8)), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	rgn_is(state, MEMT, 1, MB(4) + KB(4), KB(4));
	/* the kernel does not lower total_size for a shrunk region */
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(1) + KB(8));
}

/* Mirrors memblock_trim_memory_unaligned_end_check. */
static void test_memblock_trim_memory_unaligned_end(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(4), KB(8) + 0x200), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	rgn_is(state, MEMT, 1, MB(4), KB(8));
}

/*
 * The x86 capture's e820 setup: memblock_add [0x1000-0x9fbff] and
 * [0x100000-0x1ffdffff], then memblock_trim_memory(PAGE_SIZE).  Expect the
 * dump's "memory size = 0x000000001ff7ec00" (the untrimmed total) while
 * the regions sum to 0x1ff7e000, exactly as the capture shows.
 */
static void test_trim_memory_keeps_total_like_capture(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9ec00), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), 0x1fee0000), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	assert_true(tst_dmesg_has(*state,
		" memory size = 0x000000001ff7ec00 reserved size = 0x0000000000000000"));
	assert_true(tst_dmesg_has(*state,
		" memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes flags: 0x0"));
	/* removing everything and adding again drops the excess */
	assert_int_equal(cmasim_memblock_remove(*state, 0, PMAX), 0);
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), 0xc00);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(1));
}

/* Trim that removes every region: expect the empty state of the version. */
static void test_memblock_trim_memory_all(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1) + 0x10, 0x100), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(2) + 0x10, 0x100), 0);
	assert_int_equal(cmasim_memblock_trim_memory(*state, KB(4)), 0);
	assert_int_equal(cnt(state, MEMT), empty_cnt(state));
}

/* Trim with a non power of two: expect -EINVAL and no change. */
static void test_memblock_trim_memory_bad_align(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1) + 1, MB(1)), 0);
	assert_errno(cmasim_memblock_trim_memory(*state, 3000), -EINVAL);
	rgn_is(state, MEMT, 0, MB(1) + 1, MB(1));
	assert_true(tst_diag_contains(*state, "client bug: memblock_trim_memory"));
}

/* Mirrors memblock_overlaps_region_check. */
static void test_memblock_overlaps_region(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_true(cmasim_memblock_overlaps_region(*state, MEMT, MB(1), MB(1)));
	assert_true(cmasim_memblock_overlaps_region(*state, MEMT, MB(1) - 1, 2));
	assert_true(cmasim_memblock_overlaps_region(*state, MEMT, MB(2) - 1, 2));
	assert_false(cmasim_memblock_overlaps_region(*state, MEMT, MB(2), MB(1)));
	assert_false(cmasim_memblock_overlaps_region(*state, MEMT, 0, MB(1)));
	assert_true(cmasim_memblock_overlaps_region(*state, MEMT, 0, PMAX));
	assert_false(cmasim_memblock_overlaps_region(*state, RSVT, MB(1), MB(1)));
}

/* ================================================================== */
/* alloc_api.c (memblock_alloc: top-down and bottom-up)               */

/*
 * Mirrors alloc_top_down_simple_check / alloc_bottom_up_simple_check.
 * Expect the block at the top (bottom) of memory, aligned.
 */
static void test_alloc_simple(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(alloc(state, KB(2), SMP_CACHE, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : MEM_BASE + MEM_SIZE - KB(2));
	rgn_is(state, RSVT, 0, a, KB(2));
	assert_int_equal(cmasim_memblock_reserved_size(*state), KB(2));
}

/*
 * Mirrors alloc_top_down_disjoint_check / alloc_bottom_up_disjoint_check.
 *   |  r1 |          |  -> new block at the far end, separate
 */
static void test_alloc_disjoint(void **state)
{
	uint64_t a;

	setup_mem(state);
	if (bottom_up(state))
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(16), KB(4)), 0);
	else
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(8), KB(4)), 0);
	assert_int_equal(alloc(state, KB(4), SMP_CACHE, &a), 0);
	assert_int_equal(cnt(state, RSVT), 2);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : MEM_BASE + MEM_SIZE - KB(4));
	assert_int_equal(cmasim_memblock_reserved_size(*state), KB(8));
}

/*
 * Mirrors alloc_top_down_before_check / alloc_bottom_up_before_check:
 * a reservation at the end (start) of memory.  Expect the new block
 * right next to it, merged into one region.
 */
static void test_alloc_before(void **state)
{
	uint64_t a;

	setup_mem(state);
	if (bottom_up(state))
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, KB(4)), 0);
	else
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + MEM_SIZE - KB(4), KB(4)), 0);
	assert_int_equal(alloc(state, KB(4), SMP_CACHE, &a), 0);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, bottom_up(state) ? MEM_BASE : MEM_BASE + MEM_SIZE - KB(8), KB(8));
}

/*
 * Mirrors alloc_top_down_after_check / alloc_bottom_up_after_check: an
 * aligned reservation inside; expect the block to merge with it.
 */
static void test_alloc_after(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(8), KB(4)), 0);
	if (bottom_up(state))
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, KB(8)), 0);
	else
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(12), MEM_SIZE - KB(12)), 0);
	assert_int_equal(alloc(state, KB(4), SMP_CACHE, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE + KB(12) : MEM_BASE + KB(4));
	assert_int_equal(cnt(state, RSVT), 1);
}

/*
 * Mirrors alloc_top_down_second_fit_check / alloc_bottom_up_second_fit:
 * the gap at the preferred end is too small; expect the next gap used.
 */
static void test_alloc_second_fit(void **state)
{
	uint64_t a;

	setup_mem(state);
	if (bottom_up(state)) {
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(1), KB(2)), 0);
		assert_int_equal(alloc(state, KB(2), SMP_CACHE, &a), 0);
		assert_int_equal(a, MEM_BASE + KB(3));
	} else {
		assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + MEM_SIZE - KB(3), KB(2)), 0);
		assert_int_equal(alloc(state, KB(2), SMP_CACHE, &a), 0);
		assert_int_equal(a, MEM_BASE + MEM_SIZE - KB(5));
	}
	assert_int_equal(cnt(state, RSVT), 1);
}

/*
 * Mirrors alloc_in_between_generic_check: a gap exactly the size between
 * two reservations.  Expect it filled and all three merged.
 */
static void test_alloc_in_between(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, KB(12)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE + KB(16), KB(16)), 0);
	assert_int_equal(alloc(state, KB(4), SMP_CACHE, &a), 0);
	assert_int_equal(a, MEM_BASE + KB(12));
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, MEM_BASE, MEM_SIZE);
}

/* Mirrors alloc_small_gaps_generic_check.  Expect -ENOMEM. */
static void test_alloc_small_gaps(void **state)
{
	uint64_t end = MEM_BASE, a = 0x1234;

	setup_mem(state);
	while (end < MEM_BASE + MEM_SIZE) {
		assert_int_equal(cmasim_memblock_reserve(*state, end + 256, KB(1)), 0);
		end += 256 + KB(1);
	}
	assert_errno(alloc(state, KB(1), SMP_CACHE, &a), -ENOMEM);
	assert_int_equal(a, 0x1234);
}

/* Mirrors alloc_all_reserved_generic_check. */
static void test_alloc_all_reserved(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, MEM_SIZE), 0);
	assert_errno(alloc(state, KB(1), SMP_CACHE, &a), -ENOMEM);
}

/* Mirrors alloc_no_space_generic_check: one byte short. */
static void test_alloc_no_space(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, MEM_SIZE - KB(1)), 0);
	assert_errno(alloc(state, KB(1) + 1, SMP_CACHE, &a), -ENOMEM);
}

/* Mirrors alloc_limited_space_generic_check: exactly enough. */
static void test_alloc_limited_space(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, MEM_SIZE - KB(1)), 0);
	assert_int_equal(alloc(state, KB(1), SMP_CACHE, &a), 0);
	assert_int_equal(a, MEM_BASE + MEM_SIZE - KB(1));
	rgn_is(state, RSVT, 0, MEM_BASE, MEM_SIZE);
}

/* Mirrors alloc_no_memory_generic_check. */
static void test_alloc_no_memory(void **state)
{
	uint64_t a;

	assert_errno(alloc(state, KB(1), SMP_CACHE, &a), -ENOMEM);
	assert_int_equal(cnt(state, RSVT), empty_cnt(state));
}

/* Mirrors alloc_too_large_generic_check. */
static void test_alloc_too_large(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_errno(alloc(state, MEM_SIZE + 1, SMP_CACHE, &a), -ENOMEM);
}

/* Page 0 is never handed out even when it is free memory. */
static void test_alloc_never_page0(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add(*state, 0, KB(8)), 0);
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, KB(4));
	assert_errno(alloc(state, KB(4), KB(4), &a), -ENOMEM);
}

/* Alignment 0: expect SMP_CACHE_BYTES and a diagnostic. */
static void test_alloc_align_zero(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(alloc(state, 100, 0, &a), 0);
	assert_int_equal(a % SMP_CACHE, 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE :
			 ((MEM_BASE + MEM_SIZE - 100) & ~(uint64_t)63));
	assert_true(tst_diag_contains(*state, "SMP_CACHE_BYTES"));
}

/* A non power-of-two alignment: expect -EINVAL, nothing reserved. */
static void test_alloc_bad_align(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_errno(alloc(state, 100, 48, &a), -EINVAL);
	assert_int_equal(cmasim_memblock_reserved_size(*state), 0);
}

/* MEMBLOCK_ALLOC_ACCESSIBLE means the current limit. */
static void test_alloc_current_limit(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_set_current_limit(*state, MB(4)), 0);
	assert_int_equal(cmasim_memblock_get_current_limit(*state), MB(4));
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(1) : MB(4) - KB(4));
	assert_int_equal(cmasim_memblock_phys_alloc_range(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(1) + KB(4) : MB(9) - KB(4));
}

/* ================================================================== */
/* alloc_helpers_api.c (memblock_alloc_from)                          */

static int alloc_from(void **state, uint64_t size, uint64_t align,
		      uint64_t min, uint64_t *out)
{
	return cmasim_memblock_alloc_try_nid(*state, size, align, min,
					     ACCESSIBLE, NNN, out);
}

/* Mirrors alloc_from_simple_generic_check. */
static void test_alloc_from_simple(void **state)
{
	uint64_t a, min = MEM_BASE + KB(16);

	setup_mem(state);
	assert_int_equal(alloc_from(state, KB(16), SMP_CACHE, min, &a), 0);
	assert_int_equal(a, min);
}

/* Mirrors alloc_from_misaligned_generic_check: min rounded up. */
static void test_alloc_from_misaligned(void **state)
{
	uint64_t a, min = MEM_BASE + KB(16) - 1;

	setup_mem(state);
	assert_int_equal(alloc_from(state, KB(8), SMP_CACHE, min, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE + KB(16) : MEM_BASE + MEM_SIZE - KB(8));
}

/* Mirrors alloc_from_{top_down,bottom_up}_high_addr_check. */
static void test_alloc_from_high_addr(void **state)
{
	uint64_t a, min = MEM_BASE + KB(8);

	setup_mem(state);
	assert_int_equal(alloc_from(state, KB(1), SMP_CACHE, min, &a), 0);
	assert_int_equal(a, bottom_up(state) ? min : MEM_BASE + MEM_SIZE - KB(1));
}

/*
 * Mirrors alloc_from_{top_down,bottom_up}_no_space_above_check: above
 * min is all reserved; expect the retry from 0 to succeed below min.
 */
static void test_alloc_from_no_space_above(void **state)
{
	uint64_t a, min = MEM_BASE + KB(16);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min, MEM_SIZE - KB(16)), 0);
	assert_int_equal(alloc_from(state, KB(1), SMP_CACHE, min, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : min - KB(1));
}

/* Mirrors alloc_from_{top_down,bottom_up}_min_addr_cap_check: min below DRAM. */
static void test_alloc_from_min_addr_cap(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(alloc_from(state, KB(1), SMP_CACHE, MB(1), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : MEM_BASE + MEM_SIZE - KB(1));
}

/* ================================================================== */
/* alloc_nid_api.c, range part (memblock_alloc_try_nid{,_raw})        */

static int try_nid(void **state, uint64_t size, uint64_t min, uint64_t max,
		   int nid, uint64_t *out)
{
	return cmasim_memblock_alloc_try_nid(*state, size, SMP_CACHE, min, max,
					     nid, out);
}

/* Mirrors alloc_nid_{top_down,bottom_up}_simple_check. */
static void test_alloc_nid_simple(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4), max = MEM_BASE + KB(20);

	setup_mem(state);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? min : max - KB(2));
}

/* Mirrors alloc_nid_top_down_end_misaligned / bottom_up_start_misaligned. */
static void test_alloc_nid_misaligned(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4) + 1, max = MEM_BASE + KB(20) + 100;

	setup_mem(state);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE + KB(4) + SMP_CACHE :
			 ((max - KB(2)) & ~(uint64_t)63));
}

/* Mirrors alloc_nid_exact_address_generic_check: window == size. */
static void test_alloc_nid_exact_address(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4);

	setup_mem(state);
	assert_int_equal(try_nid(state, KB(1), min, min + KB(1), NNN, &a), 0);
	assert_int_equal(a, min);
}

/* Mirrors alloc_nid_{top_down,bottom_up}_narrow_range_check. */
static void test_alloc_nid_narrow_range(void **state)
{
	uint64_t a, min = MEM_BASE + KB(2), max = min + KB(1) + 512;

	setup_mem(state);
	assert_int_equal(try_nid(state, KB(1), min, max, NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? min : max - KB(1));
}

/* Mirrors alloc_nid_low_max_generic_check: max below DRAM. */
static void test_alloc_nid_low_max(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_errno(try_nid(state, KB(1), 0, MEM_BASE, NNN, &a), -ENOMEM);
}

/* Mirrors alloc_nid_min_reserved_generic_check: merges with r1 at min. */
static void test_alloc_nid_min_reserved(void **state)
{
	uint64_t a, min = MEM_BASE + KB(8), max = MEM_BASE + KB(16);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min + KB(2), max - min - KB(2)), 0);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, min);
	rgn_is(state, RSVT, 0, min, KB(8));
}

/* Mirrors alloc_nid_max_reserved_generic_check. */
static void test_alloc_nid_max_reserved(void **state)
{
	uint64_t a, min = MEM_BASE + KB(8), max = MEM_BASE + KB(16);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min, KB(6)), 0);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, max - KB(2));
	rgn_is(state, RSVT, 0, min, KB(8));
}

/*
 * Mirrors alloc_nid_{top_down,bottom_up}_reserved_with_space_check:
 *   min | r1 | gap | r2 | max ; the gap is larger than asked.
 */
static void test_alloc_nid_reserved_with_space(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4), max = MEM_BASE + KB(20);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min, KB(4)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, max - KB(4), KB(4)), 0);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? min + KB(4) : max - KB(6));
	assert_int_equal(cnt(state, RSVT), 2);
}

/* Mirrors alloc_nid_reserved_full_merge_generic_check. */
static void test_alloc_nid_reserved_full_merge(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4), max = MEM_BASE + KB(20);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min, KB(4)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, min + KB(6), max - min - KB(6)), 0);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	assert_int_equal(a, min + KB(4));
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, min, max - min);
}

/*
 * Mirrors alloc_nid_{top_down,bottom_up}_reserved_no_space_check: the
 * gap in the window is too small; expect the retry outside it.
 */
static void test_alloc_nid_reserved_no_space(void **state)
{
	uint64_t a, min = MEM_BASE + KB(4), max = MEM_BASE + KB(20);

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, min, KB(7)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, min + KB(8), max - min - KB(8)), 0);
	assert_int_equal(try_nid(state, KB(2), min, max, NNN, &a), 0);
	/* min retried as 0; max stays, so top-down lands below min */
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : min - KB(2));
}

/* Mirrors alloc_nid_reserved_all_generic_check. */
static void test_alloc_nid_reserved_all(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, MEM_SIZE), 0);
	assert_errno(try_nid(state, KB(1), MEM_BASE, MEM_BASE + MEM_SIZE, NNN, &a), -ENOMEM);
}

/* Mirrors alloc_nid_{top_down,bottom_up}_cap_max_check: max past DRAM. */
static void test_alloc_nid_cap_max(void **state)
{
	uint64_t a, min = MEM_BASE + MEM_SIZE - KB(1);

	setup_mem(state);
	assert_int_equal(try_nid(state, 256, min, MEM_BASE + MEM_SIZE + MB(1), NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? min : MEM_BASE + MEM_SIZE - 256);
}

/* Mirrors alloc_nid_{top_down,bottom_up}_cap_min_check: min below DRAM. */
static void test_alloc_nid_cap_min(void **state)
{
	uint64_t a, max = MEM_BASE + KB(1);

	setup_mem(state);
	assert_int_equal(try_nid(state, 256, MEM_BASE - MB(1), max, NNN, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : max - 256);
}

/* ================================================================== */
/* alloc_nid_api.c, NUMA part                                         */

/* Mirrors alloc_nid_{top_down,bottom_up}_numa_simple_check. */
static void test_alloc_nid_numa_simple(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 3);
	uint64_t a;

	assert_int_equal(try_nid(state, n.size / 4, MEM_BASE, MEM_BASE + NUMA_SIZE, 3, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - n.size / 4);
}

/*
 * Mirrors alloc_nid_*_numa_small_node_check: the node is smaller than
 * asked; expect the fall back to any node (top-down: the top node 7 is
 * too small too, so node 6; bottom-up: node 0).
 */
static void test_alloc_nid_numa_small_node(void **state)
{
	struct cmasim_memblock_region n1 = rgn(state, MEMT, 1);
	uint64_t a, size = n1.size * 2;

	assert_int_equal(try_nid(state, size, MEM_BASE, MEM_BASE + NUMA_SIZE, 1, &a), 0);
	assert_int_equal(a, bottom_up(state) ? rgn(state, MEMT, 0).base :
			 rend(rgn(state, MEMT, 6)) - size);
}

/* Mirrors alloc_nid_*_numa_node_reserved_check: node fully reserved. */
static void test_alloc_nid_numa_node_reserved(void **state)
{
	struct cmasim_memblock_region n2 = rgn(state, MEMT, 2);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, n2.base, n2.size), 0);
	assert_int_equal(try_nid(state, KB(64), MEM_BASE, MEM_BASE + NUMA_SIZE, 2, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : MEM_BASE + NUMA_SIZE - KB(64));
}

/* Mirrors alloc_nid_*_numa_part_reserved_check: room left in the node. */
static void test_alloc_nid_numa_part_reserved(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 4);
	uint64_t a, size = n.size / 8;

	assert_int_equal(cmasim_memblock_reserve(*state, n.base + n.size / 2, size), 0);
	assert_int_equal(try_nid(state, size, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - size);
	assert_int_equal(cnt(state, RSVT), 2);
}

/* Mirrors alloc_nid_*_numa_part_reserved_fallback_check. */
static void test_alloc_nid_numa_part_reserved_fallback(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 4);
	uint64_t a, size = n.size / 2;

	assert_int_equal(cmasim_memblock_reserve(*state, n.base + size / 2, size), 0);
	assert_int_equal(try_nid(state, size, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), 0);
	assert_int_equal(a, bottom_up(state) ? MEM_BASE : MEM_BASE + NUMA_SIZE - size);
}

/*
 * Mirrors alloc_nid_*_numa_split_range_low_check: the window straddles
 * the end of node 2 with too little of it; expect the retry from 0 to
 * use node 2 (top-down at its end; bottom-up at its start).
 */
static void test_alloc_nid_numa_split_range_low(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 2);
	uint64_t a, min = rend(n) - 256;

	assert_int_equal(try_nid(state, 512, min, min + 512, 2, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - 512);
}

/*
 * Mirrors alloc_nid_*_numa_split_range_high_check: the window straddles
 * the start of node 3 but node 2 is asked: any-node fallback inside the
 * window finds node 3's part.
 */
static void test_alloc_nid_numa_split_range_high(void **state)
{
	struct cmasim_memblock_region n3 = rgn(state, MEMT, 3);
	uint64_t a, min = n3.base - 256, max = n3.base + 512;

	assert_int_equal(try_nid(state, 512, min, max, 2, &a), 0);
	assert_int_equal(a, n3.base);
}

/* Mirrors alloc_nid_*_numa_no_overlap_split_check: window in node 5 only. */
static void test_alloc_nid_numa_no_overlap_split(void **state)
{
	struct cmasim_memblock_region n5 = rgn(state, MEMT, 5);
	struct cmasim_memblock_region n2 = rgn(state, MEMT, 2);
	uint64_t a, min = n5.base, max = rend(n5);

	assert_int_equal(cmasim_memblock_reserve(*state, n2.base + n2.size / 4, n2.size / 2), 0);
	/* node 2 has room below and above the reservation */
	assert_int_equal(try_nid(state, KB(64), min, max, 2, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n5.base : rend(n5) - KB(64));
}

/*
 * Mirrors alloc_nid_*_numa_no_overlap_low_check: window wholly above the
 * requested node 0; expect an address in the window on other nodes.
 */
static void test_alloc_nid_numa_no_overlap_low(void **state)
{
	struct cmasim_memblock_region lo = rgn(state, MEMT, 2);
	struct cmasim_memblock_region hi = rgn(state, MEMT, 4);
	uint64_t a;

	assert_int_equal(try_nid(state, KB(64), lo.base, rend(hi), 0, &a), 0);
	assert_int_equal(a, bottom_up(state) ? lo.base : rend(hi) - KB(64));
}

/* Mirrors alloc_nid_*_numa_no_overlap_high_check: window below node 7. */
static void test_alloc_nid_numa_no_overlap_high(void **state)
{
	struct cmasim_memblock_region lo = rgn(state, MEMT, 1);
	struct cmasim_memblock_region hi = rgn(state, MEMT, 3);
	uint64_t a;

	assert_int_equal(try_nid(state, KB(64), lo.base, rend(hi), 7, &a), 0);
	assert_int_equal(a, bottom_up(state) ? lo.base : rend(hi) - KB(64));
}

/* Mirrors alloc_nid_numa_large_region_generic_check: no node is big enough. */
static void test_alloc_nid_numa_large_region(void **state)
{
	uint64_t a;

	assert_errno(try_nid(state, NUMA_SIZE / 2, MEM_BASE, MEM_BASE + NUMA_SIZE, 3, &a),
		     -ENOMEM);
}

/* Mirrors alloc_nid_numa_reserved_full_merge_generic_check. */
static void test_alloc_nid_numa_reserved_full_merge(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 6);
	uint64_t a, size = KB(64);

	assert_int_equal(cmasim_memblock_reserve(*state, n.base, n.size / 2 - size / 2), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, n.base + n.size / 2 + size / 2,
						 n.size / 2 - size / 2), 0);
	assert_int_equal(try_nid(state, size, n.base, rend(n), 6, &a), 0);
	assert_int_equal(a, n.base + n.size / 2 - size / 2);
	assert_int_equal(cnt(state, RSVT), 1);
	rgn_is(state, RSVT, 0, n.base, n.size);
}

/* Mirrors alloc_nid_numa_split_all_reserved_generic_check. */
static void test_alloc_nid_numa_split_all_reserved(void **state)
{
	struct cmasim_memblock_region n5 = rgn(state, MEMT, 5);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, NUMA_SIZE), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, n5.base - 256, 512), 0);
	/* the only free 512 bytes straddle nodes 4 and 5 */
	assert_errno(try_nid(state, 512, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), -ENOMEM);
}

/* Mirrors alloc_node_on_correct_nid: each node in turn. */
static void test_alloc_node_on_correct_nid(void **state)
{
	for (int nid = 0; nid < NUMA_NODES; nid++) {
		struct cmasim_memblock_region n = rgn(state, MEMT, nid);
		uint64_t a;

		assert_int_equal(cmasim_memblock_phys_alloc_try_nid(*state, KB(4), KB(4),
								    nid, &a), 0);
		assert_true(a >= n.base && a + KB(4) <= rend(n));
	}
}

/* ================================================================== */
/* alloc_exact_nid_api.c                                              */

static int exact(void **state, uint64_t size, uint64_t min, uint64_t max,
		 int nid, uint64_t *out)
{
	return cmasim_memblock_alloc_exact_nid_raw(*state, size, SMP_CACHE, min,
						   max, nid, out);
}

/* Mirrors alloc_exact_nid_*_numa_simple_check. */
static void test_alloc_exact_nid_numa_simple(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 3);
	uint64_t a;

	assert_int_equal(exact(state, n.size / 4, MEM_BASE, MEM_BASE + NUMA_SIZE, 3, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - n.size / 4);
}

/* Mirrors alloc_exact_nid_*_numa_part_reserved_check. */
static void test_alloc_exact_nid_numa_part_reserved(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 4);
	uint64_t a, size = n.size / 8;

	assert_int_equal(cmasim_memblock_reserve(*state, n.base + n.size / 2, size), 0);
	assert_int_equal(exact(state, size, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - size);
}

/* Mirrors alloc_exact_nid_*_numa_split_range_low_check. */
static void test_alloc_exact_nid_numa_split_range_low(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 2);
	uint64_t a, min = rend(n) - 256;

	assert_int_equal(exact(state, 512, min, min + 512, 2, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n.base : rend(n) - 512);
}

/* Mirrors alloc_exact_nid_*_numa_no_overlap_split_check. */
static void test_alloc_exact_nid_numa_no_overlap_split(void **state)
{
	struct cmasim_memblock_region n2 = rgn(state, MEMT, 2);
	struct cmasim_memblock_region n5 = rgn(state, MEMT, 5);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, n2.base + n2.size / 4, n2.size / 2), 0);
	/* window in node 5: the retry from 0 ends at node 5's end */
	assert_int_equal(exact(state, KB(64), n5.base, rend(n5), 2, &a), 0);
	assert_true(a >= n2.base && a + KB(64) <= rend(n2));
	assert_int_equal(a, bottom_up(state) ? n2.base : rend(n2) - KB(64));
}

/* Mirrors alloc_exact_nid_*_numa_no_overlap_low_check. */
static void test_alloc_exact_nid_numa_no_overlap_low(void **state)
{
	struct cmasim_memblock_region n0 = rgn(state, MEMT, 0);
	struct cmasim_memblock_region lo = rgn(state, MEMT, 2);
	struct cmasim_memblock_region hi = rgn(state, MEMT, 4);
	uint64_t a;

	assert_int_equal(exact(state, KB(64), lo.base, rend(hi), 0, &a), 0);
	assert_int_equal(a, bottom_up(state) ? n0.base : rend(n0) - KB(64));
}

/* Mirrors alloc_exact_nid_numa_small_node_generic_check: fails. */
static void test_alloc_exact_nid_numa_small_node(void **state)
{
	struct cmasim_memblock_region n1 = rgn(state, MEMT, 1);
	uint64_t a;

	assert_errno(exact(state, n1.size * 2, MEM_BASE, MEM_BASE + NUMA_SIZE, 1, &a),
		     -ENOMEM);
	assert_int_equal(cmasim_memblock_reserved_size(*state), 0);
}

/* Mirrors alloc_exact_nid_numa_node_reserved_generic_check: fails. */
static void test_alloc_exact_nid_numa_node_reserved(void **state)
{
	struct cmasim_memblock_region n2 = rgn(state, MEMT, 2);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, n2.base, n2.size), 0);
	assert_errno(exact(state, KB(4), MEM_BASE, MEM_BASE + NUMA_SIZE, 2, &a), -ENOMEM);
}

/* Mirrors alloc_exact_nid_numa_part_reserved_fail_generic_check. */
static void test_alloc_exact_nid_numa_part_reserved_fail(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 4);
	uint64_t a, size = n.size / 2;

	assert_int_equal(cmasim_memblock_reserve(*state, n.base + size / 2, size), 0);
	assert_errno(exact(state, size, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), -ENOMEM);
}

/* Mirrors alloc_exact_nid_numa_split_range_high_generic_check: fails. */
static void test_alloc_exact_nid_numa_split_range_high(void **state)
{
	struct cmasim_memblock_region n3 = rgn(state, MEMT, 3);
	struct cmasim_memblock_region n2 = rgn(state, MEMT, 2);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, n2.base, n2.size), 0);
	assert_errno(exact(state, 512, n3.base - 256, n3.base + 512, 2, &a), -ENOMEM);
}

/* Mirrors alloc_exact_nid_numa_no_overlap_high_generic_check: node 7 is above. */
static void test_alloc_exact_nid_numa_no_overlap_high(void **state)
{
	struct cmasim_memblock_region lo = rgn(state, MEMT, 1);
	struct cmasim_memblock_region hi = rgn(state, MEMT, 3);
	struct cmasim_memblock_region n7 = rgn(state, MEMT, 7);
	uint64_t a;

	/* the retry from 0 keeps max: node 7 stays out of reach */
	assert_errno(exact(state, KB(64), lo.base, rend(hi), 7, &a), -ENOMEM);
	(void)n7;
}

/* Mirrors alloc_exact_nid_numa_large_region_generic_check. */
static void test_alloc_exact_nid_numa_large_region(void **state)
{
	uint64_t a;

	assert_errno(exact(state, NUMA_SIZE / 2, MEM_BASE, MEM_BASE + NUMA_SIZE, 3, &a),
		     -ENOMEM);
}

/* Mirrors alloc_exact_nid_numa_reserved_full_merge_generic_check. */
static void test_alloc_exact_nid_numa_reserved_full_merge(void **state)
{
	struct cmasim_memblock_region n = rgn(state, MEMT, 6);
	uint64_t a, size = KB(64);

	assert_int_equal(cmasim_memblock_reserve(*state, n.base, n.size / 2 - size / 2), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, n.base + n.size / 2 + size / 2,
						 n.size / 2 - size / 2), 0);
	assert_int_equal(exact(state, size, n.base, rend(n), 6, &a), 0);
	rgn_is(state, RSVT, 0, n.base, n.size);
}

/* Mirrors alloc_exact_nid_numa_split_all_reserved_generic_check. */
static void test_alloc_exact_nid_numa_split_all_reserved(void **state)
{
	struct cmasim_memblock_region n5 = rgn(state, MEMT, 5);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, MEM_BASE, NUMA_SIZE), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, n5.base - 256, 512), 0);
	assert_errno(exact(state, 512, MEM_BASE, MEM_BASE + NUMA_SIZE, 4, &a), -ENOMEM);
}

/* alloc_range_nid with exact_nid true vs false on a full node. */
static void test_alloc_range_nid_exact_flag(void **state)
{
	struct cmasim_memblock_region n1 = rgn(state, MEMT, 1);
	uint64_t a;

	assert_int_equal(cmasim_memblock_reserve(*state, n1.base, n1.size), 0);
	assert_errno(cmasim_memblock_alloc_range_nid(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, 1, true, &a), -ENOMEM);
	assert_int_equal(cmasim_memblock_alloc_range_nid(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, 1, false, &a), 0);
	assert_false(a >= n1.base && a < rend(n1));
}

/* ================================================================== */
/* memblock=debug lines                                                */

static void dbg_on(void **state)
{
	assert_int_equal(cmasim_memblock_set_debug(*state, true), 0);
}

/* Expect "memblock_add: [start-end] CALLER" with end = base + size - 1. */
static void test_debug_memblock_add_line(void **state)
{
	dbg_on(state);
	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9ec00), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_add: [0x0000000000001000-0x000000000009fbff] cmasim_memblock_add"));
}

/* Expect no line without memblock=debug. */
static void test_debug_off_is_silent(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9ec00), 0);
	assert_int_equal(cmasim_dmesg_count(*state), 0);
}

/* Expect "memblock_add_node: [..] nid=N flags=X CALLER". */
static void test_debug_add_node_line(void **state)
{
	dbg_on(state);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(1), 1, 0x1), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_add_node: [0x0000000000100000-0x00000000001fffff] nid=1 flags=1 cmasim_memblock_add_node"));
}

/* Expect reserve, remove and phys_free lines. */
static void test_debug_reserve_remove_free_lines(void **state)
{
	dbg_on(state);
	assert_int_equal(cmasim_memblock_reserve(*state, 0xf5ba0, 0x10), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, 0xf5ba0, 0x10), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(1), MB(1)), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_reserve: [0x00000000000f5ba0-0x00000000000f5baf] cmasim_memblock_reserve"));
	assert_true(tst_dmesg_has(*state,
		"memblock_phys_free: [0x00000000000f5ba0-0x00000000000f5baf] cmasim_memblock_phys_free"));
	assert_true(tst_dmesg_has(*state,
		"memblock_remove: [0x0000000000100000-0x00000000001fffff] cmasim_memblock_remove"));
}

/*
 * The capture's reserve_real_mode sequence: phys_alloc_range(28672,
 * 0x1000, 0, 1M) then the reserve line from memblock_alloc_range_nid.
 */
static void test_debug_phys_alloc_range_lines(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9e000), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), 0x1fee0000), 0);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_phys_alloc_range(*state, 28672, 0x1000, 0,
							  MB(1), &a), 0);
	assert_int_equal(a, 0x98000);
	assert_int_equal(tst_dmesg_find(*state,
		"memblock_phys_alloc_range: 28672 bytes align=0x1000 from=0x0000000000000000 max_addr=0x0000000000100000 cmasim_memblock_phys_alloc_range"), 0);
	assert_int_equal(tst_dmesg_find(*state,
		"memblock_reserve: [0x0000000000098000-0x000000000009efff] memblock_alloc_range_nid"), 1);
}

/* The sparse_init line of the capture: nid=-1, from/max_addr zero. */
static void test_debug_alloc_try_nid_line(void **state)
{
	uint64_t a;

	setup_mem(state);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_alloc_try_nid(*state, 32768, 0x40, 0, 0, -1, &a), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_alloc_try_nid: 32768 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 cmasim_memblock_alloc_try_nid"));
}

/* The _raw and exact_nid entry points print their own names. */
static void test_debug_alloc_raw_and_exact_lines(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add_node(*state, MB(16), MB(16), 0, 0), 0);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_alloc_try_nid_raw(*state, 4096, 0x1000,
							   MB(16), 0, 0, &a), 0);
	assert_int_equal(cmasim_memblock_alloc_exact_nid_raw(*state, MB(2), MB(2),
							     MB(16), 0, 0, &a), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 cmasim_memblock_alloc_try_nid_raw"));
	assert_true(tst_dmesg_has(*state,
		"memblock_alloc_exact_nid_raw: 2097152 bytes align=0x200000 nid=0 from=0x0000000001000000 max_addr=0x0000000000000000 cmasim_memblock_alloc_exact_nid_raw"));
}

/* phys_alloc_try_nid has no line of its own: only the reserve. */
static void test_debug_phys_alloc_try_nid_only_reserve(void **state)
{
	uint64_t a;

	setup_mem(state);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(*state, KB(4), KB(4), NNN, &a), 0);
	assert_int_equal(cmasim_dmesg_count(*state), 1);
	assert_true(tst_dmesg_has(*state,
		"memblock_reserve: [0x0000000001007000-0x0000000001007fff] memblock_alloc_range_nid"));
}

/*
 * The first dump of the 6.12 capture: memory added with memblock_add
 * (MAX_NUMNODES) prints no "on node".
 */
static void test_debug_dump_no_node(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9e000), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), 0x1fee0000), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, 0, 0x10000), 0);
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	assert_int_equal(tst_dmesg_find(*state, "MEMBLOCK configuration:"), 0);
	assert_int_equal(tst_dmesg_find(*state,
		" memory size = 0x000000001ff7e000 reserved size = 0x0000000000010000"), 1);
	assert_int_equal(tst_dmesg_find(*state, " memory.cnt  = 0x2"), 2);
	assert_int_equal(tst_dmesg_find(*state,
		" memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes flags: 0x0"), 3);
	assert_int_equal(tst_dmesg_find(*state,
		" memory[0x1]\t[0x0000000000100000-0x000000001ffdffff], 0x000000001fee0000 bytes flags: 0x0"), 4);
	assert_int_equal(tst_dmesg_find(*state, " reserved.cnt  = 0x1"), 5);
	assert_int_equal(tst_dmesg_find(*state,
		" reserved[0x0]\t[0x0000000000000000-0x000000000000ffff], 0x0000000000010000 bytes flags: 0x0"), 6);
	assert_int_equal(cmasim_dmesg_count(*state), 7);
}

/* After memblock_set_node() the dump says "on node 0". */
static void test_debug_dump_on_node(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, 0x1000, 0x9e000), 0);
	assert_int_equal(cmasim_memblock_set_node(*state, 0, PMAX, MEMT, 0), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), 0x2b000), 0);
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	assert_true(tst_dmesg_has(*state,
		" memory[0x0]\t[0x0000000000001000-0x000000000009efff], 0x000000000009e000 bytes on node 0 flags: 0x0"));
	assert_true(tst_dmesg_has(*state,
		" reserved[0x0]\t[0x0000000000100000-0x000000000012afff], 0x000000000002b000 bytes flags: 0x0"));
}

/* Flags print in %#x: 0x4 for NOMAP; zero prints "0x0". */
static void test_debug_dump_flags(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(2), MB(1)), 0);
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	assert_true(tst_dmesg_has(*state,
		" memory[0x1]\t[0x0000000000200000-0x00000000002fffff], 0x0000000000100000 bytes flags: 0x4"));
	assert_true(tst_dmesg_has(*state, " memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes flags: 0x0"));
}

/*
 * 6.1 empty dump: cnt 1 and the dummy [0x0-0xffffffffffffffff] entry,
 * "on node 0" from its static nid.  6.12: cnt 0, no entry.
 */
static void test_debug_dump_empty_per_version(void **state)
{
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	if (cmasim_get_kernel(*state) == CMASIM_KERNEL_6_1) {
		assert_true(tst_dmesg_has(*state, " memory.cnt  = 0x1"));
		assert_true(tst_dmesg_has(*state,
			" memory[0x0]\t[0x0000000000000000-0xffffffffffffffff], 0x0000000000000000 bytes on node 0 flags: 0x0"));
	} else {
		assert_true(tst_dmesg_has(*state, " memory.cnt  = 0x0"));
		assert_int_equal(cmasim_dmesg_count(*state), 4);
	}
}

/* dump_all prints only with memblock=debug. */
static void test_debug_dump_all_gated(void **state)
{
	assert_int_equal(cmasim_memblock_dump_all(*state), 0);
	assert_int_equal(cmasim_dmesg_count(*state), 0);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_dump_all(*state), 0);
	assert_true(tst_dmesg_has(*state, "MEMBLOCK configuration:"));
}

/* Without CONFIG_NUMA no "on node" appears and every nid reads 0. */
static void test_debug_dump_no_numa(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "NUMA=n", "NODES_SHIFT=0", NULL);
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_add_node(sim, MB(1), MB(1), 0, 0), 0);
	assert_int_equal(cmasim_memblock_get_region(sim, MEMT, 0, &r), 0);
	assert_int_equal(r.nid, 0);
	assert_int_equal(cmasim_memblock_dump(sim), 0);
	assert_true(tst_dmesg_has(sim,
		" memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes flags: 0x0"));
	tst_sim_free(sim);
}

/* 32-bit phys_addr_t: %pa is 8 hex digits. */
static void test_debug_arm32_width(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.12", NULL);

	(void)state;
	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);
	assert_int_equal(cmasim_memblock_add(sim, 0x80000000, 0x10000000), 0);
	assert_true(tst_dmesg_has(sim, "memblock_add: [0x80000000-0x8fffffff] cmasim_memblock_add"));
	/* 32-bit PHYS_ADDR_MAX clamps sizes */
	assert_int_equal(cmasim_memblock_reserve(sim, 0xfff00000, MB(2)), 0);
	assert_int_equal(cmasim_memblock_reserved_size(sim), MB(1) - 1);
	assert_errno(cmasim_memblock_add(sim, UINT64_C(0x100000000), MB(1)), -EINVAL);
	tst_sim_free(sim);
}

/*
 * A full reserved array doubles before anything is merged, even for a
 * range that only grows a neighbour:
 *
 *   [r0]  [r1]  ...  [r127]   (cnt == max == 128)
 *   [new][r0]                 touches r0 only
 *
 * Expect the doubling line, then still 128 regions, r0 grown.
 */
static void test_debug_double_array_before_join(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(16), MB(16)), 0);
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 128; i++)
		assert_int_equal(cmasim_memblock_reserve(sim,
				MB(17) + KB(32) * i, KB(16)), 0);
	assert_int_equal(cnt(state, RSVT), 128);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_reserve(sim, MB(17) - KB(16), KB(16)),
			 0);
	assert_true(tst_dmesg_has(sim,
		"memblock: reserved is doubled to 256 at [0x0000000001ffe000-0x0000000001fff7ff]"));
	/* the doubled array itself is one more reservation */
	assert_int_equal(cnt(state, RSVT), 129);
	rgn_is(state, RSVT, 0, MB(17) - KB(16), KB(32));
}

/*
 * Doubling the reserved array: the "memblock: reserved is doubled to 256
 * at [..]" line (no newline in the kernel), then the reserve line.
 */
static void test_debug_double_array_line(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(16), MB(16)), 0);
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 128; i++)
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * i, KB(16)), 0);
	dbg_on(state);
	assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * 128, KB(16)), 0);
	assert_true(tst_dmesg_has(sim,
		"memblock: reserved is doubled to 256 at [0x0000000001ffe000-0x0000000001fff7ff]"));
	assert_true(tst_dmesg_has(sim,
		"memblock_reserve: [0x0000000001ffe000-0x0000000001ffffff] memblock_double_array"));
}

/* A second doubling frees the first dynamic array (memblock_free line). */
static void test_double_array_twice_frees_old(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(16), MB(64)), 0);
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	dbg_on(state);
	for (int i = 0; i < 260; i++)
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * i, KB(16)), 0);
	assert_int_equal(sim->memblock->reserved.max, 512);
	assert_true(tst_dmesg_has(sim,
		"memblock: reserved is doubled to 512 at [0x0000000004ffb000-0x0000000004ffdfff]"));
	assert_true(tst_dmesg_has(sim,
		"memblock_phys_free: [0x0000000004ffe000-0x0000000004ffffff] memblock_free"));
	assert_int_equal(cmasim_memblock_reserved_size(sim), 260 * KB(16) + KB(12));
}

/* Before allow_resize: 6.12 panics (line + -ENOMEM), 6.1 returns -ENOMEM. */
static void test_double_array_refused_before_resize(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;

	for (int i = 0; i < 128; i++)
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * i, KB(16)), 0);
	assert_errno(cmasim_memblock_reserve(sim, MB(16) + KB(32) * 128, KB(16)), -ENOMEM);
	assert_int_equal(cnt(state, RSVT), 128);
	assert_int_equal(cmasim_memblock_reserved_size(sim), 128 * KB(16));
	assert_int_equal(tst_dmesg_has(sim,
		"Kernel panic - not syncing: memblock: cannot resize reserved array"), !v61);
}

/* Resize allowed but no free memory for the array: the pr_err line. */
static void test_double_array_no_room(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 128; i++)
		assert_int_equal(cmasim_memblock_reserve(sim, MB(16) + KB(32) * i, KB(16)), 0);
	assert_errno(cmasim_memblock_reserve(sim, MB(16) + KB(32) * 128, KB(16)), -ENOMEM);
	assert_true(tst_dmesg_has(sim,
		"memblock: Failed to double reserved array from 128 to 256 entries !"));
}


/* arm64 (EFI, GICv3 ITS): bigger initial arrays; x86 and arm: 128. */
static void test_init_array_sizes_per_arch(void **state)
{
	struct cmasim *a612 = tst_sim_new("arm64", "6.12", NULL);
	struct cmasim *a61 = tst_sim_new("arm64", "6.1", NULL);
	struct cmasim *arm = tst_sim_new("arm", "6.12", NULL);

	(void)state;
	assert_int_equal(a612->memblock->memory.max, 1024);
	assert_int_equal(a612->memblock->reserved.max, 128 + 512 + 1);
	assert_int_equal(a61->memblock->reserved.max, 128 + 256 + 1);
	assert_int_equal(arm->memblock->memory.max, 128);
	assert_int_equal(cms_memblock_region_bytes(a612), 24);
	assert_int_equal(cms_memblock_region_bytes(arm), 12);
	tst_sim_free(a612);
	tst_sim_free(a61);
	tst_sim_free(arm);
}

/*
 * A region with nid NUMA_NO_NODE: 6.1 prints " on node -1" (it only hides
 * MAX_NUMNODES); 6.12 hides every invalid node.
 */
static void test_debug_dump_nid_minus_one_per_version(void **state)
{
	const char *with = " memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes on node -1 flags: 0x0";
	const char *without = " memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes flags: 0x0";

	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(1), NNN, 0), 0);
	assert_int_equal(cmasim_memblock_dump(*state), 0);
	assert_true(tst_dmesg_has(*state,
		cmasim_get_kernel(*state) == CMASIM_KERNEL_6_1 ? with : without));
}

/*
 * memblock_isolate_range() wants two spare entries before it looks: a
 * remove with 127 memory regions doubles the array even when no split is
 * needed (6.12 before allow_resize: the panic).
 */
static void test_remove_isolate_wants_two_spare(void **state)
{
	struct cmasim *sim = *state;

	for (int i = 0; i < 127; i++)
		assert_int_equal(cmasim_memblock_add(sim, MB(16) + MB(2) * i, MB(1)), 0);
	assert_errno(cmasim_memblock_remove(sim, MB(16), MB(1)), -ENOMEM);
	assert_true(tst_dmesg_has(sim,
		"Kernel panic - not syncing: memblock: cannot resize memory array"));
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	assert_int_equal(cmasim_memblock_remove(sim, MB(16), MB(1)), 0);
	assert_int_equal(sim->memblock->memory.max, 256);
	assert_int_equal(cnt(state, MEMT), 126);
	assert_int_equal(cnt(state, RSVT), 1);
}

/* NULL result pointers and NULL instances are refused. */
static void test_null_arguments(void **state)
{
	uint64_t a;

	assert_errno(cmasim_memblock_phys_alloc(*state, KB(4), KB(4), NULL), -EINVAL);
	assert_errno(cmasim_memblock_phys_alloc(NULL, KB(4), KB(4), &a), -EINVAL);
	assert_errno(cmasim_memblock_add(NULL, 0, 1), -EINVAL);
	assert_errno(cmasim_memblock_for_each_free_range(*state, NNN, 0, false, NULL, NULL), -EINVAL);
	assert_int_equal(cmasim_memblock_phys_mem_size(NULL), 0);
	assert_true(tst_diag_contains(*state, "NULL result pointer"));
}


/* for_each_mem_pfn_range: whole pages only; "all nodes" per version. */
static void test_mem_pfn_range(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
	uint64_t s, e;
	int idx = -1, nid, n = 0;

	assert_int_equal(cmasim_memblock_add_node(sim, MB(1) + 0x800, KB(8), 1, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(sim, MB(2), 0x800, 1, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(sim, MB(4), MB(1), 2, 0), 0);
	assert_true(cms_memblock_next_mem_pfn_range(sim, &idx, 64, &s, &e, &nid));
	assert_int_equal(s, (MB(1) >> 12) + 1);
	assert_int_equal(e, (MB(1) >> 12) + 2);
	assert_int_equal(nid, 1);
	assert_true(cms_memblock_next_mem_pfn_range(sim, &idx, 64, &s, &e, &nid));
	assert_int_equal(s, MB(4) >> 12);
	assert_false(cms_memblock_next_mem_pfn_range(sim, &idx, 64, &s, &e, &nid));
	assert_int_equal(idx, -1);
	/* NUMA_NO_NODE: 6.12 all regions, 6.1 only nid -1 regions */
	while (cms_memblock_next_mem_pfn_range(sim, &idx, NNN, &s, &e, &nid))
		n++;
	assert_int_equal(n, v61 ? 0 : 2);
	idx = -1;
	assert_true(cms_memblock_next_mem_pfn_range(sim, &idx, 2, &s, &e, &nid));
	assert_int_equal(nid, 2);
}

/* memblock_validate_numa_coverage: memory without a node is counted. */
static void test_validate_numa_coverage(void **state)
{
	assert_int_equal(cmasim_memblock_add_node(*state, MB(16), MB(16), 0, 0), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(64), MB(3)), 0);
	assert_true(cms_memblock_validate_numa_coverage(*state, MB(4)));
	assert_false(cms_memblock_validate_numa_coverage(*state, MB(1)));
	assert_true(tst_dmesg_has(*state, "NUMA: no nodes coverage for 3MB of 19MB RAM"));
	assert_int_equal(cmasim_memblock_reserve(*state, MB(16), MB(1)), 0);
	assert_int_equal(cms_memblock_estimated_nr_free_pages(*state), (MB(18)) >> 12);
}

/* ================================================================== */
/* mem=                                                                */

/* enforce_memory_limit keeps the first @limit bytes of memory. */
static void test_enforce_memory_limit(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(16), MB(8)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(18), MB(4)), 0);
	assert_int_equal(cmasim_memblock_enforce_memory_limit(*state, MB(10)), 0);
	assert_int_equal(cmasim_memblock_phys_mem_size(*state), MB(10));
	rgn_is(state, MEMT, 1, MB(16), MB(2));
	assert_int_equal(cnt(state, RSVT), empty_cnt(state));
	assert_int_equal(cmasim_memblock_end_of_DRAM(*state), MB(18));
}

/* A limit beyond all memory, or 0, changes nothing. */
static void test_enforce_memory_limit_noop(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_enforce_memory_limit(*state, MB(9)), 0);
	assert_int_equal(cmasim_memblock_enforce_memory_limit(*state, 0), 0);
	rgn_is(state, MEMT, 0, MB(1), MB(8));
}

/* cap_memory_range keeps NOMAP regions outside the range. */
static void test_cap_memory_range_keeps_nomap(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(8), MB(4)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(16), MB(4)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(16), MB(4)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(2), MB(8)), 0);
	assert_int_equal(cmasim_memblock_cap_memory_range(*state, MB(8), MB(2)), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	rgn_is(state, MEMT, 0, MB(8), MB(2));
	rgn_is(state, MEMT, 1, MB(16), MB(4));
	rgn_is(state, RSVT, 0, MB(8), MB(2));
}

/* cap_memory_range with no memory: the pr_warn line. */
static void test_cap_memory_range_no_memory(void **state)
{
	assert_int_equal(cmasim_memblock_cap_memory_range(*state, MB(1), MB(1)), 0);
	assert_true(tst_dmesg_has(*state,
		"memblock_cap_memory_range: No memory registered yet"));
}

/* mem_limit_remove_map: arm64 mem=, keeps NOMAP above the cut. */
static void test_mem_limit_remove_map(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(16), MB(8)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(20), MB(4)), 0);
	assert_int_equal(cmasim_memblock_mem_limit_remove_map(*state, MB(10)), 0);
	assert_int_equal(cnt(state, MEMT), 3);
	rgn_is(state, MEMT, 0, MB(1), MB(8));
	rgn_is(state, MEMT, 1, MB(16), MB(2));
	rgn_is(state, MEMT, 2, MB(20), MB(4));
}

/* ================================================================== */
/* Flags, nodes, queries                                               */

/* mark then clear HOTPLUG in the middle: split, then merged back. */
static void test_mark_clear_hotplug_merge(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(8)), 0);
	assert_int_equal(cmasim_memblock_mark_hotplug(*state, MB(2), MB(2)), 0);
	assert_int_equal(cnt(state, MEMT), 3);
	assert_int_equal(rgn(state, MEMT, 1).flags, CMASIM_MEMBLOCK_HOTPLUG);
	assert_int_equal(cmasim_memblock_clear_hotplug(*state, MB(2), MB(2)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	rgn_is(state, MEMT, 0, MB(1), MB(8));
}

/* NOMAP memory is skipped by allocation and by is_map_memory. */
static void test_nomap_skipped(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(2), MB(1)), 0);
	assert_true(cmasim_memblock_is_memory(*state, MB(2)));
	assert_false(cmasim_memblock_is_map_memory(*state, MB(2)));
	assert_true(cmasim_memblock_is_map_memory(*state, MB(1)));
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(1) : MB(2) - KB(4));
	assert_int_equal(cmasim_memblock_clear_nomap(*state, MB(2), MB(1)), 0);
	assert_true(cmasim_memblock_is_map_memory(*state, MB(2)));
}

/* DRIVER_MANAGED memory is skipped by the free walk unless asked. */
static void test_driver_managed_skipped(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(1), 0,
				CMASIM_MEMBLOCK_DRIVER_MANAGED), 0);
	assert_errno(alloc(state, KB(4), KB(4), &a), -ENOMEM);
	assert_int_equal(cmasim_memblock_find_in_range_node(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, NNN,
				CMASIM_MEMBLOCK_DRIVER_MANAGED, &a), 0);
}

/* mark_mirror without kernelcore=mirror does nothing. */
static void test_mark_mirror_needs_kernelcore(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_mark_mirror(*state, MB(1), MB(1)), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	assert_int_equal(rgn(state, MEMT, 0).flags, 0);
}

/* With mirror present, allocation prefers mirrored memory. */
static void test_mirror_preferred(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_set_mirrored_kernelcore(*state, true), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_mark_mirror(*state, MB(2), MB(1)), 0);
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(2) : MB(3) - KB(4));
}

/* Mirror exhausted: the warning line, then non-mirrored memory. */
static void test_mirror_fallback_message(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_set_mirrored_kernelcore(*state, true), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_mark_mirror(*state, MB(2), KB(4)), 0);
	assert_int_equal(alloc(state, KB(8), KB(4), &a), 0);
	assert_true(tst_dmesg_has(*state,
		"Could not allocate 0x0000000000002000 bytes of mirrored memory"));
	assert_int_equal(a, bottom_up(state) ? MB(1) : MB(5) - KB(8));
	assert_int_equal(cmasim_memblock_clear_mirror(*state, MB(2), KB(4)), 0);
	assert_int_equal(rgn(state, MEMT, 0).flags, 0);
}

/* movable_node skips HOTPLUG memory in the free walk. */
static void test_movable_node_skips_hotplug(void **state)
{
	uint64_t a;

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_mark_hotplug(*state, MB(2), MB(1)), 0);
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(1) : MB(3) - KB(4));
	assert_int_equal(cmasim_memblock_set_movable_node(*state, true), 0);
	assert_int_equal(alloc(state, KB(4), KB(4), &a), 0);
	assert_int_equal(a, bottom_up(state) ? MB(1) + KB(4) : MB(2) - KB(4));
}

/* RSRV_NOINIT: 6.12 marks reserved regions; 6.1's mark refuses with -EINVAL. */
static void test_reserved_mark_noinit(void **state)
{
	bool v61 = cmasim_get_kernel(*state) == CMASIM_KERNEL_6_1;

	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), MB(2)), 0);
	if (v61) {
		assert_errno(cmasim_memblock_reserved_mark_noinit(*state, MB(1), MB(1)), -EINVAL);
		assert_int_equal(cnt(state, RSVT), 1);
		/* memblock_add_node() keeps any flags, even one 6.1 lacks */
		assert_errno(cmasim_memblock_add_node(*state, MB(8), MB(1), 0,
					CMASIM_MEMBLOCK_RSRV_NOINIT), 0);
	} else {
		assert_int_equal(cmasim_memblock_reserved_mark_noinit(*state, MB(1), MB(1)), 0);
		assert_int_equal(cnt(state, RSVT), 2);
		assert_int_equal(rgn(state, RSVT, 0).flags, CMASIM_MEMBLOCK_RSRV_NOINIT);
	}
}

/* set_node on part of a region splits; on the rest, merges again. */
static void test_set_node_split_merge(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_set_node(*state, MB(1), MB(2), MEMT, 0), 0);
	assert_int_equal(cnt(state, MEMT), 2);
	assert_int_equal(rgn(state, MEMT, 0).nid, 0);
	assert_int_equal(rgn(state, MEMT, 1).nid, 64);	/* MAX_NUMNODES */
	assert_int_equal(cmasim_memblock_set_node(*state, MB(3), MB(2), MEMT, 0), 0);
	assert_int_equal(cnt(state, MEMT), 1);
	/* the node is not checked (memblock_set_node() keeps any), the type is */
	assert_errno(cmasim_memblock_set_node(*state, MB(3), MB(2), MEMT, 99), 0);
	assert_int_equal(rgn(state, MEMT, 1).nid, 99);
	assert_errno(cmasim_memblock_set_node(*state, MB(3), MB(2), 7, 0), -EINVAL);
}

/*
 * memblock_add_node() checks neither its node nor its flags, in either
 * kernel: expect a node of -2 or 65 and an unknown flag kept as given.
 */
static void test_add_node_any_args(void **state)
{
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(1), 0,
						  0x100), 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(4), MB(1), -2, 0),
			 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(8), MB(1), 65, 0),
			 0);
	assert_int_equal(cnt(state, MEMT), 3);
	assert_int_equal(cmasim_check(*state), 0);
}

/* Adjacent regions with different nids or flags are not merged. */
static void test_add_no_merge_incompatible(void **state)
{
	assert_int_equal(cmasim_memblock_add_node(*state, MB(1), MB(1), 0, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(2), MB(1), 1, 0), 0);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(3), MB(1), 1,
						  CMASIM_MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(cnt(state, MEMT), 3);
	assert_int_equal(cmasim_memblock_add_node(*state, MB(4), MB(1), 1,
						  CMASIM_MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(cnt(state, MEMT), 3);
	rgn_is(state, MEMT, 2, MB(3), MB(2));
}

/* Size 0 is a successful no-op everywhere. */
static void test_zero_size_noop(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), 0), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), 0), 0);
	assert_int_equal(cmasim_memblock_remove(*state, MB(1), 0), 0);
	assert_int_equal(cmasim_memblock_phys_free(*state, MB(1), 0), 0);
	assert_int_equal(cnt(state, MEMT), empty_cnt(state));
	assert_int_equal(cnt(state, RSVT), empty_cnt(state));
}

/* start/end_of_DRAM, is_region_memory, is_region_reserved, is_reserved. */
static void test_queries(void **state)
{
	uint64_t s = 0, e = 0;

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(2)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(8), MB(2)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(9), KB(4)), 0);
	assert_int_equal(cmasim_memblock_start_of_DRAM(*state), MB(1));
	assert_int_equal(cmasim_memblock_end_of_DRAM(*state), MB(10));
	assert_true(cmasim_memblock_is_region_memory(*state, MB(1), MB(2)));
	assert_false(cmasim_memblock_is_region_memory(*state, MB(2), MB(2)));
	assert_false(cmasim_memblock_is_region_memory(*state, MB(4), KB(4)));
	assert_true(cmasim_memblock_is_region_reserved(*state, MB(9) - 1, 2));
	assert_false(cmasim_memblock_is_region_reserved(*state, MB(9) + KB(4), MB(1)));
	assert_true(cmasim_memblock_is_reserved(*state, MB(9)));
	assert_false(cmasim_memblock_is_reserved(*state, MB(9) + KB(4)));
	assert_false(cmasim_memblock_is_memory(*state, MB(5)));
	assert_int_equal(cms_memblock_search_pfn_nid(*state, MB(8) >> 12, &s, &e), 64);
	assert_int_equal(s, MB(8) >> 12);
	assert_int_equal(e, MB(10) >> 12);
	assert_int_equal(cms_memblock_search_pfn_nid(*state, 0, &s, &e), NNN);
}

/* The region getter refuses an index past the count. */
static void test_get_region_range(void **state)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_errno(cmasim_memblock_get_region(*state, MEMT, 1, &r), -ERANGE);
	assert_errno(cmasim_memblock_get_region(*state, MEMT, 0, NULL), -EINVAL);
	assert_errno(cmasim_memblock_get_region(NULL, MEMT, 0, &r), -EINVAL);
}

/* find_in_range_node does not reserve. */
static void test_find_in_range_node_no_reserve(void **state)
{
	uint64_t a, b;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_find_in_range_node(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, NNN, 0, &a), 0);
	assert_int_equal(cmasim_memblock_find_in_range_node(*state, KB(4), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, NNN, 0, &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(cmasim_memblock_reserved_size(*state), 0);
	assert_errno(cmasim_memblock_find_in_range_node(*state, MB(1), KB(4), 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, NNN, 0, &a), -ENOMEM);
	assert_errno(cmasim_memblock_find_in_range_node(*state, KB(4), 0, 0,
				CMASIM_MEMBLOCK_ALLOC_ANYWHERE, NNN, 0, &a), -EINVAL);
}

/*
 * The search goes straight to the window [start, end) with binary
 * searches, where the kernel walks every free range and clamps it:
 *
 *   memory    |--n0--|  |-n1 MIRROR-|  |--n0 NOMAP--|  |---n2---|
 *   reserved     [r]  [r]     [r][r]          [r]        [r]
 *   window             [start ............... end)
 *
 * Expect the kernel's answer, computed here with that walk (the public
 * free-range iterator), for random layouts and random sizes (0 too),
 * alignments, windows, limits, nodes, flags and movable_node.
 */
struct walk_ref {
	bool top_down;
	uint64_t size, align, start, end, found;
};

static int walk_ref_fn(cmasim_phys_addr_t s, cmasim_phys_addr_t e, int nid,
		       void *data)
{
	struct walk_ref *w = data;
	uint64_t ts = s < w->start ? w->start : (s > w->end ? w->end : s);
	uint64_t te = e < w->start ? w->start : (e > w->end ? w->end : e);
	uint64_t cand;

	(void)nid;
	if (w->top_down) {
		if (te < w->size)
			return 0;
		cand = (te - w->size) & ~(w->align - 1);
		if (cand < ts)
			return 0;
	} else {
		cand = (ts + w->align - 1) & ~(w->align - 1);
		if (cand >= te || te - cand < w->size)
			return 0;
	}
	w->found = cand;
	return 1;
}

static uint64_t rand_u64(GRand *r, uint64_t below)
{
	uint64_t v = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);

	return below ? v % below : v;
}

/*
 * On @sim: 48 memory regions of up to @max_region bytes from @first, on
 * @nodes nodes, some with flags, 300 scattered reservations, then 6000
 * random searches, each checked against the walk.
 */
static void search_matches_walk(struct cmasim *sim, uint64_t first,
				uint64_t max_region, unsigned int nodes)
{
	bool v612 = cmasim_get_kernel(sim) == CMASIM_KERNEL_6_12;
	const uint32_t flag_bits[] = {
		CMASIM_MEMBLOCK_HOTPLUG, CMASIM_MEMBLOCK_MIRROR,
		CMASIM_MEMBLOCK_NOMAP, CMASIM_MEMBLOCK_DRIVER_MANAGED,
	};
	const int nids[] = { NNN, 0, 1, 2, 3, 5 };
	GRand *r = g_rand_new_with_seed(14);
	uint64_t base = first + KB(4) * rand_u64(r, 4), top;

	/* memory: regions and holes, some with flags */
	for (int i = 0; i < 48; i++) {
		uint64_t size = KB(4) * (1 + rand_u64(r, max_region / KB(4)));
		uint32_t flags = 0;

		if (rand_u64(r, 4) == 0)
			flags = flag_bits[rand_u64(r, 4)];
		assert_int_equal(cmasim_memblock_add_node(sim, base, size,
				(int)rand_u64(r, nodes), flags), 0);
		base += size + KB(4) * rand_u64(r, 3) * rand_u64(r, 64);
	}
	/* and up to PHYS_ADDR_MAX when it is 32-bit */
	if (cms_memblock_phys_addr_max(sim) == UINT32_MAX)
		assert_int_equal(cmasim_memblock_add(sim, 0xfff00000, MB(2)),
				 0);
	top = base;
	/* reserved: scattered, some touching, some outside memory */
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(cmasim_memblock_reserve(sim,
				(first + rand_u64(r, top - first + MB(1))) &
				~(uint64_t)0x3ff,
				KB(1) * (1 + rand_u64(r, 256))), 0);
	for (int q = 0; q < 6000; q++) {
		struct walk_ref w = {
			.top_down = !cmasim_memblock_bottom_up(sim),
		};
		int nid = nids[rand_u64(r, CMS_ARRAY_SIZE(nids))];
		uint32_t flags = 0;
		uint64_t got;

		if (q % 1000 == 0) {
			assert_int_equal(cmasim_memblock_set_movable_node(sim,
						rand_u64(r, 2)), 0);
			assert_int_equal(cmasim_memblock_set_current_limit(sim,
						rand_u64(r, 3) ?
						CMASIM_MEMBLOCK_ALLOC_ANYWHERE :
						rand_u64(r, top)), 0);
		}
		if (rand_u64(r, 3) == 0)
			flags = flag_bits[rand_u64(r, 4)];
		w.size = rand_u64(r, 10) ? KB(1) * rand_u64(r, 4096) : 0;
		w.align = (uint64_t)1 << rand_u64(r, 24);
		w.start = rand_u64(r, 4) ? rand_u64(r, top + MB(1)) : 0;
		switch (rand_u64(r, 6)) {
		case 0: w.end = CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE; break;
		case 1: w.end = CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE; break;
		case 2: w.end = CMASIM_MEMBLOCK_ALLOC_ANYWHERE; break;
		default: w.end = rand_u64(r, top + MB(1)); break;
		}
		got = cms_memblock_find_in_range_node(sim, w.size, w.align,
						      w.start, w.end, nid,
						      flags);
		/* memblock_find_in_range_node()'s own bounds */
		if (w.end <= CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE)
			w.end = cmasim_memblock_get_current_limit(sim);
		w.start = w.start > KB(4) ? w.start : KB(4);
		w.end = w.end > w.start ? w.end : w.start;
		cmasim_memblock_for_each_free_range(sim, nid, flags,
						    w.top_down, walk_ref_fn,
						    &w);
		if (got != w.found)
			fail_msg("query %d (%s, nid %d, flags 0x%x): size 0x%llx align 0x%llx [0x%llx, 0x%llx): 0x%llx, the walk gives 0x%llx",
				 q, v612 ? "6.12" : "6.1", nid, flags,
				 (unsigned long long)w.size,
				 (unsigned long long)w.align,
				 (unsigned long long)w.start,
				 (unsigned long long)w.end,
				 (unsigned long long)got,
				 (unsigned long long)w.found);
	}
	g_rand_free(r);
}

/* x86_64 with four nodes, and arm's 32-bit phys_addr_t up to its top */
static void test_find_in_range_node_matches_the_walk(void **state)
{
	struct cmasim *arm;

	search_matches_walk(*state, 0, MB(16), 4);
	arm = tst_sim_new("arm", cmasim_get_kernel(*state) ==
			  CMASIM_KERNEL_6_1 ? "6.1" : "6.12", NULL);
	assert_int_equal(cmasim_memblock_set_bottom_up(arm,
				cmasim_memblock_bottom_up(*state)), 0);
	search_matches_walk(arm, 0xd0000000, MB(4), 1);
	tst_sim_free(arm);
}

/* ================================================================== */
/* Iteration                                                           */

struct ranges {
	int n;
	uint64_t s[8], e[8];
	int nid[8];
	int stop_at;
};

static int collect(cmasim_phys_addr_t s, cmasim_phys_addr_t e, int nid, void *d)
{
	struct ranges *r = d;

	if (r->n < 8) {
		r->s[r->n] = s;
		r->e[r->n] = e;
		r->nid[r->n] = nid;
	}
	r->n++;
	return r->stop_at && r->n == r->stop_at ? 42 : 0;
}

/*
 *   memory   |------------|      |------|
 *   reserved      |--|
 * Expect free ranges in address order, and reversed.
 */
static void test_for_each_free_range_fwd_rev(void **state)
{
	struct ranges f = { 0 }, r = { 0 };

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(8), MB(1)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(2), MB(1)), 0);
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, NNN, 0, false,
							     collect, &f), 0);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.s[0], MB(1));
	assert_int_equal(f.e[0], MB(2));
	assert_int_equal(f.s[1], MB(3));
	assert_int_equal(f.e[1], MB(5));
	assert_int_equal(f.s[2], MB(8));
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, NNN, 0, true,
							     collect, &r), 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.s[0], MB(8));
	assert_int_equal(r.s[1], MB(3));
	assert_int_equal(r.s[2], MB(1));
}

/* A non-zero callback value stops the walk and is returned. */
static void test_for_each_free_range_stop(void **state)
{
	struct ranges f = { .stop_at = 1 };

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(4), MB(1)), 0);
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, NNN, 0, false,
							     collect, &f), 42);
	assert_int_equal(f.n, 1);
}

/* The nid filter and the reported nid. */
static void test_for_each_free_range_nid(void **state)
{
	struct ranges f = { 0 };

	setup_numa(state);
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, 6, 0, false,
							     collect, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.nid[0], 6);
	assert_int_equal(f.s[0], rgn(state, MEMT, 6).base);
}

/* MIRROR flag: only mirrored regions; NOMAP only when asked. */
static void test_for_each_free_range_flags(void **state)
{
	struct ranges f = { 0 }, g = { 0 };

	assert_int_equal(cmasim_memblock_set_mirrored_kernelcore(*state, true), 0);
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(4)), 0);
	assert_int_equal(cmasim_memblock_mark_mirror(*state, MB(2), MB(1)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(4), MB(1)), 0);
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, NNN,
				CMASIM_MEMBLOCK_MIRROR, false, collect, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.s[0], MB(2));
	assert_int_equal(cmasim_memblock_for_each_free_range(*state, NNN,
				CMASIM_MEMBLOCK_NOMAP, false, collect, &g), 0);
	/* four regions (none, MIRROR, none, NOMAP): one range each */
	assert_int_equal(g.n, 4);
	assert_int_equal(g.s[3], MB(4));
}

/* for_each_mem_range includes HOTPLUG, skips NOMAP; reserved walk. */
static void test_for_each_mem_and_reserved_range(void **state)
{
	struct ranges m = { 0 }, r = { 0 };

	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(3)), 0);
	assert_int_equal(cmasim_memblock_mark_hotplug(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_mark_nomap(*state, MB(3), MB(1)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), KB(4)), 0);
	assert_int_equal(cmasim_memblock_for_each_mem_range(*state, false, collect, &m), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.s[0], MB(1));
	assert_int_equal(m.e[1], MB(3));
	assert_int_equal(cmasim_memblock_for_each_reserved_range(*state, collect, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.e[0], MB(1) + KB(4));
}

/* The internal idx protocol: UINT64_MAX after the end. */
static void test_next_free_range_protocol(void **state)
{
	struct cmasim *sim = *state;
	uint64_t idx = 0, s, e;
	int nid;

	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	assert_true(cms_memblock_next_free_range(sim, &idx, NNN, 0, &s, &e, &nid));
	assert_int_equal(s, MB(1));
	assert_false(cms_memblock_next_free_range(sim, &idx, NNN, 0, &s, &e, &nid));
	assert_true(idx == UINT64_MAX);
	assert_false(cms_memblock_next_free_range(sim, &idx, NNN, 0, &s, &e, &nid));
	idx = UINT64_MAX;
	assert_true(cms_memblock_prev_free_range(sim, &idx, NNN, 0, &s, &e, &nid));
	assert_int_equal(e, MB(2));
	assert_false(cms_memblock_prev_free_range(sim, &idx, NNN, 0, &s, &e, &nid));
}

/* ================================================================== */
/* Phase, 6.1 vs 6.12                                                  */

/* After the buddy handover every mutating call is -EPERM. */
static void test_phase_after_handover(void **state)
{
	struct cmasim *sim = *state;
	uint64_t a = 7;

	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	sim->phase = CMS_PHASE_RUNNING;
	assert_errno(cmasim_memblock_add(sim, MB(4), MB(1)), -EPERM);
	assert_errno(cmasim_memblock_reserve(sim, MB(1), KB(4)), -EPERM);
	assert_errno(cmasim_memblock_remove(sim, MB(1), KB(4)), -EPERM);
	assert_errno(cmasim_memblock_phys_free(sim, MB(1), KB(4)), -EPERM);
	assert_errno(cmasim_memblock_mark_nomap(sim, MB(1), KB(4)), -EPERM);
	assert_errno(alloc(state, KB(4), KB(4), &a), -EPERM);
	assert_errno(cmasim_memblock_phys_alloc(sim, KB(4), KB(4), &a), -EPERM);
	assert_errno(cmasim_memblock_set_bottom_up(sim, true), -EPERM);
	assert_int_equal(a, 7);
	assert_true(tst_diag_contains(sim, "client bug: memblock_add() after the buddy handover"));
	assert_int_equal(cnt(state, MEMT), 1);
	sim->phase = CMS_PHASE_EARLY;
}

/* 6.1: MAX_NUMNODES passed to the allocator warns once and means any. */
static void test_v61_max_numnodes_warns(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(*state, KB(4), KB(4), 64, &a), 0);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(*state, KB(4), KB(4), 64, &a), 0);
	assert_true(tst_dmesg_has(*state,
		"Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead"));
	assert_int_equal(cmasim_dmesg_count(*state), 1);
}

/*
 * 6.1 has three WARN_ONCE(nid == MAX_NUMNODES) sites, each with its own
 * "once": memblock_alloc_range_nid(), __next_mem_range() (bottom-up
 * search) and __next_mem_range_rev() (top-down search).
 * Expect one warning per site: three in all, however often each is hit.
 */
static void test_v61_max_numnodes_warns_once_per_site(void **state)
{
	struct cmasim *sim = *state;
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(sim, KB(4), KB(4), 64, &a), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_int_equal(cmasim_memblock_set_bottom_up(sim, false), 0);
	assert_int_equal(cmasim_memblock_find_in_range_node(sim, KB(4), KB(4), 0,
			 ACCESSIBLE, 64, 0, &a), 0);
	assert_int_equal(cmasim_memblock_find_in_range_node(sim, KB(4), KB(4), 0,
			 ACCESSIBLE, 64, 0, &a), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_int_equal(cmasim_memblock_set_bottom_up(sim, true), 0);
	assert_int_equal(cmasim_memblock_find_in_range_node(sim, KB(4), KB(4), 0,
			 ACCESSIBLE, 64, 0, &a), 0);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(sim, KB(4), KB(4), 64, &a), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 3);
}

/* 6.12: MAX_NUMNODES is not a valid node: no warning, any node. */
static void test_v612_max_numnodes_any(void **state)
{
	uint64_t a;

	setup_mem(state);
	assert_int_equal(cmasim_memblock_phys_alloc_try_nid(*state, KB(4), KB(4), 64, &a), 0);
	assert_int_equal(cmasim_dmesg_count(*state), 0);
}

/* ================================================================== */
/* Replays of real boots: the captures' memblock=debug operations     */

/*
 * The driver reads a capture with the boot-log importer
 * (cmasim_machine_from_log()), runs its memblock operations through the
 * public memblock API in order, and compares our memblock lines with the
 * capture's, line for line (the %pS caller word aside):
 *  - memblock_add/reserve/phys_free/remove steps are made again;
 *  - an announced allocation ("memblock_alloc_try_nid: 4096 bytes
 *    align=0x40 nid=0 from=... max_addr=... caller") is made with those
 *    arguments, and must land where the capture's next reserve line says;
 *  - at each "MEMBLOCK configuration:" memblock dumps itself;
 *  - the reservations made before memblock=debug was parsed are those of
 *    the first dump: they are made first, silently.
 * What memblock=debug does not print comes from the test, as calls made
 * at their place (struct replay_call): e820__memblock_setup()'s trim,
 * numa_init()'s memblock_set_node(), and the allocations whose reserve
 * line has no announcing line (alloc_node_data(), the CMA area).
 */
enum replay_when {
	RW_BEFORE_DUMP,		/* before dump number @key */
	RW_AT_RESERVE,		/* in place of the reserve at base @key */
	RW_AT_STAGE,		/* at the importer's stage mark @stage */
};

enum replay_kind {
	RC_TRIM,		/* memblock_trim_memory(@align) */
	RC_SET_NODE,		/* memblock_set_node(@base, @size, @type, @nid) */
	RC_PHYS_ALLOC_TRY_NID,	/* memblock_phys_alloc_try_nid(@size, @align, @nid) */
	RC_ALLOC_RANGE_NID,	/* memblock_alloc_range_nid(..., exact) */
};

struct replay_call {
	enum replay_when when;
	uint64_t key;
	const char *stage;
	enum replay_kind kind;
	uint64_t base, size, align, max;
	enum cmasim_memblock_type type;
	int nid;
	uint64_t want;		/* where an allocation must land */
};

struct replay {
	const char *dir, *name;	/* the capture */
	size_t nlines;		/* its first memblock lines, compared */
	const struct replay_call *calls;
	size_t ncalls;
};

/* A memblock=debug line: a step, an allocation, or part of a dump. */
static bool is_memblock_line(const char *l)
{
	static const char *const prefixes[] = {
		"memblock_", "MEMBLOCK configuration:", " memory size = ",
		" memory.cnt", " memory[", " reserved.cnt", " reserved[",
	};

	for (size_t i = 0; i < CMS_ARRAY_SIZE(prefixes); i++)
		if (!strncmp(l, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The first @n memblock lines of a capture (timestamps and CR cut). */
static char **capture_memblock_lines(const char *text, size_t n)
{
	char **raw = g_strsplit(text, "\n", -1);
	char **out = g_new0(char *, n + 1);
	size_t k = 0;

	for (char **l = raw; *l && k < n; l++) {
		const char *msg;

		g_strchomp(*l);
		msg = tst_strip_timestamp(*l);
		if (is_memblock_line(msg))
			out[k++] = g_strdup(msg);
	}
	g_strfreev(raw);
	if (k < n)
		fail_msg("the capture has %zu memblock lines, not %zu", k, n);
	return out;
}

/* Run the test's calls for (@when, @key or @stage); false if none. */
static bool replay_calls(void **state, const struct replay *r,
			 enum replay_when when, uint64_t key,
			 const char *stage)
{
	struct cmasim *sim = *state;
	bool any = false;

	for (size_t i = 0; i < r->ncalls; i++) {
		const struct replay_call *c = &r->calls[i];
		uint64_t a = 0;

		if (c->when != when ||
		    (when == RW_AT_STAGE ? strcmp(c->stage, stage) :
					   c->key != key))
			continue;
		any = true;
		switch (c->kind) {
		case RC_TRIM:
			assert_int_equal(cmasim_memblock_trim_memory(sim, c->align), 0);
			continue;
		case RC_SET_NODE:
			assert_int_equal(cmasim_memblock_set_node(sim, c->base, c->size,
								  c->type, c->nid), 0);
			continue;
		case RC_PHYS_ALLOC_TRY_NID:
			assert_int_equal(cmasim_memblock_phys_alloc_try_nid(sim, c->size,
					 c->align, c->nid, &a), 0);
			break;
		case RC_ALLOC_RANGE_NID:
			assert_int_equal(cmasim_memblock_alloc_range_nid(sim, c->size,
					 c->align, c->base, c->max, c->nid, true,
					 &a), 0);
			break;
		}
		if (a != c->want)
			fail_msg("allocation at 0x%llx, the capture's at 0x%llx",
				 (unsigned long long)a,
				 (unsigned long long)c->want);
	}
	return any;
}

/*
 * An announced allocation, "<fn>: <size> bytes align=0x<a> [nid=<n> ]
 * from=0x<min> max_addr=0x<max> <caller>": made again; the reserve line
 * that follows it in the capture (ops[*@i + 1]) is its result.
 */
static void replay_alloc(void **state, const struct cmasim_machine *m,
			 size_t *i)
{
	const struct cmasim_machine_op *op = cmasim_machine_op(m, *i);
	const struct cmasim_machine_op *res;
	unsigned long long size, align, min, max;
	char fn[64];
	const char *p;
	int nid = NNN, ret;
	uint64_t a = 0;

	if (sscanf(op->text, "%63[^:]: %llu bytes align=0x%llx", fn, &size,
		   &align) != 3)
		fail_msg("log line %u: not an allocation: %s", op->line, op->text);
	p = strstr(op->text, " nid=");
	if (p)
		nid = atoi(p + 5);
	p = strstr(op->text, " from=");
	if (!p || sscanf(p, " from=0x%llx max_addr=0x%llx", &min, &max) != 2)
		fail_msg("log line %u: no range: %s", op->line, op->text);
	if (!strcmp(fn, "memblock_phys_alloc_range"))
		ret = cmasim_memblock_phys_alloc_range(*state, size, align, min,
						       max, &a);
	else if (!strcmp(fn, "memblock_alloc_try_nid"))
		ret = cmasim_memblock_alloc_try_nid(*state, size, align, min,
						    max, nid, &a);
	else if (!strcmp(fn, "memblock_alloc_try_nid_raw"))
		ret = cmasim_memblock_alloc_try_nid_raw(*state, size, align,
							min, max, nid, &a);
	else if (!strcmp(fn, "memblock_alloc_exact_nid_raw"))
		ret = cmasim_memblock_alloc_exact_nid_raw(*state, size, align,
							  min, max, nid, &a);
	else
		fail_msg("log line %u: %s is not replayed", op->line, fn);
	assert_int_equal(ret, 0);
	assert_true(*i + 1 < cmasim_machine_nr_ops(m));
	res = cmasim_machine_op(m, *i + 1);
	assert_int_equal(res->kind, CMASIM_OP_MEMBLOCK_RESERVE);
	if (a != res->base)
		fail_msg("log line %u: %s at 0x%llx, the capture's at 0x%llx",
			 op->line, fn, (unsigned long long)a,
			 (unsigned long long)res->base);
	(*i)++;
}

/* A "MEMBLOCK configuration:" dump's own text lines and regions. */
static bool dump_part(const struct cmasim_machine_op *op)
{
	return op->kind == CMASIM_OP_MEMBLOCK_STATE ||
	       (op->kind == CMASIM_OP_LOG_LINE && op->text[0] == ' ');
}

/* Compare, ignoring the %pS caller word that ends memblock_* lines. */
static bool same_but_caller(const char *ours, const char *theirs)
{
	const char *so = strrchr(ours, ' '), *st = strrchr(theirs, ' ');

	if (strncmp(theirs, "memblock_", 9))
		return !strcmp(ours, theirs);
	if (!so || !st || so - ours != st - theirs)
		return false;
	return !strncmp(ours, theirs, (size_t)(so - ours));
}

static void replay_capture(void **state, const struct replay *r)
{
	struct cmasim *sim = *state;
	char *text = tst_capture_text(r->dir, r->name);
	struct cmasim_machine *m = NULL;
	unsigned int dump = 0;
	char **want;
	size_t nops;

	assert_non_null(text);
	want = capture_memblock_lines(text, r->nlines);
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &m, NULL,
						 NULL, NULL), 0);
	free(text);
	nops = cmasim_machine_nr_ops(m);
	/* before parse_early_param(): the first dump's reservations */
	for (size_t i = 0; i < nops; i++) {
		const struct cmasim_machine_op *op = cmasim_machine_op(m, i);

		if (op->kind == CMASIM_OP_MEMBLOCK_STATE && op->dump == 1 &&
		    op->reserved)
			assert_int_equal(cmasim_memblock_reserve(sim, op->base,
								 op->size), 0);
	}
	dbg_on(state);
	for (size_t i = 0; i < nops && cmasim_dmesg_count(sim) < r->nlines; i++) {
		const struct cmasim_machine_op *op = cmasim_machine_op(m, i);

		switch (op->kind) {
		case CMASIM_OP_MEMBLOCK_ADD:
			if (op->nid >= 0)
				assert_int_equal(cmasim_memblock_add_node(sim,
						 op->base, op->size, op->nid, 0), 0);
			else
				assert_int_equal(cmasim_memblock_add(sim, op->base,
								     op->size), 0);
			break;
		case CMASIM_OP_MEMBLOCK_RESERVE:
			if (!strncmp(op->text, "memblock_alloc_range_nid", 24)) {
				if (!replay_calls(state, r, RW_AT_RESERVE,
						  op->base, NULL))
					fail_msg("log line %u: an allocation at 0x%llx that no line announces: name its call",
						 op->line,
						 (unsigned long long)op->base);
				break;
			}
			assert_int_equal(cmasim_memblock_reserve(sim, op->base,
								 op->size), 0);
			break;
		case CMASIM_OP_MEMBLOCK_PHYS_FREE:
			assert_int_equal(cmasim_memblock_phys_free(sim, op->base,
								   op->size), 0);
			break;
		case CMASIM_OP_MEMBLOCK_REMOVE:
			assert_int_equal(cmasim_memblock_remove(sim, op->base,
								op->size), 0);
			break;
		case CMASIM_OP_LOG_LINE:
			if (!strcmp(op->text, "MEMBLOCK configuration:")) {
				replay_calls(state, r, RW_BEFORE_DUMP, ++dump, NULL);
				assert_int_equal(cmasim_memblock_dump_all(sim), 0);
				while (i + 1 < nops &&
				       dump_part(cmasim_machine_op(m, i + 1)))
					i++;
			} else if (!strncmp(op->text, "memblock_", 9)) {
				replay_alloc(state, m, &i);
			}
			break;
		case CMASIM_OP_STAGE:
			replay_calls(state, r, RW_AT_STAGE, 0, op->text);
			break;
		case CMASIM_OP_MEMBLOCK_STATE:
			break;
		}
	}
	cmasim_machine_destroy(m);
	for (size_t i = 0; i < r->nlines && i < cmasim_dmesg_count(sim); i++) {
		const char *ours = cmasim_dmesg_line(sim, i, NULL);

		if (!same_but_caller(ours, want[i]))
			fail_msg("%s line %zu:\n ours:    %s\n capture: %s",
				 r->name, i, ours, want[i]);
	}
	if (cmasim_dmesg_count(sim) != r->nlines)
		fail_msg("%zu lines, the capture %zu", cmasim_dmesg_count(sim),
			 r->nlines);
	g_strfreev(want);
}

/*
 * oracle/s01 (Linux 6.1, x86_64, 512 MiB, no CMA), from the first
 * memblock=debug line to sparse_init()'s first allocation: the early
 * reserves and adds, the e820 trim, the dump, the real-mode and
 * page-table allocations, the ACPI tables, the faked node (memory and
 * reserved over node 0's memblk), NODE_DATA, the second dump.
 * Expect the capture's 41 memblock lines.
 */
static void test_replay_oracle_s01(void **state)
{
	static const struct replay_call calls[] = {
		/* e820__memblock_setup(): memblock_trim_memory(PAGE_SIZE) */
		{ .when = RW_BEFORE_DUMP, .key = 1, .kind = RC_TRIM,
		  .align = KB(4) },
		/* numa_register_memblks(): node 0 over [0, 0x1ffe0000) */
		{ .when = RW_AT_RESERVE, .key = 0x1feb9000, .kind = RC_SET_NODE,
		  .base = 0, .size = 0x1ffe0000, .type = MEMT, .nid = 0 },
		{ .when = RW_AT_RESERVE, .key = 0x1feb9000, .kind = RC_SET_NODE,
		  .base = 0, .size = 0x1ffe0000, .type = RSVT, .nid = 0 },
		/* alloc_node_data(): phys_alloc_try_nid(nd_size, SMP_CACHE_BYTES, 0) */
		{ .when = RW_AT_RESERVE, .key = 0x1feb9000,
		  .kind = RC_PHYS_ALLOC_TRY_NID, .size = 0x2b000,
		  .align = SMP_CACHE, .nid = 0, .want = 0x1feb9000 },
	};
	static const struct replay r = {
		"oracle", "s01_m512_nocma", 41, calls, CMS_ARRAY_SIZE(calls),
	};

	replay_capture(state, &r);
}

/*
 * oracle-612/s04 (Linux 6.12, 1 GiB, cma=64M), the same stretch and
 * beyond: 6.12 trims the node to memblock's start (0x1000), NODE_DATA is
 * cache aligned, then CMA's memblock_alloc_range_nid(64 MiB, 2 MiB, 0,
 * 0x3ffe0000, NUMA_NO_NODE, exact) and sparse_init()'s try_nid /
 * exact_nid_raw / try_nid_raw allocations.
 * Expect the capture's 53 memblock lines.
 */
static void test_replay_oracle_s04_612(void **state)
{
	static const struct replay_call calls[] = {
		{ .when = RW_BEFORE_DUMP, .key = 1, .kind = RC_TRIM,
		  .align = KB(4) },
		{ .when = RW_AT_RESERVE, .key = 0x3feb92c0, .kind = RC_SET_NODE,
		  .base = 0x1000, .size = 0x3ffdf000, .type = MEMT, .nid = 0 },
		{ .when = RW_AT_RESERVE, .key = 0x3feb92c0, .kind = RC_SET_NODE,
		  .base = 0x1000, .size = 0x3ffdf000, .type = RSVT, .nid = 0 },
		{ .when = RW_AT_RESERVE, .key = 0x3feb92c0,
		  .kind = RC_PHYS_ALLOC_TRY_NID, .size = 0x2ad40,
		  .align = SMP_CACHE, .nid = 0, .want = 0x3feb92c0 },
		/* dma_contiguous_reserve(): the 64 MiB area */
		{ .when = RW_AT_STAGE, .stage = "dma_contiguous_reserve",
		  .kind = RC_ALLOC_RANGE_NID, .size = MB(64), .align = MB(2),
		  .base = 0, .max = 0x3ffe0000, .nid = NNN,
		  .want = 0x3be00000 },
	};
	static const struct replay r = {
		"oracle-612", "s04_m1g_cma64M", 53, calls,
		CMS_ARRAY_SIZE(calls),
	};

	replay_capture(state, &r);
}

/* ================================================================== */
/* Invariant checker: corrupt through lib/memblock.h                   */

static void checker_expect(void **state, const char *needle)
{
	assert_errno(cms_memblock_check(*state), -EUCLEAN);
	assert_errno(cmasim_check(*state), -EUCLEAN);
	assert_true(tst_diag_contains(*state, needle));
}

/* A clean instance passes. */
static void test_memblock_check_clean(void **state)
{
	assert_int_equal(cmasim_memblock_add(*state, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_reserve(*state, MB(1), KB(4)), 0);
	assert_int_equal(cms_memblock_check(*state), 0);
}

/*
 * 32-bit arm on 6.1: the empty arrays hold one dummy region [0, 0).
 * Expect the checker to accept it (base + size - 1 must not be computed
 * for an empty region, it would wrap past the 32-bit PHYS_ADDR_MAX).
 */
static void test_memblock_check_arm_v61_empty_dummy(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.1", NULL);

	assert_int_equal(cms_memblock_check(sim), 0);
	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	tst_sim_free(sim);
}

/* Unsorted regions: expect -EUCLEAN naming the overlap. */
static void test_memblock_check_unsorted_fail(void **state)
{
	struct cmasim *sim = *state;
	struct cms_memblock_region saved;

	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(sim, MB(4), MB(1)), 0);
	saved = sim->memblock->memory.regions[0];
	sim->memblock->memory.regions[0] = sim->memblock->memory.regions[1];
	sim->memblock->memory.regions[1] = saved;
	checker_expect(state, "overlaps or precedes");
	sim->memblock->memory.regions[1] = sim->memblock->memory.regions[0];
	sim->memblock->memory.regions[0] = saved;
}

/* Touching compatible regions not merged. */
static void test_memblock_check_unmerged_fail(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(sim, MB(4), MB(1)), 0);
	sim->memblock->memory.regions[1].base = MB(2);
	checker_expect(state, "not merged");
	sim->memblock->memory.regions[1].base = MB(4);
}

/*
 *   add [0, 4G) node 0; mark_nomap [1G, 3G); mem_limit_remove_map(1.5G)
 *   memory: [0, 1G) | [1G, 1.5G) NOMAP | [1.5G, 3G) NOMAP
 * memblock_cap_memory_range() splits the NOMAP region at the cap, keeps
 * both halves and never merges them again, in both kernels.  Expect the
 * three regions and the checker happy.
 */
static void test_memblock_check_nomap_halves_after_cap(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_add_node(sim, 0, 4 * (UINT64_C(1) << 30), 0, 0),
			 0);
	assert_int_equal(cmasim_memblock_mark_nomap(sim, (UINT64_C(1) << 30), 2 * (UINT64_C(1) << 30)), 0);
	assert_int_equal(cmasim_memblock_mem_limit_remove_map(sim, 0x60000000),
			 0);
	assert_int_equal(cmasim_memblock_region_count(sim,
					CMASIM_MEMBLOCK_MEMORY), 3);
	assert_int_equal(cmasim_memblock_get_region(sim,
					CMASIM_MEMBLOCK_MEMORY, 2, &r), 0);
	assert_int_equal(r.base, 0x60000000);
	assert_int_equal(r.size, 0x60000000);
	assert_int_equal(r.flags, CMASIM_MEMBLOCK_NOMAP);
	assert_int_equal(cmasim_check(sim), 0);
}

/* total_size differs from the sum. */
static void test_memblock_check_total_fail(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_reserve(sim, MB(1), MB(1)), 0);
	sim->memblock->reserved.total_size++;
	checker_expect(state, "total_size");
	sim->memblock->reserved.total_size--;
}

/* A zero-size region. */
static void test_memblock_check_zero_size_fail(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MB(1), MB(1)), 0);
	assert_int_equal(cmasim_memblock_add(sim, MB(4), MB(1)), 0);
	sim->memblock->memory.regions[1].size = 0;
	sim->memblock->memory.total_size -= MB(1);
	checker_expect(state, "size 0");
	sim->memblock->memory.regions[1].size = MB(1);
	sim->memblock->memory.total_size += MB(1);
}

/* cnt above max. */
static void test_memblock_check_cnt_fail(void **state)
{
	struct cmasim *sim = *state;
	unsigned long c = sim->memblock->memory.cnt;

	sim->memblock->memory.cnt = sim->memblock->memory.max + 1;
	checker_expect(state, "cnt 129 > max 128");
	sim->memblock->memory.cnt = c;
}

/* A region that wraps past the top of the address space. */
static void test_memblock_check_wrap_fail(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, PMAX - MB(1), MB(1)), 0);
	sim->memblock->memory.regions[0].size = MB(2);
	sim->memblock->memory.total_size = MB(2);
	checker_expect(state, "wraps");
	sim->memblock->memory.regions[0].size = MB(1);
	sim->memblock->memory.total_size = MB(1);
}

/* ================================================================== */

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, teardown)
#define TN(f)	T(f)
#define TN_BU(f) T(f)

/* Tests independent of direction; run on 6.12 and on 6.1. */
static const struct CMUnitTest basic_tests[] = {
	T(test_memblock_init_state),
	T(test_debug_dump_empty_per_version),
	T(test_debug_dump_nid_minus_one_per_version),
	T(test_memblock_add_simple),
	T(test_memblock_add_node_simple),
	T(test_memblock_add_disjoint),
	T(test_memblock_add_overlap_top),
	T(test_memblock_add_overlap_bottom),
	T(test_memblock_add_within),
	T(test_memblock_add_twice),
	T(test_memblock_add_between),
	T(test_memblock_add_near_max),
	T(test_memblock_add_many),
	T(test_memblock_reserve_simple),
	T(test_memblock_reserve_disjoint),
	T(test_memblock_reserve_overlap_top),
	T(test_memblock_reserve_overlap_bottom),
	T(test_memblock_reserve_within),
	T(test_memblock_reserve_twice),
	T(test_memblock_reserve_between),
	T(test_memblock_add_node_joins_same_node_only),
	T(test_memblock_reserve_near_max),
	T(test_memblock_reserve_many),
	T(test_memblock_reserve_all_locations),
	T(test_memblock_remove_simple),
	T(test_memblock_remove_absent),
	T(test_memblock_remove_overlap_top),
	T(test_memblock_remove_overlap_bottom),
	T(test_memblock_remove_within),
	T(test_memblock_remove_only_region),
	T(test_memblock_remove_near_max),
	T(test_memblock_remove_overlap_two),
	T(test_memblock_free_simple),
	T(test_memblock_free_absent),
	T(test_memblock_free_overlap_top),
	T(test_memblock_free_overlap_bottom),
	T(test_memblock_free_within),
	T(test_memblock_free_only_region),
	T(test_memblock_free_near_max),
	T(test_memblock_free_overlap_two),
	T(test_memblock_set_bottom_up),
	T(test_memblock_trim_memory_aligned),
	T(test_memblock_trim_memory_too_small),
	T(test_memblock_trim_memory_unaligned_base),
	T(test_memblock_trim_memory_unaligned_end),
	T(test_memblock_trim_memory_all),
	T(test_trim_memory_keeps_total_like_capture),
	T(test_memblock_trim_memory_bad_align),
	T(test_memblock_overlaps_region),
	T(test_double_array_refused_before_resize),
	T(test_double_array_no_room),
	T(test_enforce_memory_limit),
	T(test_enforce_memory_limit_noop),
	T(test_cap_memory_range_keeps_nomap),
	T(test_cap_memory_range_no_memory),
	T(test_mem_limit_remove_map),
	T(test_mark_clear_hotplug_merge),
	T(test_driver_managed_skipped),
	T(test_mark_mirror_needs_kernelcore),
	T(test_reserved_mark_noinit),
	T(test_set_node_split_merge),
	T(test_add_node_any_args),
	T(test_add_no_merge_incompatible),
	T(test_zero_size_noop),
	T(test_queries),
	T(test_get_region_range),
	T(test_find_in_range_node_no_reserve),
	T(test_for_each_free_range_fwd_rev),
	T(test_for_each_free_range_stop),
	T(test_for_each_free_range_nid),
	T(test_for_each_free_range_flags),
	T(test_for_each_mem_and_reserved_range),
	T(test_next_free_range_protocol),
	T(test_mem_pfn_range),
	T(test_phase_after_handover),
	T(test_memblock_check_clean),
	T(test_memblock_check_unsorted_fail),
	T(test_memblock_check_unmerged_fail),
	T(test_memblock_check_nomap_halves_after_cap),
	T(test_memblock_check_total_fail),
	T(test_memblock_check_zero_size_fail),
	T(test_memblock_check_cnt_fail),
	T(test_memblock_check_wrap_fail),
};

/* Allocation tests whose expectations depend on the direction. */
static const struct CMUnitTest alloc_tests[] = {
	T(test_find_in_range_node_matches_the_walk),
	T(test_alloc_simple),
	T(test_alloc_disjoint),
	T(test_alloc_before),
	T(test_alloc_after),
	T(test_alloc_second_fit),
	T(test_alloc_in_between),
	T(test_alloc_small_gaps),
	T(test_alloc_all_reserved),
	T(test_alloc_no_space),
	T(test_alloc_limited_space),
	T(test_alloc_no_memory),
	T(test_alloc_too_large),
	T(test_alloc_never_page0),
	T(test_alloc_align_zero),
	T(test_alloc_bad_align),
	T(test_alloc_current_limit),
	T(test_alloc_from_simple),
	T(test_alloc_from_misaligned),
	T(test_alloc_from_high_addr),
	T(test_alloc_from_no_space_above),
	T(test_alloc_from_min_addr_cap),
	T(test_alloc_nid_simple),
	T(test_alloc_nid_misaligned),
	T(test_alloc_nid_exact_address),
	T(test_alloc_nid_narrow_range),
	T(test_alloc_nid_low_max),
	T(test_alloc_nid_min_reserved),
	T(test_alloc_nid_max_reserved),
	T(test_alloc_nid_reserved_with_space),
	T(test_alloc_nid_reserved_full_merge),
	T(test_alloc_nid_reserved_no_space),
	T(test_alloc_nid_reserved_all),
	T(test_alloc_nid_cap_max),
	T(test_alloc_nid_cap_min),
	T(test_nomap_skipped),
	T(test_mirror_preferred),
	T(test_mirror_fallback_message),
	T(test_movable_node_skips_hotplug),
};

/* NUMA layout tests (setup_numa_memblock), both directions. */
static const struct CMUnitTest numa_tests[] = {
	TN(test_alloc_nid_numa_simple),
	TN(test_alloc_nid_numa_small_node),
	TN(test_alloc_nid_numa_node_reserved),
	TN(test_alloc_nid_numa_part_reserved),
	TN(test_alloc_nid_numa_part_reserved_fallback),
	TN(test_alloc_nid_numa_split_range_low),
	TN(test_alloc_nid_numa_split_range_high),
	TN(test_alloc_nid_numa_no_overlap_split),
	TN(test_alloc_nid_numa_no_overlap_low),
	TN(test_alloc_nid_numa_no_overlap_high),
	TN(test_alloc_nid_numa_large_region),
	TN(test_alloc_nid_numa_reserved_full_merge),
	TN(test_alloc_nid_numa_split_all_reserved),
	TN(test_alloc_node_on_correct_nid),
	TN(test_alloc_exact_nid_numa_simple),
	TN(test_alloc_exact_nid_numa_part_reserved),
	TN(test_alloc_exact_nid_numa_split_range_low),
	TN(test_alloc_exact_nid_numa_no_overlap_split),
	TN(test_alloc_exact_nid_numa_no_overlap_low),
	TN(test_alloc_exact_nid_numa_small_node),
	TN(test_alloc_exact_nid_numa_node_reserved),
	TN(test_alloc_exact_nid_numa_part_reserved_fail),
	TN(test_alloc_exact_nid_numa_split_range_high),
	TN(test_alloc_exact_nid_numa_no_overlap_high),
	TN(test_alloc_exact_nid_numa_large_region),
	TN(test_alloc_exact_nid_numa_reserved_full_merge),
	TN(test_alloc_exact_nid_numa_split_all_reserved),
	TN(test_alloc_range_nid_exact_flag),
};

/* memblock=debug lines and doubling: top-down 6.12. */
static const struct CMUnitTest debug_tests[] = {
	T(test_debug_memblock_add_line),
	T(test_debug_off_is_silent),
	T(test_debug_add_node_line),
	T(test_debug_reserve_remove_free_lines),
	T(test_debug_phys_alloc_range_lines),
	T(test_debug_alloc_try_nid_line),
	T(test_debug_alloc_raw_and_exact_lines),
	T(test_debug_phys_alloc_try_nid_only_reserve),
	T(test_debug_dump_no_node),
	T(test_debug_dump_on_node),
	T(test_debug_dump_flags),
	T(test_debug_dump_all_gated),
	T(test_debug_dump_no_numa),
	T(test_debug_arm32_width),
	T(test_debug_double_array_line),
	T(test_debug_double_array_before_join),
	T(test_double_array_twice_frees_old),
	T(test_v612_max_numnodes_any),
	T(test_init_array_sizes_per_arch),
	T(test_remove_isolate_wants_two_spare),
	T(test_null_arguments),
	T(test_validate_numa_coverage),
};

static const struct CMUnitTest v61_only_tests[] = {
	T(test_v61_max_numnodes_warns),
	T(test_v61_max_numnodes_warns_once_per_site),
	T(test_memblock_check_arm_v61_empty_dummy),
};

/* The capture replays: left out without $CMASIM_SHARED. */
static const struct CMUnitTest replay_61_tests[] = {
	T(test_replay_oracle_s01),
};

static const struct CMUnitTest replay_612_tests[] = {
	T(test_replay_oracle_s04_612),
};

/*
 * One TAP plan for the whole executable: each table is copied once per
 * (kernel, direction) it runs under, with that variant as the test's
 * initial state and in its name.
 */
struct table_run {
	const struct CMUnitTest *tests;
	size_t count;
	const struct fx_params *params;
	const char *label;
};

#define RUN(tbl, p, label) { tbl, CMS_ARRAY_SIZE(tbl), &(p), label }

int main(void)
{
	static const struct table_run runs[] = {
		RUN(basic_tests, p612_td, "6.12"),
		RUN(basic_tests, p61_td, "6.1"),
		RUN(alloc_tests, p612_td, "6.12 top-down"),
		RUN(alloc_tests, p612_bu, "6.12 bottom-up"),
		RUN(alloc_tests, p61_td, "6.1 top-down"),
		RUN(alloc_tests, p61_bu, "6.1 bottom-up"),
		RUN(numa_tests, p612_numa_td, "6.12 NUMA top-down"),
		RUN(numa_tests, p612_numa_bu, "6.12 NUMA bottom-up"),
		RUN(numa_tests, p61_numa_td, "6.1 NUMA top-down"),
		RUN(numa_tests, p61_numa_bu, "6.1 NUMA bottom-up"),
		RUN(debug_tests, p612_td, "6.12"),
		RUN(v61_only_tests, p61_td, "6.1"),
		RUN(replay_61_tests, p61_td, "6.1"),
		RUN(replay_612_tests, p612_td, "6.12"),
	};
	static const struct tst_capture captures[] = {
		{ "oracle", "s01_m512_nocma", 0, 0 },
		{ "oracle-612", "s04_m1g_cma64M", 0, 0 },
	};
	size_t nruns = CMS_ARRAY_SIZE(runs);
	struct CMUnitTest *all;
	size_t n = 0, k = 0;
	int ret;

	if (!tst_captures_present(captures, CMS_ARRAY_SIZE(captures))) {
		printf("# capture replays left out: no captures under $CMASIM_SHARED\n");
		nruns -= 2;
	}
	for (size_t r = 0; r < nruns; r++)
		n += runs[r].count;
	all = calloc(n, sizeof(*all));
	if (!all)
		return 1;
	for (size_t r = 0; r < nruns; r++) {
		for (size_t i = 0; i < runs[r].count; i++, k++) {
			all[k] = runs[r].tests[i];
			all[k].name = g_strdup_printf("%s [%s]",
						      runs[r].tests[i].name,
						      runs[r].label);
			all[k].initial_state = (void *)runs[r].params;
		}
	}
	ret = _cmocka_run_group_tests("memblock", all, n, NULL, NULL);
	for (k = 0; k < n; k++)
		g_free((char *)all[k].name);
	free(all);
	return ret;
}
