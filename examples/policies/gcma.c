// SPDX-License-Identifier: GPL-2.0-only
/*
 * gcma: a GCMA-like area, used only for clean, discardable pages.
 *
 * GCMA (Park et al., "GCMA: Guaranteed Contiguous Memory Allocator",
 * IEEE TC 2019; revived in 2025 on top of cleancache) lends a contiguous
 * area to page cache that can be thrown away, never to anonymous memory
 * or dirty cache: when the owner needs the area back, nothing has to be
 * migrated, the pages are dropped.  The paper measured allocation latency
 * 15-130x lower than CMA's on a Raspberry Pi 2.
 *
 * Two hooks make the kernel's CMA area behave so:
 *   cma_allowed  only clean page cache may take CMA pageblocks (anonymous
 *                memory and dirty cache stay out, and off the per-cpu
 *                lists that may hold CMA pages);
 *   cma_first    clean cache goes to the area first, as the cleancache
 *                backend fills GCMA.
 * cma_alloc() then finds clean cache in its windows, which
 * alloc_contig_range() drops (reclaim_clean_pages_from_list) rather than
 * migrates.
 *
 *   gcma [SCENARIO [SO]]
 * runs SCENARIO (examples/policies/study.scn: a fragmented page cache and
 * a camera's frame buffers) under the kernel's policy and under this one,
 * prints both, and exits 0 when the policy migrated nothing and cost at
 * least 5x less (the cost model of <cmasim/policy.h>).  SO, this file
 * built as a shared object (gcma.so), is checked to give the same run:
 * `cmasim run --policy gcma.so` loads it the same way.
 */
#include "demo.h"

static bool clean_only(const struct cmasim *sim, void *priv,
		       const struct cmasim_policy_alloc *a)
{
	return a->kind == CMASIM_OWNER_FILE_CLEAN;
}

static bool area_first(const struct cmasim *sim, void *priv,
		       const struct cmasim_policy_zone *z, unsigned int order)
{
	return true;
}

/* The module's entry: no arguments. */
int cmasim_policy_entry(unsigned int abi, const char *args,
			struct cmasim_policy *policy)
{
	if (abi != CMASIM_POLICY_ABI)
		return -EPROTONOSUPPORT;
	if (args && *args)
		return -EINVAL;
	policy->name = "gcma";
	policy->cma_allowed = clean_only;
	policy->cma_first = area_first;
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "examples/policies/study.scn";
	struct cmasim_policy_report *kernel, *gcma;
	struct cmasim_scenario *sc = NULL;
	struct cmasim_policy policy = { 0 };
	int bad;

	if (cmasim_scenario_load_file(path, &sc, demo_say, NULL))
		return 1;
	cmasim_policy_entry(CMASIM_POLICY_ABI, "", &policy);
	kernel = demo_run(sc, NULL);
	gcma = demo_run(sc, &policy);
	printf("gcma costs %.1fx less than the kernel's CMA\n",
	       (double)kernel->cost / (double)(gcma->cost ? gcma->cost : 1));
	bad = gcma->cma.pages_migrated || !gcma->cma.pages_dropped ||
	      gcma->cost * 5 > kernel->cost ||
	      gcma->cma.allocs_ok < kernel->cma.allocs_ok;
	if (bad)
		fprintf(stderr, "gcma: expected no migration and a far lower cost\n");
	bad |= demo_check_module(argc > 2 ? argv[2] : NULL, "", sc, gcma);
	cmasim_policy_report_destroy(kernel);
	cmasim_policy_report_destroy(gcma);
	cmasim_scenario_destroy(sc);
	return bad;
}
