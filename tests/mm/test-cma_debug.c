// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/mm/cma_debug.c through cmasim_file_read/write: the files
 * of a CMA area in debugfs (/sys/kernel/debug/cma/<area>/: alloc, free,
 * base_pfn, count, order_per_bit, used, maxchunk, bitmap; mm/cma_debug.c)
 * and sysfs (/sys/kernel/mm/cma/<area>/: alloc_pages_success,
 * alloc_pages_fail, and release_pages_success on 6.12 only;
 * mm/cma_sysfs.c), on booted qemu "pc" machines.
 *
 * Expected figures: the real captures' DEBUGFS_CMA, SYS_KERNEL_MM_CMA and
 * CMA_EXERCISE sections (s04 and s43, transcribed), and the kernel's
 * rules: `int pages = val` before cma_alloc()/cma_free_mem(); cma_free_mem()
 * pops the most recent allocation first, releasing the head pages of a
 * larger one when order_per_bit is 0; simple_attr files without get/set
 * give -EACCES, the u32 array has no write (-EINVAL), sysfs attributes
 * without store refuse writes (-EACCES); and where the versions differ,
 * 6.1's cma_alloc() accounts a failure for count 0 and for a count
 * beyond the area ("goto out"), 6.12's __cma_alloc() returns before any
 * accounting.  Every table runs once per kernel version.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))
#define GiB (UINT64_C(1) << 30)
#define DFS "/sys/kernel/debug/cma/reserved/"
#define SFS "/sys/kernel/mm/cma/reserved/"

static int setup(void **state)
{
	return tst_setup_version(state);
}

static int teardown(void **state)
{
	return tst_teardown_checked(state);
}

static bool is_v61(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
}

/* A 1 GiB pc booted with cma=64M (s04): "reserved" at pfn 0x3be00. */
static struct cmasim *boot_s04(void **state, const char *knob)
{
	return tst_boot_pc(tst_kernel_name(*state), GiB, 1, "cma=64M", knob,
			   NULL);
}

/* The file's text, which must be readable. */
static char *rd(struct cmasim *sim, const char *path)
{
	int err = 0;
	char *t = tst_file_text(sim, path, &err);

	if (!t)
		fail_msg("read %s: %s", path, tst_errno_name(err));
	return t;
}

static void assert_file(struct cmasim *sim, const char *path,
			const char *want)
{
	char *t = rd(sim, path);

	if (strcmp(t, want))
		fail_msg("%s reads \"%s\", expected \"%s\"", path, t, want);
	free(t);
}

static int rd_errno(struct cmasim *sim, const char *path)
{
	int err = 0;
	char *t = tst_file_text(sim, path, &err);

	free(t);
	return err;
}

/* The first @n words of the area's bitmap, "%u" joined by spaces. */
static void assert_bitmap_head(struct cmasim *sim, const char *want)
{
	char *t = rd(sim, DFS "bitmap");
	size_t n = strlen(want);

	if (strncmp(t, want, n) || t[n] != ' ')
		fail_msg("bitmap begins \"%.60s\", expected \"%s\"", t, want);
	free(t);
}

/* used and maxchunk, as the capture's STATE lines give them. */
static void assert_state(struct cmasim *sim, const char *used,
			 const char *maxchunk, const char *head)
{
	assert_file(sim, DFS "used", used);
	assert_file(sim, DFS "maxchunk", maxchunk);
	assert_bitmap_head(sim, head);
}

/* ---- Reading every file ---- */

/*
 *   reserved: pfn 245248 (0x3be00) .. +16384 pages; the DMA atomic
 *   pools took its first 64 pages at boot (s04 on both versions)
 *   bitmap: 16384 bits = 512 u32 words: 0xffffffff 0xffffffff 0 ... 0
 * Expect s04's debugfs values, the write-only files refusing reads with
 * -EACCES, and the u32 array's format: spaces between, '\n' after.
 */
static void test_debugfs_files_after_boot(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);
	char *bitmap;
	unsigned int words = 0, nonzero = 0;
	char *save = NULL;

	assert_errno(rd_errno(sim, DFS "alloc"), -EACCES);
	assert_errno(rd_errno(sim, DFS "free"), -EACCES);
	assert_file(sim, DFS "base_pfn", "245248\n");
	assert_file(sim, DFS "count", "16384\n");
	assert_file(sim, DFS "order_per_bit", "0\n");
	assert_file(sim, DFS "used", "64\n");
	assert_file(sim, DFS "maxchunk", "16320\n");
	bitmap = rd(sim, DFS "bitmap");
	assert_int_equal(bitmap[strlen(bitmap) - 1], '\n');
	assert_null(strstr(bitmap, "  "));
	assert_null(strstr(bitmap, " \n"));
	for (char *w = strtok_r(bitmap, " \n", &save); w;
	     w = strtok_r(NULL, " \n", &save)) {
		if (words < 2)
			assert_string_equal(w, "4294967295");
		else
			nonzero += strcmp(w, "0") != 0;
		words++;
	}
	assert_int_equal(words, 512);
	assert_int_equal(nonzero, 0);
	free(bitmap);
	tst_sim_free(sim);
}

/*
 *   6.1 sysfs:  alloc_pages_success 64, alloc_pages_fail 0
 *   6.12 sysfs: the same, and release_pages_success 0
 * Expect s04's sysfs values and each version's file set.
 */
static void test_sysfs_files_after_boot(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_file(sim, SFS "alloc_pages_success", "64\n");
	assert_file(sim, SFS "alloc_pages_fail", "0\n");
	if (is_v61(sim))
		assert_errno(rd_errno(sim, SFS "release_pages_success"),
			     -ENOENT);
	else
		assert_file(sim, SFS "release_pages_success", "0\n");
	assert_errno(rd_errno(sim, SFS "total_pages"), -ENOENT);
	assert_errno(rd_errno(sim, SFS "available_pages"), -ENOENT);
	tst_sim_free(sim);
}

/*
 *   2 x 1 GiB, 6.12, cma_pernuma=16M, DMA_NUMA_CMA (s43):
 *   pernuma0 pfn 257536 x 4096, pernuma1 pfn 519680 x 4096, no "reserved"
 * Expect one directory per area, named after it, with its own numbers.
 */
static void test_one_directory_per_area(void **state)
{
	struct cmasim *sim;
	char *bitmap;
	unsigned int words = 0;

	if (!strcmp(tst_kernel_name(*state), "6.1"))
		return;	/* 6.1 reserves per-node areas on arm64 only */
	sim = tst_boot_pc("6.12", 2 * GiB, 2, "cma_pernuma=16M",
			  "DMA_NUMA_CMA=y", NULL);
	assert_file(sim, "/sys/kernel/debug/cma/pernuma0/base_pfn", "257536\n");
	assert_file(sim, "/sys/kernel/debug/cma/pernuma0/count", "4096\n");
	assert_file(sim, "/sys/kernel/debug/cma/pernuma0/used", "0\n");
	assert_file(sim, "/sys/kernel/debug/cma/pernuma0/maxchunk", "4096\n");
	assert_file(sim, "/sys/kernel/debug/cma/pernuma1/base_pfn", "519680\n");
	assert_file(sim, "/sys/kernel/debug/cma/pernuma1/count", "4096\n");
	assert_file(sim, "/sys/kernel/mm/cma/pernuma1/alloc_pages_success",
		    "0\n");
	assert_errno(rd_errno(sim, DFS "count"), -ENOENT);
	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma/pernuma1"), -EISDIR);
	bitmap = rd(sim, "/sys/kernel/debug/cma/pernuma1/bitmap");
	for (char *p = bitmap; *p; p++)
		words += *p == ' ' || *p == '\n';
	assert_int_equal(words, 128);
	free(bitmap);
	tst_sim_free(sim);
}

/* ---- alloc and free ---- */

/*
 *   s04's CMA_EXERCISE, step by step (used / maxchunk / bitmap head):
 *   alloc 1     65 / 16319    ... 1 0 ...
 *   alloc 512   577 / 15807   alloc 1000  1577 / 14807
 *   free 1000   577 / 15807   (the most recent allocation goes first)
 *   alloc 3     580 / 15804   free 1e8    64 / 16320 (everything)
 *   alloc 16384 fails (64 pages are the pools')  alloc 16385 fails
 *   alloc 16320 16384 / 0     alloc 8192 8256 / 8128, again: fails
 *   alloc 1     8257 / 8127   free 1e8    64 / 16320
 *   sysfs: success 26093; fail 40961 (6.1) / 24576 (6.12: 16385 is more
 *   than the area and never reaches the accounting)
 * Expect the capture's states after every write and its counters.
 */
static void test_debugfs_exercise_s04(void **state)
{
	const char *full = "4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295";
	const char *boot = "4294967295 4294967295 0 0 0 0 0 0";
	struct cmasim *sim = boot_s04(state, NULL);
	bool v61 = is_v61(sim);

	assert_state(sim, "64\n", "16320\n", boot);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "1"), 0);
	assert_state(sim, "65\n", "16319\n",
		     "4294967295 4294967295 1 0 0 0 0 0");
	assert_errno(cmasim_file_write(sim, DFS "alloc", "512"), 0);
	assert_state(sim, "577\n", "15807\n", full);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "1000"), 0);
	assert_state(sim, "1577\n", "14807\n", full);
	assert_errno(cmasim_file_write(sim, DFS "free", "1000"), 0);
	assert_state(sim, "577\n", "15807\n", full);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "3"), 0);
	assert_state(sim, "580\n", "15804\n", full);
	assert_errno(cmasim_file_write(sim, DFS "free", "100000000"), 0);
	assert_state(sim, "64\n", "16320\n", boot);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "16384"), -ENOMEM);
	assert_state(sim, "64\n", "16320\n", boot);
	assert_errno(cmasim_file_write(sim, DFS "free", "100000000"), 0);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "16385"), -ENOMEM);
	assert_state(sim, "64\n", "16320\n", boot);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "16320"), 0);
	assert_state(sim, "16384\n", "0\n", full);
	assert_errno(cmasim_file_write(sim, DFS "free", "100000000"), 0);
	assert_state(sim, "64\n", "16320\n", boot);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "8192"), 0);
	assert_state(sim, "8256\n", "8128\n", full);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "8192"), -ENOMEM);
	assert_state(sim, "8256\n", "8128\n", full);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "1"), 0);
	assert_state(sim, "8257\n", "8127\n", full);
	assert_errno(cmasim_file_write(sim, DFS "free", "100000000"), 0);
	assert_state(sim, "64\n", "16320\n", boot);
	assert_file(sim, SFS "alloc_pages_success", "26093\n");
	assert_file(sim, SFS "alloc_pages_fail", v61 ? "40961\n" : "24576\n");
	/* every page the exercise took came back: 1000 + 516 + 16320 + 8193 */
	if (!v61)
		assert_file(sim, SFS "release_pages_success", "26029\n");
	tst_sim_free(sim);
}

/*
 *   bits 0..63 pools | alloc 10 -> bits 64..73 | alloc 20 -> 74..93
 *   free 25: the 20 go back whole, then the first 5 of the 10
 *   word 2 (bits 64..95) = bits 5..9 = 0x3e0 = 992; free from bit 74 on
 * Expect cma_free_mem() to release the head pages of an allocation that
 * is larger than what is left to free (order_per_bit 0), and a second
 * free to give back the rest.
 */
static void test_debugfs_free_partial(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_errno(cmasim_file_write(sim, DFS "alloc", "10"), 0);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "20"), 0);
	assert_state(sim, "94\n", "16290\n",
		     "4294967295 4294967295 1073741823 0");
	assert_errno(cmasim_file_write(sim, DFS "free", "25"), 0);
	assert_state(sim, "69\n", "16310\n",
		     "4294967295 4294967295 992 0");
	assert_errno(cmasim_file_write(sim, DFS "free", "5"), 0);
	assert_state(sim, "64\n", "16320\n", "4294967295 4294967295 0 0");
	/* nothing left on the list: a free does nothing */
	assert_errno(cmasim_file_write(sim, DFS "free", "100"), 0);
	assert_file(sim, DFS "used", "64\n");
	if (!is_v61(sim))
		assert_file(sim, SFS "release_pages_success", "30\n");
	tst_sim_free(sim);
}

/*
 *   free 4294967295: `int count = val` is -1; compared with the
 *   allocations' unsigned long sizes it is ULONG_MAX: every one goes
 * Expect a write of 2^32 - 1 to free everything on the list.
 */
static void test_debugfs_free_minus_one_frees_all(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_errno(cmasim_file_write(sim, DFS "alloc", "5"), 0);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "7"), 0);
	assert_file(sim, DFS "used", "76\n");
	assert_errno(cmasim_file_write(sim, DFS "free", "4294967295"), 0);
	assert_file(sim, DFS "used", "64\n");
	tst_sim_free(sim);
}

/*
 *   alloc 0          6.1: "goto out": CMA_ALLOC_FAIL, fail += 0
 *                    6.12: returns before the accounting
 *   alloc 16385      6.1: fail += 16385        6.12: nothing
 *   alloc 4294967296 `int pages` = 0: as alloc 0
 * Expect -ENOMEM for each, and each version's accounting in sysfs and
 * in the cma_alloc_fail event.
 */
static void test_debugfs_alloc_refused_accounting(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);
	bool v61 = is_v61(sim);
	uint64_t ev0 = 0, ev = 0;

	assert_int_equal(cmasim_stat_get(sim, "cma_alloc_fail", &ev0), 0);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "0"), -ENOMEM);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "4294967296"),
		     -ENOMEM);
	assert_file(sim, SFS "alloc_pages_fail", "0\n");
	assert_int_equal(cmasim_stat_get(sim, "cma_alloc_fail", &ev), 0);
	assert_int_equal(ev - ev0, v61 ? 2 : 0);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "16385"), -ENOMEM);
	assert_file(sim, SFS "alloc_pages_fail", v61 ? "16385\n" : "0\n");
	assert_int_equal(cmasim_stat_get(sim, "cma_alloc_fail", &ev), 0);
	assert_int_equal(ev - ev0, v61 ? 3 : 0);
	assert_file(sim, DFS "used", "64\n");
	assert_file(sim, SFS "alloc_pages_success", "64\n");
	tst_sim_free(sim);
}

/*
 *   alloc 4294967295: `int pages` = -1, cma_alloc(cma, ULONG_MAX): more
 *   than the area; 6.1 adds ULONG_MAX to nr_pages_failed (it wraps to
 *   -1, which sysfs prints with %llu), 6.12 returns before
 * Expect -ENOMEM and each version's counter.
 */
static void test_debugfs_alloc_minus_one(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_errno(cmasim_file_write(sim, DFS "alloc", "4294967295"),
		     -ENOMEM);
	assert_file(sim, SFS "alloc_pages_fail",
		    is_v61(sim) ? "18446744073709551615\n" : "0\n");
	assert_file(sim, DFS "used", "64\n");
	tst_sim_free(sim);
}

/*
 *   simple_attr_write(): kstrtoull(base 0) of the first 23 bytes
 *   "0x10" = 16 pages, "010" = 8 pages, "7\n" = 7 pages
 * Expect the kernel's number parsing for alloc and free.
 */
static void test_debugfs_write_number_forms(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_errno(cmasim_file_write(sim, DFS "alloc", "0x10"), 0);
	assert_file(sim, DFS "used", "80\n");
	assert_errno(cmasim_file_write(sim, DFS "alloc", "010"), 0);
	assert_file(sim, DFS "used", "88\n");
	assert_errno(cmasim_file_write(sim, DFS "alloc", "7\n"), 0);
	assert_file(sim, DFS "used", "95\n");
	assert_errno(cmasim_file_write(sim, DFS "free", "0x1f"), 0);
	assert_file(sim, DFS "used", "64\n");
	tst_sim_free(sim);
}

/* ---- Errors ---- */

/*
 *   debugfs attrs without set (base_pfn ... maxchunk): -EACCES
 *   debugfs bitmap (u32 array, no write method): -EINVAL
 *   sysfs attributes (no store): -EACCES
 *   a value that is no number: -EINVAL; past 64 bits: -ERANGE
 * Expect each refusal, and the area unchanged.
 */
static void test_write_errors(void **state)
{
	static const char *const ro[] = {
		DFS "base_pfn", DFS "count", DFS "order_per_bit", DFS "used",
		DFS "maxchunk",
	};
	struct cmasim *sim = boot_s04(state, NULL);

	for (size_t i = 0; i < NR_OF(ro); i++)
		assert_errno(cmasim_file_write(sim, ro[i], "1"), -EACCES);
	assert_errno(cmasim_file_write(sim, DFS "bitmap", "1"), -EINVAL);
	assert_errno(cmasim_file_write(sim, SFS "alloc_pages_success", "1"),
		     -EACCES);
	assert_errno(cmasim_file_write(sim, SFS "alloc_pages_fail", "1"),
		     -EACCES);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "abc"), -EINVAL);
	assert_errno(cmasim_file_write(sim, DFS "alloc", ""), -EINVAL);
	assert_errno(cmasim_file_write(sim, DFS "alloc", "-1"), -EINVAL);
	assert_errno(cmasim_file_write(sim, DFS "free", "x"), -EINVAL);
	assert_errno(cmasim_file_write(sim, DFS "alloc",
				       "99999999999999999999"), -ERANGE);
	assert_file(sim, DFS "used", "64\n");
	assert_file(sim, DFS "base_pfn", "245248\n");
	assert_file(sim, SFS "alloc_pages_fail", "0\n");
	tst_sim_free(sim);
}

/*
 *   /sys/kernel/debug/cma, .../cma/reserved, /sys/kernel/mm/cma,
 *   .../cma/reserved: directories (-EISDIR)
 *   .../cma/nosuch/used, .../reserved/nosuch, .../reserved/used/x: -ENOENT
 * Expect the directory and missing-path errnos for reads and writes.
 */
static void test_paths_enoent_eisdir(void **state)
{
	struct cmasim *sim = boot_s04(state, NULL);

	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma"), -EISDIR);
	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma/reserved"), -EISDIR);
	assert_errno(rd_errno(sim, "/sys/kernel/mm/cma"), -EISDIR);
	assert_errno(rd_errno(sim, "/sys/kernel/mm/cma/reserved"), -EISDIR);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved",
				       "1"), -EISDIR);
	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma/nosuch/used"),
		     -ENOENT);
	assert_errno(rd_errno(sim, DFS "nosuch"), -ENOENT);
	assert_errno(rd_errno(sim, DFS "used/x"), -ENOENT);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/nosuch/alloc",
				       "1"), -ENOENT);
	assert_errno(rd_errno(sim, SFS "nosuch"), -ENOENT);
	tst_sim_free(sim);
}

/*
 *   no cma= on x86 (CMA_SIZE_MBYTES 0): no area, but cma_debugfs_init()
 *   and cma_sysfs_init() still create their "cma" directories
 * Expect the two empty directories and no area below them.
 */
static void test_no_area_empty_directories(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1, "",
					 NULL);

	assert_int_equal(cmasim_cma_area_count(sim), 0);
	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma"), -EISDIR);
	assert_errno(rd_errno(sim, "/sys/kernel/mm/cma"), -EISDIR);
	assert_errno(rd_errno(sim, DFS "count"), -ENOENT);
	assert_errno(rd_errno(sim, SFS "alloc_pages_fail"), -ENOENT);
	tst_sim_free(sim);
}

/*
 *   CMA_DEBUGFS=n: no /sys/kernel/debug/cma at all; sysfs stays
 *   CMA_SYSFS=n:   no /sys/kernel/mm/cma at all; debugfs stays
 * Expect each knob to remove its directory tree only.
 */
static void test_knobs_remove_directories(void **state)
{
	struct cmasim *a = boot_s04(state, "CMA_DEBUGFS=n");
	struct cmasim *b = boot_s04(state, "CMA_SYSFS=n");

	assert_errno(rd_errno(a, "/sys/kernel/debug/cma"), -ENOENT);
	assert_errno(rd_errno(a, DFS "used"), -ENOENT);
	assert_errno(cmasim_file_write(a, DFS "alloc", "1"), -ENOENT);
	assert_file(a, SFS "alloc_pages_success", "64\n");
	assert_errno(rd_errno(b, "/sys/kernel/mm/cma"), -ENOENT);
	assert_errno(rd_errno(b, SFS "alloc_pages_success"), -ENOENT);
	assert_file(b, DFS "used", "64\n");
	assert_errno(cmasim_file_write(b, DFS "alloc", "1"), 0);
	assert_file(b, DFS "used", "65\n");
	tst_sim_free(a);
	tst_sim_free(b);
}

/*
 *   CMA=n: neither tree exists (mm/Kconfig: CMA_DEBUGFS and CMA_SYSFS
 *   depend on CMA), and cma= does nothing
 * Expect both directories absent.
 */
static void test_cma_off_no_directories(void **state)
{
	struct cmasim *sim = tst_boot_pc(tst_kernel_name(*state), GiB, 1,
					 "cma=64M", "CMA=n", NULL);

	assert_errno(rd_errno(sim, "/sys/kernel/debug/cma"), -ENOENT);
	assert_errno(rd_errno(sim, "/sys/kernel/mm/cma"), -ENOENT);
	assert_errno(rd_errno(sim, DFS "count"), -ENOENT);
	assert_int_equal(cmasim_cma_area_count(sim), 0);
	tst_sim_free(sim);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(test_debugfs_files_after_boot),
	T(test_sysfs_files_after_boot),
	T(test_one_directory_per_area),
	T(test_debugfs_exercise_s04),
	T(test_debugfs_free_partial),
	T(test_debugfs_free_minus_one_frees_all),
	T(test_debugfs_alloc_refused_accounting),
	T(test_debugfs_alloc_minus_one),
	T(test_debugfs_write_number_forms),
	T(test_write_errors),
	T(test_paths_enoent_eisdir),
	T(test_no_area_empty_directories),
	T(test_knobs_remove_directories),
	T(test_cma_off_no_directories),
};

int main(void)
{
	return tst_run_per_version("cma_debug", tests, NR_OF(tests));
}
