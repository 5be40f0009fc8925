/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reserved memory from a device tree, after a boot that had one (see
 * cmasim_machine_set_dt() in boot.h): the regions of /reserved-memory as
 * the kernel's table holds them (struct reserved_mem), what each became
 * (a CMA area, a per-device coherent pool, a restricted DMA pool, a plain
 * or no-map reservation, or nothing when its setup failed), and the
 * devices made from the nodes that name a region in "memory-region".
 */
#ifndef CMASIM_OF_H
#define CMASIM_OF_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_cma;
struct cmasim_device;

/** What a /reserved-memory region became. */
enum cmasim_rmem_kind {
	/** No setup function matched: the memory stays reserved. */
	CMASIM_RMEM_RESERVED = 0,
	/** The same, and no-map: not even in the linear map. */
	CMASIM_RMEM_NOMAP,
	/** rmem_cma_setup(): a CMA area named after the node. */
	CMASIM_RMEM_CMA,
	/** rmem_dma_setup(): a coherent pool for the devices naming it. */
	CMASIM_RMEM_COHERENT,
	/** rmem_swiotlb_setup(): a restricted DMA (bounce) pool. */
	CMASIM_RMEM_RESTRICTED,
	/**
	 * A setup function refused it ("compatible matching fail"): the
	 * memory was given back to the kernel.
	 */
	CMASIM_RMEM_FAILED,
};

/** One region of the kernel's reserved_mem[] table (read access). */
struct cmasim_rmem_info {
	const char *name;	/**< the node's name, "linux,cma" (borrowed) */
	const char *path;	/**< the node's path (borrowed) */
	cmasim_phys_addr_t base;
	/** Bytes; 0 for a 6.1 dynamic region that could not be placed. */
	uint64_t size;
	enum cmasim_rmem_kind kind;
	bool no_map;
	bool reusable;
	/** A static region whose reservation memblock refused. */
	bool reserve_failed;
	/** 0, or the error of the last setup function tried. */
	int init_err;
	/** CMASIM_RMEM_CMA: the area (borrowed), else NULL. */
	const struct cmasim_cma *cma;
	/**
	 * CMASIM_RMEM_COHERENT: the pool's pages and the pages handed out,
	 * both 0 until a device attached (the pool is made then).
	 */
	uint64_t pool_pages;
	uint64_t pool_used_pages;
	/** Devices bound to the region. */
	unsigned int nr_devices;
};

/** Called once per region; a non-zero return stops the walk. */
typedef int (*cmasim_rmem_fn)(const struct cmasim_rmem_info *info,
			      void *data);

/**
 * cmasim_for_each_rmem() - walk the reserved-memory table in the
 * kernel's order (6.1 and 6.12 both leave it sorted by base and size).
 * @sim: a booted instance.  @fn: called with each region; @info and its
 * strings are valid during the call only.  @data: passed to @fn.
 *
 * Return: 0 after the last region (none without a device tree); the
 * first non-zero value @fn returned; -EINVAL NULL @sim or @fn.  @fn may
 * call the getters of @sim (read-only calls).
 * Mirrors: the reserved_mem[] table of drivers/of/of_reserved_mem.c.
 */
CMASIM_EXPORT int cmasim_for_each_rmem(const struct cmasim *sim,
				       cmasim_rmem_fn fn, void *data);

/** A device made from a node with a memory-region property. */
struct cmasim_dt_device_info {
	/** Its name, as cmasim_device_find() knows it (borrowed). */
	const char *name;
	const char *node;	/**< the node's path (borrowed) */
	struct cmasim_device *dev;	/**< borrowed, valid until destroy */
	/** The region memory-region's first entry names, or NULL. */
	const char *region;
	/**
	 * of_reserved_mem_device_init()'s result: 0 bound (or the region is
	 * disabled); -ENODEV no region named; -EINVAL the region is not in
	 * the table or has nothing to bind (a plain or no-map reservation,
	 * a failed one); or the region's device_init error.
	 */
	int err;
	bool dma_coherent;	/**< of_dma_is_coherent() */
};

/** Called once per device; a non-zero return stops the walk. */
typedef int (*cmasim_dt_device_fn)(const struct cmasim_dt_device_info *info,
				   void *data);

/**
 * cmasim_for_each_dt_device() - walk the devices the boot made from the
 * device tree, in tree order.  Each was probed once, as a driver calling
 * of_reserved_mem_device_init() would: a CMA region became its
 * dev->cma_area, a coherent region its dev->dma_mem.
 * @sim: a booted instance.  @fn, @data: as cmasim_for_each_rmem().
 *
 * Return: 0 after the last device; the first non-zero value @fn
 * returned; -EINVAL NULL @sim or @fn.
 * Mirrors: of_reserved_mem_device_init_by_idx(dev, np, 0) at probe.
 */
CMASIM_EXPORT int cmasim_for_each_dt_device(const struct cmasim *sim,
					    cmasim_dt_device_fn fn,
					    void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_OF_H */
