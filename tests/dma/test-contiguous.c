// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/contiguous.c: dma_contiguous_reserve() of 6.1 and
 * 6.12 (cma=, CONFIG_CMA_SIZE_SEL_*, per-node areas), with the exact log
 * lines of the reference captures, and the run-time half:
 * dma_alloc_contiguous(), dma_free_contiguous() and
 * dma_alloc_from_contiguous() routed over device, per-node and default
 * areas.  The early parameters are written straight into the DMA state
 * (struct cms_dma_cmdline), as the kernel's early_param handlers leave
 * them.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "runtime-helpers.h"
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

/* ---- dma_alloc_contiguous() & co at run time ----
 *
 * The routing of dma_alloc_contiguous() / dma_free_contiguous() /
 * dma_alloc_from_contiguous() over a device area, per-node areas and the
 * default area, for 6.1 (DMA_PERNUMA_CMA) and 6.12 (DMA_NUMA_CMA).  The
 * areas are reserved by the real dma_contiguous_reserve() on a two-node
 * memblock layout (captures s29/s45) and activated over the page
 * allocator after the handover.
 */

/*
 * Two 1 GiB nodes; cma=64M (default area, below 4 GiB on node 0 or 1),
 * a 16 MiB per-node area on node 1 ("numa1" on 6.12 via numa_cma=1:16M,
 * "pernuma1" on 6.1 via cma_pernuma=16M, which also gives "pernuma0").
 */
static struct cmasim *boot_two_nodes(const char *kernel)
{
	bool v61 = !strcmp(kernel, "6.1");
	struct cms_dma_cmdline *cl;
	struct cmasim *sim;

	sim = tst_sim_new(NULL, kernel, v61 ? "DMA_PERNUMA_CMA=y" :
			  "DMA_NUMA_CMA=y", NULL);
	numa_2x1g(sim);
	/* the early parameters, as early_cma() & co leave them */
	cl = &sim->dma->cmdline;
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
		cms_dma_pernuma_cma_reserve(sim);
	cms_dma_contiguous_reserve(sim, 0x7ffe0000);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	cmasim_dmesg_clear(sim);
	return sim;
}

static int setup_two_nodes_61(void **state)
{
	*state = boot_two_nodes("6.1");
	return 0;
}

static int setup_two_nodes_612(void **state)
{
	*state = boot_two_nodes("6.12");
	return 0;
}

static struct cmasim_device *dev(struct cmasim *sim, const char *name, int nid)
{
	struct cmasim_device *d = NULL;

	assert_int_equal(cmasim_device_create(sim, name, nid, &d), 0);
	return d;
}

static const char *area_name(struct cmasim_cma *c)
{
	return cmasim_cma_get_name(c);
}

/* Expect 6.12 on node 1: numa1 first; node 0 and NO_NODE: the default. */
static void test_dma_alloc_contiguous_routes_numa_612(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "n1", 1), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "numa1");
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "n0", 0), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "nn", CMASIM_NUMA_NO_NODE), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
}

/* Expect GFP_DMA32 requests to skip the node's areas. */
static void test_dma_alloc_contiguous_zone_flag_skips_node(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "n1", 1), M(1),
						     CMASIM_DMA_ZONE_DMA32, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
}

/*
 * numa1 is 16 MiB: a 16 MiB request fits once; the next falls through
 * to the default area.  Expect numa1 then reserved, with numa1's failure
 * logged (no __GFP_NOWARN) and counted (4096 pages).
 */
static void test_dma_alloc_contiguous_node_full_falls_back(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;
	struct cmasim_device *d;

	d = dev(sim, "n1", 1);
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, d, M(16), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "numa1");
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, d, M(16), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "reserved");
	assert_true(tst_dmesg_has(sim, "cma: __cma_alloc: numa1: alloc failed, req-size: 4096 pages, ret: -12"));
	assert_int_equal(cmasim_dma_contiguous_numa_area(sim, 1)->nr_pages_failed, 4096);
}

/* Expect 6.1 to use pernuma%d only (no numa%d areas exist there). */
static void test_dma_alloc_contiguous_routes_pernuma_61(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;
	cmasim_pfn_t pfn;

	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "n1", 1), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "pernuma1");
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, dev(sim, "n0", 0), M(1), 0, &pfn, &c), 0);
	assert_string_equal(area_name(c), "pernuma0");
}

/* Expect a device area to be used alone: full means failure, no
 * fallback; single pages and atomic requests never use CMA otherwise. */
static void test_dma_alloc_contiguous_device_area_alone(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL, *numa1;
	struct cmasim_device *d;
	cmasim_pfn_t pfn;

	numa1 = cmasim_dma_contiguous_numa_area(sim, 1);
	d = dev(sim, "own", 0);
	assert_int_equal(cmasim_device_set_cma_area(sim, d, numa1), 0);
	/* a single page from the device area is fine */
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, d, 4096, 0, &pfn, &c), 0);
	assert_ptr_equal(c, numa1);
	assert_errno(cmasim_dma_alloc_contiguous(sim, d, M(16), CMASIM_DMA_NOWARN, &pfn, &c), -ENOMEM);
	assert_false(tst_dmesg_has(sim, "cma: __cma_alloc: numa1: alloc failed, req-size: 4096 pages, ret: -12"));
	assert_errno(cmasim_dma_alloc_contiguous(sim, d, M(1), CMASIM_DMA_ATOMIC, &pfn, &c), -EAGAIN);
	d = dev(sim, "plain", 0);
	assert_errno(cmasim_dma_alloc_contiguous(sim, d, 4096, 0, &pfn, &c), -ENOENT);
	assert_errno(cmasim_dma_alloc_contiguous(sim, d, 4095, 0, &pfn, &c), -EINVAL);
}

/*
 * size 3 pages: align order min(get_order(12K), 8) = 2.  After one page
 * is taken at the area start, Expect the next 3-page block 4 pages in.
 */
static void test_dma_alloc_contiguous_alignment(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d;
	cmasim_pfn_t p1, p2;
	struct cmasim_cma *c;

	d = dev(sim, "n0", 0);
	assert_int_equal(cmasim_dma_alloc_from_contiguous(sim, d, 1, 0, 0, &p1), 0);
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, d, 3 * 4096, 0, &p2, &c), 0);
	assert_int_equal(p2, p1 + 4);
}

/* Expect dma_alloc_from_contiguous to cap align at CMA_ALIGNMENT (8):
 * 1024 pages at align 10 land 256 pages in, not 1024. */
static void test_dma_alloc_from_contiguous_caps_align(void **state)
{
	struct cmasim *sim = *state;
	cmasim_pfn_t p1, p2;

	assert_int_equal(cmasim_dma_alloc_from_contiguous(sim, NULL, 1, 0, 0, &p1), 0);
	assert_int_equal(cmasim_dma_alloc_from_contiguous(sim, NULL, 1024, 10, 0, &p2), 0);
	assert_int_equal(p2, p1 + 256);
	assert_int_equal(cmasim_dma_release_from_contiguous(sim, NULL, p2, 1024), 0);
	assert_errno(cmasim_dma_release_from_contiguous(sim, NULL, 5, 1024), -ENOENT);
}

/* Expect frees to find the area by node, and pfns in no area refused. */
static void test_dma_free_contiguous_finds_area(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *c = NULL;
	struct cmasim_device *d;
	cmasim_pfn_t pfn;
	struct cmasim_cma *a;

	d = dev(sim, "n1", 1);
	assert_int_equal(cmasim_dma_alloc_contiguous(sim, d, M(2), 0, &pfn, &c), 0);
	a = c;
	assert_int_equal(a->nr_pages_succeeded, 512);
	assert_int_equal(cmasim_dma_free_contiguous(sim, d, pfn, M(2)), 0);
	assert_int_equal(a->nr_pages_released, 512);
	/* in no area: __free_pages() of a block that was never allocated */
	assert_errno(cmasim_dma_free_contiguous(sim, d, 0x100, M(2)), -EINVAL);
	assert_true(tst_diag_contains(sim, "not an allocated block"));
}

struct start_trace {
	unsigned int n;
	char text[128];
};

static void record_start(const char *event, const char *text, void *data)
{
	struct start_trace *t = data;

	if (strcmp(event, "cma_alloc_start"))
		return;
	t->n++;
	g_strlcpy(t->text, text, sizeof(t->text));
}

/*
 * dma_alloc_from_contiguous() for a device without an area when there
 * is no default area either: cma_alloc(NULL, ...).  6.1 jumps to its
 * accounting and counts vmstat cma_alloc_fail; 6.12 traces the start
 * with a NULL name before returning, and counts nothing.
 * Expect 6.1: cma_alloc_fail 1, no trace; 6.12: cma_alloc_fail 0 and
 * "name=(null) count=16 align=4"; no dmesg line and no area touched.
 */
static void test_dma_alloc_from_contiguous_no_area(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = rt_area(sim);
	bool v61 = tst_v61(sim);
	struct start_trace t = { 0 };
	struct cmasim_device *d;
	cmasim_pfn_t pfn = 0;

	assert_null(cmasim_dma_contiguous_default_area(sim));
	assert_int_equal(cmasim_device_create(sim, "dev0", 0, &d), 0);
	assert_int_equal(cmasim_trace_set_sink(sim, record_start, &t), 0);
	assert_int_equal(cmasim_trace_enable(sim, "all", true), 0);
	assert_errno(cmasim_dma_alloc_from_contiguous(sim, d, 16, 4, 0, &pfn), -ENOENT);
	assert_int_equal(pfn, 0);
	assert_int_equal(sim->mm->ev[CMS_EV_CMA_ALLOC_FAIL], v61 ? 1 : 0);
	assert_int_equal(sim->mm->ev[CMS_EV_CMA_ALLOC_SUCCESS], 0);
	assert_int_equal(t.n, v61 ? 0 : 1);
	if (!v61)
		assert_string_equal(t.text, "name=(null) count=16 align=4");
	assert_int_equal(a->nr_pages_failed, 0);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
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
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_routes_numa_612,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_zone_flag_skips_node,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_node_full_falls_back,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_routes_pernuma_61,
						setup_two_nodes_61, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_device_area_alone,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_contiguous_alignment,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_alloc_from_contiguous_caps_align,
						setup_two_nodes_612, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_free_contiguous_finds_area,
						setup_two_nodes_612, tst_teardown_checked),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_dma_alloc_from_contiguous_no_area,
						rt_setup, tst_teardown_checked),
	};

	return tst_run_groups("contiguous", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
