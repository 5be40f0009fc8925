// SPDX-License-Identifier: GPL-2.0-only
/*
 * strict-fallback: a stricter anti-fragmentation fallback.
 *
 * The kernel keeps each pageblock to one mobility where it can, but when
 * a free list runs dry it falls back: movable allocations take pages from
 * unmovable and reclaimable pageblocks, and an unmovable allocation that
 * falls back claims a movable pageblock only when half of it is free or
 * alike, else it steals single pages and leaves unmovable pages in a
 * movable block.  Each such mixed block can never be freed whole again.
 * (Mainline grew the same worry into vm.defrag_mode in 2025.)
 *
 * This policy is stricter on both sides:
 *   fallback_type  movable allocations fall back to reclaimable blocks
 *                  only, never into unmovable ones (they keep room for the
 *                  next unmovable allocations);
 *   claim_block    an unmovable or reclaimable fallback always claims the
 *                  whole pageblock (the rest of it serves the next ones).
 * The price: movable allocations fail earlier, where the kernel would
 * reclaim (the simulator does not).
 *
 *   strict-fallback [SO]
 * runs on both kernel versions: kernel memory allocated and partly freed,
 * user memory until the allocator refuses, some of it freed, kernel
 * memory again, then all user memory freed.  Exit 0 when, on each
 * version, the policy leaves a much lower unusable free index at the
 * pageblock order (free memory that can form whole pageblocks) than the
 * kernel, for fewer user pages.
 */
#include "demo.h"

static int fallback_type(const struct cmasim *sim, void *priv,
			 const struct cmasim_policy_zone *z, int start_mt,
			 unsigned int order, unsigned int i)
{
	if (start_mt == CMASIM_MIGRATE_MOVABLE)
		return i == 0 ? CMASIM_MIGRATE_RECLAIMABLE : -1;
	/* the kernel's order for the others */
	return cmasim_policy_builtin("kernel")->fallback_type(sim, NULL, z,
							      start_mt, order,
							      i);
}

static bool claim_block(const struct cmasim *sim, void *priv,
			const struct cmasim_policy_claim *c)
{
	if (c->start_mt != CMASIM_MIGRATE_MOVABLE)
		return true;
	return cmasim_policy_builtin("kernel")->claim_block(sim, NULL, c);
}

/* The module's entry: no arguments. */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy)
{
	if (abi != CMASIM_POLICY_ABI)
		return -EPROTONOSUPPORT;
	if (args && *args)
		return -EINVAL;
	policy->name = "strict-fallback";
	policy->fallback_type = fallback_type;
	policy->claim_block = claim_block;
	return 0;
}

static const char scenario[] =
	"[scenario]\nseed = 5\n"
	"[machine]\nmemory = 512M\n"
	"[steps]\n"
	"alloc k1 count=30000 as=kernel\n"
	"free k1 count=20000 pick=random\n"
	"alloc user count=until-fail\n"
	"free user count=20000 pick=random\n"
	"alloc k2 count=20000 as=kernel\n"
	"free user\n"
	"drain\n";

/* The user pages the until-fail step got. */
static int user_pages(struct cmasim *sim,
		      const struct cmasim_scenario_result *r, void *data)
{
	if (r->line == 8)
		*(uint64_t *)data = r->value;
	return 0;
}

/* The unusable index at pageblock order of the zone with most memory. */
static unsigned int unusable(const struct cmasim_policy_report *r)
{
	const struct cmasim_policy_zone_report *big = &r->zones[0];

	for (unsigned int z = 1; z < r->nr_zones; z++)
		if (r->zones[z].free > big->free)
			big = &r->zones[z];
	return big->unusable_milli[9];
}

static int compare(struct cmasim_scenario *sc, const char *kernel,
		   const char *so)
{
	struct cmasim_policy policy = { 0 };
	struct cmasim_policy_report *k = NULL, *s = NULL;
	uint64_t uk = 0, us = 0;
	int bad;

	cmasim_policy_entry(CMASIM_POLICY_ABI, "", &policy);
	cmasim_scenario_set(sc, "machine.kernel", kernel, demo_say, NULL);
	if (cmasim_policy_run_scenario(sc, NULL, user_pages, &uk, &k) ||
	    cmasim_policy_run_scenario(sc, &policy, user_pages, &us, &s))
		exit(1);
	demo_print(k);
	demo_print(s);
	printf("%s: unusable index at order 9: kernel %.3f, strict %.3f; user pages %" PRIu64 " and %" PRIu64 "\n",
	       kernel, unusable(k) / 1000.0, unusable(s) / 1000.0, uk, us);
	bad = !(unusable(s) * 4 < unusable(k) && us < uk);
	if (bad)
		fprintf(stderr, "strict-fallback (%s): expected far less unusable free memory\n",
			kernel);
	bad |= demo_check_module(so, "", sc, s);
	cmasim_policy_report_destroy(k);
	cmasim_policy_report_destroy(s);
	return bad;
}

int main(int argc, char **argv)
{
	struct cmasim_scenario *sc = demo_load("strict-fallback", scenario);
	int bad = compare(sc, "6.1", argc > 1 ? argv[1] : NULL);

	bad |= compare(sc, "6.12", argc > 1 ? argv[1] : NULL);
	cmasim_scenario_destroy(sc);
	return bad;
}
