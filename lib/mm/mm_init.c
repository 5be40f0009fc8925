// SPDX-License-Identifier: GPL-2.0-only
/*
 * Nodes and zones at boot: zone boundaries per architecture, ZONE_MOVABLE
 * from kernelcore=/movablecore=, spanned/present/managed page counts,
 * the memmap and pageblock arrays, holes ("pages in unavailable ranges"),
 * the zonelists, and the handover of memblock's free memory to the buddy
 * allocator with the "Memory:" line.  Mirrors free_area_init(),
 * build_all_zonelists(), memblock_free_all() (mm/memblock.c),
 * deferred_init_memmap(), mem_init_print_info() and
 * init_cma_reserved_pageblock() of mm/mm_init.c (6.12) and
 * mm/page_alloc.c (6.1).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

/* sysctl_lowmem_reserve_ratio defaults by zone type */
static const int lowmem_ratio_default[CMS_ZONE_TYPE_COUNT] = {
	[CMS_ZONE_DMA] = 256,
	[CMS_ZONE_DMA32] = 256,
	[CMS_ZONE_NORMAL] = 32,
	[CMS_ZONE_HIGHMEM] = 0,
	[CMS_ZONE_MOVABLE] = 0,
	[CMS_ZONE_DEVICE] = 0,
};

/*
 * free_area_init's lines are queued and printed only when it succeeds, so
 * that a failed call leaves dmesg unchanged too.
 */
static void init_line(struct cmasim *sim, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void init_line(struct cmasim *sim, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(sim->mm->pending, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static const struct cms_memblock_type *mem_type(const struct cmasim *sim)
{
	return &sim->memblock->memory;
}

static const struct cms_memblock_type *rsv_type(const struct cmasim *sim)
{
	return &sim->memblock->reserved;
}

/* A region's node; MAX_NUMNODES / NUMA_NO_NODE (not yet set) is node 0. */
static int region_nid(const struct cmasim *sim,
		      const struct cms_memblock_region *r)
{
	return r->nid < 0 || (unsigned int)r->nid >= sim->max_numnodes ? 0 :
								   r->nid;
}

/* for_each_mem_pfn_range: region @i as pfns; false when empty. */
static bool mem_pfn_range(const struct cmasim *sim, unsigned long i,
			  uint64_t *spfn, uint64_t *epfn, int *nid)
{
	const struct cms_memblock_region *r = &mem_type(sim)->regions[i];
	uint64_t s = cms_align_up(r->base, sim->page_size) >> sim->page_shift;
	uint64_t e = (r->base + r->size) >> sim->page_shift;

	*spfn = s;
	*epfn = e;
	*nid = region_nid(sim, r);
	return s < e;
}

static uint64_t dram_start_pfn(const struct cmasim *sim)
{
	const struct cms_memblock_type *m = mem_type(sim);

	return m->cnt ? m->regions[0].base >> sim->page_shift : 0;
}

static uint64_t dram_end_pfn(const struct cmasim *sim)
{
	const struct cms_memblock_type *m = mem_type(sim);
	const struct cms_memblock_region *r;

	if (!m->cnt)
		return 0;
	r = &m->regions[m->cnt - 1];
	return (r->base + r->size) >> sim->page_shift;
}

/* arm64 max_zone_phys(): the limit of a zone of @bits address bits. */
static uint64_t arm64_max_zone_phys(const struct cmasim *sim, unsigned int bits)
{
	uint64_t mask = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	uint64_t start = dram_start_pfn(sim) << sim->page_shift;
	uint64_t end = dram_end_pfn(sim) << sim->page_shift;

	if (start > UINT32_MAX)
		mask = UINT64_MAX;
	else if (start > mask)
		mask = UINT32_MAX;
	return cms_min_u64(mask, end - 1) + 1;
}

/* The zones this arch and Kconfig configure, in enum order. */
static void configure_zones(struct cmasim *sim, struct cms_mm *mm)
{
	bool is64 = sim->arch->phys_64bit;
	int n = 0;

	if (cms_knob(sim, CMS_KNOB_ZONE_DMA))
		mm->zone_type[n++] = CMS_ZONE_DMA;
	if (is64 && cms_knob(sim, CMS_KNOB_ZONE_DMA32))
		mm->zone_type[n++] = CMS_ZONE_DMA32;
	mm->zone_type[n++] = CMS_ZONE_NORMAL;
	if (!is64 && cms_knob(sim, CMS_KNOB_HIGHMEM))
		mm->zone_type[n++] = CMS_ZONE_HIGHMEM;
	mm->zone_type[n++] = CMS_ZONE_MOVABLE;
	/* Debian's 64-bit configs have ZONE_DEVICE */
	if (is64)
		mm->zone_type[n++] = CMS_ZONE_DEVICE;
	mm->nr_zones = n;
}

/* max_zone_pfns[] as each arch's zone_sizes_init() fills them. */
static uint64_t max_zone_pfn(struct cmasim *sim, enum cms_zone_type t)
{
	uint64_t max_pfn = dram_end_pfn(sim);
	unsigned int sh = sim->page_shift;

	switch (t) {
	case CMS_ZONE_DMA:
		if (!sim->arch->zone_limits_from_dram)
			return cms_min_u64((16 * CMS_SZ_1M) >> sh, max_pfn);
		return arm64_max_zone_phys(sim, sim->arch->zone_dma_bits) >> sh;
	case CMS_ZONE_DMA32:
		if (!sim->arch->zone_limits_from_dram)
			return cms_min_u64(CMS_SZ_4G >> sh, max_pfn);
		return arm64_max_zone_phys(sim, 32) >> sh;
	case CMS_ZONE_NORMAL:
		/* 32-bit arm: lowmem ends where highmem begins */
		if (sim->arch->lowmem_size && cms_knob(sim, CMS_KNOB_HIGHMEM))
			return cms_min_u64(dram_start_pfn(sim) +
					   (sim->arch->lowmem_size >> sh),
					   max_pfn);
		return max_pfn;
	case CMS_ZONE_HIGHMEM:
		return max_pfn;
	default:
		return 0;
	}
}

struct layout {
	uint64_t lo[CMS_MAX_ZONES];	/* arch_zone_lowest_possible_pfn */
	uint64_t hi[CMS_MAX_ZONES];	/* arch_zone_highest_possible_pfn */
	uint64_t *movable_pfn;		/* zone_movable_pfn[nid] */
	int movable_zone;		/* zone idx ZONE_MOVABLE takes from */
	int movable_idx;		/* idx of ZONE_MOVABLE */
};

static void print_range(struct cmasim *sim, const char *prefix,
			uint64_t spfn, uint64_t epfn)
{
	init_line(sim, "%s[mem %#018llx-%#018llx]", prefix,
		    (unsigned long long)(spfn << sim->page_shift),
		    (unsigned long long)((epfn << sim->page_shift) - 1));
}

static void node_pfn_range(const struct cmasim *sim, int nid, uint64_t *s,
			   uint64_t *e)
{
	const struct cms_memblock_type *m = mem_type(sim);
	uint64_t lo = UINT64_MAX, hi = 0;

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t a, b;
		int n;

		if (!mem_pfn_range(sim, i, &a, &b, &n) || n != nid)
			continue;
		lo = cms_min_u64(lo, a);
		hi = cms_max_u64(hi, b);
	}
	if (lo == UINT64_MAX)
		lo = hi = 0;
	*s = lo;
	*e = hi;
}

/* find_zone_movable_pfns_for_nodes() without mirror/hotplug modes. */
static void find_zone_movable_pfns(struct cmasim *sim, struct cms_mm *mm,
				   struct layout *L)
{
	const struct cms_core_param *kc = &mm->kernelcore;
	const struct cms_core_param *mc = &mm->movablecore;
	const struct cms_memblock_type *m = mem_type(sim);
	uint64_t totalpages = 0, req_kc = 0, req_mc = 0, usable_start;
	uint64_t max_order_pages = UINT64_C(1) << sim->max_order;
	int usable_nodes = 0;

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t a, b;
		int n;

		if (mem_pfn_range(sim, i, &a, &b, &n))
			totalpages += b - a;
	}
	for (int n = 0; n < mm->nr_nodes; n++)
		usable_nodes += mm->nodes[n].online;

	/* find_usable_zone_for_movable */
	L->movable_zone = 0;
	for (int i = mm->nr_zones - 1; i >= 0; i--) {
		if (i == L->movable_idx)
			continue;
		if (L->hi[i] > L->lo[i]) {
			L->movable_zone = i;
			break;
		}
	}
	if (kc->given && !kc->mirror) {
		if (kc->percent_given)
			req_kc = totalpages * 100 * kc->percent / 10000;
		else
			req_kc = kc->bytes >> sim->page_shift;
	}
	if (mc->given) {
		if (mc->percent_given)
			req_mc = totalpages * 100 * mc->percent / 10000;
		else
			req_mc = mc->bytes >> sim->page_shift;
	}
	if (req_mc) {
		req_mc = cms_align_up(req_mc, max_order_pages);
		req_mc = cms_min_u64(totalpages, req_mc);
		req_kc = cms_max_u64(req_kc, totalpages - req_mc);
	}
	if (!req_kc || req_kc >= totalpages)
		return;

	usable_start = L->lo[L->movable_zone];
restart:;
	uint64_t kc_node = req_kc / (uint64_t)usable_nodes;

	for (int nid = 0; nid < mm->nr_nodes; nid++) {
		uint64_t remaining;

		if (!mm->nodes[nid].online)
			continue;
		if (req_kc < kc_node)
			kc_node = req_kc / (uint64_t)usable_nodes;
		remaining = kc_node;
		for (unsigned long i = 0; i < m->cnt; i++) {
			uint64_t s, e, size;
			int n;

			if (!mem_pfn_range(sim, i, &s, &e, &n) || n != nid)
				continue;
			s = cms_max_u64(s, L->movable_pfn[nid]);
			if (s >= e)
				continue;
			if (s < usable_start) {
				uint64_t kp = cms_min_u64(e, usable_start) - s;

				remaining -= cms_min_u64(kp, remaining);
				req_kc -= cms_min_u64(kp, req_kc);
				if (e <= usable_start) {
					L->movable_pfn[nid] = e;
					continue;
				}
				s = usable_start;
			}
			size = cms_min_u64(e - s, remaining);
			L->movable_pfn[nid] = s + size;
			req_kc -= cms_min_u64(req_kc, size);
			remaining -= size;
			if (!remaining)
				break;
		}
	}
	usable_nodes--;
	if (usable_nodes && req_kc > (uint64_t)usable_nodes)
		goto restart;

	for (int nid = 0; nid < mm->nr_nodes; nid++) {
		uint64_t s, e;

		L->movable_pfn[nid] = cms_align_up(L->movable_pfn[nid],
						   max_order_pages);
		node_pfn_range(sim, nid, &s, &e);
		if (L->movable_pfn[nid] >= e)
			L->movable_pfn[nid] = 0;
	}
}

static uint64_t absent_in_range(const struct cmasim *sim, int nid,
				uint64_t s, uint64_t e)
{
	const struct cms_memblock_type *m = mem_type(sim);
	uint64_t present = 0;

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t a, b;
		int n;

		if (!mem_pfn_range(sim, i, &a, &b, &n) || n != nid)
			continue;
		a = cms_max_u64(a, s);
		b = cms_min_u64(b, e);
		if (a < b)
			present += b - a;
	}
	return (e - s) - present;
}

static void zone_range(const struct cmasim *sim, const struct layout *L,
		       int nid, int j, uint64_t ns, uint64_t ne,
		       uint64_t *zs, uint64_t *ze)
{
	uint64_t mv = L->movable_pfn[nid];

	*zs = cms_min_u64(cms_max_u64(ns, L->lo[j]), L->hi[j]);
	*ze = cms_min_u64(cms_max_u64(ne, L->lo[j]), L->hi[j]);
	if (mv) {
		if (j == L->movable_idx) {
			*zs = mv;
			*ze = cms_min_u64(ne, L->hi[L->movable_zone]);
		} else if (*zs < mv && *ze > mv) {
			*ze = mv;
		} else if (*zs >= mv) {
			*zs = *ze;
		}
	}
	if (*zs > *ze)
		*zs = *ze;
}

/* sparse pfn_valid(): the pfn's section has memory (flat: inside DRAM). */
static bool pfn_valid(const struct cmasim *sim, uint64_t pfn)
{
	const struct cms_memblock_type *m = mem_type(sim);
	unsigned int ss = sim->mm->section_shift;
	uint64_t s = (pfn >> ss) << ss, e = s + (UINT64_C(1) << ss);

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t a, b;
		int n;

		if (!mem_pfn_range(sim, i, &a, &b, &n))
			continue;
		if (a < e && b > s)
			return true;
	}
	return false;
}

/* Mark hole pages of a zone reserved; count them for the message. */
static void init_unavailable_range(struct cmasim *sim, uint64_t spfn,
				   uint64_t epfn, int zone_idx, int nid)
{
	struct cms_zone *z = &sim->mm->nodes[nid].zones[zone_idx];
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order;
	uint64_t cnt = 0;

	for (uint64_t pfn = spfn; pfn < epfn; pfn++) {
		if (!pfn_valid(sim, cms_align_down(pfn, pbn))) {
			pfn = cms_align_down(pfn, pbn) + pbn - 1;
			continue;
		}
		cnt++;
	}
	if (cnt)
		init_line(sim, "On node %d, zone %s: %llu pages in unavailable ranges",
			    nid, z->name, (unsigned long long)cnt);
}

/*
 * memmap_init(): pageblocks MOVABLE, holes reserved.  The hole pages are
 * written when their section is materialised (cms_memmap_materialise
 * reads the zone's present ranges), so here only the pageblocks are set.
 */
static void memmap_init(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	const struct cms_memblock_type *m = mem_type(sim);
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order;
	uint64_t hole = 0, s = 0, e = 0;
	int zone_id = 0, nid = 0;

	for (unsigned long i = 0; i < m->cnt; i++) {
		struct cms_node *node;

		if (!mem_pfn_range(sim, i, &s, &e, &nid))
			continue;
		node = &mm->nodes[nid];
		for (int j = 0; j < mm->nr_zones; j++) {
			struct cms_zone *z = &node->zones[j];
			uint64_t zs = z->start_pfn, ze = zs + z->spanned;
			uint64_t a, b;

			if (!z->present)
				continue;
			a = cms_min_u64(cms_max_u64(s, zs), ze);
			b = cms_min_u64(cms_max_u64(e, zs), ze);
			if (a < b) {
				uint64_t p = cms_align_up(a, pbn);

				/* every pageblock starting in [a, b) */
				if (p < b)
					memset(&z->pb[(p - z->pb_base) >>
						      sim->pageblock_order],
					       CMASIM_MIGRATE_MOVABLE,
					       (b - 1 - p) / pbn + 1);
				if (hole < a)
					init_unavailable_range(sim, hole, a, j,
							       nid);
				hole = b;
			}
			zone_id = j;
		}
	}
	if (mm->section_shift)
		e = cms_align_up(e, UINT64_C(1) << mm->section_shift);
	if (hole < e)
		init_unavailable_range(sim, hole, e, zone_id, nid);
}

/* defer_init(): the first pfn left for deferred struct page init. */
static void compute_first_deferred(struct cmasim *sim, struct cms_node *node)
{
	const struct cms_memblock_type *m = mem_type(sim);
	struct cms_mm *mm = sim->mm;
	uint64_t sect = UINT64_C(1) << mm->section_shift;
	uint64_t node_end = node->start_pfn + node->spanned, count = 0;
	struct cms_zone *last = NULL;

	node->first_deferred_pfn = UINT64_MAX;
	if (!mm->deferred_init)
		return;
	for (int j = 0; j < mm->nr_zones; j++)
		if (node->zones[j].spanned &&
		    node->zones[j].start_pfn + node->zones[j].spanned == node_end)
			last = &node->zones[j];
	if (!last)
		return;
	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t s, e, p;
		int n;

		if (!mem_pfn_range(sim, i, &s, &e, &n) || n != node->nid)
			continue;
		s = cms_max_u64(s, last->start_pfn);
		e = cms_min_u64(e, last->start_pfn + last->spanned);
		if (s >= e)
			continue;
		/* first p in [s,e) with count + (p - s + 1) > sect, aligned */
		p = s;
		if (count + (e - s) > sect) {
			if (count < sect)
				p = s + (sect - count);
			p = cms_align_up(p, sect);
			if (p < e) {
				node->first_deferred_pfn = p;
				return;
			}
		}
		count += e - s;
	}
}

static uint64_t calc_memmap_size(uint64_t spanned, uint64_t present,
				 uint64_t page_size)
{
	uint64_t pages = spanned;

	if (spanned > present + (present >> 4))
		pages = present;
	return cms_align_up(pages * 64, page_size) / page_size;
}

/* x86_64 6.1 memblock_find_dma_reserve(): reserved pages below 16 MiB. */
static uint64_t find_dma_reserve(struct cmasim *sim)
{
	const struct cms_memblock_type *m = mem_type(sim);
	const struct cms_memblock_type *r = rsv_type(sim);
	uint64_t dma = (16 * CMS_SZ_1M) >> sim->page_shift;
	uint64_t nr = 0;

	/* memory pages below 16 MiB that a reservation touches */
	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t s, e, next;
		int n;

		if (!mem_pfn_range(sim, i, &s, &e, &n))
			continue;
		e = cms_min_u64(e, dma);
		/*
		 * The reservations are sorted and apart, so the pages they
		 * touch come in order: each is counted once, at the first
		 * reservation that touches it.
		 */
		next = s;
		for (unsigned long k = 0; k < r->cnt && next < e; k++) {
			uint64_t rb = r->regions[k].base;
			uint64_t re = rb + r->regions[k].size;
			uint64_t lo = rb >> sim->page_shift;
			uint64_t hi = (re >> sim->page_shift) +
				      !!(re & (sim->page_size - 1));

			lo = lo > next ? lo : next;
			hi = hi < e ? hi : e;
			if (lo < hi) {
				nr += hi - lo;
				next = hi;
			}
		}
	}
	return nr;
}

/* The zone's present pfn ranges: its node's memory inside its span. */
static GArray *zone_present(const struct cmasim *sim, const struct cms_zone *z)
{
	const struct cms_memblock_type *m = mem_type(sim);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct cms_pfn_range));
	uint64_t zs = z->start_pfn, ze = z->start_pfn + z->spanned;

	for (unsigned long i = 0; i < m->cnt; i++) {
		struct cms_pfn_range r;
		int n;

		if (!mem_pfn_range(sim, i, &r.s, &r.e, &n) || n != z->node->nid)
			continue;
		r.s = cms_max_u64(r.s, zs);
		r.e = cms_min_u64(r.e, ze);
		if (r.s >= r.e)
			continue;
		if (out->len && g_array_index(out, struct cms_pfn_range,
					      out->len - 1).e == r.s)
			g_array_index(out, struct cms_pfn_range,
				      out->len - 1).e = r.e;
		else
			g_array_append_val(out, r);
	}
	return out;
}

static int alloc_zone(struct cmasim *sim, struct cms_zone *z)
{
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order;
	struct cms_mm *mm = sim->mm;
	GArray *present;
	int ret;

	z->area = g_try_new0(struct cms_free_area, sim->nr_orders);
	z->pcp = g_try_new0(struct cms_pcp, mm->nr_cpus);
	if (!z->area || !z->pcp)
		return -ENOMEM;
	for (unsigned int o = 0; o < sim->nr_orders; o++)
		for (int t = 0; t < CMS_MIGRATE_TYPES; t++)
			z->area[o].list[t].head = z->area[o].list[t].tail = CMS_NIL;
	for (unsigned int c = 0; c < mm->nr_cpus; c++)
		for (int l = 0; l < CMS_NR_PCP_LISTS; l++)
			z->pcp[c].lists[l].head = z->pcp[c].lists[l].tail = CMS_NIL;
	if (!z->spanned)
		return 0;
	if (z->spanned >= CMS_MAX_ZONE_PAGES) {
		cms_client_bug(sim, "zone %s of node %d spans %llu pages: more than 2^39 - 1 per zone is not simulated",
			       z->name, z->node->nid,
			       (unsigned long long)z->spanned);
		return -EINVAL;
	}
	present = zone_present(sim, z);
	ret = cms_memmap_alloc(sim, z, (const void *)present->data,
			       present->len);
	g_array_free(present, TRUE);
	if (ret)
		return ret;
	z->pb_base = cms_align_down(z->start_pfn, pbn);
	z->nr_pb = (cms_align_up(z->start_pfn + z->spanned, pbn) - z->pb_base) /
		   pbn;
	z->pb = g_try_malloc0(z->nr_pb);
	if (!z->pb)
		return -ENOMEM;
	return 0;
}

/* Drop the nodes and zones free_area_init built (and their memmap). */
static void free_nodes(struct cms_mm *mm)
{
	for (int n = 0; mm->nodes && n < mm->nr_nodes; n++) {
		struct cms_node *node = &mm->nodes[n];

		for (int j = 0; j < CMS_MAX_ZONES; j++) {
			cms_memmap_free(&node->zones[j]);
			g_free(node->zones[j].pb);
			g_free(node->zones[j].area);
			g_free(node->zones[j].pcp);
		}
		g_free(node->zonelist);
		g_free(node->node_order);
	}
	g_free(mm->nodes);
	mm->nodes = NULL;
}

/*
 * The mm state exists from cmasim_create() on, holding the settings
 * that come before the boot (CPUs, kernel image, sysctl defaults);
 * free_area_init() adds the nodes and zones.
 */
int cms_mm_init(struct cmasim *sim)
{
	struct cms_mm *mm = g_try_new0(struct cms_mm, 1);

	if (!mm)
		return -ENOMEM;
	mm->nr_cpus = 1;
	mm->user_min_free_kbytes = -1;
	mm->watermark_scale_factor = 10;
	mm->watermark_boost_factor = 15000;
	/* SECTION_SIZE_BITS - PAGE_SHIFT: a sparsemem section in pfn bits */
	mm->section_shift = sim->arch->section_size_bits - sim->page_shift;
	mm->deferred_init = sim->arch->phys_64bit;
	sim->mm = mm;
	return 0;
}

void cms_mm_fini(struct cmasim *sim)
{
	if (!sim->mm)
		return;
	free_nodes(sim->mm);
	g_free(sim->mm);
	sim->mm = NULL;
}

/* ---- node_states[] ---- */

int cms_node_states_clear(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;

	memset(mm->node_states, 0, sizeof(mm->node_states));
	mm->node_states_set = true;
	return 0;
}

void cms_node_set_state(struct cmasim *sim, int nid, enum cms_node_states state)
{
	if (nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return;
	sim->mm->node_states[state][nid / 64] |= UINT64_C(1) << (nid % 64);
}

/* Without arch NUMA init: nodes that have memblock memory, else node 0. */
static bool node_has_memory(const struct cmasim *sim, int nid)
{
	const struct cms_memblock_type *m = mem_type(sim);
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

bool cms_node_state(const struct cmasim *sim, int nid,
		    enum cms_node_states state)
{
	if (nid < 0 || (unsigned int)nid >= sim->max_numnodes)
		return false;
	if (!sim->mm->node_states_set)
		return node_has_memory(sim, nid);
	return sim->mm->node_states[state][nid / 64] >> (nid % 64) & 1;
}

int cmasim_set_nr_cpus(struct cmasim *sim, unsigned int nr_cpus)
{
	if (!sim)
		return -EINVAL;
	if (nr_cpus < 1 || nr_cpus > 64) {
		cms_client_bug(sim, "cmasim_set_nr_cpus(%u): 1..64 CPUs", nr_cpus);
		return -EINVAL;
	}
	if (cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "cmasim_set_nr_cpus: the zones already exist");
		return -EPERM;
	}
	sim->mm->nr_cpus = nr_cpus;
	return 0;
}

void cms_mm_set_kernel_image(struct cmasim *sim, uint64_t code,
			     uint64_t rwdata, uint64_t rodata, uint64_t init,
			     uint64_t bss)
{
	struct cms_mm *mm = sim->mm;

	mm->image.code = code;
	mm->image.rwdata = rwdata;
	mm->image.rodata = rodata;
	mm->image.init = init;
	mm->image.bss = bss;
}

/*
 * 6.12 calc_nr_kernel_pages(): the hash tables are sized from the pages
 * memblock still has free when the zones are set up (after every early
 * reservation, CMA areas included), not from the zones' present pages.
 */
static void calc_nr_kernel_pages(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t idx = 0, start, end;

	mm->nr_all_pages = 0;
	mm->nr_kernel_pages = 0;
	while (cms_memblock_next_free_range(sim, &idx, CMASIM_NUMA_NO_NODE, 0,
					    &start, &end, NULL)) {
		uint64_t s = cms_align_up(start, sim->page_size) >> sim->page_shift;
		uint64_t e = end >> sim->page_shift;

		if (s < e) {
			mm->nr_all_pages += e - s;
			mm->nr_kernel_pages += e - s;
		}
	}
}

static int do_mm_init(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	const struct cms_memblock_type *m = mem_type(sim);
	struct layout L = { 0 };
	uint64_t spfn;
	int max_nid = 0, ret;

	configure_zones(sim, mm);
	for (unsigned long i = 0; i < m->cnt; i++)
		if (region_nid(sim, &m->regions[i]) > max_nid)
			max_nid = region_nid(sim, &m->regions[i]);
	mm->nr_nodes = max_nid + 1;
	mm->nodes = g_try_new0(struct cms_node, mm->nr_nodes);
	L.movable_pfn = g_try_new0(uint64_t, mm->nr_nodes);
	if (!mm->nodes || !L.movable_pfn) {
		g_free(L.movable_pfn);
		return -ENOMEM;
	}
	for (int i = 0; i < CMS_MAX_ZONES; i++)
		mm->lowmem_reserve_ratio[i] =
			i < mm->nr_zones ? lowmem_ratio_default[mm->zone_type[i]] : 0;
	mm->first_online = -1;
	for (int n = 0; n < mm->nr_nodes; n++) {
		uint64_t s, e;

		mm->nodes[n].nid = n;
		node_pfn_range(sim, n, &s, &e);
		mm->nodes[n].online = s < e;
		mm->nr_online += mm->nodes[n].online;
		if (mm->nodes[n].online && mm->first_online < 0)
			mm->first_online = n;
	}
	mm->movable_idx = mm->nr_zones - 1;
	for (int i = mm->nr_zones - 1; i >= 0; i--)
		if (mm->zone_type[i] == CMS_ZONE_MOVABLE)
			mm->movable_idx = i;
	cms_gfp_zone_table_init(sim);

	/* arch zone limits */
	spfn = dram_start_pfn(sim);
	for (int i = 0; i < mm->nr_zones; i++) {
		uint64_t e;

		if (mm->zone_type[i] == CMS_ZONE_MOVABLE) {
			L.movable_idx = i;
			continue;
		}
		e = cms_max_u64(max_zone_pfn(sim, mm->zone_type[i]), spfn);
		L.lo[i] = spfn;
		L.hi[i] = e;
		spfn = e;
	}

	init_line(sim, "Zone ranges:");
	for (int i = 0; i < mm->nr_zones; i++) {
		char prefix[32];

		if (i == L.movable_idx)
			continue;
		snprintf(prefix, sizeof(prefix), "  %-8s ",
			 cms_zone_type_name(mm->zone_type[i]));
		if (L.lo[i] == L.hi[i])
			init_line(sim, "%sempty", prefix);
		else
			print_range(sim, prefix, L.lo[i], L.hi[i]);
	}

	find_zone_movable_pfns(sim, mm, &L);
	init_line(sim, "Movable zone start for each node");
	for (int n = 0; n < mm->nr_nodes; n++)
		if (L.movable_pfn[n])
			init_line(sim, "  Node %d: %#018llx", n,
				    (unsigned long long)(L.movable_pfn[n] << sim->page_shift));

	init_line(sim, "Early memory node ranges");
	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t s, e;
		int n;
		char prefix[32];

		if (!mem_pfn_range(sim, i, &s, &e, &n))
			continue;
		snprintf(prefix, sizeof(prefix), "  node %3d: ", n);
		print_range(sim, prefix, s, e);
	}

	if (sim->arch->finds_dma_reserve && sim->ver->has_dma_reserve)
		mm->dma_reserve = find_dma_reserve(sim);

	for (int n = 0; n < mm->nr_nodes; n++) {
		struct cms_node *node = &mm->nodes[n];
		uint64_t s, e;

		node_pfn_range(sim, n, &s, &e);
		node->start_pfn = s;
		node->spanned = e - s;
		if (s != e) {
			char prefix[40];

			snprintf(prefix, sizeof(prefix), "Initmem setup node %d ", n);
			print_range(sim, prefix, s, e);
		}
		for (int j = 0; j < mm->nr_zones; j++) {
			struct cms_zone *z = &node->zones[j];
			uint64_t zs, ze, freesize, memmap;

			z->node = node;
			z->idx = j;
			z->type = mm->zone_type[j];
			z->name = cms_zone_type_name(z->type);
			if (z->type == CMS_ZONE_DEVICE || s == e) {
				zs = ze = 0;
			} else {
				zone_range(sim, &L, n, j, s, e, &zs, &ze);
			}
			z->spanned = ze - zs;
			z->start_pfn = z->spanned ? zs : 0;
			z->present = z->spanned ?
				     z->spanned - absent_in_range(sim, n, zs, ze) : 0;
			node->present += z->present;
			/* zone_init_internals: managed estimate */
			freesize = z->present;
			if (sim->ver->managed_estimate_subtracts_memmap) {
				memmap = calc_memmap_size(z->spanned, z->present,
							  sim->page_size);
				if (z->type != CMS_ZONE_HIGHMEM &&
				    freesize >= memmap)
					freesize -= memmap;
				if (j == 0 && freesize > mm->dma_reserve)
					freesize -= mm->dma_reserve;
			}
			z->managed = freesize;
			mm->nr_all_pages += freesize;
			ret = alloc_zone(sim, z);
			if (ret) {
				g_free(L.movable_pfn);
				return ret;
			}
		}
		compute_first_deferred(sim, node);
		mm->physpages += node->present;
	}
	g_free(L.movable_pfn);
	if (sim->ver->nr_kernel_pages_from_memblock)
		calc_nr_kernel_pages(sim);
	memmap_init(sim);
	return 0;
}

void cms_mm_set_core_params(struct cmasim *sim,
			    const struct cms_core_param *kernelcore,
			    const struct cms_core_param *movablecore)
{
	sim->mm->kernelcore = *kernelcore;
	sim->mm->movablecore = *movablecore;
}

int cms_free_area_init(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm, saved;
	int ret;

	if (cms_free_area_init_done(sim)) {
		cms_client_bug(sim, "free_area_init called twice");
		return -EPERM;
	}
	if (!mem_type(sim)->total_size) {
		cms_client_bug(sim, "free_area_init: memblock has no memory");
		return -EINVAL;
	}
	/* a failed call leaves the state as it was: settings, no zones */
	saved = *mm;
	mm->pending = g_ptr_array_new_with_free_func(g_free);
	ret = do_mm_init(sim);
	if (!ret)
		for (guint i = 0; i < mm->pending->len; i++)
			cms_pr_info(sim, "%s", (const char *)mm->pending->pdata[i]);
	g_ptr_array_free(mm->pending, TRUE);
	mm->pending = NULL;
	if (ret) {
		free_nodes(mm);
		*mm = saved;
	}
	return ret;
}

/* Node order by distance: self, then n+1, n+2, ... (equal distances). */
static void build_node_order(struct cms_mm *mm, struct cms_node *node)
{
	int k = 0;

	node->node_order = g_new0(int, mm->nr_nodes);
	for (int d = 0; d < mm->nr_nodes; d++) {
		int n = (node->nid + d) % mm->nr_nodes;

		if (mm->nodes[n].online)
			node->node_order[k++] = n;
	}
	for (; k < mm->nr_nodes; k++)
		node->node_order[k] = -1;
}

void cms_mm_build_all_zonelists(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t total = 0, pbn = UINT64_C(1) << sim->pageblock_order;
	int online = 0;

	if (mm->zonelists_built)
		return;
	mm->zonelists_built = true;
	mm->policy_zone = 0;
	for (int n = 0; n < mm->nr_nodes; n++) {
		struct cms_node *node = &mm->nodes[n];
		int k = 0;

		build_node_order(mm, node);
		node->zonelist = g_new0(struct cms_zone *,
					(size_t)mm->nr_nodes * mm->nr_zones + 1);
		for (int i = 0; i < mm->nr_nodes; i++) {
			int on = node->node_order[i];

			if (on < 0)
				break;
			for (int j = mm->nr_zones - 1; j >= 0; j--) {
				struct cms_zone *z = &mm->nodes[on].zones[j];

				if (!z->managed)
					continue;
				node->zonelist[k++] = z;
				if (j > mm->policy_zone &&
				    z->type != CMS_ZONE_MOVABLE)
					mm->policy_zone = j;
			}
		}
		node->nr_zonerefs = k;
		for (int hz = 0; hz < CMS_MAX_ZONES; hz++)
			for (k = node->nr_zonerefs - 1; k >= 0; k--) {
				struct cms_zone *z = node->zonelist[k];

				if (z->idx > hz)
					continue;
				node->preferred[hz][0] = z;
				if (z->node == node)
					node->preferred[hz][1] = z;
			}
	}
	cms_zone_nofragment_init(sim);
	for (int n = 0; n < mm->nr_nodes; n++)
		online += mm->nodes[n].online;
	if (cms_knob(sim, CMS_KNOB_NUMA)) {
		for (int n = 0; n < mm->nr_nodes; n++) {
			GString *s;

			if (!mm->nodes[n].online)
				continue;
			s = g_string_new(NULL);
			for (int i = 0; i < mm->nr_nodes &&
					mm->nodes[n].node_order[i] >= 0; i++)
				g_string_append_printf(s, "%d ",
						       mm->nodes[n].node_order[i]);
			cms_pr_info(sim, "Fallback order for Node %d: %s", n,
				    s->str);
			g_string_free(s, TRUE);
		}
	}
	/* nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE)) of node 0's list */
	for (int n = 0; n < mm->nr_nodes; n++) {
		struct cms_node *node = &mm->nodes[n];

		if (!node->online)
			continue;
		for (int k = 0; k < node->nr_zonerefs; k++) {
			struct cms_zone *z = node->zonelist[k];

			if (z->managed > z->wmark[CMASIM_WMARK_HIGH])
				total += z->managed - z->wmark[CMASIM_WMARK_HIGH];
		}
		break;
	}
	mm->group_by_mobility_disabled = total < pbn * CMS_MIGRATE_TYPES;
	cms_pr_info(sim, "Built %d zonelists, mobility grouping %s.  Total pages: %llu",
		    online, mm->group_by_mobility_disabled ? "off" : "on",
		    (unsigned long long)total);
	if (cms_knob(sim, CMS_KNOB_NUMA))
		cms_pr_info(sim, "Policy zone: %s",
			    cms_zone_type_name(mm->zone_type[mm->policy_zone]));
}

/*
 * ---- The handover: memblock_free_all ----
 * memblock_free_all (mm/memblock.c), its deferred part
 * (deferred_init_memmap), the "Memory:" line (mem_init_print_info) and
 * init_cma_reserved_pageblock, as mm/mm_init.c of 6.12 gathers them
 * around the page allocator's __free_pages_core.
 */

/*
 * The untouched sections from @start on, up to @end, that the loop below
 * would free as whole max-order blocks to the tail of one list: @start
 * begins a section of @z whose pages nothing has touched and the section
 * lies in [@start, @end).  Returns the end of the last such section, or
 * @start.
 */
static uint64_t untouched_span(const struct cmasim *sim,
			       const struct cms_zone *z, uint64_t start,
			       uint64_t end)
{
	uint64_t bp = UINT64_C(1) << sim->max_order, pos = start;
	uint64_t zend = z->start_pfn + z->spanned;

	if (sim->pageblock_order > sim->max_order)
		return start;
	while (pos < end) {
		uint64_t r = pos - z->start_pfn + z->chunk_off;
		uint64_t c = r >> z->chunk_shift;
		uint64_t ce = pos - (r & z->chunk_mask) + z->chunk_mask + 1;

		/* a whole section (of the zone), block-aligned, untouched */
		if (z->chunk[c] || (pos != z->start_pfn && (r & z->chunk_mask)))
			break;
		ce = cms_min_u64(ce, zend);
		if (ce > end || (pos & (bp - 1)) || (ce & (bp - 1)))
			break;
		pos = ce;
	}
	return pos;
}

/*
 * Free the untouched sections [@start, @end) of @z as a run.  Freeing
 * them block by block would put each max-order block at the tail of the
 * list of its pageblock's type with no merge (none is possible at
 * max_order; 6.12's per-pageblock frees merge back into the same block,
 * the pageblocks' types being equal): all are MIGRATE_MOVABLE, since the
 * range is free memblock memory and memmap_init() set every pageblock
 * of it, and only memmap_init() sets pageblock types before this point.
 */
static void free_untouched(struct cmasim *sim, struct cms_zone *z,
			   uint64_t start, uint64_t end)
{
	int mt = cms_get_pageblock_migratetype(sim, z, start);

	z->managed += end - start;
	sim->mm->ev[CMS_EV_PGFREE] += end - start;
	cms_account_freepages(sim, z, (int64_t)(end - start), mt);
	cms_memmap_append_run(z, start, end, mt);
}

/*
 * __free_pages_memory(): largest aligned chunks, within one zone each.
 * Pass 0 frees what memblock_free_all frees at once (below each node's
 * first_deferred_pfn); pass 1 the rest (deferred_init_memmap).
 */
static void free_pages_memory(struct cmasim *sim, uint64_t start, uint64_t end,
			      bool deferred_pass)
{
	while (start < end) {
		struct cms_zone *z = cms_pfn_zone(sim, start);
		uint64_t zend, fd;
		unsigned int order;

		if (!z) {
			start++;
			continue;
		}
		zend = cms_min_u64(end, z->start_pfn + z->spanned);
		fd = z->node->first_deferred_pfn;
		if (!deferred_pass) {
			if (start >= fd) {
				start = zend;
				continue;
			}
			zend = cms_min_u64(zend, fd);
		} else {
			if (zend <= fd) {
				start = zend;
				continue;
			}
			start = cms_max_u64(start, fd);
		}
		while (start < zend) {
			uint64_t run_end = untouched_span(sim, z, start, zend);

			if (run_end > start) {
				free_untouched(sim, z, start, run_end);
				start = run_end;
				continue;
			}
			order = start ? (unsigned int)__builtin_ctzll(start) :
					sim->max_order;
			if (order > sim->max_order)
				order = sim->max_order;
			while (start + (UINT64_C(1) << order) > zend)
				order--;
			cms_free_pages_core(sim, z, start, order);
			start += UINT64_C(1) << order;
		}
		start = cms_max_u64(start, zend);
	}
}

struct pfn_range {
	uint64_t s, e;
};

/* for_each_free_mem_range(): memory minus reserved, as PFN_UP..PFN_DOWN. */
static GArray *free_ranges(const struct cmasim *sim)
{
	const struct cms_memblock_type *m = &sim->memblock->memory;
	const struct cms_memblock_type *r = &sim->memblock->reserved;
	GArray *out = g_array_new(FALSE, FALSE, sizeof(struct pfn_range));

	for (unsigned long i = 0; i < m->cnt; i++) {
		uint64_t mb = m->regions[i].base;
		uint64_t me = mb + m->regions[i].size, a = mb;

		/* should_skip_region() with MEMBLOCK_NONE */
		if (m->regions[i].flags & (CMASIM_MEMBLOCK_NOMAP |
					   CMASIM_MEMBLOCK_DRIVER_MANAGED))
			continue;
		for (unsigned long k = 0; k <= r->cnt; k++) {
			uint64_t rb = k < r->cnt ? r->regions[k].base : me;
			uint64_t re = k < r->cnt ? rb + r->regions[k].size : me;
			struct pfn_range pr;

			if (re <= a)
				continue;
			if (rb >= me)
				rb = re = me;
			if (rb > a) {
				pr.s = cms_align_up(a, sim->page_size) >>
				       sim->page_shift;
				pr.e = rb >> sim->page_shift;
				if (pr.s < pr.e)
					g_array_append_val(out, pr);
			}
			a = re;
			if (a >= me)
				break;
		}
	}
	return out;
}

/*
 * Mark everything of the zones reserved that is not free and not a hole.
 * An untouched section holds free runs, holes and pages the boot never
 * freed; with memmap_settled the last read as reserved, so only the
 * sections something touched are walked.
 */
static void mark_unfreed_reserved(struct cmasim *sim)
{
	struct cms_node *n;
	struct cms_zone *z;

	cms_for_each_zone(sim->mm, n, z) {
		uint64_t pfn = z->start_pfn, end = z->start_pfn + z->spanned;

		z->memmap_settled = true;
		while (pfn < end) {
			uint64_t r = pfn - z->start_pfn + z->chunk_off;
			uint64_t c = r >> z->chunk_shift;
			uint64_t next = z->start_pfn - z->chunk_off +
					((c + 1) << z->chunk_shift);
			struct cms_page *pg = z->chunk[c];

			if (next > end)
				next = end;
			/* a block never crosses a chunk: the chunk is walked */
			while (pg && pfn < next) {
				struct cms_page *p = &pg[(pfn - z->start_pfn +
							  z->chunk_off) &
							 z->chunk_mask];

				switch (cms_page_state(p)) {
				case CMS_PG_BUDDY:
					pfn += UINT64_C(1) << cms_page_order(p);
					break;
				case CMS_PG_TAIL:
					p->flags = CMS_PG_RESERVED;
					/* fall through */
				default:
					pfn++;
				}
			}
			pfn = next > pfn ? next : pfn;
		}
	}
}

void cms_mm_mem_init_print_info(struct cmasim *sim)
{
	struct cms_mm *mm = sim->mm;
	uint64_t free = 0, kb = sim->page_size / 1024;
	struct cms_node *n;
	struct cms_zone *z;
	char high[64] = "";

	cms_for_each_zone(mm, n, z)
		free += (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	if (cms_knob(sim, CMS_KNOB_HIGHMEM) && !sim->arch->phys_64bit)
		snprintf(high, sizeof(high), ", %lluK highmem",
			 (unsigned long long)(mm->totalhigh_pages * kb));
	cms_pr_info(sim, "Memory: %lluK/%lluK available (%lluK kernel code, %lluK rwdata, %lluK rodata, %lluK init, %lluK bss, %lluK reserved, %lluK cma-reserved%s)",
		    (unsigned long long)(free * kb),
		    (unsigned long long)(mm->physpages * kb),
		    (unsigned long long)(mm->image.code / 1024),
		    (unsigned long long)(mm->image.rwdata / 1024),
		    (unsigned long long)(mm->image.rodata / 1024),
		    (unsigned long long)(mm->image.init / 1024),
		    (unsigned long long)(mm->image.bss / 1024),
		    (unsigned long long)((mm->physpages - mm->totalram_pages -
					  mm->totalcma_pages) * kb),
		    (unsigned long long)(mm->totalcma_pages * kb), high);
}

int cms_mm_memblock_free_all(struct cmasim *sim)
{
	struct cms_mm *mm;
	struct cms_node *n;
	struct cms_zone *z;
	GArray *ranges;
	uint64_t total = 0;

	if (!sim)
		return -EINVAL;
	mm = sim->mm;
	if (!cms_free_area_init_done(sim) || mm->freed) {
		cms_client_bug(sim, "memblock_free_all: %s",
			       mm->freed ? "called twice" :
						 "free_area_init has not run");
		return -EPERM;
	}
	cms_mm_build_all_zonelists(sim);
	cms_for_each_zone(mm, n, z) {
		z->managed = 0;
		if (z->spanned)
			cms_zone_pcp_update(sim, z);
	}
	ranges = free_ranges(sim);
	for (guint i = 0; i < ranges->len; i++) {
		struct pfn_range *r = &g_array_index(ranges, struct pfn_range, i);

		total += r->e - r->s;
		free_pages_memory(sim, r->s, r->e, false);
	}
	mm->totalram_pages = total;
	mm->freed = true;
	sim->phase = CMS_PHASE_RUNNING;
	/* arm free_highpages(): totalhigh counts the freed highmem pages */
	cms_for_each_zone(mm, n, z)
		if (z->type == CMS_ZONE_HIGHMEM)
			mm->totalhigh_pages += z->managed;
	if (!sim->ver->memory_line_after_deferred_init)
		cms_mm_mem_init_print_info(sim);
	/*
	 * deferred_init_memmap (page_alloc_init_late): done here, ahead of
	 * what start_kernel() does in between; 6.12 prints "Memory:" there
	 * (the caller's cms_mm_mem_init_print_info())
	 */
	for (guint i = 0; i < ranges->len; i++) {
		struct pfn_range *r = &g_array_index(ranges, struct pfn_range, i);

		free_pages_memory(sim, r->s, r->e, true);
	}
	g_array_free(ranges, TRUE);
	mark_unfreed_reserved(sim);
	/* arm free_highpages(): highmem pages counted in totalhigh */
	mm->totalhigh_pages = 0;
	cms_for_each_zone(mm, n, z)
		if (z->type == CMS_ZONE_HIGHMEM)
			mm->totalhigh_pages += z->managed;
	/* postcore init_per_zone_wmark_min (boot repeats it after CMA) */
	cms_mm_init_per_zone_wmark_min(sim);
	return 0;
}

int cms_mm_free_all(struct cmasim *sim)
{
	int ret = cms_mm_memblock_free_all(sim);

	if (!ret && sim->ver->memory_line_after_deferred_init)
		cms_mm_mem_init_print_info(sim);
	return ret;
}

/* A reserved pageblock becomes MIGRATE_CMA and goes to the buddy. */
void cms_init_cma_reserved_pageblock(struct cmasim *sim, uint64_t pfn)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order, i;

	if (!z)
		return;
	pfn = cms_align_down(pfn, pbn);
	if (sim->pageblock_order <= z->chunk_shift) {
		/* an aligned pageblock lies in one chunk of the memory map */
		struct cms_page *pg = cms_zone_page(z, pfn);

		for (i = 0; i < pbn; i++)
			pg[i].flags = 0;
	} else {
		for (i = 0; i < pbn; i++)
			cms_zone_page(z, pfn + i)->flags = 0;
	}
	cms_set_pageblock_migratetype(sim, z, pfn, CMASIM_MIGRATE_CMA);
	/* set_page_refcounted + __free_pages(page, pageblock_order) */
	if (sim->pageblock_order > sim->max_order) {
		for (i = 0; i < pbn; i += UINT64_C(1) << sim->max_order)
			cms_free_one_page(sim, z, pfn + i, sim->max_order, false);
	} else {
		cms_free_one_page(sim, z, pfn, sim->pageblock_order, false);
	}
	sim->mm->ev[CMS_EV_PGFREE] += pbn;
	cms_adjust_managed_page_count(sim, z, (int64_t)pbn);
	z->cma_pages += pbn;
}
