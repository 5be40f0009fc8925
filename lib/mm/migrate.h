/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The movable-page model and page migration (mm/migrate.c) as
 * contiguous allocation uses them.
 */
#ifndef CMS_MIGRATE_H
#define CMS_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/pages.h>

struct cmasim;
struct cms_zone;

struct cms_owner {
	enum cmasim_owner_kind kind;
	cmasim_migrate_fn fn;
	void *data;
};

struct cms_migrate {
	GHashTable *owners;		/* owner -> struct cms_owner */
	uint32_t fail_ppm;		/* transient failure, per million */
	struct cmasim_migrate_stats st;
	uint64_t dropped_pages;		/* pages of st.dropped's blocks */
};

/* The state's life (struct cmasim's migrate member): 0 or -ENOMEM. */
int cms_migrate_init(struct cmasim *sim);
void cms_migrate_fini(struct cmasim *sim);

/* The head of the block covering @pfn in @z, or UINT64_MAX. */
uint64_t cms_block_head(const struct cmasim *sim, const struct cms_zone *z,
			uint64_t pfn);

/* Some owner is registered (else every page is anonymous). */
bool cms_migrate_has_owners(const struct cmasim *sim);
/* Some registered owner has a function to tell of its pages' moves. */
bool cms_migrate_tells_owners(const struct cmasim *sim);
/* Registered kind of @owner (ANON when unknown). */
enum cmasim_owner_kind cms_owner_kind(struct cmasim *sim, uint32_t owner);

/*
 * reclaim_clean_pages_from_list() for one block: drop an unpinned clean
 * page-cache block (freed to the buddy, owner told).  True if dropped.
 */
bool cms_reclaim_clean_block(struct cmasim *sim, struct cms_zone *z,
			     uint64_t pfn);

/*
 * One migration attempt of the allocated movable block at @pfn of @z
 * (unmap_and_move): 0 moved, *@new_pfn its new head; -EAGAIN a transient
 * failure or a pinned block (retryable in the kernel's eyes); -ENOMEM no
 * target page.  The owner's callback runs after a move.
 */
int cms_migrate_block(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		      uint64_t *new_pfn);
/*
 * One pass of migrate_pages() over the @n heads in @pfn (blocks of @z):
 * each as cms_migrate_block() in turn; those that did not move stay in
 * @pfn in their order, *@n their count.  0, or -ENOMEM where a target
 * could not be had (the blocks from there on stay untried).  Runs of
 * plain order-0 blocks move in one go where nothing can look in between
 * (no policy hook, failure rate, trace event or owner told of moves).
 */
int cms_migrate_blocks(struct cmasim *sim, struct cms_zone *z, uint64_t *pfn,
		       unsigned int *n);

/*
 * The owner, pin and tag calls for callers inside the library, which
 * pass what the public calls check: an owner handle other than 0 and a
 * known kind; the pfn of an allocated block's head.
 */
void cms_owner_register(struct cmasim *sim, uint32_t owner,
			enum cmasim_owner_kind kind, cmasim_migrate_fn fn,
			void *data);
void cms_page_set_owner(struct cmasim *sim, uint64_t pfn, uint32_t owner,
			uint64_t tag);
void cms_page_set_pinned(struct cmasim *sim, uint64_t pfn, bool pin);

#endif /* CMS_MIGRATE_H */
