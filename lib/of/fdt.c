// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a flattened device tree the way the kernel reads it at boot,
 * through libfdt (the library the kernel itself links, scripts/dtc/libfdt).
 * Mirrors, in drivers/of/fdt.c (6.1 and 6.12 agree there):
 * early_init_dt_scan_root(), dt_mem_next_cell(), of_fdt_device_is_available(),
 * early_init_dt_scan_memory(), early_init_dt_check_for_initrd(),
 * early_init_dt_scan_chosen()'s bootargs, of_flat_dt_get_machine_name(),
 * the /memreserve/ loop of early_init_fdt_scan_reserved_mem() and
 * populate_properties()'s phandle; in drivers/of/of_reserved_mem.c the
 * properties that __reserved_mem_check_root(), __reserved_mem_reserve_reg(),
 * __reserved_mem_alloc_size() and fdt_init_reserved_mem() (6.1) read; and
 * the memory-region / memory-region-names lists that
 * of_reserved_mem_device_init_by_idx() and _by_name() follow.
 *
 * Nothing is reserved here: the tree becomes plain structs (fdt.h) and the
 * boot applies them with each version's rules.  Where the kernel would
 * refuse a property ("invalid size property"), silently drop part of it,
 * keep only the low 64 bits of wide cells, or read past its end, the tree
 * records a problem naming the node and the property.  Two things stop the
 * reading altogether because no boot could follow them: a blob libfdt
 * finds damaged, and root cells the kernel cannot decode (both zero: the
 * memory scan never advances; wider than FDT_MAX_NCELLS).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libfdt.h>

#include "core/util.h"
#include "of/fdt.h"

/* OF_ROOT_NODE_{ADDR,SIZE}_CELLS_DEFAULT (drivers/of/of_private.h, !SPARC) */
#define ROOT_ADDR_CELLS_DEFAULT	1u
#define ROOT_SIZE_CELLS_DEFAULT	1u

struct reader {
	const void *fdt;
	const char *name;	/* the file, or "blob" */
	cmasim_output_fn diag;
	void *data;
	GArray *memory;		/* struct cms_fdt_memory */
	GArray *rmem;		/* struct cms_fdt_rmem */
	GArray *users;		/* struct cms_fdt_region_user */
	GArray *problems;	/* struct cms_fdt_problem */
	GHashTable *phandles;	/* phandle -> node offset + 1 */
	/* what the kernel never reads raises no problem */
	bool quiet;
};

/* ---- Messages ---- */

static void say(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!r->diag)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	r->diag(msg, r->data);
	g_free(msg);
}

/* fdt_get_path() into a string of the right length. */
static char *node_path(const void *fdt, int node)
{
	int len = 256;

	for (;;) {
		char *buf = g_malloc(len);
		int err = fdt_get_path(fdt, node, buf, len);

		if (!err)
			return buf;
		g_free(buf);
		if (err != -FDT_ERR_NOSPACE || len >= 1 << 24)
			return g_strdup("?");
		len *= 2;
	}
}

static void problem(struct reader *r, int node, const char *prop, int err,
		    const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void problem(struct reader *r, int node, const char *prop, int err,
		    const char *fmt, ...)
{
	struct cms_fdt_problem p;
	va_list ap;

	if (r->quiet)
		return;
	va_start(ap, fmt);
	p.what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	p.path = node_path(r->fdt, node);
	p.property = g_strdup(prop);
	p.err = err;
	if (prop)
		say(r, "%s: %s: %s: %s\n", r->name, p.path, prop, p.what);
	else
		say(r, "%s: %s: %s\n", r->name, p.path, p.what);
	g_array_append_val(r->problems, p);
}

/* ---- Properties as the kernel reads them ---- */

/* of_get_flat_dt_prop(): the value and its length, NULL when absent. */
static const void *prop(const struct reader *r, int node, const char *name,
			int *len)
{
	int l = 0;
	const void *v = fdt_getprop(r->fdt, node, name, &l);

	if (len)
		*len = v ? l : -1;
	return v;
}

/*
 * A string property as strcmp() sees it in the kernel: a value is always
 * followed by zero padding or by a tag whose first byte is 0, so an
 * unterminated value ends at its length.  NULL when absent.
 */
static char *prop_string(const struct reader *r, int node, const char *name)
{
	int len;
	const char *v = prop(r, node, name, &len);

	return v ? g_strndup(v, strnlen(v, len)) : NULL;
}

/*
 * A list of NUL-separated strings, split as of_fdt_is_compatible() walks
 * it (a last unterminated piece still counts).  NULL when absent.
 */
static char **prop_strings(const struct reader *r, int node, const char *name,
			   bool *unterminated)
{
	int len;
	const char *v = prop(r, node, name, &len);
	GPtrArray *a;

	*unterminated = false;
	if (!v)
		return NULL;
	a = g_ptr_array_new();
	while (len > 0) {
		size_t l = strnlen(v, len);

		if ((int)l == len)
			*unterminated = true;
		g_ptr_array_add(a, g_strndup(v, l));
		v += l + 1;
		len -= (int)l + 1;
	}
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

/*
 * of_read_number(): @n big-endian cells folded into 64 bits; wider values
 * lose their high cells, which *@truncated reports.
 */
static uint64_t read_cells(const void *p, unsigned int n, bool *truncated)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++, b += 4) {
		if (v >> 32)
			*truncated = true;
		v = (v << 32) | ((uint64_t)b[0] << 24 | (uint64_t)b[1] << 16 |
				 (uint64_t)b[2] << 8 | b[3]);
	}
	return v;
}

/* of_fdt_device_is_available() */
static bool available(const struct reader *r, int node)
{
	char *status = prop_string(r, node, "status");
	bool ok = !status || !strcmp(status, "okay") || !strcmp(status, "ok");

	g_free(status);
	return ok;
}

/*
 * Decode a property of (address, size) pairs with @ac/@sc cells into @out:
 * every whole pair, as dt_mem_next_cell() reads them.  Values wider than
 * 64 bits and pairs whose end passes 2^64 are problems; the length is the
 * caller's to judge, since the kernel's verdict differs per property.
 */
static void read_ranges(struct reader *r, int node, const char *name,
			unsigned int ac, unsigned int sc,
			struct cms_fdt_ranges *out)
{
	int len;
	const uint8_t *v = prop(r, node, name, &len);
	unsigned int pair = (ac + sc) * 4;

	out->len = len;
	out->nr = 0;
	out->range = NULL;
	if (!v || !pair)
		return;
	out->nr = (unsigned int)len / pair;
	out->range = g_new0(struct cms_fdt_range, out->nr ? out->nr : 1);
	for (unsigned int i = 0; i < out->nr; i++, v += pair) {
		struct cms_fdt_range *e = &out->range[i];
		bool wide = false;

		e->base = read_cells(v, ac, &wide);
		e->size = read_cells(v + ac * 4, sc, &wide);
		if (wide)
			problem(r, node, name, -EOVERFLOW,
				"entry %u is wider than 64 bits: the kernel keeps the low 64 bits (0x%" PRIx64 ", 0x%" PRIx64 ")",
				i, e->base, e->size);
		if (e->size && e->base + e->size - 1 < e->base)
			problem(r, node, name, -EOVERFLOW,
				"entry %u: base 0x%" PRIx64 " + size 0x%" PRIx64 " passes 2^64",
				i, e->base, e->size);
	}
}

/*
 * A single value of @cells cells (size, alignment): decoded only when the
 * length is exactly what the kernel demands.
 */
static void read_value(struct reader *r, int node, const char *name,
		       unsigned int cells, int *len, uint64_t *value)
{
	const void *v = prop(r, node, name, len);
	bool wide = false;

	*value = 0;
	if (!v)
		return;
	if (*len != (int)cells * 4) {
		problem(r, node, name, -EINVAL,
			"%d bytes where %u cells (%u bytes) are needed: the kernel prints \"invalid %s property\" and skips the node",
			*len, cells, cells * 4, name);
		return;
	}
	*value = read_cells(v, cells, &wide);
	if (wide)
		problem(r, node, name, -EOVERFLOW,
			"wider than 64 bits: the kernel keeps the low 64 bits (0x%" PRIx64 ")",
			*value);
}

/*
 * The phandle unflatten_device_tree() gives the node (populate_properties():
 * the first non-zero "phandle" or "linux,phandle" in property order; a
 * later "ibm,phandle" overrides).  The kernel reads four bytes whatever
 * the length.
 */
static uint32_t node_phandle(struct reader *r, int node)
{
	uint32_t ph = 0;
	int off;

	fdt_for_each_property_offset(off, r->fdt, node) {
		const char *name;
		int len;
		const uint8_t *v = fdt_getprop_by_offset(r->fdt, off, &name,
							 &len);
		bool ibm;
		uint32_t val;

		if (!v || !name)
			continue;
		ibm = !strcmp(name, "ibm,phandle");
		if (!ibm && strcmp(name, "phandle") &&
		    strcmp(name, "linux,phandle"))
			continue;
		if (len != 4) {
			problem(r, node, name, -EINVAL,
				"%d bytes: a phandle is one cell, the kernel reads the first four bytes",
				len);
			if (len < 4)
				continue;
		}
		val = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
		      (uint32_t)v[2] << 8 | v[3];
		if (ibm || !ph)
			ph = val;
	}
	return ph;
}

/* ---- The root, /chosen, /memreserve/ ---- */

/*
 * early_init_dt_scan_root(): the root's cells, 1 and 1 when absent.  The
 * kernel reads four bytes without checking the length.
 */
static int root_cells(struct reader *r, const char *name, uint32_t def,
		      uint32_t *out)
{
	int len;
	const uint8_t *v = prop(r, 0, name, &len);

	*out = def;
	if (!v)
		return 0;
	if (len < 4) {
		say(r, "%s: /: %s is %d bytes: the kernel reads one cell (4 bytes) past its end\n",
		    r->name, name, len);
		return -EINVAL;
	}
	if (len > 4)
		problem(r, 0, name, -EINVAL,
			"%d bytes: the kernel reads only the first cell", len);
	*out = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
	       (uint32_t)v[2] << 8 | v[3];
	if (*out > CMS_FDT_MAX_NCELLS) {
		say(r, "%s: /: %s = <%" PRIu32 ">: more than %u cells (FDT_MAX_NCELLS) is not a memory address\n",
		    r->name, name, *out, CMS_FDT_MAX_NCELLS);
		return -EINVAL;
	}
	return 0;
}

static int read_root(struct reader *r, struct cms_fdt *t)
{
	bool unterminated;
	char **compat;
	int ret;

	ret = root_cells(r, "#address-cells", ROOT_ADDR_CELLS_DEFAULT,
			 &t->addr_cells);
	if (!ret)
		ret = root_cells(r, "#size-cells", ROOT_SIZE_CELLS_DEFAULT,
				 &t->size_cells);
	if (ret)
		return ret;
	if (!t->addr_cells && !t->size_cells) {
		say(r, "%s: /: #address-cells and #size-cells are both 0: every reg pair is empty and early_init_dt_scan_memory() never advances\n",
		    r->name);
		return -EINVAL;
	}
	/* of_flat_dt_get_machine_name(): model, else the first compatible */
	t->model = prop_string(r, 0, "model");
	if (!t->model) {
		compat = prop_strings(r, 0, "compatible", &unterminated);
		if (compat && compat[0])
			t->model = g_strdup(compat[0]);
		g_strfreev(compat);
	}
	return 0;
}

/*
 * The /memreserve/ loop of early_init_fdt_scan_reserved_mem(): entries up
 * to the first of size 0 (fdt_num_mem_rsv() counts the same way).
 */
static void read_memreserve(struct reader *r, struct cms_fdt *t)
{
	int n = fdt_num_mem_rsv(r->fdt);

	if (n <= 0)
		return;
	t->memreserve = g_new0(struct cms_fdt_range, n);
	for (int i = 0; i < n; i++) {
		struct cms_fdt_range *e = &t->memreserve[i];

		fdt_get_mem_rsv(r->fdt, i, &e->base, &e->size);
	}
	t->nr_memreserve = (unsigned int)n;
}

/* early_init_dt_scan_chosen(): /chosen, else /chosen@0. */
static void read_chosen(struct reader *r, struct cms_fdt *t)
{
	int node = fdt_path_offset(r->fdt, "/chosen");
	const void *s, *e;
	int ls, le;

	if (node < 0)
		node = fdt_path_offset(r->fdt, "/chosen@0");
	if (node < 0)
		return;
	/* "if (p != NULL && l > 0)": an empty bootargs is no command line */
	s = prop(r, node, "bootargs", &ls);
	if (s && ls > 0)
		t->bootargs = prop_string(r, node, "bootargs");
	/* early_init_dt_check_for_initrd(): of_read_number(prop, len / 4) */
	s = prop(r, node, "linux,initrd-start", &ls);
	e = prop(r, node, "linux,initrd-end", &le);
	if (s && e) {
		bool wide = false;

		t->initrd_start = read_cells(s, (unsigned int)ls / 4, &wide);
		t->initrd_end = read_cells(e, (unsigned int)le / 4, &wide);
		t->has_initrd = t->initrd_start <= t->initrd_end;
		if (!t->has_initrd)
			problem(r, node, "linux,initrd-end", -EINVAL,
				"0x%" PRIx64 " is below linux,initrd-start 0x%" PRIx64 ": the kernel takes no initrd",
				t->initrd_end, t->initrd_start);
	}
}

/* ---- /memory ---- */

/*
 * numa-node-id as of_numa_parse_memory_nodes() reads it with
 * of_property_read_u32(): the first cell of a property of at least four
 * bytes; -1 when absent or unreadable.
 */
static int read_nid(struct reader *r, int node)
{
	int len;
	const uint8_t *v = prop(r, node, "numa-node-id", &len);
	uint32_t nid;

	if (!v)
		return -1;
	if (len < 4) {
		problem(r, node, "numa-node-id", -EINVAL,
			"%d bytes: of_property_read_u32() fails and NUMA setup from the tree fails with it",
			len);
		return -1;
	}
	nid = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
	      (uint32_t)v[2] << 8 | v[3];
	if (nid > INT32_MAX) {
		problem(r, node, "numa-node-id", -EINVAL,
			"%" PRIu32 " exceeds any MAX_NUMNODES: \"NUMA: Node id %" PRIu32 " exceeds maximum value\"",
			nid, nid);
		return -1;
	}
	return (int)nid;
}

/* early_init_dt_scan_memory(): the root's children of device_type memory. */
static void read_memory(struct reader *r, const struct cms_fdt *t)
{
	unsigned int ac = t->addr_cells, sc = t->size_cells;
	int node;

	fdt_for_each_subnode(node, r->fdt, 0) {
		char *type = prop_string(r, node, "device_type");
		struct cms_fdt_memory m = { 0 };
		const char *name = "linux,usable-memory";

		if (!type || strcmp(type, "memory")) {
			g_free(type);
			continue;
		}
		g_free(type);
		m.path = node_path(r->fdt, node);
		m.offset = node;
		m.available = available(r, node);
		r->quiet = !m.available;
		m.hotpluggable = prop(r, node, "hotpluggable", NULL) != NULL;
		m.nid = read_nid(r, node);
		m.usable_memory = prop(r, node, name, NULL) != NULL;
		if (!m.usable_memory)
			name = "reg";
		read_ranges(r, node, name, ac, sc, &m.reg);
		if (m.reg.len < 0)
			problem(r, node, NULL, -EINVAL,
				"a memory node without reg: the kernel skips it");
		else if (m.reg.len % ((ac + sc) * 4))
			problem(r, node, name, -EINVAL,
				"%d bytes: the last %d are not a whole (address, size) pair, the kernel ignores them",
				m.reg.len, m.reg.len % (int)((ac + sc) * 4));
		for (unsigned int i = 0; i < m.reg.nr; i++)
			if (!m.reg.range[i].size)
				problem(r, node, name, -EINVAL,
					"entry %u has size 0: the kernel skips it",
					i);
		r->quiet = false;
		g_array_append_val(r->memory, m);
	}
}

/* ---- /reserved-memory ---- */

/*
 * __reserved_mem_check_root(): the node's cells must equal the root's and
 * it must have ranges, or the kernel ignores every child ("unsupported
 * node format, ignoring").  @ac and @sc get the cells the children are
 * decoded with: the node's own when readable, else the root's.
 */
static bool rmem_root(struct reader *r, const struct cms_fdt *t, int node,
		      unsigned int *ac, unsigned int *sc)
{
	static const char *const names[2] = { "#size-cells", "#address-cells" };
	const uint32_t root[2] = { t->size_cells, t->addr_cells };
	unsigned int mine[2] = { t->size_cells, t->addr_cells };
	bool ok = true;

	for (int i = 0; i < 2; i++) {
		int len;
		const uint8_t *v = prop(r, node, names[i], &len);
		uint32_t val;

		if (!v || len < 4) {
			problem(r, node, names[i], -EINVAL,
				"%s: the kernel ignores every child (\"unsupported node format\")",
				v ? "shorter than a cell" : "missing");
			ok = false;
			continue;
		}
		val = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
		      (uint32_t)v[2] << 8 | v[3];
		if (val <= CMS_FDT_MAX_NCELLS)
			mine[i] = val;
		if (val != root[i]) {
			problem(r, node, names[i], -EINVAL,
				"<%" PRIu32 "> differs from the root's <%" PRIu32 ">: the kernel ignores every child (\"unsupported node format\")",
				val, root[i]);
			ok = false;
		}
	}
	if (!prop(r, node, "ranges", NULL)) {
		problem(r, node, "ranges", -EINVAL,
			"missing: the kernel ignores every child (\"unsupported node format\")");
		ok = false;
	}
	*sc = mine[0];
	*ac = mine[1];
	return ok;
}

static void rmem_reg_problems(struct reader *r, int node,
			      const struct cms_fdt_rmem *m, unsigned int pair)
{
	if (!m->reg.len) {
		problem(r, node, "reg", -EINVAL,
			"empty: 6.1 ignores the node, 6.12 reads a pair past the property");
		return;
	}
	if (pair && m->reg.len % (int)pair) {
		problem(r, node, "reg", -EINVAL,
			"%d bytes is not a multiple of %u: the kernel prints \"invalid reg property\" and skips the node",
			m->reg.len, pair);
		return;
	}
	for (unsigned int i = 0; i < m->reg.nr; i++)
		if (!m->reg.range[i].size)
			problem(r, node, "reg", -EINVAL,
				"entry %u has size 0: the kernel prints \"failed to reserve memory\"",
				i);
}

static void rmem_alloc_problems(struct reader *r, int node,
				const struct cms_fdt_rmem *m, unsigned int pair)
{
	if (m->alignment_len >= 0 && m->alignment &&
	    !cms_is_power_of_2(m->alignment))
		problem(r, node, "alignment", -EINVAL,
			"0x%" PRIx64 " is not a power of two: memblock uses it as a mask",
			m->alignment);
	if (m->alloc_ranges.len < 0)
		return;
	if (pair && m->alloc_ranges.len % (int)pair)
		problem(r, node, "alloc-ranges", -EINVAL,
			"%d bytes is not a multiple of %u: the kernel prints \"invalid alloc-ranges property\" and skips the node",
			m->alloc_ranges.len, pair);
	else if (!m->alloc_ranges.len)
		problem(r, node, "alloc-ranges", -EINVAL,
			"empty: no range to try, the kernel prints \"failed to allocate memory for node\"");
}

/*
 * One child.  The kernel reads nothing of a disabled node, and size,
 * alignment and alloc-ranges only of a node without reg (a dynamic one):
 * only what it reads can raise a problem.
 */
static void read_rmem_child(struct reader *r, int node, unsigned int ac,
			    unsigned int sc)
{
	struct cms_fdt_rmem m = { 0 };
	unsigned int pair = (ac + sc) * 4;
	const char *at;
	bool unterminated;
	int len;
	const void *v;

	m.name = g_strdup(fdt_get_name(r->fdt, node, NULL));
	at = strchr(m.name, '@');
	m.unit_address = at ? g_strdup(at + 1) : NULL;
	m.path = node_path(r->fdt, node);
	m.offset = node;
	m.available = available(r, node);
	r->quiet = !m.available;
	read_ranges(r, node, "reg", ac, sc, &m.reg);
	if (m.reg.len >= 0)
		r->quiet = true;
	read_value(r, node, "size", sc, &m.size_len, &m.size);
	/* __reserved_mem_alloc_size() reads alignment with address cells */
	read_value(r, node, "alignment", ac, &m.alignment_len, &m.alignment);
	read_ranges(r, node, "alloc-ranges", ac, sc, &m.alloc_ranges);
	r->quiet = !m.available;
	m.no_map = prop(r, node, "no-map", NULL) != NULL;
	m.reusable = prop(r, node, "reusable", NULL) != NULL;
	m.cma_default = prop(r, node, "linux,cma-default", NULL) != NULL;
	m.dma_default = prop(r, node, "linux,dma-default", NULL) != NULL;
	m.compatible = prop_strings(r, node, "compatible", &unterminated);
	if (unterminated)
		problem(r, node, "compatible", -EINVAL,
			"the last string is not NUL-terminated");
	/* read_users() reports phandle problems, once per node */
	r->quiet = true;
	m.phandle = node_phandle(r, node);
	r->quiet = !m.available;
	/* 6.1 fdt_init_reserved_mem(): "phandle", else "linux,phandle" */
	v = prop(r, node, "phandle", &len);
	if (!v)
		v = prop(r, node, "linux,phandle", &len);
	if (v) {
		bool wide = false;

		m.rmem_phandle = (uint32_t)read_cells(v, (unsigned int)len / 4,
						      &wide);
	}

	if (m.reg.len >= 0)
		rmem_reg_problems(r, node, &m, pair);
	else if (m.size_len < 0)
		problem(r, node, NULL, -EINVAL,
			"neither reg nor size: the kernel ignores the node");
	else if (!m.size && m.size_len == (int)sc * 4)
		problem(r, node, "size", -EINVAL, "0: nothing to allocate");
	if (m.reg.len < 0 && m.size_len >= 0)
		rmem_alloc_problems(r, node, &m, pair);
	if (m.no_map && m.reusable)
		problem(r, node, NULL, -EINVAL,
			"no-map and reusable together: rmem_cma_setup() and rmem_dma_setup() both refuse it (\"compatible matching fail\")");
	r->quiet = false;
	g_array_append_val(r->rmem, m);
}

static void read_reserved_memory(struct reader *r, struct cms_fdt *t)
{
	int node = fdt_path_offset(r->fdt, "/reserved-memory");
	unsigned int ac, sc;
	int child;

	t->has_reserved_memory = node >= 0;
	if (node < 0)
		return;
	t->rmem_format_ok = rmem_root(r, t, node, &ac, &sc);
	fdt_for_each_subnode(child, r->fdt, node)
		read_rmem_child(r, child, ac, sc);
}

/* ---- memory-region users ---- */

/*
 * of_dma_is_coherent(): the node and its ancestors, the nearest
 * "dma-coherent" or "dma-noncoherent" decides; neither means the arch's
 * default, non-coherent on arm64 (dma_default_coherent is false).
 */
static bool dma_coherent(struct reader *r, int node)
{
	for (; node >= 0; node = fdt_parent_offset(r->fdt, node)) {
		if (prop(r, node, "dma-coherent", NULL))
			return true;
		if (prop(r, node, "dma-noncoherent", NULL))
			return false;
	}
	return false;
}

/*
 * of_node_to_nid(): numa-node-id of the node or the nearest ancestor
 * that has one (of_property_read_u32(): at least four bytes), else -1.
 */
static int node_nid(struct reader *r, int node)
{
	for (; node >= 0; node = fdt_parent_offset(r->fdt, node)) {
		int len;
		const uint8_t *v = prop(r, node, "numa-node-id", &len);

		if (v && len >= 4) {
			uint32_t nid = (uint32_t)v[0] << 24 |
				       (uint32_t)v[1] << 16 |
				       (uint32_t)v[2] << 8 | v[3];

			return nid > INT32_MAX ? -1 : (int)nid;
		}
	}
	return -1;
}

static void read_user(struct reader *r, int node)
{
	struct cms_fdt_region_user u = { 0 };
	const uint8_t *v;
	bool unterminated;
	int len;

	v = prop(r, node, "memory-region", &len);
	u.path = node_path(r->fdt, node);
	u.available = available(r, node);
	/* of_phandle_iterator: len / 4 cells, a partial cell is dropped */
	if (len % 4)
		problem(r, node, "memory-region", -EINVAL,
			"%d bytes: the last %d are not a whole phandle, the kernel ignores them",
			len, len % 4);
	u.nr = (unsigned int)len / 4;
	u.phandle = g_new0(uint32_t, u.nr ? u.nr : 1);
	u.rmem = g_new0(int, u.nr ? u.nr : 1);
	u.target = g_new0(char *, u.nr ? u.nr : 1);
	for (unsigned int i = 0; i < u.nr; i++, v += 4) {
		uint32_t ph = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
			      (uint32_t)v[2] << 8 | v[3];
		gpointer hit = ph ? g_hash_table_lookup(r->phandles,
							GUINT_TO_POINTER(ph)) :
				    NULL;
		int target = hit ? GPOINTER_TO_INT(hit) - 1 : -1;

		u.phandle[i] = ph;
		u.rmem[i] = -1;
		if (target < 0) {
			problem(r, node, "memory-region", -EINVAL,
				ph ? "entry %u: no node has phandle 0x%" PRIx32 " (the kernel: \"could not find phandle\")" :
				     "entry %u: phandle %" PRIu32 " names no node",
				i, ph);
			continue;
		}
		u.target[i] = node_path(r->fdt, target);
		for (unsigned int k = 0; k < r->rmem->len; k++)
			if (g_array_index(r->rmem, struct cms_fdt_rmem,
					  k).offset == target)
				u.rmem[i] = (int)k;
		if (u.rmem[i] < 0)
			problem(r, node, "memory-region", -EINVAL,
				"entry %u names %s, not a /reserved-memory child: device init fails with -EINVAL",
				i, u.target[i]);
	}
	u.dma_coherent = dma_coherent(r, node);
	u.nid = node_nid(r, node);
	u.names = prop_strings(r, node, "memory-region-names", &unterminated);
	if (unterminated)
		problem(r, node, "memory-region-names", -EINVAL,
			"the last string is not NUL-terminated: of_property_match_string() returns -EILSEQ");
	if (u.names && g_strv_length(u.names) != u.nr)
		problem(r, node, "memory-region-names", -EINVAL,
			"%u names for %u regions", g_strv_length(u.names),
			u.nr);
	g_array_append_val(r->users, u);
}

/*
 * One walk over every node (of_scan_flat_dt() order): the phandle table
 * first, as unflattening builds it, then the memory-region users.
 */
static void read_users(struct reader *r)
{
	int node, depth = 0;

	for (node = fdt_next_node(r->fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(r->fdt, node, &depth)) {
		uint32_t ph = node_phandle(r, node);
		gpointer key = GUINT_TO_POINTER(ph);

		if (!ph)
			continue;
		if (g_hash_table_contains(r->phandles, key))
			problem(r, node, "phandle", -EINVAL,
				"0x%" PRIx32 " is also the phandle of an earlier node: lookups find the earlier one",
				ph);
		else
			g_hash_table_insert(r->phandles, key,
					    GINT_TO_POINTER(node + 1));
	}
	depth = 0;
	for (node = fdt_next_node(r->fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(r->fdt, node, &depth))
		if (prop(r, node, "memory-region", NULL))
			read_user(r, node);
}

/* ---- The tree ---- */

static void free_ranges(struct cms_fdt_ranges *x)
{
	g_free(x->range);
}

void cms_fdt_free(struct cms_fdt *t)
{
	if (!t)
		return;
	g_free(t->model);
	g_free(t->memreserve);
	g_free(t->bootargs);
	for (unsigned int i = 0; i < t->nr_memory; i++) {
		g_free(t->memory[i].path);
		free_ranges(&t->memory[i].reg);
	}
	g_free(t->memory);
	for (unsigned int i = 0; i < t->nr_rmem; i++) {
		struct cms_fdt_rmem *m = &t->rmem[i];

		g_free(m->name);
		g_free(m->unit_address);
		g_free(m->path);
		free_ranges(&m->reg);
		free_ranges(&m->alloc_ranges);
		g_strfreev(m->compatible);
	}
	g_free(t->rmem);
	for (unsigned int i = 0; i < t->nr_users; i++) {
		struct cms_fdt_region_user *u = &t->users[i];

		for (unsigned int k = 0; k < u->nr; k++)
			g_free(u->target[k]);
		g_free(u->target);
		g_free(u->path);
		g_free(u->phandle);
		g_free(u->rmem);
		g_strfreev(u->names);
	}
	g_free(t->users);
	for (unsigned int i = 0; i < t->nr_problems; i++) {
		g_free(t->problems[i].path);
		g_free(t->problems[i].property);
		g_free(t->problems[i].what);
	}
	g_free(t->problems);
	g_free(t);
}

/* A GArray's data, handed over with its length. */
static void *take(GArray *a, unsigned int *nr)
{
	*nr = a->len;
	return g_array_free(a, FALSE);
}

static int read_blob(const void *blob, size_t size, const char *name,
		     struct cms_fdt **out, cmasim_output_fn diag, void *data)
{
	struct reader r = { .name = name, .diag = diag, .data = data };
	struct cms_fdt *t;
	void *copy;
	int err;

	if (size > CMS_FDT_MAX_BLOB) {
		say(&r, "%s: %zu bytes: a device tree blob is at most %" PRIu64 " bytes (arm64's MAX_FDT_SIZE)\n",
		    name, size, CMS_FDT_MAX_BLOB);
		return -EFBIG;
	}
	if (size < sizeof(struct fdt_header)) {
		say(&r, "%s: %zu bytes: too short for a flattened device tree header\n",
		    name, size);
		return -EINVAL;
	}
	/* our own aligned copy: libfdt reads the blob in place */
	copy = g_memdup2(blob, size);
	err = fdt_check_full(copy, size);
	if (err) {
		say(&r, "%s: not a valid flattened device tree: %s\n", name,
		    fdt_strerror(err));
		g_free(copy);
		return -EINVAL;
	}
	r.fdt = copy;
	t = g_new0(struct cms_fdt, 1);
	t->totalsize = fdt_totalsize(copy);
	r.memory = g_array_new(FALSE, TRUE, sizeof(struct cms_fdt_memory));
	r.rmem = g_array_new(FALSE, TRUE, sizeof(struct cms_fdt_rmem));
	r.users = g_array_new(FALSE, TRUE, sizeof(struct cms_fdt_region_user));
	r.problems = g_array_new(FALSE, TRUE, sizeof(struct cms_fdt_problem));
	r.phandles = g_hash_table_new(NULL, NULL);

	err = read_root(&r, t);
	if (!err) {
		read_memreserve(&r, t);
		read_chosen(&r, t);
		read_memory(&r, t);
		read_reserved_memory(&r, t);
		read_users(&r);
	}
	t->memory = take(r.memory, &t->nr_memory);
	t->rmem = take(r.rmem, &t->nr_rmem);
	t->users = take(r.users, &t->nr_users);
	t->problems = take(r.problems, &t->nr_problems);
	g_hash_table_destroy(r.phandles);
	g_free(copy);
	if (err) {
		cms_fdt_free(t);
		return err;
	}
	*out = t;
	return 0;
}

int cms_fdt_read_blob(const void *blob, size_t size, const char *name,
		      struct cms_fdt **out, cmasim_output_fn diag, void *data)
{
	if (!blob || !out)
		return -EINVAL;
	return read_blob(blob, size, name ? name : "blob", out, diag, data);
}

/*
 * dtc -I dts -O dtb: the source compiled by the tool that builds the
 * kernel's own trees, into a temporary file (dtc's output holds NULs, so
 * its length must come from the file).  *@blob is the caller's to free.
 */
static int compile_dts(struct reader *r, const char *path, gchar **blob,
		       gsize *size)
{
	gchar *out_path = NULL, *err_text = NULL;
	GError *error = NULL;
	gint status = 0;
	int fd, ret = 0;

	*blob = NULL;
	/* GLib's own name pattern: dtc is told the output format */
	fd = g_file_open_tmp(NULL, &out_path, &error);
	if (fd < 0) {
		say(r, "%s: no temporary file for dtc's output: %s\n", path,
		    error->message);
		g_error_free(error);
		return -EIO;
	}
	close(fd);
	{
		gchar *argv[] = { (gchar *)"dtc", (gchar *)"-q",
				  (gchar *)"-I", (gchar *)"dts",
				  (gchar *)"-O", (gchar *)"dtb",
				  (gchar *)"-o", out_path, (gchar *)path,
				  NULL };

		if (!g_spawn_sync(NULL, argv, NULL,
				  G_SPAWN_SEARCH_PATH |
				  G_SPAWN_STDOUT_TO_DEV_NULL,
				  NULL, NULL, NULL, &err_text, &status,
				  &error)) {
			bool missing = g_error_matches(error, G_SPAWN_ERROR,
						       G_SPAWN_ERROR_NOENT);

			say(r, "%s: cannot compile the source: %s\n", path,
			    missing ? "dtc is not installed (Debian: device-tree-compiler)" :
				      error->message);
			g_error_free(error);
			ret = missing ? -EOPNOTSUPP : -EIO;
			goto out;
		}
	}
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_strstrip(err_text);
		say(r, "%s: dtc refused the source: %.500s\n", path, err_text);
		ret = -EINVAL;
		goto out;
	}
	if (!g_file_get_contents(out_path, blob, size, NULL)) {
		say(r, "%s: dtc's output cannot be read\n", path);
		ret = -EIO;
	}
out:
	g_unlink(out_path);
	g_free(out_path);
	g_free(err_text);
	return ret;
}

int cms_fdt_load_file(const char *path, void **blob, size_t *size,
		      cmasim_output_fn diag, void *data)
{
	struct reader r = { .name = path, .diag = diag, .data = data };
	GStatBuf st;
	gchar *text = NULL;
	gsize len = 0;
	int ret;

	if (!path || !blob || !size)
		return -EINVAL;
	if (g_stat(path, &st)) {
		ret = errno == ENOENT ? -ENOENT : -EIO;
		say(&r, "%s: %s\n", path, g_strerror(errno));
		return ret;
	}
	if ((uint64_t)st.st_size > CMS_FDT_MAX_FILE) {
		say(&r, "%s: %" PRIu64 " bytes: files larger than %" PRIu64 " bytes are not read\n",
		    path, (uint64_t)st.st_size, CMS_FDT_MAX_FILE);
		return -EFBIG;
	}
	if (!g_file_get_contents(path, &text, &len, NULL)) {
		say(&r, "%s: cannot be read\n", path);
		return -EIO;
	}
	if (len >= 4 && ((const uint8_t *)text)[0] == 0xd0 &&
	    ((const uint8_t *)text)[1] == 0x0d &&
	    ((const uint8_t *)text)[2] == 0xfe &&
	    ((const uint8_t *)text)[3] == 0xed) {
		*blob = text;
		*size = len;
		return 0;
	}
	g_free(text);
	if (g_str_has_suffix(path, ".dts")) {
		gchar *out = NULL;
		gsize n = 0;

		ret = compile_dts(&r, path, &out, &n);
		if (!ret) {
			*blob = out;
			*size = n;
		}
		return ret;
	}
	say(&r, "%s: neither a flattened device tree (no FDT magic) nor a .dts source\n",
	    path);
	return -EINVAL;
}

int cms_fdt_read_file(const char *path, struct cms_fdt **out,
		      cmasim_output_fn diag, void *data)
{
	void *blob = NULL;
	size_t size = 0;
	int ret;

	if (!path || !out)
		return -EINVAL;
	ret = cms_fdt_load_file(path, &blob, &size, diag, data);
	if (!ret)
		ret = read_blob(blob, size, path, out, diag, data);
	g_free(blob);
	return ret;
}

bool cms_fdt_rmem_is_compatible(const struct cms_fdt_rmem *r,
				const char *compat)
{
	if (!r->compatible)
		return false;
	for (char **c = r->compatible; *c; c++)
		if (!g_ascii_strcasecmp(*c, compat))
			return true;
	return false;
}

/* ---- qemu's virt tree ---- */

/* Two cells, big-endian, of a 64-bit value. */
static void put_u64(fdt32_t *cells, uint64_t v)
{
	cells[0] = cpu_to_fdt32((uint32_t)(v >> 32));
	cells[1] = cpu_to_fdt32((uint32_t)v);
}

int cms_fdt_build_virt(const struct cms_fdt_range *mem, const int *nid,
		       unsigned int nr_mem, const int *cpu_nid,
		       unsigned int nr_cpus, size_t total_size, void **blob,
		       size_t *size)
{
	size_t cap = 4096 + (size_t)(nr_mem + nr_cpus) * 256;
	char name[64];
	void *buf, *out;
	int err = 0;

	if (!nr_mem || !mem)
		return -EINVAL;
	buf = g_try_malloc0(cap);
	if (!buf)
		return -ENOMEM;
	err |= fdt_create(buf, (int)cap);
	err |= fdt_finish_reservemap(buf);
	err |= fdt_begin_node(buf, "");
	err |= fdt_property_u32(buf, "#address-cells", 2);
	err |= fdt_property_u32(buf, "#size-cells", 2);
	err |= fdt_property_string(buf, "compatible", "linux,dummy-virt");
	err |= fdt_property_string(buf, "model", "linux,dummy-virt");
	err |= fdt_begin_node(buf, "chosen");
	err |= fdt_end_node(buf);
	for (unsigned int i = 0; i < nr_mem && !err; i++) {
		fdt32_t reg[4];

		put_u64(&reg[0], mem[i].base);
		put_u64(&reg[2], mem[i].size);
		snprintf(name, sizeof(name), "memory@%" PRIx64, mem[i].base);
		err |= fdt_begin_node(buf, name);
		err |= fdt_property_string(buf, "device_type", "memory");
		err |= fdt_property(buf, "reg", reg, sizeof(reg));
		if (nid)
			err |= fdt_property_u32(buf, "numa-node-id",
						(uint32_t)nid[i]);
		err |= fdt_end_node(buf);
	}
	err |= fdt_begin_node(buf, "cpus");
	err |= fdt_property_u32(buf, "#address-cells", 1);
	err |= fdt_property_u32(buf, "#size-cells", 0);
	for (unsigned int i = 0; i < nr_cpus && !err; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		err |= fdt_begin_node(buf, name);
		err |= fdt_property_string(buf, "device_type", "cpu");
		err |= fdt_property_string(buf, "compatible", "arm,cortex-a57");
		err |= fdt_property_u32(buf, "reg", i);
		if (cpu_nid)
			err |= fdt_property_u32(buf, "numa-node-id",
						(uint32_t)cpu_nid[i]);
		err |= fdt_end_node(buf);
	}
	err |= fdt_end_node(buf);	/* cpus */
	err |= fdt_end_node(buf);	/* root */
	err |= fdt_finish(buf);
	if (err) {
		g_free(buf);
		return -ENOMEM;
	}
	if (total_size < fdt_totalsize(buf))
		total_size = fdt_totalsize(buf);
	/* the blob as long as qemu's: fdt_open_into() sets totalsize */
	out = g_try_malloc0(total_size);
	if (!out || fdt_open_into(buf, out, (int)total_size)) {
		g_free(buf);
		g_free(out);
		return -ENOMEM;
	}
	g_free(buf);
	*blob = out;
	*size = total_size;
	return 0;
}
