// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zone watermarks and lowmem reserves: calculate_min_free_kbytes,
 * __setup_per_zone_wmarks (min/low/high/promo),
 * setup_per_zone_lowmem_reserve, the per-cpu list sizes that follow
 * them (zone_batchsize, zone_highsize, zone_pcp_update), the checks
 * against them (__zone_watermark_ok, zone_watermark_fast) and the
 * vm.min_free_kbytes / vm.watermark_scale_factor sysctls.  Mirrors
 * mm/page_alloc.c of 6.1 and 6.12 (init_per_zone_wmark_min, a
 * postcore_initcall: it runs after the CMA areas were activated, so boot
 * calls it again after CMA).
 */
#include "config.h"

#include <errno.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/internal.h"
#include "mm/mmzone.h"
#include "mm/policy.h"

static uint64_t int_sqrt(uint64_t x)
{
	uint64_t r = 0, bit = UINT64_C(1) << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static uint64_t mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/*
 * is_highmem(): ZONE_HIGHMEM, and ZONE_MOVABLE when it is carved out of
 * highmem (movable_zone == ZONE_HIGHMEM: the top zone below Movable that
 * has memory).
 */
static bool highmem_like(const struct cmasim *sim, const struct cms_zone *z)
{
	struct cms_node *n;
	struct cms_zone *h;

	if (z->type == CMS_ZONE_HIGHMEM)
		return true;
	if (z->type != CMS_ZONE_MOVABLE)
		return false;
	cms_for_each_zone(sim->mm, n, h)
		if (h->type == CMS_ZONE_HIGHMEM && h->spanned)
			return true;
	return false;
}

/*
 * Zones whose WMARK_MIN is a share of min_free_kbytes: 6.1 excludes only
 * highmem (a 64-bit ZONE_MOVABLE takes its share), 6.12 highmem and
 * ZONE_MOVABLE.
 */
static bool lowmem_zone(const struct cmasim *sim, const struct cms_zone *z)
{
	if (!sim->ver->wmark_min_skips_movable)
		return !highmem_like(sim, z);
	return z->type != CMS_ZONE_HIGHMEM && z->type != CMS_ZONE_MOVABLE;
}

/* nr_free_buffer_pages(): zones up to ZONE_NORMAL, above their high mark. */
static uint64_t nr_free_buffer_pages(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t sum = 0;

	for (int n = 0; n < mm->nr_nodes; n++) {
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &mm->nodes[n].zones[j];

			if (z->type > CMS_ZONE_NORMAL)
				continue;
			if (z->managed > z->wmark[CMASIM_WMARK_HIGH])
				sum += z->managed - z->wmark[CMASIM_WMARK_HIGH];
		}
	}
	return sum;
}

static void calculate_min_free_kbytes(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t lowmem_kb = nr_free_buffer_pages(sim) * (sim->page_size >> 10);
	int64_t v = (int64_t)int_sqrt(lowmem_kb * 16);

	if (v > mm->user_min_free_kbytes)
		mm->min_free_kbytes = (int)(v < 128 ? 128 : (v > 262144 ? 262144 : v));
	else
		cms_pr_warn(sim, "min_free_kbytes is not updated to %d because user defined value %d is preferred",
			    (int)v, mm->user_min_free_kbytes);
}

void cms_mm_setup_per_zone_wmarks(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t pages_min = (uint64_t)mm->min_free_kbytes >>
			     (sim->page_shift - 10);
	uint64_t lowmem = 0;
	struct cms_node *n;
	struct cms_zone *z;

	cms_for_each_zone(mm, n, z)
		if (lowmem_zone(sim, z))
			lowmem += z->managed;
	cms_for_each_zone(mm, n, z) {
		uint64_t tmp = lowmem ? pages_min * z->managed / lowmem : 0;

		if (!lowmem_zone(sim, z)) {
			uint64_t mp = z->managed / 1024;

			z->wmark[CMASIM_WMARK_MIN] = mp < 32 ? 32 : (mp > 128 ? 128 : mp);
		} else {
			z->wmark[CMASIM_WMARK_MIN] = tmp;
		}
		tmp = cms_max_u64(tmp >> 2,
				  mult_frac(z->managed,
					    (uint64_t)mm->watermark_scale_factor,
					    10000));
		z->watermark_boost = 0;
		z->wmark[CMASIM_WMARK_LOW] = z->wmark[CMASIM_WMARK_MIN] + tmp;
		z->wmark[CMASIM_WMARK_HIGH] = z->wmark[CMASIM_WMARK_LOW] + tmp;
		z->wmark[CMASIM_WMARK_PROMO] =
			z->wmark[CMASIM_WMARK_HIGH] + tmp;
	}
	cms_for_each_zone(mm, n, z)
		if (z->spanned)
			cms_zone_pcp_update(sim, z);
}

void cms_mm_setup_per_zone_lowmem_reserve(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;

	for (int n = 0; n < mm->nr_nodes; n++) {
		struct cms_node *node = &mm->nodes[n];

		if (!node->online)
			continue;
		for (int i = 0; i < mm->nr_zones - 1; i++) {
			struct cms_zone *z = &node->zones[i];
			int ratio = mm->lowmem_reserve_ratio[i];
			bool clear = !ratio || !z->managed;
			uint64_t managed = 0;

			for (int j = i + 1; j < mm->nr_zones; j++) {
				managed += node->zones[j].managed;
				z->lowmem_reserve[j] = clear ? 0 :
						       managed / (uint64_t)ratio;
			}
		}
	}
}

/*
 * set_recommended_min_free_kbytes() (mm/khugepaged.c): with THP enabled,
 * khugepaged raises min_free_kbytes so that pageblocks stay free for
 * fallbacks.  It runs at late_initcall, after init_per_zone_wmark_min.
 */
static void thp_recommended_min_free_kbytes(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order, rec;
	unsigned int nr_zones = 0;
	struct cms_node *n;
	struct cms_zone *z;

	cms_for_each_zone(mm, n, z)
		if (z->present && z->type <= CMS_ZONE_NORMAL)
			nr_zones++;
	rec = pbn * nr_zones * 2;
	rec += pbn * nr_zones * CMS_MIGRATE_PCPTYPES * CMS_MIGRATE_PCPTYPES;
	rec = cms_min_u64(rec, nr_free_buffer_pages(sim) / 20);
	rec <<= sim->page_shift - 10;
	if (rec > (uint64_t)mm->min_free_kbytes) {
		if (mm->user_min_free_kbytes >= 0)
			cms_pr_info(sim, "raising min_free_kbytes from %d to %llu to help transparent hugepage allocations",
				    mm->min_free_kbytes, (unsigned long long)rec);
		mm->min_free_kbytes = (int)rec;
	}
	cms_mm_setup_per_zone_wmarks(sim);
}

void cms_mm_init_per_zone_wmark_min(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	/* the kernel runs this once, before any watermark exists */
	cms_for_each_zone(sim->mm, n, z)
		for (int w = 0; w < CMASIM_NR_WMARK; w++)
			z->wmark[w] = 0;
	calculate_min_free_kbytes(sim);
	cms_mm_setup_per_zone_wmarks(sim);
	cms_mm_setup_per_zone_lowmem_reserve(sim);
	/*
	 * THP (Debian: madvise) on the 64-bit profiles; hugepage_init()
	 * switches it off below 512 MiB of totalram, and then khugepaged
	 * never starts.
	 */
	if (sim->arch->transparent_hugepage && sim->mm->totalram_pages >=
				     (UINT64_C(512) << (20 - sim->page_shift)))
		thp_recommended_min_free_kbytes(sim);
}

/* ---- pcp sizing: the per-cpu lists follow the watermarks ---- */

/* zone_batchsize() */
static int zone_batchsize(const struct cmasim *sim, const struct cms_zone *z)
{
	uint64_t b = cms_min_u64(z->managed >> 10, CMS_SZ_1M / sim->page_size);
	uint64_t r;

	b /= 4;
	if (b < 1)
		b = 1;
	r = b + b / 2;
	r = UINT64_C(1) << (cms_fls64(r) - 1);
	return (int)(r - 1);
}

static int zone_highsize(struct cmasim *sim, const struct cms_zone *z,
			 int batch, int fraction)
{
	uint64_t total = fraction ? z->managed / (uint64_t)fraction :
				    z->wmark[CMASIM_WMARK_LOW];
	/* every simulated CPU sits on node 0 */
	unsigned int split = z->node->nid == 0 ? sim->mm->nr_cpus : 0;
	int high;

	if (!split)
		split = sim->mm->nr_cpus;
	high = (int)(total / split);
	return high > batch * 4 ? high : batch * 4;
}

/* The kernel's sizes are its own: the "kernel" built-in keeps them. */
void cms_kernel_pcp_sizes(const struct cmasim *sim, void *priv,
			  const struct cmasim_policy_zone *z,
			  struct cmasim_policy_pcp *pcp)
{
}

/* The pcp_sizes hook on the kernel's sizes; an unusable answer keeps them. */
static void policy_pcp_sizes(struct cmasim *sim, const struct cms_zone *z,
			     int *batch, int *hmin, int *hmax)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_pcp pcp = {
		.batch = *batch, .high_min = *hmin, .high_max = *hmax,
	};
	struct cmasim_policy_zone v;

	cms_policy_zone_view(sim, z, &v);
	p->hooks.pcp_sizes(sim, p->priv, &v, &pcp);
	if (pcp.batch < 1 || pcp.high_min < 0 || pcp.high_min > pcp.high_max) {
		cms_policy_bug(sim, "pcp_sizes",
			       "zone %s: batch %d, high %d..%d: the kernel's sizes stay",
			       z->name, pcp.batch, pcp.high_min, pcp.high_max);
		return;
	}
	*batch = pcp.batch;
	*hmin = pcp.high_min;
	*hmax = pcp.high_max;
}

void cms_zone_pcp_update(struct cmasim *sim, struct cms_zone *z)
{
	struct cms_mm *mm = sim->mm;
	int batch = zone_batchsize(sim, z), hmin, hmax;

	if (batch < 1)
		batch = 1;
	if (!sim->ver->pcp_high_auto_tune) {
		hmin = hmax = zone_highsize(sim, z, batch,
					    mm->percpu_pagelist_high_fraction);
	} else if (mm->percpu_pagelist_high_fraction) {
		hmin = hmax = zone_highsize(sim, z, batch,
					    mm->percpu_pagelist_high_fraction);
	} else {
		hmin = zone_highsize(sim, z, batch, 0);
		hmax = zone_highsize(sim, z, batch, 8);
	}
	if (sim->policy->hooks.pcp_sizes)
		policy_pcp_sizes(sim, z, &batch, &hmin, &hmax);
	for (unsigned int c = 0; c < mm->nr_cpus; c++) {
		struct cms_pcp *pcp = &z->pcp[c];

		pcp->batch = batch;
		pcp->high_min = hmin;
		pcp->high_max = hmax;
		if (!sim->ver->pcp_high_auto_tune)
			pcp->high = hmin;
	}
}

/* ---- watermark checks ---- */

bool cms_zone_has_free_block(const struct cmasim *sim,
			     const struct cms_zone *z, unsigned int order,
			     unsigned int alloc_flags)
{
	for (unsigned int o = order; o < sim->nr_orders; o++) {
		const struct cms_free_area *a = &z->area[o];

		if (!a->nr_free)
			continue;
		for (int mt = 0; mt < CMS_MIGRATE_PCPTYPES; mt++)
			if (a->list[mt].head != CMS_NIL)
				return true;
		if ((alloc_flags & CMS_ALLOC_CMA) &&
		    a->list[CMASIM_MIGRATE_CMA].head != CMS_NIL)
			return true;
		if (a->list[CMASIM_MIGRATE_HIGHATOMIC].head != CMS_NIL &&
		    (alloc_flags & (CMS_ALLOC_HIGHATOMIC | CMS_ALLOC_OOM)))
			return true;
	}
	return false;
}

bool cms_zone_watermark_ok_safe(const struct cmasim *sim,
				const struct cms_zone *z, unsigned int order,
				int64_t mark, int hz, unsigned int alloc_flags,
				int64_t free_pages)
{
	free_pages -= cms_wmark_unusable(sim, z, order, alloc_flags);
	if (free_pages <= cms_wmark_min(mark, alloc_flags) +
			  (int64_t)z->lowmem_reserve[hz])
		return false;
	if (!order)
		return true;
	return cms_zone_has_free_block(sim, z, order, alloc_flags);
}

bool cms_zone_watermark_fast_slow(const struct cmasim *sim,
				  const struct cms_zone *z, unsigned int order,
				  int64_t mark, int hz,
				  unsigned int alloc_flags, unsigned int gfp)
{
	int64_t free_pages = z->vm[CMS_ZS_NR_FREE_PAGES];

	if (cms_zone_watermark_ok_safe(sim, z, order, mark, hz, alloc_flags,
				       free_pages))
		return true;
	if (!order && z->watermark_boost &&
	    (alloc_flags & CMS_ALLOC_WMARK_MASK) == CMS_ALLOC_WMARK_MIN &&
	    (sim->ver->has_gfp_atomic ? (gfp & CMASIM___GFP_ATOMIC) :
					(alloc_flags & CMS_ALLOC_HIGH))) {
		mark = (int64_t)z->wmark[CMASIM_WMARK_MIN];
		return cms_zone_watermark_ok_safe(sim, z, order, mark, hz,
						  alloc_flags, free_pages);
	}
	return false;
}

/* ---- sysctls ---- */

int cmasim_set_watermark_scale_factor(struct cmasim *sim, int factor)
{
	if (!sim)
		return -EINVAL;
	if (factor < 1 || factor > 3000) {
		cms_client_bug(sim, "watermark_scale_factor %d: the sysctl accepts 1..3000",
			       factor);
		return -EINVAL;
	}
	if (!sim->mm->freed) {
		cms_client_bug(sim, "watermark_scale_factor: the page allocator is not running");
		return -EPERM;
	}
	sim->mm->watermark_scale_factor = factor;
	cms_mm_setup_per_zone_wmarks(sim);
	return 0;
}

int cmasim_set_min_free_kbytes(struct cmasim *sim, int kbytes)
{
	if (!sim)
		return -EINVAL;
	if (kbytes < 0) {
		cms_client_bug(sim, "min_free_kbytes %d: must be >= 0", kbytes);
		return -EINVAL;
	}
	if (!sim->mm->freed) {
		cms_client_bug(sim, "min_free_kbytes: the page allocator is not running");
		return -EPERM;
	}
	sim->mm->min_free_kbytes = kbytes;
	sim->mm->user_min_free_kbytes = kbytes;
	cms_mm_setup_per_zone_wmarks(sim);
	return 0;
}

int cmasim_min_free_kbytes(const struct cmasim *sim)
{
	return sim ? sim->mm->min_free_kbytes : 0;
}
