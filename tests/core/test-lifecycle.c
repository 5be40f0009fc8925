// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/lifecycle.c: cmasim_create()/cmasim_destroy(), the
 * geometry each arch and version profile gives a new instance
 * (PAGE_SHIFT, top order, pageblock_order), the instance PRNG seeded
 * from the config, and NULL arguments.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/log.h"

static int setup_x86_64(void **state)
{
	*state = tst_sim_new("x86_64", tst_state_version(state), NULL);
	return 0;
}

/* Expect x86_64 to have 4 KiB pages, order 10 as the top order on both
 * versions (6.1 MAX_ORDER 11 exclusive) and 2 MiB pageblocks. */
static void test_sim_geometry_x86_64(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_page_size(sim), 4096);
	assert_int_equal(cmasim_max_page_order(sim), 10);
	assert_int_equal(cmasim_pageblock_order(sim), 9);
}

/* Expect arm64 64K pages: ARCH_FORCE_MAX_ORDER 14 (6.1, exclusive) and
 * 13 (6.12, inclusive) both give top order 13 and 512 MiB pageblocks. */
static void test_sim_geometry_arm64_64k(void **state)
{
	struct cmasim *a = tst_sim_new("arm64-64k", "6.1", NULL);
	struct cmasim *b = tst_sim_new("arm64-64k", "6.12", NULL);

	assert_int_equal(cmasim_page_size(a), 65536);
	assert_int_equal(cmasim_max_page_order(a), 13);
	assert_int_equal(cmasim_max_page_order(b), 13);
	assert_int_equal(cmasim_pageblock_order(a), 13);
	assert_int_equal(cmasim_pageblock_order(b), 13);
	tst_sim_free(a);
	tst_sim_free(b);
}

/* Expect arm64 16K pages: top order 11, pageblock order 11 (32 MiB). */
static void test_sim_geometry_arm64_16k(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64-16k", NULL, NULL);

	assert_int_equal(cmasim_page_size(sim), 16384);
	assert_int_equal(cmasim_max_page_order(sim), 11);
	assert_int_equal(cmasim_pageblock_order(sim), 11);
	tst_sim_free(sim);
}

/* Expect 32-bit arm without hugetlb: pageblock_order = top order (10). */
static void test_sim_geometry_arm_no_hugetlb(void **state)
{
	struct cmasim *sim = tst_sim_new("arm", "6.12", NULL);

	assert_int_equal(cmasim_max_page_order(sim), 10);
	assert_int_equal(cmasim_pageblock_order(sim), 10);
	tst_sim_free(sim);
}

/* Expect a forced top order below the PMD order to shrink pageblocks. */
static void test_sim_geometry_forced_small_max_order(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.12",
					 "ARCH_FORCE_MAX_ORDER=7", NULL);

	assert_int_equal(cmasim_max_page_order(sim), 7);
	assert_int_equal(cmasim_pageblock_order(sim), 7);
	tst_sim_free(sim);
}

/* Expect 6.1 to refuse ARCH_FORCE_MAX_ORDER=1 (no order left). */
static void test_sim_create_rejects_max_order_one_on_61(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	assert_int_equal(cmasim_config_set_arch(cfg, "arm64"), 0);
	assert_int_equal(cmasim_config_set_kernel(cfg, "6.1"), 0);
	assert_int_equal(cmasim_config_set(cfg, "ARCH_FORCE_MAX_ORDER", "1"), 0);
	assert_errno(cmasim_create(cfg, &sim), -EINVAL);
	assert_null(sim);
	cmasim_config_destroy(cfg);
}

/* Expect the default profile to be x86_64 with Linux 6.12. */
static void test_sim_defaults(void **state)
{
	struct cmasim *sim = *state;

	assert_int_equal(cmasim_get_arch(sim), CMASIM_ARCH_X86_64);
	assert_int_equal(cmasim_get_kernel(sim), CMASIM_KERNEL_6_12);
}

/* Expect two instances with one seed to draw the same numbers, and a
 * different seed to draw different ones. */
static void test_sim_rng_is_per_instance_and_seeded(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *a, *b, *c;

	cmasim_config_set_seed(cfg, 42);
	assert_int_equal(cmasim_create(cfg, &a), 0);
	assert_int_equal(cmasim_create(cfg, &b), 0);
	cmasim_config_set_seed(cfg, 43);
	assert_int_equal(cmasim_create(cfg, &c), 0);
	for (int i = 0; i < 100; i++) {
		uint64_t x = cms_rand_u64(&a->rng);

		assert_true(x == cms_rand_u64(&b->rng));
		(void)cms_rand_u64(&c->rng);
	}
	assert_true(cms_rand_u64(&a->rng) != cms_rand_u64(&c->rng));
	for (int i = 0; i < 1000; i++)
		assert_true(cms_rand_below(&a->rng, 7) < 7);
	cmasim_destroy(a);
	cmasim_destroy(b);
	cmasim_destroy(c);
	cmasim_config_destroy(cfg);
}

/* Expect destroy(NULL) and create with NULL arguments to be safe. */
static void test_sim_null_arguments(void **state)
{
	struct cmasim *sim = NULL;

	cmasim_destroy(NULL);
	cmasim_config_destroy(NULL);
	assert_errno(cmasim_create(NULL, &sim), -EINVAL);
}

/*
 * cmasim_get_knob() crashed on a NULL @sim or @value.  Expect -EINVAL for
 * each, and the instance's knob still read.
 */
static void test_sim_get_knob_null_arguments(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	int64_t v;

	assert_errno(cmasim_get_knob(sim, "CMA", NULL), -EINVAL);
	assert_errno(cmasim_get_knob(NULL, "CMA", &v), -EINVAL);
	assert_int_equal(cmasim_get_knob(sim, "CMA", &v), 0);
	assert_int_equal(v, 1);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_geometry_arm64_64k),
		cmocka_unit_test(test_sim_geometry_arm64_16k),
		cmocka_unit_test(test_sim_geometry_arm_no_hugetlb),
		cmocka_unit_test(test_sim_geometry_forced_small_max_order),
		cmocka_unit_test(test_sim_create_rejects_max_order_one_on_61),
		cmocka_unit_test_setup_teardown(test_sim_defaults,
						tst_setup_default, tst_teardown_checked),
		cmocka_unit_test(test_sim_rng_is_per_instance_and_seeded),
		cmocka_unit_test(test_sim_null_arguments),
		cmocka_unit_test(test_sim_get_knob_null_arguments),
	};
	const struct CMUnitTest per_version[] = {
		cmocka_unit_test_setup_teardown(test_sim_geometry_x86_64,
						setup_x86_64,
						tst_teardown_checked),
	};

	return tst_run_groups("lifecycle", tests, NR_OF(tests), per_version,
			      NR_OF(per_version));
}
