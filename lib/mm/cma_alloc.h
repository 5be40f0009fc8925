/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runtime half of mm/cma.c: cma_alloc() and cma_release() over an
 * area's bitmap, the busy-retry loop, the failure log lines, the per-area
 * page counters that sysfs shows.
 *
 * The loop works on a struct cms_cma_view: the few fields of an area it
 * reads and writes (the kernel's struct cma fields of the same names),
 * filled from the area by cms_cma_view_get().  Keeping the loop on a view
 * keeps it testable on a bare bitmap and keeps one narrow seam between the
 * area bookkeeping (lib/cma.c) and this file.
 */
#ifndef CMS_CMA_ALLOC_H
#define CMS_CMA_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

struct cmasim;

struct cms_cma_view {
	const char *name;
	uint64_t base_pfn;
	uint64_t count;			/* pages */
	unsigned int order_per_bit;
	uint64_t *bitmap;		/* count >> order_per_bit bits */
	/* the sysfs counters (mm/cma.h nr_pages_*), pages */
	uint64_t *nr_pages_succeeded;
	uint64_t *nr_pages_failed;
	uint64_t *nr_pages_released;
};

/* cma_bitmap_maxno(): bits in the area's bitmap. */
static inline uint64_t cms_cma_bitmap_maxno(const struct cms_cma_view *cma)
{
	return cma->count >> cma->order_per_bit;
}

/* cma_bitmap_pages_to_bits(): ALIGN(pages, 1 << opb) >> opb, wrapping. */
static inline uint64_t cms_cma_pages_to_bits(const struct cms_cma_view *cma,
					     uint64_t pages)
{
	uint64_t a = UINT64_C(1) << cma->order_per_bit;

	return ((pages + a - 1) & ~(a - 1)) >> cma->order_per_bit;
}

/*
 * Runtime CMA state of an instance: the debugfs allocation lists (per
 * area index) and bare areas.  A bare area is a bitmap with a name and a
 * pfn range and no pages behind it: the window search, the counters and
 * the files work on it exactly as on a real area, which is how the CMA
 * bitmap layer is tested and how scenarios without a page model run.
 */
struct cms_cma_bare {
	char name[64];			/* CMA_MAX_NAME */
	uint64_t base_pfn, count;
	unsigned int order_per_bit;
	uint64_t *bitmap;
	uint64_t nr_pages_succeeded, nr_pages_failed, nr_pages_released;
};

struct cms_cma_rt {
	GPtrArray *bare;		/* struct cms_cma_bare * */
	unsigned int nr_lists;
	GArray **mem;			/* per area: struct cms_cma_mem stack */
};

/* One debugfs `alloc` allocation (mm/cma_debug.c struct cma_mem). */
struct cms_cma_mem {
	uint64_t pfn;
	uint64_t n;
};

void cms_cma_rt_fini(struct cmasim *sim);
/*
 * Runtime invariants: on an active area with one page per bit, every set
 * bit is an allocated order-0 page that is not movable (what
 * alloc_contig_range left), and every debugfs `alloc` list entry lies in
 * set bits.  0 or -EUCLEAN (each break on the diagnostics channel).
 */
int cms_cma_rt_check(struct cmasim *sim);
/* The runtime state, created on first use. */
struct cms_cma_rt *cms_cma_rt(struct cmasim *sim);

/*
 * Add a bare area (see struct cms_cma_bare): 0; -EINVAL empty name,
 * count 0 or not a multiple of 1 << @order_per_bit; -EEXIST name taken;
 * -ENOMEM.  Bare areas come after the real areas in view order.
 */
int cms_cma_bare_add(struct cmasim *sim, const char *name, uint64_t base_pfn,
		     uint64_t count, unsigned int order_per_bit);

/* Number of areas a view can be had for, and the view of area @idx. */
unsigned int cms_cma_view_count(struct cmasim *sim);
int cms_cma_view_get(struct cmasim *sim, unsigned int idx,
		     struct cms_cma_view *view);
/* Index of the area called @name, or -ENOENT. */
int cms_cma_view_lookup(struct cmasim *sim, const char *name);

/*
 * cma_alloc(cma, count, align, no_warn) as the instance's kernel version
 * runs it.  Return: 0 and *@out_pfn; -ENOMEM (no window, count 0, count
 * above the area, empty area) or -EBUSY (the last window tried was busy)
 * or another errno alloc_contig_range() gave.  Counters, vmstat, log
 * lines and trace events as the kernel; explanations on the diagnostics
 * channel.
 */
int cms_cma_alloc(struct cmasim *sim, struct cms_cma_view *cma,
		  uint64_t count, unsigned int align, bool no_warn,
		  uint64_t *out_pfn);

/*
 * cma_release(): 0, or -EINVAL when @pfn lies outside the area (the
 * kernel returns false and touches nothing).
 */
int cms_cma_release(struct cmasim *sim, struct cms_cma_view *cma,
		    uint64_t pfn, uint64_t count);

/* Record "no free window" as the instance's last contiguous failure. */
void cms_cma_note_no_window(struct cmasim *sim, const struct cms_cma_view *cma,
			    uint64_t count, uint64_t largest);

#endif /* CMS_CMA_ALLOC_H */
