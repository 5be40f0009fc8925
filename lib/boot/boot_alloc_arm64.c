// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memblock allocations arm64 makes at boot, for machines built by
 * calls and logs read without memblock=debug (a log with it replays its
 * own): arm64_memblock_init() (arch/arm64/mm/init.c: the physical-address
 * and linear-region trims, the initrd, the kernel image), paging_init()
 * (arch/arm64/mm/mmu.c: map_mem()'s linear map in PTEs under
 * RODATA_FULL_DEFAULT_ENABLED, the image's alias in blocks; 6.1 also
 * map_kernel() and create_idmap()), unflatten_device_tree()
 * (drivers/of/fdt.c), numa_init() (drivers/base/arch_numa.c, mm/numa.c:
 * the distance table, NODE_DATA, the node cpumasks), sparse_init()
 * (mm/sparse.c, mm/sparse-vmemmap.c and arm64's vmemmap_populate()), the
 * rest of setup_arch() (the memblock dump, request_standard_resources()),
 * start_kernel()'s command-line copies and per-cpu areas (mm/percpu.c
 * pcpu_embed_first_chunk() with page-sized atoms, one group per node),
 * and mem_init()'s swiotlb (kernel/dma/swiotlb.c).  The geometry comes
 * from the arch profile (page size, sections, page-table levels) and the
 * machine; the sizes that depend on the kernel build are the capture
 * kernels' (sim->build, core/profile.c).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "boot/setup.h"

#define SMP_CACHE		64	/* SMP_CACHE_BYTES, L1_CACHE_BYTES */
#define STRUCT_PAGE_BYTES	64	/* sizeof(struct page) */
#define RESOURCE_BYTES		64	/* sizeof(struct resource) */
#define SUBSECTION_SHIFT	21	/* include/linux/mmzone.h */
#define IO_TLB_SHIFT		11	/* one swiotlb slab: 2 KiB */
#define IO_TLB_DEFAULT_SIZE	(UINT64_C(64) << 20)
#define IO_TLB_SLOT_BYTES	24	/* sizeof(struct io_tlb_slot) */
#define IO_TLB_AREA_BYTES	16	/* sizeof(struct io_tlb_area) */

/* memstart_addr before the 52-bit adjustment: RAM's start, aligned down. */
static uint64_t memstart(const struct cmasim *sim)
{
	return cms_align_down(cms_memblock_start_of_DRAM(sim),
			      UINT64_C(1) << sim->arch->memstart_shift);
}

/*
 * __pa(MAX_DMA_ADDRESS), the lower bound of the early memmap, page-table
 * and per-cpu allocations.  A kernel built for 52-bit VAs running with
 * fewer moves memstart_addr down by the difference of the two
 * PAGE_OFFSETs (arm64_memblock_init()), which makes the bound a huge
 * address the first try cannot meet: memblock retries without it.  The
 * memblock=debug lines show it ("from=0xfff1000040000000").
 */
static uint64_t max_dma_pa(const struct cmasim *sim)
{
	unsigned int va = sim->arch->linear_region_shift + 1;
	unsigned int cfg = sim->build->va_bits;

	return memstart(sim) - (cfg > va ? (UINT64_C(1) << cfg) -
					   (UINT64_C(1) << va) : 0);
}

/* The image as arm64_memblock_init() reserves it: _stext to _end. */
static uint64_t image_start(const struct cmasim *sim)
{
	return cms_memblock_start_of_DRAM(sim) + sim->build->image_offset;
}

static unsigned int nr_pgtable_levels(const struct cmasim *sim)
{
	unsigned int n = 0;

	while (n < CMS_ARRAY_SIZE(sim->arch->pgtable_shifts) &&
	       sim->arch->pgtable_shifts[n])
		n++;
	return n;
}

/* ---- arm64_memblock_init() ---- */

int cms_arm64_model_memblock_init(struct cmasim *sim,
				  const struct cmasim_machine *m)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t text = image_start(sim), end = text + f->image_bytes;
	uint64_t linear = UINT64_C(1) << sim->arch->linear_region_shift;
	uint64_t top = cms_max_u64(memstart(sim) + linear, end);
	bool saved;
	int ret = 0;

	/*
	 * setup_machine_fdt() keeps the blob, and whatever the machine
	 * reserves before the command line is parsed: memblock=debug is
	 * not on yet
	 */
	saved = cms_boot_memblock_debug_off(sim);
	/* a machine with a blob of its own had it reserved by setup_arch */
	if (m->fdt_size && !m->dtb)
		ret = cms_memblock_reserve(sim, m->fdt_base, m->fdt_size,
					   "setup_machine_fdt");
	for (size_t i = 0; i < m->nr_resv && !ret; i++)
		if (!m->resv[i].logged)
			ret = cms_memblock_reserve(sim, m->resv[i].base,
						   m->resv[i].size,
						   m->resv[i].caller);
	sim->memblock->debug = saved;
	/* no RAM above PHYS_MASK_SHIFT, nor above the linear region */
	if (!ret)
		ret = cms_memblock_remove(sim, UINT64_C(1) << f->physmem_bits,
					  UINT64_MAX, "arm64_memblock_init");
	if (!ret)
		ret = cms_memblock_remove(sim, top, UINT64_MAX,
					  "arm64_memblock_init");
	/* the initrd's whole pages go back in, reserved */
	if (!ret && m->initrd_size) {
		uint64_t base = cms_align_down(m->initrd_base, sim->page_size);
		uint64_t size = cms_align_up(m->initrd_base + m->initrd_size,
					     sim->page_size) - base;

		ret = cms_memblock_add(sim, base, size, "arm64_memblock_init");
		if (!ret)
			ret = cms_memblock_reserve(sim, base, size,
						   "arm64_memblock_init");
	}
	if (!ret)
		ret = cms_memblock_reserve(sim, text, f->image_bytes,
					   "arm64_memblock_init");
	for (size_t i = 0; i < m->nr_resv && !ret; i++)
		if (m->resv[i].logged)
			ret = cms_memblock_reserve(sim, m->resv[i].base,
						   m->resv[i].size,
						   m->resv[i].caller);
	sim->boot->image_base = text;
	return ret;
}

/* ---- paging_init() ---- */

/*
 * The page-table pages map_mem() allocates for the linear map.  Every
 * memory range (no-map ones excepted) is mapped with PTEs, except the
 * image's alias [kernel_start, __init_begin), mapped second with blocks
 * wherever a whole PMD-sized chunk of it is aligned; the tables are one
 * per chunk with PTEs and one per span of each upper level with any
 * mapping.  The level above them (the PGD) is static.
 */
static uint64_t linear_map_tables(struct cmasim *sim)
{
	const struct cms_kernel_build *f = sim->build;
	unsigned int levels = nr_pgtable_levels(sim);
	unsigned int leaf = sim->arch->pgtable_shifts[levels - 1];
	uint64_t base = memstart(sim);
	uint64_t as = cms_memblock_start_of_DRAM(sim) + f->alias_offset;
	uint64_t ae = as + f->alias_bytes;
	uint64_t n = 0;

	for (unsigned int l = 0; l < levels; l++) {
		unsigned int shift = sim->arch->pgtable_shifts[l];
		uint64_t idx = 0, start, end, last = UINT64_MAX;

		while (cms_memblock_next_range(sim, &idx, false,
					       CMASIM_NUMA_NO_NODE, 0,
					       &sim->memblock->memory, NULL,
					       &start, &end, NULL)) {
			uint64_t first, lastc;

			/* memblock's empty placeholder maps nothing */
			if (end <= start)
				continue;
			first = (start - base) >> shift;
			lastc = (end - 1 - base) >> shift;

			for (uint64_t c = first; c <= lastc; c++) {
				uint64_t cs = base + (c << shift);
				uint64_t ce = cs + (UINT64_C(1) << shift);

				if (c == last)
					continue;
				/* a block: no PTE table */
				if (shift == leaf && cs >= as && ce <= ae)
					continue;
				last = c;
				n++;
			}
		}
	}
	return n;
}

/* early_pgtable_alloc(): one page, top-down below the current limit. */
static int early_pgtable_alloc(struct cmasim *sim)
{
	uint64_t pa;
	int ret;

	ret = cms_memblock_phys_alloc_range(sim, sim->page_size,
					    sim->page_size, 0,
					    CMASIM_MEMBLOCK_ALLOC_NOLEAKTRACE,
					    "early_pgtable_alloc", &pa);

	if (ret)
		cms_printk(sim, CMASIM_LOG_EMERG,
			   "Kernel panic - not syncing: Failed to allocate page table page");
	return ret;
}

int cms_arm64_model_paging_init(struct cmasim *sim)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t n = f->kernel_map_pages + linear_map_tables(sim);
	int ret = 0;

	for (uint64_t i = 0; i < n && !ret; i++)
		ret = early_pgtable_alloc(sim);
	/* 6.1: init_pg_dir, at the end of the image, is given back */
	if (!ret && f->init_pg_dir_bytes)
		ret = cms_memblock_phys_free(sim, image_start(sim) +
					     f->image_bytes -
					     f->init_pg_dir_bytes,
					     f->init_pg_dir_bytes, "paging_init");
	for (unsigned int i = 0; i < f->idmap_pages && !ret; i++)
		ret = early_pgtable_alloc(sim);
	return ret;
}

/* ---- unflatten_device_tree() ---- */

/* Distinct node ids of the machine's memory ranges; 1 without any. */
static unsigned int machine_nodes(const struct cmasim_machine *m)
{
	uint64_t seen[16] = { 0 };
	unsigned int n = 0;

	for (size_t i = 0; i < m->nr_numa; i++) {
		int nid = m->numa[i].nid;

		if (nid < 0 || nid >= 1024 || seen[nid / 64] >> (nid % 64) & 1)
			continue;
		seen[nid / 64] |= UINT64_C(1) << (nid % 64);
		n++;
	}
	return n ? n : 1;
}

/*
 * The kernel's copy of the device tree, __unflatten_device_tree() through
 * early_init_dt_alloc_memory_arch().  This is where the machine's own
 * tree plugs in: until the device-tree layer sizes it from the blob, the
 * size is the capture kernels' for qemu's virt tree of the machine's
 * node count (a cpu and a memory node more per node).
 */
int cms_arm64_unflatten_device_tree(struct cmasim *sim,
				    const struct cmasim_machine *m)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t size = f->fdt_unflatten_bytes +
			(machine_nodes(m) - 1) * f->fdt_unflatten_node_bytes;
	uint64_t pa;

	/* __alignof__(struct device_node) */
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID, size, 8, 0,
				      CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE,
				      CMASIM_NUMA_NO_NODE,
				      "early_init_dt_alloc_memory_arch", &pa);
}

/* ---- numa_init() ---- */

static int alloc(struct cmasim *sim, uint64_t size, uint64_t align, int nid,
		 const char *caller, uint64_t *pa)
{
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID, size, align,
				      0, CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, nid,
				      caller, pa);
}

/* The node whose block holds @pa (early_pfn_to_nid()). */
static int node_of(const struct cmasim *sim, uint64_t pa)
{
	for (unsigned int i = 0; i < sim->boot->nr_blks; i++)
		if (pa >= sim->boot->blk[i].start && pa < sim->boot->blk[i].end)
			return sim->boot->blk[i].nid;
	return 0;
}

/* setup_node_data() (6.1) / alloc_node_data() (6.12) for @nid. */
static int node_data(struct cmasim *sim, int nid)
{
	uint64_t size = cms_align_up(sim->build->node_data_bytes, SMP_CACHE);
	uint64_t pa = 0;
	int tnid, ret;

	ret = cms_memblock_phys_alloc_try_nid(sim, size, SMP_CACHE, nid,
					      "alloc_node_data", &pa);
	if (ret) {
		cms_printk(sim, CMASIM_LOG_EMERG,
			   "Kernel panic - not syncing: Cannot allocate %llu bytes for node %d data",
			   (unsigned long long)size, nid);
		return ret;
	}
	if (nid < CMS_BOOT_MAX_NODES)
		sim->boot->node_data[nid] = pa;
	tnid = node_of(sim, pa);
	if (sim->ver->arch_numa_node_data_line) {
		cms_pr_info(sim, "NUMA: NODE_DATA [mem 0x%08llx-0x%08llx]",
			    (unsigned long long)pa,
			    (unsigned long long)(pa + size - 1));
		if (tnid != nid)
			cms_pr_info(sim, "NUMA: NODE_DATA(%d) on node %d", nid,
				    tnid);
	} else {
		cms_pr_info(sim, "NODE_DATA(%d) allocated [mem 0x%08llx-0x%08llx]",
			    nid, (unsigned long long)pa,
			    (unsigned long long)(pa + size - 1));
		if (tnid != nid)
			cms_pr_info(sim, "    NODE_DATA(%d) on node %d", nid,
				    tnid);
	}
	return 0;
}

/*
 * arch_numa_init(): of_numa_init() when the device tree gives the memory
 * nodes ids (the machine has node ranges), else dummy_numa_init()'s one
 * node over all of DRAM.  cms_numa_init() already set the blocks, node
 * states and memblock's node ids; this prints the lines and makes the
 * allocations.
 */
int cms_arm64_model_numa_init(struct cmasim *sim,
			      const struct cmasim_machine *m)
{
	const struct cms_boot_state *b = sim->boot;
	bool dt_numa = m->nr_numa > 0;
	/* numa_alloc_distance(): MAX_NUMNODES squared, a page aligned */
	uint64_t dist = UINT64_C(1) << (2 * cms_knob(sim,
						     CMS_KNOB_NODES_SHIFT));
	uint64_t pa = 0;
	int ret = 0;

	if (!cms_knob(sim, CMS_KNOB_NUMA))
		return 0;
	if (sim->ver->arch_numa_allocs_distance) {
		ret = alloc(sim, dist, sim->page_size, CMASIM_NUMA_NO_NODE,
			    "numa_init", &pa);
		if (!ret && !dt_numa) {
			/* of_numa_init() found no node: the try fails */
			if (sim->ver->arch_numa_reports_no_config)
				cms_pr_info(sim, "NUMA: No NUMA configuration found");
			ret = cms_memblock_phys_free(sim, pa, dist,
						     "numa_free_distance");
			if (!ret)
				ret = alloc(sim, dist, sim->page_size,
					    CMASIM_NUMA_NO_NODE, "numa_init",
					    &pa);
		}
	}
	if (!ret && !dt_numa)
		cms_pr_info(sim, "NUMA: Faking a node at [mem 0x%016llx-0x%016llx]",
			    (unsigned long long)cms_memblock_start_of_DRAM(sim),
			    (unsigned long long)
			    (cms_memblock_end_of_DRAM(sim) - 1));
	/* numa_register_nodes(): NODE_DATA of each node, in id order */
	for (int nid = 0; nid < (int)sim->max_numnodes && !ret; nid++)
		if (cms_node_state(sim, nid, CMS_N_ONLINE))
			ret = node_data(sim, nid);
	/* setup_node_to_cpumask_map() with CPUMASK_OFFSTACK */
	for (unsigned int i = 0; i < b->nr_online_nodes && !ret &&
	     sim->build->node_cpumask_bytes; i++)
		ret = alloc(sim, sim->build->node_cpumask_bytes, SMP_CACHE,
			    CMASIM_NUMA_NO_NODE, "alloc_bootmem_cpumask_var",
			    &pa);
	return ret;
}

/* ---- sparse_init() ---- */

struct sparse_state {
	uint64_t last_table[4];	/* the last table made per level */
	uint64_t buf, buf_end;		/* sparsemap_buf, or 0 */
};

/* __earlyonly_bootmem_alloc(): raw, aligned to its size, on @nid. */
static int earlyonly_alloc(struct cmasim *sim, uint64_t size, int nid,
			   uint64_t *pa)
{
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID_RAW, size,
				      size, max_dma_pa(sim),
				      CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, nid,
				      "__earlyonly_bootmem_alloc", pa);
}

/* section_map_size(): the memmap of a section, to a PMD. */
static uint64_t section_map_size(const struct cmasim *sim)
{
	uint64_t pages = UINT64_C(1) << (sim->arch->section_size_bits -
					  sim->page_shift);

	return cms_align_up(pages * STRUCT_PAGE_BYTES,
			    sim->page_size << sim->arch->hpage_pmd_order);
}

/* mem_section_usage_size(): subsection bitmap, rcu head, pageblock bits. */
static uint64_t usage_size(const struct cmasim *sim)
{
	unsigned int sec = sim->arch->section_size_bits;
	uint64_t subsections = UINT64_C(1) << (sec - SUBSECTION_SHIFT);
	uint64_t blocks = UINT64_C(1) << (sec - sim->page_shift -
					  sim->pageblock_order);

	/* NR_PAGEBLOCK_BITS 4; struct rcu_head 16 bytes */
	return (subsections + 63) / 64 * 8 + 16 + (blocks * 4 + 63) / 64 * 8;
}

/*
 * vmemmap_populate() of section @sec on @nid: the page tables the
 * section's memmap needs (4K pages map it with PMD blocks, the others
 * with pages), each allocated the first time its span is touched, and
 * the memmap from the node's buffer (vmemmap_alloc_block_buf()), or page
 * by page when the buffer could not be had.
 */
static int populate_section(struct cmasim *sim, struct sparse_state *st,
			    uint64_t sec, int nid)
{
	unsigned int levels = nr_pgtable_levels(sim);
	bool blocks = sim->arch->vmemmap_pmd_blocks;
	uint64_t step = blocks ? sim->page_size << sim->arch->hpage_pmd_order :
				 sim->page_size;
	uint64_t pfn = sec << (sim->arch->section_size_bits - sim->page_shift);
	uint64_t va = (pfn - (memstart(sim) >> sim->page_shift)) *
		      STRUCT_PAGE_BYTES;
	uint64_t bytes = (UINT64_C(1) << (sim->arch->section_size_bits -
					  sim->page_shift)) * STRUCT_PAGE_BYTES;
	int ret = 0;

	for (uint64_t off = 0; off < bytes && !ret; off += step) {
		uint64_t pa;

		for (unsigned int l = 0; l < levels - blocks && !ret; l++) {
			uint64_t t = (va + off) >> sim->arch->pgtable_shifts[l];

			if (t == st->last_table[l])
				continue;
			st->last_table[l] = t;
			ret = earlyonly_alloc(sim, sim->page_size, nid, &pa);
		}
		if (ret)
			break;
		/* sparse_buffer_alloc(): aligned to the request */
		if (st->buf) {
			uint64_t p = cms_align_up(st->buf, step);

			if (p + step <= st->buf_end) {
				if (p > st->buf)
					ret = cms_memblock_phys_free(sim,
							st->buf, p - st->buf,
							"memblock_free");
				st->buf = p + step;
				continue;
			}
		}
		ret = earlyonly_alloc(sim, step, nid, &pa);
	}
	return ret;
}

/* sparse_init_nid(): the usemaps, the memmap buffer, each section. */
static int sparse_init_nid(struct cmasim *sim, struct sparse_state *st,
			   int nid, const uint64_t *secs, unsigned int n)
{
	uint64_t sec_size = UINT64_C(1) << sim->arch->section_size_bits;
	uint64_t map = section_map_size(sim), goal = 0, pa;
	int ret;

	if (nid >= 0 && nid < CMS_BOOT_MAX_NODES)
		goal = cms_align_down(sim->boot->node_data[nid], sec_size);
	/* sparse_early_usemaps_alloc_pgdat_section(): NODE_DATA's section */
	ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID,
				     n * usage_size(sim), SMP_CACHE, goal,
				     goal + sec_size, nid, "sparse_init_nid",
				     &pa);
	if (ret == -ENOMEM)
		ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID,
					     n * usage_size(sim), SMP_CACHE,
					     goal,
					     CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE,
					     nid, "sparse_init_nid", &pa);
	if (ret)
		return ret;
	/* sparse_buffer_init(): memmap_alloc(), exact node */
	st->buf = st->buf_end = 0;
	if (!cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_EXACT_NID_RAW, n * map,
				    map, max_dma_pa(sim),
				    CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE, nid,
				    "memmap_alloc", &pa)) {
		st->buf = pa;
		st->buf_end = pa + n * map;
	}
	for (unsigned int i = 0; i < n && !ret; i++)
		ret = populate_section(sim, st, secs[i], nid);
	/* sparse_buffer_fini(): the unused rest goes back */
	if (!ret && st->buf && st->buf < st->buf_end)
		ret = cms_memblock_phys_free(sim, st->buf,
					     st->buf_end - st->buf,
					     "memblock_free");
	return ret;
}

int cms_arm64_model_sparse(struct cmasim *sim)
{
	const struct cms_kernel_build *f = sim->build;
	unsigned int sec_bits = sim->arch->section_size_bits;
	uint64_t per_root = sim->page_size / f->mem_section_bytes;
	uint64_t roots = ((UINT64_C(1) << (f->physmem_bits - sec_bits)) +
			  per_root - 1) / per_root;
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	GArray *secs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	GArray *nids = g_array_new(FALSE, FALSE, sizeof(int));
	struct sparse_state st;
	uint64_t pa, last_root = UINT64_MAX;
	int nid, ret;

	memset(st.last_table, 0xff, sizeof(st.last_table));
	st.buf = st.buf_end = 0;
	/* memblocks_present(): the root array, then a root per 2^k sections */
	ret = alloc(sim, roots * sizeof(uint64_t), SMP_CACHE,
		    CMASIM_NUMA_NO_NODE, "sparse_init", &pa);
	/* every memory region, whatever its flags (for_each_mem_pfn_range) */
	for (unsigned long r = 0; r < mem->cnt && !ret; r++) {
		uint64_t start = mem->regions[r].base;
		uint64_t end = start + mem->regions[r].size;

		if (!mem->regions[r].size)
			continue;
		nid = cms_memblock_region_nid(sim, &mem->regions[r]);
		for (uint64_t s = start >> sec_bits;
		     s <= (end - 1) >> sec_bits && !ret; s++) {
			if (secs->len &&
			    g_array_index(secs, uint64_t, secs->len - 1) >= s)
				continue;	/* present: the first nid */
			if (s / per_root != last_root) {
				last_root = s / per_root;
				ret = alloc(sim, sim->page_size, SMP_CACHE, nid,
					    "sparse_index_alloc", &pa);
			}
			g_array_append_val(secs, s);
			g_array_append_val(nids, nid);
		}
	}
	/* sparse_init_nid() for each run of sections of one node */
	for (guint i = 0; i < secs->len && !ret; ) {
		guint j = i;

		nid = g_array_index(nids, int, i);
		while (j < secs->len && g_array_index(nids, int, j) == nid)
			j++;
		ret = sparse_init_nid(sim, &st, nid,
				      &g_array_index(secs, uint64_t, i), j - i);
		i = j;
	}
	g_array_free(secs, TRUE);
	g_array_free(nids, TRUE);
	return ret;
}

/* ---- The rest of setup_arch() ---- */

int cms_arm64_model_setup_arch_rest(struct cmasim *sim)
{
	uint64_t pa;

	/* bootmem_init() ends with memblock_dump_all() */
	cms_memblock_dump_all(sim);
	/* request_standard_resources(): a resource per memory region */
	return alloc(sim, sim->memblock->memory.cnt * RESOURCE_BYTES, SMP_CACHE,
		     CMASIM_NUMA_NO_NODE, "setup_arch", &pa);
}

/* ---- start_kernel(): the command line, the per-cpu areas ---- */

/* The CPUs: the machine's, or one per node (the captures' -smp). */
static unsigned int nr_cpus(const struct cmasim *sim)
{
	return sim->boot->nr_cpus ? sim->boot->nr_cpus :
	       cms_max_u64(sim->boot->nr_online_nodes, 1);
}

/*
 * pcpu_embed_first_chunk() with page-sized atoms: CPUs are grouped by
 * node (CPU i on the i-th online node, as qemu's -numa cpus= puts them),
 * each group's units in one block on its node.
 */
static int setup_per_cpu_areas(struct cmasim *sim)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t unit = (uint64_t)f->pcpu_embedded_pages << sim->page_shift;
	unsigned int cpus = nr_cpus(sim), groups = 0;
	uint64_t info, areas, chunk[64];
	int node[64];
	int ret;

	for (int nid = 0; nid < (int)sim->max_numnodes && groups < cpus &&
	     groups < CMS_ARRAY_SIZE(node); nid++)
		if (cms_node_state(sim, nid, CMS_N_ONLINE))
			node[groups++] = nid;
	/* pcpu_build_alloc_info(), then the areas of the first chunk */
	ret = alloc(sim, sim->page_size, sim->page_size, CMASIM_NUMA_NO_NODE,
		    "pcpu_build_alloc_info", &info);
	if (!ret)
		ret = alloc(sim, sim->page_size, SMP_CACHE, CMASIM_NUMA_NO_NODE,
			    "pcpu_embed_first_chunk", &areas);
	for (unsigned int g = 0; g < groups && !ret; g++) {
		/* the first groups take the CPUs beyond one per node */
		unsigned int units = cpus / groups + (g < cpus % groups);

		ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID,
					     units * unit, sim->page_size,
					     max_dma_pa(sim),
					     CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE,
					     node[g], "pcpu_fc_alloc",
					     &chunk[g]);
	}
	/* each unit is used whole: an empty tail goes back */
	for (unsigned int g = 0; g < groups && !ret; g++)
		ret = cms_memblock_phys_free(sim, chunk[g] + unit, 0,
					     "memblock_free");
	if (ret)
		return ret;
	cms_pr_info(sim, "percpu: Embedded %u pages/cpu %s",
		    f->pcpu_embedded_pages, f->pcpu_sizes);
	/*
	 * pcpu_setup_first_chunk(): group offsets and sizes, the unit map
	 * and offsets (per CPU id), the slots
	 */
	for (size_t i = 0; i < CMS_ARRAY_SIZE(f->pcpu_setup) && !ret; i++) {
		uint64_t n = f->pcpu_setup[i], pa;

		if (i < 2)
			n *= groups;
		else if (i < 4)
			n *= cpus;
		ret = alloc(sim, n, SMP_CACHE, CMASIM_NUMA_NO_NODE,
			    "pcpu_setup_first_chunk", &pa);
	}
	/* pcpu_alloc_first_chunk() for the static and the dynamic chunk */
	for (size_t i = 0; i < CMS_ARRAY_SIZE(f->pcpu_first) && !ret; i++) {
		uint64_t pa;

		ret = alloc(sim, f->pcpu_first[i], SMP_CACHE,
			    CMASIM_NUMA_NO_NODE, "pcpu_alloc_first_chunk", &pa);
	}
	/* pcpu_free_alloc_info(), and the areas array */
	if (!ret)
		ret = cms_memblock_phys_free(sim, info, sim->page_size,
					     "pcpu_free_alloc_info");
	if (!ret)
		ret = cms_memblock_phys_free(sim, areas, sim->page_size,
					     "pcpu_embed_first_chunk");
	return ret;
}

int cms_arm64_model_start_kernel(struct cmasim *sim, const char *cmdline)
{
	uint64_t len = strlen(cmdline) + 1, pa;
	int ret;

	/* setup_command_line(): saved_command_line, static_command_line */
	ret = alloc(sim, len, SMP_CACHE, CMASIM_NUMA_NO_NODE, "start_kernel",
		    &pa);
	if (!ret)
		ret = alloc(sim, len, SMP_CACHE, CMASIM_NUMA_NO_NODE,
			    "start_kernel", &pa);
	if (!ret)
		ret = setup_per_cpu_areas(sim);
	return ret;
}

/* ---- mem_init(): swiotlb ---- */

/*
 * swiotlb_init(): a bounce buffer when some RAM lies above
 * arm64_dma_phys_limit; else, with kmalloc() bouncing (6.12), one of
 * 1 MiB per GiB of RAM.  Below the DMA limit, with its slot and area
 * arrays, announced at once (SWIOTLB_VERBOSE).
 */
int cms_arm64_model_swiotlb(struct cmasim *sim)
{
	uint64_t limit = sim->boot->dma_limit;
	uint64_t bytes = IO_TLB_DEFAULT_SIZE, pa, tlb;
	bool needed = limit && sim->boot->max_pfn > limit >> sim->page_shift;
	unsigned int areas = nr_cpus(sim);
	int ret;

	if (!needed && sim->build->swiotlb_kmalloc_bounce) {
		uint64_t size = (cms_memblock_phys_mem_size(sim) + 1023) / 1024;

		/* swiotlb_adjust_size(): slabs of 2 KiB, segments of 128 */
		bytes = cms_align_up(cms_min_u64(bytes, size),
				     UINT64_C(128) << IO_TLB_SHIFT);
		cms_pr_info(sim, "software IO TLB: SWIOTLB bounce buffer size adjusted to %lluMB",
			    (unsigned long long)(bytes >> 20));
		needed = true;
	}
	if (!needed)
		return 0;
	cms_pr_info(sim, "software IO TLB: area num %u.", areas);
	/* memblock_alloc_low(): below ARCH_LOW_ADDRESS_LIMIT */
	ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID,
				     cms_align_up(bytes, sim->page_size),
				     sim->page_size, 0,
				     limit ? limit - 1 :
				     CMASIM_MEMBLOCK_ALLOC_ACCESSIBLE,
				     CMASIM_NUMA_NO_NODE, "swiotlb_init_remap",
				     &tlb);
	if (ret) {
		cms_pr_warn(sim, "software IO TLB: Cannot allocate buffer");
		return 0;
	}
	ret = alloc(sim, cms_align_up((bytes >> IO_TLB_SHIFT) *
				      IO_TLB_SLOT_BYTES, sim->page_size),
		    sim->page_size, CMASIM_NUMA_NO_NODE, "swiotlb_init_remap",
		    &pa);
	if (!ret)
		ret = alloc(sim, (uint64_t)areas * IO_TLB_AREA_BYTES, SMP_CACHE,
			    CMASIM_NUMA_NO_NODE, "swiotlb_init_remap", &pa);
	if (!ret)
		cms_pr_info(sim, "software IO TLB: mapped [mem 0x%016llx-0x%016llx] (%lluMB)",
			    (unsigned long long)tlb,
			    (unsigned long long)(tlb + bytes),
			    (unsigned long long)(bytes >> 20));
	return ret;
}
