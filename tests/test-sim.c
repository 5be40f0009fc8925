// SPDX-License-Identifier: GPL-2.0-only
/* Tests for lib/sim.c and lib/profile.c: lifecycle, geometry, PRNG. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/log.h"

/* Expect x86_64 to have 4 KiB pages, order 10 as the top order on both
 * versions (6.1 MAX_ORDER 11 exclusive) and 2 MiB pageblocks. */
static void test_sim_geometry_x86_64(void **state)
{
	const char *versions[] = { "6.1", "6.12" };

	for (unsigned i = 0; i < 2; i++) {
		struct cmasim *sim = tst_sim_new("x86_64", versions[i], NULL);

		assert_int_equal(cmasim_page_size(sim), 4096);
		assert_int_equal(cmasim_max_page_order(sim), 10);
		assert_int_equal(cmasim_pageblock_order(sim), 9);
		tst_sim_free(sim);
	}
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
 * The calls that crashed on NULL while their siblings returned -EINVAL.
 * Expect -EINVAL from every call that returns an int, "" / NULL / 0 from
 * the getters, and nothing at all from the void ones.
 */
static void test_sim_null_arguments_config_and_logs(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	char buf[16];
	int64_t v;

	assert_errno(cmasim_config_set_arch(NULL, "x86_64"), -EINVAL);
	assert_errno(cmasim_config_set_kernel(NULL, "6.1"), -EINVAL);
	assert_errno(cmasim_config_set(NULL, "CMA", "y"), -EINVAL);
	assert_errno(cmasim_config_get(NULL, "CMA", buf, sizeof(buf)), -EINVAL);
	assert_errno(cmasim_config_get(cfg, "CMA", NULL, 16), -EINVAL);
	assert_string_equal(cmasim_config_error(NULL), "");
	cmasim_config_set_seed(NULL, 1);
	cmasim_config_set_log_handler(NULL, NULL, NULL);
	assert_errno(cmasim_get_knob(sim, "CMA", NULL), -EINVAL);
	assert_errno(cmasim_get_knob(NULL, "CMA", &v), -EINVAL);
	assert_null(cmasim_diag_line(NULL, 0, NULL));
	assert_null(cmasim_dmesg_line(NULL, 0, NULL));
	assert_int_equal(cmasim_diag_count(NULL), 0);
	assert_int_equal(cmasim_dmesg_count(NULL), 0);
	cmasim_dmesg_print(sim, NULL);
	cmasim_dmesg_print(NULL, stdout);
	cmasim_dmesg_write(sim, NULL, NULL);
	cmasim_diag_write(sim, NULL, NULL);
	cmasim_diag_write(NULL, NULL, NULL);
	cmasim_dmesg_clear(NULL);
	/* the instance and the config are untouched */
	assert_int_equal(cmasim_get_knob(sim, "CMA", &v), 0);
	assert_int_equal(cmasim_config_get(cfg, "CMA", buf, sizeof(buf)), 0);
	tst_sim_free(sim);
	cmasim_config_destroy(cfg);
}

static int handler_calls[2];

static void count_handler(enum cmasim_log_channel ch, int level,
			  const char *text, void *data)
{
	handler_calls[ch]++;
}

/* Expect dmesg and diagnostics to stay apart, and the handler to see both. */
static void test_log_channels_are_separate(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim;

	memset(handler_calls, 0, sizeof(handler_calls));
	cmasim_config_set_log_handler(cfg, count_handler, NULL);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cms_printk(sim, CMASIM_LOG_INFO, "cma: one\ncma: two\n");
	cms_client_bug(sim, "bad input %d", 7);
	assert_int_equal(cmasim_dmesg_count(sim), 2);
	assert_string_equal(cmasim_dmesg_line(sim, 1, NULL), "cma: two");
	assert_int_equal(cmasim_diag_count(sim), 1);
	assert_string_equal(cmasim_diag_line(sim, 0, NULL), "client bug: bad input 7");
	assert_int_equal(handler_calls[CMASIM_CHANNEL_DMESG], 2);
	assert_int_equal(handler_calls[CMASIM_CHANNEL_DIAG], 1);
	cmasim_dmesg_clear(sim);
	assert_int_equal(cmasim_dmesg_count(sim), 0);
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
}

/* Expect the ring to drop the oldest messages past 2^LOG_BUF_SHIFT bytes. */
static void test_log_ring_drops_oldest(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, "LOG_BUF_SHIFT=12", NULL);
	int level;

	for (int i = 0; i < 1000; i++)
		cms_printk(sim, CMASIM_LOG_WARNING, "message number %04d", i);
	/* 20 bytes a record with the NUL: 4096 / 20 = 204 kept */
	assert_int_equal(cmasim_dmesg_count(sim), 204);
	assert_string_equal(cmasim_dmesg_line(sim, 203, &level), "message number 0999");
	assert_int_equal(level, CMASIM_LOG_WARNING);
	assert_string_equal(cmasim_dmesg_line(sim, 0, NULL), "message number 0796");
	assert_null(cmasim_dmesg_line(sim, 204, NULL));
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_geometry_x86_64),
		cmocka_unit_test(test_sim_geometry_arm64_64k),
		cmocka_unit_test(test_sim_geometry_arm64_16k),
		cmocka_unit_test(test_sim_geometry_arm_no_hugetlb),
		cmocka_unit_test(test_sim_geometry_forced_small_max_order),
		cmocka_unit_test(test_sim_create_rejects_max_order_one_on_61),
		cmocka_unit_test_setup_teardown(test_sim_defaults,
						tst_setup_default, tst_teardown_checked),
		cmocka_unit_test(test_sim_rng_is_per_instance_and_seeded),
		cmocka_unit_test(test_sim_null_arguments),
		cmocka_unit_test(test_sim_null_arguments_config_and_logs),
		cmocka_unit_test(test_log_channels_are_separate),
		cmocka_unit_test(test_log_ring_drops_oldest),
	};

	return cmocka_run_group_tests_name("sim", tests, NULL, NULL);
}
