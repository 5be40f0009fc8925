// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/cma_sysfs.c: the files of /sys/kernel/mm/cma/<area>/
 * (mm/cma_sysfs.c) as kernfs serves them: alloc_pages_success and
 * alloc_pages_fail on both versions, release_pages_success on 6.12 only,
 * each read-only and showing its own area's counter ("%lu\n").  Two areas
 * on one running machine, so that a file is seen to read its own
 * directory's area.  The debugfs side and the captures' figures are in
 * test-cma_debug.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "core/fs_attr.h"
#include "core/kconfig.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define MiB (UINT64_C(1) << 20)

/*
 *   1M              64M    68M   96M   100M             256M
 *   [ memory ......[ a  ]......[ b  ]....................]
 * Areas "a" and "b" of 4 MiB (1024 pages each), activated over the page
 * allocator.
 */
static int setup_two_areas(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, tst_state_version(state), NULL);
	struct cmasim_cma *a = NULL, *b = NULL;

	assert_int_equal(cms_memblock_add_node(sim, MiB, 255 * MiB, 0, 0, "t"), 0);
	assert_int_equal(cms_cma_declare_contiguous_nid(sim, 64 * MiB, 4 * MiB,
							0, 0, 0, true, "a", &a,
							CMASIM_NUMA_NO_NODE,
							NULL), 0);
	assert_int_equal(cms_cma_declare_contiguous_nid(sim, 96 * MiB, 4 * MiB,
							0, 0, 0, true, "b", &b,
							CMASIM_NUMA_NO_NODE,
							NULL), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	cmasim_dmesg_clear(sim);
	*state = sim;
	return 0;
}

/* The text of @path, or fail the test. */
static void read_is(struct cmasim *sim, const char *path, const char *want)
{
	int err = 0;
	char *t = tst_file_text(sim, path, &err);

	if (!t)
		fail_msg("%s: %s", path, tst_errno_name(err));
	assert_string_equal(t, want);
	free(t);
}

/*
 * Expect the table of mm/cma_sysfs.c: three read-only attributes, the
 * release counter on 6.12 only, every one with a show function and no
 * store.
 */
static void test_cma_sysfs_file_table(void **state)
{
	(void)state;
	assert_int_equal(cms_cma_sysfs_nr_files, 3);
	assert_string_equal(cms_cma_sysfs_files[0].name, "alloc_pages_success");
	assert_string_equal(cms_cma_sysfs_files[1].name, "alloc_pages_fail");
	assert_string_equal(cms_cma_sysfs_files[2].name, "release_pages_success");
	for (unsigned int i = 0; i < cms_cma_sysfs_nr_files; i++) {
		assert_int_equal(cms_cma_sysfs_files[i].kind, CMS_KFS_SYSFS_RO);
		assert_non_null(cms_cma_sysfs_files[i].get);
		assert_null(cms_cma_sysfs_files[i].set);
	}
	assert_int_equal(cms_cma_sysfs_files[0].versions, CMS_VALL);
	assert_int_equal(cms_cma_sysfs_files[1].versions, CMS_VALL);
	assert_int_equal(cms_cma_sysfs_files[2].versions, CMS_V612);
}

/*
 *   a: cma_alloc(16) ok, then cma_release(16)
 *   b: filled (1024), then cma_alloc(8, NO_WARN) fails
 * Expect each area's directory to show its own counts: a success 16,
 * fail 0; b success 1024, fail 8; release_pages_success 16 and 0 on
 * 6.12, no such file on 6.1.
 */
static void test_cma_sysfs_counts_per_area(void **state)
{
	struct cmasim *sim = *state;
	struct cmasim_cma *a = cmasim_cma_find(sim, "a");
	struct cmasim_cma *b = cmasim_cma_find(sim, "b");
	cmasim_pfn_t pa, pb;
	int err = 0;

	assert_int_equal(cmasim_cma_alloc(sim, a, 16, 0, 0, &pa), 0);
	assert_int_equal(cmasim_cma_release(sim, a, pa, 16), 0);
	assert_int_equal(cmasim_cma_alloc(sim, b, 1024, 0, 0, &pb), 0);
	assert_errno(cmasim_cma_alloc(sim, b, 8, 0, CMASIM_CMA_NO_WARN, &pb),
		     -ENOMEM);
	read_is(sim, "/sys/kernel/mm/cma/a/alloc_pages_success", "16\n");
	read_is(sim, "/sys/kernel/mm/cma/a/alloc_pages_fail", "0\n");
	read_is(sim, "/sys/kernel/mm/cma/b/alloc_pages_success", "1024\n");
	read_is(sim, "/sys/kernel/mm/cma/b/alloc_pages_fail", "8\n");
	if (tst_v61(sim)) {
		assert_null(tst_file_text(sim, "/sys/kernel/mm/cma/a/release_pages_success",
					  &err));
		assert_errno(err, -ENOENT);
	} else {
		read_is(sim, "/sys/kernel/mm/cma/a/release_pages_success", "16\n");
		read_is(sim, "/sys/kernel/mm/cma/b/release_pages_success", "0\n");
	}
}

/* Expect every sysfs attribute to refuse writes (-EACCES), values kept. */
static void test_cma_sysfs_read_only(void **state)
{
	struct cmasim *sim = *state;

	assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/a/alloc_pages_success", "5"),
		     -EACCES);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/a/alloc_pages_fail", "5"),
		     -EACCES);
	read_is(sim, "/sys/kernel/mm/cma/a/alloc_pages_success", "0\n");
	read_is(sim, "/sys/kernel/mm/cma/a/alloc_pages_fail", "0\n");
	if (!tst_v61(sim))
		assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/b/release_pages_success", "1"),
			     -EACCES);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_cma_sysfs_file_table),
	};
#define T(f) cmocka_unit_test_setup_teardown(f, setup_two_areas, tst_teardown_checked)
	const struct CMUnitTest per_version[] = {
		T(test_cma_sysfs_counts_per_area),
		T(test_cma_sysfs_read_only),
	};
#undef T

	return tst_run_groups("cma_sysfs", plain, NR_OF(plain), per_version,
			      NR_OF(per_version));
}
