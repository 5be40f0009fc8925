/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA atomic pools of kernel/dma/pool.c: one pool per gfp zone class
 * (GFP_KERNEL, GFP_DMA, GFP_DMA32), filled once at postcore_initcall time,
 * from the default CMA area when it lies inside the pool's zone.
 */
#ifndef CMS_DMA_POOL_H
#define CMS_DMA_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "dma/mapping.h"

struct cmasim;

/* The %pGg text of a pool's gfp mask. */
const char *cms_dma_pool_gfp_name(enum cms_pool_zone zone);
/* The default size: 128 KiB per GiB of RAM, clamped (pages -> bytes). */
uint64_t cms_dma_pool_default_size(const struct cmasim *sim,
				   uint64_t totalram_pages);
/*
 * Whether the default CMA area [base, base + size) may feed the pool of
 * @zone (cma_in_zone()).
 */
bool cms_dma_pool_cma_in_zone(const struct cmasim *sim, enum cms_pool_zone zone,
			      uint64_t base, uint64_t size);
/* dma_atomic_pool_init(): 0, or -ENOMEM when a pool could not be filled. */
int cms_dma_atomic_pool_init(struct cmasim *sim);

/*
 * dma_alloc_from_pool(): @size bytes for @dev from the atomic pools, the
 * pool of @zone (CMASIM_DMA_ZONE_*, what dma_direct_optimal_gfp_mask()
 * gives) first.  Return: 0 and *@phys; -ENOMEM no pool has room the
 * device's coherent mask reaches (the kernel WARNs).
 */
int cms_dma_alloc_from_pool(struct cmasim *sim,
			    const struct cmasim_device *dev, uint64_t size,
			    unsigned int zone, uint64_t *phys);
/* dma_free_from_pool(): false when no pool holds the buffer. */
bool cms_dma_free_from_pool(struct cmasim *sim, uint64_t phys, uint64_t size);

#endif /* CMS_DMA_POOL_H */
