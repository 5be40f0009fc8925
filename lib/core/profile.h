/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Architecture and kernel-version profiles: the data that differs between
 * x86_64, arm64 and 32-bit arm, and between Linux 6.1 and 6.12.  Every
 * version- or arch-dependent rule reads these, never an #ifdef.
 */
#ifndef CMS_PROFILE_H
#define CMS_PROFILE_H

#include <cmasim/types.h>

struct cms_arch_profile {
	enum cmasim_arch arch;
	const char *name;
	unsigned int page_shift;
	/* PMD_SHIFT - PAGE_SHIFT: HPAGE_PMD_ORDER / HUGETLB_PAGE_ORDER */
	unsigned int hpage_pmd_order;
	/* phys_addr_t is 64-bit (arm32 without LPAE: 32-bit) */
	bool phys_64bit;
	/* ZONE_DMA width in address bits (x86_64 24; arm64 up to 32) */
	unsigned int zone_dma_bits;
	/* arm32: default lowmem size (vmalloc=240M on a 3G/1G split) */
	uint64_t lowmem_size;
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
	/* promo watermark (memory tiering), 6.12 */
	bool has_promo_wmark;
};

const struct cms_arch_profile *cms_arch_profile(enum cmasim_arch arch);
const struct cms_version_profile *cms_version_profile(enum cmasim_kernel k);
/* Parse "x86_64", "arm64", "arm64-16k", ... / "6.1", "6.12"; -1 if unknown. */
int cms_arch_parse(const char *name);
int cms_kernel_parse(const char *name);

#endif /* CMS_PROFILE_H */
