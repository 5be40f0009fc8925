/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA contiguous layer (kernel/dma/contiguous.c): at boot the global
 * "reserved" area from cma= or the Kconfig size and the per-node areas;
 * at run time the allocations from them.  Its pointers live in struct
 * cms_dma (dma/mapping.h).
 */
#ifndef CMS_DMA_CONTIGUOUS_H
#define CMS_DMA_CONTIGUOUS_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/dma.h>

struct cmasim;
struct cmasim_cma;
struct cmasim_device;

/*
 * dma_contiguous_reserve(@limit): boot calls it once in the memblock
 * phase with the arch limit (x86: max_pfn_mapped << PAGE_SHIFT; arm64:
 * arm64_dma_phys_limit; arm: arm_dma_limit).  On 6.12 it first reserves
 * the numa_cma=/cma_pernuma= areas (DMA_NUMA_CMA); then the global area
 * from cma= (sim->dma->cmdline) or CMA_SIZE_SEL_*.  A failed reservation is
 * only the kernel's log lines (the kernel returns void).  No-op without
 * CMA or DMA_CMA.
 * Return: 0; -ENOMEM host memory exhausted.
 */
int cms_dma_contiguous_reserve(struct cmasim *sim, uint64_t limit);

/*
 * Whether dma_contiguous_default_area is set; if so *base and *size (bytes;
 * size 0 after a failed activation) describe it.  Either pointer may be
 * NULL.
 */
bool cms_dma_contiguous_default_area(const struct cmasim *sim, uint64_t *base,
				     uint64_t *size);

/*
 * 6.1 dma_pernuma_cma_reserve(): one "pernuma%d" area per online node of
 * cma_pernuma= bytes.  Only arm64 calls it in 6.1 (bootmem_init, before
 * sparse_init and dma_contiguous_reserve); no-op on 6.12 (its
 * dma_contiguous_reserve does the per-node work) or without
 * DMA_PERNUMA_CMA.
 */
void cms_dma_pernuma_cma_reserve(struct cmasim *sim);

/*
 * dma_contiguous_reserve_area(): cma_declare_contiguous(base, size, limit,
 * 0, 0, fixed, "reserved").  Return: as cms_cma_declare_contiguous_nid.
 */
int cms_dma_contiguous_reserve_area(struct cmasim *sim, uint64_t size,
				    uint64_t base, uint64_t limit,
				    struct cmasim_cma **res_cma, bool fixed,
				    const char **why);

/* The CMA_SIZE_SEL_* default size in bytes (0: no default area). */
uint64_t cms_dma_contiguous_kconfig_size(struct cmasim *sim);

/*
 * dma_alloc_from_contiguous(dev, count, align, no_warn): the device's
 * area or the default one, align capped at CMA_ALIGNMENT.  @dev NULL is
 * the kernel's NULL device (the atomic pools).  Return: 0 and *@pfn;
 * -ENOENT no area; else as cms_cma_alloc().
 */
int cms_dma_alloc_from_contiguous(struct cmasim *sim,
				  struct cmasim_device *dev, uint64_t count,
				  unsigned int align, bool no_warn,
				  uint64_t *pfn);

/*
 * rmem_cma_setup(), the first RESERVEDMEM_OF_DECLARE entry for
 * "shared-dma-pool": a reusable region becomes CMA area @name.  With
 * cma= on the command line a linux,cma-default region is bypassed.
 * Return: 0 and *@out (linux,cma-default: also the default area);
 * -EBUSY bypassed; -EINVAL not reusable, no-map, or not aligned to
 * CMA_MIN_ALIGNMENT_BYTES; cma_init_reserved_mem()'s -ENOSPC / -EINVAL.
 * Each with the kernel's line.
 */
int cms_rmem_cma_setup(struct cmasim *sim, uint64_t base, uint64_t size,
		       const char *name, bool reusable, bool no_map,
		       bool cma_default, struct cmasim_cma **out);
/* rmem_cma_device_init(): dev->cma_area = the region's area */
void cms_rmem_cma_device_init(struct cmasim_device *dev,
			      struct cmasim_cma *cma);

/*
 * dma_alloc_contiguous() / dma_free_contiguous() for callers inside the
 * library (dma-direct): a device, a non-zero page-multiple size and known
 * flags, as the public calls check them.  Return: as the public calls.
 */
int cms_dma_alloc_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			     uint64_t size, unsigned int flags, uint64_t *pfn,
			     struct cmasim_cma **cma);
int cms_dma_free_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t pfn, uint64_t size);

#endif /* CMS_DMA_CONTIGUOUS_H */
