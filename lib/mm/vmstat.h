/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmstat (mm/vmstat.c, include/linux/vmstat.h): the names of the
 * per-zone counters (enum cms_zone_stat, in mm/mmzone.h as enum
 * zone_stat_item is in include/linux/mmzone.h) and of the global events
 * (mm/vm_event_item.h), as /proc/vmstat prints them.  The allocator
 * updates the counters in place (zone->vm[], mm->ev[]).
 */
#ifndef CMS_VMSTAT_H
#define CMS_VMSTAT_H

#include "mm/mmzone.h"

const char *cms_zone_stat_name(enum cms_zone_stat id);
const char *cms_event_stat_name(enum cms_event_stat id);

#endif /* CMS_VMSTAT_H */
