// SPDX-License-Identifier: GPL-2.0-only
/*
 * next-fit: a next-fit CMA window search.
 *
 * cma_alloc() searches every area's bitmap from its first bit: windows
 * near the start that hold pinned pages are tried, and their movable
 * pages migrated in vain, on every call (Dong Aisheng's 2021 "mm: cma:
 * try next pageblock during retry" measured 1200+ retries on one board).
 * This policy remembers, per instance and area, where its last window
 * ended and starts there, wrapping round once.  The cursors are the
 * instance's own (attach/detach), so one policy serves any number of
 * instances.
 *
 *   next-fit [SO]
 * puts anonymous memory in a 64 MiB area, pins a few pages of it, and
 * allocates and releases 2 MiB eight times.  First fit runs into the
 * same pinned windows each time; next fit once.  Exit 0 when the policy
 * has fewer busy retries and a lower cost.
 */
#include "demo.h"

#define NEXT_FIT_AREAS 32

struct cursor {
	char area[64];
	uint64_t next;		/* where the last window ended */
	bool wrapped;		/* this call went round past the end */
};

struct cursors {
	struct cursor c[NEXT_FIT_AREAS];
};

static int attach(const struct cmasim *sim, void *data, void **priv)
{
	*priv = calloc(1, sizeof(struct cursors));
	return *priv ? 0 : -ENOMEM;
}

static void detach(void *priv)
{
	free(priv);
}

static struct cursor *cursor_of(struct cursors *cs, const char *area)
{
	for (int i = 0; i < NEXT_FIT_AREAS; i++) {
		if (!cs->c[i].area[0])
			snprintf(cs->c[i].area, sizeof(cs->c[i].area), "%s",
				 area);
		if (!strcmp(cs->c[i].area, area))
			return &cs->c[i];
	}
	return &cs->c[0];	/* more areas than cursors: they share one */
}

static uint64_t next_fit(const struct cmasim *sim, void *priv,
			 const struct cmasim_policy_bitmap *bm,
			 const struct cmasim_policy_window *w)
{
	struct cursor *c = cursor_of(priv, bm->area);
	uint64_t start = w->start, b;

	if (!w->attempt) {
		c->wrapped = false;
		start = c->next < bm->nbits ? c->next : 0;
	}
	b = cmasim_policy_bitmap_find_area(bm, start, w->nr_bits, w->mask,
					   w->offset);
	if (b >= bm->nbits && !c->wrapped && c->next) {
		/* round to the beginning, up to where this call started */
		c->wrapped = true;
		b = cmasim_policy_bitmap_find_area(bm, 0, w->nr_bits, w->mask,
						   w->offset);
	}
	if (b >= bm->nbits || (c->wrapped && b >= c->next))
		return bm->nbits;
	if (!c->wrapped)
		c->next = b + w->nr_bits;
	return b;
}

/* The module's entry: no arguments. */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy)
{
	if (abi != CMASIM_POLICY_ABI)
		return -EPROTONOSUPPORT;
	if (args && *args)
		return -EINVAL;
	policy->name = "next-fit";
	policy->attach = attach;
	policy->detach = detach;
	policy->find_window = next_fit;
	return 0;
}

/*
 * Memory filled so that the application's pages land in the area (as in
 * examples/scenarios/pinned-page.scn), a few of them pinned, then a
 * driver's 2 MiB buffer allocated and released eight times.
 */
static const char scenario[] =
	"[scenario]\nseed = 3\n"
	"[machine]\nmemory = 1G\n"
	"[boot]\ncmdline = cma=64M\n"
	"[steps]\n"
	"alloc filler count=212000\n"
	"alloc app count=8000\n"
	"free filler\n"
	"pin app count=16 pick=spread\n"
	"loop 8\n"
	"cma_alloc buf area=reserved size=2M align=8 nowarn\n"
	"free buf\n"
	"end\n";

int main(int argc, char **argv)
{
	struct cmasim_scenario *sc = demo_load("next-fit", scenario);
	struct cmasim_policy policy = { 0 };
	struct cmasim_policy_report *k, *n;
	int bad;

	cmasim_policy_entry(CMASIM_POLICY_ABI, "", &policy);
	k = demo_run(sc, NULL);
	n = demo_run(sc, &policy);
	bad = !(n->cma.busy_retries < k->cma.busy_retries &&
		n->cost < k->cost && n->cma.allocs_ok >= k->cma.allocs_ok);
	if (bad)
		fprintf(stderr, "next-fit: expected fewer busy retries and a lower cost\n");
	bad |= demo_check_module(argc > 1 ? argv[1] : NULL, "", sc, n);
	cmasim_policy_report_destroy(k);
	cmasim_policy_report_destroy(n);
	cmasim_scenario_destroy(sc);
	return bad;
}
