// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memblock allocations x86_64 makes between the CMA reservation and
 * the buddy handover, for machines built by calls (a log replays its
 * own): sparse_init()'s section roots, usemaps, memmap and vmemmap page
 * tables (mm/sparse.c, mm/sparse-vmemmap.c, arch/x86/mm/init_64.c), the
 * small setup_arch() tables (e820__reserve_resources, firmware_map_add_early,
 * e820__register_nosave_regions, HPET and IO-APIC names), start_kernel()'s
 * command line copies, the embedded first per-cpu chunk (mm/percpu.c), the
 * cpumasks, the early dentry and inode hash tables (alloc_large_system_hash
 * in mm/page_alloc.c) and the fixmap page tables (spp_getpage).  Sizes that
 * depend on the kernel build rather than the machine are those of the
 * capture kernels (Debian configs, one CPU).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "boot/setup.h"
#include <cmasim/pages.h>
#include "mm/mmzone.h"

#define SECTION_SHIFT		27	/* x86_64 SECTION_SIZE_BITS */
#define USEMAP_BYTES		56	/* sizeof(struct mem_section_usage) */
#define STRUCT_PAGE_BYTES	64
#define SMP_CACHE		64

static int try_nid(struct cmasim *sim, uint64_t size, uint64_t align,
		   uint64_t min, uint64_t max, int nid, const char *caller,
		   uint64_t *pa)
{
	return cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_TRY_NID, size, align,
				      min, max, nid, caller, pa);
}

static int small(struct cmasim *sim, uint64_t size, const char *caller)
{
	uint64_t pa;

	return try_nid(sim, size, SMP_CACHE, 0, 0, CMASIM_NUMA_NO_NODE,
		       caller, &pa);
}

/* Present sections of @nid (any memblock memory of the node in them). */
static uint64_t node_sections(const struct cmasim *sim, int nid,
			      uint64_t *first, uint64_t *last)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t n = 0, prev = UINT64_MAX;

	*first = UINT64_MAX;
	*last = 0;
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct cms_memblock_region *r = &mem->regions[i];
		uint64_t s, e;

		if (!r->size || cms_memblock_region_nid(sim, r) != nid)
			continue;
		s = r->base >> SECTION_SHIFT;
		e = (r->base + r->size - 1) >> SECTION_SHIFT;
		for (uint64_t sec = s; sec <= e; sec++) {
			if (sec == prev)
				continue;
			n++;
			prev = sec;
			*first = cms_min_u64(*first, sec);
			*last = cms_max_u64(*last, sec);
		}
	}
	return n;
}

/* Whether section @sec has memory of @nid. */
static bool node_sections_has(const struct cmasim *sim, int nid, uint64_t sec)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct cms_memblock_region *r = &mem->regions[i];

		if (r->size && cms_memblock_region_nid(sim, r) == nid &&
		    r->base >> SECTION_SHIFT <= sec &&
		    (r->base + r->size - 1) >> SECTION_SHIFT >= sec)
			return true;
	}
	return false;
}

static bool seen(uint64_t *set, unsigned int *n, unsigned int cap, uint64_t v)
{
	for (unsigned int i = 0; i < *n; i++)
		if (set[i] == v)
			return true;
	if (*n < cap)
		set[(*n)++] = v;
	return false;
}

/* sparse_init(): memblocks_present(), then sparse_init_nid() per node. */
int cms_boot_model_sparse(struct cmasim *sim)
{
	struct cms_boot_state *b = sim->boot;
	const struct cms_kernel_build *f = sim->build;
	/* SECTIONS_PER_ROOT, NR_SECTION_ROOTS */
	uint64_t per_root = sim->page_size / f->mem_section_bytes;
	uint64_t sections = UINT64_C(1) << (f->physmem_bits - SECTION_SHIFT);
	uint64_t nr_roots = (sections + per_root - 1) / per_root;
	uint64_t roots[64], pmds[256], puds[16], pa;
	unsigned int nroots = 0, npmds = 0, npuds = 0;
	int ret;

	/* the root array: one pointer per root */
	ret = try_nid(sim, nr_roots * 8, SMP_CACHE, 0, 0, CMASIM_NUMA_NO_NODE,
		      "sparse_init", &pa);
	/* sparse_index_init(): a root page per SECTIONS_PER_ROOT sections */
	for (unsigned int i = 0; i < b->nr_blks && !ret; i++) {
		uint64_t first, last;
		int nid = b->blk[i].nid;

		if (!node_sections(sim, nid, &first, &last))
			continue;
		for (uint64_t r = first / per_root;
		     r <= last / per_root && !ret; r++)
			if (!seen(roots, &nroots, CMS_ARRAY_SIZE(roots), r))
				ret = try_nid(sim, 4096, SMP_CACHE, 0, 0, nid,
					      "sparse_index_alloc", &pa);
	}
	for (int nid = 0; nid < (int)CMS_BOOT_MAX_NODES && !ret; nid++) {
		uint64_t first, last, n = node_sections(sim, nid, &first, &last);
		uint64_t goal;

		if (!n)
			continue;
		/* usemaps next to NODE_DATA, in its section if possible */
		goal = cms_align_down(b->node_data[nid], UINT64_C(1) << SECTION_SHIFT);
		ret = try_nid(sim, n * USEMAP_BYTES, SMP_CACHE, goal,
			      goal + (UINT64_C(1) << SECTION_SHIFT), nid,
			      "sparse_init_nid", &pa);
		if (ret)
			break;
		/* the node's memmap: 2 MiB per section, above 16 MiB */
		ret = cms_memblock_alloc_nid(sim, CMS_MB_ALLOC_EXACT_NID_RAW,
					     n * 2 * CMS_SZ_1M, 2 * CMS_SZ_1M,
					     16 * CMS_SZ_1M, 0, nid,
					     "sparse_init_nid", &pa);
		if (ret)
			break;
		/* vmemmap page tables: a PUD page per 512 GiB, a PMD per 1 GiB */
		for (uint64_t sec = first; sec <= last && !ret; sec++) {
			uint64_t va = (sec << (SECTION_SHIFT - 12)) * STRUCT_PAGE_BYTES;

			if (!node_sections_has(sim, nid, sec))
				continue;
			if (!seen(puds, &npuds, CMS_ARRAY_SIZE(puds), va >> 39))
				ret = cms_memblock_alloc_nid(sim,
						CMS_MB_ALLOC_TRY_NID_RAW, 4096,
						4096, 16 * CMS_SZ_1M, 0, nid,
						"vmemmap_alloc_block_zero", &pa);
			if (!ret && !seen(pmds, &npmds, CMS_ARRAY_SIZE(pmds), va >> 30))
				ret = cms_memblock_alloc_nid(sim,
						CMS_MB_ALLOC_TRY_NID_RAW, 4096,
						4096, 16 * CMS_SZ_1M, 0, nid,
						"vmemmap_alloc_block_zero", &pa);
		}
	}
	return ret;
}

/*
 * The rest of setup_arch(): HPET and IO-APIC resource names, the e820
 * resources, the firmware map copy of the BIOS table, and the nosave
 * regions (each printed as the kernel does).
 */
int cms_boot_model_setup_arch_rest(struct cmasim *sim)
{
	struct cms_boot_state *b = sim->boot;
	int ret;

	ret = small(sim, 73, "acpi_parse_hpet");
	if (!ret)
		ret = small(sim, 75, "io_apic_init_mappings");
	if (!ret)
		ret = small(sim, 64 * b->nr_e820, "e820__reserve_resources");
	for (unsigned int i = 0; i < b->nr_e820_firmware && !ret; i++)
		ret = small(sim, 104, "firmware_map_add_early");
	for (unsigned int i = 0; i < b->nr_nosave && !ret; i++) {
		ret = small(sim, 32, "register_nosave_region");
		if (!ret)
			cms_pr_info(sim, "PM: hibernation: Registered nosave memory: [mem 0x%08llx-0x%08llx]",
				    (unsigned long long)(b->nosave[i][0] << sim->page_shift),
				    (unsigned long long)((b->nosave[i][1] << sim->page_shift) - 1));
	}
	return ret;
}

/* setup_per_cpu_areas() with one CPU: pcpu_embed_first_chunk(). */
static int setup_per_cpu_areas(struct cmasim *sim)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t info, embed, chunk, keep;
	int ret;

	cms_pr_info(sim, "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:1 nr_cpu_ids:1 nr_node_ids:%u",
		    sim->boot->nr_node_ids);
	ret = try_nid(sim, 4096, 4096, 0, 0, CMASIM_NUMA_NO_NODE,
		      "pcpu_build_alloc_info", &info);
	if (!ret)
		ret = try_nid(sim, 4096, SMP_CACHE, 0, 0, CMASIM_NUMA_NO_NODE,
			      "pcpu_embed_first_chunk", &embed);
	if (!ret)
		ret = try_nid(sim, 2 * CMS_SZ_1M, 2 * CMS_SZ_1M, 16 * CMS_SZ_1M, 0,
			      0, "pcpu_fc_alloc", &chunk);
	if (ret)
		return ret;
	keep = (uint64_t)f->pcpu_embedded_pages << sim->page_shift;
	ret = cms_memblock_phys_free(sim, chunk + keep, 2 * CMS_SZ_1M - keep,
				     "pcpu_embed_first_chunk");
	if (ret)
		return ret;
	cms_pr_info(sim, "percpu: Embedded %u pages/cpu %s",
		    f->pcpu_embedded_pages, f->pcpu_sizes);
	for (size_t i = 0; i < CMS_ARRAY_SIZE(f->pcpu_setup) && !ret; i++)
		ret = small(sim, f->pcpu_setup[i], "pcpu_setup_first_chunk");
	for (size_t i = 0; i < CMS_ARRAY_SIZE(f->pcpu_first) && !ret; i++)
		ret = small(sim, f->pcpu_first[i], "pcpu_alloc_first_chunk");
	if (!ret)
		ret = cms_memblock_phys_free(sim, info, 4096,
					     "pcpu_embed_first_chunk");
	if (!ret)
		ret = cms_memblock_phys_free(sim, embed, 4096,
					     "pcpu_embed_first_chunk");
	return ret;
}

static uint64_t roundup_pow_of_two(uint64_t x)
{
	return x <= 1 ? 1 : UINT64_C(1) << cms_fls64(x - 1);
}

/* alloc_large_system_hash()'s size: log2 of the bucket count. */
static unsigned int hash_log2qty(struct cmasim *sim, unsigned int scale)
{
	uint64_t kpages = sim->mm->nr_kernel_pages ? sim->mm->nr_kernel_pages :
			  sim->mm->nr_all_pages;
	uint64_t n = cms_align_up(kpages, CMS_SZ_1M >> sim->page_shift);
	uint64_t max = ((sim->mm->nr_all_pages << sim->page_shift) >> 4) / 8;

	if (scale > sim->page_shift)
		n >>= scale - sim->page_shift;
	else
		n <<= sim->page_shift - scale;
	if (n * 8 < sim->page_size)
		n = sim->page_size / 8;
	n = roundup_pow_of_two(n);
	max = cms_min_u64(max, UINT64_C(0x80000000));
	if (n > max)
		n = max;
	return cms_fls64(n) - 1;
}

static void hash_line(struct cmasim *sim, const char *name,
		      unsigned int log2qty, uint64_t size, const char *how)
{
	cms_pr_info(sim, "%s hash table entries: %llu (order: %u, %llu bytes, %s)",
		    name, 1ULL << log2qty, cms_fls64(size) - 1 - sim->page_shift,
		    (unsigned long long)size, how);
}

/* HASH_EARLY with one node: memblock, retrying smaller on failure. */
static int early_hash(struct cmasim *sim, const char *name, unsigned int scale)
{
	unsigned int log2qty = hash_log2qty(sim, scale);
	uint64_t size, pa;
	int ret;

	for (;;) {
		size = UINT64_C(8) << log2qty;
		ret = try_nid(sim, size, SMP_CACHE, 0, 0, CMASIM_NUMA_NO_NODE,
			      "alloc_large_system_hash", &pa);
		if (!ret || size <= sim->page_size || !--log2qty)
			break;
	}
	if (ret)
		return ret;
	hash_line(sim, name, log2qty, size, "linear");
	return 0;
}

/*
 * hashdist (more than one node with memory): vfs_caches_init() takes the
 * tables from vmalloc_huge() after the handover; huge mappings only when
 * each node's share is at least a PMD.  The pages come from the buddy
 * allocator.
 */
static int late_hash(struct cmasim *sim, const char *name, unsigned int scale)
{
	unsigned int log2qty = hash_log2qty(sim, scale);
	uint64_t size = UINT64_C(8) << log2qty, pfn;
	uint64_t pmd = sim->page_size << sim->arch->hpage_pmd_order;
	bool huge = size / sim->boot->nr_online_nodes >= pmd;
	unsigned int order = huge ? sim->arch->hpage_pmd_order : 0;
	uint64_t blocks = size >> (sim->page_shift + order);

	for (uint64_t i = 0; i < blocks; i++)
		if (cms_alloc_pages(sim, CMASIM_GFP_KERNEL, order,
				    CMASIM_NUMA_NO_NODE, CMASIM_OWNER_ANON, &pfn))
			return -ENOMEM;
	hash_line(sim, name, log2qty, size,
		  huge && sim->ver->large_hash_says_hugepage ?
		  "vmalloc hugepage" : "vmalloc");
	return 0;
}

int cms_boot_model_caches_late(struct cmasim *sim)
{
	int ret = 0;

	if (sim->boot->nr_online_nodes > 1 && cms_free_area_init_done(sim)) {
		ret = late_hash(sim, "Dentry cache", 13);
		if (!ret)
			ret = late_hash(sim, "Inode-cache", 14);
	}
	return ret;
}

int cms_boot_model_start_kernel(struct cmasim *sim, const char *cmdline)
{
	const struct cms_kernel_build *f = sim->build;
	uint64_t len = strlen(cmdline) + 1;
	int ret;

	/* setup_command_line(): saved_command_line, static_command_line */
	ret = small(sim, len, "start_kernel");
	if (!ret)
		ret = small(sim, len, "start_kernel");
	if (!ret)
		ret = setup_per_cpu_areas(sim);
	/* one cpumask per node beyond the first, besides the fixed ones */
	for (unsigned int i = 0; !ret && i < f->cpumasks + sim->boot->nr_node_ids - 1; i++)
		ret = small(sim, 8, "alloc_bootmem_cpumask_var");
	return ret;
}

int cms_boot_model_hash_early(struct cmasim *sim)
{
	int ret = 0;

	/*
	 * vfs_caches_init_early(): the dentry and inode hashes come from
	 * memblock only when hashdist is off, i.e. one node has memory.
	 */
	if (sim->boot->nr_online_nodes == 1 && cms_free_area_init_done(sim)) {
		ret = early_hash(sim, "Dentry cache", 13);
		if (!ret)
			ret = early_hash(sim, "Inode-cache", 14);
	}
	return ret;
}

int cms_boot_model_caches_early(struct cmasim *sim)
{
	uint64_t pa;
	int ret = cms_boot_model_hash_early(sim);

	/* the fixmap's page tables (set_pte_vaddr -> spp_getpage) */
	for (int i = 0; i < 3 && !ret; i++)
		ret = try_nid(sim, 4096, 4096, 0, 0, CMASIM_NUMA_NO_NODE,
			      "spp_getpage", &pa);
	return ret;
}

/*
 * mem_init() -> swiotlb_init(): x86 turns the bounce buffer on when
 * memory reaches above 4 GiB (pci_swiotlb_detect()); 64 MiB below 4 GiB,
 * the slot array (32768 slots of 24 bytes) and one area.
 */
int cms_boot_model_swiotlb(struct cmasim *sim)
{
	uint64_t pa;
	int ret;

	if (sim->boot->max_pfn <= (CMS_SZ_4G >> sim->page_shift))
		return 0;
	cms_pr_info(sim, "software IO TLB: area num 1.");
	ret = try_nid(sim, 64 * CMS_SZ_1M, 4096, 0, 0xffffffffull,
		      CMASIM_NUMA_NO_NODE, "swiotlb_init_remap", &pa);
	if (ret) {
		cms_pr_warn(sim, "software IO TLB: Cannot allocate buffer");
		return 0;
	}
	sim->boot->swiotlb_base = pa;
	ret = try_nid(sim, 32768 * 24, 4096, 0, 0, CMASIM_NUMA_NO_NODE,
		      "swiotlb_init_remap", &pa);
	if (!ret)
		ret = small(sim, 16, "swiotlb_init_remap");
	return ret;
}

/* pci_iommu_init(): the lines that announce the bounce buffer. */
void cms_boot_model_swiotlb_late(struct cmasim *sim)
{
	uint64_t b = sim->boot->swiotlb_base;

	if (!b)
		return;
	cms_pr_info(sim, "PCI-DMA: Using software bounce buffering for IO (SWIOTLB)");
	cms_pr_info(sim, "software IO TLB: mapped [mem 0x%016llx-0x%016llx] (64MB)",
		    (unsigned long long)b, (unsigned long long)(b + 64 * CMS_SZ_1M));
}
