// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libcmasim side of the memblock comparison (memblock-compare.sh
 * runs it against the kernel's own mm/memblock.c, memblock-peer/):
 *
 *   bench-memblock [--passes N] [--out FILE] SCRIPT
 *
 * Runs the operation script (memblock-script.h) on a fresh instance
 * configured as the kernel's memblock test harness is built (Linux 6.12,
 * 64-bit phys_addr_t, CONFIG_NUMA with NODES_SHIFT 4, 4 KiB pages,
 * INIT_MEMBLOCK_REGIONS 128): one warm-up pass, then N timed passes.
 * Only the operations are timed, not creating and destroying the
 * instance.  Every pass must give the same result; --out writes it
 * (allocation addresses, final region arrays) for the comparison.
 * Prints "ops", "ns_per_op_best" and "ns_per_op_median" lines.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

#include "memblock-script.h"

static struct cmasim *new_instance(void)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	if (!cfg || cmasim_config_set_kernel(cfg, "6.12") ||
	    cmasim_config_set_arch(cfg, "x86_64") ||
	    cmasim_config_set(cfg, "NUMA", "y") ||
	    cmasim_config_set(cfg, "NODES_SHIFT", "4") ||
	    cmasim_create(cfg, &sim)) {
		fprintf(stderr, "bench-memblock: cannot create the instance\n");
		exit(1);
	}
	cmasim_config_destroy(cfg);
	return sim;
}

static void alloc_result(uint64_t *results, const struct mbs_op *op, int ret,
			 cmasim_phys_addr_t base)
{
	results[op->alloc_idx] = ret ? 0 : base;
}

/* The timed loop: one call per operation, as memblock-peer/peer.c does. */
__attribute__((__noinline__)) void run_script(struct cmasim *sim,
					  const struct mbs_script *s,
					  uint64_t *results);
__attribute__((__noinline__)) void run_script(struct cmasim *sim,
					  const struct mbs_script *s,
					  uint64_t *results)
{
	for (size_t i = 0; i < s->nr_ops; i++) {
		const struct mbs_op *op = &s->ops[i];
		uint64_t base = mbs_addr(op, results);
		const uint64_t *a = op->a;
		cmasim_phys_addr_t out = 0;
		int ret;

		switch (op->kind) {
		case MBS_ALLOW_RESIZE:
			cmasim_memblock_allow_resize(sim);
			break;
		case MBS_MIRRORED_KERNELCORE:
			cmasim_memblock_set_mirrored_kernelcore(sim, a[0]);
			break;
		case MBS_MOVABLE_NODE:
			cmasim_memblock_set_movable_node(sim, a[0]);
			break;
		case MBS_SET_BOTTOM_UP:
			cmasim_memblock_set_bottom_up(sim, a[0]);
			break;
		case MBS_SET_CURRENT_LIMIT:
			cmasim_memblock_set_current_limit(sim, a[0]);
			break;
		case MBS_ADD:
			cmasim_memblock_add(sim, base, a[1]);
			break;
		case MBS_ADD_NODE:
			cmasim_memblock_add_node(sim, base, a[1], op->nid,
						 op->flags);
			break;
		case MBS_REMOVE:
			cmasim_memblock_remove(sim, base, a[1]);
			break;
		case MBS_RESERVE:
			cmasim_memblock_reserve(sim, base, a[1]);
			break;
		case MBS_PHYS_FREE:
			cmasim_memblock_phys_free(sim, base, a[1]);
			break;
		case MBS_MARK_HOTPLUG:
			cmasim_memblock_mark_hotplug(sim, base, a[1]);
			break;
		case MBS_CLEAR_HOTPLUG:
			cmasim_memblock_clear_hotplug(sim, base, a[1]);
			break;
		case MBS_MARK_MIRROR:
			cmasim_memblock_mark_mirror(sim, base, a[1]);
			break;
		case MBS_MARK_NOMAP:
			cmasim_memblock_mark_nomap(sim, base, a[1]);
			break;
		case MBS_CLEAR_NOMAP:
			cmasim_memblock_clear_nomap(sim, base, a[1]);
			break;
		case MBS_RESERVED_MARK_NOINIT:
			cmasim_memblock_reserved_mark_noinit(sim, base, a[1]);
			break;
		case MBS_SET_NODE:
			cmasim_memblock_set_node(sim, base, a[1], op->flag ?
						 CMASIM_MEMBLOCK_RESERVED :
						 CMASIM_MEMBLOCK_MEMORY, op->nid);
			break;
		case MBS_ALLOC_RANGE_NID:
			ret = cmasim_memblock_alloc_range_nid(sim, a[0], a[1],
							      a[2], a[3],
							      op->nid,
							      op->flag, &out);
			alloc_result(results, op, ret, out);
			break;
		case MBS_PHYS_ALLOC_RANGE:
			ret = cmasim_memblock_phys_alloc_range(sim, a[0], a[1],
							       a[2], a[3],
							       &out);
			alloc_result(results, op, ret, out);
			break;
		case MBS_ALLOC_TRY_NID_RAW:
			ret = cmasim_memblock_alloc_try_nid_raw(sim, a[0], a[1],
								a[2], a[3],
								op->nid, &out);
			alloc_result(results, op, ret, out);
			break;
		case MBS_ALLOC_EXACT_NID_RAW:
			ret = cmasim_memblock_alloc_exact_nid_raw(sim, a[0],
								  a[1], a[2],
								  a[3],
								  op->nid,
								  &out);
			alloc_result(results, op, ret, out);
			break;
		case MBS_ENFORCE_MEMORY_LIMIT:
			cmasim_memblock_enforce_memory_limit(sim, a[0]);
			break;
		case MBS_MEM_LIMIT_REMOVE_MAP:
			cmasim_memblock_mem_limit_remove_map(sim, a[0]);
			break;
		case MBS_CAP_MEMORY_RANGE:
			cmasim_memblock_cap_memory_range(sim, base, a[1]);
			break;
		case MBS_TRIM_MEMORY:
			cmasim_memblock_trim_memory(sim, a[0]);
			break;
		case MBS_NR_KINDS:
			break;
		}
	}
}

static void print_type(FILE *fp, const struct cmasim *sim,
		       enum cmasim_memblock_type type)
{
	unsigned long cnt = cmasim_memblock_region_count(sim, type);
	struct mbs_region *r = calloc(cnt ? cnt : 1, sizeof(*r));
	bool mem = type == CMASIM_MEMBLOCK_MEMORY;

	if (!r) {
		fprintf(stderr, "bench-memblock: out of memory\n");
		exit(1);
	}
	for (unsigned long i = 0; i < cnt; i++) {
		struct cmasim_memblock_region reg;

		cmasim_memblock_get_region(sim, type, i, &reg);
		r[i] = (struct mbs_region){ reg.base, reg.size, reg.flags,
					    reg.nid };
	}
	mbs_print_type(fp, mem ? "memory" : "reserved",
		       mem ? cmasim_memblock_phys_mem_size(sim) :
			     cmasim_memblock_reserved_size(sim), r, cnt);
	free(r);
}

/* The result as text in a memory buffer, to compare passes exactly. */
static char *result_text(const struct cmasim *sim, const uint64_t *results,
			 size_t nr, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	if (!fp) {
		fprintf(stderr, "bench-memblock: out of memory\n");
		exit(1);
	}
	mbs_print_allocs(fp, results, nr);
	print_type(fp, sim, CMASIM_MEMBLOCK_MEMORY);
	print_type(fp, sim, CMASIM_MEMBLOCK_RESERVED);
	fclose(fp);
	return buf;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *path = NULL;
	int passes = 5;
	struct mbs_script s;
	uint64_t *results;
	double *ns;
	char *first = NULL;
	size_t first_len = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--passes") && i + 1 < argc)
			passes = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path || passes < 1) {
		fprintf(stderr, "usage: bench-memblock [--passes N] [--out FILE] SCRIPT\n");
		return 2;
	}
	if (mbs_load(path, &s))
		return 1;
	results = calloc(s.nr_allocs + 1, sizeof(*results));
	ns = calloc((size_t)passes, sizeof(*ns));
	if (!results || !ns) {
		fprintf(stderr, "bench-memblock: out of memory\n");
		return 1;
	}
	/* pass 0 warms the caches and is not timed */
	for (int p = 0; p <= passes; p++) {
		struct cmasim *sim = new_instance();
		char *text;
		size_t len;
		double t;

		memset(results, 0, (s.nr_allocs + 1) * sizeof(*results));
		t = mbs_now_ns();
		run_script(sim, &s, results);
		t = mbs_now_ns() - t;
		if (p)
			ns[p - 1] = t;
		text = result_text(sim, results, s.nr_allocs, &len);
		if (!first) {
			first = text;
			first_len = len;
			if (cmasim_diag_count(sim))
				fprintf(stderr, "bench-memblock: %s: %zu diagnostics, the first: %s\n",
					path, cmasim_diag_count(sim),
					cmasim_diag_line(sim, 0, NULL));
		} else {
			if (len != first_len || memcmp(text, first, len)) {
				fprintf(stderr, "bench-memblock: pass %d differs from the first\n",
					p);
				rc = 1;
			}
			free(text);
		}
		cmasim_destroy(sim);
	}
	if (out) {
		FILE *fp = fopen(out, "w");

		if (!fp || fwrite(first, 1, first_len, fp) != first_len) {
			fprintf(stderr, "bench-memblock: cannot write %s\n", out);
			rc = 1;
		}
		if (fp)
			fclose(fp);
	}
	printf("ops: %zu\n", s.nr_ops);
	printf("ns_per_op_best: %.1f\n", mbs_min(ns, (size_t)passes) /
					 (double)s.nr_ops);
	printf("ns_per_op_median: %.1f\n", mbs_median(ns, (size_t)passes) /
					   (double)s.nr_ops);
	free(first);
	free(results);
	free(ns);
	mbs_free(&s);
	return rc;
}
