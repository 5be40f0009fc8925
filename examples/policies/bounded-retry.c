// SPDX-License-Identifier: GPL-2.0-only
/*
 * bounded-retry: cma_alloc() with a bounded number of busy retries and
 * an exponential back-off between them.
 *
 * Mainline cma_alloc() has no retry cap: after a busy window it tries the
 * next aligned one until the search runs off the bitmap, each try
 * isolating, draining and migrating in vain when a pinned page sits in
 * the window.  Vendor kernels cap it (Android's max_retries = 5 with
 * 100 ms sleeps; Sergii Piatakov's "retry 5 times when the whole region
 * is requested").  This policy retries at most MAX times per call,
 * waiting BACKOFF microseconds before the first retry and twice as long
 * before each next one (simulated waiting: counted, nothing else
 * happens meanwhile), then gives up with the last error.
 *
 *   bounded-retry [SO]
 * fills a 64 MiB area with anonymous memory, pins pages spread over it,
 * and asks for 8 MiB four times.  Where every window holds a pinned
 * page, the kernel tries them all, migrating their other pages in vain;
 * the policy stops early, with the same outcome.  Exit 0 when the policy
 * tried at most MAX + 1 windows per call, as many calls succeeded, and
 * it cost less.  The module takes
 * "max=N,backoff=US" (default 3 and 100).
 */
#include "demo.h"

struct bound {
	unsigned long max, backoff_us;
	char name[48];
};

static bool bounded(const struct cmasim *sim, void *priv,
		    const struct cmasim_policy_bitmap *bm,
		    struct cmasim_policy_retry *r)
{
	const struct bound *b = priv;
	unsigned int retries = r->attempt - 1;	/* before this one */

	if (r->err != -EBUSY || retries >= b->max)
		return false;
	/* next_start is the kernel's: the next aligned window */
	r->backoff_us = b->backoff_us << retries;
	return true;
}

static void release(void *data)
{
	free(data);
}

/* The module's entry: "max=N,backoff=US". */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy)
{
	static const char *const keys[] = { "max", "backoff", NULL };
	unsigned long v[2] = { 3, 100 };
	struct bound *b;

	if (abi != CMASIM_POLICY_ABI)
		return -EPROTONOSUPPORT;
	if (demo_args(args, keys, 1000000, v) || v[0] > 32)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->max = v[0];
	b->backoff_us = v[1];
	snprintf(b->name, sizeof(b->name), "bounded-retry-%lu", b->max);
	policy->name = b->name;
	policy->data = b;
	policy->release = release;
	policy->busy_retry = bounded;
	return 0;
}

/*
 * The application fills what memory is left, much of the area with it
 * (as in examples/scenarios/pinned-page.scn), 512 of its pages pinned,
 * then four 8 MiB requests: the first two find windows without a pinned
 * page, the last two none.
 */
static const char scenario[] =
	"[scenario]\nseed = 3\n"
	"[machine]\nmemory = 1G\n"
	"[boot]\ncmdline = cma=64M\n"
	"[steps]\n"
	"alloc filler count=212000\n"
	"alloc app count=until-fail\n"
	"free filler\n"
	"pin app count=512 pick=spread\n"
	"loop 4\n"
	"cma_alloc buf area=reserved size=8M align=8 nowarn\n"
	"end\n";

int main(int argc, char **argv)
{
	struct cmasim_scenario *sc = demo_load("bounded-retry", scenario);
	struct cmasim_policy policy = { 0 };
	struct cmasim_policy_report *k, *b;
	uint64_t calls;
	int bad;

	cmasim_policy_entry(CMASIM_POLICY_ABI, "max=3,backoff=100", &policy);
	k = demo_run(sc, NULL);
	b = demo_run(sc, &policy);
	/* the calls of the steps: four, after the boot's */
	calls = b->cma.allocs - b->samples[0].cma.allocs;
	bad = !(b->cma.windows - b->samples[0].cma.windows <= calls * 4 &&
		b->cma.allocs_ok == k->cma.allocs_ok &&
		b->cost * 4 < k->cost);
	if (bad)
		fprintf(stderr, "bounded-retry: expected at most 4 windows a call and a lower cost\n");
	bad |= demo_check_module(argc > 1 ? argv[1] : NULL,
				 "max=3,backoff=100", sc, b);
	release(policy.data);
	cmasim_policy_report_destroy(k);
	cmasim_policy_report_destroy(b);
	cmasim_scenario_destroy(sc);
	return bad;
}
