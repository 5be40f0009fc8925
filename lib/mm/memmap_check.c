// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page allocator's invariant checker (cms_mm_check): every PFN of
 * every zone accounted exactly once (free block, per-cpu block,
 * allocated block, reserved page or hole), free-list integrity and
 * counts, NR_FREE_PAGES / NR_FREE_CMA_PAGES / nr_free_highatomic,
 * pageblock types of free pages, per-cpu counts, managed pages.  The
 * kernel has no such checker; it mirrors the VM_BUG_ONs of
 * mm/page_alloc.c gathered in one pass.
 */
#include "config.h"

#include <errno.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/mmzone.h"

#define BAD(...)						\
	do {							\
		cms_sim_bug(sim, "mm: " __VA_ARGS__);		\
		return -EUCLEAN;				\
	} while (0)

/*
 * A run on the order-@o @mt list: whole max-order blocks of the zone in
 * sections nothing has materialised.
 */
static int check_run(struct cmasim *sim, struct cms_zone *z, unsigned int o,
		     int mt, uint64_t id, uint64_t prev)
{
	const struct cms_run *r;
	uint64_t bp = UINT64_C(1) << z->run_order, end;

	if (id >= z->nr_runs || o != z->run_order)
		BAD("node %d zone %s: order %u %s list names run %llu",
		    z->node->nid, z->name, o, cms_migratetype_name(mt),
		    (unsigned long long)id);
	r = &z->runs[id];
	end = r->first + (r->nr << z->run_order);
	if (!r->nr || r->mt != mt || r->prev != prev ||
	    ((z->start_pfn + r->first) & (bp - 1)) || end > z->spanned ||
	    cms_memmap_run_at(z, r->first) != r)
		BAD("node %d zone %s: run of %llu blocks at pfn %#llx on the order %u %s list is broken",
		    z->node->nid, z->name, (unsigned long long)r->nr,
		    (unsigned long long)(z->start_pfn + r->first), o,
		    cms_migratetype_name(mt));
	for (uint64_t i = r->first; i < end;
	     i += UINT64_C(1) << z->chunk_shift) {
		uint64_t c = (i + z->chunk_off) >> z->chunk_shift;

		if (z->chunk[c])
			BAD("node %d zone %s: run at pfn %#llx covers materialised pfn %#llx",
			    z->node->nid, z->name,
			    (unsigned long long)(z->start_pfn + r->first),
			    (unsigned long long)(z->start_pfn + i));
	}
	return 0;
}

static int check_lists(struct cmasim *sim, struct cms_zone *z)
{
	int64_t nr_free = 0, nr_cma = 0, nr_ha = 0;

	for (unsigned int o = 0; o < sim->nr_orders; o++) {
		uint64_t total = 0;

		for (int mt = 0; mt < CMS_MIGRATE_TYPES; mt++) {
			struct cms_free_list *l = &z->area[o].list[mt];
			uint64_t prev = CMS_NIL, i = l->head;
			uint64_t cnt = 0, steps = 0;

			while (i != CMS_NIL) {
				struct cms_page *p;

				if (i & CMS_RUN_BIT) {
					if (check_run(sim, z, o, mt,
						      i & ~CMS_RUN_BIT, prev))
						return -EUCLEAN;
					cnt += z->runs[i & ~CMS_RUN_BIT].nr;
					if (++steps > z->spanned)
						BAD("node %d zone %s: order %u list loops",
						    z->node->nid, z->name, o);
					prev = i;
					i = z->runs[i & ~CMS_RUN_BIT].next;
					continue;
				}
				if (i >= z->spanned)
					BAD("node %d zone %s: order %u %s list index %llu outside the zone",
					    z->node->nid, z->name, o,
					    cms_migratetype_name(mt),
					    (unsigned long long)i);
				p = cms_zone_idx_page(z, i);
				if (cms_page_state(p) != CMS_PG_BUDDY ||
				    cms_page_order(p) != o ||
				    cms_page_mt(p) != mt ||
				    cms_page_prev(p) != prev)
					BAD("node %d zone %s: pfn %#llx on the order %u %s list has state %u order %u type %d",
					    z->node->nid, z->name,
					    (unsigned long long)(z->start_pfn + i),
					    o, cms_migratetype_name(mt),
					    cms_page_state(p), cms_page_order(p),
					    cms_page_mt(p));
				if (++cnt > z->spanned || ++steps > z->spanned)
					BAD("node %d zone %s: order %u list loops",
					    z->node->nid, z->name, o);
				prev = i;
				i = p->b;
			}
			if (prev != l->tail || cnt != l->nr)
				BAD("node %d zone %s: order %u %s list has %llu entries, counted %llu",
				    z->node->nid, z->name, o,
				    cms_migratetype_name(mt),
				    (unsigned long long)cnt,
				    (unsigned long long)l->nr);
			total += cnt;
			if (mt != CMASIM_MIGRATE_ISOLATE)
				nr_free += (int64_t)(cnt << o);
			if (mt == CMASIM_MIGRATE_CMA)
				nr_cma += (int64_t)(cnt << o);
			if (mt == CMASIM_MIGRATE_HIGHATOMIC)
				nr_ha += (int64_t)(cnt << o);
		}
		if (total != z->area[o].nr_free)
			BAD("node %d zone %s: order %u nr_free %llu, lists hold %llu",
			    z->node->nid, z->name, o,
			    (unsigned long long)z->area[o].nr_free,
			    (unsigned long long)total);
	}
	if (nr_free != z->vm[CMS_ZS_NR_FREE_PAGES])
		BAD("node %d zone %s: NR_FREE_PAGES %lld, free lists hold %lld",
		    z->node->nid, z->name,
		    (long long)z->vm[CMS_ZS_NR_FREE_PAGES], (long long)nr_free);
	if (nr_cma != z->vm[CMS_ZS_NR_FREE_CMA_PAGES])
		BAD("node %d zone %s: NR_FREE_CMA_PAGES %lld, CMA lists hold %lld",
		    z->node->nid, z->name,
		    (long long)z->vm[CMS_ZS_NR_FREE_CMA_PAGES],
		    (long long)nr_cma);
	if (sim->ver->counts_free_highatomic &&
	    (int64_t)z->nr_free_highatomic != nr_ha)
		BAD("node %d zone %s: nr_free_highatomic %llu, lists hold %lld",
		    z->node->nid, z->name,
		    (unsigned long long)z->nr_free_highatomic, (long long)nr_ha);
	for (unsigned int c = 0; c < sim->mm->nr_cpus; c++) {
		struct cms_pcp *pcp = &z->pcp[c];
		int64_t pages = 0;

		for (int l = 0; l < CMS_NR_PCP_LISTS; l++) {
			uint64_t i = pcp->lists[l].head;
			uint64_t cnt = 0;

			while (i != CMS_NIL) {
				uint64_t ch = (i + z->chunk_off) >>
					      z->chunk_shift;
				const struct cms_page *p = NULL;

				if (i < z->spanned && z->chunk[ch])
					p = cms_zone_idx_page(z, i);
				if (!p || cms_page_state(p) != CMS_PG_PCP)
					BAD("node %d zone %s: cpu %u pcp list %d holds a non-pcp page",
					    z->node->nid, z->name, c, l);
				pages += (int64_t)1 << cms_page_order(p);
				if (++cnt > z->spanned)
					BAD("pcp list loops");
				i = p->b;
			}
			if (cnt != pcp->lists[l].nr)
				BAD("node %d zone %s: cpu %u pcp list %d count", z->node->nid,
				    z->name, c, l);
		}
		if (pages != pcp->count)
			BAD("node %d zone %s: cpu %u pcp count %d, lists hold %lld",
			    z->node->nid, z->name, c, pcp->count,
			    (long long)pages);
	}
	return 0;
}

/*
 * An untouched chunk, [@cs, @ce) of the zone: its present pages lie in
 * runs (whose lists check_lists() checked) in pageblocks of the run's
 * type; the rest are holes.
 */
/*
 * The pageblocks of run @r's blocks in [@pfn, @end) have the type the
 * run's list has, by the version's rule (as check_memmap() checks a free
 * block of a materialised section).
 */
static int check_run_blocks(struct cmasim *sim, struct cms_zone *z,
			    const struct cms_run *r, uint64_t pfn,
			    uint64_t end)
{
	uint64_t bp = UINT64_C(1) << z->run_order;
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order;
	bool follow = sim->ver->free_lists_follow_pageblocks;
	int mt = r->mt;

	for (uint64_t b = pfn; b < end; b += pbn) {
		int pb = cms_get_pageblock_migratetype(sim, z, b);
		unsigned long long head = cms_align_down(b, bp);

		if (follow && pb != mt)
			BAD("node %d zone %s: free block at pfn %#llx is on the %s list in a %s pageblock",
			    z->node->nid, z->name, head,
			    cms_migratetype_name(mt), cms_migratetype_name(pb));
		if (!follow && (pb == CMASIM_MIGRATE_CMA) !=
			       (mt == CMASIM_MIGRATE_CMA) &&
		    mt != CMASIM_MIGRATE_ISOLATE &&
		    pb != CMASIM_MIGRATE_ISOLATE)
			BAD("node %d zone %s: free block at pfn %#llx: %s list in a %s pageblock",
			    z->node->nid, z->name, head,
			    cms_migratetype_name(mt), cms_migratetype_name(pb));
	}
	return 0;
}

static int check_untouched(struct cmasim *sim, struct cms_zone *z,
			   uint64_t cs, uint64_t ce, uint64_t *holes,
			   uint64_t *reserved)
{
	uint64_t bp = UINT64_C(1) << z->run_order;
	uint64_t present = 0;

	for (size_t k = 0; k < z->nr_mem; k++) {
		uint64_t pfn = cms_max_u64(z->mem[k].s, cs);
		uint64_t e = cms_min_u64(z->mem[k].e, ce);

		if (pfn < e)
			present += e - pfn;
		while (pfn < e) {
			const struct cms_run *r;
			uint64_t end;

			r = (pfn & (bp - 1)) ? NULL :
			    cms_memmap_run_at(z, pfn - z->start_pfn);
			if (!r && z->memmap_settled) {
				/* never freed: reserved up to the next block */
				end = cms_min_u64(e, (pfn | (bp - 1)) + 1);
				*reserved += end - pfn;
				pfn = end;
				continue;
			}
			if (!r)
				BAD("node %d zone %s: pfn %#llx is not covered by any block",
				    z->node->nid, z->name,
				    (unsigned long long)pfn);
			end = cms_min_u64(e, z->start_pfn + r->first +
					     (r->nr << z->run_order));
			if (check_run_blocks(sim, z, r, pfn, end))
				return -EUCLEAN;
			pfn = end;
		}
	}
	*holes += (ce - cs) - present;
	return 0;
}

static int check_memmap(struct cmasim *sim, struct cms_zone *z,
			uint64_t *managed_seen)
{
	uint64_t end = z->start_pfn + z->spanned, pbn;
	uint64_t reserved = 0, holes = 0;
	bool follow = sim->ver->free_lists_follow_pageblocks;

	pbn = UINT64_C(1) << sim->pageblock_order;
	for (uint64_t pfn = z->start_pfn; pfn < end;) {
		uint64_t r = pfn - z->start_pfn + z->chunk_off;
		struct cms_page *p;
		unsigned int st, o;
		uint64_t n;

		if (!z->chunk[r >> z->chunk_shift]) {
			uint64_t ce = pfn - (r & z->chunk_mask) +
				      z->chunk_mask + 1;

			ce = cms_min_u64(ce, end);
			if (check_untouched(sim, z, pfn, ce, &holes,
					    &reserved))
				return -EUCLEAN;
			pfn = ce;
			continue;
		}
		p = cms_zone_page(z, pfn);
		st = cms_page_state(p);
		o = cms_page_order(p);
		n = UINT64_C(1) << o;
		switch (st) {
		case CMS_PG_RESERVED:
			if (p->flags & CMS_PGF_HOLE)
				holes++;
			else
				reserved++;
			pfn++;
			continue;
		case CMS_PG_TAIL:
			BAD("node %d zone %s: pfn %#llx is not covered by any block",
			    z->node->nid, z->name, (unsigned long long)pfn);
		default:
			break;
		}
		if (pfn & (n - 1) || pfn + n > end)
			BAD("node %d zone %s: block at pfn %#llx of order %u is misaligned or crosses the zone end",
			    z->node->nid, z->name, (unsigned long long)pfn, o);
		for (uint64_t k = 1; k < n; k++)
			if (cms_zone_page(z, pfn + k)->flags)
				BAD("node %d zone %s: pfn %#llx inside the order-%u block at %#llx has its own state",
				    z->node->nid, z->name,
				    (unsigned long long)(pfn + k), o,
				    (unsigned long long)pfn);
		if (st == CMS_PG_BUDDY) {
			int mt = cms_page_mt(p);

			for (uint64_t b = cms_align_down(pfn, pbn); b < pfn + n;
			     b += pbn) {
				int pb = cms_get_pageblock_migratetype(sim, z, b);

				if (follow && pb != mt)
					BAD("node %d zone %s: free block at pfn %#llx is on the %s list in a %s pageblock",
					    z->node->nid, z->name,
					    (unsigned long long)pfn,
					    cms_migratetype_name(mt),
					    cms_migratetype_name(pb));
				if (!follow && (pb == CMASIM_MIGRATE_CMA) !=
						     (mt == CMASIM_MIGRATE_CMA) &&
				    mt != CMASIM_MIGRATE_ISOLATE &&
				    pb != CMASIM_MIGRATE_ISOLATE)
					BAD("node %d zone %s: free block at pfn %#llx: %s list in a %s pageblock",
					    z->node->nid, z->name,
					    (unsigned long long)pfn,
					    cms_migratetype_name(mt),
					    cms_migratetype_name(pb));
			}
		}
		pfn += n;
	}
	if (holes != z->spanned - z->present)
		BAD("node %d zone %s: %llu hole pages, spanned - present is %llu",
		    z->node->nid, z->name, (unsigned long long)holes,
		    (unsigned long long)(z->spanned - z->present));
	if (sim->mm->freed && z->managed != z->present - reserved)
		BAD("node %d zone %s: managed %llu, but %llu present pages are not reserved",
		    z->node->nid, z->name, (unsigned long long)z->managed,
		    (unsigned long long)(z->present - reserved));
	*managed_seen += z->managed;
	return 0;
}

int cms_mm_check(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	struct cms_node *n;
	struct cms_zone *z;
	uint64_t managed = 0;

	if (!mm->freed)
		return 0;
	cms_for_each_zone(mm, n, z) {
		if (!z->spanned)
			continue;
		if (check_lists(sim, z) || check_memmap(sim, z, &managed))
			return -EUCLEAN;
	}
	if (managed != mm->totalram_pages)
		BAD("totalram_pages %llu, zones manage %llu",
		    (unsigned long long)mm->totalram_pages,
		    (unsigned long long)managed);
	return 0;
}
