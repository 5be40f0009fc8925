// SPDX-License-Identifier: GPL-2.0-only
/*
 * memblock's public API: argument checks, phase checks and the caller
 * names memblock=debug prints for public calls, in front of the internal
 * operations of memblock.c.  Mirrors the exported entry points of
 * mm/memblock.c (memblock_add, memblock_reserve, memblock_phys_alloc_range,
 * memblock_alloc_try_nid, ...) of Linux 6.1 and 6.12.
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

#define MB_NULL_CHECK(sim)						\
	do {								\
		if (!(sim))						\
			return -EINVAL;					\
	} while (0)

int cmasim_memblock_add(struct cmasim *sim, cmasim_phys_addr_t base,
			cmasim_phys_addr_t size)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_add(sim, base, size, __func__);
}

int cmasim_memblock_add_node(struct cmasim *sim, cmasim_phys_addr_t base,
			     cmasim_phys_addr_t size, int nid,
			     unsigned int flags)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_add_node(sim, base, size, nid, flags, __func__);
}

int cmasim_memblock_remove(struct cmasim *sim, cmasim_phys_addr_t base,
			   cmasim_phys_addr_t size)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_remove(sim, base, size, __func__);
}

int cmasim_memblock_reserve(struct cmasim *sim, cmasim_phys_addr_t base,
			    cmasim_phys_addr_t size)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_reserve(sim, base, size, __func__);
}

int cmasim_memblock_phys_free(struct cmasim *sim, cmasim_phys_addr_t base,
			      cmasim_phys_addr_t size)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_phys_free(sim, base, size, __func__);
}

static int setclr(struct cmasim *sim, bool reserved, cmasim_phys_addr_t base,
		  cmasim_phys_addr_t size, bool set, uint32_t flag,
		  const char *fn)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_setclr_flag(sim, reserved, base, size, set, flag,
					fn);
}

int cmasim_memblock_mark_hotplug(struct cmasim *sim, cmasim_phys_addr_t base,
				 cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, true, CMASIM_MEMBLOCK_HOTPLUG,
		      "memblock_mark_hotplug");
}

int cmasim_memblock_clear_hotplug(struct cmasim *sim, cmasim_phys_addr_t base,
				  cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, false, CMASIM_MEMBLOCK_HOTPLUG,
		      "memblock_clear_hotplug");
}

int cmasim_memblock_mark_mirror(struct cmasim *sim, cmasim_phys_addr_t base,
				cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, true, CMASIM_MEMBLOCK_MIRROR,
		      "memblock_mark_mirror");
}

int cmasim_memblock_clear_mirror(struct cmasim *sim, cmasim_phys_addr_t base,
				 cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, false, CMASIM_MEMBLOCK_MIRROR,
		      "memblock_clear_mirror");
}

int cmasim_memblock_mark_nomap(struct cmasim *sim, cmasim_phys_addr_t base,
			       cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, true, CMASIM_MEMBLOCK_NOMAP,
		      "memblock_mark_nomap");
}

int cmasim_memblock_clear_nomap(struct cmasim *sim, cmasim_phys_addr_t base,
				cmasim_phys_addr_t size)
{
	return setclr(sim, false, base, size, false, CMASIM_MEMBLOCK_NOMAP,
		      "memblock_clear_nomap");
}

int cmasim_memblock_reserved_mark_noinit(struct cmasim *sim,
					 cmasim_phys_addr_t base,
					 cmasim_phys_addr_t size)
{
	return setclr(sim, true, base, size, true,
		      CMASIM_MEMBLOCK_RSRV_NOINIT,
		      "memblock_reserved_mark_noinit");
}

static bool bad_type(enum cmasim_memblock_type type)
{
	return type != CMASIM_MEMBLOCK_MEMORY &&
	       type != CMASIM_MEMBLOCK_RESERVED;
}

int cmasim_memblock_set_node(struct cmasim *sim, cmasim_phys_addr_t base,
			     cmasim_phys_addr_t size,
			     enum cmasim_memblock_type type, int nid)
{
	MB_NULL_CHECK(sim);
	if (bad_type(type)) {
		cms_client_bug(sim, "memblock_set_node(): type %d is neither memory nor reserved",
			       (int)type);
		return -EINVAL;
	}
	return cms_memblock_set_node(sim, base, size,
				     type == CMASIM_MEMBLOCK_RESERVED, nid);
}

int cmasim_memblock_set_debug(struct cmasim *sim, bool on)
{
	MB_NULL_CHECK(sim);
	sim->memblock->debug = on;
	return 0;
}

int cmasim_memblock_set_movable_node(struct cmasim *sim, bool on)
{
	int ret;

	MB_NULL_CHECK(sim);
	ret = cms_memblock_check_phase(sim, "movable_node");
	if (!ret)
		sim->memblock->movable_node = on;
	return ret;
}

int cmasim_memblock_set_mirrored_kernelcore(struct cmasim *sim, bool on)
{
	int ret;

	MB_NULL_CHECK(sim);
	ret = cms_memblock_check_phase(sim, "kernelcore=mirror");
	if (!ret)
		sim->memblock->mirrored_kernelcore = on;
	return ret;
}

int cmasim_memblock_set_bottom_up(struct cmasim *sim, bool enable)
{
	int ret;

	MB_NULL_CHECK(sim);
	ret = cms_memblock_check_phase(sim, "memblock_set_bottom_up");
	if (!ret)
		sim->memblock->bottom_up = enable;
	return ret;
}

bool cmasim_memblock_bottom_up(const struct cmasim *sim)
{
	return sim && sim->memblock->bottom_up;
}

int cmasim_memblock_set_current_limit(struct cmasim *sim,
				      cmasim_phys_addr_t limit)
{
	int ret;

	MB_NULL_CHECK(sim);
	ret = cms_memblock_check_phase(sim, "memblock_set_current_limit");
	if (!ret)
		sim->memblock->current_limit = limit;
	return ret;
}

cmasim_phys_addr_t cmasim_memblock_get_current_limit(const struct cmasim *sim)
{
	return sim ? sim->memblock->current_limit : 0;
}

int cmasim_memblock_allow_resize(struct cmasim *sim)
{
	int ret;

	MB_NULL_CHECK(sim);
	ret = cms_memblock_check_phase(sim, "memblock_allow_resize");
	if (!ret)
		sim->memblock->can_resize = true;
	return ret;
}

#define MB_OUT_CHECK(sim, out)						\
	do {								\
		if (!(sim))						\
			return -EINVAL;					\
		if (!(out)) {						\
			cms_client_bug(sim, "%s(): NULL result pointer", \
				       __func__);			\
			return -EINVAL;					\
		}							\
	} while (0)

int cmasim_memblock_alloc_range_nid(struct cmasim *sim,
				    cmasim_phys_addr_t size,
				    cmasim_phys_addr_t align,
				    cmasim_phys_addr_t start,
				    cmasim_phys_addr_t end, int nid,
				    bool exact_nid, cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_alloc_range_nid(sim, size, align, start, end, nid,
					    exact_nid, NULL, base);
}

int cmasim_memblock_phys_alloc_range(struct cmasim *sim,
				     cmasim_phys_addr_t size,
				     cmasim_phys_addr_t align,
				     cmasim_phys_addr_t start,
				     cmasim_phys_addr_t end,
				     cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_phys_alloc_range(sim, size, align, start, end,
					     __func__, base);
}

int cmasim_memblock_phys_alloc(struct cmasim *sim, cmasim_phys_addr_t size,
			       cmasim_phys_addr_t align,
			       cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_phys_alloc_range(sim, size, align, 0,
					     CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE,
					     __func__, base);
}

int cmasim_memblock_phys_alloc_try_nid(struct cmasim *sim,
				       cmasim_phys_addr_t size,
				       cmasim_phys_addr_t align, int nid,
				       cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_phys_alloc_try_nid(sim, size, align, nid,
					       __func__, base);
}

int cmasim_memblock_alloc_try_nid(struct cmasim *sim, cmasim_phys_addr_t size,
				  cmasim_phys_addr_t align,
				  cmasim_phys_addr_t min_addr,
				  cmasim_phys_addr_t max_addr, int nid,
				  cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID, size, align,
				      min_addr, max_addr, nid, __func__, base);
}

int cmasim_memblock_alloc_try_nid_raw(struct cmasim *sim,
				      cmasim_phys_addr_t size,
				      cmasim_phys_addr_t align,
				      cmasim_phys_addr_t min_addr,
				      cmasim_phys_addr_t max_addr, int nid,
				      cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID_RAW, size,
				      align, min_addr, max_addr, nid,
				      __func__, base);
}

int cmasim_memblock_alloc_exact_nid_raw(struct cmasim *sim,
					cmasim_phys_addr_t size,
					cmasim_phys_addr_t align,
					cmasim_phys_addr_t min_addr,
					cmasim_phys_addr_t max_addr, int nid,
					cmasim_phys_addr_t *base)
{
	MB_OUT_CHECK(sim, base);
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_EXACT_NID_RAW, size,
				      align, min_addr, max_addr, nid,
				      __func__, base);
}

int cmasim_memblock_find_in_range_node(struct cmasim *sim,
				       cmasim_phys_addr_t size,
				       cmasim_phys_addr_t align,
				       cmasim_phys_addr_t start,
				       cmasim_phys_addr_t end, int nid,
				       unsigned int flags,
				       cmasim_phys_addr_t *base)
{
	uint64_t found;

	MB_OUT_CHECK(sim, base);
	if (!cms_is_power_of_2(align)) {
		cms_client_bug(sim, "memblock_find_in_range_node(): align 0x%" PRIx64 " is not a power of two",
			       align);
		return -EINVAL;
	}
	found = cms_memblock_find_in_range_node(sim, size, align, start, end,
						nid, flags);
	if (!found)
		return -ENOMEM;
	*base = found;
	return 0;
}

int cmasim_memblock_find_in_range(struct cmasim *sim, cmasim_phys_addr_t start,
				  cmasim_phys_addr_t end,
				  cmasim_phys_addr_t size,
				  cmasim_phys_addr_t align,
				  cmasim_phys_addr_t *base)
{
	uint64_t found;

	MB_OUT_CHECK(sim, base);
	if (!cms_is_power_of_2(align)) {
		cms_client_bug(sim, "memblock_find_in_range(): align 0x%" PRIx64 " is not a power of two",
			       align);
		return -EINVAL;
	}
	found = cms_memblock_find_in_range(sim, start, end, size, align);
	if (!found)
		return -ENOMEM;
	*base = found;
	return 0;
}

int cmasim_memblock_search_pfn_nid(const struct cmasim *sim, cmasim_pfn_t pfn,
				   cmasim_pfn_t *start_pfn,
				   cmasim_pfn_t *end_pfn, int *nid)
{
	uint64_t s = UINT64_MAX, e = 0;
	int n;

	if (!sim || !nid)
		return -EINVAL;
	/* a pfn whose address does not fit phys_addr_t is in no region */
	if (pfn > UINT64_MAX >> sim->page_shift)
		return -ENOENT;
	/* the node may be anything; a found region sets the start */
	n = cms_memblock_search_pfn_nid(sim, pfn, &s, &e);
	if (s == UINT64_MAX)
		return -ENOENT;
	*nid = n;
	if (start_pfn)
		*start_pfn = s;
	if (end_pfn)
		*end_pfn = e;
	return 0;
}

bool cmasim_memblock_has_mirror(const struct cmasim *sim)
{
	return sim && sim->memblock->has_mirror;
}

bool cmasim_memblock_get_mirrored_kernelcore(const struct cmasim *sim)
{
	return sim && sim->memblock->mirrored_kernelcore;
}

cmasim_phys_addr_t cmasim_memblock_phys_mem_size(const struct cmasim *sim)
{
	return sim ? cms_memblock_phys_mem_size(sim) : 0;
}

cmasim_phys_addr_t cmasim_memblock_reserved_size(const struct cmasim *sim)
{
	return sim ? cms_memblock_reserved_size(sim) : 0;
}

cmasim_phys_addr_t cmasim_memblock_start_of_DRAM(const struct cmasim *sim)
{
	return sim ? cms_memblock_start_of_DRAM(sim) : 0;
}

cmasim_phys_addr_t cmasim_memblock_end_of_DRAM(const struct cmasim *sim)
{
	return sim ? cms_memblock_end_of_DRAM(sim) : 0;
}

bool cmasim_memblock_is_memory(const struct cmasim *sim,
			       cmasim_phys_addr_t addr)
{
	return sim && cms_memblock_is_memory(sim, addr);
}

bool cmasim_memblock_is_map_memory(const struct cmasim *sim,
				   cmasim_phys_addr_t addr)
{
	return sim && cms_memblock_is_map_memory(sim, addr);
}

bool cmasim_memblock_is_reserved(const struct cmasim *sim,
				 cmasim_phys_addr_t addr)
{
	return sim && cms_memblock_is_reserved(sim, addr);
}

bool cmasim_memblock_is_region_memory(const struct cmasim *sim,
				      cmasim_phys_addr_t base,
				      cmasim_phys_addr_t size)
{
	return sim && cms_memblock_is_region_memory(sim, base, size);
}

bool cmasim_memblock_is_region_reserved(const struct cmasim *sim,
					cmasim_phys_addr_t base,
					cmasim_phys_addr_t size)
{
	return sim && cms_memblock_is_region_reserved(sim, base, size);
}

static const struct cms_memblock_type *
type_of(const struct cmasim *sim, enum cmasim_memblock_type type)
{
	if (!sim || bad_type(type))
		return NULL;
	return type == CMASIM_MEMBLOCK_MEMORY ? &sim->memblock->memory :
						&sim->memblock->reserved;
}

bool cmasim_memblock_overlaps_region(const struct cmasim *sim,
				     enum cmasim_memblock_type type,
				     cmasim_phys_addr_t base,
				     cmasim_phys_addr_t size)
{
	const struct cms_memblock_type *t = type_of(sim, type);

	return t && cms_memblock_type_overlaps(sim, t, base, size);
}

int cmasim_memblock_trim_memory(struct cmasim *sim, cmasim_phys_addr_t align)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_trim_memory(sim, align);
}

int cmasim_memblock_enforce_memory_limit(struct cmasim *sim,
					 cmasim_phys_addr_t limit)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_enforce_memory_limit(sim, limit);
}

int cmasim_memblock_cap_memory_range(struct cmasim *sim,
				     cmasim_phys_addr_t base,
				     cmasim_phys_addr_t size)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_cap_memory_range(sim, base, size);
}

int cmasim_memblock_mem_limit_remove_map(struct cmasim *sim,
					 cmasim_phys_addr_t limit)
{
	MB_NULL_CHECK(sim);
	return cms_memblock_mem_limit_remove_map(sim, limit);
}

unsigned long cmasim_memblock_region_count(const struct cmasim *sim,
					   enum cmasim_memblock_type type)
{
	const struct cms_memblock_type *t = type_of(sim, type);

	return t ? t->cnt : 0;
}

int cmasim_memblock_get_region(const struct cmasim *sim,
			       enum cmasim_memblock_type type,
			       unsigned long idx,
			       struct cmasim_memblock_region *region)
{
	const struct cms_memblock_type *t = type_of(sim, type);

	if (!t || !region)
		return -EINVAL;
	if (idx >= t->cnt)
		return -ERANGE;
	region->base = t->regions[idx].base;
	region->size = t->regions[idx].size;
	region->flags = t->regions[idx].flags;
	region->nid = cms_memblock_region_nid(sim, &t->regions[idx]);
	return 0;
}

static int walk(const struct cmasim *sim, bool reverse, int nid,
		uint32_t flags, const struct cms_memblock_type *a,
		const struct cms_memblock_type *b,
		cmasim_memblock_range_fn fn, void *data)
{
	uint64_t idx = reverse ? UINT64_MAX : 0, s, e;
	int n, ret;

	if (!fn)
		return -EINVAL;
	while (cms_memblock_next_range(sim, &idx, reverse, nid, flags, a, b,
				       &s, &e, &n)) {
		ret = fn(s, e, n, data);
		if (ret)
			return ret;
	}
	return 0;
}

int cmasim_memblock_for_each_free_range(const struct cmasim *sim, int nid,
					unsigned int flags, bool reverse,
					cmasim_memblock_range_fn fn,
					void *data)
{
	if (!sim)
		return -EINVAL;
	return walk(sim, reverse, nid, flags, &sim->memblock->memory,
		    &sim->memblock->reserved, fn, data);
}

int cmasim_memblock_for_each_mem_range(const struct cmasim *sim, bool reverse,
				       cmasim_memblock_range_fn fn, void *data)
{
	if (!sim)
		return -EINVAL;
	return walk(sim, reverse, CMASIM_NUMA_NO_NODE,
		    CMASIM_MEMBLOCK_HOTPLUG | CMASIM_MEMBLOCK_DRIVER_MANAGED,
		    &sim->memblock->memory, NULL, fn, data);
}

int cmasim_memblock_for_each_reserved_range(const struct cmasim *sim,
					    cmasim_memblock_range_fn fn,
					    void *data)
{
	if (!sim)
		return -EINVAL;
	return walk(sim, false, CMASIM_NUMA_NO_NODE, 0,
		    &sim->memblock->reserved, NULL, fn, data);
}

int cmasim_memblock_dump(struct cmasim *sim)
{
	MB_NULL_CHECK(sim);
	cms_memblock_dump(sim);
	return 0;
}

int cmasim_memblock_dump_all(struct cmasim *sim)
{
	MB_NULL_CHECK(sim);
	cms_memblock_dump_all(sim);
	return 0;
}
