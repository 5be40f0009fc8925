/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA as a driver sees it (kernel/dma/): simulated devices and their
 * masks; the DMA contiguous layer (kernel/dma/contiguous.c), its default
 * CMA area that cma= or the Kconfig size creates and its per-node areas,
 * and the contiguous allocations routed through them; the page
 * allocation of dma-direct (kernel/dma/direct.c); and the per-device and
 * global coherent memory pools (kernel/dma/coherent.c).
 *
 * A device has a DMA mask, a coherent mask, a NUMA node and optionally
 * its own CMA area and coherent pool.  Contiguous allocations route
 * through the device area, then (with DMA_NUMA_CMA / DMA_PERNUMA_CMA) the
 * node's areas, then the default area, as the selected kernel does.
 *
 * Devices, areas and pools are owned by the instance: handles are
 * borrowed, valid until cmasim_destroy().  A call given a device or an
 * area of another instance returns -EINVAL with one client-bug line
 * (and changes nothing).
 */
#ifndef CMASIM_DMA_H
#define CMASIM_DMA_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_cma;
/** A simulated device (the DMA side of struct device); borrowed. */
struct cmasim_device;

/* ---- Devices ---- */

/**
 * cmasim_device_create() - add a simulated device.
 * @sim: instance, borrowed for the call.
 * @name: copied (at most 63 bytes).
 * @nid: NUMA node, or CMASIM_NUMA_NO_NODE.
 * @out: the device; untouched on failure.
 *
 * Both masks start at 32 bits, as a platform device's do.
 * Return: 0; -EINVAL NULL @sim or @out, NULL, empty or overlong @name,
 * or a node the instance cannot have; -EEXIST a device of that name
 * exists.  *@out is borrowed from @sim (valid until cmasim_destroy()).
 * Mirrors: the DMA fields of struct device (dma_mask, coherent_dma_mask,
 * numa_node, cma_area, dma_mem).
 */
CMASIM_EXPORT int cmasim_device_create(struct cmasim *sim, const char *name,
				       int nid, struct cmasim_device **out);

/**
 * cmasim_device_find() - look a device up by name.
 * @sim: instance, or NULL (finds nothing).
 * @name: the name, or NULL (finds nothing).
 *
 * Return: the device, or NULL when none has that name.  The device is
 * borrowed from @sim.
 */
CMASIM_EXPORT struct cmasim_device *
cmasim_device_find(const struct cmasim *sim, const char *name);

/**
 * cmasim_device_set_masks() - set both DMA masks of a device.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @dma_mask: a DMA_BIT_MASK(n) value for streaming DMA.
 * @coherent_mask: a DMA_BIT_MASK(n) value for coherent allocations.
 *
 * Return: 0; -EINVAL NULL @sim or @dev; -EIO a mask below what the
 * platform's lowest zone can satisfy (dma_direct_supported(): 24 bits on
 * x86_64, 32 elsewhere, unless all memory lies below the mask); the
 * masks are then left alone.
 * Mirrors: dma_set_mask() / dma_set_coherent_mask()
 * (dma_set_mask_and_coherent() in two parts).
 */
CMASIM_EXPORT int cmasim_device_set_masks(struct cmasim *sim,
					  struct cmasim_device *dev,
					  uint64_t dma_mask,
					  uint64_t coherent_mask);

/**
 * cmasim_device_set_cma_area() - give a device its own CMA area, as a
 * memory-region phandle to a reusable shared-dma-pool does, or none.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @cma: the area (borrowed from @sim), or NULL for none.
 *
 * Return: 0; -EINVAL NULL @sim or @dev.  The device refers to @cma; the
 * instance keeps owning both.
 * Mirrors: dev->cma_area set by rmem_cma_device_init().
 */
CMASIM_EXPORT int cmasim_device_set_cma_area(struct cmasim *sim,
					     struct cmasim_device *dev,
					     struct cmasim_cma *cma);

/* ---- The DMA contiguous layer's areas ---- */

/**
 * cmasim_dma_contiguous_reserve_area() - declare a CMA area named
 * "reserved" as arch code does for a device.
 * @sim: instance in its early-boot phase, borrowed for the call.
 * @size: bytes.
 * @base: 0 for any.
 * @limit: 0 for the end of DRAM.
 * @fixed: exactly at @base.
 * @res_cma: the new area; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @res_cma; -EPERM not in the early-boot
 * phase; -EOPNOTSUPP CMA or DMA_CMA configured out; the errors of
 * cmasim_cma_declare_contiguous(): -ENOSPC no free slot, -EINVAL bad
 * size, base or limit, -EBUSY @fixed range already reserved, -ENOMEM no
 * free memblock range fits.  *@res_cma is borrowed from @sim.
 * Mirrors: dma_contiguous_reserve_area() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_contiguous_reserve_area(struct cmasim *sim,
		cmasim_phys_addr_t size, cmasim_phys_addr_t base,
		cmasim_phys_addr_t limit, bool fixed,
		struct cmasim_cma **res_cma);

/**
 * cmasim_dma_contiguous_default_area() - the default area, which cma= or
 * the Kconfig size made at boot.
 * @sim: instance.
 *
 * Return: the area, or NULL when none was reserved.  The area is
 * borrowed from @sim.
 * Mirrors: dma_contiguous_default_area.
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_default_area(const struct cmasim *sim);

/**
 * cmasim_dma_contiguous_pernuma_area() - the "pernuma<nid>" area of a
 * node (cma_pernuma=).
 * @sim: instance.
 * @nid: node id.
 *
 * Return: the area, or NULL (none, or @nid out of range).  The area is
 * borrowed from @sim.
 * Mirrors: dma_contiguous_pernuma_area[nid].
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_pernuma_area(const struct cmasim *sim, int nid);

/**
 * cmasim_dma_contiguous_numa_area() - the "numa<nid>" area of a node
 * (numa_cma=, Linux 6.12).
 * @sim: instance.
 * @nid: node id.
 *
 * Return: the area, or NULL (none, or @nid out of range).  The area is
 * borrowed from @sim.
 * Mirrors: dma_contiguous_numa_area[nid].
 */
CMASIM_EXPORT struct cmasim_cma *
cmasim_dma_contiguous_numa_area(const struct cmasim *sim, int nid);

/* ---- Contiguous allocations ---- */

/** cmasim_dma_alloc_contiguous() flag: the kernel's __GFP_NOWARN. */
#define CMASIM_DMA_NOWARN	0x1u
/** Non-blocking request (no __GFP_DIRECT_RECLAIM): CMA is never used. */
#define CMASIM_DMA_ATOMIC	0x2u
/** GFP_DMA / GFP_DMA32 in the request: the per-node areas are skipped. */
#define CMASIM_DMA_ZONE_DMA	0x4u
#define CMASIM_DMA_ZONE_DMA32	0x8u

/**
 * cmasim_dma_alloc_from_contiguous() - pages from the device's area, or
 * the default area.
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), or NULL for the kernel's NULL device
 * (default area).
 * @count: pages.
 * @align: order, capped at CMA_ALIGNMENT.
 * @flags: CMASIM_DMA_NOWARN.
 * @pfn: first pfn on success; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @pfn, or an unknown flag; -ENOENT
 * neither a device area nor a default area; -ENOMEM / -EBUSY as
 * cmasim_cma_alloc().  The pages belong to the caller until
 * cmasim_dma_release_from_contiguous().
 * Mirrors: dma_alloc_from_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_alloc_from_contiguous(struct cmasim *sim,
						   struct cmasim_device *dev,
						   uint64_t count,
						   unsigned int align,
						   unsigned int flags,
						   cmasim_pfn_t *pfn);

/**
 * cmasim_dma_release_from_contiguous() - give back pages from
 * cmasim_dma_alloc_from_contiguous().
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), or NULL.
 * @pfn: first pfn.
 * @count: pages.
 *
 * Return: 0 released; -EINVAL NULL @sim, or pages of the area that
 * were not given out (a second release); -ENOENT the pages are not in
 * the device's (or the default) area: the kernel returns false.  The
 * pages return to the area.
 * Mirrors: dma_release_from_contiguous().
 */
CMASIM_EXPORT int cmasim_dma_release_from_contiguous(struct cmasim *sim,
						     struct cmasim_device *dev,
						     cmasim_pfn_t pfn,
						     uint64_t count);

/**
 * cmasim_dma_alloc_contiguous() - the CMA step of a coherent allocation.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @size: bytes, page-aligned (as dma-direct passes it).
 * @flags: CMASIM_DMA_*.
 * @pfn: first pfn on success; untouched on failure.
 * @cma: if not NULL, receives the area the pages came from (borrowed
 * from @sim).
 *
 * Route: non-blocking requests never use CMA; a device area is used
 * alone; otherwise single pages are left to the buddy allocator; with
 * per-node areas (6.1 DMA_PERNUMA_CMA: pernuma only; 6.12 DMA_NUMA_CMA:
 * pernuma then numa) and a node and no zone flag they are tried first;
 * then the default area.  Alignment: min(get_order(size), CMA_ALIGNMENT).
 * Return: 0; -EINVAL NULL @sim, @dev or @pfn, an unknown flag, or a size
 * that is 0 or not page-aligned; -EAGAIN non-blocking request; -ENOENT no
 * area for this request (the kernel returns NULL and dma-direct falls
 * back to the buddy allocator); -ENOMEM / -EBUSY the last area tried
 * failed as cmasim_cma_alloc().  The pages belong to the caller until
 * cmasim_dma_free_contiguous().
 * Mirrors: dma_alloc_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_alloc_contiguous(struct cmasim *sim,
					      struct cmasim_device *dev,
					      uint64_t size, unsigned int flags,
					      cmasim_pfn_t *pfn,
					      struct cmasim_cma **cma);

/**
 * cmasim_dma_free_contiguous() - give back pages of a coherent
 * allocation.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @pfn: first pfn.
 * @size: bytes (rounded up to pages).
 *
 * Releases to the device area, or to the node's areas then the default
 * area; pages in none of them go to __free_pages(page, get_order(size)).
 * Return: 0; -EINVAL NULL @sim or @dev, @size 0 or so large it wraps
 * when rounded up to pages, pages of an area that it did not give out
 * (a second free), or pages in no area that are not an allocated block
 * of get_order(@size) either; -EPERM pages in no area before the page
 * allocator runs.  The pages return to the instance.
 * Mirrors: dma_free_contiguous() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_dma_free_contiguous(struct cmasim *sim,
					     struct cmasim_device *dev,
					     cmasim_pfn_t pfn, uint64_t size);

/* ---- dma-direct ---- */

/**
 * cmasim_dma_direct_alloc() - the page allocation of dma_alloc_coherent()
 * on a dma-direct device.
 * @sim: a running instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @size: bytes (> 0, rounded up to pages).
 * @flags: CMASIM_DMA_NOWARN, CMASIM_DMA_ATOMIC.
 * @pfn: first pfn on success; untouched on failure.
 * @from_cma: if not NULL, set to whether the pages came from a CMA area.
 *
 * The zone flag comes from the coherent mask (dma_direct_optimal_gfp_mask:
 * GFP_DMA at or below the DMA zone's limit, GFP_DMA32 at or below 4 GiB),
 * then dma_alloc_contiguous(); pages the device cannot address go back;
 * then the buddy allocator on the device's node, retrying with GFP_DMA32
 * and GFP_DMA while the pages are out of reach.
 * Return: 0; -EINVAL NULL @sim, @dev or @pfn, @size 0 or so large it
 * wraps when rounded up to pages, or an unknown flag; -EPERM before the
 * page allocator runs; -ENOMEM nothing
 * addressable could be had.  The pages belong to the caller until
 * cmasim_dma_direct_free().
 * Mirrors: __dma_direct_alloc_pages() in kernel/dma/direct.c.
 */
CMASIM_EXPORT int cmasim_dma_direct_alloc(struct cmasim *sim,
					  struct cmasim_device *dev,
					  uint64_t size, unsigned int flags,
					  cmasim_pfn_t *pfn, bool *from_cma);

/**
 * cmasim_dma_direct_free() - free what cmasim_dma_direct_alloc() gave.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @pfn: first pfn.
 * @size: bytes, as given to cmasim_dma_direct_alloc().
 *
 * @size is rounded up to pages, then the pages go through
 * dma_free_contiguous(), which falls back to __free_pages().
 * Return: 0; -EINVAL and -EPERM as cmasim_dma_free_contiguous().  The
 * pages return to the instance.
 * Mirrors: __dma_direct_free_pages() in kernel/dma/direct.c.
 */
CMASIM_EXPORT int cmasim_dma_direct_free(struct cmasim *sim,
					 struct cmasim_device *dev,
					 cmasim_pfn_t pfn, uint64_t size);

/* ---- Coherent memory pools ---- */

/*
 * Per-device coherent memory pools: memory declared for one device,
 * handed out by dma_alloc_coherent() before any other allocator is tried,
 * and the global pool of CONFIG_DMA_GLOBAL_POOL kernels.  A pool hands
 * out power-of-two runs of pages, each aligned to its own size.
 *
 * Addresses: a buffer's CPU address is its physical address (the
 * simulator maps nothing; the kernel's would be the memremap() of it),
 * and its DMA address is the pool's device base plus the same offset.
 */

/** A coherent pool's state, for the views. */
struct cmasim_dma_coherent_info {
	cmasim_phys_addr_t phys_base;	/**< PFN_PHYS(pfn_base) */
	cmasim_phys_addr_t cpu_base;	/**< CPU address of the first byte */
	uint64_t device_base;		/**< DMA address of the first page */
	uint64_t pages;			/**< pool size in pages */
	uint64_t used_pages;		/**< pages handed out */
	bool use_dev_dma_pfn_offset;	/**< device base from phys_to_dma() */
};

/**
 * cmasim_dma_declare_coherent_memory() - give a device a pool of its own.
 * @sim: a running instance, borrowed for the call.
 * @dev: the device, borrowed.
 * @phys_addr: first byte.
 * @device_addr: the DMA address the device sees for it.
 * @size: bytes (the pool has @size >> PAGE_SHIFT pages).
 *
 * The range must hold no System RAM (memblock memory that is not
 * NOMAP): memremap(MEMREMAP_WC) refuses RAM, and the kernel WARNs.
 * Return: 0; -EINVAL NULL @sim, @size 0, a range past 2^64, or memremap()
 * refusing RAM (the kernel's -EINVAL from dma_init_coherent_memory());
 * -ENODEV @dev is NULL (the kernel checks it after making the pool);
 * -EBUSY @dev has a pool already (one per device); -ENOMEM the pool's
 * bitmap cannot be had (pages past INT_MAX, or host memory); -EPERM
 * before the page allocator runs.  The instance owns the pool.
 * Mirrors: dma_declare_coherent_memory() in kernel/dma/coherent.c.
 */
CMASIM_EXPORT int cmasim_dma_declare_coherent_memory(struct cmasim *sim,
		struct cmasim_device *dev, cmasim_phys_addr_t phys_addr,
		uint64_t device_addr, uint64_t size);

/**
 * cmasim_dma_release_coherent_memory() - take a device's pool away.
 * @sim: instance, borrowed for the call.
 * @dev: the device, borrowed.
 *
 * Return: 0; -EINVAL NULL @sim or @dev; -ENOENT @dev has no pool (the
 * kernel does nothing).  The device lets go of the pool; a pool still
 * held by a reserved-memory region survives, owned by the instance (the
 * kernel would free it regardless).
 * Mirrors: dma_release_coherent_memory().
 */
CMASIM_EXPORT int cmasim_dma_release_coherent_memory(struct cmasim *sim,
		struct cmasim_device *dev);

/**
 * cmasim_dma_alloc_from_dev_coherent() - dma_alloc_coherent()'s first
 * step: a buffer from the device's pool.
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), or NULL.
 * @size: bytes; get_order(@size) pages are taken, aligned to that order.
 * @dma_handle: DMA address; untouched on failure.
 * @cpu_addr: CPU address; untouched on failure.
 *
 * Return: 0; -ENOENT NULL @dev or no pool (the kernel's 0: dma_alloc
 * goes on to dma-direct); -EINVAL NULL @sim or out-pointer, or @size 0;
 * -E2BIG @size exceeds the whole pool, -ENOMEM no free run of that order
 * (both the kernel's 1 with a NULL buffer: dma_alloc_coherent() returns
 * NULL and does not fall back).  The buffer stays the pool's: give it
 * back with cmasim_dma_release_from_dev_coherent().
 * Mirrors: dma_alloc_from_dev_coherent() / __dma_alloc_from_coherent().
 */
CMASIM_EXPORT int cmasim_dma_alloc_from_dev_coherent(struct cmasim *sim,
		struct cmasim_device *dev, uint64_t size,
		uint64_t *dma_handle, cmasim_phys_addr_t *cpu_addr);

/**
 * cmasim_dma_release_from_dev_coherent() - give a buffer back to the
 * device's pool.
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), or NULL.
 * @order: get_order() of its size, as dma_free_coherent() passes it.
 * @cpu_addr: its CPU address.
 *
 * Clears 1 << @order pages from the page that holds @cpu_addr, whether
 * allocated or not, as the kernel does; Linux 6.1 clears them word by
 * word (__reg_op()), so a misaligned release clears what 6.1 would.
 * Return: 0 released (the kernel's 1); -ENOENT NULL @dev or no pool,
 * -ERANGE @cpu_addr outside the pool (both the kernel's 0: the caller
 * frees it elsewhere); -EINVAL NULL @sim or @order above 30.  The pages
 * return to the pool; nothing is kept of @cpu_addr.
 * Mirrors: dma_release_from_dev_coherent().
 */
CMASIM_EXPORT int cmasim_dma_release_from_dev_coherent(struct cmasim *sim,
		struct cmasim_device *dev, unsigned int order,
		cmasim_phys_addr_t cpu_addr);

/**
 * cmasim_dma_mmap_from_dev_coherent() - the bounds check of mapping a
 * pool buffer to user space.
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), or NULL.
 * @cpu_addr: the buffer's CPU address.
 * @size: the buffer's size in bytes.
 * @pgoff: the vma's vm_pgoff (pages into the buffer).
 * @user_pages: the vma's length in pages (> 0).
 * @pfn: the first pfn mapped; untouched on failure.
 *
 * Return: 0 (the kernel's 1 with remap_pfn_range() done); -ENXIO @pgoff
 * or @user_pages past the buffer (the kernel's 1 with *ret = -ENXIO);
 * -ENOENT NULL @dev or no pool, -ERANGE the buffer is not inside the pool
 * (both the kernel's 0: the caller maps it the generic way); -EINVAL NULL
 * @sim or @pfn, or @user_pages 0.  Nothing is mapped or kept: the
 * simulator has no user space; @pfn is the caller's.
 * Mirrors: dma_mmap_from_dev_coherent().
 */
CMASIM_EXPORT int cmasim_dma_mmap_from_dev_coherent(struct cmasim *sim,
		struct cmasim_device *dev, cmasim_phys_addr_t cpu_addr,
		uint64_t size, uint64_t pgoff, uint64_t user_pages,
		cmasim_pfn_t *pfn);

/**
 * cmasim_dma_init_global_coherent() - set the global pool, replacing any
 * earlier one.
 * @sim: a running instance, borrowed for the call.
 * @phys_addr: first byte; the device base is this address through
 * phys_to_dma().
 * @size: bytes.
 *
 * Only CONFIG_DMA_GLOBAL_POOL kernels have it (arm without an MMU,
 * hexagon, the Renesas RZ/Five riscv SoC; never x86_64 or arm64):
 * dma-direct then serves every non-coherent device from it.  It prints
 * "DMA: default coherent area is set".
 * Return: 0; -EINVAL NULL @sim, @size 0, a range past 2^64 or memremap()
 * refusing RAM; -ENOMEM as cmasim_dma_declare_coherent_memory(); -EPERM
 * before the page allocator runs.  The instance owns the pool.
 * Mirrors: dma_init_global_coherent() (dma_coherent_default_memory).
 */
CMASIM_EXPORT int cmasim_dma_init_global_coherent(struct cmasim *sim,
		cmasim_phys_addr_t phys_addr, uint64_t size);

/**
 * cmasim_dma_alloc_from_global_coherent() - a buffer from the global pool.
 * @sim: instance, borrowed for the call.
 * @dev: the device (borrowed), may be NULL; the kernel reads it only to
 * turn the buffer's address into a DMA address (phys_to_dma()).
 * @size: bytes; get_order(@size) pages are taken, aligned to that order.
 * @dma_handle: DMA address; untouched on failure.
 * @cpu_addr: CPU address; untouched on failure.
 *
 * Return: 0; -ENOENT no global pool; -EINVAL NULL @sim or out-pointer,
 * or @size 0; -E2BIG larger than the pool; -ENOMEM no free run (all the
 * kernel's NULL).  The buffer stays the pool's until released with
 * cmasim_dma_release_from_global_coherent().
 * Mirrors: dma_alloc_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_alloc_from_global_coherent(struct cmasim *sim,
		struct cmasim_device *dev, uint64_t size,
		uint64_t *dma_handle, cmasim_phys_addr_t *cpu_addr);

/**
 * cmasim_dma_release_from_global_coherent() - give a buffer back to the
 * global pool.
 * @sim: instance, borrowed for the call.
 * @order: get_order() of its size.
 * @cpu_addr: its CPU address.
 *
 * Return: 0 (the kernel's 1); -ENOENT no global pool, -ERANGE not in it
 * (the kernel's 0, on which dma-direct WARNs); -EINVAL NULL @sim or
 * @order above 30.  The pages return to the pool; nothing is kept of
 * @cpu_addr.
 * Mirrors: dma_release_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_release_from_global_coherent(struct cmasim *sim,
		unsigned int order, cmasim_phys_addr_t cpu_addr);

/**
 * cmasim_dma_mmap_from_global_coherent() - the mmap bounds check against
 * the global pool.
 * @sim: instance, borrowed for the call.
 * @cpu_addr: the buffer's CPU address.
 * @size: the buffer's size in bytes.
 * @pgoff: the vma's vm_pgoff.
 * @user_pages: the vma's length in pages (> 0).
 * @pfn: the first pfn mapped; untouched on failure.
 *
 * Return: as cmasim_dma_mmap_from_dev_coherent(), -ENOENT meaning no
 * global pool.  Nothing is mapped or kept; @pfn is the caller's.
 * Mirrors: dma_mmap_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_mmap_from_global_coherent(struct cmasim *sim,
		cmasim_phys_addr_t cpu_addr, uint64_t size, uint64_t pgoff,
		uint64_t user_pages, cmasim_pfn_t *pfn);

/**
 * cmasim_dma_coherent_get_info() - a pool's state.
 * @sim: instance, borrowed for the call.
 * @dev: the device whose pool to read (borrowed), or NULL for the global
 * pool.
 * @info: filled on success.
 *
 * Return: 0; -ENOENT no such pool; -EINVAL NULL @sim or @info.  @info is
 * the caller's; it holds no pointer into the instance.
 * Mirrors: the fields of struct dma_coherent_mem (kernel/dma/coherent.c).
 */
CMASIM_EXPORT int cmasim_dma_coherent_get_info(const struct cmasim *sim,
		const struct cmasim_device *dev,
		struct cmasim_dma_coherent_info *info);

/** One DMA atomic pool, for the views. */
struct cmasim_dma_pool_info {
	/** "atomic_pool_kernel", "atomic_pool_dma" or "atomic_pool_dma32"
	 * (static) */
	const char *name;
	/** its gfp mask as the boot line prints it, "GFP_KERNEL|GFP_DMA32"
	 * (static) */
	const char *gfp;
	cmasim_phys_addr_t phys_base;	/**< the pool's first byte */
	uint64_t size;			/**< bytes */
	uint64_t used_pages;		/**< pages handed out */
	bool from_cma;			/**< taken from the default CMA area */
};

/**
 * cmasim_dma_atomic_pool_get() - one of the DMA atomic pools.
 * @sim: instance, borrowed for the call.
 * @idx: 0 (GFP_KERNEL), 1 (GFP_DMA), 2 (GFP_DMA32).
 * @info: filled on success.
 *
 * Return: 0; -EINVAL NULL @sim or @info; -ENOENT @idx above 2, or that
 * pool was not made (no such zone, before the initcall, or it could not
 * be filled).  @info is the caller's; its strings are static.
 * Mirrors: atomic_pool_kernel, atomic_pool_dma and atomic_pool_dma32 of
 * kernel/dma/pool.c and their gen_pool chunk.
 */
CMASIM_EXPORT int cmasim_dma_atomic_pool_get(const struct cmasim *sim,
					     unsigned int idx,
					     struct cmasim_dma_pool_info *info);

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
 * @sim: a running instance.  @dev: the device the buffer was allocated
 * for (borrowed).
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
#endif /* CMASIM_DMA_H */
