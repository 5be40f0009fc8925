// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/memblock_api.c: every public cmasim_memblock_* entry
 * point's argument checks, its phase check (memblock exists before the
 * buddy handover; after it the mutating calls fail with -EPERM and a
 * "client bug:" diagnostic and change nothing) and its errnos, as
 * include/cmasim/memblock.h documents them.  Where the kernel has a rule
 * the expected value is the kernel's: memblock_cap_size() clamps a range
 * at PHYS_ADDR_MAX, memblock_mark_mirror() is a no-op without
 * kernelcore=mirror, memblock_alloc_range_nid() turns align 0 into
 * SMP_CACHE_BYTES (64) and never returns page 0, memblock_alloc_internal()
 * clamps max_addr to the current limit and retries without min_addr,
 * memblock_cap_memory_range() warns "No memory registered yet", a full
 * array before memblock_allow_resize() fails (6.1: -ENOMEM; 6.12 panics),
 * MEMBLOCK_RSRV_NOINIT exists in 6.12 only.  The behaviour behind the
 * calls (merging, splitting, placement) is test-memblock's subject.
 * Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))
#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)
#define MEM CMASIM_MEMBLOCK_MEMORY
#define RSV CMASIM_MEMBLOCK_RESERVED
#define NNN CMASIM_NUMA_NO_NODE

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

/* The count of an empty array: 6.1 keeps one dummy entry. */
static unsigned long empty_cnt(const struct cmasim *sim)
{
	return is_v61(sim) ? 1 : 0;
}

static void region_is(struct cmasim *sim, enum cmasim_memblock_type t,
		      unsigned long idx, uint64_t base, uint64_t size,
		      unsigned int flags)
{
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_get_region(sim, t, idx, &r), 0);
	assert_int_equal(r.base, base);
	assert_int_equal(r.size, size);
	assert_int_equal(r.flags, flags);
}

/* Memory [1M, 1G) with [1M, 2M) reserved: the usual small layout. */
static void small_layout(struct cmasim *sim)
{
	assert_int_equal(cmasim_memblock_add(sim, MiB, GiB - MiB), 0);
	assert_int_equal(cmasim_memblock_reserve(sim, MiB, MiB), 0);
}

static int stop_at_second(cmasim_phys_addr_t s, cmasim_phys_addr_t e,
			  int nid, void *data)
{
	int *n = data;

	(void)s;
	(void)e;
	(void)nid;
	return ++*n == 2 ? 42 : 0;
}

/* ---- NULL instance ---- */

/*
 *   sim == NULL
 * Expect every int-returning entry to give -EINVAL, and every query
 * false, 0 or an empty answer, without crashing.
 */
static void test_null_instance(void **state)
{
	struct cmasim_memblock_region r;
	cmasim_phys_addr_t b = 0;
	int n = 0;

	(void)state;
	assert_errno(cmasim_memblock_add(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_add_node(NULL, MiB, MiB, 0, 0), -EINVAL);
	assert_errno(cmasim_memblock_remove(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_reserve(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_phys_free(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_mark_hotplug(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_clear_hotplug(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_mark_mirror(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_clear_mirror(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_mark_nomap(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_clear_nomap(NULL, MiB, MiB), -EINVAL);
	assert_errno(cmasim_memblock_reserved_mark_noinit(NULL, MiB, MiB),
		     -EINVAL);
	assert_errno(cmasim_memblock_set_node(NULL, MiB, MiB, MEM, 0),
		     -EINVAL);
	assert_errno(cmasim_memblock_set_debug(NULL, true), -EINVAL);
	assert_errno(cmasim_memblock_set_movable_node(NULL, true), -EINVAL);
	assert_errno(cmasim_memblock_set_mirrored_kernelcore(NULL, true),
		     -EINVAL);
	assert_errno(cmasim_memblock_set_bottom_up(NULL, true), -EINVAL);
	assert_errno(cmasim_memblock_set_current_limit(NULL, GiB), -EINVAL);
	assert_errno(cmasim_memblock_allow_resize(NULL), -EINVAL);
	assert_errno(cmasim_memblock_alloc_range_nid(NULL, 4096, 4096, 0, 0,
						     NNN, false, &b), -EINVAL);
	assert_errno(cmasim_memblock_phys_alloc_range(NULL, 4096, 4096, 0, 0,
						      &b), -EINVAL);
	assert_errno(cmasim_memblock_phys_alloc(NULL, 4096, 4096, &b),
		     -EINVAL);
	assert_errno(cmasim_memblock_phys_alloc_try_nid(NULL, 4096, 4096, NNN,
							&b), -EINVAL);
	assert_errno(cmasim_memblock_alloc_try_nid(NULL, 4096, 4096, 0, 0, NNN,
						   &b), -EINVAL);
	assert_errno(cmasim_memblock_alloc_try_nid_raw(NULL, 4096, 4096, 0, 0,
						       NNN, &b), -EINVAL);
	assert_errno(cmasim_memblock_alloc_exact_nid_raw(NULL, 4096, 4096, 0,
							 0, 0, &b), -EINVAL);
	assert_errno(cmasim_memblock_find_in_range_node(NULL, 4096, 4096, 0,
							0, NNN, 0, &b),
		     -EINVAL);
	assert_errno(cmasim_memblock_trim_memory(NULL, 4096), -EINVAL);
	assert_errno(cmasim_memblock_enforce_memory_limit(NULL, GiB), -EINVAL);
	assert_errno(cmasim_memblock_cap_memory_range(NULL, 0, GiB), -EINVAL);
	assert_errno(cmasim_memblock_mem_limit_remove_map(NULL, GiB), -EINVAL);
	assert_errno(cmasim_memblock_get_region(NULL, MEM, 0, &r), -EINVAL);
	assert_errno(cmasim_memblock_for_each_free_range(NULL, NNN, 0, false,
							 stop_at_second, &n),
		     -EINVAL);
	assert_errno(cmasim_memblock_for_each_mem_range(NULL, false,
							stop_at_second, &n),
		     -EINVAL);
	assert_errno(cmasim_memblock_for_each_reserved_range(NULL,
							     stop_at_second,
							     &n), -EINVAL);
	assert_errno(cmasim_memblock_dump(NULL), -EINVAL);
	assert_errno(cmasim_memblock_dump_all(NULL), -EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(b, 0);
	assert_false(cmasim_memblock_bottom_up(NULL));
	assert_int_equal(cmasim_memblock_get_current_limit(NULL), 0);
	assert_int_equal(cmasim_memblock_phys_mem_size(NULL), 0);
	assert_int_equal(cmasim_memblock_reserved_size(NULL), 0);
	assert_int_equal(cmasim_memblock_start_of_DRAM(NULL), 0);
	assert_int_equal(cmasim_memblock_end_of_DRAM(NULL), 0);
	assert_false(cmasim_memblock_is_memory(NULL, MiB));
	assert_false(cmasim_memblock_is_map_memory(NULL, MiB));
	assert_false(cmasim_memblock_is_reserved(NULL, MiB));
	assert_false(cmasim_memblock_is_region_memory(NULL, MiB, MiB));
	assert_false(cmasim_memblock_is_region_reserved(NULL, MiB, MiB));
	assert_false(cmasim_memblock_overlaps_region(NULL, MEM, MiB, MiB));
	assert_int_equal(cmasim_memblock_region_count(NULL, MEM), 0);
}

#define NR_MUTATING 28

/*
 * Mutating entry @i, called with arguments valid in the early phase;
 * *@name is the kernel function its diagnostic names.  An allocation's
 * result must stay untouched when it fails.
 */
static int mutate(struct cmasim *s, unsigned int i, const char **name)
{
	cmasim_phys_addr_t b = 1;
	int ret;

	switch (i) {
	case 0:
		*name = "memblock_add";
		return cmasim_memblock_add(s, 2 * GiB, MiB);
	case 1:
		*name = "memblock_add_node";
		return cmasim_memblock_add_node(s, 2 * GiB, MiB, 0, 0);
	case 2:
		*name = "memblock_remove";
		return cmasim_memblock_remove(s, 512 * MiB, MiB);
	case 3:
		*name = "memblock_reserve";
		return cmasim_memblock_reserve(s, 512 * MiB, MiB);
	case 4:
		*name = "memblock_phys_free";
		return cmasim_memblock_phys_free(s, 0, MiB);
	case 5:
		*name = "memblock_mark_hotplug";
		return cmasim_memblock_mark_hotplug(s, 512 * MiB, MiB);
	case 6:
		*name = "memblock_clear_hotplug";
		return cmasim_memblock_clear_hotplug(s, 512 * MiB, MiB);
	case 7:
		*name = "memblock_mark_mirror";
		return cmasim_memblock_mark_mirror(s, 512 * MiB, MiB);
	case 8:
		*name = "memblock_clear_mirror";
		return cmasim_memblock_clear_mirror(s, 512 * MiB, MiB);
	case 9:
		*name = "memblock_mark_nomap";
		return cmasim_memblock_mark_nomap(s, 512 * MiB, MiB);
	case 10:
		*name = "memblock_clear_nomap";
		return cmasim_memblock_clear_nomap(s, 512 * MiB, MiB);
	case 11:
		*name = "memblock_set_node";
		return cmasim_memblock_set_node(s, 0, GiB, MEM, 0);
	case 12:
		*name = "movable_node";
		return cmasim_memblock_set_movable_node(s, true);
	case 13:
		*name = "kernelcore=mirror";
		return cmasim_memblock_set_mirrored_kernelcore(s, true);
	case 14:
		*name = "memblock_set_bottom_up";
		return cmasim_memblock_set_bottom_up(s, true);
	case 15:
		*name = "memblock_set_current_limit";
		return cmasim_memblock_set_current_limit(s, 16 * MiB);
	case 16:
		*name = "memblock_allow_resize";
		return cmasim_memblock_allow_resize(s);
	case 17:
		*name = "memblock_alloc_range_nid";
		ret = cmasim_memblock_alloc_range_nid(s, 4096, 4096, 0, GiB,
						      NNN, false, &b);
		break;
	case 18:
		*name = "memblock_phys_alloc_range";
		ret = cmasim_memblock_phys_alloc_range(s, 4096, 4096, 0, GiB,
						       &b);
		break;
	case 19:
		*name = "memblock_phys_alloc_range";
		ret = cmasim_memblock_phys_alloc(s, 4096, 4096, &b);
		break;
	case 20:
		*name = "memblock_phys_alloc_try_nid";
		ret = cmasim_memblock_phys_alloc_try_nid(s, 4096, 4096, 0, &b);
		break;
	case 21:
		*name = "memblock_alloc_try_nid";
		ret = cmasim_memblock_alloc_try_nid(s, 4096, 4096, 0, 0, NNN,
						    &b);
		break;
	case 22:
		*name = "memblock_alloc_try_nid_raw";
		ret = cmasim_memblock_alloc_try_nid_raw(s, 4096, 4096, 0, 0,
							NNN, &b);
		break;
	case 23:
		*name = "memblock_alloc_exact_nid_raw";
		ret = cmasim_memblock_alloc_exact_nid_raw(s, 4096, 4096, 0, 0,
							  0, &b);
		break;
	case 24:
		*name = "memblock_trim_memory";
		return cmasim_memblock_trim_memory(s, 2 * MiB);
	case 25:
		*name = "memblock_enforce_memory_limit";
		return cmasim_memblock_enforce_memory_limit(s, 512 * MiB);
	case 26:
		*name = "memblock_cap_memory_range";
		return cmasim_memblock_cap_memory_range(s, 0, 512 * MiB);
	case 27:
		*name = "memblock_mem_limit_remove_map";
		return cmasim_memblock_mem_limit_remove_map(s, 512 * MiB);
	default:
		fail_msg("no mutating call %u", i);
		return 0;
	}
	if (ret)
		assert_int_equal(b, 1);
	return ret;
}

/*
 *   memory  [1M ........................................ 1G)
 *   reserved [1M, 2M)         early-boot phase: memblock is there
 * Expect each mutating entry to succeed before the handover, with no
 * diagnostic, and the queries and dumps too.
 */
static void test_early_phase_accepts_every_call(void **state)
{
	struct cmasim *sim = *state;

	small_layout(sim);
	for (unsigned int i = 0; i < NR_MUTATING; i++) {
		const char *name = NULL;
		int ret = mutate(sim, i, &name);

		if (ret)
			fail_msg("call %u (%s) in the early phase: %s", i,
				 name, tst_errno_name(ret));
	}
	assert_int_equal(cmasim_memblock_dump(sim), 0);
	assert_int_equal(cmasim_memblock_dump_all(sim), 0);
	assert_int_equal(cmasim_diag_count(sim), 0);
	assert_true(cmasim_memblock_bottom_up(sim));
	assert_int_equal(cmasim_memblock_get_current_limit(sim), 16 * MiB);
}

/* A snapshot of what the calls could change. */
struct mb_state {
	unsigned long cnt[2];
	cmasim_phys_addr_t mem, rsv, limit;
	bool bottom_up;
};

static void snap(const struct cmasim *sim, struct mb_state *s)
{
	memset(s, 0, sizeof(*s));
	s->cnt[0] = cmasim_memblock_region_count(sim, MEM);
	s->cnt[1] = cmasim_memblock_region_count(sim, RSV);
	s->mem = cmasim_memblock_phys_mem_size(sim);
	s->rsv = cmasim_memblock_reserved_size(sim);
	s->limit = cmasim_memblock_get_current_limit(sim);
	s->bottom_up = cmasim_memblock_bottom_up(sim);
}

/*
 *   boot: memblock setup ... memblock_free_all() | running
 *                                                  ^ every mutating call
 *   -> -EPERM, "client bug: <fn>() after the buddy handover: ..."
 * Expect each mutating entry refused after the handover with one
 * diagnostic naming it, and memblock left exactly as the boot left it.
 */
static void test_after_handover_every_mutation_eperm(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1,
					 "", NULL);
	struct mb_state before, after;

	snap(sim, &before);
	for (unsigned int i = 0; i < NR_MUTATING; i++) {
		size_t nd = cmasim_diag_count(sim);
		const char *name = NULL;
		char want[96];
		int ret = mutate(sim, i, &name);

		if (ret != -EPERM)
			fail_msg("call %u (%s) after the handover: %s",
				 i, name, tst_errno_name(ret));
		snprintf(want, sizeof(want),
			 "client bug: %s() after the buddy handover", name);
		assert_int_equal(cmasim_diag_count(sim), nd + 1);
		if (!strstr(cmasim_diag_line(sim, nd, NULL), want))
			fail_msg("call %u: diagnostic \"%s\", expected \"%s\"",
				 i, cmasim_diag_line(sim, nd, NULL), want);
	}
	snap(sim, &after);
	assert_memory_equal(&before, &after, sizeof(before));
	tst_sim_free(sim);
}

/*
 *   running: queries, walks and dumps still answer (nothing changes)
 *   [mem 0x1000-0x9efff] [mem 0x100000-0x3ffdffff] (s04's memory)
 * Expect the read-only entries to work after the handover, reading the
 * state the boot left: two memory regions of the 1 GiB pc.
 */
static void test_after_handover_queries_work(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1,
					 "", NULL);
	size_t nd = cmasim_diag_count(sim);
	cmasim_phys_addr_t b = 0;
	int n = 0;

	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 2);
	region_is(sim, MEM, 0, 0x1000, 0x9e000, 0);
	region_is(sim, MEM, 1, 0x100000, 0x3fee0000, 0);
	assert_int_equal(cmasim_memblock_start_of_DRAM(sim), 0x1000);
	assert_int_equal(cmasim_memblock_end_of_DRAM(sim), 0x3ffe0000);
	assert_true(cmasim_memblock_is_memory(sim, 0x100000));
	assert_false(cmasim_memblock_is_memory(sim, 0xa0000));
	assert_true(cmasim_memblock_is_reserved(sim, 0));
	assert_errno(cmasim_memblock_for_each_mem_range(sim, false,
							stop_at_second, &n),
		     42);
	assert_int_equal(cmasim_memblock_find_in_range_node(sim, 4096, 4096,
							    0, GiB, NNN, 0,
							    &b), 0);
	assert_int_not_equal(b, 0);
	assert_int_equal(cmasim_memblock_dump(sim), 0);
	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);
	/* none of them is a misuse */
	assert_int_equal(cmasim_diag_count(sim), nd);
	tst_sim_free(sim);
}

/* ---- Ranges: add, reserve, remove, free ---- */

/*
 *   [2^64 - 1M ............ 2^64)   add(base, 2M) runs past the top
 *   kept: [2^64 - 1M, 2^64 - 1)     memblock_cap_size(): PHYS_ADDR_MAX - base
 * Expect a range past PHYS_ADDR_MAX clamped to end one byte short of it,
 * and size 0 a successful no-op.
 */
static void test_add_caps_at_phys_addr_max(void **state)
{
	struct cmasim *sim = *state;
	const uint64_t base = UINT64_MAX - MiB + 1;

	assert_int_equal(cmasim_memblock_add(sim, base, 2 * MiB), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 1);
	region_is(sim, MEM, 0, base, MiB - 1, 0);
	assert_int_equal(cmasim_memblock_reserve(sim, MiB, 0), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, RSV),
			 empty_cnt(sim));
	assert_int_equal(cmasim_memblock_reserved_size(sim), 0);
}

/*
 *   32-bit arm: phys_addr_t is 32 bits; base 4G does not fit
 * Expect each range entry to refuse a base above 0xffffffff with
 * -EINVAL and a diagnostic naming the kernel function; 0xfffff000 fits.
 */
static void test_arm32_base_beyond_phys_addr(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", tst_kernel_name(*state), NULL);
	const uint64_t far = UINT64_C(0x100000000);

	assert_errno(cmasim_memblock_add(sim, far, MiB), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: memblock_add(): base 0x100000000 does not fit a 32-bit phys_addr_t"));
	assert_errno(cmasim_memblock_add_node(sim, far, MiB, 0, 0), -EINVAL);
	assert_errno(cmasim_memblock_reserve(sim, far, MiB), -EINVAL);
	assert_errno(cmasim_memblock_remove(sim, far, MiB), -EINVAL);
	assert_errno(cmasim_memblock_phys_free(sim, far, MiB), -EINVAL);
	assert_errno(cmasim_memblock_mark_nomap(sim, far, MiB), -EINVAL);
	assert_errno(cmasim_memblock_set_node(sim, far, MiB, MEM, 0), -EINVAL);
	assert_int_equal(cmasim_memblock_add(sim, 0xfffff000, 0x1000), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 1);
	tst_sim_free(sim);
}

/*
 *   add_node: flags 0x20 (no such flag) | 0x10 RSRV_NOINIT on memory
 *             nid -2 | nid 65 (MAX_NUMNODES 64 with NODES_SHIFT 6)
 * Neither kernel checks the node or the flags of memblock_add_node():
 * expect each range added as given, and the checker happy.
 */
static void test_add_node_takes_any_nid_and_flags(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_memblock_region r;

	assert_int_equal(cmasim_memblock_add_node(sim, MiB, MiB, 0, 0x20), 0);
	assert_int_equal(cmasim_memblock_add_node(sim, 4 * MiB, MiB, 0,
					CMASIM_MEMBLOCK_RSRV_NOINIT), 0);
	assert_int_equal(cmasim_memblock_add_node(sim, 8 * MiB, MiB, -2, 0),
			 0);
	assert_int_equal(cmasim_memblock_add_node(sim, 16 * MiB, MiB, 65, 0),
			 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 4);
	region_is(sim, MEM, 0, MiB, MiB, 0x20);
	region_is(sim, MEM, 1, 4 * MiB, MiB, CMASIM_MEMBLOCK_RSRV_NOINIT);
	assert_int_equal(cmasim_memblock_get_region(sim, MEM, 2, &r), 0);
	assert_int_equal(r.nid, -2);
	assert_int_equal(cmasim_memblock_get_region(sim, MEM, 3, &r), 0);
	assert_int_equal(r.nid, 65);
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 *   node 0 [1M, 512M)   node 1 [512M, 1G)
 *   alloc_range_nid(4K, nid N, exact?) for N = 17 (no memory), -2, 65
 * 6.12 takes a nid that is not numa_valid_node() (-2, 65) as any node;
 * 6.1 looks for regions of exactly that node and finds none.  A valid
 * node without memory (17) finds nothing in both.  Without exact_nid
 * both fall back to NUMA_NO_NODE.  Expect the top of node 1 whenever
 * something is found, -ENOMEM otherwise.
 */
static void test_alloc_nid_outside_the_nodes(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = is_v61(sim);
	static const int nids[] = { 17, -2, 65 };
	cmasim_phys_addr_t b;

	assert_int_equal(cmasim_memblock_add_node(sim, MiB, 511 * MiB, 0, 0),
			 0);
	assert_int_equal(cmasim_memblock_add_node(sim, 512 * MiB, 512 * MiB,
						  1, 0), 0);
	for (size_t i = 0; i < NR_OF(nids); i++) {
		bool any = !v61 && nids[i] != 17;

		b = 0;
		assert_int_equal(cmasim_memblock_alloc_range_nid(sim, 4096,
				4096, 0, GiB, nids[i], false, &b), 0);
		assert_int_equal(b, GiB - 4096);
		assert_int_equal(cmasim_memblock_phys_free(sim, b, 4096), 0);
		b = 0;
		assert_errno(cmasim_memblock_alloc_range_nid(sim, 4096, 4096,
				0, GiB, nids[i], true, &b), any ? 0 : -ENOMEM);
		if (any) {
			assert_int_equal(b, GiB - 4096);
			assert_int_equal(cmasim_memblock_phys_free(sim, b,
								   4096), 0);
		}
	}
	assert_int_equal(cmasim_memblock_region_count(sim, RSV),
			 empty_cnt(sim));
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 *   node 0 [1M, 512M)   node 1 [512M, 1G)
 *   search_pfn_nid(768M >> 12) -> node 1, pfns [0x20000, 0x40000)
 *   search_pfn_nid(0)          -> -ENOENT (no region)
 * Expect the region and node of a pfn, and nothing written for a pfn in
 * no region.
 */
static void test_search_pfn_nid(void **state)
{
	struct cmasim *sim = *state;
	cmasim_pfn_t s = 7, e = 7;
	int nid = 7;

	assert_int_equal(cmasim_memblock_add_node(sim, MiB, 511 * MiB, 0, 0),
			 0);
	assert_int_equal(cmasim_memblock_add_node(sim, 512 * MiB, 512 * MiB,
						  1, 0), 0);
	assert_errno(cmasim_memblock_search_pfn_nid(sim, 0, &s, &e, &nid),
		     -ENOENT);
	assert_int_equal(s, 7);
	assert_int_equal(nid, 7);
	assert_errno(cmasim_memblock_search_pfn_nid(sim, (768 * MiB) >> 12,
						    &s, &e, &nid), 0);
	assert_int_equal(nid, 1);
	assert_int_equal(s, 0x20000);
	assert_int_equal(e, 0x40000);
	assert_errno(cmasim_memblock_search_pfn_nid(sim, 0x100, NULL, NULL,
						    &nid), 0);
	assert_int_equal(nid, 0);
}

/*
 *   memory [1M, 1G); kernelcore=mirror; mirror [256M, 258M)
 *   find_in_range(4K)  -> top of the mirror: 258M - 4K
 *   find_in_range(4M)  -> no mirror fits: warning, then top: 1G - 4M
 * Expect the mirror state readable, mirrored memory searched first, and
 * the fallback with the kernel's warning; nothing reserved.
 */
static void test_find_in_range_mirror_first(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 0;
	cmasim_phys_addr_t rsv;

	small_layout(sim);
	rsv = cmasim_memblock_reserved_size(sim);
	assert_false(cmasim_memblock_has_mirror(sim));
	assert_false(cmasim_memblock_get_mirrored_kernelcore(sim));
	assert_int_equal(cmasim_memblock_set_mirrored_kernelcore(sim, true), 0);
	assert_true(cmasim_memblock_get_mirrored_kernelcore(sim));
	assert_int_equal(cmasim_memblock_mark_mirror(sim, 256 * MiB, 2 * MiB),
			 0);
	assert_true(cmasim_memblock_has_mirror(sim));
	assert_errno(cmasim_memblock_find_in_range(sim, 0,
			CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, 4096, 4096, &b), 0);
	assert_int_equal(b, 258 * MiB - 4096);
	assert_false(tst_dmesg_has(sim, "Could not allocate 0x0000000000400000 bytes of mirrored memory"));
	assert_errno(cmasim_memblock_find_in_range(sim, 0,
			CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, 4 * MiB, 4096, &b),
		     0);
	assert_int_equal(b, GiB - 4 * MiB);
	assert_true(tst_dmesg_has(sim, "Could not allocate 0x0000000000400000 bytes of mirrored memory"));
	assert_errno(cmasim_memblock_find_in_range(sim, 0, 2 * MiB, 4 * MiB,
						   4096, &b), -ENOMEM);
	assert_int_equal(cmasim_memblock_reserved_size(sim), rsv);
}

/* ---- Flags ---- */

/*
 *   [1M ................ 1G)      mark_mirror [8M, 9M)
 *   without kernelcore=mirror: nothing happens
 *   with it:  [1M, 8M) [8M, 9M) MIRROR [9M, 1G)
 * Expect memblock_mark_mirror() to be a no-op without kernelcore=mirror,
 * and to split and flag the range with it.
 */
static void test_mark_mirror_needs_kernelcore(void **state)
{
	struct cmasim *sim = *state;

	small_layout(sim);
	assert_int_equal(cmasim_memblock_mark_mirror(sim, 8 * MiB, MiB), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 1);
	region_is(sim, MEM, 0, MiB, GiB - MiB, 0);
	assert_int_equal(cmasim_memblock_set_mirrored_kernelcore(sim, true), 0);
	assert_int_equal(cmasim_memblock_mark_mirror(sim, 8 * MiB, MiB), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 3);
	region_is(sim, MEM, 1, 8 * MiB, MiB, CMASIM_MEMBLOCK_MIRROR);
	assert_int_equal(cmasim_memblock_clear_mirror(sim, 8 * MiB, MiB), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, MEM), 1);
}

/*
 *   reserved [1M, 2M)    reserved_mark_noinit [1M, 1M+64K)
 *   6.12: [1M, +64K) RSRV_NOINIT [1M+64K, 2M)      6.1: no such flag
 * Expect MEMBLOCK_RSRV_NOINIT on 6.12 only; 6.1 refuses with -EINVAL and
 * a diagnostic, and changes nothing.
 */
static void test_reserved_mark_noinit_per_version(void **state)
{
	struct cmasim *sim = *state;

	small_layout(sim);
	if (is_v61(sim)) {
		assert_errno(cmasim_memblock_reserved_mark_noinit(sim, MiB,
								  64 * KiB),
			     -EINVAL);
		assert_true(tst_diag_contains(sim, "MEMBLOCK_RSRV_NOINIT does not exist in Linux 6.1"));
		assert_int_equal(cmasim_memblock_region_count(sim, RSV), 1);
		region_is(sim, RSV, 0, MiB, MiB, 0);
		return;
	}
	assert_int_equal(cmasim_memblock_reserved_mark_noinit(sim, MiB,
							      64 * KiB), 0);
	assert_int_equal(cmasim_memblock_region_count(sim, RSV), 2);
	region_is(sim, RSV, 0, MiB, 64 * KiB, CMASIM_MEMBLOCK_RSRV_NOINIT);
	region_is(sim, RSV, 1, MiB + 64 * KiB, MiB - 64 * KiB, 0);
}

/*
 *   set_node: type 2 (neither array) -> -EINVAL; nid -2 | nid 65 -> kept
 *   NUMA=n (MAX_NUMNODES 1): set_node(nid 1) is a no-op, regions read 0
 * Expect bad types refused, any node kept as the kernel keeps it, and
 * CONFIG_NUMA=n to ignore nodes.
 */
static void test_set_node_checks(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim *flat = tst_sim_new(NULL, tst_kernel_name(sim),
					  "NUMA=n", NULL);
	struct cmasim_memblock_region r;

	small_layout(sim);
	assert_errno(cmasim_memblock_set_node(sim, 0, GiB,
					      (enum cmasim_memblock_type)2, 0),
		     -EINVAL);
	assert_true(tst_diag_contains(sim, "memblock_set_node(): type 2 is neither memory nor reserved"));
	assert_errno(cmasim_memblock_set_node(sim, 0, GiB, MEM, -2), 0);
	assert_int_equal(cmasim_memblock_get_region(sim, MEM, 0, &r), 0);
	assert_int_equal(r.nid, -2);
	assert_errno(cmasim_memblock_set_node(sim, 0, GiB, MEM, 65), 0);
	assert_int_equal(cmasim_memblock_get_region(sim, MEM, 0, &r), 0);
	assert_int_equal(r.nid, 65);
	assert_int_equal(cmasim_memblock_set_node(sim, 0, GiB, RSV, 1), 0);
	assert_int_equal(cmasim_memblock_get_region(sim, RSV, 0, &r), 0);
	assert_int_equal(r.nid, 1);

	small_layout(flat);
	assert_int_equal(cmasim_memblock_set_node(flat, 0, GiB, MEM, 1), 0);
	assert_int_equal(cmasim_memblock_region_count(flat, MEM), 1);
	assert_int_equal(cmasim_memblock_get_region(flat, MEM, 0, &r), 0);
	assert_int_equal(r.nid, 0);
	tst_sim_free(flat);
}

/* ---- Allocations ---- */

/*
 *   memory [1M ........................ 1G)   reserved [1M, 2M)
 *   phys_alloc(4K, align 0) -> top-down, 64-byte aligned: 1G - 4K
 * Expect align 0 to become SMP_CACHE_BYTES with an explanation, align 3
 * refused with -EINVAL before anything is reserved, and a NULL result
 * pointer refused with -EINVAL.
 */
static void test_alloc_align_and_result_checks(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 1;
	cmasim_phys_addr_t rsv;

	small_layout(sim);
	rsv = cmasim_memblock_reserved_size(sim);
	assert_errno(cmasim_memblock_phys_alloc(sim, 4096, 3, &b), -EINVAL);
	assert_true(tst_diag_contains(sim, "align 0x3 is not a power of two"));
	assert_errno(cmasim_memblock_alloc_try_nid(sim, 4096, 48, 0, 0, NNN,
						   &b), -EINVAL);
	assert_errno(cmasim_memblock_phys_alloc(sim, 4096, 4096, NULL),
		     -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_memblock_phys_alloc(): NULL result pointer"));
	assert_int_equal(b, 1);
	assert_int_equal(cmasim_memblock_reserved_size(sim), rsv);
	assert_int_equal(cmasim_memblock_phys_alloc(sim, 4096, 0, &b), 0);
	assert_int_equal(b, GiB - 4096);
	assert_int_equal(b % 64, 0);
	assert_true(tst_diag_contains(sim, "align 0: the kernel dumps the stack and uses SMP_CACHE_BYTES (64)"));
}

/*
 *   nid -2 | nid MAX_NUMNODES + 1   -> looked for, as the kernel does
 *   memory [1M, 2M) all reserved    -> -ENOMEM, *base untouched
 * Expect a full memory reported as -ENOMEM by each allocation entry,
 * whatever the node.
 */
static void test_alloc_bad_nid_and_no_room(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 1;

	assert_int_equal(cmasim_memblock_add(sim, MiB, MiB), 0);
	assert_int_equal(cmasim_memblock_reserve(sim, MiB, MiB), 0);
	assert_errno(cmasim_memblock_alloc_range_nid(sim, 4096, 4096, 0, GiB,
						     -2, false, &b), -ENOMEM);
	assert_errno(cmasim_memblock_phys_alloc_try_nid(sim, 4096, 4096, 65,
							&b), -ENOMEM);
	assert_errno(cmasim_memblock_phys_alloc(sim, 4096, 4096, &b), -ENOMEM);
	assert_errno(cmasim_memblock_phys_alloc_range(sim, 4096, 4096, 0, GiB,
						      &b), -ENOMEM);
	assert_errno(cmasim_memblock_phys_alloc_try_nid(sim, 4096, 4096, 0,
							&b), -ENOMEM);
	assert_errno(cmasim_memblock_alloc_range_nid(sim, 4096, 4096, 0, GiB,
						     NNN, false, &b), -ENOMEM);
	assert_errno(cmasim_memblock_alloc_try_nid(sim, 4096, 4096, 0, 0, NNN,
						   &b), -ENOMEM);
	assert_errno(cmasim_memblock_alloc_try_nid_raw(sim, 4096, 4096, 0, 0,
						       NNN, &b), -ENOMEM);
	assert_errno(cmasim_memblock_alloc_exact_nid_raw(sim, 4096, 4096, 0,
							 0, 0, &b), -ENOMEM);
	assert_int_equal(b, 1);
	assert_int_equal(cmasim_memblock_region_count(sim, RSV), 1);
}

/*
 *   current limit 256M:  [1M ....... 256M) | [256M ........ 1G)
 *   alloc_try_nid(max 1G)        -> below 256M: 256M - 4K
 *   alloc_try_nid(min 512M)      -> nothing in [512M, 256M): retry from 0
 * Expect max_addr clamped to the current limit and a failed min_addr
 * retried without it (memblock_alloc_internal()).
 */
static void test_alloc_try_nid_limit_and_retry(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 0;

	small_layout(sim);
	assert_int_equal(cmasim_memblock_set_current_limit(sim, 256 * MiB), 0);
	assert_int_equal(cmasim_memblock_get_current_limit(sim), 256 * MiB);
	assert_int_equal(cmasim_memblock_alloc_try_nid(sim, 4096, 4096, 0, GiB,
						       NNN, &b), 0);
	assert_int_equal(b, 256 * MiB - 4096);
	assert_int_equal(cmasim_memblock_alloc_try_nid(sim, 4096, 4096,
						       512 * MiB, 0, NNN, &b),
			 0);
	assert_int_equal(b, 256 * MiB - 8192);
}

/*
 *   memory [0, 8K): page 0 is never handed out
 *   find_in_range_node(4K) -> 4K;  (8K) -> -ENOMEM
 * Expect page 0 excluded, align 0 and 3 and NULL results refused with
 * -EINVAL, and nothing found reported as -ENOMEM.
 */
static void test_find_in_range_node_checks(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 1;

	assert_int_equal(cmasim_memblock_add(sim, 0, 8192), 0);
	assert_int_equal(cmasim_memblock_find_in_range_node(sim, 4096, 4096,
							    0, 8192, NNN, 0,
							    &b), 0);
	assert_int_equal(b, 4096);
	b = 1;
	assert_errno(cmasim_memblock_find_in_range_node(sim, 8192, 4096, 0,
							8192, NNN, 0, &b),
		     -ENOMEM);
	assert_errno(cmasim_memblock_find_in_range_node(sim, 4096, 0, 0, 8192,
							NNN, 0, &b), -EINVAL);
	assert_errno(cmasim_memblock_find_in_range_node(sim, 4096, 3, 0, 8192,
							NNN, 0, &b), -EINVAL);
	assert_errno(cmasim_memblock_find_in_range_node(sim, 4096, 4096, 0,
							8192, NNN, 0, NULL),
		     -EINVAL);
	assert_int_equal(b, 1);
	/* a search reserves nothing */
	assert_int_equal(cmasim_memblock_reserved_size(sim), 0);
}

/*
 *   129 separate reservations, the array holds 128
 *   before allow_resize: 6.1 -ENOMEM; 6.12 "Kernel panic - not syncing:
 *   memblock: cannot resize reserved array" and -ENOMEM
 *   after allow_resize: the array doubles
 * Expect the documented errno and panic line per version, and the call
 * to work once resizing is allowed.
 */
static void test_full_array_before_allow_resize(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = is_v61(sim);

	assert_int_equal(cmasim_memblock_add(sim, 0, GiB), 0);
	for (unsigned int i = 0; i < 128; i++)
		assert_int_equal(cmasim_memblock_reserve(sim,
				 (uint64_t)(i + 1) * 2 * MiB, 4096), 0);
	assert_errno(cmasim_memblock_reserve(sim, 512 * MiB, 4096), -ENOMEM);
	assert_int_equal(cmasim_memblock_region_count(sim, RSV), 128);
	if (v61)
		assert_false(tst_dmesg_has(sim, "Kernel panic - not syncing: memblock: cannot resize reserved array"));
	else
		assert_true(tst_dmesg_has(sim, "Kernel panic - not syncing: memblock: cannot resize reserved array"));
	assert_int_equal(cmasim_memblock_allow_resize(sim), 0);
	assert_int_equal(cmasim_memblock_reserve(sim, 512 * MiB, 4096), 0);
	/* the doubled array is itself a reservation: 128 + 1 + 1 */
	assert_int_equal(cmasim_memblock_region_count(sim, RSV), 130);
}

/* ---- Trimming and limits ---- */

/*
 *   trim_memory(align 0 | 3)        -> -EINVAL
 *   [1M+512 ........ 3M+100) trim 4K -> [1M+4K, 3M)
 * Expect bad alignments refused and a good one trimming to whole pages.
 */
static void test_trim_memory_align(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_memblock_add(sim, MiB + 512, 2 * MiB - 412),
			 0);
	assert_errno(cmasim_memblock_trim_memory(sim, 0), -EINVAL);
	assert_errno(cmasim_memblock_trim_memory(sim, 3), -EINVAL);
	assert_true(tst_diag_contains(sim, "memblock_trim_memory(): align 0x3 is not a power of two"));
	region_is(sim, MEM, 0, MiB + 512, 2 * MiB - 412, 0);
	assert_int_equal(cmasim_memblock_trim_memory(sim, 4096), 0);
	region_is(sim, MEM, 0, MiB + 4096, 2 * MiB - 4096, 0);
}

/*
 *   no memory yet: cap_memory_range -> "memblock_cap_memory_range: No
 *   memory registered yet" (pr_warn), 0
 *   limit 0 / size 0: nothing to do
 * Expect the kernel's warning without memory, and zero limits as no-ops.
 */
static void test_limits_edge_cases(void **state)
{
	struct cmasim *sim = *state;
	int level = -1;

	assert_int_equal(cmasim_memblock_cap_memory_range(sim, 0, GiB), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 1);
	assert_string_equal(cmasim_dmesg_line(sim, 0, &level),
			    "memblock_cap_memory_range: No memory registered yet");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	small_layout(sim);
	assert_int_equal(cmasim_memblock_enforce_memory_limit(sim, 0), 0);
	assert_int_equal(cmasim_memblock_mem_limit_remove_map(sim, 0), 0);
	assert_int_equal(cmasim_memblock_cap_memory_range(sim, 0, 0), 0);
	assert_int_equal(cmasim_memblock_phys_mem_size(sim), GiB - MiB);
	assert_int_equal(cmasim_memblock_enforce_memory_limit(sim, 256 * MiB),
			 0);
	assert_int_equal(cmasim_memblock_end_of_DRAM(sim), 257 * MiB);
}

/* ---- Queries and walks ---- */

/*
 *   count(type 2) -> 0     get_region(type 2) -> -EINVAL
 *   get_region(idx == count) -> -ERANGE    NULL region -> -EINVAL
 * Expect bad types and indexes refused, the output left untouched.
 */
static void test_region_queries_checks(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_memblock_region r = { .base = 7, .size = 7 };

	assert_int_equal(cmasim_memblock_region_count(sim, MEM),
			 empty_cnt(sim));
	small_layout(sim);
	assert_int_equal(cmasim_memblock_region_count(sim,
				(enum cmasim_memblock_type)2), 0);
	assert_errno(cmasim_memblock_get_region(sim,
				(enum cmasim_memblock_type)2, 0, &r), -EINVAL);
	assert_errno(cmasim_memblock_get_region(sim, MEM, 1, &r), -ERANGE);
	assert_errno(cmasim_memblock_get_region(sim, MEM, 0, NULL), -EINVAL);
	assert_int_equal(r.base, 7);
	assert_int_equal(r.size, 7);
	assert_false(cmasim_memblock_overlaps_region(sim,
				(enum cmasim_memblock_type)2, MiB, MiB));
	assert_true(cmasim_memblock_overlaps_region(sim, RSV, MiB, MiB));
	assert_true(cmasim_memblock_is_region_memory(sim, MiB, MiB));
	assert_false(cmasim_memblock_is_region_memory(sim, 0, 2 * MiB));
	assert_true(cmasim_memblock_is_region_reserved(sim, 0, 2 * MiB));
}

/*
 *   free ranges of [1M, 1G) minus [1M, 2M) minus [4M, 5M):
 *   [2M, 4M) [5M, 1G)  -- the callback stops at the second with 42
 * Expect NULL callbacks refused, and a callback's non-zero value ending
 * the walk and returned by it.
 */
static void test_walks_stop_and_null_fn(void **state)
{
	struct cmasim *sim = *state;
	int n = 0;

	small_layout(sim);
	assert_int_equal(cmasim_memblock_reserve(sim, 4 * MiB, MiB), 0);
	assert_errno(cmasim_memblock_for_each_free_range(sim, NNN, 0, false,
							 NULL, NULL), -EINVAL);
	assert_errno(cmasim_memblock_for_each_mem_range(sim, false, NULL,
							NULL), -EINVAL);
	assert_errno(cmasim_memblock_for_each_reserved_range(sim, NULL, NULL),
		     -EINVAL);
	assert_errno(cmasim_memblock_for_each_free_range(sim, NNN, 0, false,
							 stop_at_second, &n),
		     42);
	assert_int_equal(n, 2);
	n = 0;
	assert_errno(cmasim_memblock_for_each_reserved_range(sim,
							     stop_at_second,
							     &n), 42);
	n = 0;
	assert_errno(cmasim_memblock_for_each_mem_range(sim, true,
							stop_at_second, &n),
		     0);
	assert_int_equal(n, 1);
}

/*
 *   dump():     "MEMBLOCK configuration:" whatever memblock=debug says
 *   dump_all(): only with memblock=debug
 * Expect the dump on demand, and dump_all gated by the debug switch.
 */
static void test_dump_and_dump_all(void **state)
{
	struct cmasim *sim = *state;

	small_layout(sim);
	assert_int_equal(cmasim_memblock_dump_all(sim), 0);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_int_equal(cmasim_memblock_dump(sim), 0);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "MEMBLOCK configuration:");
	cmasim_dmesg_clear(sim);
	assert_int_equal(cmasim_memblock_set_debug(sim, true), 0);
	assert_int_equal(cmasim_memblock_dump_all(sim), 0);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "MEMBLOCK configuration:");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    " memory size = 0x000000003ff00000 reserved size = 0x0000000000100000");
}

/*
 *   set_bottom_up(true) -> bottom_up() true: phys_alloc takes 2M first
 * Expect the direction switch to read back and steer the next search.
 */
static void test_bottom_up_switch(void **state)
{
	struct cmasim *sim = *state;
	cmasim_phys_addr_t b = 0;

	small_layout(sim);
	assert_false(cmasim_memblock_bottom_up(sim));
	assert_int_equal(cmasim_memblock_set_bottom_up(sim, true), 0);
	assert_true(cmasim_memblock_bottom_up(sim));
	assert_int_equal(cmasim_memblock_phys_alloc(sim, 4096, 4096, &b), 0);
	assert_int_equal(b, 2 * MiB);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_null_instance),
	T(test_early_phase_accepts_every_call),
	T(test_after_handover_every_mutation_eperm),
	T(test_after_handover_queries_work),
	T(test_add_caps_at_phys_addr_max),
	T(test_arm32_base_beyond_phys_addr),
		T(test_add_node_takes_any_nid_and_flags),
		T(test_alloc_nid_outside_the_nodes),
		T(test_search_pfn_nid),
		T(test_find_in_range_mirror_first),
	T(test_mark_mirror_needs_kernelcore),
	T(test_reserved_mark_noinit_per_version),
	T(test_set_node_checks),
	T(test_alloc_align_and_result_checks),
	T(test_alloc_bad_nid_and_no_room),
	T(test_alloc_try_nid_limit_and_retry),
	T(test_find_in_range_node_checks),
	T(test_full_array_before_allow_resize),
	T(test_trim_memory_align),
	T(test_limits_edge_cases),
	T(test_region_queries_checks),
	T(test_walks_stop_and_null_fn),
	T(test_dump_and_dump_all),
	T(test_bottom_up_switch),
};

int main(void)
{
	return tst_run_per_version("memblock_api", tests, NR_OF(tests));
}
