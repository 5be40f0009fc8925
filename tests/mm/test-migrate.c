// SPDX-License-Identifier: GPL-2.0-only
/*
 * Seeded random runs over lib/mm/migrate.c (with page_alloc_contig.c and
 * page_isolation.c) and cma_alloc/cma_release: movable (anonymous, dirty
 * and clean page cache), unmovable and reclaimable allocations of orders
 * 0-3, frees, pins and unpins, transient migration failures, cma_alloc
 * with random sizes and alignments and cma_release, per version.  After every step the
 * checker must pass, every owned block must hold its tag at the pfn its
 * owner was last told, and no movable block may lie inside a range that
 * cma_alloc handed out.
 */
#include "config.h"

#include <stdio.h>

#include "mm-helpers.h"
#include "runtime-helpers.h"
#include "mm/migrate.h"
#include "mm/page_alloc_contig.h"
#include "mm/page_isolation.h"

#define AREA_BASE 0x4000u
#define AREA_PAGES 8192u

struct rec {
	uint64_t pfn;
	unsigned int order;
	uint32_t owner;		/* 0: unmovable/reclaimable */
	uint64_t tag;
	bool pinned;
};

struct world {
	struct cmasim *sim;
	struct cmasim_cma *area;
	GArray *recs;			/* struct rec */
	GHashTable *by_pfn;		/* pfn -> index + 1 */
	GArray *cma;			/* pairs pfn, count */
	uint64_t next_tag;
	unsigned int moves, drops, cma_ok, cma_busy, cma_nomem;
};

static void reindex(struct world *w)
{
	g_hash_table_remove_all(w->by_pfn);
	for (unsigned int i = 0; i < w->recs->len; i++)
		g_hash_table_insert(w->by_pfn,
			GSIZE_TO_POINTER(g_array_index(w->recs, struct rec, i).pfn + 1),
			GUINT_TO_POINTER(i + 1));
}

static void moved(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		  unsigned int order, uint64_t tag, void *data)
{
	struct world *w = data;
	guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(w->by_pfn,
					GSIZE_TO_POINTER(old_pfn + 1)));
	struct rec *r;

	if (!idx)
		fail_msg("owner %u: unknown block at 0x%llx moved", owner,
			 (unsigned long long)old_pfn);
	r = &g_array_index(w->recs, struct rec, idx - 1);
	assert_int_equal(r->owner, owner);
	assert_int_equal(r->tag, tag);
	assert_int_equal(r->order, order);
	g_hash_table_remove(w->by_pfn, GSIZE_TO_POINTER(old_pfn + 1));
	if (new_pfn == CMASIM_PFN_DROPPED) {
		w->drops++;
		r->pfn = UINT64_MAX;	/* removed at the next sweep */
		return;
	}
	w->moves++;
	r->pfn = new_pfn;
	g_hash_table_insert(w->by_pfn, GSIZE_TO_POINTER(new_pfn + 1),
			    GUINT_TO_POINTER(idx));
}

static void sweep_dropped(struct world *w)
{
	for (unsigned int i = 0; i < w->recs->len;) {
		if (g_array_index(w->recs, struct rec, i).pfn == UINT64_MAX)
			g_array_remove_index_fast(w->recs, i);
		else
			i++;
	}
	reindex(w);
}

static void verify(struct world *w, unsigned int step)
{
	if (cmasim_check(w->sim)) {
		for (size_t i = 0; i < cmasim_diag_count(w->sim); i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(w->sim, i, NULL));
		fail_msg("step %u: cmasim_check() failed", step);
	}
	for (unsigned int i = 0; i < w->recs->len; i++) {
		const struct rec *r = &g_array_index(w->recs, struct rec, i);
		const struct cms_page *p = rt_page(w->sim, r->pfn);

		if (cms_page_state(p) != CMS_PG_ALLOC || cms_page_order(p) != r->order ||
		    (r->owner && (p->a != r->owner || p->b != r->tag)))
			fail_msg("step %u: block %u at 0x%llx lost (state %u order %u owner %u)",
				 step, i, (unsigned long long)r->pfn,
				 cms_page_state(p), cms_page_order(p), p->a);
		for (unsigned int c = 0; r->owner && c < w->cma->len; c += 2) {
			uint64_t s = g_array_index(w->cma, uint64_t, c);
			uint64_t n = g_array_index(w->cma, uint64_t, c + 1);

			if (r->pfn + (UINT64_C(1) << r->order) > s && r->pfn < s + n)
				fail_msg("step %u: movable block 0x%llx inside a CMA allocation",
					 step, (unsigned long long)r->pfn);
		}
	}
}

static void run(const char *kernel, uint64_t seed, unsigned int steps)
{
	struct world w = { 0 };
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	static const enum cmasim_owner_kind kinds[] = {
		CMASIM_OWNER_ANON, CMASIM_OWNER_FILE_DIRTY,
		CMASIM_OWNER_FILE_CLEAN, CMASIM_OWNER_ANON,
	};

	w.sim = rt_machine(kernel, 100, 32, &w.area, NULL);
	w.recs = g_array_new(FALSE, FALSE, sizeof(struct rec));
	w.by_pfn = g_hash_table_new(g_direct_hash, g_direct_equal);
	w.cma = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	for (uint32_t o = 1; o <= 4; o++)
		assert_int_equal(cmasim_owner_register(w.sim, o, kinds[o - 1], moved, &w), 0);
	assert_int_equal(cmasim_migrate_set_failure_rate(w.sim, 20000), 0);

	for (unsigned int step = 0; step < steps; step++) {
		unsigned int op;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		op = (unsigned int)(x >> 59) % 16;
		if (op < 7 && w.recs->len < 3000) {		/* allocate */
			bool movable = op < 5;
			unsigned int order = (unsigned int)(x >> 20) % 4;
			unsigned int gfp = movable ? CMASIM_GFP_HIGHUSER_MOVABLE :
					   op == 5 ? CMASIM_GFP_KERNEL :
					   (CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE);
			cmasim_pfn_t pfn;
			struct rec r = { 0 };

			if (order && movable)
				gfp |= CMASIM___GFP_COMP;
			if (cmasim_alloc_pages(w.sim, gfp, order, CMASIM_NUMA_NO_NODE, &pfn))
				continue;
			r.pfn = pfn;
			r.order = order;
			if (movable) {
				r.owner = 1 + (uint32_t)((x >> 30) % 4);
				r.tag = ++w.next_tag;
				assert_int_equal(cmasim_page_set_owner(w.sim, pfn, r.owner,
								       r.tag), 0);
			}
			g_array_append_val(w.recs, r);
			g_hash_table_insert(w.by_pfn, GSIZE_TO_POINTER(pfn + 1),
					    GUINT_TO_POINTER(w.recs->len));
		} else if (op < 9 && w.recs->len) {		/* free */
			unsigned int i = (unsigned int)((x >> 16) % w.recs->len);
			struct rec *r = &g_array_index(w.recs, struct rec, i);

			assert_int_equal(cmasim_free_pages(w.sim, r->pfn, r->order), 0);
			g_array_remove_index_fast(w.recs, i);
			reindex(&w);
		} else if (op < 11 && w.recs->len) {		/* pin / unpin */
			unsigned int i = (unsigned int)((x >> 16) % w.recs->len);
			struct rec *r = &g_array_index(w.recs, struct rec, i);

			r->pinned = !r->pinned;
			assert_int_equal(r->pinned ? cmasim_page_pin(w.sim, r->pfn) :
						     cmasim_page_unpin(w.sim, r->pfn), 0);
		} else if (op < 14) {				/* cma_alloc */
			uint64_t count = 1 + (x >> 12) % 768;
			unsigned int align = (unsigned int)((x >> 40) % 9);
			cmasim_pfn_t pfn;
			int ret = cmasim_cma_alloc(w.sim,
				w.area,
				count, align, CMASIM_CMA_NO_WARN, &pfn);

			if (ret == 0) {
				uint64_t c = count;

				assert_int_equal(pfn & ((UINT64_C(1) << align) - 1), 0);
				g_array_append_val(w.cma, pfn);
				g_array_append_val(w.cma, c);
				w.cma_ok++;
			} else if (ret == -EBUSY) {
				w.cma_busy++;
			} else {
				assert_int_equal(ret, -ENOMEM);
				w.cma_nomem++;
			}
			sweep_dropped(&w);
		} else if (w.cma->len) {			/* cma_release */
			unsigned int i = 2 * (unsigned int)((x >> 16) % (w.cma->len / 2));

			assert_int_equal(cmasim_cma_release(w.sim,
				w.area,
				g_array_index(w.cma, uint64_t, i),
				g_array_index(w.cma, uint64_t, i + 1)), 0);
			g_array_remove_range(w.cma, i, 2);
		}
		verify(&w, step);
	}
	print_message("# %s seed %llu: %u cma_alloc ok, %u busy, %u nomem; %u moves, %u drops\n",
		      kernel, (unsigned long long)seed, w.cma_ok, w.cma_busy,
		      w.cma_nomem, w.moves, w.drops);
	assert_true(w.cma_ok > 0);
	assert_true(w.moves > 0);
	g_array_free(w.recs, TRUE);
	g_array_free(w.cma, TRUE);
	g_hash_table_destroy(w.by_pfn);
	tst_sim_free(w.sim);
}

/* The unit suite runs 3 seeds x 1500 steps; the slow suite's build
 * (migrate-long) 20 seeds x 6000 steps. */
#ifdef TST_LONG_RUNS
#define SEEDS 20
#define STEPS 6000
#else
#define SEEDS 3
#define STEPS 1500
#endif

/* Expect every seed on the group's version to run with nothing lost. */
static void test_migrate_random_runs(void **state)
{
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		run(tst_state_version(state), seed, STEPS);
}

/*
 * One pass of cms_migrate_blocks() over the movable blocks of the first
 * 16 MiB of the area, on a 128 MiB machine filled with movable blocks of
 * orders 0-2 (some compound, some pinned inside the range), a seeded
 * half of them freed again.  @traced turns mm_page_alloc on, so that
 * every block moves alone; @isolate isolates the range first, as
 * alloc_contig_range() does; @tight frees only 1024 pages outside the
 * range, so that the targets run out midway.  Returns a hash of the
 * outcome: the blocks kept and their order, the return code, the
 * migration counts, the memory map, lists, counters and events.
 */
static uint64_t blocks_pass(const char *kernel, uint32_t seed, bool traced,
			    bool isolate, bool tight)
{
	const uint64_t start = AREA_BASE, end = AREA_BASE + 4096;
	struct cmasim_cma *a;
	struct cmasim *sim = rt_machine(kernel, 128, 32, &a, NULL);
	GArray *live = g_array_new(FALSE, FALSE, sizeof(struct rec));
	GArray *list = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	GRand *rng = g_rand_new_with_seed(seed);
	struct cmasim_migrate_stats st;
	unsigned long events = 0;
	unsigned int n, freed_outside = 0;
	uint64_t h, raw, fail = 0;
	struct cms_zone *z;
	int ret;

	assert_errno(cmasim_owner_register(sim, 1, CMASIM_OWNER_ANON, NULL, NULL), 0);
	if (traced) {
		assert_errno(cmasim_trace_set_sink(sim, tst_count_event, &events), 0);
		assert_errno(cmasim_trace_enable(sim, "mm_page_alloc", true), 0);
	}
	for (;;) {
		struct rec r = { 0 };
		unsigned int pick = (unsigned int)g_rand_int_range(rng, 0, 8);
		cmasim_pfn_t p;

		r.order = pick < 6 ? 0 : pick - 5;
		if (cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE |
				       (r.order && g_rand_boolean(rng) ?
					CMASIM___GFP_COMP : 0),
				       r.order, CMASIM_NUMA_NO_NODE, &p)) {
			if (!r.order)
				break;
			continue;
		}
		r.pfn = p;
		r.tag = p ^ 0x5a5a;
		assert_errno(cmasim_page_set_owner(sim, p, 1, r.tag), 0);
		g_array_append_val(live, r);
	}
	for (guint i = 0; i < live->len; i++) {
		const struct rec *r = &g_array_index(live, struct rec, i);
		bool inside = r->pfn >= start && r->pfn < end;

		if (!inside && tight && freed_outside >= 1024)
			continue;
		if (g_rand_boolean(rng)) {
			assert_errno(cmasim_free_pages(sim, r->pfn, r->order), 0);
			freed_outside += !inside;
		} else if (inside && g_rand_int_range(rng, 0, 40) == 0) {
			assert_errno(cmasim_page_pin(sim, r->pfn), 0);
		}
	}
	assert_errno(cmasim_drain_all_pages(sim), 0);
	z = cms_pfn_zone(sim, start);
	if (isolate) {
		assert_errno(cms_start_isolate_page_range(sim, start, end,
							  CMASIM_MIGRATE_CMA,
							  &fail), 0);
		cms_drain_zone_pages(sim, z);
	}
	for (uint64_t pfn = start; pfn < end;) {
		const struct cms_page *p = rt_page(sim, pfn);

		if (cms_page_state(p) == CMS_PG_ALLOC)
			g_array_append_val(list, pfn);
		pfn += UINT64_C(1) << cms_page_order(p);
	}
	n = list->len;
	assert_true(n > 1000);
	ret = cms_migrate_blocks(sim, z, (uint64_t *)(void *)list->data, &n);
	assert_errno(cmasim_migrate_get_stats(sim, &st), 0);
	if (tight)
		assert_errno(ret, -ENOMEM);
	else
		assert_errno(ret, 0);
	assert_true(st.migrated > 0);
	if (traced)
		assert_true(events > 0);
	rt_check(sim);
	h = tst_mm_hash(sim);
	assert_errno(cmasim_state_hash(sim, &raw), 0);
	h ^= raw * UINT64_C(0x9e3779b97f4a7c15);
	for (unsigned int i = 0; i < n; i++)
		h = (h ^ g_array_index(list, uint64_t, i)) *
		    UINT64_C(0x100000001b3);
	h = (h ^ n ^ (uint64_t)-ret << 32) * UINT64_C(0x100000001b3);
	h = (h ^ st.migrated ^ st.failed << 24 ^ st.migrated_pages << 40) *
	    UINT64_C(0x100000001b3);
	if (isolate)
		cms_undo_isolate_page_range(sim, start, end, CMASIM_MIGRATE_CMA);
	rt_check(sim);
	g_rand_free(rng);
	g_array_free(list, TRUE);
	g_array_free(live, TRUE);
	tst_sim_free(sim);
	return h;
}

/*
 * Expect a pass over a migration list to leave the same lists, memory
 * map, counters and kept blocks whether its order-0 runs move in one go
 * or every block moves alone (an event on): in an isolated range, with
 * targets running out midway, and outside isolation (where the frees go
 * to the per-cpu list the targets come from, so nothing may move in one
 * go).
 */
static void test_migrate_blocks_runs_match_one_by_one(void **state)
{
	const char *kernel = tst_state_version(state);

	for (uint32_t seed = 1; seed <= 2; seed++) {
		assert_int_equal(blocks_pass(kernel, seed, false, true, false),
				 blocks_pass(kernel, seed, true, true, false));
		assert_int_equal(blocks_pass(kernel, seed, false, true, true),
				 blocks_pass(kernel, seed, true, true, true));
		assert_int_equal(blocks_pass(kernel, seed, false, false, false),
				 blocks_pass(kernel, seed, true, false, false));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_random_runs),
		cmocka_unit_test(test_migrate_blocks_runs_match_one_by_one),
	};

	return tst_run_per_version("migrate", tests, NR_OF(tests));
}
