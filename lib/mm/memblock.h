/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock: the boot-time allocator of mm/memblock.c.  Two sorted,
 * non-overlapping, merged region arrays (memory and reserved), with
 * flags and node ids, top-down or bottom-up search, current_limit.
 */
#ifndef CMS_MEMBLOCK_H
#define CMS_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/memblock.h>

#include "core/instance.h"
#include "core/log.h"

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
	/*
	 * Simulated physical home of the array: 0 while it is the static
	 * __initdata array, else the block memblock_double_array() took.
	 */
	uint64_t array_base;
	/*
	 * Bytes memblock_trim_memory() cut from regions without lowering
	 * total_size (as the kernel does): total_size = sum + trim_excess.
	 */
	uint64_t trim_excess;
};

struct cms_memblock {
	/*
	 * What the profile and Kconfig answer never changes for an
	 * instance: cms_memblock_init() reads it once, so every path is
	 * chosen by a plain field here and the region loops carry no
	 * version or NUMA test (see the search in memblock.c).
	 */
	bool numa;			/* CONFIG_NUMA: regions carry a node */
	int max_nid;			/* MAX_NUMNODES */
	uint64_t phys_addr_max;		/* PHYS_ADDR_MAX of the arch */
	bool keeps_dummy_region;	/* 6.1: an empty array has cnt 1 */
	bool merges_whole_array;	/* 6.1 memblock_merge_regions() */
	unsigned int insert_spare;	/* 6.1: 1 more slot to insert at once */
	bool numa_valid_node;		/* 6.12: "any node" is any invalid nid */

	bool bottom_up;
	bool debug;		/* memblock=debug */
	bool can_resize;	/* memblock_allow_resize() was called */
	uint64_t current_limit;
	struct cms_memblock_type memory;
	struct cms_memblock_type reserved;
	bool movable_node;		/* movable_node: skip HOTPLUG regions */
	bool mirrored_kernelcore;	/* kernelcore=mirror: mark_mirror works */
	bool has_mirror;		/* system_has_some_mirror */
	/*
	 * 6.1 WARN_ONCE(nid == MAX_NUMNODES): one bit per call site
	 * (CMS_MB_WARN_*), each warns once.
	 */
	unsigned int warned_max_numnodes;
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
/*
 * memblock_alloc_range_nid(): returns 0 or -EINVAL/-ENOMEM/-EPERM; *out is
 * the base found (untouched on failure).  Like the kernel function it has
 * no memblock=debug line of its own: only "memblock_reserve: [..]
 * memblock_alloc_range_nid".  @caller (may be NULL) names the entry point
 * in diagnostics.  Under a 6.1 profile nid == MAX_NUMNODES warns once.
 */
int cms_memblock_alloc_range_nid(struct cmasim *sim, uint64_t size,
				 uint64_t align, uint64_t start, uint64_t end,
				 int nid, bool exact_nid, const char *caller,
				 uint64_t *out);
/* 0 means not found (or align not a power of two), as in the kernel. */
/*
 * memblock_find_in_range(): any node, mirrored memory first when the
 * system has some (then any, with the kernel's warning); 0 for none.
 */
uint64_t cms_memblock_find_in_range(struct cmasim *sim, uint64_t start,
				    uint64_t end, uint64_t size,
				    uint64_t align);
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

/* The kernel's memblock entry points with their memblock=debug lines. */
enum cms_memblock_alloc_variant {
	CMS_MB_ALLOC_TRY_NID = 0,	/* memblock_alloc_try_nid */
	CMS_MB_ALLOC_TRY_NID_RAW,	/* memblock_alloc_try_nid_raw */
	CMS_MB_ALLOC_EXACT_NID_RAW,	/* memblock_alloc_exact_nid_raw */
};

/* PHYS_ADDR_MAX of the arch (32-bit phys_addr_t on arm without LPAE). */
uint64_t cms_memblock_phys_addr_max(const struct cmasim *sim);
/* The kernel's memblock_get_region_node(): 0 without CONFIG_NUMA. */
int cms_memblock_region_nid(const struct cmasim *sim,
			    const struct cms_memblock_region *r);
/* memblock_add_node(base, size, nid, flags) is above; these follow. */
int cms_memblock_set_node(struct cmasim *sim, uint64_t base, uint64_t size,
			  bool reserved, int nid);
/* Flag set/clear on memory (or reserved for RSRV_NOINIT). */
int cms_memblock_setclr_flag(struct cmasim *sim, bool reserved, uint64_t base,
			     uint64_t size, bool set, uint32_t flag,
			     const char *caller);
/* memblock_phys_alloc_range: debug line, then alloc_range_nid(NUMA_NO_NODE). */
int cms_memblock_phys_alloc_range(struct cmasim *sim, uint64_t size,
				  uint64_t align, uint64_t start, uint64_t end,
				  const char *caller, uint64_t *out);
/* memblock_phys_alloc_try_nid: no debug line of its own. */
int cms_memblock_phys_alloc_try_nid(struct cmasim *sim, uint64_t size,
				    uint64_t align, int nid,
				    const char *caller, uint64_t *out);
/* memblock_alloc_try_nid{,_raw} / memblock_alloc_exact_nid_raw. */
int cms_memblock_alloc_nid(struct cmasim *sim,
			   enum cms_memblock_alloc_variant variant,
			   uint64_t size, uint64_t align, uint64_t min_addr,
			   uint64_t max_addr, int nid, const char *caller,
			   uint64_t *out);
uint64_t cms_memblock_reserved_size(const struct cmasim *sim);
bool cms_memblock_is_memory(const struct cmasim *sim, uint64_t addr);
bool cms_memblock_is_map_memory(const struct cmasim *sim, uint64_t addr);
bool cms_memblock_is_reserved(const struct cmasim *sim, uint64_t addr);
bool cms_memblock_is_region_memory(const struct cmasim *sim, uint64_t base,
				   uint64_t size);
/* memblock_search_pfn_nid(): nid or NUMA_NO_NODE; fills the pfn range. */
int cms_memblock_search_pfn_nid(const struct cmasim *sim, uint64_t pfn,
				uint64_t *start_pfn, uint64_t *end_pfn);
/*
 * The general iterator (__next_mem_range / __next_mem_range_rev):
 * @a is memory or reserved, @b (may be NULL) the type whose regions are
 * excluded.  Same *idx protocol as cms_memblock_next_free_range().
 */
bool cms_memblock_next_range(const struct cmasim *sim, uint64_t *idx,
			     bool reverse, int nid, uint32_t flags,
			     const struct cms_memblock_type *a,
			     const struct cms_memblock_type *b,
			     uint64_t *start, uint64_t *end, int *out_nid);
/*
 * for_each_mem_pfn_range(): start with *idx = -1; nid "all" is
 * MAX_NUMNODES (6.1) or any invalid node (6.12).
 */
bool cms_memblock_next_mem_pfn_range(const struct cmasim *sim, int *idx,
				     int nid, uint64_t *start_pfn,
				     uint64_t *end_pfn, int *out_nid);
/* memblock_validate_numa_coverage() (6.12), with its pr_err. */
bool cms_memblock_validate_numa_coverage(struct cmasim *sim,
					 uint64_t threshold_bytes);
/* memblock_estimated_nr_free_pages() (6.12) */
uint64_t cms_memblock_estimated_nr_free_pages(const struct cmasim *sim);
/* memblock_dump_all(): the dump when memblock=debug, else nothing. */
void cms_memblock_dump_all(struct cmasim *sim);
/* __memblock_dump_all(): the dump unconditionally. */
void cms_memblock_dump(struct cmasim *sim);
int cms_memblock_enforce_memory_limit(struct cmasim *sim, uint64_t limit);
int cms_memblock_cap_memory_range(struct cmasim *sim, uint64_t base,
				  uint64_t size);
int cms_memblock_mem_limit_remove_map(struct cmasim *sim, uint64_t limit);
int cms_memblock_trim_memory(struct cmasim *sim, uint64_t align);
/* sizeof(struct memblock_region) on the simulated machine. */
unsigned int cms_memblock_region_bytes(const struct cmasim *sim);

/* For memblock_api.c: -EPERM with a diagnostic after the handover. */
int cms_memblock_check_phase(struct cmasim *sim, const char *fn);
/* memblock_overlaps_region() on one array. */
bool cms_memblock_type_overlaps(const struct cmasim *sim,
				const struct cms_memblock_type *t,
				uint64_t base, uint64_t size);

/*
 * ---- Shared by mm/memblock.c and mm/memblock_alloc.c ----
 * The region arrays and their walks live in memblock.c; the searches and
 * the allocation entry points in memblock_alloc.c use them through these.
 */
/* SMP_CACHE_BYTES: L1_CACHE_BYTES, 64 on every modelled arch. */
#define CMS_MB_SMP_CACHE_BYTES	64

/* memblock_dbg(): pr_info() when memblock=debug */
#define cms_mb_dbg(sim, fmt, ...)					\
	do {								\
		if ((sim)->memblock->debug)				\
			cms_printk(sim, CMASIM_LOG_INFO, fmt, ##__VA_ARGS__); \
	} while (0)

/* MAX_NUMNODES */
static inline int cms_mb_max_numnodes(const struct cmasim *sim)
{
	return sim->memblock->max_nid;
}

static inline bool cms_mb_numa_valid_node(const struct cmasim *sim,
						int nid)
{
	return nid >= 0 && nid < cms_mb_max_numnodes(sim);
}

/* PHYS_ADDR_MAX, from the instance's memblock state */
static inline uint64_t cms_mb_phys_max(const struct cmasim *sim)
{
	return sim->memblock->phys_addr_max;
}

/* %pa: the value zero-padded to the width of phys_addr_t. */
struct cms_pa_buf {
	char s[24];
};

/* @v as %pa prints it, in @b; returns b->s. */
const char *cms_mb_pa(const struct cmasim *sim, struct cms_pa_buf *b,
			    uint64_t v);

/*
 * should_skip_region(), decided once per walk: the node test and the
 * four flag tests become a node and two masks, so a region costs a
 * compare and two mask tests.  Only memory regions are ever skipped.
 */
struct cms_mb_skip_filter {
	int nid;		/* the node wanted, unless any_nid */
	bool any_nid;
	uint32_t reject;	/* a region with any of these is skipped */
	uint32_t require;	/* a region without all of these is skipped */
};


void cms_mb_skip_filter_init(const struct cmasim *sim,
				   const struct cms_memblock_type *t,
				   struct cms_mb_skip_filter *f, int nid,
				   uint32_t flags);

static inline bool cms_mb_skip_region(const struct cms_mb_skip_filter *f,
					    const struct cms_memblock_region *m)
{
	return (!f->any_nid && m->nid != f->nid) || (m->flags & f->reject) ||
	       (m->flags & f->require) != f->require;
}

/* The first region of @t ending above @addr (a binary search). */
unsigned long cms_mb_first_ending_above(const struct cms_memblock_type *t,
					      uint64_t addr);
/* 6.1 takes MAX_NUMNODES for NUMA_NO_NODE; any other nid as it is. */
int cms_mb_fix_nid(const struct cmasim *sim, int nid);
/* memblock_add_range(): the new range may overlap; overlaps keep theirs. */
int cms_mb_add_range(struct cmasim *sim, struct cms_memblock_type *t,
			   uint64_t base, uint64_t size, int nid,
			   uint32_t flags);
/* The memblock=debug line of an add, remove, reserve or free. */
void cms_mb_dbg_range(struct cmasim *sim, const char *fn, uint64_t base,
			    uint64_t size, const char *caller);

#endif /* CMS_MEMBLOCK_H */
