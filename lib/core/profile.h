/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architecture and kernel-version profiles: the data that differs between
 * x86_64, arm64 and 32-bit arm, and between Linux 6.1 and 6.12.  Every
 * version- or arch-dependent rule reads these, never an #ifdef.
 */
#ifndef CMS_PROFILE_H
#define CMS_PROFILE_H

#include <cmasim/types.h>

/* dma, boot */
/* Which setup_arch() boots the arch. */
enum cms_setup_arch {
	CMS_SETUP_ARCH_X86 = 0,	/* arch/x86/kernel/setup.c: e820 map */
	CMS_SETUP_ARCH_ARM64,	/* arch/arm64: device tree (arm too) */
};

/* How setup_arch() calls hugetlb_cma_reserve(). */
enum cms_hugetlb_cma_call {
	CMS_HUGETLB_CMA_NEVER = 0,	/* the option is unsupported (arm) */
	CMS_HUGETLB_CMA_ALWAYS,		/* arm64_hugetlb_cma_reserve() */
	CMS_HUGETLB_CMA_GBPAGES,	/* x86: only with 1 GiB pages */
};

/* What the mem= early parameter does on the arch. */
enum cms_mem_param {
	CMS_MEM_PARSE_MEMOPT = 0, /* x86 parse_memopt: e820 RAM removed */
	CMS_MEM_LIMIT,		/* arm64 early_mem: memory_limit */
	CMS_MEM_BANKS,		/* arm early_mem: each adds a bank */
};

/*
 * The capture kernels' build (Debian configs; x86_64 with one CPU, arm64
 * with one CPU per node): the sizes the boot model takes from the kernel
 * rather than from the machine.  cms_kernel_build() picks the arch's and
 * version's; struct cmasim's build points at it.
 */
struct cms_kernel_build {
	/*
	 * _text.._end, loaded at 16 MiB without KASLR (x86, the first
	 * memblock dump); arm64: _stext.._end, arm64_memblock_init()'s
	 * reservation
	 */
	uint64_t image_bytes;
	/* the "Memory:" line: code, rwdata, rodata, init, bss (KiB) */
	uint64_t image_k[5];
	/* kernel_init()'s "Freeing ... memory" lines; kib 0: the initrd's */
	struct {
		const char *what;
		uint64_t kib;
	} late_frees[6];
	/* sizeof(pg_data_t), rounded up as alloc_node_data() does */
	uint64_t node_data_bytes;
	/* setup_per_cpu_areas(): pcpu_embed_first_chunk() */
	unsigned int pcpu_embedded_pages;	/* "Embedded N pages/cpu" */
	const char *pcpu_sizes;		/* the rest of that line */
	unsigned int pcpu_setup[5];	/* pcpu_setup_first_chunk */
	unsigned int pcpu_first[8];	/* pcpu_alloc_first_chunk */
	/* alloc_bootmem_cpumask_var() calls with one node */
	unsigned int cpumasks;
	/*
	 * the caller memblock=debug names for start_kernel()'s
	 * memblock_free(): arm64 6.12 does not inline memblock_free()
	 */
	const char *start_kernel_free_caller;
	/*
	 * sizeof(struct mem_section) (PAGE_EXTENSION: 32) and
	 * MAX_PHYSMEM_BITS (x86: 46, 4-level paging at run time): the
	 * sparse root array and the sections per root page
	 */
	unsigned int mem_section_bytes;
	unsigned int physmem_bits;

	/* arm64 only (arch/arm64/mm/init.c, mmu.c; qemu virt boots) */
	uint64_t image_offset;	/* _stext - start of RAM (+2 MiB: qemu) */
	/*
	 * map_mem()'s linear alias of the image, [kernel_start, __init_begin)
	 * from the start of RAM: the one range it maps with blocks
	 * ("Kernel code" of /proc/iomem)
	 */
	uint64_t alias_offset;
	uint64_t alias_bytes;
	/* 6.1 map_kernel(): the page-table pages of the image's own mapping */
	unsigned int kernel_map_pages;
	/* 6.1 paging_init(): init_pg_dir, given back at _end - this */
	uint64_t init_pg_dir_bytes;
	/* 6.1 create_idmap(): its page-table pages */
	unsigned int idmap_pages;
	/*
	 * __unflatten_device_tree() of qemu's virt tree: one node, and each
	 * node more (a cpu and a memory node)
	 */
	uint64_t fdt_unflatten_bytes;
	uint64_t fdt_unflatten_node_bytes;
	/* setup_node_to_cpumask_map() per node (CPUMASK_OFFSTACK), or 0 */
	unsigned int node_cpumask_bytes;
	/* CONFIG_ARM64_VA_BITS (52 runs with 48 or 47 without LPA2) */
	unsigned int va_bits;
	/*
	 * mem_init() sizes a swiotlb for kmalloc() bouncing (1 MiB per GiB)
	 * when ZONE_DMA needs none (DMA_BOUNCE_UNALIGNED_KMALLOC)
	 */
	bool swiotlb_kmalloc_bounce;
};

struct cms_arch_profile {
	enum cmasim_arch arch;
	const char *name;
	unsigned int page_shift;
	/* PMD_SHIFT - PAGE_SHIFT: HPAGE_PMD_ORDER / HUGETLB_PAGE_ORDER */
	unsigned int hpage_pmd_order;
	/* phys_addr_t is 64-bit (arm32 without LPAE: 32-bit) */
	bool phys_64bit;
	/*
	 * CONFIG_TRANSPARENT_HUGEPAGE (Debian: madvise on x86_64 and
	 * arm64; arm32 without LPAE cannot have it)
	 */
	bool transparent_hugepage;
	/* ZONE_DMA width in address bits (x86_64 24; arm64 up to 32) */
	unsigned int zone_dma_bits;
	/* arm32: default lowmem size (vmalloc=240M on a 3G/1G split) */
	uint64_t lowmem_size;

	/* dma, boot */
	enum cms_setup_arch setup_arch;
	unsigned int command_line_size;	/* COMMAND_LINE_SIZE */
	unsigned int bits_per_long;	/* BITS_PER_LONG */
	enum cms_mem_param mem_param;
	/*
	 * zone_dma_bits is the arch's constant (x86: 24), not derived from
	 * the memory layout when the zones are sized (arm64)
	 */
	bool zone_dma_bits_fixed;
	/* _text's physical address (x86_64 without KASLR); 0: not modelled */
	uint64_t kernel_image_phys;
	/*
	 * hugetlb_cma_reserve(): when setup_arch() calls it, and the order
	 * of the gigantic pages it reserves for (x86 PUD_SHIFT - PAGE_SHIFT;
	 * arm64 PUD_SHIFT - PAGE_SHIFT with 4K pages, else CONT_PMD_SHIFT -
	 * PAGE_SHIFT: arch/arm64/mm/hugetlbpage.c)
	 */
	enum cms_hugetlb_cma_call hugetlb_cma_call;
	unsigned int hugetlb_cma_order;
	/*
	 * A machine built without a log gets the capture kernels' boot-time
	 * memblock allocations (boot_alloc.c, boot_alloc_arm64.c), image
	 * sizes and late frees: x86_64 and arm64 (64K: the 16K build's)
	 */
	bool boot_allocs_modelled;
	/*
	 * dev_is_dma_coherent() is false unless the device tree says
	 * "dma-coherent" (ARCH_HAS_SYNC_DMA_FOR_DEVICE: arm64, arm); x86's
	 * devices are always coherent
	 */
	bool dma_noncoherent_devices;
	/* CONFIG_DMA_DIRECT_REMAP: non-coherent buffers are remapped (arm64) */
	bool dma_direct_remap;
	/*
	 * CONFIG_DMA_GLOBAL_POOL: non-coherent devices allocate from the
	 * global coherent pool (arm without an MMU; none of ours)
	 */
	bool dma_global_pool;
	/*
	 * arm64 page tables: the span one table of each level covers, top
	 * down, below the static PGD (4K: PUD, PMD, PTE tables; 16K and 64K:
	 * PMD, PTE tables); the last is a PTE table, whose span is a PMD
	 * block.  0 ends the list.
	 */
	unsigned int pgtable_shifts[4];
	/* ARM64_MEMSTART_SHIFT: memstart_addr's alignment */
	unsigned int memstart_shift;
	/* vmemmap_populate() maps the memmap with PMD blocks (4K pages) */
	bool vmemmap_pmd_blocks;
	/* the linear region: BIT(vabits_actual - 1) */
	unsigned int linear_region_shift;

	/* mm */
	/* SECTION_SIZE_BITS of the arch's sparsemem */
	unsigned int section_size_bits;
	/*
	 * zone_sizes_init(): ZONE_DMA and ZONE_DMA32 end at max_zone_phys()
	 * from the start of DRAM (arm64); x86 ends them at 16 MiB and 4 GiB
	 */
	bool zone_limits_from_dram;
	/* x86 memblock_find_dma_reserve() (the kernels that have it) */
	bool finds_dma_reserve;
	/* INIT_MEMBLOCK_MEMORY_REGIONS (arm64 with EFI: 128 * 8) */
	unsigned int init_memblock_memory_regions;
	/* INIT_MEMBLOCK_RESERVED_REGIONS adds NR_CPUS + 1 (arm64, GICv3 ITS) */
	bool init_memblock_reserved_adds_nr_cpus;
	/* VMEMMAP_START: the struct page of pfn 0 (trace events print them) */
	uint64_t vmemmap_start;

	/* core, fs */
	/*
	 * The largest buddy order when the arch has no ARCH_FORCE_MAX_ORDER
	 * (x86: MAX_ORDER 11 exclusive, 10 inclusive); -1: the knob sets it
	 */
	int fixed_max_page_order;
	/* CONFIG_UNACCEPTED_MEMORY (x86_64 with EFI; not arm64 in 6.12) */
	bool unaccepted_memory;
	/* meminfo's DirectMap4k/2M lines (x86 arch_report_meminfo) */
	bool meminfo_direct_map;
	/* VMALLOC_TOTAL in KiB, as meminfo prints it */
	uint64_t vmalloc_total_kb;
};

struct cms_version_profile {
	enum cmasim_kernel kernel;
	const char *name;
	/* MAX_ORDER counts orders exclusively (6.1) or inclusively (6.12) */
	bool max_order_exclusive;
	/* "cma: Reserved %ld MiB at %pa on node %d" (6.12) */
	bool cma_log_node;
	/* numa_cma= is a boot parameter (6.6+) */
	bool has_numa_cma;
	/* 6.12 __rmqueue_claim / __rmqueue_steal; 6.1 steal_suitable_fallback */
	bool claim_then_steal;
	/*
	 * zoneinfo prints the promo watermark (6.12); both versions
	 * compute it (memory tiering), 6.1 only does not show it
	 */
	bool zoneinfo_promo;
	/*
	 * pageblock-flags.h without HUGETLB_PAGE: THP sets pageblock_order
	 * to HPAGE_PMD_ORDER (6.12); 6.1 falls back to the largest order
	 */
	bool pageblock_order_thp;
	/*
	 * pcp_allowed_order() keeps THP's order on the per-cpu lists as
	 * HPAGE_PMD_ORDER (6.12) or pageblock_order (6.1)
	 */
	bool pcp_thp_pmd_order;

	/* dma, boot */
	/*
	 * DMA_NUMA_CMA replaced DMA_PERNUMA_CMA (6.7): dma_contiguous_reserve()
	 * reserves "pernuma%d" and "numa%d" on every possible node and
	 * dma_alloc_contiguous() tries both; 6.1's dma_pernuma_cma_reserve()
	 * (arm64 only) reserves "pernuma%d" on the online nodes.
	 */
	bool dma_numa_cma;
	/* cma_in_zone(): DMA32 ends at max(4 GiB, zone_dma_limit), not 4 GiB */
	bool dma32_pool_max_zone_dma;
	/*
	 * __cma_alloc() traces cma_alloc_start before it checks the area, so
	 * cma_alloc(NULL) traces "(null)" (6.12); 6.1 checks first and counts
	 * a CMA_ALLOC_FAIL event
	 */
	bool cma_alloc_null_traced;
	/*
	 * __dma_direct_alloc_pages() gives a buddy page above the mask back
	 * through dma_free_contiguous() (6.1), not __free_pages()
	 */
	bool dma_direct_retry_frees_contiguous;
	/*
	 * numa_cleanup_meminfo() keeps the blocks inside memblock's DRAM
	 * (6.12, mm/numa_memblks.c), not inside [0, max_pfn) (6.1 x86)
	 */
	bool numa_cleanup_to_dram;
	/*
	 * Nodes that leave RAM uncovered are reported by 6.12's
	 * memblock_validate_numa_coverage() ("NUMA: no nodes coverage for
	 * %luMB of %luMB RAM"), not by 6.1's numa_meminfo_cover_memory()
	 * ("NUMA: nodes only cover %LuMB of your %LuMB e820 RAM. Not used.")
	 */
	bool numa_coverage_by_memblock;
	/* alloc_large_system_hash() says "vmalloc hugepage" when huge (6.12) */
	bool large_hash_says_hugepage;
	/*
	 * arm64 numa_init() (drivers/base/arch_numa.c) allocates the
	 * distance table before each try and frees it when the try fails
	 * (6.1); else only a device-tree distance map allocates it
	 */
	bool arch_numa_allocs_distance;
	/*
	 * of_numa_init() on a device tree without node ids succeeds with no
	 * node, so numa_init() says "No NUMA configuration found" (6.1)
	 */
	bool arch_numa_reports_no_config;
	/*
	 * setup_node_data() prints "NUMA: NODE_DATA [mem ...]" (6.1), not
	 * mm/numa.c's "NODE_DATA(N) allocated [mem ...]" (6.12)
	 */
	bool arch_numa_node_data_line;
	/*
	 * hugetlb_cma_reserve() aligns each area to the gigantic page (6.12),
	 * not to HUGETLB_PAGE_ORDER (6.1)
	 */
	bool hugetlb_cma_gigantic_align;
	struct cms_kernel_build build;

	/* mm */
	/* memblock: an empty region array keeps one size-0 entry (cnt 1) */
	bool memblock_keeps_dummy_region;
	/* memblock_merge_regions() walks the whole array, not the new range */
	bool memblock_merges_whole_array;
	/*
	 * memblock_add_range() inserts at once only with strictly more room
	 * than the worst case (cnt * 2 + 1 < max), not just enough
	 */
	bool memblock_insert_needs_spare_slot;
	/*
	 * A full region array before memblock_allow_resize() panics; else
	 * the call fails quietly
	 */
	bool memblock_full_array_panics;
	/* the MEMBLOCK_RSRV_NOINIT flag exists */
	bool has_memblock_rsrv_noinit;
	/*
	 * "Any node" is every nid numa_valid_node() rejects; else it is
	 * NUMA_NO_NODE, with MAX_NUMNODES a deprecated alias that warns
	 */
	bool memblock_numa_valid_node;
	/* arm64's NR_CPUS Kconfig default (INIT_MEMBLOCK_RESERVED_REGIONS) */
	unsigned int arm64_nr_cpus;
	/* x86 memblock_find_dma_reserve()/set_dma_reserve() exist */
	bool has_dma_reserve;
	/* free_area_init's managed estimate subtracts the memmap pages */
	bool managed_estimate_subtracts_memmap;
	/*
	 * calc_nr_kernel_pages(): the hash tables' nr_kernel_pages and
	 * nr_all_pages are memblock's free pages at free_area_init (6.12),
	 * not the zones' managed estimates (6.1)
	 */
	bool nr_kernel_pages_from_memblock;
	/* the "Memory:" line comes after the deferred pages are freed */
	bool memory_line_after_deferred_init;
	/*
	 * zone->nr_free_highatomic counts the free highatomic pages, which
	 * the watermarks hold back; else they hold back the reserved blocks
	 */
	bool counts_free_highatomic;
	/*
	 * A free block sits on its pageblock's list: free_one_page() frees a
	 * block above a pageblock per pageblock, per-cpu frees take the
	 * pageblock's type, a merge retypes the buddy's pageblocks
	 */
	bool free_lists_follow_pageblocks;
	/*
	 * Moving a free block to another list moves its free-page counts;
	 * else the caller (isolation) adjusts them
	 */
	bool freepage_counts_move_with_lists;
	/*
	 * move_freepages_block() sets the pageblock's type and refuses a
	 * block across a zone boundary; else it clips the block
	 */
	bool move_freepages_block_sets_type;
	/*
	 * Per-cpu lists auto-tune high between high_min and high_max, with
	 * free_count, alloc_factor and ZONE_BELOW_HIGH
	 */
	bool pcp_high_auto_tune;
	/*
	 * rmqueue() keeps movable allocations without ALLOC_CMA off the
	 * per-cpu lists (those may hold CMA pages)
	 */
	bool pcp_skips_movable_without_cma;
	/*
	 * The highatomic reserve is 1% of the zone rounded up to pageblocks,
	 * none when that is below one pageblock; else 1% plus a pageblock
	 */
	bool highatomic_max_rounds_up;
	/* a highatomic reservation retypes a whole buddy above a pageblock */
	bool highatomic_reserves_whole_buddy;
	/* the WMARK_MIN shares skip ZONE_MOVABLE as well as highmem */
	bool wmark_min_skips_movable;
	/* __GFP_ATOMIC exists (the boosted-watermark retry reads it) */
	bool has_gfp_atomic;
	/* the trace event mm_alloc_contig_migrate_range_info exists */
	bool has_contig_migrate_range_info;
	/* MAX_CMA_AREAS is CONFIG_CMA_AREAS plus this */
	unsigned int cma_areas_extra_slot;
	/* cma_declare_contiguous_nid() drops the node without CONFIG_NUMA */
	bool cma_nid_needs_numa;
	/* non-fixed placement tries high memory before the 4 GiB pass */
	bool cma_highmem_before_4g;
	/* __func__ of the allocation worker in the cma log lines */
	const char *cma_alloc_func_name;
	/* trace cma_alloc_start comes before the argument checks */
	bool cma_alloc_traces_start_first;
	/* a zero, oversized or inactive request counts as a failure */
	bool cma_alloc_counts_rejected;
	/* cma_alloc's pr_debug lines name the area and the busy pfn */
	bool cma_debug_names_area;
	/* trace cma_alloc_finish carries errorno */
	bool cma_alloc_finish_has_errorno;
	/* cma_debug_show_areas() exists only with CONFIG_CMA_DEBUG */
	bool cma_show_areas_needs_debug;
	/* cma_release() counts release_pages_success */
	bool cma_counts_released_pages;

	/* core, fs */
	/* enum zone_stat_item has NR_UNACCEPTED (with UNACCEPTED_MEMORY) */
	bool has_nr_unaccepted;

	/* of */
	/*
	 * drivers/of (6.1): every /reserved-memory region is saved while the
	 * tree is scanned, then sorted, then placed and initialised in
	 * sorted order (fdt_init_reserved_mem()).  6.12: each dynamic one is
	 * placed, saved and initialised at once, the static ones only in the
	 * second pass of unflatten_device_tree()
	 * (fdt_scan_reserved_mem_reg_nodes()).
	 */
	bool of_rmem_saved_at_scan;
	/* /memreserve/ entries are reserved before the scan (6.1), not after */
	bool of_memreserve_before_scan;
	/* the prefix of the scan's own lines: "OF: fdt: " (6.1) */
	const char *of_scan_prefix;
	/* "%pa..%pa (%lu KiB) map|nomap ..." after each initialisation */
	bool of_rmem_summary_line;
	/*
	 * __reserved_mem_alloc_in_range(): an alloc-ranges range next to a
	 * saved region steers memblock's direction
	 */
	bool of_alloc_in_range_steers;
	/* __rmem_cmp() breaks ties on the node offset */
	bool of_rmem_cmp_ties_on_node;
	/*
	 * lib/sort.c sort_r() extracts the two largest elements per step
	 * (6.12) and picks the larger child on a strict compare
	 */
	bool sort_extracts_two;
	/*
	 * of_reserved_mem_device_init() finds the region by node name
	 * (of_reserved_mem_lookup(), 6.12), not by phandle (6.1)
	 */
	bool of_rmem_lookup_by_name;
	/* sizeof(struct reserved_mem): the 6.12 region array's element */
	unsigned int of_rmem_struct_bytes;
	/* what memblock=debug prints for the callers (%pS) */
	const char *of_reserve_caller;		/* a static region */
	const char *of_memreserve_caller;	/* a /memreserve/ entry */
	const char *of_alloc_caller;		/* a dynamic region */
	const char *of_alloc_ranges_caller;	/* ... with alloc-ranges */
	const char *of_alloc_nomap_caller;	/* ... no-map, no ranges */
	const char *of_free_caller;		/* a region whose init failed */
	const char *of_array_caller;		/* 6.12's region array */
	/*
	 * rmem_dma_setup() records the linux,dma-default region as a pointer
	 * (6.1), not as its base and size
	 */
	bool dma_default_keeps_region;
	/*
	 * bitmap_release_region() clears whole words from the bit's offset
	 * (6.1 __reg_op()), not exactly 1 << order bits
	 */
	bool bitmap_release_clears_words;
};

const struct cms_arch_profile *cms_arch_profile(enum cmasim_arch arch);
/* The capture kernel's build for @arch and @k, or NULL (32-bit arm). */
const struct cms_kernel_build *cms_kernel_build(enum cmasim_arch arch,
						enum cmasim_kernel k);
const struct cms_version_profile *cms_version_profile(enum cmasim_kernel k);
/* Parse "x86_64", "arm64", "arm64-16k", ... / "6.1", "6.12"; -1 if unknown. */
int cms_arch_parse(const char *name);
int cms_kernel_parse(const char *name);

#endif /* CMS_PROFILE_H */
