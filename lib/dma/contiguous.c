// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA contiguous layer, kernel/dma/contiguous.c of Linux 6.1 and
 * 6.12.  At boot, dma_contiguous_reserve() picks the size of the global
 * CMA area ("reserved") from cma= or from CONFIG_CMA_SIZE_SEL_*, and the
 * per-node areas come from cma_pernuma= and (6.12) numa_cma=; boot hands
 * over the parsed early parameters (cms_dma_set_cmdline()) before it
 * runs.  At run time, dma_alloc_from_contiguous(),
 * dma_release_from_contiguous(), dma_alloc_contiguous() and
 * dma_free_contiguous() allocate from the device's own area, the
 * per-node areas (6.1 DMA_PERNUMA_CMA: "pernuma%d"; 6.12 DMA_NUMA_CMA:
 * "pernuma%d" then "numa%d") and the default area.  Where the kernel
 * returns NULL or false, the calls return an errno that keeps the reason.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#define pr_fmt(fmt) "cma: " fmt
#include "core/instance.h"
#include "core/log.h"
#include "core/trace.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"
#include <cmasim/pages.h>
#include <cmasim/dma.h>

static uint64_t phys(const struct cmasim *sim, uint64_t x)
{
	return sim->arch->phys_64bit ? x : (uint32_t)x;
}

/* (unsigned long)x: 32 bits on arm. */
static unsigned long host_ulong(const struct cmasim *sim, uint64_t x)
{
	return (unsigned long)phys(sim, x);
}

static bool dma_cma_on(const struct cmasim *sim)
{
	return cms_knob(sim, CMS_KNOB_CMA) && cms_knob(sim, CMS_KNOB_DMA_CMA);
}

/* dma_contiguous_default_area */
static struct cmasim_cma *default_area(const struct cmasim *sim)
{
	return sim->dma->default_area;
}

/* dma_contiguous_pernuma_area[nid] / dma_contiguous_numa_area[nid] */
static struct cmasim_cma *node_area(const struct cmasim *sim, bool pernuma,
				    int nid)
{
	if (nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return NULL;
	return pernuma ? sim->dma->pernuma_area[nid] : sim->dma->numa_area[nid];
}

/* cma_early_percent_memory() */
static uint64_t early_percent_memory(struct cmasim *sim)
{
	uint64_t total_pages = cms_memblock_phys_mem_size(sim) >> sim->page_shift;
	uint64_t pct = (uint64_t)cms_knob(sim, CMS_KNOB_CMA_SIZE_PERCENTAGE);

	if (!sim->arch->phys_64bit)
		return phys(sim, ((uint32_t)(total_pages * pct) / 100) << sim->page_shift);
	return (total_pages * pct / 100) << sim->page_shift;
}

uint64_t cms_dma_contiguous_kconfig_size(struct cmasim *sim)
{
	uint64_t bytes = phys(sim, (uint64_t)cms_knob(sim, CMS_KNOB_CMA_SIZE_MBYTES) *
				   CMS_SZ_1M);

	if (cms_knob(sim, CMS_KNOB_CMA_SIZE_SEL_MBYTES))
		return bytes;
	if (cms_knob(sim, CMS_KNOB_CMA_SIZE_SEL_PERCENTAGE))
		return early_percent_memory(sim);
	if (cms_knob(sim, CMS_KNOB_CMA_SIZE_SEL_MIN))
		return cms_min_u64(bytes, early_percent_memory(sim));
	if (cms_knob(sim, CMS_KNOB_CMA_SIZE_SEL_MAX))
		return cms_max_u64(bytes, early_percent_memory(sim));
	return 0;
}

int cms_dma_contiguous_reserve_area(struct cmasim *sim, uint64_t size,
				    uint64_t base, uint64_t limit,
				    struct cmasim_cma **res_cma, bool fixed,
				    const char **why)
{
	/* dma_contiguous_early_fixup() is empty on the modelled arches. */
	return cms_cma_declare_contiguous_nid(sim, base, size, limit, 0, 0,
					      fixed, "reserved", res_cma,
					      CMASIM_NUMA_NO_NODE, why);
}

/*
 * One per-node area; pr_warn without newline as in the kernel.  @debug:
 * the caller reports success at debug level (6.1 dma_pernuma_cma_reserve).
 */
static void reserve_node_area(struct cmasim *sim, const char *func,
			      const char *prefix, uint64_t size, int nid,
			      struct cmasim_cma **slot, bool debug)
{
	char name[CMS_CMA_MAX_NAME];
	const char *why = NULL;
	int ret;

	snprintf(name, sizeof(name), "%s%d", prefix, nid);
	ret = cms_cma_declare_contiguous_nid(sim, 0, size, 0, 0, 0, false,
					     name, slot, nid, &why);
	if (ret) {
		cms_explain(sim, "%s: area %s failed: %s", func, name,
			    why ? why : "");
		cms_pr_warn(sim, "%s: reservation failed: err %d, node %d",
			    func, ret, nid);
		return;
	}
	cms_pr_debug_if(sim, debug && cms_knob(sim, CMS_KNOB_CMA_DEBUG),
			"%s: reserved %llu MiB on node %d\n", func,
			(unsigned long long)(phys(sim, size) / CMS_SZ_1M), nid);
}

void cms_dma_pernuma_cma_reserve(struct cmasim *sim)
{
	const struct cms_dma_cmdline *cl = &sim->dma->cmdline;
	struct cms_cma_state *st;

	if (sim->ver->dma_numa_cma || !dma_cma_on(sim) ||
	    !cms_knob(sim, CMS_KNOB_DMA_PERNUMA_CMA))
		return;
	if (!cl->pernuma_given || !cl->pernuma_size)
		return;
	st = sim->cma;
	if (!st)
		return;
	for (int nid = 0; (unsigned int)nid < sim->max_numnodes; nid++) {
		if (!cms_node_state(sim, nid, CMS_N_ONLINE))
			continue;
		reserve_node_area(sim, "dma_pernuma_cma_reserve", "pernuma",
				  phys(sim, cl->pernuma_size), nid,
				  &sim->dma->pernuma_area[nid], true);
	}
}

/* 6.12 dma_numa_cma_reserve(): every possible node, in id order. */
static void dma_numa_cma_reserve(struct cmasim *sim)
{
	const struct cms_dma_cmdline *cl = &sim->dma->cmdline;
	struct cms_cma_state *st = sim->cma;
	uint64_t pernuma = 0;

	if (!st)
		return;
	if (cl->pernuma_given)
		pernuma = cl->pernuma_size;
	for (int nid = 0; (unsigned int)nid < sim->max_numnodes; nid++) {
		uint64_t numa = 0;

		if (!cms_node_state(sim, nid, CMS_N_POSSIBLE))
			continue;
		if ((unsigned int)nid < cl->numa_cma_nodes)
			numa = cl->numa_cma_size[nid];
		if (!cms_node_state(sim, nid, CMS_N_ONLINE)) {
			if (pernuma || numa)
				cms_pr_warn(sim, "invalid node %d specified\n", nid);
			continue;
		}
		if (pernuma)
			reserve_node_area(sim, "dma_numa_cma_reserve", "pernuma",
					  pernuma, nid,
					  &sim->dma->pernuma_area[nid], false);
		if (numa)
			reserve_node_area(sim, "dma_numa_cma_reserve", "numa",
					  numa, nid, &sim->dma->numa_area[nid],
					  false);
	}
}

int cms_dma_contiguous_reserve(struct cmasim *sim, uint64_t limit)
{
	const struct cms_dma_cmdline *cl = &sim->dma->cmdline;
	bool debug = cms_knob(sim, CMS_KNOB_CMA_DEBUG);
	uint64_t selected_size = 0;
	uint64_t selected_base = 0;
	uint64_t selected_limit = phys(sim, limit);
	struct cms_cma_state *st;
	bool fixed = false;

	if (!dma_cma_on(sim))
		return 0;
	st = sim->cma;
	if (!st)
		return -ENOMEM;
	if (sim->ver->dma_numa_cma && cms_knob(sim, CMS_KNOB_DMA_NUMA_CMA) &&
	    cms_knob(sim, CMS_KNOB_NUMA))
		dma_numa_cma_reserve(sim);

	cms_pr_debug_if(sim, debug, "dma_contiguous_reserve(limit %08lx)\n",
			host_ulong(sim, limit));

	if (cl->cma_given) {
		selected_size = phys(sim, cl->cma_size);
		selected_base = phys(sim, cl->cma_base);
		selected_limit = cms_min_not_zero(phys(sim, cl->cma_limit),
						  phys(sim, limit));
		if (phys(sim, selected_base + selected_size) ==
		    phys(sim, cl->cma_limit))
			fixed = true;
	} else {
		selected_size = cms_dma_contiguous_kconfig_size(sim);
	}

	if (selected_size && !sim->dma->default_area) {
		struct cmasim_cma *area = NULL;
		const char *why = NULL;

		cms_pr_debug_if(sim, debug,
				"dma_contiguous_reserve: reserving %ld MiB for global area\n",
				(long)host_ulong(sim, selected_size / CMS_SZ_1M));
		if (cms_dma_contiguous_reserve_area(sim, selected_size,
						    selected_base,
						    selected_limit, &area,
						    fixed, &why))
			cms_explain(sim, "cma: the global area was not reserved: %s",
				    why ? why : "");
		else
			sim->dma->default_area = area;
	}
	return 0;
}

bool cms_dma_contiguous_default_area(const struct cmasim *sim, uint64_t *base,
				     uint64_t *size)
{
	const struct cmasim_cma *a = sim->dma->default_area;

	if (!a)
		return false;
	if (base)
		*base = a->base_pfn << a->page_shift;
	if (size)
		*size = a->count << a->page_shift;
	return true;
}

/* ---- Public API of the reservation ---- */

int cmasim_dma_contiguous_reserve_area(struct cmasim *sim,
		cmasim_phys_addr_t size, cmasim_phys_addr_t base,
		cmasim_phys_addr_t limit, bool fixed,
		struct cmasim_cma **res_cma)
{
	static const char fn[] = "cmasim_dma_contiguous_reserve_area";
	struct cmasim_cma *area = NULL;
	const char *why = NULL;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!dma_cma_on(sim)) {
		cms_client_bug(sim, "%s: CMA or DMA_CMA is configured out", fn);
		return -EOPNOTSUPP;
	}
	if (sim->phase != CMS_PHASE_EARLY) {
		cms_client_bug(sim, "%s: only valid in the early-boot phase (it is __init)", fn);
		return -EPERM;
	}
	if (!res_cma) {
		cms_client_bug(sim, "%s: res_cma is NULL", fn);
		return -EINVAL;
	}
	ret = cms_dma_contiguous_reserve_area(sim, size, base, limit, &area,
					      fixed, &why);
	if (ret == -EINVAL || ret == -EBUSY)
		cms_client_bug(sim, "%s: %s", fn, why ? why : "invalid argument");
	else if (ret)
		cms_explain(sim, "%s failed: %s", fn, why ? why : "");
	else
		*res_cma = area;
	return ret;
}

struct cmasim_cma *cmasim_dma_contiguous_default_area(const struct cmasim *sim)
{
	return sim ? sim->dma->default_area : NULL;
}

struct cmasim_cma *cmasim_dma_contiguous_pernuma_area(const struct cmasim *sim,
						      int nid)
{
	return sim ? node_area(sim, true, nid) : NULL;
}

struct cmasim_cma *cmasim_dma_contiguous_numa_area(const struct cmasim *sim,
						   int nid)
{
	return sim ? node_area(sim, false, nid) : NULL;
}

/* ---- Run time: allocations from the areas ---- */

/* The per-node areas exist in this version and configuration. */
static bool numa_cma_on(const struct cmasim *sim)
{
	enum cms_knob k = sim->ver->dma_numa_cma ? CMS_KNOB_DMA_NUMA_CMA :
						   CMS_KNOB_DMA_PERNUMA_CMA;

	return cms_knob_present(&sim->cfg, k) && cms_knob(sim, k);
}

/* page_to_nid(): the node of the memblock memory region holding @pfn. */
static int pfn_to_nid(const struct cmasim *sim, uint64_t pfn)
{
	const struct cms_memblock_type *m = &sim->memblock->memory;
	uint64_t addr = pfn << sim->page_shift;

	for (unsigned long i = 0; i < m->cnt; i++) {
		const struct cms_memblock_region *r = &m->regions[i];

		if (addr >= r->base && addr - r->base < r->size)
			return cms_memblock_region_nid(sim, r);
	}
	return 0;
}

/*
 * cma_release() on a real area: 1 when the pages are not the area's
 * (NULL area too, as cma_pages_valid() says), so the caller tries the
 * next area or the buddy allocator; 0 released; a negative errno when
 * they are the area's but were not given out (a second free: the
 * kernel would free them again).
 */
static int area_release(struct cmasim *sim, struct cmasim_cma *a,
			uint64_t pfn, uint64_t count)
{
	if (!a)
		return 1;
	/* count 0 after a failed activation: no page is valid */
	if (pfn < a->base_pfn || pfn >= a->base_pfn + a->count) {
		cms_pr_debug_if(sim, cms_knob(sim, CMS_KNOB_CMA_DEBUG),
				"cma_pages_valid(page %s, count %" PRIu64 ")",
				sim->arch->phys_64bit ? "(____ptrval____)" :
				"(ptrval)", count);
		return 1;
	}
	if (!a->bitmap)
		return 1;
	return cms_cma_release(sim, a, pfn, count);
}

/* ---- dma_alloc_from_contiguous / dma_release_from_contiguous ---- */

/* dev_get_cma_area() */
static struct cmasim_cma *dev_get_cma_area(struct cmasim *sim,
					   struct cmasim_device *dev)
{
	if (dev && dev->cma_area)
		return dev->cma_area;
	return default_area(sim);
}

int cms_dma_alloc_from_contiguous(struct cmasim *sim,
				  struct cmasim_device *dev, uint64_t count,
				  unsigned int align, bool no_warn,
				  uint64_t *pfn)
{
	struct cmasim_cma *a = dev_get_cma_area(sim, dev);
	unsigned int cap = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT);

	if (align > cap)
		align = cap;
	if (!a) {
		/*
		 * cma_alloc(NULL, ...): 6.1 goes straight to its accounting
		 * and counts a CMA_ALLOC_FAIL event (no sysfs area to count
		 * in); 6.12 traces the start with a NULL name, then returns.
		 */
		if (!sim->ver->cma_alloc_null_traced) {
			if (sim->mm)
				sim->mm->ev[CMS_EV_CMA_ALLOC_FAIL]++;
		} else if (cms_trace_on(sim, cma_alloc_start)) {
			cms_trace_emit(sim, CMS_TRACE_cma_alloc_start,
				       "name=(null) count=%" PRIu64 " align=%u",
				       count, align);
		}
		cms_explain(sim, "dma_alloc_from_contiguous(%s): no CMA area: neither the device's nor a default one",
			    dev ? dev->name : "NULL device");
		return -ENOENT;
	}
	return cms_cma_alloc(sim, a, count, align, no_warn, pfn);
}

int cmasim_dma_alloc_from_contiguous(struct cmasim *sim,
				     struct cmasim_device *dev, uint64_t count,
				     unsigned int align, unsigned int flags,
				     cmasim_pfn_t *pfn)
{
	uint64_t p = 0;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!pfn || (flags & ~CMASIM_DMA_NOWARN)) {
		cms_client_bug(sim, "cmasim_dma_alloc_from_contiguous(): %s",
			       !pfn ? "NULL pfn" : "unknown flags");
		return -EINVAL;
	}
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_alloc_from_contiguous"))
		return -EINVAL;
	ret = cms_dma_alloc_from_contiguous(sim, dev, count, align,
					    flags & CMASIM_DMA_NOWARN, &p);
	if (!ret)
		*pfn = p;
	return ret;
}

int cmasim_dma_release_from_contiguous(struct cmasim *sim,
				       struct cmasim_device *dev,
				       cmasim_pfn_t pfn, uint64_t count)
{
	int ret;

	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, true,
				 "cmasim_dma_release_from_contiguous"))
		return -EINVAL;
	ret = area_release(sim, dev_get_cma_area(sim, dev), pfn, count);
	return ret > 0 ? -ENOENT : ret;
}

/* ---- dma_alloc_contiguous / dma_free_contiguous ---- */

/* cma_alloc_aligned(): align = min(get_order(size), CMA_ALIGNMENT). */
static int alloc_aligned(struct cmasim *sim, struct cmasim_cma *a,
			 uint64_t size, bool nowarn, uint64_t *pfn)
{
	unsigned int align = cms_get_order(size, sim->page_shift);
	unsigned int cap = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT);

	if (align > cap)
		align = cap;
	return cms_cma_alloc(sim, a, size >> sim->page_shift, align, nowarn, pfn);
}

int cms_dma_alloc_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			     uint64_t size, unsigned int flags, uint64_t *pfn,
			     struct cmasim_cma **cma)
{
	bool nowarn = flags & CMASIM_DMA_NOWARN;
	struct cmasim_cma *a = NULL;
	uint64_t p = 0;
	int ret;

	if (flags & CMASIM_DMA_ATOMIC) {
		cms_explain(sim, "%s: a non-blocking request never uses CMA", dev->name);
		return -EAGAIN;
	}
	if (dev->cma_area) {
		a = dev->cma_area;
		ret = alloc_aligned(sim, a, size, nowarn, &p);
		goto out;
	}
	if (size <= sim->page_size) {
		cms_explain(sim, "%s: single pages come from the buddy allocator, not CMA",
			    dev->name);
		return -ENOENT;
	}
	if (numa_cma_on(sim) && dev->nid != CMASIM_NUMA_NO_NODE &&
	    !(flags & (CMASIM_DMA_ZONE_DMA | CMASIM_DMA_ZONE_DMA32))) {
		a = node_area(sim, true, dev->nid);
		if (a && !alloc_aligned(sim, a, size, nowarn, &p)) {
			ret = 0;
			goto out;
		}
		if (sim->ver->dma_numa_cma) {
			a = node_area(sim, false, dev->nid);
			if (a && !alloc_aligned(sim, a, size, nowarn, &p)) {
				ret = 0;
				goto out;
			}
		}
	}
	a = default_area(sim);
	if (!a) {
		cms_explain(sim, "%s: no default CMA area: dma-direct falls back to the buddy allocator",
			    dev->name);
		return -ENOENT;
	}
	ret = alloc_aligned(sim, a, size, nowarn, &p);
out:
	if (!ret) {
		*pfn = p;
		if (cma)
			*cma = a;
	}
	return ret;
}

int cmasim_dma_alloc_contiguous(struct cmasim *sim, struct cmasim_device *dev,
				uint64_t size, unsigned int flags,
				cmasim_pfn_t *pfn, struct cmasim_cma **cma)
{
	const unsigned int known = CMASIM_DMA_NOWARN | CMASIM_DMA_ATOMIC |
				   CMASIM_DMA_ZONE_DMA | CMASIM_DMA_ZONE_DMA32;
	uint64_t p;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!dev || !pfn || (flags & ~known) || !size ||
	    !cms_is_aligned(size, sim->page_size)) {
		cms_client_bug(sim, "cmasim_dma_alloc_contiguous(): %s",
			       !dev ? "NULL device" : !pfn ? "NULL pfn" :
			       (flags & ~known) ? "unknown flags" :
			       "size must be a non-zero multiple of PAGE_SIZE");
		return -EINVAL;
	}
	if (cms_dma_check_device(sim, dev, false,
				 "cmasim_dma_alloc_contiguous"))
		return -EINVAL;
	ret = cms_dma_alloc_contiguous(sim, dev, size, flags, &p, cma);
	if (!ret)
		*pfn = p;
	return ret;
}

int cms_dma_free_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t pfn, uint64_t size)
{
	uint32_t count;
	int nid, ret;

	/* count is an unsigned int in the kernel */
	count = (uint32_t)(cms_align_up(size, sim->page_size) >> sim->page_shift);
	if (dev->cma_area) {
		ret = area_release(sim, dev->cma_area, pfn, count);
		if (ret <= 0)
			return ret;
	} else {
		nid = pfn_to_nid(sim, pfn);
		if (numa_cma_on(sim)) {
			ret = area_release(sim, node_area(sim, true, nid), pfn,
					   count);
			if (ret <= 0)
				return ret;
			ret = sim->ver->dma_numa_cma ?
			      area_release(sim, node_area(sim, false, nid), pfn,
					   count) : 1;
			if (ret <= 0)
				return ret;
		}
		ret = area_release(sim, default_area(sim), pfn, count);
		if (ret <= 0)
			return ret;
	}
	/* not in any area: __free_pages(page, get_order(size)) */
	if (!sim->mm) {
		cms_client_bug(sim, "dma_free_contiguous(%s): pfn 0x%" PRIx64 " is in no CMA area and there is no page allocator",
			       dev->name, (uint64_t)pfn);
		return -EINVAL;
	}
	return cmasim_free_pages(sim, pfn, cms_get_order(size, sim->page_shift));
}

int cmasim_dma_free_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			       cmasim_pfn_t pfn, uint64_t size)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false, "cmasim_dma_free_contiguous"))
		return -EINVAL;
	if (cms_dma_size_bad(sim, size)) {
		cms_client_bug(sim, "cmasim_dma_free_contiguous(%s): size %#" PRIx64 " is 0 or wraps when rounded up to pages",
			       dev->name, size);
		return -EINVAL;
	}
	return cms_dma_free_contiguous(sim, dev, pfn, size);
}


/* ---- Reserved memory: reusable shared-dma-pool regions ---- */

int cms_rmem_cma_setup(struct cmasim *sim, uint64_t base, uint64_t size,
		       const char *name, bool reusable, bool no_map,
		       bool cma_default, struct cmasim_cma **out)
{
	struct cmasim_cma *cma;
	char pa[19];
	int err;

	/* contiguous.c's OF part prints with no prefix: pr_fmt(fmt) fmt */
	if (sim->dma->cmdline.cma_given && cma_default) {
		cms_printk(sim, CMASIM_LOG_INFO,
			   "Reserved memory: bypass %s node, using cmdline CMA params instead\n",
			   name);
		return -EBUSY;
	}
	if (!reusable || no_map)
		return -EINVAL;
	if (!cms_is_aligned(base | size, cms_cma_min_alignment_bytes(sim))) {
		cms_printk(sim, CMASIM_LOG_ERR,
			   "Reserved memory: incorrect alignment of CMA region\n");
		cms_explain(sim, "%s: base 0x%" PRIx64 " or size 0x%" PRIx64 " is not a multiple of CMA_MIN_ALIGNMENT_BYTES (0x%" PRIx64 ", one pageblock): no CMA area",
			    name, base, size, cms_cma_min_alignment_bytes(sim));
		return -EINVAL;
	}
	err = cms_cma_init_reserved_mem(sim, base, size, 0, name, &cma, NULL);
	if (err) {
		cms_printk(sim, CMASIM_LOG_ERR,
			   "Reserved memory: unable to setup CMA region\n");
		return err;
	}
	/* dma_contiguous_early_fixup() is a no-op on arm64 */
	if (cma_default)
		sim->dma->default_area = cma;
	cms_printk(sim, CMASIM_LOG_INFO,
		   "Reserved memory: created CMA memory pool at %s, size %ld MiB\n",
		   cms_fmt_pa(sim, pa, base),
		   (long)host_ulong(sim, size / CMS_SZ_1M));
	*out = cma;
	return 0;
}

void cms_rmem_cma_device_init(struct cmasim_device *dev,
			      struct cmasim_cma *cma)
{
	dev->cma_area = cma;
}
