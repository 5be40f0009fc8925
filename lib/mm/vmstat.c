// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmstat counters (mm/vmstat.c): names and the public reader.  The
 * allocator updates the counters in place (zone->vm[], mm->ev[]).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <cmasim/observe.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/vmstat.h"

static const char *const zone_stat_names[CMS_NR_ZONE_STAT] = {
#define CMS_ZS_NAME(id, name) [CMS_ZS_##id] = name,
	CMS_ZONE_STATS(CMS_ZS_NAME)
#undef CMS_ZS_NAME
};

static const char *const event_stat_names[CMS_NR_EVENT_STAT] = {
#define CMS_EV_NAME(id, name) [CMS_EV_##id] = name,
	CMS_EVENT_STATS(CMS_EV_NAME)
#undef CMS_EV_NAME
};

const char *cms_zone_stat_name(enum cms_zone_stat id)
{
	return zone_stat_names[id];
}

const char *cms_event_stat_name(enum cms_event_stat id)
{
	return event_stat_names[id];
}

int cmasim_stat_get(const struct cmasim *sim, const char *name,
		    uint64_t *value)
{
	const struct cms_mm *mm;

	if (!sim || !name || !value)
		return -EINVAL;
	mm = sim->mm;
	for (int i = 0; i < CMS_NR_ZONE_STAT; i++) {
		int64_t sum = 0;

		if (strcmp(name, zone_stat_names[i]))
			continue;
		for (int n = 0; n < mm->nr_nodes; n++)
			for (int z = 0; z < mm->nr_zones; z++)
				sum += mm->nodes[n].zones[z].vm[i];
		*value = sum < 0 ? 0 : (uint64_t)sum;
		return 0;
	}
	for (int i = 0; i < CMS_NR_EVENT_STAT; i++) {
		if (strcmp(name, event_stat_names[i]))
			continue;
		*value = mm->ev[i];
		return 0;
	}
	return -ENOENT;
}
