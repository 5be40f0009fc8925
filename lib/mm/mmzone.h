/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page allocator layer: nodes, zones, the memmap (one 16-byte
 * struct cms_page per simulated page), pageblock migratetypes, free
 * lists, per-cpu page lists, watermarks.  Mirrors the state of
 * include/linux/mmzone.h (struct zone, struct pglist_data, free_area,
 * per_cpu_pages) and the part of struct page the allocator uses, and
 * declares what mm_init.c, mmzone.c, page_alloc.c, page_alloc_wmark.c and
 * memmap_check.c offer the rest of the library, file by file.
 */
#ifndef CMS_ZONE_H
#define CMS_ZONE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/pages.h>

#include "core/instance.h"
#include "mm/vm_event_item.h"

/*
 * X(id, "name"): per-zone counters (enum zone_stat_item and the NUMA
 * items of include/linux/mmzone.h), in /proc/zoneinfo order; the names
 * are the /proc/vmstat names.
 */
#define CMS_ZONE_STATS(X)				\
	X(NR_FREE_PAGES, "nr_free_pages")		\
	X(NR_ZONE_INACTIVE_ANON, "nr_zone_inactive_anon") \
	X(NR_ZONE_ACTIVE_ANON, "nr_zone_active_anon")	\
	X(NR_ZONE_INACTIVE_FILE, "nr_zone_inactive_file") \
	X(NR_ZONE_ACTIVE_FILE, "nr_zone_active_file")	\
	X(NR_ZONE_UNEVICTABLE, "nr_zone_unevictable")	\
	X(NR_ZONE_WRITE_PENDING, "nr_zone_write_pending") \
	X(NR_MLOCK, "nr_mlock")				\
	X(NR_BOUNCE, "nr_bounce")			\
	X(NR_ZSPAGES, "nr_zspages")			\
	X(NR_FREE_CMA_PAGES, "nr_free_cma")		\
	X(NR_UNACCEPTED, "nr_unaccepted")		\
	X(NUMA_HIT, "numa_hit")				\
	X(NUMA_MISS, "numa_miss")			\
	X(NUMA_FOREIGN, "numa_foreign")			\
	X(NUMA_INTERLEAVE_HIT, "numa_interleave")	\
	X(NUMA_LOCAL, "numa_local")			\
	X(NUMA_OTHER, "numa_other")

enum cms_zone_stat {
#define CMS_ZS_ENUM(id, name) CMS_ZS_##id,
	CMS_ZONE_STATS(CMS_ZS_ENUM)
#undef CMS_ZS_ENUM
	CMS_NR_ZONE_STAT
};

/* Zone types in the kernel's enum order; a profile configures a subset. */
enum cms_zone_type {
	CMS_ZONE_DMA = 0,
	CMS_ZONE_DMA32,
	CMS_ZONE_NORMAL,
	CMS_ZONE_HIGHMEM,
	CMS_ZONE_MOVABLE,
	CMS_ZONE_DEVICE,
	CMS_ZONE_TYPE_COUNT
};

#define CMS_MAX_ZONES CMS_ZONE_TYPE_COUNT

/* Migratetypes: CMASIM_MIGRATE_* of the public header. */
#define CMS_MIGRATE_PCPTYPES 3
#define CMS_MIGRATE_TYPES CMASIM_MIGRATE_TYPES

/* PAGE_ALLOC_COSTLY_ORDER */
#define CMS_COSTLY_ORDER 3
/*
 * per-cpu lists: MIGRATE_PCPTYPES * (COSTLY + 1), then NR_PCP_THP (2)
 * THP lists: not movable, movable
 */
#define CMS_NR_LOWORDER_PCP_LISTS (CMS_MIGRATE_PCPTYPES * (CMS_COSTLY_ORDER + 1))
#define CMS_NR_PCP_LISTS (CMS_NR_LOWORDER_PCP_LISTS + 2)

/*
 * List links are zone-relative page indices of 40 bits, so that a zone
 * may span up to 2^39 pages (2 PiB of 4 KiB pages).  A link with
 * CMS_RUN_BIT set names a run of untouched free blocks (struct cms_run)
 * instead of a page; CMS_NIL ends a list.
 */
#define CMS_NIL			((UINT64_C(1) << 40) - 1)
#define CMS_RUN_BIT		(UINT64_C(1) << 39)
#define CMS_MAX_ZONE_PAGES	CMS_RUN_BIT

/*
 * Per-page state.  All-zero means "covered by a head elsewhere" (a tail
 * of a free or allocated block), so untouched memmap costs nothing.
 * A page is accounted by the head whose block covers it.
 */
enum cms_page_state {
	CMS_PG_TAIL = 0,	/* inside a block headed elsewhere */
	CMS_PG_BUDDY,		/* head of a free block on a buddy list */
	CMS_PG_ALLOC,		/* head of an allocated block */
	CMS_PG_RESERVED,	/* PageReserved: one page */
	CMS_PG_PCP,		/* head of a block on a per-cpu list */
	/*
	 * Head of a block freed into an isolated range whose merge into the
	 * buddy waits (struct cms_deferred_frees): exists only inside
	 * alloc_contig_range(), never between two public calls; a walk that
	 * meets it (a log handler's getter) reads a free block.
	 */
	CMS_PG_FREEING,
};

#define CMS_PGF_STATE_MASK	0x7u
#define CMS_PGF_ORDER_SHIFT	3
#define CMS_PGF_ORDER_MASK	(0x1fu << CMS_PGF_ORDER_SHIFT)
#define CMS_PGF_MT_SHIFT	8	/* list (or pcppage) migratetype */
#define CMS_PGF_MT_MASK		(0x7u << CMS_PGF_MT_SHIFT)
#define CMS_PGF_HOLE		(1u << 11)	/* reserved because absent */
#define CMS_PGF_PINNED		(1u << 12)
#define CMS_PGF_MOVABLE		(1u << 13)	/* allocated movable (LRU-like) */
#define CMS_PGF_COMP		(1u << 14)	/* __GFP_COMP */
/*
 * Held by a CMA area's bitmap (cma_alloc() gave it out): only
 * cma_release() may free it, or the bitmap would name a free page.
 */
#define CMS_PGF_CMA		(1u << 15)
#define CMS_PGF_PREV_HI_SHIFT	24	/* free/pcp: prev bits 32-39 */
#define CMS_PGF_LOW_MASK	((1u << CMS_PGF_PREV_HI_SHIFT) - 1)

/*
 * 16 bytes.  Free and pcp heads use @a/@b as prev/next links (the prev
 * link's bits 32-39 live in the top byte of @flags); allocated heads
 * keep an owner handle in @a and a content tag in @b.
 */
struct cms_page {
	uint32_t flags;
	uint32_t a;		/* prev (low 32 bits), or owner */
	uint64_t b;		/* next, or tag */
};

_Static_assert(sizeof(struct cms_page) == 16, "16 bytes per simulated page");

struct cms_free_list {
	uint64_t head;
	uint64_t tail;
	uint64_t nr;		/* entries (blocks) on this list */
};

/*
 * A run of free max-order blocks nobody has touched since the boot freed
 * them: blocks @first, @first + 2^max_order, ... (@nr of them, zone
 * indices) stand one after another, in that order, on the max-order
 * free list of @mt, where the run is one list entry with its own links.
 * Their pages have no struct cms_page until their section is
 * materialised (cms_memmap_materialise), which puts the section's blocks
 * on the list in the run's place.
 */
struct cms_run {
	uint64_t first;
	uint64_t nr;		/* blocks; 0: a free slot */
	uint64_t prev, next;	/* list links */
	int mt;
};

struct cms_pfn_range {
	uint64_t s, e;
};

struct cms_free_area {
	uint64_t nr_free;	/* blocks of this order, all types */
	struct cms_free_list list[CMS_MIGRATE_TYPES];
};

struct cms_pcp {
	struct cms_free_list lists[CMS_NR_PCP_LISTS];
	int count;		/* pages */
	int high;
	int batch;
	int high_min;		/* 6.12 */
	int high_max;		/* 6.12 */
	int free_factor;	/* 6.1 free_factor, 6.12 free_count */
	int alloc_factor;	/* 6.12 */
	bool prev_free_high_order;	/* 6.12 PCPF_PREV_FREE_HIGH_ORDER */
};

struct cms_node;

struct cms_zone {
	struct cms_node *node;
	int idx;			/* zone_idx among configured zones */
	enum cms_zone_type type;
	const char *name;

	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t present_early;		/* present before deferred init */
	uint64_t managed;
	uint64_t cma_pages;		/* zone->cma_pages */

	uint64_t wmark[CMASIM_NR_WMARK];
	uint64_t watermark_boost;
	uint64_t lowmem_reserve[CMS_MAX_ZONES];
	uint64_t nr_reserved_highatomic;
	uint64_t nr_isolate_pageblock;	/* kept by the isolation code */
	uint64_t nr_free_highatomic;	/* 6.12 */

	/*
	 * The memmap, sparsemem-like: one chunk of 2^chunk_shift pages per
	 * aligned section the zone spans, NULL until something touches it
	 * (deferred struct page init in spirit).  Untouched, a chunk's
	 * pages read as holes where memblock has no memory (@mem), as free
	 * max-order heads and tails where a run holds them, and elsewhere
	 * as reserved once @memmap_settled (uninitialised tails before):
	 * see cms_zone_page_peek().
	 */
	struct cms_page **chunk;
	/*
	 * The chunks' pages, one reserved range of address space (@map_base,
	 * @map_bytes; only what is materialised is ever written): @map is
	 * the page of zone index 0, so a materialised page is @map[i].
	 */
	struct cms_page *map;
	void *map_base;
	size_t map_bytes;
	uint64_t nr_chunks;
	uint64_t chunk_off;		/* start_pfn - its chunk's start */
	uint64_t chunk_mask;		/* (1 << chunk_shift) - 1 */
	unsigned int chunk_shift;	/* max(section, max_order) bits */
	unsigned int run_order;		/* max_order: runs' blocks */
	struct cms_run *runs;		/* run slots; ids are indices */
	uint64_t nr_runs, cap_runs, free_run;
	GTree *run_tree;		/* run ids by first block */
	struct cms_pfn_range *mem;	/* memblock memory of the zone */
	size_t nr_mem;
	/*
	 * memblock_free_all is over: an untouched page outside the runs
	 * and the holes is reserved (it was never freed), not uninitialised.
	 */
	bool memmap_settled;
	uint8_t *pb;			/* migratetype per pageblock */
	uint64_t pb_base;		/* pageblock_start_pfn(start_pfn) */
	uint64_t nr_pb;

	struct cms_free_area *area;	/* nr_orders */
	struct cms_pcp *pcp;		/* nr_cpus */

	unsigned int zflags;		/* ZONE_BELOW_HIGH (6.12) */
	/* alloc_flags_nofragment()'s ALLOC_NOFRAGMENT as this zone's, or 0 */
	unsigned int nofragment;
	int64_t vm[CMS_NR_ZONE_STAT];
};

struct cms_node {
	int nid;
	bool online;			/* has memory */
	uint64_t start_pfn;
	uint64_t spanned;
	uint64_t present;
	uint64_t first_deferred_pfn;
	struct cms_zone zones[CMS_MAX_ZONES];
	/* zonelist: (node, zone idx) pairs, highest zone first */
	int nr_zonerefs;
	struct cms_zone **zonelist;
	/*
	 * The zonelist's first zone at or below each highest zone index,
	 * [hz][0] of any node, [hz][1] of this node only (__GFP_THISNODE):
	 * first_zones_zonelist() worked out when the lists are built.
	 */
	struct cms_zone *preferred[CMS_MAX_ZONES][2];
	int *node_order;		/* fallback node order */
};

/*
 * node_states[] (include/linux/nodemask.h), the two states arch NUMA init
 * sets before the zones exist.  MAX_NUMNODES is at most 1 << 10.
 */
enum cms_node_states {
	CMS_N_POSSIBLE = 0,	/* node_possible_map */
	CMS_N_ONLINE,		/* node_online_map */
	CMS_NR_NODE_STATES
};

#define CMS_MAX_NUMNODES 1024

/*
 * kernelcore= / movablecore= (mm/mm_init.c cmdline_parse_kernelcore,
 * cmdline_parse_movablecore): bytes, a percentage, or "mirror".  The
 * command-line parser fills it; free_area_init reads it.
 */
struct cms_core_param {
	bool given;
	bool mirror;		/* kernelcore=mirror */
	bool percent_given;	/* percent_ul != 0: the kernel's percent mode */
	unsigned int percent;	/* nn%, saturated to UINT_MAX */
	uint64_t bytes;		/* last byte value given (memparse) */
	/* The kernel's own variables, as it leaves them: */
	uint64_t pages;		/* required_kernelcore / _movablecore */
	uint64_t percent_ul;	/* required_*_percent (unsigned long) */
};

/* Kernel image layout for the "Memory:" line (bytes). */
struct cms_kernel_image {
	uint64_t code, rwdata, rodata, init, bss;
};

/*
 * Frees into the isolated pageblocks of [start, end) while
 * alloc_contig_range() migrates their pages away: each freed block
 * becomes CMS_PG_FREEING (its order kept) and joins a chain, in the
 * order freed, through its head page's next link.  Nothing allocates
 * from an isolated block and no free count includes one, so until the
 * range is taken nothing can tell; if it is taken whole, the merges are
 * never done; otherwise they are replayed along the chain, giving the
 * buddy lists exactly as immediate frees would (mm/page_alloc.c,
 * cms_defer_isolated_frees()).
 */
struct cms_deferred_frees {
	struct cms_zone *zone;		/* NULL: frees are not deferred */
	uint64_t start, end;		/* the range, while @zone is set */
	uint64_t first, last;		/* the chain's ends: zone indices */
};

struct cms_mm {
	int nr_zones;			/* configured zones (MAX_NR_ZONES) */
	enum cms_zone_type zone_type[CMS_MAX_ZONES];
	int nr_nodes;			/* node slots used (max nid + 1) */
	struct cms_node *nodes;		/* nr_nodes */
	unsigned int nr_cpus;
	unsigned int section_shift;	/* sparsemem section in pfn bits; 0 flat */
	bool deferred_init;		/* DEFERRED_STRUCT_PAGE_INIT */
	bool zonelists_built;
	bool freed;			/* memblock_free_all done */
	bool group_by_mobility_disabled;
	int policy_zone;

	uint64_t dma_reserve;		/* x86_64 6.1 memblock_find_dma_reserve */
	uint64_t nr_kernel_pages, nr_all_pages;
	uint64_t totalram_pages;
	uint64_t totalhigh_pages;
	/*
	 * totalcma_pages (mm/mm_init.c): pages given to CMA areas by
	 * cma_init_reserved_mem(); the "Memory:" line and meminfo's
	 * CmaTotal read it.
	 */
	uint64_t totalcma_pages;
	uint64_t physpages;		/* get_num_physpages(): present */

	int min_free_kbytes;
	int user_min_free_kbytes;
	int watermark_scale_factor;
	int watermark_boost_factor;
	int lowmem_reserve_ratio[CMS_MAX_ZONES];
	int percpu_pagelist_high_fraction;

	struct cms_kernel_image image;
	/* kernelcore= / movablecore=, as boot hands them over */
	struct cms_core_param kernelcore;
	struct cms_core_param movablecore;

	/* node_states[]; until arch NUMA init sets them, see cms_node_state() */
	bool node_states_set;
	uint64_t node_states[CMS_NR_NODE_STATES][CMS_MAX_NUMNODES / 64];

	/* events (global vm_event_states) */
	uint64_t ev[CMS_NR_EVENT_STAT];
	/* the mm_page_alloc_extfrag events, counted (no kernel counter) */
	struct cmasim_extfrag_stats extfrag;

	/* free_area_init's dmesg lines until it succeeds */
	GPtrArray *pending;

	/* zone lookup cache */
	struct cms_zone *last_zone;

	struct cms_deferred_frees deferred;

	/*
	 * What the allocation path would otherwise recompute per call,
	 * fixed once free_area_init has configured the zones and nodes:
	 * gfp_zone() of the zone bits and __GFP_MOVABLE (the kernel's
	 * GFP_ZONE_TABLE; -1 for an invalid combination), the nodes with
	 * memory, the first of them, and the index of ZONE_MOVABLE.
	 */
	int8_t gfp_zone_table[16];
	int nr_online;
	int first_online;
	int movable_idx;
};

/* Free pages of @z counted as the kernel's NR_FREE_PAGES. */
static inline int64_t cms_zone_free(const struct cms_zone *z)
{
	return z->vm[CMS_ZS_NR_FREE_PAGES];
}

#define cms_for_each_zone(mm, n, z)					\
	for (int n##_i = 0; n##_i < (mm)->nr_nodes; n##_i++)		\
		for (int z##_j = 0; z##_j < (mm)->nr_zones; z##_j++)	\
			if (((n) = &(mm)->nodes[n##_i]),		\
			    ((z) = &(n)->zones[z##_j]), 1)

/* Materialise chunk @c of @z (see struct cms_zone); returns its pages. */
struct cms_page *cms_memmap_materialise(struct cms_zone *z, uint64_t c);

/*
 * The page at zone index @i of a chunk that exists: list entries and
 * pages inside a block whose head is known always are.
 */
static inline struct cms_page *cms_zone_idx_page(const struct cms_zone *z,
						 uint64_t i)
{
	return z->map + i;
}

/* The page of @pfn (inside @z), its chunk materialised first if need be. */
static inline struct cms_page *cms_zone_page(struct cms_zone *z, uint64_t pfn)
{
	uint64_t i = pfn - z->start_pfn;
	uint64_t c = (i + z->chunk_off) >> z->chunk_shift;

	if (__builtin_expect(z->chunk[c] == NULL, 0))
		cms_memmap_materialise(z, c);
	return z->map + i;
}

/*
 * The pfn after the block of 2^@order pages at @pfn, for walks by block.
 * Order 0, the common case in a fragmented range, is a branch: the next
 * page's address is then predicted instead of waiting for this page's
 * load, and a walk has several pages' loads in flight at once.
 */
static inline uint64_t cms_next_block(uint64_t pfn, unsigned int order)
{
	if (__builtin_expect(order == 0, 1))
		return pfn + 1;
	return pfn + (UINT64_C(1) << order);
}

/* Pages from @pfn (inside @z) to the end of its memory-map chunk. */
static inline uint64_t cms_zone_chunk_left(const struct cms_zone *z,
					   uint64_t pfn)
{
	return z->chunk_mask + 1 -
	       ((pfn - z->start_pfn + z->chunk_off) & z->chunk_mask);
}

/*
 * For walks by block over [@pfn, @end) of @z: the page of @pfn (its
 * chunk materialised) and in *@stop where the pages stop being
 * consecutive, at @end or the end of the memory-map chunk, whichever
 * comes first.  No block crosses a chunk, so a walk steps its page
 * pointer with its pfn up to *@stop.
 */
static inline struct cms_page *cms_zone_pages(struct cms_zone *z, uint64_t pfn,
					      uint64_t end, uint64_t *stop)
{
	uint64_t left = cms_zone_chunk_left(z, pfn);

	*stop = end - pfn < left ? end : pfn + left;
	return cms_zone_page(z, pfn);
}

/* The state of @pfn's page as a copy, without materialising anything. */
void cms_zone_page_peek(const struct cms_zone *z, uint64_t pfn,
			struct cms_page *out);
/*
 * cms_zone_page_peek(), and how many pages from @pfn (@pfn < @end) read
 * alike: 1 in a materialised chunk; in an untouched one the run's
 * max-order block (a free head), or the pages up to @end, the chunk's
 * end or the state's end (the next memory for a hole; the range's end or
 * the next max-order block for reserved pages), whichever comes first.
 */
uint64_t cms_zone_page_peek_span(const struct cms_zone *z, uint64_t pfn,
				 uint64_t end, struct cms_page *out);

static inline uint64_t cms_page_prev(const struct cms_page *p)
{
	return p->a | (uint64_t)(p->flags >> CMS_PGF_PREV_HI_SHIFT) << 32;
}

static inline void cms_page_set_prev(struct cms_page *p, uint64_t v)
{
	p->a = (uint32_t)v;
	p->flags = (p->flags & CMS_PGF_LOW_MASK) |
		   (uint32_t)(v >> 32) << CMS_PGF_PREV_HI_SHIFT;
}

/* List links of entry @i, a page or (CMS_RUN_BIT) a run. */
static inline void cms_link_set_prev(struct cms_zone *z, uint64_t i,
				     uint64_t v)
{
	if (__builtin_expect(i & CMS_RUN_BIT, 0))
		z->runs[i & ~CMS_RUN_BIT].prev = v;
	else
		cms_page_set_prev(cms_zone_idx_page(z, i), v);
}

static inline void cms_link_set_next(struct cms_zone *z, uint64_t i,
				     uint64_t v)
{
	if (__builtin_expect(i & CMS_RUN_BIT, 0))
		z->runs[i & ~CMS_RUN_BIT].next = v;
	else
		cms_zone_idx_page(z, i)->b = v;
}

static inline uint64_t cms_link_next(const struct cms_zone *z, uint64_t i)
{
	if (i & CMS_RUN_BIT)
		return z->runs[i & ~CMS_RUN_BIT].next;
	return cms_zone_idx_page(z, i)->b;
}

static inline uint64_t cms_link_prev(const struct cms_zone *z, uint64_t i)
{
	if (i & CMS_RUN_BIT)
		return z->runs[i & ~CMS_RUN_BIT].prev;
	return cms_page_prev(cms_zone_idx_page(z, i));
}

static inline unsigned int cms_page_state(const struct cms_page *p)
{
	return p->flags & CMS_PGF_STATE_MASK;
}

static inline unsigned int cms_page_order(const struct cms_page *p)
{
	return (p->flags & CMS_PGF_ORDER_MASK) >> CMS_PGF_ORDER_SHIFT;
}

static inline int cms_page_mt(const struct cms_page *p)
{
	return (int)((p->flags & CMS_PGF_MT_MASK) >> CMS_PGF_MT_SHIFT);
}

static inline void cms_page_set(struct cms_page *p, unsigned int state,
				unsigned int order, int mt)
{
	p->flags = (p->flags & ~(CMS_PGF_STATE_MASK | CMS_PGF_ORDER_MASK |
				 CMS_PGF_MT_MASK)) |
		   state | (order << CMS_PGF_ORDER_SHIFT) |
		   ((unsigned int)mt << CMS_PGF_MT_SHIFT);
}

/* free_area_init() has built the nodes and zones (the memmap exists). */
static inline bool cms_free_area_init_done(const struct cmasim *sim)
{
	return sim->mm->nodes != NULL;
}

/* ---- mm_init.c: the state, free_area_init, zonelists, the handover ---- */

/*
 * The state's life (struct cmasim's mm member): created with the
 * instance, settings only (0 or -ENOMEM); freed with it.
 */
int cms_mm_init(struct cmasim *sim);
void cms_mm_fini(struct cmasim *sim);
/*
 * The kernelcore= and movablecore= values free_area_init will use
 * (copied); boot gives the parsed command line's before the zones exist.
 */
void cms_mm_set_core_params(struct cmasim *sim,
			    const struct cms_core_param *kernelcore,
			    const struct cms_core_param *movablecore);
/*
 * The kernel image's section sizes in bytes, for mem_init()'s "Memory:"
 * line (0 until set: the simulator has no kernel image).  Boot gives the
 * machine's (cmasim_machine_set_kernel_image()) or the capture kernels'.
 */
void cms_mm_set_kernel_image(struct cmasim *sim, uint64_t code,
			     uint64_t rwdata, uint64_t rodata, uint64_t init,
			     uint64_t bss);
/*
 * free_area_init: nodes, zones, memmap from memblock; prints the zone
 * lines.  0; -EPERM it ran already; -EINVAL memblock has no memory or a
 * zone too large to model; -ENOMEM.  A failure leaves the state as it
 * was.
 */
int cms_free_area_init(struct cmasim *sim);
/* Build zonelists and print "Fallback order"/"Built N zonelists". */
void cms_mm_build_all_zonelists(struct cmasim *sim);
/*
 * memblock_free_all and the deferred init, watermarks, 6.1's "Memory:"
 * line (mem_init); phase RUNNING.  0, or -EPERM before free_area_init or
 * a second time.
 */
int cms_mm_memblock_free_all(struct cmasim *sim);
/* mem_init_print_info(): the "Memory:" line (6.12: page_alloc_init_late) */
void cms_mm_mem_init_print_info(struct cmasim *sim);
/* cms_mm_memblock_free_all() and, on 6.12, the "Memory:" line. */
int cms_mm_free_all(struct cmasim *sim);
/* init_cma_reserved_pageblock(): the pageblock at @pfn becomes CMA, free */
void cms_init_cma_reserved_pageblock(struct cmasim *sim, uint64_t pfn);
/*
 * node_states[] as arch NUMA init leaves them.  Boot clears both masks
 * (nodes_clear(), which also makes them boot's) and sets a bit per node
 * (node_set_state()).  Until boot does, a node is possible and online
 * when memblock has memory on it, node 0 without NUMA.
 * cms_node_states_clear(): 0 or -ENOMEM.
 */
int cms_node_states_clear(struct cmasim *sim);
void cms_node_set_state(struct cmasim *sim, int nid, enum cms_node_states state);
bool cms_node_state(const struct cmasim *sim, int nid,
		    enum cms_node_states state);

/* ---- mmzone.c: zone lookups, the deferred memmap ---- */

/* The zone spanning @pfn (present or hole), or NULL. */
struct cms_zone *cms_pfn_zone_lookup(struct cmasim *sim, uint64_t pfn);

static inline struct cms_zone *cms_pfn_zone(struct cmasim *sim, uint64_t pfn)
{
	struct cms_zone *z = sim->mm->last_zone;

	if (z && pfn - z->start_pfn < z->spanned)
		return z;
	return cms_pfn_zone_lookup(sim, pfn);
}
const char *cms_zone_type_name(enum cms_zone_type t);
/*
 * The memmap of a zone free_area_init sizes (spanned, start_pfn set):
 * the chunk table, the run table and the present ranges (@r, @nr copied).
 * 0 or -ENOMEM.  cms_memmap_free() drops it all.
 */
int cms_memmap_alloc(struct cmasim *sim, struct cms_zone *z,
		     const struct cms_pfn_range *r, size_t nr);
void cms_memmap_free(struct cms_zone *z);
/*
 * Append the max-order blocks of [@pfn, @end) (whole untouched chunks of
 * @z, block-aligned) to the tail of the max-order @mt list as a run, as
 * freeing them one by one to the tail would leave them, without their
 * pages.  The caller accounts the pages.
 */
void cms_memmap_append_run(struct cms_zone *z, uint64_t pfn, uint64_t end,
			   int mt);
/* The run holding the block at zone index @i, or NULL. */
const struct cms_run *cms_memmap_run_at(const struct cms_zone *z, uint64_t i);
/* Whether @pfn of @z is memblock memory. */
bool cms_memmap_present(const struct cms_zone *z, uint64_t pfn);
/*
 * pfn_to_online_page() != NULL: the sparse section of @pfn holds
 * memblock memory, so its pages have a memmap the kernel's walks read.
 */
bool cms_pfn_online(const struct cmasim *sim, uint64_t pfn);
/* Zone slot @i, node-major as cmasim_zone_get() counts; NULL past the last. */
struct cms_zone *cms_zone_slot(const struct cmasim *sim, unsigned int i);

/* ---- page_alloc.c: pageblocks, the buddy, per-cpu lists ---- */

/* Fill mm->gfp_zone_table from the configured zones. */
void cms_gfp_zone_table_init(struct cmasim *sim);
/* Each zone's ALLOC_NOFRAGMENT (zone->nofragment), once the zones are set. */
void cms_zone_nofragment_init(struct cmasim *sim);

int cms_get_pageblock_migratetype(const struct cmasim *sim,
				  const struct cms_zone *z, uint64_t pfn);
void cms_set_pageblock_migratetype(struct cmasim *sim, struct cms_zone *z,
				   uint64_t pfn, int mt);
const char *cms_migratetype_name(int mt);

/*
 * For a walk over pfns of @z: is @pfn's pageblock isolated?  *@block
 * remembers the last pageblock found isolated (UINT64_MAX before the
 * first), so pfns of one pageblock in a row look it up once.
 */
static inline bool cms_pageblock_isolated_seen(const struct cmasim *sim,
					       const struct cms_zone *z,
					       uint64_t pfn, uint64_t *block)
{
	if (pfn >> sim->pageblock_order == *block)
		return true;
	if (cms_get_pageblock_migratetype(sim, z, pfn) !=
	    CMASIM_MIGRATE_ISOLATE)
		return false;
	*block = pfn >> sim->pageblock_order;
	return true;
}

/*
 * The page allocator for callers inside the library, whose arguments are
 * right by construction: the allocator runs (memblock_free_all done),
 * @order <= max_order, @nid is CMASIM_NUMA_NO_NODE or a node id below
 * MAX_NUMNODES, @gfp names a valid zone and mobility.  No argument is
 * checked again; the public cmasim_alloc_pages()/cmasim_free_pages()
 * check them first.  cms_alloc_pages(): 0 and *@out, or -ENOMEM (no zone
 * had the pages, or @nid has no memory: the model builds zonelists for
 * nodes with memory only).  @kind says what the pages are for (a policy's
 * cma_allowed hook sees it; the kernel's rules do not look).
 * cms_free_pages(): @pfn heads an allocated block of @order.
 */
int cms_alloc_pages(struct cmasim *sim, unsigned int gfp, unsigned int order,
		    int nid, enum cmasim_owner_kind kind, uint64_t *out);
void cms_free_pages(struct cmasim *sim, uint64_t pfn, unsigned int order);
/*
 * Up to @n order-0 allocations of @gfp on @nid in a row, each the one
 * cms_alloc_pages() would make, for as long as each is a per-cpu hit:
 * a hit moves no free-page counter, so what decides it is checked once
 * for the run.  The pfns go to @out, their zone (one for the run) to
 * *@zone; returns how many (0 when the first would not be a hit or an
 * mm_page_alloc event is on); the caller takes the rest one by one.
 */
unsigned int cms_alloc_pages_pcp_run(struct cmasim *sim, unsigned int gfp,
				     int nid, unsigned int n, uint64_t *out,
				     struct cms_zone **zone);
/* cms_free_pages() of @n allocated order-0 pages of @z, in that order. */
void cms_free_pages_list(struct cmasim *sim, struct cms_zone *z,
			 const uint64_t *pfn, unsigned int n);

/* __mod_zone_freepage_state(): free-page counters for @nr pages of @mt */
void cms_account_freepages(struct cmasim *sim, struct cms_zone *z, int64_t nr,
			   int mt);
/* del_page_from_free_list() plus accounting, for isolation and contig */
void cms_unlink_free_block(struct cmasim *sim, struct cms_zone *z,
			   uint64_t pfn);
/*
 * For a caller taking every free block of an isolated range: do @z's
 * MIGRATE_ISOLATE lists hold exactly @nr[order] blocks each (so, if the
 * caller counted those of its range, nothing else; @nr NULL: none)?  Then
 * cms_empty_isolate_lists() empties them at once, once the caller has
 * rewritten the blocks' pages: the lists and counts end as unlinking
 * each block would leave them (isolated blocks count in no free pages).
 */
bool cms_isolate_lists_hold_only(const struct cmasim *sim,
				 const struct cms_zone *z, const uint64_t *nr);
void cms_empty_isolate_lists(const struct cmasim *sim, struct cms_zone *z);
/* __free_one_page(): merge the block of @mt with its buddies, list it. */
void cms_do_free_one_page(struct cmasim *sim, struct cms_zone *z,
			  uint64_t pfn, unsigned int order, int mt,
			  bool to_tail);
/*
 * free_one_page(): straight to the buddy (no per-cpu list) with its
 * pageblock's type; where free lists follow pageblocks, a block above a
 * pageblock is freed per pageblock.
 */
void cms_free_one_page(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		       unsigned int order, bool to_tail);
/*
 * Deferred frees (struct cms_deferred_frees): from
 * cms_defer_isolated_frees() on, blocks freed into isolated pageblocks
 * of [@start, @end) in @z wait; cms_flush_isolated_frees() merges them
 * in the order they were freed, cms_forget_isolated_frees() ends the
 * window when the caller has taken their pages.  Both end it.
 */
void cms_defer_isolated_frees(struct cmasim *sim, struct cms_zone *z,
			      uint64_t start, uint64_t end);
void cms_flush_isolated_frees(struct cmasim *sim);
void cms_forget_isolated_frees(struct cmasim *sim);
/* move_freepages_block; returns pages moved or -1 (zone boundary). */
long cms_move_freepages_block(struct cmasim *sim, struct cms_zone *z,
			      uint64_t pfn, int old_mt, int new_mt,
			      long *movable);
/* Drain the pcp lists of @z (all cpus) back to the buddy. */
void cms_drain_zone_pages(struct cmasim *sim, struct cms_zone *z);
/* __free_pages_core: a reserved-by-memmap range becomes managed and free. */
void cms_free_pages_core(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
			 unsigned int order);
/* free_reserved_page(): 0, or -EINVAL (client bug) not a reserved page */
int cms_free_reserved_page(struct cmasim *sim, uint64_t pfn);
void cms_adjust_managed_page_count(struct cmasim *sim, struct cms_zone *z,
				   int64_t count);

/* ---- page_alloc_wmark.c: watermarks, lowmem_reserve, pcp sizing ---- */

/*
 * init_per_zone_wmark_min: min_free_kbytes, watermarks, lowmem_reserve,
 * pcp high.
 */
void cms_mm_init_per_zone_wmark_min(struct cmasim *sim);
void cms_mm_setup_per_zone_wmarks(struct cmasim *sim);
void cms_mm_setup_per_zone_lowmem_reserve(struct cmasim *sim);
/* zone_pcp_update(): batch and high of the zone's per-cpu lists */
void cms_zone_pcp_update(struct cmasim *sim, struct cms_zone *z);

/* ---- memmap_check.c ---- */

/* Invariants; 0 or -EUCLEAN. */
int cms_mm_check(struct cmasim *sim);
/* has_managed_dma(): whether some ZONE_DMA has managed pages. */
bool cms_has_managed_dma(const struct cmasim *sim);

#endif /* CMS_ZONE_H */
