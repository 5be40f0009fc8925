// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/of/fdt.c: device trees built in memory with libfdt's
 * sequential-write API, one per property and per malformed value the
 * kernel reads (drivers/of/fdt.c, drivers/of/of_reserved_mem.c); the
 * blob and file limits; .dts sources through dtc; and, when
 * $CMASIM_SHARED is there, every real board's .dtb and every capture's
 * .dts read without error, their reserved-memory nodes listed.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "helpers.h"
#include "of/fdt.h"

#define TB_SIZE (64 * 1024)
#define OK(x) assert_int_equal((x), 0)

/* ---- A tree builder over fdt_create() ---- */

static void *tb_new(void)
{
	void *b = g_malloc0(TB_SIZE);

	OK(fdt_create(b, TB_SIZE));
	return b;
}

/* Reservation entries go before the root. */
static void tb_rsv(void *b, uint64_t addr, uint64_t size)
{
	OK(fdt_add_reservemap_entry(b, addr, size));
}

static void tb_root(void *b)
{
	OK(fdt_finish_reservemap(b));
	OK(fdt_begin_node(b, ""));
}

static void tb_node(void *b, const char *name)
{
	OK(fdt_begin_node(b, name));
}

static void tb_end(void *b)
{
	OK(fdt_end_node(b));
}

static void tb_u32(void *b, const char *name, uint32_t v)
{
	OK(fdt_property_u32(b, name, v));
}

static void tb_str(void *b, const char *name, const char *s)
{
	OK(fdt_property_string(b, name, s));
}

static void tb_raw(void *b, const char *name, const void *v, int len)
{
	OK(fdt_property(b, name, v, len));
}

static void tb_flag(void *b, const char *name)
{
	OK(fdt_property(b, name, NULL, 0));
}

/* @n big-endian cells. */
static void tb_cells(void *b, const char *name, unsigned int n, ...)
{
	fdt32_t *v = g_new0(fdt32_t, n ? n : 1);
	va_list ap;

	va_start(ap, n);
	for (unsigned int i = 0; i < n; i++)
		v[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	tb_raw(b, name, v, (int)(n * 4));
	g_free(v);
}

/* The root with 2/2 cells and one 2 GiB memory node, as qemu's virt. */
static void *tb_virt(void)
{
	void *b = tb_new();

	tb_root(b);
	tb_u32(b, "#address-cells", 2);
	tb_u32(b, "#size-cells", 2);
	tb_str(b, "model", "linux,dummy-virt");
	tb_node(b, "memory@40000000");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 4, 0, 0x40000000, 0, 0x80000000);
	tb_end(b);
	return b;
}

/* /reserved-memory with the root's 2/2 cells and ranges. */
static void tb_rmem_open(void *b)
{
	tb_node(b, "reserved-memory");
	tb_u32(b, "#address-cells", 2);
	tb_u32(b, "#size-cells", 2);
	tb_flag(b, "ranges");
}

static void collect(const char *text, void *data)
{
	g_string_append((GString *)data, text);
}

/* Close the root, finish the blob, read it: must succeed. */
static struct cms_fdt *tb_read(void *b, GString *diag)
{
	struct cms_fdt *t = NULL;

	tb_end(b);
	OK(fdt_finish(b));
	assert_int_equal(cms_fdt_read_blob(b, fdt_totalsize(b), NULL, &t,
					   diag ? collect : NULL, diag), 0);
	g_free(b);
	assert_non_null(t);
	return t;
}

/* Close the root and finish; the blob is the caller's to read and free. */
static void tb_finish(void *b)
{
	tb_end(b);
	OK(fdt_finish(b));
}

/* The problem raised for @path/@prop (NULL: the node itself), or NULL. */
static const struct cms_fdt_problem *find_problem(const struct cms_fdt *t,
						  const char *path,
						  const char *prop)
{
	for (unsigned int i = 0; i < t->nr_problems; i++) {
		const struct cms_fdt_problem *p = &t->problems[i];

		if (strcmp(p->path, path))
			continue;
		if ((!prop && !p->property) ||
		    (prop && p->property && !strcmp(p->property, prop)))
			return p;
	}
	return NULL;
}

static void assert_problem(const struct cms_fdt *t, const char *path,
			   const char *prop, int err)
{
	const struct cms_fdt_problem *p = find_problem(t, path, prop);

	if (!p)
		fail_msg("no problem raised for %s %s", path, prop ? prop : "");
	assert_errno(p->err, err);
}

static const struct cms_fdt_rmem *rmem_named(const struct cms_fdt *t,
					     const char *name)
{
	for (unsigned int i = 0; i < t->nr_rmem; i++)
		if (!strcmp(t->rmem[i].name, name))
			return &t->rmem[i];
	fail_msg("no /reserved-memory/%s", name);
	return NULL;
}

/* ---- /memory ---- */

/*
 *  0x40000000                0xc0000000
 *  [ memory@40000000 (2 GiB) ]
 * Expect one node, one range, decoded with the root's 2/2 cells.
 */
static void test_fdt_memory_one_node(void **state)
{
	struct cms_fdt *t = tb_read(tb_virt(), NULL);

	assert_int_equal(t->addr_cells, 2);
	assert_int_equal(t->size_cells, 2);
	assert_string_equal(t->model, "linux,dummy-virt");
	assert_int_equal(t->nr_memory, 1);
	assert_string_equal(t->memory[0].path, "/memory@40000000");
	assert_true(t->memory[0].available);
	assert_false(t->memory[0].hotpluggable);
	assert_false(t->memory[0].usable_memory);
	assert_int_equal(t->memory[0].reg.len, 16);
	assert_int_equal(t->memory[0].reg.nr, 1);
	assert_int_equal(t->memory[0].reg.range[0].base, 0x40000000);
	assert_int_equal(t->memory[0].reg.range[0].size, 0x80000000);
	assert_false(t->has_reserved_memory);
	assert_int_equal(t->nr_rmem, 0);
	assert_int_equal(t->nr_problems, 0);
	assert_int_equal(t->nr_memreserve, 0);
	assert_null(t->bootargs);
	assert_false(t->has_initrd);
	cms_fdt_free(t);
}

/* Expect a root without cells to mean 1 and 1 (not libfdt's 2 and 1). */
static void test_fdt_memory_default_cells(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_node(b, "memory@80000000");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 2, 0x80000000, 0x20000000);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->addr_cells, 1);
	assert_int_equal(t->size_cells, 1);
	assert_int_equal(t->memory[0].reg.nr, 1);
	assert_int_equal(t->memory[0].reg.range[0].base, 0x80000000);
	assert_int_equal(t->memory[0].reg.range[0].size, 0x20000000);
	assert_int_equal(t->nr_problems, 0);
	cms_fdt_free(t);
}

/*
 *  0      1G            4G      6G
 *  [mem@0 ][gap][mem@0 ]  [mem@100000000 hotpluggable]  [disabled]
 * Expect every root child of device_type "memory" in tree order, with
 * several pairs each; nodes named memory without the type, or deeper in
 * the tree, are not memory to the kernel.
 */
static void test_fdt_memory_several_entries_and_nodes(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_u32(b, "#address-cells", 2);
	tb_u32(b, "#size-cells", 2);
	tb_node(b, "memory@0");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 8, 0, 0, 0, 0x40000000, 0, 0x80000000, 0,
		 0x40000000);
	tb_end(b);
	tb_node(b, "memory@100000000");
	tb_str(b, "device_type", "memory");
	tb_str(b, "status", "ok");
	tb_flag(b, "hotpluggable");
	tb_u32(b, "numa-node-id", 1);
	tb_cells(b, "reg", 4, 1, 0, 0, 0x80000000);
	tb_end(b);
	tb_node(b, "memory@200000000");
	tb_str(b, "device_type", "memory");
	tb_str(b, "status", "disabled");
	tb_cells(b, "reg", 4, 2, 0, 0, 0x80000000);
	tb_end(b);
	tb_node(b, "memory@300000000");	/* no device_type */
	tb_cells(b, "reg", 4, 3, 0, 0, 0x80000000);
	tb_end(b);
	tb_node(b, "soc");
	tb_node(b, "memory@400000000");	/* not a root child */
	tb_str(b, "device_type", "memory");
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->nr_memory, 3);
	assert_int_equal(t->memory[0].reg.nr, 2);
	assert_int_equal(t->memory[0].reg.range[0].base, 0);
	assert_int_equal(t->memory[0].reg.range[0].size, 0x40000000);
	assert_int_equal(t->memory[0].reg.range[1].base, 0x80000000);
	assert_int_equal(t->memory[0].reg.range[1].size, 0x40000000);
	assert_string_equal(t->memory[1].path, "/memory@100000000");
	assert_true(t->memory[1].available);
	assert_true(t->memory[1].hotpluggable);
	assert_int_equal(t->memory[0].nid, -1);
	assert_int_equal(t->memory[1].nid, 1);
	assert_int_equal(t->memory[1].reg.range[0].base, UINT64_C(0x100000000));
	assert_string_equal(t->memory[2].path, "/memory@200000000");
	assert_false(t->memory[2].available);
	assert_int_equal(t->nr_problems, 0);
	cms_fdt_free(t);
}

/* Expect linux,usable-memory to replace reg. */
static void test_fdt_memory_usable_memory(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_node(b, "memory@0");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 2, 0, 0x40000000);
	tb_cells(b, "linux,usable-memory", 2, 0x1000000, 0x1000000);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_true(t->memory[0].usable_memory);
	assert_int_equal(t->memory[0].reg.nr, 1);
	assert_int_equal(t->memory[0].reg.range[0].base, 0x1000000);
	assert_int_equal(t->memory[0].reg.range[0].size, 0x1000000);
	cms_fdt_free(t);
}

/*
 * Expect the kernel's verdicts as problems: a partial pair is ignored, a
 * zero size skipped, a node without reg skipped; a disabled node, which
 * the kernel never reads, raises none.
 */
static void test_fdt_memory_malformed(void **state)
{
	GString *diag = g_string_new(NULL);
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_u32(b, "#address-cells", 2);
	tb_u32(b, "#size-cells", 2);
	tb_node(b, "memory@0");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 5, 0, 0, 0, 0x40000000, 7);
	tb_end(b);
	tb_node(b, "memory@40000000");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 4, 0, 0x40000000, 0, 0);
	tb_raw(b, "numa-node-id", "\0\1", 2);
	tb_end(b);
	tb_node(b, "memory@80000000");
	tb_str(b, "device_type", "memory");
	tb_end(b);
	tb_node(b, "memory@c0000000");
	tb_str(b, "device_type", "memory");
	tb_str(b, "status", "fail");
	tb_cells(b, "reg", 3, 0, 0xc0000000, 0);
	tb_end(b);
	t = tb_read(b, diag);
	assert_int_equal(t->nr_memory, 4);
	assert_int_equal(t->memory[0].reg.len, 20);
	assert_int_equal(t->memory[0].reg.nr, 1);
	assert_problem(t, "/memory@0", "reg", -EINVAL);
	assert_int_equal(t->memory[1].reg.range[0].size, 0);
	assert_problem(t, "/memory@40000000", "reg", -EINVAL);
	assert_problem(t, "/memory@40000000", "numa-node-id", -EINVAL);
	assert_int_equal(t->memory[1].nid, -1);
	assert_int_equal(t->memory[2].reg.len, -1);
	assert_int_equal(t->memory[2].reg.nr, 0);
	assert_problem(t, "/memory@80000000", NULL, -EINVAL);
	assert_false(t->memory[3].available);
	assert_null(find_problem(t, "/memory@c0000000", "reg"));
	assert_int_equal(t->nr_problems, 4);
	/* one diagnostic line per problem, naming node and property */
	assert_non_null(strstr(diag->str,
			       "blob: /memory@0: reg: 20 bytes: the last 4 are not a whole (address, size) pair"));
	g_string_free(diag, TRUE);
	cms_fdt_free(t);
}

/*
 * Expect three address cells to keep the low 64 bits, as of_read_number()
 * does, and a pair that passes 2^64 to be flagged.
 */
static void test_fdt_memory_wide_and_wrapping(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_u32(b, "#address-cells", 3);
	tb_u32(b, "#size-cells", 2);
	tb_node(b, "memory@1000");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 5, 1, 0, 0x1000, 0, 0x1000);
	tb_end(b);
	tb_node(b, "memory@fffffffffffff000");
	tb_str(b, "device_type", "memory");
	tb_cells(b, "reg", 5, 0, 0xffffffff, 0xfffff000, 0, 0x2000);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->memory[0].reg.range[0].base, 0x1000);
	assert_int_equal(t->memory[0].reg.range[0].size, 0x1000);
	assert_problem(t, "/memory@1000", "reg", -EOVERFLOW);
	assert_int_equal(t->memory[1].reg.range[0].base,
			 UINT64_C(0xfffffffffffff000));
	assert_problem(t, "/memory@fffffffffffff000", "reg", -EOVERFLOW);
	cms_fdt_free(t);
}

/* ---- The root ---- */

/* Expect root cells the kernel cannot decode to stop the reading. */
static void test_fdt_root_cells_refused(void **state)
{
	static const struct {
		const char *name;
		uint32_t ac, sc;
		int short_len;
		const char *diag;
	} cases[] = {
		{ "both zero", 0, 0, 0, "both 0" },
		{ "too many", 5, 2, 0, "#address-cells = <5>: more than 4 cells" },
		{ "too many sizes", 2, 9, 0, "#size-cells = <9>" },
		{ "short", 2, 2, 2, "#size-cells is 2 bytes" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *diag = g_string_new(NULL);
		struct cms_fdt *t = NULL;
		void *b = tb_new();

		tb_root(b);
		tb_u32(b, "#address-cells", cases[i].ac);
		if (cases[i].short_len)
			tb_raw(b, "#size-cells", "\0\2", cases[i].short_len);
		else
			tb_u32(b, "#size-cells", cases[i].sc);
		tb_finish(b);
		assert_errno(cms_fdt_read_blob(b, fdt_totalsize(b), NULL, &t,
					       collect, diag), -EINVAL);
		assert_null(t);
		if (!strstr(diag->str, cases[i].diag))
			fail_msg("%s: diagnostic \"%s\" lacks \"%s\"",
				 cases[i].name, diag->str, cases[i].diag);
		g_free(b);
		g_string_free(diag, TRUE);
	}
}

/* Expect a long cells property to count by its first cell, flagged. */
static void test_fdt_root_cells_long(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_cells(b, "#address-cells", 2, 2, 7);
	tb_u32(b, "#size-cells", 1);
	t = tb_read(b, NULL);
	assert_int_equal(t->addr_cells, 2);
	assert_problem(t, "/", "#address-cells", -EINVAL);
	cms_fdt_free(t);
}

/* Expect the machine name from model, else the first compatible. */
static void test_fdt_root_model(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_raw(b, "compatible", "acme,board\0acme,soc", 20);
	t = tb_read(b, NULL);
	assert_string_equal(t->model, "acme,board");
	cms_fdt_free(t);
	b = tb_new();
	tb_root(b);
	t = tb_read(b, NULL);
	assert_null(t->model);
	cms_fdt_free(t);
}

/* Expect /memreserve/ up to the first zero size, as the kernel loops. */
static void test_fdt_memreserve(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_rsv(b, 0x1000, 0x1000);
	tb_rsv(b, 0x48000000, 0x100000);
	tb_rsv(b, 0x9000, 0);
	tb_rsv(b, 0xa000, 0x1000);
	tb_root(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->nr_memreserve, 2);
	assert_int_equal(t->memreserve[0].base, 0x1000);
	assert_int_equal(t->memreserve[0].size, 0x1000);
	assert_int_equal(t->memreserve[1].base, 0x48000000);
	assert_int_equal(t->memreserve[1].size, 0x100000);
	assert_true(t->totalsize > 0);
	cms_fdt_free(t);
}

/*
 * Expect /chosen's bootargs and initrd range (cells by length), /chosen@0
 * when /chosen is absent, no command line when bootargs is empty, and no
 * initrd when it ends before it starts.
 */
static void test_fdt_chosen(void **state)
{
	void *b = tb_new();
	struct cms_fdt *t;

	tb_root(b);
	tb_node(b, "chosen");
	tb_str(b, "bootargs", "console=ttyAMA0 cma=64M");
	tb_cells(b, "linux,initrd-start", 2, 0, 0x48000000);
	tb_u32(b, "linux,initrd-end", 0x480f2000);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_string_equal(t->bootargs, "console=ttyAMA0 cma=64M");
	assert_true(t->has_initrd);
	assert_int_equal(t->initrd_start, 0x48000000);
	assert_int_equal(t->initrd_end, 0x480f2000);
	cms_fdt_free(t);

	b = tb_new();
	tb_root(b);
	tb_node(b, "chosen@0");
	tb_raw(b, "bootargs", "", 0);
	tb_u32(b, "linux,initrd-start", 0x2000);
	tb_u32(b, "linux,initrd-end", 0x1000);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_null(t->bootargs);
	assert_false(t->has_initrd);
	assert_problem(t, "/chosen@0", "linux,initrd-end", -EINVAL);
	cms_fdt_free(t);
}

/* ---- /reserved-memory ---- */

/*
 *  reserved-memory (2/2, ranges)
 *    linux,cma       size 64M, align 4M, alloc-ranges x2, reusable, default
 *    cma@60000000    reg 16M, reusable
 *    gpu@70000000    reg 8M, no-map, phandle, dma-default
 *    swiotlb@78000000 restricted-dma-pool
 *    off@7f000000    disabled
 * Expect the children in tree order with every property the kernel reads.
 */
static void test_fdt_rmem_tree_order_and_fields(void **state)
{
	void *b = tb_virt();
	const struct cms_fdt_rmem *m;
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "linux,cma");
	tb_str(b, "compatible", "shared-dma-pool");
	tb_flag(b, "reusable");
	tb_cells(b, "size", 2, 0, 0x4000000);
	tb_cells(b, "alignment", 2, 0, 0x400000);
	tb_cells(b, "alloc-ranges", 8, 0, 0x40000000, 0, 0x10000000, 0,
		 0x80000000, 0, 0x20000000);
	tb_flag(b, "linux,cma-default");
	tb_end(b);
	tb_node(b, "cma@60000000");
	tb_str(b, "compatible", "shared-dma-pool");
	tb_flag(b, "reusable");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x1000000);
	tb_end(b);
	tb_node(b, "gpu@70000000");
	tb_str(b, "compatible", "shared-dma-pool");
	tb_flag(b, "no-map");
	tb_cells(b, "reg", 4, 0, 0x70000000, 0, 0x800000);
	tb_u32(b, "phandle", 0x10);
	tb_flag(b, "linux,dma-default");
	tb_end(b);
	tb_node(b, "swiotlb@78000000");
	tb_str(b, "compatible", "restricted-dma-pool");
	tb_cells(b, "reg", 4, 0, 0x78000000, 0, 0x400000);
	tb_end(b);
	tb_node(b, "off@7f000000");
	tb_str(b, "status", "disabled");
	tb_cells(b, "reg", 4, 0, 0x7f000000, 0, 0x100000);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);

	assert_true(t->has_reserved_memory);
	assert_true(t->rmem_format_ok);
	assert_int_equal(t->nr_rmem, 5);
	assert_int_equal(t->nr_problems, 0);

	m = &t->rmem[0];
	assert_string_equal(m->name, "linux,cma");
	assert_null(m->unit_address);
	assert_string_equal(m->path, "/reserved-memory/linux,cma");
	assert_true(m->available);
	assert_int_equal(m->reg.len, -1);
	assert_int_equal(m->size_len, 8);
	assert_int_equal(m->size, 0x4000000);
	assert_int_equal(m->alignment_len, 8);
	assert_int_equal(m->alignment, 0x400000);
	assert_int_equal(m->alloc_ranges.len, 32);
	assert_int_equal(m->alloc_ranges.nr, 2);
	assert_int_equal(m->alloc_ranges.range[1].base, 0x80000000);
	assert_int_equal(m->alloc_ranges.range[1].size, 0x20000000);
	assert_true(m->reusable);
	assert_false(m->no_map);
	assert_true(m->cma_default);
	assert_false(m->dma_default);
	assert_true(cms_fdt_rmem_is_compatible(m, "shared-dma-pool"));
	assert_int_equal(m->phandle, 0);

	m = &t->rmem[1];
	assert_string_equal(m->name, "cma@60000000");
	assert_string_equal(m->unit_address, "60000000");
	assert_int_equal(m->reg.nr, 1);
	assert_int_equal(m->reg.range[0].base, 0x60000000);
	assert_int_equal(m->reg.range[0].size, 0x1000000);
	assert_int_equal(m->size_len, -1);
	assert_int_equal(m->alignment_len, -1);
	assert_int_equal(m->alloc_ranges.len, -1);

	m = &t->rmem[2];
	assert_true(m->no_map);
	assert_false(m->reusable);
	assert_true(m->dma_default);
	assert_int_equal(m->phandle, 0x10);
	assert_int_equal(m->rmem_phandle, 0x10);

	m = &t->rmem[3];
	assert_true(cms_fdt_rmem_is_compatible(m, "restricted-dma-pool"));
	assert_false(cms_fdt_rmem_is_compatible(m, "shared-dma-pool"));
	assert_false(t->rmem[4].available);
	/* tree order: offsets grow */
	for (unsigned int i = 1; i < t->nr_rmem; i++)
		assert_true(t->rmem[i].offset > t->rmem[i - 1].offset);
	cms_fdt_free(t);
}

/*
 * Expect __reserved_mem_check_root()'s three rules: each of a missing
 * ranges, a missing #size-cells and cells other than the root's makes the
 * kernel ignore every child.
 */
static void test_fdt_rmem_format(void **state)
{
	static const struct {
		const char *what;
		int ac, sc;	/* -1: absent */
		bool ranges;
		const char *prop;
	} cases[] = {
		{ "no ranges", 2, 2, false, "ranges" },
		{ "no #size-cells", 2, -1, true, "#size-cells" },
		{ "other #address-cells", 1, 2, true, "#address-cells" },
		{ "all fine", 2, 2, true, NULL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		void *b = tb_virt();
		struct cms_fdt *t;

		tb_node(b, "reserved-memory");
		if (cases[i].ac >= 0)
			tb_u32(b, "#address-cells", cases[i].ac);
		if (cases[i].sc >= 0)
			tb_u32(b, "#size-cells", cases[i].sc);
		if (cases[i].ranges)
			tb_flag(b, "ranges");
		tb_end(b);
		t = tb_read(b, NULL);
		assert_true(t->has_reserved_memory);
		if (cases[i].prop) {
			if (t->rmem_format_ok)
				fail_msg("%s: format accepted", cases[i].what);
			assert_problem(t, "/reserved-memory", cases[i].prop,
				       -EINVAL);
		} else {
			assert_true(t->rmem_format_ok);
			assert_int_equal(t->nr_problems, 0);
		}
		cms_fdt_free(t);
	}
}

/* Expect children decoded with the parent's own (1/1) cells. */
static void test_fdt_rmem_parent_cells(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_node(b, "reserved-memory");
	tb_u32(b, "#address-cells", 1);
	tb_u32(b, "#size-cells", 1);
	tb_flag(b, "ranges");
	tb_node(b, "buf@50000000");
	tb_cells(b, "reg", 2, 0x50000000, 0x100000);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_false(t->rmem_format_ok);
	assert_int_equal(t->rmem[0].reg.nr, 1);
	assert_int_equal(t->rmem[0].reg.range[0].base, 0x50000000);
	assert_int_equal(t->rmem[0].reg.range[0].size, 0x100000);
	assert_null(find_problem(t, "/reserved-memory/buf@50000000", "reg"));
	cms_fdt_free(t);
}

/*
 * Expect each malformed reg as the kernel meets it: a length that is no
 * whole number of pairs ("invalid reg property"), an empty reg, a pair of
 * size 0 ("failed to reserve memory"); several pairs are legal.
 */
static void test_fdt_rmem_reg_malformed(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "odd@60000000");
	tb_cells(b, "reg", 3, 0, 0x60000000, 0);
	tb_end(b);
	tb_node(b, "empty@61000000");
	tb_raw(b, "reg", NULL, 0);
	tb_end(b);
	tb_node(b, "zero@62000000");
	tb_cells(b, "reg", 4, 0, 0x62000000, 0, 0);
	tb_end(b);
	tb_node(b, "two@63000000");
	tb_cells(b, "reg", 8, 0, 0x63000000, 0, 0x100000, 0, 0x64000000, 0,
		 0x100000);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(rmem_named(t, "odd@60000000")->reg.len, 12);
	assert_int_equal(rmem_named(t, "odd@60000000")->reg.nr, 0);
	assert_problem(t, "/reserved-memory/odd@60000000", "reg", -EINVAL);
	assert_int_equal(rmem_named(t, "empty@61000000")->reg.len, 0);
	assert_problem(t, "/reserved-memory/empty@61000000", "reg", -EINVAL);
	assert_problem(t, "/reserved-memory/zero@62000000", "reg", -EINVAL);
	assert_int_equal(rmem_named(t, "two@63000000")->reg.nr, 2);
	assert_int_equal(rmem_named(t, "two@63000000")->reg.range[1].base,
			 0x64000000);
	assert_null(find_problem(t, "/reserved-memory/two@63000000", "reg"));
	assert_int_equal(t->nr_problems, 3);
	cms_fdt_free(t);
}

/*
 * Expect each malformed property of a dynamic node as
 * __reserved_mem_alloc_size() meets it; size and alignment lengths are
 * kept so the boot can print the kernel's line.
 */
static void test_fdt_rmem_dynamic_malformed(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "short-size");
	tb_u32(b, "size", 0x400000);
	tb_end(b);
	tb_node(b, "short-align");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_u32(b, "alignment", 0x1000);
	tb_end(b);
	tb_node(b, "odd-align");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_cells(b, "alignment", 2, 0, 0x3000);
	tb_end(b);
	tb_node(b, "odd-ranges");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_cells(b, "alloc-ranges", 3, 0, 0x40000000, 0);
	tb_end(b);
	tb_node(b, "empty-ranges");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_raw(b, "alloc-ranges", NULL, 0);
	tb_end(b);
	tb_node(b, "wrapping-ranges");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_cells(b, "alloc-ranges", 4, 0xffffffff, 0, 0x2, 0);
	tb_end(b);
	tb_node(b, "nothing");
	tb_str(b, "compatible", "shared-dma-pool");
	tb_end(b);
	tb_node(b, "zero-size");
	tb_cells(b, "size", 2, 0, 0);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(rmem_named(t, "short-size")->size_len, 4);
	assert_int_equal(rmem_named(t, "short-size")->size, 0);
	assert_problem(t, "/reserved-memory/short-size", "size", -EINVAL);
	assert_int_equal(rmem_named(t, "short-align")->alignment_len, 4);
	assert_problem(t, "/reserved-memory/short-align", "alignment",
		       -EINVAL);
	assert_int_equal(rmem_named(t, "odd-align")->alignment, 0x3000);
	assert_problem(t, "/reserved-memory/odd-align", "alignment", -EINVAL);
	assert_problem(t, "/reserved-memory/odd-ranges", "alloc-ranges",
		       -EINVAL);
	assert_problem(t, "/reserved-memory/empty-ranges", "alloc-ranges",
		       -EINVAL);
	assert_problem(t, "/reserved-memory/wrapping-ranges", "alloc-ranges",
		       -EOVERFLOW);
	assert_problem(t, "/reserved-memory/nothing", NULL, -EINVAL);
	assert_problem(t, "/reserved-memory/zero-size", "size", -EINVAL);
	assert_int_equal(t->nr_problems, 8);
	cms_fdt_free(t);
}

/*
 * Expect no problem where the kernel reads nothing: a static node's
 * one-cell alignment (as TI's k3 trees have) and a disabled node's
 * broken reg.
 */
static void test_fdt_rmem_unread_properties(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "tfa@9e780000");
	tb_cells(b, "reg", 4, 0, 0x9e780000, 0, 0x80000);
	tb_u32(b, "alignment", 0x1000);
	tb_flag(b, "no-map");
	tb_end(b);
	tb_node(b, "nvram@0");
	tb_str(b, "status", "disabled");
	tb_cells(b, "reg", 3, 0, 0, 0);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->nr_rmem, 2);
	assert_int_equal(rmem_named(t, "tfa@9e780000")->alignment_len, 4);
	assert_false(rmem_named(t, "nvram@0")->available);
	assert_int_equal(t->nr_problems, 0);
	cms_fdt_free(t);
}

/*
 * Expect no-map with reusable flagged; compatible matched without case
 * as strcasecmp() does; an unterminated compatible flagged.
 */
static void test_fdt_rmem_flags_and_compatible(void **state)
{
	void *b = tb_virt();
	const struct cms_fdt_rmem *m;
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "both@60000000");
	tb_raw(b, "compatible", "acme,pool\0Shared-DMA-Pool", 26);
	tb_flag(b, "no-map");
	tb_flag(b, "reusable");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x400000);
	tb_end(b);
	tb_node(b, "raw@61000000");
	tb_raw(b, "compatible", "shared-dma-pool", 15);
	tb_cells(b, "reg", 4, 0, 0x61000000, 0, 0x400000);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	m = rmem_named(t, "both@60000000");
	assert_string_equal(m->compatible[0], "acme,pool");
	assert_string_equal(m->compatible[1], "Shared-DMA-Pool");
	assert_null(m->compatible[2]);
	assert_true(cms_fdt_rmem_is_compatible(m, "shared-dma-pool"));
	assert_false(cms_fdt_rmem_is_compatible(m, "restricted-dma-pool"));
	assert_problem(t, "/reserved-memory/both@60000000", NULL, -EINVAL);
	m = rmem_named(t, "raw@61000000");
	assert_true(cms_fdt_rmem_is_compatible(m, "shared-dma-pool"));
	assert_problem(t, "/reserved-memory/raw@61000000", "compatible",
		       -EINVAL);
	cms_fdt_free(t);
}

/*
 * Expect the node's phandle as unflattening sets it (first of phandle and
 * linux,phandle) and 6.1's rmem->phandle (phandle, else linux,phandle,
 * of_read_number() of the whole property).
 */
static void test_fdt_rmem_phandles(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "legacy@60000000");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x100000);
	tb_u32(b, "linux,phandle", 0x21);
	tb_end(b);
	tb_node(b, "both@61000000");
	tb_cells(b, "reg", 4, 0, 0x61000000, 0, 0x100000);
	tb_u32(b, "linux,phandle", 0x22);
	tb_u32(b, "phandle", 0x23);
	tb_end(b);
	tb_node(b, "wide@62000000");
	tb_cells(b, "reg", 4, 0, 0x62000000, 0, 0x100000);
	tb_cells(b, "phandle", 2, 0x24, 0x25);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(rmem_named(t, "legacy@60000000")->phandle, 0x21);
	assert_int_equal(rmem_named(t, "legacy@60000000")->rmem_phandle, 0x21);
	assert_int_equal(rmem_named(t, "both@61000000")->phandle, 0x22);
	assert_int_equal(rmem_named(t, "both@61000000")->rmem_phandle, 0x23);
	assert_int_equal(rmem_named(t, "wide@62000000")->phandle, 0x24);
	assert_int_equal(rmem_named(t, "wide@62000000")->rmem_phandle, 0x25);
	assert_problem(t, "/reserved-memory/wide@62000000", "phandle",
		       -EINVAL);
	assert_int_equal(t->nr_problems, 1);
	cms_fdt_free(t);
}

/* ---- memory-region users ---- */

/*
 *  /soc/vpu  memory-region = <&a &b>, names "fw", "dma"
 * Expect each phandle resolved to its /reserved-memory child.
 */
static void test_fdt_users_resolve(void **state)
{
	void *b = tb_virt();
	const struct cms_fdt_region_user *u;
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "fw@60000000");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x100000);
	tb_flag(b, "no-map");
	tb_u32(b, "phandle", 1);
	tb_end(b);
	tb_node(b, "dma");
	tb_str(b, "compatible", "shared-dma-pool");
	tb_cells(b, "size", 2, 0, 0x400000);
	tb_u32(b, "phandle", 2);
	tb_end(b);
	tb_end(b);
	tb_node(b, "soc");
	tb_node(b, "vpu@1000");
	tb_cells(b, "memory-region", 2, 1, 2);
	tb_raw(b, "memory-region-names", "fw\0dma", 7);
	tb_end(b);
	tb_node(b, "off@2000");
	tb_str(b, "status", "disabled");
	tb_u32(b, "memory-region", 2);
	tb_end(b);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->nr_users, 2);
	u = &t->users[0];
	assert_string_equal(u->path, "/soc/vpu@1000");
	assert_true(u->available);
	assert_int_equal(u->nr, 2);
	assert_int_equal(u->phandle[0], 1);
	assert_int_equal(u->phandle[1], 2);
	assert_int_equal(u->rmem[0], 0);
	assert_int_equal(u->rmem[1], 1);
	assert_string_equal(u->target[0], "/reserved-memory/fw@60000000");
	assert_string_equal(u->target[1], "/reserved-memory/dma");
	assert_string_equal(u->names[0], "fw");
	assert_string_equal(u->names[1], "dma");
	assert_null(u->names[2]);
	assert_false(t->users[1].available);
	assert_int_equal(t->users[1].rmem[0], 1);
	assert_int_equal(t->nr_problems, 0);
	cms_fdt_free(t);
}

/*
 * Expect every way a memory-region can miss: a phandle nobody has, a
 * node outside /reserved-memory, phandle 0, a partial cell, names that
 * do not match the count or are unterminated.
 */
static void test_fdt_users_malformed(void **state)
{
	void *b = tb_virt();
	const struct cms_fdt_region_user *u;
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "fw@60000000");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x100000);
	tb_u32(b, "phandle", 1);
	tb_end(b);
	tb_end(b);
	tb_node(b, "clk");
	tb_u32(b, "phandle", 7);
	tb_end(b);
	tb_node(b, "a");
	tb_cells(b, "memory-region", 3, 0x99, 7, 0);
	tb_raw(b, "memory-region-names", "x\0y", 3);
	tb_end(b);
	tb_node(b, "b");
	tb_raw(b, "memory-region", "\0\0\0\1\0\0", 6);
	tb_raw(b, "memory-region-names", "fw", 2);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_int_equal(t->nr_users, 2);
	u = &t->users[0];
	assert_int_equal(u->nr, 3);
	assert_int_equal(u->rmem[0], -1);
	assert_null(u->target[0]);
	assert_int_equal(u->rmem[1], -1);
	assert_string_equal(u->target[1], "/clk");
	assert_null(u->target[2]);
	assert_problem(t, "/a", "memory-region", -EINVAL);
	assert_problem(t, "/a", "memory-region-names", -EINVAL);
	u = &t->users[1];
	assert_int_equal(u->nr, 1);
	assert_int_equal(u->rmem[0], 0);
	assert_problem(t, "/b", "memory-region", -EINVAL);
	assert_problem(t, "/b", "memory-region-names", -EINVAL);
	cms_fdt_free(t);
}

/* Expect a duplicate phandle flagged and lookups to find the first node. */
static void test_fdt_duplicate_phandle(void **state)
{
	void *b = tb_virt();
	struct cms_fdt *t;

	tb_rmem_open(b);
	tb_node(b, "first@60000000");
	tb_cells(b, "reg", 4, 0, 0x60000000, 0, 0x100000);
	tb_u32(b, "phandle", 5);
	tb_end(b);
	tb_node(b, "second@61000000");
	tb_cells(b, "reg", 4, 0, 0x61000000, 0, 0x100000);
	tb_u32(b, "phandle", 5);
	tb_end(b);
	tb_end(b);
	tb_node(b, "dev");
	tb_u32(b, "memory-region", 5);
	tb_end(b);
	t = tb_read(b, NULL);
	assert_problem(t, "/reserved-memory/second@61000000", "phandle",
		       -EINVAL);
	assert_int_equal(t->users[0].rmem[0], 0);
	cms_fdt_free(t);
}

/* ---- Blobs ---- */

/* Expect the 2 MiB blob limit, a short blob and bad arguments refused. */
static void test_fdt_blob_limits(void **state)
{
	GString *diag = g_string_new(NULL);
	size_t big = CMS_FDT_MAX_BLOB + 1;
	char *buf = g_malloc0(big);
	struct cms_fdt *t = NULL;

	assert_errno(cms_fdt_read_blob(buf, big, NULL, &t, collect, diag),
		     -EFBIG);
	assert_non_null(strstr(diag->str, "MAX_FDT_SIZE"));
	assert_errno(cms_fdt_read_blob(buf, 8, NULL, &t, NULL, NULL), -EINVAL);
	assert_errno(cms_fdt_read_blob(NULL, 8, NULL, &t, NULL, NULL), -EINVAL);
	assert_errno(cms_fdt_read_blob(buf, 64, NULL, NULL, NULL, NULL),
		     -EINVAL);
	assert_null(t);
	g_free(buf);
	g_string_free(diag, TRUE);
}

/* Expect a bad magic and a truncated tree refused with libfdt's reason. */
static void test_fdt_blob_damaged(void **state)
{
	GString *diag = g_string_new(NULL);
	void *b = tb_virt();
	struct cms_fdt *t = NULL;
	char *bad;

	tb_finish(b);
	/* cut inside the strings block */
	assert_errno(cms_fdt_read_blob(b, fdt_totalsize(b) - 8, NULL, &t,
				       collect, diag), -EINVAL);
	assert_non_null(strstr(diag->str, "blob: not a valid flattened device tree"));
	bad = g_memdup2(b, fdt_totalsize(b));
	bad[0] = 0;
	assert_errno(cms_fdt_read_blob(bad, fdt_totalsize(b), NULL, &t, NULL,
				       NULL), -EINVAL);
	/* a damaged structure block: the first tag overwritten */
	memcpy(bad, b, fdt_totalsize(b));
	memset(bad + fdt_off_dt_struct(b), 0xff, 4);
	assert_errno(cms_fdt_read_blob(bad, fdt_totalsize(b), NULL, &t, NULL,
				       NULL), -EINVAL);
	assert_null(t);
	g_free(bad);
	g_free(b);
	g_string_free(diag, TRUE);
}

/* ---- Files ---- */

static char *tmp_file(const char *suffix, const void *data, size_t len)
{
	char *tmpl = g_strconcat("cmasim-test-XXXXXX", suffix, NULL);
	char *path = NULL;
	int fd = g_file_open_tmp(tmpl, &path, NULL);

	assert_true(fd >= 0);
	close(fd);
	assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	g_free(tmpl);
	return path;
}

/* Expect a .dtb file read like its blob, and a missing file named. */
static void test_fdt_file_dtb_and_missing(void **state)
{
	GString *diag = g_string_new(NULL);
	void *b = tb_virt();
	struct cms_fdt *t = NULL;
	char *path;

	tb_finish(b);
	path = tmp_file(".dtb", b, fdt_totalsize(b));
	assert_int_equal(cms_fdt_read_file(path, &t, NULL, NULL), 0);
	assert_int_equal(t->nr_memory, 1);
	cms_fdt_free(t);
	t = NULL;
	g_unlink(path);
	assert_errno(cms_fdt_read_file(path, &t, collect, diag), -ENOENT);
	assert_non_null(strstr(diag->str, path));
	assert_errno(cms_fdt_read_file(NULL, &t, NULL, NULL), -EINVAL);
	assert_null(t);
	g_free(path);
	g_free(b);
	g_string_free(diag, TRUE);
}

/* Expect a file that is neither a blob nor a .dts refused. */
static void test_fdt_file_neither(void **state)
{
	char *path = tmp_file(".txt", "hello\n", 6);
	struct cms_fdt *t = NULL;

	assert_errno(cms_fdt_read_file(path, &t, NULL, NULL), -EINVAL);
	g_unlink(path);
	g_free(path);
}

/*
 * Expect the 8 MiB file limit (checked before reading) and the 2 MiB blob
 * limit for a .dtb file.
 */
static void test_fdt_file_limits(void **state)
{
	GString *diag = g_string_new(NULL);
	char *path = tmp_file(".dtb", "", 0);
	struct cms_fdt *t = NULL;
	char *big;
	FILE *f;

	assert_int_equal(truncate(path, (off_t)CMS_FDT_MAX_FILE + 1), 0);
	assert_errno(cms_fdt_read_file(path, &t, collect, diag), -EFBIG);
	assert_non_null(strstr(diag->str, path));
	big = g_malloc0(3u << 20);
	memcpy(big, "\xd0\x0d\xfe\xed", 4);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(big, 1, 3u << 20, f), 3u << 20);
	fclose(f);
	assert_errno(cms_fdt_read_file(path, &t, NULL, NULL), -EFBIG);
	assert_null(t);
	g_unlink(path);
	g_free(path);
	g_free(big);
	g_string_free(diag, TRUE);
}

static const char dts_source[] =
	"/dts-v1/;\n"
	"/ {\n"
	"\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
	"\tmemory@40000000 {\n\t\tdevice_type = \"memory\";\n"
	"\t\treg = <0 0x40000000 0 0x80000000>;\n\t};\n"
	"\treserved-memory {\n\t\t#address-cells = <2>;\n"
	"\t\t#size-cells = <2>;\n\t\tranges;\n"
	"\t\tlinux,cma {\n\t\t\tcompatible = \"shared-dma-pool\";\n"
	"\t\t\treusable;\n\t\t\tsize = <0 0x4000000>;\n"
	"\t\t\tlinux,cma-default;\n\t\t};\n\t};\n"
	"};\n";

/* Expect a .dts compiled by dtc and read. */
static void test_fdt_file_dts(void **state)
{
	char *path = tmp_file(".dts", dts_source, strlen(dts_source));
	struct cms_fdt *t = NULL;

	assert_int_equal(cms_fdt_read_file(path, &t, NULL, NULL), 0);
	assert_int_equal(t->nr_rmem, 1);
	assert_string_equal(t->rmem[0].name, "linux,cma");
	assert_int_equal(t->rmem[0].size, 0x4000000);
	assert_true(t->rmem[0].cma_default);
	cms_fdt_free(t);
	g_unlink(path);
	g_free(path);
}

/* Expect dtc's refusal of a broken source to name the file. */
static void test_fdt_file_dts_broken(void **state)
{
	GString *diag = g_string_new(NULL);
	char *path = tmp_file(".dts", "/dts-v1/;\n/ { oops\n", 19);
	struct cms_fdt *t = NULL;

	assert_errno(cms_fdt_read_file(path, &t, collect, diag), -EINVAL);
	assert_non_null(strstr(diag->str, path));
	assert_non_null(strstr(diag->str, "dtc refused the source"));
	assert_null(t);
	g_unlink(path);
	g_free(path);
	g_string_free(diag, TRUE);
}

/* Expect a .dts without dtc on the PATH to say so, naming the file. */
static void test_fdt_file_dts_without_dtc(void **state)
{
	GString *diag = g_string_new(NULL);
	char *path = tmp_file(".dts", dts_source, strlen(dts_source));
	char *saved = g_strdup(g_getenv("PATH"));
	struct cms_fdt *t = NULL;
	int ret;

	g_setenv("PATH", "/nonexistent", TRUE);
	ret = cms_fdt_read_file(path, &t, collect, diag);
	if (saved)
		g_setenv("PATH", saved, TRUE);
	else
		g_unsetenv("PATH");
	assert_errno(ret, -EOPNOTSUPP);
	assert_non_null(strstr(diag->str, path));
	assert_non_null(strstr(diag->str, "dtc is not installed"));
	assert_null(t);
	g_unlink(path);
	g_free(path);
	g_free(saved);
	g_string_free(diag, TRUE);
}

/* ---- Real trees ---- */

/* Files under $CMASIM_SHARED/@dir ending in @suffix, sorted. */
static GPtrArray *shared_files(const char *dir, const char *suffix)
{
	const char *shared = g_getenv("CMASIM_SHARED");
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	char *path;
	GDir *d;
	const char *name;

	if (!shared)
		return a;
	path = g_build_filename(shared, dir, NULL);
	d = g_dir_open(path, 0, NULL);
	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, suffix))
			g_ptr_array_add(a, g_build_filename(path, name, NULL));
	if (d)
		g_dir_close(d);
	g_free(path);
	g_ptr_array_sort(a, (GCompareFunc)g_strcmp0);
	return a;
}

static int sort_paths(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_rmem(const char *path, const struct cms_fdt *t)
{
	print_message("# %s: %u reserved-memory node(s), %u problem(s)\n",
		      path, t->nr_rmem, t->nr_problems);
	for (unsigned int i = 0; i < t->nr_rmem; i++) {
		const struct cms_fdt_rmem *m = &t->rmem[i];

		print_message("#   %-28s %s %s 0x%" PRIx64 "%s%s%s%s\n",
			      m->name,
			      m->compatible && m->compatible[0] ?
			      m->compatible[0] : "-",
			      m->reg.nr ? "reg" : "size",
			      m->reg.nr ? m->reg.range[0].size : m->size,
			      m->no_map ? " no-map" : "",
			      m->reusable ? " reusable" : "",
			      m->cma_default ? " linux,cma-default" : "",
			      m->available ? "" : " disabled");
	}
}

/*
 * Expect every real board's .dtb (Debian's arm64 6.1 package) read with
 * a valid /reserved-memory holding at least one shared-dma-pool.
 */
static void test_fdt_real_boards(void **state)
{
	GPtrArray *a = shared_files("dtb", ".dtb");

	g_ptr_array_sort(a, sort_paths);
	assert_true(a->len > 0);
	for (guint i = 0; i < a->len; i++) {
		const char *path = g_ptr_array_index(a, i);
		struct cms_fdt *t = NULL;
		bool pool = false;

		if (cms_fdt_read_file(path, &t, NULL, NULL))
			fail_msg("%s: not read", path);
		if (!t->has_reserved_memory || !t->rmem_format_ok ||
		    !t->nr_memory || !t->model)
			fail_msg("%s: no usable /reserved-memory or /memory",
				 path);
		for (unsigned int k = 0; k < t->nr_rmem; k++)
			pool |= cms_fdt_rmem_is_compatible(&t->rmem[k],
							   "shared-dma-pool");
		if (!pool)
			fail_msg("%s: no shared-dma-pool", path);
		list_rmem(path, t);
		cms_fdt_free(t);
	}
	g_ptr_array_free(a, TRUE);
}

/*
 * Expect every capture's .dts read through dtc: qemu's virt memory at
 * 1 GiB, and the reserved-memory fragment in tree order.
 */
static void test_fdt_capture_sources(void **state)
{
	const char *sets[] = { "oracle-arm64/dts", "oracle-arm64-612/dts",
			       "oracle-arm64-612-16k/dts",
			       "oracle-arm64-612-numacma/dts" };
	unsigned int seen = 0;

	for (size_t s = 0; s < G_N_ELEMENTS(sets); s++) {
		GPtrArray *a = shared_files(sets[s], ".dts");

		for (guint i = 0; i < a->len; i++) {
			const char *path = g_ptr_array_index(a, i);
			struct cms_fdt *t = NULL;
			uint64_t low = UINT64_MAX;

			if (cms_fdt_read_file(path, &t, NULL, NULL))
				fail_msg("%s: not read", path);
			for (unsigned int k = 0; k < t->nr_memory; k++)
				low = MIN(low, t->memory[k].reg.range[0].base);
			if (low != 0x40000000 || t->nr_problems)
				fail_msg("%s: unexpected /memory or problems",
					 path);
			if (g_str_has_suffix(path, "/dt-two-dyn-plus-static.dts")) {
				assert_int_equal(t->nr_rmem, 3);
				assert_string_equal(t->rmem[0].name, "linux,cma");
				assert_string_equal(t->rmem[1].name, "pool2");
				assert_string_equal(t->rmem[2].name,
						    "cma@60000000");
			}
			if (t->has_reserved_memory)
				list_rmem(path, t);
			cms_fdt_free(t);
			seen++;
		}
		g_ptr_array_free(a, TRUE);
	}
	assert_true(seen > 0);
}

static bool shared_has(const char *dir)
{
	const char *shared = g_getenv("CMASIM_SHARED");
	char *path;
	bool ok;

	if (!shared)
		return false;
	path = g_build_filename(shared, dir, NULL);
	ok = g_file_test(path, G_FILE_TEST_IS_DIR);
	g_free(path);
	return ok;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdt_memory_one_node),
		cmocka_unit_test(test_fdt_memory_default_cells),
		cmocka_unit_test(test_fdt_memory_several_entries_and_nodes),
		cmocka_unit_test(test_fdt_memory_usable_memory),
		cmocka_unit_test(test_fdt_memory_malformed),
		cmocka_unit_test(test_fdt_memory_wide_and_wrapping),
		cmocka_unit_test(test_fdt_root_cells_refused),
		cmocka_unit_test(test_fdt_root_cells_long),
		cmocka_unit_test(test_fdt_root_model),
		cmocka_unit_test(test_fdt_memreserve),
		cmocka_unit_test(test_fdt_chosen),
		cmocka_unit_test(test_fdt_rmem_tree_order_and_fields),
		cmocka_unit_test(test_fdt_rmem_format),
		cmocka_unit_test(test_fdt_rmem_parent_cells),
		cmocka_unit_test(test_fdt_rmem_reg_malformed),
		cmocka_unit_test(test_fdt_rmem_dynamic_malformed),
		cmocka_unit_test(test_fdt_rmem_unread_properties),
		cmocka_unit_test(test_fdt_rmem_flags_and_compatible),
		cmocka_unit_test(test_fdt_rmem_phandles),
		cmocka_unit_test(test_fdt_users_resolve),
		cmocka_unit_test(test_fdt_users_malformed),
		cmocka_unit_test(test_fdt_duplicate_phandle),
		cmocka_unit_test(test_fdt_blob_limits),
		cmocka_unit_test(test_fdt_blob_damaged),
		cmocka_unit_test(test_fdt_file_dtb_and_missing),
		cmocka_unit_test(test_fdt_file_neither),
		cmocka_unit_test(test_fdt_file_limits),
		cmocka_unit_test(test_fdt_file_dts_without_dtc),
	};
	const struct CMUnitTest with_dtc[] = {
		cmocka_unit_test(test_fdt_file_dts),
		cmocka_unit_test(test_fdt_file_dts_broken),
	};
	const struct CMUnitTest boards[] = {
		cmocka_unit_test(test_fdt_real_boards),
	};
	const struct CMUnitTest captures[] = {
		cmocka_unit_test(test_fdt_capture_sources),
	};
	char *dtc = g_find_program_in_path("dtc");
	GArray *extra = g_array_new(FALSE, FALSE, sizeof(struct CMUnitTest));
	int ret;

	/* what needs dtc or $CMASIM_SHARED is left out without them */
	if (dtc)
		g_array_append_vals(extra, with_dtc, G_N_ELEMENTS(with_dtc));
	else
		printf("# .dts tests left out: dtc is not installed\n");
	if (shared_has("dtb"))
		g_array_append_vals(extra, boards, 1);
	else
		printf("# real board trees left out: no $CMASIM_SHARED/dtb\n");
	if (dtc && shared_has("oracle-arm64/dts"))
		g_array_append_vals(extra, captures, 1);
	else
		printf("# capture sources left out: no dtc or no $CMASIM_SHARED\n");
	ret = tst_run_tables("fdt", tests, G_N_ELEMENTS(tests),
			     (const struct CMUnitTest *)(void *)extra->data,
			     extra->len);
	g_array_free(extra, TRUE);
	g_free(dtc);
	return ret;
}
