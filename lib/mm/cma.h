/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Contiguous Memory Allocator: the table of areas, their declaration
 * at boot (memblock phase), their activation by the core initcall, and
 * cma_alloc()/cma_release() at run time.  The role of mm/cma.h (struct
 * cma) and include/linux/cma.h; lib/mm/cma.c mirrors mm/cma.c,
 * lib/mm/cma_debug.c and lib/mm/cma_sysfs.c the files.
 */
#ifndef CMS_CMA_H
#define CMS_CMA_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/cma.h>

#include "core/fs_attr.h"

struct cmasim;

/* include/linux/cma.h CMA_MAX_NAME, terminator included. */
#define CMS_CMA_MAX_NAME 64

/*
 * One area, the kernel's struct cma.  <cmasim/cma.h> declares the tag
 * opaque, as include/linux/cma.h does, and this is its definition: the
 * handles users hold are these very structs.
 */
struct cmasim_cma {
	/* the instance whose table holds the area: handles are checked */
	const struct cmasim *owner;
	char name[CMS_CMA_MAX_NAME];
	uint64_t base_pfn;
	uint64_t count;			/* pages; 0 after a failed activation */
	unsigned int order_per_bit;	/* one bitmap bit covers 2^this pages */
	unsigned int page_shift;	/* the instance's, for the getters */
	/*
	 * The nid given to cma_declare_contiguous_nid() (NUMA_NO_NODE for
	 * cma_init_reserved_mem() areas).  6.12 prints it; neither version
	 * keeps it in struct cma, later work may use it for routing.
	 */
	int nid;
	bool reserve_pages_on_error;	/* cma_reserve_pages_on_error() */
	bool activated;			/* cma_activate_area() succeeded */
	/*
	 * Allocation bitmap in 64-bit words, allocated at activation; bit i
	 * (word i / 64, bit i % 64) covers pages
	 * [i << order_per_bit, (i + 1) << order_per_bit).
	 */
	uint64_t *bitmap;
	uint64_t bitmap_bits;		/* cma_bitmap_maxno(): count >> opb */
	/*
	 * mm/cma.h sysfs counters, in pages: the files alloc_pages_success,
	 * alloc_pages_fail and (6.12) release_pages_success.
	 */
	uint64_t nr_pages_succeeded;
	uint64_t nr_pages_failed;
	uint64_t nr_pages_released;
	/*
	 * mm/cma_debug.c: the allocations made through debugfs `alloc`,
	 * most recent last (struct cma's mem_head), struct cms_cma_mem.
	 * Created with the area.
	 */
	GArray *mem_head;
};

/* One debugfs `alloc` allocation (mm/cma_debug.c struct cma_mem). */
struct cms_cma_mem {
	uint64_t pfn;
	uint64_t n;
};

/*
 * The CMA state of an instance (the kernel's cma_areas[],
 * cma_area_count and the debugfs lists), created with the instance.
 */
struct cms_cma_state {
	unsigned int max_areas;		/* MAX_CMA_AREAS of the version */
	unsigned int area_count;	/* cma_area_count */
	struct cmasim_cma *areas;	/* max_areas slots */
	bool initcall_done;		/* cma_init_reserved_areas() ran */

	/* __pa(high_memory - 1) + 1, given by boot; see cma.c */
	bool highmem_start_set;
	uint64_t highmem_start;

	/*
	 * Why each failed window of the last cma_alloc() failed, in the
	 * order tried (struct cmasim_cma_window); the kernel keeps nothing.
	 */
	GArray *windows;

	/*
	 * Every declaration of the boot, in order (struct
	 * cmasim_cma_placement): what placed each area, or refused it.
	 */
	GArray *placements;

	/*
	 * What every cma_alloc() so far cost (cmasim_cma_get_stats()): the
	 * windows it tried, those it tried after a failed one (the
	 * cma_alloc_busy_retry events), and the simulated waiting a
	 * policy's busy_retry asked for.
	 */
	uint64_t nr_windows;
	uint64_t nr_busy_retries;
	uint64_t backoff_us;
};

/* The state's life (struct cmasim's cma member): 0 or -ENOMEM. */
int cms_cma_init(struct cmasim *sim);
void cms_cma_fini(struct cmasim *sim);
/*
 * Invariants of every area, 0 or -EUCLEAN (each break on diag): geometry,
 * totalcma_pages, bitmaps; on an active area with one page per bit,
 * every set bit is an allocated order-0 page that is not movable (what
 * alloc_contig_range left), and every debugfs `alloc` entry lies in set
 * bits.
 */
int cms_cma_check(struct cmasim *sim);

/* cma_bitmap_maxno(): bits in the area's bitmap. */
static inline uint64_t cms_cma_bitmap_maxno(const struct cmasim_cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

/* cma_bitmap_pages_to_bits(): ALIGN(pages, 1 << opb) >> opb, wrapping. */
static inline uint64_t cms_cma_pages_to_bits(const struct cmasim_cma *cma,
					     uint64_t pages)
{
	uint64_t a = UINT64_C(1) << cma->order_per_bit;

	return ((pages + a - 1) & ~(a - 1)) >> cma->order_per_bit;
}

/* Index of the area called @name, or -ENOENT. */
int cms_cma_lookup(const struct cmasim *sim, const char *name);

/*
 * The files of each area's directory, by index (core/fs_attr.h):
 * /sys/kernel/debug/cma/<area>/ (cma_debug.c) and /sys/kernel/mm/cma/<area>/
 * (cma_sysfs.c).
 */
extern const struct cms_kfs_file cms_cma_debugfs_files[];
extern const unsigned int cms_cma_debugfs_nr_files;
extern const struct cms_kfs_file cms_cma_sysfs_files[];
extern const unsigned int cms_cma_sysfs_nr_files;

/* CMA_MIN_ALIGNMENT_BYTES: PAGE_SIZE << pageblock_order. */
uint64_t cms_cma_min_alignment_bytes(const struct cmasim *sim);

/* Write @addr as the kernel's %pa does for the arch into @buf (>= 19). */
const char *cms_fmt_pa(const struct cmasim *sim, char *buf, uint64_t addr);

/*
 * The boundary between low and high memory that cma_declare_contiguous_nid
 * reads (__pa(high_memory - 1) + 1).  Boot sets it when it knows it
 * (x86: max_pfn << PAGE_SHIFT; arm64: memblock_end_of_DRAM() at
 * arm64_memblock_init; arm: arm_lowmem_limit).  Unset, it is
 * memblock_end_of_DRAM(), or on arm with HIGHMEM start of DRAM plus the
 * profile's lowmem size.
 */
void cms_cma_set_highmem_start(struct cmasim *sim, uint64_t addr);
uint64_t cms_cma_highmem_start(struct cmasim *sim);

/*
 * cma_declare_contiguous_nid() of the instance's version, messages and
 * all.  On failure *why (if not NULL) gets a static explanation.
 * Return: 0 and *res_cma; -ENOSPC no slot; -EINVAL bad size, alignment,
 * base or limit; -EBUSY fixed range already reserved; -ENOMEM no room.
 */
int cms_cma_declare_contiguous_nid(struct cmasim *sim, uint64_t base,
				   uint64_t size, uint64_t limit,
				   uint64_t alignment, unsigned int order_per_bit,
				   bool fixed, const char *name,
				   struct cmasim_cma **res_cma, int nid,
				   const char **why);

/*
 * cma_init_reserved_mem(): an area over already reserved memory.
 * Return: 0 and *res_cma; -ENOSPC no slot; -EINVAL size 0, not reserved,
 * or not aligned to CMA_MIN_ALIGNMENT_BYTES.
 */
int cms_cma_init_reserved_mem(struct cmasim *sim, uint64_t base,
			      uint64_t size, unsigned int order_per_bit,
			      const char *name, struct cmasim_cma **res_cma,
			      const char **why);

/*
 * cma_init_reserved_areas() (core_initcall): activate every declared
 * area over the page allocator.  Boot calls it once, after the buddy
 * handover.  Return: 0; -EALREADY it already ran; -EPERM areas exist but
 * memblock_free_all has not run (a cmasim bug: nothing is done); -EFAULT
 * an area has a pfn without a struct page, where the kernel crashes (the
 * areas after it are not activated).
 */
int cms_cma_activate_areas(struct cmasim *sim);

/*
 * cma_alloc(cma, count, align, no_warn) as the instance's kernel version
 * runs it.  Return: 0 and *@out_pfn; -ENOMEM (no window, count 0, count
 * above the area, inactive area) or -EBUSY (the last window tried was
 * busy) or another errno alloc_contig_range() gave.  Counters, vmstat,
 * log lines and trace events as the kernel; explanations on the
 * diagnostics channel.
 */
/*
 * Whether @cma is a handle of another instance than @sim; if so, says so
 * in one client-bug line naming @fn.  NULL is nobody's: false.
 */
bool cms_cma_foreign(struct cmasim *sim, const struct cmasim_cma *cma,
		     const char *fn);

int cms_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
		  uint64_t count, unsigned int align, bool no_warn,
		  uint64_t *out_pfn);

/*
 * cma_release(): 0; -EINVAL when @pfn lies outside the area (the kernel
 * returns false and touches nothing), or (a client bug) the range runs
 * past the area or holds a page cma_alloc did not give out.
 */
int cms_cma_release(struct cmasim *sim, struct cmasim_cma *cma,
		    uint64_t pfn, uint64_t count);

#endif /* CMS_CMA_H */
