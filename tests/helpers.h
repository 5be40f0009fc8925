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

#endif /* TST_HELPERS_H */
