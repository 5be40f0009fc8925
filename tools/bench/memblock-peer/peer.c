// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel side of the memblock comparison: our driver around the
 * kernel's own mm/memblock.c, built with the userspace shims of the
 * kernel's tools/testing/memblock harness (build-peer.sh extracts them
 * from the Debian linux-source tarball into the build directory; no
 * kernel code lives in this tree).
 *
 *   memblock-peer [--passes N] [--out FILE] SCRIPT
 *
 * Same script reader, same passes, same output as bench-memblock.c.
 *
 * The harness's phys_to_virt() is the identity, and memblock_double_array()
 * writes the grown region array at the physical address it found.  So the
 * driver backs the script's physical span with host memory: every address
 * it hands to memblock is the script's address plus PEER_OFFSET, inside a
 * MAP_NORESERVE mapping there, and results are translated back.  The
 * offset is aligned far beyond any alignment a script asks, and scripts
 * keep memory above PAGE_SIZE, so memblock takes exactly the same
 * decisions as at the script's own addresses.  The special limits
 * (0 = MEMBLOCK_ALLOC_ACCESSIBLE, 1 = MEMBLOCK_ALLOC_NOLEAKTRACE,
 * ~0 = MEMBLOCK_ALLOC_ANYWHERE) and lower bounds of 0 are passed as they
 * are.
 *
 * memblock keeps a few statics a new pass cannot reset (memblock_can_resize,
 * system_has_some_mirror): scripts call allow_resize first and mark mirror
 * before they allocate, and the driver checks that every pass gives the
 * same result.
 */
#include <linux/types.h>
#include <linux/seq_file.h>
#include <linux/memblock.h>
#include <linux/slab.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "memblock-script.h"

/* 32 TiB: aligned beyond any script alignment, below any host mapping. */
#define PEER_OFFSET	(UINT64_C(1) << 45)

/* What the harness's tests/common.c would define (we do not link it). */
bool movable_node_enabled;
/* internal.h of the harness defines it for memblock.c */
extern bool mirrored_kernelcore;

/*
 * tools/lib/slab.c needs liburcu; memblock only calls these once slab is
 * available, which it never is here.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return malloc(size);
}

void kfree(void *p)
{
	free(p);
}

static struct memblock_region *init_regions[2];
static unsigned long init_max[2];

static void reset_memblock(void)
{
	struct memblock_type *t[2] = { &memblock.memory, &memblock.reserved };

	for (int i = 0; i < 2; i++) {
		t[i]->regions = init_regions[i];
		t[i]->max = init_max[i];
		t[i]->cnt = 0;
		t[i]->total_size = 0;
		memset(init_regions[i], 0,
		       init_max[i] * sizeof(*init_regions[i]));
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	mirrored_kernelcore = false;
	movable_node_enabled = false;
}

static uint64_t to_host_low(uint64_t v)
{
	return v ? v + PEER_OFFSET : 0;
}

static uint64_t to_host_limit(uint64_t v)
{
	if (v == MEMBLOCK_ALLOC_ACCESSIBLE || v == MEMBLOCK_ALLOC_NOLEAKTRACE ||
	    v == MEMBLOCK_ALLOC_ANYWHERE)
		return v;
	return v + PEER_OFFSET;
}

/* Translate the literal bounds once, outside the timed loop. */
static void translate(struct mbs_script *s)
{
	for (size_t i = 0; i < s->nr_ops; i++) {
		struct mbs_op *op = &s->ops[i];

		switch (op->kind) {
		case MBS_ALLOC_RANGE_NID:
		case MBS_PHYS_ALLOC_RANGE:
		case MBS_ALLOC_TRY_NID_RAW:
		case MBS_ALLOC_EXACT_NID_RAW:
			op->a[2] = to_host_low(op->a[2]);
			op->a[3] = to_host_limit(op->a[3]);
			break;
		case MBS_SET_CURRENT_LIMIT:
			op->a[0] = to_host_limit(op->a[0]);
			break;
		default:
			break;
		}
	}
}

static uint64_t from_host(uint64_t v)
{
	return v ? v - PEER_OFFSET : 0;
}

static uint64_t from_ptr(void *p)
{
	return from_host((uint64_t)(uintptr_t)p);
}

/* The timed loop: one call per operation, as bench-memblock.c does. */
__attribute__((__noinline__)) void run_script(const struct mbs_script *s,
					  uint64_t *results);
__attribute__((__noinline__)) void run_script(const struct mbs_script *s,
					  uint64_t *results)
{
	for (size_t i = 0; i < s->nr_ops; i++) {
		const struct mbs_op *op = &s->ops[i];
		uint64_t base = mbs_addr(op, results) + PEER_OFFSET;
		const uint64_t *a = op->a;

		switch (op->kind) {
		case MBS_ALLOW_RESIZE:
			memblock_allow_resize();
			break;
		case MBS_MIRRORED_KERNELCORE:
			mirrored_kernelcore = a[0];
			break;
		case MBS_MOVABLE_NODE:
			movable_node_enabled = a[0];
			break;
		case MBS_SET_BOTTOM_UP:
			memblock_set_bottom_up(a[0]);
			break;
		case MBS_SET_CURRENT_LIMIT:
			memblock_set_current_limit(a[0]);
			break;
		case MBS_ADD:
			memblock_add(base, a[1]);
			break;
		case MBS_ADD_NODE:
			memblock_add_node(base, a[1], op->nid, op->flags);
			break;
		case MBS_REMOVE:
			memblock_remove(base, a[1]);
			break;
		case MBS_RESERVE:
			memblock_reserve(base, a[1]);
			break;
		case MBS_PHYS_FREE:
			memblock_phys_free(base, a[1]);
			break;
		case MBS_MARK_HOTPLUG:
			memblock_mark_hotplug(base, a[1]);
			break;
		case MBS_CLEAR_HOTPLUG:
			memblock_clear_hotplug(base, a[1]);
			break;
		case MBS_MARK_MIRROR:
			memblock_mark_mirror(base, a[1]);
			break;
		case MBS_MARK_NOMAP:
			memblock_mark_nomap(base, a[1]);
			break;
		case MBS_CLEAR_NOMAP:
			memblock_clear_nomap(base, a[1]);
			break;
		case MBS_RESERVED_MARK_NOINIT:
			memblock_reserved_mark_noinit(base, a[1]);
			break;
		case MBS_SET_NODE:
			memblock_set_node(base, a[1],
					  op->flag ? &memblock.reserved :
						     &memblock.memory,
					  op->nid);
			break;
		case MBS_ALLOC_RANGE_NID:
			results[op->alloc_idx] = from_host(
				memblock_alloc_range_nid(a[0], a[1], a[2],
							 a[3], op->nid,
							 op->flag));
			break;
		case MBS_PHYS_ALLOC_RANGE:
			results[op->alloc_idx] = from_host(
				memblock_phys_alloc_range(a[0], a[1], a[2],
							  a[3]));
			break;
		case MBS_ALLOC_TRY_NID_RAW:
			results[op->alloc_idx] = from_ptr(
				memblock_alloc_try_nid_raw(a[0], a[1], a[2],
							   a[3], op->nid));
			break;
		case MBS_ALLOC_EXACT_NID_RAW:
			results[op->alloc_idx] = from_ptr(
				memblock_alloc_exact_nid_raw(a[0], a[1], a[2],
							     a[3], op->nid));
			break;
		case MBS_ENFORCE_MEMORY_LIMIT:
			memblock_enforce_memory_limit(a[0]);
			break;
		case MBS_MEM_LIMIT_REMOVE_MAP:
			memblock_mem_limit_remove_map(a[0]);
			break;
		case MBS_CAP_MEMORY_RANGE:
			memblock_cap_memory_range(base, a[1]);
			break;
		case MBS_TRIM_MEMORY:
			memblock_trim_memory(a[0]);
			break;
		case MBS_NR_KINDS:
			break;
		}
	}
}

static void print_type(FILE *fp, const char *name,
		       const struct memblock_type *t)
{
	struct mbs_region *r = calloc(t->cnt ? t->cnt : 1, sizeof(*r));

	if (!r) {
		fprintf(stderr, "memblock-peer: out of memory\n");
		exit(1);
	}
	for (unsigned long i = 0; i < t->cnt; i++)
		r[i] = (struct mbs_region){
			from_host(t->regions[i].base), t->regions[i].size,
			t->regions[i].flags, t->regions[i].nid
		};
	mbs_print_type(fp, name, t->total_size, r, t->cnt);
	free(r);
}

static char *result_text(const uint64_t *results, size_t nr, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	if (!fp) {
		fprintf(stderr, "memblock-peer: out of memory\n");
		exit(1);
	}
	mbs_print_allocs(fp, results, nr);
	print_type(fp, "memory", &memblock.memory);
	print_type(fp, "reserved", &memblock.reserved);
	fclose(fp);
	return buf;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *path = NULL;
	int passes = 5;
	struct mbs_script s;
	uint64_t *results, span;
	double *ns;
	char *first = NULL;
	size_t first_len = 0;
	void *host;
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
		fprintf(stderr, "usage: memblock-peer [--passes N] [--out FILE] SCRIPT\n");
		return 2;
	}
	if (mbs_load(path, &s))
		return 1;
	if (s.max_end > PEER_OFFSET) {
		fprintf(stderr, "memblock-peer: %s: memory above 32 TiB is not supported\n",
			path);
		return 1;
	}
	translate(&s);
	span = (s.max_end + 0xfff) & ~UINT64_C(0xfff);
	host = mmap((void *)(uintptr_t)PEER_OFFSET, span ? span : 4096,
		    PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host != (void *)(uintptr_t)PEER_OFFSET) {
		fprintf(stderr, "memblock-peer: cannot back the script's physical span at 32 TiB\n");
		return 1;
	}
	init_regions[0] = memblock.memory.regions;
	init_regions[1] = memblock.reserved.regions;
	init_max[0] = memblock.memory.max;
	init_max[1] = memblock.reserved.max;
	results = calloc(s.nr_allocs + 1, sizeof(*results));
	ns = calloc((size_t)passes, sizeof(*ns));
	if (!results || !ns) {
		fprintf(stderr, "memblock-peer: out of memory\n");
		return 1;
	}
	for (int p = 0; p <= passes; p++) {
		char *text;
		size_t len;
		double t;

		reset_memblock();
		memset(results, 0, (s.nr_allocs + 1) * sizeof(*results));
		t = mbs_now_ns();
		run_script(&s, results);
		t = mbs_now_ns() - t;
		if (p)
			ns[p - 1] = t;
		text = result_text(results, s.nr_allocs, &len);
		if (!first) {
			first = text;
			first_len = len;
		} else {
			if (len != first_len || memcmp(text, first, len)) {
				fprintf(stderr, "memblock-peer: pass %d differs from the first\n",
					p);
				rc = 1;
			}
			free(text);
		}
	}
	if (out) {
		FILE *fp = fopen(out, "w");

		if (!fp || fwrite(first, 1, first_len, fp) != first_len) {
			fprintf(stderr, "memblock-peer: cannot write %s\n", out);
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
	munmap(host, span ? span : 4096);
	return rc;
}
