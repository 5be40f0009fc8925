/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A running machine with a CMA area and the real page allocator, for the
 * runtime tests (contig, migrate, isolate, cma_alloc with pages): memblock
 * ranges, the area declared at a fixed place, free_area_init and
 * memblock_free_all, then cma_init_reserved_areas.
 */
#ifndef TST_RUNTIME_HELPERS_H
#define TST_RUNTIME_HELPERS_H

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define RT_MiB (UINT64_C(1) << 20)

/*
 * @mem_mib of RAM on node 0 (the first MiB reserved as x86 does) and a
 * CMA area "reserved" of @cma_mib at 64 MiB.  Returns the instance;
 * *@area is the area.
 */
static inline struct cmasim *rt_machine(const char *kernel, uint64_t mem_mib,
					uint64_t cma_mib,
					struct cmasim_cma **area,
					const char *knob)
{
	struct cmasim *sim = tst_sim_new(NULL, kernel, "CMA_DEBUG=y", knob, NULL);
	const char *why = NULL;

	assert_int_equal(cms_memblock_add_node(sim, 0x1000, 0x9f000 - 0x1000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_add_node(sim, 0x100000, mem_mib * RT_MiB - 0x100000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_reserve(sim, 0, 0x100000, "t"), 0);
	assert_int_equal(cms_cma_declare_contiguous_nid(sim, 64 * RT_MiB, cma_mib * RT_MiB,
							0, 0, 0, true, "reserved",
							area, CMASIM_NUMA_NO_NODE,
							&why), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	assert_true((*area)->activated);
	assert_int_equal(cmasim_check(sim), 0);
	cmasim_dmesg_clear(sim);
	return sim;
}

/* Free pages of the zone holding @pfn (NR_FREE_PAGES, NR_FREE_CMA_PAGES). */
static inline int64_t rt_free(struct cmasim *sim, uint64_t pfn, bool cma)
{
	struct cms_zone *z = cms_pfn_zone(sim, pfn);

	return z->vm[cma ? CMS_ZS_NR_FREE_CMA_PAGES : CMS_ZS_NR_FREE_PAGES];
}

static inline struct cms_page *rt_page(struct cmasim *sim, uint64_t pfn)
{
	return cms_zone_page(cms_pfn_zone(sim, pfn), pfn);
}

/*
 * cmocka setup of a per-version test: the 256 MiB machine with its
 * 32 MiB area "reserved" (pfns [0x4000, 0x6000)) for the version in
 * *@state; tst_teardown_checked() checks and destroys it.
 */
static inline int rt_setup(void **state)
{
	struct cmasim_cma *area;

	*state = rt_machine(tst_state_version(state), 256, 32, &area, NULL);
	return 0;
}

/* The area "reserved" of an rt_machine(). */
static inline struct cmasim_cma *rt_area(struct cmasim *sim)
{
	struct cmasim_cma *c = cmasim_cma_find(sim, "reserved");

	assert_non_null(c);
	return c;
}

static inline void rt_check(struct cmasim *sim)
{
	if (cmasim_check(sim)) {
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(sim, i, NULL));
		fail_msg("cmasim_check() failed");
	}
}

#endif /* TST_RUNTIME_HELPERS_H */
