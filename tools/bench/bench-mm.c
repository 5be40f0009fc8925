// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page allocator benchmarks (meson benchmark targets, never unit tests):
 *   bench-mm pairs [N]    order-0 alloc+free pairs per second (4 GiB)
 *   bench-mm mixed [N]    mixed orders and migratetypes (4 GiB)
 *                         (N iterations: fewer for callgrind)
 *   bench-mm boot G N     free_area_init + memblock_free_all of a G GiB
 *                         machine with N nodes: wall time, peak RSS, and
 *                         the host memory the boot added per simulated page
 *   bench-mm ratio        the 1 TiB two-node boot against the 4 GiB boot,
 *                         in the same run (best of several boots of each)
 *   bench-mm stages G N   cmasim_boot_until() of a qemu-pc-like machine of
 *                         G GiB and N nodes (cma=1G) to each stage:
 *                         what a placement sweep pays per boot
 * Every figure is one line "name: value unit".
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmasim/cmasim.h>

#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set now, in bytes (/proc/self/statm), or 0. */
static uint64_t rss_now(void)
{
	unsigned long long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

static struct cmasim *boot(uint64_t gib, int nodes, double *secs)
{
	struct cmasim_config *cfg = cmasim_config_new();
	uint64_t per = (gib << 30) / (uint64_t)nodes;
	struct cmasim *sim;
	double t;
	int ret = 0;

	if (cmasim_create(cfg, &sim)) {
		fprintf(stderr, "create failed\n");
		exit(1);
	}
	cmasim_config_destroy(cfg);
	/* x86-like: page 0 absent, the first MiB reserved */
	for (int i = 0; i < nodes && !ret; i++)
		ret = cms_memblock_add_node(sim, i ? per * (uint64_t)i : 0x1000,
					    i ? per : per - 0x1000, i, 0,
					    "bench");
	if (!ret)
		ret = cms_memblock_reserve(sim, 0, 1 << 20, "bench");
	if (!ret)
		ret = cms_memblock_reserve(sim, 16 << 20, 32 << 20, "bench");
	t = now();
	if (ret || cms_free_area_init(sim) || cms_mm_free_all(sim)) {
		fprintf(stderr, "boot failed: %s\n",
			cmasim_diag_count(sim) ? cmasim_diag_line(sim, 0, NULL) : "?");
		exit(1);
	}
	*secs = now() - t;
	return sim;
}

static void pairs(long n)
{
	double t, secs;
	struct cmasim *sim = boot(4, 1, &secs);
	cmasim_pfn_t pfn;

	/* warm the per-cpu list */
	cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, -1, &pfn);
	cmasim_free_pages(sim, pfn, 0);
	t = now();
	for (long i = 0; i < n; i++) {
		if (cmasim_alloc_pages(sim, CMASIM_GFP_KERNEL, 0, -1, &pfn))
			abort();
		cmasim_free_pages(sim, pfn, 0);
	}
	t = now() - t;
	printf("order0_alloc_free_pair_ns: %.1f ns\n", t * 1e9 / (double)n);
	printf("order0_pairs_per_sec: %.0f 1/s\n", (double)n / t);
	cmasim_destroy(sim);
}

static void mixed(long n)
{
	static const unsigned int gfps[] = {
		CMASIM_GFP_KERNEL, CMASIM_GFP_HIGHUSER_MOVABLE,
		CMASIM_GFP_KERNEL | CMASIM___GFP_RECLAIMABLE,
		CMASIM_GFP_HIGHUSER_MOVABLE | CMASIM___GFP_COMP,
	};
	double t, secs;
	struct cmasim *sim = boot(4, 1, &secs);
	uint64_t *live_pfn = calloc(65536, sizeof(uint64_t));
	unsigned int *live_order = calloc(65536, sizeof(unsigned int));
	size_t live = 0;
	long ops = 0;

	t = now();
	for (long i = 0; i < n; i++) {
		uint64_t r = cms_rand_u64(&sim->rng);
		cmasim_pfn_t pfn;

		if ((r & 1) && live < 65536) {
			unsigned int order = (unsigned int)((r >> 8) % 4);

			if (((r >> 16) & 15) == 0)
				order = 4 + (unsigned int)((r >> 20) % 7);
			if (!cmasim_alloc_pages(sim, gfps[(r >> 4) & 3], order, -1,
						&pfn)) {
				live_pfn[live] = pfn;
				live_order[live++] = order;
			}
			ops++;
		} else if (live) {
			size_t k = (size_t)((r >> 32) % live);

			cmasim_free_pages(sim, live_pfn[k], live_order[k]);
			live_pfn[k] = live_pfn[--live];
			live_order[k] = live_order[live];
			ops++;
		}
	}
	t = now() - t;
	printf("mixed_ns_per_op: %.1f ns\n", t * 1e9 / (double)ops);
	printf("mixed_check: %d errno\n", cmasim_check(sim));
	free(live_pfn);
	free(live_order);
	cmasim_destroy(sim);
}

static void boot_bench(uint64_t gib, int nodes)
{
	struct rusage ru;
	double secs;
	uint64_t before = rss_now();
	struct cmasim *sim = boot(gib, nodes, &secs);
	uint64_t after = rss_now();
	uint64_t pages = (gib << 30) >> 12;

	getrusage(RUSAGE_SELF, &ru);
	printf("boot_%" PRIu64 "GiB_%dnode_seconds: %.6f s\n", gib, nodes,
	       secs);
	printf("boot_%" PRIu64 "GiB_%dnode_maxrss: %.1f MiB\n", gib, nodes,
	       (double)ru.ru_maxrss / 1024.0);
	printf("boot_%" PRIu64 "GiB_%dnode_rss_per_page: %.4f B\n", gib,
	       nodes, (double)ru.ru_maxrss * 1024.0 / (double)pages);
	printf("boot_%" PRIu64 "GiB_%dnode_added_rss_per_page: %.4f B\n", gib,
	       nodes, (double)(after > before ? after - before : 0) /
		      (double)pages);
	printf("boot_%" PRIu64 "GiB_%dnode_totalram_pages: %" PRIu64 " pages\n",
	       gib, nodes, cmasim_totalram_pages(sim));
	cmasim_destroy(sim);
}

/* Best of @rounds boots of a @gib GiB machine with @nodes nodes. */
static double best_boot(uint64_t gib, int nodes, int rounds)
{
	double best = 0;

	for (int i = 0; i < rounds; i++) {
		double secs;
		struct cmasim *sim = boot(gib, nodes, &secs);

		if (!i || secs < best)
			best = secs;
		cmasim_destroy(sim);
	}
	return best;
}

static void ratio(void)
{
	double small = best_boot(4, 1, 20);
	double big = best_boot(1024, 2, 5);

	printf("boot_4GiB_1node_best_seconds: %.6f s\n", small);
	printf("boot_1024GiB_2node_best_seconds: %.6f s\n", big);
	printf("boot_1TiB_over_4GiB_ratio: %.1f x\n", big / small);
}

/* The whole cmasim_boot_until(@stage) of a qemu-pc machine, in seconds. */
static double stage_boot(uint64_t gib, int nodes,
			 enum cmasim_boot_stage stage)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	double t;

	if (!cfg || cmasim_create(cfg, &sim) ||
	    cmasim_machine_qemu_pc(gib << 30, (unsigned int)nodes, &m)) {
		fprintf(stderr, "stages: cannot build the machine\n");
		exit(1);
	}
	cmasim_config_destroy(cfg);
	t = now();
	if (cmasim_boot_until(sim, m, "cma=1G", stage)) {
		fprintf(stderr, "stages: boot failed\n");
		exit(1);
	}
	t = now() - t;
	cmasim_machine_destroy(m);
	cmasim_destroy(sim);
	return t;
}

static void stages(uint64_t gib, int nodes)
{
	static const char *const names[] = { "memblock", "zones", "full" };

	for (int st = CMASIM_BOOT_MEMBLOCK; st <= CMASIM_BOOT_FULL; st++) {
		double best = 0;

		for (int i = 0; i < 5; i++) {
			double t = stage_boot(gib, nodes,
					      (enum cmasim_boot_stage)st);

			if (!i || t < best)
				best = t;
		}
		printf("boot_until_%s_%" PRIu64 "GiB_%dnode_seconds: %.6f s\n",
		       names[st], gib, nodes, best);
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "pairs"))
		pairs(argc >= 3 ? atol(argv[2]) : 20000000);
	else if (argc >= 2 && !strcmp(argv[1], "mixed"))
		mixed(argc >= 3 ? atol(argv[2]) : 4000000);
	else if (argc >= 2 && !strcmp(argv[1], "ratio"))
		ratio();
	else if (argc >= 4 && !strcmp(argv[1], "stages"))
		stages(strtoull(argv[2], NULL, 0), atoi(argv[3]));
	else if (argc >= 4 && !strcmp(argv[1], "boot"))
		boot_bench(strtoull(argv[2], NULL, 0), atoi(argv[3]));
	else {
		fprintf(stderr, "usage: bench-mm pairs [N]|mixed [N]|ratio|boot GIB NODES|stages GIB NODES\n");
		return 2;
	}
	return 0;
}
