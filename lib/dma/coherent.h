/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-device coherent memory pools and the global pool: struct
 * dma_coherent_mem and the functions of kernel/dma/coherent.c (6.1 and
 * 6.12).  A device's pool hangs off struct cmasim_device (dev->dma_mem),
 * the global pool off struct cms_dma (dma_coherent_default_memory).
 *
 * We map nothing: the CPU address of a pool byte is its physical address
 * (the kernel's virt_base is memremap(phys_addr), which keeps the offset
 * within the page), so every range test the kernel makes on virtual
 * addresses is made on the same offsets here.  phys_to_dma() is the
 * identity: no device has dma-ranges (docs/differences.md).
 */
#ifndef CMS_DMA_COHERENT_H
#define CMS_DMA_COHERENT_H

#include <stdbool.h>
#include <stdint.h>

struct cmasim;
struct cmasim_device;

/* struct dma_coherent_mem */
struct cms_dma_coherent_mem {
	uint64_t virt_base;	/* the CPU address of the first byte */
	uint64_t device_base;	/* the device_addr it was declared with */
	uint64_t pfn_base;	/* PFN_DOWN(phys_addr) */
	int size;		/* pages: an int, as in the kernel */
	uint64_t *bitmap;	/* one bit per page, set = allocated */
	bool use_dev_dma_pfn_offset;
	/*
	 * Holders: a device's dma_mem, a reserved-memory region's priv, the
	 * global pointer.  The kernel never frees a shared pool; we free a
	 * pool when its last holder lets go.
	 */
	unsigned int refs;
};

/*
 * rmem_dma_setup()'s record of the linux,dma-default region (__initdata):
 * 6.1 keeps a pointer to the region, 6.12 its base and size.  The boot
 * owns it from the reserved-memory scan to the core initcall.
 */
struct cms_dma_reserved_default {
	bool region;		/* 6.1: dma_reserved_default_memory != NULL */
	uint64_t base;
	uint64_t size;
};

/*
 * dma_init_coherent_memory(): a pool of @size >> PAGE_SHIFT pages at
 * @phys_addr, which memremap(MEMREMAP_WC) must accept (no byte of System
 * RAM).  Return: 0 and *@out (one holder); -EINVAL size 0 or memremap()
 * refuses; -ENOMEM no host memory for the bitmap (the kernel's kzalloc /
 * bitmap_zalloc failing), with the kernel's "failed to init" line.
 */
int cms_dma_init_coherent_memory(struct cmasim *sim, uint64_t phys_addr,
				 uint64_t device_addr, uint64_t size,
				 bool use_dma_pfn_offset,
				 struct cms_dma_coherent_mem **out);

/* Another holder; drop one (the last frees the pool). NULL-safe. */
void cms_dma_coherent_get(struct cms_dma_coherent_mem *mem);
void cms_dma_coherent_put(struct cms_dma_coherent_mem *mem);

/*
 * dma_assign_coherent_memory(): -ENODEV no device; -EBUSY the device has
 * a pool already.  On success the device becomes a holder.
 */
int cms_dma_assign_coherent_memory(struct cmasim_device *dev,
				   struct cms_dma_coherent_mem *mem);

/* dma_get_device_base(): the DMA address of the pool's first page */
uint64_t cms_dma_get_device_base(const struct cmasim *sim,
				 const struct cms_dma_coherent_mem *mem);

/*
 * __dma_alloc_from_coherent(): get_order(@size) pages, aligned to their
 * own order (bitmap_find_free_region()).  Return: 0; -EINVAL size 0;
 * -E2BIG larger than the pool; -ENOMEM no free aligned run (both NULL in
 * the kernel, which then gives up: no fallback).
 */
int cms_dma_alloc_from_coherent(struct cmasim *sim,
				struct cms_dma_coherent_mem *mem, uint64_t size,
				uint64_t *dma_handle, uint64_t *cpu_addr);

/*
 * __dma_release_from_coherent(): 0 released; -ERANGE @cpu_addr is not in
 * the pool (the kernel's 0: the caller frees elsewhere); -EINVAL order.
 */
int cms_dma_release_from_coherent(struct cmasim *sim,
				  struct cms_dma_coherent_mem *mem,
				  unsigned int order, uint64_t cpu_addr);

/*
 * __dma_mmap_from_coherent(): 0 and *@pfn the first pfn mapped; -ERANGE
 * the buffer is not in the pool (the kernel's 0); -ENXIO @pgoff and
 * @user_pages do not fit the buffer (the kernel's 1 with *ret = -ENXIO).
 */
int cms_dma_mmap_from_coherent(struct cmasim *sim,
			       struct cms_dma_coherent_mem *mem,
			       uint64_t cpu_addr, uint64_t size,
			       uint64_t pgoff, uint64_t user_pages,
			       uint64_t *pfn);

/*
 * rmem_dma_setup() for a shared-dma-pool region: refuses a reusable
 * region (-EINVAL; it is CMA's), and on 32-bit arm one without no-map;
 * notes linux,dma-default in @dflt, which is NULL when the kernel has no
 * CONFIG_DMA_GLOBAL_POOL (x86_64, arm64, arm with an MMU: the property is
 * then ignored); prints "created DMA memory pool".
 */
int cms_rmem_dma_setup(struct cmasim *sim, uint64_t base, uint64_t size,
		       bool reusable, bool no_map, bool dma_default,
		       struct cms_dma_reserved_default *dflt);

/*
 * dma_init_reserved_memory(), the core initcall: -ENOMEM no default region
 * noted (6.1: none; 6.12: none of non-zero size), else as
 * dma_init_global_coherent().
 */
int cms_dma_init_reserved_memory(struct cmasim *sim,
				 const struct cms_dma_reserved_default *dflt);

/*
 * rmem_dma_device_init(): the region's pool is made on first use and kept
 * in *@priv (one holder), then assigned to @dev; warns when it lies past
 * the device's coherent mask or bus limit.  rmem_dma_device_release():
 * the device lets go of its pool.
 */
int cms_rmem_dma_device_init(struct cmasim *sim, uint64_t base, uint64_t size,
			     struct cms_dma_coherent_mem **priv,
			     struct cmasim_device *dev);
void cms_rmem_dma_device_release(struct cmasim_device *dev);

/* A pool's state for the views (cmasim_dma_coherent_get_info()). */
struct cmasim_dma_coherent_info;
void cms_dma_coherent_mem_info(const struct cmasim *sim,
			       const struct cms_dma_coherent_mem *mem,
			       struct cmasim_dma_coherent_info *info);

/* cms_dma_coherent_fini() is declared in dma/mapping.h, for cms_dma_fini(). */

#endif /* CMS_DMA_COHERENT_H */
