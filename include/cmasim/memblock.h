/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memblock, the boot-time physical memory allocator (mm/memblock.c).
 * Valid in the early-boot phase (before the buddy handover); afterwards the
 * mutating calls fail with -EPERM and a "client bug:" diagnostic.
 */
#ifndef CMASIM_MEMBLOCK_H
#define CMASIM_MEMBLOCK_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/* Region flags, with the kernel's values (include/linux/memblock.h). */
#define CMASIM_MEMBLOCK_NONE		0x0u
#define CMASIM_MEMBLOCK_HOTPLUG		0x1u
#define CMASIM_MEMBLOCK_MIRROR		0x2u
#define CMASIM_MEMBLOCK_NOMAP		0x4u
#define CMASIM_MEMBLOCK_DRIVER_MANAGED	0x8u
#define CMASIM_MEMBLOCK_RSRV_NOINIT	0x10u	/* 6.12 only */

/* Special @end values of the allocation calls. */
#define CMASIM_MEMBLOCK_ALLOC_ANYWHERE		(~(cmasim_phys_addr_t)0)
#define CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE	0
#define CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE	1

/** Which array a region query refers to. */
enum cmasim_memblock_type {
	CMASIM_MEMBLOCK_MEMORY = 0,
	CMASIM_MEMBLOCK_RESERVED,
};

/** A region as the caller sees it. */
struct cmasim_memblock_region {
	cmasim_phys_addr_t base;
	cmasim_phys_addr_t size;
	unsigned int flags;
	int nid;
};

/*
 * Conventions for every call below.
 * - @sim is borrowed and must not be NULL (NULL gives -EINVAL).
 * - Mutating calls work only in the early-boot phase; after the buddy
 *   handover they return -EPERM with a "client bug:" diagnostic (the
 *   kernel WARNs, or quietly uses slab, or touches freed __initdata).
 * - With memblock=debug (cmasim_memblock_set_debug()) the calls print
 *   the kernel's pr_info lines; where the kernel prints the caller with
 *   %pS we print the public function's name (docs/differences.md).
 * - A range is [base, base + size); sizes that run past PHYS_ADDR_MAX are
 *   clamped as memblock_cap_size() does; size 0 is a successful no-op.
 */

/**
 * cmasim_memblock_add() - register memory with no node (MAX_NUMNODES).
 * @sim: simulator instance.  @base: start.  @size: bytes.
 *
 * Return: 0; -EINVAL NULL @sim or @base above a 32-bit PHYS_ADDR_MAX; -ENOMEM
 * the memory array is full and cannot be doubled; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_add() in mm/memblock.c.
 */
CMASIM_EXPORT int cmasim_memblock_add(struct cmasim *sim,
				      cmasim_phys_addr_t base,
				      cmasim_phys_addr_t size);
/**
 * cmasim_memblock_add_node() - register memory on node @nid with @flags.
 * @sim: instance.  @base, @size: range.  @nid: the node, kept as given
 * (neither kernel checks it; the zones take a node outside
 * 0..MAX_NUMNODES-1 as node 0).  @flags: CMASIM_MEMBLOCK_*, kept as given.
 *
 * Return: 0; -EINVAL NULL @sim or bad base; -ENOMEM array full and not
 * doublable; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_add_node() in mm/memblock.c.
 */
CMASIM_EXPORT int cmasim_memblock_add_node(struct cmasim *sim,
					   cmasim_phys_addr_t base,
					   cmasim_phys_addr_t size, int nid,
					   unsigned int flags);
/**
 * cmasim_memblock_remove() - remove a range from the memory array.
 * @sim: instance.  @base, @size: range (parts outside memory are ignored).
 *
 * Return: 0; -EINVAL NULL @sim or bad base; -ENOMEM a split needed more entries
 * than the array could get; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_remove() in mm/memblock.c.
 */
CMASIM_EXPORT int cmasim_memblock_remove(struct cmasim *sim,
					 cmasim_phys_addr_t base,
					 cmasim_phys_addr_t size);
/**
 * cmasim_memblock_reserve() - add a range to the reserved array.
 * @sim: instance.  @base, @size: range (need not be memory).
 *
 * Return: 0; -EINVAL NULL @sim or bad base; -ENOMEM reserved array full and not
 * doublable; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_reserve() in mm/memblock.c.
 */
CMASIM_EXPORT int cmasim_memblock_reserve(struct cmasim *sim,
					  cmasim_phys_addr_t base,
					  cmasim_phys_addr_t size);
/**
 * cmasim_memblock_phys_free() - remove a range from the reserved array.
 * @sim: instance.  @base, @size: range.
 *
 * Return: 0; -EINVAL NULL @sim or bad base; -ENOMEM split impossible; -EPERM
 * wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_phys_free() in mm/memblock.c (both 6.1 and 6.12 have
 * this name; memblock_free() takes a virtual pointer and calls it).
 */
CMASIM_EXPORT int cmasim_memblock_phys_free(struct cmasim *sim,
					    cmasim_phys_addr_t base,
					    cmasim_phys_addr_t size);

/**
 * cmasim_memblock_mark_hotplug() - set MEMBLOCK_HOTPLUG on memory.
 * @sim: instance.  @base, @size: range of the memory array to mark.
 *
 * Return: 0; -EINVAL NULL @sim or bad base; -ENOMEM split impossible; -EPERM
 * wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_mark_hotplug().
 */
CMASIM_EXPORT int cmasim_memblock_mark_hotplug(struct cmasim *sim,
					       cmasim_phys_addr_t base,
					       cmasim_phys_addr_t size);
/**
 * cmasim_memblock_clear_hotplug() - clear MEMBLOCK_HOTPLUG.
 * @sim: instance.  @base, @size: range.
 *
 * Return: as cmasim_memblock_mark_hotplug().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_clear_hotplug().
 */
CMASIM_EXPORT int cmasim_memblock_clear_hotplug(struct cmasim *sim,
						cmasim_phys_addr_t base,
						cmasim_phys_addr_t size);
/**
 * cmasim_memblock_mark_mirror() - set MEMBLOCK_MIRROR on memory.
 * @sim: instance.  @base, @size: range.
 *
 * Without kernelcore=mirror (cmasim_memblock_set_mirrored_kernelcore())
 * this does nothing, as in the kernel.  Otherwise the allocator prefers
 * mirrored memory from now on.
 * Return: as cmasim_memblock_mark_hotplug().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_mark_mirror().
 */
CMASIM_EXPORT int cmasim_memblock_mark_mirror(struct cmasim *sim,
					      cmasim_phys_addr_t base,
					      cmasim_phys_addr_t size);
/**
 * cmasim_memblock_clear_mirror() - clear MEMBLOCK_MIRROR.
 * @sim: instance.  @base, @size: range.
 *
 * Return: as cmasim_memblock_mark_hotplug().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: nothing: the kernel has no memblock_clear_mirror(); this is
 * memblock_setclr_flag(..., 0, MEMBLOCK_MIRROR) for experiments.
 */
CMASIM_EXPORT int cmasim_memblock_clear_mirror(struct cmasim *sim,
					       cmasim_phys_addr_t base,
					       cmasim_phys_addr_t size);
/**
 * cmasim_memblock_mark_nomap() - set MEMBLOCK_NOMAP (not in the linear map).
 * @sim: instance.  @base, @size: range.
 *
 * Return: as cmasim_memblock_mark_hotplug().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_mark_nomap().
 */
CMASIM_EXPORT int cmasim_memblock_mark_nomap(struct cmasim *sim,
					     cmasim_phys_addr_t base,
					     cmasim_phys_addr_t size);
/**
 * cmasim_memblock_clear_nomap() - clear MEMBLOCK_NOMAP.
 * @sim: instance.  @base, @size: range.
 *
 * Return: as cmasim_memblock_mark_hotplug().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_clear_nomap().
 */
CMASIM_EXPORT int cmasim_memblock_clear_nomap(struct cmasim *sim,
					      cmasim_phys_addr_t base,
					      cmasim_phys_addr_t size);
/**
 * cmasim_memblock_reserved_mark_noinit() - set MEMBLOCK_RSRV_NOINIT on a
 * reserved range (struct pages left uninitialised).
 * @sim: instance.  @base, @size: range of the reserved array.
 *
 * Return: 0; -EINVAL NULL @sim, Linux 6.1 (no such flag) or bad base; -ENOMEM
 * split impossible; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_reserved_mark_noinit() (6.12).
 */
CMASIM_EXPORT int cmasim_memblock_reserved_mark_noinit(struct cmasim *sim,
						       cmasim_phys_addr_t base,
						       cmasim_phys_addr_t size);
/**
 * cmasim_memblock_set_node() - set the node id of a range.
 * @sim: instance.  @base, @size: range.  @type: which array.
 * @nid: the node, kept as given (as memblock_add_node() keeps it).
 *
 * Without CONFIG_NUMA this does nothing and every region reads node 0.
 * Return: 0; -EINVAL NULL @sim, bad type or base; -ENOMEM split
 * impossible; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_set_node().
 */
CMASIM_EXPORT int cmasim_memblock_set_node(struct cmasim *sim,
					   cmasim_phys_addr_t base,
					   cmasim_phys_addr_t size,
					   enum cmasim_memblock_type type,
					   int nid);

/**
 * cmasim_memblock_set_debug() - memblock=debug on or off.
 * @sim: instance.  @on: print the memblock_dbg() lines.
 *
 * Return: 0; -EINVAL @sim NULL.
 * @sim is borrowed for the call.
 * Mirrors: early_memblock() ("memblock=debug").
 */
CMASIM_EXPORT int cmasim_memblock_set_debug(struct cmasim *sim, bool on);
/**
 * cmasim_memblock_set_movable_node() - the movable_node boot option: the
 * free-range walks and allocations skip HOTPLUG memory.
 * @sim: instance.  @on: movable_node_is_enabled().
 *
 * Return: 0; -EINVAL @sim NULL; -EPERM wrong phase.
 * @sim is borrowed for the call.
 * Mirrors: cmdline_parse_movable_node() in mm/memory_hotplug.c.
 */
CMASIM_EXPORT int cmasim_memblock_set_movable_node(struct cmasim *sim,
						   bool on);
/**
 * cmasim_memblock_set_mirrored_kernelcore() - kernelcore=mirror: lets
 * cmasim_memblock_mark_mirror() take effect.
 * @sim: instance.  @on: mirrored_kernelcore.
 *
 * Return: 0; -EINVAL @sim NULL; -EPERM wrong phase.
 * @sim is borrowed for the call.
 * Mirrors: mirrored_kernelcore in mm/mm_init.c.
 */
CMASIM_EXPORT int cmasim_memblock_set_mirrored_kernelcore(struct cmasim *sim,
							  bool on);
/**
 * cmasim_memblock_set_bottom_up() - choose the search direction.
 * @sim: instance.  @enable: true for bottom-up, false for top-down (default).
 *
 * Return: 0; -EINVAL @sim NULL; -EPERM wrong phase.
 * @sim is borrowed for the call.
 * Mirrors: memblock_set_bottom_up().
 */
CMASIM_EXPORT int cmasim_memblock_set_bottom_up(struct cmasim *sim,
						bool enable);
/**
 * cmasim_memblock_bottom_up() - the search direction.
 * @sim: instance.
 *
 * Return: true when bottom-up (false for NULL @sim).
 * @sim is borrowed for the call.
 * Mirrors: memblock_bottom_up().
 */
CMASIM_EXPORT bool cmasim_memblock_bottom_up(const struct cmasim *sim);
/**
 * cmasim_memblock_set_current_limit() - top of MEMBLOCK_ALLOC_ACCESSIBLE.
 * @sim: instance.  @limit: address (CMASIM_MEMBLOCK_ALLOC_ANYWHERE = none).
 *
 * Return: 0; -EINVAL @sim NULL; -EPERM wrong phase.
 * @sim is borrowed for the call.
 * Mirrors: memblock_set_current_limit().
 */
CMASIM_EXPORT int cmasim_memblock_set_current_limit(struct cmasim *sim,
						    cmasim_phys_addr_t limit);
/**
 * cmasim_memblock_get_current_limit() - the current limit.
 * @sim: instance.
 *
 * Return: the limit (0 for NULL @sim).
 * @sim is borrowed for the call.
 * Mirrors: memblock_get_current_limit().
 */
CMASIM_EXPORT cmasim_phys_addr_t
cmasim_memblock_get_current_limit(const struct cmasim *sim);
/**
 * cmasim_memblock_allow_resize() - let full arrays double, taking the new
 * array from memblock itself (a reserved region).
 * @sim: instance.
 *
 * Before this, a full array makes the call fail: 6.1 returns -ENOMEM, 6.12
 * panics ("Kernel panic - not syncing: memblock: cannot resize ..."),
 * which we model as the panic line plus -ENOMEM.
 * Return: 0; -EINVAL @sim NULL; -EPERM wrong phase.
 * @sim is borrowed for the call.
 * Mirrors: memblock_allow_resize().
 */
CMASIM_EXPORT int cmasim_memblock_allow_resize(struct cmasim *sim);

/**
 * cmasim_memblock_alloc_range_nid() - find and reserve @size bytes.
 * @sim: instance.  @size: bytes.  @align: power of two, or 0 (the kernel
 * dumps the stack and uses SMP_CACHE_BYTES; we add a diagnostic).
 * @start, @end: window (@end CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE = the
 * current limit).  @nid: preferred node or NUMA_NO_NODE; any value (6.12
 * takes one outside 0..MAX_NUMNODES-1 as any node, 6.1 finds no region of
 * it).  @exact_nid: do not fall back to other nodes.  @base: the address
 * found; untouched on failure.
 *
 * Tries node @nid, then any node (unless @exact_nid), then without the
 * MIRROR requirement ("Could not allocate ... of mirrored memory").  Page 0
 * is never returned.  Prints only the memblock_reserve debug line.
 * Return: 0; -EINVAL NULL @sim or @base, or bad align; -ENOMEM no room;
 * -EPERM wrong phase.
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_alloc_range_nid() (which returns 0 for failure).
 */
CMASIM_EXPORT int cmasim_memblock_alloc_range_nid(struct cmasim *sim,
						  cmasim_phys_addr_t size,
						  cmasim_phys_addr_t align,
						  cmasim_phys_addr_t start,
						  cmasim_phys_addr_t end,
						  int nid, bool exact_nid,
						  cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_phys_alloc_range() - allocate in [@start, @end), any node.
 * @sim: instance.  @size, @align, @start, @end: as above.  @base: result.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_phys_alloc_range() and its debug line.
 */
CMASIM_EXPORT int cmasim_memblock_phys_alloc_range(struct cmasim *sim,
						   cmasim_phys_addr_t size,
						   cmasim_phys_addr_t align,
						   cmasim_phys_addr_t start,
						   cmasim_phys_addr_t end,
						   cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_phys_alloc() - allocate below the current limit.
 * @sim: instance.  @size, @align: as above.  @base: result.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_phys_alloc() (memblock_phys_alloc_range(size, align,
 * 0, MEMBLOCK_ALLOC_ACCESSIBLE)).
 */
CMASIM_EXPORT int cmasim_memblock_phys_alloc(struct cmasim *sim,
					     cmasim_phys_addr_t size,
					     cmasim_phys_addr_t align,
					     cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_phys_alloc_try_nid() - allocate preferring node @nid.
 * @sim: instance.  @size, @align, @nid: as above.  @base: result.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_phys_alloc_try_nid() (no debug line of its own).
 */
CMASIM_EXPORT int cmasim_memblock_phys_alloc_try_nid(struct cmasim *sim,
						     cmasim_phys_addr_t size,
						     cmasim_phys_addr_t align,
						     int nid,
						     cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_alloc_try_nid() - the virtual-address allocator, by
 * physical address: @max_addr is clamped to the current limit, and a
 * failure with @min_addr retries from 0.
 * @sim: instance.  @size, @align: as above.  @min_addr, @max_addr: window
 * (@max_addr 0 = accessible).  @nid: preferred node.  @base: result.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_alloc_try_nid() and its debug line.
 */
CMASIM_EXPORT int cmasim_memblock_alloc_try_nid(struct cmasim *sim,
						cmasim_phys_addr_t size,
						cmasim_phys_addr_t align,
						cmasim_phys_addr_t min_addr,
						cmasim_phys_addr_t max_addr,
						int nid,
						cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_alloc_try_nid_raw() - as cmasim_memblock_alloc_try_nid()
 * without zeroing (nothing to zero here; the debug line differs).
 * @sim, @size, @align, @min_addr, @max_addr, @nid, @base: as above.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_alloc_try_nid_raw().
 */
CMASIM_EXPORT int cmasim_memblock_alloc_try_nid_raw(struct cmasim *sim,
						    cmasim_phys_addr_t size,
						    cmasim_phys_addr_t align,
						    cmasim_phys_addr_t min_addr,
						    cmasim_phys_addr_t max_addr,
						    int nid,
						    cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_alloc_exact_nid_raw() - allocate on node @nid only.
 * @sim, @size, @align, @min_addr, @max_addr, @nid, @base: as above.
 *
 * Return: as cmasim_memblock_alloc_range_nid().
 * The range is reserved in memblock for the caller, who may give it
 * back with cmasim_memblock_phys_free(); *@base is the caller's.
 * Mirrors: memblock_alloc_exact_nid_raw().
 */
CMASIM_EXPORT int cmasim_memblock_alloc_exact_nid_raw(struct cmasim *sim,
						      cmasim_phys_addr_t size,
						      cmasim_phys_addr_t align,
						      cmasim_phys_addr_t min_addr,
						      cmasim_phys_addr_t max_addr,
						      int nid,
						      cmasim_phys_addr_t *base);
/**
 * cmasim_memblock_find_in_range_node() - search without reserving.
 * @sim: instance.  @size, @align (power of two), @start, @end, @nid: as
 * above.  @flags: CMASIM_MEMBLOCK_* filter (MIRROR: only mirrored; NOMAP:
 * include nomap).  @base: result.
 *
 * Return: 0; -EINVAL NULL @sim or @base, or bad align; -ENOMEM nothing found.
 * Nothing is reserved; *@base is the caller's.
 * Mirrors: memblock_find_in_range_node() (which returns 0 for "none").
 */
CMASIM_EXPORT int cmasim_memblock_find_in_range_node(struct cmasim *sim,
						     cmasim_phys_addr_t size,
						     cmasim_phys_addr_t align,
						     cmasim_phys_addr_t start,
						     cmasim_phys_addr_t end,
						     int nid,
						     unsigned int flags,
						     cmasim_phys_addr_t *base);

/**
 * cmasim_memblock_find_in_range() - search any node without reserving,
 * mirrored memory first.
 * @sim: instance.  @start, @end: window (@end
 * CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE = the current limit).  @size: bytes.
 * @align: power of two.  @base: result.
 *
 * When the system has mirrored memory (cmasim_memblock_has_mirror()),
 * only mirrored regions are searched first; if none fits, the kernel's
 * "Could not allocate ... of mirrored memory" warning is printed and any
 * region is searched.
 * Return: 0; -EINVAL NULL @sim or @base, or bad align; -ENOMEM nothing
 * found.  Nothing is reserved; *@base is the caller's.
 * Mirrors: memblock_find_in_range() (static in mm/memblock.c, which
 * memblock_double_array() uses; it returns 0 for "none").
 */
CMASIM_EXPORT int cmasim_memblock_find_in_range(struct cmasim *sim,
						cmasim_phys_addr_t start,
						cmasim_phys_addr_t end,
						cmasim_phys_addr_t size,
						cmasim_phys_addr_t align,
						cmasim_phys_addr_t *base);

/**
 * cmasim_memblock_search_pfn_nid() - the memory region holding a pfn.
 * @sim: instance.  @pfn: page frame number.  @start_pfn, @end_pfn: the
 * region's pfns [start, end), or NULL.  @nid: the region's node.
 *
 * Return: 0; -EINVAL NULL @sim or @nid; -ENOENT @pfn is in no memory
 * region (the kernel returns NUMA_NO_NODE).  The outputs are the
 * caller's; nothing is written on failure.
 * Mirrors: memblock_search_pfn_nid().
 */
CMASIM_EXPORT int cmasim_memblock_search_pfn_nid(const struct cmasim *sim,
						 cmasim_pfn_t pfn,
						 cmasim_pfn_t *start_pfn,
						 cmasim_pfn_t *end_pfn,
						 int *nid);

/**
 * cmasim_memblock_has_mirror() - whether some memory is marked mirrored.
 * @sim: instance.
 *
 * True once cmasim_memblock_mark_mirror() marked a range with
 * kernelcore=mirror in effect; allocations then prefer mirrored memory.
 * Return: true or false (false for NULL @sim).
 * Mirrors: memblock_has_mirror() (6.12; 6.1's system_has_some_mirror).
 */
CMASIM_EXPORT bool cmasim_memblock_has_mirror(const struct cmasim *sim);

/**
 * cmasim_memblock_get_mirrored_kernelcore() - whether kernelcore=mirror
 * is in effect (cmasim_memblock_set_mirrored_kernelcore()).
 * @sim: instance.
 *
 * Return: true or false (false for NULL @sim).
 * Mirrors: the mirrored_kernelcore variable of mm/mm_init.c.
 */
CMASIM_EXPORT bool
cmasim_memblock_get_mirrored_kernelcore(const struct cmasim *sim);

/**
 * cmasim_memblock_phys_mem_size() - total bytes of memory.
 * @sim: instance.
 * Return: memblock.memory.total_size (0 for NULL).
 * @sim is borrowed for the call.
 * Mirrors: memblock_phys_mem_size().
 */
CMASIM_EXPORT cmasim_phys_addr_t
cmasim_memblock_phys_mem_size(const struct cmasim *sim);
/**
 * cmasim_memblock_reserved_size() - total bytes reserved.
 * @sim: instance.
 * Return: memblock.reserved.total_size (0 for NULL).
 * @sim is borrowed for the call.
 * Mirrors: memblock_reserved_size().
 */
CMASIM_EXPORT cmasim_phys_addr_t
cmasim_memblock_reserved_size(const struct cmasim *sim);
/**
 * cmasim_memblock_start_of_DRAM() - base of the first memory region.
 * @sim: instance.
 * Return: the address (0 when empty or NULL).
 * @sim is borrowed for the call.
 * Mirrors: memblock_start_of_DRAM().
 */
CMASIM_EXPORT cmasim_phys_addr_t
cmasim_memblock_start_of_DRAM(const struct cmasim *sim);
/**
 * cmasim_memblock_end_of_DRAM() - end of the last memory region.
 * @sim: instance.
 * Return: the address (0 when empty or NULL).
 * @sim is borrowed for the call.
 * Mirrors: memblock_end_of_DRAM().
 */
CMASIM_EXPORT cmasim_phys_addr_t
cmasim_memblock_end_of_DRAM(const struct cmasim *sim);
/**
 * cmasim_memblock_is_memory() - is @addr inside a memory region.
 * @sim: instance.  @addr: address.
 * Return: true or false.
 * @sim is borrowed for the call.
 * Mirrors: memblock_is_memory().
 */
CMASIM_EXPORT bool cmasim_memblock_is_memory(const struct cmasim *sim,
					     cmasim_phys_addr_t addr);
/**
 * cmasim_memblock_is_map_memory() - memory and not NOMAP.
 * @sim: instance.  @addr: address.
 * Return: true or false.
 * @sim is borrowed for the call.
 * Mirrors: memblock_is_map_memory().
 */
CMASIM_EXPORT bool cmasim_memblock_is_map_memory(const struct cmasim *sim,
						 cmasim_phys_addr_t addr);
/**
 * cmasim_memblock_is_reserved() - is @addr inside a reserved region.
 * @sim: instance.  @addr: address.
 * Return: true or false.
 * @sim is borrowed for the call.
 * Mirrors: memblock_is_reserved().
 */
CMASIM_EXPORT bool cmasim_memblock_is_reserved(const struct cmasim *sim,
					       cmasim_phys_addr_t addr);
/**
 * cmasim_memblock_is_region_memory() - is the whole range inside one
 * memory region.
 * @sim: instance.  @base, @size: range.
 * Return: true or false.
 * @sim is borrowed for the call.
 * Mirrors: memblock_is_region_memory().
 */
CMASIM_EXPORT bool cmasim_memblock_is_region_memory(const struct cmasim *sim,
						    cmasim_phys_addr_t base,
						    cmasim_phys_addr_t size);
/**
 * cmasim_memblock_is_region_reserved() - does the range overlap any
 * reserved region.
 * @sim: instance.  @base, @size: range.
 * Return: true or false.
 * @sim is borrowed for the call.
 * Mirrors: memblock_is_region_reserved().
 */
CMASIM_EXPORT bool cmasim_memblock_is_region_reserved(const struct cmasim *sim,
						      cmasim_phys_addr_t base,
						      cmasim_phys_addr_t size);
/**
 * cmasim_memblock_overlaps_region() - does the range overlap a region of
 * @type.
 * @sim: instance.  @type: array.  @base, @size: range.
 * Return: true or false (false for a bad @type).
 * @sim is borrowed for the call.
 * Mirrors: memblock_overlaps_region().
 */
CMASIM_EXPORT bool cmasim_memblock_overlaps_region(const struct cmasim *sim,
						   enum cmasim_memblock_type type,
						   cmasim_phys_addr_t base,
						   cmasim_phys_addr_t size);

/**
 * cmasim_memblock_trim_memory() - shrink memory regions to @align
 * boundaries, dropping those that vanish.
 * @sim: instance.  @align: power of two.
 * Return: 0; -EINVAL NULL @sim or bad align; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_trim_memory().
 */
CMASIM_EXPORT int cmasim_memblock_trim_memory(struct cmasim *sim,
					      cmasim_phys_addr_t align);
/**
 * cmasim_memblock_enforce_memory_limit() - mem=: keep the first @limit
 * bytes of memory, cut memory and reserved above that address.
 * @sim: instance.  @limit: bytes (0 = no limit).
 * Return: 0; -EINVAL NULL @sim; -ENOMEM split impossible; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_enforce_memory_limit().
 */
CMASIM_EXPORT int cmasim_memblock_enforce_memory_limit(struct cmasim *sim,
						       cmasim_phys_addr_t limit);
/**
 * cmasim_memblock_cap_memory_range() - keep only [@base, @base + @size) of
 * memory (NOMAP regions outside survive) and of reserved.
 * @sim: instance.  @base, @size: range to keep.
 * Return: 0 (also for "No memory registered yet", which is printed); -EINVAL
 * NULL @sim; -ENOMEM split impossible; -EPERM wrong phase.
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_cap_memory_range().
 */
CMASIM_EXPORT int cmasim_memblock_cap_memory_range(struct cmasim *sim,
						   cmasim_phys_addr_t base,
						   cmasim_phys_addr_t size);
/**
 * cmasim_memblock_mem_limit_remove_map() - arm64's mem=: cap to the first
 * @limit bytes, keeping NOMAP regions.
 * @sim: instance.  @limit: bytes (0 = none).
 * Return: as cmasim_memblock_cap_memory_range().
 * @sim is borrowed for the call; memblock keeps the bounds only.
 * Mirrors: memblock_mem_limit_remove_map().
 */
CMASIM_EXPORT int cmasim_memblock_mem_limit_remove_map(struct cmasim *sim,
						       cmasim_phys_addr_t limit);

/**
 * cmasim_memblock_region_count() - entries in an array.
 * @sim: instance.  @type: array.
 * Return: memblock.<type>.cnt (6.1 counts its empty dummy entry as 1); 0 for
 * NULL or a bad @type.
 * @sim is borrowed for the call.
 * Mirrors: memblock.memory.cnt / memblock.reserved.cnt.
 */
CMASIM_EXPORT unsigned long
cmasim_memblock_region_count(const struct cmasim *sim,
			     enum cmasim_memblock_type type);
/**
 * cmasim_memblock_get_region() - copy out one entry.
 * @sim: instance.  @type: array.  @idx: index below the count.
 * @region: filled on success; nid as memblock_get_region_node() reads it.
 * Return: 0; -EINVAL NULL @sim or @region, or bad @type; -ERANGE @idx >= count.
 * @region is the caller's copy; it holds no pointer into @sim.
 * Mirrors: memblock.<type>.regions[idx].
 */
CMASIM_EXPORT int cmasim_memblock_get_region(const struct cmasim *sim,
					     enum cmasim_memblock_type type,
					     unsigned long idx,
					     struct cmasim_memblock_region *region);

/**
 * cmasim_memblock_range_fn - receives one range [@start, @end) of node
 * @nid; a non-zero return stops the walk and is returned by it.
 */
typedef int (*cmasim_memblock_range_fn)(cmasim_phys_addr_t start,
					cmasim_phys_addr_t end, int nid,
					void *data);
/**
 * cmasim_memblock_for_each_free_range() - walk memory minus reserved.
 * @sim: instance.  @nid: node or NUMA_NO_NODE.  @flags: CMASIM_MEMBLOCK_*
 * filter as __next_mem_range() applies it (MIRROR: mirrored only; NOMAP
 * and DRIVER_MANAGED skipped unless asked; HOTPLUG skipped under
 * movable_node unless asked).  @reverse: from the top down.  @fn, @data:
 * callback.  The arrays must not be changed from @fn.
 * Return: 0 after the whole walk; @fn's non-zero value; -EINVAL NULL @sim or
 * @fn.
 * @data stays the caller's; @fn gets the ranges by value.
 * Mirrors: for_each_free_mem_range() / for_each_free_mem_range_reverse().
 */
CMASIM_EXPORT int cmasim_memblock_for_each_free_range(const struct cmasim *sim,
						      int nid,
						      unsigned int flags,
						      bool reverse,
						      cmasim_memblock_range_fn fn,
						      void *data);
/**
 * cmasim_memblock_for_each_mem_range() - walk memory regions, skipping
 * NOMAP (and HOTPLUG under movable_node: the kernel passes HOTPLUG and
 * DRIVER_MANAGED, so those are included).
 * @sim: instance.  @reverse: top down.  @fn, @data: callback.
 * Return: as cmasim_memblock_for_each_free_range().
 * @data stays the caller's; @fn gets the ranges by value.
 * Mirrors: for_each_mem_range() / for_each_mem_range_rev().
 */
CMASIM_EXPORT int cmasim_memblock_for_each_mem_range(const struct cmasim *sim,
						     bool reverse,
						     cmasim_memblock_range_fn fn,
						     void *data);
/**
 * cmasim_memblock_for_each_reserved_range() - walk reserved regions.
 * @sim: instance.  @fn, @data: callback (nid as stored).
 * Return: as cmasim_memblock_for_each_free_range().
 * @data stays the caller's; @fn gets the ranges by value.
 * Mirrors: for_each_reserved_mem_range().
 */
CMASIM_EXPORT int
cmasim_memblock_for_each_reserved_range(const struct cmasim *sim,
					cmasim_memblock_range_fn fn,
					void *data);
/**
 * cmasim_memblock_dump() - print "MEMBLOCK configuration:" and both arrays
 * to dmesg, whatever memblock=debug says.
 * @sim: instance.
 * Return: 0; -EINVAL NULL @sim.
 * @sim is borrowed for the call.
 * Mirrors: __memblock_dump_all().
 */
CMASIM_EXPORT int cmasim_memblock_dump(struct cmasim *sim);
/**
 * cmasim_memblock_dump_all() - the dump only under memblock=debug.
 * @sim: instance.
 * Return: 0; -EINVAL NULL @sim.
 * @sim is borrowed for the call.
 * Mirrors: memblock_dump_all().
 */
CMASIM_EXPORT int cmasim_memblock_dump_all(struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_MEMBLOCK_H */
