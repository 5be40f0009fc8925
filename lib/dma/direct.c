// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runtime DMA contiguous path: simulated devices, and the
 * allocation and release calls of kernel/dma/contiguous.c
 * (dma_alloc_from_contiguous, dma_release_from_contiguous,
 * dma_alloc_contiguous, dma_free_contiguous) over the areas the boot
 * layer reserved: the device's own area, the per-node areas (6.1
 * DMA_PERNUMA_CMA: "pernuma%d"; 6.12 DMA_NUMA_CMA: "pernuma%d" then
 * "numa%d") and the default area.  Where the kernel returns NULL or
 * false, the calls return an errno that keeps the reason.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "dma/direct.h"
#include "dma/mapping.h"
#include "core/trace.h"
#include "mm/mmzone.h"
#include <cmasim/page_alloc.h>
#include <cmasim/dma_alloc.h>

static struct cms_dma_device *dev_of(struct cmasim_device *d)
{
	return (struct cms_dma_device *)(void *)d;
}

/* The per-node areas exist in this version and configuration. */
static bool numa_cma_on(const struct cmasim *sim, bool v61)
{
	enum cms_knob k = v61 ? CMS_KNOB_DMA_PERNUMA_CMA : CMS_KNOB_DMA_NUMA_CMA;

	return cms_knob_present(&sim->cfg, k) && cms_knob(sim, k);
}

static struct cms_cma_area *default_area(struct cmasim *sim)
{
	return sim->cma ? sim->cma->dma_default_area : NULL;
}

static struct cms_cma_area *node_area(struct cmasim *sim, bool pernuma, int nid)
{
	struct cms_cma_area **tab;

	if (!sim->cma || nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return NULL;
	tab = pernuma ? sim->cma->dma_pernuma_area : sim->cma->dma_numa_area;
	return tab ? tab[nid] : NULL;
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

/* cma_alloc() on a real area. */
static int area_alloc(struct cmasim *sim, struct cms_cma_area *a,
		      uint64_t count, unsigned int align, bool no_warn,
		      uint64_t *pfn)
{
	return cms_cma_alloc(sim, a, count, align, no_warn, pfn);
}

/* cma_release() on a real area (NULL area: false, as cma_pages_valid). */
static bool area_release(struct cmasim *sim, struct cms_cma_area *a,
			 uint64_t pfn, uint64_t count)
{
	if (!a)
		return false;
	/* count 0 after a failed activation: no page is valid */
	if (pfn < a->base_pfn || pfn >= a->base_pfn + a->count) {
		cms_pr_debug_if(sim, cms_knob(sim, CMS_KNOB_CMA_DEBUG),
				"cma: cma_pages_valid(page %s, count %" PRIu64 ")",
				sim->arch->phys_64bit ? "(____ptrval____)" :
				"(ptrval)", count);
		return false;
	}
	if (!a->bitmap)
		return false;
	return cms_cma_release(sim, a, pfn, count) == 0;
}

/* ---- dma_alloc_from_contiguous / dma_release_from_contiguous ---- */

/* dev_get_cma_area() */
static struct cms_cma_area *dev_get_cma_area(struct cmasim *sim,
					     struct cms_dma_device *dev)
{
	if (dev && dev->cma_area)
		return dev->cma_area;
	return default_area(sim);
}

int cms_dma_dev_alloc_from_contiguous(struct cmasim *sim,
				      struct cms_dma_device *dev,
				      uint64_t count, unsigned int align,
				      bool no_warn, uint64_t *pfn)
{
	struct cms_cma_area *a = dev_get_cma_area(sim, dev);
	unsigned int cap = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT);

	if (align > cap)
		align = cap;
	if (!a) {
		/*
		 * cma_alloc(NULL, ...): 6.1 goes straight to its accounting
		 * and counts a CMA_ALLOC_FAIL event (no sysfs area to count
		 * in); 6.12 traces the start with a NULL name, then returns.
		 */
		if (sim->ver->kernel == CMASIM_KERNEL_6_1) {
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
	return area_alloc(sim, a, count, align, no_warn, pfn);
}

int cms_dma_alloc_from_contiguous(struct cmasim *sim, uint64_t count,
				  unsigned int align, bool no_warn,
				  uint64_t *pfn)
{
	return cms_dma_dev_alloc_from_contiguous(sim, NULL, count, align,
						 no_warn, pfn);
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
	ret = cms_dma_dev_alloc_from_contiguous(sim, dev ? dev_of(dev) : NULL,
						count, align,
						flags & CMASIM_DMA_NOWARN, &p);
	if (!ret)
		*pfn = p;
	return ret;
}

int cmasim_dma_release_from_contiguous(struct cmasim *sim,
				       struct cmasim_device *dev,
				       cmasim_pfn_t pfn, uint64_t count)
{
	if (!sim)
		return -EINVAL;
	return area_release(sim, dev_get_cma_area(sim, dev ? dev_of(dev) : NULL),
			    pfn, count) ? 0 : -ENOENT;
}

/* ---- dma_alloc_contiguous / dma_free_contiguous ---- */

/* cma_alloc_aligned(): align = min(get_order(size), CMA_ALIGNMENT). */
static int alloc_aligned(struct cmasim *sim, struct cms_cma_area *a,
			 uint64_t size, bool nowarn, uint64_t *pfn)
{
	unsigned int align = cms_get_order(size, sim->page_shift);
	unsigned int cap = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_ALIGNMENT);

	if (align > cap)
		align = cap;
	return area_alloc(sim, a, size >> sim->page_shift, align, nowarn, pfn);
}

int cmasim_dma_alloc_contiguous(struct cmasim *sim, struct cmasim_device *dev,
				uint64_t size, unsigned int flags,
				cmasim_pfn_t *pfn, struct cmasim_cma **cma)
{
	const unsigned int known = CMASIM_DMA_NOWARN | CMASIM_DMA_ATOMIC |
				   CMASIM_DMA_ZONE_DMA | CMASIM_DMA_ZONE_DMA32;
	bool v61, nowarn = flags & CMASIM_DMA_NOWARN;
	struct cms_cma_area *a = NULL;
	struct cms_dma_device *d;
	uint64_t p = 0;
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
	d = dev_of(dev);
	v61 = sim->ver->kernel == CMASIM_KERNEL_6_1;
	if (flags & CMASIM_DMA_ATOMIC) {
		cms_explain(sim, "%s: a non-blocking request never uses CMA", d->name);
		return -EAGAIN;
	}
	if (d->cma_area) {
		a = d->cma_area;
		ret = alloc_aligned(sim, a, size, nowarn, &p);
		goto out;
	}
	if (size <= sim->page_size) {
		cms_explain(sim, "%s: single pages come from the buddy allocator, not CMA",
			    d->name);
		return -ENOENT;
	}
	if (numa_cma_on(sim, v61) && d->nid != CMASIM_NUMA_NO_NODE &&
	    !(flags & (CMASIM_DMA_ZONE_DMA | CMASIM_DMA_ZONE_DMA32))) {
		a = node_area(sim, true, d->nid);
		if (a && !alloc_aligned(sim, a, size, nowarn, &p)) {
			ret = 0;
			goto out;
		}
		if (!v61) {
			a = node_area(sim, false, d->nid);
			if (a && !alloc_aligned(sim, a, size, nowarn, &p)) {
				ret = 0;
				goto out;
			}
		}
	}
	a = default_area(sim);
	if (!a) {
		cms_explain(sim, "%s: no default CMA area: dma-direct falls back to the buddy allocator",
			    d->name);
		return -ENOENT;
	}
	ret = alloc_aligned(sim, a, size, nowarn, &p);
out:
	if (!ret) {
		*pfn = p;
		if (cma)
			*cma = (struct cmasim_cma *)cms_cma_handle(a);
	}
	return ret;
}

int cmasim_dma_free_contiguous(struct cmasim *sim, struct cmasim_device *dev,
			       cmasim_pfn_t pfn, uint64_t size)
{
	struct cms_dma_device *d;
	uint32_t count;
	int nid;

	if (!sim)
		return -EINVAL;
	if (!dev) {
		cms_client_bug(sim, "cmasim_dma_free_contiguous(): NULL device");
		return -EINVAL;
	}
	d = dev_of(dev);
	/* count is an unsigned int in the kernel */
	count = (uint32_t)(cms_align_up(size, sim->page_size) >> sim->page_shift);
	if (d->cma_area) {
		if (area_release(sim, d->cma_area, pfn, count))
			return 0;
	} else {
		bool v61 = sim->ver->kernel == CMASIM_KERNEL_6_1;

		nid = pfn_to_nid(sim, pfn);
		if (numa_cma_on(sim, v61)) {
			if (area_release(sim, node_area(sim, true, nid), pfn, count))
				return 0;
			if (!v61 &&
			    area_release(sim, node_area(sim, false, nid), pfn, count))
				return 0;
		}
		if (area_release(sim, default_area(sim), pfn, count))
			return 0;
	}
	/* not in any area: __free_pages(page, get_order(size)) */
	if (!cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "dma_free_contiguous(%s): pfn 0x%" PRIx64 " is in no CMA area and there is no page allocator",
			       d->name, (uint64_t)pfn);
		return -EINVAL;
	}
	return cmasim_free_pages(sim, pfn, cms_get_order(size, sim->page_shift));
}

/* ---- dma-direct: __dma_direct_alloc_pages ---- */

/* zone_dma_limit (6.12) / DMA_BIT_MASK(zone_dma_bits) (6.1) */
static uint64_t zone_dma_limit(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	if (cms_arch_class(sim->arch->arch) == CMS_AX86 ||
	    !cms_free_area_init_done(sim))
		return cms_dma_bit_mask(24);
	cms_for_each_zone(sim->mm, n, z)
		if (z->type == CMS_ZONE_DMA && z->spanned)
			return ((z->start_pfn + z->spanned) << sim->page_shift) - 1;
	return cms_dma_bit_mask(32);
}

/* dma_coherent_ok() */
static bool coherent_ok(const struct cms_dma_device *d, uint64_t pfn,
			uint64_t size, unsigned int page_shift)
{
	uint64_t limit = cms_min_not_zero(d->coherent_dma_mask, d->bus_dma_limit);

	return (pfn << page_shift) + size - 1 <= limit;
}

int cmasim_dma_direct_alloc(struct cmasim *sim, struct cmasim_device *dev,
			    uint64_t size, unsigned int flags,
			    cmasim_pfn_t *pfn, bool *from_cma)
{
	struct cms_dma_device *d;
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
	d = dev_of(dev);
	size = cms_align_up(size, sim->page_size);
	order = cms_get_order(size, sim->page_shift);
	limit = cms_min_not_zero(d->coherent_dma_mask, d->bus_dma_limit);
	if (limit <= zone_dma_limit(sim))
		zone_flags = CMASIM_DMA_ZONE_DMA;
	else if (limit <= cms_dma_bit_mask(32))
		zone_flags = CMASIM_DMA_ZONE_DMA32;

	ret = cmasim_dma_alloc_contiguous(sim, dev, size,
					  flags | zone_flags, &p, NULL);
	if (!ret) {
		if (coherent_ok(d, p, size, sim->page_shift)) {
			cma = true;
			goto done;
		}
		cms_explain(sim, "%s: CMA pages at pfn 0x%" PRIx64 " lie above the coherent mask %#" PRIx64 ": given back, trying the buddy allocator",
			    d->name, (uint64_t)p, limit);
		cmasim_dma_free_contiguous(sim, dev, p, size);
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
		if (cms_alloc_pages(sim, gfp, order, nid, &p))
			return -ENOMEM;
		if (coherent_ok(d, p, size, sim->page_shift))
			break;
		/*
		 * 6.1 gives the page back through dma_free_contiguous() (its
		 * cma_release() calls print their pr_debug lines before the
		 * __free_pages fallback); 6.12 calls __free_pages().
		 */
		if (sim->ver->kernel == CMASIM_KERNEL_6_1)
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
