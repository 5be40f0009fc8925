/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Workloads on a running machine: what users and drivers do to memory
 * after the boot, as steps a program (or a scenario file, see
 * <cmasim/scenario.h>) runs one after another.
 *
 * A workload holds *named allocations*.  Each is one of three kinds and
 * remembers its blocks, oldest first:
 *   - pages from the buddy allocator (cmasim_workload_alloc(), the random
 *     phase, the fragment step), owned by a user (anonymous memory, clean
 *     or dirty page cache) or by the kernel;
 *   - cma_alloc() ranges of one CMA area (cmasim_workload_cma_alloc());
 *   - dma_alloc_coherent() buffers of one device
 *     (cmasim_workload_dma_alloc()).
 * Every page allocation gets an owner handle of its own
 * (cmasim_owner_register(), <cmasim/pages.h>), so migration tells the
 * workload where each block went: a block's pfn is always where its pages
 * are now, and a clean page-cache block that alloc_contig_range()
 * reclaimed leaves the allocation.  Those handles are
 * CMASIM_WORKLOAD_OWNER_BASE and up: do not register them yourself.
 *
 * The calls use the library's own allocators (the buddy allocator,
 * migration owners and pins, cma_alloc, the DMA layer), with their
 * counters, log lines and trace events.  Each returns 0 or a negative
 * errno; a caller's mistake also leaves one "client bug:" diagnostic
 * naming the argument at fault.  A call that fails leaves the
 * allocations as they were, unless its comment says what it keeps.
 * Every call needs a running instance (after cmasim_boot()).
 */
#ifndef CMASIM_WORKLOAD_H
#define CMASIM_WORKLOAD_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_cma;
struct cmasim_device;

/** Owner handles the workload registers: this value and above. */
#define CMASIM_WORKLOAD_OWNER_BASE UINT32_C(0x80000000)

/** A count that means "every block" (free, pin, unpin). */
#define CMASIM_WORKLOAD_ALL UINT64_MAX

/** Longest name of a named allocation, in bytes, without the NUL. */
#define CMASIM_WORKLOAD_NAME_MAX 63

/** Who owns a named allocation of pages, which decides how it moves. */
enum cmasim_workload_owner {
	/** A user's anonymous memory (GFP_HIGHUSER_MOVABLE): migrated. */
	CMASIM_WORKLOAD_ANON = 0,
	/** Clean page cache (GFP_HIGHUSER_MOVABLE): dropped, not migrated. */
	CMASIM_WORKLOAD_CACHE_CLEAN,
	/** Dirty page cache (GFP_HIGHUSER_MOVABLE): must be migrated. */
	CMASIM_WORKLOAD_CACHE_DIRTY,
	/** The kernel (GFP_KERNEL): unmovable unless its gfp says movable. */
	CMASIM_WORKLOAD_KERNEL,
};

/** What a named allocation holds. */
enum cmasim_workload_kind {
	CMASIM_WORKLOAD_PAGES = 0,	/**< buddy blocks */
	CMASIM_WORKLOAD_CMA,		/**< cma_alloc() ranges of one area */
	CMASIM_WORKLOAD_DMA,		/**< coherent buffers of one device */
};

/** Which blocks a free, pin or unpin of N blocks takes. */
enum cmasim_workload_pick {
	CMASIM_PICK_OLDEST = 0,	/**< in allocation order */
	CMASIM_PICK_NEWEST,	/**< the most recent first */
	/** evenly spaced over the candidates (N of 2N: every other one) */
	CMASIM_PICK_SPREAD,
	/** drawn with the instance's seeded generator */
	CMASIM_PICK_RANDOM,
};

/* ---- Pages ---- */

/** cmasim_workload_alloc() count: allocate until the allocator fails. */
#define CMASIM_WORKLOAD_UNTIL_FAIL UINT64_MAX

/**
 * cmasim_workload_alloc() - allocate blocks of 2^@order pages into the
 * named allocation @name (created, or appended to when it holds pages of
 * the same owner).
 * @sim: a running instance, borrowed for the call.
 * @name: 1..CMASIM_WORKLOAD_NAME_MAX bytes, copied.
 * @owner: CMASIM_WORKLOAD_*; decides the default gfp and how the blocks
 * migrate.
 * @gfp: CMASIM_GFP_* flags, or 0 for the owner's default
 * (GFP_HIGHUSER_MOVABLE for users, GFP_KERNEL for the kernel).
 * @order: 0 .. cmasim_max_page_order().
 * @nid: preferred node, or CMASIM_NUMA_NO_NODE.
 * @count: blocks (> 0), or CMASIM_WORKLOAD_UNTIL_FAIL.
 * @done: if not NULL, receives the blocks allocated.
 *
 * Return: 0 (@count blocks allocated; with CMASIM_WORKLOAD_UNTIL_FAIL,
 * as many as the allocator gave until it failed); -EINVAL NULL @sim, a
 * bad @name, unknown @owner, @order above the largest, a node without
 * memory, a gfp the kernel refuses, or @count 0; -EEXIST @name holds
 * another kind or owner; -EPERM not running; -ENOMEM the allocator failed
 * before @count blocks: the blocks this call got are freed again (the
 * free lists may hold them in another order than before).
 * Mirrors: alloc_pages_node() in a loop.
 */
CMASIM_EXPORT int cmasim_workload_alloc(struct cmasim *sim, const char *name,
					enum cmasim_workload_owner owner,
					unsigned int gfp, unsigned int order,
					int nid, uint64_t count, uint64_t *done);

/**
 * cmasim_workload_free() - give back blocks of a named allocation, of any
 * kind: __free_pages(), cma_release() or dma_free_coherent().
 * @sim: a running instance, borrowed for the call.
 * @name: the allocation.
 * @count: blocks (> 0), or CMASIM_WORKLOAD_ALL, which also forgets
 * @name.
 * @pick: which blocks.
 * @done: if not NULL, receives the blocks freed.
 *
 * A pinned block is unpinned first, as if its user went away.
 * Return: 0; -EINVAL NULL @sim, @count 0 or larger than the blocks held,
 * unknown @pick; -ENOENT no allocation @name; -EPERM not running; or the
 * error of the release call that failed (the blocks before it are
 * freed).
 * Mirrors: __free_pages(), cma_release(), dma_free_coherent().
 */
CMASIM_EXPORT int cmasim_workload_free(struct cmasim *sim, const char *name,
				       uint64_t count,
				       enum cmasim_workload_pick pick,
				       uint64_t *done);

/**
 * cmasim_workload_pin() - long-term pin blocks of a page allocation, as
 * pin_user_pages(FOLL_LONGTERM) would: a pinned anonymous block is never
 * isolated for migration, a pinned page-cache block fails every attempt.
 * @sim: a running instance, borrowed for the call.
 * @name: a page allocation.
 * @count: blocks among the unpinned ones, or CMASIM_WORKLOAD_ALL.
 * @pick: which blocks.
 * @done: if not NULL, receives the blocks pinned.
 *
 * Return: 0; -EINVAL NULL @sim, @count 0 or above the unpinned blocks,
 * unknown @pick, or @name is not a page allocation; -ENOENT no
 * allocation @name; -EPERM not running.
 * Mirrors: pin_user_pages(FOLL_LONGTERM) (without its migration out of
 * CMA first: see docs/differences.md).
 */
CMASIM_EXPORT int cmasim_workload_pin(struct cmasim *sim, const char *name,
				      uint64_t count,
				      enum cmasim_workload_pick pick,
				      uint64_t *done);

/**
 * cmasim_workload_unpin() - drop the pins of pinned blocks.
 * @sim: a running instance, borrowed for the call.
 * @name: a page allocation.
 * @count: blocks among the pinned ones, or CMASIM_WORKLOAD_ALL.
 * @pick: which blocks.
 * @done: if not NULL, receives the blocks unpinned.
 *
 * Return: as cmasim_workload_pin().
 * Mirrors: unpin_user_page().
 */
CMASIM_EXPORT int cmasim_workload_unpin(struct cmasim *sim, const char *name,
					uint64_t count,
					enum cmasim_workload_pick pick,
					uint64_t *done);

/**
 * cmasim_workload_set_owner() - change what a user's page allocation is:
 * dirty page cache written back becomes clean (and can be dropped), clean
 * cache written to becomes dirty (and must be migrated).
 * @sim: a running instance, borrowed for the call.
 * @name: a page allocation of a user owner.
 * @owner: CMASIM_WORKLOAD_ANON, _CACHE_CLEAN or _CACHE_DIRTY.
 *
 * Return: 0; -EINVAL NULL @sim, @name a kernel or non-page allocation,
 * or @owner CMASIM_WORKLOAD_KERNEL or unknown; -ENOENT no allocation
 * @name; -EPERM not running.
 * Mirrors: writeback (folio_clear_dirty) and a write (folio_mark_dirty).
 */
CMASIM_EXPORT int cmasim_workload_set_owner(struct cmasim *sim,
					    const char *name,
					    enum cmasim_workload_owner owner);

/** The most orders a random phase mixes. */
#define CMASIM_WORKLOAD_MAX_MIX 16

/** A seeded random phase (cmasim_workload_random()). */
struct cmasim_workload_random {
	/** allocation attempts (> 0) */
	uint64_t ops;
	/** orders[i] is drawn with weight weights[i]; nr_orders 1..16 */
	unsigned int nr_orders;
	unsigned int orders[CMASIM_WORKLOAD_MAX_MIX];
	unsigned int weights[CMASIM_WORKLOAD_MAX_MIX];
	/** percentage (0..100) of anonymous (movable) allocations; the
	 * others are the kernel's (GFP_KERNEL, unmovable) */
	unsigned int movable_percent;
	/** lifetime of a block in ops, drawn in [life_min, life_max]; a
	 * block dies (is freed) before the op its life ends at.  0/0: the
	 * blocks live on after the phase */
	uint64_t life_min, life_max;
	/** preferred node, or CMASIM_NUMA_NO_NODE */
	int nid;
};

/**
 * cmasim_workload_random() - a seeded random phase: @spec->ops times,
 * free the blocks whose life has ended, then allocate one block of an
 * order drawn from the mix, movable or not by the share.  Blocks still
 * alive at the end stay in @name.  Draws come from the instance's
 * generator (cmasim_config_set_seed()), so the same seed gives the same
 * run.
 * @sim: a running instance, borrowed for the call.
 * @name: created, or appended to when it holds pages of anonymous
 * memory; its user blocks are anonymous, the others the kernel's.
 * @spec: the phase (borrowed for the call).
 * @done: if not NULL, receives the allocations that succeeded; the
 * others failed (-ENOMEM) and were skipped.
 *
 * Return: 0; -EINVAL NULL argument, a bad @name, an empty or oversized
 * mix, all weights 0, an order above the largest, a percentage above
 * 100, life_min above life_max, or a node without memory; -EEXIST @name
 * holds another kind or owner; -EPERM not running.
 * Mirrors: nothing (a workload).
 */
CMASIM_EXPORT int cmasim_workload_random(struct cmasim *sim, const char *name,
					 const struct cmasim_workload_random *spec,
					 uint64_t *done);

/** A fragmentation target (cmasim_workload_fragment()). */
struct cmasim_workload_fragment {
	/** the zone slot watched (cmasim_zone_get()), or -1 for the zone
	 * the gfp prefers on @nid */
	int zone;
	/** the order whose unusable free index is watched */
	unsigned int order;
	/** stop when the index reaches this, in thousandths (1..1000);
	 * 0: no index target */
	unsigned int index_milli;
	/** stop when at most this many whole free pageblocks of
	 * @migratetype remain in the zone; -1: no such target */
	int64_t free_pageblocks;
	int migratetype;
	/** the workload's pages: owner, gfp (0: the owner's default), node */
	enum cmasim_workload_owner owner;
	unsigned int gfp;
	int nid;
};

/**
 * cmasim_workload_fragment() - allocate and free until a zone is as
 * fragmented as @spec asks.  The workload fills the zone with order-0
 * pages, a pageblock's worth at a time, until the allocator gives a page
 * of another zone (this one is at its watermark) or none; then it frees
 * the pages it got at odd pfns, a pageblock's worth at a time, each an
 * order-0 hole beside a page still taken.  It stops at the first target
 * reached (before the first page when one holds already); the pages left
 * stay in @name.
 * @sim: a running instance, borrowed for the call.
 * @name: created, or appended to (same owner).
 * @spec: the targets (at least one), borrowed for the call.
 * @done: if not NULL, receives the blocks @name gained.
 *
 * Return: 0 a target is reached; -EINVAL NULL argument, a bad @name,
 * no target, an index above 1000, an order above the largest, an unknown
 * zone slot or migratetype; -EEXIST @name holds another kind or owner;
 * -EPERM not running; -ENOMEM the zone ran out of memory first (the
 * pages allocated so far stay).
 * Mirrors: nothing (a workload); the index is mm/vmstat.c's
 * unusable_free_index().
 */
CMASIM_EXPORT int cmasim_workload_fragment(struct cmasim *sim,
					   const char *name,
					   const struct cmasim_workload_fragment *spec,
					   uint64_t *done);

/* ---- CMA and DMA ---- */

/**
 * cmasim_workload_cma_alloc() - cma_alloc() @count pages from @cma into
 * the named allocation @name (created, or appended to when it holds
 * ranges of the same area).
 * @sim: a running instance, borrowed for the call.
 * @name: as cmasim_workload_alloc().
 * @cma: the area, borrowed.
 * @count: pages.
 * @align: alignment order of the first pfn.
 * @nowarn: the kernel's no_warn.
 *
 * Return: 0; -EINVAL NULL @sim or @cma, a bad @name, @align >= 64;
 * -EEXIST @name holds something else; -EPERM not running; the errors of
 * cma_alloc(): -ENOMEM, -EBUSY (cmasim_cma_alloc_window() says why).
 * Mirrors: cma_alloc().
 */
CMASIM_EXPORT int cmasim_workload_cma_alloc(struct cmasim *sim,
					    const char *name,
					    struct cmasim_cma *cma,
					    uint64_t count, unsigned int align,
					    bool nowarn);

/**
 * cmasim_workload_dma_alloc() - dma_alloc_coherent() a buffer of @size
 * bytes for @dev into the named allocation @name (created, or appended to
 * when it holds buffers of the same device).
 * @sim: a running instance, borrowed for the call.
 * @name: as cmasim_workload_alloc().
 * @dev: the device, borrowed.
 * @size: bytes (> 0).
 * @flags: CMASIM_DMA_NOWARN, CMASIM_DMA_ATOMIC.
 *
 * Return: 0; -EINVAL NULL @sim or @dev, a bad @name; -EEXIST @name holds
 * something else; -EPERM not running; the errors of
 * cmasim_dma_alloc_coherent().
 * Mirrors: dma_alloc_coherent().
 */
CMASIM_EXPORT int cmasim_workload_dma_alloc(struct cmasim *sim,
					    const char *name,
					    struct cmasim_device *dev,
					    uint64_t size, unsigned int flags);

/* ---- Reading a workload ---- */

/** One named allocation. */
struct cmasim_workload_info {
	enum cmasim_workload_kind kind;
	/** CMASIM_WORKLOAD_PAGES: the owner (the random phase's: ANON) */
	enum cmasim_workload_owner owner;
	/** CMASIM_WORKLOAD_PAGES: its owner handle */
	uint32_t owner_handle;
	uint64_t nr_blocks;
	uint64_t nr_pages;
	uint64_t nr_pinned;		/**< blocks pinned now */
	uint64_t migrated;		/**< moves migration made so far */
	uint64_t dropped;		/**< clean blocks reclaimed (gone) */
	/** CMASIM_WORKLOAD_CMA: the area (borrowed), else NULL */
	const struct cmasim_cma *cma;
	/** CMASIM_WORKLOAD_DMA: the device (borrowed), else NULL */
	const struct cmasim_device *dev;
};

/** One block of a named allocation, where it is now. */
struct cmasim_workload_block {
	cmasim_pfn_t pfn;	/**< first pfn */
	uint64_t nr_pages;
	unsigned int order;	/**< page blocks: the order; else 0 */
	bool movable;		/**< allocated movable (may migrate) */
	bool pinned;
	/** DMA buffers: the DMA address; else 0 */
	uint64_t dma_addr;
	/** DMA buffers: the enum cmasim_dma_path that served it; else -1 */
	int dma_path;
};

/**
 * cmasim_workload_get_info() - read a named allocation.
 * @sim: instance, borrowed for the call.
 * @name: the allocation.
 * @info: filled; untouched on failure.
 *
 * Return: 0; -EINVAL NULL argument; -ENOENT no allocation @name.  @info
 * is the caller's; its pointers are borrowed from @sim.
 */
CMASIM_EXPORT int cmasim_workload_get_info(const struct cmasim *sim,
					   const char *name,
					   struct cmasim_workload_info *info);

/**
 * cmasim_workload_get_block() - one block of a named allocation.
 * @sim: instance, borrowed for the call.
 * @name: the allocation.
 * @idx: 0 for the oldest block held.
 * @block: filled; untouched on failure.
 *
 * Constant time while no block of @name has gone since the workload's
 * last call on it (a migration may reclaim clean page cache at any
 * time), linear otherwise: walk a whole allocation with
 * cmasim_workload_for_each_block().
 * Return: 0; -EINVAL NULL argument; -ENOENT no allocation @name, or @idx
 * past its last block.  @block is the caller's.
 */
CMASIM_EXPORT int cmasim_workload_get_block(const struct cmasim *sim,
					    const char *name, uint64_t idx,
					    struct cmasim_workload_block *block);

/**
 * cmasim_workload_block_fn - called for each block of an allocation.
 * @block: the block, borrowed for the call.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; the walk returns that value.  The callback
 * may call getters only.
 */
typedef int (*cmasim_workload_block_fn)(const struct cmasim_workload_block *block,
					void *data);

/**
 * cmasim_workload_for_each_block() - call @fn for every block of @name,
 * oldest first.
 * @sim: instance, borrowed for the call.
 * @name: the allocation.
 * @fn: the callback.
 * @data: passed to @fn.
 *
 * Return: 0 after the last block, the first non-zero value of @fn;
 * -EINVAL NULL @sim, @name or @fn; -ENOENT no allocation @name.
 */
CMASIM_EXPORT int cmasim_workload_for_each_block(const struct cmasim *sim,
						 const char *name,
						 cmasim_workload_block_fn fn,
						 void *data);

/**
 * cmasim_workload_iter_fn - called for each named allocation.
 * @name: its name, borrowed for the call.
 * @data: the caller's pointer.
 *
 * Return non-zero to stop; the iteration returns that value.  The
 * callback may call getters only.
 */
typedef int (*cmasim_workload_iter_fn)(const char *name, void *data);

/**
 * cmasim_workload_for_each() - call @fn for every named allocation, in
 * the order they were created.
 * @sim: instance, borrowed for the call.
 * @fn: the callback; NULL does nothing.
 * @data: passed to @fn.
 *
 * Return: 0 after all, or the first non-zero value of @fn; -EINVAL NULL
 * @sim or @fn.
 */
CMASIM_EXPORT int cmasim_workload_for_each(const struct cmasim *sim,
					   cmasim_workload_iter_fn fn,
					   void *data);

/* ---- Figures ---- */

/**
 * cmasim_zone_unusable_index() - the unusable free space index of a
 * zone at @order: the share of its free pages in blocks smaller than
 * 2^@order, in thousandths (1000 when nothing is free).
 * @sim: instance, borrowed for the call.
 * @zone: the zone slot (cmasim_zone_get()).
 * @order: 0 .. cmasim_max_page_order().
 * @milli: the index; untouched on failure.
 *
 * Return: 0; -EINVAL NULL argument or @order above the largest; -ENOENT
 * no such zone slot (or no zones yet).
 * Mirrors: unusable_free_index() in mm/vmstat.c
 * (/sys/kernel/debug/extfrag/unusable_index shows it as 0.xxx).
 */
CMASIM_EXPORT int cmasim_zone_unusable_index(const struct cmasim *sim,
					     unsigned int zone,
					     unsigned int order,
					     unsigned int *milli);

/**
 * cmasim_state_hash() - a 64-bit digest of the simulated memory: every
 * zone's pages (state, order, list type, flags, owner and tag), free
 * lists and counters, the pageblock types, every CMA area's bitmap and
 * the named allocations.  Equal runs give equal hashes; it is meant for
 * determinism checks and sweeps, not as a stable file format.
 * @sim: instance, borrowed for the call.
 * @hash: the digest; untouched on failure.
 *
 * Return: 0; -EINVAL NULL argument.
 */
CMASIM_EXPORT int cmasim_state_hash(const struct cmasim *sim, uint64_t *hash);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_WORKLOAD_H */
