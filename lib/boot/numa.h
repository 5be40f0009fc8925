/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NUMA setup at boot (arch/x86/mm/numa.c numa_init(); 6.12 moved its
 * memblock part to mm/numa_memblks.c): the firmware's node ranges, or one
 * faked node, cleaned up and merged, registered with memblock, the node
 * states set and NODE_DATA allocated.  arm64's arch_numa_init() shares it.
 */
#ifndef CMS_BOOT_NUMA_H
#define CMS_BOOT_NUMA_H

#include <stdbool.h>

struct cmasim;
struct cmasim_machine;

/*
 * numa_init() over @m's SRAT ranges (NUMA_NO_NODE: one faked node), into
 * sim->boot's blocks.  With @replay (a log's memblock steps, or arm64)
 * it prints nothing and neither sets memblock's node ids nor allocates
 * NODE_DATA.  Return: 0; -EINVAL overlapping nodes; memblock's -errno.
 */
int cms_numa_init(struct cmasim *sim, const struct cmasim_machine *m,
		  bool replay);

#endif /* CMS_BOOT_NUMA_H */
