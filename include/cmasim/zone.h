/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim nodes and zones: page counts and watermarks of each zone,
 * as /proc/zoneinfo shows them (include/linux/mmzone.h).
 */
#ifndef CMASIM_ZONE_H
#define CMASIM_ZONE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/** Watermark indices (enum zone_watermarks). PROMO is 6.12 only. */
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
 * cmasim_zone_count - number of zone slots (nodes x configured zones).
 * @sim: the instance.
 * Mirrors: MAX_NUMNODES x MAX_NR_ZONES of the nodes that exist.
 * Return: the count, 0 before free_area_init or for a NULL @sim.
 */
CMASIM_EXPORT unsigned int cmasim_zone_count(const struct cmasim *sim);

/**
 * cmasim_zone_get - numbers of zone slot @i (node-major order).
 * @sim: the instance.
 * @i: 0 .. cmasim_zone_count() - 1.
 * @info: out.
 * Mirrors: the /proc/zoneinfo fields.
 * Return: 0; -EINVAL for NULL; -ENOENT for @i out of range.
 */
CMASIM_EXPORT int cmasim_zone_get(const struct cmasim *sim, unsigned int i,
				  struct cmasim_zone_info *info);

/**
 * cmasim_pfn_to_zone - which zone slot spans @pfn.
 * @sim: the instance.
 * @pfn: a PFN.
 * Mirrors: page_zone(pfn_to_page(pfn)).
 * Return: the slot index (>= 0); -ENOENT when no zone spans @pfn or the
 * zones do not exist yet.
 */
CMASIM_EXPORT int cmasim_pfn_to_zone(const struct cmasim *sim,
				     cmasim_pfn_t pfn);

/**
 * cmasim_totalram_pages - totalram_pages().
 * @sim: the instance.
 * Mirrors: totalram_pages().
 * Return: managed pages of all zones (0 before the handover or for NULL).
 */
CMASIM_EXPORT uint64_t cmasim_totalram_pages(const struct cmasim *sim);

/**
 * cmasim_min_free_kbytes - the current vm.min_free_kbytes.
 * @sim: the instance.
 * Mirrors: the min_free_kbytes global.
 * Return: kbytes (0 before the allocator runs or for NULL).
 */
CMASIM_EXPORT int cmasim_min_free_kbytes(const struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_ZONE_H */
