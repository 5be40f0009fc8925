// SPDX-License-Identifier: GPL-2.0-only
/*
 * NUMA setup at boot, as x86's numa_init() (arch/x86/mm/numa.c; 6.12:
 * mm/numa_memblks.c) does it: the SRAT's node ranges (or one faked node
 * over [0, max_pfn)), numa_cleanup_meminfo() (trimmed to RAM, same-node
 * neighbours merged), the coverage check (6.1 numa_meminfo_cover_memory(),
 * 6.12 memblock_validate_numa_coverage(): nodes that leave RAM outside
 * every node are not used, and one node is faked instead),
 * numa_register_memblks() (memblock's node ids, node_possible_map and
 * node_online_map, alloc_node_data()).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "boot/numa.h"
#include "boot/setup.h"

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
	bool dram = sim->ver->numa_cleanup_to_dram;
	uint64_t low = dram ? cms_memblock_start_of_DRAM(sim) : 0;
	uint64_t high = dram ? cms_memblock_end_of_DRAM(sim) :
			       b->max_pfn << sim->page_shift;
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

/* Bytes of memblock memory that no NUMA block covers (blocks sorted). */
static uint64_t uncovered_memory(const struct cmasim *sim)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	const struct cms_boot_state *b = sim->boot;
	uint64_t uncovered = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		uint64_t s = mem->regions[i].base;
		uint64_t e = s + mem->regions[i].size, cur = s;

		for (unsigned int k = 0; k < b->nr_blks; k++) {
			uint64_t bs = cms_max_u64(b->blk[k].start, cur);
			uint64_t be = cms_min_u64(b->blk[k].end, e);

			if (be > bs) {
				uncovered += bs - cur;
				cur = be;
			}
		}
		uncovered += e - cur;
	}
	return uncovered;
}

/*
 * numa_meminfo_cover_memory() (6.1) and memblock_validate_numa_coverage()
 * (6.12): nodes that leave more than 1 MiB of RAM outside every node are
 * not used, and numa_init() falls back to one faked node.
 */
static bool numa_covers_memory(struct cmasim *sim, bool print)
{
	uint64_t total = cms_memblock_phys_mem_size(sim);
	uint64_t uncovered = uncovered_memory(sim);

	if (uncovered < CMS_SZ_1M)
		return true;
	if (print && !sim->ver->numa_coverage_by_memblock)
		cms_pr_err(sim, "NUMA: nodes only cover %lluMB of your %lluMB e820 RAM. Not used.",
			   (unsigned long long)((total - uncovered) >> 20),
			   (unsigned long long)(total >> 20));
	else if (print)
		cms_pr_err(sim, "NUMA: no nodes coverage for %lluMB of %lluMB RAM",
			   (unsigned long long)(uncovered >> 20),
			   (unsigned long long)(total >> 20));
	cms_explain(sim, "boot: the NUMA nodes leave %llu MiB of RAM outside every node: the kernel does not use them and fakes one node",
		    (unsigned long long)(uncovered >> 20));
	return false;
}

/* early_pfn_to_nid() from the NUMA blocks. */
static int node_of(const struct cmasim *sim, uint64_t pa)
{
	for (unsigned int i = 0; i < sim->boot->nr_blks; i++)
		if (pa >= sim->boot->blk[i].start && pa < sim->boot->blk[i].end)
			return sim->boot->blk[i].nid;
	return 0;
}

/*
 * node_possible_map and node_online_map as numa_register_memblks() leaves
 * them.  Online: the nodes with memory (alloc_node_data).  Possible: every
 * node the firmware named (numa_nodes_parsed), also one whose memory
 * numa_cleanup_meminfo() dropped (mem= cut it off), plus the online ones.
 */
static int set_node_states(struct cmasim *sim)
{
	const struct cms_boot_state *b = sim->boot;
	int ret = cms_node_states_clear(sim);

	if (ret)
		return ret;
	for (unsigned int i = 0; i < b->nr_blks; i++) {
		cms_node_set_state(sim, b->blk[i].nid, CMS_N_ONLINE);
		cms_node_set_state(sim, b->blk[i].nid, CMS_N_POSSIBLE);
	}
	for (unsigned int nid = 0; nid < sim->max_numnodes && nid < 1024; nid++)
		if (b->nodes_parsed[nid / 64] >> (nid % 64) & 1)
			cms_node_set_state(sim, (int)nid, CMS_N_POSSIBLE);
	return 0;
}

int cms_numa_init(struct cmasim *sim, const struct cmasim_machine *m,
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
	if (b->nr_blks) {
		/*
		 * numa_init() fails on nodes that overlap or leave RAM
		 * uncovered, and x86_numa_init() falls back to
		 * dummy_numa_init().
		 */
		ret = numa_cleanup(sim, !replay);
		if (ret)
			cms_explain(sim, "boot: the SRAT's nodes overlap: the kernel does not use them and fakes one node");
		else
			qsort(b->blk, b->nr_blks, sizeof(b->blk[0]), cmp_blk);
		if (ret || !numa_covers_memory(sim, !replay)) {
			b->nr_blks = 0;
			memset(b->nodes_parsed, 0, sizeof(b->nodes_parsed));
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
		ret = numa_cleanup(sim, !replay);
		if (ret)
			return ret;
	}

	ret = set_node_states(sim);
	if (ret)
		return ret;
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
		/* sizeof(pg_data_t) of the capture kernels, rounded */
		uint64_t size = sim->build->node_data_bytes, pa = 0;

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
	cms_memblock_dump_all(sim);
	return 0;
}
