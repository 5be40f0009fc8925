// SPDX-License-Identifier: GPL-2.0-only
/* Tests for lib/kconfig.c: the Kconfig knob table, defaults, parsing. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static struct cmasim_config *cfg_for(const char *arch, const char *kernel)
{
	struct cmasim_config *cfg = cmasim_config_new();

	assert_int_equal(cmasim_config_set_arch(cfg, arch), 0);
	assert_int_equal(cmasim_config_set_kernel(cfg, kernel), 0);
	return cfg;
}

static void assert_knob(const struct cmasim_config *cfg, const char *name,
			const char *want)
{
	char buf[32];

	assert_int_equal(cmasim_config_get(cfg, name, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

/* Expect x86 defaults: CMA_SIZE_MBYTES 0, PERCENTAGE 0, CMA_AREAS 20 on
 * 6.12 and 19 on 6.1 (NUMA=y), CMA_ALIGNMENT 8. */
static void test_kconfig_x86_defaults(void **state)
{
	struct cmasim_config *a = cfg_for("x86_64", "6.12");
	struct cmasim_config *b = cfg_for("x86_64", "6.1");

	assert_knob(a, "CMA_SIZE_MBYTES", "0");
	assert_knob(a, "CMA_SIZE_PERCENTAGE", "0");
	assert_knob(a, "CMA_AREAS", "20");
	assert_knob(b, "CMA_AREAS", "19");
	assert_knob(a, "CMA_ALIGNMENT", "8");
	assert_knob(a, "CMA_SIZE_SEL_MBYTES", "y");
	assert_knob(a, "CONFIG_NUMA", "y");
	cmasim_config_destroy(a);
	cmasim_config_destroy(b);
}

/* Expect arm64 defaults: 16 MiB, 10%, 4K max order 10 (6.12) / 11 (6.1). */
static void test_kconfig_arm64_defaults(void **state)
{
	struct cmasim_config *a = cfg_for("arm64", "6.12");
	struct cmasim_config *b = cfg_for("arm64-16k", "6.1");

	assert_knob(a, "CMA_SIZE_MBYTES", "16");
	assert_knob(a, "CMA_SIZE_PERCENTAGE", "10");
	assert_knob(a, "ARCH_FORCE_MAX_ORDER", "10");
	assert_knob(b, "ARCH_FORCE_MAX_ORDER", "12");
	/* 6.1: DMA_PERNUMA_CMA defaults to NUMA && ARM64 */
	assert_knob(b, "DMA_PERNUMA_CMA", "y");
	assert_int_equal(cmasim_config_set(b, "NUMA", "n"), 0);
	assert_knob(b, "DMA_PERNUMA_CMA", "n");
	cmasim_config_destroy(a);
	cmasim_config_destroy(b);
}

/* Expect 32-bit arm without NUMA: CMA_AREAS 8 (6.12) and 7 (6.1). */
static void test_kconfig_arm_without_numa_areas(void **state)
{
	struct cmasim_config *a = cfg_for("arm", "6.12");
	struct cmasim_config *b = cfg_for("arm", "6.1");

	assert_knob(a, "NUMA", "n");
	assert_knob(a, "CMA_AREAS", "8");
	assert_knob(b, "CMA_AREAS", "7");
	assert_int_equal(cmasim_config_set(a, "NUMA", "y"), 0);
	assert_knob(a, "CMA_AREAS", "20");
	cmasim_config_destroy(a);
	cmasim_config_destroy(b);
}

/* Expect unknown knobs, bad values and out-of-range values to be refused
 * with a message naming the input, and the value to stay as it was. */
static void test_kconfig_set_errors(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();

	assert_errno(cmasim_config_set(cfg, "CMA_AREA", "3"), -ENOENT);
	assert_non_null(strstr(cmasim_config_error(cfg), "CMA_AREA"));
	assert_errno(cmasim_config_set(cfg, "CMA_AREAS", "3x"), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "CMA_AREAS=3x"));
	assert_errno(cmasim_config_set(cfg, "CMA_ALIGNMENT", "13"), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "out of range"));
	assert_errno(cmasim_config_set(cfg, "CMA_DEBUG", "maybe"), -EINVAL);
	assert_errno(cmasim_config_set(cfg, "CMA_DEBUG", NULL), -EINVAL);
	assert_knob(cfg, "CMA_ALIGNMENT", "8");
	assert_int_equal(cmasim_config_set(cfg, "CMA_ALIGNMENT", "0x4"), 0);
	assert_knob(cfg, "CMA_ALIGNMENT", "4");
	cmasim_config_destroy(cfg);
}

/*
 * The config calls that crashed on NULL while cmasim_create(NULL, ...)
 * returned -EINVAL.  Expect -EINVAL from every call that returns an int,
 * "" from cmasim_config_error(), nothing from the void ones, and the
 * configuration untouched.
 */
static void test_kconfig_null_arguments(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	char buf[16];

	assert_errno(cmasim_config_set_arch(NULL, "x86_64"), -EINVAL);
	assert_errno(cmasim_config_set_kernel(NULL, "6.1"), -EINVAL);
	assert_errno(cmasim_config_set(NULL, "CMA", "y"), -EINVAL);
	assert_errno(cmasim_config_get(NULL, "CMA", buf, sizeof(buf)), -EINVAL);
	assert_errno(cmasim_config_get(cfg, "CMA", NULL, 16), -EINVAL);
	assert_string_equal(cmasim_config_error(NULL), "");
	cmasim_config_set_seed(NULL, 1);
	cmasim_config_set_log_handler(NULL, NULL, NULL);
	assert_int_equal(cmasim_config_get(cfg, "CMA", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "y");
	assert_string_equal(cmasim_config_error(cfg), "");
	cmasim_config_destroy(cfg);
}

/* Expect version- and arch-specific knobs to be refused elsewhere. */
static void test_kconfig_set_absent_knob(void **state)
{
	struct cmasim_config *a = cfg_for("x86_64", "6.12");
	struct cmasim_config *b = cfg_for("x86_64", "6.1");
	char buf[8];

	assert_errno(cmasim_config_set(a, "DMA_PERNUMA_CMA", "y"), -EOPNOTSUPP);
	assert_errno(cmasim_config_set(b, "DMA_NUMA_CMA", "y"), -EOPNOTSUPP);
	assert_int_equal(cmasim_config_set(b, "DMA_PERNUMA_CMA", "y"), 0);
	assert_knob(b, "DMA_PERNUMA_CMA", "y");
	/* 6.12: DMA_NUMA_CMA depends on NUMA */
	assert_int_equal(cmasim_config_set(a, "DMA_NUMA_CMA", "y"), 0);
	assert_knob(a, "DMA_NUMA_CMA", "y");
	assert_int_equal(cmasim_config_set(a, "NUMA", "n"), 0);
	assert_knob(a, "DMA_NUMA_CMA", "n");
	assert_errno(cmasim_config_set(a, "ARCH_FORCE_MAX_ORDER", "11"), -EOPNOTSUPP);
	assert_errno(cmasim_config_set(a, "HIGHMEM", "y"), -EOPNOTSUPP);
	assert_errno(cmasim_config_get(a, "HIGHMEM", buf, sizeof(buf)), -EOPNOTSUPP);
	assert_errno(cmasim_config_get(a, "NOPE", buf, sizeof(buf)), -ENOENT);
	assert_errno(cmasim_config_get(a, "CMA_AREAS", buf, 1), -ERANGE);
	cmasim_config_destroy(a);
	cmasim_config_destroy(b);
}

/* Expect CMA_SIZE_SEL_* to behave as a Kconfig choice. */
static void test_kconfig_size_sel_is_a_choice(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();

	assert_int_equal(cmasim_config_set(cfg, "CMA_SIZE_SEL_MAX", "y"), 0);
	assert_knob(cfg, "CMA_SIZE_SEL_MBYTES", "n");
	assert_knob(cfg, "CMA_SIZE_SEL_MAX", "y");
	assert_errno(cmasim_config_set(cfg, "CMA_SIZE_SEL_MAX", "n"), -EINVAL);
	assert_knob(cfg, "CMA_SIZE_SEL_MAX", "y");
	cmasim_config_destroy(cfg);
}

/* Expect bad arch and kernel names to be refused. */
static void test_kconfig_bad_profile_names(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();

	assert_errno(cmasim_config_set_arch(cfg, "riscv"), -EINVAL);
	assert_non_null(strstr(cmasim_config_error(cfg), "riscv"));
	assert_errno(cmasim_config_set_kernel(cfg, "5.15"), -EINVAL);
	assert_errno(cmasim_config_set_kernel(cfg, NULL), -EINVAL);
	cmasim_config_destroy(cfg);
}

/* Expect an instance to report its effective knob values. */
static void test_kconfig_instance_knobs(void **state)
{
	struct cmasim *sim = tst_sim_new("arm64", "6.1", "CMA_SIZE_MBYTES=64", NULL);
	int64_t v;

	assert_int_equal(cmasim_get_knob(sim, "CMA_SIZE_MBYTES", &v), 0);
	assert_int_equal(v, 64);
	assert_int_equal(cmasim_get_knob(sim, "CMA_AREAS", &v), 0);
	assert_int_equal(v, 19);
	assert_errno(cmasim_get_knob(sim, "DMA_NUMA_CMA", &v), -EOPNOTSUPP);
	tst_sim_free(sim);
}

/*
 * Kconfig "depends on": DMA_CMA, CMA_AREAS, CMA_DEBUGFS and CMA_SYSFS
 * need CMA; the size, alignment and per-node options sit inside
 * "if DMA_CMA"; NODES_SHIFT needs NUMA.
 * Expect a knob whose dependency is off to read n (0), as .config has it.
 */
static void test_kconfig_depends_on_turns_knobs_off(void **state)
{
	struct cmasim_config *cfg = cmasim_config_new();
	char buf[32];

	(void)state;
	assert_int_equal(cmasim_config_set_arch(cfg, "arm64"), 0);
	assert_int_equal(cmasim_config_set_kernel(cfg, "6.1"), 0);
	assert_int_equal(cmasim_config_set(cfg, "DMA_CMA", "n"), 0);
	assert_int_equal(cmasim_config_get(cfg, "DMA_PERNUMA_CMA", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "n");
	assert_int_equal(cmasim_config_get(cfg, "CMA_SIZE_MBYTES", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(cmasim_config_get(cfg, "CMA_AREAS", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "19");
	assert_int_equal(cmasim_config_set(cfg, "CMA", "n"), 0);
	assert_int_equal(cmasim_config_get(cfg, "DMA_CMA", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "n");
	assert_int_equal(cmasim_config_get(cfg, "CMA_AREAS", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(cmasim_config_get(cfg, "CMA_SYSFS", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "n");
	assert_int_equal(cmasim_config_set(cfg, "CMA", "y"), 0);
	assert_int_equal(cmasim_config_get(cfg, "CMA_AREAS", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "19");
	assert_int_equal(cmasim_config_set(cfg, "NUMA", "n"), 0);
	assert_int_equal(cmasim_config_get(cfg, "NODES_SHIFT", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	cmasim_config_destroy(cfg);
}

static void append(const char *text, void *data)
{
	char **s = data;
	size_t old = *s ? strlen(*s) : 0;

	*s = realloc(*s, old + strlen(text) + 1);
	strcpy(*s + old, text);
}

/* Expect docs/config.md to equal the generated table. */
static void test_kconfig_docs_up_to_date(void **state)
{
	const char *path = getenv("CMASIM_DOCS_CONFIG_MD");
	char *gen = NULL, *file;
	FILE *fp;
	long n;

	assert_non_null(path);
	cmasim_config_write_docs(append, &gen);
	fp = fopen(path, "r");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	file = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(file, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	if (strcmp(gen, file))
		fail_msg("docs/config.md is stale: regenerate with `cmasim config --markdown > docs/config.md`");
	free(gen);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kconfig_x86_defaults),
		cmocka_unit_test(test_kconfig_arm64_defaults),
		cmocka_unit_test(test_kconfig_arm_without_numa_areas),
		cmocka_unit_test(test_kconfig_set_errors),
		cmocka_unit_test(test_kconfig_null_arguments),
		cmocka_unit_test(test_kconfig_set_absent_knob),
		cmocka_unit_test(test_kconfig_size_sel_is_a_choice),
		cmocka_unit_test(test_kconfig_bad_profile_names),
		cmocka_unit_test(test_kconfig_instance_knobs),
		cmocka_unit_test(test_kconfig_depends_on_turns_knobs_off),
	};
	const struct CMUnitTest docs[] = {
		cmocka_unit_test(test_kconfig_docs_up_to_date),
	};

	/* meson gives the path of docs/config.md; by hand it may be absent */
	if (!getenv("CMASIM_DOCS_CONFIG_MD")) {
		printf("# docs check left out: CMASIM_DOCS_CONFIG_MD not set\n");
		return tst_run_tables("kconfig", tests, sizeof(tests) / sizeof(tests[0]), NULL, 0);
	}
	return tst_run_tables("kconfig", tests, sizeof(tests) / sizeof(tests[0]),
			      docs, 1);
}
