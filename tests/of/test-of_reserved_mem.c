// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/of/of_reserved_mem.c: device trees booted on arm64 (4K
 * pages) with Linux 6.1's and 6.12's reserved-memory rules.  Each test
 * writes its tree with libfdt's sequential-write API (2 GiB of RAM at
 * 0x40000000, as QEMU's virt board), gives it to an empty arm64 machine
 * (cmasim_machine_set_dt()) and boots it; the boot models no kernel
 * image, so dynamic regions are placed top-down from 0xc0000000.  Where
 * the versions differ, each asserts its own: the order of placement, the
 * lines and their prefixes, the second pass, the overlap check, the
 * device lookup.  The shared teardown runs the checker.
 *
 *   0x40000000                                        0xc0000000
 *   |---------------------- RAM (2 GiB) ----------------------|
 *                 ^ static regions            dynamic ones ^ (top-down)
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"

#define M(x) ((uint64_t)(x) << 20)
#define RAM_BASE UINT64_C(0x40000000)
#define RAM_SIZE (UINT64_C(2) << 30)

enum {
	RM_REUSABLE = 1u << 0,
	RM_NOMAP = 1u << 1,
	RM_CMA_DEFAULT = 1u << 2,
	RM_DISABLED = 1u << 3,
};

/* One /reserved-memory child. */
struct rm {
	const char *name;
	const char *compat;	/* NULL: no compatible */
	uint64_t reg[2];	/* base, size; used when reg[1] */
	uint64_t size;		/* 0: no size property */
	uint64_t align;		/* 0: no alignment property */
	uint64_t ranges[4];	/* alloc-ranges pairs; nranges of them */
	int nranges;
	unsigned int flags;
	uint32_t phandle;
	uint32_t ibm_phandle;	/* an "ibm,phandle" too (0: none) */
	/* a raw property written as is, for the kernel's length checks */
	const char *raw;
	int raw_len;
};

/* A node naming region @phandle in memory-region. */
struct user {
	const char *name;
	uint32_t phandle;
	bool dma_coherent;
};

struct tree {
	const struct rm *rm;
	size_t nrm;
	const struct user *users;
	size_t nusers;
	bool no_reserved_memory;
	uint32_t rmem_size_cells;	/* 0: 2, as the root */
	uint64_t memreserve[2];		/* base, size; used when size */
	uint64_t mem_size;		/* 0: RAM_SIZE */
	const char *bootargs;
};

struct fx {
	const char *version;
	struct cmasim *sim;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->version = tst_state_version(state);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->sim)
		tst_sim_free(f->sim);
	free(f);
	return 0;
}

static bool v61(const struct fx *f)
{
	return !strcmp(f->version, "6.1");
}

/* ---- Trees ---- */

static int prop_u64s(void *fdt, const char *name, const uint64_t *v, int n)
{
	fdt64_t cells[8];

	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, n * 8);
}

static void write_rm(void *fdt, const struct rm *r)
{
	assert_int_equal(fdt_begin_node(fdt, r->name), 0);
	if (r->compat)
		assert_int_equal(fdt_property_string(fdt, "compatible",
						     r->compat), 0);
	if (r->reg[1])
		assert_int_equal(prop_u64s(fdt, "reg", r->reg, 2), 0);
	if (r->size)
		assert_int_equal(prop_u64s(fdt, "size", &r->size, 1), 0);
	if (r->align)
		assert_int_equal(prop_u64s(fdt, "alignment", &r->align, 1), 0);
	if (r->nranges)
		assert_int_equal(prop_u64s(fdt, "alloc-ranges", r->ranges,
					   2 * r->nranges), 0);
	if (r->raw) {
		static const char bytes[16];

		assert_int_equal(fdt_property(fdt, r->raw, bytes, r->raw_len), 0);
	}
	if (r->flags & RM_REUSABLE)
		assert_int_equal(fdt_property(fdt, "reusable", NULL, 0), 0);
	if (r->flags & RM_NOMAP)
		assert_int_equal(fdt_property(fdt, "no-map", NULL, 0), 0);
	if (r->flags & RM_CMA_DEFAULT)
		assert_int_equal(fdt_property(fdt, "linux,cma-default", NULL, 0), 0);
	if (r->flags & RM_DISABLED)
		assert_int_equal(fdt_property_string(fdt, "status", "disabled"), 0);
	if (r->phandle)
		assert_int_equal(fdt_property_u32(fdt, "phandle", r->phandle), 0);
	if (r->ibm_phandle)
		assert_int_equal(fdt_property_u32(fdt, "ibm,phandle",
						  r->ibm_phandle), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
}

static void *build(const struct tree *t, size_t *size)
{
	size_t cap = 32768;
	void *fdt = g_malloc0(cap);
	uint64_t mem[2] = { RAM_BASE, t->mem_size ? t->mem_size : RAM_SIZE };

	assert_int_equal(fdt_create(fdt, (int)cap), 0);
	if (t->memreserve[1])
		assert_int_equal(fdt_add_reservemap_entry(fdt, t->memreserve[0],
							  t->memreserve[1]), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
	assert_int_equal(fdt_property_u32(fdt, "#size-cells", 2), 0);
	assert_int_equal(fdt_property_string(fdt, "model", "test board"), 0);
	if (t->bootargs) {
		assert_int_equal(fdt_begin_node(fdt, "chosen"), 0);
		assert_int_equal(fdt_property_string(fdt, "bootargs",
						     t->bootargs), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_begin_node(fdt, "memory@40000000"), 0);
	assert_int_equal(fdt_property_string(fdt, "device_type", "memory"), 0);
	assert_int_equal(prop_u64s(fdt, "reg", mem, 2), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	if (!t->no_reserved_memory) {
		assert_int_equal(fdt_begin_node(fdt, "reserved-memory"), 0);
		assert_int_equal(fdt_property_u32(fdt, "#address-cells", 2), 0);
		assert_int_equal(fdt_property_u32(fdt, "#size-cells",
						  t->rmem_size_cells ?
						  t->rmem_size_cells : 2), 0);
		assert_int_equal(fdt_property(fdt, "ranges", NULL, 0), 0);
		for (size_t i = 0; i < t->nrm; i++)
			write_rm(fdt, &t->rm[i]);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	for (size_t i = 0; i < t->nusers; i++) {
		assert_int_equal(fdt_begin_node(fdt, t->users[i].name), 0);
		assert_int_equal(fdt_property_u32(fdt, "memory-region",
						  t->users[i].phandle), 0);
		if (t->users[i].dma_coherent)
			assert_int_equal(fdt_property(fdt, "dma-coherent",
						      NULL, 0), 0);
		assert_int_equal(fdt_end_node(fdt), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	*size = fdt_totalsize(fdt);
	return fdt;
}

/* Boot @t on an empty arm64 machine of @f's version; the sim is @f's. */
static struct cmasim *boot(struct fx *f, const struct tree *t,
			   const char *cmdline)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	size_t size;
	void *blob = build(t, &size);
	int ret;

	f->sim = tst_sim_new("arm64", f->version, "LOG_BUF_SHIFT=20", NULL);
	assert_non_null(m);
	assert_errno(cmasim_machine_set_dt(m, blob, size, 0, NULL, NULL), 0);
	g_free(blob);
	ret = cmasim_boot(f->sim, m, cmdline);
	cmasim_machine_destroy(m);
	assert_errno(ret, 0);
	return f->sim;
}

/* ---- Walk helpers ---- */

struct found {
	const char *name;
	struct cmasim_rmem_info info;
	unsigned int count;
	bool hit;
};

static int find_rmem(const struct cmasim_rmem_info *r, void *data)
{
	struct found *fd = data;

	fd->count++;
	if (fd->name && !strcmp(r->name, fd->name)) {
		fd->info = *r;
		fd->hit = true;
	}
	return 0;
}

static struct found region(struct cmasim *sim, const char *name)
{
	struct found fd = { .name = name };

	assert_int_equal(cmasim_for_each_rmem(sim, find_rmem, &fd), 0);
	return fd;
}

struct dev_found {
	const char *name;
	struct cmasim_dt_device_info info;
	bool hit;
};

static int find_dev(const struct cmasim_dt_device_info *d, void *data)
{
	struct dev_found *fd = data;

	if (!strcmp(d->name, fd->name)) {
		fd->info = *d;
		fd->hit = true;
	}
	return 0;
}

static struct cmasim_dt_device_info device(struct cmasim *sim, const char *name)
{
	struct dev_found fd = { .name = name };

	assert_int_equal(cmasim_for_each_dt_device(sim, find_dev, &fd), 0);
	if (!fd.hit)
		fail_msg("no device %s", name);
	return fd.info;
}

static long line_at(const struct cmasim *sim, const char *line)
{
	long i = tst_dmesg_find(sim, line);

	if (i < 0)
		fail_msg("dmesg lacks: %s", line);
	return i;
}

static unsigned int lines_with(const struct cmasim *sim, const char *needle)
{
	unsigned int n = 0;

	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		n += strstr(cmasim_dmesg_line(sim, i, NULL), needle) != NULL;
	return n;
}

/* ---- The tests ---- */

/*
 * No /reserved-memory.  Expect 6.12's "No reserved-memory node in the
 * DT", 6.1 silent, and an empty table.
 */
static void test_of_no_reserved_memory(void **state)
{
	struct fx *f = *state;
	struct tree t = { .no_reserved_memory = true };
	struct cmasim *sim = boot(f, &t, NULL);

	assert_int_equal(tst_dmesg_has(sim, "OF: reserved mem: Reserved memory: No reserved-memory node in the DT"),
			 !v61(f));
	assert_int_equal(lines_with(sim, "OF: reserved mem:"), v61(f) ? 0 : 1);
	assert_int_equal(region(sim, NULL).count, 0);
}

/*
 *   linux,cma: size 64 MiB, reusable, linux,cma-default
 *                                   [bc000000-bfffffff] linux,cma
 * Expect the pool at the top, the default area, no global area.
 */
static void test_of_dynamic_default_cma(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .size = M(64),
		  .flags = RM_REUSABLE | RM_CMA_DEFAULT },
	};
	struct tree t = { rm, 1 };
	struct cmasim *sim = boot(f, &t, NULL);
	struct found r = region(sim, "linux,cma");

	line_at(sim, "Reserved memory: created CMA memory pool at 0x00000000bc000000, size 64 MiB");
	line_at(sim, "OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool");
	assert_int_equal(tst_dmesg_has(sim, "OF: reserved mem: 0x00000000bc000000..0x00000000bfffffff (65536 KiB) map reusable linux,cma"),
			 !v61(f));
	assert_int_equal(lines_with(sim, "cma: Reserved"), 0);
	assert_true(r.hit);
	assert_int_equal(r.info.kind, CMASIM_RMEM_CMA);
	assert_int_equal(r.info.base, 0xbc000000);
	assert_int_equal(r.info.size, M(64));
	assert_ptr_equal(r.info.cma, cmasim_dma_contiguous_default_area(sim));
	assert_string_equal(cmasim_cma_get_name(r.info.cma), "linux,cma");
}

/*
 * The same node with cma=32M on the command line.  Expect the bypass
 * line, "compatible matching fail", the 64 MiB given back, and the
 * global "reserved" area of 32 MiB as the default.
 */
static void test_of_cma_default_bypassed_by_cmdline(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .size = M(64),
		  .flags = RM_REUSABLE | RM_CMA_DEFAULT },
	};
	struct tree t = { rm, 1 };
	struct cmasim *sim = boot(f, &t, "cma=32M");
	struct found r = region(sim, "linux,cma");

	line_at(sim, "Reserved memory: bypass linux,cma node, using cmdline CMA params instead");
	line_at(sim, "OF: reserved mem: node linux,cma compatible matching fail");
	assert_int_equal(r.info.kind, CMASIM_RMEM_FAILED);
	/* rmem_dma_setup() had its turn after -EBUSY and refused reusable */
	assert_int_equal(r.info.init_err, -EINVAL);
	assert_null(cmasim_cma_find(sim, "linux,cma"));
	assert_string_equal(cmasim_cma_get_name(cmasim_dma_contiguous_default_area(sim)),
			    "reserved");
	/*
	 * The 64 MiB came back; the global area is placed by
	 * dma_contiguous_reserve() in bootmem_init(), after paging_init()
	 * put the linear map's page tables (and 6.12 its region table) at
	 * the top of RAM, and after the unflattened tree and the per-cpu
	 * and sparse blocks: the highest free 2 MiB-aligned 32 MiB below
	 * them.
	 */
	assert_int_equal(cmasim_cma_get_base(cmasim_dma_contiguous_default_area(sim)),
			 0xbba00000);
}

/* /chosen bootargs "cma=32M": Expect it as the command line, bypassing. */
static void test_of_bootargs_are_the_command_line(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .size = M(64),
		  .flags = RM_REUSABLE | RM_CMA_DEFAULT },
	};
	struct tree t = { rm, 1, .bootargs = "cma=32M" };
	struct cmasim *sim = boot(f, &t, NULL);

	line_at(sim, "Kernel command line: cma=32M");
	line_at(sim, "Reserved memory: bypass linux,cma node, using cmdline CMA params instead");
}

/*
 * A reusable pool of 4.75 MiB: placed on a 2 MiB boundary, but its size
 * is not a whole number of pageblocks.  Expect "incorrect alignment of
 * CMA region", the region given back, and the global area made.
 */
static void test_of_misaligned_cma_size(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "odd", "shared-dma-pool", .size = 0x4c0000,
		  .flags = RM_REUSABLE },
	};
	struct tree t = { rm, 1 };
	struct cmasim *sim = boot(f, &t, NULL);
	struct found r = region(sim, "odd");

	line_at(sim, "Reserved memory: incorrect alignment of CMA region");
	line_at(sim, "OF: reserved mem: node odd compatible matching fail");
	assert_int_equal(r.info.kind, CMASIM_RMEM_FAILED);
	assert_int_equal(r.info.init_err, -EINVAL);
	assert_int_equal(r.info.base, 0xbfa00000);
	/* given back: the global 16 MiB area goes below the early
	 * allocations at the top of RAM, as in the bypass test */
	assert_int_equal(cmasim_cma_get_base(cmasim_cma_find(sim, "reserved")),
			 0xbca00000);
}

/*
 *   gpu@70000000: reg [70000000, +16 MiB), no-map, shared-dma-pool
 *   /gpu@10000000: memory-region = <&gpu>
 * Expect a coherent pool, memory marked NOMAP, the device bound, and
 * dma_alloc_coherent() served from the pool, then nothing past it.
 */
static void test_of_static_nomap_coherent_pool(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "gpu@70000000", "shared-dma-pool", { 0x70000000, M(16) },
		  .flags = RM_NOMAP, .phandle = 1 },
	};
	const struct user users[] = { { "gpu@10000000", 1, false } };
	struct tree t = { rm, 1, users, 1 };
	struct cmasim *sim = boot(f, &t, NULL);
	struct cmasim_dt_device_info d = device(sim, "10000000.gpu");
	struct cmasim_dma_buffer b;
	struct found r;

	line_at(sim, "Reserved memory: created DMA memory pool at 0x0000000070000000, size 16 MiB");
	line_at(sim, "platform 10000000.gpu: assigned reserved memory node gpu@70000000");
	assert_false(cms_memblock_is_map_memory(sim, 0x70000000));
	assert_int_equal(d.err, 0);
	assert_string_equal(d.region, "gpu@70000000");
	assert_false(d.dma_coherent);
	assert_errno(cmasim_dma_alloc_coherent(sim, d.dev, 8192, 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_DEV_COHERENT);
	assert_int_equal(b.phys, 0x70000000);
	assert_int_equal(b.dma_addr, 0x70000000);
	r = region(sim, "gpu@70000000");
	assert_int_equal(r.info.kind, CMASIM_RMEM_COHERENT);
	assert_int_equal(r.info.pool_pages, 4096);
	assert_int_equal(r.info.pool_used_pages, 2);
	assert_int_equal(r.info.nr_devices, 1);
	assert_errno(cmasim_dma_alloc_coherent(sim, d.dev, M(32), 0, &b),
		     -E2BIG);
	assert_errno(cmasim_dma_free_coherent(sim, d.dev, 8192, 0x70000000,
					      0x70000000), 0);
	assert_int_equal(region(sim, "gpu@70000000").info.pool_used_pages, 0);
}

/*
 * [linux,cma 32 MiB dyn, pool2 16 MiB dyn, cma@60000000 16 MiB static].
 * 6.1 sorts first (heapsort: pool2 before linux,cma) and then places:
 *   pool2 [bf000000], linux,cma [bd000000]   (capture dt-two-dyn-plus-static)
 * 6.12 places in tree order:
 *   linux,cma [be000000], pool2 [bd000000], cma@60000000 last
 */
static void test_of_dynamic_order(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .size = M(32),
		  .flags = RM_REUSABLE | RM_CMA_DEFAULT },
		{ "pool2", "shared-dma-pool", .size = M(16),
		  .flags = RM_REUSABLE },
		{ "cma@60000000", "shared-dma-pool", { 0x60000000, M(16) },
		  .flags = RM_REUSABLE },
	};
	struct tree t = { rm, 3 };
	struct cmasim *sim = boot(f, &t, "memblock=debug");
	long cma, pool2, st;

	if (v61(f)) {
		pool2 = line_at(sim, "Reserved memory: created CMA memory pool at 0x00000000bf000000, size 16 MiB");
		cma = line_at(sim, "Reserved memory: created CMA memory pool at 0x00000000bd000000, size 32 MiB");
		assert_true(pool2 < cma);
	} else {
		cma = line_at(sim, "Reserved memory: created CMA memory pool at 0x00000000be000000, size 32 MiB");
		pool2 = line_at(sim, "Reserved memory: created CMA memory pool at 0x00000000bd000000, size 16 MiB");
		assert_true(cma < pool2);
		line_at(sim, "memblock_alloc_try_nid: 144 bytes align=0x40 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 fdt_scan_reserved_mem_reg_nodes+0xc8/0x3b8");
	}
	st = line_at(sim, "Reserved memory: created CMA memory pool at 0x0000000060000000, size 16 MiB");
	assert_true(st > cma && st > pool2);
	assert_int_equal(region(sim, NULL).count, 3);
}

/*
 *   cma@60000000  [60000000 ------- 62000000)  reusable
 *   carveout      [61000000 - 61400000)        no-map over it
 * Expect the no-map refused ("failed to reserve memory"), the overlap
 * reported: 6.1 before anything is set up, 6.12 after the second pass.
 */
static void test_of_overlap(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "cma@60000000", "shared-dma-pool", { 0x60000000, M(32) },
		  .flags = RM_REUSABLE },
		{ "carveout@61000000", NULL, { 0x61000000, M(4) },
		  .flags = RM_NOMAP },
	};
	struct tree t = { rm, 2 };
	struct cmasim *sim = boot(f, &t, NULL);
	long overlap, created;
	char failed[160];

	g_snprintf(failed, sizeof(failed), "%sReserved memory: failed to reserve memory for node 'carveout@61000000': base 0x0000000061000000, size 4 MiB",
		   v61(f) ? "OF: fdt: " : "OF: reserved mem: ");
	line_at(sim, failed);
	overlap = line_at(sim, "OF: reserved mem: OVERLAP DETECTED!");
	line_at(sim, "cma@60000000 (0x0000000060000000--0x0000000062000000) overlaps with carveout@61000000 (0x0000000061000000--0x0000000061400000)");
	created = line_at(sim, "Reserved memory: created CMA memory pool at 0x0000000060000000, size 32 MiB");
	assert_true(v61(f) ? overlap < created : overlap > created);
	assert_int_equal(tst_dmesg_has(sim, "OF: reserved mem: 0x0000000061000000..0x00000000613fffff (4096 KiB) nomap non-reusable carveout@61000000"),
			 !v61(f));
	assert_true(region(sim, "carveout@61000000").info.reserve_failed);
	assert_int_equal(region(sim, "carveout@61000000").info.kind,
			 CMASIM_RMEM_NOMAP);
}

/*
 * Properties of the wrong length (#size-cells and #address-cells 2):
 * size of one cell, alignment of one cell, alloc-ranges of 12 bytes,
 * reg of 12 bytes.  Expect each one's line (reg's twice in 6.12, which
 * reads reg again in its second pass) and none of them set up.
 */
static void test_of_invalid_properties(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "bad-size", "shared-dma-pool", .raw = "size", .raw_len = 4 },
		{ "bad-align", "shared-dma-pool", .size = M(4),
		  .raw = "alignment", .raw_len = 4 },
		{ "bad-ranges", "shared-dma-pool", .size = M(4),
		  .raw = "alloc-ranges", .raw_len = 12 },
		{ "bad-reg", "shared-dma-pool", .raw = "reg", .raw_len = 12 },
	};
	struct tree t = { rm, 4 };
	struct cmasim *sim = boot(f, &t, NULL);
	char reg[128];

	line_at(sim, "OF: reserved mem: invalid size property in 'bad-size' node.");
	line_at(sim, "OF: reserved mem: invalid alignment property in 'bad-align' node.");
	line_at(sim, "OF: reserved mem: invalid alloc-ranges property in 'bad-ranges', skipping node.");
	g_snprintf(reg, sizeof(reg), "%sReserved memory: invalid reg property in 'bad-reg', skipping node.",
		   v61(f) ? "OF: fdt: " : "OF: reserved mem: ");
	line_at(sim, reg);
	assert_int_equal(lines_with(sim, "invalid reg property"),
			 v61(f) ? 1 : 2);
	/* 6.1 saved the three dynamic ones before it could place them */
	assert_int_equal(region(sim, NULL).count, v61(f) ? 3 : 0);
	assert_int_equal(lines_with(sim, "created"), 0);
}

/*
 * alloc-ranges [50000000, +16 MiB) then [60000000, +256 MiB) for 64 MiB:
 * the first is too small.  Expect the pool at the top of the second,
 * 0x6c000000 (capture dt-allocranges-multi), and two allocation lines.
 */
static void test_of_alloc_ranges_second_range(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .size = M(64),
		  .ranges = { 0x50000000, M(16), 0x60000000, M(256) },
		  .nranges = 2, .flags = RM_REUSABLE | RM_CMA_DEFAULT },
	};
	struct tree t = { rm, 1 };
	struct cmasim *sim = boot(f, &t, "memblock=debug");

	line_at(sim, "Reserved memory: created CMA memory pool at 0x000000006c000000, size 64 MiB");
	assert_int_equal(lines_with(sim, "memblock_phys_alloc_range: 67108864 bytes align=0x200000"),
			 2);
}

/*
 *   a: 16 MiB in [50000000, 60000000)    top-down: [5f000000, 60000000)
 *   b: 16 MiB in [60000000, 70000000)    starts where a ends:
 * Expect 6.12 to search b bottom-up ([60000000, 61000000)), 6.1
 * top-down ([6f000000, 70000000)).
 */
static void test_of_alloc_ranges_steering(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "a", "shared-dma-pool", .size = M(16),
		  .ranges = { 0x50000000, M(256) }, .nranges = 1,
		  .flags = RM_REUSABLE },
		{ "b", "shared-dma-pool", .size = M(16),
		  .ranges = { 0x60000000, M(256) }, .nranges = 1,
		  .flags = RM_REUSABLE },
	};
	struct tree t = { rm, 2 };
	struct cmasim *sim = boot(f, &t, NULL);

	assert_int_equal(region(sim, "a").info.base, 0x5f000000);
	assert_int_equal(region(sim, "b").info.base,
			 v61(f) ? 0x6f000000 : 0x60000000);
}

/* 4 GiB on 2 GiB of RAM: Expect "failed to allocate memory for node". */
static void test_of_alloc_fails(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "huge", "shared-dma-pool", .size = UINT64_C(4) << 30,
		  .flags = RM_NOMAP },
	};
	struct tree t = { rm, 1 };
	struct cmasim *sim = boot(f, &t, NULL);

	line_at(sim, "OF: reserved mem: failed to allocate memory for node 'huge': size 4096 MiB");
	assert_int_equal(lines_with(sim, "created"), 0);
}

/*
 * /reserved-memory with #size-cells 1 under a root of 2.  Expect
 * "unsupported node format, ignoring": 6.1 once ("OF: fdt: "), 6.12 in
 * both passes, after allocating a table for 64 regions (3072 bytes).
 */
static void test_of_unsupported_format(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "linux,cma", "shared-dma-pool", .raw = "size", .raw_len = 4,
		  .flags = RM_REUSABLE },
	};
	struct tree t = { rm, 1, .rmem_size_cells = 1 };
	struct cmasim *sim = boot(f, &t, "memblock=debug");

	assert_int_equal(lines_with(sim, "Reserved memory: unsupported node format, ignoring"),
			 v61(f) ? 1 : 2);
	assert_int_equal(lines_with(sim, v61(f) ? "OF: fdt: Reserved memory: unsupported" :
					"OF: reserved mem: Reserved memory: unsupported"),
			 v61(f) ? 1 : 2);
	assert_int_equal(lines_with(sim, "memblock_alloc_try_nid: 3072 bytes align=0x40"),
			 v61(f) ? 0 : 1);
	assert_int_equal(region(sim, NULL).count, 0);
}

/*
 * A restricted-dma-pool and a device on it.  Expect the swiotlb line,
 * the device bound, and its coherent allocations refused as unmodelled.
 */
static void test_of_restricted_pool(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "restricted@50000000", "restricted-dma-pool",
		  { 0x50000000, M(4) }, .phandle = 7 },
	};
	const struct user users[] = { { "wifi@12000000", 7, true } };
	struct tree t = { rm, 1, users, 1 };
	struct cmasim *sim = boot(f, &t, NULL);
	struct cmasim_dt_device_info d = device(sim, "12000000.wifi");
	struct cmasim_dma_buffer b;

	line_at(sim, "software IO TLB: Reserved memory: created restricted DMA pool at 0x0000000050000000, size 4 MiB");
	line_at(sim, "OF: reserved mem: initialized node restricted@50000000, compatible id restricted-dma-pool");
	assert_int_equal(region(sim, "restricted@50000000").info.kind,
			 CMASIM_RMEM_RESTRICTED);
	assert_int_equal(d.err, 0);
	assert_true(d.dma_coherent);
	assert_errno(cmasim_dma_alloc_coherent(sim, d.dev, 4096, 0, &b),
		     -EOPNOTSUPP);
}

/*
 * Devices: one on a CMA region (its dev->cma_area), one on a disabled
 * region (0, nothing bound), one on a no-map region without compatible
 * (-EINVAL: nothing to bind).  Expect coherent allocations of the first
 * from its own area.
 */
static void test_of_devices(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "vpu-cma", "shared-dma-pool", .size = M(32),
		  .flags = RM_REUSABLE, .phandle = 1 },
		{ "off", "shared-dma-pool", .size = M(4),
		  .flags = RM_REUSABLE | RM_DISABLED, .phandle = 2 },
		{ "fw@50000000", NULL, { 0x50000000, M(2) },
		  .flags = RM_NOMAP, .phandle = 3 },
	};
	const struct user users[] = {
		{ "vpu@10000000", 1, false },
		{ "isp", 2, false },
		{ "dsp@14000000", 3, false },
	};
	struct tree t = { rm, 3, users, 3 };
	struct cmasim *sim = boot(f, &t, NULL);
	struct cmasim_dt_device_info vpu = device(sim, "10000000.vpu");
	struct cmasim_dma_buffer b;

	assert_int_equal(vpu.err, 0);
	assert_int_equal(device(sim, "isp").err, 0);
	assert_int_equal(device(sim, "14000000.dsp").err, -EINVAL);
	assert_errno(cmasim_dma_alloc_coherent(sim, vpu.dev, M(1), 0, &b), 0);
	assert_int_equal(b.path, CMASIM_DMA_PATH_CMA);
	assert_ptr_equal(b.cma, region(sim, "vpu-cma").info.cma);
	assert_errno(cmasim_dma_free_coherent(sim, vpu.dev, M(1), b.phys,
					      b.dma_addr), 0);
	assert_int_equal(region(sim, "vpu-cma").info.nr_devices, 1);
}

/*
 * A region whose "phandle" (1) and "ibm,phandle" (5) differ, named by 5.
 * 6.1 looks the region up by the phandle it read itself (1): Expect
 * -EINVAL.  6.12 looks it up by name: Expect it bound.
 */
static void test_of_lookup_by_phandle_or_name(void **state)
{
	struct fx *f = *state;
	const struct rm rm[] = {
		{ "pool", "shared-dma-pool", .size = M(32),
		  .flags = RM_REUSABLE, .phandle = 1, .ibm_phandle = 5 },
	};
	const struct user users[] = { { "npu@15000000", 5, false } };
	struct tree t = { rm, 1, users, 1 };
	struct cmasim *sim = boot(f, &t, NULL);

	assert_int_equal(device(sim, "15000000.npu").err,
			 v61(f) ? -EINVAL : 0);
}

/* /memreserve/ [48000000, +1 MiB): Expect it reserved. */
static void test_of_memreserve(void **state)
{
	struct fx *f = *state;
	struct tree t = { .no_reserved_memory = true,
			  .memreserve = { 0x48000000, M(1) } };
	struct cmasim *sim = boot(f, &t, NULL);

	assert_true(cms_memblock_is_region_reserved(sim, 0x48000000, M(1)));
}

/*
 * More regions than the table holds.  6.1: 65 static ones: Expect "not
 * enough space for all defined regions." once.  6.12: 65 dynamic ones:
 * Expect "too many defined dynamic regions, skip 'r64'".
 */
static void test_of_too_many_regions(void **state)
{
	struct fx *f = *state;
	struct rm rm[65];
	char names[65][8];
	struct tree t = { rm, 65 };
	struct cmasim *sim;

	memset(rm, 0, sizeof(rm));
	for (int i = 0; i < 65; i++) {
		g_snprintf(names[i], sizeof(names[i]), "r%d", i);
		rm[i].name = names[i];
		if (v61(f)) {
			rm[i].reg[0] = 0x50000000 + (uint64_t)i * M(1);
			rm[i].reg[1] = M(1);
		} else {
			rm[i].size = M(1);
		}
	}
	sim = boot(f, &t, NULL);
	if (v61(f))
		assert_int_equal(lines_with(sim, "OF: reserved mem: not enough space for all defined regions."),
				 1);
	else
		line_at(sim, "OF: reserved mem: too many defined dynamic regions, skip 'r64'");
	assert_int_equal(region(sim, NULL).count, 64);
}

/*
 * /memory with a zero size (the boot loader fills it in).  Expect 2 GiB
 * assumed at the node's unit address and a diagnostic saying so; with
 * @assumed_mem 1 GiB, 1 GiB.
 */
static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

static void test_of_assumed_memory(void **state)
{
	struct fx *f = *state;
	struct tree t = { .no_reserved_memory = true, .mem_size = 0 };
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	GString *said = g_string_new(NULL);
	uint64_t base, size;
	size_t n;
	void *blob;

	(void)f;
	t.mem_size = 0;
	blob = build(&t, &n);
	/* build() wrote 2 GiB: write the size cells as 0 */
	{
		int node = fdt_path_offset(blob, "/memory@40000000");
		uint64_t reg[2] = { cpu_to_fdt64(RAM_BASE), 0 };

		assert_int_equal(fdt_setprop_inplace(blob, node, "reg", reg,
						     sizeof(reg)), 0);
	}
	assert_errno(cmasim_machine_set_dt(m, blob, n, UINT64_C(1) << 30,
					   collect, said), 0);
	assert_int_equal(cmasim_machine_nr_e820(m), 1);
	assert_int_equal(cmasim_machine_e820(m, 0, &base, &size, NULL), 0);
	assert_int_equal(base, RAM_BASE);
	assert_int_equal(size, UINT64_C(1) << 30);
	assert_non_null(strstr(said->str, "assuming 1024 MiB at 0x40000000"));
	cmasim_machine_destroy(m);
	g_string_free(said, TRUE);
	g_free(blob);
}

/*
 * cmasim_machine_set_dt() refusals: NULL arguments and a damaged blob
 * (-EINVAL), a blob over 2 MiB (-EFBIG), an x86 machine (-EOPNOTSUPP).
 * Expect the machine unchanged each time.
 */
static void test_of_set_dt_refusals(void **state)
{
	struct tree t = { .no_reserved_memory = true };
	struct cmasim_machine *arm = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	struct cmasim_machine *x86 = cmasim_machine_new(CMASIM_ARCH_X86_64);
	char junk[64] = "not a device tree";
	size_t n;
	void *blob = build(&t, &n);

	(void)state;
	assert_errno(cmasim_machine_set_dt(NULL, blob, n, 0, NULL, NULL), -EINVAL);
	assert_errno(cmasim_machine_set_dt(arm, NULL, n, 0, NULL, NULL), -EINVAL);
	assert_errno(cmasim_machine_set_dt(arm, junk, sizeof(junk), 0, NULL,
					   NULL), -EINVAL);
	assert_errno(cmasim_machine_set_dt(arm, blob, UINT64_C(3) << 20, 0,
					   NULL, NULL), -EFBIG);
	assert_errno(cmasim_machine_set_dt(x86, blob, n, 0, NULL, NULL),
		     -EOPNOTSUPP);
	assert_errno(cmasim_machine_set_dt_file(arm, "/nonexistent.dtb", 0,
						NULL, NULL), -ENOENT);
	assert_int_equal(cmasim_machine_nr_e820(arm), 0);
	assert_null(cmasim_machine_cmdline(arm));
	cmasim_machine_destroy(arm);
	cmasim_machine_destroy(x86);
	g_free(blob);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_of_no_reserved_memory),
		T(test_of_dynamic_default_cma),
		T(test_of_cma_default_bypassed_by_cmdline),
		T(test_of_bootargs_are_the_command_line),
		T(test_of_misaligned_cma_size),
		T(test_of_static_nomap_coherent_pool),
		T(test_of_dynamic_order),
		T(test_of_overlap),
		T(test_of_invalid_properties),
		T(test_of_alloc_ranges_second_range),
		T(test_of_alloc_ranges_steering),
		T(test_of_alloc_fails),
		T(test_of_unsupported_format),
		T(test_of_restricted_pool),
		T(test_of_devices),
		T(test_of_lookup_by_phandle_or_name),
		T(test_of_memreserve),
		T(test_of_too_many_regions),
		T(test_of_assumed_memory),
		T(test_of_set_dt_refusals),
	};
#undef T

	return tst_run_per_version("of_reserved_mem", tests,
				   G_N_ELEMENTS(tests));
}
