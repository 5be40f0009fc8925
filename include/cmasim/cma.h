/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CMA areas (mm/cma.c): declaring them in the early-boot phase and
 * reading them back.  An area is an opaque handle owned by the instance.
 */
#ifndef CMASIM_CMA_H
#define CMASIM_CMA_H

#include <cmasim/contig.h>
#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
/** A CMA area (the kernel's struct cma); borrowed from the instance. */
struct cmasim_cma;

/**
 * cmasim_cma_declare_contiguous_nid() - reserve a CMA area from memblock.
 * @sim: instance in its early-boot phase.
 * @base: wanted base address, 0 for any.  @size: bytes (> 0).
 * @limit: end address, 0 for the end of DRAM.
 * @alignment: 0 or a power of 2; raised to pageblock size at least.
 * @order_per_bit: pages per bitmap bit, as an order.
 * @fixed: reserve exactly at @base (ignored when @base is 0).
 * @name: area name, copied (at most 63 characters); NULL gives "cma<N>"
 * with the newline the kernel's format leaves in it.
 * @nid: node to allocate from, or CMASIM_NUMA_NO_NODE.
 * @res_cma: the new area on success (borrowed); untouched on failure.
 *
 * The kernel's messages go to dmesg ("cma: Reserved ...",
 * "cma: Failed to reserve ...", the CMA_DEBUG line).
 *
 * Return: 0; -EPERM not in the early-boot phase; -EOPNOTSUPP CMA is
 * configured out; -ENOSPC every CMA_AREAS slot is used; -EINVAL @size 0,
 * @alignment not a power of 2, @fixed @base not aligned, size not a
 * multiple of 2^@order_per_bit pages, region across the low/high memory
 * boundary, or beyond @limit; -EBUSY @fixed range already reserved;
 * -ENOMEM no free memblock range fits.
 * Mirrors: cma_declare_contiguous_nid() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_declare_contiguous_nid(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		cmasim_phys_addr_t limit, cmasim_phys_addr_t alignment,
		unsigned int order_per_bit, bool fixed, const char *name,
		int nid, struct cmasim_cma **res_cma);

/**
 * cmasim_cma_declare_contiguous() - the same with CMASIM_NUMA_NO_NODE.
 *
 * Return: as cmasim_cma_declare_contiguous_nid().
 * Mirrors: cma_declare_contiguous() in include/linux/cma.h.
 */
CMASIM_EXPORT int cmasim_cma_declare_contiguous(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		cmasim_phys_addr_t limit, cmasim_phys_addr_t alignment,
		unsigned int order_per_bit, bool fixed, const char *name,
		struct cmasim_cma **res_cma);

/**
 * cmasim_cma_init_reserved_mem() - make a CMA area of memory the caller
 * already reserved with cmasim_memblock_reserve().
 * @sim: instance in its early-boot phase.  @base, @size: the range, both
 * aligned to the pageblock size.  @order_per_bit: pages per bitmap bit.
 * @name: copied; NULL gives "cma<N>" as above.
 * @res_cma: the new area (borrowed); untouched on failure.
 *
 * Return: 0; -EPERM not in the early-boot phase; -EOPNOTSUPP CMA is
 * configured out; -ENOSPC no free slot; -EINVAL @size 0, range not
 * (partly) reserved, or @base/@size not pageblock aligned.
 * Mirrors: cma_init_reserved_mem() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_init_reserved_mem(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		unsigned int order_per_bit, const char *name,
		struct cmasim_cma **res_cma);

/**
 * cmasim_cma_reserve_pages_on_error() - keep the area's pages reserved if
 * its activation fails, instead of giving them to the buddy allocator.
 *
 * Return: 0; -EPERM not in the early-boot phase; -EINVAL @cma NULL.
 * Mirrors: cma_reserve_pages_on_error() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_reserve_pages_on_error(struct cmasim *sim,
						    struct cmasim_cma *cma);

/** cmasim_cma_get_base() - physical base address of @cma. */
CMASIM_EXPORT cmasim_phys_addr_t cmasim_cma_get_base(const struct cmasim_cma *cma);
/** cmasim_cma_get_size() - size in bytes (0 after a failed activation). */
CMASIM_EXPORT uint64_t cmasim_cma_get_size(const struct cmasim_cma *cma);
/** cmasim_cma_get_base_pfn() - first page frame number of @cma. */
CMASIM_EXPORT cmasim_pfn_t cmasim_cma_get_base_pfn(const struct cmasim_cma *cma);
/** cmasim_cma_get_count() - size in pages (0 after a failed activation). */
CMASIM_EXPORT uint64_t cmasim_cma_get_count(const struct cmasim_cma *cma);
/** cmasim_cma_get_name() - the name (borrowed, lives as long as @cma). */
CMASIM_EXPORT const char *cmasim_cma_get_name(const struct cmasim_cma *cma);
/** cmasim_cma_get_order_per_bit() - pages per bitmap bit, as an order. */
CMASIM_EXPORT unsigned int cmasim_cma_get_order_per_bit(const struct cmasim_cma *cma);
/** cmasim_cma_get_nid() - the node asked for at declaration, or -1. */
CMASIM_EXPORT int cmasim_cma_get_nid(const struct cmasim_cma *cma);
/** cmasim_cma_is_active() - true once activation succeeded. */
CMASIM_EXPORT bool cmasim_cma_is_active(const struct cmasim_cma *cma);

/** cmasim_cma_area_count() - the number of declared areas. */
CMASIM_EXPORT unsigned int cmasim_cma_area_count(const struct cmasim *sim);
/** cmasim_cma_max_areas() - MAX_CMA_AREAS of the instance's version. */
CMASIM_EXPORT unsigned int cmasim_cma_max_areas(const struct cmasim *sim);
/** cmasim_cma_total_pages() - totalcma_pages ("cma-reserved", CmaTotal). */
CMASIM_EXPORT uint64_t cmasim_cma_total_pages(const struct cmasim *sim);

/**
 * cmasim_cma_iter_fn - called for each area by cmasim_cma_for_each_area().
 * Return non-zero to stop; that value is returned by the iteration.
 * The callback may call getters only.
 */
typedef int (*cmasim_cma_iter_fn)(const struct cmasim_cma *cma, void *data);

/**
 * cmasim_cma_for_each_area() - call @fn for every area in declaration
 * order.
 * Return: 0 after all areas, or the first non-zero value of @fn.
 * Mirrors: cma_for_each_area() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_for_each_area(const struct cmasim *sim,
					   cmasim_cma_iter_fn fn, void *data);

/**
 * cmasim_cma_find() - the first area whose name is @name.
 * Return: the area (borrowed), or NULL when none has that name.
 */
CMASIM_EXPORT struct cmasim_cma *cmasim_cma_find(const struct cmasim *sim,
						 const char *name);

/* ---- Runtime: cma_alloc / cma_release ---- */

/** cmasim_cma_alloc() flag: no failure log line (the kernel's no_warn). */
#define CMASIM_CMA_NO_WARN 0x1u

/**
 * cmasim_cma_alloc() - allocate @count contiguous pages from a CMA area.
 * @sim: simulator instance.  @cma: area (borrowed).  @count: pages.
 * @align: alignment order of the first pfn.  @flags: CMASIM_CMA_*.
 * @out_pfn: first pfn on success; untouched on failure.
 *
 * Runs the selected version's loop: window search in the area's bitmap,
 * alloc_contig_range() on the window, on -EBUSY the next window from
 * bitmap_no + mask + 1, with no retry cap.  Counters, log lines and
 * trace events as the kernel's.
 *
 * Return: 0; -EINVAL NULL argument, unknown flag or @align >= 64;
 * -ENOMEM no free window (also @count 0, @count beyond the area, or an
 * area that is not active, as the kernel fails those); -EBUSY the last
 * window tried held pages that could not be migrated (the diagnostics
 * channel says which).
 * Mirrors: cma_alloc() in mm/cma.c (6.12: __cma_alloc()), which returns
 * NULL and loses the reason.
 */
CMASIM_EXPORT int cmasim_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
				   uint64_t count, unsigned int align,
				   unsigned int flags, cmasim_pfn_t *out_pfn);

/**
 * cmasim_cma_release() - give back @count pages from @pfn to @cma.
 * @sim: simulator instance.  @cma: area (borrowed).
 *
 * Return: 0; -EINVAL NULL area, area not active, or @pfn outside the
 * area (the kernel returns false and frees nothing); -ERANGE the range
 * runs past the area's end (a VM_BUG_ON in the kernel).
 * Mirrors: cma_release() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_release(struct cmasim *sim, struct cmasim_cma *cma,
				     cmasim_pfn_t pfn, uint64_t count);

/** Why one window of a cma_alloc() was not had. */
enum cmasim_cma_window_reason {
	/** the window search ran off the bitmap before finding any */
	CMASIM_CMA_NO_WINDOW = 1,
	/** alloc_contig_range() failed on the window: see the contig field */
	CMASIM_CMA_CONTIG_FAILED,
};

/** One failed window of a cma_alloc(), as the simulator explains it. */
struct cmasim_cma_window {
	enum cmasim_cma_window_reason reason;
	int err;			/**< the errno of this window */
	/** the window's pfns; for CMASIM_CMA_NO_WINDOW the whole area */
	cmasim_pfn_t start, end;
	/** CMASIM_CMA_CONTIG_FAILED: alloc_contig_range()'s reason */
	struct cmasim_contig_failure contig;
	/** one line, as on the diagnostics channel */
	char text[160];
};

/**
 * cmasim_cma_alloc_window() - why window @idx of the last
 * cmasim_cma_alloc() (or debugfs `alloc`, or CMA allocation of the DMA
 * layer) failed.
 * @sim: simulator instance.
 * @idx: 0 for the first window tried.  When the search ran off the
 * bitmap without ever finding a free window, the only entry says so
 * (CMASIM_CMA_NO_WINDOW, "no free window of N pages: largest is M"); a
 * successful call keeps the failed windows before its success.
 * @out: filled; untouched on failure.
 * Return: 0; -ENOENT @idx past the last failed window (or no cma_alloc
 * yet); -EINVAL NULL argument.
 * Mirrors: nothing (the kernel's trace shows cma_alloc_busy_retry only).
 */
CMASIM_EXPORT int cmasim_cma_alloc_window(const struct cmasim *sim, size_t idx,
					  struct cmasim_cma_window *out);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_CMA_H */
