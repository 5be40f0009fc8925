/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock, the boot-time physical memory allocator (mm/memblock.c).
 * Valid in the early-boot phase (before the buddy handover); afterwards the
 * mutating calls fail with -EPERM and a "client bug:" diagnostic.
 */
#ifndef CMASIM_MEMBLOCK_H
#define CMASIM_MEMBLOCK_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/* Region flags, with the kernel's values (include/linux/memblock.h). */
#define CMASIM_MEMBLOCK_NONE		0x0u
#define CMASIM_MEMBLOCK_HOTPLUG		0x1u
#define CMASIM_MEMBLOCK_MIRROR		0x2u
#define CMASIM_MEMBLOCK_NOMAP		0x4u
#define CMASIM_MEMBLOCK_DRIVER_MANAGED	0x8u
#define CMASIM_MEMBLOCK_RSRV_NOINIT	0x10u	/* 6.12 only */

/* Special @end values of the allocation calls. */
#define CMASIM_MEMBLOCK_ALLOC_ANYWHERE		(~(cmasim_phys_addr_t)0)
#define CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE	0
#define CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE	1

/** Which array a region query refers to. */
enum cmasim_memblock_type {
	CMASIM_MEMBLOCK_MEMORY = 0,
	CMASIM_MEMBLOCK_RESERVED,
};

/** A region as the caller sees it. */
struct cmasim_memblock_region {
	cmasim_phys_addr_t base;
	cmasim_phys_addr_t size;
	unsigned int flags;
	int nid;
};

CMASIM_EXPORT int cmasim_memblock_add(struct cmasim *sim,
				      cmasim_phys_addr_t base,
				      cmasim_phys_addr_t size);
CMASIM_EXPORT int cmasim_memblock_add_node(struct cmasim *sim,
					   cmasim_phys_addr_t base,
					   cmasim_phys_addr_t size, int nid,
					   unsigned int flags);
CMASIM_EXPORT int cmasim_memblock_remove(struct cmasim *sim,
					 cmasim_phys_addr_t base,
					 cmasim_phys_addr_t size);
CMASIM_EXPORT int cmasim_memblock_reserve(struct cmasim *sim,
					  cmasim_phys_addr_t base,
					  cmasim_phys_addr_t size);
CMASIM_EXPORT int cmasim_memblock_phys_free(struct cmasim *sim,
					    cmasim_phys_addr_t base,
					    cmasim_phys_addr_t size);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_MEMBLOCK_H */
