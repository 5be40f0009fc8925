/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA contiguous layer (kernel/dma/contiguous.c): the default CMA area
 * that cma= or the Kconfig size creates, and the per-node areas.
 */
#ifndef CMASIM_DMA_H
#define CMASIM_DMA_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_cma;

/**
 * cmasim_dma_contiguous_reserve_area() - declare a CMA area named
 * "reserved" as arch code does for a device.
 * @sim: instance in its early-boot phase.  @size: bytes.  @base: 0 for
 * any.  @limit: 0 for the end of DRAM.  @fixed: exactly at @base.
 * @res_cma: the new area (borrowed); untouched on failure.
 *
 * Return: 0; -EPERM not in the early-boot phase; -EOPNOTSUPP CMA or
 * DMA_CMA configured out; the errors of cmasim_cma_declare_contiguous()
 * (-ENOSPC, -EINVAL, -EBUSY, -ENOMEM).
 * Mirrors: dma_contiguous_reserve_area() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_contiguous_reserve_area(struct cmasim *sim,
		cmasim_phys_addr_t size, cmasim_phys_addr_t base,
		cmasim_phys_addr_t limit, bool fixed,
		struct cmasim_cma **res_cma);

/**
 * cmasim_dma_contiguous_default_area() - dma_contiguous_default_area.
 * Return: the global area (borrowed), or NULL when none was reserved.
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_default_area(const struct cmasim *sim);

/**
 * cmasim_dma_contiguous_pernuma_area() - the "pernuma<nid>" area of a
 * node (cma_pernuma=).
 * Return: the area (borrowed), or NULL (none, or @nid out of range).
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_pernuma_area(const struct cmasim *sim, int nid);

/**
 * cmasim_dma_contiguous_numa_area() - the "numa<nid>" area of a node
 * (numa_cma=, Linux 6.12).
 * Return: the area (borrowed), or NULL (none, or @nid out of range).
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_numa_area(const struct cmasim *sim, int nid);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_DMA_H */
