/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim vmstat counters: the per-zone counters (summed over zones)
 * and global events the page allocator maintains, by /proc/vmstat name.
 */
#ifndef CMASIM_STATS_H
#define CMASIM_STATS_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/**
 * cmasim_stat_get - read a vmstat counter by its /proc/vmstat name.
 * @sim: the instance.
 * @name: e.g. "nr_free_pages", "nr_free_cma", "pgalloc_normal", "pgfree".
 * @value: out, the counter (zone counters summed over all zones).
 *
 * Mirrors: global_zone_page_state() and the vm_event counters.
 * Return: 0; -EINVAL for a NULL argument; -ENOENT for an unknown name.
 */
CMASIM_EXPORT int cmasim_stat_get(const struct cmasim *sim, const char *name,
				  uint64_t *value);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_STATS_H */
