// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/mm/policy.c and the decision points it hooks: installing a policy,
 * the built-in "kernel" policy, modules by spec, and for every hook a
 * machine where swapping the policy changes the decision the allocator
 * makes (fallback order, claim, claim threshold, CMA use, CMA first, pcp
 * sizes, migration target, window search, busy retry), plus the answers
 * a hook may not give.  Each hook test runs on both versions.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"

#include "core/instance.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

#define MiB (UINT64_C(1) << 20)

/* ---- Installing ---- */

/* Expect a policy without a name to be refused, the kernel's kept. */
static void test_set_policy_needs_name(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_policy p = { .name = NULL };

	assert_errno(cmasim_set_policy(sim, &p), -EINVAL);
	assert_true(tst_diag_contains(sim, "the policy has no name"));
	assert_string_equal(cmasim_get_policy_name(sim), "kernel");
	p.name = "";
	assert_errno(cmasim_set_policy(sim, &p), -EINVAL);
	assert_errno(cmasim_set_policy(NULL, &p), -EINVAL);
	assert_null(cmasim_get_policy_name(NULL));
}

/* Expect the name copied: the caller's string may go away. */
static void test_set_policy_copies_name(void **state)
{
	struct cmasim *sim = *state;
	char name[16] = "mine";
	struct cmasim_policy p = { .name = name };

	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	strcpy(name, "gone");
	assert_string_equal(cmasim_get_policy_name(sim), "mine");
	assert_int_equal(cmasim_set_policy(sim, NULL), 0);
	assert_string_equal(cmasim_get_policy_name(sim), "kernel");
}

struct counts {
	int attached, detached, fail;
	int priv;
};

static int attach(const struct cmasim *sim, void *data, void **priv)
{
	struct counts *c = data;

	(void)sim;
	if (c->fail)
		return -EIO;
	c->attached++;
	*priv = &c->priv;
	return 0;
}

static void detach(void *priv)
{
	/* priv is &counts.priv: find the counts around it */
	struct counts *c = (struct counts *)((char *)priv -
					     offsetof(struct counts, priv));

	c->detached++;
}

/*
 * Expect attach once per installation, detach when another policy
 * replaces it and when the instance dies; a failing attach leaves the
 * kernel's decisions and its error.
 */
static void test_set_policy_attach_detach(void **state)
{
	struct cmasim *sim = *state;
	struct counts c = { 0 };
	struct cmasim_policy p = { .name = "counted", .data = &c,
				   .attach = attach, .detach = detach };
	struct cmasim *other = tst_sim_new(NULL, NULL, NULL);

	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_int_equal(cmasim_set_policy(other, &p), 0);
	assert_int_equal(c.attached, 2);
	assert_int_equal(cmasim_set_policy(sim, NULL), 0);
	assert_int_equal(c.detached, 1);
	tst_sim_free(other);
	assert_int_equal(c.detached, 2);
	c.fail = 1;
	assert_errno(cmasim_set_policy(sim, &p), -EIO);
	assert_string_equal(cmasim_get_policy_name(sim), "kernel");
	assert_true(tst_diag_contains(sim, "attach failed"));
	assert_int_equal(c.detached, 2);
}

/* Expect "kernel" built in, with every hook, and nothing else. */
static void test_policy_builtin(void **state)
{
	const struct cmasim_policy *k = cmasim_policy_builtin("kernel");

	(void)state;
	assert_non_null(k);
	assert_string_equal(k->name, "kernel");
	assert_non_null(k->fallback_type);
	assert_non_null(k->can_claim);
	assert_non_null(k->claim_block);
	assert_non_null(k->cma_allowed);
	assert_non_null(k->cma_first);
	assert_non_null(k->pcp_sizes);
	assert_non_null(k->migration_target);
	assert_non_null(k->find_window);
	assert_non_null(k->busy_retry);
	assert_null(cmasim_policy_builtin("gcma"));
	assert_null(cmasim_policy_builtin(NULL));
	assert_string_equal(cmasim_policy_builtin_name(0), "kernel");
	assert_null(cmasim_policy_builtin_name(1));
}

static void collect(const char *text, void *data)
{
	g_string_assign(data, text);
}

/* Expect each malformed spec refused with its errno and one line why. */
static void test_policy_module_open_errors(void **state)
{
	static const struct {
		const char *spec;
		int err;
		const char *why;
	} cases[] = {
		{ "", -EINVAL, "an empty spec" },
		{ "nope", -ENOENT, "no such built-in policy" },
		{ "kernel:x=1", -EINVAL, "takes no arguments" },
		{ "/nonexistent/policy.so", -ENOENT, "no such file" },
		{ "missing.so:a=b", -ENOENT, "no such file" },
	};
	struct cmasim_policy_module *m = NULL;
	GString *why = g_string_new(NULL);
	char *notelf;

	(void)state;
	for (size_t i = 0; i < NR_OF(cases); i++) {
		g_string_truncate(why, 0);
		assert_errno(cmasim_policy_module_open(cases[i].spec, &m,
						       collect, why),
			     cases[i].err);
		assert_null(m);
		if (!strstr(why->str, cases[i].why))
			fail_msg("%s: \"%s\"", cases[i].spec, why->str);
	}
	/* a file that is not a shared object */
	notelf = g_strdup_printf("%s/README.md", getenv("CMASIM_SRCDIR"));
	assert_errno(cmasim_policy_module_open(notelf, &m, collect, why),
		     -ENOEXEC);
	assert_non_null(strstr(why->str, "cannot load it"));
	g_free(notelf);
	assert_errno(cmasim_policy_module_open(NULL, &m, NULL, NULL), -EINVAL);
	assert_int_equal(cmasim_policy_module_open("kernel", &m, NULL, NULL), 0);
	assert_string_equal(cmasim_policy_module_policy(m)->name, "kernel");
	cmasim_policy_module_close(m);
	cmasim_policy_module_close(NULL);
	assert_null(cmasim_policy_module_policy(NULL));
	g_string_free(why, TRUE);
}

/* ---- The hooks, each swapped on a machine where it matters ---- */

static struct cmasim *boot(void **state, uint64_t mem, const char *cmdline)
{
	return tst_boot_pc(tst_state_version(state), mem, 1, cmdline, NULL);
}

static uint64_t pageblocks(const struct cmasim *sim, int mt)
{
	uint64_t total = 0, c[CMASIM_MIGRATE_TYPES];

	for (unsigned int z = 0; z < cmasim_zone_count(sim); z++) {
		assert_int_equal(cmasim_zone_pageblocks(sim, z, c), 0);
		total += c[mt];
	}
	return total;
}

static uint64_t free_cma(const struct cmasim *sim)
{
	uint64_t v = 0;

	assert_int_equal(cmasim_stat_get(sim, "nr_free_cma", &v), 0);
	return v;
}

/* Order-10 unmovable blocks until the allocator has none. */
static uint64_t max_order_unmovable(struct cmasim *sim)
{
	unsigned int order = cmasim_max_page_order(sim);
	uint64_t n = 0;
	cmasim_pfn_t pfn;

	while (!cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL | CMASIM___GFP_NOWARN,
				   order, CMASIM_NUMA_NO_NODE, &pfn))
		n++;
	return n;
}

/* No fallback to movable pageblocks: UNMOVABLE -> RECLAIMABLE only. */
static int reclaimable_only(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_zone *z, int start_mt,
			    unsigned int order, unsigned int i)
{
	(void)sim;
	(void)priv;
	(void)z;
	(void)order;
	if (start_mt == CMASIM_MIGRATE_UNMOVABLE)
		return i == 0 ? CMASIM_MIGRATE_RECLAIMABLE : -1;
	return cmasim_policy_builtin("kernel")->fallback_type(sim, NULL, z,
							      start_mt, order,
							      i);
}

/*
 * 256 MiB, no CMA: max-order unmovable allocations.
 *   kernel: UNMOVABLE -> RECLAIMABLE, MOVABLE: every movable block can
 *           be claimed, nearly all of memory goes.
 *   policy: UNMOVABLE -> RECLAIMABLE: only blocks that were unmovable or
 *           reclaimable already.
 * Expect the policy to get far fewer blocks.
 */
static void test_hook_fallback_type(void **state)
{
	struct cmasim_policy p = { .name = "reclaimable-only",
				   .fallback_type = reclaimable_only };
	struct cmasim *k = boot(state, 256 * MiB, "");
	struct cmasim *s = boot(state, 256 * MiB, "");
	uint64_t nk, ns;

	assert_int_equal(cmasim_set_policy(s, &p), 0);
	nk = max_order_unmovable(k);
	ns = max_order_unmovable(s);
	assert_true(nk > 40);
	assert_true(ns * 4 < nk);
	tst_sim_free(k);
	tst_sim_free(s);
}

/*
 * A movable zone made of order-0 holes (the fragment workload: 95% of
 * the free pages are single pages beside taken ones), then 2000
 * unmovable order-0 pages: the kernel claims the half-free movable
 * pageblocks it falls back to; a policy that never claims (can_claim
 * false), or never reaches the threshold (claim_block false), steals
 * pages and leaves the pageblocks movable.
 */
static uint64_t claimed_pageblocks(void **state,
				   const struct cmasim_policy *p)
{
	struct cmasim_workload_fragment f = {
		.zone = -1, .order = 1, .index_milli = 950,
		.free_pageblocks = -1, .migratetype = CMASIM_MIGRATE_MOVABLE,
		.owner = CMASIM_WORKLOAD_ANON, .nid = CMASIM_NUMA_NO_NODE,
	};
	struct cmasim *sim = boot(state, 256 * MiB, "");
	uint64_t before, got;

	assert_int_equal(cmasim_set_policy(sim, p), 0);
	assert_int_equal(cmasim_workload_fragment(sim, "holes", &f, NULL), 0);
	before = pageblocks(sim, CMASIM_MIGRATE_UNMOVABLE);
	assert_int_equal(cmasim_workload_alloc(sim, "kernel",
					       CMASIM_WORKLOAD_KERNEL, 0, 0,
					       CMASIM_NUMA_NO_NODE, 2000, &got),
			 0);
	got = pageblocks(sim, CMASIM_MIGRATE_UNMOVABLE) - before;
	tst_sim_free(sim);
	return got;
}

static bool never_claim(const struct cmasim *sim, void *priv,
			const struct cmasim_policy_zone *z, unsigned int order,
			int start_mt, int fallback_mt)
{
	return false;
}

static bool below_threshold(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_claim *c)
{
	return false;
}

/* Expect the kernel to claim pageblocks and a never-claim policy none. */
static void test_hook_can_claim(void **state)
{
	struct cmasim_policy p = { .name = "never-claim",
				   .can_claim = never_claim };

	assert_true(claimed_pageblocks(state, NULL) > 0);
	assert_int_equal(claimed_pageblocks(state, &p), 0);
}

/* Expect the kernel to claim pageblocks and a threshold never met none. */
static void test_hook_claim_block(void **state)
{
	struct cmasim_policy p = { .name = "no-threshold",
				   .claim_block = below_threshold };

	assert_true(claimed_pageblocks(state, NULL) > 0);
	assert_int_equal(claimed_pageblocks(state, &p), 0);
}

static bool no_cma(const struct cmasim *sim, void *priv,
		   const struct cmasim_policy_alloc *a)
{
	return false;
}

/*
 * 512 MiB with cma=128M: 70000 anonymous pages (273 MiB) leave less
 * free memory than twice the area, so the kernel's balance rule takes
 * CMA pages.  A policy refusing CMA to every movable allocation keeps
 * the area free (and, off the per-cpu lists, never gets a CMA page from
 * there either).  Expect the kernel to have used the area and the
 * policy not.
 */
static void test_hook_cma_allowed(void **state)
{
	struct cmasim_policy p = { .name = "no-cma", .cma_allowed = no_cma };
	struct cmasim *k = boot(state, 512 * MiB, "cma=128M");
	struct cmasim *s = boot(state, 512 * MiB, "cma=128M");
	/* the atomic pools took a few pages of the area at boot */
	uint64_t area = free_cma(s);

	assert_int_equal(cmasim_set_policy(s, &p), 0);
	assert_int_equal(free_cma(k), area);
	assert_int_equal(cmasim_workload_alloc(k, "anon", CMASIM_WORKLOAD_ANON,
					       0, 0, CMASIM_NUMA_NO_NODE,
					       70000, NULL), 0);
	assert_int_equal(cmasim_workload_alloc(s, "anon", CMASIM_WORKLOAD_ANON,
					       0, 0, CMASIM_NUMA_NO_NODE,
					       70000, NULL), 0);
	assert_true(free_cma(k) < area - 1000);
	assert_int_equal(free_cma(s), area);
	/* the policy saw movable allocations only */
	assert_int_equal(cmasim_workload_alloc(s, "kern",
					       CMASIM_WORKLOAD_KERNEL, 0, 0,
					       CMASIM_NUMA_NO_NODE, 1000, NULL),
			 0);
	assert_int_equal(free_cma(s), area);
	tst_sim_free(k);
	tst_sim_free(s);
}

static bool always_first(const struct cmasim *sim, void *priv,
			 const struct cmasim_policy_zone *z,
			 unsigned int order)
{
	return true;
}

/*
 * 1 GiB with cma=64M: one movable page.  The kernel's rule looks at the
 * zone: 64 MiB of ~900 free is not more than half, so the movable lists
 * serve it; a CMA-first policy takes it (and the per-cpu batch) from the
 * area.  Expect the page outside the area, then inside.
 */
static void test_hook_cma_first(void **state)
{
	struct cmasim_policy p = { .name = "cma-first",
				   .cma_first = always_first };
	struct cmasim *k = boot(state, 1024 * MiB, "cma=64M");
	struct cmasim *s = boot(state, 1024 * MiB, "cma=64M");
	struct cmasim_cma *a = cmasim_cma_find(k, "reserved");
	cmasim_pfn_t base = cmasim_cma_get_base_pfn(a), pk, ps;
	uint64_t n = cmasim_cma_get_count(a);

	assert_int_equal(cmasim_set_policy(s, &p), 0);
	assert_int_equal(cmasim_alloc_pages(k, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
					    CMASIM_NUMA_NO_NODE, &pk), 0);
	assert_int_equal(cmasim_alloc_pages(s, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
					    CMASIM_NUMA_NO_NODE, &ps), 0);
	assert_false(pk >= base && pk < base + n);
	assert_true(ps >= base && ps < base + n);
	tst_sim_free(k);
	tst_sim_free(s);
}

static void small_pcp(const struct cmasim *sim, void *priv,
		      const struct cmasim_policy_zone *z,
		      struct cmasim_policy_pcp *pcp)
{
	pcp->batch = 7;
	pcp->high_min = 21;
	pcp->high_max = 21;
}

/* The zone's "batch:" in /proc/zoneinfo (the first cpu's). */
static int zoneinfo_batch(struct cmasim *sim, const char *zone)
{
	char *text = tst_file_text(sim, "/proc/zoneinfo", NULL), *at;
	char head[64];
	int batch = -1;

	assert_non_null(text);
	snprintf(head, sizeof(head), "zone %8s", zone);
	at = strstr(text, head);
	assert_non_null(at);
	at = strstr(at, "batch: ");
	assert_non_null(at);
	batch = atoi(at + 7);
	free(text);
	return batch;
}

/*
 * Expect the kernel's batch (63 on a 1 GiB DMA32), then the policy's 7
 * once installed on the running instance, then the kernel's again.
 */
static void test_hook_pcp_sizes(void **state)
{
	struct cmasim_policy p = { .name = "small-pcp",
				   .pcp_sizes = small_pcp };
	struct cmasim *sim = boot(state, 1024 * MiB, "");
	int kernel = zoneinfo_batch(sim, "DMA32");

	assert_true(kernel > 7);
	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_int_equal(zoneinfo_batch(sim, "DMA32"), 7);
	assert_int_equal(cmasim_set_policy(sim, NULL), 0);
	assert_int_equal(zoneinfo_batch(sim, "DMA32"), kernel);
	tst_sim_free(sim);
}

static int to_dma(const struct cmasim *sim, void *priv,
		  const struct cmasim_policy_page *page,
		  struct cmasim_policy_target *t)
{
	int *calls = priv;

	(*calls)++;
	t->gfp = (t->gfp & ~CMASIM___GFP_HIGHMEM) | CMASIM___GFP_DMA;
	return 0;
}

struct moves {
	uint64_t n, in_dma;
};

static void moved(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		  unsigned int order, uint64_t tag, void *data)
{
	struct moves *m = data;

	m->n++;
	if (new_pfn < (16 * MiB >> 12))
		m->in_dma++;
}

/*
 * cma_alloc() the area 1 MiB at a time until it fails, then release
 * every range: whatever was in the area moved out.  Returns the error
 * that ended it.
 */
static int vacate(struct cmasim *sim, struct cmasim_cma *a)
{
	cmasim_pfn_t got[64], pfn;
	int n = 0, ret;

	while (n < 64 && !(ret = cmasim_cma_alloc(sim, a, 256, 0,
						  CMASIM_CMA_NO_WARN, &pfn)))
		got[n++] = pfn;
	while (n--)
		assert_int_equal(cmasim_cma_release(sim, a, got[n], 256), 0);
	return ret;
}

/*
 * 1 GiB with cma=16M, CMA first for placement: 32 anonymous pages in
 * the area; then, under @p, cma_alloc() takes the area and migrates
 * them.
 */
static void migrate_area(void **state, const struct cmasim_policy *p,
			 struct moves *m)
{
	struct cmasim_policy place = { .name = "cma-first",
				       .cma_first = always_first };
	struct cmasim *sim = boot(state, 1024 * MiB, "cma=16M");
	struct cmasim_cma *a = cmasim_cma_find(sim, "reserved");
	cmasim_pfn_t base = cmasim_cma_get_base_pfn(a), pfn;
	uint64_t n = cmasim_cma_get_count(a);
	int placed = 0, tries = 0;

	assert_int_equal(cmasim_set_policy(sim, &place), 0);
	assert_int_equal(cmasim_owner_register(sim, 7, CMASIM_OWNER_ANON,
					       moved, m), 0);
	while (placed < 32 && tries++ < 4096) {
		assert_int_equal(cmasim_alloc_pages(sim,
				CMASIM_GFP_HIGHUSER_MOVABLE, 0,
				CMASIM_NUMA_NO_NODE, &pfn), 0);
		if (pfn >= base && pfn < base + n) {
			assert_int_equal(cmasim_page_set_owner(sim, pfn, 7,
							       pfn), 0);
			placed++;
		}
	}
	assert_int_equal(placed, 32);
	assert_int_equal(cmasim_set_policy(sim, p), 0);
	assert_int_equal(vacate(sim, a), -ENOMEM);
	tst_sim_free(sim);
}

/*
 * Expect the 32 moves in DMA32 with the kernel's target (GFP_USER |
 * __GFP_MOVABLE), and all below 16 MiB with a policy asking __GFP_DMA.
 */
static void test_hook_migration_target(void **state)
{
	int calls = 0;
	struct cmasim_policy p = { .name = "to-dma", .data = &calls,
				   .migration_target = to_dma };
	struct moves mk = { 0 }, ms = { 0 };

	migrate_area(state, NULL, &mk);
	migrate_area(state, &p, &ms);
	assert_int_equal(mk.n, 32);
	assert_int_equal(mk.in_dma, 0);
	assert_int_equal(ms.n, 32);
	assert_int_equal(ms.in_dma, 32);
	assert_int_equal(calls, 32);
}

/* The last free window: a top-down search. */
static uint64_t last_fit(const struct cmasim *sim, void *priv,
			 const struct cmasim_policy_bitmap *bm,
			 const struct cmasim_policy_window *w)
{
	uint64_t best = bm->nbits;

	for (uint64_t b = cmasim_policy_bitmap_find_area(bm, w->start,
							 w->nr_bits, w->mask,
							 w->offset);
	     b < bm->nbits;
	     b = cmasim_policy_bitmap_find_area(bm, b + w->mask + 1,
						w->nr_bits, w->mask,
						w->offset))
		best = b;
	return best;
}

/*
 * A 64 MiB area (the atomic pools took its first pages), a 1 MiB
 * cma_alloc() aligned to 1 MiB.  Expect the kernel's window near the
 * area's base, the policy's at its top.
 */
static void test_hook_find_window(void **state)
{
	struct cmasim_policy p = { .name = "last-fit",
				   .find_window = last_fit };
	struct cmasim *sim = boot(state, 1024 * MiB, "cma=64M");
	struct cmasim_cma *a = cmasim_cma_find(sim, "reserved");
	cmasim_pfn_t base = cmasim_cma_get_base_pfn(a), pfn;
	uint64_t n = cmasim_cma_get_count(a);

	assert_int_equal(cmasim_cma_alloc(sim, a, 256, 8, 0, &pfn), 0);
	assert_true(pfn < base + 512);
	assert_int_equal(cmasim_cma_release(sim, a, pfn, 256), 0);
	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_int_equal(cmasim_cma_alloc(sim, a, 256, 8, 0, &pfn), 0);
	assert_int_equal(pfn, base + n - 256);
	assert_int_equal(cmasim_cma_release(sim, a, pfn, 256), 0);
	tst_sim_free(sim);
}

static bool give_up(const struct cmasim *sim, void *priv,
		    const struct cmasim_policy_bitmap *bm,
		    struct cmasim_policy_retry *r)
{
	return false;
}

/*
 * A 64 MiB area whose first free page is held by someone else (an
 * order-0 page alloc_contig_range() left allocated, its bitmap bit
 * clear), a 16-page cma_alloc(): the first window is busy.  The
 * kernel's retry takes the next window, one page on; a policy that never
 * retries fails with -EBUSY after one window.
 */
static void test_hook_busy_retry(void **state)
{
	struct cmasim_policy p = { .name = "give-up", .busy_retry = give_up };
	struct cmasim *sim = boot(state, 1024 * MiB, "cma=64M");
	struct cmasim_cma *a = cmasim_cma_find(sim, "reserved");
	cmasim_pfn_t first, pfn;
	struct cmasim_cma_stats st0, st;

	assert_int_equal(cmasim_cma_alloc(sim, a, 1, 0, 0, &first), 0);
	assert_int_equal(cmasim_cma_release(sim, a, first, 1), 0);
	assert_int_equal(cmasim_alloc_contig_range(sim, first, first + 1,
						   CMASIM_MIGRATE_CMA, false),
			 0);
	assert_int_equal(cmasim_cma_get_stats(sim, &st0), 0);
	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_errno(cmasim_cma_alloc(sim, a, 16, 0, CMASIM_CMA_NO_WARN,
				      &pfn), -EBUSY);
	assert_int_equal(cmasim_cma_get_stats(sim, &st), 0);
	assert_int_equal(st.windows - st0.windows, 1);
	assert_int_equal(st.busy_retries - st0.busy_retries, 0);
	assert_int_equal(cmasim_set_policy(sim, NULL), 0);
	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 0, 0, &pfn), 0);
	assert_int_equal(pfn, first + 1);
	assert_int_equal(cmasim_cma_get_stats(sim, &st), 0);
	assert_int_equal(st.windows - st0.windows, 3);
	assert_int_equal(st.busy_retries - st0.busy_retries, 1);
	assert_int_equal(cmasim_cma_release(sim, a, pfn, 16), 0);
	assert_int_equal(cmasim_free_contig_range(sim, first, 1), 0);
	tst_sim_free(sim);
}

/* ---- Answers a hook may not give ---- */

/* The kernel's first fit, then the same window again and again. */
static uint64_t same_window(const struct cmasim *sim, void *priv,
			    const struct cmasim_policy_bitmap *bm,
			    const struct cmasim_policy_window *w)
{
	uint64_t *last = priv;

	if (*last == UINT64_MAX)
		*last = cmasim_policy_bitmap_find_area(bm, w->start, w->nr_bits,
						       w->mask, w->offset);
	return *last;
}

/*
 * A window search that answers one window forever: right once, then it
 * is taken.  Expect the second cma_alloc() to end the search (-ENOMEM,
 * no window tried) with a diagnostic naming the policy and the hook.
 */
static void test_hook_find_window_taken(void **state)
{
	uint64_t last = UINT64_MAX;
	struct cmasim_policy p = { .name = "same", .data = &last,
				   .find_window = same_window };
	struct cmasim *sim = boot(state, 1024 * MiB, "cma=64M");
	struct cmasim_cma *a = cmasim_cma_find(sim, "reserved");
	cmasim_pfn_t first, pfn;
	struct cmasim_cma_stats st0, st;

	assert_int_equal(cmasim_cma_get_stats(sim, &st0), 0);
	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_int_equal(cmasim_cma_alloc(sim, a, 64, 0, 0, &first), 0);
	assert_errno(cmasim_cma_alloc(sim, a, 64, 0, CMASIM_CMA_NO_WARN, &pfn),
		     -ENOMEM);
	assert_true(tst_diag_contains(sim, "policy same: find_window: area reserved: bit"));
	assert_true(tst_diag_contains(sim, "does not start a free window of 64 bits"));
	assert_int_equal(cmasim_cma_get_stats(sim, &st), 0);
	assert_int_equal(st.windows - st0.windows, 1);
	assert_int_equal(cmasim_cma_release(sim, a, first, 64), 0);
	tst_sim_free(sim);
}

static void zero_batch(const struct cmasim *sim, void *priv,
		       const struct cmasim_policy_zone *z,
		       struct cmasim_policy_pcp *pcp)
{
	pcp->batch = 0;
}

/* Expect batch 0 refused: the kernel's sizes stay, with a diagnostic. */
static void test_hook_pcp_sizes_refused(void **state)
{
	struct cmasim_policy p = { .name = "zero-batch",
				   .pcp_sizes = zero_batch };
	struct cmasim *sim = boot(state, 1024 * MiB, "");
	int kernel = zoneinfo_batch(sim, "DMA32");

	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_int_equal(zoneinfo_batch(sim, "DMA32"), kernel);
	assert_true(tst_diag_contains(sim, "policy zero-batch: pcp_sizes: zone DMA32: batch 0"));
	tst_sim_free(sim);
}

static int bad_target(const struct cmasim *sim, void *priv,
		      const struct cmasim_policy_page *page,
		      struct cmasim_policy_target *t)
{
	t->gfp |= CMASIM___GFP_RECLAIMABLE;
	return 0;
}

/*
 * A target that is movable and reclaimable at once: no allocation can
 * serve it.  Expect every attempt failed (the page stays, the windows
 * around it are had), nothing migrated, and a diagnostic naming the gfp.
 */
static void test_hook_migration_target_refused(void **state)
{
	struct cmasim_policy p = { .name = "bad-target",
				   .cma_first = always_first,
				   .migration_target = bad_target };
	struct cmasim *sim = boot(state, 1024 * MiB, "cma=16M");
	struct cmasim_cma *a = cmasim_cma_find(sim, "reserved");
	cmasim_pfn_t base = cmasim_cma_get_base_pfn(a), pfn;
	uint64_t n = cmasim_cma_get_count(a);
	struct cmasim_cma_stats st;

	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	do {
		assert_int_equal(cmasim_alloc_pages(sim,
				CMASIM_GFP_HIGHUSER_MOVABLE, 0,
				CMASIM_NUMA_NO_NODE, &pfn), 0);
	} while (pfn < base || pfn >= base + n);
	/* the 1 MiB window holding it fails; the kernel then tries on */
	assert_errno(vacate(sim, a), -ENOMEM);
	assert_true(tst_diag_contains(sim, "policy bad-target: migration_target: gfp"));
	assert_int_equal(cmasim_cma_get_stats(sim, &st), 0);
	assert_true(st.migrate_failures > 0);
	assert_int_equal(st.pages_migrated, 0);
	tst_sim_free(sim);
}

static int to_cma(const struct cmasim *sim, void *priv,
		  const struct cmasim_policy_zone *z, int start_mt,
		  unsigned int order, unsigned int i)
{
	return i == 0 ? CMASIM_MIGRATE_CMA : -1;
}

/*
 * A fallback order naming MIGRATE_CMA: no fallback may take CMA pages,
 * so the list ends there.  Expect unmovable allocations never to touch
 * the area, and fewer max-order blocks than the kernel gives.
 */
static void test_hook_fallback_type_refused(void **state)
{
	struct cmasim_policy p = { .name = "to-cma", .fallback_type = to_cma };
	struct cmasim *sim = boot(state, 512 * MiB, "cma=64M");
	uint64_t area = free_cma(sim);

	assert_int_equal(cmasim_set_policy(sim, &p), 0);
	assert_true(max_order_unmovable(sim) < 20);
	assert_int_equal(free_cma(sim), area);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test_setup_teardown(test_set_policy_needs_name,
				tst_setup_default, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_set_policy_copies_name,
				tst_setup_default, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_set_policy_attach_detach,
				tst_setup_default, tst_teardown_checked),
		cmocka_unit_test(test_policy_builtin),
		cmocka_unit_test(test_policy_module_open_errors),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test(test_hook_fallback_type),
		cmocka_unit_test(test_hook_can_claim),
		cmocka_unit_test(test_hook_claim_block),
		cmocka_unit_test(test_hook_cma_allowed),
		cmocka_unit_test(test_hook_cma_first),
		cmocka_unit_test(test_hook_pcp_sizes),
		cmocka_unit_test(test_hook_migration_target),
		cmocka_unit_test(test_hook_find_window),
		cmocka_unit_test(test_hook_busy_retry),
		cmocka_unit_test(test_hook_find_window_taken),
		cmocka_unit_test(test_hook_pcp_sizes_refused),
		cmocka_unit_test(test_hook_migration_target_refused),
		cmocka_unit_test(test_hook_fallback_type_refused),
	};

	return tst_run_groups("mm/policy", plain, NR_OF(plain), per_version,
			      NR_OF(per_version));
}
