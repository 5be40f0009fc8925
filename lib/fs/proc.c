// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc views of the page allocator in the kernel's exact layouts:
 * /proc/buddyinfo (frag_show), /proc/pagetypeinfo (pagetypeinfo_show),
 * /proc/zoneinfo (zoneinfo_show), /proc/vmstat (a subset), from
 * mm/vmstat.c; /proc/meminfo from fs/proc/meminfo.c.  Counters the
 * simulator does not model print 0 (docs/differences.md).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/mmzone.h"
#include "mm/vmstat.h"
#include "fs/proc.h"

struct out {
	GString *s;
};

static void pr(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void pr(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_string_append_vprintf(o->s, fmt, ap);
	va_end(ap);
}

static bool populated(const struct cms_zone *z)
{
	return z->present != 0;
}

static void buddyinfo(const struct cmasim *sim, struct out *o)
{
	const struct cms_mm *mm = sim->mm;

	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &mm->nodes[n].zones[j];

			if (!populated(z))
				continue;
			pr(o, "Node %d, zone %8s ", n, z->name);
			for (unsigned int k = 0; k < sim->nr_orders; k++)
				pr(o, "%6llu ",
				   (unsigned long long)z->area[k].nr_free);
			pr(o, "\n");
		}
}

/*
 * pagetypeinfo_showblockcount_print(): the zone's pageblocks by type,
 * those of sections with memory.
 */
static void count_blocks(const struct cmasim *sim, const struct cms_zone *z,
			 uint64_t count[CMS_MIGRATE_TYPES])
{
	uint64_t pbn = UINT64_C(1) << sim->pageblock_order;
	unsigned int ss = sim->mm->section_shift;
	uint64_t section = UINT64_MAX;
	bool present = false;

	memset(count, 0, sizeof(uint64_t) * CMS_MIGRATE_TYPES);
	for (uint64_t pfn = z->start_pfn; pfn < z->start_pfn + z->spanned;
	     pfn += pbn) {
		/* one look at memblock per section, not per pageblock */
		if (pfn >> ss != section) {
			section = pfn >> ss;
			present = cms_pfn_online(sim, pfn);
		}
		if (present)
			count[cms_get_pageblock_migratetype(sim, z, pfn)]++;
	}
}

static void pagetypeinfo(const struct cmasim *sim, struct out *o)
{
	const struct cms_mm *mm = sim->mm;
	int nr_mt = cms_knob(sim, CMS_KNOB_CMA) ? CMS_MIGRATE_TYPES :
						  CMS_MIGRATE_TYPES - 1;
	static const int mt_order_nocma[] = { 0, 1, 2, 3, 5 };

	for (int n = 0; n < mm->nr_nodes; n++) {
		const struct cms_node *node = &mm->nodes[n];

		if (!node->online)
			continue;
		pr(o, "Page block order: %u\n", sim->pageblock_order);
		pr(o, "Pages per block:  %llu\n",
		   (unsigned long long)(UINT64_C(1) << sim->pageblock_order));
		pr(o, "\n");
		pr(o, "%-43s ", "Free pages count per migrate type at order");
		for (unsigned int k = 0; k < sim->nr_orders; k++)
			pr(o, "%6u ", k);
		pr(o, "\n");
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &node->zones[j];

			if (!populated(z))
				continue;
			for (int t = 0; t < nr_mt; t++) {
				int mt = nr_mt == CMS_MIGRATE_TYPES ? t :
					 mt_order_nocma[t];

				pr(o, "Node %4d, zone %8s, type %12s ", n,
				   z->name, cms_migratetype_name(mt));
				for (unsigned int k = 0; k < sim->nr_orders; k++) {
					uint64_t c = z->area[k].list[mt].nr;

					if (c >= 100000)
						pr(o, ">%6u ", 100000);
					else
						pr(o, "%6llu ",
						   (unsigned long long)c);
				}
				pr(o, "\n");
			}
		}
		pr(o, "\n%-23s", "Number of blocks type ");
		for (int t = 0; t < nr_mt; t++)
			pr(o, "%12s ", cms_migratetype_name(
				   nr_mt == CMS_MIGRATE_TYPES ? t : mt_order_nocma[t]));
		pr(o, "\n");
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &node->zones[j];
			uint64_t count[CMS_MIGRATE_TYPES];

			if (!populated(z))
				continue;
			count_blocks(sim, z, count);
			pr(o, "Node %d, zone %8s ", n, z->name);
			for (int t = 0; t < nr_mt; t++)
				pr(o, "%12llu ", (unsigned long long)count[
					   nr_mt == CMS_MIGRATE_TYPES ? t : mt_order_nocma[t]]);
			pr(o, "\n");
		}
	}
}

/*
 * enum node_stat_item's names (mm/vmstat.c vmstat_text) with the versions
 * that have each; the simulator keeps them all at 0.
 */
static const struct {
	const char *name;
	unsigned int versions;
} node_stats[] = {
#define BOTH (CMS_V61 | CMS_V612)
	{ "nr_inactive_anon", BOTH }, { "nr_active_anon", BOTH },
	{ "nr_inactive_file", BOTH }, { "nr_active_file", BOTH },
	{ "nr_unevictable", BOTH }, { "nr_slab_reclaimable", BOTH },
	{ "nr_slab_unreclaimable", BOTH }, { "nr_isolated_anon", BOTH },
	{ "nr_isolated_file", BOTH }, { "workingset_nodes", BOTH },
	{ "workingset_refault_anon", BOTH },
	{ "workingset_refault_file", BOTH },
	{ "workingset_activate_anon", BOTH },
	{ "workingset_activate_file", BOTH },
	{ "workingset_restore_anon", BOTH },
	{ "workingset_restore_file", BOTH },
	{ "workingset_nodereclaim", BOTH }, { "nr_anon_pages", BOTH },
	{ "nr_mapped", BOTH }, { "nr_file_pages", BOTH },
	{ "nr_dirty", BOTH }, { "nr_writeback", BOTH },
	{ "nr_writeback_temp", BOTH }, { "nr_shmem", BOTH },
	{ "nr_shmem_hugepages", BOTH }, { "nr_shmem_pmdmapped", BOTH },
	{ "nr_file_hugepages", BOTH }, { "nr_file_pmdmapped", BOTH },
	{ "nr_anon_transparent_hugepages", BOTH },
	{ "nr_vmscan_write", BOTH }, { "nr_vmscan_immediate_reclaim", BOTH },
	{ "nr_dirtied", BOTH }, { "nr_written", BOTH },
	{ "nr_throttled_written", BOTH },
	{ "nr_kernel_misc_reclaimable", BOTH },
	{ "nr_foll_pin_acquired", BOTH }, { "nr_foll_pin_released", BOTH },
	{ "nr_kernel_stack", BOTH }, { "nr_page_table_pages", BOTH },
	{ "nr_sec_page_table_pages", BOTH }, { "nr_iommu_pages", CMS_V612 },
	{ "nr_swapcached", BOTH }, { "pgpromote_success", BOTH },
	{ "pgpromote_candidate", BOTH }, { "pgdemote_kswapd", CMS_V612 },
	{ "pgdemote_direct", CMS_V612 }, { "pgdemote_khugepaged", CMS_V612 },
#undef BOTH
};

static int stat_threshold(const struct cmasim *sim, const struct cms_zone *z)
{
	int mem = (int)(z->managed >> (27 - sim->page_shift));
	int t = 2 * (int)cms_fls64(sim->mm->nr_cpus) * (1 + (int)cms_fls64((uint64_t)mem));

	return t < 125 ? t : 125;
}

/*
 * NR_UNACCEPTED is in enum zone_stat_item only with UNACCEPTED_MEMORY,
 * which 6.12 has and only x86 selects: zoneinfo, vmstat and meminfo
 * show it under the same two conditions.
 */
static bool has_unaccepted(const struct cmasim *sim)
{
	return sim->ver->has_nr_unaccepted && sim->arch->unaccepted_memory;
}

static void zoneinfo(const struct cmasim *sim, struct out *o)
{
	const struct cms_mm *mm = sim->mm;
	bool numa = cms_knob(sim, CMS_KNOB_NUMA);

	for (int n = 0; n < mm->nr_nodes; n++) {
		const struct cms_node *node = &mm->nodes[n];
		bool first = true;

		if (!node->online)
			continue;
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &node->zones[j];

			pr(o, "Node %d, zone %8s", n, z->name);
			if (first && populated(z)) {
				first = false;
				pr(o, "\n  per-node stats");
				for (size_t i = 0; i < CMS_ARRAY_SIZE(node_stats); i++)
					if (node_stats[i].versions & (1u << sim->ver->kernel))
						pr(o, "\n      %-12s %lu",
						   node_stats[i].name, 0UL);
			}
			pr(o, "\n  pages free     %lld"
			      "\n        boost    %llu"
			      "\n        min      %llu"
			      "\n        low      %llu"
			      "\n        high     %llu",
			   (long long)z->vm[CMS_ZS_NR_FREE_PAGES],
			   (unsigned long long)z->watermark_boost,
			   (unsigned long long)z->wmark[CMASIM_WMARK_MIN],
			   (unsigned long long)z->wmark[CMASIM_WMARK_LOW],
			   (unsigned long long)z->wmark[CMASIM_WMARK_HIGH]);
			if (sim->ver->zoneinfo_promo)
				pr(o, "\n        promo    %llu",
				   (unsigned long long)z->wmark[CMASIM_WMARK_PROMO]);
			pr(o, "\n        spanned  %llu"
			      "\n        present  %llu"
			      "\n        managed  %llu"
			      "\n        cma      %llu",
			   (unsigned long long)z->spanned,
			   (unsigned long long)z->present,
			   (unsigned long long)z->managed,
			   (unsigned long long)z->cma_pages);
			pr(o, "\n        protection: (%llu",
			   (unsigned long long)z->lowmem_reserve[0]);
			for (int i = 1; i < mm->nr_zones; i++)
				pr(o, ", %llu",
				   (unsigned long long)z->lowmem_reserve[i]);
			pr(o, ")");
			if (!populated(z)) {
				pr(o, "\n");
				continue;
			}
			for (int i = 0; i < CMS_NR_ZONE_STAT; i++) {
				if (i == CMS_ZS_NR_UNACCEPTED && !has_unaccepted(sim))
					continue;
				if (i >= CMS_ZS_NUMA_HIT && !numa)
					continue;
				pr(o, "\n      %-12s %lld",
				   cms_zone_stat_name((enum cms_zone_stat)i),
				   (long long)z->vm[i]);
			}
			pr(o, "\n  pagesets");
			for (unsigned int c = 0; c < mm->nr_cpus; c++) {
				pr(o, "\n    cpu: %u"
				      "\n              count: %d"
				      "\n              high:  %d"
				      "\n              batch: %d",
				   c, z->pcp[c].count, z->pcp[c].high,
				   z->pcp[c].batch);
				pr(o, "\n  vm stats threshold: %d",
				   stat_threshold(sim, z));
			}
			pr(o, "\n  node_unreclaimable:  %u"
			      "\n  start_pfn:           %llu",
			   0u, (unsigned long long)z->start_pfn);
			pr(o, "\n");
		}
	}
}

static uint64_t total_free(const struct cmasim *sim, int stat)
{
	const struct cms_mm *mm = sim->mm;
	int64_t sum = 0;

	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++)
			sum += mm->nodes[n].zones[j].vm[stat];
	return sum < 0 ? 0 : (uint64_t)sum;
}

/* calculate_totalreserve_pages() */
static uint64_t totalreserve_pages(const struct cmasim *sim)
{
	const struct cms_mm *mm = sim->mm;
	uint64_t total = 0;

	for (int n = 0; n < mm->nr_nodes; n++)
		for (int i = 0; i < mm->nr_zones; i++) {
			const struct cms_zone *z = &mm->nodes[n].zones[i];
			uint64_t max = 0;

			for (int j = i; j < mm->nr_zones; j++)
				max = cms_max_u64(max, z->lowmem_reserve[j]);
			max += z->wmark[CMASIM_WMARK_HIGH];
			total += cms_min_u64(max, z->managed);
		}
	return total;
}

/*
 * nr_free_highpages(): free pages of the highmem zones (ZONE_MOVABLE too
 * when it is carved out of highmem).
 */
static uint64_t free_highpages(const struct cmasim *sim)
{
	const struct cms_mm *mm = sim->mm;
	bool movable_high = false;
	uint64_t sum = 0;

	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++)
			if (mm->nodes[n].zones[j].type == CMS_ZONE_HIGHMEM &&
			    mm->nodes[n].zones[j].spanned)
				movable_high = true;
	for (int n = 0; n < mm->nr_nodes; n++)
		for (int j = 0; j < mm->nr_zones; j++) {
			const struct cms_zone *z = &mm->nodes[n].zones[j];

			if (z->type == CMS_ZONE_HIGHMEM ||
			    (z->type == CMS_ZONE_MOVABLE && movable_high))
				sum += (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
		}
	return sum;
}

static void kb_line(struct out *o, const char *label, uint64_t kb)
{
	pr(o, "%-16s%8llu kB\n", label, (unsigned long long)kb);
}

static void meminfo(const struct cmasim *sim, struct out *o)
{
	const struct cms_mm *mm = sim->mm;
	uint64_t k = sim->page_size >> 10;
	uint64_t free = total_free(sim, CMS_ZS_NR_FREE_PAGES);
	int64_t avail = (int64_t)free - (int64_t)totalreserve_pages(sim);
	uint64_t hpage_kb = (sim->page_size << sim->arch->hpage_pmd_order) >> 10;
	static const char *const zero1[] = {
		"Buffers:", "Cached:", "SwapCached:", "Active:", "Inactive:",
		"Active(anon):", "Inactive(anon):", "Active(file):",
		"Inactive(file):", "Unevictable:", "Mlocked:", NULL
	};
	static const char *const zero2[] = {
		"SwapTotal:", "SwapFree:", "Zswap:", "Zswapped:", "Dirty:",
		"Writeback:", "AnonPages:", "Mapped:", "Shmem:", "KReclaimable:",
		"Slab:", "SReclaimable:", "SUnreclaim:", "KernelStack:",
		"PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:",
		"WritebackTmp:", NULL
	};
	static const char *const zero3[] = {
		"VmallocUsed:", "VmallocChunk:", "Percpu:", "HardwareCorrupted:",
		"AnonHugePages:", "ShmemHugePages:", "ShmemPmdMapped:",
		"FileHugePages:", "FilePmdMapped:", NULL
	};

	if (avail < 0)
		avail = 0;
	kb_line(o, "MemTotal:", mm->totalram_pages * k);
	kb_line(o, "MemFree:", free * k);
	kb_line(o, "MemAvailable:", (uint64_t)avail * k);
	for (int i = 0; zero1[i]; i++)
		kb_line(o, zero1[i], 0);
	if (!sim->arch->phys_64bit) {
		uint64_t high_free = free_highpages(sim);

		kb_line(o, "HighTotal:", mm->totalhigh_pages * k);
		kb_line(o, "HighFree:", high_free * k);
		kb_line(o, "LowTotal:", (mm->totalram_pages - mm->totalhigh_pages) * k);
		kb_line(o, "LowFree:", (free - high_free) * k);
	}
	for (int i = 0; zero2[i]; i++)
		kb_line(o, zero2[i], 0);
	/* vm_commit_limit(): overcommit_ratio 50, no swap, no hugetlb */
	kb_line(o, "CommitLimit:", mm->totalram_pages * 50 / 100 * k);
	kb_line(o, "Committed_AS:", 0);
	kb_line(o, "VmallocTotal:", sim->arch->vmalloc_total_kb);
	for (int i = 0; zero3[i]; i++)
		kb_line(o, zero3[i], 0);
	if (cms_knob(sim, CMS_KNOB_CMA)) {
		kb_line(o, "CmaTotal:", sim->mm->totalcma_pages * k);
		kb_line(o, "CmaFree:", total_free(sim, CMS_ZS_NR_FREE_CMA_PAGES) * k);
	}
	if (has_unaccepted(sim))
		kb_line(o, "Unaccepted:", 0);
	if (cms_knob(sim, CMS_KNOB_HUGETLB_PAGE)) {
		pr(o, "HugePages_Total:   %5d\n", 0);
		pr(o, "HugePages_Free:    %5d\n", 0);
		pr(o, "HugePages_Rsvd:    %5d\n", 0);
		pr(o, "HugePages_Surp:    %5d\n", 0);
		kb_line(o, "Hugepagesize:", hpage_kb);
		kb_line(o, "Hugetlb:", 0);
	}
	if (sim->arch->meminfo_direct_map) {
		kb_line(o, "DirectMap4k:", 0);
		kb_line(o, "DirectMap2M:", 0);
	}
}

static void vmstat(const struct cmasim *sim, struct out *o)
{
	for (int i = 0; i < CMS_NR_ZONE_STAT; i++) {
		if (i == CMS_ZS_NR_UNACCEPTED && !has_unaccepted(sim))
			continue;
		pr(o, "%s %llu\n", cms_zone_stat_name((enum cms_zone_stat)i),
		   (unsigned long long)total_free(sim, i));
	}
	for (int i = 0; i < CMS_NR_EVENT_STAT; i++)
		pr(o, "%s %llu\n", cms_event_stat_name((enum cms_event_stat)i),
		   (unsigned long long)sim->mm->ev[i]);
}

/* The files of /proc this model serves, in the order /proc lists them. */
static const struct {
	const char *name;
	void (*show)(const struct cmasim *sim, struct out *o);
} proc_files[] = {
	{ "buddyinfo", buddyinfo },
	{ "pagetypeinfo", pagetypeinfo },
	{ "zoneinfo", zoneinfo },
	{ "meminfo", meminfo },
	{ "vmstat", vmstat },
};

const char *cms_proc_file_name(unsigned int i)
{
	return i < CMS_ARRAY_SIZE(proc_files) ? proc_files[i].name : NULL;
}

int cms_proc_read(const struct cmasim *sim, const char *path,
		  cmasim_output_fn out, void *data)
{
	struct out o;

	if (!sim || !path || !out)
		return -EINVAL;
	if (strncmp(path, "/proc/", 6))
		return -ENOENT;
	for (size_t i = 0; i < CMS_ARRAY_SIZE(proc_files); i++) {
		if (strcmp(path + 6, proc_files[i].name))
			continue;
		if (!cms_free_area_init_done(sim))
			return -EPERM;
		o.s = g_string_new(NULL);
		proc_files[i].show(sim, &o);
		out(o.s->str, data);
		g_string_free(o.s, TRUE);
		return 0;
	}
	return -ENOENT;
}

int cmasim_zone_pageblocks(const struct cmasim *sim, unsigned int zone,
			   uint64_t *counts)
{
	const struct cms_zone *z;

	if (!sim || !counts)
		return -EINVAL;
	z = cms_zone_slot(sim, zone);
	if (!z)
		return -ENOENT;
	count_blocks(sim, z, counts);
	return 0;
}
