/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmstat counters the allocator maintains, as X-macro lists: per-zone
 * counters (enum zone_stat_item and the NUMA items of
 * include/linux/mmzone.h) and global events (enum vm_event_item of
 * include/linux/vm_event_item.h).  Names are the /proc/vmstat names.
 */
#ifndef CMS_STATS_H
#define CMS_STATS_H

#include <stdint.h>

/* X(id, "name") : per-zone counters, in /proc/zoneinfo order. */
#define CMS_ZONE_STATS(X)				\
	X(NR_FREE_PAGES, "nr_free_pages")		\
	X(NR_ZONE_INACTIVE_ANON, "nr_zone_inactive_anon") \
	X(NR_ZONE_ACTIVE_ANON, "nr_zone_active_anon")	\
	X(NR_ZONE_INACTIVE_FILE, "nr_zone_inactive_file") \
	X(NR_ZONE_ACTIVE_FILE, "nr_zone_active_file")	\
	X(NR_ZONE_UNEVICTABLE, "nr_zone_unevictable")	\
	X(NR_ZONE_WRITE_PENDING, "nr_zone_write_pending") \
	X(NR_MLOCK, "nr_mlock")				\
	X(NR_BOUNCE, "nr_bounce")			\
	X(NR_ZSPAGES, "nr_zspages")			\
	X(NR_FREE_CMA_PAGES, "nr_free_cma")		\
	X(NR_UNACCEPTED, "nr_unaccepted")		\
	X(NUMA_HIT, "numa_hit")				\
	X(NUMA_MISS, "numa_miss")			\
	X(NUMA_FOREIGN, "numa_foreign")			\
	X(NUMA_INTERLEAVE_HIT, "numa_interleave")	\
	X(NUMA_LOCAL, "numa_local")			\
	X(NUMA_OTHER, "numa_other")

/* X(id, "name") : global events. */
#define CMS_EVENT_STATS(X)				\
	X(PGALLOC_DMA, "pgalloc_dma")			\
	X(PGALLOC_DMA32, "pgalloc_dma32")		\
	X(PGALLOC_NORMAL, "pgalloc_normal")		\
	X(PGALLOC_HIGH, "pgalloc_high")			\
	X(PGALLOC_MOVABLE, "pgalloc_movable")		\
	X(PGALLOC_DEVICE, "pgalloc_device")		\
	X(PGFREE, "pgfree")				\
	X(ALLOCSTALL, "allocstall")			\
	X(CMA_ALLOC_SUCCESS, "cma_alloc_success")	\
	X(CMA_ALLOC_FAIL, "cma_alloc_fail")

enum cms_zone_stat {
#define CMS_ZS_ENUM(id, name) CMS_ZS_##id,
	CMS_ZONE_STATS(CMS_ZS_ENUM)
#undef CMS_ZS_ENUM
	CMS_NR_ZONE_STAT
};

enum cms_event_stat {
#define CMS_EV_ENUM(id, name) CMS_EV_##id,
	CMS_EVENT_STATS(CMS_EV_ENUM)
#undef CMS_EV_ENUM
	CMS_NR_EVENT_STAT
};

const char *cms_zone_stat_name(enum cms_zone_stat id);
const char *cms_event_stat_name(enum cms_event_stat id);

#endif /* CMS_STATS_H */
