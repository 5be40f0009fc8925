// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for the run-time half of lib/dma/contiguous.c (and the devices of
 * lib/dma/mapping.c): simulated devices and the routing of
 * dma_alloc_contiguous() / dma_free_contiguous() /
 * dma_alloc_from_contiguous() over a device area, per-node areas and the
 * default area, for 6.1 (DMA_PERNUMA_CMA) and 6.12 (DMA_NUMA_CMA).  The
 * areas are reserved by the real dma_contiguous_reserve() on a two-node
 * memblock layout (captures s29/s45) and activated over the page
 * allocator after the handover.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define M(x) ((uint64_t)(x) << 20)
#define G(x) ((uint64_t)(x) << 30)

struct fixture {
	struct cmasim *sim;
};

/*
 * Two 1 GiB nodes; cma=64M (default area, below 4 GiB on node 0 or 1),
 * a 16 MiB per-node area on node 1 ("numa1" on 6.12 via numa_cma=1:16M,
 * "pernuma1" on 6.1 via cma_pernuma=16M, which also gives "pernuma0").
 */
static void fx_boot(struct fixture *f, const char *kernel)
{
	bool v61 = !strcmp(kernel, "6.1");
	struct cms_dma_cmdline *cl;

	memset(f, 0, sizeof(*f));
	f->sim = tst_sim_new(NULL, kernel, v61 ? "DMA_PERNUMA_CMA=y" :
			     "DMA_NUMA_CMA=y", NULL);
	assert_int_equal(cms_memblock_add_node(f->sim, 0x1000, 0x9f000 - 0x1000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_add_node(f->sim, 0x100000, G(1) - 0x100000, 0, 0, "t"), 0);
	assert_int_equal(cms_memblock_add_node(f->sim, G(1), G(1) - 0x20000, 1, 0, "t"), 0);
	/* the early parameters, as early_cma() & co leave them */
	cl = &f->sim->dma->cmdline;
	cl->cma_given = true;
	cl->cma_size = M(64);
	if (v61) {
		cl->pernuma_given = true;
		cl->pernuma_size = M(16);
	} else {
		cl->numa_cma_size[1] = M(16);
		cl->numa_cma_given = true;
	}
	if (v61)
		cms_dma_pernuma_cma_reserve(f->sim);
	cms_dma_contiguous_reserve(f->sim, 0x7ffe0000);
	assert_int_equal(cms_free_area_init(f->sim), 0);
	assert_int_equal(cms_mm_free_all(f->sim), 0);
	assert_int_equal(cms_cma_activate_areas(f->sim), 0);
	cmasim_dmesg_clear(f->sim);
}

static void fx_free(struct fixture *f)
{
	tst_sim_free(f->sim);
}

static struct cmasim_device *dev(struct fixture *f, const char *name, int nid)
{
	struct cmasim_device *d = NULL;

	assert_int_equal(cmasim_device_create(f->sim, name, nid, &d), 0);
	return d;
}

static const char *area_name(struct cmasim_cma *c)
{
	return cmasim_cma_get_name(c);
}

/* Expect 6.12 on node 1: numa1 first; node 0 and NO_NODE: the default. */
static void test_dma_alloc_contiguous_routes_numa_612(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	(void)state;
	fx_boot(&f, "6.12");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "n1", 1), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "numa1");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "n0", 0), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "nn", CMASIM_NUMA_NO_NODE), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	fx_free(&f);
}

/* Expect GFP_DMA32 requests to skip the node's areas. */
static void test_dma_alloc_contiguous_zone_flag_skips_node(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	(void)state;
	fx_boot(&f, "6.12");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "n1", 1), M(1),
						     CMASIM_DMA_ZONE_DMA32, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	fx_free(&f);
}

/*
 * numa1 is 16 MiB: a 16 MiB request fits once; the next falls through
 * to the default area.  Expect numa1 then reserved, with numa1's failure
 * logged (no __GFP_NOWARN) and counted (4096 pages).
 */
static void test_dma_alloc_contiguous_node_full_falls_back(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;
	struct cmasim_device *d;

	(void)state;
	fx_boot(&f, "6.12");
	d = dev(&f, "n1", 1);
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, d, M(16), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "numa1");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, d, M(16), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	assert_true(tst_dmesg_has(f.sim, "cma: __cma_alloc: numa1: alloc failed, req-size: 4096 pages, ret: -12"));
	assert_int_equal(cmasim_dma_contiguous_numa_area(f.sim, 1)->nr_pages_failed, 4096);
	fx_free(&f);
}

/* Expect 6.1 to use pernuma%d only (no numa%d areas exist there). */
static void test_dma_alloc_contiguous_routes_pernuma_61(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	(void)state;
	fx_boot(&f, "6.1");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "n1", 1), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "pernuma1");
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, dev(&f, "n0", 0), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "pernuma0");
	fx_free(&f);
}

/* Expect a device area to be used alone: full means failure, no
 * fallback; single pages and atomic requests never use CMA otherwise. */
static void test_dma_alloc_contiguous_device_area_alone(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL, *numa1;
	struct cmasim_device *d;
	cmasim_pfn_t pfn;

	(void)state;
	fx_boot(&f, "6.12");
	numa1 = cmasim_dma_contiguous_numa_area(f.sim, 1);
	d = dev(&f, "own", 0);
	assert_int_equal(cmasim_device_set_cma_area(f.sim, d, numa1), 0);
	/* a single page from the device area is fine */
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, d, 4096, 0, &pfn, &c), 0);
	assert_ptr_equal(c, numa1);
	assert_errno(cmasim_dma_alloc_contiguous(f.sim, d, M(16), CMASIM_DMA_NOWARN, &pfn, &c), -ENOMEM);
	assert_false(tst_dmesg_has(f.sim, "cma: __cma_alloc: numa1: alloc failed, req-size: 4096 pages, ret: -12"));
	assert_errno(cmasim_dma_alloc_contiguous(f.sim, d, M(1), CMASIM_DMA_ATOMIC, &pfn, &c), -EAGAIN);
	d = dev(&f, "plain", 0);
	assert_errno(cmasim_dma_alloc_contiguous(f.sim, d, 4096, 0, &pfn, &c), -ENOENT);
	assert_errno(cmasim_dma_alloc_contiguous(f.sim, d, 4095, 0, &pfn, &c), -EINVAL);
	fx_free(&f);
}

/*
 * size 3 pages: align order min(get_order(12K), 8) = 2.  After one page
 * is taken at the area start, Expect the next 3-page block 4 pages in.
 */
static void test_dma_alloc_contiguous_alignment(void **state)
{
	struct fixture f;
	struct cmasim_device *d;
	cmasim_pfn_t p1, p2;
	struct cmasim_cma *c;

	(void)state;
	fx_boot(&f, "6.12");
	d = dev(&f, "n0", 0);
	assert_int_equal(cmasim_dma_alloc_from_contiguous(f.sim, d, 1, 0, 0, &p1), 0);
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, d, 3 * 4096, 0, &p2, &c), 0);
	assert_int_equal(p2, p1 + 4);
	fx_free(&f);
}

/* Expect dma_alloc_from_contiguous to cap align at CMA_ALIGNMENT (8):
 * 1024 pages at align 10 land 256 pages in, not 1024. */
static void test_dma_alloc_from_contiguous_caps_align(void **state)
{
	struct fixture f;
	cmasim_pfn_t p1, p2;

	(void)state;
	fx_boot(&f, "6.12");
	assert_int_equal(cmasim_dma_alloc_from_contiguous(f.sim, NULL, 1, 0, 0, &p1), 0);
	assert_int_equal(cmasim_dma_alloc_from_contiguous(f.sim, NULL, 1024, 10, 0, &p2), 0);
	assert_int_equal(p2, p1 + 256);
	assert_int_equal(cmasim_dma_release_from_contiguous(f.sim, NULL, p2, 1024), 0);
	assert_errno(cmasim_dma_release_from_contiguous(f.sim, NULL, 5, 1024), -ENOENT);
	fx_free(&f);
}

/* Expect frees to find the area by node, and pfns in no area refused. */
static void test_dma_free_contiguous_finds_area(void **state)
{
	struct fixture f;
	struct cmasim_cma *c = NULL;
	struct cmasim_device *d;
	cmasim_pfn_t pfn;
	struct cmasim_cma *a;

	(void)state;
	fx_boot(&f, "6.12");
	d = dev(&f, "n1", 1);
	assert_int_equal(cmasim_dma_alloc_contiguous(f.sim, d, M(2), 0, &pfn, &c), 0);
	a = c;
	assert_int_equal(a->nr_pages_succeeded, 512);
	assert_int_equal(cmasim_dma_free_contiguous(f.sim, d, pfn, M(2)), 0);
	assert_int_equal(a->nr_pages_released, 512);
	/* in no area: __free_pages() of a block that was never allocated */
	assert_errno(cmasim_dma_free_contiguous(f.sim, d, 0x100, M(2)), -EINVAL);
	assert_true(tst_diag_contains(f.sim, "not an allocated block"));
	fx_free(&f);
}

/* Expect device creation and masks to validate their arguments. */
static void test_device_create_and_masks(void **state)
{
	struct fixture f;
	struct cmasim_device *d = NULL;

	(void)state;
	fx_boot(&f, "6.12");
	assert_errno(cmasim_device_create(f.sim, "", 0, &d), -EINVAL);
	assert_errno(cmasim_device_create(f.sim, "x", 5000, &d), -EINVAL);
	assert_errno(cmasim_device_create(f.sim, "x", 0, NULL), -EINVAL);
	assert_errno(cmasim_device_create(f.sim, "x", 0, &d), 0);
	assert_ptr_equal(cmasim_device_find(f.sim, "x"), d);
	assert_null(cmasim_device_find(f.sim, "y"));
	assert_errno(cmasim_device_create(f.sim, "x", 0, &d), -EEXIST);
	assert_errno(cmasim_device_set_masks(f.sim, d, 0xffffff, 0xffffff), 0);
	assert_errno(cmasim_device_set_masks(f.sim, d, 0xfffff, 0xffffffff), -EIO);
	assert_errno(cmasim_device_set_masks(f.sim, NULL, 0, 0), -EINVAL);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dma_alloc_contiguous_routes_numa_612),
		cmocka_unit_test(test_dma_alloc_contiguous_zone_flag_skips_node),
		cmocka_unit_test(test_dma_alloc_contiguous_node_full_falls_back),
		cmocka_unit_test(test_dma_alloc_contiguous_routes_pernuma_61),
		cmocka_unit_test(test_dma_alloc_contiguous_device_area_alone),
		cmocka_unit_test(test_dma_alloc_contiguous_alignment),
		cmocka_unit_test(test_dma_alloc_from_contiguous_caps_align),
		cmocka_unit_test(test_dma_free_contiguous_finds_area),
		cmocka_unit_test(test_device_create_and_masks),
	};

	return cmocka_run_group_tests_name("dma_alloc", tests, NULL, NULL);
}
