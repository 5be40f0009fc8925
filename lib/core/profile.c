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
	},
	[CMASIM_ARCH_ARM64_4K] = {
		.arch = CMASIM_ARCH_ARM64_4K, .name = "arm64-4k",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = true,
		.zone_dma_bits = 32,
	},
	[CMASIM_ARCH_ARM64_16K] = {
		.arch = CMASIM_ARCH_ARM64_16K, .name = "arm64-16k",
		.page_shift = 14, .hpage_pmd_order = 11, .phys_64bit = true,
		.zone_dma_bits = 32,
	},
	[CMASIM_ARCH_ARM64_64K] = {
		.arch = CMASIM_ARCH_ARM64_64K, .name = "arm64-64k",
		.page_shift = 16, .hpage_pmd_order = 13, .phys_64bit = true,
		.zone_dma_bits = 32,
	},
	[CMASIM_ARCH_ARM] = {
		.arch = CMASIM_ARCH_ARM, .name = "arm",
		.page_shift = 12, .hpage_pmd_order = 9, .phys_64bit = false,
		.zone_dma_bits = 0,
		/* 3G/1G split, vmalloc=240M default: 760 MiB of lowmem */
		.lowmem_size = UINT64_C(760) << 20,
	},
};

static const struct cms_version_profile version_profiles[CMASIM_KERNEL_COUNT] = {
	[CMASIM_KERNEL_6_1] = {
		.kernel = CMASIM_KERNEL_6_1, .name = "6.1",
		.max_order_exclusive = true, .cma_log_node = false,
		.has_numa_cma = false, .claim_then_steal = false,
		.has_promo_wmark = false,
	},
	[CMASIM_KERNEL_6_12] = {
		.kernel = CMASIM_KERNEL_6_12, .name = "6.12",
		.max_order_exclusive = false, .cma_log_node = true,
		.has_numa_cma = true, .claim_then_steal = true,
		.has_promo_wmark = true,
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
