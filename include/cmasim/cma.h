/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contiguous memory: CMA areas (mm/cma.c) declared in the early-boot
 * phase, read back, and allocated from at run time, with the reason each
 * window of a failed cma_alloc() was not had; and alloc_contig_range() /
 * free_contig_range() (mm/page_alloc.c), which cma_alloc() runs on each
 * window, with the reason a range could not be had, which the kernel
 * does not keep.
 *
 * An area is an opaque handle owned by the instance (the kernel's
 * struct cma, as include/linux/cma.h declares it): borrowed, valid until
 * cmasim_destroy(), never freed by the caller.  A call given an area of
 * another instance returns -EINVAL with one client-bug line (and changes
 * nothing).
 */
#ifndef CMASIM_CMA_H
#define CMASIM_CMA_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
/** A CMA area (the kernel's struct cma); borrowed from the instance. */
struct cmasim_cma;

/* ---- alloc_contig_range() and its failures ---- */

/** What blocked a contiguous range. */
enum cmasim_contig_reason {
	CMASIM_CONTIG_OK = 0,
	CMASIM_CONTIG_ISOLATED,		/**< a pageblock was already isolated */
	CMASIM_CONTIG_UNMOVABLE,	/**< an unmovable allocated page */
	CMASIM_CONTIG_RESERVED,		/**< a reserved page (memblock, hole) */
	CMASIM_CONTIG_PINNED,		/**< a long-term pinned page */
	CMASIM_CONTIG_MIGRATION_FAILED,	/**< migration failed 5 passes */
	CMASIM_CONTIG_NO_MEMORY,	/**< no free page to migrate to */
	CMASIM_CONTIG_BUSY,		/**< a page not free for another reason */
};

/** One failure, as the simulator explains it. */
struct cmasim_contig_failure {
	enum cmasim_contig_reason reason;
	int err;			/**< the errno returned */
	cmasim_pfn_t start, end;	/**< the range tried */
	cmasim_pfn_t pfn;		/**< the page that blocked it */
	uint32_t owner;			/**< its owner handle, if any */
	char text[160];			/**< one line, as on the diagnostics channel */
};

/**
 * cmasim_alloc_contig_range() - allocate pfns [@start, @end).
 * @sim: a running instance, borrowed for the call.
 * @start: first pfn.
 * @end: pfn after the last (> @start).
 * @migratetype: CMASIM_MIGRATE_CMA for a CMA range, CMASIM_MIGRATE_MOVABLE
 * otherwise.
 * @nowarn: the kernel's __GFP_NOWARN.
 *
 * Isolates the range's pageblocks, drains the per-cpu lists, drops clean
 * page cache, migrates movable pages (5 passes of up to 10 attempts
 * each), checks that every page is free, and takes them out of the buddy
 * allocator as order-0 pages; head and tail remainders of larger free
 * blocks go back.
 * Return: 0; -EINVAL NULL @sim, an empty range, another migratetype, or
 * a range not inside one zone; -EPERM before the page allocator runs;
 * -EBUSY a page could not be freed (cmasim_contig_last_failure() says
 * which and why); -ENOMEM no memory to migrate to.  The pages belong to
 * the caller until cmasim_free_contig_range().
 * Mirrors: alloc_contig_range() in mm/page_alloc.c.
 */
CMASIM_EXPORT int cmasim_alloc_contig_range(struct cmasim *sim,
					    cmasim_pfn_t start,
					    cmasim_pfn_t end, int migratetype,
					    bool nowarn);

/**
 * cmasim_free_contig_range() - give back @nr pages from @pfn.
 * @sim: a running instance, borrowed for the call.
 * @pfn: first pfn.
 * @nr: pages.
 *
 * Return: 0; -EINVAL NULL @sim, or a page of the range is not an
 * allocated order-0 page or a CMA area holds it (cmasim_cma_release()
 * gives those back; nothing is freed); -EPERM before the page
 * allocator runs.  The pages return to the instance.
 * Mirrors: free_contig_range().
 */
CMASIM_EXPORT int cmasim_free_contig_range(struct cmasim *sim,
					   cmasim_pfn_t pfn, uint64_t nr);

/**
 * cmasim_contig_last_failure() - why the last failed alloc_contig_range()
 * of the instance failed, whoever called it (also cma_alloc() on one of
 * its windows; cmasim_cma_alloc_window() lists those per call).
 * @sim: instance, borrowed for the call.
 * @out: filled with a copy; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @out; -ENOENT nothing failed yet.
 * @out is the caller's.
 * Mirrors: nothing (the kernel keeps no reason).
 */
CMASIM_EXPORT int cmasim_contig_last_failure(const struct cmasim *sim,
					     struct cmasim_contig_failure *out);

/* ---- Declaring areas (early boot) ---- */

/**
 * cmasim_cma_declare_contiguous_nid() - reserve a CMA area from memblock.
 * @sim: instance in its early-boot phase, borrowed for the call.
 * @base: wanted base address, 0 for any.
 * @size: bytes (> 0).
 * @limit: end address, 0 for the end of DRAM.
 * @alignment: 0 or a power of 2; raised to the pageblock size at least.
 * @order_per_bit: pages per bitmap bit, as an order.
 * @fixed: reserve exactly at @base (ignored when @base is 0).
 * @name: area name, copied (at most 63 characters); NULL gives "cma<N>"
 * with the newline the kernel's format leaves in it.
 * @nid: node to allocate from, or CMASIM_NUMA_NO_NODE.
 * @res_cma: the new area on success; untouched on failure.
 *
 * The kernel's messages go to dmesg ("cma: Reserved ...",
 * "cma: Failed to reserve ...", the CMA_DEBUG line).
 * Return: 0; -EPERM not in the early-boot phase; -EOPNOTSUPP CMA is
 * configured out; -ENOSPC every CMA_AREAS slot is used; -EINVAL NULL
 * @sim or @res_cma, @order_per_bit too large, @nid not a node id, @size
 * 0, @alignment not a power of 2, @fixed @base not aligned, size not a
 * multiple of 2^@order_per_bit pages, region across the low/high memory
 * boundary, or beyond @limit; -EBUSY @fixed range already reserved;
 * -ENOMEM no free memblock range fits.  *@res_cma is borrowed from @sim.
 * Mirrors: cma_declare_contiguous_nid() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_declare_contiguous_nid(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		cmasim_phys_addr_t limit, cmasim_phys_addr_t alignment,
		unsigned int order_per_bit, bool fixed, const char *name,
		int nid, struct cmasim_cma **res_cma);

/**
 * cmasim_cma_declare_contiguous() - cmasim_cma_declare_contiguous_nid()
 * with CMASIM_NUMA_NO_NODE.
 * @sim: instance in its early-boot phase, borrowed for the call.
 * @base: as for cmasim_cma_declare_contiguous_nid().
 * @size: as for cmasim_cma_declare_contiguous_nid().
 * @limit: as for cmasim_cma_declare_contiguous_nid().
 * @alignment: as for cmasim_cma_declare_contiguous_nid().
 * @order_per_bit: as for cmasim_cma_declare_contiguous_nid().
 * @fixed: as for cmasim_cma_declare_contiguous_nid().
 * @name: as for cmasim_cma_declare_contiguous_nid(); copied.
 * @res_cma: the new area on success; untouched on failure.
 *
 * Return: as cmasim_cma_declare_contiguous_nid() (no -EINVAL for @nid).
 * *@res_cma is borrowed from @sim.
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
 * @sim: instance in its early-boot phase, borrowed for the call.
 * @base: first byte, aligned to the pageblock size.
 * @size: bytes, aligned to the pageblock size.
 * @order_per_bit: pages per bitmap bit, as an order.
 * @name: copied; NULL gives "cma<N>" as above.
 * @res_cma: the new area on success; untouched on failure.
 *
 * Return: 0; -EPERM not in the early-boot phase; -EOPNOTSUPP CMA is
 * configured out; -ENOSPC no free slot; -EINVAL NULL @sim or @res_cma,
 * @order_per_bit too large, @size 0, range not (partly) reserved, or
 * @base/@size not pageblock aligned.  *@res_cma is borrowed from @sim.
 * Mirrors: cma_init_reserved_mem() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_init_reserved_mem(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		unsigned int order_per_bit, const char *name,
		struct cmasim_cma **res_cma);

/**
 * cmasim_cma_reserve_pages_on_error() - keep the area's pages reserved if
 * its activation fails, instead of giving them to the buddy allocator.
 * @sim: instance in its early-boot phase, borrowed for the call.
 * @cma: the area, borrowed.
 *
 * Return: 0; -EINVAL NULL @sim or @cma; -EOPNOTSUPP CMA is configured
 * out; -EPERM not in the early-boot phase.
 * Mirrors: cma_reserve_pages_on_error() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_reserve_pages_on_error(struct cmasim *sim,
						    struct cmasim_cma *cma);

/* ---- Why an area landed where it did ---- */

/** The searches a CMA declaration runs, in the kernel's terms. */
enum cmasim_cma_pass_kind {
	/** a fixed request: memblock_reserve() of exactly [base, base+size) */
	CMASIM_CMA_PASS_FIXED = 0,
	/** [highmem_start, limit) first, for an area that may go high */
	CMASIM_CMA_PASS_HIGHMEM,
	/**
	 * bottom-up from 4 GiB to the limit, on a top-down memblock whose
	 * end of DRAM lies at least size above 4 GiB (the lower bound is
	 * 4 GiB, not the requested base)
	 */
	CMASIM_CMA_PASS_ABOVE_4G,
	/** [base, limit) in memblock's own direction: the fallback */
	CMASIM_CMA_PASS_BELOW_LIMIT,
};

/** One memblock search of a declaration. */
struct cmasim_cma_pass {
	enum cmasim_cma_pass_kind kind;
	cmasim_phys_addr_t start;	/**< the range searched, bytes */
	cmasim_phys_addr_t end;
	bool bottom_up;			/**< the direction of the search */
	bool found;			/**< it gave a range (FIXED: reserved) */
	cmasim_phys_addr_t addr;	/**< the base it gave, if found */
};

/** Most passes one declaration runs (highmem, 4 GiB, fallback). */
#define CMASIM_CMA_MAX_PASSES 4

/** How the area's memory was chosen. */
enum cmasim_cma_origin {
	/** cma_declare_contiguous_nid() searched memblock for it */
	CMASIM_CMA_DECLARED = 0,
	/**
	 * cma_init_reserved_mem() on memory its caller had reserved
	 * (a device tree's reserved-memory node): no search of its own
	 */
	CMASIM_CMA_PRERESERVED,
};

/**
 * One CMA declaration, successful or not, as the placement code decided
 * it: the request, the rounding, the passes tried and the outcome.
 */
struct cmasim_cma_placement {
	enum cmasim_cma_origin origin;
	/** the area's name as asked for (NUL-terminated, may be cut) */
	char name[64];
	int nid;		/**< the node asked for (after the NUMA=n rule) */
	int err;		/**< 0, or the errno the declaration returned */
	/** on failure, the rule that refused it (static text), else NULL */
	const char *why;
	/** the area made, borrowed from the instance; NULL on failure */
	const struct cmasim_cma *cma;
	/** the arguments as given */
	cmasim_phys_addr_t req_base, req_size, req_limit, req_alignment;
	bool req_fixed;
	/** CMA_MIN_ALIGNMENT_BYTES: PAGE_SIZE << pageblock_order */
	cmasim_phys_addr_t min_alignment;
	/** max(req_alignment, min_alignment) */
	cmasim_phys_addr_t alignment;
	/** base and size rounded up, limit rounded down to @alignment */
	cmasim_phys_addr_t base, size, limit;
	/** false when @req_fixed was cleared (base 0 means anywhere) */
	bool fixed;
	/** memblock_end_of_DRAM(); a limit of 0 or above it becomes it */
	cmasim_phys_addr_t memblock_end;
	/** __pa(high_memory - 1) + 1, the low/high memory boundary */
	cmasim_phys_addr_t highmem_start;
	bool memblock_bottom_up;	/**< memblock's direction at the time */
	unsigned int nr_passes;
	struct cmasim_cma_pass passes[CMASIM_CMA_MAX_PASSES];
	/** where the area landed (0 on failure) */
	cmasim_phys_addr_t placed;
	/**
	 * whether the outcome has its own dmesg line ("cma: Reserved ...",
	 * "cma: Failed to reserve ...", or an error line of the rules);
	 * the declaration is recorded just before that line is logged
	 */
	bool logged;
};

/**
 * cmasim_cma_placement() - one CMA declaration of the boot, in order.
 * @sim: instance, borrowed for the call.
 * @idx: 0 for the first declaration (successful or failed).
 * @out: filled with a copy; untouched on failure.
 *
 * Every cma_declare_contiguous_nid() (cma=, numa_cma=, cma_pernuma=,
 * hugetlb_cma=, cmasim_cma_declare_contiguous_nid()) and every
 * cma_init_reserved_mem() of memory reserved by its caller is recorded
 * just before its outcome reaches dmesg, so a log handler that receives
 * the outcome line can read the record already.
 * Return: 0; -EINVAL NULL @sim or @out; -ENOENT @idx past the last.
 * @out is the caller's; its @cma is borrowed from @sim.
 * Mirrors: nothing (the kernel explains the base only with CMA_DEBUG,
 * through the arguments of its pr_debug line).
 */
CMASIM_EXPORT int cmasim_cma_placement(const struct cmasim *sim, size_t idx,
				       struct cmasim_cma_placement *out);

/* ---- Reading areas ---- */

/**
 * cmasim_cma_get_base() - the physical base address of an area.
 * @cma: the area, borrowed.
 *
 * Return: bytes; 0 for a NULL @cma.
 * Mirrors: cma_get_base().
 */
CMASIM_EXPORT cmasim_phys_addr_t cmasim_cma_get_base(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_size() - the size of an area.
 * @cma: the area, borrowed.
 *
 * Return: bytes (0 after a failed activation, and for a NULL @cma).
 * Mirrors: cma_get_size().
 */
CMASIM_EXPORT uint64_t cmasim_cma_get_size(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_base_pfn() - the first page frame number of an area.
 * @cma: the area, borrowed.
 *
 * Return: the pfn; 0 for a NULL @cma.
 * Mirrors: cma->base_pfn.
 */
CMASIM_EXPORT cmasim_pfn_t cmasim_cma_get_base_pfn(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_count() - the size of an area in pages.
 * @cma: the area, borrowed.
 *
 * Return: pages (0 after a failed activation, and for a NULL @cma).
 * Mirrors: cma->count.
 */
CMASIM_EXPORT uint64_t cmasim_cma_get_count(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_name() - the name of an area.
 * @cma: the area, borrowed.
 *
 * Return: the name, borrowed from @cma (it lives as long as the area);
 * NULL for a NULL @cma.
 * Mirrors: cma_get_name().
 */
CMASIM_EXPORT const char *cmasim_cma_get_name(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_order_per_bit() - pages per bitmap bit, as an order.
 * @cma: the area, borrowed.
 *
 * Return: the order; 0 for a NULL @cma.
 * Mirrors: cma->order_per_bit.
 */
CMASIM_EXPORT unsigned int cmasim_cma_get_order_per_bit(const struct cmasim_cma *cma);

/**
 * cmasim_cma_get_nid() - the node asked for at declaration.
 * @cma: the area, borrowed.
 *
 * Return: the node id, or CMASIM_NUMA_NO_NODE (also for a NULL @cma).
 * Mirrors: the nid argument of cma_declare_contiguous_nid().
 */
CMASIM_EXPORT int cmasim_cma_get_nid(const struct cmasim_cma *cma);

/**
 * cmasim_cma_is_active() - whether the area's activation succeeded.
 * @cma: the area, borrowed.
 *
 * Return: true once cma_init_reserved_areas() activated it; false for a
 * NULL @cma.
 * Mirrors: cma_activate_area()'s outcome.
 */
CMASIM_EXPORT bool cmasim_cma_is_active(const struct cmasim_cma *cma);

/**
 * cmasim_cma_area_count() - the number of declared areas.
 * @sim: instance, borrowed for the call.
 *
 * Return: the count.
 * Mirrors: cma_area_count.
 */
CMASIM_EXPORT unsigned int cmasim_cma_area_count(const struct cmasim *sim);

/**
 * cmasim_cma_max_areas() - how many areas the instance can hold.
 * @sim: instance, borrowed for the call.
 *
 * Return: MAX_CMA_AREAS as the instance's kernel version derives it
 * from CMA_AREAS.
 * Mirrors: MAX_CMA_AREAS.
 */
CMASIM_EXPORT unsigned int cmasim_cma_max_areas(const struct cmasim *sim);

/**
 * cmasim_cma_total_pages() - the pages given to CMA areas.
 * @sim: instance, borrowed for the call.
 *
 * Return: pages (the "cma-reserved" of the "Memory:" line, CmaTotal).
 * Mirrors: totalcma_pages.
 */
CMASIM_EXPORT uint64_t cmasim_cma_total_pages(const struct cmasim *sim);

/**
 * cmasim_cma_iter_fn - called for each area by cmasim_cma_for_each_area().
 * @cma: the area, borrowed for the call.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; that value is returned by the iteration.  The
 * callback may call getters only.
 */
typedef int (*cmasim_cma_iter_fn)(const struct cmasim_cma *cma, void *data);

/**
 * cmasim_cma_for_each_area() - call @fn for every area in declaration
 * order.
 * @sim: instance, borrowed for the call.
 * @fn: the callback; NULL does nothing.
 * @data: passed to @fn.
 *
 * Return: 0 after all areas, or the first non-zero value of @fn;
 * -EINVAL NULL @sim or @fn.
 * @data stays the caller's.
 * Mirrors: cma_for_each_area() in mm/cma.c.
 */
CMASIM_EXPORT int cmasim_cma_for_each_area(const struct cmasim *sim,
					   cmasim_cma_iter_fn fn, void *data);

/**
 * cmasim_cma_find() - the first area with a name.
 * @sim: instance.
 * @name: the name; NULL finds nothing.
 *
 * Return: the area, or NULL when none has that name.  The area is
 * borrowed from @sim.
 */
CMASIM_EXPORT struct cmasim_cma *cmasim_cma_find(const struct cmasim *sim,
						 const char *name);

/**
 * cmasim_cma_range_fn - called for each range by
 * cmasim_cma_for_each_used_range().
 * @pfn: the range's first pfn.  @count: its pages.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; that value is returned by the walk.  The
 * callback may call getters only.
 */
typedef int (*cmasim_cma_range_fn)(cmasim_pfn_t pfn, uint64_t count,
				   void *data);

/**
 * cmasim_cma_for_each_used_range() - call @fn for every run of set bits
 * of an area's allocation bitmap, lowest first, as pages: what
 * cma_alloc() handed out and cma_release() has not taken back.
 * @cma: the area, borrowed.
 * @fn: the callback.  @data: passed to @fn.
 *
 * An area that is not active has no bitmap and no range.
 * Return: 0 after the last range, or the first non-zero value of @fn;
 * -EINVAL NULL @cma or @fn.
 * Mirrors: for_each_set_bitrange() over cma->bitmap (the bits debugfs
 * `used` counts and `bitmap` prints, mm/cma_debug.c).
 */
CMASIM_EXPORT int cmasim_cma_for_each_used_range(const struct cmasim_cma *cma,
						 cmasim_cma_range_fn fn,
						 void *data);

/* ---- Run time: cma_alloc / cma_release ---- */

/** cmasim_cma_alloc() flag: no failure log line (the kernel's no_warn). */
#define CMASIM_CMA_NO_WARN 0x1u

/**
 * cmasim_cma_alloc() - allocate @count contiguous pages from a CMA area.
 * @sim: a running instance, borrowed for the call.
 * @cma: the area, borrowed.
 * @count: pages.
 * @align: alignment order of the first pfn.
 * @flags: CMASIM_CMA_*.
 * @out_pfn: first pfn on success; untouched on failure.
 *
 * Runs the selected version's loop: window search in the area's bitmap,
 * alloc_contig_range() on the window, on -EBUSY the next window from
 * bitmap_no + mask + 1, with no retry cap.  Counters, log lines and
 * trace events as the kernel's.
 * Return: 0; -EINVAL NULL argument, unknown flag or @align >= 64;
 * -ENOMEM no free window (also @count 0, @count beyond the area, an area
 * that is not active, as the kernel fails those), or no memory to migrate
 * to; -EBUSY the last window tried held pages that could not be migrated
 * (cmasim_cma_alloc_window() says which).  The pages belong to the caller
 * until cmasim_cma_release().
 * Mirrors: cma_alloc() in mm/cma.c (6.12: __cma_alloc()), which returns
 * NULL and loses the reason.
 */
CMASIM_EXPORT int cmasim_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
				   uint64_t count, unsigned int align,
				   unsigned int flags, cmasim_pfn_t *out_pfn);

/**
 * cmasim_cma_release() - give back pages from cmasim_cma_alloc().
 * @sim: instance, borrowed for the call.
 * @cma: the area, borrowed.
 * @pfn: first pfn.
 * @count: pages.
 *
 * Return: 0; -EINVAL NULL @sim or @cma, an area that is not active, @pfn
 * outside the area (the kernel returns false and frees nothing), or a
 * page of the range that cma_alloc() did not give out; -ERANGE the range
 * runs past the area's end (a VM_BUG_ON in the kernel).  The pages return
 * to the area.
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
 * cmasim_cma_alloc_window() - why one window of the last cma_alloc() (by
 * cmasim_cma_alloc(), debugfs `alloc`, or the DMA layer) failed.
 * @sim: instance, borrowed for the call.
 * @idx: 0 for the first window tried.  When the search ran off the
 * bitmap without ever finding a free window, the only entry says so
 * (CMASIM_CMA_NO_WINDOW, "no free window of N pages: largest is M"); a
 * successful call keeps the failed windows before its success.
 * @out: filled with a copy; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @out; -ENOENT @idx past the last failed
 * window (or no cma_alloc yet).  @out is the caller's.
 * Mirrors: nothing (the kernel's trace shows cma_alloc_busy_retry only).
 */
CMASIM_EXPORT int cmasim_cma_alloc_window(const struct cmasim *sim, size_t idx,
					  struct cmasim_cma_window *out);

/**
 * What contiguous allocation cost an instance so far: cma_alloc() calls
 * and their outcome (vmstat and the areas' sysfs counters), the windows
 * they tried, and the work alloc_contig_range() did behind them (the
 * migration counters, which only contiguous allocation moves).
 */
struct cmasim_cma_stats {
	/** cma_alloc() calls vmstat counted (cma_alloc_success + _fail) */
	uint64_t allocs;
	uint64_t allocs_ok;		/**< cma_alloc_success */
	uint64_t pages_ok;		/**< sysfs alloc_pages_success, summed */
	uint64_t pages_failed;		/**< sysfs alloc_pages_fail, summed */
	/** windows tried: alloc_contig_range() calls of cma_alloc() */
	uint64_t windows;
	/** windows tried after one failed (trace cma_alloc_busy_retry) */
	uint64_t busy_retries;
	/** simulated waiting a policy's busy_retry asked for */
	uint64_t backoff_us;
	uint64_t pages_migrated;	/**< pages moved by migration */
	uint64_t pages_dropped;		/**< clean page-cache pages reclaimed */
	uint64_t migrate_failures;	/**< migration attempts that failed */
};

/**
 * cmasim_cma_get_stats() - the contiguous allocation figures so far.
 * @sim: instance, borrowed for the call.
 * @st: filled with a copy; untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @st.  @st is the caller's.
 * Mirrors: vmstat cma_alloc_success/cma_alloc_fail, the sysfs page
 * counters, the cma_alloc_busy_retry events and pgmigrate_success/_fail.
 */
CMASIM_EXPORT int cmasim_cma_get_stats(const struct cmasim *sim,
				       struct cmasim_cma_stats *st);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_CMA_H */
