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

/* What the mem= early parameter does on the arch. */
enum cms_mem_param {
	CMS_MEM_PARSE_MEMOPT = 0, /* x86 parse_memopt: e820 RAM removed */
	CMS_MEM_LIMIT,		/* arm64 early_mem: memory_limit */
	CMS_MEM_BANKS,		/* arm early_mem: each adds a bank */
};

/*
 * The capture kernels' build (Debian configs, x86_64, one CPU): the sizes
 * the boot model takes from the kernel rather than from the machine.
 */
struct cms_kernel_build {
	/* _text.._end, loaded at 16 MiB without KASLR (first memblock dump) */
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
};

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
	 * A machine built without a log gets the capture kernels' boot-time
	 * memblock allocations (boot_alloc.c), image sizes and late frees:
	 * only x86_64 was measured.
	 */
	bool boot_allocs_modelled;
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
	/* alloc_large_system_hash() says "vmalloc hugepage" when huge (6.12) */
	bool large_hash_says_hugepage;
	struct cms_kernel_build build;
};

const struct cms_arch_profile *cms_arch_profile(enum cmasim_arch arch);
const struct cms_version_profile *cms_version_profile(enum cmasim_kernel k);
/* Parse "x86_64", "arm64", "arm64-16k", ... / "6.1", "6.12"; -1 if unknown. */
int cms_arch_parse(const char *name);
int cms_kernel_parse(const char *name);

#endif /* CMS_PROFILE_H */
