/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim page allocator: GFP flags, migratetypes, alloc_pages and
 * free_pages of the simulated buddy allocator (mm/page_alloc.c).
 * Allocation never reclaims or compacts: a request that would need them
 * fails (see docs/differences.md).
 */
#ifndef CMASIM_PAGE_ALLOC_H
#define CMASIM_PAGE_ALLOC_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/** Migratetypes, numbered as include/linux/mmzone.h with CONFIG_CMA. */
enum cmasim_migratetype {
	CMASIM_MIGRATE_UNMOVABLE = 0,
	CMASIM_MIGRATE_MOVABLE,
	CMASIM_MIGRATE_RECLAIMABLE,
	CMASIM_MIGRATE_HIGHATOMIC,	/**< == MIGRATE_PCPTYPES */
	CMASIM_MIGRATE_CMA,
	CMASIM_MIGRATE_ISOLATE,
	CMASIM_MIGRATE_TYPES
};

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

/**
 * cmasim_alloc_pages - alloc_pages_node(nid, gfp, order).
 * @sim: a running instance (after boot).
 * @gfp: CMASIM_GFP_* / CMASIM___GFP_* flags.
 * @order: 0 .. cmasim_max_page_order().
 * @nid: preferred node, or CMASIM_NUMA_NO_NODE for node 0's zonelist.
 * @pfn: out, the first PFN of the block.
 *
 * Mirrors: __alloc_pages() fast path, then the no-reclaim slow path
 * (min watermark, ALLOC_MIN_RESERVE/HIGHATOMIC/NON_BLOCK reserves); no reclaim, no
 * compaction, no OOM killer.
 * Return: 0; -EINVAL for a bad order, node or flag combination, or a NULL
 * argument; -EPERM before the allocator runs; -ENOMEM when no zone can
 * serve.
 */
CMASIM_EXPORT int cmasim_alloc_pages(struct cmasim *sim, unsigned int gfp,
				     unsigned int order, int nid,
				     cmasim_pfn_t *pfn);

/**
 * cmasim_free_pages - __free_pages(pfn_to_page(pfn), order).
 * @sim: the instance.
 * @pfn: a PFN returned by cmasim_alloc_pages().
 * @order: the order it was allocated with.
 *
 * Mirrors: free_unref_page() (per-cpu lists) or __free_one_page().
 * Return: 0; -EINVAL when @pfn is not the head of an allocated block of
 * @order, or @sim is NULL; -EPERM before the allocator runs.
 */
CMASIM_EXPORT int cmasim_free_pages(struct cmasim *sim, cmasim_pfn_t pfn,
				    unsigned int order);

/**
 * cmasim_drain_all_pages - drain_all_pages(NULL): per-cpu lists to buddy.
 * @sim: the instance.
 * Mirrors: drain_all_pages().
 * Return: 0; -EINVAL for a NULL @sim; -EPERM before the allocator runs.
 */
CMASIM_EXPORT int cmasim_drain_all_pages(struct cmasim *sim);

/**
 * cmasim_pageblock_migratetype - get_pageblock_migratetype(pfn).
 * @sim: the instance.
 * @pfn: any PFN inside a zone.
 * Mirrors: get_pfnblock_migratetype().
 * Return: a CMASIM_MIGRATE_* value; -EINVAL for a NULL @sim; -ENOENT when
 * @pfn is in no zone; -EPERM before free_area_init.
 */
CMASIM_EXPORT int cmasim_pageblock_migratetype(const struct cmasim *sim,
					       cmasim_pfn_t pfn);

/**
 * cmasim_set_watermark_scale_factor - sysctl vm.watermark_scale_factor.
 * @sim: the instance.
 * @factor: 1..3000 (6.1 and 6.12 bounds).
 * Mirrors: watermark_scale_factor_sysctl_handler() (recomputes watermarks).
 * Return: 0; -EINVAL out of range or NULL @sim; -EPERM before the page
 * allocator runs.
 */
CMASIM_EXPORT int cmasim_set_watermark_scale_factor(struct cmasim *sim,
						    int factor);

/**
 * cmasim_set_min_free_kbytes - sysctl vm.min_free_kbytes.
 * @sim: the instance.
 * @kbytes: >= 0.
 * Mirrors: min_free_kbytes_sysctl_handler() (user value wins later).
 * Return: 0; -EINVAL when negative or NULL @sim; -EPERM before the page
 * allocator runs.
 */
CMASIM_EXPORT int cmasim_set_min_free_kbytes(struct cmasim *sim, int kbytes);

/**
 * cmasim_set_nr_cpus - number of simulated CPUs with per-cpu page lists.
 * @sim: an instance before cms_mm_init (boot).
 * @nr_cpus: 1..64.
 * Return: 0; -EINVAL out of range or NULL @sim; -EPERM once the zones
 * exist; -ENOMEM.
 */
CMASIM_EXPORT int cmasim_set_nr_cpus(struct cmasim *sim, unsigned int nr_cpus);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_PAGE_ALLOC_H */
