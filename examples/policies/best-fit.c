// SPDX-License-Identifier: GPL-2.0-only
/*
 * best-fit: a best-fit CMA window search.
 *
 * cma_alloc() takes the first free run of the area's bitmap that holds an
 * aligned window (bitmap_find_next_zero_area_off): a small request may
 * split the one large hole a later large request needed.  This policy
 * takes, among the free runs at or after the search start, the smallest
 * that holds the window, and the first aligned window in it.  It keeps
 * the kernel's retry: after a busy window the search goes on from the
 * next aligned window, over the runs after it.
 *
 *   best-fit [SO]
 * leaves two holes in a 64 MiB area, 4 MiB and then 1 MiB, and asks for
 * 1 MiB, then 4 MiB.  First fit puts the 1 MiB in the 4 MiB hole, and
 * the 4 MiB request fails; best fit puts it in the 1 MiB hole and both
 * succeed.  Exit 0 when the policy has one more success.
 */
#include "demo.h"

/* The first aligned window of @nr_bits in the clear run [@lo, @hi). */
static uint64_t window_in(const struct cmasim_policy_bitmap *bm, uint64_t lo,
			  uint64_t hi, const struct cmasim_policy_window *w)
{
	uint64_t b = cmasim_policy_bitmap_find_area(bm, lo, w->nr_bits,
						    w->mask, w->offset);

	return b < bm->nbits && b + w->nr_bits <= hi ? b : bm->nbits;
}

static uint64_t best_fit(const struct cmasim *sim, void *priv,
			 const struct cmasim_policy_bitmap *bm,
			 const struct cmasim_policy_window *w)
{
	uint64_t best = bm->nbits, best_len = UINT64_MAX;
	uint64_t lo = cmasim_policy_bitmap_next_zero(bm, w->start);

	while (lo < bm->nbits) {
		uint64_t hi = cmasim_policy_bitmap_next_set(bm, lo);
		uint64_t b = window_in(bm, lo, hi, w);

		if (b < bm->nbits && hi - lo < best_len) {
			best = b;
			best_len = hi - lo;
		}
		lo = cmasim_policy_bitmap_next_zero(bm, hi);
	}
	return best;
}

/* The module's entry: no arguments. */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy)
{
	if (abi != CMASIM_POLICY_ABI)
		return -EPROTONOSUPPORT;
	if (args && *args)
		return -EINVAL;
	policy->name = "best-fit";
	policy->find_window = best_fit;
	return 0;
}

/* Two holes, 4 MiB then 1 MiB, the rest of the area taken. */
static const char scenario[] =
	"[machine]\nmemory = 512M\n"
	"[boot]\ncmdline = cma=64M\n"
	"[steps]\n"
	"cma_alloc big area=reserved count=1024\n"
	"cma_alloc keep area=reserved count=256\n"
	"cma_alloc small area=reserved count=256\n"
	"cma_alloc keep area=reserved count=256\n"
	"loop 64\n"
	"cma_alloc rest area=reserved count=256 nowarn\n"
	"end\n"
	"free big\n"
	"free small\n"
	"cma_alloc one area=reserved size=1M\n"
	"cma_alloc four area=reserved size=4M nowarn\n";

int main(int argc, char **argv)
{
	struct cmasim_scenario *sc = demo_load("best-fit", scenario);
	struct cmasim_policy policy = { 0 };
	struct cmasim_policy_report *k, *b;
	int bad;

	cmasim_policy_entry(CMASIM_POLICY_ABI, "", &policy);
	k = demo_run(sc, NULL);
	b = demo_run(sc, &policy);
	bad = b->cma.allocs_ok != k->cma.allocs_ok + 1;
	if (bad)
		fprintf(stderr, "best-fit: expected the 4 MiB request to succeed\n");
	bad |= demo_check_module(argc > 1 ? argv[1] : NULL, "", sc, b);
	cmasim_policy_report_destroy(k);
	cmasim_policy_report_destroy(b);
	cmasim_scenario_destroy(sc);
	return bad;
}
