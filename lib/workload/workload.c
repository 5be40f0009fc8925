// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads on a running machine (<cmasim/workload.h>): named allocations
 * of buddy pages, cma_alloc() ranges and dma_alloc_coherent() buffers,
 * and the steps users and drivers take with them: allocate, free, pin
 * and unpin (FOLL_LONGTERM), clean and dirty page cache, seeded random
 * phases, fragmenting a zone to a target; with the figures a workload is
 * judged by (mm/vmstat.c unusable_free_index()) and a digest of the whole
 * state for determinism checks.
 *
 * The kernel has no such layer: this is what processes and drivers do
 * above mm/, built on the library's own allocators (mm/page_alloc.c,
 * mm/migrate.c's owners and pins, mm/cma.c, kernel/dma), never on copies
 * of them.  Every page block the workload holds has the allocation's
 * migration owner and its slot index as content tag, so a migration
 * (alloc_contig_range() under cma_alloc()) tells the workload where the
 * block went, and a reclaimed clean block leaves it.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include <cmasim/cma.h>
#include <cmasim/dma.h>
#include <cmasim/pages.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/random.h"
#include "mm/cma.h"
#include "mm/migrate.h"
#include "mm/mmzone.h"
#include "dma/mapping.h"
#include "workload/workload.h"

/* ---- State ---- */

static void alloc_free(gpointer p)
{
	struct cms_wl_alloc *a = p;

	g_array_free(a->blocks, TRUE);
	g_free(a);
}

int cms_workload_init(struct cmasim *sim)
{
	struct cms_workload *w = g_try_new0(struct cms_workload, 1);

	if (!w)
		return -ENOMEM;
	w->allocs = g_ptr_array_new_with_free_func(alloc_free);
	w->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	w->next_handle = CMASIM_WORKLOAD_OWNER_BASE;
	sim->workload = w;
	return 0;
}

void cms_workload_fini(struct cmasim *sim)
{
	struct cms_workload *w = sim->workload;

	if (!w)
		return;
	g_hash_table_destroy(w->by_name);
	g_ptr_array_free(w->allocs, TRUE);
	g_free(w);
	sim->workload = NULL;
}

struct cms_wl_alloc *cms_workload_find(const struct cmasim *sim,
				       const char *name)
{
	return g_hash_table_lookup(sim->workload->by_name, name);
}

static struct cms_wl_block *block_at(const struct cms_wl_alloc *a, uint64_t i)
{
	return &g_array_index(a->blocks, struct cms_wl_block, i);
}

static bool live(const struct cms_wl_block *b)
{
	return !(b->flags & CMS_WL_DEAD);
}

/* ---- Arguments ---- */

static bool running(struct cmasim *sim, const char *fn)
{
	if (sim->phase == CMS_PHASE_RUNNING && sim->mm->freed)
		return true;
	cms_client_bug(sim, "%s: the machine is not running (boot it first)",
		       fn);
	return false;
}

static bool name_ok(struct cmasim *sim, const char *fn, const char *name)
{
	if (name && *name && strlen(name) <= CMASIM_WORKLOAD_NAME_MAX)
		return true;
	cms_client_bug(sim, "%s: name %s", fn,
		       !name ? "is NULL" : !*name ? "is empty" :
		       "is longer than 63 bytes");
	return false;
}

/*
 * May a step add blocks to the allocation @name (new or not)?  0, or the
 * errno after its diagnostic: -EINVAL no instance or a bad name, -EPERM
 * the machine is not running.
 */
static int may_add(struct cmasim *sim, const char *fn, const char *name)
{
	if (!sim)
		return -EINVAL;
	if (!running(sim, fn))
		return -EPERM;
	return name_ok(sim, fn, name) ? 0 : -EINVAL;
}

/* The named allocation @name of @kind, or an error with its diagnostic. */
static int find_kind(struct cmasim *sim, const char *fn, const char *name,
		     int kind, struct cms_wl_alloc **out)
{
	struct cms_wl_alloc *a;

	if (!name_ok(sim, fn, name))
		return -EINVAL;
	a = cms_workload_find(sim, name);
	if (!a) {
		cms_client_bug(sim, "%s: no named allocation \"%s\"", fn, name);
		return -ENOENT;
	}
	if (kind >= 0 && a->kind != (enum cmasim_workload_kind)kind) {
		cms_client_bug(sim, "%s: \"%s\" holds no pages of the buddy allocator",
			       fn, name);
		return -EINVAL;
	}
	*out = a;
	return 0;
}

/*
 * The checks cmasim_alloc_pages() makes, with this workload's wording:
 * the page allocator's internal entry (cms_alloc_pages()) trusts them.
 */
static int check_page_args(struct cmasim *sim, const char *fn,
			   unsigned int gfp, unsigned int order, int nid)
{
	struct cms_mm *mm = sim->mm;
	unsigned int mob = gfp & (CMASIM___GFP_MOVABLE | CMASIM___GFP_RECLAIMABLE);

	if (order > sim->max_order) {
		cms_client_bug(sim, "%s: order %u is above the largest, %u", fn,
			       order, sim->max_order);
		return -EINVAL;
	}
	if (nid != CMASIM_NUMA_NO_NODE &&
	    (nid < 0 || nid >= mm->nr_nodes || !mm->nodes[nid].online)) {
		cms_client_bug(sim, "%s: node %d has no memory", fn, nid);
		return -EINVAL;
	}
	if (mm->gfp_zone_table[gfp & (CMASIM___GFP_DMA | CMASIM___GFP_HIGHMEM |
				      CMASIM___GFP_DMA32 |
				      CMASIM___GFP_MOVABLE)] < 0 ||
	    mob == (CMASIM___GFP_MOVABLE | CMASIM___GFP_RECLAIMABLE)) {
		cms_client_bug(sim, "%s: gfp %#x names no zone and mobility the kernel accepts",
			       fn, gfp);
		return -EINVAL;
	}
	return 0;
}

static unsigned int default_gfp(enum cmasim_workload_owner owner)
{
	return owner == CMASIM_WORKLOAD_KERNEL ? CMASIM_GFP_KERNEL :
						 CMASIM_GFP_HIGHUSER_MOVABLE;
}

/* ---- Named allocations and their owners ---- */

static enum cmasim_owner_kind owner_kind(enum cmasim_workload_owner o)
{
	switch (o) {
	case CMASIM_WORKLOAD_CACHE_CLEAN:
		return CMASIM_OWNER_FILE_CLEAN;
	case CMASIM_WORKLOAD_CACHE_DIRTY:
		return CMASIM_OWNER_FILE_DIRTY;
	default:
		return CMASIM_OWNER_ANON;
	}
}

/*
 * The migration callback of a page allocation: a block moved (the slot's
 * pfn follows it) or, clean page cache, was reclaimed (the slot dies).
 */
static void block_moved(uint32_t owner, cmasim_pfn_t old_pfn,
			cmasim_pfn_t new_pfn, unsigned int order, uint64_t tag,
			void *data)
{
	struct cms_wl_alloc *a = data;
	struct cms_wl_block *b;

	if (tag >= a->blocks->len ||
	    (b = block_at(a, tag), b->pfn != old_pfn || !live(b))) {
		cms_sim_bug(a->sim, "workload %s: owner %#x told of pfn 0x%" PRIx64 " (slot %" PRIu64 "), which it does not hold",
			    a->name, owner, (uint64_t)old_pfn, tag);
		return;
	}
	(void)order;
	if (new_pfn == CMASIM_PFN_DROPPED) {
		b->flags |= CMS_WL_DEAD;
		a->nr_live--;
		a->nr_pages -= b->nr_pages;
		a->dropped++;
		return;
	}
	b->pfn = new_pfn;
	a->migrated++;
}

/*
 * The allocation @name of @kind (and, for pages, @owner; for CMA @cma,
 * for DMA @dev), created when absent.  *@created says whether it is new
 * (a failed first call forgets it again).
 */
static int get_alloc(struct cmasim *sim, const char *fn, const char *name,
		     enum cmasim_workload_kind kind,
		     enum cmasim_workload_owner owner, struct cmasim_cma *cma,
		     struct cmasim_device *dev, struct cms_wl_alloc **out,
		     bool *created)
{
	struct cms_workload *w = sim->workload;
	struct cms_wl_alloc *a = cms_workload_find(sim, name);

	*created = false;
	if (a) {
		if (a->kind != kind || (kind == CMASIM_WORKLOAD_PAGES &&
					a->owner != owner) ||
		    a->cma != cma || a->dev != dev) {
			cms_client_bug(sim, "%s: \"%s\" already holds %s", fn, name,
				       a->kind == CMASIM_WORKLOAD_CMA ? "cma_alloc ranges of another area" :
				       a->kind == CMASIM_WORKLOAD_DMA ? "DMA buffers of another device" :
				       "pages of another owner");
			return -EEXIST;
		}
		*out = a;
		return 0;
	}
	a = g_new0(struct cms_wl_alloc, 1);
	g_strlcpy(a->name, name, sizeof(a->name));
	a->kind = kind;
	a->owner = owner;
	a->cma = cma;
	a->dev = dev;
	a->sim = sim;
	a->blocks = g_array_new(FALSE, FALSE, sizeof(struct cms_wl_block));
	if (kind == CMASIM_WORKLOAD_PAGES) {
		a->handle = w->next_handle++;
		cms_owner_register(sim, a->handle, owner_kind(owner),
				      block_moved, a);
	}
	g_ptr_array_add(w->allocs, a);
	g_hash_table_insert(w->by_name, a->name, a);
	*created = true;
	*out = a;
	return 0;
}

/* Drop @a from the workload; its blocks must all be gone. */
static void forget(struct cmasim *sim, struct cms_wl_alloc *a)
{
	/* no page carries the owner any more: drop its callback */
	if (a->kind == CMASIM_WORKLOAD_PAGES)
		cms_owner_register(sim, a->handle, CMASIM_OWNER_ANON, NULL,
				      NULL);
	g_hash_table_remove(sim->workload->by_name, a->name);
	g_ptr_array_remove(sim->workload->allocs, a);
}

/*
 * Squeeze the dead slots out once they are half the array, re-tagging
 * the page blocks that move down (their tag is their slot).
 */
static void squeeze(struct cmasim *sim, struct cms_wl_alloc *a)
{
	unsigned int n = a->blocks->len, j = 0;

	if (n - a->nr_live < 64 || (n - a->nr_live) * 2 < n)
		return;
	for (unsigned int i = 0; i < n; i++) {
		struct cms_wl_block *b = block_at(a, i);

		if (!live(b))
			continue;
		if (i != j) {
			*block_at(a, j) = *b;
			if (a->kind == CMASIM_WORKLOAD_PAGES)
				cms_page_set_owner(sim, b->pfn, a->handle, j);
		}
		j++;
	}
	g_array_set_size(a->blocks, j);
}

/* Keep a page block @a just got from the buddy allocator. */
static void add_page_block(struct cmasim *sim, struct cms_wl_alloc *a,
			   uint64_t pfn, unsigned int order, uint64_t death)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);
	struct cms_wl_block b = {
		.pfn = pfn,
		.nr_pages = UINT64_C(1) << order,
		.order = (uint8_t)order,
		.death = death,
		.dma_path = -1,
	};

	if (cms_zone_page(z, pfn)->flags & CMS_PGF_MOVABLE)
		b.flags |= CMS_WL_MOVABLE;
	cms_page_set_owner(sim, pfn, a->handle, a->blocks->len);
	g_array_append_val(a->blocks, b);
	a->nr_live++;
	a->nr_pages += b.nr_pages;
}

/* Give one live block back to the allocator it came from. */
static int release_block(struct cmasim *sim, struct cms_wl_alloc *a,
			 struct cms_wl_block *b)
{
	int ret = 0;

	switch (a->kind) {
	case CMASIM_WORKLOAD_PAGES:
		if (b->flags & CMS_WL_PINNED) {
			cms_page_set_pinned(sim, b->pfn, false);
			b->flags &= ~CMS_WL_PINNED;
			a->nr_pinned--;
		}
		cms_free_pages(sim, b->pfn, b->order);
		break;
	case CMASIM_WORKLOAD_CMA:
		ret = cms_cma_release(sim, a->cma, b->pfn, b->nr_pages);
		break;
	case CMASIM_WORKLOAD_DMA:
		ret = cms_dma_free_coherent(sim, a->dev, b->size,
					       b->pfn << sim->page_shift,
					       b->dma_addr);
		break;
	}
	if (ret)
		return ret;
	b->flags |= CMS_WL_DEAD;
	a->nr_live--;
	a->nr_pages -= b->nr_pages;
	return 0;
}

/* ---- Picking blocks ---- */

/*
 * The slots of @a that @want accepts (mask/value on the flags of live
 * blocks), in age order, into @cand.
 */
static void candidates(const struct cms_wl_alloc *a, unsigned int mask,
		       unsigned int value, GArray *cand)
{
	for (unsigned int i = 0; i < a->blocks->len; i++) {
		const struct cms_wl_block *b = block_at(a, i);

		if (live(b) && (b->flags & mask) == value)
			g_array_append_val(cand, i);
	}
}

/* Leave in @cand the @count slots @pick chooses, in the order to act. */
static void pick_slots(struct cmasim *sim, GArray *cand, uint64_t count,
		       enum cmasim_workload_pick pick)
{
	guint n = cand->len;
	unsigned int *s = (unsigned int *)(void *)cand->data;

	switch (pick) {
	case CMASIM_PICK_OLDEST:
		break;
	case CMASIM_PICK_NEWEST:
		for (guint i = 0; i < n / 2; i++) {
			unsigned int t = s[i];

			s[i] = s[n - 1 - i];
			s[n - 1 - i] = t;
		}
		break;
	case CMASIM_PICK_SPREAD:
		/* candidate floor(i * n / count): every other one for n/2 */
		for (uint64_t i = 0; i < count; i++)
			s[i] = s[(guint)(i * n / count)];
		break;
	case CMASIM_PICK_RANDOM:
		/* a partial Fisher-Yates shuffle with the instance's draws */
		for (uint64_t i = 0; i < count; i++) {
			guint j = (guint)(i + cms_rand_below(&sim->rng, n - i));
			unsigned int t = s[i];

			s[i] = s[j];
			s[j] = t;
		}
		break;
	}
	g_array_set_size(cand, (guint)count);
}

/*
 * The common front of free/pin/unpin: check @count and @pick against
 * the @n candidates; CMASIM_WORKLOAD_ALL means all of them.
 */
static int check_count(struct cmasim *sim, const char *fn, const char *name,
		       uint64_t *count, enum cmasim_workload_pick pick,
		       uint64_t n, const char *what)
{
	if ((unsigned int)pick > CMASIM_PICK_RANDOM) {
		cms_client_bug(sim, "%s(%s): unknown pick %d", fn, name, (int)pick);
		return -EINVAL;
	}
	if (*count == CMASIM_WORKLOAD_ALL)
		*count = n;
	else if (!*count || *count > n) {
		cms_client_bug(sim, "%s(%s): count %" PRIu64 ", but it holds %" PRIu64 " %s",
			       fn, name, *count, n, what);
		return -EINVAL;
	}
	return 0;
}

/* ---- Public: pages ---- */

int cmasim_workload_alloc(struct cmasim *sim, const char *name,
			  enum cmasim_workload_owner owner, unsigned int gfp,
			  unsigned int order, int nid, uint64_t count,
			  uint64_t *done)
{
	static const char fn[] = "workload alloc";
	struct cms_wl_alloc *a;
	uint64_t got = 0, first_slot;
	bool created;
	int ret;

	ret = may_add(sim, fn, name);
	if (ret)
		return ret;
	if ((unsigned int)owner > CMASIM_WORKLOAD_KERNEL || !count) {
		cms_client_bug(sim, "%s(%s): %s", fn, name,
			       !count ? "count 0" : "unknown owner");
		return -EINVAL;
	}
	if (!gfp)
		gfp = default_gfp(owner);
	ret = check_page_args(sim, fn, gfp, order, nid);
	if (ret)
		return ret;
	ret = get_alloc(sim, fn, name, CMASIM_WORKLOAD_PAGES, owner, NULL,
			NULL, &a, &created);
	if (ret)
		return ret;
	first_slot = a->blocks->len;
	for (; got < count; got++) {
		uint64_t pfn;

		if (cms_alloc_pages(sim, gfp, order, nid, owner_kind(owner),
				    &pfn))
			break;
		add_page_block(sim, a, pfn, order, 0);
	}
	if (got < count && count != CMASIM_WORKLOAD_UNTIL_FAIL) {
		cms_explain(sim, "%s(%s): the allocator failed at block %" PRIu64 " of %" PRIu64 " (order %u, gfp %#x): the %" PRIu64 " blocks got are freed again",
			    fn, name, got + 1, count, order, gfp, got);
		for (uint64_t i = a->blocks->len; i-- > first_slot;)
			release_block(sim, a, block_at(a, i));
		g_array_set_size(a->blocks, (guint)first_slot);
		if (created)
			forget(sim, a);
		return -ENOMEM;
	}
	if (created && !got) {
		forget(sim, a);
	}
	if (done)
		*done = got;
	return 0;
}

/* Pin or unpin @count blocks of @name. */
static int set_pins(struct cmasim *sim, const char *fn, const char *name,
		    uint64_t count, enum cmasim_workload_pick pick,
		    bool pin, uint64_t *done)
{
	struct cms_wl_alloc *a;
	GArray *cand;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!running(sim, fn))
		return -EPERM;
	ret = find_kind(sim, fn, name, CMASIM_WORKLOAD_PAGES, &a);
	if (ret)
		return ret;
	cand = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	candidates(a, CMS_WL_PINNED, pin ? 0 : CMS_WL_PINNED, cand);
	ret = check_count(sim, fn, name, &count, pick, cand->len,
			  pin ? "unpinned blocks" : "pinned blocks");
	if (!ret) {
		pick_slots(sim, cand, count, pick);
		for (guint i = 0; i < cand->len; i++) {
			struct cms_wl_block *b =
				block_at(a, g_array_index(cand, unsigned int, i));

			if (pin) {
				cms_page_set_pinned(sim, b->pfn, true);
				b->flags |= CMS_WL_PINNED;
				a->nr_pinned++;
			} else {
				cms_page_set_pinned(sim, b->pfn, false);
				b->flags &= ~CMS_WL_PINNED;
				a->nr_pinned--;
			}
		}
		if (done)
			*done = count;
	}
	g_array_free(cand, TRUE);
	return ret;
}

int cmasim_workload_pin(struct cmasim *sim, const char *name, uint64_t count,
			enum cmasim_workload_pick pick, uint64_t *done)
{
	return set_pins(sim, "workload pin", name, count, pick, true, done);
}

int cmasim_workload_unpin(struct cmasim *sim, const char *name,
			  uint64_t count, enum cmasim_workload_pick pick,
			  uint64_t *done)
{
	return set_pins(sim, "workload unpin", name, count, pick, false, done);
}

int cmasim_workload_free(struct cmasim *sim, const char *name, uint64_t count,
			 enum cmasim_workload_pick pick, uint64_t *done)
{
	static const char fn[] = "workload free";
	bool all = count == CMASIM_WORKLOAD_ALL;
	struct cms_wl_alloc *a;
	uint64_t freed = 0;
	GArray *cand;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!running(sim, fn))
		return -EPERM;
	ret = find_kind(sim, fn, name, -1, &a);
	if (ret)
		return ret;
	cand = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	candidates(a, 0, 0, cand);
	ret = check_count(sim, fn, name, &count, pick, cand->len, "blocks");
	if (!ret) {
		pick_slots(sim, cand, count, pick);
		for (guint i = 0; i < cand->len && !ret; i++) {
			ret = release_block(sim, a,
				block_at(a, g_array_index(cand, unsigned int, i)));
			if (!ret)
				freed++;
		}
		if (done)
			*done = freed;
	}
	g_array_free(cand, TRUE);
	if (!ret && all && !a->nr_live)
		forget(sim, a);
	else
		squeeze(sim, a);
	return ret;
}

int cmasim_workload_set_owner(struct cmasim *sim, const char *name,
			      enum cmasim_workload_owner owner)
{
	static const char fn[] = "workload set_owner";
	struct cms_wl_alloc *a;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!running(sim, fn))
		return -EPERM;
	ret = find_kind(sim, fn, name, CMASIM_WORKLOAD_PAGES, &a);
	if (ret)
		return ret;
	if (a->owner == CMASIM_WORKLOAD_KERNEL ||
	    (unsigned int)owner >= CMASIM_WORKLOAD_KERNEL) {
		cms_client_bug(sim, "%s(%s): %s", fn, name,
			       a->owner == CMASIM_WORKLOAD_KERNEL ?
			       "kernel memory is not a user's to turn into page cache" :
			       "a user allocation becomes anonymous memory or page cache, not kernel memory");
		return -EINVAL;
	}
	a->owner = owner;
	cms_owner_register(sim, a->handle, owner_kind(owner), block_moved, a);
	return 0;
}

/* ---- Public: the random phase ---- */

/* A min-heap of (death, slot): the random phase's blocks by their end. */
struct death {
	uint64_t op, slot;
};

static bool death_before(const struct death *x, const struct death *y)
{
	return x->op < y->op || (x->op == y->op && x->slot < y->slot);
}

static void heap_push(GArray *h, struct death d)
{
	struct death *v;
	guint i;

	g_array_append_val(h, d);
	v = (struct death *)(void *)h->data;
	for (i = h->len - 1; i && death_before(&v[i], &v[(i - 1) / 2]);
	     i = (i - 1) / 2) {
		struct death t = v[i];

		v[i] = v[(i - 1) / 2];
		v[(i - 1) / 2] = t;
	}
}

static struct death heap_pop(GArray *h)
{
	struct death *v = (struct death *)(void *)h->data, top = v[0];
	guint i = 0, n = h->len - 1;

	v[0] = v[n];
	g_array_set_size(h, n);
	for (;;) {
		guint l = 2 * i + 1, r = l + 1, m = i;
		struct death t;

		if (l < n && death_before(&v[l], &v[m]))
			m = l;
		if (r < n && death_before(&v[r], &v[m]))
			m = r;
		if (m == i)
			break;
		t = v[i];
		v[i] = v[m];
		v[m] = t;
		i = m;
	}
	return top;
}

static int check_random(struct cmasim *sim, const char *fn, const char *name,
			const struct cmasim_workload_random *r)
{
	const char *why = NULL;
	uint64_t total = 0;

	if (!r->ops)
		why = "ops 0";
	else if (!r->nr_orders || r->nr_orders > CMASIM_WORKLOAD_MAX_MIX)
		why = "the order mix needs 1 to 16 entries";
	else if (r->movable_percent > 100)
		why = "the movable share is above 100%";
	else if (r->life_min > r->life_max)
		why = "the shortest life is longer than the longest";
	for (unsigned int i = 0; !why && i < r->nr_orders; i++) {
		if (r->orders[i] > sim->max_order) {
			cms_client_bug(sim, "%s(%s): order %u of the mix is above the largest, %u",
				       fn, name, r->orders[i], sim->max_order);
			return -EINVAL;
		}
		total += r->weights[i];
	}
	if (!why && !total)
		why = "every weight of the order mix is 0";
	if (why) {
		cms_client_bug(sim, "%s(%s): %s", fn, name, why);
		return -EINVAL;
	}
	return check_page_args(sim, fn, CMASIM_GFP_KERNEL, 0, r->nid);
}

int cmasim_workload_random(struct cmasim *sim, const char *name,
			   const struct cmasim_workload_random *spec,
			   uint64_t *done)
{
	static const char fn[] = "workload random";
	struct cms_wl_alloc *a;
	uint64_t total = 0, got = 0, failed = 0;
	GArray *heap;
	bool created;
	int ret;

	ret = may_add(sim, fn, name);
	if (!ret && !spec) {
		cms_client_bug(sim, "%s(%s): NULL spec", fn, name);
		ret = -EINVAL;
	}
	if (ret)
		return ret;
	ret = check_random(sim, fn, name, spec);
	if (!ret)
		ret = get_alloc(sim, fn, name, CMASIM_WORKLOAD_PAGES,
				CMASIM_WORKLOAD_ANON, NULL, NULL, &a, &created);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < spec->nr_orders; i++)
		total += spec->weights[i];
	heap = g_array_new(FALSE, FALSE, sizeof(struct death));
	for (uint64_t op = 1; op <= spec->ops; op++) {
		uint64_t w = cms_rand_below(&sim->rng, total), pfn, death = 0;
		bool movable = cms_rand_below(&sim->rng, 100) < spec->movable_percent;
		unsigned int i = 0;

		while (heap->len &&
		       ((struct death *)(void *)heap->data)->op <= op) {
			struct death d = heap_pop(heap);

			release_block(sim, a, block_at(a, d.slot));
		}
		while (w >= spec->weights[i])
			w -= spec->weights[i++];
		if (spec->life_max)
			death = op + spec->life_min +
				cms_rand_below(&sim->rng, spec->life_max -
					       spec->life_min + 1);
		if (cms_alloc_pages(sim, movable ? CMASIM_GFP_HIGHUSER_MOVABLE :
				    CMASIM_GFP_KERNEL, spec->orders[i],
				    spec->nid, CMASIM_OWNER_ANON, &pfn)) {
			failed++;
			continue;
		}
		got++;
		if (death) {
			struct death d = { death, a->blocks->len };

			heap_push(heap, d);
		}
		add_page_block(sim, a, pfn, spec->orders[i], death);
	}
	g_array_free(heap, TRUE);
	/* the survivors live on: their deaths belonged to this phase */
	for (guint i = 0; i < a->blocks->len; i++)
		block_at(a, i)->death = 0;
	if (failed)
		cms_explain(sim, "%s(%s): %" PRIu64 " of %" PRIu64 " allocations failed and were skipped",
			    fn, name, failed, spec->ops);
	if (created && !a->nr_live)
		forget(sim, a);
	else
		squeeze(sim, a);
	if (done)
		*done = got;
	return 0;
}

/* ---- Public: fragmenting a zone ---- */

/* The zone slot @i (node-major, as cmasim_zone_get() counts), or NULL. */
static struct cms_zone *zone_slot(const struct cmasim *sim, int i)
{
	return i < 0 ? NULL : cms_zone_slot(sim, (unsigned int)i);
}

/* unusable_free_index() of mm/vmstat.c, in thousandths. */
static unsigned int unusable_free_index(const struct cms_zone *z,
					unsigned int nr_orders,
					unsigned int order)
{
	uint64_t free_pages = 0, suitable = 0;

	/* fill_contig_page_info() */
	for (unsigned int o = 0; o < nr_orders; o++) {
		uint64_t blocks = z->area[o].nr_free;

		free_pages += blocks << o;
		if (o >= order)
			suitable += blocks << (o - order);
	}
	if (!free_pages)
		return 1000;
	return (unsigned int)((free_pages - (suitable << order)) * 1000 /
			      free_pages);
}

/* Whole free pageblocks of @mt in @z: one free buddy block covers each. */
static int64_t free_pageblocks(struct cmasim *sim, struct cms_zone *z, int mt)
{
	uint64_t pb = UINT64_C(1) << sim->pageblock_order;
	int64_t n = 0;

	for (uint64_t pfn = cms_align_up(z->start_pfn, pb);
	     pfn + pb <= z->start_pfn + z->spanned; pfn += pb) {
		struct cms_page p;
		uint64_t head = pfn;

		if (cms_get_pageblock_migratetype(sim, z, pfn) != mt)
			continue;
		/* the block covering pfn: its head is aligned to its order */
		for (unsigned int o = sim->pageblock_order; o <= sim->max_order; o++) {
			head = cms_align_down(pfn, UINT64_C(1) << o);
			if (head < z->start_pfn)
				break;
			cms_zone_page_peek(z, head, &p);
			if (cms_page_state(&p) == CMS_PG_BUDDY &&
			    cms_page_order(&p) >= o) {
				n++;
				break;
			}
			if (cms_page_state(&p) != CMS_PG_TAIL)
				break;
		}
	}
	return n;
}

/*
 * Whether a target holds.  While filling (@filling), only the pageblock
 * count: a zone filled to its watermark has little free memory, all of
 * it unusable or none, which is no fragmentation yet.
 */
static bool fragment_done(struct cmasim *sim, struct cms_zone *z,
			  const struct cmasim_workload_fragment *f,
			  bool filling)
{
	if (f->index_milli && !filling &&
	    unusable_free_index(z, sim->nr_orders, f->order) >= f->index_milli)
		return true;
	return f->free_pageblocks >= 0 &&
	       free_pageblocks(sim, z, f->migratetype) <= f->free_pageblocks;
}

/* The zone @gfp prefers on @nid: the first of its zonelist it may use. */
static struct cms_zone *preferred_zone(struct cmasim *sim, unsigned int gfp,
				       int nid)
{
	struct cms_mm *mm = sim->mm;
	const struct cms_node *n;
	int hz = mm->gfp_zone_table[gfp & (CMASIM___GFP_DMA |
					   CMASIM___GFP_HIGHMEM |
					   CMASIM___GFP_DMA32 |
					   CMASIM___GFP_MOVABLE)];

	n = &mm->nodes[nid == CMASIM_NUMA_NO_NODE ? mm->first_online : nid];
	for (int k = 0; k < n->nr_zonerefs; k++)
		if (n->zonelist[k]->idx <= hz && n->zonelist[k]->managed)
			return n->zonelist[k];
	return NULL;
}

static int check_fragment(struct cmasim *sim, const char *fn, const char *name,
			  const struct cmasim_workload_fragment *f,
			  unsigned int gfp)
{
	const char *why = NULL;

	if (!f->index_milli && f->free_pageblocks < 0)
		why = "no target: give an index or a number of free pageblocks";
	else if (f->index_milli > 1000)
		why = "the index target is above 1.000";
	else if (f->order > sim->max_order)
		why = "the order is above the largest";
	else if (f->free_pageblocks >= 0 &&
		 (f->migratetype < 0 || f->migratetype >= CMASIM_MIGRATE_TYPES))
		why = "unknown migratetype";
	else if ((unsigned int)f->owner > CMASIM_WORKLOAD_KERNEL)
		why = "unknown owner";
	else if (f->zone != -1 && !zone_slot(sim, f->zone))
		why = "no such zone slot";
	if (why) {
		cms_client_bug(sim, "%s(%s): %s", fn, name, why);
		return -EINVAL;
	}
	return check_page_args(sim, fn, gfp, 0, f->nid);
}

int cmasim_workload_fragment(struct cmasim *sim, const char *name,
			     const struct cmasim_workload_fragment *spec,
			     uint64_t *done)
{
	static const char fn[] = "workload fragment";
	uint64_t batch, kept = 0;
	struct cms_wl_alloc *a;
	struct cms_zone *z;
	bool created, held, full = false;
	unsigned int gfp;
	GArray *filled;
	int ret;

	ret = may_add(sim, fn, name);
	if (!ret && !spec) {
		cms_client_bug(sim, "%s(%s): NULL spec", fn, name);
		ret = -EINVAL;
	}
	if (ret)
		return ret;
	batch = UINT64_C(1) << sim->pageblock_order;
	gfp = spec->gfp ? spec->gfp : default_gfp(spec->owner);
	ret = check_fragment(sim, fn, name, spec, gfp);
	if (ret)
		return ret;
	z = spec->zone == -1 ? preferred_zone(sim, gfp, spec->nid) :
			       zone_slot(sim, spec->zone);
	if (!z) {
		cms_client_bug(sim, "%s(%s): gfp %#x finds no zone with memory",
			       fn, name, gfp);
		return -EINVAL;
	}
	ret = get_alloc(sim, fn, name, CMASIM_WORKLOAD_PAGES, spec->owner,
			NULL, NULL, &a, &created);
	if (ret)
		return ret;
	/*
	 * Fill the zone a pageblock's worth of pages at a time; once the
	 * allocator gives pages elsewhere (the zone is at its watermark) or
	 * none, free the filled pages at odd pfns, a pageblock's worth at a
	 * time: each leaves an order-0 hole, its buddy still taken.  (Every
	 * other page in allocation order would not do: the allocator
	 * alternates between movable and CMA pageblocks.)
	 */
	filled = g_array_new(FALSE, FALSE, sizeof(unsigned int));
	held = fragment_done(sim, z, spec, false);
	while (!held && !full && !fragment_done(sim, z, spec, true)) {
		for (uint64_t i = 0; i < batch; i++) {
			struct cms_zone *got;
			uint64_t pfn;

			if (cms_alloc_pages(sim, gfp, 0, spec->nid,
					    owner_kind(spec->owner), &pfn)) {
				cms_explain(sim, "%s(%s): %u pages filled; the allocator has no more",
					    fn, name, filled->len);
				full = true;
				break;
			}
			got = cms_pfn_zone(sim, pfn);
			if (got != z) {
				cms_explain(sim, "%s(%s): %u pages filled; the allocator turned to node %d zone %s",
					    fn, name, filled->len,
					    got->node->nid, got->name);
				cms_free_pages(sim, pfn, 0);
				full = true;
				break;
			}
			g_array_append_val(filled, a->blocks->len);
			add_page_block(sim, a, pfn, 0, 0);
		}
	}
	/*
	 * A full zone's index is 1.000 (nothing free is "all unusable"):
	 * the first holes are made before the index is looked at.
	 */
	for (guint i = 0; !held && i < filled->len;) {
		/* a pageblock's worth of the pages at odd pfns: order-0 holes */
		for (uint64_t n = 0; i < filled->len && n < batch; i++) {
			struct cms_wl_block *b =
				block_at(a, g_array_index(filled, unsigned int, i));

			if (b->pfn & 1) {
				release_block(sim, a, b);
				n++;
			}
		}
		if (fragment_done(sim, z, spec, false))
			break;
	}
	ret = fragment_done(sim, z, spec, false) ? 0 : -ENOMEM;
	if (ret)
		cms_explain(sim, "%s(%s): node %d zone %s ran out of pages before the target (unusable index %u/1000 at order %u, %" PRId64 " free pageblocks of %s)",
			    fn, name, z->node->nid, z->name,
			    unusable_free_index(z, sim->nr_orders, spec->order),
			    spec->order,
			    free_pageblocks(sim, z, spec->migratetype < 0 ?
					    CMASIM_MIGRATE_MOVABLE :
					    spec->migratetype),
			    cms_migratetype_name(spec->migratetype < 0 ?
						 CMASIM_MIGRATE_MOVABLE :
						 spec->migratetype));
	for (guint i = 0; i < filled->len; i++)
		kept += live(block_at(a, g_array_index(filled, unsigned int, i)));
	g_array_free(filled, TRUE);
	if (created && !a->nr_live)
		forget(sim, a);
	else
		squeeze(sim, a);
	if (done)
		*done = kept;
	return ret;
}

/* ---- Public: CMA and DMA ---- */

int cmasim_workload_cma_alloc(struct cmasim *sim, const char *name,
			      struct cmasim_cma *cma, uint64_t count,
			      unsigned int align, bool nowarn)
{
	static const char fn[] = "workload cma_alloc";
	struct cms_wl_alloc *a;
	struct cms_wl_block b = { .dma_path = -1 };
	bool created;
	int ret;

	ret = may_add(sim, fn, name);
	if (ret)
		return ret;
	if (!cma || align >= 64) {
		cms_client_bug(sim, "%s(%s): %s", fn, name,
			       !cma ? "NULL area" : "align order is beyond any pfn");
		return -EINVAL;
	}
	if (cms_cma_foreign(sim, cma, fn))
		return -EINVAL;
	ret = get_alloc(sim, fn, name, CMASIM_WORKLOAD_CMA, 0, cma, NULL, &a,
			&created);
	if (ret)
		return ret;
	ret = cms_cma_alloc(sim, cma, count, align, nowarn, &b.pfn);
	if (ret) {
		if (created)
			forget(sim, a);
		return ret;
	}
	b.nr_pages = count;
	g_array_append_val(a->blocks, b);
	a->nr_live++;
	a->nr_pages += count;
	return 0;
}

int cmasim_workload_dma_alloc(struct cmasim *sim, const char *name,
			      struct cmasim_device *dev, uint64_t size,
			      unsigned int flags)
{
	static const char fn[] = "workload dma_alloc";
	struct cmasim_dma_buffer buf;
	struct cms_wl_alloc *a;
	struct cms_wl_block b = { 0 };
	bool created;
	int ret;

	ret = may_add(sim, fn, name);
	if (ret)
		return ret;
	if (!dev || !size ||
	    (flags & ~(CMASIM_DMA_NOWARN | CMASIM_DMA_ATOMIC))) {
		cms_client_bug(sim, "%s(%s): %s", fn, name,
			       !dev ? "NULL device" : !size ? "size 0" :
			       "unknown flags");
		return -EINVAL;
	}
	if (cms_dma_check_device(sim, dev, false, fn))
		return -EINVAL;
	ret = get_alloc(sim, fn, name, CMASIM_WORKLOAD_DMA, 0, NULL, dev, &a,
			&created);
	if (ret)
		return ret;
	ret = cms_dma_alloc_coherent(sim, dev, size, flags, &buf);
	if (ret) {
		if (created)
			forget(sim, a);
		return ret;
	}
	b.pfn = buf.phys >> sim->page_shift;
	b.nr_pages = cms_align_up(size, sim->page_size) >> sim->page_shift;
	b.size = size;
	b.dma_addr = buf.dma_addr;
	b.dma_path = (int8_t)buf.path;
	g_array_append_val(a->blocks, b);
	a->nr_live++;
	a->nr_pages += b.nr_pages;
	return 0;
}

/* ---- Public: reading ---- */

int cmasim_workload_get_info(const struct cmasim *sim, const char *name,
			     struct cmasim_workload_info *info)
{
	const struct cms_wl_alloc *a;

	if (!sim || !name || !info)
		return -EINVAL;
	a = cms_workload_find(sim, name);
	if (!a)
		return -ENOENT;
	info->kind = a->kind;
	info->owner = a->owner;
	info->owner_handle = a->handle;
	info->nr_blocks = a->nr_live;
	info->nr_pages = a->nr_pages;
	info->nr_pinned = a->nr_pinned;
	info->migrated = a->migrated;
	info->dropped = a->dropped;
	info->cma = a->cma;
	info->dev = a->dev;
	return 0;
}

static void fill_block(const struct cms_wl_block *b,
		       struct cmasim_workload_block *out)
{
	out->pfn = b->pfn;
	out->nr_pages = b->nr_pages;
	out->order = b->order;
	out->movable = b->flags & CMS_WL_MOVABLE;
	out->pinned = b->flags & CMS_WL_PINNED;
	out->dma_addr = b->dma_addr;
	out->dma_path = b->dma_path;
}

int cmasim_workload_get_block(const struct cmasim *sim, const char *name,
			      uint64_t idx, struct cmasim_workload_block *out)
{
	const struct cms_wl_alloc *a;

	if (!sim || !name || !out)
		return -EINVAL;
	a = cms_workload_find(sim, name);
	if (!a || idx >= a->nr_live)
		return -ENOENT;
	/* no dead slot: the idx-th live block is the idx-th slot */
	if (a->nr_live == a->blocks->len) {
		fill_block(block_at(a, idx), out);
		return 0;
	}
	for (guint i = 0; i < a->blocks->len; i++) {
		const struct cms_wl_block *b = block_at(a, i);

		if (!live(b) || idx--)
			continue;
		fill_block(b, out);
		return 0;
	}
	return -ENOENT;
}

int cmasim_workload_for_each_block(const struct cmasim *sim, const char *name,
				   cmasim_workload_block_fn fn, void *data)
{
	const struct cms_wl_alloc *a;
	struct cmasim_workload_block out;
	int ret = 0;

	if (!sim || !name || !fn)
		return -EINVAL;
	a = cms_workload_find(sim, name);
	if (!a)
		return -ENOENT;
	for (guint i = 0; i < a->blocks->len && !ret; i++) {
		const struct cms_wl_block *b = block_at(a, i);

		if (!live(b))
			continue;
		fill_block(b, &out);
		ret = fn(&out, data);
	}
	return ret;
}

int cmasim_workload_for_each(const struct cmasim *sim,
			     cmasim_workload_iter_fn fn, void *data)
{
	GPtrArray *v;
	int ret = 0;

	if (!sim || !fn)
		return -EINVAL;
	/* the callback calls getters only: the array stays as it is */
	v = sim->workload->allocs;
	for (guint i = 0; i < v->len && !ret; i++)
		ret = fn(((struct cms_wl_alloc *)g_ptr_array_index(v, i))->name,
			 data);
	return ret;
}

/* ---- Figures ---- */

int cmasim_zone_unusable_index(const struct cmasim *sim, unsigned int zone,
			       unsigned int order, unsigned int *milli)
{
	const struct cms_zone *z;

	if (!sim || !milli || order > sim->max_order)
		return -EINVAL;
	z = zone > INT32_MAX ? NULL : zone_slot(sim, (int)zone);
	if (!z)
		return -ENOENT;
	*milli = z->spanned ? unusable_free_index(z, sim->nr_orders, order) :
			      1000;
	return 0;
}

/* FNV-1a over 64-bit words, then a final mix: fast and deterministic. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	return h * UINT64_C(0x100000001b3);
}

static uint64_t mix_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, c + i, 8);
		h = mix(h, v);
	}
	for (; i < n; i++)
		h = mix(h, c[i]);
	return h;
}

static uint64_t hash_zone(const struct cmasim *sim, const struct cms_zone *z,
			  uint64_t h)
{
	uint64_t chunk = UINT64_C(1) << z->chunk_shift;

	h = mix(h, z->start_pfn);
	h = mix(h, z->spanned);
	h = mix(h, z->managed);
	h = mix_bytes(h, z->vm, sizeof(z->vm));
	h = mix_bytes(h, z->wmark, sizeof(z->wmark));
	for (unsigned int o = 0; z->area && o < sim->nr_orders; o++)
		h = mix_bytes(h, &z->area[o], sizeof(z->area[o]));
	for (unsigned int c = 0; z->pcp && c < sim->mm->nr_cpus; c++) {
		h = mix_bytes(h, z->pcp[c].lists, sizeof(z->pcp[c].lists));
		h = mix(h, (uint64_t)z->pcp[c].count);
	}
	h = mix_bytes(h, z->pb, z->nr_pb);
	for (uint64_t c = 0; c < z->nr_chunks; c++)
		h = z->chunk[c] ? mix_bytes(h, z->chunk[c],
					    chunk * sizeof(struct cms_page)) :
				  mix(h, ~c);
	/* field by field: struct cms_run has padding */
	for (uint64_t r = 0; r < z->nr_runs; r++) {
		const struct cms_run *run = &z->runs[r];

		h = mix(mix(mix(mix(mix(h, run->first), run->nr), run->prev),
			    run->next), (uint64_t)run->mt);
	}
	return h;
}

int cmasim_state_hash(const struct cmasim *sim, uint64_t *hash)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	const struct cms_cma_state *cs = sim ? sim->cma : NULL;
	struct cms_node *n;
	struct cms_zone *z;

	if (!sim || !hash)
		return -EINVAL;
	if (cms_free_area_init_done(sim))
		cms_for_each_zone(sim->mm, n, z)
			if (z->spanned)
				h = hash_zone(sim, z, h);
	for (unsigned int i = 0; i < cs->area_count; i++) {
		const struct cmasim_cma *c = &cs->areas[i];

		h = mix(h, c->base_pfn);
		h = mix(h, c->count);
		if (c->bitmap)
			h = mix_bytes(h, c->bitmap,
				      (c->bitmap_bits + 63) / 64 * 8);
	}
	for (guint i = 0; i < sim->workload->allocs->len; i++) {
		const struct cms_wl_alloc *a =
			g_ptr_array_index(sim->workload->allocs, i);

		h = mix_bytes(h, a->name, strlen(a->name));
		for (guint j = 0; j < a->blocks->len; j++) {
			const struct cms_wl_block *b = block_at(a, j);

			if (live(b))
				h = mix(mix(h, b->pfn), b->nr_pages);
		}
	}
	h ^= h >> 29;
	*hash = h;
	return 0;
}

/* ---- Checker ---- */

int cms_workload_check(struct cmasim *sim)
{
	struct cms_workload *w = sim->workload;
	int ret = 0;

#define WL_BROKEN(...)						\
	do {							\
		cms_sim_bug(sim, "workload: " __VA_ARGS__);	\
		ret = -EUCLEAN;					\
	} while (0)
	for (guint i = 0; i < w->allocs->len; i++) {
		const struct cms_wl_alloc *a = g_ptr_array_index(w->allocs, i);
		uint64_t nr = 0, pages = 0, pinned = 0;

		for (guint j = 0; j < a->blocks->len; j++) {
			const struct cms_wl_block *b = block_at(a, j);
			struct cms_zone *z;
			struct cms_page p;

			if (!live(b))
				continue;
			nr++;
			pages += b->nr_pages;
			pinned += !!(b->flags & CMS_WL_PINNED);
			if (a->kind != CMASIM_WORKLOAD_PAGES)
				continue;
			z = cms_pfn_zone(sim, b->pfn);
			if (z)
				cms_zone_page_peek(z, b->pfn, &p);
			if (!z || cms_page_state(&p) != CMS_PG_ALLOC ||
			    cms_page_order(&p) != b->order ||
			    p.a != a->handle || p.b != j ||
			    !(p.flags & CMS_PGF_PINNED) !=
			    !(b->flags & CMS_WL_PINNED))
				WL_BROKEN("%s: slot %u, pfn 0x%" PRIx64 " order %u: the page is not that allocated block of owner %#x",
					  a->name, j, b->pfn, b->order,
					  a->handle);
		}
		if (nr != a->nr_live || pages != a->nr_pages ||
		    pinned != a->nr_pinned)
			WL_BROKEN("%s: its blocks are %" PRIu64 ", %" PRIu64 " pages, %" PRIu64 " pinned; its counters say %" PRIu64 ", %" PRIu64 ", %" PRIu64,
				  a->name, nr, pages, pinned, a->nr_live,
				  a->nr_pages, a->nr_pinned);
	}
#undef WL_BROKEN
	return ret;
}
