// SPDX-License-Identifier: GPL-2.0-only
/*
 * Why does cma_alloc() fail with -EBUSY when the area looks free?
 *
 * A 1 GiB qemu-pc machine boots with cma=64M.  A workload allocates
 * movable pages; one of them lands in the CMA area and gets pinned
 * long-term (as a FOLL_LONGTERM user such as RDMA or vfio would pin it).
 * A driver then asks for all the area's free pages (debugfs maxchunk).
 * The kernel logs one line and returns NULL; the simulator returns
 * -EBUSY and says, window by window, which page blocked the range and
 * who owns it.  Unpinning the page makes the same request succeed: the
 * page is migrated out of the way and its owner is told.
 *
 * Build: cc why-cma-alloc-busy.c $(pkg-config --cflags --libs cmasim)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

#define OWNER 17

static void moved(uint32_t owner, cmasim_pfn_t old_pfn, cmasim_pfn_t new_pfn,
		  unsigned int order, uint64_t tag, void *data)
{
	(void)order;
	(void)data;
	printf("owner %u: block with tag %#" PRIx64 " moved from pfn %#" PRIx64
	       " to pfn %#" PRIx64 "\n", owner, tag, old_pfn, new_pfn);
}

static void keep(const char *text, void *data)
{
	snprintf(data, 32, "%s", text);
}

static void print_line(const char *text, void *data)
{
	(void)data;
	fputs(text, stdout);
}

int main(void)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim_cma_window why;
	struct cmasim *sim = NULL;
	struct cmasim_cma *area;
	cmasim_pfn_t base, count, pinned = 0, pfn;
	size_t nr_windows = 0;
	int ret, rc = 1;

	if (!cfg || cmasim_config_set_kernel(cfg, "6.12") ||
	    cmasim_create(cfg, &sim) ||
	    cmasim_machine_qemu_pc(UINT64_C(1) << 30, 1, &m) ||
	    cmasim_boot(sim, m, "cma=64M")) {
		fprintf(stderr, "cannot boot the machine\n");
		goto out;
	}
	area = cmasim_dma_contiguous_default_area(sim);
	if (!area)
		goto out;
	base = cmasim_cma_get_base_pfn(area);
	count = cmasim_cma_get_count(area);
	printf("CMA area %s: pfn %#" PRIx64 "+%#" PRIx64 "\n",
	       cmasim_cma_get_name(area), base, count);

	/* a workload's movable pages; the first one inside the area is pinned */
	cmasim_owner_register(sim, OWNER, CMASIM_OWNER_ANON, moved, NULL);
	for (int i = 0; i < 1000000 && !pinned; i++) {
		if (cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0,
				       CMASIM_NUMA_NO_NODE, &pfn))
			break;
		cmasim_page_set_owner(sim, pfn, OWNER, UINT64_C(0xda7a0000) + (uint64_t)i);
		if (pfn >= base && pfn < base + count) {
			cmasim_page_pin(sim, pfn);
			pinned = pfn;
		}
	}
	if (!pinned) {
		fprintf(stderr, "no movable page landed in the area\n");
		goto out;
	}
	printf("pinned pfn %#" PRIx64 " (owner %u)\n\n", pinned, OWNER);

	/* the largest free run, as debugfs shows it (the atomic pools hold
	 * the first pages of the area) */
	{
		char buf[32] = "";

		if (cmasim_file_read(sim, "/sys/kernel/debug/cma/reserved/maxchunk",
				     keep, buf))
			goto out;
		count = strtoull(buf, NULL, 10);
	}
	cmasim_dmesg_clear(sim);
	ret = cmasim_cma_alloc(sim, area, count, 0, 0, &pfn);
	printf("cma_alloc(%" PRIu64 " pages) = %d (%s)\n", count, ret,
	       ret == -EBUSY ? "-EBUSY" : ret ? "error" : "ok");
	printf("the kernel says:\n");
	cmasim_dmesg_write(sim, print_line, NULL);
	/* every window cma_alloc() tried, and why it was not had */
	while (!cmasim_cma_alloc_window(sim, nr_windows, &why)) {
		printf("window %zu [pfn %#" PRIx64 ", %#" PRIx64 "): %s\n",
		       nr_windows, why.start, why.end, why.text);
		nr_windows++;
	}
	if (ret != -EBUSY || !nr_windows) {
		fprintf(stderr, "expected -EBUSY with an explanation\n");
		goto out;
	}
	printf("the simulator says: the last window failed because %s\n\n",
	       why.text);
	if (why.reason != CMASIM_CMA_CONTIG_FAILED ||
	    why.contig.reason != CMASIM_CONTIG_PINNED ||
	    why.contig.pfn != pinned || why.contig.owner != OWNER)
		goto out;

	cmasim_page_unpin(sim, pinned);
	ret = cmasim_cma_alloc(sim, area, count, 0, 0, &pfn);
	printf("after unpinning: cma_alloc(%" PRIu64 " pages) = %d at pfn %#" PRIx64 "\n",
	       count, ret, ret ? 0 : pfn);
	if (ret == 0 && cmasim_check(sim) == 0)
		rc = 0;
out:
	cmasim_machine_destroy(m);
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
	return rc;
}
