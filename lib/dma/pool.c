// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA atomic pools (kernel/dma/pool.c): at postcore_initcall time the
 * kernel fills one pool for GFP_KERNEL, one for GFP_DMA (when ZONE_DMA has
 * managed pages) and one for GFP_DMA32, each of coherent_pool= bytes or by
 * default 128 KiB per GiB of RAM, clamped to [128 KiB, the largest buddy
 * block].  A pool is taken from the default CMA area when the whole area
 * lies in the pool's zone (cma_in_zone()), else from the buddy allocator;
 * on failure the order is lowered until something fits.  That is why a
 * booted machine with cma= shows CmaFree below CmaTotal.  At run time a
 * non-blocking dma_alloc_coherent() of a device that is not cache
 * coherent takes its buffer from them (dma_alloc_from_pool(): the
 * gen_pool's first fit, page by page, the pools tried from the one of
 * the device's zone down); the pools' growth from the worker
 * (atomic_pool_work) is not modelled.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib.h>

#define pr_fmt(fmt) fmt
#include "core/instance.h"
#include "core/log.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"
#include "dma/pool.h"
#include "core/bitmap.h"
#include <cmasim/dma.h>
#include <cmasim/pages.h>

const char *cms_dma_pool_gfp_name(enum cms_pool_zone zone)
{
	switch (zone) {
	case CMS_POOL_DMA:
		return "GFP_KERNEL|GFP_DMA";
	case CMS_POOL_DMA32:
		return "GFP_KERNEL|GFP_DMA32";
	default:
		return "GFP_KERNEL";
	}
}

uint64_t cms_dma_pool_default_size(const struct cmasim *sim,
				   uint64_t totalram_pages)
{
	/* SZ_1G / SZ_128K = 8192: one page of pool per 8192 pages of RAM */
	uint64_t pages = totalram_pages / 8192;
	uint64_t max_pages = UINT64_C(1) << sim->max_order;

	pages = cms_min_u64(pages, max_pages);
	return cms_max_u64(pages << sim->page_shift, 128 * CMS_SZ_1K);
}

bool cms_dma_pool_cma_in_zone(const struct cmasim *sim, enum cms_pool_zone zone,
			      uint64_t base, uint64_t size)
{
	uint64_t end, dma_limit;

	if (!size)
		return false;
	/* an area never crosses a zone boundary, so its last byte decides */
	end = base + size - 1;
	dma_limit = cms_dma_bit_mask(sim->arch->zone_dma_bits);
	if (cms_knob(sim, CMS_KNOB_ZONE_DMA) && zone == CMS_POOL_DMA)
		return end <= dma_limit;
	if (cms_knob_present(&sim->cfg, CMS_KNOB_ZONE_DMA32) &&
	    cms_knob(sim, CMS_KNOB_ZONE_DMA32) && zone == CMS_POOL_DMA32) {
		if (sim->ver->dma32_pool_max_zone_dma)
			return end <= cms_max_u64(cms_dma_bit_mask(32),
						  dma_limit);
		return end <= cms_dma_bit_mask(32);
	}
	return true;
}

/* alloc_pages(gfp, order) with the pool's gfp; 0 and *pfn, or -errno. */
static int pool_alloc_pages(struct cmasim *sim, enum cms_pool_zone zone,
			    unsigned int order, uint64_t *pfn)
{
	unsigned int gfp = CMASIM_GFP_KERNEL | CMASIM___GFP_NOWARN;

	if (zone == CMS_POOL_DMA)
		gfp |= CMASIM_GFP_DMA;
	else if (zone == CMS_POOL_DMA32)
		gfp |= CMASIM_GFP_DMA32;
	return cmasim_alloc_pages(sim, gfp, order, CMASIM_NUMA_NO_NODE, pfn);
}

/* atomic_pool_expand() for an empty pool. */
static int pool_fill(struct cmasim *sim, enum cms_pool_zone zone,
		     uint64_t pool_size)
{
	struct cms_dma_pool *pool = &sim->dma->pools.pool[zone];
	unsigned int order = cms_get_order(pool_size, sim->page_shift);
	uint64_t cma_base = 0, cma_size = 0, pfn;
	/* dev_get_cma_area(NULL): the default area, unless it came out empty */
	bool have_cma = cms_dma_contiguous_default_area(sim, &cma_base,
							&cma_size) &&
			cma_size;

	if (order > sim->max_order)
		order = sim->max_order;
	for (;;) {
		bool from_cma = false;
		int ret = -ENOMEM;

		if (have_cma &&
		    !cms_dma_pool_cma_in_zone(sim, zone, cma_base, cma_size) &&
		    order == cms_get_order(pool_size, sim->page_shift))
			cms_explain(sim, "DMA: the %s atomic pool comes from the buddy allocator: the default CMA area [%#llx-%#llx] is not inside that zone",
				    cms_dma_pool_gfp_name(zone),
				    (unsigned long long)cma_base,
				    (unsigned long long)(cma_base + cma_size - 1));
		if (have_cma &&
		    cms_dma_pool_cma_in_zone(sim, zone, cma_base, cma_size)) {
			unsigned int align = order;

			if (align > (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT))
				align = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT);
			/*
			 * dma_alloc_from_contiguous(NULL, ..., no_warn=false):
			 * the default area.
			 */
			ret = cms_dma_alloc_from_contiguous(sim, NULL,
					UINT64_C(1) << order, align, false, &pfn);
			from_cma = ret == 0;
		}
		if (ret)
			ret = pool_alloc_pages(sim, zone, order, &pfn);
		if (!ret) {
			uint64_t pages = UINT64_C(1) << order;

			pool->bitmap = g_new0(uint64_t,
					      cms_bits_to_longs(pages));
			pool->present = true;
			pool->from_cma = from_cma;
			pool->pfn = pfn;
			pool->order = order;
			pool->size = UINT64_C(1) << (sim->page_shift + order);
			if (from_cma)
				cms_explain(sim, "DMA: the %s atomic pool (%llu KiB) came from the default CMA area at pfn %#llx",
					    cms_dma_pool_gfp_name(zone),
					    (unsigned long long)(pool->size >> 10),
					    (unsigned long long)pfn);
			return 0;
		}
		if (order == 0)
			return -ENOMEM;
		order--;
	}
}

static void pool_init(struct cmasim *sim, enum cms_pool_zone zone, int *ret)
{
	uint64_t size = sim->dma->pools.atomic_pool_size;

	if (pool_fill(sim, zone, size)) {
		cms_pr_err(sim, "DMA: failed to allocate %llu KiB %s pool for atomic allocation",
			   (unsigned long long)(size >> 10),
			   cms_dma_pool_gfp_name(zone));
		*ret = -ENOMEM;
		return;
	}
	cms_pr_info(sim, "DMA: preallocated %llu KiB %s pool for atomic allocations",
		    (unsigned long long)(sim->dma->pools.pool[zone].size >> 10),
		    cms_dma_pool_gfp_name(zone));
}

int cms_dma_atomic_pool_init(struct cmasim *sim)
{
	struct cms_dma_pools *p = &sim->dma->pools;
	int ret = 0;

	/* coherent_pool=, or 128 KiB per GiB of RAM */
	p->atomic_pool_size = sim->dma->cmdline.atomic_pool_size;
	if (!p->atomic_pool_size)
		p->atomic_pool_size = cms_dma_pool_default_size(sim,
					cmasim_totalram_pages(sim));
	pool_init(sim, CMS_POOL_KERNEL, &ret);
	if (cms_knob(sim, CMS_KNOB_ZONE_DMA) && cms_has_managed_dma(sim))
		pool_init(sim, CMS_POOL_DMA, &ret);
	if (cms_knob_present(&sim->cfg, CMS_KNOB_ZONE_DMA32) &&
	    cms_knob(sim, CMS_KNOB_ZONE_DMA32))
		pool_init(sim, CMS_POOL_DMA32, &ret);
	return ret;
}

/* ---- Allocations from the pools ---- */

/*
 * dma_guess_pool(): the pool of the request's zone first (GFP_DMA32,
 * GFP_DMA, else GFP_KERNEL's), then from the kernel pool to DMA32's
 * (DMA's without it) and from DMA32's to DMA's.  -1 when there is none.
 */
static int guess_pool(const struct cmasim *sim, int prev, unsigned int zone)
{
	const struct cms_dma_pool *p = sim->dma->pools.pool;
	bool dma32 = cms_knob(sim, CMS_KNOB_ZONE_DMA32);

	if (prev < 0) {
		if (dma32 && (zone & CMASIM_DMA_ZONE_DMA32))
			return p[CMS_POOL_DMA32].present ? CMS_POOL_DMA32 : -1;
		if (p[CMS_POOL_DMA].present && (zone & CMASIM_DMA_ZONE_DMA))
			return CMS_POOL_DMA;
		return p[CMS_POOL_KERNEL].present ? CMS_POOL_KERNEL : -1;
	}
	if (prev == CMS_POOL_KERNEL)
		return p[CMS_POOL_DMA32].present ? CMS_POOL_DMA32 :
		       p[CMS_POOL_DMA].present ? CMS_POOL_DMA : -1;
	if (prev == CMS_POOL_DMA32 && p[CMS_POOL_DMA].present)
		return CMS_POOL_DMA;
	return -1;
}

int cms_dma_alloc_from_pool(struct cmasim *sim,
			    const struct cmasim_device *dev, uint64_t size,
			    unsigned int zone, uint64_t *phys)
{
	uint64_t limit = cms_min_not_zero(dev->coherent_dma_mask,
					  dev->bus_dma_limit);
	uint64_t nbits = (size + sim->page_size - 1) >> sim->page_shift;
	bool found = false;

	for (int z = guess_pool(sim, -1, zone); z >= 0;
	     z = guess_pool(sim, z, zone)) {
		struct cms_dma_pool *pool = &sim->dma->pools.pool[z];
		uint64_t bits = pool->size >> sim->page_shift, start, pa;

		found = true;
		/* gen_pool_alloc(): gen_pool_first_fit over the chunk */
		start = nbits > bits ? bits :
			cms_bitmap_find_next_zero_area(pool->bitmap, bits, 0,
						       (uint32_t)nbits, 0);
		if (start >= bits || start + nbits > bits)
			continue;
		pa = (pool->pfn << sim->page_shift) +
		     (start << sim->page_shift);
		/* dma_coherent_ok(): else gen_pool_free() and the next pool */
		if (pa + size - 1 > limit)
			continue;
		cms_bitmap_set(pool->bitmap, start, nbits);
		*phys = pa;
		return 0;
	}
	/* WARN() text; the backtrace is not modelled */
	if (!found)
		cms_pr_warn(sim, "Failed to get suitable pool for %s\n",
			    dev->name);
	cms_explain(sim, "%s: no atomic pool has %" PRIu64 " free pages its coherent mask reaches: a non-blocking dma_alloc_coherent() of a non-coherent device fails (the pools grow only from a worker)",
		    dev->name, nbits);
	return -ENOMEM;
}

bool cms_dma_free_from_pool(struct cmasim *sim, uint64_t phys, uint64_t size)
{
	uint64_t nbits = (size + sim->page_size - 1) >> sim->page_shift;

	for (int z = guess_pool(sim, -1, 0); z >= 0;
	     z = guess_pool(sim, z, 0)) {
		struct cms_dma_pool *pool = &sim->dma->pools.pool[z];
		uint64_t base = pool->pfn << sim->page_shift;

		/* gen_pool_has_addr(): the whole buffer in the chunk */
		if (phys < base || phys + size > base + pool->size)
			continue;
		cms_bitmap_clear(pool->bitmap, (phys - base) >> sim->page_shift,
				 nbits);
		return true;
	}
	return false;
}

int cmasim_dma_atomic_pool_get(const struct cmasim *sim, unsigned int idx,
			       struct cmasim_dma_pool_info *info)
{
	static const char *const names[CMS_POOL_COUNT] = {
		[CMS_POOL_KERNEL] = "atomic_pool_kernel",
		[CMS_POOL_DMA] = "atomic_pool_dma",
		[CMS_POOL_DMA32] = "atomic_pool_dma32",
	};
	const struct cms_dma_pool *p;

	if (!sim || !info)
		return -EINVAL;
	if (idx >= CMS_POOL_COUNT || !sim->dma->pools.pool[idx].present)
		return -ENOENT;
	p = &sim->dma->pools.pool[idx];
	*info = (struct cmasim_dma_pool_info){
		.name = names[idx],
		.gfp = cms_dma_pool_gfp_name((enum cms_pool_zone)idx),
		.phys_base = p->pfn << sim->page_shift,
		.size = p->size,
		.used_pages = cms_bitmap_weight(p->bitmap,
						p->size >> sim->page_shift),
		.from_cma = p->from_cma,
	};
	return 0;
}
