// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/page_alloc_contig.c (with mm/page_isolation.c and
 * mm/migrate.c underneath) on a CMA area over the real page allocator:
 * cma_alloc/cma_release taking pages out of the buddy, migration of
 * owned movable pages out of the area, pins, clean page cache, transient
 * failures, isolation undo, the busy-retry walk, and the explanations.
 * Each test runs the checker after every step.
 */
#include "config.h"

#include <stdio.h>

#include "mm-helpers.h"
#include "runtime-helpers.h"
#include "mm/page_alloc_contig.h"
#include "core/bitmap.h"
#include "mm/memblock.h"

static struct cmasim_cma *H(struct cmasim_cma *a)
{
	return a;
}

/* 256 MiB, 32 MiB area at 64 MiB: pfns [0x4000, 0x6000). */
#define AREA_BASE 0x4000u
#define AREA_PAGES 8192u

/*
 * [0x4000 .......... 0x6000)  all free, MIGRATE_CMA
 * Expect cma_alloc(1024) at the area start, the zone's free and free-CMA
 * counts down by 1024, and cma_release to give them back.
 */
static void test_contig_cma_alloc_takes_pages(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = rt_area(sim);
	int64_t f0 = rt_free(sim, AREA_BASE, false);
	int64_t c0 = rt_free(sim, AREA_BASE, true);
	cmasim_pfn_t pfn = 0;

	assert_int_equal(c0, AREA_PAGES);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), 1024, 0, 0, &pfn), 0);
	assert_int_equal(pfn, AREA_BASE);
	rt_check(sim);
	assert_int_equal(rt_free(sim, AREA_BASE, false), f0 - 1024);
	assert_int_equal(rt_free(sim, AREA_BASE, true), c0 - 1024);
	assert_int_equal(cms_page_state(rt_page(sim, pfn)), CMS_PG_ALLOC);
	assert_int_equal(cmasim_pageblock_migratetype(sim, pfn), CMASIM_MIGRATE_CMA);
	assert_int_equal(cmasim_cma_release(sim, H(a), pfn, 1024), 0);
	rt_check(sim);
	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(rt_free(sim, AREA_BASE, false), f0);
	assert_int_equal(rt_free(sim, AREA_BASE, true), c0);
	rt_check(sim);
}

/* ---- Owned movable pages inside the area ---- */

#define MAXP 512

struct owned {
	unsigned int n;
	uint64_t pfn[MAXP];
	uint64_t tag[MAXP];
	uint32_t owner[MAXP];
	unsigned int moves, drops;
};

/* The owners' callback: follow each block to its new pfn. */
static void follow(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		   unsigned int order, uint64_t tag, void *data)
{
	struct owned *o = data;

	(void)order;
	for (unsigned int i = 0; i < o->n; i++) {
		if (o->pfn[i] != old_pfn)
			continue;
		assert_int_equal(o->owner[i], owner);
		assert_int_equal(o->tag[i], tag);
		o->pfn[i] = new_pfn;
		if (new_pfn == CMASIM_PFN_DROPPED)
			o->drops++;
		else
			o->moves++;
		return;
	}
	fail_msg("owner %u told of pfn 0x%llx it does not have", owner,
		 (unsigned long long)old_pfn);
}

/* Every owned block still at its recorded pfn with its tag. */
static void check_owned(struct cmasim *sim, const struct owned *o)
{
	for (unsigned int i = 0; i < o->n; i++) {
		const struct cms_page *p;

		if (o->pfn[i] == CMASIM_PFN_DROPPED)
			continue;
		p = rt_page(sim, o->pfn[i]);
		if (cms_page_state(p) != CMS_PG_ALLOC || p->a != o->owner[i] ||
		    p->b != o->tag[i])
			fail_msg("owned block %u lost: pfn 0x%llx state %u owner %u tag %llx",
				 i, (unsigned long long)o->pfn[i],
				 cms_page_state(p), p->a,
				 (unsigned long long)p->b);
	}
}

/*
 * Allocate movable order-0 pages until @n of them sit in the area; those
 * get owner @owner and tags, the rest are freed.  Returns nothing;
 * @o holds the owned pages.
 */
static void fill_area(struct cmasim *sim, struct owned *o, unsigned int n,
		      uint32_t owner)
{
	GArray *other = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	while (o->n < n) {
		cmasim_pfn_t pfn;

		assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE,
						    0, CMASIM_NUMA_NO_NODE, &pfn), 0);
		if (pfn >= AREA_BASE && pfn < AREA_BASE + AREA_PAGES) {
			o->pfn[o->n] = pfn;
			o->owner[o->n] = owner;
			o->tag[o->n] = 0xc0ffee0000ull + o->n;
			assert_int_equal(cmasim_page_set_owner(sim, pfn, owner,
							       o->tag[o->n]), 0);
			o->n++;
		} else {
			g_array_append_val(other, pfn);
		}
	}
	for (unsigned int i = 0; i < other->len; i++)
		assert_int_equal(cmasim_free_pages(sim, g_array_index(other, uint64_t, i), 0), 0);
	g_array_free(other, TRUE);
	rt_check(sim);
}

/*
 * [0x4000 ##..#.#.. (64 owned movable pages) .... 0x6000)
 * Expect cma_alloc of the whole area to migrate all 64 out, each owner
 * told once and finding its tag at the new pfn, outside the area.
 */
static void test_contig_migrates_owned_pages(void **state)
{
	struct cmasim *sim = *state;
	struct owned *o = g_new0(struct owned, 1);
	struct cmasim_migrate_stats st;
	struct cmasim_cma *a = rt_area(sim);
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_owner_register(sim, 17, CMASIM_OWNER_ANON, follow, o), 0);
	fill_area(sim, o, 64, 17);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	assert_int_equal(pfn, AREA_BASE);
	rt_check(sim);
	assert_int_equal(o->moves, 64);
	check_owned(sim, o);
	for (unsigned int i = 0; i < o->n; i++)
		assert_true(o->pfn[i] < AREA_BASE || o->pfn[i] >= AREA_BASE + AREA_PAGES);
	assert_int_equal(cmasim_migrate_get_stats(sim, &st), 0);
	assert_int_equal(st.migrated, 64);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(cmasim_cma_release(sim, H(a), pfn, AREA_PAGES), 0);
	rt_check(sim);
	g_free(o);
}

/*
 * One owned page pinned.  Expect the whole-area request to fail -EBUSY
 * with the kernel's log line, the explanation naming the pfn and owner
 * 17, the bitmap empty again and every pageblock back to MIGRATE_CMA.
 */
static void test_contig_pinned_page_blocks_area(void **state)
{
	static const char *const err[] = {
		"cma: cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -16",
		"cma: __cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -16",
	};
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct owned *o = g_new0(struct owned, 1);
	struct cmasim_contig_failure f;
	struct cmasim_cma *a = rt_area(sim);
	cmasim_pfn_t pfn = 0;
	char line[128];

	assert_int_equal(cmasim_owner_register(sim, 17, CMASIM_OWNER_ANON, follow, o), 0);
	fill_area(sim, o, 8, 17);
	assert_int_equal(cmasim_page_pin(sim, o->pfn[3]), 0);
	assert_errno(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), -EBUSY);
	rt_check(sim);
	assert_int_equal(pfn, 0);
	assert_true(tst_dmesg_has(sim, err[!v61]));
	assert_false(tst_dmesg_has(sim, err[v61]));
	/* the free-range dump (rt_machine sets CMA_DEBUG) */
	assert_true(tst_dmesg_has(sim, "cma: number of available pages: 8192@0=> 8192 free of 8192 total pages"));
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_PINNED);
	assert_int_equal(f.pfn, o->pfn[3]);
	assert_int_equal(f.owner, 17);
	snprintf(line, sizeof(line), "pfn 0x%llx pinned by owner 17",
		 (unsigned long long)o->pfn[3]);
	assert_string_equal(f.text, line);
	assert_true(tst_diag_contains(sim, line));
	assert_false(tst_dmesg_has(sim, line));
	assert_int_equal(cms_bitmap_weight(a->bitmap, AREA_PAGES), 0);
	for (uint64_t p = AREA_BASE; p < AREA_BASE + AREA_PAGES; p += 512)
		assert_int_equal(cmasim_pageblock_migratetype(sim, p), CMASIM_MIGRATE_CMA);
	/* the pinned page stays; the others were migrated before the check */
	assert_int_equal(o->pfn[3] >= AREA_BASE, true);
	check_owned(sim, o);
	/* unpinned, the same request succeeds */
	assert_int_equal(cmasim_page_unpin(sim, o->pfn[3]), 0);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	check_owned(sim, o);
	rt_check(sim);
	g_free(o);
}

struct tcount {
	unsigned int busy, start, finish, release, test;
	char last_finish[256];
};

static void count_trace(const char *event, const char *text, void *data)
{
	struct tcount *t = data;

	if (!strcmp(event, "cma_alloc_busy_retry"))
		t->busy++;
	else if (!strcmp(event, "cma_alloc_start"))
		t->start++;
	else if (!strcmp(event, "cma_alloc_finish")) {
		t->finish++;
		g_strlcpy(t->last_finish, text, sizeof(t->last_finish));
	} else if (!strcmp(event, "cma_release"))
		t->release++;
	else if (!strcmp(event, "test_pages_isolated"))
		t->test++;
}

/*
 * A pinned page at area offset 5.  align 0: mask 0, each busy window
 * moves the start by one bit: windows at 0..5 are busy, 6 succeeds.
 * align 4: mask 15: the window at 0 is busy, the next starts at 16.
 * Expect 6 and 1 busy retries and the pfns base+6 and base+16.
 */
static void test_contig_busy_retry_walk(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cmasim_cma *a = rt_area(sim);
	struct tcount t = { 0 };
	cmasim_pfn_t pin, pfn;

	/* an order-0 movable page placed at base + 5 via the area */
	assert_int_equal(cmasim_alloc_contig_range(sim, AREA_BASE + 5, AREA_BASE + 6,
						   CMASIM_MIGRATE_CMA, false), 0);
	pin = AREA_BASE + 5;
	rt_page(sim, pin)->flags |= CMS_PGF_MOVABLE;
	assert_int_equal(cmasim_page_set_owner(sim, pin, 9, 0x99), 0);
	assert_int_equal(cmasim_page_pin(sim, pin), 0);
	rt_check(sim);
	assert_int_equal(cmasim_trace_set_sink(sim, count_trace, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "all", true), 0);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), 1024, 0, 0, &pfn), 0);
	assert_int_equal(pfn, AREA_BASE + 6);
	assert_int_equal(t.busy, 6);
	/* each busy window, explained: the pinned page at base + 5 */
	for (size_t w = 0; w < 6; w++) {
		struct cmasim_cma_window f;

		assert_int_equal(cmasim_cma_alloc_window(sim, w, &f), 0);
		assert_int_equal(f.reason, CMASIM_CMA_CONTIG_FAILED);
		assert_int_equal(f.err, -EBUSY);
		assert_int_equal(f.start, AREA_BASE + w);
		assert_int_equal(f.end, AREA_BASE + w + 1024);
		assert_string_equal(f.text, "pfn 0x4005 pinned by owner 9");
		assert_int_equal(f.contig.reason, CMASIM_CONTIG_PINNED);
		assert_int_equal(f.contig.start, AREA_BASE + w);
		assert_int_equal(f.contig.end, AREA_BASE + w + 1024);
		assert_int_equal(f.contig.pfn, pin);
		assert_int_equal(f.contig.owner, 9);
	}
	{
		struct cmasim_cma_window f;

		assert_errno(cmasim_cma_alloc_window(sim, 6, &f), -ENOENT);
		assert_errno(cmasim_cma_alloc_window(sim, 0, NULL), -EINVAL);
	}
	assert_int_equal(t.start, 1);
	assert_int_equal(t.finish, 1);
	assert_int_equal(t.test, 7);
	assert_int_equal(cmasim_cma_release(sim, H(a), pfn, 1024), 0);
	assert_int_equal(t.release, 1);
	memset(&t, 0, sizeof(t));
	assert_int_equal(cmasim_cma_alloc(sim, H(a), 1024, 4, 0, &pfn), 0);
	assert_int_equal(pfn, AREA_BASE + 16);
	assert_int_equal(t.busy, 1);
	if (v61)
		assert_string_equal(t.last_finish, "name=reserved pfn=0x4010 page=ffffea0000100400 count=1024 align=4");
	else
		assert_string_equal(t.last_finish, "name=reserved pfn=0x4010 page=ffffea0000100400 count=1024 align=4 errorno=0");
	rt_check(sim);
}

/* Expect clean page cache to be dropped, not migrated, owner told. */
static void test_contig_drops_clean_page_cache(void **state)
{
	struct cmasim *sim = *state;
	struct owned *o = g_new0(struct owned, 1);
	struct cmasim_migrate_stats st;
	struct cmasim_cma *a = rt_area(sim);
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_owner_register(sim, 20, CMASIM_OWNER_FILE_CLEAN, follow, o), 0);
	fill_area(sim, o, 16, 20);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	assert_int_equal(pfn, AREA_BASE);
	assert_int_equal(o->drops, 16);
	assert_int_equal(o->moves, 0);
	assert_int_equal(cmasim_migrate_get_stats(sim, &st), 0);
	assert_int_equal(st.dropped, 16);
	assert_int_equal(st.migrated, 0);
	rt_check(sim);
	g_free(o);
}

/*
 * Every migration attempt fails transiently (rate 1000000 ppm).  Expect
 * -EBUSY, "migration failed 5 passes", 10 x 5 attempts per batch, and
 * every page still in place with its tag.
 */
static void test_contig_transient_failures_give_up(void **state)
{
	static const char *const busy[] = {
		"cma: cma_alloc(): memory range at (____ptrval____) is busy, retrying",
		"cma: __cma_alloc(): memory range at pfn 0x4000 (____ptrval____) is busy, retrying",
	};
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct owned *o = g_new0(struct owned, 1);
	struct cmasim_contig_failure f;
	struct cmasim_migrate_stats st;
	struct cmasim_cma *a = rt_area(sim);
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_owner_register(sim, 5, CMASIM_OWNER_ANON, follow, o), 0);
	fill_area(sim, o, 4, 5);
	assert_int_equal(cmasim_migrate_set_failure_rate(sim, 1000000), 0);
	assert_errno(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, CMASIM_CMA_NO_WARN, &pfn), -EBUSY);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_MIGRATION_FAILED);
	assert_non_null(strstr(f.text, "migration failed 5 passes"));
	assert_int_equal(o->moves, 0);
	check_owned(sim, o);
	assert_int_equal(cmasim_migrate_get_stats(sim, &st), 0);
	assert_true(st.failed >= 50);
	/* no_warn: only the pr_debug lines (entry, busy, returned) */
	assert_int_equal(cmasim_dmesg_count(sim), 3);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL), busy[!v61]);
	assert_errno(cmasim_migrate_set_failure_rate(sim, 1000001), -EINVAL);
	assert_int_equal(cmasim_migrate_set_failure_rate(sim, 0), 0);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	assert_int_equal(o->moves, 4);
	check_owned(sim, o);
	rt_check(sim);
	g_free(o);
}

/*
 * alloc_contig_range over a normal-memory pageblock holding an unmovable
 * (GFP_KERNEL) page.  Expect -EBUSY at isolation, "unmovable page at
 * pfn", and the block's type unchanged.  A block with only free pages
 * succeeds and frees back.
 */
static void test_contig_unmovable_page_fails_isolation(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_contig_failure f;
	cmasim_pfn_t u, blk;
	int mt;

	assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0,
					    CMASIM_NUMA_NO_NODE, &u), 0);
	blk = u & ~UINT64_C(511);
	mt = cmasim_pageblock_migratetype(sim, blk);
	assert_errno(cmasim_alloc_contig_range(sim, blk, blk + 512,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, u);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk), mt);
	rt_check(sim);
	/* 200 MiB is far from the kernel's early allocations: free memory */
	blk = (200 * RT_MiB) >> 12;
	assert_int_equal(cmasim_alloc_contig_range(sim, blk + 3, blk + 700,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	rt_check(sim);
	assert_int_equal(cms_page_state(rt_page(sim, blk + 3)), CMS_PG_ALLOC);
	assert_int_equal(cms_page_state(rt_page(sim, blk + 2)), CMS_PG_BUDDY);
	assert_int_equal(cmasim_free_contig_range(sim, blk + 3, 697), 0);
	assert_errno(cmasim_free_contig_range(sim, blk + 3, 1), -EINVAL);
	rt_check(sim);
	assert_errno(cmasim_alloc_contig_range(sim, blk, blk, CMASIM_MIGRATE_MOVABLE, false), -EINVAL);
	assert_errno(cmasim_alloc_contig_range(sim, blk, blk + 1, CMASIM_MIGRATE_UNMOVABLE, false), -EINVAL);
}

/*
 * blk                   blk+3                 blk+700   blk+1024
 * [U]..free..............[==== request ====)............|
 * An unmovable page in the range's first pageblock but before the
 * range: isolate_single_pageblock() checks the whole boundary pageblock
 * (set_migratetype_isolate over [block, block + pageblock)), so the
 * kernel refuses the range.  Same at the far end.  Expect -EBUSY naming
 * the page, on both versions, and every block's type unchanged.
 */
static void test_contig_unmovable_page_in_boundary_block(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_contig_failure f;
	/* 200 MiB is far from the kernel's early allocations */
	cmasim_pfn_t blk = (200 * RT_MiB) >> 12;
	int mt = cmasim_pageblock_migratetype(sim, blk);

	/* pages taken by alloc_contig_range are unmovable */
	assert_int_equal(cmasim_alloc_contig_range(sim, blk, blk + 1,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	assert_errno(cmasim_alloc_contig_range(sim, blk + 3, blk + 700,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, blk);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk), mt);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk + 512), mt);
	rt_check(sim);
	/* the last block: a page after the range's end */
	assert_int_equal(cmasim_alloc_contig_range(sim, blk + 1023, blk + 1024,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	assert_int_equal(cmasim_free_contig_range(sim, blk, 1), 0);
	assert_errno(cmasim_alloc_contig_range(sim, blk + 3, blk + 700,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, blk + 1023);
	rt_check(sim);
	/* both pages gone: the range is free */
	assert_int_equal(cmasim_free_contig_range(sim, blk + 1023, 1), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, blk + 3, blk + 700,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	assert_int_equal(cmasim_free_contig_range(sim, blk + 3, 697), 0);
	rt_check(sim);
}

/*
 * p                     p+512                  p+1024
 * [ head ... unmovable order-10 block, no __GFP_COMP ............ )
 *                        [======== request ========)
 * The request covers only tail pages.  Tails of a non-compound block
 * have no reference count, so has_unmovable_pages() passes over them:
 * the block is isolated, nothing migrates, and test_pages_isolated()
 * finds the busy pages (its trace event says so).  Expect -EBUSY on
 * both versions with "ret=fail" at p+512, the head named as the
 * blocker, and the block left MIGRATE_MOVABLE by the undo.
 */
static void test_contig_non_compound_tails_pass_isolation(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_contig_failure f;
	struct tcount t = { 0 };
	cmasim_pfn_t p;
	int mt;

	assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 10,
					    CMASIM_NUMA_NO_NODE, &p), 0);
	mt = cmasim_pageblock_migratetype(sim, p + 512);
	assert_int_equal(cmasim_trace_set_sink(sim, count_trace, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "all", true), 0);
	assert_errno(cmasim_alloc_contig_range(sim, p + 512, p + 1024,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(t.test, 1);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, p);
	/* undo_isolate_page_range() sets the caller's migratetype */
	assert_int_equal(mt, CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(cmasim_pageblock_migratetype(sim, p + 512),
			 CMASIM_MIGRATE_MOVABLE);
	rt_check(sim);
	/*
	 * A compound block's tails are checked: isolation fails.
	 * (The first block stays allocated: freeing it now would
	 * need 6.12's per-pageblock split_large_buddy() on free.)
	 */
	assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_COMP,
					    10, CMASIM_NUMA_NO_NODE, &p), 0);
	t.test = 0;
	assert_errno(cmasim_alloc_contig_range(sim, p + 512, p + 1024,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(t.test, 0);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, p);	/* the explanation names the head */
	assert_int_equal(cmasim_free_pages(sim, p, 10), 0);
	rt_check(sim);
}

/*
 * Pages released by cma_release sit on the per-cpu lists; the next
 * cma_alloc isolates their pageblocks and drains them into the isolate
 * lists.  6.1 then takes the pageblock type for them only because the
 * zone counts isolated pageblocks (nr_isolate_pageblock).  Expect the
 * free counters to match the free lists after every step (the debugfs
 * sequence of capture s04).
 */
static void test_contig_pcp_pages_drain_into_isolated_blocks(void **state)
{
	static const char *const ops[][2] = {
		{ "alloc", "64" }, { "alloc", "1" }, { "alloc", "512" },
		{ "alloc", "1000" }, { "free", "1000" }, { "alloc", "3" },
		{ "free", "100000000" }, { "alloc", "8192" }, { "free", "8192" },
		{ "alloc", "8191" },
	};
	struct cmasim *sim = *state;
	struct cms_zone *z = cms_pfn_zone(sim, AREA_BASE);

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char path[96];

		snprintf(path, sizeof(path), "/sys/kernel/debug/cma/reserved/%s",
			 ops[i][0]);
		assert_int_equal(cmasim_file_write(sim, path, ops[i][1]), 0);
		rt_check(sim);
		assert_int_equal(z->nr_isolate_pageblock, 0);
	}
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_CMA_PAGES], 1);
}

/* The 100 MiB machine: less memory outside the area than in it. */
static int setup_100m(void **state)
{
	struct cmasim_cma *area;

	*state = rt_machine(tst_state_version(state), 100, 32, &area, NULL);
	return 0;
}

/*
 * Every other page of memory outside the area is taken, then the whole
 * area is asked for while 8 owned movable pages sit in it: migration
 * finds no target page.  Expect -ENOMEM after one window (no retry: only
 * -EBUSY retries), the failure line with ret -12, reason NO_MEMORY, and
 * the owned pages untouched.
 */
static void test_contig_no_target_memory_is_enomem(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = rt_area(sim);
	struct owned *o = g_new0(struct owned, 1);
	struct cmasim_contig_failure f;
	struct tcount t = { 0 };
	GArray *cma_pages = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_owner_register(sim, 2, CMASIM_OWNER_ANON, follow, o), 0);
	fill_area(sim, o, 8, 2);
	/* take everything the allocator will give, keep only outside pages */
	while (!cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
				   CMASIM_NUMA_NO_NODE, &pfn))
		if (pfn >= AREA_BASE && pfn < AREA_BASE + AREA_PAGES)
			g_array_append_val(cma_pages, pfn);
	for (unsigned int i = 0; i < cma_pages->len; i++)
		assert_int_equal(cmasim_free_pages(sim, g_array_index(cma_pages, uint64_t, i), 0), 0);
	g_array_free(cma_pages, TRUE);
	rt_check(sim);
	assert_int_equal(cmasim_trace_set_sink(sim, count_trace, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "cma_alloc_busy_retry", true), 0);
	cmasim_dmesg_clear(sim);
	assert_errno(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), -ENOMEM);
	rt_check(sim);
	assert_int_equal(t.busy, 0);
	assert_true(tst_dmesg_has(sim, tst_v61(sim) ?
		"cma: cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -12" :
		"cma: __cma_alloc: reserved: alloc failed, req-size: 8192 pages, ret: -12"));
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_NO_MEMORY);
	assert_int_equal(o->moves, 0);
	check_owned(sim, o);
	for (uint64_t p = AREA_BASE; p < AREA_BASE + AREA_PAGES; p += 512)
		assert_int_equal(cmasim_pageblock_migratetype(sim, p), CMASIM_MIGRATE_CMA);
	g_free(o);
}

/*
 * vmstat cma_alloc_success / cma_alloc_fail: 6.1 counts a zero-count and
 * an oversized request as failures, 6.12 returns before counting.
 * Expect 6.1: 1 success, 3 fails; 6.12: 1 success, 1 fail.
 */
static void test_contig_vmstat_events(void **state)
{
	const uint64_t fails[] = { 3, 1 };
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cmasim_cma *a = rt_area(sim);
	cmasim_pfn_t pfn;

	assert_errno(cmasim_cma_alloc(sim, H(a), 0, 0, 0, &pfn), -ENOMEM);
	assert_errno(cmasim_cma_alloc(sim, H(a), AREA_PAGES + 1, 0, 0, &pfn), -ENOMEM);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	assert_errno(cmasim_cma_alloc(sim, H(a), 1, 0, CMASIM_CMA_NO_WARN, &pfn), -ENOMEM);
	assert_int_equal(sim->mm->ev[CMS_EV_CMA_ALLOC_SUCCESS], 1);
	assert_int_equal(sim->mm->ev[CMS_EV_CMA_ALLOC_FAIL], fails[!v61]);
	assert_int_equal(a->nr_pages_failed, v61 ? AREA_PAGES + 2 : 1);
}

/*
 *   8M     16M       40M
 *   [# DMA #|# DMA32 #]....
 * An area whose activation failed (it spans two zones: count 0, no
 * bitmap): 6.1 counts the failure, 6.12 does not; both fail -ENOMEM
 * silently.
 */
static void test_cma_alloc_inactive_area(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cmasim_cma *a = NULL;
	const char *why = NULL;
	cmasim_pfn_t pfn = 0;

	assert_int_equal(cms_memblock_add_node(sim, 0x100000, 256 * RT_MiB - 0x100000, 0, 0, "t"), 0);
	assert_int_equal(cms_cma_declare_contiguous_nid(sim, 8 * RT_MiB, 32 * RT_MiB,
							0, 0, 0, true, "dead",
							&a, CMASIM_NUMA_NO_NODE, &why), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	assert_int_equal(a->count, 0);
	cmasim_dmesg_clear(sim);
	assert_errno(cmasim_cma_alloc(sim, H(a), 16, 0, 0, &pfn), -ENOMEM);
	assert_int_equal(pfn, 0);
	assert_int_equal(a->nr_pages_failed, v61 ? 16 : 0);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	assert_true(tst_diag_contains(sim, "the area is not active"));
}

/* An early-boot 32-bit arm instance of the version, with CMA_DEBUG. */
static int setup_arm_debug(void **state)
{
	*state = tst_sim_new("arm", tst_state_version(state), "CMA_DEBUG=y",
			     NULL);
	return 0;
}

/*
 * 32-bit arm: the kernel's `unsigned long pfn = -1` is 32 bits wide.
 * A full area leaves no window, so cma_alloc_finish reports the
 * untouched pfn.  Expect "pfn=0xffffffff" on both versions, and %p of
 * a page as 8 hex digits.
 */
static void test_cma_alloc_finish_pfn_width_arm(void **state)
{
	const char *want[] = {
		"name=reserved pfn=0xffffffff page=(null) count=1 align=0",
		"name=reserved pfn=0xffffffff page=(null) count=1 align=0 errorno=-12",
	};
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct cmasim_cma *a;
	struct tcount t = { 0 };
	const char *why = NULL;
	cmasim_pfn_t pfn;

	assert_int_equal(cms_memblock_add_node(sim, 0, 256 * RT_MiB, 0, 0, "t"), 0);
	assert_int_equal(cms_cma_declare_contiguous_nid(sim, 64 * RT_MiB, 32 * RT_MiB,
							0, 0, 0, true, "reserved",
							&a, CMASIM_NUMA_NO_NODE, &why), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	assert_true(a->activated);
	assert_int_equal(cmasim_trace_set_sink(sim, count_trace, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "all", true), 0);
	assert_int_equal(cmasim_cma_alloc(sim, H(a), AREA_PAGES, 0, 0, &pfn), 0);
	/* %p of a 32-bit pointer: 8 hex digits */
	assert_string_equal(t.last_finish, v61 ?
			    "name=reserved pfn=0x4000 page=ef100000 count=8192 align=0" :
			    "name=reserved pfn=0x4000 page=ef100000 count=8192 align=0 errorno=0");
	t.finish = 0;
	assert_errno(cmasim_cma_alloc(sim, H(a), 1, 0, CMASIM_CMA_NO_WARN, &pfn), -ENOMEM);
	assert_int_equal(t.finish, 1);
	assert_string_equal(t.last_finish, want[!v61]);
	/* %p before the hash key is ready: "(ptrval)"; NULL: 8 zeros */
	assert_true(tst_dmesg_has(sim, v61 ?
		"cma: cma_alloc(cma (ptrval), count 8192, align 0)" :
		"cma: __cma_alloc(cma (ptrval), name: reserved, count 8192, align 0)"));
	assert_true(tst_dmesg_has(sim, v61 ? "cma: cma_alloc(): returned (ptrval)" :
				  "cma: __cma_alloc(): returned (ptrval)"));
	assert_true(tst_dmesg_has(sim, v61 ? "cma: cma_alloc(): returned 00000000" :
				  "cma: __cma_alloc(): returned 00000000"));
	assert_int_equal(cmasim_cma_release(sim, H(a), AREA_BASE, 2), 0);
	assert_true(tst_dmesg_has(sim, "cma: cma_release(page (ptrval), count 2)"));
	rt_check(sim);
}

/*
 * A page cma_alloc gave out, freed behind the area's back (not through
 * cma_release; the public cmasim_free_pages() refuses it, so the test
 * frees it inside).  Expect the checker to name the bit and the pfn.
 */
static void test_contig_checker_catches_page_freed_behind_bitmap(void **state)
{
	struct cmasim_cma *a;
	struct cmasim *sim = rt_machine("6.12", 256, 32, &a, NULL);
	cmasim_pfn_t pfn;

	(void)state;
	assert_int_equal(cmasim_cma_alloc(sim, H(a), 16, 0, 0, &pfn), 0);
	rt_check(sim);
	cms_free_pages(sim, pfn + 3, 0);
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "cma: area reserved: bit 3 is set but pfn 0x4003 is not a page cma_alloc gave out"));
	cmasim_destroy(sim);
}

/* Expect pin/unpin to validate their pfn. */
static void test_contig_pin_errors(void **state)
{
	struct cmasim_cma *a;
	struct cmasim *sim = rt_machine("6.12", 256, 32, &a, NULL);

	(void)state;
	assert_errno(cmasim_page_pin(sim, AREA_BASE), -EINVAL);
	assert_errno(cmasim_page_unpin(sim, AREA_BASE), -EINVAL);
	assert_errno(cmasim_owner_register(sim, 0, CMASIM_OWNER_ANON, NULL, NULL), -EINVAL);
	assert_errno(cmasim_owner_register(sim, 1, (enum cmasim_owner_kind)7, NULL, NULL), -EINVAL);
	tst_sim_free(sim);
}

/* ---- Frees into the isolated range, merged later ---- */

struct block {
	uint64_t pfn;
	unsigned int order;
};

/*
 * A 256 MiB machine filled with movable blocks of mixed orders (some
 * compound) until the allocator gives no more, a seeded half of them
 * freed again, then cma_alloc of 16 MiB (8 pageblocks, aligned) from the
 * area.  @traced: mm_page_free on, which keeps every free into the
 * isolated range merged at once; off, the frees wait and are merged
 * only if the range is not taken.  @how: 0 nothing in the way, 1 a
 * pinned block in the area's first 4 MiB (the windows over it fail, a
 * later one succeeds), 2 every migration failing (every window fails).
 * Returns a hash of the outcome, the memory map's bytes, lists and
 * counters.
 */
static uint64_t deferred_run(const char *kernel, uint32_t seed, bool traced,
			     int how)
{
	static const unsigned int orders[] = { 0, 0, 0, 0, 0, 0, 0, 0,
					       0, 1, 1, 1, 2, 2, 3, 4 };
	struct cmasim_cma *a;
	struct cmasim *sim = rt_machine(kernel, 256, 32, &a, NULL);
	GArray *live = g_array_new(FALSE, FALSE, sizeof(struct block));
	GRand *rng = g_rand_new_with_seed(seed);
	unsigned long events = 0;
	cmasim_pfn_t pfn = 0;
	uint64_t raw, h;
	int ret;

	if (traced) {
		assert_errno(cmasim_trace_set_sink(sim, tst_count_event, &events), 0);
		assert_errno(cmasim_trace_enable(sim, "mm_page_free", true), 0);
	}
	for (;;) {
		struct block b = { 0, orders[g_rand_int_range(rng, 0, 16)] };
		unsigned int gfp = CMASIM_GFP_HIGHUSER_MOVABLE |
				   (b.order && g_rand_boolean(rng) ?
				    CMASIM___GFP_COMP : 0);
		cmasim_pfn_t p;

		if (cmasim_alloc_pages(sim, gfp, b.order, CMASIM_NUMA_NO_NODE, &p)) {
			if (b.order == 0)
				break;
			continue;
		}
		b.pfn = p;
		g_array_append_val(live, b);
	}
	for (guint i = 0; i < live->len; i++) {
		struct block *b = &g_array_index(live, struct block, i);

		if (g_rand_boolean(rng))
			assert_errno(cmasim_free_pages(sim, b->pfn, b->order), 0);
		else if (how == 1 && b->pfn >= AREA_BASE &&
			 b->pfn < AREA_BASE + 1024 && !pfn)
			assert_errno(cmasim_page_pin(sim, pfn = b->pfn), 0);
	}
	assert_errno(cmasim_drain_all_pages(sim), 0);
	if (how == 1)
		assert_true(pfn != 0);
	if (how == 2)
		assert_errno(cmasim_migrate_set_failure_rate(sim, 1000000), 0);
	rt_check(sim);
	ret = cmasim_cma_alloc(sim, H(a), 4096, 9, 0, &pfn);
	rt_check(sim);
	if (how == 0)
		assert_errno(ret, 0);
	if (how == 1) {
		assert_errno(ret, 0);
		assert_true(pfn >= AREA_BASE + 512);
	}
	if (how == 2)
		assert_errno(ret, -EBUSY);
	if (traced)
		assert_true(events > 0);
	h = tst_mm_hash(sim);
	assert_errno(cmasim_state_hash(sim, &raw), 0);
	g_rand_free(rng);
	g_array_free(live, TRUE);
	tst_sim_free(sim);
	return h ^ raw * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)(ret < 0 ? -ret : 0) ^
	       (ret ? 0 : pfn << 8);
}

/*
 * Expect the frees into the isolated range, waiting or merged at once,
 * to leave the same memory map, lists and counters: when the range is
 * taken, and when its windows fail and the waiting frees are merged.
 */
static void test_contig_waiting_frees_match_immediate_frees(void **state)
{
	const char *kernel = tst_kernel_name(*state);

	for (int how = 0; how < 3; how++)
		for (uint32_t seed = 1; seed <= 2; seed++)
			assert_int_equal(deferred_run(kernel, seed, false, how),
					 deferred_run(kernel, seed, true, how));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contig_checker_catches_page_freed_behind_bitmap),
		cmocka_unit_test(test_contig_pin_errors),
	};
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_contig_cma_alloc_takes_pages, rt_setup),
		T(test_contig_migrates_owned_pages, rt_setup),
		T(test_contig_pinned_page_blocks_area, rt_setup),
		T(test_contig_busy_retry_walk, rt_setup),
		T(test_contig_drops_clean_page_cache, rt_setup),
		T(test_contig_transient_failures_give_up, rt_setup),
		T(test_contig_unmovable_page_fails_isolation, rt_setup),
		T(test_contig_unmovable_page_in_boundary_block, rt_setup),
		T(test_contig_non_compound_tails_pass_isolation, rt_setup),
		T(test_contig_pcp_pages_drain_into_isolated_blocks, rt_setup),
		T(test_contig_vmstat_events, rt_setup),
		T(test_contig_no_target_memory_is_enomem, setup_100m),
		T(test_contig_waiting_frees_match_immediate_frees, rt_setup),
		T(test_cma_alloc_inactive_area, tst_setup_version),
		T(test_cma_alloc_finish_pfn_width_arm, setup_arm_debug),
	};
#undef T

	return tst_run_groups("page_alloc_contig", tests, NR_OF(tests),
			      per_version, NR_OF(per_version));
}
