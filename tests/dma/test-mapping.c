// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/dma/mapping.c: the DMA layer's state (struct cms_dma),
 * simulated devices (creation, lookup, masks, dev->cma_area), the early
 * parameters handed over by the command-line parser, and the DMA
 * checker's hold on the pointers into the CMA table.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "dma/contiguous.h"
#include "dma/mapping.h"

#define M(x) ((uint64_t)(x) << 20)

static void pc_1g(struct cmasim *sim)
{
	assert_int_equal(cms_memblock_add_node(sim, 0x1000, 0x9f000 - 0x1000,
					       0, 0, "test"), 0);
	assert_int_equal(cms_memblock_add_node(sim, 0x100000,
					       0x3ffe0000 - 0x100000, 0, 0,
					       "test"), 0);
}

/* An early-boot x86_64 instance of the version, 1 GiB of memblock memory. */
static int setup_pc_1g(void **state)
{
	const char *v = tst_state_version(state);
	struct cmasim *sim = tst_sim_new(NULL, v, strcmp(v, "6.1") ?
					 "DMA_NUMA_CMA=y" :
					 "DMA_PERNUMA_CMA=y", NULL);

	pc_1g(sim);
	*state = sim;
	return 0;
}

/*
 * Expect device creation to refuse an empty or 64-byte name, a node at
 * or past MAX_NUMNODES, a NULL out and a duplicate name; a new device
 * has 32-bit masks and no area; find returns it and NULL for others.
 */
static void test_device_create_and_find(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = NULL, *n = NULL;
	char long_name[65];
	struct cmasim_device *dd;

	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	assert_errno(cmasim_device_create(NULL, "x", 0, &d), -EINVAL);
	assert_errno(cmasim_device_create(sim, "", 0, &d), -EINVAL);
	assert_errno(cmasim_device_create(sim, NULL, 0, &d), -EINVAL);
	assert_errno(cmasim_device_create(sim, long_name, 0, &d), -EINVAL);
	assert_true(tst_diag_contains(sim, "name missing or longer than 63 bytes"));
	assert_errno(cmasim_device_create(sim, "x", 0, NULL), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_device_create(): NULL out"));
	assert_errno(cmasim_device_create(sim, "x", (int)sim->max_numnodes, &d),
		     -EINVAL);
	assert_errno(cmasim_device_create(sim, "x", 5000, &d), -EINVAL);
	assert_errno(cmasim_device_create(sim, "x", -2, &d), -EINVAL);
	assert_true(tst_diag_contains(sim, "is not below MAX_NUMNODES"));
	assert_null(d);
	long_name[63] = '\0';
	assert_errno(cmasim_device_create(sim, long_name, 0, &n), 0);
	assert_errno(cmasim_device_create(sim, "x", CMASIM_NUMA_NO_NODE, &d), 0);
	dd = d;
	assert_string_equal(dd->name, "x");
	assert_int_equal(dd->nid, CMASIM_NUMA_NO_NODE);
	assert_int_equal(dd->dma_mask, 0xffffffff);
	assert_int_equal(dd->coherent_dma_mask, 0xffffffff);
	assert_null(dd->cma_area);
	assert_ptr_equal(cmasim_device_find(sim, "x"), d);
	assert_ptr_equal(cmasim_device_find(sim, long_name), n);
	assert_null(cmasim_device_find(sim, "y"));
	assert_null(cmasim_device_find(sim, NULL));
	assert_null(cmasim_device_find(NULL, "x"));
	assert_errno(cmasim_device_create(sim, "x", 0, &n), -EEXIST);
	assert_true(tst_diag_contains(sim, "a device of that name exists"));
}

/* Expect masks to be validated through dma-direct, and NULLs refused. */
static void test_device_set_masks(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = NULL;

	assert_errno(cmasim_device_create(sim, "x", 0, &d), 0);
	assert_errno(cmasim_device_set_masks(sim, d, 0xffffff, 0xffffff), 0);
	assert_errno(cmasim_device_set_masks(sim, d, 0xfffff, 0xffffffff), -EIO);
	assert_errno(cmasim_device_set_masks(sim, NULL, 0, 0), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_device_set_masks(): NULL device"));
	assert_errno(cmasim_device_set_masks(NULL, d, 0, 0), -EINVAL);
	assert_int_equal(d->dma_mask, 0xffffff);
}

/*
 * dev->cma_area: set to an area, then back to NULL (the default area).
 * Expect the pointer to follow, NULL devices refused, and the checker
 * clean throughout.
 */
static void test_device_set_cma_area(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_device *d = NULL;
	struct cmasim_cma *c = NULL;

	assert_errno(cmasim_dma_contiguous_reserve_area(sim, M(8), 0, 0, false,
							&c), 0);
	assert_errno(cmasim_device_create(sim, "x", 0, &d), 0);
	assert_errno(cmasim_device_set_cma_area(sim, d, c), 0);
	assert_ptr_equal(d->cma_area, c);
	assert_int_equal(cmasim_check(sim), 0);
	assert_errno(cmasim_device_set_cma_area(sim, d, NULL), 0);
	assert_null(d->cma_area);
	assert_errno(cmasim_device_set_cma_area(sim, NULL, c), -EINVAL);
	assert_true(tst_diag_contains(sim, "cmasim_device_set_cma_area(): NULL device"));
	assert_errno(cmasim_device_set_cma_area(NULL, d, c), -EINVAL);
}

/*
 * cms_dma_set_cmdline() copies what the parser read, but the per-node
 * size array stays the DMA state's own, cut to MAX_NUMNODES entries.
 * Expect the sizes copied into the state's array and the rest zeroed.
 */
static void test_dma_set_cmdline_copies_node_sizes(void **state)
{
	struct cmasim *sim = *state;
	struct cms_dma_cmdline *d = &sim->dma->cmdline;
	uint64_t *own = d->numa_cma_size;
	uint64_t sizes[2] = { M(16), M(32) };
	struct cms_dma_cmdline cl = {
		.cma_given = true, .cma_size = M(64),
		.numa_cma_given = true, .numa_cma_size = sizes,
		.numa_cma_nodes = 2,
	};

	assert_true(d->numa_cma_nodes >= 2);
	own[d->numa_cma_nodes - 1] = M(4);
	cms_dma_set_cmdline(sim, &cl);
	assert_ptr_equal(d->numa_cma_size, own);
	assert_true(d->cma_given);
	assert_int_equal(d->cma_size, M(64));
	assert_true(d->numa_cma_given);
	assert_int_equal(own[0], M(16));
	assert_int_equal(own[1], M(32));
	assert_int_equal(own[d->numa_cma_nodes - 1], 0);
	cl.numa_cma_size = NULL;
	cms_dma_set_cmdline(sim, &cl);
	assert_int_equal(own[0], 0);
	assert_int_equal(own[1], 0);
}

/*
 * The checker covers the DMA layer's pointers into the CMA table.
 * Expect a default area that is no declared area to fail cmasim_check()
 * with the dma: line, and the instance to check clean again once fixed.
 */
static void test_dma_check_area_not_declared(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma bogus = { .name = "bogus" };
	struct cmasim_device *d = NULL;

	assert_int_equal(cms_dma_contiguous_reserve(sim, 0x3ffe0000), 0);
	assert_int_equal(cmasim_check(sim), 0);
	sim->dma->numa_area[1] = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: the numa area of node 1 is not a declared area"));
	sim->dma->numa_area[1] = NULL;
	sim->dma->pernuma_area[0] = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: the pernuma area of node 0 is not a declared area"));
	sim->dma->pernuma_area[0] = NULL;
	sim->dma->default_area = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: dma_contiguous_default_area is not a declared area"));
	sim->dma->default_area = NULL;
	assert_errno(cmasim_device_create(sim, "gpu", 0, &d), 0);
	d->cma_area = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(tst_diag_contains(sim, "dma: gpu: dev->cma_area is not a declared area"));
	d->cma_area = NULL;
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 * Two running instances, each with its default area and a device.  Every
 * call given the other instance's area or device returns -EINVAL with
 * one client-bug line, and neither instance changes (both checkers pass,
 * nothing is allocated).
 */
static void test_foreign_handles_refused(void **state)
{
	const char *v = tst_state_version(state);
	struct cmasim *a = tst_boot_pc(v, UINT64_C(1) << 30, 1, "cma=64M",
				       NULL);
	struct cmasim *b = tst_boot_pc(v, UINT64_C(1) << 30, 1, "cma=64M",
				       NULL);
	struct cmasim_cma *ca = cmasim_cma_find(a, "reserved");
	struct cmasim_cma *cb = cmasim_cma_find(b, "reserved");
	struct cmasim_device *da, *db;
	struct cmasim_dma_buffer buf;
	struct cmasim_cma *got;
	cmasim_pfn_t pfn = 0;
	uint64_t handle;
	cmasim_phys_addr_t cpu;
	size_t n;
	bool cma;

	assert_non_null(ca);
	assert_non_null(cb);
	assert_errno(cmasim_device_create(a, "da", -1, &da), 0);
	assert_errno(cmasim_device_create(b, "db", -1, &db), 0);
	n = cmasim_diag_count(a);
#define FOREIGN(call)							\
	do {								\
		assert_errno(call, -EINVAL);				\
		assert_int_equal(cmasim_diag_count(a), ++n);		\
		assert_true(strstr(cmasim_diag_line(a, n - 1, NULL),	\
				   "another instance's"));		\
	} while (0)
	FOREIGN(cmasim_cma_alloc(a, cb, 4, 0, 0, &pfn));
	FOREIGN(cmasim_cma_release(a, cb, cmasim_cma_get_base_pfn(cb), 4));
	FOREIGN(cmasim_device_set_cma_area(a, da, cb));
	FOREIGN(cmasim_device_set_cma_area(a, db, ca));
	FOREIGN(cmasim_device_set_masks(a, db, UINT64_MAX, UINT64_MAX));
	FOREIGN(cmasim_dma_alloc_contiguous(a, db, 4096, 0, &pfn, &got));
	FOREIGN(cmasim_dma_free_contiguous(a, db, pfn, 4096));
	FOREIGN(cmasim_dma_alloc_from_contiguous(a, db, 1, 0, 0, &pfn));
	FOREIGN(cmasim_dma_release_from_contiguous(a, db, pfn, 1));
	FOREIGN(cmasim_dma_direct_alloc(a, db, 8192, 0, &pfn, &cma));
	FOREIGN(cmasim_dma_direct_free(a, db, pfn, 8192));
	FOREIGN(cmasim_dma_alloc_coherent(a, db, 8192, 0, &buf));
	FOREIGN(cmasim_dma_free_coherent(a, db, 8192, 0, 0));
	FOREIGN(cmasim_dma_declare_coherent_memory(a, db, 0x10000000,
						   0x10000000, 1 << 20));
	FOREIGN(cmasim_dma_release_coherent_memory(a, db));
	FOREIGN(cmasim_dma_alloc_from_dev_coherent(a, db, 4096, &handle,
						   &cpu));
	FOREIGN(cmasim_dma_release_from_dev_coherent(a, db, 0, 0));
	FOREIGN(cmasim_dma_mmap_from_dev_coherent(a, db, 0, 4096, 0, 1,
						  &pfn));
	FOREIGN(cmasim_workload_cma_alloc(a, "w", cb, 4, 0, false));
	FOREIGN(cmasim_workload_dma_alloc(a, "w", db, 8192, 0));
#undef FOREIGN
	assert_errno(cmasim_dma_coherent_get_info(a, db,
		&(struct cmasim_dma_coherent_info){ 0 }), -EINVAL);
	assert_int_equal(cmasim_diag_count(a), n);
	assert_int_equal(cmasim_check(a), 0);
	assert_int_equal(cmasim_check(b), 0);
	assert_int_equal(cmasim_cma_get_count(cb) -
			 cmasim_cma_get_count(ca), 0);
	assert_null(da->cma_area);
	tst_sim_free(a);
	tst_sim_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_device_create_and_find,
						setup_pc_1g, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_device_set_masks,
						setup_pc_1g, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_device_set_cma_area,
						setup_pc_1g, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_set_cmdline_copies_node_sizes,
						setup_pc_1g, tst_teardown_checked),
		cmocka_unit_test_setup_teardown(test_dma_check_area_not_declared,
						setup_pc_1g, tst_teardown_checked),
		cmocka_unit_test(test_foreign_handles_refused),
	};

	return tst_run_per_version("mapping", tests, NR_OF(tests));
}
