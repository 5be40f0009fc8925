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
		.zone_dma_bits = 24,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_X86, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_PARSE_MEMOPT,
		.zone_dma_bits_fixed = true,
		.kernel_image_phys = UINT64_C(16) << 20,
		.boot_allocs_modelled = true,
	},
	[CMASIM_ARCH_ARM64_4K] = {
		.arch = CMASIM_ARCH_ARM64_4K, .name = "arm64-4k",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
	},
	[CMASIM_ARCH_ARM64_16K] = {
		.arch = CMASIM_ARCH_ARM64_16K, .name = "arm64-16k",
		.page_shift = 14, .hpage_pmd_order = 11, .phys_64bit = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
	},
	[CMASIM_ARCH_ARM64_64K] = {
		.arch = CMASIM_ARCH_ARM64_64K, .name = "arm64-64k",
		.page_shift = 16, .hpage_pmd_order = 13, .phys_64bit = true,
		.zone_dma_bits = 32,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 2048,
		.bits_per_long = 64, .mem_param = CMS_MEM_LIMIT,
	},
	[CMASIM_ARCH_ARM] = {
		.arch = CMASIM_ARCH_ARM, .name = "arm",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = false,
		.zone_dma_bits = 0,
		/* 3G/1G split, vmalloc=240M default: 760 MiB of lowmem */
		.lowmem_size = UINT64_C(760) << 20,
		/* dma, boot */
		.setup_arch = CMS_SETUP_ARCH_ARM64, .command_line_size = 1024,
		.bits_per_long = 32, .mem_param = CMS_MEM_BANKS,
	},
};

static const struct cms_version_profile version_profiles[CMASIM_KERNEL_COUNT] = {
	[CMASIM_KERNEL_6_1] = {
		.kernel = CMASIM_KERNEL_6_1, .name = "6.1",
		.max_order_exclusive = true, .cma_log_node = false,
		.has_numa_cma = false, .claim_then_steal = false,
		.has_promo_wmark = false,
		/* dma, boot */
		.dma_numa_cma = false, .dma32_pool_max_zone_dma = false,
		.cma_alloc_null_traced = false,
		.dma_direct_retry_frees_contiguous = true,
		.numa_cleanup_to_dram = false,
		.large_hash_says_hugepage = false,
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
		},
	},
	[CMASIM_KERNEL_6_12] = {
		.kernel = CMASIM_KERNEL_6_12, .name = "6.12",
		.max_order_exclusive = false, .cma_log_node = true,
		.has_numa_cma = true, .claim_then_steal = true,
		.has_promo_wmark = true,
		/* dma, boot */
		.dma_numa_cma = true, .dma32_pool_max_zone_dma = true,
		.cma_alloc_null_traced = true,
		.dma_direct_retry_frees_contiguous = false,
		.numa_cleanup_to_dram = true,
		.large_hash_says_hugepage = true,
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
		},
	},
};

const struct cms_arch_profile *cms_arch_profile(enum cmasim_arch arch)
{
	return &arch_profiles[arch];
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
