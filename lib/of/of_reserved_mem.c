// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reserved memory from the device tree, as Linux 6.1 and 6.12 set it up
 * at boot: drivers/of/of_reserved_mem.c (fdt_reserved_mem_save_node(),
 * __reserved_mem_alloc_size(), __reserved_mem_alloc_in_range(),
 * early_init_dt_alloc_reserved_memory_arch(), __reserved_mem_init_node(),
 * __rmem_cmp(), __rmem_check_for_overlap(), fdt_init_reserved_mem() (6.1),
 * fdt_init_reserved_mem_node(), alloc_reserved_mem_array(),
 * fdt_scan_reserved_mem() and fdt_scan_reserved_mem_reg_nodes() (6.12),
 * of_reserved_mem_device_init_by_idx(), of_reserved_mem_lookup()), the
 * reserved-memory parts of drivers/of/fdt.c (early_init_dt_reserve_memory(),
 * __reserved_mem_reserve_reg(), __reserved_mem_check_root(),
 * fdt_scan_reserved_mem() (6.1), early_init_fdt_scan_reserved_mem(),
 * early_init_dt_scan_memory(), early_init_dt_add_memory_arch()) and
 * of_device_make_bus_id() (drivers/of/platform.c) for the device names.
 *
 * The two versions order the work differently (docs/devicetree.md): 6.1
 * reserves every static region while it scans, sorts the saved regions
 * with lib/sort.c's unstable heapsort, then places each dynamic one and
 * runs each setup function in that sorted order; 6.12 reserves the
 * static regions, then places, saves and sets up each dynamic one at
 * once, and saves and sets up the static ones only from
 * unflatten_device_tree().  The setup functions themselves are the DMA
 * layer's: rmem_cma_setup() (dma/contiguous.c), rmem_dma_setup()
 * (dma/coherent.c), rmem_swiotlb_setup() (dma/swiotlb.c), tried in the
 * kernel's link order.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#define pr_fmt(fmt) "OF: reserved mem: " fmt
#include "core/instance.h"
#include "core/log.h"
#include "core/sort.h"
#include "core/util.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "dma/mapping.h"
#include "dma/contiguous.h"
#include "dma/coherent.h"
#include "dma/swiotlb.h"
#include "of/fdt.h"
#include "of/of_reserved_mem.h"
#include <cmasim/dma.h>

/* MAX_RESERVED_REGIONS (include/linux/of_reserved_mem.h) */
#define MAX_RESERVED_REGIONS	64u
/* SMP_CACHE_BYTES: L1_CACHE_BYTES of arm64 (and of Debian's armmp) */
#define SMP_CACHE_BYTES		64u

/* ---- The state ---- */

int cms_of_init(struct cmasim *sim)
{
	sim->of = g_try_new0(struct cms_of, 1);
	return sim->of ? 0 : -ENOMEM;
}

static void drop_tables(struct cms_of *of)
{
	for (unsigned int i = 0; i < of->nr_rmem; i++)
		cms_dma_coherent_put(of->rmem[i].dma_mem);
	g_free(of->rmem);
	g_free(of->devices);
	g_free(of->reserve_failed);
	of->rmem = NULL;
	of->devices = NULL;
	of->reserve_failed = NULL;
	of->nr_rmem = of->nr_devices = 0;
}

void cms_of_fini(struct cmasim *sim)
{
	if (!sim->of)
		return;
	drop_tables(sim->of);
	cms_fdt_free(sim->of->fdt);
	g_free(sim->of);
	sim->of = NULL;
}

int cms_of_setup_fdt(struct cmasim *sim, const void *blob, size_t size,
		     bool memory_from_dt)
{
	struct cms_of *of = sim->of;
	struct cms_fdt *t;
	int ret;

	/* the machine reported the tree's problems when it took it */
	ret = cms_fdt_read_blob(blob, size, NULL, &t, NULL, NULL);
	if (ret) {
		cms_client_bug(sim, "setup_machine_fdt(): the machine's device tree does not read back (%d)",
			       ret);
		return ret;
	}
	drop_tables(of);
	cms_fdt_free(of->fdt);
	*of = (struct cms_of){ .fdt = t, .memory_from_dt = memory_from_dt };
	of->reserve_failed = g_new0(bool, t->nr_rmem ? t->nr_rmem : 1);
	of->max_rmem = MAX_RESERVED_REGIONS;
	of->rmem = g_new0(struct cms_of_rmem, of->max_rmem);
	of->total_cnt = MAX_RESERVED_REGIONS;
	return 0;
}

bool cms_of_has_fdt(const struct cmasim *sim)
{
	return sim->of && sim->of->fdt;
}

uint64_t cms_of_fdt_totalsize(const struct cmasim *sim)
{
	return cms_of_has_fdt(sim) ? sim->of->fdt->totalsize : 0;
}

static const struct cms_fdt_rmem *node_of(const struct cmasim *sim,
					  const struct cms_of_rmem *r)
{
	return &sim->of->fdt->rmem[r->node];
}

/* (dt_root_addr_cells + dt_root_size_cells) * sizeof(__be32) */
static int t_len(const struct cmasim *sim)
{
	const struct cms_fdt *t = sim->of->fdt;

	return (int)((t->addr_cells + t->size_cells) * 4);
}

/* The scan's own lines: drivers/of/fdt.c in 6.1, of_reserved_mem.c in 6.12. */
static void pr_scan(struct cmasim *sim, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pr_scan(struct cmasim *sim, int level, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	cms_printk(sim, level, "%s%s", sim->ver->of_scan_prefix, msg);
	g_free(msg);
}

/* ---- /memory: early_init_dt_scan_memory() ---- */

int cms_of_early_init_dt_add_memory_arch(struct cmasim *sim, uint64_t base,
					 uint64_t size)
{
	uint64_t page = sim->page_size, max = cms_memblock_phys_addr_max(sim);

	if (size < page - (base & (page - 1))) {
		cms_printk(sim, CMASIM_LOG_WARNING,
			   "OF: fdt: Ignoring memory block 0x%" PRIx64 " - 0x%" PRIx64 "\n",
			   base, base + size);
		return 0;
	}
	if (base & (page - 1)) {
		size -= page - (base & (page - 1));
		base = cms_align_up(base, page);
	}
	size &= ~(page - 1);
	if (base > max) {
		cms_printk(sim, CMASIM_LOG_WARNING,
			   "OF: fdt: Ignoring memory block 0x%" PRIx64 " - 0x%" PRIx64 "\n",
			   base, base + size);
		return 0;
	}
	if (base + size - 1 > max) {
		cms_printk(sim, CMASIM_LOG_WARNING,
			   "OF: fdt: Ignoring memory range 0x%" PRIx64 " - 0x%" PRIx64 "\n",
			   max + 1, base + size);
		size = max - base + 1;
	}
	return cms_memblock_add(sim, base, size, "early_init_dt_add_memory_arch");
}

int cms_of_early_init_dt_scan_memory(struct cmasim *sim)
{
	const struct cms_fdt *t;
	int ret = 0;

	if (!cms_of_has_fdt(sim) || !sim->of->memory_from_dt)
		return 0;
	t = sim->of->fdt;
	for (unsigned int i = 0; i < t->nr_memory && !ret; i++) {
		const struct cms_fdt_memory *m = &t->memory[i];

		if (!m->available)
			continue;
		for (unsigned int k = 0; k < m->reg.nr && !ret; k++) {
			uint64_t base = m->reg.range[k].base;
			uint64_t size = m->reg.range[k].size;

			if (!size)
				continue;
			ret = cms_of_early_init_dt_add_memory_arch(sim, base,
								   size);
			if (ret || !m->hotpluggable)
				continue;
			if (cms_memblock_setclr_flag(sim, false, base, size,
						     true,
						     CMASIM_MEMBLOCK_HOTPLUG,
						     "memblock_mark_hotplug"))
				cms_printk(sim, CMASIM_LOG_WARNING,
					   "OF: fdt: failed to mark hotplug range 0x%" PRIx64 " - 0x%" PRIx64 "\n",
					   base, base + size);
		}
	}
	return ret;
}

/* ---- Reserving, placing, saving ---- */

/* early_init_dt_reserve_memory() */
static int reserve_memory(struct cmasim *sim, uint64_t base, uint64_t size,
			  bool nomap)
{
	if (!nomap)
		return cms_memblock_reserve(sim, base, size,
					    sim->ver->of_reserve_caller);
	/*
	 * Memory another region reserved may not become no-map; what is
	 * not memory at all is not mapped anyway.
	 */
	if (cms_memblock_type_overlaps(sim, &sim->memblock->memory, base,
				       size) &&
	    cms_memblock_is_region_reserved(sim, base, size))
		return -EBUSY;
	return cms_memblock_setclr_flag(sim, false, base, size, true,
					CMASIM_MEMBLOCK_NOMAP,
					"memblock_mark_nomap");
}

/*
 * __reserved_mem_reserve_reg(): every (base, size) pair of reg reserved
 * (or made no-map).  6.1 saves the first pair however it went (@save).
 * Return: 0; -ENOENT no reg; -EINVAL not whole pairs.
 */
static void save_node(struct cmasim *sim, unsigned int node, uint64_t base,
		      uint64_t size);

static int reserve_reg(struct cmasim *sim, unsigned int node, bool save)
{
	const struct cms_fdt_rmem *n = &sim->of->fdt->rmem[node];
	char pa[19];

	if (n->reg.len < 0)
		return -ENOENT;
	if (n->reg.len && n->reg.len % t_len(sim)) {
		pr_scan(sim, CMASIM_LOG_ERR,
			"Reserved memory: invalid reg property in '%s', skipping node.\n",
			n->name);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < n->reg.nr; i++) {
		uint64_t base = n->reg.range[i].base;
		uint64_t size = n->reg.range[i].size;

		/* 6.12's dma_contiguous_early_fixup() is a no-op on arm64 */
		if (!size || reserve_memory(sim, base, size, n->no_map)) {
			pr_scan(sim, CMASIM_LOG_ERR,
				"Reserved memory: failed to reserve memory for node '%s': base %s, size %lu MiB\n",
				n->name, cms_fmt_pa(sim, pa, base),
				(unsigned long)(size / CMS_SZ_1M));
			sim->of->reserve_failed[node] = true;
			if (size && n->no_map)
				cms_explain(sim, "%s: no-map over memory another region already reserved: memblock_mark_nomap() is refused (-EBUSY)",
					    n->name);
		}
		if (!i && save)
			save_node(sim, node, base, size);
	}
	return 0;
}

/* early_init_dt_alloc_reserved_memory_arch() */
static int alloc_arch(struct cmasim *sim, uint64_t size, uint64_t align,
		      uint64_t start, uint64_t end, bool nomap,
		      const char *caller, uint64_t *res_base)
{
	uint64_t base;

	if (!end)
		end = cms_memblock_phys_addr_max(sim);	/* ANYWHERE */
	if (!align)
		align = SMP_CACHE_BYTES;
	if (cms_memblock_phys_alloc_range(sim, size, align, start, end, caller,
					  &base))
		return -ENOMEM;
	*res_base = base;
	if (nomap && cms_memblock_setclr_flag(sim, false, base, size, true,
					      CMASIM_MEMBLOCK_NOMAP,
					      "memblock_mark_nomap")) {
		cms_memblock_phys_free(sim, base, size, caller);
		return -ENOMEM;
	}
	return 0;
}

/*
 * __reserved_mem_alloc_in_range() (6.12): a range that starts inside or
 * right after a saved region is searched bottom-up, one that ends there
 * top-down (only when exactly one holds), so that regions stay together.
 */
static int alloc_in_range(struct cmasim *sim, uint64_t size, uint64_t align,
			  uint64_t start, uint64_t end, bool nomap,
			  uint64_t *res_base)
{
	const char *caller = sim->ver->of_alloc_ranges_caller;
	struct cms_memblock *mb = sim->memblock;
	bool prev = mb->bottom_up, bottom_up = false, top_down = false;
	int ret;

	if (!sim->ver->of_alloc_in_range_steers)
		return alloc_arch(sim, size, align, start, end, nomap, caller,
				  res_base);
	for (unsigned int i = 0; i < sim->of->nr_rmem; i++) {
		const struct cms_of_rmem *r = &sim->of->rmem[i];

		if (!r->size)
			continue;
		if (start >= r->base && start <= r->base + r->size)
			bottom_up = true;
		if (end >= r->base && end <= r->base + r->size)
			top_down = true;
	}
	if (bottom_up != top_down)
		mb->bottom_up = bottom_up;
	ret = alloc_arch(sim, size, align, start, end, nomap, caller,
			 res_base);
	if (bottom_up != top_down)
		mb->bottom_up = prev;
	return ret;
}

/*
 * __reserved_mem_alloc_size(): place a dynamic region from its size,
 * alignment and alloc-ranges.  Return: 0 and *@res_base, *@res_size;
 * -EINVAL a property the kernel refuses (or no size at all, silently);
 * -ENOMEM nowhere to put it.
 */
static int alloc_size(struct cmasim *sim, unsigned int node,
		      uint64_t *res_base, uint64_t *res_size)
{
	const struct cms_fdt *t = sim->of->fdt;
	const struct cms_fdt_rmem *n = &t->rmem[node];
	uint64_t base = 0, align = 0, size;

	if (n->size_len < 0)
		return -EINVAL;
	if (n->size_len != (int)t->size_cells * 4) {
		cms_pr_err(sim, "invalid size property in '%s' node.\n", n->name);
		return -EINVAL;
	}
	size = n->size;
	if (n->alignment_len >= 0) {
		if (n->alignment_len != (int)t->addr_cells * 4) {
			cms_pr_err(sim, "invalid alignment property in '%s' node.\n",
				   n->name);
			return -EINVAL;
		}
		align = n->alignment;
	}
	/* a CMA pool must start and end on a pageblock */
	if (cms_knob(sim, CMS_KNOB_CMA) &&
	    cms_fdt_rmem_is_compatible(n, "shared-dma-pool") && n->reusable &&
	    !n->no_map)
		align = cms_max_u64(align, cms_cma_min_alignment_bytes(sim));

	if (n->alloc_ranges.len >= 0) {
		if (n->alloc_ranges.len % t_len(sim)) {
			cms_pr_err(sim, "invalid alloc-ranges property in '%s', skipping node.\n",
				   n->name);
			return -EINVAL;
		}
		for (unsigned int i = 0; i < n->alloc_ranges.nr; i++) {
			uint64_t start = n->alloc_ranges.range[i].base;
			uint64_t end = start + n->alloc_ranges.range[i].size;

			if (!alloc_in_range(sim, size, align, start, end,
					    n->no_map, &base))
				break;
		}
	} else {
		alloc_arch(sim, size, align, 0, 0, n->no_map,
			   n->no_map ? sim->ver->of_alloc_nomap_caller :
				       sim->ver->of_alloc_caller, &base);
	}
	if (!base) {
		cms_pr_err(sim, "failed to allocate memory for node '%s': size %lu MiB\n",
			   n->name, (unsigned long)(size / CMS_SZ_1M));
		return -ENOMEM;
	}
	*res_base = base;
	*res_size = size;
	return 0;
}

/* ---- Setting a region up ---- */

/*
 * __reserved_mem_init_node(): the RESERVEDMEM_OF_DECLARE table in link
 * order (kernel/dma/Makefile: contiguous.o, coherent.o, swiotlb.o),
 * every entry whose compatible matches tried until one returns 0.
 * Returns the last error, -ENOENT when none matched.
 */
static int init_node_table(struct cmasim *sim, struct cms_of_rmem *r)
{
	const struct cms_fdt_rmem *n = node_of(sim, r);
	bool dma_cma = cms_knob(sim, CMS_KNOB_CMA) &&
		       cms_knob(sim, CMS_KNOB_DMA_CMA);
	static const char *const compat[] = {
		[CMS_RMEM_OPS_CMA] = "shared-dma-pool",
		[CMS_RMEM_OPS_DMA] = "shared-dma-pool",
		[CMS_RMEM_OPS_SWIOTLB] = "restricted-dma-pool",
	};
	int ret = -ENOENT;

	for (int e = CMS_RMEM_OPS_CMA; e <= CMS_RMEM_OPS_SWIOTLB; e++) {
		if (!cms_fdt_rmem_is_compatible(n, compat[e]))
			continue;
		switch (e) {
		case CMS_RMEM_OPS_CMA:
			/* no entry without CONFIG_DMA_CMA */
			if (!dma_cma)
				continue;
			ret = cms_rmem_cma_setup(sim, r->base, r->size, n->name,
						 n->reusable, n->no_map,
						 n->cma_default, &r->cma);
			break;
		case CMS_RMEM_OPS_DMA:
			ret = cms_rmem_dma_setup(sim, r->base, r->size,
						 n->reusable, n->no_map,
						 n->dma_default,
						 sim->arch->dma_global_pool ?
						 &sim->of->dma_default : NULL);
			break;
		default:
			ret = cms_rmem_swiotlb_setup(sim, r->base, r->size,
						     n->reusable, n->no_map,
						     n->cma_default,
						     n->dma_default);
			break;
		}
		if (!ret) {
			r->ops = (enum cms_rmem_ops)e;
			cms_pr_info(sim, "initialized node %s, compatible id %s\n",
				    n->name, compat[e]);
			break;
		}
	}
	return ret;
}

/*
 * The setup and its aftermath: fdt_init_reserved_mem()'s loop body
 * (6.1), fdt_init_reserved_mem_node() (6.12, with its summary line).  A
 * refused region is given back to the kernel.
 */
static void init_node(struct cmasim *sim, struct cms_of_rmem *r)
{
	const struct cms_fdt_rmem *n = node_of(sim, r);
	char pa[19], pe[19];
	int err = init_node_table(sim, r);

	r->init_err = err;
	if (err && err != -ENOENT) {
		cms_pr_info(sim, "node %s compatible matching fail\n", n->name);
		r->init_failed = true;
		if (n->no_map)
			cms_memblock_setclr_flag(sim, false, r->base, r->size,
						 false, CMASIM_MEMBLOCK_NOMAP,
						 "memblock_clear_nomap");
		else
			cms_memblock_phys_free(sim, r->base, r->size,
					       sim->ver->of_free_caller);
		return;
	}
	if (!sim->ver->of_rmem_summary_line)
		return;
	cms_pr_info(sim, "%s..%s (%lu KiB) %s %s %s\n",
		    cms_fmt_pa(sim, pa, r->base),
		    cms_fmt_pa(sim, pe, r->base + r->size - 1),
		    (unsigned long)(r->size / 1024),
		    n->no_map ? "nomap" : "map",
		    n->reusable ? "reusable" : "non-reusable", n->name);
}

/*
 * fdt_reserved_mem_save_node(): the next slot of reserved_mem[]; 6.12
 * sets the region up at once.
 */
static void save_node(struct cmasim *sim, unsigned int node, uint64_t base,
		      uint64_t size)
{
	struct cms_of *of = sim->of;
	struct cms_of_rmem *r;

	if (of->nr_rmem == of->max_rmem) {
		cms_pr_err(sim, "not enough space for all defined regions.\n");
		return;
	}
	r = &of->rmem[of->nr_rmem];
	*r = (struct cms_of_rmem){
		.node = node, .offset = of->fdt->rmem[node].offset,
		.base = base, .size = size,
	};
	if (!sim->ver->of_rmem_saved_at_scan)
		init_node(sim, r);
	of->nr_rmem++;
}

/* __rmem_cmp(): by base, then size (dynamic ones first), 6.12 node */
static int rmem_cmp(const void *a, const void *b, const void *priv)
{
	const struct cms_of_rmem *ra = a, *rb = b;
	const struct cmasim *sim = priv;

	if (ra->base != rb->base)
		return ra->base < rb->base ? -1 : 1;
	if (ra->size != rb->size)
		return ra->size < rb->size ? -1 : 1;
	if (sim->ver->of_rmem_cmp_ties_on_node && ra->offset != rb->offset)
		return ra->offset < rb->offset ? -1 : 1;
	return 0;
}

/* __rmem_check_for_overlap(): sort the table, then compare neighbours. */
static void check_for_overlap(struct cmasim *sim)
{
	struct cms_of *of = sim->of;

	if (of->nr_rmem < 2)
		return;
	cms_sort_r(of->rmem, of->nr_rmem, sizeof(*of->rmem), rmem_cmp, sim,
		   sim->ver->sort_extracts_two);
	for (unsigned int i = 0; i + 1 < of->nr_rmem; i++) {
		const struct cms_of_rmem *this = &of->rmem[i];
		const struct cms_of_rmem *next = &of->rmem[i + 1];
		char b1[19], e1[19], b2[19], e2[19];

		if (this->base + this->size <= next->base)
			continue;
		cms_pr_err(sim, "OVERLAP DETECTED!\n%s (%s--%s) overlaps with %s (%s--%s)\n",
			   node_of(sim, this)->name,
			   cms_fmt_pa(sim, b1, this->base),
			   cms_fmt_pa(sim, e1, this->base + this->size),
			   node_of(sim, next)->name,
			   cms_fmt_pa(sim, b2, next->base),
			   cms_fmt_pa(sim, e2, next->base + next->size));
	}
}

/* ---- The scans ---- */

static void reserve_memreserve(struct cmasim *sim)
{
	const struct cms_fdt *t = sim->of->fdt;

	for (unsigned int i = 0; i < t->nr_memreserve; i++)
		cms_memblock_reserve(sim, t->memreserve[i].base,
				     t->memreserve[i].size,
				     sim->ver->of_memreserve_caller);
}

/* __reserved_mem_check_root() failing, with its line */
static bool root_ok(struct cmasim *sim)
{
	if (sim->of->fdt->rmem_format_ok)
		return true;
	pr_scan(sim, CMASIM_LOG_ERR,
		"Reserved memory: unsupported node format, ignoring\n");
	return false;
}

/*
 * 6.1: fdt_scan_reserved_mem() saves every region (a dynamic one at 0
 * with size 0), then fdt_init_reserved_mem() sorts them, places each
 * dynamic one and sets each up, in sorted order.
 */
static void scan_and_init_all(struct cmasim *sim)
{
	struct cms_of *of = sim->of;
	const struct cms_fdt *t = of->fdt;

	if (t->has_reserved_memory && root_ok(sim)) {
		for (unsigned int i = 0; i < t->nr_rmem; i++) {
			if (!t->rmem[i].available)
				continue;
			if (reserve_reg(sim, i, true) == -ENOENT &&
			    t->rmem[i].size_len >= 0)
				save_node(sim, i, 0, 0);
		}
	}
	/* fdt_init_reserved_mem() */
	check_for_overlap(sim);
	for (unsigned int i = 0; i < of->nr_rmem; i++) {
		struct cms_of_rmem *r = &of->rmem[i];
		int err = 0;

		r->phandle = t->rmem[r->node].rmem_phandle;
		if (!r->size)
			err = alloc_size(sim, r->node, &r->base, &r->size);
		if (!err)
			init_node(sim, r);
	}
}

/*
 * 6.12: fdt_scan_reserved_mem() reserves the static regions and counts
 * them, then places, saves and sets up each dynamic one in tree order;
 * the count sizes the table of the second pass.
 */
static void scan_dynamic(struct cmasim *sim)
{
	struct cms_of *of = sim->of;
	const struct cms_fdt *t = of->fdt;
	unsigned int dynamic[MAX_RESERVED_REGIONS], nr_dynamic = 0;
	unsigned int count = 0;

	if (!t->has_reserved_memory || !root_ok(sim))
		return;
	for (unsigned int i = 0; i < t->nr_rmem; i++) {
		int err;

		if (!t->rmem[i].available)
			continue;
		err = reserve_reg(sim, i, false);
		if (!err)
			count++;
		if (err != -ENOENT || t->rmem[i].size_len < 0)
			continue;
		if (nr_dynamic == MAX_RESERVED_REGIONS) {
			cms_pr_err(sim, "too many defined dynamic regions, skip '%s'\n",
				   t->rmem[i].name);
			continue;
		}
		dynamic[nr_dynamic++] = i;
	}
	for (unsigned int i = 0; i < nr_dynamic; i++) {
		uint64_t base, size;

		if (alloc_size(sim, dynamic[i], &base, &size))
			continue;
		/* dma_contiguous_early_fixup(): a no-op on arm64 */
		save_node(sim, dynamic[i], base, size);
		count++;
	}
	of->total_cnt = count;
}

int cms_of_early_init_fdt_scan_reserved_mem(struct cmasim *sim)
{
	struct cms_of *of = sim->of;

	if (!cms_of_has_fdt(sim) || of->scanned)
		return 0;
	of->scanned = true;
	/* fdt_reserve_elfcorehdr(): no crash kernel is modelled */
	if (sim->ver->of_memreserve_before_scan)
		reserve_memreserve(sim);
	if (sim->ver->of_rmem_saved_at_scan)
		scan_and_init_all(sim);
	else
		scan_dynamic(sim);
	if (!sim->ver->of_memreserve_before_scan)
		reserve_memreserve(sim);
	return 0;
}

/*
 * alloc_reserved_mem_array(): the table of the second pass, one struct
 * reserved_mem per counted region, from memblock.  Return: 0; -ENOMEM
 * (the table is then empty).
 */
static int alloc_reserved_mem_array(struct cmasim *sim)
{
	struct cms_of *of = sim->of;
	uint64_t addr;
	struct cms_of_rmem *table;

	if (!of->total_cnt)
		return 0;
	if (cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID,
				   (uint64_t)of->total_cnt *
				   sim->ver->of_rmem_struct_bytes,
				   SMP_CACHE_BYTES, 0, 0, CMASIM_NUMA_NO_NODE,
				   sim->ver->of_array_caller, &addr)) {
		/* pr_err() without a newline: the next line continues it */
		cms_pr_err(sim, "Failed to allocate memory for reserved_mem array with err: %d",
			   -ENOMEM);
		of->nr_rmem = 0;
		return -ENOMEM;
	}
	table = g_new0(struct cms_of_rmem, of->total_cnt);
	memcpy(table, of->rmem, of->nr_rmem * sizeof(*table));
	g_free(of->rmem);
	of->rmem = table;
	of->max_rmem = of->total_cnt;
	return 0;
}

int cms_of_unflatten_device_tree(struct cmasim *sim)
{
	struct cms_of *of = sim->of;
	const struct cms_fdt *t;

	if (!cms_of_has_fdt(sim) || of->reg_scanned ||
	    sim->ver->of_rmem_saved_at_scan)
		return 0;
	of->reg_scanned = true;
	t = of->fdt;
	/* fdt_scan_reserved_mem_reg_nodes() */
	if (!t->has_reserved_memory) {
		cms_pr_info(sim, "Reserved memory: No reserved-memory node in the DT\n");
		return 0;
	}
	if (alloc_reserved_mem_array(sim) || !root_ok(sim))
		return 0;
	for (unsigned int i = 0; i < t->nr_rmem; i++) {
		const struct cms_fdt_rmem *n = &t->rmem[i];

		if (n->reg.len < 0 || !n->available)
			continue;
		if (n->reg.len && n->reg.len % t_len(sim)) {
			cms_pr_err(sim, "Reserved memory: invalid reg property in '%s', skipping node.\n",
				   n->name);
			continue;
		}
		if (n->reg.len > t_len(sim))
			cms_pr_warn(sim, "%s() ignores %d regions in node '%s'\n",
				    "fdt_scan_reserved_mem_reg_nodes",
				    n->reg.len / t_len(sim) - 1, n->name);
		/*
		 * An empty reg: the kernel reads a pair past the property;
		 * we take it as size 0 (docs/devicetree.md).
		 */
		if (n->reg.nr && n->reg.range[0].size)
			save_node(sim, i, n->reg.range[0].base,
				  n->reg.range[0].size);
	}
	check_for_overlap(sim);
	return 0;
}

/* ---- Devices ---- */

/*
 * of_device_make_bus_id(): "<unit address>.<name>" for the nearest node
 * with an address, each node below it added as ":<name>"; nodes without
 * one give their name.  The kernel prints the address translated through
 * the buses' ranges; we print the unit address as the node's name
 * spells it (docs/devicetree.md).
 */
static char *bus_id(const char *path)
{
	char **parts = g_strsplit(path, "/", -1);
	guint n = g_strv_length(parts);
	char *name = NULL;

	for (guint i = n; i-- > 0;) {
		const char *part = parts[i];
		const char *at = strchr(part, '@');
		char *next;

		if (!*part)
			continue;
		if (at) {
			char *base = g_strndup(part, (gsize)(at - part));

			next = name ? g_strdup_printf("%s.%s:%s", at + 1, base,
						      name) :
				      g_strdup_printf("%s.%s", at + 1, base);
			g_free(base);
			g_free(name);
			name = next;
			break;
		}
		next = name ? g_strdup_printf("%s:%s", part, name) :
			      g_strdup(part);
		g_free(name);
		name = next;
	}
	g_strfreev(parts);
	return name ? name : g_strdup("root");
}

/* A free device name of at most 63 bytes, from @want. */
static void unique_name(struct cmasim *sim, const char *want, char out[64])
{
	g_strlcpy(out, want, 64);
	for (unsigned int k = 2; cmasim_device_find(sim, out); k++) {
		char suffix[16];
		int len = g_snprintf(suffix, sizeof(suffix), "#%u", k);

		g_strlcpy(out, want, (gsize)(64 - len));
		g_strlcat(out, suffix, 64);
	}
}

/*
 * of_reserved_mem_lookup() (6.12: the region whose name is the target's
 * base name) or __find_rmem() (6.1: the region whose phandle is the
 * target's), in table order.
 */
static int find_rmem(const struct cmasim *sim, const char *target_path,
		     uint32_t target_phandle)
{
	const struct cms_of *of = sim->of;
	const char *base = strrchr(target_path, '/');

	base = base ? base + 1 : target_path;
	for (unsigned int i = 0; i < of->nr_rmem; i++) {
		const struct cms_of_rmem *r = &of->rmem[i];

		if (sim->ver->of_rmem_lookup_by_name ?
		    !strcmp(node_of(sim, r)->name, base) :
		    target_phandle && r->phandle == target_phandle)
			return (int)i;
	}
	return -1;
}

/*
 * of_reserved_mem_device_init_by_idx(dev, np, 0): the region the first
 * memory-region entry names, its device_init.  Returns the kernel's
 * result; *@bound the region's index when one was bound.
 */
static int device_init(struct cmasim *sim, const struct cms_fdt_region_user *u,
		       struct cmasim_device *dev, int *bound)
{
	const struct cms_fdt *t = sim->of->fdt;
	const struct cms_fdt_rmem *target = NULL;
	struct cms_of_rmem *r;
	uint32_t ph = 0;
	int idx, ret;

	*bound = -1;
	/* of_parse_phandle(np, "memory-region", 0) */
	if (!u->nr || !u->target[0])
		return -ENODEV;
	if (u->rmem[0] >= 0) {
		target = &t->rmem[u->rmem[0]];
		ph = target->phandle;
		if (!target->available)
			return 0;
	}
	idx = target ? find_rmem(sim, u->target[0], ph) : -1;
	if (idx < 0 || sim->of->rmem[idx].ops == CMS_RMEM_OPS_NONE)
		return -EINVAL;
	r = &sim->of->rmem[idx];
	switch (r->ops) {
	case CMS_RMEM_OPS_CMA:
		cms_rmem_cma_device_init(dev, r->cma);
		ret = 0;
		break;
	case CMS_RMEM_OPS_DMA:
		ret = cms_rmem_dma_device_init(sim, r->base, r->size,
					       &r->dma_mem, dev);
		break;
	default:
		/* rmem_swiotlb_device_init(): no bounce pool is modelled */
		dev->swiotlb_for_alloc = true;
		ret = 0;
		break;
	}
	if (ret)
		return ret;
	*bound = idx;
	/* dev_info(): the driver's name, or the bus's while none is bound */
	cms_printk(sim, CMASIM_LOG_INFO,
		   "platform %s: assigned reserved memory node %s\n",
		   dev->name, node_of(sim, r)->name);
	return 0;
}

/* The device for @u: named, on its node, with its coherence. */
static int make_device(struct cmasim *sim, const struct cms_fdt_region_user *u,
		       struct cmasim_device **out)
{
	char *want = bus_id(u->path);
	char name[64];
	struct cmasim_device *dev;
	int nid = u->nid >= 0 && (unsigned int)u->nid < sim->max_numnodes ?
		  u->nid : CMASIM_NUMA_NO_NODE;
	int ret;

	unique_name(sim, want, name);
	g_free(want);
	ret = cmasim_device_create(sim, name, nid, &dev);
	if (ret)
		return ret;
	*out = dev;
	(*out)->dma_coherent = !sim->arch->dma_noncoherent_devices ||
			       u->dma_coherent;
	return 0;
}

int cms_of_initcalls(struct cmasim *sim)
{
	struct cms_of *of = sim->of;
	const struct cms_fdt *t;

	if (!cms_of_has_fdt(sim) || of->probed)
		return 0;
	of->probed = true;
	/* core_initcall(dma_init_reserved_memory): a global pool only */
	if (sim->arch->dma_global_pool)
		cms_dma_init_reserved_memory(sim, &of->dma_default);
	t = of->fdt;
	of->devices = g_new0(struct cms_of_device,
			     t->nr_users ? t->nr_users : 1);
	for (unsigned int i = 0; i < t->nr_users; i++) {
		const struct cms_fdt_region_user *u = &t->users[i];
		struct cms_of_device *d = &of->devices[of->nr_devices];
		int ret;

		/* a disabled node is never probed */
		if (!u->available)
			continue;
		ret = make_device(sim, u, &d->dev);
		if (ret)
			return ret;
		d->user = i;
		d->err = device_init(sim, u, d->dev, &d->rmem);
		of->nr_devices++;
	}
	return 0;
}

/* ---- The checker ---- */

int cms_of_check(struct cmasim *sim)
{
	const struct cms_of *of = sim->of;
	const struct cms_cma_state *st = sim->cma;
	int ret = 0;

	if (!of || !of->fdt)
		return 0;
	for (unsigned int i = 0; i < of->nr_rmem; i++) {
		const struct cms_of_rmem *r = &of->rmem[i];

		if (r->ops == CMS_RMEM_OPS_CMA &&
		    (!r->cma || r->cma < st->areas ||
		     r->cma >= st->areas + st->area_count)) {
			cms_sim_bug(sim, "of: region %s: its CMA area is not a declared one",
				    node_of(sim, r)->name);
			ret = -EUCLEAN;
		}
		if (r->ops == CMS_RMEM_OPS_DMA && r->dma_mem &&
		    !r->dma_mem->refs) {
			cms_sim_bug(sim, "of: region %s holds a freed coherent pool",
				    node_of(sim, r)->name);
			ret = -EUCLEAN;
		}
	}
	for (unsigned int i = 0; i < of->nr_devices; i++) {
		const struct cms_of_device *d = &of->devices[i];
		const struct cms_of_rmem *r;

		if (d->rmem < 0)
			continue;
		r = &of->rmem[d->rmem];
		if ((r->ops == CMS_RMEM_OPS_CMA &&
		     d->dev->cma_area != r->cma) ||
		    (r->ops == CMS_RMEM_OPS_DMA &&
		     (!d->dev->dma_mem || d->dev->dma_mem != r->dma_mem))) {
			cms_sim_bug(sim, "of: device %s is not bound to region %s as recorded",
				    d->dev->name, node_of(sim, r)->name);
			ret = -EUCLEAN;
		}
	}
	return ret;
}

/* ---- The public walks ---- */

static enum cmasim_rmem_kind kind_of(const struct cmasim *sim,
				     const struct cms_of_rmem *r)
{
	if (r->init_failed)
		return CMASIM_RMEM_FAILED;
	switch (r->ops) {
	case CMS_RMEM_OPS_CMA:
		return CMASIM_RMEM_CMA;
	case CMS_RMEM_OPS_DMA:
		return CMASIM_RMEM_COHERENT;
	case CMS_RMEM_OPS_SWIOTLB:
		return CMASIM_RMEM_RESTRICTED;
	default:
		return node_of(sim, r)->no_map ? CMASIM_RMEM_NOMAP :
						 CMASIM_RMEM_RESERVED;
	}
}

int cmasim_for_each_rmem(const struct cmasim *sim, cmasim_rmem_fn fn,
			 void *data)
{
	const struct cms_of *of;

	if (!sim || !fn)
		return -EINVAL;
	of = sim->of;
	if (!of->fdt)
		return 0;
	for (unsigned int i = 0; i < of->nr_rmem; i++) {
		const struct cms_of_rmem *r = &of->rmem[i];
		const struct cms_fdt_rmem *n = node_of(sim, r);
		struct cmasim_rmem_info info = {
			.name = n->name, .path = n->path,
			.base = r->base, .size = r->size,
			.kind = kind_of(sim, r),
			.no_map = n->no_map, .reusable = n->reusable,
			.reserve_failed = of->reserve_failed[r->node],
			.init_err = r->init_err,
			.cma = r->ops == CMS_RMEM_OPS_CMA ?
			       r->cma : NULL,
		};
		int ret;

		if (r->ops == CMS_RMEM_OPS_DMA && r->dma_mem) {
			struct cmasim_dma_coherent_info ci;

			cms_dma_coherent_mem_info(sim, r->dma_mem, &ci);
			info.pool_pages = ci.pages;
			info.pool_used_pages = ci.used_pages;
		}
		for (unsigned int k = 0; k < of->nr_devices; k++)
			info.nr_devices += of->devices[k].rmem == (int)i;
		ret = fn(&info, data);
		if (ret)
			return ret;
	}
	return 0;
}

int cmasim_for_each_dt_device(const struct cmasim *sim, cmasim_dt_device_fn fn,
			      void *data)
{
	const struct cms_of *of;

	if (!sim || !fn)
		return -EINVAL;
	of = sim->of;
	for (unsigned int i = 0; i < of->nr_devices; i++) {
		const struct cms_of_device *d = &of->devices[i];
		const struct cms_fdt_region_user *u = &of->fdt->users[d->user];
		const char *region = NULL;
		struct cmasim_dt_device_info info;
		int ret;

		if (u->nr && u->target[0]) {
			region = strrchr(u->target[0], '/');
			region = region ? region + 1 : u->target[0];
		}
		info = (struct cmasim_dt_device_info){
			.name = d->dev->name, .node = u->path,
			.dev = (struct cmasim_device *)(void *)d->dev,
			.region = region, .err = d->err,
			.dma_coherent = d->dev->dma_coherent,
		};
		ret = fn(&info, data);
		if (ret)
			return ret;
	}
	return 0;
}
