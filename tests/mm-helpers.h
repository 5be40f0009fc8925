/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the page-allocator tests: boot the zones and the buddy
 * allocator from explicit memory/reserved ranges given to memblock, and
 * fingerprint the allocator state.
 */
#ifndef TST_MM_HELPERS_H
#define TST_MM_HELPERS_H

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* A physical range of memory (with its node) or a reservation. */
struct tst_range {
	uint64_t base, size;
	int nid;
};

/*
 * memblock_add_node() each of @mem and memblock_reserve() each of @rsv,
 * as setup_arch would; fails the test on error.
 */
static inline void tst_memblock(struct cmasim *sim,
				const struct tst_range *mem, size_t nr_mem,
				const struct tst_range *rsv, size_t nr_rsv)
{
	for (size_t i = 0; i < nr_mem; i++)
		assert_int_equal(cms_memblock_add_node(sim, mem[i].base,
						       mem[i].size, mem[i].nid,
						       0, "test"), 0);
	for (size_t i = 0; i < nr_rsv; i++)
		assert_int_equal(cms_memblock_reserve(sim, rsv[i].base,
						      rsv[i].size, "test"), 0);
}

/* free_area_init and memblock_free_all over what memblock holds. */
static inline void tst_mm_up(struct cmasim *sim)
{
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
}

/*
 * cma_init_reserved_mem() of a CMA area @name over [@base, @base +
 * @size), which memblock must already reserve: it counts in
 * totalcma_pages from here on, as in the kernel.
 */
static inline struct cmasim_cma *tst_cma_area(struct cmasim *sim,
					      uint64_t base, uint64_t size,
					      const char *name)
{
	struct cmasim_cma *a = NULL;

	assert_int_equal(cms_cma_init_reserved_mem(sim, base, size, 0, name,
						   &a, NULL), 0);
	return a;
}

/* memblock from ranges, free_area_init, memblock_free_all. */
static inline void tst_mm_boot(struct cmasim *sim,
			       const struct tst_range *mem, size_t nr_mem,
			       const struct tst_range *rsv, size_t nr_rsv)
{
	tst_memblock(sim, mem, nr_mem, rsv, nr_rsv);
	tst_mm_up(sim);
}

/*
 * A small x86_64 machine: 64 MiB, the first MiB reserved (as x86 does),
 * page 0 absent.  Zones: DMA [4K, 16M), DMA32 [16M, 64M).
 */
static inline struct cmasim *tst_small_x86(const char *kernel)
{
	static const struct tst_range mem[] = {
		{ 0x1000, 0x9e000, 0 },
		{ 0x100000, 64 * MiB - 0x100000, 0 },
	};
	static const struct tst_range rsv[] = {
		{ 0, 0x100000, 0 },
	};
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	tst_mm_boot(sim, mem, 2, rsv, 1);
	return sim;
}

/* cmocka setup: tst_small_x86() of the version in *state (per-version). */
static inline int tst_setup_small_x86(void **state)
{
	*state = tst_small_x86(tst_state_version(state));
	return 0;
}

/* Zone @type of node @nid. */
static inline struct cms_zone *tst_zone(struct cmasim *sim, int nid,
					enum cms_zone_type type)
{
	for (int j = 0; j < sim->mm->nr_zones; j++)
		if (sim->mm->nodes[nid].zones[j].type == type)
			return &sim->mm->nodes[nid].zones[j];
	fail_msg("no zone type %d", type);
	return NULL;
}

/* Free blocks of @order on @mt's list of @z. */
static inline uint64_t tst_nr_free(struct cms_zone *z, unsigned int order,
				   int mt)
{
	return z->area[order].list[mt].nr;
}

static inline int tst_pb(struct cmasim *sim, uint64_t pfn)
{
	return cmasim_pageblock_migratetype(sim, pfn);
}

/*
 * FNV-1a over the memmap, pageblocks and counters of every zone, the
 * order of every free and per-cpu list, the first per-cpu set's count
 * and free factor, and the vm events.  The memmap is read page by page
 * as the library sees it (cms_zone_page_peek), without list links, so
 * that materialising an untouched section changes no hash.
 */
static inline uint64_t tst_mm_hash(struct cmasim *sim)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	struct cms_node *n;
	struct cms_zone *z;

#define TST_MIX(ptr, len)						\
	do {								\
		const unsigned char *b_ = (const unsigned char *)(ptr);	\
		for (size_t k_ = 0; k_ < (len); k_++)			\
			h = (h ^ b_[k_]) * UINT64_C(0x100000001b3);	\
	} while (0)
	cms_for_each_zone(sim->mm, n, z) {
		if (!z->spanned)
			continue;
		for (uint64_t pfn = z->start_pfn;
		     pfn < z->start_pfn + z->spanned; pfn++) {
			struct cms_page p;
			unsigned int st;

			cms_zone_page_peek(z, pfn, &p);
			st = cms_page_state(&p);
			p.flags &= CMS_PGF_LOW_MASK;
			if (st == CMS_PG_BUDDY || st == CMS_PG_PCP)
				p.a = 0, p.b = 0;
			TST_MIX(&p, sizeof(p));
		}
		TST_MIX(z->pb, z->nr_pb);
		TST_MIX(z->vm, sizeof(z->vm));
		for (unsigned int o = 0; o < sim->nr_orders; o++) {
			TST_MIX(&z->area[o].nr_free, sizeof(uint64_t));
			for (int mt = 0; mt < CMS_MIGRATE_TYPES; mt++) {
				uint64_t i = z->area[o].list[mt].head;

				TST_MIX(&z->area[o].list[mt].nr, sizeof(uint64_t));
				while (i != CMS_NIL) {
					if (i & CMS_RUN_BIT) {
						const struct cms_run *r =
							&z->runs[i & ~CMS_RUN_BIT];

						for (uint64_t k = 0; k < r->nr; k++) {
							uint64_t b = r->first +
								(k << z->run_order);

							TST_MIX(&b, sizeof(b));
						}
					} else {
						TST_MIX(&i, sizeof(i));
					}
					i = cms_link_next(z, i);
				}
			}
		}
		for (unsigned int c = 0; c < sim->mm->nr_cpus; c++)
			for (int l = 0; l < CMS_NR_PCP_LISTS; l++)
				for (uint64_t i = z->pcp[c].lists[l].head;
				     i != CMS_NIL; i = cms_link_next(z, i))
					TST_MIX(&i, sizeof(i));
		TST_MIX(&z->pcp[0].count, sizeof(z->pcp[0].count));
		TST_MIX(&z->pcp[0].free_factor, sizeof(z->pcp[0].free_factor));
	}
	TST_MIX(sim->mm->ev, sizeof(sim->mm->ev));
#undef TST_MIX
	return h;
}

/* Allocate and assert success; returns the pfn. */
static inline uint64_t tst_alloc(struct cmasim *sim, unsigned int gfp,
				 unsigned int order)
{
	cmasim_pfn_t pfn = 0;

	assert_errno(cmasim_alloc_pages(sim, gfp, order, CMASIM_NUMA_NO_NODE,
					&pfn), 0);
	return pfn;
}

#endif /* TST_MM_HELPERS_H */
