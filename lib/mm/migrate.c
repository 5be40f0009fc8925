// SPDX-License-Identifier: GPL-2.0-only
/*
 * The movable-page model and the migration step of contiguous
 * allocation: mm/migrate.c (migrate_pages -> unmap_and_move, with
 * alloc_migration_target), and the page-cache drop of
 * reclaim_clean_pages_from_list() in mm/vmscan.c.
 *
 * An allocated movable block (CMS_PGF_MOVABLE in the memmap) carries an
 * owner handle and a 64-bit content tag.  Migrating it allocates a target
 * block of the same order with the gfp the kernel uses for contiguous
 * allocation (GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL, on the
 * zone's node), copies owner, tag and compound state, frees the source
 * (into its isolated pageblock) and tells the owner.  A long-term pinned
 * block fails every attempt; a seeded probability makes single attempts
 * fail as a locked or writeback page does.
 *
 * Not the kernel's, and not visible: where nothing can look between two
 * moves, a run of order-0 sources in isolated pageblocks takes all its
 * targets, then frees all its sources (cms_migrate_blocks()); the
 * kernel alternates, with the same outcome, since no allocation reads
 * what those frees change.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/migrate.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

int cms_migrate_init(struct cmasim *sim)
{
	struct cms_migrate *m = g_try_new0(struct cms_migrate, 1);

	if (!m)
		return -ENOMEM;
	m->owners = g_hash_table_new_full(g_direct_hash, g_direct_equal,
					  NULL, g_free);
	sim->migrate = m;
	return 0;
}

void cms_migrate_fini(struct cmasim *sim)
{
	struct cms_migrate *m = sim->migrate;

	if (!m)
		return;
	g_hash_table_destroy(m->owners);
	g_free(m);
	sim->migrate = NULL;
}

static struct cms_migrate *mig(struct cmasim *sim)
{
	return sim->migrate;
}

uint64_t cms_block_head(const struct cmasim *sim, const struct cms_zone *z,
			uint64_t pfn)
{
	const struct cms_page *p = cms_zone_page((struct cms_zone *)z, pfn);

	if (cms_page_state(p) != CMS_PG_TAIL)
		return pfn;
	for (unsigned int o = 1; o <= sim->max_order; o++) {
		uint64_t head = cms_align_down(pfn, UINT64_C(1) << o);

		if (head < z->start_pfn)
			break;
		p = cms_zone_page((struct cms_zone *)z, head);
		if (cms_page_state(p) != CMS_PG_TAIL) {
			if (cms_page_order(p) >= o &&
			    cms_page_state(p) != CMS_PG_RESERVED)
				return head;
			break;
		}
	}
	return UINT64_MAX;
}

enum cmasim_owner_kind cms_owner_kind(struct cmasim *sim, uint32_t owner)
{
	struct cms_owner *o;

	/* no registered owner: every page is anonymous, no lookup needed */
	if (!owner || !g_hash_table_size(sim->migrate->owners))
		return CMASIM_OWNER_ANON;
	o = g_hash_table_lookup(sim->migrate->owners,
				GUINT_TO_POINTER(owner));
	return o ? o->kind : CMASIM_OWNER_ANON;
}

static void tell_owner(struct cmasim *sim, uint32_t owner, uint64_t old_pfn,
		       uint64_t new_pfn, unsigned int order, uint64_t tag)
{
	struct cms_owner *o;

	if (!owner || !g_hash_table_size(sim->migrate->owners))
		return;
	o = g_hash_table_lookup(sim->migrate->owners,
				GUINT_TO_POINTER(owner));
	if (o && o->fn)
		o->fn(owner, old_pfn, new_pfn, order, tag, o->data);
}

bool cms_migrate_has_owners(const struct cmasim *sim)
{
	return g_hash_table_size(sim->migrate->owners) != 0;
}

bool cms_migrate_tells_owners(const struct cmasim *sim)
{
	GHashTableIter it;
	gpointer key, value;

	if (!g_hash_table_size(sim->migrate->owners))
		return false;
	g_hash_table_iter_init(&it, sim->migrate->owners);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (((const struct cms_owner *)value)->fn)
			return true;
	return false;
}

bool cms_reclaim_clean_block(struct cmasim *sim, struct cms_zone *z,
			     uint64_t pfn)
{
	struct cms_page *p = cms_zone_page(z, pfn);
	unsigned int order = cms_page_order(p);
	uint32_t owner = p->a;
	uint64_t tag = p->b;

	if (cms_page_state(p) != CMS_PG_ALLOC || !(p->flags & CMS_PGF_MOVABLE) ||
	    (p->flags & CMS_PGF_PINNED) ||
	    cms_owner_kind(sim, owner) != CMASIM_OWNER_FILE_CLEAN)
		return false;
	cms_free_pages(sim, pfn, order);
	mig(sim)->st.dropped++;
	mig(sim)->dropped_pages += UINT64_C(1) << order;
	tell_owner(sim, owner, pfn, CMASIM_PFN_DROPPED, order, tag);
	return true;
}

/*
 * The migration target (alloc_migration_target() as
 * __alloc_contig_migrate_range() sets it up): the gfp of the new block
 * and its node.  GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL on the
 * source's node; highmem and movable zones may use highmem; a compound
 * block stays compound.  A policy's migration_target hook may change it.
 */
static unsigned int migration_target(const struct cms_zone *z,
				     const struct cms_page *p, int *nid)
{
	unsigned int gfp = CMASIM_GFP_USER | CMASIM___GFP_MOVABLE |
			   CMASIM___GFP_RETRY_MAYFAIL;

	if (z->type == CMS_ZONE_HIGHMEM || z->type == CMS_ZONE_MOVABLE)
		gfp |= CMASIM___GFP_HIGHMEM;
	if (p->flags & CMS_PGF_COMP)
		gfp |= CMASIM___GFP_COMP;
	*nid = z->node->nid;
	return gfp;
}

int cms_kernel_migration_target(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_page *page,
				struct cmasim_policy_target *target)
{
	const struct cms_mm *mm = sim->mm;
	enum cms_zone_type t = mm->zone_type[page->zone %
					     (unsigned int)mm->nr_zones];

	target->gfp = CMASIM_GFP_USER | CMASIM___GFP_MOVABLE |
		      CMASIM___GFP_RETRY_MAYFAIL;
	if (t == CMS_ZONE_HIGHMEM || t == CMS_ZONE_MOVABLE)
		target->gfp |= CMASIM___GFP_HIGHMEM;
	if (page->compound)
		target->gfp |= CMASIM___GFP_COMP;
	target->nid = page->nid;
	return 0;
}

/*
 * The new block @np takes the source @p's owner, tag and compound mark;
 * the source loses its owner and tag: it goes back to the buddy.
 */
static inline void move_page_state(struct cms_page *np, struct cms_page *p)
{
	np->flags = (np->flags & ~CMS_PGF_COMP) | (p->flags & CMS_PGF_COMP) |
		    CMS_PGF_MOVABLE;
	np->a = p->a;
	np->b = p->b;
	p->a = 0;
	p->b = 0;
}

/*
 * The move: a block of @gfp on @nid for the allocated movable block @p
 * heads at @pfn, owner, tag and compound state copied over, the source
 * freed (into its isolated pageblock), the owner told.  @kind is what
 * the new block is for (a policy's cma_allowed hook sees it).
 */
static inline __attribute__((always_inline)) int
move_block(struct cmasim *sim, struct cms_page *p, uint64_t pfn,
		      unsigned int gfp, int nid, enum cmasim_owner_kind kind,
		      uint64_t *new_pfn)
{
	struct cms_migrate *m = mig(sim);
	unsigned int order = cms_page_order(p);
	uint32_t owner = p->a;
	uint64_t tag = p->b, target;
	struct cms_page *np;
	struct cms_zone *tz;

	if (cms_alloc_pages(sim, gfp, order, nid, kind, &target)) {
		m->st.failed++;
		return -ENOMEM;
	}
	tz = cms_pfn_zone(sim, target);
	np = cms_zone_page(tz, target);
	move_page_state(np, p);
	cms_free_pages(sim, pfn, order);
	m->st.migrated++;
	m->st.migrated_pages += UINT64_C(1) << order;
	tell_owner(sim, owner, pfn, target, order, tag);
	*new_pfn = target;
	return 0;
}

/*
 * The move under a policy: its migration_target hook may change the
 * kernel's @gfp and @nid (or fail the attempt with its error), and a
 * cma_allowed hook learns what the new block is for.  A target the
 * allocator cannot serve (a gfp with no zone or mobility, a node
 * without memory) fails the attempt with -EAGAIN.
 */
static __attribute__((noinline)) int
policy_move_block(struct cmasim *sim, const struct cms_zone *z,
		  struct cms_page *p, uint64_t pfn, unsigned int gfp, int nid,
		  uint64_t *new_pfn)
{
	const struct cms_policy *pol = sim->policy;
	const struct cms_mm *mm = sim->mm;
	struct cmasim_policy_target t = { .gfp = gfp, .nid = nid };
	struct cmasim_policy_page page = {
		.pfn = pfn,
		.order = cms_page_order(p),
		.nid = z->node->nid,
		.zone = (unsigned int)(z->node->nid * mm->nr_zones + z->idx),
		.owner = p->a,
		.kind = cms_owner_kind(sim, p->a),
		.compound = (p->flags & CMS_PGF_COMP) != 0,
	};
	unsigned int zb;
	int ret;

	if (pol->hooks.migration_target) {
		ret = pol->hooks.migration_target(sim, pol->priv, &page, &t);
		if (ret) {
			mig(sim)->st.failed++;
			return ret > 0 ? -EAGAIN : ret;
		}
	}
	zb = t.gfp & (CMASIM___GFP_DMA | CMASIM___GFP_HIGHMEM |
		      CMASIM___GFP_DMA32 | CMASIM___GFP_MOVABLE);
	if (mm->gfp_zone_table[zb] < 0 ||
	    ((t.gfp & CMASIM___GFP_MOVABLE) &&
	     (t.gfp & CMASIM___GFP_RECLAIMABLE)) ||
	    (t.nid != CMASIM_NUMA_NO_NODE &&
	     (t.nid < 0 || t.nid >= mm->nr_nodes ||
	      !mm->nodes[t.nid].online))) {
		cms_policy_bug(sim, "migration_target",
			       "gfp %#x on node %d for pfn 0x%" PRIx64 " cannot be allocated",
			       t.gfp, t.nid, pfn);
		mig(sim)->st.failed++;
		return -EAGAIN;
	}
	return move_block(sim, p, pfn, t.gfp, t.nid, page.kind, new_pfn);
}

int cms_migrate_block(struct cmasim *sim, struct cms_zone *z, uint64_t pfn,
		      uint64_t *new_pfn)
{
	struct cms_migrate *m = mig(sim);
	struct cms_page *p = cms_zone_page(z, pfn);
	const struct cms_policy *pol = sim->policy;
	unsigned int gfp;
	int nid;

	if (p->flags & CMS_PGF_PINNED) {
		m->st.failed++;
		return -EAGAIN;
	}
	if (m->fail_ppm && cms_rand_below(&sim->rng, 1000000) < m->fail_ppm) {
		m->st.failed++;
		return -EAGAIN;
	}
	gfp = migration_target(z, p, &nid);
	if (pol->hooks.migration_target || pol->hooks.cma_allowed)
		return policy_move_block(sim, z, p, pfn, gfp, nid, new_pfn);
	return move_block(sim, p, pfn, gfp, nid, CMASIM_OWNER_ANON, new_pfn);
}

/*
 * Sources moved in a row by move_run(): a kernel migrate_pages() list
 * holds COMPACT_CLUSTER_MAX of them.
 */
#define RUN_MAX 32

/*
 * The blocks from @pfn[0] on that move_run() can take: plain order-0
 * blocks in isolated pageblocks (their frees go to no per-cpu list).
 */
static unsigned int run_len(struct cmasim *sim, struct cms_zone *z,
			    const uint64_t *pfn, unsigned int n)
{
	uint64_t block = UINT64_MAX;
	unsigned int k;

	for (k = 0; k < n && k < RUN_MAX; k++) {
		const struct cms_page *p = cms_zone_idx_page(z, pfn[k] -
							    z->start_pfn);

		if (cms_page_order(p) ||
		    (p->flags & (CMS_PGF_PINNED | CMS_PGF_COMP)) ||
		    !cms_pageblock_isolated_seen(sim, z, pfn[k], &block))
			break;
	}
	return k;
}

/*
 * move_block() for the order-0 blocks @pfn[0 .. @n) (run_len()) in a
 * row, where nothing can look between two moves: their targets are
 * per-cpu hits taken in one go, then their frees go to their isolated
 * pageblocks, which no allocation takes from and no free-page counter
 * counts, so the allocations and frees may be made apart.  Returns
 * the blocks moved (those after are left to move_block()).
 */
static unsigned int move_run(struct cmasim *sim, struct cms_zone *z,
			     const uint64_t *pfn, unsigned int n)
{
	struct cms_migrate *m = mig(sim);
	uint64_t target[RUN_MAX];
	struct cms_zone *tz = NULL;
	unsigned int gfp, got;
	int nid;

	gfp = migration_target(z, cms_zone_idx_page(z, pfn[0] - z->start_pfn),
			       &nid);
	got = cms_alloc_pages_pcp_run(sim, gfp, nid, n, target, &tz);
	for (unsigned int k = 0; k < got; k++) {
		struct cms_page *p = cms_zone_idx_page(z, pfn[k] -
						       z->start_pfn);
		struct cms_page *np = cms_zone_idx_page(tz, target[k] -
							tz->start_pfn);

		move_page_state(np, p);
	}
	cms_free_pages_list(sim, z, pfn, got);
	m->st.migrated += got;
	m->st.migrated_pages += got;
	return got;
}

int cms_migrate_blocks(struct cmasim *sim, struct cms_zone *z, uint64_t *pfn,
		       unsigned int *n)
{
	const struct cms_policy *pol = sim->policy;
	bool runs = !pol->hooks.migration_target && !pol->hooks.cma_allowed &&
		    !mig(sim)->fail_ppm && !sim->trace_mask &&
		    !cms_migrate_tells_owners(sim);
	unsigned int kept = 0, i = 0;
	int r = 0;

	while (i < *n) {
		uint64_t np;

		if (runs) {
			unsigned int k = run_len(sim, z, pfn + i, *n - i);

			if (k && (k = move_run(sim, z, pfn + i, k))) {
				i += k;
				continue;
			}
		}
		r = cms_migrate_block(sim, z, pfn[i], &np);
		if (r == -ENOMEM)
			break;
		if (r)
			pfn[kept++] = pfn[i];
		i++;
	}
	for (; i < *n; i++)
		pfn[kept++] = pfn[i];
	*n = kept;
	return r == -ENOMEM ? -ENOMEM : 0;
}

/* ---- Public ---- */

void cms_owner_register(struct cmasim *sim, uint32_t owner,
			enum cmasim_owner_kind kind, cmasim_migrate_fn fn,
			void *data)
{
	struct cms_owner *o = g_new0(struct cms_owner, 1);

	o->kind = kind;
	o->fn = fn;
	o->data = data;
	g_hash_table_replace(mig(sim)->owners, GUINT_TO_POINTER(owner), o);
}

int cmasim_owner_register(struct cmasim *sim, uint32_t owner,
			  enum cmasim_owner_kind kind, cmasim_migrate_fn fn,
			  void *data)
{
	if (!sim)
		return -EINVAL;
	if (!owner || (unsigned int)kind > CMASIM_OWNER_FILE_CLEAN) {
		cms_client_bug(sim, "cmasim_owner_register(%u, kind %d): %s",
			       owner, (int)kind,
			       !owner ? "owner 0 means no owner" : "unknown kind");
		return -EINVAL;
	}
	cms_owner_register(sim, owner, kind, fn, data);
	return 0;
}

void cms_page_set_owner(struct cmasim *sim, uint64_t pfn, uint32_t owner,
			uint64_t tag)
{
	struct cms_page *p = cms_zone_page(cms_pfn_zone(sim, pfn), pfn);

	p->a = owner;
	p->b = tag;
}

int cmasim_page_set_owner(struct cmasim *sim, cmasim_pfn_t pfn, uint32_t owner,
			  uint64_t tag)
{
	struct cms_zone *z;

	if (!sim)
		return -EINVAL;
	z = cms_pfn_zone(sim, pfn);
	if (!z || cms_page_state(cms_zone_page(z, pfn)) != CMS_PG_ALLOC) {
		cms_client_bug(sim, "page_set_owner(pfn %#llx): not an allocated head",
			       (unsigned long long)pfn);
		return -EINVAL;
	}
	cms_page_set_owner(sim, pfn, owner, tag);
	return 0;
}

void cms_page_set_pinned(struct cmasim *sim, uint64_t pfn, bool pin)
{
	struct cms_page *p = cms_zone_page(cms_pfn_zone(sim, pfn), pfn);

	if (pin)
		p->flags |= CMS_PGF_PINNED;
	else
		p->flags &= ~CMS_PGF_PINNED;
}

static int set_pin(struct cmasim *sim, cmasim_pfn_t pfn, bool pin)
{
	struct cms_zone *z;
	struct cms_page *p;

	if (!sim)
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "page pin/unpin before the page allocator runs");
		return -EPERM;
	}
	z = cms_pfn_zone(sim, pfn);
	if (!z || (p = cms_zone_page(z, pfn), cms_page_state(p) != CMS_PG_ALLOC)) {
		cms_client_bug(sim, "page %s(pfn %#" PRIx64 "): not the head of an allocated block",
			       pin ? "pin" : "unpin", (uint64_t)pfn);
		return -EINVAL;
	}
	cms_page_set_pinned(sim, pfn, pin);
	return 0;
}

int cmasim_page_pin(struct cmasim *sim, cmasim_pfn_t pfn)
{
	return set_pin(sim, pfn, true);
}

int cmasim_page_unpin(struct cmasim *sim, cmasim_pfn_t pfn)
{
	return set_pin(sim, pfn, false);
}

int cmasim_migrate_set_failure_rate(struct cmasim *sim, uint32_t per_million)
{
	if (!sim)
		return -EINVAL;
	if (per_million > 1000000) {
		cms_client_bug(sim, "migration failure rate %u ppm is above 1000000",
			       per_million);
		return -EINVAL;
	}
	mig(sim)->fail_ppm = per_million;
	return 0;
}

int cmasim_migrate_get_stats(const struct cmasim *sim,
			     struct cmasim_migrate_stats *st)
{
	if (!sim || !st)
		return -EINVAL;
	*st = sim->migrate->st;
	return 0;
}
