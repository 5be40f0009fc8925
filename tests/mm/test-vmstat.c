// SPDX-License-Identifier: GPL-2.0-only
/* vmstat counters (lib/stats.c): names, sums over zones, events. */
#include "config.h"

#include <cmasim/cmasim.h>

#include "mm-helpers.h"
#include "mm/vmstat.h"

/* Expect nr_free_pages to equal the zones' sum and totalram at boot. */
static void test_stat_get_nr_free_pages(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	uint64_t v;

	assert_errno(cmasim_stat_get(sim, "nr_free_pages", &v), 0);
	assert_int_equal(v, cmasim_totalram_pages(sim));
	assert_errno(cmasim_stat_get(sim, "nr_free_cma", &v), 0);
	assert_int_equal(v, 0);
	tst_sim_free(sim);
}

/* Expect pgalloc_<zone> and pgfree to count pages of each call. */
static void test_stat_get_events(void **state)
{
	struct cmasim *sim = tst_small_x86("6.1");
	uint64_t v, boot, pfn = tst_alloc(sim, CMASIM_GFP_KERNEL | CMASIM_GFP_DMA, 3);

	assert_errno(cmasim_stat_get(sim, "pgalloc_dma", &v), 0);
	assert_int_equal(v, 8);
	assert_errno(cmasim_stat_get(sim, "pgalloc_dma32", &v), 0);
	assert_int_equal(v, 0);
	/* the boot frees count too (__free_pages_ok) */
	assert_errno(cmasim_stat_get(sim, "pgfree", &boot), 0);
	assert_int_equal(boot, cmasim_totalram_pages(sim));
	assert_errno(cmasim_free_pages(sim, pfn, 3), 0);
	assert_errno(cmasim_stat_get(sim, "pgfree", &v), 0);
	assert_int_equal(v, boot + 8);
	assert_errno(cmasim_stat_get(sim, "numa_hit", &v), 0);
	assert_int_equal(v, 1);
	tst_sim_free(sim);
}

/* Expect -ENOENT for an unknown name and -EINVAL for NULL. */
static void test_stat_get_errors(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	uint64_t v = 7;

	assert_errno(cmasim_stat_get(sim, "nr_bogus", &v), -ENOENT);
	assert_errno(cmasim_stat_get(sim, NULL, &v), -EINVAL);
	assert_errno(cmasim_stat_get(sim, "pgfree", NULL), -EINVAL);
	/* before boot every counter reads 0 */
	assert_errno(cmasim_stat_get(sim, "pgfree", &v), 0);
	assert_int_equal(v, 0);
	assert_string_equal(cms_zone_stat_name(CMS_ZS_NR_FREE_CMA_PAGES), "nr_free_cma");
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_get_nr_free_pages),
		cmocka_unit_test(test_stat_get_events),
		cmocka_unit_test(test_stat_get_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
