// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma_alloc() and cma_release(): the runtime half of mm/cma.c.
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
#define pr_fmt(fmt) "cma: " fmt

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/bitmap.h"
#include "mm/cma.h"
#include "mm/cma_alloc.h"
#include "mm/page_alloc_contig.h"
#include "mm/migrate.h"
#include "core/trace.h"
#include "mm/mmzone.h"

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

static bool is_v61(const struct cmasim *sim)
{
	return sim->ver->kernel == CMASIM_KERNEL_6_1;
}

/* pr_debug() in mm/cma.c: CONFIG_CMA_DEBUG defines DEBUG there. */
static bool cma_debug_on(const struct cmasim *sim)
{
	return cms_knob(sim, CMS_KNOB_CMA_DEBUG) != 0;
}

/* The kernel's __func__ of the allocation worker. */
static const char *alloc_func(const struct cmasim *sim)
{
	return is_v61(sim) ? "cma_alloc" : "__cma_alloc";
}

/* cma_bitmap_aligned_mask() */
static uint64_t aligned_mask(const struct cms_cma_view *cma,
			     unsigned int align)
{
	if (align <= cma->order_per_bit)
		return 0;
	return (UINT64_C(1) << (align - cma->order_per_bit)) - 1;
}

/* cma_bitmap_aligned_offset() */
static uint64_t aligned_offset(const struct cms_cma_view *cma,
			       unsigned int align)
{
	return (cma->base_pfn & ((UINT64_C(1) << align) - 1)) >>
	       cma->order_per_bit;
}

/* cma_clear_bitmap() */
static void clear_bitmap(struct cms_cma_view *cma, uint64_t pfn,
			 uint64_t count)
{
	uint64_t bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;

	cms_bitmap_clear(cma->bitmap, bitmap_no,
			 cms_cma_pages_to_bits(cma, count));
}

/*
 * cma_debug_show_areas(): one pr_info line continued with pr_cont, the
 * free runs as "<pages>@<bit index>" joined by '+'.
 */
static void show_areas(struct cmasim *sim, const struct cms_cma_view *cma)
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
static void account(struct cmasim *sim, struct cms_cma_view *cma,
		    bool success, uint64_t count)
{
	sim->mm->ev[success ? CMS_EV_CMA_ALLOC_SUCCESS :
			      CMS_EV_CMA_ALLOC_FAIL]++;
	if (success)
		*cma->nr_pages_succeeded += count;
	else
		*cma->nr_pages_failed += count;
}

/* The longest run of clear bits, in pages (debugfs maxchunk). */
static uint64_t largest_free(const struct cms_cma_view *cma)
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

static int do_cma_alloc(struct cmasim *sim, struct cms_cma_view *cma,
			uint64_t count, unsigned int align, bool no_warn,
			uint64_t *out_pfn)
{
	uint64_t mask, offset, maxno, bitmap_count, bitmap_no;
	/* the kernel's `unsigned long pfn = -1`: 32 bits on arm */
	uint64_t pfn = sim->arch->phys_64bit ? UINT64_MAX : UINT32_MAX;
	uint64_t start = 0;
	bool v61 = is_v61(sim), found = false;
	unsigned int windows = 0;
	char pb[24];
	int ret = -ENOMEM;

	/* 6.12 traces the start before any check */
	if (!v61 && cms_trace_on(sim, cma_alloc_start))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_start,
			       "name=%s count=%" PRIu64 " align=%u", cma->name,
			       count, align);
	if (!cma->count || !cma->bitmap) {
		cms_explain(sim, "cma_alloc(%s): the area is not active", cma->name);
		if (v61)
			account(sim, cma, false, count);
		return -ENOMEM;
	}
	if (v61)
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
		if (v61)
			account(sim, cma, false, count);
		return -ENOMEM;
	}
	if (v61 && cms_trace_on(sim, cma_alloc_start))
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
		if (v61)
			account(sim, cma, false, count);
		return -ENOMEM;
	}

	for (;;) {
		bitmap_no = cms_bitmap_find_next_zero_area_off(cma->bitmap,
				maxno, start, (uint32_t)bitmap_count, mask,
				offset);
		if (bitmap_no >= maxno) {
			if (ret == -ENOMEM) {
				uint64_t big = largest_free(cma);

				cms_explain(sim, "cma_alloc(%s): no free window of %" PRIu64 " pages: largest is %" PRIu64 "%s",
					    cma->name, count, big,
					    align && big >= count ?
					    " (none of them aligned as asked)" : "");
				cms_cma_note_no_window(sim, cma, count, big);
			} else {
				cms_explain(sim, "cma_alloc(%s): every window of %" PRIu64 " pages was tried (%u busy); the last failure stands",
					    cma->name, count, windows);
			}
			break;
		}
		cms_bitmap_set(cma->bitmap, bitmap_no, bitmap_count);
		pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
		windows++;
		ret = cms_alloc_contig_range(sim, pfn, pfn + count,
					     CMASIM_MIGRATE_CMA, no_warn);
		if (ret == 0) {
			found = true;
			break;
		}
		clear_bitmap(cma, pfn, count);
		if (ret != -EBUSY)
			break;
		if (v61)
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
		start = bitmap_no + mask + 1;
	}

	if (v61 && cms_trace_on(sim, cma_alloc_finish))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_finish,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64 " align=%u",
			       cma->name, pfn, page_ptr(sim, found, pfn, pb),
			       count, align);
	if (ret && !no_warn) {
		cms_pr_err(sim, "%s: %s: alloc failed, req-size: %" PRIu64
			   " pages, ret: %d\n", alloc_func(sim), cma->name,
			   count, ret);
		if (!v61 || cma_debug_on(sim))
			show_areas(sim, cma);
	}
	cms_pr_debug_if(sim, cma_debug_on(sim), "%s(): returned %s\n",
			alloc_func(sim), found ? ptrval(sim) : ptrnull(sim));
	if (!v61 && cms_trace_on(sim, cma_alloc_finish))
		cms_trace_emit(sim, CMS_TRACE_cma_alloc_finish,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64 " align=%u errorno=%d",
			       cma->name, pfn, page_ptr(sim, found, pfn, pb),
			       count, align, ret);
	account(sim, cma, found, count);
	if (found)
		*out_pfn = pfn;
	return ret;
}

int cms_cma_release(struct cmasim *sim, struct cms_cma_view *cma,
		    uint64_t pfn, uint64_t count)
{
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
	cms_pr_debug_if(sim, cma_debug_on(sim),
			"cma_release(page %s, count %" PRIu64 ")\n", ptrval(sim),
			count);
	cms_free_contig_range(sim, pfn, count);
	clear_bitmap(cma, pfn, count);
	if (!is_v61(sim))
		*cma->nr_pages_released += count;
	if (cms_trace_on(sim, cma_release))
		cms_trace_emit(sim, CMS_TRACE_cma_release,
			       "name=%s pfn=0x%" PRIx64 " page=%s count=%" PRIu64,
			       cma->name, pfn, page_ptr(sim, true, pfn, pb), count);
	return 0;
}

/* The failed windows of this call are kept for cmasim_cma_alloc_window(). */
int cms_cma_alloc(struct cmasim *sim, struct cms_cma_view *cma,
		  uint64_t count, unsigned int align, bool no_warn,
		  uint64_t *out_pfn)
{
	int ret;

	cms_contig_windows_begin(sim);
	ret = do_cma_alloc(sim, cma, count, align, no_warn, out_pfn);
	cms_contig_windows_end(sim);
	return ret;
}

/* ---- Runtime state and bare areas ---- */

struct cms_cma_rt *cms_cma_rt(struct cmasim *sim)
{
	if (!sim->cma_rt) {
		sim->cma_rt = g_new0(struct cms_cma_rt, 1);
		sim->cma_rt->bare = g_ptr_array_new();
	}
	return sim->cma_rt;
}

void cms_cma_rt_fini(struct cmasim *sim)
{
	struct cms_cma_rt *rt = sim->cma_rt;

	if (!rt)
		return;
	for (unsigned int i = 0; i < rt->nr_lists; i++)
		if (rt->mem[i])
			g_array_free(rt->mem[i], TRUE);
	g_free(rt->mem);
	for (unsigned int i = 0; i < rt->bare->len; i++) {
		struct cms_cma_bare *b = g_ptr_array_index(rt->bare, i);

		g_free(b->bitmap);
		g_free(b);
	}
	g_ptr_array_free(rt->bare, TRUE);
	g_free(rt);
	sim->cma_rt = NULL;
}

int cms_cma_bare_add(struct cmasim *sim, const char *name, uint64_t base_pfn,
		     uint64_t count, unsigned int order_per_bit)
{
	struct cms_cma_bare *b;
	uint64_t words;

	if (!name || !*name || strlen(name) >= sizeof(b->name) || !count ||
	    order_per_bit >= 32 ||
	    (count & ((UINT64_C(1) << order_per_bit) - 1))) {
		cms_client_bug(sim, "bare CMA area \"%s\": needs a name below 64 bytes and a page count that is a non-zero multiple of 1 << order_per_bit",
			       name ? name : "(null)");
		return -EINVAL;
	}
	if (cms_cma_view_lookup(sim, name) >= 0) {
		cms_client_bug(sim, "bare CMA area \"%s\": the name is taken",
			       name);
		return -EEXIST;
	}
	words = cms_bits_to_longs(count >> order_per_bit);
	b = g_new0(struct cms_cma_bare, 1);
	b->bitmap = g_try_new0(uint64_t, words);
	if (!b->bitmap) {
		g_free(b);
		cms_client_bug(sim, "bare CMA area \"%s\": no host memory for %" PRIu64 " bitmap words",
			       name, words);
		return -ENOMEM;
	}
	g_strlcpy(b->name, name, sizeof(b->name));
	b->base_pfn = base_pfn;
	b->count = count;
	b->order_per_bit = order_per_bit;
	g_ptr_array_add(cms_cma_rt(sim)->bare, b);
	return 0;
}

/* ---- Checker ---- */

static unsigned int real_area_count(struct cmasim *sim);

int cms_cma_rt_check(struct cmasim *sim)
{
	unsigned int n = cms_cma_view_count(sim);
	int ret = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct cms_cma_view v;
		uint64_t maxno;

		if (cms_cma_view_get(sim, i, &v) || !v.bitmap)
			continue;
		maxno = cms_cma_bitmap_maxno(&v);
		if (cms_free_area_init_done(sim) && v.order_per_bit == 0 && i < real_area_count(sim)) {
			for (uint64_t b = cms_find_next_bit(v.bitmap, maxno, 0);
			     b < maxno; b = cms_find_next_bit(v.bitmap, maxno, b + 1)) {
				uint64_t pfn = v.base_pfn + b;
				struct cms_zone *z = cms_pfn_zone(sim, pfn);
				const struct cms_page *p = z ? cms_zone_page(z, pfn) : NULL;

				if (!p || cms_page_state(p) != CMS_PG_ALLOC ||
				    cms_page_order(p) || (p->flags & CMS_PGF_MOVABLE)) {
					cms_sim_bug(sim, "cma: area %s: bit %" PRIu64 " is set but pfn 0x%" PRIx64 " is not a page cma_alloc gave out",
						    v.name, b, pfn);
					ret = -EUCLEAN;
					break;
				}
			}
		}
		if (sim->cma_rt && i < sim->cma_rt->nr_lists && sim->cma_rt->mem[i]) {
			GArray *l = sim->cma_rt->mem[i];

			for (unsigned int k = 0; k < l->len; k++) {
				const struct cms_cma_mem *m = &g_array_index(l, struct cms_cma_mem, k);
				uint64_t b = (m->pfn - v.base_pfn) >> v.order_per_bit;
				uint64_t bits = cms_cma_pages_to_bits(&v, m->n);

				if (m->pfn < v.base_pfn || b + bits > maxno ||
				    cms_bitmap_weight_range(v.bitmap, b, b + bits) != bits) {
					cms_sim_bug(sim, "cma: area %s: debugfs allocation at pfn 0x%" PRIx64 " (%" PRIu64 " pages) is not marked in the bitmap",
						    v.name, m->pfn, m->n);
					ret = -EUCLEAN;
				}
			}
		}
	}
	return ret;
}

/* ---- Views: the seam to lib/cma.c ---- */

static unsigned int real_area_count(struct cmasim *sim)
{
	return sim->cma ? sim->cma->area_count : 0;
}

static void area_view(struct cms_cma_area *a, struct cms_cma_view *view)
{
	view->name = a->name;
	view->base_pfn = a->base_pfn;
	view->count = a->count;
	view->order_per_bit = a->order_per_bit;
	view->bitmap = a->bitmap;
	view->nr_pages_succeeded = &a->nr_pages_succeeded;
	view->nr_pages_failed = &a->nr_pages_failed;
	view->nr_pages_released = &a->nr_pages_released;
}

unsigned int cms_cma_view_count(struct cmasim *sim)
{
	return real_area_count(sim) +
	       (sim->cma_rt ? sim->cma_rt->bare->len : 0);
}

int cms_cma_view_get(struct cmasim *sim, unsigned int idx,
		     struct cms_cma_view *view)
{
	unsigned int nreal = real_area_count(sim);
	struct cms_cma_bare *b;

	if (idx < nreal) {
		area_view(&sim->cma->areas[idx], view);
		return 0;
	}
	idx -= nreal;
	if (!sim->cma_rt || idx >= sim->cma_rt->bare->len)
		return -ENOENT;
	b = g_ptr_array_index(sim->cma_rt->bare, idx);
	view->name = b->name;
	view->base_pfn = b->base_pfn;
	view->count = b->count;
	view->order_per_bit = b->order_per_bit;
	view->bitmap = b->bitmap;
	view->nr_pages_succeeded = &b->nr_pages_succeeded;
	view->nr_pages_failed = &b->nr_pages_failed;
	view->nr_pages_released = &b->nr_pages_released;
	return 0;
}

int cms_cma_view_lookup(struct cmasim *sim, const char *name)
{
	unsigned int n = cms_cma_view_count(sim);

	for (unsigned int i = 0; i < n; i++) {
		struct cms_cma_view v;

		if (!cms_cma_view_get(sim, i, &v) && !g_strcmp0(v.name, name))
			return (int)i;
	}
	return -ENOENT;
}

/* ---- The public entry points ---- */

int cmasim_cma_alloc(struct cmasim *sim, struct cmasim_cma *cma,
		     uint64_t count, unsigned int align, unsigned int flags,
		     cmasim_pfn_t *out_pfn)
{
	struct cms_cma_view v;
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
	area_view(cms_cma_area_of(cma), &v);
	ret = cms_cma_alloc(sim, &v, count, align,
			    (flags & CMASIM_CMA_NO_WARN) != 0, &pfn);
	if (!ret)
		*out_pfn = pfn;
	return ret;
}

int cmasim_cma_release(struct cmasim *sim, struct cmasim_cma *cma,
		       cmasim_pfn_t pfn, uint64_t count)
{
	struct cms_cma_view v;
	struct cms_cma_area *a;

	if (!sim)
		return -EINVAL;
	if (!cma) {
		cms_client_bug(sim, "cmasim_cma_release(): NULL area");
		return -EINVAL;
	}
	a = cms_cma_area_of(cma);
	area_view(a, &v);
	/*
	 * A failed activation leaves count 0: cma_pages_valid() rejects
	 * every page with its pr_debug line (cms_cma_release does that).
	 */
	if (!v.bitmap && v.count) {
		cms_client_bug(sim, "cmasim_cma_release(%s): the area is not active",
			       a->name);
		return -EINVAL;
	}
	if (pfn >= v.base_pfn && pfn < v.base_pfn + v.count &&
	    (count > v.base_pfn + v.count - pfn)) {
		/* the kernel's VM_BUG_ON(pfn + count > base_pfn + count) */
		cms_client_bug(sim, "cmasim_cma_release(%s): %" PRIu64 " pages from pfn 0x%" PRIx64 " run past the area's end",
			       a->name, count, pfn);
		return -ERANGE;
	}
	return cms_cma_release(sim, &v, pfn, count);
}
