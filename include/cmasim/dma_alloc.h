/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Simulated devices and their contiguous DMA allocations: the runtime
 * side of kernel/dma/contiguous.c.  A device has a DMA mask, a coherent
 * mask, a NUMA node and optionally its own CMA area; allocations route
 * through the device area, then (with DMA_NUMA_CMA / DMA_PERNUMA_CMA) the
 * node's areas, then the default area, as the selected kernel does.
 */
#ifndef CMASIM_DMA_ALLOC_H
#define CMASIM_DMA_ALLOC_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_cma;
/** A simulated device (owned by the instance). */
struct cmasim_device;

/**
 * cmasim_device_create() - add a simulated device.
 * @sim: instance.  @name: copied (at most 63 bytes).
 * @nid: NUMA node, or CMASIM_NUMA_NO_NODE.  @out: the device (borrowed:
 * valid until cmasim_destroy()).
 *
 * Both masks start at 32 bits, as a platform device's do.
 * Return: 0; -EINVAL NULL or overlong name, NULL @out, or a node the
 * instance cannot have; -EEXIST a device of that name exists.
 * Mirrors: the DMA fields of struct device (dma_mask, coherent_dma_mask,
 * numa_node, cma_area).
 */
CMASIM_EXPORT int cmasim_device_create(struct cmasim *sim, const char *name,
				       int nid, struct cmasim_device **out);

/**
 * cmasim_device_find() - look a device up by name.
 * Return: the device (borrowed), or NULL when none has that name.
 */
CMASIM_EXPORT struct cmasim_device *cmasim_device_find(struct cmasim *sim,
						       const char *name);

/**
 * cmasim_device_set_masks() - dma_set_mask_and_coherent() in two parts.
 * @dma_mask/@coherent_mask: DMA_BIT_MASK(n) values.
 * Return: 0; -EINVAL NULL device; -EIO a mask below what the platform's
 * lowest zone can satisfy (dma_direct_supported(): 24 bits on x86_64,
 * 32 elsewhere, unless all memory lies below the mask).
 * Mirrors: dma_set_mask() / dma_set_coherent_mask().
 */
CMASIM_EXPORT int cmasim_device_set_masks(struct cmasim *sim,
					  struct cmasim_device *dev,
					  uint64_t dma_mask,
					  uint64_t coherent_mask);

/**
 * cmasim_device_set_cma_area() - give @dev its own area (dev->cma_area,
 * as a memory-region phandle to a reusable shared-dma-pool does), or
 * none with @cma NULL.
 * Return: 0; -EINVAL NULL device.
 * Mirrors: dev->cma_area set by rmem_cma_device_init().
 */
CMASIM_EXPORT int cmasim_device_set_cma_area(struct cmasim *sim,
					     struct cmasim_device *dev,
					     struct cmasim_cma *cma);

/** cmasim_dma_alloc_contiguous() flag: the kernel's __GFP_NOWARN. */
#define CMASIM_DMA_NOWARN	0x1u
/** Non-blocking request (no __GFP_DIRECT_RECLAIM): CMA is never used. */
#define CMASIM_DMA_ATOMIC	0x2u
/** GFP_DMA / GFP_DMA32 in the request: the per-node areas are skipped. */
#define CMASIM_DMA_ZONE_DMA	0x4u
#define CMASIM_DMA_ZONE_DMA32	0x8u

/**
 * cmasim_dma_alloc_from_contiguous() - dma_alloc_from_contiguous().
 * @dev: device, or NULL for the kernel's NULL device (default area).
 * @count: pages.  @align: order, capped at CMA_ALIGNMENT.
 * @flags: CMASIM_DMA_NOWARN.  @pfn: first pfn on success.
 * Return: 0; -EINVAL bad argument; -ENOENT neither a device area nor a
 * default area; -ENOMEM / -EBUSY as cmasim_cma_alloc().
 * Mirrors: dma_alloc_from_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_alloc_from_contiguous(struct cmasim *sim,
						   struct cmasim_device *dev,
						   uint64_t count,
						   unsigned int align,
						   unsigned int flags,
						   cmasim_pfn_t *pfn);

/**
 * cmasim_dma_release_from_contiguous() - dma_release_from_contiguous().
 * Return: 0 released; -EINVAL bad argument; -ENOENT the pages are not in
 * the device's (or the default) area: the kernel returns false.
 * Mirrors: dma_release_from_contiguous().
 */
CMASIM_EXPORT int cmasim_dma_release_from_contiguous(struct cmasim *sim,
						     struct cmasim_device *dev,
						     cmasim_pfn_t pfn,
						     uint64_t count);

/**
 * cmasim_dma_alloc_contiguous() - dma_alloc_contiguous(dev, size, gfp).
 * @size: bytes (page-aligned, as dma-direct passes it).
 * @flags: CMASIM_DMA_*.  @pfn: first pfn.  @cma: if not NULL, the area
 * the pages came from (borrowed).
 *
 * Route: non-blocking requests never use CMA; a device area is used
 * alone; otherwise single pages are left to the buddy allocator; with
 * per-node areas (6.1 DMA_PERNUMA_CMA: pernuma only; 6.12 DMA_NUMA_CMA:
 * pernuma then numa) and a node and no zone flag they are tried first;
 * then the default area.  Alignment: min(get_order(size), CMA_ALIGNMENT).
 *
 * Return: 0; -EINVAL bad argument or size not page-aligned; -EAGAIN
 * non-blocking request; -ENOENT no area for this request (the kernel
 * returns NULL and dma-direct falls back to the buddy allocator);
 * -ENOMEM / -EBUSY the last area tried failed as cmasim_cma_alloc().
 * Mirrors: dma_alloc_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_alloc_contiguous(struct cmasim *sim,
					      struct cmasim_device *dev,
					      uint64_t size, unsigned int flags,
					      cmasim_pfn_t *pfn,
					      struct cmasim_cma **cma);

/**
 * cmasim_dma_free_contiguous() - dma_free_contiguous(dev, page, size).
 * Releases to the device area, or to the node's areas then the default
 * area; pages in none of them go to __free_pages(page, get_order(size)).
 * Return: 0; -EINVAL bad argument, or pages in no area that are not an
 * allocated block of get_order(@size) either.
 * Mirrors: dma_free_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_free_contiguous(struct cmasim *sim,
					     struct cmasim_device *dev,
					     cmasim_pfn_t pfn, uint64_t size);

/**
 * cmasim_dma_direct_alloc() - the page allocation of dma_alloc_coherent()
 * on a dma-direct device (__dma_direct_alloc_pages()).
 * @size: bytes (rounded up to pages).  @flags: CMASIM_DMA_NOWARN,
 * CMASIM_DMA_ATOMIC.  @pfn: first pfn.  @from_cma: if not NULL, set to
 * whether the pages came from a CMA area.
 *
 * The zone flag comes from the coherent mask (dma_direct_optimal_gfp_mask:
 * GFP_DMA at or below the DMA zone's limit, GFP_DMA32 at or below 4 GiB),
 * then dma_alloc_contiguous(); pages the device cannot address go back;
 * then the buddy allocator on the device's node, retrying with GFP_DMA32
 * and GFP_DMA while the pages are out of reach.
 * Return: 0; -EINVAL bad argument; -EPERM before the page allocator
 * runs; -ENOMEM nothing addressable could be had.
 * Mirrors: __dma_direct_alloc_pages() in kernel/dma/direct.c.
 */
CMASIM_EXPORT int cmasim_dma_direct_alloc(struct cmasim *sim,
					  struct cmasim_device *dev,
					  uint64_t size, unsigned int flags,
					  cmasim_pfn_t *pfn, bool *from_cma);

/**
 * cmasim_dma_direct_free() - free what cmasim_dma_direct_alloc() gave
 * (dma_free_contiguous(), which falls back to __free_pages()).
 * Return: as cmasim_dma_free_contiguous().
 * Mirrors: __dma_direct_free_pages() in kernel/dma/direct.c.
 */
CMASIM_EXPORT int cmasim_dma_direct_free(struct cmasim *sim,
					 struct cmasim_device *dev,
					 cmasim_pfn_t pfn, uint64_t size);

/** Which allocator served a dma_alloc_coherent() buffer. */
enum cmasim_dma_path {
	/** The device's own coherent pool (dev->dma_mem). */
	CMASIM_DMA_PATH_DEV_COHERENT = 0,
	/** The global coherent pool (CONFIG_DMA_GLOBAL_POOL kernels). */
	CMASIM_DMA_PATH_GLOBAL_COHERENT,
	/** A DMA atomic pool (non-blocking, not cache-coherent device). */
	CMASIM_DMA_PATH_ATOMIC_POOL,
	/** A CMA area (the device's, a node's or the default one). */
	CMASIM_DMA_PATH_CMA,
	/** The buddy allocator. */
	CMASIM_DMA_PATH_BUDDY,
};

/** A coherent buffer, as dma_alloc_coherent() hands it out. */
struct cmasim_dma_buffer {
	/** Its CPU address: the physical address (nothing is mapped). */
	cmasim_phys_addr_t phys;
	uint64_t dma_addr;	/**< the DMA address the device uses */
	uint64_t size;		/**< bytes, as asked */
	enum cmasim_dma_path path;
	/** CMASIM_DMA_PATH_CMA: the area (borrowed), else NULL. */
	const struct cmasim_cma *cma;
};

/**
 * cmasim_dma_alloc_coherent() - dma_alloc_coherent(dev, size, &dma, gfp).
 * @sim: a running instance.  @dev: the device (borrowed).  @size: bytes
 * (> 0).  @flags: CMASIM_DMA_NOWARN, CMASIM_DMA_ATOMIC (GFP_ATOMIC: no
 * sleeping, so no CMA).  @buf: the buffer; untouched on failure.
 *
 * In the kernel's order (kernel/dma/mapping.c dma_alloc_attrs(), then
 * dma_direct_alloc()): the device's coherent pool, with no fallback once
 * it has one; on a CONFIG_DMA_GLOBAL_POOL kernel the global pool for a
 * device that is not cache-coherent; a DMA atomic pool for a
 * non-blocking request of such a device (arm64 remaps the others); then
 * dma_alloc_contiguous() (the device's area, the node's, the default
 * one) and the buddy allocator in the zone the coherent mask needs.
 * Return: 0; -EINVAL bad argument; -EPERM before the page allocator
 * runs; -ENOMEM nothing could be had (a full coherent pool, an empty
 * atomic pool, no memory the mask reaches); -E2BIG larger than the
 * device's coherent pool; -EOPNOTSUPP a device bound to a
 * restricted-dma-pool (swiotlb_alloc() is not modelled).  The buffer is
 * the caller's until cmasim_dma_free_coherent().
 * Mirrors: dma_alloc_attrs() / dma_direct_alloc().
 */
CMASIM_EXPORT int cmasim_dma_alloc_coherent(struct cmasim *sim,
					    struct cmasim_device *dev,
					    uint64_t size, unsigned int flags,
					    struct cmasim_dma_buffer *buf);

/**
 * cmasim_dma_free_coherent() - dma_free_coherent(dev, size, cpu, dma).
 * @size: as given to the allocation.  @phys/@dma_addr: the buffer's.
 *
 * Each allocator is asked whether the buffer is its own, in the
 * kernel's order: the device's pool, the global pool, the atomic pools,
 * then dma_free_contiguous() (a CMA area, else __free_pages()).
 * Return: 0; -EINVAL bad argument, or pages none of them handed out;
 * -EOPNOTSUPP a restricted-dma-pool device.  Nothing is kept of @phys.
 * Mirrors: dma_free_attrs() / dma_direct_free().
 */
CMASIM_EXPORT int cmasim_dma_free_coherent(struct cmasim *sim,
					   struct cmasim_device *dev,
					   uint64_t size,
					   cmasim_phys_addr_t phys,
					   uint64_t dma_addr);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_DMA_ALLOC_H */
