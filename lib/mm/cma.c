// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Contiguous Memory Allocator: the area table, declaring areas from
 * memblock at boot (cma_declare_contiguous_nid, cma_init_reserved_mem),
 * activating them at core_initcall time (cma_init_reserved_areas),
 * cma_alloc() and cma_release() at run time, the getters and the
 * iteration.  Mirrors mm/cma.c of Linux 6.1 and 6.12; the differences
 * between the two are rules of the version profile (sim->ver).
 *
 * The allocation loop marks a window of the area's bitmap, asks
 * alloc_contig_range() for the pages behind it, and on -EBUSY unmarks it
 * and moves the search start to bitmap_no + mask + 1, with no retry cap;
 * the loop ends when the window search runs off the bitmap.  The two
 * modelled versions differ in small, visible ways, kept here:
 *
 *   6.1:  cma_alloc(); a zero or oversized count still counts as a failed
 *         allocation (vmstat and sysfs); cma_debug_show_areas() exists only
 *         with CONFIG_CMA_DEBUG; trace cma_alloc_finish has no errorno.
 *   6.12: __cma_alloc() (its __func__ is in the log lines); a zero or
 *         oversized count returns before any accounting; the free-range
 *         dump is always built; trace cma_alloc_finish carries errorno.
 *
 * %p: the kernel hashes pointers, and before the random pointer key is
 * ready (qemu boots without entropy) it prints "(____ptrval____)", which
 * is what every capture shows ("(ptrval)" with 32-bit pointers).  We
 * print that for any non-NULL pointer and zeros of the pointer width for
 * NULL, so logs are deterministic and match the captures.
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
#include "core/bitmap.h"
#include "core/trace.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "mm/mmzone.h"
#include "mm/page_alloc_contig.h"
#include "mm/migrate.h"
#include "mm/policy.h"

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
	return (unsigned int)cms_knob(sim, CMS_KNOB_CMA_AREAS) +
	       sim->ver->cma_areas_extra_slot;
}

/* ---- State ---- */

int cms_cma_init(struct cmasim *sim)
{
	struct cms_cma_state *st = g_try_new0(struct cms_cma_state, 1);

	if (!st)
		return -ENOMEM;
	st->max_areas = max_cma_areas(sim);
	st->areas = g_try_new0(struct cmasim_cma, st->max_areas);
	st->windows = g_array_new(FALSE, FALSE,
				  sizeof(struct cmasim_cma_window));
	st->placements = g_array_new(FALSE, FALSE,
				     sizeof(struct cmasim_cma_placement));
	sim->cma = st;
	/* CMA=n: no CMA_AREAS, no slot */
	if (st->max_areas && !st->areas)
		return -ENOMEM;
	return 0;
}

void cms_cma_fini(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;

	if (!st)
		return;
	for (unsigned int i = 0; i < st->area_count; i++) {
		g_free(st->areas[i].bitmap);
		g_array_free(st->areas[i].mem_head, TRUE);
	}
	g_free(st->areas);
	g_array_free(st->windows, TRUE);
	g_array_free(st->placements, TRUE);
	g_free(st);
	sim->cma = NULL;
}

int cms_cma_lookup(const struct cmasim *sim, const char *name)
{
	const struct cms_cma_state *st = sim->cma;

	for (unsigned int i = 0; i < st->area_count; i++)
		if (!strcmp(st->areas[i].name, name))
			return (int)i;
	return -ENOENT;
}

void cms_cma_set_highmem_start(struct cmasim *sim, uint64_t addr)
{
	struct cms_cma_state *st = sim->cma;

	st->highmem_start = addr;
	st->highmem_start_set = true;
}

uint64_t cms_cma_highmem_start(struct cmasim *sim)
{
	uint64_t end = cms_memblock_end_of_DRAM(sim);
	struct cms_cma_state *st = sim->cma;

	if (st->highmem_start_set)
		return st->highmem_start;
	if (sim->arch->lowmem_size) {
		uint64_t low = cms_memblock_start_of_DRAM(sim) +
			       sim->arch->lowmem_size;

		return cms_min_u64(low, end);
	}
	return end;
}

/* ---- Placement records ---- */

/*
 * A declaration's record, begun with its arguments; the placement code
 * fills in the rounding and the passes as it decides them.
 */
static void placement_begin(struct cmasim *sim,
			    struct cmasim_cma_placement *pl,
			    enum cmasim_cma_origin origin, const char *name,
			    uint64_t base, uint64_t size, uint64_t limit,
			    uint64_t alignment, bool fixed, int nid)
{
	memset(pl, 0, sizeof(*pl));
	pl->origin = origin;
	if (name)
		g_strlcpy(pl->name, name, sizeof(pl->name));
	else
		snprintf(pl->name, sizeof(pl->name), "cma%u\n",
			 sim->cma->area_count);
	pl->nid = nid;
	pl->req_base = pl->base = base;
	pl->req_size = pl->size = size;
	pl->req_limit = pl->limit = limit;
	pl->req_alignment = pl->alignment = alignment;
	pl->req_fixed = pl->fixed = fixed;
	pl->min_alignment = cms_cma_min_alignment_bytes(sim);
	pl->memblock_end = cms_memblock_end_of_DRAM(sim);
	pl->highmem_start = cms_cma_highmem_start(sim);
	pl->memblock_bottom_up = sim->memblock->bottom_up;
}

static void placement_pass(struct cmasim_cma_placement *pl,
			   enum cmasim_cma_pass_kind kind, uint64_t start,
			   uint64_t end, bool bottom_up, uint64_t addr)
{
	struct cmasim_cma_pass *p;

	if (pl->nr_passes == CMASIM_CMA_MAX_PASSES)
		return;
	p = &pl->passes[pl->nr_passes++];
	p->kind = kind;
	p->start = start;
	p->end = end;
	p->bottom_up = bottom_up;
	p->found = addr != 0;
	p->addr = addr;
}

/*
 * Keep the record; called just before the outcome's first dmesg line
 * (@logged) so that a log handler receiving that line finds it.
 */
static void placement_end(struct cmasim *sim, struct cmasim_cma_placement *pl,
			  int err, const char *why,
			  const struct cmasim_cma *cma, bool logged)
{
	pl->err = err;
	pl->why = err ? why : NULL;
	pl->cma = err ? NULL : cma;
	pl->placed = err ? 0 : pl->base;
	pl->logged = logged;
	g_array_append_val(sim->cma->placements, *pl);
}

/*
 * cma_init_reserved_mem() proper: the slot and the checks.  The "Not
 * enough slots" line is the outcome's first line, so @pl is recorded
 * before it.
 */
static int init_area(struct cmasim *sim, uint64_t base, uint64_t size,
		     unsigned int order_per_bit, const char *name,
		     struct cmasim_cma **res_cma, const char **why,
		     struct cmasim_cma_placement *pl)
{
	struct cms_cma_state *st = sim->cma;
	uint64_t min_align = cms_cma_min_alignment_bytes(sim);
	struct cmasim_cma *cma;
	GArray *mem_head;

	if (st->area_count == st->max_areas) {
		*why = "every MAX_CMA_AREAS slot is in use (raise CMA_AREAS)";
		placement_end(sim, pl, -ENOSPC, *why, NULL, true);
		cms_pr_err(sim, "Not enough slots for CMA reserved regions!\n");
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

	mem_head = g_array_new(FALSE, FALSE, sizeof(struct cms_cma_mem));
	cma = &st->areas[st->area_count];
	memset(cma, 0, sizeof(*cma));
	cma->mem_head = mem_head;
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
	cma->owner = sim;
	*res_cma = cma;
	st->area_count++;
	sim->mm->totalcma_pages += cma->count;
	return 0;
}

int cms_cma_init_reserved_mem(struct cmasim *sim, uint64_t base,
			      uint64_t size, unsigned int order_per_bit,
			      const char *name, struct cmasim_cma **res_cma,
			      const char **why)
{
	struct cmasim_cma_placement pl;
	struct cmasim_cma *cma = NULL;
	const char *dummy = NULL;
	int ret;

	if (!why)
		why = &dummy;
	placement_begin(sim, &pl, CMASIM_CMA_PRERESERVED, name, base, size, 0,
			0, true, CMASIM_NUMA_NO_NODE);
	ret = init_area(sim, base, size, order_per_bit, name, &cma, why, &pl);
	if (ret == -ENOSPC)
		return ret;
	/* the caller logs the outcome ("Reserved memory: created ...") */
	placement_end(sim, &pl, ret, *why, cma, false);
	if (!ret)
		*res_cma = cma;
	return ret;
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
				   struct cmasim_cma **res_cma, int nid,
				   const char **why)
{
	struct cms_cma_state *st = sim->cma;
	uint64_t memblock_end = cms_memblock_end_of_DRAM(sim);
	uint64_t highmem_start = cms_cma_highmem_start(sim);
	bool node_in_log = sim->ver->cma_log_node;
	struct cmasim_cma_placement pl;
	char b1[20], b2[20], b3[20], b4[20];
	const char *dummy = NULL;
	int ret;

	if (!why)
		why = &dummy;
	base = phys(sim, base);
	size = phys(sim, size);
	limit = phys(sim, limit);
	alignment = phys(sim, alignment);

	cms_pr_debug_if(sim, cms_knob(sim, CMS_KNOB_CMA_DEBUG),
			"cma_declare_contiguous_nid(size %s, base %s, limit %s alignment %s)\n",
			cms_fmt_pa(sim, b1, size), cms_fmt_pa(sim, b2, base),
			cms_fmt_pa(sim, b3, limit),
			cms_fmt_pa(sim, b4, alignment));
	placement_begin(sim, &pl, CMASIM_CMA_DECLARED, name, base, size, limit,
			alignment, fixed, nid);

	if (st->area_count == st->max_areas) {
		*why = "every MAX_CMA_AREAS slot is in use (raise CMA_AREAS)";
		placement_end(sim, &pl, -ENOSPC, *why, NULL, true);
		cms_pr_err(sim, "Not enough slots for CMA reserved regions!\n");
		return -ENOSPC;
	}
	if (!size) {
		*why = "size is 0";
		placement_end(sim, &pl, -EINVAL, *why, NULL, false);
		return -EINVAL;
	}
	if (alignment && !cms_is_power_of_2(alignment)) {
		*why = "alignment is not a power of 2";
		placement_end(sim, &pl, -EINVAL, *why, NULL, false);
		return -EINVAL;
	}
	/* 6.12 drops the node without CONFIG_NUMA; 6.1 keeps it. */
	if (sim->ver->cma_nid_needs_numa && !cms_knob(sim, CMS_KNOB_NUMA))
		nid = CMASIM_NUMA_NO_NODE;
	pl.nid = nid;

	alignment = cms_max_u64(alignment, cms_cma_min_alignment_bytes(sim));
	pl.alignment = alignment;
	if (fixed && (base & (alignment - 1))) {
		*why = "a fixed base must be aligned to the (raised) alignment";
		ret = -EINVAL;
		placement_end(sim, &pl, ret, *why, NULL, true);
		cms_pr_err(sim, "Region at %s must be aligned to %s bytes\n",
			   cms_fmt_pa(sim, b1, base),
			   cms_fmt_pa(sim, b2, alignment));
		goto err;
	}
	base = phys(sim, cms_align_up(base, alignment));
	size = phys(sim, cms_align_up(size, alignment));
	limit &= ~(alignment - 1);

	if (!base)
		fixed = false;
	pl.base = base;
	pl.size = size;
	pl.fixed = fixed;

	if (!cms_is_aligned(size >> sim->page_shift, UINT64_C(1) << order_per_bit)) {
		*why = "size in pages is not a multiple of 2^order_per_bit";
		pl.limit = limit;
		placement_end(sim, &pl, -EINVAL, *why, NULL, false);
		return -EINVAL;
	}

	if (fixed && base < highmem_start &&
	    phys(sim, base + size) > highmem_start) {
		*why = "a fixed region may not cross the low/high memory boundary";
		ret = -EINVAL;
		pl.limit = limit;
		placement_end(sim, &pl, ret, *why, NULL, true);
		cms_pr_err(sim, "Region at %s defined on low/high memory boundary (%s)\n",
			   cms_fmt_pa(sim, b1, base),
			   cms_fmt_pa(sim, b2, highmem_start));
		goto err;
	}

	if (limit == 0 || limit > memblock_end)
		limit = memblock_end;
	pl.limit = limit;

	if (phys(sim, base + size) > limit) {
		*why = "base + size lies beyond the limit (or the end of DRAM)";
		ret = -EINVAL;
		placement_end(sim, &pl, ret, *why, NULL, true);
		cms_pr_err(sim, "Size (%s) of region at %s exceeds limit (%s)\n",
			   cms_fmt_pa(sim, b1, size), cms_fmt_pa(sim, b2, base),
			   cms_fmt_pa(sim, b3, limit));
		goto err;
	}

	if (fixed) {
		if (cms_memblock_is_region_reserved(sim, base, size) ||
		    cms_memblock_reserve(sim, base, size,
					 "cma_declare_contiguous_nid") < 0) {
			*why = "the fixed range overlaps a memblock reservation";
			ret = -EBUSY;
			placement_pass(&pl, CMASIM_CMA_PASS_FIXED, base,
				       base + size, false, 0);
			placement_end(sim, &pl, ret, *why, NULL, true);
			goto err;
		}
		placement_pass(&pl, CMASIM_CMA_PASS_FIXED, base, base + size,
			       false, base);
	} else {
		uint64_t addr = 0;
		bool four_g = sim->arch->phys_64bit &&
			      !sim->memblock->bottom_up &&
			      memblock_end >= CMS_SZ_4G + size;

		/* 6.1 tries high memory first, then bottom-up from 4 GiB. */
		if (sim->ver->cma_highmem_before_4g && base < highmem_start &&
		    limit > highmem_start) {
			addr = alloc_range(sim, size, alignment, highmem_start,
					   limit, nid);
			placement_pass(&pl, CMASIM_CMA_PASS_HIGHMEM,
				       highmem_start, limit,
				       sim->memblock->bottom_up, addr);
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
			placement_pass(&pl, CMASIM_CMA_PASS_ABOVE_4G, CMS_SZ_4G,
				       limit, true, addr);
		}
		/* 6.12 tries high memory after the 4 GiB pass. */
		if (!sim->ver->cma_highmem_before_4g && !addr &&
		    base < highmem_start &&
		    limit > highmem_start) {
			addr = alloc_range(sim, size, alignment, highmem_start,
					   limit, nid);
			placement_pass(&pl, CMASIM_CMA_PASS_HIGHMEM,
				       highmem_start, limit,
				       sim->memblock->bottom_up, addr);
			limit = highmem_start;
		}
		if (!addr) {
			addr = alloc_range(sim, size, alignment, base, limit,
					   nid);
			placement_pass(&pl, CMASIM_CMA_PASS_BELOW_LIMIT, base,
				       limit, sim->memblock->bottom_up, addr);
			if (!addr) {
				*why = "no free memblock range of that size and alignment below the limit";
				ret = -ENOMEM;
				placement_end(sim, &pl, ret, *why, NULL, true);
				goto err;
			}
		}
		base = addr;
		pl.base = base;
	}

	ret = init_area(sim, base, size, order_per_bit, name, res_cma, why,
			&pl);
	if (ret) {
		/* init_area() recorded the only failure it logs (-ENOSPC) */
		if (ret != -ENOSPC)
			placement_end(sim, &pl, ret, *why, NULL, true);
		goto free_mem;
	}
	(*res_cma)->nid = nid;
	placement_end(sim, &pl, 0, NULL, *res_cma, true);

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

/*
 * cma_activate_area(): the bitmap, the one-zone check alloc_contig_range
 * needs, then every pageblock becomes MIGRATE_CMA and goes to the buddy.
 * Return: 0, also when the area could not be activated (the kernel goes
 * on without it); -EFAULT a pfn of the area has no struct page, where the
 * kernel crashes.
 */
static int activate_area(struct cmasim *sim, struct cmasim_cma *cma)
{
	uint64_t nbits = cma->count >> cma->order_per_bit;
	uint64_t pb_pages = UINT64_C(1) << sim->pageblock_order;
	uint64_t end = cma->base_pfn + cma->count, walk_end;
	struct cms_zone *zone;

	cma->bitmap = g_try_new0(uint64_t, (nbits + 63) / 64);
	if (!cma->bitmap && nbits) {
		cms_explain(sim, "cma: area %s: no host memory for its bitmap",
			    cma->name);
		goto out_error;
	}
	cma->bitmap_bits = nbits;

	zone = cms_pfn_zone(sim, cma->base_pfn);
	/*
	 * Every pfn is in the zone of the first when the zone spans them
	 * all: the lookup below answers that zone for each (it is the one
	 * cms_pfn_zone() remembers), so only a range that leaves it is
	 * walked page by page.
	 */
	walk_end = zone && end - zone->start_pfn <= zone->spanned ?
		   cma->base_pfn : end;
	for (uint64_t pfn = cma->base_pfn; pfn < walk_end; pfn++) {
		struct cms_zone *z = cms_pfn_zone(sim, pfn);

		/*
		 * !pfn_valid(): the kernel WARNs, then page_zone() reads a
		 * struct page that is not there and faults in PID 1.  The
		 * boot ends here; the area is left as a failed activation
		 * whose pages stay reserved (none is freed, nothing is
		 * printed), so the instance stays consistent.
		 */
		if (!z) {
			cms_explain(sim, "cma: area %s: pfn 0x%" PRIx64 " has no struct page (past the end of memory): cma_activate_area() faults on it and the kernel dies at core_initcall",
				    cma->name, pfn);
			g_free(cma->bitmap);
			cma->bitmap = NULL;
			cma->bitmap_bits = 0;
			sim->mm->totalcma_pages -= cma->count;
			cma->count = 0;
			return -EFAULT;
		}
		if (z != zone) {
			cms_explain(sim, "cma: area %s spans two zones (pfn 0x%" PRIx64 " starts another): alloc_contig_range needs one zone",
				    cma->name, pfn);
			goto not_in_zone;
		}
	}
	for (uint64_t pfn = cma->base_pfn; pfn < end; pfn += pb_pages)
		cms_init_cma_reserved_pageblock(sim, pfn);
	cma->activated = true;
	return 0;

not_in_zone:
	g_free(cma->bitmap);
	cma->bitmap = NULL;
	cma->bitmap_bits = 0;
out_error:
	if (!cma->reserve_pages_on_error)
		for (uint64_t pfn = cma->base_pfn; pfn < end; pfn++)
			cms_free_reserved_page(sim, pfn);
	sim->mm->totalcma_pages -= cma->count;
	cma->count = 0;
	cms_pr_err(sim, "CMA area %s could not be activated\n", cma->name);
	return 0;
}

int cms_cma_activate_areas(struct cmasim *sim)
{
	struct cms_cma_state *st = sim->cma;

	if (st->initcall_done)
		return -EALREADY;
	if (!st->area_count) {
		st->initcall_done = true;
		return 0;
	}
	if (!sim->mm->freed) {
		cms_sim_bug(sim, "cma: cma_init_reserved_areas before memblock_free_all: the areas have no pages to hand over");
		return -EPERM;
	}
	st->initcall_done = true;
	for (unsigned int i = 0; i < st->area_count; i++) {
		int ret = activate_area(sim, &st->areas[i]);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---- cma_alloc / cma_release ---- */

/* %p of a non-NULL pointer before the hash key: "(ptrval)" on 32 bits */
static const char *ptrval(const struct cmasim *sim)
{
	return sim->arch->phys_64bit ? "(____ptrval____)" : "(ptrval)";
}

/* %p of NULL: zero-padded to the pointer width */
static const char *ptrnull(const struct cmasim *sim)
{
	return sim->arch->phys_64bit ? "0000000000000000" : "00000000";
}

/* pr_debug() in mm/cma.c: CONFIG_CMA_DEBUG defines DEBUG there. */
static bool cma_debug_on(const struct cmasim *sim)
{
	return cms_knob(sim, CMS_KNOB_CMA_DEBUG) != 0;
}

/* The kernel's __func__ of the allocation worker. */
static const char *alloc_func(const struct cmasim *sim)
{
	return sim->ver->cma_alloc_func_name;
}

/* cma_bitmap_aligned_mask() */
static uint64_t aligned_mask(const struct cmasim_cma *cma,
			     unsigned int align)
{
	if (align <= cma->order_per_bit)
		return 0;
	return (UINT64_C(1) << (align - cma->order_per_bit)) - 1;
}

/* cma_bitmap_aligned_offset() */
static uint64_t aligned_offset(const struct cmasim_cma *cma,
			       unsigned int align)
{
	return (cma->base_pfn & ((UINT64_C(1) << align) - 1)) >>
	       cma->order_per_bit;
}

/* cma_clear_bitmap() */
static void clear_bitmap(struct cmasim_cma *cma, uint64_t pfn,
			 uint64_t count)
{
	uint64_t bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;

	cms_bitmap_clear(cma->bitmap, bitmap_no,
			 cms_cma_pages_to_bits(cma, count));
}

/*
 * The pages of a successful cma_alloc() are the area's until cma_release():
 * a free_pages() of one would leave its bitmap bit naming a free page.
 */
static void mark_held(struct cmasim *sim, uint64_t pfn, uint64_t count)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);

	/* a chunk of the memory map at a time */
	for (uint64_t i = 0; i < count;) {
		struct cms_page *p = cms_zone_page(z, pfn + i);
		uint64_t n = cms_min_u64(count - i,
					 cms_zone_chunk_left(z, pfn + i));

		for (uint64_t k = 0; k < n; k++)
			p[k].flags |= CMS_PGF_CMA;
		i += n;
	}
}

/*
 * cma_debug_show_areas(): one pr_info line continued with pr_cont, the
 * free runs as "<pages>@<bit index>" joined by '+'.
 */
static void show_areas(struct cmasim *sim, const struct cmasim_cma *cma)
{
	uint64_t nbits = cms_cma_bitmap_maxno(cma);
	uint64_t start = 0, nr_total = 0;
	GString *s = g_string_new(NULL);

	for (;;) {
		uint64_t zero = cms_find_next_zero_bit(cma->bitmap, nbits,
						       start);
		uint64_t set, nr_part;

		if (zero >= nbits)
			break;
		set = cms_find_next_bit(cma->bitmap, nbits, zero);
		nr_part = (set - zero) << cma->order_per_bit;
		g_string_append_printf(s, "%s%" PRIu64 "@%" PRIu64,
				       nr_total ? "+" : "", nr_part, zero);
		nr_total += nr_part;
		start = set;
	}
	cms_pr_info(sim, "number of available pages: %s=> %" PRIu64
		    " free of %" PRIu64 " total pages", s->str, nr_total,
		    cma->count);
	g_string_free(s, TRUE);
}

/* count_vm_event(CMA_ALLOC_SUCCESS / CMA_ALLOC_FAIL) and the sysfs pages */
static void account(struct cmasim *sim, struct cmasim_cma *cma,
		    bool success, uint64_t count)
{
	sim->mm->ev[success ? CMS_EV_CMA_ALLOC_SUCCESS :
			      CMS_EV_CMA_ALLOC_FAIL]++;
	if (success)
		cma->nr_pages_succeeded += count;
	else
		cma->nr_pages_failed += count;
}

/* The longest run of clear bits, in pages (debugfs maxchunk). */
static uint64_t largest_free(const struct cmasim_cma *cma)
{
	uint64_t maxno = cms_cma_bitmap_maxno(cma), end = 0, best = 0;

	for (;;) {
		uint64_t start = cms_find_next_zero_bit(cma->bitmap, maxno, end);

		if (start >= maxno)
			break;
		end = cms_find_next_bit(cma->bitmap, maxno, start);
		best = cms_max_u64(best, end - start);
	}
	return best << cma->order_per_bit;
}

/*
 * %p of a struct page in trace output, as lib/trace.c prints it: the
 * simulated vmemmap address in 16 hex digits, or (null).
 */
static const char *page_ptr(const struct cmasim *sim, bool found, uint64_t pfn,
			    char buf[24])
{
	if (!found)
		return "(null)";
	/* %p pads to the pointer width: 8 digits on 32-bit arm */
	snprintf(buf, 24, "%0*llx", sim->arch->phys_64bit ? 16 : 8,
		 (unsigned long long)cms_trace_page_addr(sim, pfn));
	return buf;
}

/*
 * ---- Decision points ----
 * The kernel's window search and busy retry, inline; a policy's
 * find_window and busy_retry hooks (mm/policy.h) replace them when the
 * instance has them.
 */

/*
 * The window search: the first run of @nr_bits clear bits at or after
 * bit @start whose index plus @offset is a multiple of @mask + 1, or
 * cma_bitmap_maxno() when there is none (bitmap_find_next_zero_area_off,
 * first fit, in both versions).
 */
static uint64_t find_window(const struct cmasim_cma *cma, uint64_t start,
			    uint64_t nr_bits, uint64_t mask, uint64_t offset)
{
	return cms_bitmap_find_next_zero_area_off(cma->bitmap,
						  cms_cma_bitmap_maxno(cma),
						  start, (uint32_t)nr_bits,
						  mask, offset);
}

/*
 * The busy retry: after alloc_contig_range() failed with @ret on the
 * window at bit @bitmap_no, does cma_alloc try another, and from which
 * bit?  Only -EBUSY retries, with no cap, from the next aligned window
 * (bitmap_no + mask + 1).
 */
static bool busy_retry(int ret, uint64_t bitmap_no, uint64_t mask,
		       uint64_t *next_start)
{
	if (ret != -EBUSY)
		return false;
	*next_start = bitmap_no + mask + 1;
	return true;
}

/* The kernel's rules as hooks: the "kernel" built-in policy. */

uint64_t cms_kernel_find_window(const struct cmasim *sim, void *priv,
				const struct cmasim_policy_bitmap *bm,
				const struct cmasim_policy_window *w)
{
	return cms_bitmap_find_next_zero_area_off(bm->words, bm->nbits,
						  w->start,
						  (uint32_t)w->nr_bits,
						  w->mask, w->offset);
}

bool cms_kernel_busy_retry(const struct cmasim *sim, void *priv,
			   const struct cmasim_policy_bitmap *bm,
			   struct cmasim_policy_retry *r)
{
	return busy_retry(r->err, r->bitmap_no, r->mask, &r->next_start);
}

/* The read-only view of an area's bitmap the hooks get. */
static void bitmap_view(const struct cmasim_cma *cma,
			struct cmasim_policy_bitmap *bm)
{
	bm->area = cma->name;
	bm->base_pfn = cma->base_pfn;
	bm->count = cma->count;
	bm->order_per_bit = cma->order_per_bit;
	bm->nbits = cms_cma_bitmap_maxno(cma);
	bm->words = cma->bitmap;
}

/*
 * The find_window hook: its window, or cma_bitmap_maxno() when it has
 * none or gave one that is not free, aligned and inside the bitmap.
 */
static __attribute__((noinline)) uint64_t
policy_find_window(struct cmasim *sim, const struct cmasim_cma *cma,
		   uint64_t start, uint64_t nr_bits, uint64_t mask,
		   uint64_t offset, unsigned int attempt)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_bitmap bm;
	struct cmasim_policy_window w = {
		.start = start, .nr_bits = nr_bits, .mask = mask,
		.offset = offset, .attempt = attempt,
	};
	uint64_t bit;

	bitmap_view(cma, &bm);
	bit = p->hooks.find_window(sim, p->priv, &bm, &w);
	if (bit >= bm.nbits)
		return bm.nbits;
	if (nr_bits > bm.nbits - bit || ((bit + offset) & mask) ||
	    cms_bitmap_weight_range(cma->bitmap, bit, bit + nr_bits)) {
		cms_policy_bug(sim, "find_window",
			       "area %s: bit %" PRIu64 " does not start a free window of %" PRIu64 " bits (mask %#" PRIx64 ", offset %" PRIu64 "): the search ends",
			       cma->name, bit, nr_bits, mask, offset);
		return bm.nbits;
	}
	return bit;
}

/*
 * The busy_retry hook after window @attempt (counted from 1) at
 * @bitmap_no failed with @ret: true and *@next_start to go on.
 */
static __attribute__((noinline)) bool
policy_busy_retry(struct cmasim *sim, const struct cmasim_cma *cma, int ret,
		  uint64_t bitmap_no, uint64_t nr_bits, uint64_t mask,
		  unsigned int attempt, uint64_t *next_start)
{
	const struct cms_policy *p = sim->policy;
	struct cmasim_policy_bitmap bm;
	struct cmasim_policy_retry r = {
		.err = ret, .bitmap_no = bitmap_no, .nr_bits = nr_bits,
		.mask = mask, .attempt = attempt,
		.next_start = bitmap_no + mask + 1,
	};

	bitmap_view(cma, &bm);
	if (!p->hooks.busy_retry(sim, p->priv, &bm, &r))
		return false;
	if (attempt >= CMASIM_POLICY_MAX_WINDOWS) {
		cms_policy_bug(sim, "busy_retry",
			       "area %s: cma_alloc stopped after %u windows",
			       cma->name, attempt);
		return false;
	}
	sim->cma->backoff_us += r.backoff_us;
	*next_start = r.next_start;
	return true;
}

/* Keep why a window failed for cmasim_cma_alloc_window(). */
static void note_window(struct cmasim *sim,
			const struct cmasim_cma_window *w)
{
	g_array_append_val(sim->cma->windows, *w);
}

int cms_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
		  uint64_t count, unsigned int align, bool no_warn,
		  uint64_t *out_pfn)
{
	uint64_t mask, offset, maxno, bitmap_count, bitmap_no;
	/* the kernel's `unsigned long pfn = -1`: 32 bits on arm */
	uint64_t pfn = sim->arch->phys_64bit ? UINT64_MAX : UINT32_MAX;
	uint64_t start = 0;
	const struct cms_version_profile *ver = sim->ver;
	bool found = false;
	unsigned int windows = 0;
	struct cmasim_cma_window w;
	char pb[24];
	int ret = -ENOMEM;

	g_array_set_size(sim->cma->windows, 0);
	/* 6.12 traces the start before any check */
	if (ver->cma_alloc_traces_start_first &&
	    cms_trace_on(sim, cma_alloc_start))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_start,
			       "name=%s count=%" PRIu64 " align=%u", cma->name,
			       count, align);
	if (!cma->count || !cma->bitmap) {
		cms_explain(sim, "cma_alloc(%s): the area is not active", cma->name);
		if (ver->cma_alloc_counts_rejected)
			account(sim, cma, false, count);
		return -ENOMEM;
	}
	if (!ver->cma_debug_names_area)
		cms_pr_debug_if(sim, cma_debug_on(sim),
				"%s(cma %s, count %" PRIu64 ", align %u)\n",
				alloc_func(sim), ptrval(sim), count, align);
	else
		cms_pr_debug_if(sim, cma_debug_on(sim),
				"%s(cma %s, name: %s, count %" PRIu64
				", align %u)\n", alloc_func(sim), ptrval(sim),
				cma->name, count, align);
	if (!count) {
		cms_explain(sim, "cma_alloc(%s): count 0 allocates nothing",
			    cma->name);
		if (ver->cma_alloc_counts_rejected)
			account(sim, cma, false, count);
		return -ENOMEM;
	}
	if (!ver->cma_alloc_traces_start_first &&
	    cms_trace_on(sim, cma_alloc_start))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_start,
			       "name=%s count=%" PRIu64 " align=%u", cma->name,
			       count, align);

	mask = aligned_mask(cma, align);
	offset = aligned_offset(cma, align);
	maxno = cms_cma_bitmap_maxno(cma);
	bitmap_count = cms_cma_pages_to_bits(cma, count);

	if (bitmap_count > maxno) {
		cms_explain(sim, "cma_alloc(%s): %" PRIu64 " pages is more than the area's %" PRIu64,
			    cma->name, count, cma->count);
		if (ver->cma_alloc_counts_rejected)
			account(sim, cma, false, count);
		return -ENOMEM;
	}

	for (;;) {
		if (sim->policy->hooks.find_window)
			bitmap_no = policy_find_window(sim, cma, start,
						       bitmap_count, mask,
						       offset, windows);
		else
			bitmap_no = find_window(cma, start, bitmap_count, mask,
						offset);
		if (bitmap_no >= maxno) {
			if (ret == -ENOMEM) {
				uint64_t big = largest_free(cma);

				cms_explain(sim, "cma_alloc(%s): no free window of %" PRIu64 " pages: largest is %" PRIu64 "%s",
					    cma->name, count, big,
					    align && big >= count ?
					    " (none of them aligned as asked)" : "");
				memset(&w, 0, sizeof(w));
				w.reason = CMASIM_CMA_NO_WINDOW;
				w.err = -ENOMEM;
				w.start = cma->base_pfn;
				w.end = cma->base_pfn + cma->count;
				snprintf(w.text, sizeof(w.text),
					 "no free window of %" PRIu64 " pages: largest is %" PRIu64,
					 count, big);
				note_window(sim, &w);
			} else {
				cms_explain(sim, "cma_alloc(%s): every window of %" PRIu64 " pages was tried (%u busy); the last failure stands",
					    cma->name, count, windows);
			}
			break;
		}
		cms_bitmap_set(cma->bitmap, bitmap_no, bitmap_count);
		pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
		windows++;
		sim->cma->nr_windows++;
		memset(&w, 0, sizeof(w));
		ret = cms_alloc_contig_range(sim, pfn, pfn + count,
					     CMASIM_MIGRATE_CMA, no_warn,
					     &w.contig);
		if (ret == 0) {
			found = true;
			mark_held(sim, pfn, count);
			break;
		}
		w.reason = CMASIM_CMA_CONTIG_FAILED;
		w.err = ret;
		w.start = pfn;
		w.end = pfn + count;
		g_strlcpy(w.text, w.contig.text, sizeof(w.text));
		note_window(sim, &w);
		clear_bitmap(cma, pfn, count);
		if (sim->policy->hooks.busy_retry ?
		    !policy_busy_retry(sim, cma, ret, bitmap_no, bitmap_count,
				       mask, windows, &start) :
		    !busy_retry(ret, bitmap_no, mask, &start))
			break;
		sim->cma->nr_busy_retries++;
		if (!ver->cma_debug_names_area)
			cms_pr_debug_if(sim, cma_debug_on(sim),
					"%s(): memory range at %s is busy, retrying\n",
					alloc_func(sim), ptrval(sim));
		else
			cms_pr_debug_if(sim, cma_debug_on(sim),
					"%s(): memory range at pfn 0x%" PRIx64 " %s is busy, retrying\n",
					alloc_func(sim), pfn, ptrval(sim));
		if (cms_trace_on(sim, cma_alloc_busy_retry))
			cms_trace_emit(sim, CMS_TRACE_cma_alloc_busy_retry,
				       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64 " align=%u",
				       cma->name, pfn, page_ptr(sim, true, pfn, pb),
				       count, align);
	}

	if (!ver->cma_alloc_finish_has_errorno &&
	    cms_trace_on(sim, cma_alloc_finish))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_finish,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64 " align=%u",
			       cma->name, pfn, page_ptr(sim, found, pfn, pb),
			       count, align);
	if (ret && !no_warn) {
		cms_pr_err(sim, "%s: %s: alloc failed, req-size: %" PRIu64
			   " pages, ret: %d\n", alloc_func(sim), cma->name,
			   count, ret);
		if (!ver->cma_show_areas_needs_debug || cma_debug_on(sim))
			show_areas(sim, cma);
	}
	cms_pr_debug_if(sim, cma_debug_on(sim), "%s(): returned %s\n",
			alloc_func(sim), found ? ptrval(sim) : ptrnull(sim));
	if (ver->cma_alloc_finish_has_errorno &&
	    cms_trace_on(sim, cma_alloc_finish))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_finish,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64 " align=%u errorno=%d",
			       cma->name, pfn, page_ptr(sim, found, pfn, pb),
			       count, align, ret);
	account(sim, cma, found, count);
	if (found)
		*out_pfn = pfn;
	return ret;
}

int cms_cma_release(struct cmasim *sim, struct cmasim_cma *cma,
		    uint64_t pfn, uint64_t count)
{
	uint64_t bad;
	char pb[24];

	if (pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count) {
		cms_pr_debug_if(sim, cma_debug_on(sim),
				"cma_pages_valid(page %s, count %" PRIu64 ")\n",
				ptrval(sim), count);
		cms_client_bug(sim, "cma_release(%s): pfn 0x%" PRIx64 " is outside the area [0x%" PRIx64 ", 0x%" PRIx64 ")",
			       cma->name, pfn, cma->base_pfn,
			       cma->base_pfn + cma->count);
		return -EINVAL;
	}
	/*
	 * Differs from the kernel, which frees whatever it is given (a
	 * VM_BUG_ON guards the area's end): freeing pages nobody allocated
	 * would break the page allocator, so such a release is refused
	 * whole (docs/differences.md).
	 */
	if (count > cma->base_pfn + cma->count - pfn)
		bad = cma->base_pfn + cma->count;
	else
		bad = cms_contig_first_unfreeable(sim, pfn, count, true);
	if (bad != UINT64_MAX) {
		cms_client_bug(sim, "cma_release(%s, pfn 0x%" PRIx64 ", %" PRIu64 " pages): pfn 0x%" PRIx64 " is not a page cma_alloc gave out",
			       cma->name, pfn, count, bad);
		return -EINVAL;
	}
	cms_pr_debug_if(sim, cma_debug_on(sim),
			"cma_release(page %s, count %" PRIu64 ")\n", ptrval(sim),
			count);
	cms_free_contig_range(sim, pfn, count);
	clear_bitmap(cma, pfn, count);
	if (sim->ver->cma_counts_released_pages)
		cma->nr_pages_released += count;
	if (cms_trace_on(sim, cma_release))
		cms_trace_emit(sim, CMS_TRACE_cma_release,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64,
			       cma->name, pfn, page_ptr(sim, true, pfn, pb), count);
	return 0;
}

/* ---- Checker ---- */

/*
 * The allocations of an active area: with one page per bit, every set
 * bit is an allocated order-0 page that is not movable (what
 * alloc_contig_range left); every debugfs `alloc` entry lies in set bits.
 */
static void check_allocations(struct cmasim *sim,
			      const struct cmasim_cma *a, int *ret)
{
	uint64_t maxno = cms_cma_bitmap_maxno(a);

	if (!a->bitmap)
		return;
	if (a->order_per_bit == 0) {
		for (uint64_t b = cms_find_next_bit(a->bitmap, maxno, 0);
		     b < maxno; b = cms_find_next_bit(a->bitmap, maxno, b + 1)) {
			uint64_t pfn = a->base_pfn + b;
			struct cms_zone *z = cms_pfn_zone(sim, pfn);
			const struct cms_page *p = z ? cms_zone_page(z, pfn) : NULL;

			if (!p || cms_page_state(p) != CMS_PG_ALLOC ||
			    cms_page_order(p) || (p->flags & CMS_PGF_MOVABLE) ||
			    !(p->flags & CMS_PGF_CMA)) {
				cms_sim_bug(sim, "cma: area %s: bit %" PRIu64 " is set but pfn 0x%" PRIx64 " is not a page cma_alloc gave out",
					    a->name, b, pfn);
				*ret = -EUCLEAN;
				break;
			}
		}
	}
	for (unsigned int k = 0; k < a->mem_head->len; k++) {
		const struct cms_cma_mem *m = &g_array_index(a->mem_head,
						struct cms_cma_mem, k);
		uint64_t b = (m->pfn - a->base_pfn) >> a->order_per_bit;
		uint64_t bits = cms_cma_pages_to_bits(a, m->n);

		if (m->pfn < a->base_pfn || b + bits > maxno ||
		    cms_bitmap_weight_range(a->bitmap, b, b + bits) != bits) {
			cms_sim_bug(sim, "cma: area %s: debugfs allocation at pfn 0x%" PRIx64 " (%" PRIu64 " pages) is not marked in the bitmap",
				    a->name, m->pfn, m->n);
			*ret = -EUCLEAN;
		}
	}
}

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

	if (st->area_count > st->max_areas)
		CMA_BROKEN("%u areas in %u slots", st->area_count,
			   st->max_areas);
	for (unsigned int i = 0; i < st->area_count && i < st->max_areas; i++) {
		const struct cmasim_cma *a = &st->areas[i];
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
			const struct cmasim_cma *b = &st->areas[j];

			if (b->count && a->base_pfn < b->base_pfn + b->count &&
			    b->base_pfn < end)
				CMA_BROKEN("areas %s and %s overlap", a->name,
					   b->name);
		}
	}
	if (total != sim->mm->totalcma_pages)
		CMA_BROKEN("totalcma_pages %" PRIu64 " but the areas hold %" PRIu64,
			   sim->mm->totalcma_pages, total);
	for (unsigned int i = 0; i < st->area_count && i < st->max_areas; i++)
		check_allocations(sim, &st->areas[i], &ret);
#undef CMA_BROKEN
	return ret;
}

/* ---- Public API ---- */

bool cms_cma_foreign(struct cmasim *sim, const struct cmasim_cma *cma,
		     const char *fn)
{
	if (!cma || cma->owner == sim)
		return false;
	cms_client_bug(sim, "%s: cma: the area is another instance's", fn);
	return true;
}

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
	struct cmasim_cma *cma = NULL;
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
		*res_cma = cma;
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
	struct cmasim_cma *cma = NULL;
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
		*res_cma = cma;
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
	if (cms_cma_foreign(sim, cma, fn))
		return -EINVAL;
	cma->reserve_pages_on_error = true;
	return 0;
}

cmasim_phys_addr_t cmasim_cma_get_base(const struct cmasim_cma *cma)
{
	return cma ? cma->base_pfn << cma->page_shift : 0;
}

uint64_t cmasim_cma_get_size(const struct cmasim_cma *cma)
{
	return cma ? cma->count << cma->page_shift : 0;
}

cmasim_pfn_t cmasim_cma_get_base_pfn(const struct cmasim_cma *cma)
{
	return cma ? cma->base_pfn : 0;
}

uint64_t cmasim_cma_get_count(const struct cmasim_cma *cma)
{
	return cma ? cma->count : 0;
}

const char *cmasim_cma_get_name(const struct cmasim_cma *cma)
{
	return cma ? cma->name : NULL;
}

unsigned int cmasim_cma_get_order_per_bit(const struct cmasim_cma *cma)
{
	return cma ? cma->order_per_bit : 0;
}

int cmasim_cma_get_nid(const struct cmasim_cma *cma)
{
	return cma ? cma->nid : CMASIM_NUMA_NO_NODE;
}

bool cmasim_cma_is_active(const struct cmasim_cma *cma)
{
	return cma && cma->activated;
}

int cmasim_cma_for_each_used_range(const struct cmasim_cma *cma,
				   cmasim_cma_range_fn fn, void *data)
{
	uint64_t maxno, start, end = 0;
	int ret;

	if (!cma || !fn)
		return -EINVAL;
	maxno = cms_cma_bitmap_maxno(cma);
	while (cma->bitmap) {
		start = cms_find_next_bit(cma->bitmap, maxno, end);
		if (start >= maxno)
			break;
		end = cms_find_next_zero_bit(cma->bitmap, maxno, start);
		ret = fn(cma->base_pfn + (start << cma->order_per_bit),
			 (end - start) << cma->order_per_bit, data);
		if (ret)
			return ret;
	}
	return 0;
}

unsigned int cmasim_cma_area_count(const struct cmasim *sim)
{
	return sim ? sim->cma->area_count : 0;
}

unsigned int cmasim_cma_max_areas(const struct cmasim *sim)
{
	return sim ? max_cma_areas(sim) : 0;
}

uint64_t cmasim_cma_total_pages(const struct cmasim *sim)
{
	return sim ? sim->mm->totalcma_pages : 0;
}

int cmasim_cma_for_each_area(const struct cmasim *sim, cmasim_cma_iter_fn fn,
			     void *data)
{
	const struct cms_cma_state *st = sim ? sim->cma : NULL;

	if (!st || !fn)
		return -EINVAL;
	for (unsigned int i = 0; i < st->area_count; i++) {
		int ret = fn(&st->areas[i], data);

		if (ret)
			return ret;
	}
	return 0;
}

struct cmasim_cma *cmasim_cma_find(const struct cmasim *sim, const char *name)
{
	int idx = sim && name ? cms_cma_lookup(sim, name) : -ENOENT;

	if (idx < 0)
		return NULL;
	return &sim->cma->areas[idx];
}

int cmasim_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
		     uint64_t count, unsigned int align, unsigned int flags,
		     cmasim_pfn_t *out_pfn)
{
	uint64_t pfn = 0;
	int ret;

	if (!sim)
		return -EINVAL;
	if (!cma || !out_pfn || (flags & ~CMASIM_CMA_NO_WARN)) {
		cms_client_bug(sim, "cmasim_cma_alloc(): %s",
			       !cma ? "NULL area" : !out_pfn ? "NULL out_pfn" :
			       "unknown flags");
		return -EINVAL;
	}
	if (align >= 64) {
		cms_client_bug(sim, "cmasim_cma_alloc(): align order %u is beyond any pfn",
			       align);
		return -EINVAL;
	}
	if (cms_cma_foreign(sim, cma, "cmasim_cma_alloc()"))
		return -EINVAL;
	ret = cms_cma_alloc(sim, cma, count, align,
			    (flags & CMASIM_CMA_NO_WARN) != 0, &pfn);
	if (!ret)
		*out_pfn = pfn;
	return ret;
}

int cmasim_cma_release(struct cmasim *sim, struct cmasim_cma *cma,
		       cmasim_pfn_t pfn, uint64_t count)
{
	if (!sim)
		return -EINVAL;
	if (!cma) {
		cms_client_bug(sim, "cmasim_cma_release(): NULL area");
		return -EINVAL;
	}
	if (cms_cma_foreign(sim, cma, "cmasim_cma_release()"))
		return -EINVAL;
	/*
	 * A failed activation leaves count 0: cma_pages_valid() rejects
	 * every page with its pr_debug line (cms_cma_release does that).
	 */
	if (!cma->bitmap && cma->count) {
		cms_client_bug(sim, "cmasim_cma_release(%s): the area is not active",
			       cma->name);
		return -EINVAL;
	}
	if (pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count &&
	    (count > cma->base_pfn + cma->count - pfn)) {
		/* the kernel's VM_BUG_ON(pfn + count > base_pfn + count) */
		cms_client_bug(sim, "cmasim_cma_release(%s): %" PRIu64 " pages from pfn 0x%" PRIx64 " run past the area's end",
			       cma->name, count, pfn);
		return -ERANGE;
	}
	return cms_cma_release(sim, cma, pfn, count);
}

int cmasim_cma_placement(const struct cmasim *sim, size_t idx,
			 struct cmasim_cma_placement *out)
{
	const GArray *p;

	if (!sim || !out)
		return -EINVAL;
	p = sim->cma->placements;
	if (idx >= p->len)
		return -ENOENT;
	*out = g_array_index(p, struct cmasim_cma_placement, idx);
	return 0;
}

int cmasim_cma_alloc_window(const struct cmasim *sim, size_t idx,
			    struct cmasim_cma_window *out)
{
	const GArray *w;

	if (!sim || !out)
		return -EINVAL;
	w = sim->cma->windows;
	if (idx >= w->len)
		return -ENOENT;
	*out = g_array_index(w, struct cmasim_cma_window, idx);
	return 0;
}

int cmasim_cma_get_stats(const struct cmasim *sim, struct cmasim_cma_stats *st)
{
	const struct cms_cma_state *cs;
	const struct cms_migrate *m;

	if (!sim || !st)
		return -EINVAL;
	cs = sim->cma;
	m = sim->migrate;
	memset(st, 0, sizeof(*st));
	st->allocs_ok = sim->mm->ev[CMS_EV_CMA_ALLOC_SUCCESS];
	st->allocs = st->allocs_ok + sim->mm->ev[CMS_EV_CMA_ALLOC_FAIL];
	for (unsigned int i = 0; i < cs->area_count; i++) {
		st->pages_ok += cs->areas[i].nr_pages_succeeded;
		st->pages_failed += cs->areas[i].nr_pages_failed;
	}
	st->windows = cs->nr_windows;
	st->busy_retries = cs->nr_busy_retries;
	st->backoff_us = cs->backoff_us;
	st->pages_migrated = m->st.migrated_pages;
	st->pages_dropped = m->dropped_pages;
	st->migrate_failures = m->st.failed;
	return 0;
}
