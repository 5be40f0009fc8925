// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/page_owner.c: the read-only walks of the memory map.
 * cmasim_for_each_page_block() against a page-by-page reading of the
 * memmap (every pfn in exactly one block, of the state its head says),
 * on untouched and materialised memory; cmasim_for_each_pageblock()
 * against /proc/pagetypeinfo and against the blocks; both leave the
 * instance as it was and materialise nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm-helpers.h"

#define PB 512		/* pages per pageblock of x86_64 */

/* ---- A page-by-page reading of the memmap, the reference ---- */

/*
 * The state of @pfn as the walk must report it: the state of the block
 * that covers it (found by peeking at every aligned head below it), or
 * reserved / absent for a page outside any block.
 */
static enum cmasim_page_state ref_state(struct cmasim *sim, uint64_t pfn,
					uint64_t *head)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);
	struct cms_page p;

	cms_zone_page_peek(z, pfn, &p);
	*head = pfn;
	for (unsigned int o = 1; cms_page_state(&p) == CMS_PG_TAIL &&
	     o <= sim->max_order; o++) {
		uint64_t h = pfn & ~((UINT64_C(1) << o) - 1);
		struct cms_page q;

		if (h < z->start_pfn)
			break;
		cms_zone_page_peek(z, h, &q);
		if (cms_page_state(&q) == CMS_PG_TAIL)
			continue;
		if (cms_page_order(&q) >= o &&
		    cms_page_state(&q) != CMS_PG_RESERVED) {
			p = q;
			*head = h;
		}
		break;
	}
	switch (cms_page_state(&p)) {
	case CMS_PG_BUDDY:
		return CMASIM_PAGE_FREE;
	case CMS_PG_PCP:
		return CMASIM_PAGE_PCP;
	case CMS_PG_ALLOC:
		return CMASIM_PAGE_ALLOCATED;
	case CMS_PG_RESERVED:
		return p.flags & CMS_PGF_HOLE ? CMASIM_PAGE_ABSENT :
						CMASIM_PAGE_RESERVED;
	default:
		return CMASIM_PAGE_RESERVED;
	}
}

/* What a walk reported, to be compared with the reference. */
struct seen {
	struct cmasim *sim;
	uint64_t start, end;	/* the range walked */
	uint64_t next;		/* the pfn the next block must start at */
	uint64_t nr_blocks, nr_runs;
	bool bad;
};

static int check_block(const struct cmasim_page_block *b, void *data)
{
	struct seen *s = data;
	uint64_t lo = b->pfn < s->start ? s->start : b->pfn;
	uint64_t hi = b->pfn + b->nr_pages;

	if (hi > s->end)
		hi = s->end;
	/* blocks tile the zones: no gap inside a zone, no overlap */
	if (s->next != UINT64_MAX && lo < s->next) {
		fprintf(stderr, "# block at 0x%llx overlaps the one before\n",
			(unsigned long long)b->pfn);
		s->bad = true;
	}
	if (b->state == CMASIM_PAGE_RESERVED || b->state == CMASIM_PAGE_ABSENT)
		s->nr_runs++;
	else
		s->nr_blocks++;
	for (uint64_t pfn = lo; pfn < hi; pfn++) {
		uint64_t head;
		enum cmasim_page_state st = ref_state(s->sim, pfn, &head);

		if (st != b->state ||
		    ((st == CMASIM_PAGE_FREE || st == CMASIM_PAGE_PCP ||
		      st == CMASIM_PAGE_ALLOCATED) && head != b->pfn)) {
			fprintf(stderr, "# pfn 0x%llx: walk says %d at 0x%llx, memmap %d at 0x%llx\n",
				(unsigned long long)pfn, b->state,
				(unsigned long long)b->pfn, st,
				(unsigned long long)head);
			s->bad = true;
			return 1;
		}
	}
	s->next = b->pfn + b->nr_pages;
	return 0;
}

/* Non-NULL memmap chunks of every zone: what a walk must not add to. */
static uint64_t nr_chunks(struct cmasim *sim)
{
	uint64_t n = 0;
	struct cms_node *nd;
	struct cms_zone *z;

	cms_for_each_zone(sim->mm, nd, z)
		for (uint64_t c = 0; z->chunk && c < z->nr_chunks; c++)
			n += z->chunk[c] != NULL;
	return n;
}

/* Walk [@start, @end) and check every page against the reference. */
static struct seen walk_checked(struct cmasim *sim, uint64_t start,
				uint64_t end)
{
	struct seen s = { .sim = sim, .start = start, .end = end,
			  .next = UINT64_MAX };
	uint64_t chunks = nr_chunks(sim), h = tst_mm_hash(sim);

	assert_int_equal(cmasim_for_each_page_block(sim, start, end,
						    check_block, &s), 0);
	assert_false(s.bad);
	assert_int_equal(nr_chunks(sim), chunks);
	assert_true(tst_mm_hash(sim) == h);
	return s;
}

static int setup_pc_1g(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), CMS_SZ_1G, 1,
			     "cma=64M", NULL);
	return 0;
}

/*
 * A 1 GiB pc after boot: most of memory is untouched max-order runs, the
 * memmap and firmware ranges reserved, the e820 holes absent.
 *   0   640K  1M           ~1G
 *   [x][ok ][hole][ ..... free runs, reserved ranges ..... ]
 * Expect every pfn of every zone in exactly one reported block, of the
 * state the memmap gives it, with nothing materialised.
 */
static void test_page_blocks_after_boot(void **state)
{
	struct cmasim *sim = *state;
	struct seen s = walk_checked(sim, 0, UINT64_MAX);

	assert_true(s.nr_blocks > 0);
	assert_true(s.nr_runs > 0);
}

/* The first block a walk of [@pfn, @pfn + 1) reports. */
static int first_cb(const struct cmasim_page_block *b, void *data)
{
	*(struct cmasim_page_block *)data = *b;
	return 1;
}

static struct cmasim_page_block block_at(struct cmasim *sim, uint64_t pfn)
{
	struct cmasim_page_block b;

	memset(&b, 0xff, sizeof(b));
	assert_int_equal(cmasim_for_each_page_block(sim, pfn, pfn + 1,
						    first_cb, &b), 1);
	return b;
}

/*
 * Allocations of every kind, a pin, a page on a per-cpu list and a free
 * order-9 block:
 *   [movable o0] [pinned o3, owner 7] [unmovable o2] [pcp o0] [free o9]
 * Expect the walk to report each from its head with its state, flags,
 * owner and tag, a walk that starts inside a block to report that block
 * first (head before the start), and every page to agree with the
 * memmap.
 */
static void test_page_blocks_allocated(void **state)
{
	struct cmasim *sim = *state;
	uint64_t mov = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0);
	uint64_t pin = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 3);
	uint64_t unm = tst_alloc(sim, CMASIM_GFP_KERNEL, 2);
	uint64_t pcp = tst_alloc(sim, CMASIM_GFP_KERNEL, 0);
	uint64_t big = tst_alloc(sim, CMASIM_GFP_KERNEL, 9);
	struct cmasim_page_block b;

	assert_int_equal(cmasim_page_set_owner(sim, pin, 7, 0x1234), 0);
	assert_int_equal(cmasim_page_pin(sim, pin), 0);
	assert_int_equal(cmasim_free_pages(sim, pcp, 0), 0);
	assert_int_equal(cmasim_free_pages(sim, big, 9), 0);

	b = block_at(sim, mov);
	assert_int_equal(b.pfn, mov);
	assert_int_equal(b.state, CMASIM_PAGE_ALLOCATED);
	assert_int_equal(b.nr_pages, 1);
	assert_true(b.movable);
	assert_false(b.pinned);
	assert_int_equal(b.migratetype, -1);

	b = block_at(sim, pin + 5);
	assert_int_equal(b.pfn, pin);
	assert_int_equal(b.order, 3);
	assert_int_equal(b.nr_pages, 8);
	assert_true(b.movable);
	assert_true(b.pinned);
	assert_int_equal(b.owner, 7);
	assert_int_equal(b.tag, 0x1234);

	b = block_at(sim, unm);
	assert_int_equal(b.state, CMASIM_PAGE_ALLOCATED);
	assert_int_equal(b.order, 2);
	assert_false(b.movable);

	b = block_at(sim, pcp);
	assert_int_equal(b.state, CMASIM_PAGE_PCP);
	assert_int_equal(b.migratetype, CMASIM_MIGRATE_UNMOVABLE);
	walk_checked(sim, 0, UINT64_MAX);

	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	b = block_at(sim, big + 100);
	assert_int_equal(b.state, CMASIM_PAGE_FREE);
	assert_true(b.pfn <= big && b.pfn + b.nr_pages >= big + PB);
	assert_true(b.order >= 9);

	walk_checked(sim, 0, UINT64_MAX);
	walk_checked(sim, MIN(pin, big) + 5, MAX(pin, big) + 100);
}

/*
 * A block freed into an isolated range whose merge waits (inside
 * alloc_contig_range(), where only a log handler's getter could walk):
 *   [order-2 block, head CMS_PG_FREEING]
 * Expect the walk to report it as a free block of order 2 on the isolate
 * type, not as allocated or reserved pages.
 */
static void test_page_blocks_waiting_free_reads_free(void **state)
{
	struct cmasim *sim = *state;
	uint64_t pfn = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 2);
	struct cms_page *p = cms_zone_page(cms_pfn_zone(sim, pfn), pfn);
	uint32_t flags = p->flags;
	struct cmasim_page_block b;

	cms_page_set(p, CMS_PG_FREEING, 2, CMASIM_MIGRATE_ISOLATE);
	b = block_at(sim, pfn + 3);
	p->flags = flags;
	assert_int_equal(b.pfn, pfn);
	assert_int_equal(b.state, CMASIM_PAGE_FREE);
	assert_int_equal(b.order, 2);
	assert_int_equal(b.nr_pages, 4);
	assert_int_equal(b.migratetype, CMASIM_MIGRATE_ISOLATE);
}

/* Stop at the second block. */
static int stop_cb(const struct cmasim_page_block *b, void *data)
{
	(void)b;
	return ++*(int *)data == 2 ? -42 : 0;
}

static int pb_noop(const struct cmasim_pageblock_info *pb, void *data)
{
	(void)pb;
	(void)data;
	return 0;
}

/*
 * Expect -EINVAL for a NULL instance or callback and a range that ends
 * before it starts, -EPERM before free_area_init, the callback's
 * non-zero value to end the walk, and an empty range to report nothing.
 */
static void test_page_blocks_args(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim *early = tst_sim_new(NULL, tst_kernel_name(sim), NULL);
	int n = 0;

	assert_errno(cmasim_for_each_page_block(NULL, 0, 1, stop_cb, &n), -EINVAL);
	assert_errno(cmasim_for_each_page_block(sim, 0, 1, NULL, &n), -EINVAL);
	assert_errno(cmasim_for_each_page_block(sim, 2, 1, stop_cb, &n), -EINVAL);
	assert_errno(cmasim_for_each_page_block(early, 0, 1, stop_cb, &n), -EPERM);
	assert_errno(cmasim_for_each_pageblock(NULL, 0, 1, pb_noop, NULL), -EINVAL);
	assert_errno(cmasim_for_each_pageblock(sim, 0, 1, NULL, NULL), -EINVAL);
	assert_errno(cmasim_for_each_pageblock(sim, 2, 1, pb_noop, NULL), -EINVAL);
	assert_errno(cmasim_for_each_pageblock(early, 0, 1, pb_noop, NULL), -EPERM);
	assert_int_equal(cmasim_for_each_page_block(sim, 0, UINT64_MAX, stop_cb, &n), -42);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(cmasim_for_each_page_block(sim, 0x1000, 0x1000, stop_cb, &n), 0);
	assert_int_equal(n, 0);
	tst_sim_free(early);
}

/* ---- Pageblocks ---- */

/* Pageblocks per zone and type, and the pages of each class. */
struct pb_sum {
	struct cmasim *sim;
	uint64_t count[64][CMASIM_MIGRATE_TYPES];
	uint64_t pages, free, pcp, movable, unmovable, pinned, reserved,
		 absent;
	bool bad;
};

static int sum_cb(const struct cmasim_pageblock_info *pb, void *data)
{
	struct pb_sum *s = data;
	struct cmasim_zone_info zi;

	assert_true(pb->zone < 64);
	assert_int_equal(cmasim_zone_get(s->sim, pb->zone, &zi), 0);
	assert_int_equal(pb->nid, zi.nid);
	assert_true(pb->pfn >= zi.start_pfn &&
		    pb->pfn + pb->nr_pages <= zi.start_pfn + zi.spanned);
	assert_int_equal(pb->migratetype,
			 cmasim_pageblock_migratetype(s->sim, pb->pfn));
	if (pb->nr_free + pb->nr_pcp + pb->nr_movable + pb->nr_unmovable +
	    pb->nr_reserved + pb->nr_absent != pb->nr_pages)
		s->bad = true;
	s->count[pb->zone][pb->migratetype]++;
	s->pages += pb->nr_pages;
	s->free += pb->nr_free;
	s->pcp += pb->nr_pcp;
	s->movable += pb->nr_movable;
	s->unmovable += pb->nr_unmovable;
	s->pinned += pb->nr_pinned;
	s->reserved += pb->nr_reserved;
	s->absent += pb->nr_absent;
	return 0;
}

/*
 * The "Number of blocks type" lines of /proc/pagetypeinfo, as counts per
 * zone slot and type, for comparison.
 */
static void pagetypeinfo_counts(struct cmasim *sim,
				uint64_t count[64][CMASIM_MIGRATE_TYPES])
{
	char *text = tst_file_text(sim, "/proc/pagetypeinfo", NULL);
	char *blocks = strstr(text, "Number of blocks type");
	unsigned int nz = cmasim_zone_count(sim);

	assert_non_null(blocks);
	for (char *line = strchr(blocks, '\n'); line && line[1];
	     line = strchr(line + 1, '\n')) {
		int nid, k;
		char zone[16];
		unsigned long long v[CMASIM_MIGRATE_TYPES];

		if (sscanf(line + 1, "Node %d, zone %15s %llu %llu %llu %llu %llu %llu%n",
			   &nid, zone, &v[0], &v[1], &v[2], &v[3], &v[4],
			   &v[5], &k) != 8)
			continue;
		for (unsigned int i = 0; i < nz; i++) {
			struct cmasim_zone_info zi;

			cmasim_zone_get(sim, i, &zi);
			if (zi.nid == nid && !strcmp(zi.name, zone))
				for (int t = 0; t < CMASIM_MIGRATE_TYPES; t++)
					count[i][t] = v[t];
		}
	}
	free(text);
}

/*
 * A 1 GiB pc with cma=64M: DMA, DMA32 with the CMA area's 32 pageblocks.
 * Expect the pageblocks of each zone and type to be the "Number of
 * blocks type" counts of /proc/pagetypeinfo, each pageblock's pages to
 * add up, the free pages of the buddy lists to be NR_FREE_PAGES (which
 * leaves out the per-cpu lists), and the walk to change nothing.
 */
static void test_pageblocks_match_pagetypeinfo(void **state)
{
	struct cmasim *sim = *state;
	static struct pb_sum s;
	static uint64_t want[64][CMASIM_MIGRATE_TYPES];
	uint64_t free = 0, h = tst_mm_hash(sim), chunks = nr_chunks(sim);

	memset(&s, 0, sizeof(s));
	memset(want, 0, sizeof(want));
	s.sim = sim;
	assert_int_equal(cmasim_for_each_pageblock(sim, 0, UINT64_MAX, sum_cb, &s), 0);
	assert_false(s.bad);
	pagetypeinfo_counts(sim, want);
	assert_memory_equal(s.count, want, sizeof(want));
	for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
		struct cmasim_zone_info zi;

		cmasim_zone_get(sim, i, &zi);
		free += zi.free;
	}
	assert_int_equal(s.free, free);
	assert_int_equal(s.count[cmasim_pfn_to_zone(sim, 0x10000)][CMASIM_MIGRATE_CMA],
			 64 * MiB / (PB * 4096));
	assert_true(tst_mm_hash(sim) == h);
	assert_int_equal(nr_chunks(sim), chunks);
}

/* The info of the pageblock holding @pfn. */
static int pb_at_cb(const struct cmasim_pageblock_info *pb, void *data)
{
	*(struct cmasim_pageblock_info *)data = *pb;
	return 1;
}

static struct cmasim_pageblock_info pageblock_at(struct cmasim *sim,
						 uint64_t pfn)
{
	struct cmasim_pageblock_info pb = { 0 };

	assert_int_equal(cmasim_for_each_pageblock(sim, pfn, pfn + 1,
						   pb_at_cb, &pb), 1);
	assert_true(pb.pfn <= pfn && pfn < pb.pfn + pb.nr_pages);
	return pb;
}

/*
 * Three pageblocks taken apart:
 *   A [movable order 9, pinned ...................]
 *   B [3 contig][free 1,4,8 ....  free order 8 ...]
 *   C [free order 10 ............................ ...   D (its second half)
 * Expect A all movable and pinned with no free block, B 3 unmovable
 * pages and 509 free with an order-8 block the largest, and D counted
 * free as the second half of an order-10 block (max_free_order 10).
 */
static void test_pageblock_counts(void **state)
{
	struct cmasim *sim = *state;
	uint64_t a = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 9);
	uint64_t b = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 9);
	uint64_t c = tst_alloc(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 10);
	struct cmasim_pageblock_info pb;

	assert_int_equal(cmasim_page_pin(sim, a), 0);
	assert_int_equal(cmasim_free_pages(sim, b, 9), 0);
	assert_int_equal(cmasim_free_pages(sim, c, 10), 0);
	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, b, b + 3,
						   CMASIM_MIGRATE_MOVABLE,
						   false), 0);

	pb = pageblock_at(sim, a + 7);
	assert_int_equal(pb.pfn, a);
	assert_int_equal(pb.nr_pages, PB);
	assert_int_equal(pb.nr_movable, PB);
	assert_int_equal(pb.nr_pinned, PB);
	assert_int_equal(pb.nr_free + pb.nr_pcp + pb.nr_unmovable, 0);
	assert_int_equal(pb.max_free_order, -1);

	pb = pageblock_at(sim, b);
	assert_int_equal(pb.nr_unmovable, 3);
	assert_int_equal(pb.nr_free, PB - 3);
	assert_int_equal(pb.nr_movable + pb.nr_pinned, 0);
	assert_int_equal(pb.max_free_order, 8);

	pb = pageblock_at(sim, c + PB);
	assert_int_equal(pb.pfn, c + PB);
	assert_int_equal(pb.nr_free, PB);
	assert_int_equal(pb.max_free_order, 10);

	assert_int_equal(cmasim_page_unpin(sim, a), 0);
	assert_int_equal(cmasim_free_pages(sim, a, 9), 0);
	assert_int_equal(cmasim_free_contig_range(sim, b, 3), 0);
}

int main(void)
{
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_page_blocks_after_boot, setup_pc_1g),
		T(test_page_blocks_allocated, setup_pc_1g),
		T(test_page_blocks_waiting_free_reads_free, setup_pc_1g),
		T(test_page_blocks_args, setup_pc_1g),
		T(test_pageblocks_match_pagetypeinfo, setup_pc_1g),
		T(test_pageblock_counts, setup_pc_1g),
	};
#undef T

	return tst_run_per_version("page_owner", per_version,
				   NR_OF(per_version));
}
