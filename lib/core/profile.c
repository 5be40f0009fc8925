// SPDX-License-Identifier: GPL-2.0-only
/*
 * Architecture and kernel-version profiles (see profile.h).  The numbers
 * come from arch/<arch>/include/asm/page*.h, pgtable*.h and the version's
 * include/linux/mmzone.h; docs/architecture.md lists the sources.
 */
#include "config.h"

#include <string.h>

#include "core/profile.h"

static const struct cms_arch_profile arch_profiles[CMASIM_ARCH_COUNT] = {
	[CMASIM_ARCH_X86_64] = {
		.arch = CMASIM_ARCH_X86_64, .name = "x86_64",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = true,
		.transparent_hugepage = true,
		.zone_dma_bits = 24,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_X86, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_PARSE_MEMOPT,
		.zone_dma_bits_fixed = true,
		.kernel_image_phys = UINT64_C(16) << 20,
		/* setup_arch(): hugetlb_cma_reserve(PUD_SHIFT - PAGE_SHIFT) */
		.hugetlb_cma_call = CMS_HUGETLB_CMA_GBPAGES,
		.hugetlb_cma_order = 30 - 12,
		.boot_allocs_modelled = true,
		/* mm */
		.section_size_bits = 27, .zone_limits_from_dram = false,
		.finds_dma_reserve = true,
		.init_memblock_memory_regions = 128,
		.init_memblock_reserved_adds_nr_cpus = false,
		.vmemmap_start = UINT64_C(0xffffea0000000000),
		/* core, fs */
		.fixed_max_page_order = 10, .unaccepted_memory = true,
		.meminfo_direct_map = true,
		.vmalloc_total_kb = UINT64_C(34359738367),
	},
	[CMASIM_ARCH_ARM64_4K] = {
		.arch = CMASIM_ARCH_ARM64_4K, .name = "arm64-4k",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = true,
		.transparent_hugepage = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
		.dma_noncoherent_devices = true, .dma_direct_remap = true,
		/* pud_sect_supported(): PUD_SHIFT - PAGE_SHIFT, 1 GiB */
		.hugetlb_cma_call = CMS_HUGETLB_CMA_ALWAYS,
		.hugetlb_cma_order = 30 - 12,
		.boot_allocs_modelled = true,
		/* 48-bit VA: PUD, PMD, PTE tables below the PGD */
		.pgtable_shifts = { 39, 30, 21 },
		.memstart_shift = 30, .vmemmap_pmd_blocks = true,
		.linear_region_shift = 47,
		/* mm */
		.section_size_bits = 27, .zone_limits_from_dram = true,
		.finds_dma_reserve = false,
		.init_memblock_memory_regions = 1024,
		.init_memblock_reserved_adds_nr_cpus = true,
		.vmemmap_start = UINT64_C(0xfffffc0000000000),
		/* core, fs */
		.fixed_max_page_order = -1, .unaccepted_memory = false,
		.meminfo_direct_map = false,
		.vmalloc_total_kb = UINT64_C(135288315904),
	},
	[CMASIM_ARCH_ARM64_16K] = {
		.arch = CMASIM_ARCH_ARM64_16K, .name = "arm64-16k",
		.page_shift = 14, .hpage_pmd_order = 11, .phys_64bit = true,
		.transparent_hugepage = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
		.dma_noncoherent_devices = true, .dma_direct_remap = true,
		/* CONT_PMD_SHIFT (PMD_SHIFT 25 + 5) - PAGE_SHIFT: 1 GiB */
		.hugetlb_cma_call = CMS_HUGETLB_CMA_ALWAYS,
		.hugetlb_cma_order = 30 - 14,
		.boot_allocs_modelled = true,
		/* 47-bit VA (Debian's 16K): PMD, PTE tables below the PGD */
		.pgtable_shifts = { 36, 25 },
		.memstart_shift = 30, .vmemmap_pmd_blocks = false,
		.linear_region_shift = 46,
		/* mm */
		.section_size_bits = 27, .zone_limits_from_dram = true,
		.finds_dma_reserve = false,
		.init_memblock_memory_regions = 1024,
		.init_memblock_reserved_adds_nr_cpus = true,
		.vmemmap_start = UINT64_C(0xfffffc0000000000),
		/* core, fs */
		.fixed_max_page_order = -1, .unaccepted_memory = false,
		.meminfo_direct_map = false,
		.vmalloc_total_kb = UINT64_C(135288315904),
	},
	[CMASIM_ARCH_ARM64_64K] = {
		.arch = CMASIM_ARCH_ARM64_64K, .name = "arm64-64k",
		.page_shift = 16, .hpage_pmd_order = 13, .phys_64bit = true,
		.transparent_hugepage = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
		.dma_noncoherent_devices = true, .dma_direct_remap = true,
		/* CONT_PMD_SHIFT (PMD_SHIFT 29 + 5) - PAGE_SHIFT: 16 GiB */
		.hugetlb_cma_call = CMS_HUGETLB_CMA_ALWAYS,
		.hugetlb_cma_order = 34 - 16,
		.boot_allocs_modelled = true,
		/* 48-bit VA: PMD, PTE tables below the PGD */
		.pgtable_shifts = { 42, 29 },
		.memstart_shift = 29, .vmemmap_pmd_blocks = false,
		.linear_region_shift = 47,
		/* mm */
		.section_size_bits = 29, .zone_limits_from_dram = true,
		.finds_dma_reserve = false,
		.init_memblock_memory_regions = 1024,
		.init_memblock_reserved_adds_nr_cpus = true,
		.vmemmap_start = UINT64_C(0xfffffc0000000000),
		/* core, fs */
		.fixed_max_page_order = -1, .unaccepted_memory = false,
		.meminfo_direct_map = false,
		.vmalloc_total_kb = UINT64_C(135288315904),
	},
	[CMASIM_ARCH_ARM] = {
		.arch = CMASIM_ARCH_ARM, .name = "arm",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = false,
		.transparent_hugepage = false,
		.zone_dma_bits = 0,
		/* 3G/1G split, vmalloc=240M default: 760 MiB of lowmem */
		.lowmem_size = UINT64_C(760) << 20,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 1024,
		.bits_per_long = 32, .mem_param = CMS_MEM_BANKS,
		.dma_noncoherent_devices = true, .dma_direct_remap = true,
		/* mm */
		.section_size_bits = 28, .zone_limits_from_dram = true,
		.finds_dma_reserve = false,
		.init_memblock_memory_regions = 128,
		.init_memblock_reserved_adds_nr_cpus = false,
		.vmemmap_start = UINT64_C(0xef000000),
		/* core, fs */
		.fixed_max_page_order = -1, .unaccepted_memory = false,
		.meminfo_direct_map = false,
		.vmalloc_total_kb = UINT64_C(245760),
	},
};

static const struct cms_version_profile version_profiles[CMASIM_KERNEL_COUNT] = {
	[CMASIM_KERNEL_6_1] = {
		.kernel = CMASIM_KERNEL_6_1, .name = "6.1",
		.max_order_exclusive = true, .cma_log_node = false,
		.has_numa_cma = false, .claim_then_steal = false,
		.zoneinfo_promo = false, .pageblock_order_thp = false,
		.pcp_thp_pmd_order = false,
		/* dma, boot */
		.dma_numa_cma = false, .dma32_pool_max_zone_dma = false,
		.cma_alloc_null_traced = false,
		.dma_direct_retry_frees_contiguous = true,
		.numa_cleanup_to_dram = false,
		.numa_coverage_by_memblock = false,
		.large_hash_says_hugepage = false,
		.hugetlb_cma_gigantic_align = false,
		.arch_numa_allocs_distance = true,
		.arch_numa_reports_no_config = true,
		.arch_numa_node_data_line = true,
		.build = {
			.image_bytes = UINT64_C(48) << 20,
			.image_k = { 14343, 2341, 4860, 2832, 17328 },
			.late_frees = {
				{ "SMP alternatives", 36 }, { "initrd", 0 },
				{ "unused decrypted", 2036 },
				{ "unused kernel image (initmem)", 2832 },
				{ "unused kernel image (text/rodata gap)", 2040 },
				{ "unused kernel image (rodata/data gap)", 1284 },
			},
			.node_data_bytes = 0x2b000,	/* to PAGE_SIZE */
			.pcpu_embedded_pages = 62,
			.pcpu_sizes = "s217088 r8192 d28672 u2097152",
			.pcpu_setup = { 8, 8, 4, 8, 368 },
			.pcpu_first = { 144, 256, 264, 64, 144, 896, 904, 224 },
			.cpumasks = 5,
			.start_kernel_free_caller = "start_kernel",
			.mem_section_bytes = 32, .physmem_bits = 46,
		},
		/* mm */
		.memblock_keeps_dummy_region = true,
		.memblock_merges_whole_array = true,
		.memblock_insert_needs_spare_slot = true,
		.memblock_full_array_panics = false,
		.has_memblock_rsrv_noinit = false,
		.memblock_numa_valid_node = false,
		.arm64_nr_cpus = 256,
		.has_dma_reserve = true,
		.managed_estimate_subtracts_memmap = true,
		.nr_kernel_pages_from_memblock = false,
		.memory_line_after_deferred_init = false,
		.counts_free_highatomic = false,
		.free_lists_follow_pageblocks = false,
		.freepage_counts_move_with_lists = false,
		.move_freepages_block_sets_type = false,
		.pcp_high_auto_tune = false,
		.pcp_skips_movable_without_cma = true,
		.highatomic_max_rounds_up = false,
		.highatomic_reserves_whole_buddy = false,
		.wmark_min_skips_movable = false,
		.has_gfp_atomic = true,
		.has_contig_migrate_range_info = false,
		.cma_areas_extra_slot = 1,
		.cma_nid_needs_numa = false,
		.cma_highmem_before_4g = true,
		.cma_alloc_func_name = "cma_alloc",
		.cma_alloc_traces_start_first = false,
		.cma_alloc_counts_rejected = true,
		.cma_debug_names_area = false,
		.cma_alloc_finish_has_errorno = false,
		.cma_show_areas_needs_debug = true,
		.cma_counts_released_pages = false,
		/* core, fs */
		.has_nr_unaccepted = false,
		/* of */
		.of_rmem_saved_at_scan = true,
		.of_memreserve_before_scan = true,
		.of_scan_prefix = "OF: fdt: ",
		.of_rmem_summary_line = false,
		.of_alloc_in_range_steers = false,
		.of_rmem_cmp_ties_on_node = false,
		.sort_extracts_two = false,
		.of_rmem_lookup_by_name = false,
		.of_rmem_struct_bytes = 56,
		.of_reserve_caller = "early_init_fdt_scan_reserved_mem+0x2b8/0x3c0",
		.of_memreserve_caller = "early_init_fdt_scan_reserved_mem+0x80/0x3c0",
		.of_alloc_caller = "early_init_dt_alloc_reserved_memory_arch+0x40/0x94",
		.of_alloc_ranges_caller = "early_init_dt_alloc_reserved_memory_arch+0x40/0x94",
		.of_alloc_nomap_caller = "early_init_dt_alloc_reserved_memory_arch+0x40/0x94",
		.of_free_caller = "fdt_init_reserved_mem+0x490/0x4d4",
		.of_array_caller = NULL,
		.dma_default_keeps_region = true,
		.bitmap_release_clears_words = true,
	},
	[CMASIM_KERNEL_6_12] = {
		.kernel = CMASIM_KERNEL_6_12, .name = "6.12",
		.max_order_exclusive = false, .cma_log_node = true,
		.has_numa_cma = true, .claim_then_steal = true,
		.zoneinfo_promo = true, .pageblock_order_thp = true,
		.pcp_thp_pmd_order = true,
		/* dma, boot */
		.dma_numa_cma = true, .dma32_pool_max_zone_dma = true,
		.cma_alloc_null_traced = true,
		.dma_direct_retry_frees_contiguous = false,
		.numa_cleanup_to_dram = true,
		.numa_coverage_by_memblock = true,
		.large_hash_says_hugepage = true,
		.hugetlb_cma_gigantic_align = true,
		.arch_numa_allocs_distance = false,
		.arch_numa_reports_no_config = false,
		.arch_numa_node_data_line = false,
		.build = {
			.image_bytes = UINT64_C(40) << 20,
			.image_k = { 16384, 2503, 6888, 4280, 4880 },
			.late_frees = {
				{ "SMP alternatives", 40 }, { "initrd", 0 },
				{ "unused decrypted", 2028 },
				{ "unused kernel image (initmem)", 4280 },
				{ "unused kernel image (rodata/data gap)", 1304 },
			},
			.node_data_bytes = 0x2ad40,	/* to a cache line */
			.pcpu_embedded_pages = 66,
			.pcpu_sizes = "s233472 r8192 d28672 u2097152",
			.pcpu_setup = { 8, 8, 4, 8, 368 },
			.pcpu_first = { 200, 256, 264, 64, 200, 896, 904, 224 },
			.cpumasks = 2,
			.start_kernel_free_caller = "start_kernel",
			.mem_section_bytes = 32, .physmem_bits = 46,
		},
		/* mm */
		.memblock_keeps_dummy_region = false,
		.memblock_merges_whole_array = false,
		.memblock_insert_needs_spare_slot = false,
		.memblock_full_array_panics = true,
		.has_memblock_rsrv_noinit = true,
		.memblock_numa_valid_node = true,
		.arm64_nr_cpus = 512,
		.has_dma_reserve = false,
		.managed_estimate_subtracts_memmap = false,
		.nr_kernel_pages_from_memblock = true,
		.memory_line_after_deferred_init = true,
		.counts_free_highatomic = true,
		.free_lists_follow_pageblocks = true,
		.freepage_counts_move_with_lists = true,
		.move_freepages_block_sets_type = true,
		.pcp_high_auto_tune = true,
		.pcp_skips_movable_without_cma = false,
		.highatomic_max_rounds_up = true,
		.highatomic_reserves_whole_buddy = true,
		.wmark_min_skips_movable = true,
		.has_gfp_atomic = false,
		.has_contig_migrate_range_info = true,
		.cma_areas_extra_slot = 0,
		.cma_nid_needs_numa = true,
		.cma_highmem_before_4g = false,
		.cma_alloc_func_name = "__cma_alloc",
		.cma_alloc_traces_start_first = true,
		.cma_alloc_counts_rejected = false,
		.cma_debug_names_area = true,
		.cma_alloc_finish_has_errorno = true,
		.cma_show_areas_needs_debug = false,
		.cma_counts_released_pages = true,
		/* core, fs */
		.has_nr_unaccepted = true,
		/* of */
		.of_rmem_saved_at_scan = false,
		.of_memreserve_before_scan = false,
		.of_scan_prefix = "OF: reserved mem: ",
		.of_rmem_summary_line = true,
		.of_alloc_in_range_steers = true,
		.of_rmem_cmp_ties_on_node = true,
		.sort_extracts_two = true,
		.of_rmem_lookup_by_name = true,
		.of_rmem_struct_bytes = 48,
		.of_reserve_caller = "fdt_scan_reserved_mem+0x5a8/0x890",
		.of_memreserve_caller = "early_init_fdt_scan_reserved_mem+0x5c/0x90",
		.of_alloc_caller = "fdt_scan_reserved_mem+0x6a4/0x890",
		.of_alloc_ranges_caller = "fdt_scan_reserved_mem+0x5e4/0x890",
		.of_alloc_nomap_caller = "fdt_scan_reserved_mem+0x760/0x890",
		.of_free_caller = "fdt_reserved_mem_save_node+0x20c/0x230",
		.of_array_caller = "fdt_scan_reserved_mem_reg_nodes+0xc8/0x3b8",
		.dma_default_keeps_region = false,
		.bitmap_release_clears_words = false,
	},
};

/*
 * Debian's arm64 kernels booted by qemu virt (-smp 1 per node), as the
 * oracle-arm64* captures show them: the image from the memblock_reserve
 * of arm64_memblock_init and /proc/iomem's "Kernel code" (map_mem()'s
 * alias end, __init_begin), the page-table and FDT sizes from the
 * memblock=debug requests, sizeof(pg_data_t) from the NODE_DATA line,
 * the per-cpu allocations from pcpu_*, the "Memory:" sections and the
 * "Freeing unused kernel memory" line.  The 64K build was not captured:
 * it takes the 16K numbers.
 */
#define ARM64_612_16K_BUILD {						\
	.image_bytes = 0x2bd0000,					\
	.image_k = { 15552, 3838, 14048, 9984, 1038 },			\
	.late_frees = { { "initrd", 0 }, { "unused kernel", 9984 } },	\
	.node_data_bytes = 0x3880,					\
	.pcpu_embedded_pages = 15,					\
	.pcpu_sizes = "s199960 r8192 d37608 u245760",			\
	.pcpu_setup = { 8, 8, 4, 8, 304 },				\
	.pcpu_first = { 200, 512, 520, 32, 200, 1536, 1544, 96 },	\
	.image_offset = 0x200000,					\
	.alias_offset = 0x200000, .alias_bytes = 0x1d20000,		\
	.fdt_unflatten_bytes = 42172, .fdt_unflatten_node_bytes = 2344,	\
	.node_cpumask_bytes = 64,					\
	.mem_section_bytes = 32, .physmem_bits = 48, .va_bits = 52,	\
	.swiotlb_kmalloc_bounce = true,					\
	.start_kernel_free_caller = "memblock_free",			\
}

static const struct cms_kernel_build arm64_builds[CMASIM_KERNEL_COUNT][3] = {
	[CMASIM_KERNEL_6_1] = {
		/* 6.1.0-56-arm64 (Debian 6.1.192-2), 4K pages */
		[0] = {
			.image_bytes = 0x2000000,
			.image_k = { 13248, 2806, 9524, 6464, 627 },
			.late_frees = { { "initrd", 0 },
					{ "unused kernel", 6464 } },
			.node_data_bytes = 0x2c80,
			.pcpu_embedded_pages = 31,
			.pcpu_sizes = "s87272 r8192 d31512 u126976",
			.pcpu_setup = { 8, 8, 4, 8, 288 },
			.pcpu_first = { 144, 384, 392, 96, 144, 1024, 1032,
					256 },
			.image_offset = 0x210000,
			.alias_offset = 0x210000, .alias_bytes = 0x1650000,
			.kernel_map_pages = 7, .init_pg_dir_bytes = 0x5000,
			.idmap_pages = 4,
			/* the two-node tree: the 6.12 growth, not captured */
			.fdt_unflatten_bytes = 39964,
			.fdt_unflatten_node_bytes = 2344,
			.node_cpumask_bytes = 0,
			.mem_section_bytes = 32, .physmem_bits = 48,
			.va_bits = 48,
			.swiotlb_kmalloc_bounce = false,
			.start_kernel_free_caller = "start_kernel",
		},
		/* no 6.1 16K or 64K capture: the 6.12 16K numbers */
		[1] = ARM64_612_16K_BUILD,
		[2] = ARM64_612_16K_BUILD,
	},
	[CMASIM_KERNEL_6_12] = {
		/* 6.12.107+deb12-arm64, 4K pages */
		[0] = {
			.image_bytes = 0x2b30000,
			.image_k = { 15616, 3814, 13936, 9664, 938 },
			.late_frees = { { "initrd", 0 },
					{ "unused kernel", 9664 } },
			.node_data_bytes = 0x3740,
			.pcpu_embedded_pages = 34,
			.pcpu_sizes = "s101464 r8192 d29608 u139264",
			.pcpu_setup = { 8, 8, 4, 8, 304 },
			.pcpu_first = { 200, 384, 392, 96, 200, 1024, 1032,
					256 },
			.image_offset = 0x200000,
			.alias_offset = 0x200000, .alias_bytes = 0x1d00000,
			.fdt_unflatten_bytes = 42172,
			.fdt_unflatten_node_bytes = 2344,
			.node_cpumask_bytes = 64,
			.mem_section_bytes = 32, .physmem_bits = 48,
			.va_bits = 52,
			.swiotlb_kmalloc_bounce = true,
			.start_kernel_free_caller = "memblock_free",
		},
		/* 6.12.107+deb12-arm64-16k */
		[1] = ARM64_612_16K_BUILD,
		[2] = ARM64_612_16K_BUILD,
	},
};

const struct cms_arch_profile *cms_arch_profile(enum cmasim_arch arch)
{
	return &arch_profiles[arch];
}

const struct cms_kernel_build *cms_kernel_build(enum cmasim_arch arch,
						enum cmasim_kernel k)
{
	switch (arch) {
	case CMASIM_ARCH_X86_64:
		return &version_profiles[k].build;
	case CMASIM_ARCH_ARM64_4K:
		return &arm64_builds[k][0];
	case CMASIM_ARCH_ARM64_16K:
		return &arm64_builds[k][1];
	case CMASIM_ARCH_ARM64_64K:
		return &arm64_builds[k][2];
	default:
		return NULL;
	}
}

const struct cms_version_profile *cms_version_profile(enum cmasim_kernel k)
{
	return &version_profiles[k];
}

int cms_arch_parse(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "arm64") || !strcmp(name, "aarch64"))
		return CMASIM_ARCH_ARM64_4K;
	if (!strcmp(name, "x86-64") || !strcmp(name, "amd64"))
		return CMASIM_ARCH_X86_64;
	if (!strcmp(name, "arm32") || !strcmp(name, "armhf"))
		return CMASIM_ARCH_ARM;
	for (int i = 0; i < CMASIM_ARCH_COUNT; i++)
		if (!strcmp(name, arch_profiles[i].name))
			return i;
	return -1;
}

int cms_kernel_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < CMASIM_KERNEL_COUNT; i++)
		if (!strcmp(name, version_profiles[i].name))
			return i;
	return -1;
}
