// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc views (lib/fs/proc.c): layouts compared with the real captures
 * (numbers normalised away), exact lines where the simulator's numbers
 * are the kernel's, and the error returns.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "fs/proc.h"

#include "mm-helpers.h"

static void collect(const char *text, void *data)
{
	g_string_append((GString *)data, text);
}

static char *proc(const struct cmasim *sim, const char *path)
{
	GString *s = g_string_new(NULL);

	assert_errno(cms_proc_read(sim, path, collect, s), 0);
	return g_string_free(s, FALSE);
}

/* s29 layout with its 64 MiB CMA area on node 1 activated. */
static struct cmasim *boot_s29(const char *kernel)
{
	static const struct tst_range mem[] = {
		{ 0x1000, 0x9e000, 0 },
		{ 0x100000, 0x40000000 - 0x100000, 0 },
		{ 0x40000000, 0x7ffe0000 - 0x40000000, 1 },
	};
	static const struct tst_range rsv[] = {
		{ 0, 0x100000, 0 },
		{ 0x7bc00000, 0x4000000, 1 },
	};
	struct cmasim *sim = tst_sim_new(NULL, kernel, NULL);

	tst_memblock(sim, mem, 3, rsv, 2);
	tst_cma_area(sim, 0x7bc00000, 0x4000000, "reserved");
	tst_mm_up(sim);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	cms_mm_init_per_zone_wmark_min(sim);
	return sim;
}

/* A capture section, \r removed; NULL when the shared data is absent. */
static char *capture_section(const char *dir, const char *file,
			     const char *name)
{
	const char *shared = getenv("CMASIM_SHARED");
	char *path, *text = NULL, *begin, *end, *res;
	char *b, *e;

	if (!shared)
		return NULL;
	path = g_strdup_printf("%s/%s/captures/%s", shared, dir, file);
	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		g_free(path);
		return NULL;
	}
	g_free(path);
	b = g_strdup_printf("@@@@@ BEGIN %s @@@@@\r\n", name);
	e = g_strdup_printf("@@@@@ END %s @@@@@", name);
	begin = strstr(text, b);
	end = begin ? strstr(begin, e) : NULL;
	assert_non_null(end);
	begin += strlen(b);
	res = g_strndup(begin, (gsize)(end - begin));
	g_free(b);
	g_free(e);
	g_free(text);
	{
		GString *s = g_string_new(NULL);

		for (char *p = res; *p; p++)
			if (*p != '\r')
				g_string_append_c(s, *p);
		g_free(res);
		return g_string_free(s, FALSE);
	}
}

/* Layout only: every run of blanks + digits becomes " N". */
static char *normalise(const char *s)
{
	GRegex *re = g_regex_new("[ ]*[0-9]+", 0, 0, NULL);
	char *r = g_regex_replace(re, s, -1, 0, " N", 0, NULL);

	g_regex_unref(re);
	return r;
}

static int setup_s29(void **state)
{
	*state = boot_s29(tst_state_version(state));
	return 0;
}

/* @path of the s29 instance in *@state against the capture's @section. */
static void compare_layout(void **state, const char *section,
			   const char *path)
{
	struct cmasim *sim = *state;
	char *cap = capture_section(tst_v61(sim) ? "oracle" : "oracle-612",
				    "s29_numa2x1g_cma64M.log", section);
	char *ours, *a, *b;

	assert_non_null(cap);
	ours = proc(sim, path);
	a = normalise(cap);
	b = normalise(ours);
	if (strcmp(a, b)) {
		fprintf(stderr, "# capture:\n%s\n# ours:\n%s\n", a, b);
		fail_msg("%s %s layout differs from the capture",
			 tst_kernel_name(sim), path);
	}
	g_free(a);
	g_free(b);
	g_free(ours);
	g_free(cap);
}

/* Expect /proc/buddyinfo laid out as in the version's capture. */
static void test_proc_buddyinfo_layout(void **state)
{
	compare_layout(state, "PROC_BUDDYINFO", "/proc/buddyinfo");
}

/* Expect /proc/pagetypeinfo laid out as in the version's capture. */
static void test_proc_pagetypeinfo_layout(void **state)
{
	compare_layout(state, "PROC_PAGETYPEINFO", "/proc/pagetypeinfo");
}

/* Expect /proc/zoneinfo laid out as in the capture (promo on 6.12). */
static void test_proc_zoneinfo_layout(void **state)
{
	compare_layout(state, "PROC_ZONEINFO", "/proc/zoneinfo");
}

/* Expect /proc/meminfo with the capture's fields (Unaccepted on 6.12). */
static void test_proc_meminfo_layout(void **state)
{
	compare_layout(state, "PROC_MEMINFO", "/proc/meminfo");
}

/*
 * Exact lines whose numbers the simulator computes as the kernel does:
 * pageblock counts of DMA (pageblock 0 starts in the pfn-0 hole: it was
 * never initialised, so it reads UNMOVABLE) and CMA blocks of node 1.
 */
static void test_proc_pagetypeinfo_block_counts(void **state)
{
	struct cmasim *sim = boot_s29("6.1");
	char *t = proc(sim, "/proc/pagetypeinfo");

	assert_non_null(strstr(t, "Node 0, zone      DMA            1            7            0            0            0            0 \n"));
	assert_non_null(strstr(t, "Node 1, zone    DMA32            0          480            0            0           32            0 \n"));
	assert_non_null(strstr(t, "Page block order: 9\nPages per block:  512\n\n"));
	g_free(t);
	tst_sim_free(sim);
}

/* Expect zoneinfo numbers equal to the zone state (spanned, cma, ...). */
static void test_proc_zoneinfo_values(void **state)
{
	struct cmasim *sim = boot_s29("6.12");
	char *t = proc(sim, "/proc/zoneinfo");

	assert_non_null(strstr(t, "        spanned  4095\n        present  3998\n        managed  3840\n        cma      0\n"));
	assert_non_null(strstr(t, "        spanned  262112\n        present  262112\n"));
	assert_non_null(strstr(t, "        cma      16384\n"));
	assert_non_null(strstr(t, "      nr_free_cma  16384\n"));
	assert_non_null(strstr(t, "  start_pfn:           262144\n"));
	g_free(t);
	tst_sim_free(sim);
}

/* Expect MemTotal = totalram, CmaTotal = totalcma_pages, CmaFree = free CMA. */
static void test_proc_meminfo_values(void **state)
{
	struct cmasim *sim = boot_s29("6.1");
	char *t = proc(sim, "/proc/meminfo");
	char line[64];

	snprintf(line, sizeof(line), "MemTotal:       %8llu kB\n",
		 (unsigned long long)(cmasim_totalram_pages(sim) * 4));
	assert_non_null(strstr(t, line));
	assert_non_null(strstr(t, "CmaTotal:          65536 kB\nCmaFree:           65536 kB\n"));
	assert_non_null(strstr(t, "HugePages_Total:       0\n"));
	g_free(t);
	tst_sim_free(sim);
}

/*
 * 32-bit arm, 2 GiB at 0x80000000: [Normal 760 MiB][HighMem rest].
 * si_meminfo(): HighFree = free pages of the highmem zones, LowFree =
 * MemFree - HighFree.  Expect both from the zones' free counters.
 */
static void test_proc_meminfo_highfree_lowfree(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x80000000, 2 * GiB - 0x1000, 0 } };
	struct cmasim *sim = tst_sim_new("arm", "6.1", NULL);
	struct cms_node *n;
	struct cms_zone *z;
	uint64_t hf, lf;
	char line[64], *t;

	tst_mm_boot(sim, mem, 1, NULL, 0);
	hf = (uint64_t)tst_zone(sim, 0, CMS_ZONE_HIGHMEM)->vm[CMS_ZS_NR_FREE_PAGES];
	lf = 0;
	cms_for_each_zone(sim->mm, n, z)
		lf += (uint64_t)z->vm[CMS_ZS_NR_FREE_PAGES];
	lf -= hf;
	assert_true(hf > 0);
	t = proc(sim, "/proc/meminfo");
	snprintf(line, sizeof(line), "HighFree:       %8llu kB\n",
		 (unsigned long long)(hf * 4));
	assert_non_null(strstr(t, line));
	snprintf(line, sizeof(line), "LowFree:        %8llu kB\n",
		 (unsigned long long)(lf * 4));
	assert_non_null(strstr(t, line));
	g_free(t);
	tst_sim_free(sim);
}

/* Expect -ENOENT for unknown files, -EINVAL for NULL, -EPERM before init. */
static void test_proc_read_errors(void **state)
{
	struct cmasim *sim = tst_sim_new(NULL, NULL, NULL);
	GString *s = g_string_new(NULL);

	assert_errno(cms_proc_read(sim, "/proc/nope", collect, s), -ENOENT);
	assert_errno(cms_proc_read(sim, "/proc/zoneinfo", collect, s), -EPERM);
	assert_errno(cms_proc_read(sim, NULL, collect, s), -EINVAL);
	assert_errno(cms_proc_read(NULL, "/proc/zoneinfo", collect, s), -EINVAL);
	g_string_free(s, TRUE);
	tst_sim_free(sim);
}

/* Expect /proc/vmstat to carry nr_free_pages and pgalloc_dma32. */
static void test_proc_vmstat_subset(void **state)
{
	struct cmasim *sim = tst_small_x86("6.12");
	char *t;

	tst_alloc(sim, CMASIM_GFP_KERNEL, 4);
	t = proc(sim, "/proc/vmstat");
	assert_non_null(strstr(t, "nr_free_pages "));
	assert_non_null(strstr(t, "\npgalloc_dma32 16\n"));
	assert_non_null(strstr(t, "\nnr_unaccepted 0\n"));
	g_free(t);
	tst_sim_free(sim);
}

/*
 * NR_UNACCEPTED exists only with UNACCEPTED_MEMORY, which arm64 does not
 * select (the 16K arm64 6.12 capture's zoneinfo has no such line).
 * Expect no nr_unaccepted in arm64 6.12's zoneinfo, vmstat or meminfo.
 */
static void test_proc_arm64_no_unaccepted(void **state)
{
	static const struct tst_range mem[] = {
		{ 0x40000000, 64 * MiB, 0 },
	};
	struct cmasim *sim = tst_sim_new("arm64", "6.12", NULL);
	char *t;

	(void)state;
	tst_mm_boot(sim, mem, 1, NULL, 0);
	t = proc(sim, "/proc/zoneinfo");
	assert_null(strstr(t, "nr_unaccepted"));
	assert_non_null(strstr(t, "nr_free_pages"));
	g_free(t);
	t = proc(sim, "/proc/vmstat");
	assert_null(strstr(t, "nr_unaccepted"));
	g_free(t);
	t = proc(sim, "/proc/meminfo");
	assert_null(strstr(t, "Unaccepted:"));
	g_free(t);
	tst_sim_free(sim);
}

/*
 * __free_pages_core() frees memblock's free memory through
 * __free_pages_ok(), which counts PGFREE: right after the handover
 * pgfree equals the pages given to the buddy allocator.
 * Expect "pgfree <totalram>" on both versions.
 */
static void test_proc_vmstat_pgfree_counts_boot_frees(void **state)
{
	struct cmasim *sim = *state;
	char line[64], *t;

	t = proc(sim, "/proc/vmstat");
	snprintf(line, sizeof(line), "\npgfree %llu\n",
		 (unsigned long long)cmasim_totalram_pages(sim));
	assert_non_null(strstr(t, line));
	g_free(t);
}

int main(void)
{
#define T(f, setup) cmocka_unit_test_setup_teardown(f, setup, tst_teardown_checked)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_pagetypeinfo_block_counts),
		cmocka_unit_test(test_proc_zoneinfo_values),
		cmocka_unit_test(test_proc_meminfo_values),
		cmocka_unit_test(test_proc_meminfo_highfree_lowfree),
		cmocka_unit_test(test_proc_read_errors),
		cmocka_unit_test(test_proc_vmstat_subset),
		cmocka_unit_test(test_proc_arm64_no_unaccepted),
	};
	const struct CMUnitTest per_version[] = {
		T(test_proc_vmstat_pgfree_counts_boot_frees, tst_setup_small_x86),
		/* the capture comparisons: left out without $CMASIM_SHARED */
		T(test_proc_buddyinfo_layout, setup_s29),
		T(test_proc_pagetypeinfo_layout, setup_s29),
		T(test_proc_zoneinfo_layout, setup_s29),
		T(test_proc_meminfo_layout, setup_s29),
	};
#undef T
	size_t npv = NR_OF(per_version);
	char *probe = capture_section("oracle", "s29_numa2x1g_cma64M.log",
				      "PROC_BUDDYINFO");

	if (!probe) {
		printf("# capture layout tests left out: no CMASIM_SHARED data\n");
		npv = 1;
	}
	g_free(probe);
	return tst_run_groups("proc", tests, NR_OF(tests), per_version, npv);
}
