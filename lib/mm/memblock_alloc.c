// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock's searching and allocating half (mm/memblock.c of Linux 6.1
 * and 6.12): memblock_find_in_range_node() with its bottom-up and
 * top-down walks of the free ranges (__memblock_find_range_bottom_up,
 * __memblock_find_range_top_down), the mirrored-memory fallback and its
 * warning, memblock_find_in_range(), memblock_alloc_range_nid() with its
 * node and mirror fallbacks and its memblock=debug line,
 * memblock_phys_alloc_range(), memblock_phys_alloc_try_nid() and
 * memblock_alloc_internal() (memblock_alloc_try_nid and friends).  The
 * region arrays and their walks are mm/memblock.c's.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"

static uint64_t clamp_u64(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

/* The 6.1 WARN_ONCE sites: each has its own "once". */
enum {
	WARN_SITE_ALLOC = 1u << 0,	/* memblock_alloc_range_nid() */
	WARN_SITE_FWD = 1u << 1,	/* __next_mem_range() */
	WARN_SITE_REV = 1u << 2,	/* __next_mem_range_rev() */
};

static void warn_max_numnodes(struct cmasim *sim, int nid, unsigned int site)
{
	if (sim->memblock->numa_valid_node || nid != cms_mb_max_numnodes(sim) ||
	    (sim->memblock->warned_max_numnodes & site))
		return;
	sim->memblock->warned_max_numnodes |= site;
	cms_pr_warn(sim, "Usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead\n");
}

/* The number of regions of @t that start below @addr. */
static unsigned long nr_starting_below(const struct cms_memblock_type *t,
				       uint64_t addr)
{
	unsigned long lo = 0, hi = t->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (t->regions[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The free ranges the search looks at are memory regions minus reserved
 * ones: in memory region m, the gaps between reserved regions.  Gap j
 * lies between reserved regions j - 1 and j: it starts where j - 1 ends
 * (0 for the first) and ends where j starts (PHYS_ADDR_MAX after the
 * last), as __next_mem_range() numbers them.
 */
static uint64_t gap_start(const struct cms_memblock_type *rsv, unsigned long j)
{
	return j ? rsv->regions[j - 1].base + rsv->regions[j - 1].size : 0;
}

static uint64_t gap_end(const struct cmasim *sim,
			const struct cms_memblock_type *rsv, unsigned long j)
{
	return j < rsv->cnt ? rsv->regions[j].base : cms_mb_phys_max(sim);
}

/*
 * __memblock_find_range_bottom_up() and _top_down() walk every free range
 * with for_each_free_mem_range{,_reverse}() and clamp each to
 * [start, end).  A range outside the window clamps to an empty one, where
 * bottom-up never fits anything, and top-down nothing of size > 0.  So
 * the searches below go straight to the window: binary searches find the
 * first memory region inside it and, in each region, the first reserved
 * gap, then they visit the ranges in the kernel's order and return the
 * kernel's first fit.  Regions of other nodes and reservations outside
 * the window are never walked.
 */
static uint64_t find_bottom_up(const struct cmasim *sim,
			       const struct cms_mb_skip_filter *f,
			       uint64_t size, uint64_t align, uint64_t start,
			       uint64_t end)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	const struct cms_memblock_type *rsv = &sim->memblock->reserved;

	for (unsigned long i = cms_mb_first_ending_above(mem, start);
	     i < mem->cnt; i++) {
		const struct cms_memblock_region *m = &mem->regions[i];
		uint64_t lo, hi;

		if (m->base >= end)
			break;
		if (cms_mb_skip_region(f, m))
			continue;
		lo = cms_max_u64(m->base, start);
		hi = cms_min_u64(m->base + m->size, end);
		/* from the gap holding lo: the first one ending above it */
		for (unsigned long j = nr_starting_below(rsv, lo + 1);
		     j <= rsv->cnt; j++) {
			uint64_t gs = gap_start(rsv, j), ts, te, cand;

			if (gs >= hi)
				break;
			ts = cms_max_u64(gs, lo);
			te = cms_min_u64(gap_end(sim, rsv, j), hi);
			cand = cms_align_up(ts, align);
			if (cand < te && te - cand >= size)
				return cand;
		}
	}
	return 0;
}

static uint64_t find_top_down(const struct cmasim *sim,
			      const struct cms_mb_skip_filter *f, uint64_t size,
			      uint64_t align, uint64_t start, uint64_t end)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	const struct cms_memblock_type *rsv = &sim->memblock->reserved;

	for (unsigned long i = nr_starting_below(mem, end); i-- > 0;) {
		const struct cms_memblock_region *m = &mem->regions[i];
		uint64_t lo, hi;

		if (m->base + m->size <= start)
			break;
		if (cms_mb_skip_region(f, m))
			continue;
		lo = cms_max_u64(m->base, start);
		hi = cms_min_u64(m->base + m->size, end);
		/* from the gap below the first reservation at or above hi */
		for (unsigned long j = nr_starting_below(rsv, hi);; j--) {
			uint64_t ge = gap_end(sim, rsv, j), gs, ts, te, cand;

			if (ge <= lo)
				break;
			gs = gap_start(rsv, j);
			te = cms_min_u64(ge, hi);
			if (gs < hi && te >= size) {
				ts = cms_max_u64(gs, lo);
				cand = cms_align_down(te - size, align);
				if (cand >= ts)
					return cand;
			}
			if (!j)
				break;
		}
	}
	return 0;
}

/*
 * Size 0 fits even where a range outside the window clamps to nothing
 * (at end, when end is aligned), so top-down it keeps the kernel's walk
 * over every free range.
 */
static uint64_t find_top_down_walk(const struct cmasim *sim, int nid,
				   uint32_t flags, uint64_t size,
				   uint64_t align, uint64_t start,
				   uint64_t end)
{
	uint64_t idx = UINT64_MAX, ts, te, cand;

	while (cms_memblock_prev_free_range(sim, &idx, nid, flags, &ts, &te,
					    NULL)) {
		ts = clamp_u64(ts, start, end);
		te = clamp_u64(te, start, end);
		if (te < size)
			continue;
		cand = cms_align_down(te - size, align);
		if (cand >= ts)
			return cand;
	}
	return 0;
}

/* memblock_find_in_range_node() and its two directions */
static uint64_t find_node(struct cmasim *sim, uint64_t size, uint64_t align,
			  uint64_t start, uint64_t end, int nid,
			  uint32_t flags)
{
	struct cms_mb_skip_filter f;

	/* the search's free-range iterator warns, per direction */
	warn_max_numnodes(sim, nid, sim->memblock->bottom_up ? WARN_SITE_FWD :
							      WARN_SITE_REV);
	if (end == CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE ||
	    end == CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = sim->memblock->current_limit;
	start = cms_max_u64(start, sim->page_size);
	end = cms_max_u64(start, end);

	cms_mb_skip_filter_init(sim, &sim->memblock->memory, &f,
			 cms_mb_fix_nid(sim, nid), flags);
	if (sim->memblock->bottom_up)
		return find_bottom_up(sim, &f, size, align, start, end);
	if (!size)
		return find_top_down_walk(sim, nid, flags, size, align, start,
					  end);
	return find_top_down(sim, &f, size, align, start, end);
}

static uint32_t choose_flags(const struct cmasim *sim)
{
	return sim->memblock->has_mirror ? CMASIM_MEMBLOCK_MIRROR : 0;
}

static void warn_mirror(struct cmasim *sim, uint64_t size)
{
	struct cms_pa_buf b;

	cms_pr_warn(sim, "Could not allocate %s bytes of mirrored memory\n",
		    cms_mb_pa(sim, &b, size));
}

/* memblock_find_in_range(): any node, mirror first if there is mirror */
uint64_t cms_memblock_find_in_range(struct cmasim *sim, uint64_t start,
				    uint64_t end, uint64_t size,
				    uint64_t align)
{
	uint32_t flags = choose_flags(sim);
	uint64_t ret;

	for (;;) {
		ret = find_node(sim, size, align, start, end,
				CMASIM_NUMA_NO_NODE, flags);
		if (ret || !(flags & CMASIM_MEMBLOCK_MIRROR))
			return ret;
		warn_mirror(sim, size);
		flags &= ~CMASIM_MEMBLOCK_MIRROR;
	}
}

static int check_align(struct cmasim *sim, const char *fn, uint64_t align)
{
	if (align == 0 || cms_is_power_of_2(align))
		return 0;
	cms_client_bug(sim, "%s(): align 0x%" PRIx64 " is not a power of two (the kernel's round_up/round_down would go wrong)",
		       fn, align);
	return -EINVAL;
}

uint64_t cms_memblock_find_in_range_node(struct cmasim *sim, uint64_t size,
					 uint64_t align, uint64_t start,
					 uint64_t end, int nid, uint32_t flags)
{
	if (align == 0 || !cms_is_power_of_2(align))
		return 0;
	return find_node(sim, size, align, start, end, nid, flags);
}

static bool reserve_found(struct cmasim *sim, uint64_t found, uint64_t size)
{
	if (!found)
		return false;
	cms_mb_dbg_range(sim, "memblock_reserve", found, size,
		  "memblock_alloc_range_nid");
	return cms_mb_add_range(sim, &sim->memblock->reserved, found, size,
			 cms_mb_max_numnodes(sim), 0) == 0;
}

/* memblock_alloc_range_nid() with @caller named in diagnostics only */
static int alloc_range_nid(struct cmasim *sim, uint64_t size, uint64_t align,
			   uint64_t start, uint64_t end, int nid,
			   bool exact_nid, const char *caller, uint64_t *out)
{
	uint32_t flags = choose_flags(sim);
	uint64_t found;
	int ret;

	ret = cms_memblock_check_phase(sim, caller);
	if (!ret)
		ret = check_align(sim, caller, align);
	/*
	 * Any @nid: 6.12 takes one that is not cms_mb_numa_valid_node() as "any
	 * node"; 6.1 finds nothing on a node no region has and falls back to
	 * NUMA_NO_NODE unless @exact_nid (the loop below does both).
	 */
	if (ret)
		return ret;
	if (!sim->memblock->numa_valid_node &&
	    nid == cms_mb_max_numnodes(sim)) {
		warn_max_numnodes(sim, nid, WARN_SITE_ALLOC);
		nid = CMASIM_NUMA_NO_NODE;
	}
	if (!align) {
		cms_explain(sim, "%s(): align 0: the kernel dumps the stack and uses SMP_CACHE_BYTES (%d)",
			    caller, CMS_MB_SMP_CACHE_BYTES);
		align = CMS_MB_SMP_CACHE_BYTES;
	}
	for (;;) {
		found = find_node(sim, size, align, start, end, nid, flags);
		if (reserve_found(sim, found, size))
			break;
		if ((sim->memblock->numa_valid_node ?
		     cms_mb_numa_valid_node(sim, nid) :
		     nid != CMASIM_NUMA_NO_NODE) &&
		    !exact_nid) {
			found = find_node(sim, size, align, start, end,
					  CMASIM_NUMA_NO_NODE, flags);
			if (reserve_found(sim, found, size))
				break;
		}
		if (!(flags & CMASIM_MEMBLOCK_MIRROR))
			return -ENOMEM;
		flags &= ~CMASIM_MEMBLOCK_MIRROR;
		warn_mirror(sim, size);
	}
	*out = found;
	return 0;
}

int cms_memblock_alloc_range_nid(struct cmasim *sim, uint64_t size,
				 uint64_t align, uint64_t start, uint64_t end,
				 int nid, bool exact_nid, const char *caller,
				 uint64_t *out)
{
	return alloc_range_nid(sim, size, align, start, end, nid, exact_nid,
			       caller ? caller : "memblock_alloc_range_nid",
			       out);
}

int cms_memblock_phys_alloc_range(struct cmasim *sim, uint64_t size,
				  uint64_t align, uint64_t start, uint64_t end,
				  const char *caller, uint64_t *out)
{
	struct cms_pa_buf b1, b2;

	if (sim->phase == CMS_PHASE_EARLY)
		cms_mb_dbg(sim, "%s: %" PRIu64 " bytes align=0x%" PRIx64 " from=%s max_addr=%s %s\n",
			   "memblock_phys_alloc_range", size, align,
			   cms_mb_pa(sim, &b1, start), cms_mb_pa(sim, &b2, end),
			   caller);
	return alloc_range_nid(sim, size, align, start, end,
			       CMASIM_NUMA_NO_NODE, false,
			       "memblock_phys_alloc_range", out);
}

int cms_memblock_phys_alloc_try_nid(struct cmasim *sim, uint64_t size,
				    uint64_t align, int nid,
				    const char *caller, uint64_t *out)
{
	(void)caller;
	return alloc_range_nid(sim, size, align, 0,
			       CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, nid, false,
			       "memblock_phys_alloc_try_nid", out);
}

static const char *const variant_name[] = {
	[CMS_MB_ALLOC_TRY_NID] = "memblock_alloc_try_nid",
	[CMS_MB_ALLOC_TRY_NID_RAW] = "memblock_alloc_try_nid_raw",
	[CMS_MB_ALLOC_EXACT_NID_RAW] = "memblock_alloc_exact_nid_raw",
};

int cms_memblock_alloc_nid(struct cmasim *sim,
			   enum cms_memblock_alloc_variant variant,
			   uint64_t size, uint64_t align, uint64_t min_addr,
			   uint64_t max_addr, int nid, const char *caller,
			   uint64_t *out)
{
	bool exact = variant == CMS_MB_ALLOC_EXACT_NID_RAW;
	const char *fn;
	struct cms_pa_buf b1, b2;
	int ret;

	if ((unsigned int)variant >= CMS_ARRAY_SIZE(variant_name)) {
		cms_client_bug(sim, "memblock alloc variant %d unknown",
			       (int)variant);
		return -EINVAL;
	}
	fn = variant_name[variant];
	ret = cms_memblock_check_phase(sim, fn);
	if (ret)
		return ret;
	cms_mb_dbg(sim, "%s: %" PRIu64 " bytes align=0x%" PRIx64 " nid=%d from=%s max_addr=%s %s\n",
		   fn, size, align, nid, cms_mb_pa(sim, &b1, min_addr),
		   cms_mb_pa(sim, &b2, max_addr), caller);
	/* memblock_alloc_internal() */
	if (max_addr > sim->memblock->current_limit)
		max_addr = sim->memblock->current_limit;
	ret = alloc_range_nid(sim, size, align, min_addr, max_addr, nid,
			      exact, fn, out);
	if (ret == -ENOMEM && min_addr)
		ret = alloc_range_nid(sim, size, align, 0, max_addr, nid,
				      exact, fn, out);
	return ret;
}
