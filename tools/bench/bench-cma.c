// SPDX-License-Identifier: GPL-2.0-only
/*
 * CMA benchmarks (meson benchmark targets, never unit tests):
 *
 *   bench-cma alloc   cma_alloc of 256 MiB (align 8, as the DMA layer asks)
 *                     from a 1 GiB area half occupied by movable pages
 *                     (every other page) on a 4 GiB machine: the pages in
 *                     the window are migrated out.  Target: <= 1 ms.
 *   bench-cma churn   2000 rounds of cma_alloc + cma_release of 1 MiB.
 *
 * The machine is built the way the tests build it (memblock, the area
 * declared at 1 GiB, free_area_init, memblock_free_all, activation), so
 * the numbers measure the runtime path only.  Timing never fails a run.
 * Every figure is one line "name: value unit".
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmasim/cmasim.h>

#include "core/instance.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define GiB (UINT64_C(1) << 30)

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static struct cmasim *machine(struct cmasim_cma **area)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;
	const char *why = NULL;

	if (!cfg || cmasim_create(cfg, &sim))
		goto fail;
	cmasim_config_destroy(cfg);
	cfg = NULL;
	if (cms_memblock_add_node(sim, 0x1000, 0x9f000 - 0x1000, 0, 0, "bench") ||
	    cms_memblock_add_node(sim, 0x100000, 4 * GiB - 0x100000, 0, 0, "bench") ||
	    cms_memblock_reserve(sim, 0, 0x100000, "bench") ||
	    cms_cma_declare_contiguous_nid(sim, GiB, GiB, 0, 0, 0, true,
					   "reserved", area,
					   CMASIM_NUMA_NO_NODE, &why) ||
	    cms_free_area_init(sim) || cms_mm_free_all(sim))
		goto fail;
	if (cms_cma_activate_areas(sim) || !(*area)->activated)
		goto fail;
	return sim;
fail:
	fprintf(stderr, "bench-cma: cannot build the machine\n");
	cmasim_config_destroy(cfg);
	cmasim_destroy(sim);
	return NULL;
}

/* Fill the area with movable pages, then free every odd pfn. */
static int half_fill(struct cmasim *sim, const struct cmasim_cma *a)
{
	uint64_t base = a->base_pfn, count = a->count, in = 0;
	GArray *other = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	GArray *odd = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	cmasim_pfn_t pfn;

	while (in < count) {
		if (cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
				       CMASIM_NUMA_NO_NODE, &pfn))
			break;
		if (pfn < base || pfn >= base + count) {
			g_array_append_val(other, pfn);
			continue;
		}
		in++;
		if (pfn & 1)
			g_array_append_val(odd, pfn);
		else
			cmasim_page_set_owner(sim, pfn, 1, pfn);
	}
	for (unsigned int i = 0; i < other->len; i++)
		cmasim_free_pages(sim, g_array_index(other, uint64_t, i), 0);
	for (unsigned int i = 0; i < odd->len; i++)
		cmasim_free_pages(sim, g_array_index(odd, uint64_t, i), 0);
	cmasim_drain_all_pages(sim);
	printf("cma_area_pages: %" PRIu64 " pages\n", count);
	printf("cma_area_movable_placed: %" PRIu64 " pages\n", in);
	printf("cma_area_movable_freed_again: %u pages\n", odd->len);
	g_array_free(other, TRUE);
	g_array_free(odd, TRUE);
	return in > count / 2 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "alloc";
	struct cmasim_cma *a = NULL;
	struct cmasim *sim = machine(&a);
	struct cmasim_cma *h;
	struct cmasim_migrate_stats st;
	cmasim_pfn_t pfn;
	double t0, dt;
	int rc = 1;

	if (!sim)
		return 1;
	h = a;
	if (!strcmp(what, "alloc")) {
		if (half_fill(sim, a))
			goto out;
		t0 = now_ms();
		if (cmasim_cma_alloc(sim, h, 65536, 8, 0, &pfn))
			goto out;
		dt = now_ms() - t0;
		cmasim_migrate_get_stats(sim, &st);
		printf("cma_alloc_256M_from_1G_half_movable: %.3f ms\n", dt);
		printf("cma_alloc_256M_migrated_pages: %" PRIu64 "\n",
		       st.migrated_pages);
		t0 = now_ms();
		cmasim_cma_release(sim, h, pfn, 65536);
		printf("cma_release_256M: %.3f ms\n", now_ms() - t0);
	} else if (!strcmp(what, "churn")) {
		t0 = now_ms();
		for (int i = 0; i < 2000; i++) {
			if (cmasim_cma_alloc(sim, h, 256, 0, 0, &pfn))
				goto out;
			cmasim_cma_release(sim, h, pfn, 256);
		}
		dt = now_ms() - t0;
		printf("cma_churn_2000_pairs_1M: %.3f ms\n", dt);
		printf("cma_churn_pair_1M: %.2f us\n", dt * 1e3 / 2000);
	} else {
		fprintf(stderr, "usage: bench-cma alloc|churn\n");
		goto out;
	}
	rc = cmasim_check(sim) ? 1 : 0;
out:
	cmasim_destroy(sim);
	return rc;
}
