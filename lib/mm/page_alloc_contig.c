// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contiguous range allocation: alloc_contig_range(),
 * __alloc_contig_migrate_range() and free_contig_range() of
 * mm/page_alloc.c, isolate_migratepages_range() and
 * isolate_freepages_range() of mm/compaction.c in the small.
 *
 * The steps are the kernel's: isolate the pageblocks, drain the per-cpu
 * lists, then loop: isolate up to COMPACT_CLUSTER_MAX movable pages from
 * the range, drop the clean page cache among them, migrate the rest with
 * up to 10 attempts each (NR_MAX_MIGRATE_PAGES_RETRY); a batch that keeps
 * failing is given up after 5 passes (-EBUSY).  A migration -EBUSY does
 * not end the allocation by itself: test_pages_isolated() decides.  Then
 * the free pages are taken off the (isolate) free lists as order-0 pages,
 * the head and tail of larger blocks freed again, and the isolation
 * undone.  Unmovable, reserved and long-term pinned anonymous pages are
 * not even isolated for migration: they are what test_pages_isolated()
 * finds.  Each failure is explained: the caller gets the reason, and
 * the instance keeps the last one (cmasim_contig_last_failure()).
 *
 * Not the kernel's, and not visible: for a range of whole pageblocks,
 * with nothing installed that could look in the middle (trace events,
 * policy hooks, owners told of moves), the migrated pages' frees into
 * the isolated blocks wait instead of merging one by one (struct
 * cms_deferred_frees).  If the range is then all free, it is taken as
 * it is; otherwise the frees are merged in the order they happened
 * before test_pages_isolated() looks, so the lists end as the kernel's.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/page_alloc_contig.h"
#include "mm/page_isolation.h"
#include "mm/migrate.h"
#include "mm/policy.h"
#include "core/trace.h"
#include "mm/mmzone.h"

#define COMPACT_CLUSTER_MAX 32
#define MIGRATE_PASSES 5		/* __alloc_contig_migrate_range tries */
#define MIGRATE_RETRIES 10		/* NR_MAX_MIGRATE_PAGES_RETRY */

int cms_contig_init(struct cmasim *sim)
{
	struct cms_contig *c = g_try_new0(struct cms_contig, 1);

	if (!c)
		return -ENOMEM;
	sim->contig = c;
	return 0;
}

void cms_contig_fini(struct cmasim *sim)
{
	g_free(sim->contig);
	sim->contig = NULL;
}

static void fail_why(struct cmasim *sim, enum cmasim_contig_reason reason,
		     int err, uint64_t start, uint64_t end, uint64_t pfn,
		     uint32_t owner, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* Record a failure as the instance's last one (the caller copies it). */
static void fail_why(struct cmasim *sim, enum cmasim_contig_reason reason,
		     int err, uint64_t start, uint64_t end, uint64_t pfn,
		     uint32_t owner, const char *fmt, ...)
{
	struct cmasim_contig_failure *f = &sim->contig->f;
	va_list ap;

	sim->contig->has_failure = true;
	f->reason = reason;
	f->err = err;
	f->start = start;
	f->end = end;
	f->pfn = pfn;
	f->owner = owner;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
	cms_explain(sim, "alloc_contig_range [0x%" PRIx64 ", 0x%" PRIx64 "): %s",
		    start, end, f->text);
}

/* Explain why the page at @pfn is not free after migration. */
static void explain_blocker(struct cmasim *sim, struct cms_zone *z,
			    uint64_t start, uint64_t end, uint64_t pfn,
			    bool migration_gave_up)
{
	uint64_t head = z ? cms_block_head(sim, z, pfn) : UINT64_MAX;
	const struct cms_page *p;

	if (head == UINT64_MAX) {
		fail_why(sim, CMASIM_CONTIG_BUSY, -EBUSY, start, end, pfn, 0,
			 "pfn 0x%" PRIx64 " is not free", pfn);
		return;
	}
	p = cms_zone_page(z, head);
	switch (cms_page_state(p)) {
	case CMS_PG_RESERVED:
		fail_why(sim, CMASIM_CONTIG_RESERVED, -EBUSY, start, end, head, 0,
			 "reserved page at pfn 0x%" PRIx64, head);
		return;
	case CMS_PG_ALLOC:
		if (p->flags & CMS_PGF_PINNED) {
			fail_why(sim, CMASIM_CONTIG_PINNED, -EBUSY, start, end,
				 head, p->a, "pfn 0x%" PRIx64 " pinned by owner %u",
				 head, p->a);
			return;
		}
		if (!(p->flags & CMS_PGF_MOVABLE)) {
			fail_why(sim, CMASIM_CONTIG_UNMOVABLE, -EBUSY, start, end,
				 head, p->a, "unmovable page at pfn 0x%" PRIx64 " (order %u)",
				 head, cms_page_order(p));
			return;
		}
		fail_why(sim, CMASIM_CONTIG_MIGRATION_FAILED, -EBUSY, start, end,
			 head, p->a, migration_gave_up ?
			 "pfn 0x%" PRIx64 ": migration failed %d passes" :
			 "pfn 0x%" PRIx64 ": still in use after migration (%d passes allowed)",
			 head, MIGRATE_PASSES);
		return;
	default:
		fail_why(sim, CMASIM_CONTIG_BUSY, -EBUSY, start, end, head, 0,
			 "pfn 0x%" PRIx64 " is not free (state %u)", head,
			 cms_page_state(p));
	}
}

/*
 * The blocks isolated for one round of migration: each adds at least one
 * page to the COMPACT_CLUSTER_MAX taken, so that many heads fit.
 */
struct migrate_list {
	unsigned int len;
	uint64_t pfn[COMPACT_CLUSTER_MAX];
};

/*
 * isolate_migratepages_range() for contiguous allocation: collect the
 * heads of movable blocks from @pfn until COMPACT_CLUSTER_MAX pages are
 * taken.  Pinned anonymous blocks are skipped, as the kernel's racy
 * refcount check does.  Returns the pfn to continue from.
 */
static uint64_t isolate_migratepages(struct cmasim *sim, struct cms_zone *z,
				     uint64_t pfn, uint64_t end,
				     struct migrate_list *list)
{
	uint64_t taken = 0;

	while (pfn < end && taken < COMPACT_CLUSTER_MAX) {
		uint64_t stop;
		const struct cms_page *p = cms_zone_pages(z, pfn, end, &stop);

		while (pfn < stop && taken < COMPACT_CLUSTER_MAX) {
			const struct cms_page *h = p;
			uint64_t head = pfn, next;
			unsigned int order;

			/* a block's own head is the common case: no search */
			if (cms_page_state(p) == CMS_PG_TAIL) {
				head = cms_block_head(sim, z, pfn);
				if (head == UINT64_MAX) {
					pfn++;
					p++;
					continue;
				}
				h = cms_zone_idx_page(z, head - z->start_pfn);
			}
			order = cms_page_state(h) == CMS_PG_RESERVED ? 0 :
				cms_page_order(h);
			if (cms_page_state(h) == CMS_PG_ALLOC &&
			    (h->flags & CMS_PGF_MOVABLE) &&
			    !((h->flags & CMS_PGF_PINNED) &&
			      cms_owner_kind(sim, h->a) == CMASIM_OWNER_ANON)) {
				list->pfn[list->len++] = head;
				taken += UINT64_C(1) << order;
			}
			next = cms_next_block(head, order);
			p += next - pfn;
			pfn = next;
		}
	}
	return pfn;
}

/*
 * migrate_pages() over @list: up to MIGRATE_RETRIES passes; blocks that
 * moved leave the list.  Returns the blocks left, or -ENOMEM.
 */
static int migrate_list(struct cmasim *sim, struct cms_zone *z,
			struct migrate_list *list)
{
	for (int pass = 0; pass < MIGRATE_RETRIES && list->len; pass++)
		if (cms_migrate_blocks(sim, z, list->pfn, &list->len))
			return -ENOMEM;
	return (int)list->len;
}

/* Pages of the blocks on @list; with @mapped_only, anonymous ones only. */
static uint64_t list_pages(struct cmasim *sim, struct cms_zone *z,
			   const struct migrate_list *list, bool mapped_only)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < list->len; i++) {
		const struct cms_page *p = cms_zone_page(z,
					list->pfn[i]);

		if (!mapped_only || cms_owner_kind(sim, p->a) == CMASIM_OWNER_ANON)
			n += UINT64_C(1) << cms_page_order(p);
	}
	return n;
}

/*
 * __alloc_contig_migrate_range().  6.12 ends with the trace event
 * mm_alloc_contig_migrate_range_info (pages migrated in fully successful
 * batches, pages reclaimed, pages mapped: anonymous blocks count as
 * mapped, page cache as not).
 */
static int migrate_range(struct cmasim *sim, struct cms_zone *z,
			 uint64_t start, uint64_t end, int migratetype,
			 uint64_t *stuck)
{
	struct migrate_list blocks = { 0 }, *list = &blocks;
	bool info = sim->ver->has_contig_migrate_range_info &&
		    cms_trace_on(sim, mm_alloc_contig_migrate_range_info);
	bool reclaim = cms_migrate_has_owners(sim);
	uint64_t migrated = 0, reclaimed = 0, mapped = 0;
	uint64_t pfn = start;
	unsigned int tries = 0;
	int ret = 0;

	*stuck = UINT64_MAX;
	while (pfn < end || list->len) {
		uint64_t batch;

		if (!list->len) {
			pfn = isolate_migratepages(sim, z, pfn, end, list);
			tries = 0;
		} else if (++tries == MIGRATE_PASSES) {
			ret = -EBUSY;
			break;
		}
		/* reclaim_clean_pages_from_list(): page cache has an owner */
		for (unsigned int i = 0; reclaim && i < list->len;) {
			uint64_t head = list->pfn[i];
			unsigned int order = cms_page_order(cms_zone_page(z, head));

			if (cms_reclaim_clean_block(sim, z, head)) {
				reclaimed += UINT64_C(1) << order;
				memmove(&list->pfn[i], &list->pfn[i + 1],
					(list->len - i - 1) * sizeof(list->pfn[0]));
				list->len--;
			} else {
				i++;
			}
		}
		if (info)
			mapped += list_pages(sim, z, list, true);
		batch = info ? list_pages(sim, z, list, false) : 0;
		ret = migrate_list(sim, z, list);
		if (info && ret == 0)
			migrated += batch;
		if (ret == -ENOMEM)
			break;
	}
	if (ret < 0 && list->len)
		*stuck = list->pfn[0];
	if (info)
		cms_trace_emit(sim, CMS_TRACE_mm_alloc_contig_migrate_range_info,
			       "start=0x%" PRIx64 " end=0x%" PRIx64 " migratetype=%d nr_migrated=%" PRIu64
			       " nr_reclaimed=%" PRIu64 " nr_mapped=%" PRIu64,
			       start, end, migratetype, migrated, reclaimed,
			       mapped);
	return ret < 0 ? ret : 0;
}

/* find_large_buddy(): the head of a free block straddling @start. */
static uint64_t find_large_buddy(struct cmasim *sim, struct cms_zone *z,
				 uint64_t start)
{
	uint64_t pfn = start;
	unsigned int order = 0;
	const struct cms_page *p;

	for (;;) {
		if (pfn >= z->start_pfn) {
			p = cms_zone_page(z, pfn);
			if (cms_page_state(p) == CMS_PG_BUDDY ||
			    cms_page_state(p) == CMS_PG_FREEING)
				break;
		}
		if (++order > sim->max_order)
			return start;
		pfn &= ~((UINT64_C(1) << order) - 1);
	}
	if (pfn + (UINT64_C(1) << cms_page_order(p)) > start)
		return pfn;
	return start;
}

/*
 * isolate_freepages_range() + split_free_pages(): every free block of
 * [start, end) leaves the free lists as order-0 allocated pages (a block
 * whose merge waits was never on one).  Returns the end of the last
 * block (outer_end).
 */
static uint64_t take_free_range(struct cmasim *sim, struct cms_zone *z,
				uint64_t start, uint64_t end, int mt,
				bool unlink)
{
	struct cms_page taken = { 0 };
	uint64_t pfn = start;

	cms_page_set(&taken, CMS_PG_ALLOC, 0, mt);
	while (pfn < end) {
		uint64_t stop;
		struct cms_page *p = cms_zone_pages(z, pfn, end, &stop);

		while (pfn < stop) {
			unsigned int order = cms_page_order(p);
			uint64_t next = cms_next_block(pfn, order);

			if (unlink && cms_page_state(p) == CMS_PG_BUDDY)
				cms_unlink_free_block(sim, z, pfn);
			for (uint64_t i = 0; i < next - pfn; i++)
				p[i] = taken;
			p += next - pfn;
			pfn = next;
		}
	}
	return pfn;
}

static void trace_test_isolated(struct cmasim *sim, uint64_t start,
				uint64_t end, uint64_t fin)
{
	if (cms_trace_on(sim, test_pages_isolated))
		cms_trace_emit(sim, CMS_TRACE_test_pages_isolated,
			       "start_pfn=0x%" PRIx64 " end_pfn=0x%" PRIx64
			       " fin_pfn=0x%" PRIx64 " ret=%s", start, end, fin,
			       fin >= end ? "success" : "fail");
}

/*
 * May the sources' frees into [@start, @end) wait (struct
 * cms_deferred_frees)?  Only where nothing can look at the isolated
 * blocks before the range is taken: no trace event on, no policy hook,
 * no owner told of moves (each could call back into the instance), and
 * a range of whole pageblocks whose neighbours are not isolated, so
 * that no merge the frees would do can reach outside it.
 */
static bool frees_can_wait(struct cmasim *sim, struct cms_zone *z,
			   uint64_t start, uint64_t end)
{
	uint64_t pb = UINT64_C(1) << sim->pageblock_order;
	uint64_t zend = z->start_pfn + z->spanned;

	if (sim->trace_mask || sim->policy->name ||
	    cms_migrate_tells_owners(sim) ||
	    !cms_is_aligned(start, pb) || !cms_is_aligned(end, pb))
		return false;
	if (start >= z->start_pfn + pb &&
	    cms_get_pageblock_migratetype(sim, z, start - pb) ==
		    CMASIM_MIGRATE_ISOLATE)
		return false;
	return end >= zend ||
	       cms_get_pageblock_migratetype(sim, z, end) !=
		       CMASIM_MIGRATE_ISOLATE;
}

/* alloc_contig_range(); a failure is recorded by fail_why(). */
static int alloc_contig_range(struct cmasim *sim, uint64_t start,
			      uint64_t end, int migratetype, bool nowarn)
{
	uint64_t outer_start, outer_end, fail_pfn = 0, fin, stuck;
	struct cms_free_seen seen = { 0 };
	struct cms_zone *z;
	bool waiting, whole;
	int ret;

	(void)nowarn;	/* alloc_contig_dump_pages() needs dynamic debug */
	z = cms_pfn_zone(sim, start);
	if (!z || cms_pfn_zone(sim, end - 1) != z) {
		fail_why(sim, CMASIM_CONTIG_BUSY, -EINVAL, start, end, start, 0,
			 "the range is not inside one zone");
		return -EINVAL;
	}

	ret = cms_start_isolate_page_range(sim, start, end, migratetype,
					   &fail_pfn);
	if (ret) {
		struct cms_zone *fz = cms_pfn_zone(sim, fail_pfn);

		if (fz && cms_get_pageblock_migratetype(sim, fz, fail_pfn) ==
				  CMASIM_MIGRATE_ISOLATE &&
		    cms_is_aligned(fail_pfn, UINT64_C(1) << sim->pageblock_order))
			fail_why(sim, CMASIM_CONTIG_ISOLATED, -EBUSY, start, end,
				 fail_pfn, 0,
				 "pageblock at pfn 0x%" PRIx64 " is already isolated",
				 fail_pfn);
		else
			explain_blocker(sim, fz, start, end, fail_pfn, false);
		return ret;
	}
	cms_drain_zone_pages(sim, z);

	waiting = frees_can_wait(sim, z, start, end);
	if (waiting)
		cms_defer_isolated_frees(sim, z, start, end);
	ret = migrate_range(sim, z, start, end, migratetype, &stuck);
	/* the range will not be taken whole: merge what waits, in order */
	if (waiting && (ret || cms_test_pages_isolated(sim, start, end, &fin,
						       &seen))) {
		cms_flush_isolated_frees(sim);
		waiting = false;
	}
	if (ret && ret != -EBUSY) {
		fail_why(sim, CMASIM_CONTIG_NO_MEMORY, ret, start, end,
			 stuck == UINT64_MAX ? start : stuck, 0,
			 "no free memory to migrate pfn 0x%" PRIx64 " to",
			 stuck == UINT64_MAX ? start : stuck);
		goto done;
	}
	ret = 0;

	outer_start = find_large_buddy(sim, z, start);
	/* with the frees waiting, [start, end) was tested just above */
	if (!(waiting && outer_start == start) &&
	    cms_test_pages_isolated(sim, outer_start, end, &fin, NULL)) {
		trace_test_isolated(sim, outer_start, end, fin);
		explain_blocker(sim, z, start, end,
				stuck != UINT64_MAX ? stuck : fin,
				stuck != UINT64_MAX);
		ret = -EBUSY;
		goto done;
	}
	trace_test_isolated(sim, outer_start, end, fin);
	/*
	 * With the frees waiting the range is whole pageblocks: where its
	 * free blocks are all the zone's isolate lists hold, the lists are
	 * emptied at once instead of block by block.
	 */
	whole = waiting && outer_start == start && !seen.other_list &&
		cms_isolate_lists_hold_only(sim, z, seen.isolate_list);
	outer_end = take_free_range(sim, z, outer_start, end, migratetype,
				    !whole);
	if (whole)
		cms_empty_isolate_lists(sim, z);
	if (waiting)
		cms_forget_isolated_frees(sim);
	if (start != outer_start)
		cms_free_contig_range(sim, outer_start, start - outer_start);
	if (end != outer_end)
		cms_free_contig_range(sim, end, outer_end - end);
done:
	cms_undo_isolate_page_range(sim, start, end, migratetype);
	return ret;
}

int cms_alloc_contig_range(struct cmasim *sim, uint64_t start, uint64_t end,
			   int migratetype, bool nowarn,
			   struct cmasim_contig_failure *why)
{
	int ret = alloc_contig_range(sim, start, end, migratetype, nowarn);

	if (ret && why)
		*why = sim->contig->f;
	return ret;
}

void cms_free_contig_range(struct cmasim *sim, uint64_t pfn, uint64_t nr)
{
	for (; nr--; pfn++)
		cms_free_pages(sim, pfn, 0);
}

uint64_t cms_contig_first_unfreeable(struct cmasim *sim, uint64_t pfn,
				     uint64_t nr, bool cma)
{
	for (uint64_t i = 0; i < nr; i++) {
		struct cms_zone *z = cms_pfn_zone(sim, pfn + i);
		const struct cms_page *p = z ? cms_zone_page(z, pfn + i) : NULL;

		if (!p || cms_page_state(p) != CMS_PG_ALLOC ||
		    cms_page_order(p) || !(p->flags & CMS_PGF_CMA) != !cma)
			return pfn + i;
	}
	return UINT64_MAX;
}

/* ---- Public ---- */

int cmasim_alloc_contig_range(struct cmasim *sim, cmasim_pfn_t start,
			      cmasim_pfn_t end, int migratetype, bool nowarn)
{
	if (!sim)
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "alloc_contig_range before the page allocator runs");
		return -EPERM;
	}
	if (start >= end || (migratetype != CMASIM_MIGRATE_CMA &&
			     migratetype != CMASIM_MIGRATE_MOVABLE)) {
		cms_client_bug(sim, "alloc_contig_range(0x%" PRIx64 ", 0x%" PRIx64 ", %d): %s",
			       (uint64_t)start, (uint64_t)end, migratetype,
			       start >= end ? "empty range" :
			       "migratetype must be MIGRATE_CMA or MIGRATE_MOVABLE");
		return -EINVAL;
	}
	return cms_alloc_contig_range(sim, start, end, migratetype, nowarn,
				      NULL);
}

int cmasim_free_contig_range(struct cmasim *sim, cmasim_pfn_t pfn, uint64_t nr)
{
	uint64_t bad;

	if (!sim)
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "free_contig_range before the page allocator runs");
		return -EPERM;
	}
	bad = cms_contig_first_unfreeable(sim, pfn, nr, false);
	if (bad != UINT64_MAX) {
		struct cms_zone *z = cms_pfn_zone(sim, bad);
		struct cms_page p = { 0 };

		if (z)
			cms_zone_page_peek(z, bad, &p);
		cms_client_bug(sim, "free_contig_range(0x%" PRIx64 ", %" PRIu64 "): pfn 0x%" PRIx64 " is %s",
			       (uint64_t)pfn, nr, bad,
			       (p.flags & CMS_PGF_CMA) ?
			       "held by a CMA area: give it back with cma_release" :
			       "not an allocated order-0 page");
		return -EINVAL;
	}
	cms_free_contig_range(sim, pfn, nr);
	return 0;
}

int cmasim_contig_last_failure(const struct cmasim *sim,
			       struct cmasim_contig_failure *out)
{
	if (!sim || !out)
		return -EINVAL;
	if (!sim->contig->has_failure)
		return -ENOENT;
	*out = sim->contig->f;
	return 0;
}
