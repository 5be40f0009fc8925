/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock: the boot-time allocator of mm/memblock.c.  Two sorted,
 * non-overlapping, merged region arrays (memory and reserved), with
 * flags and node ids, top-down or bottom-up search, current_limit.
 */
#ifndef CMS_MEMBLOCK_H
#define CMS_MEMBLOCK_H

#include <cmasim/memblock.h>

struct cmasim;

struct cms_memblock_region {
	uint64_t base;
	uint64_t size;
	uint32_t flags;		/* CMASIM_MEMBLOCK_* */
	int nid;
};

struct cms_memblock_type {
	unsigned long cnt;
	unsigned long max;
	uint64_t total_size;
	struct cms_memblock_region *regions;
	const char *name;
};

struct cms_memblock {
	bool bottom_up;
	bool debug;		/* memblock=debug */
	bool can_resize;	/* memblock_allow_resize() was called */
	uint64_t current_limit;
	struct cms_memblock_type memory;
	struct cms_memblock_type reserved;
};

/* Lifecycle, called by sim.c. */
int cms_memblock_init(struct cmasim *sim);
void cms_memblock_fini(struct cmasim *sim);
/* Invariants: sorted, non-overlapping, merged, totals; 0 or -EUCLEAN. */
int cms_memblock_check(struct cmasim *sim);

/*
 * The internal operations take a @caller string: what memblock=debug
 * prints for %pS (the kernel prints symbol+offset/size; we print the
 * name the caller gives).
 */
int cms_memblock_add_node(struct cmasim *sim, uint64_t base, uint64_t size,
			  int nid, uint32_t flags, const char *caller);
int cms_memblock_add(struct cmasim *sim, uint64_t base, uint64_t size,
		     const char *caller);
int cms_memblock_remove(struct cmasim *sim, uint64_t base, uint64_t size,
			const char *caller);
int cms_memblock_reserve(struct cmasim *sim, uint64_t base, uint64_t size,
			 const char *caller);
int cms_memblock_phys_free(struct cmasim *sim, uint64_t base, uint64_t size,
			   const char *caller);
/* Returns 0 or a negative errno; *out is the base found. */
int cms_memblock_alloc_range_nid(struct cmasim *sim, uint64_t size,
				 uint64_t align, uint64_t start, uint64_t end,
				 int nid, bool exact_nid, const char *caller,
				 uint64_t *out);
/* 0 means not found, as in the kernel. */
uint64_t cms_memblock_find_in_range_node(struct cmasim *sim, uint64_t size,
					 uint64_t align, uint64_t start,
					 uint64_t end, int nid, uint32_t flags);
bool cms_memblock_is_region_reserved(const struct cmasim *sim, uint64_t base,
				     uint64_t size);
uint64_t cms_memblock_start_of_DRAM(const struct cmasim *sim);
uint64_t cms_memblock_end_of_DRAM(const struct cmasim *sim);
uint64_t cms_memblock_phys_mem_size(const struct cmasim *sim);

/*
 * Free-range iteration (for_each_free_mem_range and its reverse): memory
 * minus reserved, for @nid (NUMA_NO_NODE for all) and @flags.
 * Start with *idx = 0 (forward) or *idx = UINT64_MAX (reverse); each call
 * returns true and fills start/end/nid, or false at the end.
 */
bool cms_memblock_next_free_range(const struct cmasim *sim, uint64_t *idx,
				  int nid, uint32_t flags, uint64_t *start,
				  uint64_t *end, int *out_nid);
bool cms_memblock_prev_free_range(const struct cmasim *sim, uint64_t *idx,
				  int nid, uint32_t flags, uint64_t *start,
				  uint64_t *end, int *out_nid);

#endif /* CMS_MEMBLOCK_H */
