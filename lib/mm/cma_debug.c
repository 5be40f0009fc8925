// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CMA debugfs files, /sys/kernel/debug/cma/<area>/ (mm/cma_debug.c),
 * as a table for fs/kernfs.c.
 *
 * debugfs `alloc` allocates N pages with cma_alloc(cma, N, 0, false) and
 * pushes them on a per-area list; `free` pops from the most recent
 * allocation back, releasing whole allocations while they fit, and the
 * head pages of a larger one when order_per_bit is 0 (the rest stays on
 * the list); with order_per_bit > 0 a partial release is refused and the
 * loop stops.  The written value is cut to an int first, as the kernel's
 * `int pages = val` does, and that int meets unsigned longs the way C
 * converts them there.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/bitmap.h"
#include "core/fs_attr.h"
#include "core/kconfig.h"
#include "mm/cma.h"

/* The area of a file's directory (kernfs found it by name). */
static struct cmasim_cma *area(struct cmasim *sim, unsigned int idx)
{
	return &sim->cma->areas[idx];
}

static int get_base_pfn(struct cmasim *sim, unsigned int idx, GString *buf)
{
	g_string_append_printf(buf, "%" PRIu64 "\n", area(sim, idx)->base_pfn);
	return 0;
}

static int get_count(struct cmasim *sim, unsigned int idx, GString *buf)
{
	g_string_append_printf(buf, "%" PRIu64 "\n", area(sim, idx)->count);
	return 0;
}

static int get_order_per_bit(struct cmasim *sim, unsigned int idx,
			     GString *buf)
{
	g_string_append_printf(buf, "%u\n", area(sim, idx)->order_per_bit);
	return 0;
}

/* cma_used_get(): bitmap weight over (int)maxno bits, in pages. */
static int get_used(struct cmasim *sim, unsigned int idx, GString *buf)
{
	const struct cmasim_cma *a = area(sim, idx);
	uint64_t used;

	used = a->bitmap ? cms_bitmap_weight(a->bitmap,
				(uint32_t)cms_cma_bitmap_maxno(a)) : 0;
	g_string_append_printf(buf, "%" PRIu64 "\n", used << a->order_per_bit);
	return 0;
}

/* cma_maxchunk_get(): the longest run of clear bits, in pages. */
static int get_maxchunk(struct cmasim *sim, unsigned int idx, GString *buf)
{
	const struct cmasim_cma *a = area(sim, idx);
	uint64_t maxno, start, end = 0, maxchunk = 0;

	maxno = cms_cma_bitmap_maxno(a);
	for (; a->bitmap;) {
		start = cms_find_next_zero_bit(a->bitmap, maxno, end);
		if (start >= maxno)
			break;
		end = cms_find_next_bit(a->bitmap, maxno, start);
		maxchunk = cms_max_u64(end - start, maxchunk);
	}
	g_string_append_printf(buf, "%" PRIu64 "\n",
			       maxchunk << a->order_per_bit);
	return 0;
}

/* debugfs u32_array: "%u" joined by spaces, '\n' after the last. */
static int get_bitmap(struct cmasim *sim, unsigned int idx, GString *buf)
{
	const struct cmasim_cma *a = area(sim, idx);
	uint64_t n;

	n = a->bitmap ? cms_bitmap_words_u32(cms_cma_bitmap_maxno(a)) : 0;
	for (uint64_t i = 0; i < n; i++)
		g_string_append_printf(buf, "%u%c", cms_bitmap_u32(a->bitmap, i),
				       i + 1 == n ? '\n' : ' ');
	return 0;
}

/* cma_alloc_write(): `int pages = val`, then cma_alloc(cma, pages, 0, false). */
static int set_alloc(struct cmasim *sim, unsigned int idx, uint64_t val)
{
	int32_t pages = (int32_t)(uint32_t)val;
	uint64_t count = (uint64_t)(int64_t)pages;
	struct cmasim_cma *a = area(sim, idx);
	struct cms_cma_mem mem;
	uint64_t pfn = 0;

	if (cms_cma_alloc(sim, a, count, 0, false, &pfn))
		return -ENOMEM;
	mem.pfn = pfn;
	mem.n = count;
	g_array_append_val(a->mem_head, mem);
	return 0;
}

/* cma_free_mem(): pop from the most recent allocation back. */
static int set_free(struct cmasim *sim, unsigned int idx, uint64_t val)
{
	int32_t count = (int32_t)(uint32_t)val;
	struct cmasim_cma *a = area(sim, idx);
	GArray *list = a->mem_head;

	while (count) {
		struct cms_cma_mem *mem;
		/* an int compared with an unsigned long: sign-extended */
		uint64_t ucount = (uint64_t)(int64_t)count;

		if (!list->len)
			return 0;
		mem = &g_array_index(list, struct cms_cma_mem, list->len - 1);
		if (mem->n <= ucount) {
			cms_cma_release(sim, a, mem->pfn, mem->n);
			count = (int32_t)(uint32_t)(ucount - mem->n);
			g_array_set_size(list, list->len - 1);
		} else if (a->order_per_bit == 0) {
			cms_cma_release(sim, a, mem->pfn, ucount);
			mem->pfn += ucount;
			mem->n -= ucount;
			count = 0;
		} else {
			cms_explain(sim, "debugfs free on %s: the most recent allocation (%" PRIu64 " pages) is larger than %d and order_per_bit is %u: the kernel refuses partial releases and stops",
				    a->name, mem->n, count, a->order_per_bit);
			break;
		}
	}
	return 0;
}

const struct cms_kfs_file cms_cma_debugfs_files[] = {
	{ "alloc", CMS_KFS_ATTR, CMS_VALL, NULL, set_alloc },
	{ "free", CMS_KFS_ATTR, CMS_VALL, NULL, set_free },
	{ "base_pfn", CMS_KFS_ATTR, CMS_VALL, get_base_pfn, NULL },
	{ "count", CMS_KFS_ATTR, CMS_VALL, get_count, NULL },
	{ "order_per_bit", CMS_KFS_ATTR, CMS_VALL, get_order_per_bit, NULL },
	{ "used", CMS_KFS_ATTR, CMS_VALL, get_used, NULL },
	{ "maxchunk", CMS_KFS_ATTR, CMS_VALL, get_maxchunk, NULL },
	{ "bitmap", CMS_KFS_U32_ARRAY, CMS_VALL, get_bitmap, NULL },
};
const unsigned int cms_cma_debugfs_nr_files =
	CMS_ARRAY_SIZE(cms_cma_debugfs_files);
