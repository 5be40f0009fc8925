// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hostile use of the public API, one row per exported function: each
 * function is called with NULL, out-of-range, misaligned, wrong-phase and
 * foreign-instance arguments and with memory freed twice, as it applies.
 * Every such call returns its documented negative errno and, on an
 * instance that can say so, exactly one diagnostic line (the lines name
 * the argument; the table counts them, a reader checks the words); the
 * checker of every instance passes after each row.
 *
 * The rows are checked against lib/libcmasim.sym (the first argument):
 * an exported function without a row, or a row that names no exported
 * function, fails the test, so new API cannot skip it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include <cmasim/cmasim.h>

/* The argument classes a row exercises. */
enum cls {
	C_NULL,		/* a NULL instance, handle, pointer or name */
	C_RANGE,	/* an index, node, order, size or value out of range */
	C_ALIGN,	/* a misaligned size or address */
	C_PHASE,	/* a call in the wrong boot phase */
	C_FOREIGN,	/* a handle of another instance */
	C_DOUBLE,	/* a second free or release of the same memory */
	NR_CLS
};

static const char *const cls_name[NR_CLS] = {
	"null", "range", "align", "phase", "foreign", "double",
};

/*
 * The instances a row uses: @run booted (1 GiB pc, a 64 MiB default
 * area, device "dev"), @early created but not booted, @other booted as
 * @run is (the foreign handles); one per kernel version.
 */
struct ctx {
	struct cmasim *run, *early, *other;
	struct cmasim_cma *area, *oarea;
	struct cmasim_device *dev, *odev, *edev;
	struct cmasim_machine *m;
};

struct row {
	const char *name;
	void (*fn)(struct ctx *c);
	unsigned int classes;	/* a bit per enum cls, over versions */
};

static struct row *cur;
static struct ctx ctxs[2];

static size_t diags(const struct cmasim *sim)
{
	return sim ? cmasim_diag_count(sim) : 0;
}

static void all_checked(struct ctx *c)
{
	struct cmasim *sims[] = { c->run, c->early, c->other };

	for (size_t i = 0; i < NR_OF(sims); i++) {
		size_t n = cmasim_diag_count(sims[i]);

		if (cmasim_check(sims[i])) {
			for (size_t k = n; k < cmasim_diag_count(sims[i]); k++)
				fprintf(stderr, "# %s\n",
					cmasim_diag_line(sims[i], k, NULL));
			fail_msg("%s: the checker fails after the row",
				 cur->name);
		}
	}
}

/*
 * @call returned @ret on @sim (whose diagnostics were @n before); it was
 * to return @err with @lines new diagnostics.
 */
static void expect(struct ctx *c, enum cls k, const struct cmasim *sim,
		   size_t n, long long ret, long long err, size_t lines,
		   const char *call, int line)
{
	size_t now = diags(sim);

	if (ret != err)
		fail_msg("line %d: %s returned %lld (%s), expected %lld (%s)",
			 line, call, ret, tst_errno_name((int)ret), err,
			 tst_errno_name((int)err));
	if (sim && now != n + lines) {
		for (size_t i = n; i < now; i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(sim, i, NULL));
		fail_msg("line %d: %s said %zu diagnostic lines, expected %zu",
			 line, call, now - n, lines);
	}
	cur->classes |= 1u << k;
	all_checked(c);
}

/* @call fails with @err and one diagnostic line on @sim. */
#define ERR(k, sim, call, err)						\
	do {								\
		size_t n_ = diags(sim);					\
		long long r_ = (long long)(call);			\
		expect(c, k, sim, n_, r_, err, 1, #call, __LINE__);	\
	} while (0)
/* @call gives @want and says nothing (a reader, or no instance). */
#define QUIET(k, sim, call, want)					\
	do {								\
		size_t n_ = diags(sim);					\
		long long r_ = (long long)(call);			\
		expect(c, k, sim, n_, r_, want, 0, #call, __LINE__);	\
	} while (0)
/* The same for a pointer result. */
#define QUIET_PTR(k, call, want)					\
	do {								\
		if ((const void *)(call) != (const void *)(want))	\
			fail_msg("line %d: %s: unexpected pointer",	\
				 __LINE__, #call);			\
		cur->classes |= 1u << (k);				\
		all_checked(c);						\
	} while (0)
#define OK(call) assert_int_equal((call), 0)

static const uint64_t MiB = UINT64_C(1) << 20;

/* ---- Rows: the instance, its configuration, its logs ---- */

static void r_cmasim_create(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *s = NULL;

	QUIET(C_NULL, NULL, cmasim_create(NULL, &s), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_create(cfg, NULL), -EINVAL);
	cmasim_config_destroy(cfg);
}

static void r_cmasim_destroy(struct ctx *c)
{
	cmasim_destroy(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_config_new(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();

	/* nothing to misuse: it takes no argument */
	assert_non_null(cfg);
	cmasim_config_destroy(cfg);
	all_checked(c);
}

static void r_cmasim_config_destroy(struct ctx *c)
{
	cmasim_config_destroy(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_config_set(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();

	QUIET(C_NULL, NULL, cmasim_config_set(NULL, "CMA", "y"), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_config_set(cfg, NULL, "y"), -ENOENT);
	QUIET(C_NULL, NULL, cmasim_config_set(cfg, "CMA", NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_config_set(cfg, "CMA_AREAS", "100000"),
	      -EINVAL);
	cmasim_config_destroy(cfg);
}

static void r_cmasim_config_get(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();
	char b[2];

	QUIET(C_NULL, NULL, cmasim_config_get(NULL, "CMA", b, sizeof(b)),
	      -EINVAL);
	QUIET(C_NULL, NULL, cmasim_config_get(cfg, "CMA", NULL, 8), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_config_get(cfg, "CMA_AREAS", b, 1),
	      -ERANGE);
	cmasim_config_destroy(cfg);
}

static void r_cmasim_config_set_arch(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();

	QUIET(C_NULL, NULL, cmasim_config_set_arch(NULL, "x86_64"), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_config_set_arch(cfg, NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_config_set_arch(cfg, "vax"), -EINVAL);
	cmasim_config_destroy(cfg);
}

static void r_cmasim_config_set_kernel(struct ctx *c)
{
	struct cmasim_config *cfg = cmasim_config_new();

	QUIET(C_NULL, NULL, cmasim_config_set_kernel(NULL, "6.1"), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_config_set_kernel(cfg, NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_config_set_kernel(cfg, "2.4"), -EINVAL);
	cmasim_config_destroy(cfg);
}

static void r_cmasim_config_error(struct ctx *c)
{
	QUIET(C_NULL, NULL, strcmp(cmasim_config_error(NULL), ""), 0);
}

static void r_cmasim_config_set_log_handler(struct ctx *c)
{
	cmasim_config_set_log_handler(NULL, NULL, NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_config_set_seed(struct ctx *c)
{
	cmasim_config_set_seed(NULL, 1);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_config_write_docs(struct ctx *c)
{
	cmasim_config_write_docs(NULL, NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_arch_name(struct ctx *c)
{
	QUIET_PTR(C_RANGE, cmasim_arch_name((enum cmasim_arch)1000), NULL);
}

static void r_cmasim_get_arch(struct ctx *c)
{
	/* NULL has no arch: the default one, x86_64 */
	QUIET(C_NULL, NULL, cmasim_get_arch(NULL), CMASIM_ARCH_X86_64);
}

static void r_cmasim_get_kernel(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_get_kernel(NULL), CMASIM_KERNEL_6_12);
}

static void r_cmasim_page_size(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_page_size(NULL), 0);
}

static void r_cmasim_pageblock_order(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_pageblock_order(NULL), 0);
}

static void r_cmasim_max_page_order(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_max_page_order(NULL), 0);
}

static void r_cmasim_get_knob(struct ctx *c)
{
	int64_t v;

	QUIET(C_NULL, NULL, cmasim_get_knob(NULL, "CMA", &v), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_get_knob(c->run, "CMA", NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_get_knob(c->run, "NO_SUCH", &v),
	      -ENOENT);
}

static void r_cmasim_check(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_check(NULL), -EINVAL);
}

static void r_cmasim_dmesg_clear(struct ctx *c)
{
	cmasim_dmesg_clear(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_dmesg_count(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dmesg_count(NULL), 0);
}

static void r_cmasim_dmesg_line(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_dmesg_line(NULL, 0, NULL), NULL);
	QUIET_PTR(C_RANGE, cmasim_dmesg_line(c->run, SIZE_MAX, NULL), NULL);
}

static void r_cmasim_dmesg_print(struct ctx *c)
{
	cmasim_dmesg_print(NULL, stderr);
	cmasim_dmesg_print(c->run, NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_dmesg_write(struct ctx *c)
{
	cmasim_dmesg_write(NULL, NULL, NULL);
	cmasim_dmesg_write(c->run, NULL, NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_diag_count(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_diag_count(NULL), 0);
}

static void r_cmasim_diag_line(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_diag_line(NULL, 0, NULL), NULL);
	QUIET_PTR(C_RANGE, cmasim_diag_line(c->run, SIZE_MAX, NULL), NULL);
}

static void r_cmasim_diag_write(struct ctx *c)
{
	cmasim_diag_write(NULL, NULL, NULL);
	cmasim_diag_write(c->run, NULL, NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_stat_get(struct ctx *c)
{
	uint64_t v;

	QUIET(C_NULL, NULL, cmasim_stat_get(NULL, "nr_free_pages", &v),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_stat_get(c->run, NULL, &v), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_stat_get(c->run, "nr_free_pages", NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_stat_get(c->run, "no_such", &v),
	      -ENOENT);
}

static void r_cmasim_state_hash(struct ctx *c)
{
	uint64_t h;

	QUIET(C_NULL, NULL, cmasim_state_hash(NULL, &h), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_state_hash(c->run, NULL), -EINVAL);
}

/* ---- Rows: tracing and the kernel files ---- */

static void r_cmasim_trace_enable(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_trace_enable(NULL, "cma_alloc_start", true),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_trace_enable(c->run, NULL, true),
	      -EINVAL);
	ERR(C_RANGE, c->run, cmasim_trace_enable(c->run, "no_such", true),
	    -ENOENT);
}

static void r_cmasim_trace_set_sink(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_trace_set_sink(NULL, NULL, NULL), -EINVAL);
}

static void r_cmasim_trace_event_name(struct ctx *c)
{
	QUIET_PTR(C_RANGE, cmasim_trace_event_name(UINT32_MAX), NULL);
}

static void r_cmasim_trace_open_file(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_trace_open_file(NULL, "/dev/null"),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_trace_open_file(c->run, NULL), -EINVAL);
	ERR(C_RANGE, c->run,
	    cmasim_trace_open_file(c->run, "/nonexistent-dir/trace"), -EIO);
}

static void r_cmasim_trace_close_file(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_trace_close_file(NULL), -EINVAL);
	/* nothing open: a second close */
	QUIET(C_DOUBLE, c->run, cmasim_trace_close_file(c->run), -ENOENT);
}

static int dirent_cb(const char *name, bool is_dir, void *data)
{
	(void)name;
	(void)is_dir;
	(void)data;
	return 0;
}

static void out_cb(const char *text, void *data)
{
	(void)text;
	(void)data;
}

static void r_cmasim_file_read(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_file_read(NULL, "/proc/meminfo", out_cb,
					     NULL), -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_read(c->run, NULL, out_cb, NULL),
	    -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_read(c->run, "/proc/meminfo", NULL,
					     NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_file_read(c->run, "/proc/nope", out_cb,
						NULL), -ENOENT);
}

static void r_cmasim_file_write(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_file_write(NULL, "/proc/sys/vm/min_free_kbytes",
					      "1"), -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_write(c->run, NULL, "1"), -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_write(c->run,
			"/proc/sys/vm/min_free_kbytes", NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_file_write(c->run, "/proc/nope", "1"),
	      -ENOENT);
}

static void r_cmasim_file_readdir(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_file_readdir(NULL, "/proc", dirent_cb,
						NULL), -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_readdir(c->run, NULL, dirent_cb,
						NULL), -EINVAL);
	ERR(C_NULL, c->run, cmasim_file_readdir(c->run, "/proc", NULL, NULL),
	    -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_file_readdir(c->run, "/proc/meminfo",
						   dirent_cb, NULL), -ENOTDIR);
}

/* ---- Rows: memblock (early phase; @run is past it) ---- */

static int range_cb(cmasim_phys_addr_t start, cmasim_phys_addr_t end,
		    int nid, void *data)
{
	(void)start;
	(void)end;
	(void)nid;
	(void)data;
	return 0;
}

/* A memblock update: NULL, and the wrong phase on @run. */
#define MB_UPDATE(fn)							\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL, 0, MiB), -EINVAL);		\
		ERR(C_PHASE, c->run, fn(c->run, 0, MiB), -EPERM);	\
	}
MB_UPDATE(cmasim_memblock_add)
MB_UPDATE(cmasim_memblock_remove)
MB_UPDATE(cmasim_memblock_reserve)
MB_UPDATE(cmasim_memblock_phys_free)
MB_UPDATE(cmasim_memblock_mark_hotplug)
MB_UPDATE(cmasim_memblock_clear_hotplug)
MB_UPDATE(cmasim_memblock_mark_mirror)
MB_UPDATE(cmasim_memblock_clear_mirror)
MB_UPDATE(cmasim_memblock_mark_nomap)
MB_UPDATE(cmasim_memblock_clear_nomap)
MB_UPDATE(cmasim_memblock_cap_memory_range)
MB_UPDATE(cmasim_memblock_reserved_mark_noinit)

/* A memblock setting: NULL, and the wrong phase on @run. */
#define MB_SET(fn, v)							\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL, v), -EINVAL);		\
		ERR(C_PHASE, c->run, fn(c->run, v), -EPERM);		\
	}
MB_SET(cmasim_memblock_set_movable_node, true)
MB_SET(cmasim_memblock_set_mirrored_kernelcore, true)
MB_SET(cmasim_memblock_set_bottom_up, true)
MB_SET(cmasim_memblock_set_current_limit, MiB)
MB_SET(cmasim_memblock_enforce_memory_limit, MiB)
MB_SET(cmasim_memblock_mem_limit_remove_map, MiB)

static void r_cmasim_memblock_trim_memory(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_trim_memory(NULL, 4096), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_trim_memory(c->run, 4096),
	    -EPERM);
	ERR(C_ALIGN, c->early, cmasim_memblock_trim_memory(c->early, 3000),
	    -EINVAL);
}

static void r_cmasim_memblock_allow_resize(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_allow_resize(NULL), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_allow_resize(c->run), -EPERM);
}

static void r_cmasim_memblock_set_debug(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_set_debug(NULL, true), -EINVAL);
}

static void r_cmasim_memblock_add_node(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_add_node(NULL, 0, MiB, 0, 0),
	      -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_add_node(c->run, 0, MiB, 0, 0),
	    -EPERM);
}

static void r_cmasim_memblock_set_node(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_set_node(NULL, 0, MiB,
			CMASIM_MEMBLOCK_MEMORY, 0), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_set_node(c->run, 0, MiB,
			CMASIM_MEMBLOCK_MEMORY, 0), -EPERM);
	ERR(C_RANGE, c->early, cmasim_memblock_set_node(c->early, 0, MiB,
			(enum cmasim_memblock_type)7, 0), -EINVAL);
}

/* An allocation: NULL instance and out, bad alignment, wrong phase. */
static void r_cmasim_memblock_alloc_range_nid(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_alloc_range_nid(NULL, 4096, 4096,
			0, 0, -1, false, &b), -EINVAL);
	ERR(C_NULL, c->early, cmasim_memblock_alloc_range_nid(c->early, 4096,
			4096, 0, 0, -1, false, NULL), -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_alloc_range_nid(c->early, 4096,
			3000, 0, 0, -1, false, &b), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_alloc_range_nid(c->run, 4096,
			4096, 0, 0, -1, false, &b), -EPERM);
}

#define MB_ALLOC_NID(fn)						\
	static void r_##fn(struct ctx *c)				\
	{								\
		cmasim_phys_addr_t b;					\
									\
		QUIET(C_NULL, NULL, fn(NULL, 4096, 4096, 0, 0, -1, &b),	\
		      -EINVAL);						\
		ERR(C_NULL, c->early,					\
		    fn(c->early, 4096, 4096, 0, 0, -1, NULL), -EINVAL);	\
		ERR(C_ALIGN, c->early,					\
		    fn(c->early, 4096, 3000, 0, 0, -1, &b), -EINVAL);	\
		ERR(C_PHASE, c->run, fn(c->run, 4096, 4096, 0, 0, -1, &b), \
		    -EPERM);						\
	}
MB_ALLOC_NID(cmasim_memblock_alloc_try_nid)
MB_ALLOC_NID(cmasim_memblock_alloc_try_nid_raw)
MB_ALLOC_NID(cmasim_memblock_alloc_exact_nid_raw)

static void r_cmasim_memblock_phys_alloc(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_phys_alloc(NULL, 4096, 4096, &b),
	      -EINVAL);
	ERR(C_NULL, c->early, cmasim_memblock_phys_alloc(c->early, 4096, 4096,
							 NULL), -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_phys_alloc(c->early, 4096,
							  3000, &b), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_phys_alloc(c->run, 4096, 4096,
							&b), -EPERM);
}

static void r_cmasim_memblock_phys_alloc_range(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_phys_alloc_range(NULL, 4096, 4096,
							     0, 0, &b),
	      -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_phys_alloc_range(c->early, 4096,
			3000, 0, 0, &b), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_phys_alloc_range(c->run, 4096,
			4096, 0, 0, &b), -EPERM);
}

static void r_cmasim_memblock_phys_alloc_try_nid(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_phys_alloc_try_nid(NULL, 4096,
							       4096, -1, &b),
	      -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_phys_alloc_try_nid(c->early,
			4096, 3000, -1, &b), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_memblock_phys_alloc_try_nid(c->run, 4096,
			4096, -1, &b), -EPERM);
}

static void r_cmasim_memblock_find_in_range_node(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_find_in_range_node(NULL, 4096,
			4096, 0, 0, -1, 0, &b), -EINVAL);
	ERR(C_NULL, c->early, cmasim_memblock_find_in_range_node(c->early,
			4096, 4096, 0, 0, -1, 0, NULL), -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_find_in_range_node(c->early,
			4096, 3000, 0, 0, -1, 0, &b), -EINVAL);
}

static void r_cmasim_memblock_find_in_range(struct ctx *c)
{
	cmasim_phys_addr_t b;

	QUIET(C_NULL, NULL, cmasim_memblock_find_in_range(NULL, 0, 0, 4096,
							  4096, &b), -EINVAL);
	ERR(C_NULL, c->early, cmasim_memblock_find_in_range(c->early, 0, 0,
			4096, 4096, NULL), -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_memblock_find_in_range(c->early, 0, 0,
			4096, 3000, &b), -EINVAL);
	QUIET(C_RANGE, c->early, cmasim_memblock_find_in_range(c->early, 0,
			UINT64_MAX, UINT64_C(1) << 40, 4096, &b), -ENOMEM);
}

static void r_cmasim_memblock_search_pfn_nid(struct ctx *c)
{
	cmasim_pfn_t s, e;
	int nid;

	QUIET(C_NULL, NULL, cmasim_memblock_search_pfn_nid(NULL, 0, &s, &e,
							   &nid), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_memblock_search_pfn_nid(c->run, 0x1000,
			&s, &e, NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_memblock_search_pfn_nid(c->run,
			UINT64_MAX, &s, &e, &nid), -ENOENT);
}

static void r_cmasim_memblock_has_mirror(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_has_mirror(NULL), false);
}

static void r_cmasim_memblock_get_mirrored_kernelcore(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_get_mirrored_kernelcore(NULL),
	      false);
}

/* A reader: NULL gives 0 (or false), without a word. */
#define MB_READ0(fn)							\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL), 0);			\
	}
MB_READ0(cmasim_memblock_bottom_up)
MB_READ0(cmasim_memblock_get_current_limit)
MB_READ0(cmasim_memblock_phys_mem_size)
MB_READ0(cmasim_memblock_reserved_size)
MB_READ0(cmasim_memblock_start_of_DRAM)
MB_READ0(cmasim_memblock_end_of_DRAM)

#define MB_READ_ADDR(fn)						\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL, 0), 0);			\
		QUIET(C_RANGE, c->run, fn(c->run, UINT64_MAX), 0);	\
	}
MB_READ_ADDR(cmasim_memblock_is_memory)
MB_READ_ADDR(cmasim_memblock_is_map_memory)
MB_READ_ADDR(cmasim_memblock_is_reserved)

#define MB_READ_REGION(fn)						\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL, 0, MiB), 0);		\
		QUIET(C_RANGE, c->run, fn(c->run, UINT64_MAX - 4095,	\
					  UINT64_MAX), 0);		\
	}
MB_READ_REGION(cmasim_memblock_is_region_memory)
MB_READ_REGION(cmasim_memblock_is_region_reserved)

static void r_cmasim_memblock_overlaps_region(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_overlaps_region(NULL,
			CMASIM_MEMBLOCK_MEMORY, 0, MiB), 0);
	QUIET(C_RANGE, c->run, cmasim_memblock_overlaps_region(c->run,
			(enum cmasim_memblock_type)7, 0, MiB), 0);
}

static void r_cmasim_memblock_region_count(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_region_count(NULL,
			CMASIM_MEMBLOCK_MEMORY), 0);
	QUIET(C_RANGE, c->run, cmasim_memblock_region_count(c->run,
			(enum cmasim_memblock_type)7), 0);
}

static void r_cmasim_memblock_get_region(struct ctx *c)
{
	struct cmasim_memblock_region r;

	QUIET(C_NULL, NULL, cmasim_memblock_get_region(NULL,
			CMASIM_MEMBLOCK_MEMORY, 0, &r), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_memblock_get_region(c->run,
			CMASIM_MEMBLOCK_MEMORY, 0, NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_memblock_get_region(c->run,
			(enum cmasim_memblock_type)7, 0, &r), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_memblock_get_region(c->run,
			CMASIM_MEMBLOCK_MEMORY, 1000000, &r), -ERANGE);
}

static void r_cmasim_memblock_for_each_free_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_for_each_free_range(NULL, -1, 0,
			false, range_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_memblock_for_each_free_range(c->run, -1,
			0, false, NULL, NULL), -EINVAL);
}

static void r_cmasim_memblock_for_each_mem_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_for_each_mem_range(NULL, false,
			range_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_memblock_for_each_mem_range(c->run,
			false, NULL, NULL), -EINVAL);
}

static void r_cmasim_memblock_for_each_reserved_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_for_each_reserved_range(NULL,
			range_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_memblock_for_each_reserved_range(c->run,
			NULL, NULL), -EINVAL);
}

static void r_cmasim_memblock_dump(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_dump(NULL), -EINVAL);
}

static void r_cmasim_memblock_dump_all(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_memblock_dump_all(NULL), -EINVAL);
}

/* ---- Rows: the command line ---- */

static void r_cmasim_memparse(struct ctx *c)
{
	uint64_t v;

	QUIET(C_NULL, NULL, cmasim_memparse(NULL, &v, NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_memparse("1M", NULL, NULL), -EINVAL);
}

static void r_cmasim_cmdline_set(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cmdline_set(NULL, "cma=4M"), -EINVAL);
	ERR(C_NULL, c->early, cmasim_cmdline_set(c->early, NULL), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_cmdline_set(c->run, "cma=4M"), -EPERM);
}

static void r_cmasim_cmdline_get_cma(struct ctx *c)
{
	uint64_t a, b, l;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_cma(NULL, &a, &b, &l), -EINVAL);
}

static void r_cmasim_cmdline_get_kernelcore(struct ctx *c)
{
	uint64_t b;
	unsigned int p;
	bool m;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_kernelcore(NULL, &b, &p, &m),
	      -EINVAL);
}

static void r_cmasim_cmdline_get_mem(struct ctx *c)
{
	uint64_t l;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_mem(NULL, &l), -EINVAL);
}

static void r_cmasim_cmdline_get_mem_bank(struct ctx *c)
{
	uint64_t s, z;
	bool g;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_mem_bank(NULL, 0, &s, &z, &g),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_cmdline_get_mem_bank(c->run, 1000, &s,
							   &z, &g), -ENOENT);
}

static void r_cmasim_cmdline_get_movablecore(struct ctx *c)
{
	uint64_t b;
	unsigned int p;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_movablecore(NULL, &b, &p),
	      -EINVAL);
}

static void r_cmasim_cmdline_get_numa_cma(struct ctx *c)
{
	uint64_t s;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_numa_cma(NULL, 0, &s), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_cmdline_get_numa_cma(c->run, 100000, &s),
	      -EINVAL);
}

static void r_cmasim_cmdline_get_pernuma(struct ctx *c)
{
	uint64_t s;

	QUIET(C_NULL, NULL, cmasim_cmdline_get_pernuma(NULL, &s), -EINVAL);
}

static void r_cmasim_cmdline_memblock_debug(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cmdline_memblock_debug(NULL), false);
}

static void r_cmasim_cmdline_oops(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cmdline_oops(NULL, NULL), false);
}

/* ---- Rows: machines and the boot ---- */

static void r_cmasim_machine_new(struct ctx *c)
{
	QUIET_PTR(C_RANGE, cmasim_machine_new((enum cmasim_arch)1000), NULL);
}

static void r_cmasim_machine_destroy(struct ctx *c)
{
	cmasim_machine_destroy(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_machine_qemu_pc(struct ctx *c)
{
	struct cmasim_machine *m;

	QUIET(C_NULL, NULL, cmasim_machine_qemu_pc(MiB << 10, 1, NULL),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_qemu_pc(0, 1, &m), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_qemu_pc(MiB << 10, 100000, &m),
	      -EINVAL);
}

static void r_cmasim_machine_qemu_virt(struct ctx *c)
{
	struct cmasim_machine *m;

	QUIET(C_NULL, NULL, cmasim_machine_qemu_virt(MiB << 10, 1, NULL),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_qemu_virt(0, 1, &m), -EINVAL);
}

static void r_cmasim_machine_add_e820(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_add_e820(NULL, 0, MiB, 1), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_add_e820(c->m, UINT64_MAX, 2, 1),
	      -EINVAL);
}

static void r_cmasim_machine_add_numa_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_add_numa_range(NULL, 0, 0, MiB),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_add_numa_range(c->m, -5, 0, MiB),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_add_numa_range(c->m, 0,
			UINT64_MAX, 2), -EINVAL);
}

static void r_cmasim_machine_add_reservation(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_add_reservation(NULL, 0, MiB, "x",
							   false), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_add_reservation(c->m, 0, MiB, NULL,
							   false), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_add_reservation(c->m, UINT64_MAX,
			2, "x", false), -EINVAL);
}

static void r_cmasim_machine_set_initrd(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_set_initrd(NULL, 0, MiB), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_initrd(c->m, UINT64_MAX, 2),
	      -EINVAL);
}

static void r_cmasim_machine_set_dma_zone_limit(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_set_dma_zone_limit(NULL, MiB),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_dma_zone_limit(c->m, 0),
	      -EINVAL);
}

static void r_cmasim_machine_set_cpu_gbpages(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_set_cpu_gbpages(NULL, true),
	      -EINVAL);
}

static void r_cmasim_machine_set_kernel_image(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_set_kernel_image(NULL, 1, 1, 1, 1,
							    1), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_kernel_image(c->m,
			UINT64_C(1) << 63, 0, 0, 0, 0), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_kernel_image(c->m,
			UINT64_MAX, 2, 0, 0, 0), -EINVAL);
}

static void r_cmasim_machine_add_late_free(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_add_late_free(NULL, "x", 4096),
	      -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_add_late_free(c->m, NULL, 4096),
	      -EINVAL);
	QUIET(C_ALIGN, NULL, cmasim_machine_add_late_free(c->m, "x", 1000),
	      -EINVAL);
}

static void r_cmasim_machine_add_op(struct ctx *c)
{
	struct cmasim_machine_op op = { 0 };

	QUIET(C_NULL, NULL, cmasim_machine_add_op(NULL, &op), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_add_op(c->m, NULL), -EINVAL);
	op.kind = (enum cmasim_machine_op_kind)1000;
	QUIET(C_RANGE, NULL, cmasim_machine_add_op(c->m, &op), -EINVAL);
}

static void r_cmasim_machine_nr_ops(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_nr_ops(NULL), 0);
}

static void r_cmasim_machine_op(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_machine_op(NULL, 0), NULL);
	QUIET_PTR(C_RANGE, cmasim_machine_op(c->m, SIZE_MAX), NULL);
}

static void r_cmasim_machine_nr_e820(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_nr_e820(NULL), 0);
}

static void r_cmasim_machine_e820(struct ctx *c)
{
	cmasim_phys_addr_t b, s;
	unsigned int t;

	QUIET(C_NULL, NULL, cmasim_machine_e820(NULL, 0, &b, &s, &t), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_e820(c->m, SIZE_MAX, &b, &s, &t),
	      -ERANGE);
}

static void r_cmasim_machine_nr_numa_ranges(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_nr_numa_ranges(NULL), 0);
}

static void r_cmasim_machine_numa_range(struct ctx *c)
{
	cmasim_phys_addr_t b, s;
	int nid;

	QUIET(C_NULL, NULL, cmasim_machine_numa_range(NULL, 0, &nid, &b, &s),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_numa_range(c->m, SIZE_MAX, &nid,
						       &b, &s), -ERANGE);
}

static void r_cmasim_machine_get_arch(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_get_arch(NULL), CMASIM_ARCH_X86_64);
}

static void r_cmasim_machine_page_size(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_machine_page_size(NULL), 0);
}

static void r_cmasim_machine_cmdline(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_machine_cmdline(NULL), NULL);
}

static void r_cmasim_machine_kernel_version(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_machine_kernel_version(NULL), NULL);
}

static void r_cmasim_machine_kernel_release(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_machine_kernel_release(NULL), NULL);
}

static void r_cmasim_machine_set_dt(struct ctx *c)
{
	static const char junk[64] = "not a device tree";
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	QUIET(C_NULL, NULL, cmasim_machine_set_dt(NULL, junk, sizeof(junk), 0,
						  NULL, NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_set_dt(m, NULL, 64, 0, NULL, NULL),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_dt(m, junk, sizeof(junk), 0,
						   NULL, NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_dt(m, junk, SIZE_MAX, 0, NULL,
						   NULL), -EFBIG);
	cmasim_machine_destroy(m);
}

static void r_cmasim_machine_set_dt_file(struct ctx *c)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);

	QUIET(C_NULL, NULL, cmasim_machine_set_dt_file(NULL, "x.dtb", 0, NULL,
						       NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_set_dt_file(m, NULL, 0, NULL,
						       NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_set_dt_file(m, "/nonexistent.dtb",
							0, NULL, NULL),
	      -ENOENT);
	cmasim_machine_destroy(m);
}

static void r_cmasim_machine_from_log(struct ctx *c)
{
	struct cmasim_machine *m;

	QUIET(C_NULL, NULL, cmasim_machine_from_log("x", 1, NULL, NULL, NULL,
						    NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_machine_from_log(NULL, 5, &m, NULL, NULL,
						    NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_from_log("hello\n", 6, &m, NULL,
						     NULL, NULL), -ENODATA);
}

static void r_cmasim_machine_from_log_file(struct ctx *c)
{
	struct cmasim_machine *m;

	QUIET(C_NULL, NULL, cmasim_machine_from_log_file(NULL, &m, NULL, NULL,
							 NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_machine_from_log_file("/nonexistent.log",
			&m, NULL, NULL, NULL), -ENOENT);
}

static void r_cmasim_boot(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_boot(NULL, c->m, ""), -EINVAL);
	ERR(C_NULL, c->early, cmasim_boot(c->early, NULL, ""), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_boot(c->run, c->m, ""), -EPERM);
}

static void r_cmasim_boot_until(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_boot_until(NULL, c->m, "",
					      CMASIM_BOOT_FULL), -EINVAL);
	ERR(C_RANGE, c->early, cmasim_boot_until(c->early, c->m, "",
			(enum cmasim_boot_stage)1000), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_boot_until(c->run, c->m, "",
					       CMASIM_BOOT_FULL), -EPERM);
}

static int rmem_cb(const struct cmasim_rmem_info *info, void *data)
{
	(void)info;
	(void)data;
	return 0;
}

static int dt_cb(const struct cmasim_dt_device_info *info, void *data)
{
	(void)info;
	(void)data;
	return 0;
}

static void r_cmasim_for_each_rmem(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_for_each_rmem(NULL, rmem_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_for_each_rmem(c->run, NULL, NULL),
	      -EINVAL);
}

static void r_cmasim_for_each_dt_device(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_for_each_dt_device(NULL, dt_cb, NULL),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_for_each_dt_device(c->run, NULL, NULL),
	      -EINVAL);
}

/* ---- Rows: the page allocator and what it shows ---- */

static void r_cmasim_alloc_pages(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_alloc_pages(NULL, CMASIM_GFP_KERNEL, 0, -1,
					       &p), -EINVAL);
	ERR(C_NULL, c->run, cmasim_alloc_pages(c->run, CMASIM_GFP_KERNEL, 0,
					       -1, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_alloc_pages(c->run, CMASIM_GFP_KERNEL, 64,
						-1, &p), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_alloc_pages(c->run, CMASIM_GFP_KERNEL, 0,
						1000, &p), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_alloc_pages(c->early, CMASIM_GFP_KERNEL,
						  0, -1, &p), -EPERM);
}

static void r_cmasim_free_pages(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_free_pages(NULL, 0, 0), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_free_pages(c->early, 0, 0), -EPERM);
	ERR(C_RANGE, c->run, cmasim_free_pages(c->run, UINT64_MAX, 0),
	    -EINVAL);
	OK(cmasim_alloc_pages(c->run, CMASIM_GFP_KERNEL, 2, -1, &p));
	ERR(C_ALIGN, c->run, cmasim_free_pages(c->run, p + 1, 2), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_free_pages(c->run, p, 1), -EINVAL);
	OK(cmasim_free_pages(c->run, p, 2));
	ERR(C_DOUBLE, c->run, cmasim_free_pages(c->run, p, 2), -EINVAL);
	/* a page cma_alloc gave out is the area's */
	OK(cmasim_cma_alloc(c->run, c->area, 1, 0, 0, &p));
	ERR(C_FOREIGN, c->run, cmasim_free_pages(c->run, p, 0), -EINVAL);
	OK(cmasim_cma_release(c->run, c->area, p, 1));
}

static void r_cmasim_drain_all_pages(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_drain_all_pages(NULL), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_drain_all_pages(c->early), -EPERM);
}

static void r_cmasim_pageblock_migratetype(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_pageblock_migratetype(NULL, 0), -EINVAL);
	QUIET(C_PHASE, c->early, cmasim_pageblock_migratetype(c->early, 0),
	      -EPERM);
	QUIET(C_RANGE, c->run, cmasim_pageblock_migratetype(c->run,
							    UINT64_MAX),
	      -ENOENT);
}

static void r_cmasim_set_watermark_scale_factor(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_set_watermark_scale_factor(NULL, 10),
	      -EINVAL);
	ERR(C_RANGE, c->run, cmasim_set_watermark_scale_factor(c->run, -1),
	    -EINVAL);
	ERR(C_PHASE, c->early, cmasim_set_watermark_scale_factor(c->early, 10),
	    -EPERM);
}

static void r_cmasim_set_min_free_kbytes(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_set_min_free_kbytes(NULL, 1024), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_set_min_free_kbytes(c->run, -1), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_set_min_free_kbytes(c->early, 1024),
	    -EPERM);
}

static void r_cmasim_min_free_kbytes(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_min_free_kbytes(NULL), 0);
}

static void r_cmasim_set_nr_cpus(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_set_nr_cpus(NULL, 2), -EINVAL);
	ERR(C_RANGE, c->early, cmasim_set_nr_cpus(c->early, 0), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_set_nr_cpus(c->run, 2), -EPERM);
}

static void migrate_cb(uint32_t owner, cmasim_pfn_t old_pfn,
		       cmasim_pfn_t new_pfn, unsigned int order, uint64_t tag,
		       void *data)
{
	(void)tag;
	(void)owner;
	(void)old_pfn;
	(void)new_pfn;
	(void)order;
	(void)data;
}

static void r_cmasim_owner_register(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_owner_register(NULL, 5, CMASIM_OWNER_ANON,
						  migrate_cb, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_owner_register(c->run, 0,
			CMASIM_OWNER_ANON, migrate_cb, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_owner_register(c->run, 5,
			(enum cmasim_owner_kind)1000, migrate_cb, NULL),
	    -EINVAL);
}

/* A call on an allocated block's head: NULL, a free page, a tail page. */
#define PAGE_CALL(fn, ...)						\
	static void r_##fn(struct ctx *c)				\
	{								\
		cmasim_pfn_t p;						\
									\
		QUIET(C_NULL, NULL, fn(NULL, 0 __VA_ARGS__), -EINVAL);	\
		ERR(C_RANGE, c->run, fn(c->run, UINT64_MAX __VA_ARGS__),\
		    -EINVAL);						\
		OK(cmasim_alloc_pages(c->run, CMASIM_GFP_KERNEL, 1, -1,	\
				      &p));				\
		ERR(C_ALIGN, c->run, fn(c->run, p + 1 __VA_ARGS__),	\
		    -EINVAL);						\
		OK(cmasim_free_pages(c->run, p, 1));			\
		ERR(C_DOUBLE, c->run, fn(c->run, p __VA_ARGS__),	\
		    -EINVAL);						\
	}
PAGE_CALL(cmasim_page_set_owner, , 5, 0)
PAGE_CALL(cmasim_page_pin)
PAGE_CALL(cmasim_page_unpin)

static void r_cmasim_migrate_set_failure_rate(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_migrate_set_failure_rate(NULL, 0), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_migrate_set_failure_rate(c->run, 1000001),
	    -EINVAL);
}

static void r_cmasim_migrate_get_stats(struct ctx *c)
{
	struct cmasim_migrate_stats st;

	QUIET(C_NULL, NULL, cmasim_migrate_get_stats(NULL, &st), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_migrate_get_stats(c->run, NULL), -EINVAL);
}

static void r_cmasim_zone_count(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_zone_count(NULL), 0);
	QUIET(C_PHASE, c->early, cmasim_zone_count(c->early), 0);
}

static void r_cmasim_zone_get(struct ctx *c)
{
	struct cmasim_zone_info z;

	QUIET(C_NULL, NULL, cmasim_zone_get(NULL, 0, &z), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_zone_get(c->run, 0, NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_get(c->run, 100000, &z), -ENOENT);
	QUIET(C_PHASE, c->early, cmasim_zone_get(c->early, 0, &z), -ENOENT);
}

static void r_cmasim_zone_pageblocks(struct ctx *c)
{
	uint64_t n[16];

	QUIET(C_NULL, NULL, cmasim_zone_pageblocks(NULL, 0, n), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_zone_pageblocks(c->run, 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_pageblocks(c->run, 100000, n),
	      -ENOENT);
}

static void r_cmasim_pfn_to_zone(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_pfn_to_zone(NULL, 0), -ENOENT);
	QUIET(C_RANGE, c->run, cmasim_pfn_to_zone(c->run, UINT64_MAX),
	      -ENOENT);
	QUIET(C_PHASE, c->early, cmasim_pfn_to_zone(c->early, 0), -ENOENT);
}

static void r_cmasim_totalram_pages(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_totalram_pages(NULL), 0);
	QUIET(C_PHASE, c->early, cmasim_totalram_pages(c->early), 0);
}

static void r_cmasim_zone_get_free_area(struct ctx *c)
{
	uint64_t n;

	QUIET(C_NULL, NULL, cmasim_zone_get_free_area(NULL, 0, 0, &n),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_zone_get_free_area(c->run, 0, 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_get_free_area(c->run, 0, 64, &n),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_get_free_area(c->run, 100000, 0,
							 &n), -ENOENT);
}

static void r_cmasim_zone_unusable_index(struct ctx *c)
{
	unsigned int m;

	QUIET(C_NULL, NULL, cmasim_zone_unusable_index(NULL, 0, 0, &m),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_zone_unusable_index(c->run, 0, 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_unusable_index(c->run, 0, 64, &m),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_zone_unusable_index(c->run, 100000, 0,
							  &m), -ENOENT);
}

static void r_cmasim_extfrag_get_stats(struct ctx *c)
{
	struct cmasim_extfrag_stats st;

	QUIET(C_NULL, NULL, cmasim_extfrag_get_stats(NULL, &st), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_extfrag_get_stats(c->run, NULL), -EINVAL);
}

static int page_block_cb(const struct cmasim_page_block *b, void *data)
{
	(void)b;
	(void)data;
	return 0;
}

static int pageblock_cb(const struct cmasim_pageblock_info *b, void *data)
{
	(void)b;
	(void)data;
	return 0;
}

static void r_cmasim_for_each_page_block(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_for_each_page_block(NULL, 0, 1,
			page_block_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_for_each_page_block(c->run, 0, 1, NULL,
							 NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_for_each_page_block(c->run, 10, 1,
			page_block_cb, NULL), -EINVAL);
	QUIET(C_PHASE, c->early, cmasim_for_each_page_block(c->early, 0, 1,
			page_block_cb, NULL), -EPERM);
}

static void r_cmasim_for_each_pageblock(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_for_each_pageblock(NULL, 0, 1, pageblock_cb,
						      NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_for_each_pageblock(c->run, 0, 1, NULL,
							NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_for_each_pageblock(c->run, 10, 1,
			pageblock_cb, NULL), -EINVAL);
	QUIET(C_PHASE, c->early, cmasim_for_each_pageblock(c->early, 0, 1,
			pageblock_cb, NULL), -EPERM);
}

/* ---- Rows: contiguous ranges and CMA ---- */

static void r_cmasim_alloc_contig_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_alloc_contig_range(NULL, 0, 1,
			CMASIM_MIGRATE_MOVABLE, false), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_alloc_contig_range(c->run, 10, 10,
			CMASIM_MIGRATE_MOVABLE, false), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_alloc_contig_range(c->run, 0, 1, 42,
						       false), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_alloc_contig_range(c->early, 0, 1,
			CMASIM_MIGRATE_MOVABLE, false), -EPERM);
}

static void r_cmasim_free_contig_range(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_free_contig_range(NULL, 0, 1), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_free_contig_range(c->early, 0, 1),
	    -EPERM);
	ERR(C_RANGE, c->run, cmasim_free_contig_range(c->run, UINT64_MAX - 1,
						      1), -EINVAL);
	OK(cmasim_cma_alloc(c->run, c->area, 2, 0, 0, &p));
	ERR(C_FOREIGN, c->run, cmasim_free_contig_range(c->run, p, 2),
	    -EINVAL);
	OK(cmasim_cma_release(c->run, c->area, p, 2));
	ERR(C_DOUBLE, c->run, cmasim_free_contig_range(c->run, p, 2), -EINVAL);
}

static void r_cmasim_contig_last_failure(struct ctx *c)
{
	struct cmasim_contig_failure f;

	QUIET(C_NULL, NULL, cmasim_contig_last_failure(NULL, &f), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_contig_last_failure(c->run, NULL),
	      -EINVAL);
}

static void r_cmasim_cma_declare_contiguous_nid(struct ctx *c)
{
	struct cmasim_cma *a;

	QUIET(C_NULL, NULL, cmasim_cma_declare_contiguous_nid(NULL, 0, 4 * MiB,
			0, 0, 0, false, "x", -1, &a), -EINVAL);
	ERR(C_NULL, c->early, cmasim_cma_declare_contiguous_nid(c->early, 0,
			4 * MiB, 0, 0, 0, false, "x", -1, NULL), -EINVAL);
	ERR(C_RANGE, c->early, cmasim_cma_declare_contiguous_nid(c->early, 0,
			4 * MiB, 0, 0, 60, false, "x", -1, &a), -EINVAL);
	ERR(C_RANGE, c->early, cmasim_cma_declare_contiguous_nid(c->early, 0,
			4 * MiB, 0, 0, 0, false, "x", 100000, &a), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_cma_declare_contiguous_nid(c->run, 0,
			4 * MiB, 0, 0, 0, false, "x", -1, &a), -EPERM);
}

static void r_cmasim_cma_declare_contiguous(struct ctx *c)
{
	struct cmasim_cma *a;

	QUIET(C_NULL, NULL, cmasim_cma_declare_contiguous(NULL, 0, 4 * MiB, 0,
			0, 0, false, "x", &a), -EINVAL);
	ERR(C_NULL, c->early, cmasim_cma_declare_contiguous(c->early, 0,
			4 * MiB, 0, 0, 0, false, "x", NULL), -EINVAL);
	ERR(C_RANGE, c->early, cmasim_cma_declare_contiguous(c->early, 0,
			4 * MiB, 0, 0, 60, false, "x", &a), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_cma_declare_contiguous(c->run, 0, 4 * MiB,
			0, 0, 0, false, "x", &a), -EPERM);
}

static void r_cmasim_cma_init_reserved_mem(struct ctx *c)
{
	struct cmasim_cma *a;

	QUIET(C_NULL, NULL, cmasim_cma_init_reserved_mem(NULL, 0, 4 * MiB, 0,
							 "x", &a), -EINVAL);
	ERR(C_NULL, c->early, cmasim_cma_init_reserved_mem(c->early, 0,
			4 * MiB, 0, "x", NULL), -EINVAL);
	ERR(C_ALIGN, c->early, cmasim_cma_init_reserved_mem(c->early, 4096,
			4 * MiB, 0, "x", &a), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_cma_init_reserved_mem(c->run, 0, 4 * MiB,
			0, "x", &a), -EPERM);
}

static void r_cmasim_cma_reserve_pages_on_error(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cma_reserve_pages_on_error(NULL, c->area),
	      -EINVAL);
	ERR(C_NULL, c->early, cmasim_cma_reserve_pages_on_error(c->early,
								NULL), -EINVAL);
	ERR(C_FOREIGN, c->early, cmasim_cma_reserve_pages_on_error(c->early,
			c->area), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_cma_reserve_pages_on_error(c->run,
							       c->area),
	    -EPERM);
}

static void r_cmasim_cma_placement(struct ctx *c)
{
	struct cmasim_cma_placement p;

	QUIET(C_NULL, NULL, cmasim_cma_placement(NULL, 0, &p), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_cma_placement(c->run, 0, NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_cma_placement(c->run, SIZE_MAX, &p),
	      -ENOENT);
}

static void r_cmasim_cma_alloc_window(struct ctx *c)
{
	struct cmasim_cma_window w;

	QUIET(C_NULL, NULL, cmasim_cma_alloc_window(NULL, 0, &w), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_cma_alloc_window(c->run, 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_cma_alloc_window(c->run, SIZE_MAX, &w),
	      -ENOENT);
}

static void r_cmasim_cma_get_stats(struct ctx *c)
{
	struct cmasim_cma_stats st;

	QUIET(C_NULL, NULL, cmasim_cma_get_stats(NULL, &st), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_cma_get_stats(c->run, NULL), -EINVAL);
}

#define CMA_READ(fn, want)						\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL), want);			\
	}
CMA_READ(cmasim_cma_get_base, 0)
CMA_READ(cmasim_cma_get_size, 0)
CMA_READ(cmasim_cma_get_base_pfn, 0)
CMA_READ(cmasim_cma_get_count, 0)
CMA_READ(cmasim_cma_get_order_per_bit, 0)
CMA_READ(cmasim_cma_get_nid, CMASIM_NUMA_NO_NODE)
CMA_READ(cmasim_cma_is_active, false)
CMA_READ(cmasim_cma_area_count, 0)
CMA_READ(cmasim_cma_max_areas, 0)
CMA_READ(cmasim_cma_total_pages, 0)

static void r_cmasim_cma_get_name(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_cma_get_name(NULL), NULL);
}

static int cma_iter_cb(const struct cmasim_cma *a, void *data)
{
	(void)a;
	(void)data;
	return 0;
}

static int cma_range_cb(cmasim_pfn_t pfn, uint64_t count, void *data)
{
	(void)pfn;
	(void)count;
	(void)data;
	return 0;
}

static void r_cmasim_cma_for_each_area(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cma_for_each_area(NULL, cma_iter_cb, NULL),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_cma_for_each_area(c->run, NULL, NULL),
	      -EINVAL);
}

static void r_cmasim_cma_for_each_used_range(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_cma_for_each_used_range(NULL, cma_range_cb,
							   NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_cma_for_each_used_range(c->area, NULL,
							   NULL), -EINVAL);
}

static void r_cmasim_cma_find(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_cma_find(NULL, "reserved"), NULL);
	QUIET_PTR(C_NULL, cmasim_cma_find(c->run, NULL), NULL);
	QUIET_PTR(C_RANGE, cmasim_cma_find(c->run, "no such"), NULL);
}

static void r_cmasim_cma_alloc(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_cma_alloc(NULL, c->area, 1, 0, 0, &p),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_cma_alloc(c->run, NULL, 1, 0, 0, &p),
	    -EINVAL);
	ERR(C_NULL, c->run, cmasim_cma_alloc(c->run, c->area, 1, 0, 0, NULL),
	    -EINVAL);
	ERR(C_RANGE, c->run, cmasim_cma_alloc(c->run, c->area, 1, 64, 0, &p),
	    -EINVAL);
	ERR(C_RANGE, c->run, cmasim_cma_alloc(c->run, c->area, 1, 0, 0x100,
					      &p), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_cma_alloc(c->run, c->oarea, 1, 0, 0,
						&p), -EINVAL);
}

static void r_cmasim_cma_release(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_cma_release(NULL, c->area, 0, 1), -EINVAL);
	ERR(C_NULL, c->run, cmasim_cma_release(c->run, NULL, 0, 1), -EINVAL);
	OK(cmasim_cma_alloc(c->run, c->area, 4, 0, 0, &p));
	ERR(C_FOREIGN, c->run, cmasim_cma_release(c->run, c->oarea, p, 4),
	    -EINVAL);
	ERR(C_RANGE, c->run, cmasim_cma_release(c->run, c->area, p,
						UINT64_MAX), -ERANGE);
	ERR(C_RANGE, c->run, cmasim_cma_release(c->run, c->area, UINT64_MAX,
						1), -EINVAL);
	ERR(C_ALIGN, c->run, cmasim_cma_release(c->run, c->area, p + 1, 4),
	    -EINVAL);
	OK(cmasim_cma_release(c->run, c->area, p, 4));
	ERR(C_DOUBLE, c->run, cmasim_cma_release(c->run, c->area, p, 4),
	    -EINVAL);
}

/* ---- Rows: DMA ---- */

static void r_cmasim_device_create(struct ctx *c)
{
	struct cmasim_device *d;

	QUIET(C_NULL, NULL, cmasim_device_create(NULL, "x", -1, &d), -EINVAL);
	ERR(C_NULL, c->run, cmasim_device_create(c->run, NULL, -1, &d),
	    -EINVAL);
	ERR(C_NULL, c->run, cmasim_device_create(c->run, "x", -1, NULL),
	    -EINVAL);
	ERR(C_RANGE, c->run, cmasim_device_create(c->run, "x", 100000, &d),
	    -EINVAL);
	ERR(C_DOUBLE, c->run, cmasim_device_create(c->run, "dev", -1, &d),
	    -EEXIST);
}

static void r_cmasim_device_find(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_device_find(NULL, "dev"), NULL);
	QUIET_PTR(C_NULL, cmasim_device_find(c->run, NULL), NULL);
	QUIET_PTR(C_FOREIGN, cmasim_device_find(c->other, "dev"), c->odev);
}

static void r_cmasim_device_set_masks(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_device_set_masks(NULL, c->dev, 0, 0),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_device_set_masks(c->run, NULL, UINT64_MAX,
						    UINT64_MAX), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_device_set_masks(c->run, c->odev,
			UINT64_MAX, UINT64_MAX), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_device_set_masks(c->run, c->dev, 0xff,
						     0xff), -EIO);
}

static void r_cmasim_device_set_cma_area(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_device_set_cma_area(NULL, c->dev, NULL),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_device_set_cma_area(c->run, NULL, NULL),
	    -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_device_set_cma_area(c->run, c->dev,
							  c->oarea), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_device_set_cma_area(c->run, c->odev,
							  NULL), -EINVAL);
}

static void r_cmasim_dma_contiguous_reserve_area(struct ctx *c)
{
	struct cmasim_cma *a;

	QUIET(C_NULL, NULL, cmasim_dma_contiguous_reserve_area(NULL, 4 * MiB,
			0, 0, false, &a), -EINVAL);
	ERR(C_NULL, c->early, cmasim_dma_contiguous_reserve_area(c->early,
			4 * MiB, 0, 0, false, NULL), -EINVAL);
	ERR(C_PHASE, c->run, cmasim_dma_contiguous_reserve_area(c->run,
			4 * MiB, 0, 0, false, &a), -EPERM);
}

static void r_cmasim_dma_contiguous_default_area(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_dma_contiguous_default_area(NULL), NULL);
}

static void r_cmasim_dma_contiguous_limit(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_contiguous_limit(NULL), 0);
	QUIET(C_PHASE, c->early, cmasim_dma_contiguous_limit(c->early), 0);
}

static void r_cmasim_dma_contiguous_pernuma_area(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_dma_contiguous_pernuma_area(NULL, 0), NULL);
	QUIET_PTR(C_RANGE, cmasim_dma_contiguous_pernuma_area(c->run, -5),
		  NULL);
	QUIET_PTR(C_RANGE, cmasim_dma_contiguous_pernuma_area(c->run, 100000),
		  NULL);
}

static void r_cmasim_dma_contiguous_numa_area(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_dma_contiguous_numa_area(NULL, 0), NULL);
	QUIET_PTR(C_RANGE, cmasim_dma_contiguous_numa_area(c->run, -5), NULL);
	QUIET_PTR(C_RANGE, cmasim_dma_contiguous_numa_area(c->run, 100000),
		  NULL);
}

static void r_cmasim_dma_alloc_from_contiguous(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_alloc_from_contiguous(NULL, c->dev, 1,
			0, 0, &p), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_alloc_from_contiguous(c->run, c->dev,
			1, 0, 0, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_alloc_from_contiguous(c->run, c->dev,
			1, 0, 0x100, &p), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_alloc_from_contiguous(c->run,
			c->odev, 1, 0, 0, &p), -EINVAL);
}

static void r_cmasim_dma_release_from_contiguous(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_release_from_contiguous(NULL, c->dev,
							       0, 1), -EINVAL);
	OK(cmasim_dma_alloc_from_contiguous(c->run, c->dev, 2, 0, 0, &p));
	ERR(C_FOREIGN, c->run, cmasim_dma_release_from_contiguous(c->run,
			c->odev, p, 2), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_release_from_contiguous(c->run,
			c->dev, 0, 2), -ENOENT);
	OK(cmasim_dma_release_from_contiguous(c->run, c->dev, p, 2));
	ERR(C_DOUBLE, c->run, cmasim_dma_release_from_contiguous(c->run,
			c->dev, p, 2), -EINVAL);
}

static void r_cmasim_dma_alloc_contiguous(struct ctx *c)
{
	struct cmasim_cma *a;
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_alloc_contiguous(NULL, c->dev, 8192, 0,
							&p, &a), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_alloc_contiguous(c->run, NULL, 8192, 0,
							&p, &a), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_alloc_contiguous(c->run, c->dev, 8192,
							0, NULL, &a), -EINVAL);
	ERR(C_ALIGN, c->run, cmasim_dma_alloc_contiguous(c->run, c->dev, 8000,
							 0, &p, &a), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_alloc_contiguous(c->run, c->odev,
			8192, 0, &p, &a), -EINVAL);
}

static void r_cmasim_dma_free_contiguous(struct ctx *c)
{
	struct cmasim_cma *a;
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_free_contiguous(NULL, c->dev, 0, 4096),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_free_contiguous(c->run, NULL, 0, 4096),
	    -EINVAL);
	OK(cmasim_dma_alloc_contiguous(c->run, c->dev, 8192, 0, &p, &a));
	ERR(C_FOREIGN, c->run, cmasim_dma_free_contiguous(c->run, c->odev, p,
							  8192), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_free_contiguous(c->run, c->dev, p,
							UINT64_MAX), -EINVAL);
	OK(cmasim_dma_free_contiguous(c->run, c->dev, p, 8192));
	ERR(C_DOUBLE, c->run, cmasim_dma_free_contiguous(c->run, c->dev, p,
							 8192), -EINVAL);
}

static void r_cmasim_dma_direct_alloc(struct ctx *c)
{
	cmasim_pfn_t p;
	bool cma;

	QUIET(C_NULL, NULL, cmasim_dma_direct_alloc(NULL, c->dev, 4096, 0, &p,
						    &cma), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_direct_alloc(c->run, NULL, 4096, 0, &p,
						    &cma), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_direct_alloc(c->run, c->dev, 4096, 0,
						    NULL, &cma), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_direct_alloc(c->run, c->dev,
			UINT64_MAX, 0, &p, &cma), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_direct_alloc(c->run, c->dev, 0, 0, &p,
						     &cma), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_direct_alloc(c->run, c->odev, 4096,
						       0, &p, &cma), -EINVAL);
}

static void r_cmasim_dma_direct_free(struct ctx *c)
{
	cmasim_pfn_t p;
	bool cma;

	QUIET(C_NULL, NULL, cmasim_dma_direct_free(NULL, c->dev, 0, 4096),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_direct_free(c->run, NULL, 0, 4096),
	    -EINVAL);
	OK(cmasim_dma_direct_alloc(c->run, c->dev, 8192, 0, &p, &cma));
	ERR(C_FOREIGN, c->run, cmasim_dma_direct_free(c->run, c->odev, p,
						      8192), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_direct_free(c->run, c->dev, p,
						    UINT64_MAX), -EINVAL);
	OK(cmasim_dma_direct_free(c->run, c->dev, p, 8192));
	ERR(C_DOUBLE, c->run, cmasim_dma_direct_free(c->run, c->dev, p, 8192),
	    -EINVAL);
}

static void r_cmasim_dma_alloc_coherent(struct ctx *c)
{
	struct cmasim_dma_buffer b;

	QUIET(C_NULL, NULL, cmasim_dma_alloc_coherent(NULL, c->dev, 4096, 0,
						      &b), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_alloc_coherent(c->run, NULL, 4096, 0,
						      &b), -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_alloc_coherent(c->run, c->dev, 4096, 0,
						      NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_alloc_coherent(c->run, c->dev,
			UINT64_MAX, 0, &b), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_alloc_coherent(c->run, c->odev,
							 4096, 0, &b),
	    -EINVAL);
	ERR(C_PHASE, c->early, cmasim_dma_alloc_coherent(c->early, c->edev,
							 4096, 0, &b),
	    -EPERM);
}

static void r_cmasim_dma_free_coherent(struct ctx *c)
{
	struct cmasim_dma_buffer b;

	QUIET(C_NULL, NULL, cmasim_dma_free_coherent(NULL, c->dev, 4096, 0, 0),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_free_coherent(c->run, NULL, 4096, 0, 0),
	    -EINVAL);
	OK(cmasim_dma_alloc_coherent(c->run, c->dev, 8192, 0, &b));
	ERR(C_FOREIGN, c->run, cmasim_dma_free_coherent(c->run, c->odev, 8192,
							b.phys, b.dma_addr),
	    -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_free_coherent(c->run, c->dev,
			UINT64_MAX, b.phys, b.dma_addr), -EINVAL);
	OK(cmasim_dma_free_coherent(c->run, c->dev, 8192, b.phys, b.dma_addr));
	ERR(C_DOUBLE, c->run, cmasim_dma_free_coherent(c->run, c->dev, 8192,
			b.phys, b.dma_addr), -EINVAL);
}

static void r_cmasim_dma_declare_coherent_memory(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_declare_coherent_memory(NULL, c->dev,
			0, 0, MiB), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_dma_declare_coherent_memory(c->early,
			NULL, 0, 0, MiB), -EPERM);
	ERR(C_FOREIGN, c->run, cmasim_dma_declare_coherent_memory(c->run,
			c->odev, UINT64_C(1) << 40, 0, MiB), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_declare_coherent_memory(c->run,
			c->dev, UINT64_MAX - 4095, 0, MiB), -EINVAL);
}

static void r_cmasim_dma_release_coherent_memory(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_release_coherent_memory(NULL, c->dev),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_dma_release_coherent_memory(c->run, NULL),
	    -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_release_coherent_memory(c->run,
								  c->odev),
	    -EINVAL);
	QUIET(C_DOUBLE, c->run, cmasim_dma_release_coherent_memory(c->run,
								   c->dev),
	      -ENOENT);
}

static void r_cmasim_dma_alloc_from_dev_coherent(struct ctx *c)
{
	cmasim_phys_addr_t cpu;
	uint64_t h;

	QUIET(C_NULL, NULL, cmasim_dma_alloc_from_dev_coherent(NULL, c->dev,
			4096, &h, &cpu), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_dma_alloc_from_dev_coherent(c->run,
			c->dev, 4096, NULL, &cpu), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_alloc_from_dev_coherent(c->run,
			c->odev, 4096, &h, &cpu), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_alloc_from_dev_coherent(c->run,
			c->dev, 4096, &h, &cpu), -ENOENT);
}

static void r_cmasim_dma_release_from_dev_coherent(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_release_from_dev_coherent(NULL, c->dev,
								 0, 0),
	      -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_release_from_dev_coherent(c->run,
			c->odev, 0, 0), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_release_from_dev_coherent(c->run,
			c->dev, 0, 0), -ENOENT);
}

static void r_cmasim_dma_mmap_from_dev_coherent(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_mmap_from_dev_coherent(NULL, c->dev, 0,
			4096, 0, 1, &p), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_dma_mmap_from_dev_coherent(c->run,
			c->dev, 0, 4096, 0, 1, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_mmap_from_dev_coherent(c->run, c->dev,
			0, 4096, 0, 0, &p), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_mmap_from_dev_coherent(c->run,
			c->odev, 0, 4096, 0, 1, &p), -EINVAL);
}

static void r_cmasim_dma_init_global_coherent(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_init_global_coherent(NULL, 0, MiB),
	      -EINVAL);
	ERR(C_PHASE, c->early, cmasim_dma_init_global_coherent(c->early, 0,
							       MiB), -EPERM);
	ERR(C_RANGE, c->run, cmasim_dma_init_global_coherent(c->run,
			UINT64_MAX - 4095, MiB), -EINVAL);
}

static void r_cmasim_dma_alloc_from_global_coherent(struct ctx *c)
{
	cmasim_phys_addr_t cpu;
	uint64_t h;

	QUIET(C_NULL, NULL, cmasim_dma_alloc_from_global_coherent(NULL,
			c->dev, 4096, &h, &cpu), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_dma_alloc_from_global_coherent(c->run,
			c->dev, 4096, NULL, &cpu), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_dma_alloc_from_global_coherent(c->run,
			c->odev, 4096, &h, &cpu), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_alloc_from_global_coherent(c->run,
			c->dev, 4096, &h, &cpu), -ENOENT);
}

static void r_cmasim_dma_release_from_global_coherent(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_dma_release_from_global_coherent(NULL, 0,
								    0),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_release_from_global_coherent(c->run,
			0, 0), -ENOENT);
}

static void r_cmasim_dma_mmap_from_global_coherent(struct ctx *c)
{
	cmasim_pfn_t p;

	QUIET(C_NULL, NULL, cmasim_dma_mmap_from_global_coherent(NULL, 0,
			4096, 0, 1, &p), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_dma_mmap_from_global_coherent(c->run, 0,
			4096, 0, 0, &p), -EINVAL);
}

static void r_cmasim_dma_coherent_get_info(struct ctx *c)
{
	struct cmasim_dma_coherent_info i;

	QUIET(C_NULL, NULL, cmasim_dma_coherent_get_info(NULL, c->dev, &i),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_dma_coherent_get_info(c->run, c->dev,
							   NULL), -EINVAL);
	QUIET(C_FOREIGN, c->run, cmasim_dma_coherent_get_info(c->run, c->odev,
							      &i), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_coherent_get_info(c->run, c->dev,
							    &i), -ENOENT);
}

static void r_cmasim_dma_atomic_pool_get(struct ctx *c)
{
	struct cmasim_dma_pool_info i;

	QUIET(C_NULL, NULL, cmasim_dma_atomic_pool_get(NULL, 0, &i), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_dma_atomic_pool_get(c->run, 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_dma_atomic_pool_get(c->run, 3, &i),
	      -ENOENT);
}

/* ---- Rows: workloads ---- */

static int wl_block_cb(const struct cmasim_workload_block *b, void *data)
{
	(void)b;
	(void)data;
	return 0;
}

static int wl_iter_cb(const char *name, void *data)
{
	(void)name;
	(void)data;
	return 0;
}

static void r_cmasim_workload_alloc(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_alloc(NULL, "w", CMASIM_WORKLOAD_ANON,
			0, 0, -1, 1, NULL), -EINVAL);
	ERR(C_NULL, c->run, cmasim_workload_alloc(c->run, NULL,
			CMASIM_WORKLOAD_ANON, 0, 0, -1, 1, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_workload_alloc(c->run, "w",
			CMASIM_WORKLOAD_ANON, 0, 64, -1, 1, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_workload_alloc(c->run, "w",
			(enum cmasim_workload_owner)1000, 0, 0, -1, 1, NULL),
	    -EINVAL);
	ERR(C_PHASE, c->early, cmasim_workload_alloc(c->early, "w",
			CMASIM_WORKLOAD_ANON, 0, 0, -1, 1, NULL), -EPERM);
}

/* A call on a named page allocation: NULL, unknown name, too many. */
#define WL_PICK(fn)							\
	static void r_##fn(struct ctx *c)				\
	{								\
		QUIET(C_NULL, NULL, fn(NULL, "hw", 1, CMASIM_PICK_OLDEST, \
				       NULL), -EINVAL);			\
		ERR(C_RANGE, c->run, fn(c->run, "no such", 1,		\
					CMASIM_PICK_OLDEST, NULL),	\
		    -ENOENT);						\
		OK(cmasim_workload_alloc(c->run, "hw",			\
					 CMASIM_WORKLOAD_ANON, 0, 0, -1,\
					 1, NULL));			\
		ERR(C_RANGE, c->run, fn(c->run, "hw", 2,		\
					CMASIM_PICK_OLDEST, NULL),	\
		    -EINVAL);						\
		ERR(C_RANGE, c->run, fn(c->run, "hw", 1,		\
					(enum cmasim_workload_pick)100,	\
					NULL), -EINVAL);		\
		ERR(C_PHASE, c->early, fn(c->early, "hw", 1,		\
					  CMASIM_PICK_OLDEST, NULL),	\
		    -EPERM);						\
		OK(cmasim_workload_free(c->run, "hw", 1,		\
					CMASIM_PICK_OLDEST, NULL));	\
	}
WL_PICK(cmasim_workload_pin)
WL_PICK(cmasim_workload_unpin)

static void r_cmasim_workload_free(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_free(NULL, "hw", 1,
			CMASIM_PICK_OLDEST, NULL), -EINVAL);
	OK(cmasim_workload_alloc(c->run, "hw", CMASIM_WORKLOAD_ANON, 0, 0, -1,
				 1, NULL));
	ERR(C_RANGE, c->run, cmasim_workload_free(c->run, "hw", 2,
			CMASIM_PICK_OLDEST, NULL), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_workload_free(c->early, "hw", 1,
			CMASIM_PICK_OLDEST, NULL), -EPERM);
	OK(cmasim_workload_free(c->run, "hw", 1, CMASIM_PICK_OLDEST, NULL));
	ERR(C_DOUBLE, c->run, cmasim_workload_free(c->run, "hw", 1,
			CMASIM_PICK_OLDEST, NULL), -EINVAL);
}

static void r_cmasim_workload_set_owner(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_set_owner(NULL, "hw",
			CMASIM_WORKLOAD_ANON), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_workload_set_owner(c->run, "no such",
			CMASIM_WORKLOAD_ANON), -ENOENT);
	OK(cmasim_workload_alloc(c->run, "hw", CMASIM_WORKLOAD_ANON, 0, 0, -1,
				 1, NULL));
	ERR(C_RANGE, c->run, cmasim_workload_set_owner(c->run, "hw",
			(enum cmasim_workload_owner)1000), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_workload_set_owner(c->early, "hw",
			CMASIM_WORKLOAD_ANON), -EPERM);
	OK(cmasim_workload_free(c->run, "hw", 1, CMASIM_PICK_OLDEST, NULL));
}

static void r_cmasim_workload_random(struct ctx *c)
{
	struct cmasim_workload_random r = { .ops = 1, .nr_orders = 1 };

	r.weights[0] = 1;
	QUIET(C_NULL, NULL, cmasim_workload_random(NULL, "wr", &r, NULL),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_workload_random(c->run, "wr", NULL, NULL),
	    -EINVAL);
	r.orders[0] = 64;
	ERR(C_RANGE, c->run, cmasim_workload_random(c->run, "wr", &r, NULL),
	    -EINVAL);
	r.orders[0] = 0;
	r.movable_percent = 101;
	ERR(C_RANGE, c->run, cmasim_workload_random(c->run, "wr", &r, NULL),
	    -EINVAL);
	r.movable_percent = 0;
	ERR(C_PHASE, c->early, cmasim_workload_random(c->early, "wr", &r,
						      NULL), -EPERM);
}

static void r_cmasim_workload_fragment(struct ctx *c)
{
	struct cmasim_workload_fragment f = { .zone = -1, .index_milli = 500,
					      .free_pageblocks = -1 };

	QUIET(C_NULL, NULL, cmasim_workload_fragment(NULL, "wf", &f, NULL),
	      -EINVAL);
	ERR(C_NULL, c->run, cmasim_workload_fragment(c->run, "wf", NULL,
						     NULL), -EINVAL);
	f.index_milli = 2000;
	ERR(C_RANGE, c->run, cmasim_workload_fragment(c->run, "wf", &f, NULL),
	    -EINVAL);
	f.index_milli = 500;
	ERR(C_PHASE, c->early, cmasim_workload_fragment(c->early, "wf", &f,
							NULL), -EPERM);
}

static void r_cmasim_workload_cma_alloc(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_cma_alloc(NULL, "wc", c->area, 1,
						      0, false), -EINVAL);
	ERR(C_NULL, c->run, cmasim_workload_cma_alloc(c->run, "wc", NULL, 1,
						      0, false), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_workload_cma_alloc(c->run, "wc", c->area,
						       1, 64, false), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_workload_cma_alloc(c->run, "wc",
			c->oarea, 1, 0, false), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_workload_cma_alloc(c->early, "wc",
			c->area, 1, 0, false), -EPERM);
}

static void r_cmasim_workload_dma_alloc(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_dma_alloc(NULL, "wd", c->dev,
						      4096, 0), -EINVAL);
	ERR(C_NULL, c->run, cmasim_workload_dma_alloc(c->run, "wd", NULL,
						      4096, 0), -EINVAL);
	ERR(C_FOREIGN, c->run, cmasim_workload_dma_alloc(c->run, "wd",
			c->odev, 4096, 0), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_workload_dma_alloc(c->run, "wd", c->dev,
						       0, 0), -EINVAL);
	ERR(C_PHASE, c->early, cmasim_workload_dma_alloc(c->early, "wd",
			c->edev, 4096, 0), -EPERM);
}

static void r_cmasim_workload_get_info(struct ctx *c)
{
	struct cmasim_workload_info i;

	QUIET(C_NULL, NULL, cmasim_workload_get_info(NULL, "w", &i), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_workload_get_info(c->run, NULL, &i),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_workload_get_info(c->run, "no such",
							&i), -ENOENT);
}

static void r_cmasim_workload_get_block(struct ctx *c)
{
	struct cmasim_workload_block b;

	QUIET(C_NULL, NULL, cmasim_workload_get_block(NULL, "w", 0, &b),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_workload_get_block(c->run, "w", 0, NULL),
	      -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_workload_get_block(c->run, "no such", 0,
							 &b), -ENOENT);
}

static void r_cmasim_workload_for_each_block(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_for_each_block(NULL, "w",
			wl_block_cb, NULL), -EINVAL);
	QUIET(C_NULL, c->run, cmasim_workload_for_each_block(c->run, NULL,
			wl_block_cb, NULL), -EINVAL);
	QUIET(C_RANGE, c->run, cmasim_workload_for_each_block(c->run,
			"no such", wl_block_cb, NULL), -ENOENT);
}

static void r_cmasim_workload_for_each(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_workload_for_each(NULL, wl_iter_cb, NULL),
	      -EINVAL);
	QUIET(C_NULL, c->run, cmasim_workload_for_each(c->run, NULL, NULL),
	      -EINVAL);
}

/* ---- Rows: policies and scenarios ---- */

static void r_cmasim_set_policy(struct ctx *c)
{
	static const struct cmasim_policy nameless = { 0 };

	QUIET(C_NULL, NULL, cmasim_set_policy(NULL, NULL), -EINVAL);
	ERR(C_RANGE, c->run, cmasim_set_policy(c->run, &nameless), -EINVAL);
}

static void r_cmasim_get_policy_name(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_get_policy_name(NULL), NULL);
}

static void r_cmasim_policy_builtin(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_policy_builtin(NULL), NULL);
	QUIET_PTR(C_RANGE, cmasim_policy_builtin("no such"), NULL);
}

static void r_cmasim_policy_builtin_name(struct ctx *c)
{
	QUIET_PTR(C_RANGE, cmasim_policy_builtin_name(UINT32_MAX), NULL);
}

static void r_cmasim_policy_module_open(struct ctx *c)
{
	struct cmasim_policy_module *m;

	QUIET(C_NULL, NULL, cmasim_policy_module_open(NULL, &m, NULL, NULL),
	      -EINVAL);
	QUIET(C_NULL, NULL, cmasim_policy_module_open("kernel", NULL, NULL,
						      NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_policy_module_open("", &m, NULL, NULL),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_policy_module_open("no-such-policy", &m,
						       NULL, NULL), -ENOENT);
}

static void r_cmasim_policy_module_policy(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_policy_module_policy(NULL), NULL);
}

static void r_cmasim_policy_module_close(struct ctx *c)
{
	cmasim_policy_module_close(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_policy_cost(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_policy_cost(NULL), 0);
}

static void r_cmasim_policy_report_destroy(struct ctx *c)
{
	cmasim_policy_report_destroy(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_policy_run_scenario(struct ctx *c)
{
	struct cmasim_policy_report *r;

	QUIET(C_NULL, NULL, cmasim_policy_run_scenario(NULL, NULL, NULL, NULL,
						       &r), -EINVAL);
}

static void r_cmasim_policy_write_svg(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_policy_write_svg(NULL, 1, "t", out_cb,
						    NULL), -EINVAL);
}

static void r_cmasim_policy_zone_nr_free(struct ctx *c)
{
	struct cmasim_policy_zone z = { .nr_orders = 1 };

	QUIET(C_RANGE, NULL, cmasim_policy_zone_nr_free(&z, 64, 0), 0);
	QUIET(C_RANGE, NULL, cmasim_policy_zone_nr_free(&z, 0, 1000), 0);
}

static void r_cmasim_policy_bitmap_find_area(struct ctx *c)
{
	static const uint64_t words[1] = { 0 };
	struct cmasim_policy_bitmap bm = { .nbits = 64, .words = words };

	QUIET(C_RANGE, NULL, cmasim_policy_bitmap_find_area(&bm, 0, 65, 0, 0)
	      >= 64, 1);
	QUIET(C_RANGE, NULL, cmasim_policy_bitmap_find_area(&bm, UINT64_MAX,
							    1, 0, 0) >= 64, 1);
}

static void r_cmasim_policy_bitmap_next_set(struct ctx *c)
{
	static const uint64_t words[1] = { 0 };
	struct cmasim_policy_bitmap bm = { .nbits = 64, .words = words };

	QUIET(C_RANGE, NULL, cmasim_policy_bitmap_next_set(&bm, UINT64_MAX),
	      64);
}

static void r_cmasim_policy_bitmap_next_zero(struct ctx *c)
{
	static const uint64_t words[1] = { UINT64_MAX };
	struct cmasim_policy_bitmap bm = { .nbits = 64, .words = words };

	QUIET(C_RANGE, NULL, cmasim_policy_bitmap_next_zero(&bm, UINT64_MAX),
	      64);
}

static void r_cmasim_scenario_load_data(struct ctx *c)
{
	struct cmasim_scenario *sc;

	QUIET(C_NULL, NULL, cmasim_scenario_load_data("x", 1, "t", NULL, NULL,
						      NULL), -EINVAL);
	QUIET(C_NULL, NULL, cmasim_scenario_load_data(NULL, 5, "t", &sc, NULL,
						      NULL), -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_scenario_load_data("x", SIZE_MAX, "t",
						       &sc, NULL, NULL),
	      -EFBIG);
}

static void r_cmasim_scenario_load_file(struct ctx *c)
{
	struct cmasim_scenario *sc;

	QUIET(C_NULL, NULL, cmasim_scenario_load_file(NULL, &sc, NULL, NULL),
	      -EINVAL);
	QUIET(C_RANGE, NULL, cmasim_scenario_load_file("/nonexistent.scn", &sc,
						       NULL, NULL), -EIO);
}

static void r_cmasim_scenario_destroy(struct ctx *c)
{
	cmasim_scenario_destroy(NULL);
	cur->classes |= 1u << C_NULL;
	all_checked(c);
}

static void r_cmasim_scenario_set(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_scenario_set(NULL, "k", "v", NULL, NULL),
	      -EINVAL);
}

static void r_cmasim_scenario_set_policy(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_scenario_set_policy(NULL, NULL), -EINVAL);
}

static void r_cmasim_scenario_get(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_scenario_get(NULL, "k"), NULL);
}

static void r_cmasim_scenario_run(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_scenario_run(NULL, NULL, NULL, NULL),
	      -EINVAL);
}

static void r_cmasim_scenario_nr_results(struct ctx *c)
{
	QUIET(C_NULL, NULL, cmasim_scenario_nr_results(NULL), 0);
}

static void r_cmasim_scenario_result(struct ctx *c)
{
	QUIET_PTR(C_NULL, cmasim_scenario_result(NULL, 0), NULL);
}

/* ---- The table: one row per exported function ---- */

#define ROW(f) { #f, r_##f, 0 }
static struct row rows[] = {
	ROW(cmasim_alloc_contig_range),
	ROW(cmasim_alloc_pages),
	ROW(cmasim_arch_name),
	ROW(cmasim_boot),
	ROW(cmasim_boot_until),
	ROW(cmasim_check),
	ROW(cmasim_cma_alloc),
	ROW(cmasim_cma_alloc_window),
	ROW(cmasim_cma_area_count),
	ROW(cmasim_cma_declare_contiguous),
	ROW(cmasim_cma_declare_contiguous_nid),
	ROW(cmasim_cma_find),
	ROW(cmasim_cma_for_each_area),
	ROW(cmasim_cma_for_each_used_range),
	ROW(cmasim_cma_get_base),
	ROW(cmasim_cma_get_base_pfn),
	ROW(cmasim_cma_get_count),
	ROW(cmasim_cma_get_name),
	ROW(cmasim_cma_get_nid),
	ROW(cmasim_cma_get_order_per_bit),
	ROW(cmasim_cma_get_size),
	ROW(cmasim_cma_get_stats),
	ROW(cmasim_cma_init_reserved_mem),
	ROW(cmasim_cma_is_active),
	ROW(cmasim_cma_max_areas),
	ROW(cmasim_cma_placement),
	ROW(cmasim_cma_release),
	ROW(cmasim_cma_reserve_pages_on_error),
	ROW(cmasim_cma_total_pages),
	ROW(cmasim_cmdline_get_cma),
	ROW(cmasim_cmdline_get_kernelcore),
	ROW(cmasim_cmdline_get_mem),
	ROW(cmasim_cmdline_get_mem_bank),
	ROW(cmasim_cmdline_get_movablecore),
	ROW(cmasim_cmdline_get_numa_cma),
	ROW(cmasim_cmdline_get_pernuma),
	ROW(cmasim_cmdline_memblock_debug),
	ROW(cmasim_cmdline_oops),
	ROW(cmasim_cmdline_set),
	ROW(cmasim_config_destroy),
	ROW(cmasim_config_error),
	ROW(cmasim_config_get),
	ROW(cmasim_config_new),
	ROW(cmasim_config_set),
	ROW(cmasim_config_set_arch),
	ROW(cmasim_config_set_kernel),
	ROW(cmasim_config_set_log_handler),
	ROW(cmasim_config_set_seed),
	ROW(cmasim_config_write_docs),
	ROW(cmasim_contig_last_failure),
	ROW(cmasim_create),
	ROW(cmasim_destroy),
	ROW(cmasim_device_create),
	ROW(cmasim_device_find),
	ROW(cmasim_device_set_cma_area),
	ROW(cmasim_device_set_masks),
	ROW(cmasim_diag_count),
	ROW(cmasim_diag_line),
	ROW(cmasim_diag_write),
	ROW(cmasim_dma_alloc_coherent),
	ROW(cmasim_dma_alloc_contiguous),
	ROW(cmasim_dma_alloc_from_contiguous),
	ROW(cmasim_dma_alloc_from_dev_coherent),
	ROW(cmasim_dma_alloc_from_global_coherent),
	ROW(cmasim_dma_atomic_pool_get),
	ROW(cmasim_dma_coherent_get_info),
	ROW(cmasim_dma_contiguous_default_area),
	ROW(cmasim_dma_contiguous_limit),
	ROW(cmasim_dma_contiguous_numa_area),
	ROW(cmasim_dma_contiguous_pernuma_area),
	ROW(cmasim_dma_contiguous_reserve_area),
	ROW(cmasim_dma_declare_coherent_memory),
	ROW(cmasim_dma_direct_alloc),
	ROW(cmasim_dma_direct_free),
	ROW(cmasim_dma_free_coherent),
	ROW(cmasim_dma_free_contiguous),
	ROW(cmasim_dma_init_global_coherent),
	ROW(cmasim_dma_mmap_from_dev_coherent),
	ROW(cmasim_dma_mmap_from_global_coherent),
	ROW(cmasim_dma_release_coherent_memory),
	ROW(cmasim_dma_release_from_contiguous),
	ROW(cmasim_dma_release_from_dev_coherent),
	ROW(cmasim_dma_release_from_global_coherent),
	ROW(cmasim_dmesg_clear),
	ROW(cmasim_dmesg_count),
	ROW(cmasim_dmesg_line),
	ROW(cmasim_dmesg_print),
	ROW(cmasim_dmesg_write),
	ROW(cmasim_drain_all_pages),
	ROW(cmasim_extfrag_get_stats),
	ROW(cmasim_file_read),
	ROW(cmasim_file_readdir),
	ROW(cmasim_file_write),
	ROW(cmasim_for_each_dt_device),
	ROW(cmasim_for_each_page_block),
	ROW(cmasim_for_each_pageblock),
	ROW(cmasim_for_each_rmem),
	ROW(cmasim_free_contig_range),
	ROW(cmasim_free_pages),
	ROW(cmasim_get_arch),
	ROW(cmasim_get_kernel),
	ROW(cmasim_get_knob),
	ROW(cmasim_get_policy_name),
	ROW(cmasim_machine_add_e820),
	ROW(cmasim_machine_add_late_free),
	ROW(cmasim_machine_add_numa_range),
	ROW(cmasim_machine_add_op),
	ROW(cmasim_machine_add_reservation),
	ROW(cmasim_machine_cmdline),
	ROW(cmasim_machine_destroy),
	ROW(cmasim_machine_e820),
	ROW(cmasim_machine_from_log),
	ROW(cmasim_machine_from_log_file),
	ROW(cmasim_machine_get_arch),
	ROW(cmasim_machine_kernel_release),
	ROW(cmasim_machine_kernel_version),
	ROW(cmasim_machine_new),
	ROW(cmasim_machine_nr_e820),
	ROW(cmasim_machine_nr_numa_ranges),
	ROW(cmasim_machine_nr_ops),
	ROW(cmasim_machine_numa_range),
	ROW(cmasim_machine_op),
	ROW(cmasim_machine_page_size),
	ROW(cmasim_machine_qemu_pc),
	ROW(cmasim_machine_qemu_virt),
	ROW(cmasim_machine_set_cpu_gbpages),
	ROW(cmasim_machine_set_dma_zone_limit),
	ROW(cmasim_machine_set_dt),
	ROW(cmasim_machine_set_dt_file),
	ROW(cmasim_machine_set_initrd),
	ROW(cmasim_machine_set_kernel_image),
	ROW(cmasim_max_page_order),
	ROW(cmasim_memblock_add),
	ROW(cmasim_memblock_add_node),
	ROW(cmasim_memblock_alloc_exact_nid_raw),
	ROW(cmasim_memblock_alloc_range_nid),
	ROW(cmasim_memblock_alloc_try_nid),
	ROW(cmasim_memblock_alloc_try_nid_raw),
	ROW(cmasim_memblock_allow_resize),
	ROW(cmasim_memblock_bottom_up),
	ROW(cmasim_memblock_cap_memory_range),
	ROW(cmasim_memblock_clear_hotplug),
	ROW(cmasim_memblock_clear_mirror),
	ROW(cmasim_memblock_clear_nomap),
	ROW(cmasim_memblock_dump),
	ROW(cmasim_memblock_dump_all),
	ROW(cmasim_memblock_end_of_DRAM),
	ROW(cmasim_memblock_enforce_memory_limit),
	ROW(cmasim_memblock_find_in_range),
	ROW(cmasim_memblock_find_in_range_node),
	ROW(cmasim_memblock_for_each_free_range),
	ROW(cmasim_memblock_for_each_mem_range),
	ROW(cmasim_memblock_for_each_reserved_range),
	ROW(cmasim_memblock_get_current_limit),
	ROW(cmasim_memblock_get_mirrored_kernelcore),
	ROW(cmasim_memblock_get_region),
	ROW(cmasim_memblock_has_mirror),
	ROW(cmasim_memblock_is_map_memory),
	ROW(cmasim_memblock_is_memory),
	ROW(cmasim_memblock_is_region_memory),
	ROW(cmasim_memblock_is_region_reserved),
	ROW(cmasim_memblock_is_reserved),
	ROW(cmasim_memblock_mark_hotplug),
	ROW(cmasim_memblock_mark_mirror),
	ROW(cmasim_memblock_mark_nomap),
	ROW(cmasim_memblock_mem_limit_remove_map),
	ROW(cmasim_memblock_overlaps_region),
	ROW(cmasim_memblock_phys_alloc),
	ROW(cmasim_memblock_phys_alloc_range),
	ROW(cmasim_memblock_phys_alloc_try_nid),
	ROW(cmasim_memblock_phys_free),
	ROW(cmasim_memblock_phys_mem_size),
	ROW(cmasim_memblock_region_count),
	ROW(cmasim_memblock_remove),
	ROW(cmasim_memblock_reserve),
	ROW(cmasim_memblock_reserved_mark_noinit),
	ROW(cmasim_memblock_reserved_size),
	ROW(cmasim_memblock_search_pfn_nid),
	ROW(cmasim_memblock_set_bottom_up),
	ROW(cmasim_memblock_set_current_limit),
	ROW(cmasim_memblock_set_debug),
	ROW(cmasim_memblock_set_mirrored_kernelcore),
	ROW(cmasim_memblock_set_movable_node),
	ROW(cmasim_memblock_set_node),
	ROW(cmasim_memblock_start_of_DRAM),
	ROW(cmasim_memblock_trim_memory),
	ROW(cmasim_memparse),
	ROW(cmasim_migrate_get_stats),
	ROW(cmasim_migrate_set_failure_rate),
	ROW(cmasim_min_free_kbytes),
	ROW(cmasim_owner_register),
	ROW(cmasim_page_pin),
	ROW(cmasim_page_set_owner),
	ROW(cmasim_page_size),
	ROW(cmasim_page_unpin),
	ROW(cmasim_pageblock_migratetype),
	ROW(cmasim_pageblock_order),
	ROW(cmasim_pfn_to_zone),
	ROW(cmasim_policy_bitmap_find_area),
	ROW(cmasim_policy_bitmap_next_set),
	ROW(cmasim_policy_bitmap_next_zero),
	ROW(cmasim_policy_builtin),
	ROW(cmasim_policy_builtin_name),
	ROW(cmasim_policy_cost),
	ROW(cmasim_policy_module_close),
	ROW(cmasim_policy_module_open),
	ROW(cmasim_policy_module_policy),
	ROW(cmasim_policy_report_destroy),
	ROW(cmasim_policy_run_scenario),
	ROW(cmasim_policy_write_svg),
	ROW(cmasim_policy_zone_nr_free),
	ROW(cmasim_scenario_destroy),
	ROW(cmasim_scenario_get),
	ROW(cmasim_scenario_load_data),
	ROW(cmasim_scenario_load_file),
	ROW(cmasim_scenario_nr_results),
	ROW(cmasim_scenario_result),
	ROW(cmasim_scenario_run),
	ROW(cmasim_scenario_set),
	ROW(cmasim_scenario_set_policy),
	ROW(cmasim_set_min_free_kbytes),
	ROW(cmasim_set_nr_cpus),
	ROW(cmasim_set_policy),
	ROW(cmasim_set_watermark_scale_factor),
	ROW(cmasim_stat_get),
	ROW(cmasim_state_hash),
	ROW(cmasim_totalram_pages),
	ROW(cmasim_trace_close_file),
	ROW(cmasim_trace_enable),
	ROW(cmasim_trace_event_name),
	ROW(cmasim_trace_open_file),
	ROW(cmasim_trace_set_sink),
	ROW(cmasim_workload_alloc),
	ROW(cmasim_workload_cma_alloc),
	ROW(cmasim_workload_dma_alloc),
	ROW(cmasim_workload_for_each),
	ROW(cmasim_workload_for_each_block),
	ROW(cmasim_workload_fragment),
	ROW(cmasim_workload_free),
	ROW(cmasim_workload_get_block),
	ROW(cmasim_workload_get_info),
	ROW(cmasim_workload_pin),
	ROW(cmasim_workload_random),
	ROW(cmasim_workload_set_owner),
	ROW(cmasim_workload_unpin),
	ROW(cmasim_zone_count),
	ROW(cmasim_zone_get),
	ROW(cmasim_zone_get_free_area),
	ROW(cmasim_zone_pageblocks),
	ROW(cmasim_zone_unusable_index),
};

static struct ctx *ctx_for(const char *version)
{
	struct ctx *c = &ctxs[strcmp(version, "6.1") ? 1 : 0];
	struct cmasim_config *cfg;

	if (c->run)
		return c;
	c->run = tst_boot_pc(version, UINT64_C(1) << 30, 1, "cma=64M", NULL);
	c->other = tst_boot_pc(version, UINT64_C(1) << 30, 1, "cma=64M",
			       NULL);
	cfg = cmasim_config_new();
	assert_int_equal(cmasim_config_set_kernel(cfg, version), 0);
	assert_int_equal(cmasim_create(cfg, &c->early), 0);
	cmasim_config_destroy(cfg);
	assert_int_equal(cmasim_memblock_add(c->early, 0x100000, 256 * MiB),
			 0);
	c->area = cmasim_cma_find(c->run, "reserved");
	c->oarea = cmasim_cma_find(c->other, "reserved");
	assert_non_null(c->area);
	assert_non_null(c->oarea);
	assert_int_equal(cmasim_device_create(c->run, "dev", -1, &c->dev), 0);
	assert_int_equal(cmasim_device_create(c->other, "dev", -1, &c->odev),
			 0);
	assert_int_equal(cmasim_device_create(c->early, "dev", -1, &c->edev),
			 0);
	assert_int_equal(cmasim_machine_qemu_pc(UINT64_C(1) << 30, 1, &c->m),
			 0);
	return c;
}

/* What a table entry runs: one row on one kernel version. */
struct job {
	struct row *row;
	const char *version;
};

static void run_row(void **state)
{
	struct job *j = *state;

	cur = j->row;
	cur->fn(ctx_for(j->version));
}

static int sym_listed(char **syms, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(syms[i], name))
			return 1;
	return 0;
}

/* Every exported function has a row, every row an exported function. */
static int check_rows_against(const char *sym_path)
{
	char *text = NULL, **lines;
	char *syms[1024];
	size_t n = 0;
	int bad = 0;

	if (!g_file_get_contents(sym_path, &text, NULL, NULL)) {
		fprintf(stderr, "cannot read %s\n", sym_path);
		return 1;
	}
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l && n < NR_OF(syms); l++) {
		char *t = g_strstrip(*l);
		size_t len = strlen(t);

		if (strncmp(t, "cmasim_", 7) || !len || t[len - 1] != ';')
			continue;
		t[len - 1] = '\0';
		syms[n++] = t;
	}
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t r = 0; r < NR_OF(rows) && !found; r++)
			found = !strcmp(rows[r].name, syms[i]);
		if (!found) {
			fprintf(stderr, "%s is exported but has no row in tests/test-hostile-api.c\n",
				syms[i]);
			bad = 1;
		}
	}
	for (size_t r = 0; r < NR_OF(rows); r++)
		if (!sym_listed(syms, n, rows[r].name)) {
			fprintf(stderr, "row %s names no exported function\n",
				rows[r].name);
			bad = 1;
		}
	g_strfreev(lines);
	g_free(text);
	return bad;
}

/* Which argument classes each row covers, and the totals. */
static void print_coverage(void)
{
	unsigned int per[NR_CLS] = { 0 }, cells = 0;

	for (size_t r = 0; r < NR_OF(rows); r++)
		for (int k = 0; k < NR_CLS; k++)
			if (rows[r].classes & (1u << k)) {
				per[k]++;
				cells++;
			}
	printf("# coverage: %zu functions, %u (function, class) cells:",
	       NR_OF(rows), cells);
	for (int k = 0; k < NR_CLS; k++)
		printf(" %s %u", cls_name[k], per[k]);
	printf("\n");
}

int main(int argc, char **argv)
{
	static const char *const versions[] = { "6.1", "6.12" };
	struct CMUnitTest *tests;
	struct job *jobs;
	size_t n = 0;
	int ret;

	if (argc < 2 || check_rows_against(argv[1]))
		return 1;
	tests = calloc(NR_OF(versions) * NR_OF(rows), sizeof(*tests));
	jobs = calloc(NR_OF(versions) * NR_OF(rows), sizeof(*jobs));
	assert_non_null(tests);
	assert_non_null(jobs);
	for (size_t v = 0; v < NR_OF(versions); v++)
		for (size_t r = 0; r < NR_OF(rows); r++, n++) {
			jobs[n] = (struct job){ &rows[r], versions[v] };
			tests[n].name = g_strdup_printf("%s: %s", versions[v],
							rows[r].name);
			tests[n].test_func = run_row;
			tests[n].initial_state = &jobs[n];
		}
	ret = tst_run_tables("hostile-api", tests, n, NULL, 0);
	print_coverage();
	for (size_t i = 0; i < n; i++)
		g_free((char *)tests[i].name);
	for (size_t v = 0; v < NR_OF(ctxs); v++) {
		cmasim_destroy(ctxs[v].run);
		cmasim_destroy(ctxs[v].other);
		cmasim_destroy(ctxs[v].early);
		cmasim_machine_destroy(ctxs[v].m);
	}
	free(tests);
	free(jobs);
	return ret;
}
