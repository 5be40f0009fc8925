/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CMA areas: the table of reserved contiguous areas, their declaration at
 * boot (memblock phase) and their activation by the core initcall.  The
 * role of mm/cma.h; lib/cma.c mirrors mm/cma.c.
 */
#ifndef CMS_CMA_H
#define CMS_CMA_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/cma.h>

struct cmasim;
struct cms_zone;

/* include/linux/cma.h CMA_MAX_NAME, terminator included. */
#define CMS_CMA_MAX_NAME 64

/*
 * One area, the kernel's struct cma.  Handles given to users
 * (struct cmasim_cma *) point at this struct.
 */
struct cms_cma_area {
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
};

/*
 * What activation needs from the page allocator.  Left NULL, activation
 * uses lib/zone.c and lib/buddy.c (cms_pfn_zone,
 * cms_init_cma_reserved_pageblock, cms_free_reserved_page) once sim->mm
 * exists; tests install fakes.  pfn_zone returns the zone of a pfn
 * (NULL: no memmap for it); init_cma_reserved_pageblock turns a reserved
 * pageblock into MIGRATE_CMA and frees it to the buddy;
 * free_reserved_page gives one reserved page to the buddy.
 */
struct cms_cma_page_ops {
	struct cms_zone *(*pfn_zone)(struct cmasim *sim, uint64_t pfn);
	void (*init_cma_reserved_pageblock)(struct cmasim *sim, uint64_t pfn);
	int (*free_reserved_page)(struct cmasim *sim, uint64_t pfn);
};

struct cms_cma_state {
	unsigned int max_areas;		/* MAX_CMA_AREAS of the version */
	unsigned int area_count;	/* cma_area_count */
	struct cms_cma_area *areas;	/* max_areas slots */
	bool initcall_done;		/* cma_init_reserved_areas() ran */

	/* __pa(high_memory - 1) + 1, given by boot; see cma.c */
	bool highmem_start_set;
	uint64_t highmem_start;

	struct cms_cma_page_ops page_ops;
};

/* The state, created on first use; NULL only when host memory ran out. */
struct cms_cma_state *cms_cma_state(struct cmasim *sim);
void cms_cma_fini(struct cmasim *sim);
/* Invariants of every area; 0 or -EUCLEAN (each break on diag). */
int cms_cma_check(struct cmasim *sim);

static inline struct cms_cma_area *cms_cma_area_of(const struct cmasim_cma *h)
{
	return (struct cms_cma_area *)(uintptr_t)h;
}

static inline const struct cmasim_cma *cms_cma_handle(const struct cms_cma_area *a)
{
	return (const struct cmasim_cma *)(const void *)a;
}

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
				   struct cms_cma_area **res_cma, int nid,
				   const char **why);

/*
 * cma_init_reserved_mem(): an area over already reserved memory.
 * Return: 0 and *res_cma; -ENOSPC no slot; -EINVAL size 0, not reserved,
 * or not aligned to CMA_MIN_ALIGNMENT_BYTES.
 */
int cms_cma_init_reserved_mem(struct cmasim *sim, uint64_t base,
			      uint64_t size, unsigned int order_per_bit,
			      const char *name, struct cms_cma_area **res_cma,
			      const char **why);

/*
 * cma_init_reserved_areas() (core_initcall): activate every declared
 * area through sim->cma->page_ops.  Boot calls it once, after the buddy
 * handover.  Without page_ops and without sim->mm (free_area_init did
 * not run) areas get their bitmaps only, with a diagnostic.  Return: 0; -EINVAL page_ops
 * partly installed (nothing is done); -EALREADY it already ran; -EFAULT
 * an area has a pfn without a struct page, where the kernel crashes.
 */
int cms_cma_activate_areas(struct cmasim *sim);

#endif /* CMS_CMA_H */
