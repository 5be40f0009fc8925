/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The movable-page model: owners of allocated movable blocks, their
 * content tags, long-term pins, and the migration that contiguous
 * allocation performs (mm/migrate.c, mm/vmscan.c
 * reclaim_clean_pages_from_list).  An owner registers a callback and sees
 * every move of its blocks; clean page-cache blocks are dropped instead
 * of migrated; a seeded probability injects the transient failures
 * (locked page, writeback) that make migrate_pages() retry.
 */
#ifndef CMASIM_MIGRATE_H
#define CMASIM_MIGRATE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/** What an owner's blocks are, for migration. */
enum cmasim_owner_kind {
	CMASIM_OWNER_ANON = 0,		/**< anonymous memory: migrated */
	CMASIM_OWNER_FILE_DIRTY,	/**< dirty page cache: migrated */
	CMASIM_OWNER_FILE_CLEAN,	/**< clean page cache: dropped */
};

/** new_pfn of a dropped block (clean page cache reclaimed). */
#define CMASIM_PFN_DROPPED (~(cmasim_pfn_t)0)

/**
 * cmasim_migrate_fn - told of every move of an owner's block.
 * @owner: the handle.  @old_pfn/@new_pfn: head before and after
 * (@new_pfn is CMASIM_PFN_DROPPED when the block was reclaimed).
 * @order: block order.  @tag: the block's content tag, which the new
 * head carries.  The callback may call getters only.
 */
typedef void (*cmasim_migrate_fn)(uint32_t owner, cmasim_pfn_t old_pfn,
				  cmasim_pfn_t new_pfn, unsigned int order,
				  uint64_t tag, void *data);

/**
 * cmasim_owner_register() - declare owner @owner (non-zero).
 * @kind: CMASIM_OWNER_*.  @fn: may be NULL.  Registering again replaces.
 * Blocks with an unregistered non-zero owner, or owner 0, are anonymous
 * and nobody is told when they move.
 * Return: 0; -EINVAL @owner 0 or unknown @kind.
 * Mirrors: nothing in the kernel (a page's mapping and LRU state).
 */
CMASIM_EXPORT int cmasim_owner_register(struct cmasim *sim, uint32_t owner,
					enum cmasim_owner_kind kind,
					cmasim_migrate_fn fn, void *data);

/**
 * cmasim_page_set_owner() - give the allocated block headed at @pfn an
 * owner and a content tag, which migration carries to the new block.
 * Pin it with cmasim_page_pin().
 * Return: 0; -EINVAL @pfn is not the head of an allocated block.
 * Mirrors: nothing in the kernel (the page's mapping and contents).
 */
CMASIM_EXPORT int cmasim_page_set_owner(struct cmasim *sim, cmasim_pfn_t pfn,
					uint32_t owner, uint64_t tag);

/**
 * cmasim_page_pin() / cmasim_page_unpin() - a long-term pin
 * (FOLL_LONGTERM) on the allocated block headed at @pfn.  Pinned blocks
 * never migrate: an anonymous one is not even isolated, a page-cache one
 * fails every migration attempt.
 * Return: 0; -EINVAL @pfn is not the head of an allocated block; -EPERM
 * before the page allocator runs.
 * Mirrors: pin_user_pages(FOLL_LONGTERM) / unpin_user_page().
 */
CMASIM_EXPORT int cmasim_page_pin(struct cmasim *sim, cmasim_pfn_t pfn);
CMASIM_EXPORT int cmasim_page_unpin(struct cmasim *sim, cmasim_pfn_t pfn);

/**
 * cmasim_migrate_set_failure_rate() - probability, in parts per million,
 * that one migration attempt of a block fails transiently (-EAGAIN),
 * drawn from the instance's seeded generator.  Default 0.
 * Return: 0; -EINVAL above 1000000.
 * Mirrors: the -EAGAIN outcomes of unmap_and_move() (locked page,
 * writeback) in mm/migrate.c.
 */
CMASIM_EXPORT int cmasim_migrate_set_failure_rate(struct cmasim *sim,
						  uint32_t per_million);

/** Counters of the migration layer (the kernel's pgmigrate_* and friends). */
struct cmasim_migrate_stats {
	uint64_t migrated;	/**< blocks moved (pgmigrate_success, blocks) */
	uint64_t migrated_pages;/**< pages moved */
	uint64_t dropped;	/**< clean page-cache blocks reclaimed */
	uint64_t failed;	/**< attempts that failed (pgmigrate_fail) */
};

/**
 * cmasim_migrate_get_stats() - the counters so far, copied to @st.
 * Return: 0; -EINVAL NULL argument.
 * Mirrors: the pgmigrate_success / pgmigrate_fail vm events.
 */
CMASIM_EXPORT int cmasim_migrate_get_stats(const struct cmasim *sim,
					   struct cmasim_migrate_stats *st);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_MIGRATE_H */
