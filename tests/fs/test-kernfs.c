// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for lib/fs/kernfs.c: path routing and the per-kind semantics of
 * the kernel's files (debugfs simple attributes and u32 arrays, sysfs
 * attributes, procfs).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "mm-helpers.h"
#include "core/instance.h"
#include "core/fs_attr.h"

static void cat(const char *text, void *data)
{
	g_strlcat(data, text, 256);
}

static void bigcat(const char *text, void *data)
{
	g_strlcat(data, text, 4096);
}

static int rd(struct cmasim *sim, const char *path, char *buf)
{
	buf[0] = '\0';
	return cmasim_file_read(sim, path, cat, buf);
}

/* The s04 area "reserved": 16384 pages at pfn 0x3be00. */
static struct cmasim *with_area(const char *kernel, const char *knob)
{
	return tst_cma_sim_new(kernel, "reserved", 0x3be00, 16384, 0, knob,
			       NULL);
}

/* ---- routing ---- */

/* Expect debugfs number files to read "%llu\n" values of the area. */
static void test_file_read_debugfs_numbers(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[256];

	(void)state;
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/base_pfn", buf), 0);
	assert_string_equal(buf, "245248\n");
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/count", buf), 0);
	assert_string_equal(buf, "16384\n");
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/order_per_bit", buf), 0);
	assert_string_equal(buf, "0\n");
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/used", buf), 0);
	assert_string_equal(buf, "0\n");
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/maxchunk", buf), 0);
	assert_string_equal(buf, "16384\n");
	tst_sim_free(sim);
}

/* Expect the bitmap as 512 u32 values, spaces between, '\n' at the end. */
static void test_file_read_debugfs_bitmap_format(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[4096] = "";

	(void)state;
	assert_int_equal(cmasim_file_read(sim, "/sys/kernel/debug/cma/reserved/bitmap",
					  bigcat, buf), 0);
	assert_int_equal(strlen(buf), 512 * 2);
	assert_true(!strncmp(buf, "0 0 0", 5));
	assert_string_equal(buf + strlen(buf) - 2, "0\n");
	tst_sim_free(sim);
}

/* Expect write-only files to refuse reads with -EACCES. */
static void test_file_read_write_only_eacces(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[256];

	(void)state;
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved/alloc", buf), -EACCES);
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved/free", buf), -EACCES);
	assert_string_equal(buf, "");
	tst_sim_free(sim);
}

/* Expect writes to read-only files: attr -EACCES, u32 array -EINVAL,
 * sysfs -EACCES; nothing changes. */
static void test_file_write_read_only(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[256];

	(void)state;
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/used", "1"), -EACCES);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/base_pfn", "1"), -EACCES);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/bitmap", "1"), -EINVAL);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/reserved/alloc_pages_fail", "1"), -EACCES);
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/base_pfn", buf), 0);
	assert_string_equal(buf, "245248\n");
	tst_sim_free(sim);
}

/* Expect unknown paths, areas and files to be -ENOENT, dirs -EISDIR. */
static void test_file_paths_enoent_eisdir(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[256];

	(void)state;
	assert_errno(rd(sim, "/sys/kernel/debug/cma/nosuch/used", buf), -ENOENT);
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved/nosuch", buf), -ENOENT);
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved/used/x", buf), -ENOENT);
	assert_errno(rd(sim, "/nosuch", buf), -ENOENT);
	assert_errno(rd(sim, "relative/path", buf), -ENOENT);
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved", buf), -EISDIR);
	assert_errno(rd(sim, "/sys/kernel/debug/cma/reserved/", buf), -EISDIR);
	assert_errno(rd(sim, "/sys/kernel/debug/cma", buf), -EISDIR);
	assert_errno(rd(sim, "/sys/kernel/mm/cma", buf), -EISDIR);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/reserved", "1"), -EISDIR);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/mm/cma/x/alloc_pages_fail", "1"), -ENOENT);
	tst_sim_free(sim);
}

/* Expect release_pages_success only on 6.12. */
static void test_file_sysfs_release_only_612(void **state)
{
	struct cmasim *a = with_area("6.1", NULL);
	struct cmasim *b = with_area("6.12", NULL);
	char buf[256];

	(void)state;
	assert_errno(rd(a, "/sys/kernel/mm/cma/reserved/release_pages_success", buf), -ENOENT);
	assert_errno(rd(b, "/sys/kernel/mm/cma/reserved/release_pages_success", buf), 0);
	assert_string_equal(buf, "0\n");
	assert_errno(rd(a, "/sys/kernel/mm/cma/reserved/alloc_pages_success", buf), 0);
	assert_string_equal(buf, "0\n");
	tst_sim_free(a);
	tst_sim_free(b);
}

/* Expect CMA_DEBUGFS=n / CMA_SYSFS=n to remove the directories. */
static void test_file_knobs_off(void **state)
{
	struct cmasim *a = with_area(NULL, "CMA_DEBUGFS=n");
	struct cmasim *b = with_area(NULL, "CMA_SYSFS=n");
	char buf[256];

	(void)state;
	assert_errno(rd(a, "/sys/kernel/debug/cma/reserved/used", buf), -ENOENT);
	assert_errno(rd(a, "/sys/kernel/debug/cma", buf), -ENOENT);
	assert_errno(cmasim_file_write(a, "/sys/kernel/debug/cma/reserved/alloc", "1"), -ENOENT);
	assert_errno(rd(a, "/sys/kernel/mm/cma/reserved/alloc_pages_fail", buf), 0);
	assert_errno(rd(b, "/sys/kernel/mm/cma/reserved/alloc_pages_fail", buf), -ENOENT);
	assert_errno(rd(b, "/sys/kernel/debug/cma/reserved/used", buf), 0);
	tst_sim_free(a);
	tst_sim_free(b);
}

/* Expect malformed values to fail before anything is allocated. */
static void test_file_write_bad_values(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[256];

	(void)state;
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/alloc", "x"), -EINVAL);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/alloc", "-5"), -EINVAL);
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/alloc",
				       "99999999999999999999999"), -ERANGE);
	assert_true(tst_diag_contains(sim, "is not an unsigned number"));
	/* only 23 bytes are read: the tail "x" is never seen */
	assert_errno(cmasim_file_write(sim, "/sys/kernel/debug/cma/reserved/alloc",
				       "00000000000000000000001x"), 0);
	assert_int_equal(rd(sim, "/sys/kernel/debug/cma/reserved/used", buf), 0);
	assert_string_equal(buf, "1\n");
	tst_sim_free(sim);
}

/* Expect NULL arguments to be -EINVAL with a client-bug diagnostic. */
static void test_file_null_arguments(void **state)
{
	struct cmasim *sim = with_area(NULL, NULL);
	char buf[8];

	(void)state;
	assert_errno(cmasim_file_read(NULL, "/x", cat, buf), -EINVAL);
	assert_errno(cmasim_file_read(sim, NULL, cat, buf), -EINVAL);
	assert_errno(cmasim_file_read(sim, "/x", NULL, buf), -EINVAL);
	assert_errno(cmasim_file_write(sim, "/x", NULL), -EINVAL);
	assert_errno(cmasim_file_write(NULL, "/x", "1"), -EINVAL);
	assert_true(tst_diag_contains(sim, "client bug: cmasim_file_read(): NULL path"));
	tst_sim_free(sim);
}

/* Before free_area_init there is no /proc file: Expect -ENOENT. */
static void test_file_proc_without_mm(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	char buf[256];

	(void)state;
	assert_errno(rd(sim, "/proc/nosuch", buf), -ENOENT);
	assert_errno(cmasim_file_write(sim, "/proc/nosuch", "1"), -ENOENT);
	assert_errno(rd(sim, "/proc", buf), -EISDIR);
	tst_sim_free(sim);
}

static void gcat(const char *text, void *data)
{
	g_string_append(data, text);
}

/* Expect /proc files through the kernel-file paths: read yes, write -EIO. */
static void test_file_proc_read_write(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	GString *s = g_string_new(NULL);

	(void)state;
	assert_int_equal(cmasim_file_read(sim, "/proc/buddyinfo", gcat, s), 0);
	assert_non_null(strstr(s->str, "Node 0, zone"));
	assert_errno(cmasim_file_write(sim, "/proc/buddyinfo", "1"), -EIO);
	assert_errno(cmasim_file_read(sim, "/proc/nosuch", gcat, s), -ENOENT);
	g_string_free(s, TRUE);
	tst_sim_free(sim);
}

/* ---- directories ---- */

static int ls_entry(const char *name, bool is_dir, void *data)
{
	g_string_append_printf(data, "%s%s ", name, is_dir ? "/" : "");
	return 0;
}

static int ls(struct cmasim *sim, const char *path, GString *out)
{
	g_string_truncate(out, 0);
	return cmasim_file_readdir(sim, path, ls_entry, out);
}

static int stop_at_second(const char *name, bool is_dir, void *data)
{
	(void)name;
	(void)is_dir;
	return ++*(int *)data == 2 ? 7 : 0;
}

/*
 *  /  proc/  buddyinfo pagetypeinfo zoneinfo meminfo vmstat
 *     sys/kernel/  debug/cma/reserved/  alloc free ... bitmap
 *                  mm/cma/reserved/     alloc_pages_success ...
 * Expect each directory to list what is modelled in the kernel's order,
 * files of the selected version only, trailing slashes ignored.
 */
static void test_file_readdir_tree(void **state)
{
	struct cmasim *sim = with_area("6.12", NULL);
	struct cmasim *old = with_area("6.1", NULL);
	GString *out = g_string_new(NULL);

	(void)state;
	assert_int_equal(ls(sim, "/", out), 0);
	assert_string_equal(out->str, "proc/ sys/ ");
	assert_int_equal(ls(sim, "/proc/", out), 0);
	assert_string_equal(out->str, "buddyinfo pagetypeinfo zoneinfo meminfo vmstat ");
	assert_int_equal(ls(sim, "/sys/kernel", out), 0);
	assert_string_equal(out->str, "debug/ mm/ ");
	assert_int_equal(ls(sim, "/sys/kernel/debug", out), 0);
	assert_string_equal(out->str, "cma/ ");
	assert_int_equal(ls(sim, "/sys/kernel/debug/cma", out), 0);
	assert_string_equal(out->str, "reserved/ ");
	assert_int_equal(ls(sim, "/sys/kernel/debug/cma/reserved", out), 0);
	assert_string_equal(out->str, "alloc free base_pfn count order_per_bit used maxchunk bitmap ");
	assert_int_equal(ls(sim, "/sys/kernel/mm/cma/reserved", out), 0);
	assert_string_equal(out->str, "alloc_pages_success alloc_pages_fail release_pages_success ");
	assert_int_equal(ls(old, "/sys/kernel/mm/cma/reserved", out), 0);
	assert_string_equal(out->str, "alloc_pages_success alloc_pages_fail ");
	g_string_free(out, TRUE);
	tst_sim_free(sim);
	tst_sim_free(old);
}

/* Expect -ENOENT for unknown directories and areas and for a directory
 * whose knob is off, -ENOTDIR for files, -EINVAL for NULLs, and the
 * callback's value when it stops the listing. */
static void test_file_readdir_errors(void **state)
{
	struct cmasim *sim = with_area(NULL, "CMA_DEBUGFS=n");
	GString *out = g_string_new(NULL);
	int n = 0;

	(void)state;
	assert_int_equal(ls(sim, "/nope", out), -ENOENT);
	assert_int_equal(ls(sim, "/sys/kernel/mm/cma/nope", out), -ENOENT);
	assert_int_equal(ls(sim, "/sys/kernel/debug/cma", out), -ENOENT);
	assert_int_equal(ls(sim, "/sys/kernel/debug", out), 0);
	assert_string_equal(out->str, "");
	assert_int_equal(ls(sim, "/proc/meminfo", out), -ENOTDIR);
	assert_int_equal(ls(sim, "/proc/nope", out), -ENOENT);
	assert_int_equal(ls(sim, "/sys/kernel/mm/cma/reserved/alloc_pages_fail", out), -ENOTDIR);
	assert_int_equal(cmasim_file_readdir(sim, "/proc", stop_at_second, &n), 7);
	assert_int_equal(n, 2);
	assert_int_equal(cmasim_file_readdir(NULL, "/", ls_entry, out), -EINVAL);
	assert_int_equal(cmasim_file_readdir(sim, NULL, ls_entry, out), -EINVAL);
	assert_int_equal(cmasim_file_readdir(sim, "/", NULL, out), -EINVAL);
	g_string_free(out, TRUE);
	tst_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_read_debugfs_numbers),
		cmocka_unit_test(test_file_read_debugfs_bitmap_format),
		cmocka_unit_test(test_file_read_write_only_eacces),
		cmocka_unit_test(test_file_write_read_only),
		cmocka_unit_test(test_file_paths_enoent_eisdir),
		cmocka_unit_test(test_file_sysfs_release_only_612),
		cmocka_unit_test(test_file_knobs_off),
		cmocka_unit_test(test_file_write_bad_values),
		cmocka_unit_test(test_file_null_arguments),
		cmocka_unit_test(test_file_proc_without_mm),
		cmocka_unit_test(test_file_proc_read_write),
		cmocka_unit_test(test_file_readdir_tree),
		cmocka_unit_test(test_file_readdir_errors),
	};

	return cmocka_run_group_tests_name("kfs", tests, NULL, NULL);
}
