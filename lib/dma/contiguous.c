// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot half of the DMA contiguous layer: dma_contiguous_reserve()
 * picks the size of the global CMA area ("reserved") from cma= or from
 * CONFIG_CMA_SIZE_SEL_*, and the per-node areas come from cma_pernuma=
 * and (6.12) numa_cma=.  Mirrors kernel/dma/contiguous.c of Linux 6.1
 * and 6.12; the command line arrives parsed in sim->cmdline.
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
#include "mm/memblock.h"
#include "mm/cma.h"
#include "boot/cmdline.h"
#include "dma/contiguous.h"

static bool is_v61(const struct cmasim *sim)
{
	return sim->ver->kernel == CMASIM_KERNEL_6_1;
}

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

int cms_dma_contiguous_set_nodes(struct cmasim *sim, const bool *possible,
				 const bool *online)
{
	struct cms_cma_state *st = sim->cma;
	bool *p, *o;

	if (!st)
		return -ENOMEM;
	p = g_try_new(bool, sim->max_numnodes);
	o = g_try_new(bool, sim->max_numnodes);
	if (!p || !o) {
		g_free(p);
		g_free(o);
		return -ENOMEM;
	}
	memcpy(p, possible, sim->max_numnodes * sizeof(bool));
	memcpy(o, online, sim->max_numnodes * sizeof(bool));
	g_free(st->node_possible);
	g_free(st->node_online);
	st->node_possible = p;
	st->node_online = o;
	return 0;
}

/* Without boot's maps: nodes that have memblock memory, else node 0. */
static bool node_has_memory(const struct cmasim *sim, int nid)
{
	const struct cms_memblock_type *m = &sim->memblock->memory;
	bool any = false;

	if (sim->max_numnodes == 1)
		return nid == 0;
	for (unsigned long i = 0; i < m->cnt; i++) {
		int rn = m->regions[i].nid;

		if (rn >= 0 && (unsigned int)rn < sim->max_numnodes) {
			any = true;
			if (rn == nid)
				return true;
		}
	}
	return !any && nid == 0;
}

static bool node_possible(const struct cmasim *sim, int nid)
{
	const struct cms_cma_state *st = sim->cma;

	if (st && st->node_possible)
		return st->node_possible[nid];
	return node_has_memory(sim, nid);
}

static bool node_online(const struct cmasim *sim, int nid)
{
	const struct cms_cma_state *st = sim->cma;

	if (st && st->node_online)
		return st->node_online[nid];
	return node_has_memory(sim, nid);
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
				    struct cms_cma_area **res_cma, bool fixed,
				    const char **why)
{
	/* dma_contiguous_early_fixup() is empty on the modelled arches. */
	return cms_cma_declare_contiguous_nid(sim, base, size, limit, 0, 0,
					      fixed, "reserved", res_cma,
					      CMASIM_NUMA_NO_NODE, why);
}

/* One per-node area; pr_warn without newline as in the kernel. */
static void reserve_node_area(struct cmasim *sim, const char *func,
			      const char *prefix, uint64_t size, int nid,
			      struct cms_cma_area **slot)
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
	/* 6.1 dma_pernuma_cma_reserve reports success at debug level */
	cms_pr_debug_if(sim, is_v61(sim) && cms_knob(sim, CMS_KNOB_CMA_DEBUG),
			"%s: reserved %llu MiB on node %d\n", func,
			(unsigned long long)(phys(sim, size) / CMS_SZ_1M), nid);
}

void cms_dma_pernuma_cma_reserve(struct cmasim *sim)
{
	const struct cms_cmdline *cl = sim->cmdline;
	struct cms_cma_state *st;

	if (!is_v61(sim) || !dma_cma_on(sim) ||
	    !cms_knob(sim, CMS_KNOB_DMA_PERNUMA_CMA))
		return;
	if (!cl || !cl->pernuma_given || !cl->pernuma_size)
		return;
	st = sim->cma;
	if (!st)
		return;
	for (int nid = 0; (unsigned int)nid < sim->max_numnodes; nid++) {
		if (!node_online(sim, nid))
			continue;
		reserve_node_area(sim, "dma_pernuma_cma_reserve", "pernuma",
				  phys(sim, cl->pernuma_size), nid,
				  &st->dma_pernuma_area[nid]);
	}
}

/* 6.12 dma_numa_cma_reserve(): every possible node, in id order. */
static void dma_numa_cma_reserve(struct cmasim *sim)
{
	const struct cms_cmdline *cl = sim->cmdline;
	struct cms_cma_state *st = sim->cma;
	uint64_t pernuma = 0;

	if (!cl || !st)
		return;
	if (cl->pernuma_given)
		pernuma = cl->pernuma_size;
	for (int nid = 0; (unsigned int)nid < sim->max_numnodes; nid++) {
		uint64_t numa = 0;

		if (!node_possible(sim, nid))
			continue;
		if (cl->numa_cma_size && (unsigned int)nid < cl->numa_cma_nodes)
			numa = cl->numa_cma_size[nid];
		if (!node_online(sim, nid)) {
			if (pernuma || numa)
				cms_pr_warn(sim, "invalid node %d specified\n", nid);
			continue;
		}
		if (pernuma)
			reserve_node_area(sim, "dma_numa_cma_reserve", "pernuma",
					  pernuma, nid,
					  &st->dma_pernuma_area[nid]);
		if (numa)
			reserve_node_area(sim, "dma_numa_cma_reserve", "numa",
					  numa, nid, &st->dma_numa_area[nid]);
	}
}

int cms_dma_contiguous_reserve(struct cmasim *sim, uint64_t limit)
{
	const struct cms_cmdline *cl = sim->cmdline;
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
	if (!is_v61(sim) && cms_knob(sim, CMS_KNOB_DMA_NUMA_CMA) &&
	    cms_knob(sim, CMS_KNOB_NUMA))
		dma_numa_cma_reserve(sim);

	cms_pr_debug_if(sim, debug, "dma_contiguous_reserve(limit %08lx)\n",
			host_ulong(sim, limit));

	if (cl && cl->cma_given) {
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

	if (selected_size && !st->dma_default_area) {
		struct cms_cma_area *area = NULL;
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
			st->dma_default_area = area;
	}
	return 0;
}

bool cms_dma_contiguous_default_area(const struct cmasim *sim, uint64_t *base,
				     uint64_t *size)
{
	const struct cms_cma_area *a = sim->cma ? sim->cma->dma_default_area : NULL;

	if (!a)
		return false;
	if (base)
		*base = a->base_pfn << a->page_shift;
	if (size)
		*size = a->count << a->page_shift;
	return true;
}

/* ---- Public API ---- */

int cmasim_dma_contiguous_reserve_area(struct cmasim *sim,
		cmasim_phys_addr_t size, cmasim_phys_addr_t base,
		cmasim_phys_addr_t limit, bool fixed,
		struct cmasim_cma **res_cma)
{
	static const char fn[] = "cmasim_dma_contiguous_reserve_area";
	struct cms_cma_area *area = NULL;
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
		*res_cma = (struct cmasim_cma *)cms_cma_handle(area);
	return ret;
}

struct cmasim_cma *cmasim_dma_contiguous_default_area(const struct cmasim *sim)
{
	if (!sim->cma || !sim->cma->dma_default_area)
		return NULL;
	return (struct cmasim_cma *)cms_cma_handle(sim->cma->dma_default_area);
}

static struct cmasim_cma *node_area(const struct cmasim *sim, int nid,
				    bool pernuma)
{
	const struct cms_cma_area *a;

	if (!sim->cma || nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return NULL;
	a = pernuma ? sim->cma->dma_pernuma_area[nid] :
		      sim->cma->dma_numa_area[nid];
	return a ? (struct cmasim_cma *)cms_cma_handle(a) : NULL;
}

struct cmasim_cma *cmasim_dma_contiguous_pernuma_area(const struct cmasim *sim,
						      int nid)
{
	return node_area(sim, nid, true);
}

struct cmasim_cma *cmasim_dma_contiguous_numa_area(const struct cmasim *sim,
						   int nid)
{
	return node_area(sim, nid, false);
}
