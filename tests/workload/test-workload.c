// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads (lib/workload/workload.c): named allocations of pages, CMA
 * ranges and DMA buffers; free, pin, page-cache state, the random phase
 * and the fragment step; migration keeping the workload's pfns true; the
 * unusable free index, the state hash, and the workload's own checker.
 * Every test runs on both kernels on a 1 GiB qemu pc booted with
 * cma=64M, and ends with cmasim_check().
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/mmzone.h"
#include "workload/workload.h"

#define MiB (UINT64_C(1) << 20)

static int setup(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), 1024 * MiB, 1, "cma=64M",
			     NULL);
	return 0;
}

static struct cmasim_workload_info info_of(struct cmasim *sim,
					   const char *name)
{
	struct cmasim_workload_info info;

	assert_errno(cmasim_workload_get_info(sim, name, &info), 0);
	return info;
}

static struct cmasim_workload_block block_of(struct cmasim *sim,
					     const char *name, uint64_t i)
{
	struct cmasim_workload_block b;

	assert_errno(cmasim_workload_get_block(sim, name, i, &b), 0);
	return b;
}

static struct cms_page *page(struct cmasim *sim, uint64_t pfn)
{
	return cms_zone_page(cms_pfn_zone(sim, pfn), pfn);
}

/* ---- alloc ---- */

/* Expect 100 movable order-1 blocks, each tagged with the allocation's
 * owner and its slot, counted in the info. */
static void test_workload_alloc_blocks(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_workload_info info;
	uint64_t done = 0;

	assert_errno(cmasim_workload_alloc(sim, "a", CMASIM_WORKLOAD_ANON, 0, 1,
					   CMASIM_NUMA_NO_NODE, 100, &done), 0);
	assert_int_equal(done, 100);
	info = info_of(sim, "a");
	assert_int_equal(info.kind, CMASIM_WORKLOAD_PAGES);
	assert_int_equal(info.owner, CMASIM_WORKLOAD_ANON);
	assert_int_equal(info.owner_handle, CMASIM_WORKLOAD_OWNER_BASE);
	assert_int_equal(info.nr_blocks, 100);
	assert_int_equal(info.nr_pages, 200);
	assert_int_equal(info.nr_pinned, 0);
	for (uint64_t i = 0; i < 100; i++) {
		struct cmasim_workload_block b = block_of(sim, "a", i);
		struct cms_page *p = page(sim, b.pfn);

		assert_int_equal(b.order, 1);
		assert_int_equal(b.nr_pages, 2);
		assert_true(b.movable);
		assert_int_equal(b.dma_path, -1);
		assert_int_equal(p->a, CMASIM_WORKLOAD_OWNER_BASE);
		assert_int_equal(p->b, i);
	}
	/* appending keeps the owner; a second allocation gets the next one */
	assert_errno(cmasim_workload_alloc(sim, "a", CMASIM_WORKLOAD_ANON, 0, 0,
					   CMASIM_NUMA_NO_NODE, 1, NULL), 0);
	assert_int_equal(info_of(sim, "a").nr_blocks, 101);
	assert_errno(cmasim_workload_alloc(sim, "k", CMASIM_WORKLOAD_KERNEL, 0, 0,
					   CMASIM_NUMA_NO_NODE, 1, NULL), 0);
	assert_int_equal(info_of(sim, "k").owner_handle,
			 CMASIM_WORKLOAD_OWNER_BASE + 1);
	assert_false(block_of(sim, "k", 0).movable);
}

/* Expect each bad argument refused with -EINVAL (or -EEXIST, -EPERM)
 * and a diagnostic naming it; nothing allocated. */
static void test_workload_alloc_bad_arguments(void **state)
{
	struct cmasim *sim = *state;
	char longname[80];
	struct cmasim *early = tst_sim_new(NULL, tst_kernel_name(sim), NULL);

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_errno(cmasim_workload_alloc(NULL, "a", 0, 0, 0, -1, 1, NULL), -EINVAL);
	assert_errno(cmasim_workload_alloc(sim, NULL, 0, 0, 0, -1, 1, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "workload alloc: name is NULL"));
	assert_errno(cmasim_workload_alloc(sim, "", 0, 0, 0, -1, 1, NULL), -EINVAL);
	assert_errno(cmasim_workload_alloc(sim, longname, 0, 0, 0, -1, 1, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "name is longer than 63 bytes"));
	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 0, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "workload alloc(a): count 0"));
	assert_errno(cmasim_workload_alloc(sim, "a", 9, 0, 0, -1, 1, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "unknown owner"));
	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 11, -1, 1, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "order 11 is above the largest, 10"));
	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, 3, 1, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "node 3 has no memory"));
	assert_errno(cmasim_workload_alloc(sim, "a", 0, CMASIM_GFP_KERNEL |
					   CMASIM___GFP_MOVABLE |
					   CMASIM___GFP_RECLAIMABLE, 0, -1, 1,
					   NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "names no zone and mobility the kernel accepts"));
	assert_errno(cmasim_workload_get_info(sim, "a", &(struct cmasim_workload_info){ 0 }),
		     -ENOENT);
	assert_errno(cmasim_workload_alloc(sim, "a", CMASIM_WORKLOAD_ANON, 0, 0,
					   -1, 1, NULL), 0);
	assert_errno(cmasim_workload_alloc(sim, "a", CMASIM_WORKLOAD_KERNEL, 0, 0,
					   -1, 1, NULL), -EEXIST);
	assert_true(tst_diag_contains(sim, "\"a\" already holds pages of another owner"));
	assert_errno(cmasim_workload_alloc(early, "a", 0, 0, 0, -1, 1, NULL), -EPERM);
	assert_true(tst_diag_contains(early, "the machine is not running"));
	tst_sim_free(early);
}

/*
 * Expect an allocation the allocator cannot finish to give its blocks
 * back: -ENOMEM, the name unknown again, the free pages as before.
 */
static void test_workload_alloc_enomem_rolls_back(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_workload_info info;
	uint64_t before, after, done = 7;

	assert_errno(cmasim_stat_get(sim, "nr_free_pages", &before), 0);
	assert_errno(cmasim_workload_alloc(sim, "big", CMASIM_WORKLOAD_KERNEL, 0,
					   10, -1, 1000, &done), -ENOMEM);
	assert_int_equal(done, 7);
	assert_errno(cmasim_workload_get_info(sim, "big", &info), -ENOENT);
	assert_true(tst_diag_contains(sim, "the allocator failed at block"));
	assert_errno(cmasim_drain_all_pages(sim), 0);
	assert_errno(cmasim_stat_get(sim, "nr_free_pages", &after), 0);
	assert_int_equal(before, after);
	/* until-fail keeps what it got */
	assert_errno(cmasim_workload_alloc(sim, "big", CMASIM_WORKLOAD_KERNEL, 0,
					   10, -1, CMASIM_WORKLOAD_UNTIL_FAIL,
					   &done), 0);
	assert_true(done > 100);
	assert_int_equal(info_of(sim, "big").nr_blocks, done);
}

/* ---- free ---- */

static uint64_t pfns[64];

static void remember(struct cmasim *sim, const char *name, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		pfns[i] = block_of(sim, name, i).pfn;
}

/* Expect each pick to free the blocks it names: oldest first, newest
 * first, every other (spread), and some (random). */
static void test_workload_free_picks(void **state)
{
	struct cmasim *sim = *state;
	uint64_t done;

	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 10, NULL), 0);
	remember(sim, "a", 10);
	assert_errno(cmasim_workload_free(sim, "a", 2, CMASIM_PICK_OLDEST, &done), 0);
	assert_int_equal(done, 2);
	assert_int_equal(block_of(sim, "a", 0).pfn, pfns[2]);
	assert_errno(cmasim_workload_free(sim, "a", 2, CMASIM_PICK_NEWEST, NULL), 0);
	assert_int_equal(info_of(sim, "a").nr_blocks, 6);
	assert_int_equal(block_of(sim, "a", 5).pfn, pfns[7]);
	/* 6 left (slots 2..7): spread 3 of 6 frees the 1st, 3rd, 5th */
	assert_errno(cmasim_workload_free(sim, "a", 3, CMASIM_PICK_SPREAD, NULL), 0);
	assert_int_equal(block_of(sim, "a", 0).pfn, pfns[3]);
	assert_int_equal(block_of(sim, "a", 1).pfn, pfns[5]);
	assert_int_equal(block_of(sim, "a", 2).pfn, pfns[7]);
	assert_errno(cmasim_workload_free(sim, "a", 1, CMASIM_PICK_RANDOM, NULL), 0);
	assert_int_equal(info_of(sim, "a").nr_blocks, 2);
	assert_errno(cmasim_workload_free(sim, "a", 3, CMASIM_PICK_OLDEST, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "workload free(a): count 3, but it holds 2 blocks"));
	assert_errno(cmasim_workload_free(sim, "a", 1, 7, NULL), -EINVAL);
	assert_errno(cmasim_workload_free(sim, "nope", 1, 0, NULL), -ENOENT);
	assert_true(tst_diag_contains(sim, "no named allocation \"nope\""));
	/* all: the name goes too */
	assert_errno(cmasim_workload_free(sim, "a", CMASIM_WORKLOAD_ALL, 0, &done), 0);
	assert_int_equal(done, 2);
	assert_errno(cmasim_workload_get_info(sim, "a", &(struct cmasim_workload_info){ 0 }),
		     -ENOENT);
}

/* Expect freeing a pinned block to unpin it first. */
static void test_workload_free_pinned(void **state)
{
	struct cmasim *sim = *state;
	uint64_t pfn;

	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 2, NULL), 0);
	assert_errno(cmasim_workload_pin(sim, "a", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	pfn = block_of(sim, "a", 0).pfn;
	assert_true(page(sim, pfn)->flags & CMS_PGF_PINNED);
	assert_errno(cmasim_workload_free(sim, "a", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	assert_false(page(sim, pfn)->flags & CMS_PGF_PINNED);
}

/* ---- pins and migration ---- */

/*
 *   CMA area: |... a's blocks ...|
 * Expect cma_alloc() of the area to migrate a's blocks out, the workload
 * told of each move (its pfns outside the area afterwards), while a pin
 * makes it fail with -EBUSY naming the owner.
 */
static void test_workload_pin_blocks_cma_alloc(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *cma = cmasim_dma_contiguous_default_area(sim);
	uint64_t base = cmasim_cma_get_base_pfn(cma), n = cmasim_cma_get_count(cma);
	struct cmasim_contig_failure why;
	struct cmasim_workload_info info;
	struct cmasim_workload_block b;
	uint64_t in = 0, free_pages;
	char *maxchunk;

	/* fill until the CMA area is taken too (CMA first once it holds
	 * more than half of what is free) */
	assert_errno(cmasim_workload_alloc(sim, "fill", 0, 0, 0, -1, 212000, NULL), 0);
	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 4000, NULL), 0);
	assert_errno(cmasim_workload_free(sim, "fill", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	for (uint64_t i = 0; i < 4000; i++) {
		b = block_of(sim, "a", i);
		in += b.pfn >= base && b.pfn < base + n;
	}
	assert_true(in > 100);
	/* pins drawn among a's blocks: some land in the area */
	assert_errno(cmasim_workload_pin(sim, "a", 100, CMASIM_PICK_RANDOM, NULL), 0);
	in = 0;
	for (uint64_t i = 0; i < 4000; i++) {
		b = block_of(sim, "a", i);
		in += b.pinned && b.pfn >= base && b.pfn < base + n;
	}
	assert_true(in > 0);
	/* the area's whole free stretch: one window only */
	maxchunk = tst_file_text(sim, "/sys/kernel/debug/cma/reserved/maxchunk", NULL);
	free_pages = g_ascii_strtoull(maxchunk, NULL, 10);
	free(maxchunk);
	assert_errno(cmasim_workload_cma_alloc(sim, "buf", cma, free_pages, 0, true),
		     -EBUSY);
	assert_errno(cmasim_contig_last_failure(sim, &why), 0);
	assert_int_equal(why.reason, CMASIM_CONTIG_PINNED);
	assert_int_equal(why.owner, CMASIM_WORKLOAD_OWNER_BASE + 1);
	assert_true(page(sim, why.pfn)->flags & CMS_PGF_PINNED);
	assert_errno(cmasim_workload_get_info(sim, "buf", &info), -ENOENT);
	info = info_of(sim, "a");
	assert_true(info.migrated > 0);
	assert_int_equal(info.nr_pinned, 100);
	assert_int_equal(cmasim_check(sim), 0);
	/* unpinned, the same request migrates the last block and succeeds */
	assert_errno(cmasim_workload_unpin(sim, "a", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	assert_errno(cmasim_workload_cma_alloc(sim, "buf", cma, free_pages, 0, true), 0);
	for (uint64_t i = 0; i < 4000; i++) {
		uint64_t pfn = block_of(sim, "a", i).pfn;

		assert_true(pfn < base || pfn >= base + n);
		assert_int_equal(page(sim, pfn)->b, i);
	}
	info = info_of(sim, "buf");
	assert_int_equal(info.kind, CMASIM_WORKLOAD_CMA);
	assert_ptr_equal(info.cma, cma);
	assert_int_equal(info.nr_pages, free_pages);
	assert_errno(cmasim_workload_free(sim, "buf", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	assert_int_equal(cmasim_workload_pin(sim, "a", 4001, 0, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "count 4001, but it holds 4000 unpinned blocks"));
	assert_errno(cmasim_workload_unpin(sim, "a", 1, 0, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "but it holds 0 pinned blocks"));
}

/*
 * Expect clean page cache in the area dropped (the workload forgets the
 * blocks: dropped counts them), dirty cache migrated, and a clean block
 * marked dirty migrated instead.
 */
static void test_workload_page_cache(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *cma = cmasim_dma_contiguous_default_area(sim);
	struct cmasim_workload_info clean, dirty;
	char *maxchunk = tst_file_text(sim, "/sys/kernel/debug/cma/reserved/maxchunk", NULL);
	uint64_t n = g_ascii_strtoull(maxchunk, NULL, 10);

	assert_errno(cmasim_workload_alloc(sim, "fill", 0, 0, 0, -1, 212000, NULL), 0);
	assert_errno(cmasim_workload_alloc(sim, "clean", CMASIM_WORKLOAD_CACHE_CLEAN,
					   0, 0, -1, 3000, NULL), 0);
	assert_errno(cmasim_workload_alloc(sim, "dirty", CMASIM_WORKLOAD_CACHE_DIRTY,
					   0, 0, -1, 3000, NULL), 0);
	assert_errno(cmasim_workload_free(sim, "fill", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	free(maxchunk);
	assert_errno(cmasim_workload_cma_alloc(sim, "buf", cma, n, 0, true), 0);
	clean = info_of(sim, "clean");
	dirty = info_of(sim, "dirty");
	assert_true(clean.dropped > 0);
	assert_int_equal(clean.migrated, 0);
	assert_int_equal(clean.nr_blocks, 3000 - clean.dropped);
	assert_int_equal(dirty.dropped, 0);
	assert_true(dirty.migrated > 0);
	assert_int_equal(dirty.nr_blocks, 3000);
	assert_errno(cmasim_workload_free(sim, "buf", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	/* owners change: written-back cache is clean, a write dirties it */
	assert_errno(cmasim_workload_set_owner(sim, "dirty", CMASIM_WORKLOAD_CACHE_CLEAN), 0);
	assert_int_equal(info_of(sim, "dirty").owner, CMASIM_WORKLOAD_CACHE_CLEAN);
	assert_errno(cmasim_workload_set_owner(sim, "dirty", CMASIM_WORKLOAD_KERNEL), -EINVAL);
	assert_errno(cmasim_workload_alloc(sim, "k", CMASIM_WORKLOAD_KERNEL, 0, 0, -1, 1, NULL), 0);
	assert_errno(cmasim_workload_set_owner(sim, "k", CMASIM_WORKLOAD_ANON), -EINVAL);
	assert_true(tst_diag_contains(sim, "kernel memory is not a user's"));
	assert_errno(cmasim_workload_set_owner(sim, "none", CMASIM_WORKLOAD_ANON), -ENOENT);
}

/* ---- random phases ---- */

static uint64_t random_hash(const char *kernel, uint64_t seed)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_workload_random r = {
		.ops = 3000, .nr_orders = 3, .orders = { 0, 3, 9 },
		.weights = { 70, 25, 5 }, .movable_percent = 70,
		.life_min = 5, .life_max = 300, .nid = CMASIM_NUMA_NO_NODE,
	};
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	uint64_t hash = 0, done = 0;

	cmasim_config_set_kernel(cfg, kernel);
	cmasim_config_set_seed(cfg, seed);
	assert_errno(cmasim_create(cfg, &sim), 0);
	assert_errno(cmasim_machine_qemu_pc(512 * MiB, 1, &m), 0);
	assert_errno(cmasim_boot(sim, m, "cma=32M"), 0);
	assert_errno(cmasim_workload_random(sim, "r", &r, &done), 0);
	assert_int_equal(done, 3000);
	assert_true(info_of(sim, "r").nr_blocks < 3000);
	assert_errno(cmasim_state_hash(sim, &hash), 0);
	assert_int_equal(cmasim_check(sim), 0);
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	cmasim_destroy(sim);
	return hash;
}

/* Expect the same seed to give the same state, another seed another. */
static void test_workload_random_deterministic(void **state)
{
	const char *k = tst_kernel_name(*state);
	uint64_t a = random_hash(k, 42), b = random_hash(k, 42);

	assert_true(a == b);
	assert_true(random_hash(k, 43) != a);
}

/* Expect lifetimes honoured (forever: all survive) and bad specs refused. */
static void test_workload_random_specs(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_workload_random r = {
		.ops = 50, .nr_orders = 1, .orders = { 0 }, .weights = { 1 },
		.movable_percent = 100, .nid = CMASIM_NUMA_NO_NODE,
	};
	struct cmasim_workload_random bad;

	assert_errno(cmasim_workload_random(sim, "r", &r, NULL), 0);
	assert_int_equal(info_of(sim, "r").nr_blocks, 50);
	r.life_min = r.life_max = 1;
	assert_errno(cmasim_workload_random(sim, "r2", &r, NULL), 0);
	/* each block dies before the next op: only the last survives */
	assert_int_equal(info_of(sim, "r2").nr_blocks, 1);
	bad = r;
	bad.ops = 0;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "workload random(x): ops 0"));
	bad = r;
	bad.nr_orders = 0;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	bad = r;
	bad.weights[0] = 0;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "every weight of the order mix is 0"));
	bad = r;
	bad.orders[0] = 11;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	bad = r;
	bad.movable_percent = 101;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	bad = r;
	bad.life_min = 5;
	bad.life_max = 4;
	assert_errno(cmasim_workload_random(sim, "x", &bad, NULL), -EINVAL);
	assert_errno(cmasim_workload_random(sim, "x", NULL, NULL), -EINVAL);
	assert_errno(cmasim_workload_alloc(sim, "k", CMASIM_WORKLOAD_KERNEL, 0, 0, -1, 1, NULL), 0);
	assert_errno(cmasim_workload_random(sim, "k", &r, NULL), -EEXIST);
}

/* ---- fragment ---- */

static int zone_slot(struct cmasim *sim, const char *name)
{
	for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
		struct cmasim_zone_info zi;

		if (!cmasim_zone_get(sim, i, &zi) && !strcmp(zi.name, name))
			return (int)i;
	}
	fail_msg("no zone %s", name);
	return -1;
}

/*
 * Expect the zone's unusable free index at order 9 to reach the target,
 * all of the free memory the workload left in order-0 holes (the free
 * pages of order 0 at least the target's share).
 */
static void test_workload_fragment_index(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_workload_fragment f = {
		.zone = -1, .order = 9, .index_milli = 900,
		.free_pageblocks = -1, .nid = CMASIM_NUMA_NO_NODE,
	};
	unsigned int z = (unsigned int)zone_slot(sim, "DMA32"), before, after;
	uint64_t done = 0;

	assert_errno(cmasim_set_min_free_kbytes(sim, 1024), 0);
	assert_errno(cmasim_zone_unusable_index(sim, z, 9, &before), 0);
	assert_true(before < 100);
	assert_errno(cmasim_workload_fragment(sim, "f", &f, &done), 0);
	assert_errno(cmasim_zone_unusable_index(sim, z, 9, &after), 0);
	assert_true(after >= 900);
	assert_true(done > 50000);
	assert_int_equal(info_of(sim, "f").nr_blocks, done);
	/* a target that holds already: nothing more happens */
	assert_errno(cmasim_workload_fragment(sim, "f", &f, &done), 0);
	assert_int_equal(done, 0);
}

/* Expect the pageblock target: at most 2 free movable pageblocks left. */
static void test_workload_fragment_pageblocks(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_workload_fragment f = {
		.zone = zone_slot(sim, "DMA32"), .order = 0, .index_milli = 0,
		.free_pageblocks = 2, .migratetype = CMASIM_MIGRATE_MOVABLE,
		.nid = CMASIM_NUMA_NO_NODE,
	};
	struct cmasim_workload_fragment bad = f;

	/* a small reserve: the watermark leaves fewer free pageblocks */
	assert_errno(cmasim_set_min_free_kbytes(sim, 1024), 0);
	assert_errno(cmasim_workload_fragment(sim, "f", &f, NULL), 0);
	bad.free_pageblocks = -1;
	assert_errno(cmasim_workload_fragment(sim, "x", &bad, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "no target"));
	bad = f;
	bad.index_milli = 1001;
	assert_errno(cmasim_workload_fragment(sim, "x", &bad, NULL), -EINVAL);
	bad = f;
	bad.zone = 99;
	assert_errno(cmasim_workload_fragment(sim, "x", &bad, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "no such zone slot"));
	bad = f;
	bad.migratetype = 9;
	assert_errno(cmasim_workload_fragment(sim, "x", &bad, NULL), -EINVAL);
}

/* ---- figures ---- */

/* Expect the index of mm/vmstat.c: 0 with only large free blocks, and
 * the argument checks. */
static void test_workload_unusable_index(void **state)
{
	struct cmasim *sim = *state;
	unsigned int milli = 77;

	assert_errno(cmasim_zone_unusable_index(sim, (unsigned int)zone_slot(sim, "DMA32"), 0, &milli), 0);
	assert_int_equal(milli, 0);
	assert_errno(cmasim_zone_unusable_index(sim, 0, 11, &milli), -EINVAL);
	assert_errno(cmasim_zone_unusable_index(sim, 999, 0, &milli), -ENOENT);
	assert_errno(cmasim_zone_unusable_index(sim, 0, 0, NULL), -EINVAL);
	assert_errno(cmasim_zone_unusable_index(NULL, 0, 0, &milli), -EINVAL);
}

/* Expect the hash to change with the state and come back with it. */
static void test_workload_state_hash(void **state)
{
	struct cmasim *sim = *state;
	uint64_t h0, h1, h2;

	assert_errno(cmasim_state_hash(sim, &h0), 0);
	assert_errno(cmasim_workload_alloc(sim, "a", CMASIM_WORKLOAD_KERNEL, 0, 4,
					   -1, 1, NULL), 0);
	assert_errno(cmasim_state_hash(sim, &h1), 0);
	assert_true(h0 != h1);
	assert_errno(cmasim_state_hash(sim, &h2), 0);
	assert_true(h1 == h2);
	assert_errno(cmasim_state_hash(sim, NULL), -EINVAL);
	assert_errno(cmasim_state_hash(NULL, &h2), -EINVAL);
}

/* ---- DMA, iteration ---- */

/* Expect coherent buffers kept as one allocation of the device, freed
 * through dma_free_coherent(). */
static void test_workload_dma(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *dev, *other;
	struct cmasim_workload_block b;
	struct cmasim_workload_info info;

	assert_errno(cmasim_device_create(sim, "dev", -1, &dev), 0);
	assert_errno(cmasim_device_create(sim, "other", -1, &other), 0);
	assert_errno(cmasim_workload_dma_alloc(sim, "bufs", dev, 1 * MiB, 0), 0);
	assert_errno(cmasim_workload_dma_alloc(sim, "bufs", dev, 5000, 0), 0);
	info = info_of(sim, "bufs");
	assert_int_equal(info.kind, CMASIM_WORKLOAD_DMA);
	assert_ptr_equal(info.dev, dev);
	assert_int_equal(info.nr_pages, 256 + 2);
	b = block_of(sim, "bufs", 0);
	assert_int_equal(b.dma_path, CMASIM_DMA_PATH_CMA);
	assert_int_equal(b.dma_addr, b.pfn << 12);
	assert_errno(cmasim_workload_dma_alloc(sim, "bufs", other, 4096, 0), -EEXIST);
	assert_errno(cmasim_workload_dma_alloc(sim, "bufs", NULL, 4096, 0), -EINVAL);
	assert_errno(cmasim_workload_pin(sim, "bufs", 1, 0, NULL), -EINVAL);
	assert_errno(cmasim_workload_free(sim, "bufs", CMASIM_WORKLOAD_ALL, 0, NULL), 0);
	assert_errno(cmasim_workload_dma_alloc(sim, "bufs2", dev, 0, 0), -EINVAL);
	assert_errno(cmasim_workload_get_info(sim, "bufs2", &info), -ENOENT);
}

static int count_names(const char *name, void *data)
{
	g_string_append_printf(data, "%s,", name);
	return 0;
}

static int count_blocks(const struct cmasim_workload_block *b, void *data)
{
	(*(uint64_t *)data) += b->nr_pages;
	return 0;
}

static int stop_at_once(const struct cmasim_workload_block *b, void *data)
{
	(void)b;
	(void)data;
	return 42;
}

/* Expect the walks in creation and age order, stopping on non-zero. */
static void test_workload_iteration(void **state)
{
	struct cmasim *sim = *state;
	GString *names = g_string_new(NULL);
	uint64_t pages = 0;

	assert_errno(cmasim_workload_alloc(sim, "b", 0, 0, 2, -1, 3, NULL), 0);
	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 5, NULL), 0);
	assert_errno(cmasim_workload_for_each(sim, count_names, names), 0);
	assert_string_equal(names->str, "b,a,");
	assert_errno(cmasim_workload_free(sim, "a", 2, CMASIM_PICK_OLDEST, NULL), 0);
	assert_errno(cmasim_workload_for_each_block(sim, "b", count_blocks, &pages), 0);
	assert_errno(cmasim_workload_for_each_block(sim, "a", count_blocks, &pages), 0);
	assert_int_equal(pages, 12 + 3);
	assert_int_equal(cmasim_workload_for_each_block(sim, "a", stop_at_once, NULL), 42);
	assert_errno(cmasim_workload_for_each_block(sim, "zz", count_blocks, &pages), -ENOENT);
	assert_errno(cmasim_workload_get_block(sim, "a", 3, &(struct cmasim_workload_block){ 0 }),
		     -ENOENT);
	g_string_free(names, TRUE);
}

/* Expect the checker to see a block whose page was changed behind the
 * workload's back. */
static void test_workload_check_catches_stale_block(void **state)
{
	struct cmasim *sim = *state;
	struct cms_page *p;
	uint64_t tag;

	assert_errno(cmasim_workload_alloc(sim, "a", 0, 0, 0, -1, 3, NULL), 0);
	assert_errno(cms_workload_check(sim), 0);
	p = page(sim, block_of(sim, "a", 1).pfn);
	tag = p->b;
	p->b = 0;
	assert_errno(cms_workload_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "workload: a: slot 1"));
	p->b = tag;
	assert_errno(cms_workload_check(sim), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_workload_alloc_blocks, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_alloc_bad_arguments, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_alloc_enomem_rolls_back, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_free_picks, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_free_pinned, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_pin_blocks_cma_alloc, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_page_cache, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_random_deterministic, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_random_specs, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_fragment_index, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_fragment_pageblocks, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_unusable_index, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_state_hash, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_dma, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_iteration, setup, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_workload_check_catches_stale_block, setup, tst_teardown_checked),
	};

	return tst_run_per_version("workload", tests, NR_OF(tests));
}
