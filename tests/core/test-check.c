// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/core/check.c: cmasim_check() runs every subsystem's
 * checker (memblock, mm's memmap, the CMA table, the DMA layer's
 * pointers) and fails with -EUCLEAN if any finds a broken invariant,
 * each reporting on the diagnostics channel.  The checkers' own rules
 * are tested in their files (test-memblock, test-memmap_check, test-cma,
 * dma/test-mapping); here: that each is reached, that one failure does
 * not hide another, and that the check changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/cma.h"
#include "dma/mapping.h"

/* A booted 1 GiB pc of the version with cma=64M: every subsystem has state. */
static int setup_booted(void **state)
{
	*state = tst_boot_pc(tst_state_version(state), UINT64_C(1) << 30, 1,
			     "cma=64M", NULL);
	return 0;
}

/* Diagnostics from @from on that contain @needle. */
static bool diag_since(const struct cmasim *sim, size_t from,
		       const char *needle)
{
	for (size_t i = from; i < cmasim_diag_count(sim); i++)
		if (strstr(cmasim_diag_line(sim, i, NULL), needle))
			return true;
	return false;
}

/* Expect -EINVAL for NULL, 0 for a fresh and for a booted instance. */
static void test_check_clean_instances(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim *fresh = tst_sim_new(NULL, tst_kernel_name(sim), NULL);

	assert_errno(cmasim_check(NULL), -EINVAL);
	assert_int_equal(cmasim_check(fresh), 0);
	assert_int_equal(cmasim_check(sim), 0);
	assert_false(tst_diag_contains(sim, "cmasim bug:"));
	tst_sim_free(fresh);
}

/*
 * One invariant broken per subsystem, one at a time:
 *   memblock  reserved.total_size + 1
 *   mm        totalram_pages + 1 ... (a zone's NR_FREE_PAGES + 1)
 *   cma       totalcma_pages + 1
 *   dma       dma_contiguous_default_area not a declared area
 * Expect -EUCLEAN and that subsystem's "cmasim bug:" line each time, and
 * 0 once mended.
 */
static void test_check_reaches_every_checker(void **state)
{
	struct cmasim *sim = *state;
	struct cms_zone *z = cms_pfn_zone(sim, 0x2000);
	struct cmasim_cma bogus = { .name = "bogus" };
	struct cmasim_cma *saved = sim->dma->default_area;
	size_t nd;

	nd = cmasim_diag_count(sim);
	sim->memblock->reserved.total_size++;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(diag_since(sim, nd, "total_size"));
	sim->memblock->reserved.total_size--;
	assert_int_equal(cmasim_check(sim), 0);

	nd = cmasim_diag_count(sim);
	z->vm[CMS_ZS_NR_FREE_PAGES]++;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(diag_since(sim, nd, "cmasim bug: mm: "));
	z->vm[CMS_ZS_NR_FREE_PAGES]--;
	assert_int_equal(cmasim_check(sim), 0);

	nd = cmasim_diag_count(sim);
	sim->mm->totalcma_pages++;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(diag_since(sim, nd, "cmasim bug: cma: totalcma_pages"));
	sim->mm->totalcma_pages--;
	assert_int_equal(cmasim_check(sim), 0);

	nd = cmasim_diag_count(sim);
	sim->dma->default_area = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(diag_since(sim, nd, "dma: dma_contiguous_default_area is not a declared area"));
	sim->dma->default_area = saved;
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 * memblock and the DMA layer broken at once.
 * Expect one -EUCLEAN with both subsystems' lines: the first failure
 * does not stop the other checkers.
 */
static void test_check_reports_every_failure(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma bogus = { .name = "bogus" };
	struct cmasim_cma *saved = sim->dma->default_area;
	size_t nd = cmasim_diag_count(sim);

	sim->memblock->reserved.total_size++;
	sim->dma->default_area = &bogus;
	assert_errno(cmasim_check(sim), -EUCLEAN);
	assert_true(diag_since(sim, nd, "total_size"));
	assert_true(diag_since(sim, nd, "dma: dma_contiguous_default_area is not a declared area"));
	sim->memblock->reserved.total_size--;
	sim->dma->default_area = saved;
	assert_int_equal(cmasim_check(sim), 0);
}

/*
 * Expect a check to change nothing: the same free pages, the same dmesg
 * and no diagnostic on a clean instance, however often it runs.
 */
static void test_check_changes_nothing(void **state)
{
	struct cmasim *sim = *state;
	size_t nl = cmasim_dmesg_count(sim), nd = cmasim_diag_count(sim);
	uint64_t free0 = 0, free1 = 0;

	assert_int_equal(cmasim_stat_get(sim, "nr_free_pages", &free0), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(cmasim_check(sim), 0);
	assert_int_equal(cmasim_stat_get(sim, "nr_free_pages", &free1), 0);
	assert_int_equal(free1, free0);
	assert_int_equal(cmasim_dmesg_count(sim), nl);
	assert_int_equal(cmasim_diag_count(sim), nd);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_booted, tst_teardown_checked)
	const struct CMUnitTest tests[] = {
		T(test_check_clean_instances),
		T(test_check_reaches_every_checker),
		T(test_check_reports_every_failure),
		T(test_check_changes_nothing),
	};
#undef T

	return tst_run_per_version("check", tests, NR_OF(tests));
}
