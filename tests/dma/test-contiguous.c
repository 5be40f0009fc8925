// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/contiguous.c: dma_contiguous_reserve() of 6.1 and
 * 6.12 (cma=, CONFIG_CMA_SIZE_SEL_*, per-node areas), with the exact log
 * lines of the reference captures.  The early parameters are written
 * straight into the DMA state (struct cms_dma_cmdline), as the kernel's
 * early_param handlers leave them.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/cma.h"
#include "mm/mmzone.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"

#define M(x) ((uint64_t)(x) << 20)
#define G(x) ((uint64_t)(x) << 30)

/* @cl and @numa point into the DMA state: the early parameters. */
struct fixture {
	struct cmasim *sim;
	struct cms_dma_cmdline *cl;
	uint64_t *numa;			/* max_numnodes entries */
};

static void add_mem(struct cmasim *sim, uint64_t base, uint64_t size, int nid)
{
	assert_int_equal(cms_memblock_add_node(sim, base, size, nid, 0, "test"), 0);
}

static void pc_1g(struct cmasim *sim)
{
	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, 0x3ffe0000 - 0x100000, 0);
}

/* qemu -numa with two 1 GiB nodes (captures s29, s41-s47) */
static void numa_2x1g(struct cmasim *sim)
{
	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, G(1) - 0x100000, 0);
	add_mem(sim, G(1), G(1) - 0x20000, 1);
}

static void fx_init(struct fixture *f, struct cmasim *sim)
{
	memset(f, 0, sizeof(*f));
	f->sim = sim;
	f->cl = &sim->dma->cmdline;
	f->numa = f->cl->numa_cma_size;
}

static void fx_cma(struct fixture *f, uint64_t size, uint64_t base,
		   uint64_t limit)
{
	f->cl->cma_given = true;
	f->cl->cma_size = size;
	f->cl->cma_base = base;
	f->cl->cma_limit = limit;
}

static void fx_free(struct fixture *f)
{
	tst_sim_free(f->sim);
}

/* Expect the capture s04 lines (6.1, CMA_DEBUG): cma=64M on 1 GiB. */
static void test_dma_contiguous_reserve_cmdline_61_debug(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0, 0);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 4);
	assert_string_equal(cmasim_dmesg_line(f.sim, 0, NULL),
			    "cma: dma_contiguous_reserve(limit 3ffe0000)");
	assert_string_equal(cmasim_dmesg_line(f.sim, 1, NULL),
			    "cma: dma_contiguous_reserve: reserving 64 MiB for global area");
	assert_string_equal(cmasim_dmesg_line(f.sim, 2, NULL),
			    "cma: cma_declare_contiguous_nid(size 0x0000000004000000, base 0x0000000000000000, limit 0x000000003ffe0000 alignment 0x0000000000000000)");
	assert_string_equal(cmasim_dmesg_line(f.sim, 3, NULL),
			    "cma: Reserved 64 MiB at 0x000000003be00000");
	assert_non_null(cmasim_dma_contiguous_default_area(f.sim));
	assert_string_equal(cmasim_cma_get_name(cmasim_dma_contiguous_default_area(f.sim)),
			    "reserved");
	assert_int_equal(cmasim_cma_total_pages(f.sim), 16384);
	{
		uint64_t base = 0, size = 0;

		assert_true(cms_dma_contiguous_default_area(f.sim, &base, &size));
		assert_int_equal(base, 0x3be00000);
		assert_int_equal(size, M(64));
	}
	fx_free(&f);
}

/* Expect with memblock=debug the capture s04 sequence, the allocator's
 * memblock_reserve line between the debug line and "Reserved" (our
 * caller names carry no symbol offsets). */
static void test_dma_contiguous_reserve_memblock_debug_sequence(void **state)
{
	struct fixture f;
	const char *l;

	fx_init(&f, tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL));
	pc_1g(f.sim);
	f.sim->memblock->debug = true;
	cmasim_dmesg_clear(f.sim);
	fx_cma(&f, M(64), 0, 0);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 5);
	assert_string_equal(cmasim_dmesg_line(f.sim, 2, NULL),
			    "cma: cma_declare_contiguous_nid(size 0x0000000004000000, base 0x0000000000000000, limit 0x000000003ffe0000 alignment 0x0000000000000000)");
	l = cmasim_dmesg_line(f.sim, 3, NULL);
	assert_true(strncmp(l, "memblock_reserve: [0x000000003be00000-0x000000003fdfffff] memblock_alloc_range_nid", 83) == 0);
	assert_string_equal(cmasim_dmesg_line(f.sim, 4, NULL),
			    "cma: Reserved 64 MiB at 0x000000003be00000");
	fx_free(&f);
}

/* Expect no cma= and x86's CMA_SIZE_MBYTES=0 to give no area, only the
 * limit line (capture s01, 512 MiB). */
static void test_dma_contiguous_reserve_x86_default_none(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL));
	add_mem(f.sim, 0x100000, 0x1ffe0000 - 0x100000, 0);
	cms_dma_contiguous_reserve(f.sim, 0x1ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 1);
	assert_string_equal(cmasim_dmesg_line(f.sim, 0, NULL),
			    "cma: dma_contiguous_reserve(limit 1ffe0000)");
	assert_null(cmasim_dma_contiguous_default_area(f.sim));
	assert_false(cms_dma_contiguous_default_area(f.sim, NULL, NULL));
	fx_free(&f);
}

/* Expect a NULL command line to behave as "nothing given". */
static void test_dma_contiguous_reserve_no_cmdline(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);

	add_mem(sim, G(1), G(2), 0);
	cms_dma_contiguous_reserve(sim, G(3));
	/* arm64 default CMA_SIZE_MBYTES=16 */
	assert_true(tst_dmesg_has(sim, "cma: Reserved 16 MiB at 0x00000000bf000000 on node -1"));
	tst_sim_free(sim);
}

/* Expect cma=0 to disable the Kconfig default area. */
static void test_dma_contiguous_reserve_cma0_disables(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new("arm64", "6.1", "CMA_DEBUG=y", NULL));
	add_mem(f.sim, G(1), G(2), 0);
	fx_cma(&f, 0, 0, 0);
	cms_dma_contiguous_reserve(f.sim, G(3));
	assert_int_equal(cmasim_dmesg_count(f.sim), 1);
	assert_null(cmasim_dma_contiguous_default_area(f.sim));
	assert_int_equal(cmasim_cma_area_count(f.sim), 0);
	fx_free(&f);
}

/* Expect CMA_SIZE_SEL_MBYTES to use CMA_SIZE_MBYTES. */
static void test_dma_contiguous_kconfig_mbytes(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.1", "CMA_SIZE_MBYTES=16",
					 "CMA_SIZE_PERCENTAGE=10", NULL);

	pc_1g(sim);
	assert_int_equal(cms_dma_contiguous_kconfig_size(sim), M(16));
	cms_dma_contiguous_reserve(sim, 0x3ffe0000);
	assert_true(tst_dmesg_has(sim, "cma: Reserved 16 MiB at 0x000000003ee00000"));
	tst_sim_free(sim);
}

/*
 * Expect CMA_SIZE_SEL_PERCENTAGE: 10% of memblock_phys_mem_size in pages
 * (262014 pages -> 26201 pages, 102 MiB in the debug line), then rounded
 * up to 104 MiB by the 2 MiB alignment.
 */
static void test_dma_contiguous_kconfig_percentage(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "CMA_DEBUG=y",
					 "CMA_SIZE_PERCENTAGE=10",
					 "CMA_SIZE_SEL_PERCENTAGE=y", NULL);

	pc_1g(sim);
	assert_int_equal(cms_dma_contiguous_kconfig_size(sim), (uint64_t)26201 << 12);
	cms_dma_contiguous_reserve(sim, 0x3ffe0000);
	assert_true(tst_dmesg_has(sim, "cma: dma_contiguous_reserve: reserving 102 MiB for global area"));
	assert_true(tst_dmesg_has(sim, "cma: cma_declare_contiguous_nid(size 0x0000000006659000, base 0x0000000000000000, limit 0x000000003ffe0000 alignment 0x0000000000000000)"));
	assert_true(tst_dmesg_has(sim, "cma: Reserved 104 MiB at 0x0000000039600000 on node -1"));
	tst_sim_free(sim);
}

/* Expect SEL_MIN and SEL_MAX to pick the smaller and the larger. */
static void test_dma_contiguous_kconfig_min_max(void **state)
{
	struct cmasim *a = tst_sim_new(NULL, NULL, "CMA_SIZE_MBYTES=16",
				       "CMA_SIZE_PERCENTAGE=10",
				       "CMA_SIZE_SEL_MIN=y", NULL);
	struct cmasim *b = tst_sim_new(NULL, NULL, "CMA_SIZE_MBYTES=16",
				       "CMA_SIZE_PERCENTAGE=10",
				       "CMA_SIZE_SEL_MAX=y", NULL);
	struct cmasim *c = tst_sim_new(NULL, NULL, "CMA_SIZE_MBYTES=512",
				       "CMA_SIZE_PERCENTAGE=10",
				       "CMA_SIZE_SEL_MIN=y", NULL);

	pc_1g(a);
	pc_1g(b);
	pc_1g(c);
	assert_int_equal(cms_dma_contiguous_kconfig_size(a), M(16));
	assert_int_equal(cms_dma_contiguous_kconfig_size(b), (uint64_t)26201 << 12);
	assert_int_equal(cms_dma_contiguous_kconfig_size(c), (uint64_t)26201 << 12);
	tst_sim_free(a);
	tst_sim_free(b);
	tst_sim_free(c);
}

/* Expect cma=64M@0x10000000 to be fixed with limit base+size (s09). */
static void test_dma_contiguous_reserve_fixed(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.1", "CMA_DEBUG=y", NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0x10000000, 0x14000000);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_true(tst_dmesg_has(f.sim, "cma: cma_declare_contiguous_nid(size 0x0000000004000000, base 0x0000000010000000, limit 0x0000000014000000 alignment 0x0000000000000000)"));
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 64 MiB at 0x0000000010000000"));
	fx_free(&f);
}

/* Expect cma=64M@0x10000000-0x20000000 to go top-down in the range (s14). */
static void test_dma_contiguous_reserve_range(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.1", NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0x10000000, 0x20000000);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 64 MiB at 0x000000001c000000"));
	fx_free(&f);
}

/* Expect cma=64M@0x50000000 beyond 1 GiB to fail on the arch limit (s12). */
static void test_dma_contiguous_reserve_beyond(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0x50000000, 0x54000000);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_true(tst_dmesg_has(f.sim, "cma: Size (0x0000000004000000) of region at 0x0000000050000000 exceeds limit (0x000000003fe00000)"));
	assert_true(tst_dmesg_has(f.sim, "cma: Failed to reserve 64 MiB on node -1"));
	assert_null(cmasim_dma_contiguous_default_area(f.sim));
	assert_true(tst_diag_contains(f.sim, "the global area was not reserved"));
	fx_free(&f);
}

/* Expect cma=1G@6G-8G to land at 4 GiB on a 16 GiB machine. */
static void test_dma_contiguous_reserve_4g_quirk(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", NULL));
	add_mem(f.sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(f.sim, G(4), G(13), 0);
	fx_cma(&f, G(1), G(6), G(8));
	cms_dma_contiguous_reserve(f.sim, 0x440000000);
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 1024 MiB at 0x0000000100000000 on node -1"));
	fx_free(&f);
}

/* Expect a second call to keep the first default area. */
static void test_dma_contiguous_reserve_once(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, NULL, NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0, 0);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	cms_dma_contiguous_reserve(f.sim, 0x3ffe0000);
	assert_int_equal(cmasim_cma_area_count(f.sim), 1);
	fx_free(&f);
}

/* Expect nothing at all without DMA_CMA. */
static void test_dma_contiguous_reserve_dma_cma_off(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, NULL, "DMA_CMA=n", "CMA_DEBUG=y", NULL));
	pc_1g(f.sim);
	fx_cma(&f, M(64), 0, 0);
	assert_int_equal(cms_dma_contiguous_reserve(f.sim, 0x3ffe0000), 0);
	assert_int_equal(cmasim_dmesg_count(f.sim), 0);
	fx_free(&f);
}

/* Expect capture s41 (6.12): numa_cma=1:16M makes "numa1" first, then
 * the limit line; no global area with CMA_SIZE_MBYTES=0. */
static void test_dma_numa_cma_one_node(void **state)
{
	struct fixture f;
	struct cmasim_cma *c;

	fx_init(&f, tst_sim_new(NULL, "6.12", "CMA_DEBUG=y", "DMA_NUMA_CMA=y", NULL));
	numa_2x1g(f.sim);
	f.numa[1] = M(16);
	f.cl->numa_cma_given = true;
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 3);
	assert_string_equal(cmasim_dmesg_line(f.sim, 0, NULL),
			    "cma: cma_declare_contiguous_nid(size 0x0000000001000000, base 0x0000000000000000, limit 0x0000000000000000 alignment 0x0000000000000000)");
	assert_string_equal(cmasim_dmesg_line(f.sim, 1, NULL),
			    "cma: Reserved 16 MiB at 0x000000007ee00000 on node 1");
	assert_string_equal(cmasim_dmesg_line(f.sim, 2, NULL),
			    "cma: dma_contiguous_reserve(limit 7ffe0000)");
	c = cmasim_dma_contiguous_numa_area(f.sim, 1);
	assert_non_null(c);
	assert_string_equal(cmasim_cma_get_name(c), "numa1");
	assert_int_equal(cmasim_cma_get_nid(c), 1);
	assert_null(cmasim_dma_contiguous_numa_area(f.sim, 0));
	assert_null(cmasim_dma_contiguous_pernuma_area(f.sim, 1));
	assert_null(cmasim_dma_contiguous_numa_area(f.sim, 99));
	fx_free(&f);
}

/* Expect per node: "pernuma%d" then "numa%d", nodes in id order, then
 * the global area (captures s43, s45, s55). */
static void test_dma_numa_cma_order(void **state)
{
	struct fixture f;
	long p0, n0, p1, g;

	fx_init(&f, tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL));
	numa_2x1g(f.sim);
	f.numa[0] = M(32);
	f.cl->numa_cma_given = true;
	f.cl->pernuma_given = true;
	f.cl->pernuma_size = M(16);
	fx_cma(&f, M(64), 0, 0);
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	p0 = tst_dmesg_find(f.sim, "cma: Reserved 16 MiB at 0x000000003f000000 on node 0");
	n0 = tst_dmesg_find(f.sim, "cma: Reserved 32 MiB at 0x000000003d000000 on node 0");
	p1 = tst_dmesg_find(f.sim, "cma: Reserved 16 MiB at 0x000000007ee00000 on node 1");
	g = tst_dmesg_find(f.sim, "cma: Reserved 64 MiB at 0x000000007ae00000 on node -1");
	assert_true(p0 >= 0 && n0 > p0 && p1 > n0 && g > p1);
	assert_string_equal(cmasim_cma_get_name(cmasim_dma_contiguous_pernuma_area(f.sim, 0)), "pernuma0");
	assert_string_equal(cmasim_cma_get_name(cmasim_dma_contiguous_pernuma_area(f.sim, 1)), "pernuma1");
	assert_string_equal(cmasim_cma_get_name(cmasim_dma_contiguous_numa_area(f.sim, 0)), "numa0");
	assert_int_equal(cmasim_cma_area_count(f.sim), 4);
	fx_free(&f);
}

/* Expect a possible but offline node with a size to be warned about,
 * and a node that is not possible to be ignored silently. */
static void test_dma_numa_cma_invalid_node(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL));
	numa_2x1g(f.sim);
	/* as arch NUMA init leaves them: nodes 0-2 possible, 0-1 online */
	assert_int_equal(cms_node_states_clear(f.sim), 0);
	for (int nid = 0; nid < 3; nid++)
		cms_node_set_state(f.sim, nid, CMS_N_POSSIBLE);
	cms_node_set_state(f.sim, 0, CMS_N_ONLINE);
	cms_node_set_state(f.sim, 1, CMS_N_ONLINE);
	f.numa[2] = M(16);
	f.numa[3] = M(16);
	f.cl->numa_cma_given = true;
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 1);
	assert_string_equal(cmasim_dmesg_line(f.sim, 0, NULL),
			    "cma: invalid node 2 specified");
	fx_free(&f);
}

/* Expect without boot's node maps that nodes without memory are not
 * possible: numa_cma=5:16M on two nodes is silent. */
static void test_dma_numa_cma_default_nodes(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL));
	numa_2x1g(f.sim);
	f.numa[5] = M(16);
	f.cl->numa_cma_given = true;
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	assert_int_equal(cmasim_dmesg_count(f.sim), 0);
	fx_free(&f);
}

/* Expect a failed per-node area to print the declare failure and the
 * pr_warn of dma_numa_cma_reserve, then go on. */
static void test_dma_numa_cma_failure(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL));
	numa_2x1g(f.sim);
	f.numa[0] = G(4);
	f.numa[1] = M(16);
	f.cl->numa_cma_given = true;
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	assert_true(tst_dmesg_has(f.sim, "cma: Failed to reserve 4096 MiB on node 0"));
	assert_true(tst_dmesg_has(f.sim, "cma: dma_numa_cma_reserve: reservation failed: err -22, node 0"));
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 16 MiB at 0x000000007ee00000 on node 1"));
	assert_null(cmasim_dma_contiguous_numa_area(f.sim, 0));
	fx_free(&f);
}

/* Expect numa_cma= and cma_pernuma= to do nothing without DMA_NUMA_CMA. */
static void test_dma_numa_cma_off(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new(NULL, "6.12", NULL));
	numa_2x1g(f.sim);
	f.numa[1] = M(16);
	f.cl->pernuma_given = true;
	f.cl->pernuma_size = M(16);
	cms_dma_contiguous_reserve(f.sim, 0x7ffe0000);
	assert_int_equal(cmasim_cma_area_count(f.sim), 0);
	fx_free(&f);
}

/* Expect 6.1's dma_contiguous_reserve not to make per-node areas; its
 * dma_pernuma_cma_reserve (arm64 boot) makes "pernuma0" with its debug
 * line (arm64 capture mem6g-cma-pernuma). */
static void test_dma_pernuma_61(void **state)
{
	struct fixture f;
	struct cmasim_cma *c;

	fx_init(&f, tst_sim_new("arm64", "6.1", "DMA_PERNUMA_CMA=y",
				"CMA_DEBUG=y", "CMA_SIZE_MBYTES=64", NULL));
	add_mem(f.sim, G(1), G(6), 0);
	f.cl->pernuma_given = true;
	f.cl->pernuma_size = M(32);
	cms_dma_pernuma_cma_reserve(f.sim);
	c = cmasim_dma_contiguous_pernuma_area(f.sim, 0);
	assert_non_null(c);
	assert_string_equal(cmasim_cma_get_name(c), "pernuma0");
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 32 MiB at 0x0000000100000000"));
	assert_true(tst_dmesg_has(f.sim, "cma: dma_pernuma_cma_reserve: reserved 32 MiB on node 0"));
	cms_dma_contiguous_reserve(f.sim, G(4));
	assert_true(tst_dmesg_has(f.sim, "cma: Reserved 64 MiB at 0x00000000fc000000"));
	assert_int_equal(cmasim_cma_area_count(f.sim), 2);
	fx_free(&f);
}

/* Expect the 6.1 per-node call to be a no-op on 6.12 and without the
 * knob. */
static void test_dma_pernuma_61_noop(void **state)
{
	struct fixture f;

	fx_init(&f, tst_sim_new("arm64", "6.1", "DMA_PERNUMA_CMA=n", NULL));
	add_mem(f.sim, G(1), G(2), 0);
	f.cl->pernuma_given = true;
	f.cl->pernuma_size = M(32);
	cms_dma_pernuma_cma_reserve(f.sim);
	assert_int_equal(cmasim_cma_area_count(f.sim), 0);
	fx_free(&f);
	fx_init(&f, tst_sim_new("arm64", "6.12", "DMA_NUMA_CMA=y", NULL));
	add_mem(f.sim, G(1), G(2), 0);
	f.cl->pernuma_given = true;
	f.cl->pernuma_size = M(32);
	cms_dma_pernuma_cma_reserve(f.sim);
	assert_int_equal(cmasim_cma_area_count(f.sim), 0);
	fx_free(&f);
}

/* Expect arm32 formats: %08lx limit and 32-bit %pa. */
static void test_dma_contiguous_reserve_arm32_formats(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.12", "CMA_DEBUG=y", NULL);

	add_mem(sim, 0x40000000, G(1), 0);
	cms_dma_contiguous_reserve(sim, 0x6f800000);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL),
			    "cma: dma_contiguous_reserve(limit 6f800000)");
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL),
			    "cma: dma_contiguous_reserve: reserving 16 MiB for global area");
	assert_string_equal(cmasim_dmesg_line(sim, 2, NULL),
			    "cma: cma_declare_contiguous_nid(size 0x01000000, base 0x00000000, limit 0x6f800000 alignment 0x00000000)");
	assert_string_equal(cmasim_dmesg_line(sim, 3, NULL),
			    "cma: Reserved 16 MiB at 0x6e800000 on node -1");
	tst_sim_free(sim);
}

/* Expect the real parser's result to drive the reservation: capture s45
 * (6.12, two nodes, "cma=64M numa_cma=1:16M"). */
static void test_dma_contiguous_reserve_parsed_cmdline(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y",
					 "CMA_DEBUG=y", NULL);
	long a, b, c;

	numa_2x1g(sim);
	assert_int_equal(cmasim_cmdline_set(sim, "console=ttyS0 cma=64M numa_cma=1:16M"), 0);
	assert_int_equal(cms_dma_contiguous_reserve(sim, 0x7ffe0000), 0);
	a = tst_dmesg_find(sim, "cma: Reserved 16 MiB at 0x000000007ee00000 on node 1");
	b = tst_dmesg_find(sim, "cma: dma_contiguous_reserve(limit 7ffe0000)");
	c = tst_dmesg_find(sim, "cma: Reserved 64 MiB at 0x000000007ae00000 on node -1");
	assert_true(a >= 0 && b == a + 1 && c == b + 3);
	assert_string_equal(cmasim_dmesg_line(sim, b + 1, NULL),
			    "cma: dma_contiguous_reserve: reserving 64 MiB for global area");
	assert_int_equal(cmasim_cma_total_pages(sim), 4096 + 16384);
	tst_sim_free(sim);
}

/*
 *  node 0: [1M .. 0xbffe0000)      node 1: [4G ........ 7G)
 *        pernuma0 ^ top-down        ^ pernuma1, then "reserved" above it
 * Expect the cma: lines of capture s55 (6.12, 2 x 3 GiB,
 * "cma=256M cma_pernuma=64M"), in order and byte for byte.
 */
static void test_dma_contiguous_reserve_capture_s55(void **state)
{
	static const char *const want[] = {
		"cma: cma_declare_contiguous_nid(size 0x0000000004000000, base 0x0000000000000000, limit 0x0000000000000000 alignment 0x0000000000000000)",
		"cma: Reserved 64 MiB at 0x00000000bbe00000 on node 0",
		"cma: cma_declare_contiguous_nid(size 0x0000000004000000, base 0x0000000000000000, limit 0x0000000000000000 alignment 0x0000000000000000)",
		"cma: Reserved 64 MiB at 0x0000000100000000 on node 1",
		"cma: dma_contiguous_reserve(limit 1c0000000)",
		"cma: dma_contiguous_reserve: reserving 256 MiB for global area",
		"cma: cma_declare_contiguous_nid(size 0x0000000010000000, base 0x0000000000000000, limit 0x00000001c0000000 alignment 0x0000000000000000)",
		"cma: Reserved 256 MiB at 0x0000000104000000 on node -1",
	};
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y",
					 "CMA_DEBUG=y", NULL);

	add_mem(sim, 0x1000, 0x9f000 - 0x1000, 0);
	add_mem(sim, 0x100000, 0xbffe0000 - 0x100000, 0);
	add_mem(sim, G(4), G(3), 1);
	assert_int_equal(cmasim_cmdline_set(sim, "cma=256M cma_pernuma=64M"), 0);
	cmasim_dmesg_clear(sim);
	assert_int_equal(cms_dma_contiguous_reserve(sim, 0x1c0000000), 0);
	assert_int_equal(cmasim_dmesg_count(sim), CMS_ARRAY_SIZE(want));
	for (size_t i = 0; i < CMS_ARRAY_SIZE(want); i++)
		assert_string_equal(cmasim_dmesg_line(sim, i, NULL), want[i]);
	assert_int_equal(cmasim_cma_total_pages(sim), 98304);
	tst_sim_free(sim);
}

/* Expect the public reserve_area to name the area "reserved" and to obey
 * the phase. */
static void test_dma_contiguous_reserve_area_public(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	struct cmasim_cma *c = NULL;

	pc_1g(sim);
	assert_errno(cmasim_dma_contiguous_reserve_area(sim, M(8), 0, 0, false, &c), 0);
	assert_string_equal(cmasim_cma_get_name(c), "reserved");
	assert_null(cmasim_dma_contiguous_default_area(sim));
	assert_errno(cmasim_dma_contiguous_reserve_area(sim, M(8), 0x10100000, 0, true, &c), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: cmasim_dma_contiguous_reserve_area:"));
	sim->phase = CMS_PHASE_RUNNING;
	assert_errno(cmasim_dma_contiguous_reserve_area(sim, M(8), 0, 0, false, &c), -EPERM);
	tst_sim_free(sim);
}

/*
 * The checker covers the DMA layer's pointers into the CMA table.
 * Expect a default area that is no declared area to fail cmasim_check()
 * with the dma: line, and the instance to check clean again once fixed.
 */
static void test_dma_check_area_not_declared(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, "6.12", "DMA_NUMA_CMA=y", NULL);
	struct cms_cma_area bogus = { .name = "bogus" };

	pc_1g(sim);
	assert_int_equal(cms_dma_contiguous_reserve(sim, 0x3ffe0000), 0);
	assert_int_equal(cmasim_check(sim), 0);
	sim->dma->numa_area[1] = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: the numa area of node 1 is not a declared area"));
	sim->dma->numa_area[1] = NULL;
	sim->dma->default_area = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: dma_contiguous_default_area is not a declared area"));
	sim->dma->default_area = NULL;
	assert_int_equal(cmasim_check(sim), 0);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dma_contiguous_reserve_cmdline_61_debug),
		cmocka_unit_test(test_dma_contiguous_reserve_memblock_debug_sequence),
		cmocka_unit_test(test_dma_contiguous_reserve_x86_default_none),
		cmocka_unit_test(test_dma_contiguous_reserve_no_cmdline),
		cmocka_unit_test(test_dma_contiguous_reserve_cma0_disables),
		cmocka_unit_test(test_dma_contiguous_kconfig_mbytes),
		cmocka_unit_test(test_dma_contiguous_kconfig_percentage),
		cmocka_unit_test(test_dma_contiguous_kconfig_min_max),
		cmocka_unit_test(test_dma_contiguous_reserve_fixed),
		cmocka_unit_test(test_dma_contiguous_reserve_range),
		cmocka_unit_test(test_dma_contiguous_reserve_beyond),
		cmocka_unit_test(test_dma_contiguous_reserve_4g_quirk),
		cmocka_unit_test(test_dma_contiguous_reserve_once),
		cmocka_unit_test(test_dma_contiguous_reserve_dma_cma_off),
		cmocka_unit_test(test_dma_numa_cma_one_node),
		cmocka_unit_test(test_dma_numa_cma_order),
		cmocka_unit_test(test_dma_numa_cma_invalid_node),
		cmocka_unit_test(test_dma_numa_cma_default_nodes),
		cmocka_unit_test(test_dma_numa_cma_failure),
		cmocka_unit_test(test_dma_numa_cma_off),
		cmocka_unit_test(test_dma_pernuma_61),
		cmocka_unit_test(test_dma_pernuma_61_noop),
		cmocka_unit_test(test_dma_contiguous_reserve_arm32_formats),
		cmocka_unit_test(test_dma_contiguous_reserve_parsed_cmdline),
		cmocka_unit_test(test_dma_contiguous_reserve_capture_s55),
		cmocka_unit_test(test_dma_contiguous_reserve_area_public),
		cmocka_unit_test(test_dma_check_area_not_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
