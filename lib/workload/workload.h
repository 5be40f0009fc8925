/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The workload layer's state (struct cmasim's workload member): the named
 * allocations of <cmasim/workload.h>, each with its blocks in allocation
 * order.  lib/workload/workload.c creates and destroys it and runs the
 * steps; the scenario runner (workload/scenario*.c) drives them from a
 * file.
 */
#ifndef CMS_WORKLOAD_H
#define CMS_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/workload.h>

struct cmasim;

/* Block flags. */
#define CMS_WL_MOVABLE	0x1u	/* allocated movable: may migrate */
#define CMS_WL_PINNED	0x2u	/* long-term pinned by the workload */
#define CMS_WL_DEAD	0x4u	/* freed or reclaimed: a slot to reuse */

/*
 * One block.  Page blocks carry their slot index as the content tag of
 * their head page, so that the migration callback finds the slot in O(1);
 * dead slots are squeezed out at the end of a call (squeeze()), which
 * re-tags the blocks that moved down.
 */
struct cms_wl_block {
	uint64_t pfn;		/* first pfn, where the pages are now */
	uint64_t nr_pages;
	uint64_t size;		/* DMA: bytes asked; else 0 */
	uint64_t dma_addr;	/* DMA: the handle; else 0 */
	uint64_t death;		/* random phase: the op it dies at; 0 never */
	uint8_t order;		/* page blocks: the order */
	uint8_t flags;		/* CMS_WL_* */
	int8_t dma_path;	/* DMA: enum cmasim_dma_path; else -1 */
};

/* One named allocation. */
struct cms_wl_alloc {
	char name[CMASIM_WORKLOAD_NAME_MAX + 1];
	enum cmasim_workload_kind kind;
	enum cmasim_workload_owner owner;
	uint32_t handle;		/* pages: its migration owner */
	struct cmasim_cma *cma;		/* CMA: the area */
	struct cmasim_device *dev;	/* DMA: the device */
	GArray *blocks;			/* struct cms_wl_block, oldest first */
	uint64_t nr_live, nr_pages, nr_pinned;
	uint64_t migrated, dropped;
	struct cmasim *sim;		/* for the migration callback */
};

struct cms_workload {
	GPtrArray *allocs;		/* struct cms_wl_alloc *, creation order */
	GHashTable *by_name;		/* name -> struct cms_wl_alloc * */
	uint32_t next_handle;
};

/* The state's life: 0 or -ENOMEM. */
int cms_workload_init(struct cmasim *sim);
void cms_workload_fini(struct cmasim *sim);
/*
 * Invariants (cmasim_check()): every live page block is the head of an
 * allocated block of its order carrying its owner and slot, pinned
 * exactly when the workload pinned it; the counts add up.  0 or -EUCLEAN
 * (each break on diag).
 */
int cms_workload_check(struct cmasim *sim);

/* The named allocation @name, or NULL. */
struct cms_wl_alloc *cms_workload_find(const struct cmasim *sim,
				       const char *name);

#endif /* CMS_WORKLOAD_H */
