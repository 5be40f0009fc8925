// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/mm/page_alloc.c: the buddy allocator's split and merge, the merge
 * restrictions across pageblocks, the fallback/claim/steal rules of 6.1
 * and 6.12, the CMA balance rule, watermarks excluding free CMA, per-cpu
 * lists, GFP mapping, the pageblock migratetypes (memmap_init marks
 * present pageblocks MOVABLE, init_cma_reserved_pageblock makes them CMA,
 * the public getter's errors), and seeded random runs checked after
 * every step.
 */
#include "config.h"

#include <stdlib.h>

#include <glib.h>

#include "mm/page_isolation.h"
#include "mm-helpers.h"

/*
 * A DMA32-only x86_64 machine: memory [16M, 16M + @mib), @rsv reserved.
 * Watermarks and lowmem reserves zeroed when @no_wmark, so tests can use
 * every page.
 */
static struct cmasim *machine(const char *kernel, uint64_t mib,
			      const struct tst_range *rsv, size_t nr_rsv,
			      bool no_wmark)
{
	struct tst_range mem = { 16 * MiB, mib * MiB, 0 };
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);
	struct cms_node *n;
	struct cms_zone *z;

	tst_mm_boot(sim, &mem, 1, rsv, nr_rsv);
	if (no_wmark) {
		cms_for_each_zone(sim->mm, n, z) {
			memset(z->wmark, 0, sizeof(z->wmark));
			memset(z->lowmem_reserve, 0, sizeof(z->lowmem_reserve));
		}
	}
	return sim;
}

/* Per-version fixtures: the machines of the tests, for *state's version. */
static int setup_32m(void **state)
{
	*state = machine(tst_state_version(state), 32, NULL, 0, false);
	return 0;
}

static int setup_32m_no_wmark(void **state)
{
	*state = machine(tst_state_version(state), 32, NULL, 0, true);
	return 0;
}

/* [20M, 22M) reserved: one pageblock at pfn 0x1400 not given to the buddy. */
static int setup_32m_rsv(void **state)
{
	static const struct tst_range rsv[] = { { 20 * MiB, 2 * MiB, 0 } };

	*state = machine(tst_state_version(state), 32, rsv, 1, false);
	return 0;
}

static int setup_64m_no_wmark(void **state)
{
	*state = machine(tst_state_version(state), 64, NULL, 0, true);
	return 0;
}

static int setup_256m(void **state)
{
	*state = machine(tst_state_version(state), 256, NULL, 0, false);
	return 0;
}

static int setup_256m_no_wmark(void **state)
{
	*state = machine(tst_state_version(state), 256, NULL, 0, true);
	return 0;
}

static int setup_1g(void **state)
{
	*state = machine(tst_state_version(state), 1024, NULL, 0, false);
	return 0;
}

static struct cms_zone *dma32(struct cmasim *sim)
{
	return tst_zone(sim, 0, CMS_ZONE_DMA32);
}

/*
 * order-10 block at 0x1000 split by an order-4 allocation:
 * [A(16)][free 16][free 32]...[free 512]
 * Expect the allocation at the block start, one free block of each order
 * 4..9, and freeing it to rebuild the order-10 block (both versions).
 */
static void test_alloc_pages_split_and_merge(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t top = z->area[10].nr_free;
	uint64_t pfn = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 4);

	assert_int_equal(pfn, 0x1000);
	for (unsigned int o = 4; o < 10; o++)
		assert_int_equal(tst_nr_free(z, o, CMASIM_MIGRATE_MOVABLE), 1);
	assert_int_equal(z->area[10].nr_free, top - 1);
	assert_int_equal(cmasim_check(sim), 0);
	assert_errno(cmasim_free_pages(sim, pfn, 4), 0);
	assert_int_equal(z->area[10].nr_free, top);
	for (unsigned int o = 0; o < 10; o++)
		assert_int_equal(z->area[o].nr_free, 0);
}

/* Expect -EINVAL for a double free, a wrong order and a wild pfn. */
static void test_free_pages_rejects_bad_input(void **state)
{
	struct cmasim *sim = machine("6.12", 32, NULL, 0, false);
	uint64_t pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 5);
	cmasim_pfn_t p;

	assert_errno(cmasim_free_pages(sim, pfn, 4), -EINVAL);
	assert_errno(cmasim_free_pages(sim, pfn + 1, 5), -EINVAL);
	assert_errno(cmasim_free_pages(sim, 0, 0), -EINVAL);
	assert_errno(cmasim_free_pages(sim, pfn, 5), 0);
	assert_errno(cmasim_free_pages(sim, pfn, 5), -EINVAL);
	assert_true(tst_diag_contains(sim, "not an allocated block"));
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 11, -1, &p), -EINVAL);
	assert_errno(cmasim_alloc_pages(sim, CMASIM___GFP_DMA | CMASIM___GFP_DMA32,
					0, -1, &p), -EINVAL);
	assert_errno(cmasim_alloc_pages(sim, CMASIM___GFP_MOVABLE |
					CMASIM___GFP_RECLAIMABLE, 0, -1, &p), -EINVAL);
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, 3, &p), -EINVAL);
	tst_sim_free(sim);
}

/* Before free_area_init/free_all: Expect -EPERM. */
static void test_alloc_pages_before_boot(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	cmasim_pfn_t p;

	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, -1, &p), -EPERM);
	assert_errno(cmasim_free_pages(sim, 0x1000, 0), -EPERM);
	assert_errno(cmasim_drain_all_pages(sim), -EPERM);
	tst_sim_free(sim);
}

/*
 * Fresh zone, all pageblocks MOVABLE.  An UNMOVABLE order-4 request
 * falls back to the largest MOVABLE block (order 10) and claims it:
 * |UUUU UUUU|MMMM MMMM|...   (two pageblocks change owner)
 * Expect both pageblocks of the first order-10 block UNMOVABLE.
 */
static void test_fallback_unmovable_claims_max_order_block(void **state)
{
	struct cmasim *sim = *state;
	uint64_t pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);

	assert_int_equal(pfn, 0x1000);
	assert_int_equal(tst_pb(sim, 0x1000), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(tst_pb(sim, 0x1200), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_MOVABLE);
	assert_int_equal(tst_nr_free(dma32(sim), 9, CMASIM_MIGRATE_UNMOVABLE), 1);
}

/* Trace lines of mm_page_alloc_extfrag and their two flags, counted. */
struct extfrag_trace {
	uint64_t events, fragmenting, change;
};

static void count_extfrag(const char *event, const char *text, void *data)
{
	struct extfrag_trace *t = data;

	if (strcmp(event, "mm_page_alloc_extfrag"))
		return;
	t->events++;
	t->fragmenting += strstr(text, "fragmenting=1") != NULL;
	t->change += strstr(text, "change_ownership=1") != NULL;
}

/*
 * Every pageblock starts MOVABLE, so unmovable and reclaimable requests
 * fall back to the movable lists, each fallback one
 * mm_page_alloc_extfrag event.
 * Expect cmasim_extfrag_get_stats() to count what the trace shows, the
 * fragmenting and change_ownership flags alike, to count with the event
 * disabled as well, and -EINVAL for NULL arguments.
 */
static void test_extfrag_stats_count_the_trace_event(void **state)
{
	struct cmasim *sim = *state;
	struct extfrag_trace t = { 0 };
	struct cmasim_extfrag_stats st, st2;

	assert_int_equal(cmasim_trace_set_sink(sim, count_extfrag, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "mm_page_alloc_extfrag", true), 0);
	assert_int_equal(cmasim_extfrag_get_stats(sim, &st), 0);
	assert_int_equal(st.events, 0);
	for (int i = 0; i < 40; i++) {
		tst_alloc(sim, CMASIM_GFP_KERNEL, (unsigned int)(i % 5));
		tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE, 0);
	}
	assert_int_equal(cmasim_extfrag_get_stats(sim, &st), 0);
	assert_true(st.events > 0);
	assert_int_equal(st.events, t.events);
	assert_int_equal(st.fragmenting, t.fragmenting);
	assert_int_equal(st.change_ownership, t.change);
	assert_int_equal(cmasim_trace_enable(sim, "mm_page_alloc_extfrag", false), 0);
	for (int i = 0; i < 600; i++)
		tst_alloc(sim, CMASIM_GFP_KERNEL, 3);
	assert_int_equal(cmasim_extfrag_get_stats(sim, &st2), 0);
	assert_true(st2.events > st.events);
	assert_int_equal(t.events, st.events);
	assert_errno(cmasim_extfrag_get_stats(NULL, &st), -EINVAL);
	assert_errno(cmasim_extfrag_get_stats(sim, NULL), -EINVAL);
}

/*
 * Fallback table order within one order: UNMOVABLE tries RECLAIMABLE
 * before MOVABLE.  A RECLAIMABLE order-10 block (claimed, then freed back
 * whole) sits next to MOVABLE order-10 blocks:
 * |RRRR RRRR|MMMM MMMM|MMMM MMMM|...
 * Expect the UNMOVABLE request to claim the RECLAIMABLE block.
 */
static void test_fallback_order_reclaimable_first(void **state)
{
	struct cmasim *sim = *state;
	uint64_t r, u;

	r = tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE, 4);
	assert_int_equal(tst_pb(sim, r), CMASIM_MIGRATE_RECLAIMABLE);
	assert_errno(cmasim_free_pages(sim, r, 4), 0);
	assert_int_equal(tst_nr_free(dma32(sim), 10,
				     CMASIM_MIGRATE_RECLAIMABLE), 1);
	u = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_int_equal(u, r);
	assert_int_equal(tst_pb(sim, r), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_MOVABLE);
}

/* Fill DMA32 with order-@order allocations of @gfp; returns their pfns. */
static GArray *fill(struct cmasim *sim, unsigned int gfp, unsigned int order)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	cmasim_pfn_t pfn;

	while (!cmasim_alloc_pages(sim, gfp, order, -1, &pfn))
		g_array_append_val(a, pfn);
	return a;
}

/*
 * Block X (MOVABLE) fully allocated to movable order-4 folios (LRU-like:
 * every page counts as movable), then 16
 * buddies (256 pages, half a block) freed:
 * X: |free 256|movable 256|   other blocks full
 * An UNMOVABLE order-4 request must fall back to X.  free + alike = 256
 * reaches half a pageblock.  Expect X to become UNMOVABLE (both).
 */
static void test_claim_half_pageblock_claims(void **state)
{
	struct cmasim *sim = *state;
	GArray *a = fill(sim, CMASIM_GFP_HIGHUSER_MOVABLE |
			 CMASIM___GFP_COMP, 4);
	uint64_t x = 0x2000, pfn;

	assert_int_equal(dma32(sim)->vm[CMS_ZS_NR_FREE_PAGES], 0);
	for (uint64_t p = x; p < x + 256; p += 16)
		assert_errno(cmasim_free_pages(sim, p, 4), 0);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_true(pfn >= x && pfn < x + 256);
	assert_int_equal(tst_pb(sim, x), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(cmasim_check(sim), 0);
	g_array_free(a, TRUE);
}

/*
 * As above with 15 blocks freed (240 pages < half a pageblock).
 * Expect X to stay MOVABLE in both versions; 6.1 moves X's free pages
 * to the UNMOVABLE lists anyway (move_freepages_block before the test),
 * 6.12 steals one page and leaves the rest on the MOVABLE lists.
 */
static void test_claim_below_half_pageblock_steals(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	GArray *a = fill(sim, CMASIM_GFP_HIGHUSER_MOVABLE |
			 CMASIM___GFP_COMP, 4);
	struct cms_zone *z = dma32(sim);
	uint64_t x = 0x2000, pfn, mov_free = 0, unm_free = 0;

	for (uint64_t p = x; p < x + 240; p += 16)
		assert_errno(cmasim_free_pages(sim, p, 4), 0);
	pfn = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_true(pfn >= x && pfn < x + 256);
	assert_int_equal(tst_pb(sim, x), CMASIM_MIGRATE_MOVABLE);
	for (unsigned int o = 0; o < sim->nr_orders; o++) {
		mov_free += tst_nr_free(z, o, CMASIM_MIGRATE_MOVABLE) << o;
		unm_free += tst_nr_free(z, o, CMASIM_MIGRATE_UNMOVABLE) << o;
	}
	if (v61) {
		assert_int_equal(mov_free, 0);
		assert_int_equal(unm_free, 224);
	} else {
		assert_int_equal(mov_free, 224);
		assert_int_equal(unm_free, 0);
	}
	assert_int_equal(cmasim_check(sim), 0);
	g_array_free(a, TRUE);
}

/*
 * All blocks UNMOVABLE and fragmented to order-3 free blocks (every
 * other order-3 block allocated).  A MOVABLE order-2 request cannot claim
 * (order 3 < pageblock_order / 2) and steals.  Expect the block to stay
 * UNMOVABLE; the order-2 remainder goes to the MOVABLE list on 6.1
 * (single page moved to start type) and to the UNMOVABLE list on 6.12
 * (__rmqueue_steal expands on the fallback type).
 */
static void test_steal_small_movable_fallback(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	GArray *a = fill(sim, CMASIM_GFP_KERNEL, 3);
	struct cms_zone *z = dma32(sim);
	uint64_t pfn;

	cmasim_drain_all_pages(sim);
	for (guint i = 0; i < a->len; i++) {
		uint64_t p = g_array_index(a, uint64_t, i);

		if (p & 8)
			assert_errno(cmasim_free_pages(sim, p, 3), 0);
	}
	cmasim_drain_all_pages(sim);
	/* precondition: only order-3 UNMOVABLE free blocks */
	for (unsigned int o = 4; o < sim->nr_orders; o++)
		assert_int_equal(z->area[o].nr_free, 0);
	assert_int_equal(tst_pb(sim, 0x1000), CMASIM_MIGRATE_UNMOVABLE);
	pfn = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 2);
	assert_int_equal(tst_pb(sim, pfn), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(tst_nr_free(z, 2, CMASIM_MIGRATE_MOVABLE),
			 v61 ? 1 : 0);
	assert_int_equal(tst_nr_free(z, 2, CMASIM_MIGRATE_UNMOVABLE),
			 v61 ? 0 : 1);
	assert_int_equal(cmasim_check(sim), 0);
	g_array_free(a, TRUE);
}

/* A 32 MiB machine whose [20M, 44M) is CMA (12 pageblocks). */
static struct cmasim *cma_machine(const char *kernel, bool no_wmark)
{
	static const struct tst_range rsv[] = { { 20 * MiB, 24 * MiB, 0 } };
	struct cmasim *sim = machine(kernel, 32, rsv, 1, no_wmark);

	for (uint64_t p = (20 * MiB) >> 12; p < (44 * MiB) >> 12; p += 512)
		cms_init_cma_reserved_pageblock(sim, p);
	return sim;
}

static int setup_cma(void **state)
{
	*state = cma_machine(tst_state_version(state), false);
	return 0;
}

static bool in_cma(uint64_t pfn)
{
	return pfn >= ((20 * MiB) >> 12) && pfn < ((44 * MiB) >> 12);
}

/*
 * |MM|CCCCCCCCCCCC|MM|  free CMA 6144 > free 8192 / 2
 * Expect a movable order-4 request served from CMA first, and an
 * unmovable one never from CMA (both versions).
 */
static void test_rmqueue_cma_balance_rule(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t cma_before = (uint64_t)z->vm[CMS_ZS_NR_FREE_CMA_PAGES];
	uint64_t m, u;

	assert_int_equal(cma_before, 6144);
	assert_int_equal(z->cma_pages, 6144);
	assert_int_equal(tst_pb(sim, (20 * MiB) >> 12), CMASIM_MIGRATE_CMA);
	m = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 4);
	assert_true(in_cma(m));
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_CMA_PAGES], cma_before - 16);
	u = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_false(in_cma(u));
}

/*
 * CMA is a minority: free CMA 6144 < half of free after 4 MiB more are
 * free elsewhere?  Here: allocate CMA down first, then check a movable
 * request goes to MOVABLE blocks while CMA <= half of free.
 * Expect the request outside CMA.
 */
static void test_rmqueue_cma_minority_uses_movable(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t m;

	/* eat CMA until it is at most half of the free pages */
	while (z->vm[CMS_ZS_NR_FREE_CMA_PAGES] >
	       z->vm[CMS_ZS_NR_FREE_PAGES] / 2)
		assert_true(in_cma(tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 6)));
	m = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 4);
	assert_false(in_cma(m));
}

/*
 * Exhaust non-CMA memory with GFP_KERNEL: the watermark check counts
 * free CMA as unusable for requests without ALLOC_CMA.
 * Expect -ENOMEM while NR_FREE_CMA_PAGES > 0, then a movable request
 * still succeeds from CMA.
 */
static void test_unmovable_fails_with_free_cma(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	GArray *a = fill(sim, CMASIM_GFP_KERNEL, 0);
	cmasim_pfn_t p;

	assert_true(a->len > 1000);
	for (guint i = 0; i < a->len; i++)
		assert_false(in_cma(g_array_index(a, uint64_t, i)));
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, -1, &p),
		     -ENOMEM);
	assert_true(z->vm[CMS_ZS_NR_FREE_CMA_PAGES] > 6000);
	assert_true(in_cma(tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0)));
	assert_true(tst_diag_contains(sim, "does not reclaim or compact"));
	g_array_free(a, TRUE);
}

/*
 * pageblock 0x1400 CMA next to free MOVABLE 0x1600 (order 9 buddies):
 * |CMA 512|MOV 512|  Expect no order-10 merge across the two (both).
 */
static void test_free_one_page_no_merge_cma_movable(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);

	assert_int_equal(tst_nr_free(z, 9, CMASIM_MIGRATE_MOVABLE), 1);
	cms_init_cma_reserved_pageblock(sim, 0x1400);
	assert_int_equal(tst_nr_free(z, 9, CMASIM_MIGRATE_CMA), 1);
	assert_int_equal(tst_nr_free(z, 9, CMASIM_MIGRATE_MOVABLE), 1);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_CMA_PAGES], 512);
	assert_int_equal(z->managed, 8192);
}

/*
 * pageblock 0x1400 set UNMOVABLE and its reserved pages given back one by
 * one next to a free MOVABLE buddy 0x1600:
 * |UNM 512|MOV 512| -> one order-10 block.
 * Expect the merge in both; 6.12 also retypes the buddy's pageblock to
 * UNMOVABLE, 6.1 leaves it MOVABLE.
 */
static void test_free_one_page_merge_retypes_buddy_612(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cms_zone *z = dma32(sim);
	uint64_t top = z->area[10].nr_free;

	cms_set_pageblock_migratetype(sim, z, 0x1400,
				      CMASIM_MIGRATE_UNMOVABLE);
	for (uint64_t p = 0x1400; p < 0x1600; p++)
		assert_errno(cms_free_reserved_page(sim, p), 0);
	assert_int_equal(z->area[10].nr_free, top + 1);
	assert_int_equal(tst_nr_free(z, 10, CMASIM_MIGRATE_UNMOVABLE), 1);
	assert_int_equal(tst_pb(sim, 0x1600),
			 v61 ? CMASIM_MIGRATE_MOVABLE :
				  CMASIM_MIGRATE_UNMOVABLE);
	assert_errno(cms_free_reserved_page(sim, 0x1400), -EINVAL);
}

/*
 * Per-cpu lists: both versions refill batch (63) pages on the first
 * order-0 request (6.12 raises pcp->high by the batch as it does).
 * Expect the pcp counts, and drain to empty them.
 */
static void test_pcp_refill_and_drain(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cms_zone *z = dma32(sim);
	uint64_t free0 = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	uint64_t a = tst_alloc(sim, CMASIM_GFP_KERNEL, 0);

	assert_int_equal(z->pcp[0].batch, 63);
	assert_int_equal(z->pcp[0].count, 62);
	assert_int_equal(free0 - (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES],
			 63);
	assert_errno(cmasim_free_pages(sim, a, 0), 0);
	assert_int_equal(z->pcp[0].count, 63);
	if (!v61)
		assert_int_equal(z->pcp[0].high,
				 z->pcp[0].high_min + 63);
	assert_errno(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(z->pcp[0].count, 0);
	assert_int_equal((uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES], free0);
}

/*
 * Two 256 MiB machines, one order-0 movable allocation each to fill the
 * per-cpu list.  Expect a run of three allocations on one, then a run
 * that stops where the list empties, to take the pages, in the order,
 * that as many single allocations take on the other, with the same
 * lists, counters (the free factor halved per page) and events; and no
 * run at all while mm_page_alloc is on.
 */
static void test_pcp_run_takes_what_single_allocations_take(void **state)
{
	const unsigned int gfp = CMASIM_GFP_HIGHUSER_MOVABLE;
	struct cmasim *a = *state;
	struct cmasim *b = machine(tst_kernel_name(a), 256, NULL, 0, false);
	uint64_t pa[600], pb, first;
	struct cms_zone *za = NULL;
	unsigned long events = 0;
	unsigned int got;
	int count;

	assert_errno(cms_alloc_pages(a, gfp, 0, CMASIM_NUMA_NO_NODE,
				     CMASIM_OWNER_ANON, &first), 0);
	assert_errno(cms_alloc_pages(b, gfp, 0, CMASIM_NUMA_NO_NODE,
				     CMASIM_OWNER_ANON, &pb), 0);
	assert_int_equal(first, pb);
	count = cms_pfn_zone(a, first)->pcp[0].count;
	assert_true(count > 4 && count < 590);
	/* each allocation halves the free factor: three of them */
	cms_pfn_zone(a, first)->pcp[0].free_factor = 1000;
	cms_pfn_zone(b, first)->pcp[0].free_factor = 1000;
	assert_int_equal(cms_alloc_pages_pcp_run(a, gfp, CMASIM_NUMA_NO_NODE,
						 3, pa, &za), 3);
	for (unsigned int k = 0; k < 3; k++) {
		assert_errno(cms_alloc_pages(b, gfp, 0, CMASIM_NUMA_NO_NODE,
					     CMASIM_OWNER_ANON, &pb), 0);
		assert_int_equal(pa[k], pb);
	}
	assert_int_equal(za->pcp[0].free_factor, 125);
	assert_int_equal(tst_mm_hash(a), tst_mm_hash(b));
	got = cms_alloc_pages_pcp_run(a, gfp, CMASIM_NUMA_NO_NODE, 600, pa, &za);
	assert_int_equal(got, count - 3);
	assert_ptr_equal(za, cms_pfn_zone(a, first));
	for (unsigned int k = 0; k < got; k++) {
		assert_errno(cms_alloc_pages(b, gfp, 0, CMASIM_NUMA_NO_NODE,
					     CMASIM_OWNER_ANON, &pb), 0);
		assert_int_equal(pa[k], pb);
	}
	assert_int_equal(tst_mm_hash(a), tst_mm_hash(b));
	assert_memory_equal(a->mm->ev, b->mm->ev, sizeof(a->mm->ev));
	/* the list is empty: the next page needs a refill, no run */
	assert_int_equal(cms_alloc_pages_pcp_run(a, gfp, CMASIM_NUMA_NO_NODE,
						 4, pa, &za), 0);
	assert_errno(cms_alloc_pages(a, gfp, 0, CMASIM_NUMA_NO_NODE,
				     CMASIM_OWNER_ANON, &first), 0);
	assert_errno(cmasim_trace_set_sink(a, tst_count_event, &events), 0);
	assert_errno(cmasim_trace_enable(a, "mm_page_alloc", true), 0);
	assert_int_equal(cms_alloc_pages_pcp_run(a, gfp, CMASIM_NUMA_NO_NODE,
						 4, pa, &za), 0);
	assert_int_equal(events, 0);
	tst_sim_free(b);
}

/*
 * Fill a 256 MiB zone with movable order-4 blocks until the slow path's
 * min watermark stops them, then GFP_ATOMIC order 1: the fast path fails
 * (low watermark), the slow path may dip below min (ALLOC_MIN_RESERVE|
 * ALLOC_NON_BLOCK|ALLOC_HIGHATOMIC on both) and reserves the block.
 * Expect the page's pageblock HIGHATOMIC and 512 reserved pages.
 */
static void test_highatomic_reserve_on_atomic_slowpath(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	GArray *a = fill(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 4);
	uint64_t p;

	assert_true(z->vm[CMS_ZS_NR_FREE_PAGES] <=
		    (int64_t)z->wmark[CMASIM_WMARK_LOW]);
	assert_int_equal(z->nr_reserved_highatomic, 0);
	p = tst_alloc(sim, CMASIM_GFP_ATOMIC, 1);
	assert_int_equal(tst_pb(sim, p), CMASIM_MIGRATE_HIGHATOMIC);
	assert_int_equal(z->nr_reserved_highatomic, 512);
	assert_int_equal(cmasim_check(sim), 0);
	g_array_free(a, TRUE);
}

/*
 * Watermarks: low above all free memory, min 0, so an allocation fails
 * the fast path and passes the slow path (no reclaim in between).
 */
static void only_slowpath_passes(struct cms_zone *z)
{
	uint64_t big = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES] + 4096;

	z->wmark[CMASIM_WMARK_MIN] = 0;
	z->wmark[CMASIM_WMARK_LOW] = big;
	z->wmark[CMASIM_WMARK_HIGH] = big;
}

/*
 * gfp_to_alloc_flags(): ALLOC_HIGHATOMIC needs __GFP_HIGH as well as
 * "cannot block".  GFP_NOWAIT order 1 in the slow path:
 *   [claimed block: UNMOVABLE, not HIGHATOMIC]   reserved 0
 * Expect no highatomic reservation from GFP_NOWAIT and one pageblock
 * (512 pages) from GFP_ATOMIC, on both versions.
 */
static void test_highatomic_reserve_needs_gfp_high(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t p;

	only_slowpath_passes(z);
	p = tst_alloc(sim, CMASIM_GFP_NOWAIT, 1);
	assert_int_equal(z->nr_reserved_highatomic, 0);
	assert_int_not_equal(tst_pb(sim, p), CMASIM_MIGRATE_HIGHATOMIC);
	p = tst_alloc(sim, CMASIM_GFP_ATOMIC, 1);
	assert_int_equal(tst_pb(sim, p), CMASIM_MIGRATE_HIGHATOMIC);
	assert_int_equal(z->nr_reserved_highatomic, 512);
}

/*
 * __zone_watermark_unusable_free(): callers with any ALLOC_RESERVES flag
 * (Debian 6.1 has the 6.3 reserves rework backported) do not subtract
 * the highatomic reserve.  free F, min = F - 512, reserve 1024:
 *   GFP_NOWAIT (ALLOC_NON_BLOCK):  F        > F - 512  -> allocates
 *   GFP_KERNEL (no reserves):      F - 1024 <= F - 512 -> fails
 * Expect that on both versions.
 */
static void test_watermark_nonblock_ignores_highatomic_reserve(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cms_zone *z = dma32(sim);
	uint64_t *ha = v61 ? &z->nr_reserved_highatomic :
				&z->nr_free_highatomic;
	cmasim_pfn_t p;

	only_slowpath_passes(z);
	z->wmark[CMASIM_WMARK_MIN] =
		(uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES] - 512;
	*ha = 1024;
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, -1, &p),
		     -ENOMEM);
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_NOWAIT, 0, -1, &p),
		     0);
	*ha = 0;
}

/*
 * reserve_highatomic_pageblock() limit: 6.1 allows managed/100 plus one
 * pageblock; 6.12 reserves nothing when managed/100 is below a pageblock
 * and otherwise rounds managed/100 up to pageblocks.  A 32 MiB zone
 * (managed/100 < 512):
 * Expect GFP_ATOMIC order 1 to reserve 512 pages on 6.1 and none on 6.12.
 */
static void test_highatomic_reserve_limit_per_version(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cms_zone *z = dma32(sim);
	uint64_t p;

	assert_true(z->managed / 100 < 512);
	only_slowpath_passes(z);
	p = tst_alloc(sim, CMASIM_GFP_ATOMIC, 1);
	assert_int_equal(z->nr_reserved_highatomic, v61 ? 512 : 0);
	assert_int_equal(tst_pb(sim, p) == CMASIM_MIGRATE_HIGHATOMIC,
			 v61);
}

/*
 * __alloc_pages_slowpath(): __GFP_MEMALLOC first tries the normal slow
 * path flags; only when that fails does it retry with ALLOC_NO_WATERMARKS
 * (plus ALLOC_CMA/ALLOC_KSWAPD) alone, without ALLOC_HIGHATOMIC.
 * min = 4 * free, so even GFP_ATOMIC's reduced min fails:
 *   retry: no watermarks, no highatomic reservation
 * Expect the order-1 page, its block not HIGHATOMIC, nothing reserved.
 */
static void test_memalloc_retry_drops_reserve_flags(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t p;

	only_slowpath_passes(z);
	z->wmark[CMASIM_WMARK_MIN] =
		4 * (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	p = tst_alloc(sim, CMASIM_GFP_ATOMIC | CMASIM___GFP_MEMALLOC, 1);
	assert_int_not_equal(tst_pb(sim, p), CMASIM_MIGRATE_HIGHATOMIC);
	assert_int_equal(z->nr_reserved_highatomic, 0);
}

/*
 * 6.12 free_one_page() -> split_large_buddy(): a block larger than a
 * pageblock is freed one pageblock at a time, each with its own block's
 * migratetype.  A movable order-10 block whose second pageblock was
 * isolated meanwhile:
 *   [MOVABLE 512][ISOLATE 512]  free -> order 9 MOVABLE + order 9 ISOLATE
 * Expect 512 more free pages (isolated pages are not counted), one
 * order-9 block on each list, and the order-10 block back after undo.
 */
static void test_free_pages_splits_by_pageblock_612(void **state)
{
	struct cmasim *sim = machine("6.12", 32, NULL, 0, true);
	struct cms_zone *z = dma32(sim);
	uint64_t p = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 10), fail;
	int64_t free0 = z->vm[CMS_ZS_NR_FREE_PAGES];

	assert_errno(cms_start_isolate_page_range(sim, p + 512, p + 1024,
						  CMASIM_MIGRATE_MOVABLE,
						  &fail), 0);
	assert_errno(cmasim_free_pages(sim, p, 10), 0);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_PAGES] - free0, 512);
	assert_int_equal(cms_page_order(cms_zone_page(z, p)), 9);
	assert_int_equal(cms_page_mt(cms_zone_page(z, p)), CMASIM_MIGRATE_MOVABLE);
	assert_int_equal(cms_page_mt(cms_zone_page(z, p + 512)),
			 CMASIM_MIGRATE_ISOLATE);
	cms_undo_isolate_page_range(sim, p + 512, p + 1024,
				    CMASIM_MIGRATE_MOVABLE);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_PAGES] - free0, 1024);
	assert_int_equal(cms_page_order(cms_zone_page(z, p)), 10);
	tst_sim_free(sim);
}

/*
 * order_to_pindex(): THP-order pages have two per-cpu lists (NR_PCP_THP
 * 2), movable and not movable.  A movable order-9 request refills two
 * blocks and keeps one on the movable THP list; an unmovable order-9
 * request must not take it:
 *   pcp[THP movable] = { MOVABLE block }   GFP_KERNEL order 9 -> new block
 * Expect the unmovable block in an UNMOVABLE pageblock and the movable
 * block still on the per-cpu list (both versions).
 */
static void test_pcp_thp_lists_split_by_mobility(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = dma32(sim);
	uint64_t m, u;

	m = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP, 9);
	assert_int_equal(z->pcp[0].count, 512);
	u = tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_COMP, 9);
	assert_int_not_equal(u, m);
	assert_int_equal(tst_pb(sim, u), CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(tst_pb(sim, m), CMASIM_MIGRATE_MOVABLE);
	assert_true(z->pcp[0].count >= 512);
}

/*
 * pcp_allowed_order() without HUGETLB_PAGE (THP on):
 *   6.1   pageblock_order = 10, pcp takes order == pageblock_order: 10
 *   6.12  pageblock_order = 9 (THP branch), pcp takes HPAGE_PMD_ORDER: 9
 * A movable order-N request served through the per-cpu list refills it
 * with a second block.  Expect the pcp holding one block of 2^10 pages
 * (6.1) or 2^9 pages (6.12), and 6.12's order 10 kept off the list.
 */
static void test_pcp_thp_order_without_hugetlb(void **state)
{
	struct tst_range mem = { 16 * MiB, 64 * MiB, 0 };
	const char *kernel = tst_state_version(state);
	struct cmasim *sim = tst_sim_new(NULL, kernel, "HUGETLB_PAGE=n",
					 NULL);
	bool v61 = tst_v61(sim);
	unsigned int order = v61 ? 10 : 9;
	struct cms_zone *z;

	tst_mm_boot(sim, &mem, 1, NULL, 0);
	z = dma32(sim);
	assert_int_equal(cmasim_pageblock_order(sim), order);
	tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP,
		  order);
	assert_int_equal(z->pcp[0].count, 1 << order);
	if (!v61) {
		tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP,
			  10);
		assert_int_equal(z->pcp[0].count, 1 << order);
	}
	tst_sim_free(sim);
}

/*
 * 6.12 nr_pcp_alloc() clamps pcp->high into [high_min, high_max] before
 * using it, so the boot value 0 does not shrink the first refill:
 *   high = high_min, then high_min + batch (auto-tuning), 63 pages taken
 * Expect 62 pages left on the pcp list, 63 gone from the zone,
 * pcp->high = high_min + 63 and alloc_factor 1.
 */
static void test_pcp_first_refill_612_takes_batch(void **state)
{
	struct cmasim *sim = machine("6.12", 1024, NULL, 0, false);
	struct cms_zone *z = dma32(sim);
	uint64_t free0 = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];

	assert_int_equal(z->pcp[0].high, 0);
	tst_alloc(sim, CMASIM_GFP_KERNEL, 0);
	assert_int_equal(z->pcp[0].count, 62);
	assert_int_equal(free0 - (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES], 63);
	assert_int_equal(z->pcp[0].high, z->pcp[0].high_min + 63);
	assert_int_equal(z->pcp[0].alloc_factor, 1);
	tst_sim_free(sim);
}

/*
 * 6.1 nr_pcp_free(): the free batch doubles per bulk free (batch <<
 * free_factor) but free_factor stops at CONFIG_PCP_BATCH_SCALE_MAX (5).
 * 1 GiB zone, high ~ 13.8k pages, batch 63: without the cap the factor
 * would climb to 7.  Free 20000 single pages after allocating them.
 * Expect free_factor never above 5.
 */
static void test_pcp_free_factor_capped_61(void **state)
{
	struct cmasim *sim = machine("6.1", 1024, NULL, 0, false);
	struct cms_zone *z = dma32(sim);
	uint64_t *p = g_new(uint64_t, 20000);
	unsigned int top = 0;

	assert_true(z->pcp[0].high > 64 * z->pcp[0].batch);
	for (int i = 0; i < 20000; i++)
		p[i] = tst_alloc(sim, CMASIM_GFP_KERNEL, 0);
	for (int i = 0; i < 20000; i++) {
		assert_errno(cmasim_free_pages(sim, p[i], 0), 0);
		if ((unsigned int)z->pcp[0].free_factor > top)
			top = (unsigned int)z->pcp[0].free_factor;
	}
	assert_int_equal(top, 5);
	g_free(p);
	tst_sim_free(sim);
}

/* gfp_zone: GFP_DMA lands in ZONE_DMA, GFP_DMA32 never in Normal. */
static void test_gfp_zone_mapping(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x1000, 0x9e000, 0 }, { 0x100000, 5 * GiB - 0x100000, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.12", NULL);
	uint64_t p;

	tst_mm_boot(sim, mem, 2, NULL, 0);
	p = tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM_GFP_DMA, 0);
	assert_true(p < 0x1000);
	p = tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM_GFP_DMA32, 3);
	assert_true(p >= 0x1000 && p < 0x100000);
	p = tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	assert_true(p >= 0x100000);
	p = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 4);
	assert_true(p >= 0x100000);
	tst_sim_free(sim);
}

/*
 * Two nodes; __GFP_THISNODE never leaves the node, a plain request falls
 * back to the other node when the local one is full.
 */
static void test_zonelist_node_fallback_and_thisnode(void **state)
{
	static const struct tst_range mem[] = {
		{ 16 * MiB, 16 * MiB, 0 }, { 32 * MiB, 16 * MiB, 1 } };
	struct cmasim *sim = tst_sim_new(NULL, "6.1", NULL);
	cmasim_pfn_t p;
	int rc;

	tst_mm_boot(sim, mem, 2, NULL, 0);
	while (!(rc = cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL |
					 CMASIM___GFP_THISNODE, 4, 1, &p)))
		assert_true(p >= (32 * MiB >> 12));
	assert_errno(rc, -ENOMEM);
	assert_errno(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 4, 1, &p), 0);
	assert_true(p < (32 * MiB >> 12));
	assert_int_equal(tst_zone(sim, 0, CMS_ZONE_DMA32)->vm[CMS_ZS_NUMA_MISS], 1);
	tst_sim_free(sim);
}

/* ---- Pageblock migratetypes ---- */

/*
 * pfn 0 is a hole, so pageblock 0 is never initialised: it reads
 * UNMOVABLE; every other present pageblock reads MOVABLE.
 * Expect exactly that on the 64 MiB machine.
 */
static void test_pageblock_initial_types(void **state)
{
	struct cmasim *sim = tst_small_x86("6.1");

	assert_int_equal(tst_pb(sim, 1), CMASIM_MIGRATE_UNMOVABLE);
	for (uint64_t p = 512; p < (64 * MiB) >> 12; p += 512)
		assert_int_equal(tst_pb(sim, p), CMASIM_MIGRATE_MOVABLE);
	assert_errno(cmasim_pageblock_migratetype(sim, (64 * MiB) >> 12), -ENOENT);
	tst_sim_free(sim);
}

/* 16 MiB at 16 MiB, the pageblock at 20 MiB (pfn 0x1400) reserved. */
static int setup_16m_rsv(void **state)
{
	static const struct tst_range mem[] = { { 16 * MiB, 16 * MiB, 0 } };
	static const struct tst_range rsv[] = { { 20 * MiB, 2 * MiB, 0 } };
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);

	tst_mm_boot(sim, mem, 1, rsv, 1);
	*state = sim;
	return 0;
}

/*
 * A reserved pageblock handed to CMA: |rsv 512| -> |CMA 512 free|.
 * Expect MIGRATE_CMA, +512 managed and totalram, +512 free CMA, cma_pages.
 */
static void test_init_cma_reserved_pageblock(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = tst_zone(sim, 0, CMS_ZONE_DMA32);
	uint64_t managed = z->managed;
	uint64_t total = cmasim_totalram_pages(sim);

	assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_MOVABLE);
	cms_init_cma_reserved_pageblock(sim, 0x1400);
	assert_int_equal(tst_pb(sim, 0x1400), CMASIM_MIGRATE_CMA);
	assert_int_equal(z->managed, managed + 512);
	assert_int_equal(cmasim_totalram_pages(sim), total + 512);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_CMA_PAGES], 512);
	assert_int_equal(z->cma_pages, 512);
	assert_int_equal(cmasim_check(sim), 0);
}

/* Expect -EPERM before the zones exist. */
static void test_pageblock_migratetype_before_init(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);

	assert_errno(cmasim_pageblock_migratetype(sim, 0), -EPERM);
	assert_errno(cmasim_pageblock_migratetype(NULL, 0), -EINVAL);
	assert_string_equal(cms_migratetype_name(CMASIM_MIGRATE_ISOLATE), "Isolate");
	tst_sim_free(sim);
}

struct live_block {
	uint64_t pfn;
	unsigned int order;
};

/*
 * Seeded random alloc/free; checker after every step; hash at the end
 * (tst_mm_hash() and cmasim_state_hash(), which reads the memory map's
 * bytes as they are).  @traced: mm_page_alloc_zone_locked on, so each
 * refill takes its blocks one __rmqueue() at a time.  @mib: the machine's
 * memory (the per-cpu batch grows with it; 40-48 MiB is CMA).
 */
static uint64_t random_run(const char *kernel, uint64_t seed, int steps,
			   bool check_each, bool traced, uint64_t mib)
{
	static const unsigned int gfps[] = {
		CMASIM_GFP_KERNEL, CMASIM_GFP_HIGHUSER_MOVABLE,
		CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE, CMASIM_GFP_ATOMIC,
		CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP,
	};
	struct cmasim_config *cfg = cmasim_config_new();
	struct tst_range mem[] = { { 0x1000, 0x9e000, 0 },
				      { 0x100000, mib * MiB - 0x100000, 0 } };
	struct tst_range rsv[] = { { 0, 0x100000, 0 },
				      { 40 * MiB, 8 * MiB, 0 } };
	struct cmasim *sim;
	GArray *live = g_array_new(FALSE, FALSE, sizeof(struct live_block));
	unsigned long events = 0;
	uint64_t h, raw;

	cmasim_config_set_kernel(cfg, kernel);
	cmasim_config_set_seed(cfg, seed);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	tst_mm_boot(sim, mem, 2, rsv, 2);
	if (traced) {
		assert_errno(cmasim_trace_set_sink(sim, tst_count_event, &events), 0);
		assert_errno(cmasim_trace_enable(sim, "mm_page_alloc_zone_locked",
						 true), 0);
	}
	for (uint64_t p = (40 * MiB) >> 12; p < (48 * MiB) >> 12; p += 512)
		cms_init_cma_reserved_pageblock(sim, p);
	for (int i = 0; i < steps; i++) {
		uint64_t r = cms_rand_below(&sim->rng, 100);

		if (r < 55 || !live->len) {
			unsigned int order = (unsigned int)cms_rand_below(&sim->rng, 11);
			unsigned int gfp = gfps[cms_rand_below(&sim->rng, CMS_ARRAY_SIZE(gfps))];
			cmasim_pfn_t pfn;
			struct live_block e;

			if (order > 4 && cms_rand_below(&sim->rng, 4))
				order = (unsigned int)cms_rand_below(&sim->rng, 4);
			if (!cmasim_alloc_pages(sim, gfp, order, -1, &pfn)) {
				e.pfn = pfn;
				e.order = order;
				g_array_append_val(live, e);
			}
		} else if (r < 98) {
			guint k = (guint)cms_rand_below(&sim->rng, live->len);
			struct live_block *e = &g_array_index(live, struct live_block, k);

			assert_errno(cmasim_free_pages(sim, e->pfn, e->order), 0);
			g_array_remove_index_fast(live, k);
		} else {
			assert_errno(cmasim_drain_all_pages(sim), 0);
		}
		if (check_each && cmasim_check(sim)) {
			for (size_t d = 0; d < cmasim_diag_count(sim); d++)
				fprintf(stderr, "# %s\n", cmasim_diag_line(sim, d, NULL));
			fail_msg("%s seed %llu: check failed after step %d", kernel,
				 (unsigned long long)seed, i);
		}
	}
	if (traced)
		assert_true(events > 0);
	h = tst_mm_hash(sim);
	assert_errno(cmasim_state_hash(sim, &raw), 0);
	g_array_free(live, TRUE);
	tst_sim_free(sim);
	return h ^ (raw * UINT64_C(0x9e3779b97f4a7c15));
}

/* Expect the checker to pass after every step, and same seed -> same hash. */
static void test_random_alloc_free_checked(void **state)
{
	const char *kernel = tst_state_version(state);
	uint64_t a = random_run(kernel, 42, 3000, true, false, 64);
	uint64_t b = random_run(kernel, 42, 3000, false, false, 64);
	uint64_t c = random_run(kernel, 43, 3000, true, false, 64);

	assert_int_equal(a, b);
	assert_int_not_equal(a, c);
}

/*
 * A refill cuts its blocks out of a larger free block in one go unless
 * the zone_locked trace (or a cma_first hook) must see each __rmqueue().
 * Expect the same memory map, lists and counters both ways, for a random
 * run of every order and mobility over a zone with CMA pageblocks.
 */
static void test_pcp_refill_split_matches_block_at_a_time(void **state)
{
	const char *kernel = tst_state_version(state);

	for (uint64_t seed = 7; seed < 10; seed++)
		assert_int_equal(random_run(kernel, seed, 3000, false, false, 512),
				 random_run(kernel, seed, 3000, false, true, 512));
}

/*
 * The CMA balance rule turning inside a refill: 256 MiB at 16 MiB, half
 * of it CMA (32-160 MiB); free CMA brought to just under half of the free
 * pages, then order-0 movable allocations, whose refills lower the free
 * count page by page until CMA is more than half again.  Expect the same
 * pfns and the same state with and without the zone_locked trace, and
 * pfns both outside and inside CMA.
 */
static bool in_cma_turn(uint64_t pfn)
{
	return pfn >= ((32 * MiB) >> 12) && pfn < ((160 * MiB) >> 12);
}

static uint64_t cma_turn_run(const char *kernel, bool traced,
			     uint64_t *pfns, int n)
{
	static const struct tst_range rsv[] = { { 32 * MiB, 128 * MiB, 0 } };
	struct cmasim *sim = machine(kernel, 256, rsv, 1, false);
	struct cms_zone *z = dma32(sim);
	unsigned long events = 0;
	uint64_t h;

	for (uint64_t p = (32 * MiB) >> 12; p < (160 * MiB) >> 12; p += 512)
		cms_init_cma_reserved_pageblock(sim, p);
	while (z->vm[CMS_ZS_NR_FREE_CMA_PAGES] >
	       z->vm[CMS_ZS_NR_FREE_PAGES] / 2)
		assert_true(in_cma_turn(tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE,
						  6)));
	if (traced) {
		assert_errno(cmasim_trace_set_sink(sim, tst_count_event, &events), 0);
		assert_errno(cmasim_trace_enable(sim, "mm_page_alloc_zone_locked",
						 true), 0);
	}
	for (int i = 0; i < n; i++)
		pfns[i] = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0);
	assert_errno(cmasim_check(sim), 0);
	assert_errno(cmasim_state_hash(sim, &h), 0);
	assert_true(!traced || events > 0);
	tst_sim_free(sim);
	return h;
}

static void test_pcp_refill_split_stops_where_cma_rule_turns(void **state)
{
	const char *kernel = tst_state_version(state);
	uint64_t a[256], b[256];
	int in = 0;

	assert_int_equal(cma_turn_run(kernel, false, a, 256),
			 cma_turn_run(kernel, true, b, 256));
	for (int i = 0; i < 256; i++) {
		assert_int_equal(a[i], b[i]);
		in += in_cma_turn(a[i]);
	}
	assert_true(in > 0 && in < 256);
}

/* The long version (suite slow: test-page_alloc-long sets CMASIM_SLOW). */
static void test_random_alloc_free_long(void **state)
{
	for (uint64_t seed = 1; seed <= 5; seed++)
		random_run(tst_state_version(state), seed, 40000, true, false, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_pages_rejects_bad_input),
		cmocka_unit_test(test_alloc_pages_before_boot),
		cmocka_unit_test(test_free_pages_splits_by_pageblock_612),
		cmocka_unit_test(test_pcp_first_refill_612_takes_batch),
		cmocka_unit_test(test_pcp_free_factor_capped_61),
		cmocka_unit_test(test_gfp_zone_mapping),
		cmocka_unit_test(test_zonelist_node_fallback_and_thisnode),
		cmocka_unit_test(test_pageblock_initial_types),
		cmocka_unit_test(test_pageblock_migratetype_before_init),
	};
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_alloc_pages_split_and_merge, setup_32m),
		T(test_fallback_unmovable_claims_max_order_block, setup_32m),
		T(test_fallback_order_reclaimable_first, setup_32m),
		T(test_extfrag_stats_count_the_trace_event, setup_32m),
		T(test_claim_half_pageblock_claims, setup_32m_no_wmark),
		T(test_claim_below_half_pageblock_steals, setup_32m_no_wmark),
		T(test_steal_small_movable_fallback, setup_32m_no_wmark),
		T(test_rmqueue_cma_balance_rule, setup_cma),
		T(test_rmqueue_cma_minority_uses_movable, setup_cma),
		T(test_unmovable_fails_with_free_cma, setup_cma),
		T(test_free_one_page_no_merge_cma_movable, setup_32m_rsv),
		T(test_free_one_page_merge_retypes_buddy_612, setup_32m_rsv),
		T(test_pcp_refill_and_drain, setup_1g),
		T(test_pcp_run_takes_what_single_allocations_take, setup_256m),
		T(test_pcp_thp_lists_split_by_mobility, setup_64m_no_wmark),
		cmocka_unit_test(test_pcp_thp_order_without_hugetlb),
		T(test_highatomic_reserve_on_atomic_slowpath, setup_256m),
		T(test_highatomic_reserve_needs_gfp_high, setup_256m_no_wmark),
		T(test_watermark_nonblock_ignores_highatomic_reserve,
		  setup_256m_no_wmark),
		T(test_highatomic_reserve_limit_per_version, setup_32m_no_wmark),
		T(test_memalloc_retry_drops_reserve_flags, setup_256m_no_wmark),
		T(test_init_cma_reserved_pageblock, setup_16m_rsv),
		cmocka_unit_test(test_random_alloc_free_checked),
		cmocka_unit_test(test_pcp_refill_split_matches_block_at_a_time),
		cmocka_unit_test(test_pcp_refill_split_stops_where_cma_rule_turns),
	};
#undef T
	const struct CMUnitTest slow[] = {
		cmocka_unit_test(test_random_alloc_free_long),
	};

	if (getenv("CMASIM_SLOW"))
		return tst_run_per_version("page_alloc-long", slow, NR_OF(slow));
	return tst_run_groups("page_alloc", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
