// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/page_isolation.c (with mm/migrate.c and
 * mm/page_alloc_contig.c around it) on ordinary (non-CMA) memory through
 * the public alloc_contig_range(): isolation refused by unmovable pages,
 * free ranges taken and given back with their head and tail remainders,
 * movable pages migrated out with their owners told, pinned pages and
 * clean page cache, the test_pages_isolated trace line.  The checker
 * runs after every step.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/page_alloc_contig.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define MiB (UINT64_C(1) << 20)
#define PB 512u

/* 256 MiB on node 0, the first MiB reserved, the allocator running. */
static struct cmasim *machine(const char *kernel)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	assert_int_equal(cms_memblock_add_node(sim, 0x1000, 0x9f000 - 0x1000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_add_node(sim, 0x100000, 256 * MiB - 0x100000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_reserve(sim, 0, 0x100000, "t"), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cmasim_check(sim), 0);
	return sim;
}

static int setup_machine(void **state)
{
	*state = machine(tst_state_version(state));
	return 0;
}

static void check(struct cmasim *sim)
{
	if (cmasim_check(sim)) {
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(sim, i, NULL));
		fail_msg("cmasim_check() failed");
	}
}

static struct cms_page *page(struct cmasim *sim, uint64_t pfn)
{
	return cms_zone_page(cms_pfn_zone(sim, pfn), pfn);
}

/*
 * A GFP_KERNEL page in the block.  Expect -EBUSY from isolation,
 * "unmovable page at pfn", and the block's type unchanged.
 */
static void test_isolate_unmovable_page_refuses(void **state)
{
	struct cmasim *sim = machine("6.12");
	struct cmasim_contig_failure f;
	cmasim_pfn_t u, blk;
	char want[64];
	int mt;

	(void)state;
	assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0,
					    CMASIM_NUMA_NO_NODE, &u), 0);
	blk = u & ~(cmasim_pfn_t)(PB - 1);
	mt = cmasim_pageblock_migratetype(sim, blk);
	assert_errno(cmasim_alloc_contig_range(sim, blk, blk + PB,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	assert_int_equal(cmasim_contig_last_failure(sim, &f), 0);
	assert_int_equal(f.reason, CMASIM_CONTIG_UNMOVABLE);
	assert_int_equal(f.pfn, u);
	assert_int_equal(f.err, -EBUSY);
	snprintf(want, sizeof(want), "unmovable page at pfn 0x%llx (order 0)",
		 (unsigned long long)u);
	assert_string_equal(f.text, want);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk), mt);
	check(sim);
	tst_sim_free(sim);
}

/*
 *     200 MiB: [blk ... free ... )
 *     taken:         [blk+3, blk+700)
 * Expect order-0 allocated pages inside, free pages around, the block
 * types restored, and free_contig_range to give all back.
 */
static void test_isolate_free_range_roundtrip(void **state)
{
	struct cmasim *sim = *state;
	cmasim_pfn_t blk = (200 * MiB) >> 12;
	struct cms_zone *z = cms_pfn_zone(sim, blk);
	int64_t free0 = z->vm[CMS_ZS_NR_FREE_PAGES];

	assert_int_equal(cmasim_alloc_contig_range(sim, blk + 3, blk + 700,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	check(sim);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_PAGES], free0 - 697);
	assert_int_equal(cms_page_state(page(sim, blk + 3)), CMS_PG_ALLOC);
	assert_int_equal(cms_page_state(page(sim, blk + 699)), CMS_PG_ALLOC);
	assert_int_equal(cms_page_order(page(sim, blk + 699)), 0);
	assert_int_equal(cms_page_state(page(sim, blk + 2)), CMS_PG_BUDDY);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk), CMASIM_MIGRATE_MOVABLE);
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk + PB), CMASIM_MIGRATE_MOVABLE);
	assert_int_equal(z->nr_isolate_pageblock, 0);
	assert_int_equal(cmasim_free_contig_range(sim, blk + 3, 697), 0);
	assert_errno(cmasim_free_contig_range(sim, blk + 3, 1), -EINVAL);
	assert_int_equal(cmasim_drain_all_pages(sim), 0);
	assert_int_equal(z->vm[CMS_ZS_NR_FREE_PAGES], free0);
	check(sim);
}

struct follow {
	unsigned int n, moves, drops;
	uint64_t pfn[PB], tag[PB];
};

static void follow_fn(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		      unsigned int order, uint64_t tag, void *data)
{
	struct follow *f = data;

	(void)owner;
	(void)order;
	for (unsigned int i = 0; i < f->n; i++) {
		if (f->pfn[i] != old_pfn)
			continue;
		assert_int_equal(f->tag[i], tag);
		f->pfn[i] = new_pfn;
		if (new_pfn == CMASIM_PFN_DROPPED)
			f->drops++;
		else
			f->moves++;
		return;
	}
	fail_msg("unknown block 0x%llx moved", (unsigned long long)old_pfn);
}

/*
 * Fill memory from the top with movable pages until one pageblock holds
 * nothing but them (and free pages); give them owner @owner.  Returns
 * the block.
 */
static cmasim_pfn_t movable_block(struct cmasim *sim, struct follow *f,
				  uint32_t owner)
{
	cmasim_pfn_t first, pfn, blk;
	GArray *all = g_array_new(FALSE, FALSE, sizeof(uint64_t));

	assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
					    CMASIM_NUMA_NO_NODE, &first), 0);
	g_array_append_val(all, first);
	blk = first & ~(cmasim_pfn_t)(PB - 1);
	for (int i = 0; i < 2000; i++) {
		assert_int_equal(cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
						    CMASIM_NUMA_NO_NODE, &pfn), 0);
		g_array_append_val(all, pfn);
	}
	for (unsigned int i = 0; i < all->len; i++) {
		pfn = g_array_index(all, uint64_t, i);
		if ((pfn & ~(cmasim_pfn_t)(PB - 1)) == blk && f->n < PB && (i % 3) != 1) {
			f->pfn[f->n] = pfn;
			f->tag[f->n] = 0x7a900000ull + f->n;
			assert_int_equal(cmasim_page_set_owner(sim, pfn, owner,
							       f->tag[f->n]), 0);
			f->n++;
		} else {
			assert_int_equal(cmasim_free_pages(sim, pfn, 0), 0);
		}
	}
	g_array_free(all, TRUE);
	assert_true(f->n > 10);
	check(sim);
	return blk;
}

/* Expect every owned page of the block migrated out, owners told, tags kept. */
static void test_isolate_migrates_owned_pages(void **state)
{
	struct cmasim *sim = *state;
	struct follow *f = g_new0(struct follow, 1);
	cmasim_pfn_t blk;

	assert_int_equal(cmasim_owner_register(sim, 3, CMASIM_OWNER_FILE_DIRTY,
					       follow_fn, f), 0);
	blk = movable_block(sim, f, 3);
	assert_int_equal(cmasim_alloc_contig_range(sim, blk, blk + PB,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	check(sim);
	assert_int_equal(f->moves, f->n);
	for (unsigned int i = 0; i < f->n; i++) {
		const struct cms_page *p = page(sim, f->pfn[i]);

		assert_true(f->pfn[i] < blk || f->pfn[i] >= blk + PB);
		assert_int_equal(cms_page_state(p), CMS_PG_ALLOC);
		assert_int_equal(p->a, 3);
		assert_int_equal(p->b, f->tag[i]);
	}
	assert_int_equal(cmasim_free_contig_range(sim, blk, PB), 0);
	check(sim);
	g_free(f);
}

/* Expect a pinned anonymous page to fail the range: "pinned by owner 4". */
static void test_isolate_pinned_page_fails(void **state)
{
	struct cmasim *sim = machine("6.12");
	struct follow *f = g_new0(struct follow, 1);
	struct cmasim_contig_failure cf;
	cmasim_pfn_t blk;
	char want[64];

	(void)state;
	assert_int_equal(cmasim_owner_register(sim, 4, CMASIM_OWNER_ANON, follow_fn, f), 0);
	blk = movable_block(sim, f, 4);
	assert_int_equal(cmasim_page_pin(sim, f->pfn[0]), 0);
	assert_errno(cmasim_alloc_contig_range(sim, blk, blk + PB,
					       CMASIM_MIGRATE_MOVABLE, false), -EBUSY);
	check(sim);
	assert_int_equal(cmasim_contig_last_failure(sim, &cf), 0);
	assert_int_equal(cf.reason, CMASIM_CONTIG_PINNED);
	assert_int_equal(cf.owner, 4);
	snprintf(want, sizeof(want), "pfn 0x%llx pinned by owner 4",
		 (unsigned long long)f->pfn[0]);
	assert_string_equal(cf.text, want);
	assert_true(tst_diag_contains(sim, want));
	assert_int_equal(cmasim_pageblock_migratetype(sim, blk), CMASIM_MIGRATE_MOVABLE);
	/* the pinned one stayed, the others moved before the final check */
	assert_true(f->pfn[0] >= blk && f->pfn[0] < blk + PB);
	assert_int_equal(f->moves, f->n - 1);
	tst_sim_free(sim);
	g_free(f);
}

/* Expect clean page cache dropped (owner told with CMASIM_PFN_DROPPED). */
static void test_isolate_drops_clean_cache(void **state)
{
	struct cmasim *sim = machine("6.1");
	struct follow *f = g_new0(struct follow, 1);
	struct cmasim_migrate_stats st;
	cmasim_pfn_t blk;

	(void)state;
	assert_int_equal(cmasim_owner_register(sim, 6, CMASIM_OWNER_FILE_CLEAN, follow_fn, f), 0);
	blk = movable_block(sim, f, 6);
	assert_int_equal(cmasim_alloc_contig_range(sim, blk, blk + PB,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	check(sim);
	assert_int_equal(f->drops, f->n);
	assert_int_equal(cmasim_migrate_get_stats(sim, &st), 0);
	assert_int_equal(st.dropped, f->n);
	assert_int_equal(st.migrated, 0);
	tst_sim_free(sim);
	g_free(f);
}

static void keep_trace(const char *event, const char *text, void *data)
{
	if (!strcmp(event, "test_pages_isolated"))
		g_strlcpy(data, text, 128);
}

/* Expect the kernel's test_pages_isolated line: fin_pfn is past the last
 * free block walked (here the whole order-9 block), as the kernel steps. */
static void test_isolate_trace_line(void **state)
{
	struct cmasim *sim = machine("6.12");
	cmasim_pfn_t blk = (200 * MiB) >> 12;
	char line[128] = "";

	(void)state;
	assert_int_equal(cmasim_trace_set_sink(sim, keep_trace, line), 0);
	assert_int_equal(cmasim_trace_enable(sim, "test_pages_isolated", true), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, blk, blk + 16,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	assert_string_equal(line, "start_pfn=0xc800 end_pfn=0xc810 fin_pfn=0xca00 ret=success");
	assert_int_equal(cmasim_free_contig_range(sim, blk, 16), 0);
	check(sim);
	tst_sim_free(sim);
}

static void keep_info(const char *event, const char *text, void *data)
{
	if (!strcmp(event, "mm_alloc_contig_migrate_range_info"))
		g_strlcpy(data, text, 160);
}

/*
 * 6.12 reports each migration pass sum: pages migrated, reclaimed and
 * mapped.  Anonymous blocks count as mapped.  Expect the exact line on
 * 6.12 and no event on 6.1 (which has none).
 */
static void test_isolate_migrate_range_info_trace(void **state)
{
	struct cmasim *sim = *state;
	bool v61 = tst_v61(sim);
	struct follow *f = g_new0(struct follow, 1);
	char line[160] = "", want[160];
	cmasim_pfn_t blk;

	assert_int_equal(cmasim_owner_register(sim, 8, CMASIM_OWNER_ANON,
					       follow_fn, f), 0);
	blk = movable_block(sim, f, 8);
	assert_int_equal(cmasim_trace_set_sink(sim, keep_info, line), 0);
	assert_int_equal(cmasim_trace_enable(sim, "all", true), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, blk, blk + PB,
						   CMASIM_MIGRATE_MOVABLE, false), 0);
	snprintf(want, sizeof(want),
		 "start=0x%llx end=0x%llx migratetype=1 nr_migrated=%u nr_reclaimed=0 nr_mapped=%u",
		 (unsigned long long)blk, (unsigned long long)(blk + PB),
		 f->n, f->n);
	assert_string_equal(line, v61 ? "" : want);
	check(sim);
	g_free(f);
}

/* Expect argument and phase errors. */
static void test_isolate_api_errors(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_contig_failure f;
	struct cmasim *run;

	(void)state;
	assert_errno(cmasim_alloc_contig_range(sim, 0, 16, CMASIM_MIGRATE_MOVABLE, false), -EPERM);
	assert_errno(cmasim_free_contig_range(sim, 0, 16), -EPERM);
	assert_errno(cmasim_page_pin(sim, 0), -EPERM);
	assert_errno(cmasim_contig_last_failure(sim, &f), -ENOENT);
	assert_errno(cmasim_contig_last_failure(sim, NULL), -EINVAL);
	tst_sim_free(sim);
	run = machine("6.12");
	assert_errno(cmasim_alloc_contig_range(run, 16, 16, CMASIM_MIGRATE_MOVABLE, false), -EINVAL);
	assert_errno(cmasim_alloc_contig_range(run, 16, 32, CMASIM_MIGRATE_UNMOVABLE, false), -EINVAL);
	assert_errno(cmasim_page_pin(run, 0x9000), -EINVAL);
	assert_errno(cmasim_owner_register(run, 0, CMASIM_OWNER_ANON, NULL, NULL), -EINVAL);
	assert_errno(cmasim_migrate_set_failure_rate(run, 1000001), -EINVAL);
	tst_sim_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isolate_unmovable_page_refuses),
		cmocka_unit_test(test_isolate_pinned_page_fails),
		cmocka_unit_test(test_isolate_drops_clean_cache),
		cmocka_unit_test(test_isolate_trace_line),
		cmocka_unit_test(test_isolate_api_errors),
	};
#define T(f) cmocka_unit_test_setup_teardown(f, setup_machine, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_isolate_free_range_roundtrip),
		T(test_isolate_migrates_owned_pages),
		T(test_isolate_migrate_range_info_trace),
	};
#undef T

	return tst_run_groups("page_isolation", tests, NR_OF(tests),
			      per_version, NR_OF(per_version));
}
