// SPDX-License-Identifier: GPL-2.0-only
/*
 * A long randomized run mixing the public operations on one booted
 * machine: buddy allocations of every order and mobility, frees, pins
 * and unpins, owners and content tags, alloc_contig_range (isolation and
 * migration) and free_contig_range, cma_alloc and cma_release, and the
 * DMA allocations (dma-direct, coherent, contiguous) with their frees.
 *
 * The run keeps its own record of every live allocation, each tagged
 * with a unique content tag that migration must carry (the owner's
 * callback moves the record).  After each step the block it touched is
 * read back (state, order, tag), the checker runs every --check-every
 * steps (1: after each step), and every record is read back every 4096
 * steps and at the end.  The same seed gives the same final state hash
 * (--twice then runs a tenth of the steps twice with the seed, and
 * compares, and once with another seed, which must differ).
 *
 *   test-soak [--ops N] [--seed S] [--kernel 6.1|6.12] [--check-every M]
 *             [--twice]
 *
 * Prints the figures (operations per second, what each kind did, the
 * migrations, the final hash) and exits 0, or 1 at the first step that
 * goes wrong, naming it.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmasim/cmasim.h>

#define MiB (UINT64_C(1) << 20)
#define OWNER_ANON 1u
#define OWNER_DIRTY 2u
#define MAX_LIVE 4096u

enum kind {
	K_PAGES,	/* alloc_pages / free_pages */
	K_CMA,		/* cma_alloc / cma_release */
	K_DIRECT,	/* dma_direct_alloc / dma_direct_free */
	K_COHERENT,	/* dma_alloc_coherent / dma_free_coherent */
	K_CONTIG,	/* dma_alloc_contiguous / dma_free_contiguous */
	K_RANGE,	/* alloc_contig_range / free_contig_range */
	NR_KINDS
};

static const char *const kind_name[NR_KINDS] = {
	"pages", "cma", "dma-direct", "dma-coherent", "dma-contiguous",
	"contig-range",
};

struct rec {
	enum kind kind;
	cmasim_pfn_t pfn;
	uint64_t nr;		/* pages (K_PAGES: 1 << order) */
	unsigned int order;	/* K_PAGES */
	uint64_t size;		/* DMA kinds: bytes as asked */
	struct cmasim_dma_buffer buf;	/* K_COHERENT */
	uint64_t tag;		/* content tag of the head page */
	bool tagged;		/* the head carries @tag */
	bool movable, pinned;
};

struct run {
	struct cmasim *sim;
	struct cmasim_cma *area;
	struct cmasim_device *dev;
	struct rec live[MAX_LIVE];
	unsigned int nr_live;
	uint64_t rng;
	uint64_t next_tag;
	uint64_t step;
	uint64_t ok[NR_KINDS], failed[NR_KINDS], freed[NR_KINDS];
	uint64_t pins, unpins, checks, verified, drains;
	uint64_t page_size, pfn_lo, pfn_hi;
	unsigned int max_order;
};

static uint64_t rnd(struct run *r)
{
	/* xorshift64* */
	r->rng ^= r->rng >> 12;
	r->rng ^= r->rng << 25;
	r->rng ^= r->rng >> 27;
	return r->rng * UINT64_C(2685821657736338717);
}

static uint64_t below(struct run *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

static void die(struct run *r, const char *what)
{
	size_t n = cmasim_diag_count(r->sim);

	fprintf(stderr, "step %" PRIu64 ": %s\n", r->step, what);
	for (size_t i = n > 20 ? n - 20 : 0; i < n; i++)
		fprintf(stderr, "# %s\n", cmasim_diag_line(r->sim, i, NULL));
	exit(1);
}

/* The owner's callback: a tagged block moved; its record follows it. */
static void moved(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		  unsigned int order, uint64_t tag, void *data)
{
	struct run *r = data;

	(void)owner;
	(void)order;
	for (unsigned int i = 0; i < r->nr_live; i++)
		if (r->live[i].kind == K_PAGES && r->live[i].pfn == old_pfn) {
			if (r->live[i].tag != tag)
				die(r, "a block moved with another tag");
			r->live[i].pfn = new_pfn;
			return;
		}
	die(r, "a block nobody holds moved");
}

struct probe {
	cmasim_pfn_t pfn;
	struct cmasim_page_block b;
	bool found;
};

static int probe_cb(const struct cmasim_page_block *b, void *data)
{
	struct probe *p = data;

	if (b->pfn == p->pfn) {
		p->b = *b;
		p->found = true;
	}
	return 1;
}

/* The record's head page reads back as allocated, with its tag. */
static void verify(struct run *r, const struct rec *e)
{
	struct probe p = { .pfn = e->pfn };

	if (cmasim_for_each_page_block(r->sim, e->pfn, e->pfn + 1, probe_cb,
				       &p) < 0 || !p.found)
		die(r, "a live block's head is not where its record says");
	if (p.b.state != CMASIM_PAGE_ALLOCATED)
		die(r, "a live block reads back as not allocated");
	if (e->kind == K_PAGES && p.b.order != e->order)
		die(r, "a live block reads back with another order");
	if (e->tagged && p.b.tag != e->tag)
		die(r, "a content tag was lost");
	if (e->kind == K_PAGES && p.b.pinned != e->pinned)
		die(r, "a pin was lost");
	r->verified++;
}

static void tag(struct run *r, struct rec *e, uint32_t owner)
{
	e->tag = ++r->next_tag;
	if (cmasim_page_set_owner(r->sim, e->pfn, owner, e->tag))
		die(r, "set_owner on a block just allocated failed");
	e->tagged = true;
}

static void add(struct run *r, const struct rec *e)
{
	r->live[r->nr_live++] = *e;
	verify(r, &r->live[r->nr_live - 1]);
	r->ok[e->kind]++;
}

static void op_alloc(struct run *r)
{
	static const unsigned int gfps[] = {
		CMASIM_GFP_KERNEL, CMASIM_GFP_HIGHUSER_MOVABLE,
		CMASIM_GFP_HIGHUSER_MOVABLE, CMASIM_GFP_ATOMIC,
		CMASIM_GFP_KERNEL | CMASIM___GFP_DMA32,
		CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE,
	};
	struct rec e = { 0 };
	enum kind k;
	uint64_t x = below(r, 100);
	int ret;

	k = x < 60 ? K_PAGES : x < 72 ? K_CMA : x < 80 ? K_DIRECT :
	    x < 88 ? K_COHERENT : x < 94 ? K_CONTIG : K_RANGE;
	e.kind = k;
	switch (k) {
	case K_PAGES: {
		unsigned int gfp = gfps[below(r, sizeof(gfps) / sizeof(*gfps))];

		/* low orders mostly, each order now and then */
		e.order = below(r, 8) ? (unsigned int)below(r, 4) :
			  (unsigned int)below(r, r->max_order + 1);
		gfp |= CMASIM___GFP_NOWARN;
		ret = cmasim_alloc_pages(r->sim, gfp, e.order, -1, &e.pfn);
		if (ret && ret != -ENOMEM)
			die(r, "alloc_pages failed other than -ENOMEM");
		if (ret)
			break;
		e.nr = UINT64_C(1) << e.order;
		e.movable = gfp & CMASIM___GFP_MOVABLE;
		tag(r, &e, e.movable ? (below(r, 2) ? OWNER_ANON : OWNER_DIRTY)
				     : 0);
		add(r, &e);
		return;
	}
	case K_CMA:
		e.nr = 1 + below(r, 64);
		ret = cmasim_cma_alloc(r->sim, r->area, e.nr,
				       (unsigned int)below(r, 5),
				       CMASIM_CMA_NO_WARN, &e.pfn);
		if (ret && ret != -ENOMEM && ret != -EBUSY)
			die(r, "cma_alloc failed other than -ENOMEM/-EBUSY");
		if (ret)
			break;
		tag(r, &e, 0);
		add(r, &e);
		return;
	case K_DIRECT: {
		bool cma;

		e.size = 1 + below(r, 64 * 4096);
		ret = cmasim_dma_direct_alloc(r->sim, r->dev, e.size,
					      CMASIM_DMA_NOWARN, &e.pfn, &cma);
		if (ret && ret != -ENOMEM)
			die(r, "dma_direct_alloc failed other than -ENOMEM");
		if (ret)
			break;
		tag(r, &e, 0);
		add(r, &e);
		return;
	}
	case K_COHERENT:
		e.size = 1 + below(r, 32 * 4096);
		ret = cmasim_dma_alloc_coherent(r->sim, r->dev, e.size,
						CMASIM_DMA_NOWARN |
						(below(r, 4) ? 0 :
						 CMASIM_DMA_ATOMIC), &e.buf);
		if (ret && ret != -ENOMEM)
			die(r, "dma_alloc_coherent failed other than -ENOMEM");
		if (ret)
			break;
		e.pfn = e.buf.phys / r->page_size;
		/* a pool's buffer is no block head of its own: no tag */
		if (e.buf.path == CMASIM_DMA_PATH_CMA ||
		    e.buf.path == CMASIM_DMA_PATH_BUDDY)
			tag(r, &e, 0);
		r->live[r->nr_live++] = e;
		if (e.tagged)
			verify(r, &r->live[r->nr_live - 1]);
		r->ok[k]++;
		return;
	case K_CONTIG: {
		struct cmasim_cma *got;

		e.size = (1 + below(r, 32)) * r->page_size;
		ret = cmasim_dma_alloc_contiguous(r->sim, r->dev, e.size,
						  CMASIM_DMA_NOWARN, &e.pfn,
						  &got);
		if (ret && ret != -ENOMEM && ret != -EBUSY && ret != -ENOENT)
			die(r, "dma_alloc_contiguous failed unexpectedly");
		if (ret)
			break;
		tag(r, &e, 0);
		add(r, &e);
		return;
	}
	case K_RANGE: {
		/*
		 * Half in the CMA area as MIGRATE_CMA (its pageblocks hold
		 * movable pages only, so the range is had by migrating them);
		 * half anywhere in the zone as MIGRATE_MOVABLE, where a
		 * pageblock with an unmovable page refuses the isolation.
		 */
		bool cma = below(r, 2);
		uint64_t lo = cma ? cmasim_cma_get_base_pfn(r->area) : r->pfn_lo;
		uint64_t hi = cma ? lo + cmasim_cma_get_count(r->area) :
				    r->pfn_hi;

		e.nr = 1 + below(r, 16);
		e.pfn = lo + below(r, hi - lo - e.nr);
		ret = cmasim_alloc_contig_range(r->sim, e.pfn, e.pfn + e.nr,
						cma ? CMASIM_MIGRATE_CMA :
						      CMASIM_MIGRATE_MOVABLE,
						true);
		if (ret && ret != -EBUSY && ret != -ENOMEM && ret != -EINVAL)
			die(r, "alloc_contig_range failed unexpectedly");
		if (ret)
			break;
		tag(r, &e, 0);
		add(r, &e);
		return;
	}
	case NR_KINDS:
		break;
	}
	r->failed[k]++;
}

static void op_free(struct run *r)
{
	unsigned int i = (unsigned int)below(r, r->nr_live);
	struct rec *e = &r->live[i];
	int ret = -1;

	verify(r, e);
	if (e->pinned && cmasim_page_unpin(r->sim, e->pfn))
		die(r, "unpin before the free failed");
	switch (e->kind) {
	case K_PAGES:
		ret = cmasim_free_pages(r->sim, e->pfn, e->order);
		break;
	case K_CMA:
		ret = cmasim_cma_release(r->sim, r->area, e->pfn, e->nr);
		break;
	case K_DIRECT:
		ret = cmasim_dma_direct_free(r->sim, r->dev, e->pfn, e->size);
		break;
	case K_COHERENT:
		ret = cmasim_dma_free_coherent(r->sim, r->dev, e->size,
					       e->buf.phys, e->buf.dma_addr);
		break;
	case K_CONTIG:
		ret = cmasim_dma_free_contiguous(r->sim, r->dev, e->pfn,
						 e->size);
		break;
	case K_RANGE:
		ret = cmasim_free_contig_range(r->sim, e->pfn, e->nr);
		break;
	case NR_KINDS:
		break;
	}
	if (ret)
		die(r, "freeing a live allocation failed");
	r->freed[e->kind]++;
	*e = r->live[--r->nr_live];
}

static void op_pin(struct run *r)
{
	unsigned int i = (unsigned int)below(r, r->nr_live);
	struct rec *e = &r->live[i];

	if (e->kind != K_PAGES)
		return;
	if (e->pinned) {
		if (cmasim_page_unpin(r->sim, e->pfn))
			die(r, "unpin failed");
		r->unpins++;
	} else {
		if (cmasim_page_pin(r->sim, e->pfn))
			die(r, "pin failed");
		r->pins++;
	}
	e->pinned = !e->pinned;
	verify(r, e);
}

static void step(struct run *r)
{
	uint64_t x = below(r, 100);

	if (r->nr_live >= MAX_LIVE || (r->nr_live && x < 40))
		op_free(r);
	else if (r->nr_live && x < 48)
		op_pin(r);
	else if (x < 49) {
		if (cmasim_drain_all_pages(r->sim))
			die(r, "drain_all_pages failed");
		r->drains++;
	} else {
		op_alloc(r);
	}
}

static void setup(struct run *r, const char *kernel, uint64_t seed)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim_zone_info z;

	memset(r, 0, sizeof(*r));
	r->rng = seed * UINT64_C(0x9e3779b97f4a7c15) + 1;
	if (!cfg || cmasim_config_set_kernel(cfg, kernel) ||
	    cmasim_create(cfg, &r->sim) ||
	    cmasim_machine_qemu_pc(96 * MiB, 1, &m) ||
	    cmasim_boot(r->sim, m, "cma=16M"))
		die(r, "the boot failed");
	cmasim_config_destroy(cfg);
	cmasim_machine_destroy(m);
	r->area = cmasim_cma_find(r->sim, "reserved");
	if (!r->area || cmasim_device_create(r->sim, "dev", -1, &r->dev) ||
	    cmasim_owner_register(r->sim, OWNER_ANON, CMASIM_OWNER_ANON, moved,
				  r) ||
	    cmasim_owner_register(r->sim, OWNER_DIRTY,
				  CMASIM_OWNER_FILE_DIRTY, moved, r))
		die(r, "the setup failed");
	r->page_size = cmasim_page_size(r->sim);
	r->max_order = cmasim_max_page_order(r->sim);
	/* alloc_contig_range() windows: the last zone with memory */
	for (unsigned int i = 0; i < cmasim_zone_count(r->sim); i++)
		if (!cmasim_zone_get(r->sim, i, &z) && z.managed) {
			r->pfn_lo = z.start_pfn;
			r->pfn_hi = z.start_pfn + z.spanned;
		}
}

static uint64_t run(const char *kernel, uint64_t seed, uint64_t ops,
		    uint64_t check_every, bool quiet)
{
	static struct run r;
	struct cmasim_migrate_stats ms;
	struct timespec t0, t1;
	uint64_t hash;
	double secs;

	setup(&r, kernel, seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r.step = 1; r.step <= ops; r.step++) {
		step(&r);
		if (check_every && r.step % check_every == 0) {
			if (cmasim_check(r.sim))
				die(&r, "the checker failed");
			r.checks++;
		}
		if (r.step % 4096 == 0)
			for (unsigned int i = 0; i < r.nr_live; i++)
				if (r.live[i].tagged)
					verify(&r, &r.live[i]);
	}
	r.step = ops;
	for (unsigned int i = 0; i < r.nr_live; i++)
		if (r.live[i].tagged)
			verify(&r, &r.live[i]);
	if (cmasim_check(r.sim))
		die(&r, "the checker failed at the end");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (cmasim_state_hash(r.sim, &hash) ||
	    cmasim_migrate_get_stats(r.sim, &ms))
		die(&r, "the final readings failed");
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!quiet) {
		printf("kernel %s, seed %" PRIu64 ", %" PRIu64 " operations in %.1f s (%.0f per second), checker every %" PRIu64 " (%" PRIu64 " runs)\n",
		       kernel, seed, ops, secs, (double)ops / secs,
		       check_every, r.checks + 1);
		for (int k = 0; k < NR_KINDS; k++)
			printf("  %-15s %10" PRIu64 " allocated, %10" PRIu64 " refused, %10" PRIu64 " freed\n",
			       kind_name[k], r.ok[k], r.failed[k],
			       r.freed[k]);
		printf("  pins %" PRIu64 ", unpins %" PRIu64 ", drains %" PRIu64 ", blocks read back %" PRIu64 ", live at the end %u\n",
		       r.pins, r.unpins, r.drains, r.verified, r.nr_live);
		printf("  migrated %" PRIu64 " blocks (%" PRIu64 " pages), migration failures %" PRIu64 "\n",
		       ms.migrated, ms.migrated_pages, ms.failed);
		printf("  final state hash %016" PRIx64 "\n", hash);
	}
	cmasim_destroy(r.sim);
	return hash;
}

int main(int argc, char **argv)
{
	uint64_t ops = 100000, seed = 1, check_every = 1, h1, h2;
	const char *kernel = "6.12";
	bool twice = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--kernel") && i + 1 < argc)
			kernel = argv[++i];
		else if (!strcmp(argv[i], "--check-every") && i + 1 < argc)
			check_every = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--twice"))
			twice = true;
		else {
			fprintf(stderr, "usage: %s [--ops N] [--seed S] [--kernel V] [--check-every M] [--twice]\n",
				argv[0]);
			return 2;
		}
	}
	run(kernel, seed, ops, check_every, false);
	if (!twice)
		return 0;
	/* determinism, on a tenth of the length: the seed twice, another */
	h1 = run(kernel, seed, ops / 10 + 1, check_every, true);
	h2 = run(kernel, seed, ops / 10 + 1, check_every, true);
	if (h1 != h2) {
		fprintf(stderr, "the same seed gave another final state: %016" PRIx64 " then %016" PRIx64 "\n",
			h1, h2);
		return 1;
	}
	printf("the same seed again (%" PRIu64 " steps): the same final state hash %016" PRIx64 "\n",
	       ops / 10 + 1, h1);
	if (run(kernel, seed + 1, ops / 10 + 1, check_every, true) == h1) {
		fprintf(stderr, "another seed gave the same final state\n");
		return 1;
	}
	printf("another seed: another final state hash\n");
	return 0;
}
