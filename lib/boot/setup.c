// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot sequence.  For x86_64 it follows setup_arch() in
 * arch/x86/kernel/setup.c: the BIOS e820 map is printed and trimmed
 * (trim_bios_range), max_pfn is taken from it (e820.c e820_end_pfn), the
 * early reservations are made, e820__memblock_setup() feeds memblock,
 * the real-mode trampoline is allocated, NUMA is initialised
 * (arch/x86/mm/numa.c, 6.12 mm/numa_memblks.c: SRAT ranges merged, or one
 * faked node, NODE_DATA allocated on each node), and only then
 * dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT) runs.  start_kernel()
 * (init/main.c) then sets up zones, hands memblock to the buddy allocator,
 * and the initcalls activate the CMA areas (core_initcall) and fill the DMA
 * atomic pools (postcore_initcall).
 *
 * Between the reservation and the handover a built machine makes the
 * allocations of boot_alloc.c (sparse memmap, per-cpu, hash tables,
 * SWIOTLB); before /init the kernel frees the initrd and its init sections.
 *
 * A machine read from a log (machine.c, bootlog.c) carries the recorded
 * memblock steps instead of the modelled ones; replaying them, in stages
 * around the CMA reservation and zone setup, reproduces memblock exactly as
 * the real kernel had it.
 *
 * Every call into another module is in the "calls into other modules"
 * section below.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "dma/direct.h"
#include "boot/setup.h"
#include "boot/cmdline.h"

/* ---- The boot state ---- */

int cms_boot_init(struct cmasim *sim)
{
	sim->boot = g_try_new0(struct cms_boot_state, 1);
	return sim->boot ? 0 : -ENOMEM;
}

void cms_boot_fini(struct cmasim *sim)
{
	g_free(sim->boot);
	sim->boot = NULL;
}

/* ---- Calls into other modules (the one place that names them) ---- */

#include <cmasim/cmdline.h>
#include <cmasim/page_alloc.h>
#include "mm/cma.h"
#include "dma/contiguous.h"
#include "mm/mmzone.h"

static int ext_cmdline_set(struct cmasim *sim, const char *cmdline)
{
	/* memblock=debug takes effect as the line is set */
	return cmasim_cmdline_set(sim, cmdline);
}

static int ext_mm_init(struct cmasim *sim)
{
	return cms_free_area_init(sim);
}

static void ext_build_all_zonelists(struct cmasim *sim)
{
	cms_mm_build_all_zonelists(sim);
}

static int ext_mm_free_all(struct cmasim *sim)
{
	return cms_mm_free_all(sim);
}

uint64_t cms_boot_totalram_pages(struct cmasim *sim)
{
	return cmasim_totalram_pages(sim);
}

bool cms_boot_has_managed_dma(struct cmasim *sim)
{
	if (!cms_free_area_init_done(sim))
		return false;
	for (int n = 0; n < sim->mm->nr_nodes; n++)
		for (int z = 0; z < sim->mm->nr_zones; z++)
			if (sim->mm->zone_type[z] == CMS_ZONE_DMA &&
			    sim->mm->nodes[n].zones[z].managed)
				return true;
	return false;
}

int cms_boot_alloc_pages(struct cmasim *sim, enum cms_pool_zone zone,
			 unsigned int order, uint64_t *pfn)
{
	unsigned int gfp = CMASIM_GFP_KERNEL | CMASIM___GFP_NOWARN;

	if (zone == CMS_POOL_DMA)
		gfp |= CMASIM_GFP_DMA;
	else if (zone == CMS_POOL_DMA32)
		gfp |= CMASIM_GFP_DMA32;
	return cms_alloc_pages(sim, gfp, order, CMASIM_NUMA_NO_NODE, pfn);
}

bool cms_boot_default_cma(struct cmasim *sim, uint64_t *base, uint64_t *size)
{
	return cms_dma_contiguous_default_area(sim, base, size) && *size;
}

int cms_boot_alloc_from_contiguous(struct cmasim *sim, uint64_t count,
				   unsigned int align, uint64_t *pfn)
{
	/*
	 * kernel/dma/pool.c calls dma_alloc_from_contiguous(NULL, ...,
	 * no_warn=false): the default area, alignment capped at CMA_ALIGNMENT.
	 */
	return cms_dma_alloc_from_contiguous(sim, count, align, false, pfn);
}

/* node_possible_map / node_online_map as NUMA setup left them. */
static int ext_give_node_maps(struct cmasim *sim)
{
	bool *online = g_try_new0(bool, sim->max_numnodes);
	int ret;

	if (!online)
		return -ENOMEM;
	bool *possible = g_try_new0(bool, sim->max_numnodes);
	const struct cms_boot_state *b = sim->boot;

	if (!online || !possible) {
		g_free(online);
		g_free(possible);
		return -ENOMEM;
	}
	/*
	 * Online: the nodes with memory (alloc_node_data).  Possible: every
	 * node the firmware named (numa_nodes_parsed), also one whose memory
	 * numa_cleanup_meminfo() dropped (mem= cut it off), plus the online.
	 */
	for (unsigned int i = 0; i < b->nr_blks; i++)
		if ((unsigned int)b->blk[i].nid < sim->max_numnodes)
			online[b->blk[i].nid] = true;
	for (unsigned int nid = 0; nid < sim->max_numnodes && nid < 1024; nid++)
		possible[nid] = online[nid] ||
				(b->nodes_parsed[nid / 64] >> (nid % 64) & 1);
	ret = cms_dma_contiguous_set_nodes(sim, possible, online);
	g_free(online);
	g_free(possible);
	return ret;
}

static int ext_dma_contiguous_reserve(struct cmasim *sim)
{
	int ret;

	/* high_memory: x86 setup_arch sets it from max_pfn before this */
	if (cms_arch_class(sim->arch->arch) == CMS_AX86)
		cms_cma_set_highmem_start(sim, sim->boot->max_pfn << sim->page_shift);
	ret = ext_give_node_maps(sim);
	if (ret)
		return ret;
	return cms_dma_contiguous_reserve(sim, sim->boot->dma_limit);
}

/* 6.1 arm64 dma_pernuma_cma_reserve() (a no-op elsewhere). */
static void ext_dma_pernuma_cma_reserve(struct cmasim *sim)
{
	if (cms_knob(sim, CMS_KNOB_CMA) && cms_knob(sim, CMS_KNOB_DMA_CMA) &&
	    !ext_give_node_maps(sim))
		cms_dma_pernuma_cma_reserve(sim);
}

static int ext_cma_activate_areas(struct cmasim *sim)
{
	/* the CMA code takes the zone model's page hooks by itself */
	return cms_cma_activate_areas(sim);
}

static void ext_set_kernel_image(struct cmasim *sim,
				 const struct cmasim_machine *m);

/* memblock_phys_alloc_range(), printing its memblock=debug request line. */
static int mb_phys_alloc_range(struct cmasim *sim, uint64_t size,
			       uint64_t align, uint64_t start, uint64_t end,
			       const char *caller, uint64_t *pa)
{
	return cms_memblock_phys_alloc_range(sim, size, align, start, end,
					     caller, pa);
}

static void mb_dump_all(struct cmasim *sim)
{
	cms_memblock_dump_all(sim);
}

/* ---- Printing helpers ---- */

static const char *e820_type_name(unsigned int type, char *buf, size_t len)
{
	switch (type) {
	case CMASIM_E820_RAM:
	case CMASIM_E820_RESERVED_KERN:
		return "usable";
	case CMASIM_E820_RESERVED:
		return "reserved";
	case 0xefffffffu:
		return "soft reserved";
	case CMASIM_E820_ACPI:
		return "ACPI data";
	case CMASIM_E820_NVS:
		return "ACPI NVS";
	case CMASIM_E820_UNUSABLE:
		return "unusable";
	case CMASIM_E820_PMEM:
	case 12:
		g_snprintf(buf, len, "persistent (type %u)", type);
		return buf;
	default:
		g_snprintf(buf, len, "type %u", type);
		return buf;
	}
}

/* ---- setup_arch(): the e820 map ---- */

/* The working e820 table (e820_table after the arch's edits). */
struct e820_table {
	struct cms_e820_entry *e;
	size_t n;
};

static int cmp_e820(const void *a, const void *b)
{
	const struct cms_e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * Remove [start, end) from the RAM entries of @t; with @new_type, put it
 * back as that type (e820__range_update) instead of dropping it
 * (e820__range_remove).
 */
static int e820_edit_ram(struct e820_table *t, uint64_t start, uint64_t end,
			 unsigned int new_type)
{
	size_t n = t->n;

	for (size_t i = 0; i < n; i++) {
		struct cms_e820_entry *e = &t->e[i];
		uint64_t es = e->addr, ee = e->addr + e->size;
		uint64_t cs = cms_max_u64(es, start), ce = cms_min_u64(ee, end);
		struct cms_e820_entry tail;

		if (e->type != CMASIM_E820_RAM || cs >= ce)
			continue;
		tail = (struct cms_e820_entry){ .addr = ce, .size = ee - ce,
						.type = e->type };
		e->size = cs - es;
		if (tail.size) {
			struct cms_e820_entry *x = cms_boot_grow((void **)&t->e, &t->n,
							sizeof(*x));
			if (!x)
				return -ENOMEM;
			*x = tail;
			e = &t->e[i];
		}
		if (new_type) {
			struct cms_e820_entry *x = cms_boot_grow((void **)&t->e, &t->n,
							sizeof(*x));
			if (!x)
				return -ENOMEM;
			*x = (struct cms_e820_entry){ .addr = cs, .size = ce - cs,
						      .type = new_type };
		}
	}
	/* drop emptied entries, keep address order */
	{
		size_t w = 0;

		for (size_t i = 0; i < t->n; i++)
			if (t->e[i].size)
				t->e[w++] = t->e[i];
		t->n = w;
	}
	qsort(t->e, t->n, sizeof(*t->e), cmp_e820);
	return 0;
}

/* e820_end_pfn(limit_pfn, E820_TYPE_RAM) */
static uint64_t e820_end_pfn(const struct e820_table *t, uint64_t limit_pfn,
			     unsigned int page_shift)
{
	uint64_t last = 0;

	for (size_t i = 0; i < t->n; i++) {
		uint64_t s = t->e[i].addr >> page_shift;
		uint64_t e = (t->e[i].addr + t->e[i].size) >> page_shift;

		if (t->e[i].type != CMASIM_E820_RAM || s >= limit_pfn)
			continue;
		if (e > limit_pfn) {
			last = limit_pfn;
			break;
		}
		if (e > last)
			last = e;
	}
	return last;
}

#define X86_MAX_ARCH_PFN (UINT64_C(1) << 34)	/* 1 << (52 - PAGE_SHIFT) */

static void with_debug(struct cmasim *sim, bool on, bool *saved)
{
	*saved = sim->memblock->debug;
	sim->memblock->debug = on;
}

/* e820__print_table(who) */
static void print_e820(struct cmasim *sim, const struct e820_table *t,
		       const char *who)
{
	char buf[32];

	for (size_t i = 0; i < t->n; i++)
		cms_pr_info(sim, "%s: [mem 0x%016llx-0x%016llx] %s", who,
			    (unsigned long long)t->e[i].addr,
			    (unsigned long long)(t->e[i].addr + t->e[i].size - 1),
			    e820_type_name(t->e[i].type, buf, sizeof(buf)));
}

/*
 * mem= (parse_memopt) removed the RAM above the smallest limit while the
 * command line was parsed; e820__finish_early_params() then sanitises the
 * table (adjacent entries of one type merge) and prints it as "user".
 * A refused mem=0 still makes the map user-defined.
 */
static int e820_user_map(struct cmasim *sim, struct e820_table *t)
{
	const struct cms_cmdline *cl = sim->cmdline;
	size_t w = 0;
	int ret;

	if (!cl || !cl->mem_userdef)
		return 0;
	if (cl->mem_given && cl->mem_limit) {
		ret = e820_edit_ram(t, cl->mem_limit, UINT64_MAX, 0);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (w && t->e[w - 1].type == t->e[i].type &&
		    t->e[w - 1].addr + t->e[w - 1].size == t->e[i].addr) {
			t->e[w - 1].size += t->e[i].size;
			continue;
		}
		t->e[w++] = t->e[i];
	}
	t->n = w;
	cms_pr_info(sim, "user-defined physical RAM map:");
	print_e820(sim, t, "user");
	return 0;
}

/* e820__memblock_setup(): RAM into memblock, partial pages thrown away. */
static int e820_memblock_setup(struct cmasim *sim, const struct e820_table *t)
{
	uint64_t ps = sim->page_size;
	int ret = 0;

	for (size_t i = 0; i < t->n && !ret; i++) {
		uint64_t s = t->e[i].addr, e = s + t->e[i].size;

		if (t->e[i].type == 0xefffffffu)
			ret = cms_memblock_reserve(sim, s, e - s,
						   "e820__memblock_setup");
		if (ret || !cms_e820_is_ram(t->e[i].type))
			continue;
		ret = cms_memblock_add(sim, s, e - s, "e820__memblock_setup");
	}
	/* throw away partial pages */
	if (!ret)
		ret = cms_memblock_trim_memory(sim, ps);
	if (!ret)
		mb_dump_all(sim);
	return ret;
}

/* ---- NUMA (arch/x86/mm/numa.c, mm/numa_memblks.c) ---- */

static int cmp_blk(const void *a, const void *b)
{
	const struct cms_numa_blk *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool memblock_overlaps_memory(const struct cmasim *sim, uint64_t s,
				     uint64_t e)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;

	for (unsigned long i = 0; i < mem->cnt; i++)
		if (mem->regions[i].base < e &&
		    mem->regions[i].base + mem->regions[i].size > s)
			return true;
	return false;
}

/* numa_cleanup_meminfo(): trim to RAM, merge same-node neighbours. */
static int numa_cleanup(struct cmasim *sim, bool print)
{
	struct cms_boot_state *b = sim->boot;
	bool v61 = sim->ver->kernel == CMASIM_KERNEL_6_1;
	uint64_t low = v61 ? 0 : cms_memblock_start_of_DRAM(sim);
	uint64_t high = v61 ? b->max_pfn << sim->page_shift :
			      cms_memblock_end_of_DRAM(sim);
	unsigned int w = 0;

	for (unsigned int i = 0; i < b->nr_blks; i++) {
		struct cms_numa_blk bi = b->blk[i];

		if (!memblock_overlaps_memory(sim, bi.start, bi.end))
			continue;
		bi.start = cms_max_u64(bi.start, low);
		bi.end = cms_min_u64(bi.end, high);
		if (bi.start < bi.end)
			b->blk[w++] = bi;
	}
	b->nr_blks = w;

	for (unsigned int i = 0; i < b->nr_blks; i++) {
		struct cms_numa_blk *bi = &b->blk[i];

		for (unsigned int j = i + 1; j < b->nr_blks; j++) {
			struct cms_numa_blk *bj = &b->blk[j];
			uint64_t start, end;
			unsigned int k;

			if (bi->end > bj->start && bi->start < bj->end &&
			    bi->nid != bj->nid) {
				cms_pr_err(sim, "node %d [mem 0x%08llx-0x%08llx] overlaps with node %d [mem 0x%08llx-0x%08llx]",
					   bi->nid, (unsigned long long)bi->start,
					   (unsigned long long)(bi->end - 1),
					   bj->nid, (unsigned long long)bj->start,
					   (unsigned long long)(bj->end - 1));
				return -EINVAL;
			}
			if (bi->nid != bj->nid)
				continue;
			start = cms_min_u64(bi->start, bj->start);
			end = cms_max_u64(bi->end, bj->end);
			for (k = 0; k < b->nr_blks; k++) {
				if (b->blk[k].nid == bi->nid)
					continue;
				if (start < b->blk[k].end && end > b->blk[k].start)
					break;
			}
			if (k < b->nr_blks)
				continue;
			if (print)
				cms_pr_info(sim, "NUMA: Node %d [mem 0x%08llx-0x%08llx] + [mem 0x%08llx-0x%08llx] -> [mem 0x%08llx-0x%08llx]",
					    bi->nid, (unsigned long long)bi->start,
					    (unsigned long long)(bi->end - 1),
					    (unsigned long long)bj->start,
					    (unsigned long long)(bj->end - 1),
					    (unsigned long long)start,
					    (unsigned long long)(end - 1));
			bi->start = start;
			bi->end = end;
			memmove(bj, bj + 1, (b->nr_blks - j - 1) * sizeof(*bj));
			b->nr_blks--;
			j--;
		}
	}
	return 0;
}

/* early_pfn_to_nid() from the NUMA blocks. */
static int node_of(const struct cmasim *sim, uint64_t pa)
{
	for (unsigned int i = 0; i < sim->boot->nr_blks; i++)
		if (pa >= sim->boot->blk[i].start && pa < sim->boot->blk[i].end)
			return sim->boot->blk[i].nid;
	return 0;
}

/* sizeof(pg_data_t) of the Debian configurations the captures used. */
static uint64_t node_data_size(const struct cmasim *sim)
{
	/* 6.1 rounds up to PAGE_SIZE, 6.12 to SMP_CACHE_BYTES */
	return sim->ver->kernel == CMASIM_KERNEL_6_1 ? 0x2b000 : 0x2ad40;
}

static int numa_init(struct cmasim *sim, const struct cmasim_machine *m,
		     bool replay)
{
	struct cms_boot_state *b = sim->boot;
	uint64_t max_addr = b->max_pfn << sim->page_shift;
	bool numa = cms_knob(sim, CMS_KNOB_NUMA);
	bool have_srat = numa && m->nr_numa > 0;
	uint64_t seen_nodes[16] = { 0 };
	int ret;

	b->nr_blks = 0;
	memset(b->nodes_parsed, 0, sizeof(b->nodes_parsed));
	if (have_srat) {
		for (size_t i = 0; i < m->nr_numa && b->nr_blks < CMS_BOOT_MAX_BLKS; i++) {
			const struct cms_numa_range *r = &m->numa[i];

			if ((unsigned int)r->nid >= sim->max_numnodes) {
				cms_explain(sim, "boot: node %d is beyond MAX_NUMNODES %u; its range is ignored",
					    r->nid, sim->max_numnodes);
				continue;
			}
			if (!replay)
				cms_pr_info(sim, "ACPI: SRAT: Node %d PXM %d [mem 0x%08llx-0x%08llx]",
					    r->nid, r->nid,
					    (unsigned long long)r->base,
					    (unsigned long long)(r->base + r->size - 1));
			b->blk[b->nr_blks++] = (struct cms_numa_blk){
				.nid = r->nid, .start = r->base,
				.end = r->base + r->size };
			b->nodes_parsed[r->nid / 64] |= UINT64_C(1) << (r->nid % 64);
		}
	}
	if (!b->nr_blks) {
		if (!replay) {
			cms_pr_info(sim, "%s", numa ? "No NUMA configuration found" :
					       "NUMA turned off");
			cms_pr_info(sim, "Faking a node at [mem 0x%016llx-0x%016llx]",
				    0ULL, (unsigned long long)(max_addr - 1));
		}
		b->blk[0] = (struct cms_numa_blk){ .nid = 0, .start = 0,
						   .end = max_addr };
		b->nodes_parsed[0] |= 1;
		b->nr_blks = 1;
	}
	ret = numa_cleanup(sim, !replay);
	if (ret)
		return ret;
	qsort(b->blk, b->nr_blks, sizeof(b->blk[0]), cmp_blk);

	b->nr_online_nodes = 0;
	b->nr_node_ids = 0;
	for (unsigned int i = 0; i < b->nr_blks; i++) {
		int nid = b->blk[i].nid;

		if ((unsigned int)nid + 1 > b->nr_node_ids)
			b->nr_node_ids = (unsigned int)nid + 1;

		if (!(seen_nodes[nid / 64] & (UINT64_C(1) << (nid % 64)))) {
			seen_nodes[nid / 64] |= UINT64_C(1) << (nid % 64);
			b->nr_online_nodes++;
		}
		if (!replay) {
			ret = cms_memblock_set_node(sim, b->blk[i].start,
					b->blk[i].end - b->blk[i].start, false, nid);
			if (ret)
				return ret;
		}
	}
	if (replay)
		return 0;
	/*
	 * numa_clear_kernel_node_hotplug(): every reservation made so far
	 * gets the node of its block, so NODE_DATA (reserved next) does not
	 * merge with them in the dump.
	 */
	for (unsigned int i = 0; i < b->nr_blks; i++) {
		ret = cms_memblock_set_node(sim, b->blk[i].start,
					    b->blk[i].end - b->blk[i].start,
					    true, b->blk[i].nid);
		if (ret)
			return ret;
	}

	/* alloc_node_data() for each online node, in node order */
	for (int nid = 0; nid < 1024; nid++) {
		uint64_t size = node_data_size(sim), pa = 0;

		if (!(seen_nodes[nid / 64] & (UINT64_C(1) << (nid % 64))))
			continue;
		ret = cms_memblock_phys_alloc_try_nid(sim, size, 64, nid,
						      "alloc_node_data", &pa);
		if (ret) {
			cms_pr_err(sim, "Cannot find %llu bytes in any node (initial node: %d)",
				   (unsigned long long)size, nid);
			continue;
		}
		if (nid < CMS_BOOT_MAX_NODES)
			b->node_data[nid] = pa;
		cms_pr_info(sim, "NODE_DATA(%d) allocated [mem 0x%08llx-0x%08llx]",
			    nid, (unsigned long long)pa,
			    (unsigned long long)(pa + size - 1));
		if (node_of(sim, pa) != nid)
			cms_pr_info(sim, "    NODE_DATA(%d) on node %d", nid,
				    node_of(sim, pa));
	}
	mb_dump_all(sim);
	return 0;
}

/* ---- Replaying a log's memblock steps ---- */

/*
 * Whether @m carries memblock steps to replay.  A log read without
 * memblock=debug records only text lines (last_pfn, NUMA, ...): the boot
 * then models the machine from its e820 map, NUMA ranges and initrd like
 * a built one, and prints those lines itself.
 */
static bool replays(const struct cmasim_machine *m)
{
	for (size_t i = 0; i < m->nr_ops; i++)
		if (m->ops[i].kind != CMASIM_OP_LOG_LINE &&
		    m->ops[i].kind != CMASIM_OP_STAGE)
			return true;
	return false;
}

/* Reset memblock to the state of dump @dump (its regions among @ops). */
static int memblock_reset_to(struct cmasim *sim,
			     const struct cmasim_machine_op *ops, size_t n,
			     unsigned int dump)
{
	struct cms_memblock_type *mem = &sim->memblock->memory;
	struct cms_memblock_type *rsv = &sim->memblock->reserved;
	bool saved;
	int ret = 0;

	/* empty both arrays region by region, then build the dump's state */
	with_debug(sim, false, &saved);
	while (mem->cnt && mem->regions[0].size && !ret)
		ret = cms_memblock_remove(sim, mem->regions[0].base,
					  mem->regions[0].size, "replay");
	while (rsv->cnt && rsv->regions[0].size && !ret)
		ret = cms_memblock_phys_free(sim, rsv->regions[0].base,
					     rsv->regions[0].size, "replay");
	for (size_t i = 0; i < n && !ret; i++) {
		const struct cmasim_machine_op *op = &ops[i];

		if (op->kind != CMASIM_OP_MEMBLOCK_STATE || op->dump != dump)
			continue;
		if (op->reserved)
			ret = cms_memblock_reserve(sim, op->base, op->size,
						   "replay");
		else if (op->nid >= 0)
			ret = cms_memblock_add_node(sim, op->base, op->size,
						    op->nid, op->flags, "replay");
		else
			ret = cms_memblock_add(sim, op->base, op->size,
					       "replay");
	}
	sim->memblock->debug = saved;
	return ret;
}

/*
 * Apply the recorded steps in order.  The regions of a "MEMBLOCK
 * configuration:" dump (interleaved with its text lines) reset memblock
 * once, at the dump's first region: the dump is the truth, and it also
 * brings in the reservations made before memblock=debug was parsed.
 */
static int replay_ops(struct cmasim *sim, const struct cmasim_machine *m)
{
	int ret = 0;

	for (size_t i = sim->boot->replay_pos; i < m->nr_ops && !ret; i++) {
		const struct cmasim_machine_op *op = &m->ops[i];

		switch (op->kind) {
		case CMASIM_OP_STAGE:
			/* the boot runs that stage, then replays on */
			sim->boot->replay_pos = i + 1;
			return 0;
		case CMASIM_OP_MEMBLOCK_ADD:
			if (op->nid >= 0)
				ret = cms_memblock_add_node(sim, op->base, op->size,
							    op->nid, op->flags,
							    op->text);
			else
				ret = cms_memblock_add(sim, op->base, op->size,
						       op->text);
			break;
		case CMASIM_OP_MEMBLOCK_RESERVE:
			ret = cms_memblock_reserve(sim, op->base, op->size,
						   op->text);
			break;
		case CMASIM_OP_MEMBLOCK_PHYS_FREE:
			ret = cms_memblock_phys_free(sim, op->base, op->size,
						     op->text);
			break;
		case CMASIM_OP_MEMBLOCK_REMOVE:
			ret = cms_memblock_remove(sim, op->base, op->size,
						  op->text);
			break;
		case CMASIM_OP_MEMBLOCK_STATE:
			if (op->dump != sim->boot->replay_dump) {
				sim->boot->replay_dump = op->dump;
				ret = memblock_reset_to(sim, op, m->nr_ops - i,
							op->dump);
			}
			break;
		case CMASIM_OP_LOG_LINE:
			cms_printk(sim, CMASIM_LOG_INFO, "%s", op->text);
			break;
		}
		if (ret)
			cms_explain(sim, "boot: replaying log line %u failed: %d",
				    op->line, ret);
	}
	sim->boot->replay_pos = m->nr_ops;
	return ret;
}

/* The recorded steps between two stages (none for modelled machines). */
static int replay_stage(struct cmasim *sim, const struct cmasim_machine *m)
{
	if (!replays(m) || sim->boot->replay_pos >= m->nr_ops)
		return 0;
	return replay_ops(sim, m);
}

/* e820__register_nosave_regions(max_pfn): the holes and non-RAM below it. */
static void register_nosave(struct cms_boot_state *b, uint64_t s, uint64_t e)
{
	if (s >= e)
		return;
	if (b->nr_nosave && b->nosave[b->nr_nosave - 1][1] == s) {
		b->nosave[b->nr_nosave - 1][1] = e;
		return;
	}
	if (b->nr_nosave < CMS_BOOT_MAX_NOSAVE) {
		b->nosave[b->nr_nosave][0] = s;
		b->nosave[b->nr_nosave][1] = e;
		b->nr_nosave++;
	}
}

static void nosave_regions(struct cmasim *sim, const struct e820_table *t)
{
	struct cms_boot_state *b = sim->boot;
	unsigned int ps = sim->page_shift;
	uint64_t pfn = 0;

	b->nr_nosave = 0;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t up = cms_align_up(t->e[i].addr, sim->page_size) >> ps;

		register_nosave(b, pfn, up);
		pfn = (t->e[i].addr + t->e[i].size) >> ps;
		if (!cms_e820_is_ram(t->e[i].type))
			register_nosave(b, up, pfn);
		if (pfn >= b->max_pfn)
			break;
	}
}

/* ---- The phases ---- */

static bool has_reservation(const struct cmasim_machine *m, const char *name)
{
	for (size_t i = 0; i < m->nr_resv; i++)
		if (!strcmp(m->resv[i].caller, name))
			return true;
	return false;
}

/*
 * _text.._end of the capture kernels, loaded at 16 MiB without KASLR:
 * 6.1 ends at 64 MiB, 6.12 at 56 MiB (their first memblock dumps).
 */
static uint64_t kernel_image_bytes(const struct cmasim *sim)
{
	return sim->ver->kernel == CMASIM_KERNEL_6_1 ? 48 * CMS_SZ_1M :
						       40 * CMS_SZ_1M;
}

/* Machine reservations named "ACPI <signature>" are firmware tables. */
static bool is_acpi_table(const struct cms_resv *r)
{
	return !strncmp(r->caller, "ACPI ", 5) && strlen(r->caller) == 9;
}

/*
 * init_mem_mapping(): the kernel first tries a 2 MiB page-table buffer
 * below max_pfn and gives it back at once; with RAM above 4 GiB the direct
 * map then needs page-table pages beyond the early ones, and the 4-6 GiB
 * captures show three, taken top-down from the last 512 MiB of RAM.
 * (Observed on those machines, not derived from the page-table geometry.)
 */
static int init_mem_mapping_allocs(struct cmasim *sim)
{
	uint64_t top = sim->boot->max_pfn << sim->page_shift, pa;
	int ret = 0;

	if (!mb_phys_alloc_range(sim, 2 * CMS_SZ_1M, 2 * CMS_SZ_1M, CMS_SZ_1M,
				 top, "init_mem_mapping", &pa))
		ret = cms_memblock_phys_free(sim, pa, 2 * CMS_SZ_1M,
					     "init_mem_mapping");
	if (sim->boot->max_pfn <= (CMS_SZ_4G >> sim->page_shift))
		return ret;
	for (int i = 0; i < 3 && !ret; i++)
		ret = mb_phys_alloc_range(sim, sim->page_size, sim->page_size,
					  top - 512 * CMS_SZ_1M, top,
					  "alloc_low_pages", &pa);
	return ret;
}

/*
 * init_mem_mapping() maps every memblock memory range below max_pfn
 * (memory_map_top_down from ISA_END_ADDRESS); max_pfn_mapped is the end
 * of the highest one.  memblock's limit follows it.
 */
static void set_max_pfn_mapped(struct cmasim *sim)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t end = 0, maxa = sim->boot->max_pfn << sim->page_shift;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base;
		uint64_t e = cms_min_u64(s + mem->regions[i].size, maxa);

		if (s < e)
			end = cms_max_u64(end, e);
	}
	end = cms_max_u64(end, CMS_SZ_1M);	/* the ISA range */
	sim->boot->max_pfn_mapped = end >> sim->page_shift;
	sim->memblock->current_limit = end;
}

/*
 * pfn_range_is_mapped(): [s, e) lies in one range the direct map covers
 * (the ISA range, or memblock memory below max_pfn, neighbours merged).
 */
static bool range_is_mapped(const struct cmasim *sim, uint64_t s, uint64_t e)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t maxa = sim->boot->max_pfn_mapped << sim->page_shift;
	uint64_t rs = 0, re = CMS_SZ_1M;

	for (unsigned long i = 0; i <= mem->cnt; i++) {
		uint64_t b = i < mem->cnt ? mem->regions[i].base : UINT64_MAX;
		uint64_t t = i < mem->cnt ?
			     cms_min_u64(b + mem->regions[i].size, maxa) : 0;

		if (i < mem->cnt && b >= t)
			continue;
		if (i < mem->cnt && b <= re) {
			re = cms_max_u64(re, t);
			continue;
		}
		if (s >= rs && e <= re)
			return true;
		rs = b;
		re = t;
	}
	return false;
}

/*
 * reserve_initrd(): an initrd the direct map does not cover (mem= cut
 * the RAM under it) moves top-down below max_pfn_mapped, and its old
 * place is given back.
 */
static int reserve_initrd(struct cmasim *sim, const struct cmasim_machine *m)
{
	uint64_t base = m->initrd_base, size = m->initrd_size, pa;
	uint64_t end = cms_align_up(base + size, sim->page_size);
	int ret;

	sim->boot->initrd_base = base;
	cms_pr_info(sim, "RAMDISK: [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)base, (unsigned long long)(end - 1));
	if (range_is_mapped(sim, cms_align_down(base, sim->page_size), end))
		return 0;
	ret = mb_phys_alloc_range(sim, cms_align_up(size, sim->page_size),
				  sim->page_size, 0,
				  sim->boot->max_pfn_mapped << sim->page_shift,
				  "relocate_initrd", &pa);
	if (ret) {
		cms_printk(sim, CMASIM_LOG_EMERG, "Kernel panic - not syncing: Cannot find place for new RAMDISK of size %llu",
			     (unsigned long long)size);
		return ret;
	}
	cms_pr_info(sim, "Allocated new RAMDISK: [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)pa, (unsigned long long)(pa + size - 1));
	cms_pr_info(sim, "Move RAMDISK from [mem 0x%08llx-0x%08llx] to [mem 0x%08llx-0x%08llx]",
		    (unsigned long long)base,
		    (unsigned long long)(base + size - 1),
		    (unsigned long long)pa, (unsigned long long)(pa + size - 1));
	sim->boot->initrd_base = pa;
	return cms_memblock_phys_free(sim, base, end - base, "reserve_initrd");
}

static int setup_arch_x86(struct cmasim *sim, const struct cmasim_machine *m,
			  struct e820_table *t)
{
	struct cms_boot_state *b = sim->boot;
	bool replay = replays(m);
	bool debug = sim->memblock->debug, saved;
	uint64_t pa;
	int ret;

	cms_pr_info(sim, "BIOS-provided physical RAM map:");
	print_e820(sim, t, "BIOS-e820");
	/* parse_early_param(): cma=, memblock=debug, mem=, ... */
	ret = ext_cmdline_set(sim, sim->boot->cmdline);
	if (!ret)
		ret = e820_user_map(sim, t);
	if (ret)
		return ret;
	debug = sim->memblock->debug;

	/* trim_bios_range() */
	if (!replay) {
		cms_printk(sim, CMASIM_LOG_DEBUG,
			   "e820: update [mem 0x%08llx-0x%08llx] usable ==> reserved",
			   0ULL, (unsigned long long)(sim->page_size - 1));
		cms_printk(sim, CMASIM_LOG_DEBUG,
			   "e820: remove [mem 0x%08llx-0x%08llx] usable",
			   0xa0000ULL, 0xfffffULL);
	}
	ret = e820_edit_ram(t, 0, sim->page_size, CMASIM_E820_RESERVED);
	if (!ret)
		ret = e820_edit_ram(t, 0xa0000, CMS_SZ_1M, 0);
	if (ret)
		return ret;

	b->max_pfn = e820_end_pfn(t, X86_MAX_ARCH_PFN, sim->page_shift);
	if (!replay)
		cms_pr_info(sim, "last_pfn = %#llx max_arch_pfn = %#llx",
			    (unsigned long long)b->max_pfn,
			    (unsigned long long)X86_MAX_ARCH_PFN);
	if (b->max_pfn > (CMS_SZ_4G >> sim->page_shift)) {
		b->max_low_pfn = e820_end_pfn(t, CMS_SZ_4G >> sim->page_shift,
					      sim->page_shift);
		if (!replay)
			cms_pr_info(sim, "last_pfn = %#llx max_arch_pfn = %#llx",
				    (unsigned long long)b->max_low_pfn,
				    (unsigned long long)X86_MAX_ARCH_PFN);
	} else {
		b->max_low_pfn = b->max_pfn;
	}
	if (!b->max_pfn) {
		cms_client_bug(sim, "boot: the machine's e820 map has no usable RAM");
		return -EINVAL;
	}
	b->nr_e820_firmware = (unsigned int)m->nr_e820;
	b->nr_e820 = (unsigned int)t->n;
	nosave_regions(sim, t);

	if (replay) {
		/* the log's memblock steps include any relocation */
		b->initrd_base = m->initrd_moved ? m->initrd_moved :
						   m->initrd_base;
		ret = replay_ops(sim, m);
		if (ret)
			return ret;
	} else {
		/* early_reserve_memory() and friends: before memblock=debug */
		with_debug(sim, false, &saved);
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			if (!m->resv[i].logged)
				ret = cms_memblock_reserve(sim, m->resv[i].base,
							   m->resv[i].size,
							   m->resv[i].caller);
		if (!ret && m->initrd_size)
			ret = cms_memblock_reserve(sim, m->initrd_base,
						   m->initrd_size,
						   "early_reserve_initrd");
		/* the image of the booting kernel, unless the machine has one */
		if (!ret && !has_reservation(m, "kernel image"))
			ret = cms_memblock_reserve(sim, 16 * CMS_SZ_1M,
					kernel_image_bytes(sim), "kernel image");
		sim->memblock->debug = debug;
		/* reserve_brk(): the brk area right after the image */
		if (!ret && !has_reservation(m, "kernel image"))
			ret = cms_memblock_reserve(sim, 16 * CMS_SZ_1M +
						   kernel_image_bytes(sim),
						   0x11000, "setup_arch");
		/* setup_arch's own, then memblock setup */
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			if (m->resv[i].logged && !is_acpi_table(&m->resv[i]))
				ret = cms_memblock_reserve(sim, m->resv[i].base,
							   m->resv[i].size,
							   m->resv[i].caller);
		if (!ret)
			ret = e820_memblock_setup(sim, t);
		/* reserve_real_mode(): the trampoline, below 1 MiB */
		if (!ret &&
		    mb_phys_alloc_range(sim, 0x7000, sim->page_size, 0,
					CMS_SZ_1M, "reserve_real_mode", &pa))
			cms_pr_info(sim, "Cannot allocate real-mode trampoline");
		/* the whole first MiB stays reserved (setup_arch) */
		if (!ret)
			ret = cms_memblock_reserve(sim, 0, CMS_SZ_1M, "setup_arch");
		if (!ret)
			ret = init_mem_mapping_allocs(sim);
		if (!ret)
			set_max_pfn_mapped(sim);
		if (!ret && m->initrd_size)
			ret = reserve_initrd(sim, m);
		/* acpi_boot_table_init(): acpi_reserve_initial_tables() */
		for (size_t i = 0; i < m->nr_resv && !ret; i++) {
			const struct cms_resv *r = &m->resv[i];

			if (!r->logged || !is_acpi_table(r))
				continue;
			cms_pr_info(sim, "ACPI: Reserving %s table memory at [mem 0x%llx-0x%llx]",
				    r->caller + 5, (unsigned long long)r->base,
				    (unsigned long long)(r->base + r->size - 1));
			ret = cms_memblock_reserve(sim, r->base, r->size,
						   "acpi_reserve_initial_tables");
		}
		if (ret)
			return ret;
	}

	set_max_pfn_mapped(sim);

	ret = numa_init(sim, m, replay);
	if (ret)
		return ret;
	b->dma_limit = b->max_pfn_mapped << sim->page_shift;
	return 0;
}

/*
 * arm64 (arch/arm64/mm/init.c): memory from the device tree, no e820.
 * The machine's RAM entries stand for the /memory nodes; the DMA limit is
 * arm64_dma_phys_limit, the top of ZONE_DMA: min(4 GiB, end of DRAM) on
 * a machine without dma-ranges.
 */
static int setup_arch_arm64(struct cmasim *sim, const struct cmasim_machine *m)
{
	struct cms_boot_state *b = sim->boot;
	int ret = ext_cmdline_set(sim, sim->boot->cmdline);

	if (ret)
		return ret;
	if (m->nr_ops) {
		bool saved;

		/*
		 * The device tree's /memory is added before memblock=debug
		 * is parsed: the log lists it only later ("Early memory node
		 * ranges"), so it goes in silently before the recorded steps.
		 */
		with_debug(sim, false, &saved);
		for (size_t i = 0; i < m->nr_e820 && !ret; i++)
			if (cms_e820_is_ram(m->e820[i].type))
				ret = cms_memblock_add(sim, m->e820[i].addr,
						       m->e820[i].size,
						       "early_init_dt_add_memory_arch");
		sim->memblock->debug = saved;
		if (!ret)
			ret = replay_ops(sim, m);
	} else {
		for (size_t i = 0; i < m->nr_e820 && !ret; i++)
			if (cms_e820_is_ram(m->e820[i].type))
				ret = cms_memblock_add(sim, m->e820[i].addr,
						       m->e820[i].size,
						       "early_init_dt_add_memory_arch");
		for (size_t i = 0; i < m->nr_resv && !ret; i++)
			ret = cms_memblock_reserve(sim, m->resv[i].base,
						   m->resv[i].size,
						   m->resv[i].caller);
		if (!ret && m->initrd_size)
			ret = cms_memblock_reserve(sim, m->initrd_base,
						   m->initrd_size,
						   "arm64_memblock_init");
	}
	if (ret)
		return ret;
	b->max_pfn = cms_memblock_end_of_DRAM(sim) >> sim->page_shift;
	b->max_low_pfn = b->max_pfn;
	b->max_pfn_mapped = b->max_pfn;
	ret = numa_init(sim, m, true);
	if (ret)
		return ret;
	/* arch_numa_init() gave memblock its node ids (no debug line) */
	{
		bool saved;

		with_debug(sim, false, &saved);
		for (unsigned int i = 0; i < b->nr_blks && !ret; i++)
			ret = cms_memblock_set_node(sim, b->blk[i].start,
					b->blk[i].end - b->blk[i].start, false,
					b->blk[i].nid);
		sim->memblock->debug = saved;
		if (ret)
			return ret;
	}
	if (m->dma_zone_limit)
		b->dma_limit = m->dma_zone_limit;
	else if (cms_knob(sim, CMS_KNOB_ZONE_DMA) ||
		 cms_knob(sim, CMS_KNOB_ZONE_DMA32))
		b->dma_limit = cms_min_u64(CMS_SZ_4G,
					   cms_memblock_end_of_DRAM(sim));
	else
		b->dma_limit = 0;	/* PHYS_MASK + 1: no limit */
	return 0;
}

int cms_boot_setup_arch_memory(struct cmasim *sim,
			       const struct cmasim_machine *m)
{
	struct e820_table t = { 0 };
	int ret;

	if (cms_arch_class(sim->arch->arch) != CMS_AX86)
		return setup_arch_arm64(sim, m);

	t.e = g_try_new(struct cms_e820_entry, m->nr_e820 ? m->nr_e820 : 1);
	if (!t.e)
		return -ENOMEM;
	memcpy(t.e, m->e820, m->nr_e820 * sizeof(*t.e));
	t.n = m->nr_e820;
	qsort(t.e, t.n, sizeof(*t.e), cmp_e820);
	ret = setup_arch_x86(sim, m, &t);
	g_free(t.e);
	return ret;
}

int cms_boot_dma_reserve(struct cmasim *sim)
{
	if (!cms_knob(sim, CMS_KNOB_CMA) || !cms_knob(sim, CMS_KNOB_DMA_CMA))
		return 0;	/* without DMA_CMA it is an empty inline */
	if (cms_arch_class(sim->arch->arch) == CMS_AX86)
		cms_explain(sim, "boot: x86 passes max_pfn_mapped << PAGE_SHIFT = %#llx to dma_contiguous_reserve(): the end of the highest RAM range init_mem_mapping() mapped (max_pfn %#llx)",
			    (unsigned long long)sim->boot->dma_limit,
			    (unsigned long long)sim->boot->max_pfn);
	return ext_dma_contiguous_reserve(sim);
}

int cms_boot_mm_init(struct cmasim *sim)
{
	cms_mm_set_core_params(sim, &sim->cmdline->kernelcore,
			       &sim->cmdline->movablecore);
	return ext_mm_init(sim);
}

int cms_boot_mem_init(struct cmasim *sim)
{
	int ret = ext_mm_free_all(sim);

	if (!ret)
		sim->phase = CMS_PHASE_RUNNING;
	return ret;
}

int cms_boot_initcalls(struct cmasim *sim)
{
	int ret = 0;

	/* core_initcall(cma_init_reserved_areas) */
	if (cms_knob(sim, CMS_KNOB_CMA))
		ret = ext_cma_activate_areas(sim);
	if (ret)
		return ret;
	/* postcore_initcall(dma_atomic_pool_init); failures are logged only */
	cms_dma_atomic_pool_init(sim);
	/*
	 * postcore_initcall(init_per_zone_wmark_min), linked after kernel/dma:
	 * the watermarks are computed again now that the CMA pages count as
	 * managed.
	 */
	cms_mm_init_per_zone_wmark_min(sim);
	return 0;
}

/*
 * The kernels of the oracle captures (Debian configs with CMA on): their
 * "Memory:" section sizes and what they free before running /init.
 */
struct kernel_facts {
	uint64_t image_k[5];
	struct {
		const char *what;
		uint64_t kib;	/* 0: the initrd's size */
	} late[6];
};

static const struct kernel_facts kernel_facts[CMASIM_KERNEL_COUNT] = {
	[CMASIM_KERNEL_6_1] = {
		{ 14343, 2341, 4860, 2832, 17328 },
		{ { "SMP alternatives", 36 }, { "initrd", 0 },
		  { "unused decrypted", 2036 },
		  { "unused kernel image (initmem)", 2832 },
		  { "unused kernel image (text/rodata gap)", 2040 },
		  { "unused kernel image (rodata/data gap)", 1284 } },
	},
	[CMASIM_KERNEL_6_12] = {
		{ 16384, 2503, 6888, 4280, 4880 },
		{ { "SMP alternatives", 40 }, { "initrd", 0 },
		  { "unused decrypted", 2028 },
		  { "unused kernel image (initmem)", 4280 },
		  { "unused kernel image (rodata/data gap)", 1304 } },
	},
};

static void ext_set_kernel_image(struct cmasim *sim,
				 const struct cmasim_machine *m)
{
	const struct kernel_facts *f = &kernel_facts[sim->ver->kernel];

	if (m->has_image)
		cmasim_set_kernel_image(sim, m->image[0], m->image[1],
					m->image[2], m->image[3], m->image[4]);
	else if (cms_arch_class(sim->arch->arch) == CMS_AX86)
		cmasim_set_kernel_image(sim, f->image_k[0] << 10,
					f->image_k[1] << 10, f->image_k[2] << 10,
					f->image_k[3] << 10, f->image_k[4] << 10);
}

/*
 * Give back @bytes of reserved pages: the initrd's own, or pages of the
 * kernel image carved from its end downwards (*cursor), as
 * free_reserved_area() does.  The kernel knows its section addresses; we
 * know only the sizes, so the pages chosen are approximate, the counts
 * exact.
 */
static int free_reserved_bytes(struct cmasim *sim, uint64_t base,
			       uint64_t bytes)
{
	for (uint64_t pa = base; pa < base + bytes; pa += sim->page_size) {
		int ret = cms_free_reserved_page(sim, pa >> sim->page_shift);

		if (ret)
			return ret;
	}
	return 0;
}

/* The reserved region holding the x86 kernel image (_text at 16 MiB). */
static bool kernel_image_region(const struct cmasim *sim, uint64_t *start,
				uint64_t *end)
{
	const struct cms_memblock_type *rsv = &sim->memblock->reserved;

	for (unsigned long i = 0; i < rsv->cnt; i++) {
		uint64_t b = rsv->regions[i].base;

		if (b <= 16 * CMS_SZ_1M && b + rsv->regions[i].size > 16 * CMS_SZ_1M) {
			*start = 16 * CMS_SZ_1M;
			*end = b + rsv->regions[i].size;
			return true;
		}
	}
	return false;
}

int cms_boot_late_frees(struct cmasim *sim, const struct cmasim_machine *m)
{
	const struct kernel_facts *f = &kernel_facts[sim->ver->kernel];
	bool x86 = cms_arch_class(sim->arch->arch) == CMS_AX86;
	uint64_t kstart = 0, cursor = 0;
	size_t n = m->nr_late ? m->nr_late : (x86 ? CMS_ARRAY_SIZE(f->late) : 0);
	int ret = 0;

	if (x86 && kernel_image_region(sim, &kstart, &cursor))
		cursor = cms_align_down(cursor, sim->page_size);
	for (size_t i = 0; i < n && !ret; i++) {
		const char *what = m->nr_late ? m->late[i].what : f->late[i].what;
		uint64_t bytes = m->nr_late ? m->late[i].bytes :
				 f->late[i].kib << 10;
		bool initrd = what && !strcmp(what, "initrd");

		if (!what)
			break;
		if (initrd) {
			if (!m->initrd_size)
				continue;
			bytes = cms_align_up(m->initrd_size, sim->page_size);
			ret = free_reserved_bytes(sim, x86 ?
						  sim->boot->initrd_base :
						  m->initrd_base, bytes);
		} else {
			if (!x86 || cursor < kstart + bytes) {
				cms_explain(sim, "boot: \"Freeing %s memory\" not modelled: no kernel image pages to take them from",
					    what);
				continue;
			}
			cursor -= bytes;
			ret = free_reserved_bytes(sim, cursor, bytes);
		}
		if (!ret)
			cms_pr_info(sim, "Freeing %s memory: %lluK", what,
				    (unsigned long long)(bytes >> 10));
	}
	return ret;
}

/*
 * early_param("coherent_pool") of kernel/dma/pool.c: the last value on the
 * line (before "--", where init's arguments begin) sizes the atomic pools;
 * parameter names treat '-' as '_'.  Without a value it is not used.
 */
static void early_coherent_pool(struct cmasim *sim, const char *cmdline)
{
	const char *p = cmdline;

	while (*p) {
		const char *start, *eq = NULL;
		bool quoted = false;
		size_t n;

		while (g_ascii_isspace(*p))
			p++;
		if (!*p)
			break;
		start = p;
		for (; *p && (quoted || !g_ascii_isspace(*p)); p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == '=' && !eq)
				eq = p;
		}
		n = (size_t)((eq ? eq : p) - start);
		if (n == 2 && !strncmp(start, "--", 2) && !eq)
			break;
		if (eq && n == 13) {
			static const char name[] = "coherent_pool";
			size_t i;

			for (i = 0; i < n; i++)
				if (start[i] != name[i] &&
				    !(start[i] == '-' && name[i] == '_'))
					break;
			if (i == n) {
				const char *v = eq + 1;

				if (*v == '"')
					v++;
				sim->boot->pools.atomic_pool_size =
					cms_memparse(v, &v);
			}
		}
	}
}

int cmasim_boot(struct cmasim *sim, const struct cmasim_machine *m,
		const char *cmdline)
{
	bool x86, modelled;
	int ret;

	if (!sim || !m)
		return -EINVAL;
	x86 = cms_arch_class(sim->arch->arch) == CMS_AX86;
	if (sim->boot->booted || sim->phase != CMS_PHASE_EARLY) {
		cms_client_bug(sim, "cmasim_boot: the instance has already booted");
		return -EPERM;
	}
	if (x86 != (m->arch == CMASIM_ARCH_X86_64)) {
		cms_client_bug(sim, "cmasim_boot: a %s machine cannot boot on the %s profile",
			       cms_arch_profile(m->arch)->name, sim->arch->name);
		return -EINVAL;
	}
	{
		bool ram = false;

		for (size_t i = 0; i < m->nr_e820; i++)
			ram |= cms_e820_is_ram(m->e820[i].type);
		for (size_t i = 0; i < m->nr_ops; i++)
			ram |= m->ops[i].kind == CMASIM_OP_MEMBLOCK_ADD ||
			       (m->ops[i].kind == CMASIM_OP_MEMBLOCK_STATE &&
				!m->ops[i].reserved);
		if (!ram) {
			cms_client_bug(sim, "cmasim_boot: the machine has no usable RAM");
			return -EINVAL;
		}
	}
	if (!cmdline)
		cmdline = m->cmdline ? m->cmdline : "";

	modelled = !replays(m);
	early_coherent_pool(sim, cmdline);
	sim->boot->booted = true;
	if (x86)
		cms_pr_notice(sim, "Command line: %s", cmdline);
	sim->boot->cmdline = cmdline;
	/* setup_arch() */
	ret = cms_boot_setup_arch_memory(sim, m);
	sim->boot->cmdline = NULL;
	if (x86) {
		if (!ret)
			ret = cms_boot_dma_reserve(sim);
		/* paging_init(): sparse_init(), then the zones */
		if (!ret)
			ret = modelled ? cms_boot_model_sparse(sim) :
					 replay_stage(sim, m);
		if (!ret)
			ret = cms_boot_mm_init(sim);
		/* the rest of setup_arch(), start_kernel() up to the zonelists */
		if (!ret && modelled)
			ret = cms_boot_model_setup_arch_rest(sim);
		if (!ret && modelled)
			ret = cms_boot_model_start_kernel(sim, cmdline);
	} else {
		/*
		 * arm64 bootmem_init(): the 6.1 per-node areas, then
		 * zone_sizes_init(), then dma_contiguous_reserve().
		 */
		if (!ret)
			ext_dma_pernuma_cma_reserve(sim);
		if (!ret)
			ret = cms_boot_mm_init(sim);
		if (!ret)
			ret = cms_boot_dma_reserve(sim);
	}
	/* the rest of setup_arch() and start_kernel() before mm_init() */
	if (!ret)
		ret = replay_stage(sim, m);
	if (!ret)
		ret = replay_stage(sim, m);
	/* start_kernel(): zonelists, the command line again, mm_init() */
	if (!ret) {
		ext_build_all_zonelists(sim);
		cms_pr_notice(sim, "Kernel command line: %s", cmdline);
		if (x86 && modelled)
			ret = cms_boot_model_caches_early(sim);
		/* mm_init() -> mem_init(): the bounce buffer first */
		if (!ret && x86 && modelled)
			ret = cms_boot_model_swiotlb(sim);
		ext_set_kernel_image(sim, m);
		if (!ret)
			ret = cms_boot_mem_init(sim);
		/* vfs_caches_init() with hashdist */
		if (!ret && x86 && modelled)
			ret = cms_boot_model_caches_late(sim);
	}
	if (!ret)
		ret = cms_boot_initcalls(sim);
	/* rootfs_initcall(pci_iommu_init), then kernel_init()'s frees */
	if (!ret && x86 && modelled)
		cms_boot_model_swiotlb_late(sim);
	if (!ret)
		ret = cms_boot_late_frees(sim, m);
	if (ret) {
		sim->boot->failed = true;
		cms_explain(sim, "boot: failed with %d; destroy this instance", ret);
	}
	return ret;
}

cmasim_phys_addr_t cmasim_dma_contiguous_limit(const struct cmasim *sim)
{
	return sim->boot->dma_limit;
}
