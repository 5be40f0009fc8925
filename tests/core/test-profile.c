// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/profile.c: the architecture and kernel-version
 * profiles, and the geometry an instance derives from them (page size,
 * largest buddy order, pageblock order).  The expected numbers are the
 * kernel's:
 *  - PAGE_SHIFT and PMD_SHIFT of each arch (arm64: 4K/16K/64K granules
 *    resolve 9/11/13 bits per level, so a PMD maps 2 MiB/32 MiB/512 MiB);
 *  - MAX_ORDER: 6.1 counts it exclusively (include/linux/mmzone.h: 11 on
 *    x86; arm64 ARCH_FORCE_MAX_ORDER 11/12/14 for 4K/16K/64K), 6.12
 *    inclusively (MAX_PAGE_ORDER 10; arm64 10/11/13);
 *  - pageblock_order = min(HUGETLB_PAGE_ORDER, largest order)
 *    (include/linux/pageblock-flags.h), the largest order without
 *    HUGETLB_PAGE on 6.1;
 *  - ZONE_DMA: x86 MAX_DMA_PFN is 16 MiB (24 bits), arm64 caps
 *    zone_dma_bits at 32 (arch/arm64/mm/init.c zone_sizes_init()).
 * Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/profile.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MiB (UINT64_C(1) << 20)

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

static bool is_v61(void **state)
{
	return cmasim_get_kernel(*state) == CMASIM_KERNEL_6_1;
}

/* ---- Arch profiles ---- */

/*
 *   page 4K | PMD 2M = 2^9 pages | ZONE_DMA [0, 16M) = 24 bits
 * Expect x86_64: 4 KiB pages, HPAGE_PMD_ORDER 9, 64-bit phys_addr_t,
 * ZONE_DMA below 16 MiB.
 */
static void test_arch_profile_x86_64(void **state)
{
	const struct cms_arch_profile *a = cms_arch_profile(CMASIM_ARCH_X86_64);

	(void)state;
	assert_int_equal(a->arch, CMASIM_ARCH_X86_64);
	assert_string_equal(a->name, "x86_64");
	assert_int_equal(a->page_shift, 12);
	assert_int_equal(a->hpage_pmd_order, 9);
	assert_true(a->phys_64bit);
	assert_int_equal(a->zone_dma_bits, 24);
	assert_int_equal(a->lowmem_size, 0);
}

/*
 *   granule  page   PMD            ZONE_DMA
 *   4K       2^12   2^21 (order 9)  < 4G
 *   16K      2^14   2^25 (order 11) < 4G
 *   64K      2^16   2^29 (order 13) < 4G
 * Expect the three arm64 granules' page and PMD sizes, 64-bit phys and
 * zone_dma_bits at its cap of 32.
 */
static void test_arch_profile_arm64_granules(void **state)
{
	static const struct {
		enum cmasim_arch arch;
		const char *name;
		unsigned int shift, pmd_order;
	} want[] = {
		{ CMASIM_ARCH_ARM64_4K, "arm64-4k", 12, 9 },
		{ CMASIM_ARCH_ARM64_16K, "arm64-16k", 14, 11 },
		{ CMASIM_ARCH_ARM64_64K, "arm64-64k", 16, 13 },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(want); i++) {
		const struct cms_arch_profile *a =
			cms_arch_profile(want[i].arch);

		assert_int_equal(a->arch, want[i].arch);
		assert_string_equal(a->name, want[i].name);
		assert_int_equal(a->page_shift, want[i].shift);
		assert_int_equal(a->hpage_pmd_order, want[i].pmd_order);
		/* a PMD table page holds 2^(shift - 3) 8-byte entries */
		assert_int_equal(a->page_shift + a->hpage_pmd_order,
				 2 * a->page_shift - 3);
		assert_true(a->phys_64bit);
		assert_int_equal(a->zone_dma_bits, 32);
		assert_int_equal(a->lowmem_size, 0);
	}
}

/*
 * The arm64 page-table geometry the boot model counts tables with:
 *   4K  48-bit VA: PGD | PUD 39 | PMD 30 | PTE 21
 *   16K 47-bit VA: PGD | PMD 36 | PTE 25
 *   64K 48-bit VA: PGD | PMD 42 | PTE 29
 * Expect each level to span 2^(page_shift - 3) of the next, the last to
 * be a PMD block, VA bits above the top table, and hugetlb_cma's
 * gigantic order (PUD with 4K, contiguous PMDs with 16K and 64K).
 */
static void test_arch_profile_arm64_pgtables(void **state)
{
	static const struct {
		enum cmasim_arch arch;
		unsigned int levels, va_bits, gigantic_order;
	} want[] = {
		{ CMASIM_ARCH_ARM64_4K, 3, 48, 18 },
		{ CMASIM_ARCH_ARM64_16K, 2, 47, 16 },
		{ CMASIM_ARCH_ARM64_64K, 2, 48, 18 },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(want); i++) {
		const struct cms_arch_profile *a =
			cms_arch_profile(want[i].arch);
		unsigned int n = 0;

		while (n < NR_OF(a->pgtable_shifts) && a->pgtable_shifts[n])
			n++;
		assert_int_equal(n, want[i].levels);
		assert_int_equal(a->pgtable_shifts[n - 1],
				 a->page_shift + a->hpage_pmd_order);
		for (unsigned int l = 1; l < n; l++)
			assert_int_equal(a->pgtable_shifts[l - 1] -
					 a->pgtable_shifts[l],
					 a->page_shift - 3);
		assert_true(a->pgtable_shifts[0] + a->page_shift - 3 >=
			    want[i].va_bits);
		assert_int_equal(a->linear_region_shift + 1, want[i].va_bits);
		assert_int_equal(a->hugetlb_cma_order, want[i].gigantic_order);
		assert_int_equal(a->hugetlb_cma_call, CMS_HUGETLB_CMA_ALWAYS);
		assert_true(a->boot_allocs_modelled);
	}
	assert_int_equal(cms_arch_profile(CMASIM_ARCH_X86_64)->hugetlb_cma_call,
			 CMS_HUGETLB_CMA_GBPAGES);
	assert_int_equal(cms_arch_profile(CMASIM_ARCH_ARM)->hugetlb_cma_call,
			 CMS_HUGETLB_CMA_NEVER);
}

/*
 * Expect a capture-kernel build for x86_64 (the version's) and each arm64
 * granule on both versions, none for 32-bit arm, and the arm64 builds'
 * image inside its alias start and 2 MiB load offset.
 */
static void test_kernel_builds(void **state)
{
	(void)state;
	for (int k = 0; k < CMASIM_KERNEL_COUNT; k++) {
		assert_ptr_equal(cms_kernel_build(CMASIM_ARCH_X86_64, k),
				 &cms_version_profile(k)->build);
		assert_null(cms_kernel_build(CMASIM_ARCH_ARM, k));
		for (int a = CMASIM_ARCH_ARM64_4K; a <= CMASIM_ARCH_ARM64_64K;
		     a++) {
			const struct cms_kernel_build *f =
				cms_kernel_build(a, k);

			assert_non_null(f);
			assert_true(f->image_offset >= 0x200000);
			assert_true(f->alias_offset >= 0x200000);
			assert_true(f->alias_offset + f->alias_bytes <=
				    f->image_offset + f->image_bytes);
			assert_true(f->node_data_bytes > 0);
			assert_true(f->pcpu_embedded_pages > 0);
			assert_true(f->mem_section_bytes == 32);
		}
	}
}

/*
 *   0xc0000000        0xef800000 | vmalloc 248M | 0xff800000
 *   [ lowmem 760 MiB  ]
 * Expect 32-bit arm: 4 KiB pages, a 32-bit phys_addr_t (no LPAE), no
 * ZONE_DMA, and 760 MiB of lowmem on the 3G/1G split with vmalloc=240M.
 */
static void test_arch_profile_arm(void **state)
{
	const struct cms_arch_profile *a = cms_arch_profile(CMASIM_ARCH_ARM);

	(void)state;
	assert_int_equal(a->arch, CMASIM_ARCH_ARM);
	assert_string_equal(a->name, "arm");
	assert_int_equal(a->page_shift, 12);
	assert_false(a->phys_64bit);
	assert_int_equal(a->zone_dma_bits, 0);
	assert_int_equal(a->lowmem_size, 760 * MiB);
}

/* ---- Version profiles ---- */

/*
 *   6.1:  MAX_ORDER 11 = orders 0..10   "cma: Reserved 64 MiB at %pa"
 *   6.12: MAX_PAGE_ORDER 10 = 0..10     "... at %pa on node %d", numa_cma=
 * Expect the version profile of the group's kernel: 6.1 counts MAX_ORDER
 * exclusively and has neither the node in the CMA line, numa_cma= (6.6)
 * nor __rmqueue_claim/__rmqueue_steal; 6.12 has all three.
 */
static void test_version_profile_flags(void **state)
{
	bool v61 = is_v61(state);
	enum cmasim_kernel k = v61 ? CMASIM_KERNEL_6_1 : CMASIM_KERNEL_6_12;
	const struct cms_version_profile *v = cms_version_profile(k);

	assert_int_equal(v->kernel, k);
	assert_string_equal(v->name, v61 ? "6.1" : "6.12");
	assert_int_equal(v->max_order_exclusive, v61);
	assert_int_equal(v->cma_log_node, !v61);
	assert_int_equal(v->has_numa_cma, !v61);
	assert_int_equal(v->claim_then_steal, !v61);
	assert_int_equal(v->pageblock_order_thp, !v61);
	assert_int_equal(v->pcp_thp_pmd_order, !v61);
	/* the instance points at the same profile */
	assert_ptr_equal(((struct cmasim *)*state)->ver, v);
}

/* ---- Instance geometry ---- */

struct geometry {
	const char *arch;
	uint64_t page_size;
	unsigned int max_order_61, max_order_612;
	unsigned int pb_order_61, pb_order_612;
};

/*
 *   arch       page  largest order (6.1 / 6.12)  pageblock (6.1 / 6.12)
 *   x86_64     4K    10 / 10 (4 MiB)             9 / 9 (2 MiB)
 *   arm64-4k   4K    10 / 10                     9 / 9
 *   arm64-16k  16K   11 / 11 (32 MiB)           11 / 11 (32 MiB)
 *   arm64-64k  64K   13 / 13 (512 MiB)          13 / 13 (512 MiB)
 *   arm        4K    10 / 10                    10 / 10 (no HUGETLB_PAGE)
 * Expect each arch's default geometry through the public getters.
 */
static void test_instance_geometry_per_arch(void **state)
{
	static const struct geometry want[] = {
		{ "x86_64", 4096, 10, 10, 9, 9 },
		{ "arm64-4k", 4096, 10, 10, 9, 9 },
		{ "arm64-16k", 16384, 11, 11, 11, 11 },
		{ "arm64-64k", 65536, 13, 13, 13, 13 },
		{ "arm", 4096, 10, 10, 10, 10 },
	};
	bool v61 = is_v61(state);

	for (size_t i = 0; i < NR_OF(want); i++) {
		struct cmasim *sim = tst_sim_new(want[i].arch,
						 tst_kernel_name(*state), NULL);

		assert_int_equal(cmasim_page_size(sim), want[i].page_size);
		assert_int_equal(cmasim_max_page_order(sim),
				 v61 ? want[i].max_order_61 :
				       want[i].max_order_612);
		assert_int_equal(cmasim_pageblock_order(sim),
				 v61 ? want[i].pb_order_61 :
				       want[i].pb_order_612);
		assert_int_equal(sim->nr_orders,
				 cmasim_max_page_order(sim) + 1);
		tst_sim_free(sim);
	}
}

/*
 *   6.1:  ARCH_FORCE_MAX_ORDER=12 -> orders 0..11;  =9 -> 0..8
 *   6.12: ARCH_FORCE_MAX_ORDER=12 -> orders 0..12;  =8 -> 0..8
 * Expect the knob read in the version's own meaning on arm64-4k, and the
 * pageblock order clamped to the largest order when that is below 9.
 */
static void test_instance_force_max_order(void **state)
{
	bool v61 = is_v61(state);
	const char *k = tst_kernel_name(*state);
	struct cmasim *big = tst_sim_new("arm64", k, "ARCH_FORCE_MAX_ORDER=12",
					 NULL);
	struct cmasim *small = tst_sim_new("arm64", k, v61 ?
					   "ARCH_FORCE_MAX_ORDER=9" :
					   "ARCH_FORCE_MAX_ORDER=8", NULL);
	int64_t v = 0;

	assert_int_equal(cmasim_max_page_order(big), v61 ? 11 : 12);
	assert_int_equal(cmasim_pageblock_order(big), 9);
	assert_int_equal(cmasim_get_knob(big, "ARCH_FORCE_MAX_ORDER", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(cmasim_max_page_order(small), 8);
	assert_int_equal(cmasim_pageblock_order(small), 8);
	tst_sim_free(big);
	tst_sim_free(small);
}

/*
 *   arm64 default ARCH_FORCE_MAX_ORDER: 6.1 11/12/14, 6.12 10/11/13
 * Expect the knob's default per granule in the version's meaning.
 */
static void test_instance_force_max_order_defaults(void **state)
{
	static const char *const arches[] = { "arm64-4k", "arm64-16k",
					      "arm64-64k" };
	static const int64_t v61_def[] = { 11, 12, 14 };
	static const int64_t v612_def[] = { 10, 11, 13 };
	bool v61 = is_v61(state);

	for (size_t i = 0; i < NR_OF(arches); i++) {
		struct cmasim *sim = tst_sim_new(arches[i],
						 tst_kernel_name(*state), NULL);
		int64_t v = 0;

		assert_int_equal(cmasim_get_knob(sim, "ARCH_FORCE_MAX_ORDER",
						 &v), 0);
		assert_int_equal(v, v61 ? v61_def[i] : v612_def[i]);
		tst_sim_free(sim);
	}
}

/*
 *   x86: no ARCH_FORCE_MAX_ORDER in arch/x86/Kconfig
 * Expect the knob refused on x86_64 (-EOPNOTSUPP) and absent from the
 * instance.
 */
static void test_x86_has_no_force_max_order(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	int64_t v = 0;

	assert_non_null(cfg);
	assert_errno(cmasim_config_set(cfg, "ARCH_FORCE_MAX_ORDER", "12"),
		     -EOPNOTSUPP);
	cmasim_config_destroy(cfg);
	assert_errno(cmasim_get_knob(*state, "ARCH_FORCE_MAX_ORDER", &v),
		     -EOPNOTSUPP);
}

/*
 *   6.1, !HUGETLB_PAGE: pageblock_order = MAX_ORDER - 1 = 10 (4 MiB)
 * Expect 6.1 without HUGETLB_PAGE to group by the largest buddy block.
 */
static void test_instance_no_hugetlb_61(void **state)
{
	struct cmasim *sim;

	if (!is_v61(state))
		return;	/* 6.12 has a THP branch: the next test */
	sim = tst_sim_new(NULL, "6.1", "HUGETLB_PAGE=n", NULL);
	assert_int_equal(cmasim_max_page_order(sim), 10);
	assert_int_equal(cmasim_pageblock_order(sim), 10);
	tst_sim_free(sim);
}

/* ---- Names ---- */

struct name_case {
	const char *name;
	int want;
};

/*
 *   "x86_64" "x86-64" "amd64"              -> x86_64
 *   "arm64" "aarch64" "arm64-4k"           -> arm64, 4K pages
 *   "arm64-16k" / "arm64-64k"              -> 16K / 64K pages
 *   "arm" "arm32" "armhf"                  -> 32-bit arm
 * Expect every documented name and alias parsed, and unknown, empty,
 * differently cased or NULL names refused with -1.
 */
static void test_arch_parse_names_and_aliases(void **state)
{
	static const struct name_case cases[] = {
		{ "x86_64", CMASIM_ARCH_X86_64 },
		{ "x86-64", CMASIM_ARCH_X86_64 },
		{ "amd64", CMASIM_ARCH_X86_64 },
		{ "arm64", CMASIM_ARCH_ARM64_4K },
		{ "aarch64", CMASIM_ARCH_ARM64_4K },
		{ "arm64-4k", CMASIM_ARCH_ARM64_4K },
		{ "arm64-16k", CMASIM_ARCH_ARM64_16K },
		{ "arm64-64k", CMASIM_ARCH_ARM64_64K },
		{ "arm", CMASIM_ARCH_ARM },
		{ "arm32", CMASIM_ARCH_ARM },
		{ "armhf", CMASIM_ARCH_ARM },
		{ "", -1 }, { "X86_64", -1 }, { "x86", -1 }, { "i386", -1 },
		{ "arm64-8k", -1 }, { "arm64-4K", -1 }, { "arm64 ", -1 },
		{ "riscv64", -1 },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(cases); i++)
		if (cms_arch_parse(cases[i].name) != cases[i].want)
			fail_msg("arch \"%s\": %d, expected %d", cases[i].name,
				 cms_arch_parse(cases[i].name), cases[i].want);
	assert_int_equal(cms_arch_parse(NULL), -1);
}

/*
 *   "6.1" -> 6.1   "6.12" -> 6.12   anything else -> -1
 * Expect only the two modelled versions, spelled exactly.
 */
static void test_kernel_parse_names(void **state)
{
	static const struct name_case cases[] = {
		{ "6.1", CMASIM_KERNEL_6_1 }, { "6.12", CMASIM_KERNEL_6_12 },
		{ "", -1 }, { "6", -1 }, { "6.2", -1 }, { "6.10", -1 },
		{ "6.12.0", -1 }, { "6.1.192", -1 }, { "v6.1", -1 },
		{ "6.12 ", -1 }, { "5.10", -1 },
	};

	(void)state;
	for (size_t i = 0; i < NR_OF(cases); i++)
		if (cms_kernel_parse(cases[i].name) != cases[i].want)
			fail_msg("kernel \"%s\": %d, expected %d",
				 cases[i].name, cms_kernel_parse(cases[i].name),
				 cases[i].want);
	assert_int_equal(cms_kernel_parse(NULL), -1);
}

/*
 *   cmasim_config_set_arch("sparc")   -> -EINVAL, message names it
 *   cmasim_config_set_kernel("6.6")   -> -EINVAL, message names it
 * Expect unknown names refused through the public calls with a message,
 * and the configuration's previous choice kept.
 */
static void test_config_unknown_names(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_arch(cfg, "arm64-16k"), 0);
	assert_errno(cmasim_config_set_arch(cfg, "sparc"), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "'sparc'"));
	assert_errno(cmasim_config_set_arch(cfg, NULL), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "(null)"));
	assert_int_equal(cmasim_config_set_kernel(cfg, "6.1"), 0);
	assert_errno(cmasim_config_set_kernel(cfg, "6.6"), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "'6.6'"));
	assert_errno(cmasim_config_set_kernel(cfg, NULL), -EINVAL);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	assert_int_equal(cmasim_get_arch(sim), CMASIM_ARCH_ARM64_16K);
	assert_int_equal(cmasim_get_kernel(sim), CMASIM_KERNEL_6_1);
	assert_int_equal(cmasim_page_size(sim), 16384);
	tst_sim_free(sim);
	cmasim_config_destroy(cfg);
}

/*
 *   new config -> x86_64, Linux 6.12
 * Expect the documented defaults of a fresh configuration.
 */
static void test_config_default_profiles(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	assert_int_equal(cmasim_get_arch(sim), CMASIM_ARCH_X86_64);
	assert_int_equal(cmasim_get_kernel(sim), CMASIM_KERNEL_6_12);
	assert_int_equal(cmasim_page_size(sim), 4096);
	tst_sim_free(sim);
	cmasim_config_destroy(cfg);
}

/*
 *   6.12, !HUGETLB_PAGE, TRANSPARENT_HUGEPAGE (Debian: madvise):
 *   pageblock_order = min(HPAGE_PMD_ORDER, MAX_PAGE_ORDER) = 9 (2 MiB)
 * Expect 6.12 to take the THP branch of pageblock-flags.h (the simulator
 * models THP as on for the 64-bit profiles: khugepaged raises
 * min_free_kbytes), not MAX_PAGE_ORDER.
 */
static void test_instance_no_hugetlb_612_thp(void **state)
{
	struct cmasim *sim;

	if (is_v61(state))
		return;
	sim = tst_sim_new(NULL, "6.12", "HUGETLB_PAGE=n", NULL);
	assert_int_equal(cmasim_max_page_order(sim), 10);
	assert_int_equal(cmasim_pageblock_order(sim), 9);
	tst_sim_free(sim);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_arch_profile_x86_64),
	T(test_arch_profile_arm64_granules),
	T(test_arch_profile_arm64_pgtables),
	T(test_kernel_builds),
	T(test_arch_profile_arm),
	T(test_version_profile_flags),
	T(test_instance_geometry_per_arch),
	T(test_instance_force_max_order),
	T(test_instance_force_max_order_defaults),
	T(test_x86_has_no_force_max_order),
	T(test_instance_no_hugetlb_61),
	T(test_instance_no_hugetlb_612_thp),
	T(test_arch_parse_names_and_aliases),
	T(test_kernel_parse_names),
	T(test_config_unknown_names),
	T(test_config_default_profiles),
};

int main(void)
{
	return tst_run_per_version("profile", tests, NR_OF(tests));
}
