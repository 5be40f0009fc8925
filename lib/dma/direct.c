// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-direct (kernel/dma/direct.c): dma_direct_supported(), the mask
 * check dma_set_mask() makes, and __dma_direct_alloc_pages() behind
 * dma_direct_alloc(): dma_alloc_contiguous() first (dma/contiguous.c),
 * then the buddy allocator with GFP_DMA32/GFP_DMA retries until the
 * pages satisfy the device's coherent mask; dma_direct_free().
 *
 * Above them, dma_alloc_attrs() and dma_free_attrs() of
 * kernel/dma/mapping.c with dma-direct as their only backend (no IOMMU
 * is modelled): the device's coherent pool first (dma/coherent.c), then
 * dma_direct_alloc()'s choice between the global pool, the atomic pools
 * (dma/pool.c) and the pages.  They live here rather than in mapping.c,
 * which every dma file includes for the state and which so includes
 * none of them.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"
#include "dma/coherent.h"
#include "dma/pool.h"
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
	cms_for_each_zone(sim->mm, n, z) {
		uint64_t end = (z->start_pfn + z->spanned) << sim->page_shift;

		if (z->type != CMS_ZONE_DMA || !z->spanned)
			continue;
		/*
		 * arm64 sizes the zone with max_zone_phys(), which stops it at
		 * the end of DRAM, but the variable keeps the firmware's limit
		 * (dma-ranges), 32 bits without one: a zone that ends with
		 * DRAM below 4 GiB still has a 32-bit limit.
		 */
		if (end == cms_memblock_end_of_DRAM(sim) &&
		    end - 1 < UINT32_MAX)
			return cms_dma_bit_mask(32);
		return end - 1;
	}
	return cms_dma_bit_mask(32);
}

/* dma_coherent_ok() */
static bool coherent_ok(const struct cmasim_device *d, uint64_t pfn,
			uint64_t size, unsigned int page_shift)
{
	uint64_t limit = cms_min_not_zero(d->coherent_dma_mask, d->bus_dma_limit);

	return (pfn << page_shift) + size - 1 <= limit;
}

/* dma_direct_optimal_gfp_mask(): the zone the coherent mask falls in */
static unsigned int optimal_zone(struct cmasim *sim,
				 const struct cmasim_device *d)
{
	uint64_t limit = cms_min_not_zero(d->coherent_dma_mask,
					  d->bus_dma_limit);

	if (limit <= zone_dma_limit(sim))
		return CMASIM_DMA_ZONE_DMA;
	if (limit <= cms_dma_bit_mask(32))
		return CMASIM_DMA_ZONE_DMA32;
	return 0;
}

static int check_args(struct cmasim *sim, const char *fn,
		      const struct cmasim_device *dev,
		      const void *out, const char *out_name, uint64_t size,
		      unsigned int flags)
{
	if (!dev || !out || cms_dma_size_bad(sim, size) ||
	    (flags & ~(CMASIM_DMA_NOWARN | CMASIM_DMA_ATOMIC))) {
		if (!dev || !out)
			cms_client_bug(sim, "%s(): NULL %s", fn,
				       !dev ? "device" : out_name);
		else if (!size)
			cms_client_bug(sim, "%s(): size 0", fn);
		else if (cms_dma_size_bad(sim, size))
			cms_client_bug(sim, "%s(): size %#" PRIx64 " wraps when rounded up to pages",
				       fn, size);
		else
			cms_client_bug(sim, "%s(): unknown flags", fn);
		return -EINVAL;
	}
	if (cms_dma_check_device(sim, dev, false, fn))
		return -EINVAL;
	if (sim->phase != CMS_PHASE_RUNNING || !cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "dma_alloc before the page allocator runs");
		return -EPERM;
	}
	return 0;
}

/*
 * __dma_direct_alloc_pages(): @size page-aligned; *@cma the area the
 * pages came from, NULL for the buddy allocator.
 */
static int alloc_pages_for(struct cmasim *sim, struct cmasim_device *dev,
			   uint64_t size, unsigned int flags,
			   cmasim_pfn_t *pfn, struct cmasim_cma **cma)
{
	struct cmasim_device *d = dev;
	unsigned int zone_flags = optimal_zone(sim, d), gfp;
	unsigned int order = cms_get_order(size, sim->page_shift);
	uint64_t limit = cms_min_not_zero(d->coherent_dma_mask,
					  d->bus_dma_limit);
	cmasim_pfn_t p = 0;
	int nid, ret;

	*cma = NULL;
	ret = cms_dma_alloc_contiguous(sim, dev, size,
					  flags | zone_flags, &p, cma);
	if (!ret) {
		if (coherent_ok(d, p, size, sim->page_shift))
			goto done;
		cms_explain(sim, "%s: CMA pages at pfn 0x%" PRIx64 " lie above the coherent mask %#" PRIx64 ": given back, trying the buddy allocator",
			    d->name, (uint64_t)p, limit);
		cms_dma_free_contiguous(sim, dev, p, size);
		*cma = NULL;
	}
	nid = d->nid;
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
		if (cms_alloc_pages(sim, gfp, order, nid, CMASIM_OWNER_ANON,
				    &p))
			return -ENOMEM;
		if (coherent_ok(d, p, size, sim->page_shift))
			break;
		/*
		 * 6.1 gives the page back through dma_free_contiguous() (its
		 * cma_release() calls print their pr_debug lines before the
		 * __free_pages fallback); 6.12 calls __free_pages().
		 */
		if (sim->ver->dma_direct_retry_frees_contiguous)
			cms_dma_free_contiguous(sim, dev, p, size);
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
	return 0;
}

int cmasim_dma_direct_alloc(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t size, unsigned int flags,
			    cmasim_pfn_t *pfn, bool *from_cma)
{
	struct cmasim_cma *cma;
	int ret;

	if (!sim)
		return -EINVAL;
	ret = check_args(sim, "cmasim_dma_direct_alloc", dev, pfn, "pfn", size,
			 flags);
	if (!ret)
		ret = alloc_pages_for(sim, dev,
				      cms_align_up(size, sim->page_size),
				      flags, pfn, &cma);
	if (!ret && from_cma)
		*from_cma = cma != NULL;
	return ret;
}

int cmasim_dma_direct_free(struct cmasim *sim, struct cmasim_device *dev,
			   cmasim_pfn_t pfn, uint64_t size)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false, "cmasim_dma_direct_free"))
		return -EINVAL;
	if (cms_dma_size_bad(sim, size)) {
		cms_client_bug(sim, "cmasim_dma_direct_free(%s): size %#" PRIx64 " is 0 or wraps when rounded up to pages",
			       dev->name, size);
		return -EINVAL;
	}
	return cms_dma_free_contiguous(sim, dev, pfn,
				       cms_align_up(size, sim->page_size));
}

/* ---- dma_alloc_attrs() / dma_free_attrs() ---- */

int cms_dma_alloc_coherent(struct cmasim *sim, struct cmasim_device *dev,
			   uint64_t size, unsigned int flags,
			   struct cmasim_dma_buffer *buf)
{
	struct cmasim_dma_buffer b = { .size = size };
	struct cmasim_device *d = dev;
	struct cmasim_cma *cma;
	cmasim_pfn_t pfn;
	uint64_t aligned;
	int ret;

	/* dma_alloc_from_dev_coherent(): a device's pool, no fallback */
	if (d->dma_mem) {
		ret = cms_dma_alloc_from_coherent(sim, d->dma_mem, size,
						  &b.dma_addr, &b.phys);
		if (ret)
			return ret;
		b.path = CMASIM_DMA_PATH_DEV_COHERENT;
		goto done;
	}
	/* dma_direct_alloc() */
	aligned = cms_align_up(size, sim->page_size);
	if (!d->dma_coherent) {
		if (sim->arch->dma_global_pool) {
			ret = cmasim_dma_alloc_from_global_coherent(sim, dev,
					aligned, &b.dma_addr, &b.phys);
			if (ret)
				return ret == -ENOENT ? -ENOMEM : ret;
			b.path = CMASIM_DMA_PATH_GLOBAL_COHERENT;
			goto done;
		}
		if (!sim->arch->dma_direct_remap) {
			cms_explain(sim, "%s: a device that is not cache-coherent gets no coherent buffer on an arch without DMA_DIRECT_REMAP",
				    d->name);
			return -ENOMEM;
		}
		/* remapping may sleep: a non-blocking request takes a pool */
		if ((flags & CMASIM_DMA_ATOMIC) && !d->swiotlb_for_alloc) {
			ret = cms_dma_alloc_from_pool(sim, d, aligned,
						      optimal_zone(sim, d),
						      &b.phys);
			if (ret)
				return ret;
			b.dma_addr = b.phys;
			b.path = CMASIM_DMA_PATH_ATOMIC_POOL;
			goto done;
		}
	}
	if (d->swiotlb_for_alloc) {
		cms_explain(sim, "%s: bound to a restricted-dma-pool: swiotlb_alloc() is not modelled",
			    d->name);
		return -EOPNOTSUPP;
	}
	ret = alloc_pages_for(sim, dev, aligned, flags, &pfn, &cma);
	if (ret)
		return ret;
	b.phys = pfn << sim->page_shift;
	/* phys_to_dma_direct(): no dma-ranges offset is modelled */
	b.dma_addr = b.phys;
	b.path = cma ? CMASIM_DMA_PATH_CMA : CMASIM_DMA_PATH_BUDDY;
	b.cma = cma;
done:
	*buf = b;
	return 0;
}

int cmasim_dma_alloc_coherent(struct cmasim *sim, struct cmasim_device *dev,
			      uint64_t size, unsigned int flags,
			      struct cmasim_dma_buffer *buf)
{
	int ret;

	if (!sim)
		return -EINVAL;
	ret = check_args(sim, "cmasim_dma_alloc_coherent", dev, buf, "buf", size,
			 flags);
	return ret ? ret : cms_dma_alloc_coherent(sim, dev, size, flags, buf);
}

int cms_dma_free_coherent(struct cmasim *sim, struct cmasim_device *dev,
			  uint64_t size, uint64_t phys, uint64_t dma_addr)
{
	struct cmasim_device *d = dev;
	uint64_t aligned;
	int ret;

	/* dma_release_from_dev_coherent(): the pool's own buffers */
	if (d->dma_mem) {
		ret = cms_dma_release_from_coherent(sim, d->dma_mem,
				cms_get_order(size, sim->page_shift), phys);
		if (ret != -ERANGE)
			return ret;
	}
	/* dma_direct_free() */
	aligned = cms_align_up(size, sim->page_size);
	if (!d->dma_coherent && sim->arch->dma_global_pool) {
		ret = cmasim_dma_release_from_global_coherent(sim,
				cms_get_order(size, sim->page_shift), phys);
		if (ret)
			cms_client_bug(sim, "dma_free_coherent(%s): 0x%" PRIx64 " is not in the global pool (the kernel WARNs)",
				       d->name, (uint64_t)phys);
		return ret ? -EINVAL : 0;
	}
	if (cms_dma_free_from_pool(sim, phys, aligned))
		return 0;
	if (d->swiotlb_for_alloc)
		return -EOPNOTSUPP;
	(void)dma_addr;		/* dma-direct frees by page, as the kernel */
	return cms_dma_free_contiguous(sim, dev, phys >> sim->page_shift,
				       aligned);
}

int cmasim_dma_free_coherent(struct cmasim *sim, struct cmasim_device *dev,
			     uint64_t size, cmasim_phys_addr_t phys,
			     uint64_t dma_addr)
{
	if (!sim)
		return -EINVAL;
	if (cms_dma_check_device(sim, dev, false, "cmasim_dma_free_coherent"))
		return -EINVAL;
	if (cms_dma_size_bad(sim, size)) {
		cms_client_bug(sim, "cmasim_dma_free_coherent(%s): size %#" PRIx64 " is 0 or wraps when rounded up to pages",
			       dev->name, size);
		return -EINVAL;
	}
	return cms_dma_free_coherent(sim, dev, size, phys, dma_addr);
}
