/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator as a user drives it (mm/page_alloc.c, mm/migrate.c,
 * include/linux/mmzone.h): GFP flags, alloc_pages and free_pages of the
 * simulated buddy allocator, the per-cpu lists, the watermark sysctls;
 * the movable-page model (owners of allocated blocks, their content tags,
 * long-term pins, the migration that contiguous allocation performs);
 * and the nodes and zones with their counts.
 *
 * Allocation never reclaims or compacts: a request that would need them
 * fails (see docs/differences.md).  Clean page-cache blocks are dropped
 * instead of migrated, as reclaim_clean_pages_from_list() does, and a
 * seeded probability injects the transient failures (locked page,
 * writeback) that make migrate_pages() retry.
 *
 * Every call here works in the running phase (<cmasim/machine.h>), after
 * the page allocator exists, unless its comment says otherwise.
 */
#ifndef CMASIM_PAGES_H
#define CMASIM_PAGES_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/* ---- GFP flags ---- */

/*
 * GFP bits (libcmasim's own numbering; the meaning is the kernel's
 * ___GFP_* bit of the same name).
 */
#define CMASIM___GFP_DMA		(1u << 0)
#define CMASIM___GFP_HIGHMEM		(1u << 1)
#define CMASIM___GFP_DMA32		(1u << 2)
#define CMASIM___GFP_MOVABLE		(1u << 3)
#define CMASIM___GFP_RECLAIMABLE	(1u << 4)
#define CMASIM___GFP_HIGH		(1u << 5)
#define CMASIM___GFP_IO			(1u << 6)
#define CMASIM___GFP_FS			(1u << 7)
#define CMASIM___GFP_ZERO		(1u << 8)
/** 6.1 only (__GFP_ATOMIC); ignored by 6.12, which removed it. */
#define CMASIM___GFP_ATOMIC		(1u << 9)
#define CMASIM___GFP_DIRECT_RECLAIM	(1u << 10)
#define CMASIM___GFP_KSWAPD_RECLAIM	(1u << 11)
#define CMASIM___GFP_WRITE		(1u << 12)
#define CMASIM___GFP_NOWARN		(1u << 13)
#define CMASIM___GFP_RETRY_MAYFAIL	(1u << 14)
#define CMASIM___GFP_NOFAIL		(1u << 15)
#define CMASIM___GFP_NORETRY		(1u << 16)
#define CMASIM___GFP_MEMALLOC		(1u << 17)
#define CMASIM___GFP_COMP		(1u << 18)
#define CMASIM___GFP_NOMEMALLOC		(1u << 19)
#define CMASIM___GFP_HARDWALL		(1u << 20)
#define CMASIM___GFP_THISNODE		(1u << 21)
#define CMASIM___GFP_ACCOUNT		(1u << 22)

#define CMASIM___GFP_RECLAIM \
	(CMASIM___GFP_DIRECT_RECLAIM | CMASIM___GFP_KSWAPD_RECLAIM)
/** GFP_ATOMIC: 6.1 adds __GFP_ATOMIC, 6.12 ignores it. */
#define CMASIM_GFP_ATOMIC \
	(CMASIM___GFP_HIGH | CMASIM___GFP_ATOMIC | CMASIM___GFP_KSWAPD_RECLAIM)
#define CMASIM_GFP_KERNEL \
	(CMASIM___GFP_RECLAIM | CMASIM___GFP_IO | CMASIM___GFP_FS)
#define CMASIM_GFP_NOWAIT	CMASIM___GFP_KSWAPD_RECLAIM
#define CMASIM_GFP_USER		(CMASIM_GFP_KERNEL | CMASIM___GFP_HARDWALL)
#define CMASIM_GFP_DMA		CMASIM___GFP_DMA
#define CMASIM_GFP_DMA32	CMASIM___GFP_DMA32
#define CMASIM_GFP_HIGHUSER	(CMASIM_GFP_USER | CMASIM___GFP_HIGHMEM)
#define CMASIM_GFP_HIGHUSER_MOVABLE \
	(CMASIM_GFP_HIGHUSER | CMASIM___GFP_MOVABLE)
#define CMASIM_GFP_TRANSHUGE_LIGHT \
	((CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP | \
	  CMASIM___GFP_NOMEMALLOC | CMASIM___GFP_NOWARN) & \
	 ~CMASIM___GFP_RECLAIM)

/* ---- Allocating and freeing pages ---- */

/**
 * cmasim_alloc_pages() - allocate 2^@order contiguous pages.
 * @sim: a running instance.
 * @gfp: CMASIM_GFP_* / CMASIM___GFP_* flags.
 * @order: 0 .. cmasim_max_page_order().
 * @nid: preferred node, or CMASIM_NUMA_NO_NODE for node 0's zonelist.
 * @pfn: the first pfn of the block; untouched on failure.
 *
 * Runs the fast path, then the no-reclaim slow path (min watermark,
 * ALLOC_MIN_RESERVE/HIGHATOMIC/NON_BLOCK reserves); no reclaim, no
 * compaction, no OOM killer.
 * Return: 0; -EINVAL NULL @sim or @pfn, an order above the largest, a
 * node without memory, or a gfp zone/mobility combination the kernel
 * refuses; -EPERM before the page allocator runs; -ENOMEM no zone can
 * serve.  The block belongs to the caller until cmasim_free_pages().
 * Mirrors: alloc_pages_node(nid, gfp, order) over __alloc_pages().
 */
CMASIM_EXPORT int cmasim_alloc_pages(struct cmasim *sim, unsigned int gfp,
				     unsigned int order, int nid,
				     cmasim_pfn_t *pfn);

/**
 * cmasim_free_pages() - give back a block from cmasim_alloc_pages().
 * @sim: a running instance.
 * @pfn: the block's first pfn.
 * @order: the order it was allocated with.
 *
 * Orders the per-cpu lists take go there, as in the kernel; larger ones
 * to the buddy free lists.
 * Return: 0; -EINVAL NULL @sim, or @pfn is not the head of an allocated
 * block of @order, or a CMA area holds it (cmasim_cma_alloc() gave it:
 * cmasim_cma_release() gives it back); -EPERM before the page allocator
 * runs.  The block returns to the instance.
 * Mirrors: __free_pages(pfn_to_page(pfn), order): free_unref_page() or
 * __free_one_page().
 */
CMASIM_EXPORT int cmasim_free_pages(struct cmasim *sim, cmasim_pfn_t pfn,
				    unsigned int order);

/**
 * cmasim_drain_all_pages() - move every per-cpu list's pages to the
 * buddy free lists.
 * @sim: a running instance, borrowed for the call.
 *
 * Return: 0; -EINVAL NULL @sim; -EPERM before the page allocator runs.
 * Mirrors: drain_all_pages(NULL).
 */
CMASIM_EXPORT int cmasim_drain_all_pages(struct cmasim *sim);

/**
 * cmasim_pageblock_migratetype() - the migratetype of the pageblock that
 * holds @pfn.
 * @sim: instance (zones must exist), borrowed for the call.
 * @pfn: any pfn inside a zone.
 *
 * Return: a CMASIM_MIGRATE_* value (>= 0); -EINVAL NULL @sim; -EPERM
 * before free_area_init (no zones yet); -ENOENT @pfn is in no zone.
 * Mirrors: get_pfnblock_migratetype().
 */
CMASIM_EXPORT int cmasim_pageblock_migratetype(const struct cmasim *sim,
					       cmasim_pfn_t pfn);

/* ---- Tuning: sysctls and CPUs ---- */

/**
 * cmasim_set_watermark_scale_factor() - sysctl vm.watermark_scale_factor;
 * the watermarks are computed again.
 * @sim: a running instance, borrowed for the call.
 * @factor: 1..3000 (the 6.1 and 6.12 bounds).
 *
 * Return: 0; -EINVAL NULL @sim or @factor out of range; -EPERM before
 * the page allocator runs.
 * Mirrors: watermark_scale_factor_sysctl_handler().
 */
CMASIM_EXPORT int cmasim_set_watermark_scale_factor(struct cmasim *sim,
						    int factor);

/**
 * cmasim_set_min_free_kbytes() - sysctl vm.min_free_kbytes; the
 * watermarks are computed again and the user's value wins over later
 * recomputations.
 * @sim: a running instance, borrowed for the call.
 * @kbytes: >= 0.
 *
 * Return: 0; -EINVAL NULL @sim or negative @kbytes; -EPERM before the
 * page allocator runs.
 * Mirrors: min_free_kbytes_sysctl_handler().
 */
CMASIM_EXPORT int cmasim_set_min_free_kbytes(struct cmasim *sim, int kbytes);

/**
 * cmasim_min_free_kbytes() - the current vm.min_free_kbytes.
 * @sim: instance, borrowed for the call, or NULL.
 *
 * Return: kbytes (0 before the watermarks are set, or for a NULL @sim).
 * Mirrors: the min_free_kbytes global.
 */
CMASIM_EXPORT int cmasim_min_free_kbytes(const struct cmasim *sim);

/**
 * cmasim_set_nr_cpus() - the number of simulated CPUs with per-cpu page
 * lists.  Works before the zones exist (early boot) only.
 * @sim: instance, borrowed for the call.
 * @nr_cpus: 1..64.
 *
 * Return: 0; -EINVAL NULL @sim or @nr_cpus out of range; -EPERM the
 * zones exist already.
 * Mirrors: nr_cpu_ids as setup_nr_cpu_ids() leaves it.
 */
CMASIM_EXPORT int cmasim_set_nr_cpus(struct cmasim *sim, unsigned int nr_cpus);

/* ---- Owners, content tags, pins and migration ---- */

/** What an owner's blocks are, for migration. */
enum cmasim_owner_kind {
	CMASIM_OWNER_ANON = 0,		/**< anonymous memory: migrated */
	CMASIM_OWNER_FILE_DIRTY,	/**< dirty page cache: migrated */
	CMASIM_OWNER_FILE_CLEAN,	/**< clean page cache: dropped */
};

/** new_pfn of a dropped block (clean page cache reclaimed). */
#define CMASIM_PFN_DROPPED (~(cmasim_pfn_t)0)

/**
 * cmasim_migrate_fn - told of every move of an owner's block.
 * @owner: the owner handle.
 * @old_pfn: the block's head before the move.
 * @new_pfn: its head after, or CMASIM_PFN_DROPPED when it was reclaimed.
 * @order: the block's order.
 * @tag: the block's content tag, which the new head carries.
 * @data: the pointer given at registration.
 *
 * The callback may call getters only.
 */
typedef void (*cmasim_migrate_fn)(uint32_t owner, cmasim_pfn_t old_pfn,
				  cmasim_pfn_t new_pfn, unsigned int order,
				  uint64_t tag, void *data);

/**
 * cmasim_owner_register() - declare an owner of allocated blocks.
 * @sim: instance, borrowed for the call.
 * @owner: the handle (non-zero); registering again replaces.
 * @kind: CMASIM_OWNER_*.
 * @fn: told of each move of the owner's blocks; may be NULL.
 * @data: passed to @fn.
 *
 * Blocks with an unregistered non-zero owner, or owner 0, are anonymous
 * and nobody is told when they move.
 * Return: 0; -EINVAL NULL @sim, @owner 0 or unknown @kind.  @data stays
 * the caller's: the instance passes it to @fn and never frees it.
 * Mirrors: nothing in the kernel (a page's mapping and LRU state).
 */
CMASIM_EXPORT int cmasim_owner_register(struct cmasim *sim, uint32_t owner,
					enum cmasim_owner_kind kind,
					cmasim_migrate_fn fn, void *data);

/**
 * cmasim_page_set_owner() - give an allocated block an owner and a
 * content tag, which migration carries to the new block.
 * @sim: instance, borrowed for the call.
 * @pfn: the head of an allocated block.
 * @owner: the owner handle (see cmasim_owner_register()), 0 for none.
 * @tag: the caller's 64-bit content tag.
 *
 * Pin the block with cmasim_page_pin().
 * Return: 0; -EINVAL NULL @sim, or @pfn is not the head of an allocated
 * block.  The block stays the caller's.
 * Mirrors: nothing in the kernel (the page's mapping and contents).
 */
CMASIM_EXPORT int cmasim_page_set_owner(struct cmasim *sim, cmasim_pfn_t pfn,
					uint32_t owner, uint64_t tag);

/**
 * cmasim_page_pin() - a long-term pin on an allocated block.  Pinned
 * blocks never migrate: an anonymous one is not even isolated, a
 * page-cache one fails every migration attempt.
 * @sim: a running instance, borrowed for the call.
 * @pfn: the head of an allocated block.
 *
 * Return: 0; -EINVAL NULL @sim, or @pfn is not the head of an allocated
 * block; -EPERM before the page allocator runs.  The block stays the
 * caller's.
 * Mirrors: pin_user_pages(FOLL_LONGTERM).
 */
CMASIM_EXPORT int cmasim_page_pin(struct cmasim *sim, cmasim_pfn_t pfn);

/**
 * cmasim_page_unpin() - drop the long-term pin of an allocated block.
 * @sim: a running instance, borrowed for the call.
 * @pfn: the head of an allocated block.
 *
 * Return: 0; -EINVAL NULL @sim, or @pfn is not the head of an allocated
 * block; -EPERM before the page allocator runs.  The block stays the
 * caller's.
 * Mirrors: unpin_user_page().
 */
CMASIM_EXPORT int cmasim_page_unpin(struct cmasim *sim, cmasim_pfn_t pfn);

/**
 * cmasim_migrate_set_failure_rate() - the probability that one migration
 * attempt of a block fails transiently (-EAGAIN), drawn from the
 * instance's seeded generator.  Default 0.
 * @sim: instance, borrowed for the call.
 * @per_million: parts per million, 0..1000000.
 *
 * Return: 0; -EINVAL NULL @sim or @per_million above 1000000.
 * Mirrors: the -EAGAIN outcomes of unmap_and_move() (locked page,
 * writeback) in mm/migrate.c.
 */
CMASIM_EXPORT int cmasim_migrate_set_failure_rate(struct cmasim *sim,
						  uint32_t per_million);

/** Counters of the migration layer (the kernel's pgmigrate_* and friends). */
struct cmasim_migrate_stats {
	uint64_t migrated;	/**< blocks moved (pgmigrate_success, blocks) */
	uint64_t migrated_pages;/**< pages moved */
	uint64_t dropped;	/**< clean page-cache blocks reclaimed */
	uint64_t failed;	/**< attempts that failed (pgmigrate_fail) */
};

/**
 * cmasim_migrate_get_stats() - the migration counters so far.
 * @sim: instance, borrowed for the call.
 * @st: filled with a copy; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @st.  @st is the caller's.
 * Mirrors: the pgmigrate_success / pgmigrate_fail vm events.
 */
CMASIM_EXPORT int cmasim_migrate_get_stats(const struct cmasim *sim,
					   struct cmasim_migrate_stats *st);

/* ---- Nodes and zones ---- */

/**
 * Watermark indices (enum zone_watermarks).  Both versions compute PROMO;
 * only 6.12's /proc/zoneinfo prints it.
 */
enum cmasim_wmark {
	CMASIM_WMARK_MIN = 0,
	CMASIM_WMARK_LOW,
	CMASIM_WMARK_HIGH,
	CMASIM_WMARK_PROMO,
	CMASIM_NR_WMARK
};

/** One zone's numbers, in pages. */
struct cmasim_zone_info {
	int nid;
	int zone_idx;			/**< index among configured zones */
	const char *name;		/**< "DMA", "DMA32", "Normal", ... */
	cmasim_pfn_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t managed;
	uint64_t cma;			/**< zone->cma_pages */
	uint64_t free;			/**< NR_FREE_PAGES */
	uint64_t free_cma;		/**< NR_FREE_CMA_PAGES */
	uint64_t wmark[CMASIM_NR_WMARK];
	uint64_t boost;
};

/**
 * cmasim_zone_count() - the number of zone slots (nodes x configured
 * zones).
 * @sim: instance, borrowed for the call, or NULL.
 *
 * Return: the count; 0 before free_area_init or for a NULL @sim.
 * Mirrors: MAX_NUMNODES x MAX_NR_ZONES of the nodes that exist.
 */
CMASIM_EXPORT unsigned int cmasim_zone_count(const struct cmasim *sim);

/**
 * cmasim_zone_get() - the numbers of one zone slot.
 * @sim: instance.
 * @i: 0 .. cmasim_zone_count() - 1, node-major.
 * @info: filled; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @info; -ENOENT @i out of range (or no
 * zones yet).  @info is the caller's; its @name is borrowed from @sim.
 * Mirrors: the /proc/zoneinfo fields.
 */
CMASIM_EXPORT int cmasim_zone_get(const struct cmasim *sim, unsigned int i,
				  struct cmasim_zone_info *info);

/**
 * cmasim_zone_pageblocks() - a zone slot's pageblocks by migratetype.
 * @sim: instance, borrowed for the call.
 * @zone: 0 .. cmasim_zone_count() - 1.
 * @counts: CMASIM_MIGRATE_TYPES counts, filled, indexed by
 * CMASIM_MIGRATE_*; untouched on failure.
 *
 * Pageblocks of sparse sections without memory are not counted, as
 * /proc/pagetypeinfo leaves them out.
 * Return: 0; -EINVAL NULL @sim or @counts; -ENOENT @zone out of range
 * (or no zones yet).  @counts is the caller's.
 * Mirrors: pagetypeinfo_showblockcount_print() ("Number of blocks type").
 */
CMASIM_EXPORT int cmasim_zone_pageblocks(const struct cmasim *sim,
					 unsigned int zone, uint64_t *counts);

/**
 * cmasim_pfn_to_zone() - which zone slot spans @pfn.
 * @sim: instance, borrowed for the call, or NULL.
 * @pfn: any pfn.
 *
 * Return: the slot index (>= 0); -ENOENT no zone spans @pfn, the zones
 * do not exist yet, or @sim is NULL.
 * Mirrors: page_zone(pfn_to_page(pfn)).
 */
CMASIM_EXPORT int cmasim_pfn_to_zone(const struct cmasim *sim,
				     cmasim_pfn_t pfn);

/**
 * cmasim_totalram_pages() - the pages the buddy allocator manages.
 * @sim: instance, borrowed for the call, or NULL.
 *
 * Return: managed pages of all zones (0 before the handover or for a
 * NULL @sim).
 * Mirrors: totalram_pages().
 */
CMASIM_EXPORT uint64_t cmasim_totalram_pages(const struct cmasim *sim);

/**
 * cmasim_zone_get_free_area() - the free blocks of one order in a zone,
 * per migratetype.
 * @sim: instance, borrowed for the call.
 * @zone: the zone slot (cmasim_zone_get()).
 * @order: 0 .. cmasim_max_page_order().
 * @nr_free: an array of CMASIM_MIGRATE_TYPES, filled with the number of
 * blocks of @order on each type's buddy free list (the per-cpu lists are not counted); untouched on
 * failure.
 *
 * Return: 0; -EINVAL NULL @sim or @nr_free, or @order above the largest;
 * -ENOENT no such zone slot (or no zones yet).  @nr_free is the caller's.
 * Mirrors: zone->free_area[order].free_list[type], as
 * pagetypeinfo_showfree_print() counts it for /proc/pagetypeinfo.
 */
CMASIM_EXPORT int cmasim_zone_get_free_area(const struct cmasim *sim,
					    unsigned int zone,
					    unsigned int order,
					    uint64_t *nr_free);

/** Fallback allocations so far (the mm_page_alloc_extfrag events). */
struct cmasim_extfrag_stats {
	/** allocations served from another migratetype's free list */
	uint64_t events;
	/** of those, from a block smaller than a pageblock (fragmenting) */
	uint64_t fragmenting;
	/** of those, where the pageblock took the allocation's type */
	uint64_t change_ownership;
};

/**
 * cmasim_extfrag_get_stats() - how often the page allocator fell back to
 * another migratetype's free list, counted whether or not the trace
 * event is enabled.
 * @sim: instance, borrowed for the call.
 * @st: filled with a copy; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @st.  @st is the caller's.
 * Mirrors: the mm_page_alloc_extfrag trace event of __rmqueue_fallback()
 * (include/trace/events/kmem.h), its fragmenting and change_ownership
 * fields.
 */
CMASIM_EXPORT int cmasim_extfrag_get_stats(const struct cmasim *sim,
					   struct cmasim_extfrag_stats *st);

/* ---- The memory map, read: blocks and pageblocks ---- */

/*
 * Read-only walks of the memmap for views: they never change the
 * simulated state, and a machine's untouched memory (free max-order
 * blocks, holes, reserved ranges) is read in whole blocks, so a walk of
 * a 1 TiB machine after boot costs what its used memory costs.
 */

/** What a block of pages is. */
enum cmasim_page_state {
	CMASIM_PAGE_FREE = 0,	/**< a free block on a buddy free list */
	CMASIM_PAGE_PCP,	/**< a free block on a per-cpu list */
	CMASIM_PAGE_ALLOCATED,	/**< an allocated block */
	CMASIM_PAGE_RESERVED,	/**< PageReserved: not the allocator's */
	CMASIM_PAGE_ABSENT,	/**< no memory: a hole, or no-map */
};

/** One block of pages as a walk meets it. */
struct cmasim_page_block {
	/** the first pfn (a free or allocated block's head may lie before
	 * the walk's start) */
	cmasim_pfn_t pfn;
	/** pages: 2^@order, or a run of reserved or absent pages */
	uint64_t nr_pages;
	/** free, per-cpu and allocated blocks: the order; else 0 */
	unsigned int order;
	enum cmasim_page_state state;
	/** free and per-cpu blocks: their list's CMASIM_MIGRATE_*; else -1 */
	int migratetype;
	/** allocated: movable (it may migrate) */
	bool movable;
	/** allocated: long-term pinned */
	bool pinned;
	/** allocated: the owner handle (cmasim_page_set_owner()), 0 none */
	uint32_t owner;
	/** allocated: the content tag */
	uint64_t tag;
};

/**
 * cmasim_page_block_fn - called for each block by
 * cmasim_for_each_page_block().
 * @block: the block, borrowed for the call.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; the walk returns that value.  The callback
 * may call getters only.
 */
typedef int (*cmasim_page_block_fn)(const struct cmasim_page_block *block,
				    void *data);

/**
 * cmasim_for_each_page_block() - walk the blocks that hold the pages of
 * [@start_pfn, @end_pfn), in pfn order, zone by zone: each free,
 * per-cpu or allocated block once (from its head), and each run of
 * reserved or of absent pages as one entry.
 * @sim: instance, borrowed for the call.
 * @start_pfn: first pfn.  @end_pfn: the pfn after the last.
 * @fn: the callback.  @data: passed to @fn.
 *
 * Pfns that no zone spans are skipped.
 * Return: 0 after the walk, the first non-zero value of @fn; -EINVAL
 * NULL @sim or @fn, or @end_pfn below @start_pfn; -EPERM before
 * free_area_init (no zones yet).
 * Mirrors: the pfn walk of read_page_owner() (mm/page_owner.c: each
 * block's order, migratetype and owner) with stable_page_flags()
 * (fs/proc/page.c: buddy, reserved, no page).
 */
CMASIM_EXPORT int cmasim_for_each_page_block(const struct cmasim *sim,
					     cmasim_pfn_t start_pfn,
					     cmasim_pfn_t end_pfn,
					     cmasim_page_block_fn fn,
					     void *data);

/** One pageblock's pages inside one zone, counted. */
struct cmasim_pageblock_info {
	/** the pageblock's first pfn inside the zone */
	cmasim_pfn_t pfn;
	/** its pages inside the zone (a pageblock, but at a zone's edge) */
	uint64_t nr_pages;
	int nid;
	/** the zone slot (cmasim_zone_get()) */
	unsigned int zone;
	/** its CMASIM_MIGRATE_* */
	int migratetype;
	uint64_t nr_free;	/**< pages on the buddy free lists */
	/** free pages on the per-cpu lists (NR_FREE_PAGES leaves them out,
	 * as the kernel's does) */
	uint64_t nr_pcp;
	uint64_t nr_movable;	/**< allocated movable pages */
	uint64_t nr_unmovable;	/**< allocated pages that are not movable */
	/** allocated pages of long-term pinned blocks (movable or not) */
	uint64_t nr_pinned;
	uint64_t nr_reserved;	/**< PageReserved pages */
	uint64_t nr_absent;	/**< pages without memory (holes, no-map) */
	/** the largest free buddy block with a page here, or -1 */
	int max_free_order;
};

/**
 * cmasim_pageblock_fn - called for each pageblock by
 * cmasim_for_each_pageblock().
 * @pb: the pageblock, borrowed for the call.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; the walk returns that value.  The callback
 * may call getters only.
 */
typedef int (*cmasim_pageblock_fn)(const struct cmasim_pageblock_info *pb,
				   void *data);

/**
 * cmasim_for_each_pageblock() - count the pages of every pageblock that
 * has a page in [@start_pfn, @end_pfn), zone by zone (node-major, as
 * cmasim_zone_get() numbers them), in pfn order within a zone.
 * @sim: instance, borrowed for the call.
 * @start_pfn: first pfn.  @end_pfn: the pfn after the last.
 * @fn: the callback.  @data: passed to @fn.
 *
 * A pageblock that two zones share comes once per zone.  As
 * /proc/pagetypeinfo, the walk leaves out pageblocks whose memory
 * section has no memory at all (pfn_to_online_page() is NULL), so that
 * the pageblocks of each type add up to its "Number of blocks type" line.
 * Return: 0 after the walk, the first non-zero value of @fn; -EINVAL
 * NULL @sim or @fn, or @end_pfn below @start_pfn; -EPERM before
 * free_area_init (no zones yet).
 * Mirrors: pagetypeinfo_showblockcount_print() (mm/vmstat.c) walking
 * pageblocks, and pagetypeinfo_showmixedcount_print() (mm/page_owner.c)
 * walking each pageblock's pages.
 */
CMASIM_EXPORT int cmasim_for_each_pageblock(const struct cmasim *sim,
					    cmasim_pfn_t start_pfn,
					    cmasim_pfn_t end_pfn,
					    cmasim_pageblock_fn fn,
					    void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_PAGES_H */
