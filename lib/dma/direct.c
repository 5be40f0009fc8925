// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-direct (kernel/dma/direct.c): dma_direct_supported(), the mask
 * check dma_set_mask() makes, and __dma_direct_alloc_pages() behind
 * dma_direct_alloc(): dma_alloc_contiguous() first (dma/contiguous.c),
 * then the buddy allocator with GFP_DMA32/GFP_DMA retries until the
 * pages satisfy the device's coherent mask; dma_direct_free().
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "dma/mapping.h"
#include <cmasim/pages.h>
#include <cmasim/dma.h>

/*
 * dma_direct_supported(): the mask must reach the lowest zone's top,
 * DMA_BIT_MASK(zone_dma_bits), or 4 GiB without ZONE_DMA bits (arm).
 */
bool cms_dma_direct_supported(const struct cmasim *sim, uint64_t mask)
{
	unsigned int bits = sim->arch->zone_dma_bits;
	uint64_t min_mask = cms_dma_bit_mask(bits ? bits : 32);
	uint64_t end = cms_memblock_end_of_DRAM(sim);

	if (end && end - 1 < min_mask)
		min_mask = end - 1;
	return mask >= min_mask;
}

/* ---- __dma_direct_alloc_pages ---- */

/* zone_dma_limit (6.12) / DMA_BIT_MASK(zone_dma_bits) (6.1) */
static uint64_t zone_dma_limit(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	if (sim->arch->zone_dma_bits_fixed)
		return cms_dma_bit_mask(sim->arch->zone_dma_bits);
	if (!cms_free_area_init_done(sim))
		return cms_dma_bit_mask(24);
	cms_for_each_zone(sim->mm, n, z)
		if (z->type == CMS_ZONE_DMA && z->spanned)
			return ((z->start_pfn + z->spanned) << sim->page_shift) - 1;
	return cms_dma_bit_mask(32);
}

/* dma_coherent_ok() */
static bool coherent_ok(const struct cmasim_device *d, uint64_t pfn,
			uint64_t size, unsigned int page_shift)
{
	uint64_t limit = cms_min_not_zero(d->coherent_dma_mask, d->bus_dma_limit);

	return (pfn << page_shift) + size - 1 <= limit;
}

int cmasim_dma_direct_alloc(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t size, unsigned int flags,
			    cmasim_pfn_t *pfn, bool *from_cma)
{
	unsigned int zone_flags = 0, gfp, order;
	uint64_t limit;
	cmasim_pfn_t p = 0;
	bool cma = false;
	int nid, ret;

	if (!sim)
		return -EINVAL;
	if (!dev || !pfn || !size ||
	    (flags & ~(CMASIM_DMA_NOWARN | CMASIM_DMA_ATOMIC))) {
		cms_client_bug(sim, "cmasim_dma_direct_alloc(): %s",
			       !dev ? "NULL device" : !pfn ? "NULL pfn" :
			       !size ? "size 0" : "unknown flags");
		return -EINVAL;
	}
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "dma_alloc before the page allocator runs");
		return -EPERM;
	}
	size = cms_align_up(size, sim->page_size);
	order = cms_get_order(size, sim->page_shift);
	limit = cms_min_not_zero(dev->coherent_dma_mask, dev->bus_dma_limit);
	if (limit <= zone_dma_limit(sim))
		zone_flags = CMASIM_DMA_ZONE_DMA;
	else if (limit <= cms_dma_bit_mask(32))
		zone_flags = CMASIM_DMA_ZONE_DMA32;

	ret = cmasim_dma_alloc_contiguous(sim, dev, size,
					  flags | zone_flags, &p, NULL);
	if (!ret) {
		if (coherent_ok(dev, p, size, sim->page_shift)) {
			cma = true;
			goto done;
		}
		cms_explain(sim, "%s: CMA pages at pfn 0x%" PRIx64 " lie above the coherent mask %#" PRIx64 ": given back, trying the buddy allocator",
			    dev->name, (uint64_t)p, limit);
		cmasim_dma_free_contiguous(sim, dev, p, size);
	}
	nid = dev->nid;
	gfp = CMASIM_GFP_KERNEL;
	if (flags & CMASIM_DMA_ATOMIC)
		gfp = CMASIM_GFP_ATOMIC;
	if (flags & CMASIM_DMA_NOWARN)
		gfp |= CMASIM___GFP_NOWARN;
	if (zone_flags == CMASIM_DMA_ZONE_DMA)
		gfp |= CMASIM___GFP_DMA;
	else if (zone_flags == CMASIM_DMA_ZONE_DMA32)
		gfp |= CMASIM___GFP_DMA32;
	for (;;) {
		if (cms_alloc_pages(sim, gfp, order, nid, &p))
			return -ENOMEM;
		if (coherent_ok(dev, p, size, sim->page_shift))
			break;
		/*
		 * 6.1 gives the page back through dma_free_contiguous() (its
		 * cma_release() calls print their pr_debug lines before the
		 * __free_pages fallback); 6.12 calls __free_pages().
		 */
		if (sim->ver->dma_direct_retry_frees_contiguous)
			cmasim_dma_free_contiguous(sim, dev, p, size);
		else
			cms_free_pages(sim, p, order);
		if (limit < UINT64_MAX && cms_knob(sim, CMS_KNOB_ZONE_DMA32) &&
		    !(gfp & (CMASIM___GFP_DMA32 | CMASIM___GFP_DMA))) {
			gfp |= CMASIM___GFP_DMA32;
			continue;
		}
		if (cms_knob(sim, CMS_KNOB_ZONE_DMA) && !(gfp & CMASIM___GFP_DMA)) {
			gfp = (gfp & ~CMASIM___GFP_DMA32) | CMASIM___GFP_DMA;
			continue;
		}
		return -ENOMEM;
	}
done:
	*pfn = p;
	if (from_cma)
		*from_cma = cma;
	return 0;
}

int cmasim_dma_direct_free(struct cmasim *sim, struct cmasim_device *dev,
			   cmasim_pfn_t pfn, uint64_t size)
{
	if (!sim)
		return -EINVAL;
	return cmasim_dma_free_contiguous(sim, dev, pfn,
					  cms_align_up(size, sim->page_size));
}
