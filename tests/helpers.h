/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared test helpers: fixtures, errno assertions, dmesg capture. */
#ifndef TST_HELPERS_H
#define TST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmasim/cmasim.h>

/* The number of entries of an array (a table of tests). */
#define NR_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A fresh instance for @arch/@kernel (NULL = default) with the knobs
 * given as "NAME=VALUE" strings, NULL-terminated.  Fails the test on error. */
struct cmasim *tst_sim_new(const char *arch, const char *kernel, ...);
/*
 * A running instance (x86_64, @kernel, knobs as for tst_sim_new) whose
 * memory is one CMA area called @name, pfns [@base_pfn, @base_pfn +
 * @count), pageblock aligned: memblock holds and reserves the range,
 * cma_init_reserved_mem() declares the area on it, free_area_init and
 * memblock_free_all run, cma_init_reserved_areas() activates it over the
 * page allocator and the watermarks are set again, as boot leaves them.
 * Fails the test on error; dmesg is cleared.  Find the area with
 * cmasim_cma_find(sim, @name).
 */
struct cmasim *tst_cma_sim_new(const char *kernel, const char *name,
			       uint64_t base_pfn, uint64_t count,
			       unsigned int order_per_bit, ...);
/* Runs cmasim_check() (must be 0) and destroys the instance. */
void tst_sim_free(struct cmasim *sim);

/* cmocka setup/teardown that keep the instance in *state. */
int tst_setup_default(void **state);
int tst_setup_v61(void **state);
int tst_teardown_checked(void **state);

/* The errno name of a negative errno ("-EBUSY"), for messages. */
const char *tst_errno_name(int err);
#define assert_errno(expr, expected)					\
	do {								\
		int tst_ret_ = (int)(expr);				\
		int tst_exp_ = (expected);				\
		if (tst_ret_ != tst_exp_)				\
			fail_msg("%s returned %s (%d), expected %s (%d)", \
				 #expr, tst_errno_name(tst_ret_), tst_ret_, \
				 tst_errno_name(tst_exp_), tst_exp_);	\
	} while (0)

/* True if some dmesg line equals @line exactly. */
int tst_dmesg_has(const struct cmasim *sim, const char *line);
/* True if some diagnostic contains @needle. */
int tst_diag_contains(const struct cmasim *sim, const char *needle);
/* Index of the first dmesg line equal to @line, or -1. */
long tst_dmesg_find(const struct cmasim *sim, const char *line);

/*
 * Run @a and then @b (which may be NULL) as ONE cmocka group, so that the
 * TAP output has a single plan (meson's TAP parser refuses two).  Tests
 * that need data which is absent are left out of the tables by the caller
 * (cmocka 1.1 reports a skip as "not ok # SKIP", which meson counts as a
 * failure), with a "# ..." note saying so.
 */
int tst_run_tables(const char *name, const struct CMUnitTest *a, size_t na,
		   const struct CMUnitTest *b, size_t nb);

/*
 * Skip a whole TAP test executable: prints the "1..0 # SKIP" plan that
 * meson reads as a skip and returns 0 for main() to return.  (With
 * protocol 'tap' meson counts exit status 77 as an error; tests registered
 * with protocol 'exitcode' exit 77 instead.)
 */
int tst_skip_all(const char *reason);

/* ---- Per-version groups, booted machines, captures ---- */

/*
 * Run @tests once per kernel version, as the groups "@group/6.1" and
 * "@group/6.12", in ONE TAP plan (see tst_run_tables): each copy is
 * named "@group/<version>: <test>" and gets the version string ("6.1" or
 * "6.12") as its initial state, which the test's setup reads.
 */
int tst_run_per_version(const char *group, const struct CMUnitTest *tests,
			size_t n);

/*
 * Run @plain once (names unchanged) and then @per_version once per
 * kernel version as tst_run_per_version() does, in ONE TAP plan: a file
 * whose tests are partly version-independent keeps a single group.
 */
int tst_run_groups(const char *group, const struct CMUnitTest *plain,
		   size_t np, const struct CMUnitTest *per_version,
		   size_t npv);

/* In a setup: the version string of a per-version copy (its initial state). */
const char *tst_state_version(void *const *state);

/* "6.1" or "6.12": the kernel version of @sim, for creating its twins. */
const char *tst_kernel_name(const struct cmasim *sim);

/* Whether @sim simulates Linux 6.1 (otherwise 6.12). */
bool tst_v61(const struct cmasim *sim);

/* cmocka setup: a fresh early-boot x86_64 instance of the version in *state. */
int tst_setup_version(void **state);

/*
 * A fresh x86_64 instance of @kernel with the knobs given as "NAME=VALUE"
 * strings (NULL-terminated), booted on a qemu "pc" of @mem bytes and
 * @nodes nodes with @cmdline.  Fails the test on error.
 */
struct cmasim *tst_boot_pc(const char *kernel, uint64_t mem,
			   unsigned int nodes, const char *cmdline, ...);

/*
 * The whole text cmasim_file_read() gives for @path, NUL-terminated
 * (caller frees with free()); NULL on failure, with the errno in *@err
 * when @err is not NULL.
 */
char *tst_file_text(struct cmasim *sim, const char *path, int *err);

/*
 * The real boot capture $CMASIM_SHARED/@dir/captures/@name.log (caller
 * frees with free()), or NULL when $CMASIM_SHARED or the file is absent.
 */
char *tst_capture_text(const char *dir, const char *name);

/*
 * The lines between "@@@@@ BEGIN @name @@@@@" and its END line in a
 * capture, without line ends, NULL-terminated (free with tst_strv_free()),
 * or NULL when the section is missing.
 */
char **tst_capture_section(const char *text, const char *name);
void tst_strv_free(char **v);

/* A real capture and the qemu "pc" it was booted on (its .meta). */
struct tst_capture {
	const char *dir;	/* "oracle" (Linux 6.1) or "oracle-612" */
	const char *name;	/* "s04_m1g_cma64M" */
	uint64_t mem;		/* qemu -m */
	unsigned int nodes;	/* qemu -numa node options, 1 without */
};

/* Whether every capture of @c[0..@n) is under $CMASIM_SHARED. */
bool tst_captures_present(const struct tst_capture *c, size_t n);

/*
 * The modelled qemu "pc" of capture @c booted with the capture's command
 * line (its .meta) on a fresh instance with the Kconfig of its set (the
 * captures' READMEs).  Fails the test on error.
 */
struct cmasim *tst_boot_capture_pc(const struct tst_capture *c);

/*
 * Every free page is handed out once: allocate order-0 movable pages
 * until none is left and fail the test if one comes twice or the loop
 * does not end (a page given to the buddy allocator twice, at the
 * handover and again at CMA activation, made such a loop endless while
 * cmasim_check() passed).
 */
void tst_assert_pages_handed_out_once(struct cmasim *sim);

/* "[    0.123456] text" -> "text"; other lines unchanged. */
const char *tst_strip_timestamp(const char *line);

/*
 * The test runs under valgrind, whose client address space (64 GiB on
 * amd64) cannot hold the memory map's reservation of a zone above about
 * 12 TiB (16 bytes of address space per page).
 */
bool tst_under_valgrind(void);

/* A trace sink (cmasim_trace_fn) counting the events in *(unsigned long *)@data. */
void tst_count_event(const char *event, const char *text, void *data);

#endif /* TST_HELPERS_H */
