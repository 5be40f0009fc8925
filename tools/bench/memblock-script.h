/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memblock operation scripts: the one reader both memblock drivers use
 * (bench-memblock for libcmasim, memblock-peer for the kernel's
 * mm/memblock.c), so that both run exactly the same operations.
 *
 * A script is text, one operation per line, named after the kernel call
 * without its "memblock_" prefix; '#' starts a comment.  Numbers are C
 * literals (0x... or decimal).  An address operand may instead be
 * "@K" or "@K+OFF": the address returned by the script's K-th allocation
 * (0 when it failed), plus OFF, so a script can free what it allocated
 * without knowing where it landed.
 *
 *   allow_resize                     mirrored_kernelcore 0|1
 *   set_bottom_up 0|1                movable_node 0|1
 *   set_current_limit LIMIT
 *   add BASE SIZE                    add_node BASE SIZE NID FLAGS
 *   remove BASE SIZE                 reserve BASE SIZE
 *   phys_free BASE SIZE
 *   mark_hotplug BASE SIZE           clear_hotplug BASE SIZE
 *   mark_mirror BASE SIZE            mark_nomap BASE SIZE
 *   clear_nomap BASE SIZE            reserved_mark_noinit BASE SIZE
 *   set_node BASE SIZE memory|reserved NID
 *   alloc_range_nid SIZE ALIGN START END NID EXACT
 *   phys_alloc_range SIZE ALIGN START END
 *   alloc_try_nid_raw SIZE ALIGN MIN MAX NID
 *   alloc_exact_nid_raw SIZE ALIGN MIN MAX NID
 *   enforce_memory_limit LIMIT       mem_limit_remove_map LIMIT
 *   cap_memory_range BASE SIZE       trim_memory ALIGN
 *
 * The result of a run is every allocation's address and the final region
 * arrays, printed by mbs_print_result() in one format for both drivers.
 */
#ifndef MEMBLOCK_SCRIPT_H
#define MEMBLOCK_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mbs_kind {
	MBS_ALLOW_RESIZE,
	MBS_MIRRORED_KERNELCORE,
	MBS_MOVABLE_NODE,
	MBS_SET_BOTTOM_UP,
	MBS_SET_CURRENT_LIMIT,
	MBS_ADD,
	MBS_ADD_NODE,
	MBS_REMOVE,
	MBS_RESERVE,
	MBS_PHYS_FREE,
	MBS_MARK_HOTPLUG,
	MBS_CLEAR_HOTPLUG,
	MBS_MARK_MIRROR,
	MBS_MARK_NOMAP,
	MBS_CLEAR_NOMAP,
	MBS_RESERVED_MARK_NOINIT,
	MBS_SET_NODE,
	MBS_ALLOC_RANGE_NID,
	MBS_PHYS_ALLOC_RANGE,
	MBS_ALLOC_TRY_NID_RAW,
	MBS_ALLOC_EXACT_NID_RAW,
	MBS_ENFORCE_MEMORY_LIMIT,
	MBS_MEM_LIMIT_REMOVE_MAP,
	MBS_CAP_MEMORY_RANGE,
	MBS_TRIM_MEMORY,
	MBS_NR_KINDS
};

/* No allocation referenced: the operand is the literal in mbs_op.a[0]. */
#define MBS_NO_REF UINT32_MAX

struct mbs_op {
	enum mbs_kind kind;
	/*
	 * Operands in script order: BASE SIZE for ranges, SIZE ALIGN
	 * START END for allocations, LIMIT or ALIGN or 0|1 in a[0].
	 */
	uint64_t a[4];
	int nid;
	uint32_t flags;		/* add_node */
	bool flag;		/* EXACT; set_node: reserved */
	uint32_t ref;		/* a[0] is an offset from allocation @ref */
	uint32_t alloc_idx;	/* allocations: index into the results */
};

struct mbs_script {
	struct mbs_op *ops;
	size_t nr_ops;
	size_t nr_allocs;
	/* Highest address memory added by the script reaches (exclusive). */
	uint64_t max_end;
};

/* Kernel names of the operations, "add", "alloc_range_nid", ... */
extern const char *const mbs_kind_name[MBS_NR_KINDS];

/*
 * Read @path into @s (caller frees with mbs_free()).  Returns 0, or -1
 * after printing "path:line: why" to stderr.
 */
int mbs_load(const char *path, struct mbs_script *s);
void mbs_free(struct mbs_script *s);

/* An operation's first operand with its allocation reference resolved. */
static inline uint64_t mbs_addr(const struct mbs_op *op,
				const uint64_t *results)
{
	return op->ref == MBS_NO_REF ? op->a[0] : results[op->ref] + op->a[0];
}

/* One region as both drivers print it. */
struct mbs_region {
	uint64_t base;
	uint64_t size;
	uint32_t flags;
	int nid;
};

/*
 * The result of a run: "alloc K 0x..." for every allocation, then each
 * array's count and total_size and its regions.
 */
void mbs_print_allocs(FILE *fp, const uint64_t *results, size_t nr);
void mbs_print_type(FILE *fp, const char *name, uint64_t total_size,
		    const struct mbs_region *r, size_t cnt);

/* Simple timing helpers shared by the drivers. */
double mbs_now_ns(void);
/* Sort @v (n values) and return the median. */
double mbs_median(double *v, size_t n);
double mbs_min(const double *v, size_t n);

#endif /* MEMBLOCK_SCRIPT_H */
