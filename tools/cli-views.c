// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a simulated machine for `cmasim show`, diff and JSON: the CMA
 * areas with where they lie, the counters of /proc/meminfo and the
 * pageblock table of /proc/pagetypeinfo, and the views that are not one
 * kernel file: a memory map like /proc/iomem, the memblock tables as
 * /sys/kernel/debug/memblock/{memory,reserved} print them, and a table
 * of the CMA areas.  Errors of the kernel's files are explained by name:
 * an unknown area lists the areas there are.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- Files ---- */

gchar *cli_read_file(struct cmasim *sim, const char *path, int *err)
{
	GString *s = g_string_new(NULL);

	*err = cmasim_file_read(sim, path, cli_collect, s);
	if (*err) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static int add_name(const char *name, bool is_dir, void *data)
{
	g_ptr_array_add(data, g_strdup(name));
	return 0;
}

/* "a, b, c" of a directory's entries, or NULL when it has none. */
static gchar *list_dir(struct cmasim *sim, const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gchar *s = NULL;

	if (!cmasim_file_readdir(sim, dir, add_name, names) && names->len) {
		g_ptr_array_add(names, NULL);
		s = g_strjoinv(", ", (gchar **)names->pdata);
	}
	g_ptr_array_free(names, TRUE);
	return s;
}

/* The knob that makes a CMA directory, if @path lies under one. */
static const char *cma_dir_knob(const char *path, const char **prefix)
{
	static const struct {
		const char *prefix;
		const char *knob;
	} dirs[] = {
		{ "/sys/kernel/debug/cma", "CMA_DEBUGFS" },
		{ "/sys/kernel/mm/cma", "CMA_SYSFS" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
		size_t n = strlen(dirs[i].prefix);

		if (!strncmp(path, dirs[i].prefix, n) &&
		    (path[n] == '/' || !path[n])) {
			*prefix = dirs[i].prefix;
			return dirs[i].knob;
		}
	}
	return NULL;
}

gchar *cli_file_error(struct cmasim *sim, const char *path, int err)
{
	const char *prefix = NULL, *knob = cma_dir_knob(path, &prefix);
	int64_t on = 1;

	if (err == -ENOENT && knob) {
		const char *rest = path + strlen(prefix);
		gchar *area, *areas, *dir, *files, *msg;
		const char *slash;

		if (cmasim_get_knob(sim, knob, &on) || !on)
			return g_strdup_printf("%s: no such file: %s is off (--set %s=y)",
					       path, knob, knob);
		if (!*rest || !rest[1])
			return g_strdup_printf("%s: no such file", path);
		rest++;
		slash = strchr(rest, '/');
		area = slash ? g_strndup(rest, (gsize)(slash - rest)) :
			       g_strdup(rest);
		if (!cmasim_cma_find(sim, area)) {
			areas = list_dir(sim, prefix);
			msg = areas ?
			      g_strdup_printf("%s: no CMA area '%s'; the areas are: %s",
					      path, area, areas) :
			      g_strdup_printf("%s: no CMA area '%s'; this machine has no CMA area",
					      path, area);
			g_free(areas);
			g_free(area);
			return msg;
		}
		dir = g_strdup_printf("%s/%s", prefix, area);
		files = list_dir(sim, dir);
		msg = g_strdup_printf("%s: no such file; %s has: %s", path, dir,
				      files ? files : "nothing");
		g_free(files);
		g_free(dir);
		g_free(area);
		return msg;
	}
	if (err == -ENOENT && g_str_has_prefix(path, "/proc/")) {
		gchar *files = list_dir(sim, "/proc"), *msg;

		if (files && strstr(files, path + 6) &&
		    cmasim_zone_count(sim) == 0)
			msg = g_strdup_printf("%s: no /proc file before the zones exist (the boot stopped early)",
					      path);
		else
			msg = g_strdup_printf("%s: no such file; /proc has: %s",
					      path, files ? files : "nothing");
		g_free(files);
		return msg;
	}
	if (err == -EACCES)
		return g_strdup_printf("%s: %s (a write-only file: write to it)",
				       path, g_strerror(-err));
	return g_strdup_printf("%s: %s", path, g_strerror(-err));
}

/* ---- CMA areas ---- */

static int add_area(const struct cmasim_cma *cma, void *data)
{
	struct cli_area a = {
		.cma = cma,
		.name = cmasim_cma_get_name(cma),
		.base = cmasim_cma_get_base(cma),
		.size = cmasim_cma_get_size(cma),
		.nid = cmasim_cma_get_nid(cma),
		.node = -1,
		.active = cmasim_cma_is_active(cma),
	};

	g_array_append_val(data, a);
	return 0;
}

/* The node of the memblock memory region holding @addr, or -1. */
static int memblock_node(struct cmasim *sim, uint64_t addr)
{
	unsigned long n = cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_MEMORY);
	struct cmasim_memblock_region r;

	for (unsigned long i = 0; i < n; i++) {
		if (cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY, i, &r))
			break;
		if (addr >= r.base && addr - r.base < r.size)
			return r.nid;
	}
	return -1;
}

GArray *cli_areas(struct cmasim *sim)
{
	GArray *areas = g_array_new(FALSE, TRUE, sizeof(struct cli_area));
	uint64_t page = cmasim_page_size(sim);

	cmasim_cma_for_each_area(sim, add_area, areas);
	for (guint i = 0; i < areas->len; i++) {
		struct cli_area *a = &g_array_index(areas, struct cli_area, i);
		struct cmasim_zone_info z;
		int slot = cmasim_pfn_to_zone(sim, a->base / page);
		gchar *path, *text;
		int err;

		if (slot >= 0 && !cmasim_zone_get(sim, (unsigned int)slot, &z)) {
			a->zone = z.name;
			a->node = z.nid;
		} else {
			a->node = memblock_node(sim, a->base);
		}
		path = g_strdup_printf("/sys/kernel/debug/cma/%s/used", a->name);
		text = cli_read_file(sim, path, &err);
		if (text) {
			a->used = g_ascii_strtoull(text, NULL, 10);
			a->used_known = true;
		}
		g_free(text);
		g_free(path);
	}
	return areas;
}

/* ---- Counters ---- */

static void counter_free(gpointer p)
{
	struct cli_counter *c = p;

	g_free(c->name);
	g_free(c);
}

static void zone_blocks_free(gpointer p)
{
	struct cli_zone_blocks *z = p;

	g_free(z->zone);
	g_ptr_array_free(z->blocks, TRUE);
	g_free(z);
}

static struct cli_counter *counter_new(const char *name, int64_t value,
				       const char *unit)
{
	struct cli_counter *c = g_new0(struct cli_counter, 1);

	c->name = g_strdup(name);
	c->value = value;
	c->unit = unit;
	return c;
}

GPtrArray *cli_meminfo(struct cmasim *sim)
{
	GPtrArray *out;
	gchar **lines;
	gchar *text;
	int err;

	text = cli_read_file(sim, "/proc/meminfo", &err);
	if (!text)
		return NULL;
	out = g_ptr_array_new_with_free_func(counter_free);
	lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		char *colon = strchr(*l, ':'), *end;
		int64_t v;

		if (!colon)
			continue;
		*colon = '\0';
		v = g_ascii_strtoll(colon + 1, &end, 10);
		g_ptr_array_add(out, counter_new(*l, v,
						 strstr(end, "kB") ? "kB" : ""));
	}
	g_strfreev(lines);
	g_free(text);
	return out;
}

GPtrArray *cli_pageblocks(struct cmasim *sim)
{
	gchar **lines, **types = NULL;
	GPtrArray *out;
	gchar *text;
	int err;

	text = cli_read_file(sim, "/proc/pagetypeinfo", &err);
	if (!text)
		return NULL;
	out = g_ptr_array_new_with_free_func(zone_blocks_free);
	lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		struct cli_zone_blocks *z;
		gchar **f;
		int node;
		char zone[32];
		int used;

		if (g_str_has_prefix(*l, "Number of blocks type")) {
			g_strfreev(types);
			types = g_strsplit_set(*l + strlen("Number of blocks type"),
					       " ", -1);
			continue;
		}
		if (!types ||
		    sscanf(*l, "Node %d, zone %31s%n", &node, zone, &used) != 2)
			continue;
		z = g_new0(struct cli_zone_blocks, 1);
		z->node = node;
		z->zone = g_strdup(zone);
		z->blocks = g_ptr_array_new_with_free_func(counter_free);
		f = g_strsplit_set(*l + used, " ", -1);
		for (gchar **t = types, **v = f; *t && *v; t++, v++) {
			while (*t && !**t)
				t++;
			while (*v && !**v)
				v++;
			if (!*t || !*v)
				break;
			g_ptr_array_add(z->blocks,
					counter_new(*t, g_ascii_strtoll(*v, NULL, 10), ""));
		}
		g_strfreev(f);
		g_ptr_array_add(out, z);
	}
	g_strfreev(types);
	g_strfreev(lines);
	g_free(text);
	return out;
}

/* ---- Views that are not files ---- */

/* %pa: 64-bit phys_addr_t but on 32-bit arm. */
static bool phys_64bit(struct cmasim *sim)
{
	return cmasim_get_arch(sim) != CMASIM_ARCH_ARM;
}

static void pa(struct cmasim *sim, GString *out, uint64_t addr)
{
	if (phys_64bit(sim))
		g_string_append_printf(out, "0x%016" PRIx64, addr);
	else
		g_string_append_printf(out, "0x%08" PRIx32, (uint32_t)addr);
}

/*
 * memblock_debug_show(): "%4d: %pa..%pa\n" in 6.1; 6.12 adds the node
 * ("%4d " or "   x") and the flags ("NONE" or names joined by '|').
 */
void cli_view_memblock(struct cmasim *sim, enum cmasim_memblock_type type,
		       GString *out)
{
	static const char *const flagname[] = {
		"HOTPLUG", "MIRROR", "NOMAP", "DRV_MNG", "RSV_NIT",
	};
	unsigned long n = cmasim_memblock_region_count(sim, type);
	bool v612 = cmasim_get_kernel(sim) != CMASIM_KERNEL_6_1;
	int64_t shift = 0;
	uint64_t max_numnodes;

	if (cmasim_get_knob(sim, "NODES_SHIFT", &shift))
		shift = 0;
	max_numnodes = UINT64_C(1) << shift;
	for (unsigned long i = 0; i < n; i++) {
		struct cmasim_memblock_region r;

		if (cmasim_memblock_get_region(sim, type, i, &r))
			break;
		g_string_append_printf(out, "%4lu: ", i);
		pa(sim, out, r.base);
		g_string_append(out, "..");
		pa(sim, out, r.base + r.size - 1);
		if (!v612) {
			g_string_append_c(out, '\n');
			continue;
		}
		if (r.nid >= 0 && (uint64_t)r.nid < max_numnodes)
			g_string_append_printf(out, " %4d ", r.nid);
		else
			g_string_append_printf(out, " %4c ", 'x');
		if (!r.flags) {
			g_string_append(out, "NONE\n");
			continue;
		}
		for (unsigned int j = 0, f = r.flags, first = 1; f; j++, f >>= 1) {
			if (!(f & 1))
				continue;
			if (!first)
				g_string_append_c(out, '|');
			g_string_append(out, j < G_N_ELEMENTS(flagname) ?
					flagname[j] : "UNKNOWN");
			first = 0;
		}
		g_string_append_c(out, '\n');
	}
}

struct iomem_entry {
	uint64_t start, end;	/* inclusive end */
	gchar *name;
	int depth;
};

static const char *e820_name(unsigned int type)
{
	switch (type) {
	case CMASIM_E820_RAM:
	case CMASIM_E820_RESERVED_KERN:
		return "System RAM";
	case CMASIM_E820_ACPI:
		return "ACPI Tables";
	case CMASIM_E820_NVS:
		return "ACPI Non-volatile Storage";
	case CMASIM_E820_UNUSABLE:
		return "Unusable memory";
	case CMASIM_E820_PMEM:
		return "Persistent Memory (legacy)";
	default:
		return "Reserved";
	}
}

static void iomem_add(GArray *v, uint64_t start, uint64_t end,
		      gchar *name, int depth)
{
	struct iomem_entry e = { start, end, name, depth };

	g_array_append_val(v, e);
}

/* By start, the larger range first, so that a container precedes. */
static gint iomem_cmp(gconstpointer a, gconstpointer b)
{
	const struct iomem_entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->depth - y->depth;
}

static int iomem_rmem(const struct cmasim_rmem_info *r, void *data)
{
	if (r->size)
		iomem_add(data, r->base, r->base + r->size - 1,
			  g_strdup_printf("reserved-memory %s", r->name), 1);
	return 0;
}

static void iomem_memblock(struct cmasim *sim, GArray *v)
{
	unsigned long n = cmasim_memblock_region_count(sim, CMASIM_MEMBLOCK_MEMORY);

	for (unsigned long i = 0; i < n; i++) {
		struct cmasim_memblock_region r;

		if (cmasim_memblock_get_region(sim, CMASIM_MEMBLOCK_MEMORY, i, &r) ||
		    !r.size)
			continue;
		iomem_add(v, r.base, r.base + r.size - 1,
			  g_strdup((r.flags & CMASIM_MEMBLOCK_NOMAP) ?
				   "reserved" : "System RAM"), 0);
	}
}

/*
 * The firmware's map (the machine's e820 table on x86; memblock's memory
 * elsewhere, its no-map parts "reserved"), with the device tree's
 * reserved-memory regions and the CMA areas nested in what holds them,
 * two spaces a level, as /proc/iomem nests.  The kernel's /proc/iomem
 * lists no CMA area: this is the simulator's map.
 */
void cli_view_iomem(struct cmasim *sim, const struct cmasim_machine *m,
		    GString *out)
{
	GArray *v = g_array_new(FALSE, FALSE, sizeof(struct iomem_entry));
	GArray *areas = cli_areas(sim);
	uint64_t ends[16];
	int depth = 0;

	if (m && cmasim_machine_nr_e820(m)) {
		for (size_t i = 0; i < cmasim_machine_nr_e820(m); i++) {
			uint64_t base, size;
			unsigned int type;

			if (cmasim_machine_e820(m, i, &base, &size, &type) ||
			    !size)
				continue;
			iomem_add(v, base, base + size - 1,
				  g_strdup(e820_name(type)), 0);
		}
	} else {
		iomem_memblock(sim, v);
	}
	cmasim_for_each_rmem(sim, iomem_rmem, v);
	for (guint i = 0; i < areas->len; i++) {
		const struct cli_area *a = &g_array_index(areas, struct cli_area, i);

		if (a->size)
			iomem_add(v, a->base, a->base + a->size - 1,
				  g_strdup_printf("CMA area %s", a->name), 2);
	}
	g_array_sort(v, iomem_cmp);
	for (guint i = 0; i < v->len; i++) {
		struct iomem_entry *e = &g_array_index(v, struct iomem_entry, i);

		while (depth && ends[depth - 1] < e->start)
			depth--;
		g_string_append_printf(out, "%*s%08" PRIx64 "-%08" PRIx64 " : %s\n",
				       2 * depth, "", e->start, e->end, e->name);
		if (depth < (int)G_N_ELEMENTS(ends))
			ends[depth++] = e->end;
		g_free(e->name);
	}
	g_array_free(v, TRUE);
	g_array_free(areas, TRUE);
}

void cli_view_cma(struct cmasim *sim, GString *out)
{
	GArray *areas = cli_areas(sim);

	if (!areas->len) {
		g_string_append(out, "no CMA area\n");
		g_array_free(areas, TRUE);
		return;
	}
	g_string_append_printf(out, "%-16s %-18s %-10s %8s %8s %-8s %4s %4s\n",
			       "NAME", "BASE", "SIZE", "PAGES", "USED", "ZONE",
			       "NODE", "NID");
	for (guint i = 0; i < areas->len; i++) {
		const struct cli_area *a = &g_array_index(areas, struct cli_area, i);
		gchar *size = cli_size_str(a->size);
		gchar *used = a->used_known ?
			      g_strdup_printf("%" PRIu64, a->used) :
			      g_strdup("-");
		GString *base = g_string_new(NULL);

		pa(sim, base, a->base);
		g_string_append_printf(out, "%-16s %-18s %-10s %8" PRIu64 " %8s %-8s %4d %4d%s\n",
				       a->name, base->str, size,
				       a->size / cmasim_page_size(sim), used,
				       a->zone ? a->zone : "-", a->node,
				       a->nid, a->active || !a->zone ? "" :
				       " (not activated)");
		g_string_free(base, TRUE);
		g_free(size);
		g_free(used);
	}
	g_array_free(areas, TRUE);
}
