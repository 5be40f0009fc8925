// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pageblock migratetypes: one byte per pageblock of each zone, the
 * simulator's form of the pageblock_flags bitmap of
 * mm/page_alloc.c (get/set_pfnblock_flags_mask) and
 * include/linux/pageblock-flags.h.  MIGRATE_ISOLATE is a value of the
 * type field, as in 6.1 and 6.12.
 */
#include "config.h"

#include <errno.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/mmzone.h"

static const char *const migratetype_names[CMS_MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

const char *cms_migratetype_name(int mt)
{
	return mt >= 0 && mt < CMS_MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

int cms_get_pageblock_migratetype(const struct cmasim *sim,
				  const struct cms_zone *z, uint64_t pfn)
{
	return z->pb[(pfn - z->pb_base) >> sim->pageblock_order];
}

void cms_set_pageblock_migratetype(struct cmasim *sim, struct cms_zone *z,
				   uint64_t pfn, int mt)
{
	z->pb[(pfn - z->pb_base) >> sim->pageblock_order] = (uint8_t)mt;
}

int cmasim_pageblock_migratetype(const struct cmasim *sim, cmasim_pfn_t pfn)
{
	int i;

	if (!sim)
		return -EINVAL;
	if (!cms_free_area_init_done(sim))
		return -EPERM;
	i = cmasim_pfn_to_zone(sim, pfn);
	if (i < 0)
		return i;
	return cms_get_pageblock_migratetype(sim,
		&sim->mm->nodes[i / sim->mm->nr_zones].zones[i % sim->mm->nr_zones],
		pfn);
}
