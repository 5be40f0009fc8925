// SPDX-License-Identifier: GPL-2.0-only
/*
 * Looking zones up: the zone of a pfn, the zone type names, and the
 * public zone getters.  The role of mm/mmzone.c and the zone helpers of
 * include/linux/mmzone.h (page_zone, zone names of mm/page_alloc.c's
 * zone_names[]).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "core/instance.h"
#include "mm/mmzone.h"

static const char *const zone_type_names[CMS_ZONE_TYPE_COUNT] = {
	[CMS_ZONE_DMA] = "DMA",
	[CMS_ZONE_DMA32] = "DMA32",
	[CMS_ZONE_NORMAL] = "Normal",
	[CMS_ZONE_HIGHMEM] = "HighMem",
	[CMS_ZONE_MOVABLE] = "Movable",
	[CMS_ZONE_DEVICE] = "Device",
};

const char *cms_zone_type_name(enum cms_zone_type t)
{
	return zone_type_names[t];
}

struct cms_zone *cms_pfn_zone(struct cmasim *sim, uint64_t pfn)
{
	struct cms_mm *mm = sim->mm;
	struct cms_zone *z = mm->last_zone;

	if (z && pfn >= z->start_pfn && pfn < z->start_pfn + z->spanned)
		return z;
	if (!cms_free_area_init_done(sim))
		return NULL;
	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			z = &mm->nodes[n].zones[j];
			if (z->spanned && pfn >= z->start_pfn &&
			    pfn < z->start_pfn + z->spanned) {
				mm->last_zone = z;
				return z;
			}
		}
	return NULL;
}

/* ---- public getters ---- */

unsigned int cmasim_zone_count(const struct cmasim *sim)
{
	if (!sim || !cms_free_area_init_done(sim))
		return 0;
	return (unsigned int)(sim->mm->nr_nodes * sim->mm->nr_zones);
}

int cmasim_zone_get(const struct cmasim *sim, unsigned int i,
		    struct cmasim_zone_info *info)
{
	const struct cms_zone *z;

	if (!sim || !info)
		return -EINVAL;
	if (i >= cmasim_zone_count(sim))
		return -ENOENT;
	z = &sim->mm->nodes[i / sim->mm->nr_zones].zones[i % sim->mm->nr_zones];
	memset(info, 0, sizeof(*info));
	info->nid = z->node->nid;
	info->zone_idx = z->idx;
	info->name = z->name;
	info->start_pfn = z->start_pfn;
	info->spanned = z->spanned;
	info->present = z->present;
	info->managed = z->managed;
	info->cma = z->cma_pages;
	info->free = (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	info->free_cma = (uint64_t)z->vm[CMS_ZS_NR_FREE_CMA_PAGES];
	for (int w = 0; w < CMASIM_NR_WMARK; w++)
		info->wmark[w] = z->wmark[w];
	info->boost = z->watermark_boost;
	return 0;
}

int cmasim_pfn_to_zone(const struct cmasim *sim, cmasim_pfn_t pfn)
{
	const struct cms_mm *mm;

	if (!sim || !cms_free_area_init_done(sim))
		return -ENOENT;
	mm = sim->mm;
	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &mm->nodes[n].zones[j];

			if (z->spanned && pfn >= z->start_pfn &&
			    pfn < z->start_pfn + z->spanned)
				return n * mm->nr_zones + j;
		}
	return -ENOENT;
}

uint64_t cmasim_totalram_pages(const struct cmasim *sim)
{
	return sim ? sim->mm->totalram_pages : 0;
}
