// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Contiguous Memory Allocator's area table: declaring areas from
 * memblock at boot (cma_declare_contiguous_nid, cma_init_reserved_mem),
 * activating them at core_initcall time (cma_init_reserved_areas), the
 * getters and the iteration.  Mirrors mm/cma.c of Linux 6.1 and 6.12; the
 * differences between the two are read from sim->ver.
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
#include "mm/mmzone.h"

static bool is_v61(const struct cmasim *sim)
{
	return sim->ver->kernel == CMASIM_KERNEL_6_1;
}

/* phys_addr_t arithmetic wraps at 32 bits on arm without LPAE. */
static uint64_t phys(const struct cmasim *sim, uint64_t x)
{
	return sim->arch->phys_64bit ? x : (uint32_t)x;
}

/* "%ld MiB" of (unsigned long)size / SZ_1M */
static long size_mib(const struct cmasim *sim, uint64_t size)
{
	return (long)(phys(sim, size) / CMS_SZ_1M);
}

const char *cms_fmt_pa(const struct cmasim *sim, char *buf, uint64_t addr)
{
	if (sim->arch->phys_64bit)
		snprintf(buf, 19, "0x%016" PRIx64, addr);
	else
		snprintf(buf, 19, "0x%08" PRIx32, (uint32_t)addr);
	return buf;
}

uint64_t cms_cma_min_alignment_bytes(const struct cmasim *sim)
{
	return sim->page_size << sim->pageblock_order;
}

/* MAX_CMA_AREAS: 6.1 adds one slot for the global area, 6.12 does not. */
static unsigned int max_cma_areas(const struct cmasim *sim)
{
	unsigned int n = (unsigned int)cms_knob(sim, CMS_KNOB_CMA_AREAS);

	return is_v61(sim) ? n + 1 : n;
}

struct cms_cma_state *cms_cma_state(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;

	if (st)
		return st;
	st = g_try_new0(struct cms_cma_state, 1);
	if (!st)
		return NULL;
	st->max_areas = max_cma_areas(sim);
	st->areas = g_try_new0(struct cms_cma_area, st->max_areas);
	if (!st->areas) {
		g_free(st);
		return NULL;
	}
	sim->cma = st;
	return st;
}

void cms_cma_fini(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;

	if (!st)
		return;
	for (unsigned int i = 0; i < st->area_count; i++)
		g_free(st->areas[i].bitmap);
	g_free(st->areas);
	g_free(st);
	sim->cma = NULL;
}

void cms_cma_set_highmem_start(struct cmasim *sim, uint64_t addr)
{
	struct cms_cma_state *st = cms_cma_state(sim);

	if (!st)
		return;
	st->highmem_start = addr;
	st->highmem_start_set = true;
}

uint64_t cms_cma_highmem_start(struct cmasim *sim)
{
	uint64_t end = cms_memblock_end_of_DRAM(sim);
	struct cms_cma_state *st = sim->cma;

	if (st && st->highmem_start_set)
		return st->highmem_start;
	if (sim->arch->lowmem_size) {
		uint64_t low = cms_memblock_start_of_DRAM(sim) +
			       sim->arch->lowmem_size;

		return cms_min_u64(low, end);
	}
	return end;
}

int cms_cma_init_reserved_mem(struct cmasim *sim, uint64_t base,
			      uint64_t size, unsigned int order_per_bit,
			      const char *name, struct cms_cma_area **res_cma,
			      const char **why)
{
	struct cms_cma_state *st = cms_cma_state(sim);
	uint64_t min_align = cms_cma_min_alignment_bytes(sim);
	struct cms_cma_area *cma;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!st) {
		*why = "host memory exhausted";
		return -ENOMEM;
	}
	if (st->area_count == st->max_areas) {
		cms_pr_err(sim, "Not enough slots for CMA reserved regions!\n");
		*why = "every MAX_CMA_AREAS slot is in use (raise CMA_AREAS)";
		return -ENOSPC;
	}
	if (!size) {
		*why = "size is 0";
		return -EINVAL;
	}
	if (!cms_memblock_is_region_reserved(sim, base, size)) {
		*why = "the range is not memblock-reserved";
		return -EINVAL;
	}
	if (!cms_is_aligned(base | size, min_align)) {
		*why = "base or size is not aligned to CMA_MIN_ALIGNMENT_BYTES (the pageblock size)";
		return -EINVAL;
	}

	cma = &st->areas[st->area_count];
	memset(cma, 0, sizeof(*cma));
	/*
	 * The kernel hands @name to snprintf as the format; we copy it
	 * literally.  Its anonymous format "cma%d\n" keeps the newline.
	 */
	if (name)
		g_strlcpy(cma->name, name, sizeof(cma->name));
	else
		snprintf(cma->name, sizeof(cma->name), "cma%u\n", st->area_count);
	cma->base_pfn = base >> sim->page_shift;
	cma->count = size >> sim->page_shift;
	cma->order_per_bit = order_per_bit;
	cma->page_shift = sim->page_shift;
	cma->nid = CMASIM_NUMA_NO_NODE;
	*res_cma = cma;
	st->area_count++;
	sim->totalcma_pages += cma->count;
	return 0;
}

/*
 * memblock_alloc_range_nid(..., exact_nid = true): the base, or 0 when
 * nothing fits, as the kernel returns it.
 */
static uint64_t alloc_range(struct cmasim *sim, uint64_t size, uint64_t align,
			    uint64_t start, uint64_t end, int nid)
{
	uint64_t addr = 0;

	if (cms_memblock_alloc_range_nid(sim, size, align, start, end, nid,
					 true, "cma_declare_contiguous_nid",
					 &addr))
		return 0;
	return addr;
}

int cms_cma_declare_contiguous_nid(struct cmasim *sim, uint64_t base,
				   uint64_t size, uint64_t limit,
				   uint64_t alignment, unsigned int order_per_bit,
				   bool fixed, const char *name,
				   struct cms_cma_area **res_cma, int nid,
				   const char **why)
{
	struct cms_cma_state *st = cms_cma_state(sim);
	uint64_t memblock_end = cms_memblock_end_of_DRAM(sim);
	uint64_t highmem_start = cms_cma_highmem_start(sim);
	bool node_in_log = sim->ver->cma_log_node;
	char b1[20], b2[20], b3[20], b4[20];
	const char *dummy;
	int ret;

	if (!why)
		why = &dummy;
	if (!st) {
		*why = "host memory exhausted";
		return -ENOMEM;
	}
	base = phys(sim, base);
	size = phys(sim, size);
	limit = phys(sim, limit);
	alignment = phys(sim, alignment);

	cms_pr_debug_if(sim, cms_knob(sim, CMS_KNOB_CMA_DEBUG),
			"cma_declare_contiguous_nid(size %s, base %s, limit %s alignment %s)\n",
			cms_fmt_pa(sim, b1, size), cms_fmt_pa(sim, b2, base),
			cms_fmt_pa(sim, b3, limit),
			cms_fmt_pa(sim, b4, alignment));

	if (st->area_count == st->max_areas) {
		cms_pr_err(sim, "Not enough slots for CMA reserved regions!\n");
		*why = "every MAX_CMA_AREAS slot is in use (raise CMA_AREAS)";
		return -ENOSPC;
	}
	if (!size) {
		*why = "size is 0";
		return -EINVAL;
	}
	if (alignment && !cms_is_power_of_2(alignment)) {
		*why = "alignment is not a power of 2";
		return -EINVAL;
	}
	/* 6.12 drops the node without CONFIG_NUMA; 6.1 keeps it. */
	if (!is_v61(sim) && !cms_knob(sim, CMS_KNOB_NUMA))
		nid = CMASIM_NUMA_NO_NODE;

	alignment = cms_max_u64(alignment, cms_cma_min_alignment_bytes(sim));
	if (fixed && (base & (alignment - 1))) {
		cms_pr_err(sim, "Region at %s must be aligned to %s bytes\n",
			   cms_fmt_pa(sim, b1, base),
			   cms_fmt_pa(sim, b2, alignment));
		*why = "a fixed base must be aligned to the (raised) alignment";
		ret = -EINVAL;
		goto err;
	}
	base = phys(sim, cms_align_up(base, alignment));
	size = phys(sim, cms_align_up(size, alignment));
	limit &= ~(alignment - 1);

	if (!base)
		fixed = false;

	if (!cms_is_aligned(size >> sim->page_shift, UINT64_C(1) << order_per_bit)) {
		*why = "size in pages is not a multiple of 2^order_per_bit";
		return -EINVAL;
	}

	if (fixed && base < highmem_start &&
	    phys(sim, base + size) > highmem_start) {
		cms_pr_err(sim, "Region at %s defined on low/high memory boundary (%s)\n",
			   cms_fmt_pa(sim, b1, base),
			   cms_fmt_pa(sim, b2, highmem_start));
		*why = "a fixed region may not cross the low/high memory boundary";
		ret = -EINVAL;
		goto err;
	}

	if (limit == 0 || limit > memblock_end)
		limit = memblock_end;

	if (phys(sim, base + size) > limit) {
		cms_pr_err(sim, "Size (%s) of region at %s exceeds limit (%s)\n",
			   cms_fmt_pa(sim, b1, size), cms_fmt_pa(sim, b2, base),
			   cms_fmt_pa(sim, b3, limit));
		*why = "base + size lies beyond the limit (or the end of DRAM)";
		ret = -EINVAL;
		goto err;
	}

	if (fixed) {
		if (cms_memblock_is_region_reserved(sim, base, size) ||
		    cms_memblock_reserve(sim, base, size,
					 "cma_declare_contiguous_nid") < 0) {
			*why = "the fixed range overlaps a memblock reservation";
			ret = -EBUSY;
			goto err;
		}
	} else {
		uint64_t addr = 0;
		bool four_g = sim->arch->phys_64bit &&
			      !sim->memblock->bottom_up &&
			      memblock_end >= CMS_SZ_4G + size;

		/* 6.1 tries high memory first, then bottom-up from 4 GiB. */
		if (is_v61(sim) && base < highmem_start &&
		    limit > highmem_start) {
			addr = alloc_range(sim, size, alignment, highmem_start,
					   limit, nid);
			limit = highmem_start;
		}
		/*
		 * Bottom-up from 4 GiB (not from base) on a large machine.
		 * 6.1 runs it even after a highmem hit, as the kernel does.
		 */
		if (four_g) {
			sim->memblock->bottom_up = true;
			addr = alloc_range(sim, size, alignment, CMS_SZ_4G,
					   limit, nid);
			sim->memblock->bottom_up = false;
		}
		/* 6.12 tries high memory after the 4 GiB pass. */
		if (!is_v61(sim) && !addr && base < highmem_start &&
		    limit > highmem_start) {
			addr = alloc_range(sim, size, alignment, highmem_start,
					   limit, nid);
			limit = highmem_start;
		}
		if (!addr) {
			addr = alloc_range(sim, size, alignment, base, limit,
					   nid);
			if (!addr) {
				*why = "no free memblock range of that size and alignment below the limit";
				ret = -ENOMEM;
				goto err;
			}
		}
		base = addr;
	}

	ret = cms_cma_init_reserved_mem(sim, base, size, order_per_bit, name,
					res_cma, why);
	if (ret)
		goto free_mem;
	(*res_cma)->nid = nid;

	if (node_in_log)
		cms_pr_info(sim, "Reserved %ld MiB at %s on node %d\n",
			    size_mib(sim, size), cms_fmt_pa(sim, b1, base), nid);
	else
		cms_pr_info(sim, "Reserved %ld MiB at %s\n", size_mib(sim, size),
			    cms_fmt_pa(sim, b1, base));
	return 0;

free_mem:
	cms_memblock_phys_free(sim, base, size, "cma_declare_contiguous_nid");
err:
	if (node_in_log)
		cms_pr_err(sim, "Failed to reserve %ld MiB on node %d\n",
			   size_mib(sim, size), nid);
	else
		cms_pr_err(sim, "Failed to reserve %ld MiB\n", size_mib(sim, size));
	return ret;
}

/* ---- Activation (core_initcall cma_init_reserved_areas) ---- */

static int activate_area(struct cmasim *sim, struct cms_cma_area *cma,
			 const struct cms_cma_page_ops *ops)
{
	uint64_t nbits = cma->count >> cma->order_per_bit;
	uint64_t pb_pages = UINT64_C(1) << sim->pageblock_order;
	uint64_t end = cma->base_pfn + cma->count;
	struct cms_zone *zone;

	cma->bitmap = g_try_new0(uint64_t, (nbits + 63) / 64);
	if (!cma->bitmap && nbits) {
		cms_explain(sim, "cma: area %s: no host memory for its bitmap",
			    cma->name);
		goto out_error;
	}
	cma->bitmap_bits = nbits;

	if (!ops->pfn_zone) {
		/* no page model in this build: the bitmap is all there is */
		cma->activated = true;
		return 0;
	}
	zone = ops->pfn_zone(sim, cma->base_pfn);
	for (uint64_t pfn = cma->base_pfn; pfn < end; pfn++) {
		struct cms_zone *z = ops->pfn_zone(sim, pfn);

		/*
		 * !pfn_valid(): the kernel WARNs, then page_zone() reads a
		 * struct page that is not there and faults in PID 1.
		 */
		if (!z) {
			cms_explain(sim, "cma: area %s: pfn 0x%" PRIx64 " has no struct page (past the end of memory): cma_activate_area() faults on it and the kernel dies at core_initcall",
				    cma->name, pfn);
			g_free(cma->bitmap);
			cma->bitmap = NULL;
			cma->bitmap_bits = 0;
			return -EFAULT;
		}
		if (z != zone) {
			cms_explain(sim, "cma: area %s spans two zones (pfn 0x%" PRIx64 " starts another): alloc_contig_range needs one zone",
				    cma->name, pfn);
			goto not_in_zone;
		}
	}
	for (uint64_t pfn = cma->base_pfn; pfn < end; pfn += pb_pages)
		ops->init_cma_reserved_pageblock(sim, pfn);
	cma->activated = true;
	return 0;

not_in_zone:
	g_free(cma->bitmap);
	cma->bitmap = NULL;
	cma->bitmap_bits = 0;
out_error:
	if (!cma->reserve_pages_on_error)
		for (uint64_t pfn = cma->base_pfn; pfn < end; pfn++)
			ops->free_reserved_page(sim, pfn);
	sim->totalcma_pages -= cma->count;
	cma->count = 0;
	cms_pr_err(sim, "CMA area %s could not be activated\n", cma->name);
	return 0;
}

int cms_cma_activate_areas(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;
	struct cms_cma_page_ops ops;

	if (!st || !st->area_count) {
		if (st)
			st->initcall_done = true;
		return 0;
	}
	if (st->initcall_done)
		return -EALREADY;
	ops = st->page_ops;
	if (!ops.pfn_zone != !ops.init_cma_reserved_pageblock ||
	    !ops.pfn_zone != !ops.free_reserved_page) {
		cms_sim_bug(sim, "cma: page allocator hooks only partly installed");
		return -EINVAL;
	}
	if (!ops.pfn_zone && sim->mm) {
		/* the page allocator of lib/zone.c, lib/buddy.c */
		ops.pfn_zone = cms_pfn_zone;
		ops.init_cma_reserved_pageblock = cms_init_cma_reserved_pageblock;
		ops.free_reserved_page = cms_free_reserved_page;
	}
	if (!ops.pfn_zone)
		cms_explain(sim, "cma: no page allocator set up (free_area_init did not run): areas get their bitmaps, without the zone check or MIGRATE_CMA pageblocks");
	st->initcall_done = true;
	for (unsigned int i = 0; i < st->area_count; i++) {
		int ret = activate_area(sim, &st->areas[i], &ops);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---- Checker ---- */

int cms_cma_check(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;
	uint64_t pb_pages = UINT64_C(1) << sim->pageblock_order;
	uint64_t total = 0;
	int ret = 0;

#define CMA_BROKEN(...)						\
	do {							\
		cms_sim_bug(sim, "cma: " __VA_ARGS__);		\
		ret = -EUCLEAN;					\
	} while (0)

	/*
	 * No area was ever declared: totalcma_pages is not ours to check
	 * (page-allocator tests set it to fake a CMA reservation).
	 */
	if (!st)
		return ret;
	if (st->area_count > st->max_areas)
		CMA_BROKEN("%u areas in %u slots", st->area_count,
			   st->max_areas);
	for (unsigned int i = 0; i < st->area_count && i < st->max_areas; i++) {
		const struct cms_cma_area *a = &st->areas[i];
		uint64_t end = a->base_pfn + a->count;

		total += a->count;
		if (!a->count) {
			if (!st->initcall_done || a->activated || a->bitmap)
				CMA_BROKEN("area %s has no pages but is not a failed activation",
					   a->name);
			continue;
		}
		if (!cms_is_aligned(a->base_pfn | a->count, pb_pages))
			CMA_BROKEN("area %s [pfn 0x%" PRIx64 "+0x%" PRIx64 ") not pageblock aligned",
				   a->name, a->base_pfn, a->count);
		if (!cms_is_aligned(a->count, UINT64_C(1) << a->order_per_bit))
			CMA_BROKEN("area %s: count %" PRIu64 " not a multiple of 2^%u",
				   a->name, a->count, a->order_per_bit);
		if (sim->memblock->memory.cnt &&
		    ((a->base_pfn << sim->page_shift) < cms_memblock_start_of_DRAM(sim) ||
		     (end << sim->page_shift) > cms_memblock_end_of_DRAM(sim)))
			CMA_BROKEN("area %s lies outside memory", a->name);
		if (!st->initcall_done &&
		    !cms_memblock_is_region_reserved(sim, a->base_pfn << sim->page_shift,
						     a->count << sim->page_shift))
			CMA_BROKEN("area %s is not memblock-reserved", a->name);
		if (a->activated && !a->bitmap)
			CMA_BROKEN("area %s is active without a bitmap", a->name);
		if (a->activated && a->bitmap_bits != a->count >> a->order_per_bit)
			CMA_BROKEN("area %s: bitmap of %" PRIu64 " bits for %" PRIu64 " pages",
				   a->name, a->bitmap_bits, a->count);
		if (!a->activated && a->bitmap)
			CMA_BROKEN("area %s has a bitmap before activation", a->name);
		for (unsigned int j = 0; j < i; j++) {
			const struct cms_cma_area *b = &st->areas[j];

			if (b->count && a->base_pfn < b->base_pfn + b->count &&
			    b->base_pfn < end)
				CMA_BROKEN("areas %s and %s overlap", a->name,
					   b->name);
		}
	}
	if (total != sim->totalcma_pages)
		CMA_BROKEN("totalcma_pages %" PRIu64 " but the areas hold %" PRIu64,
			   sim->totalcma_pages, total);
#undef CMA_BROKEN
	return ret;
}

/* ---- Public API ---- */

static int public_prologue(struct cmasim *sim, const char *fn)
{
	if (!sim)
		return -EINVAL;
	if (!cms_knob(sim, CMS_KNOB_CMA)) {
		cms_client_bug(sim, "%s: CMA is configured out (CONFIG_CMA=n)", fn);
		return -EOPNOTSUPP;
	}
	if (sim->phase != CMS_PHASE_EARLY) {
		cms_client_bug(sim, "%s: only valid in the early-boot phase (it is __init)", fn);
		return -EPERM;
	}
	return 0;
}

static void report(struct cmasim *sim, const char *fn, int ret,
		   const char *why)
{
	if (!ret)
		return;
	if (ret == -EINVAL || ret == -EBUSY)
		cms_client_bug(sim, "%s: %s", fn, why ? why : "invalid argument");
	else
		cms_explain(sim, "%s failed: %s", fn, why ? why : "");
}

/* The arguments both declaring entry points share. */
static int check_area_args(struct cmasim *sim, const char *fn,
			   struct cmasim_cma **res_cma,
			   unsigned int order_per_bit)
{
	if (!res_cma) {
		cms_client_bug(sim, "%s: res_cma is NULL", fn);
		return -EINVAL;
	}
	if (order_per_bit >= 64 - sim->page_shift) {
		cms_client_bug(sim, "%s: order_per_bit %u is too large", fn,
			       order_per_bit);
		return -EINVAL;
	}
	return 0;
}

int cmasim_cma_declare_contiguous_nid(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		cmasim_phys_addr_t limit, cmasim_phys_addr_t alignment,
		unsigned int order_per_bit, bool fixed, const char *name,
		int nid, struct cmasim_cma **res_cma)
{
	static const char fn[] = "cmasim_cma_declare_contiguous_nid";
	struct cms_cma_area *cma = NULL;
	const char *why = NULL;
	int ret = public_prologue(sim, fn);

	if (ret)
		return ret;
	ret = check_area_args(sim, fn, res_cma, order_per_bit);
	if (ret)
		return ret;
	if (nid != CMASIM_NUMA_NO_NODE &&
	    (nid < 0 || (unsigned int)nid >= sim->max_numnodes)) {
		cms_client_bug(sim, "%s: nid %d is not a node id (MAX_NUMNODES %u)",
			       fn, nid, sim->max_numnodes);
		return -EINVAL;
	}
	ret = cms_cma_declare_contiguous_nid(sim, base, size, limit, alignment,
					     order_per_bit, fixed, name, &cma,
					     nid, &why);
	report(sim, fn, ret, why);
	if (!ret)
		*res_cma = (struct cmasim_cma *)cms_cma_handle(cma);
	return ret;
}

int cmasim_cma_declare_contiguous(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		cmasim_phys_addr_t limit, cmasim_phys_addr_t alignment,
		unsigned int order_per_bit, bool fixed, const char *name,
		struct cmasim_cma **res_cma)
{
	return cmasim_cma_declare_contiguous_nid(sim, base, size, limit,
						 alignment, order_per_bit,
						 fixed, name,
						 CMASIM_NUMA_NO_NODE, res_cma);
}

int cmasim_cma_init_reserved_mem(struct cmasim *sim,
		cmasim_phys_addr_t base, cmasim_phys_addr_t size,
		unsigned int order_per_bit, const char *name,
		struct cmasim_cma **res_cma)
{
	static const char fn[] = "cmasim_cma_init_reserved_mem";
	struct cms_cma_area *cma = NULL;
	const char *why = NULL;
	int ret = public_prologue(sim, fn);

	if (ret)
		return ret;
	ret = check_area_args(sim, fn, res_cma, order_per_bit);
	if (ret)
		return ret;
	ret = cms_cma_init_reserved_mem(sim, base, size, order_per_bit, name,
					&cma, &why);
	report(sim, fn, ret, why);
	if (!ret)
		*res_cma = (struct cmasim_cma *)cms_cma_handle(cma);
	return ret;
}

int cmasim_cma_reserve_pages_on_error(struct cmasim *sim,
				      struct cmasim_cma *cma)
{
	static const char fn[] = "cmasim_cma_reserve_pages_on_error";
	int ret = public_prologue(sim, fn);

	if (ret)
		return ret;
	if (!cma) {
		cms_client_bug(sim, "%s: cma is NULL", fn);
		return -EINVAL;
	}
	cms_cma_area_of(cma)->reserve_pages_on_error = true;
	return 0;
}

cmasim_phys_addr_t cmasim_cma_get_base(const struct cmasim_cma *cma)
{
	const struct cms_cma_area *a = cms_cma_area_of(cma);

	return a->base_pfn << a->page_shift;
}

uint64_t cmasim_cma_get_size(const struct cmasim_cma *cma)
{
	const struct cms_cma_area *a = cms_cma_area_of(cma);

	return a->count << a->page_shift;
}

cmasim_pfn_t cmasim_cma_get_base_pfn(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->base_pfn;
}

uint64_t cmasim_cma_get_count(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->count;
}

const char *cmasim_cma_get_name(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->name;
}

unsigned int cmasim_cma_get_order_per_bit(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->order_per_bit;
}

int cmasim_cma_get_nid(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->nid;
}

bool cmasim_cma_is_active(const struct cmasim_cma *cma)
{
	return cms_cma_area_of(cma)->activated;
}

unsigned int cmasim_cma_area_count(const struct cmasim *sim)
{
	return sim->cma ? sim->cma->area_count : 0;
}

unsigned int cmasim_cma_max_areas(const struct cmasim *sim)
{
	return max_cma_areas(sim);
}

uint64_t cmasim_cma_total_pages(const struct cmasim *sim)
{
	return sim->totalcma_pages;
}

int cmasim_cma_for_each_area(const struct cmasim *sim, cmasim_cma_iter_fn fn,
			     void *data)
{
	const struct cms_cma_state *st = sim->cma;

	if (!st || !fn)
		return 0;
	for (unsigned int i = 0; i < st->area_count; i++) {
		int ret = fn(cms_cma_handle(&st->areas[i]), data);

		if (ret)
			return ret;
	}
	return 0;
}

struct cmasim_cma *cmasim_cma_find(const struct cmasim *sim, const char *name)
{
	const struct cms_cma_state *st = sim->cma;

	if (!st || !name)
		return NULL;
	for (unsigned int i = 0; i < st->area_count; i++)
		if (!strcmp(st->areas[i].name, name))
			return (struct cmasim_cma *)cms_cma_handle(&st->areas[i]);
	return NULL;
}
