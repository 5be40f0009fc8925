/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-device coherent memory pools (kernel/dma/coherent.c): memory
 * declared for one device, handed out by dma_alloc_coherent() before any
 * other allocator is tried, and the global pool of CONFIG_DMA_GLOBAL_POOL
 * kernels.  A pool hands out power-of-two runs of pages, each aligned to
 * its own size.
 *
 * Addresses: a buffer's CPU address is its physical address (the
 * simulator maps nothing; the kernel's would be the memremap() of it),
 * and its DMA address is the pool's device base plus the same offset.
 */
#ifndef CMASIM_DMA_COHERENT_H
#define CMASIM_DMA_COHERENT_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_device;

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
 * cmasim_dma_declare_coherent_memory() - give @dev a pool of its own.
 * @sim: a running instance.  @dev: the device (borrowed).
 * @phys_addr: first byte.  @device_addr: the DMA address the device sees
 * for it.  @size: bytes (the pool has @size >> PAGE_SHIFT pages).
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
 * cmasim_dma_release_coherent_memory() - take @dev's pool away.
 * Return: 0; -EINVAL NULL @sim or @dev; -ENOENT @dev has no pool (the
 * kernel does nothing).  The device lets go of the pool; a pool still
 * held by a reserved-memory region survives (the kernel would free it
 * regardless).
 * Mirrors: dma_release_coherent_memory().
 */
CMASIM_EXPORT int cmasim_dma_release_coherent_memory(struct cmasim *sim,
		struct cmasim_device *dev);

/**
 * cmasim_dma_alloc_from_dev_coherent() - dma_alloc_coherent()'s first
 * step: a buffer from @dev's pool.
 * @size: bytes; get_order(@size) pages are taken, aligned to that order.
 * @dma_handle: DMA address.  @cpu_addr: CPU address.  Both untouched on
 * failure.
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
 * cmasim_dma_release_from_dev_coherent() - give a buffer back.
 * @order: get_order() of its size, as dma_free_coherent() passes it.
 * @cpu_addr: its CPU address.
 *
 * Clears 1 << @order pages from the page that holds @cpu_addr, whether
 * allocated or not, as the kernel does; Linux 6.1 clears them word by
 * word (__reg_op()), so a misaligned release clears what 6.1 would.
 * Return: 0 released (the kernel's 1); -ENOENT NULL @dev or no pool,
 * -ERANGE @cpu_addr outside the pool (both the kernel's 0: the caller
 * frees it elsewhere); -EINVAL NULL @sim or @order above 30.  Nothing is
 * kept of @cpu_addr.
 * Mirrors: dma_release_from_dev_coherent().
 */
CMASIM_EXPORT int cmasim_dma_release_from_dev_coherent(struct cmasim *sim,
		struct cmasim_device *dev, unsigned int order,
		cmasim_phys_addr_t cpu_addr);

/**
 * cmasim_dma_mmap_from_dev_coherent() - the bounds check of mapping a
 * pool buffer to user space.
 * @cpu_addr/@size: the buffer.  @pgoff: the vma's vm_pgoff (pages into
 * the buffer).  @user_pages: the vma's length in pages (> 0).
 * @pfn: the first pfn mapped; untouched on failure.
 *
 * Return: 0 (the kernel's 1 with remap_pfn_range() done); -ENXIO @pgoff
 * or @user_pages past the buffer (the kernel's 1 with *ret = -ENXIO);
 * -ENOENT NULL @dev or no pool, -ERANGE the buffer is not inside the pool
 * (both the kernel's 0: the caller maps it the generic way); -EINVAL NULL
 * @sim or @pfn, or @user_pages 0.  Nothing is mapped or kept: the
 * simulator has no user space.
 * Mirrors: dma_mmap_from_dev_coherent().
 */
CMASIM_EXPORT int cmasim_dma_mmap_from_dev_coherent(struct cmasim *sim,
		struct cmasim_device *dev, cmasim_phys_addr_t cpu_addr,
		uint64_t size, uint64_t pgoff, uint64_t user_pages,
		cmasim_pfn_t *pfn);

/**
 * cmasim_dma_init_global_coherent() - set the global pool
 * (dma_coherent_default_memory), replacing any earlier one.
 * @phys_addr/@size: as for cmasim_dma_declare_coherent_memory(); the
 * device base is the physical address through phys_to_dma().
 *
 * Only CONFIG_DMA_GLOBAL_POOL kernels have it (arm without an MMU,
 * hexagon, the Renesas RZ/Five riscv SoC; never x86_64 or arm64):
 * dma-direct then serves every non-coherent device from it.  It prints
 * "DMA: default coherent area is set".
 * Return: 0; -EINVAL NULL @sim, @size 0, a range past 2^64 or memremap()
 * refusing RAM; -ENOMEM as cmasim_dma_declare_coherent_memory(); -EPERM
 * before the page allocator runs.  The instance owns the pool.
 * Mirrors: dma_init_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_init_global_coherent(struct cmasim *sim,
		cmasim_phys_addr_t phys_addr, uint64_t size);

/**
 * cmasim_dma_alloc_from_global_coherent() - a buffer from the global pool.
 * @dev: the device (borrowed), may be NULL.  Others as
 * cmasim_dma_alloc_from_dev_coherent().
 * Return: 0; -ENOENT no global pool, -EINVAL @size 0 or NULL pointers,
 * -E2BIG larger than the pool, -ENOMEM no free run (all the kernel's
 * NULL).  The buffer stays the pool's until released.
 * Mirrors: dma_alloc_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_alloc_from_global_coherent(struct cmasim *sim,
		struct cmasim_device *dev, uint64_t size,
		uint64_t *dma_handle, cmasim_phys_addr_t *cpu_addr);

/**
 * cmasim_dma_release_from_global_coherent() - give a buffer back to the
 * global pool.
 * Return: 0 (the kernel's 1); -ENOENT no global pool, -ERANGE not in it
 * (the kernel's 0, on which dma-direct WARNs); -EINVAL NULL @sim or
 * @order above 30.  Nothing is kept of @cpu_addr.
 * Mirrors: dma_release_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_release_from_global_coherent(struct cmasim *sim,
		unsigned int order, cmasim_phys_addr_t cpu_addr);

/**
 * cmasim_dma_mmap_from_global_coherent() - the mmap bounds check against
 * the global pool.
 * Return: as cmasim_dma_mmap_from_dev_coherent(), -ENOENT meaning no
 * global pool.  Nothing is mapped or kept.
 * Mirrors: dma_mmap_from_global_coherent().
 */
CMASIM_EXPORT int cmasim_dma_mmap_from_global_coherent(struct cmasim *sim,
		cmasim_phys_addr_t cpu_addr, uint64_t size, uint64_t pgoff,
		uint64_t user_pages, cmasim_pfn_t *pfn);

/**
 * cmasim_dma_coherent_get_info() - a pool's state.
 * @dev: the device whose pool to read, or NULL for the global pool.
 * @info: filled on success.
 * Return: 0; -ENOENT no such pool; -EINVAL NULL @sim or @info.  @info is
 * the caller's; it holds no pointer into the instance.
 * Mirrors: the fields of struct dma_coherent_mem (kernel/dma/coherent.c).
 */
CMASIM_EXPORT int cmasim_dma_coherent_get_info(const struct cmasim *sim,
		const struct cmasim_device *dev,
		struct cmasim_dma_coherent_info *info);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_DMA_COHERENT_H */
