// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading scenario files (lib/workload/scenario.c): the declarative part
 * read with GKeyFile, a table of inputs and the one error each gives
 * ("FILE:LINE: what was expected"), the size bound, files, and the keys
 * afterwards (cmasim_scenario_set() checks a value as the file's would
 * be, cmasim_scenario_get() reads it back).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "helpers.h"
#include "workload/scenario.h"

static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

/* clang-format off */
static const struct {
	const char *text;
	const char *error;	/* "" when it loads */
} cases[] = {
	{ "", "" },
	{ "# only a comment\n", "" },
	{ "[scenario]\nseed = 3   \n[steps]\n", "" },
	{ "[machine]\r\nkernel = 6.1\r\n", "" },
	{ "key = 1\n", "t.scn:1: KEY = VALUE before any group: expected a [group] line first\n" },
	{ "[scenario]\nseed\n", "t.scn:2: expected a [group] line, KEY = VALUE or a # comment\n" },
	{ "[scenario\n", "t.scn:1: expected a group header such as [machine]\n" },
	{ "[bogus]\nx = 1\n", "t.scn:1: [bogus]: unknown group (expected [scenario], [machine], [kconfig], [boot], [trace] or [steps])\n" },
	{ "[scenario]\nsed = 1\n", "t.scn:2: [scenario] sed: unknown key (expected name, description, seed, check)\n" },
	{ "[scenario]\nseed = -1\n", "t.scn:2: [scenario] seed: expected an unsigned number\n" },
	{ "[scenario]\ncheck = always\n", "t.scn:2: [scenario] check: expected step, end or off\n" },
	{ "[machine]\narch = mips\n", "t.scn:2: [machine] arch: expected x86_64, arm64, arm64-4k, arm64-16k, arm64-64k or arm\n" },
	{ "[machine]\nkernel = 5.10\n", "t.scn:2: [machine] kernel: expected 6.1 or 6.12\n" },
	{ "[machine]\nmemory = 1000\n", "t.scn:2: [machine] memory: expected a size such as 1G or 512M, whole MiB from 64M to 64T\n" },
	{ "[machine]\nmemory = 32M\n", "t.scn:2: [machine] memory: expected a size such as 1G or 512M, whole MiB from 64M to 64T\n" },
	{ "[machine]\nnodes = 0\n", "t.scn:2: [machine] nodes: expected a number of nodes from 1 to 64\n" },
	{ "[machine]\nboot-log = /nonexistent/boot.log\n", "t.scn:2: [machine] boot-log: /nonexistent/boot.log: no such file\n" },
	{ "[machine]\ndtb = /nonexistent/board.dtb\nnodes = 2\n", "t.scn:2: [machine] dtb: /nonexistent/board.dtb: no such file\n" },
	{ "[kconfig]\nCMA_AREA = 7\n", "t.scn:2: [kconfig] CMA_AREA: no such Kconfig knob (docs/config.md lists them)\n" },
	{ "[kconfig]\nCMA_AREAS = 0\n", "t.scn:2: [kconfig] CMA_AREAS: CMA_AREAS=0 is out of range [1, 1024]\n" },
	{ "[kconfig]\nCMA = maybe\n", "t.scn:2: [kconfig] CMA: CMA=maybe: expected y or n\n" },
	/* a knob of another arch applies where it exists */
	{ "[kconfig]\nARCH_FORCE_MAX_ORDER = 10\n", "" },
	{ "[trace]\nevents = mm_page_alloc, bogus\n", "t.scn:2: [trace] events: no trace event \"bogus\" (expected all or names such as cma_alloc_start, mm_page_alloc)\n" },
	{ "[boot]\ncmd = x\n", "t.scn:2: [boot] cmd: unknown key (expected cmdline, cmdline-append)\n" },
	{ "[scenario]\nseed = 1\n[scenario]\nx=1\n", "t.scn:4: [scenario] x: unknown key (expected name, description, seed, check)\n" },
	{ "[scenario]\nseed = x\ncheck = y\n", "t.scn:2: [scenario] seed: expected an unsigned number\nt.scn:3: [scenario] check: expected step, end or off\n" },
};
/* clang-format on */

/* Expect each declarative part to load, or to give exactly its errors. */
static void test_scenario_keys_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NR_OF(cases); i++) {
		GString *err = g_string_new(NULL);
		struct cmasim_scenario *sc = NULL;
		int ret = cmasim_scenario_load_data(cases[i].text,
						    strlen(cases[i].text),
						    "t.scn", &sc, collect, err);

		if (strcmp(err->str, cases[i].error))
			fail_msg("case %zu \"%s\":\n  got  %s\n  want %s", i,
				 cases[i].text, err->str, cases[i].error);
		assert_errno(ret, *cases[i].error ? -EINVAL : 0);
		assert_true(*cases[i].error ? sc == NULL : sc != NULL);
		cmasim_scenario_destroy(sc);
		g_string_free(err, TRUE);
	}
}

/* Expect a boot log beside the memory size to be refused on the
 * second key's line. */
static void test_scenario_keys_clash(void **state)
{
	char *log = g_build_filename(g_getenv("CMASIM_SRCDIR"), "tests", "data",
				     "s04-6.1-early.log", NULL);
	char *text = g_strdup_printf("[machine]\nboot-log = %s\nmemory = 1G\n",
				     log);
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data(text, strlen(text), "t.scn", &sc,
					       collect, err), -EINVAL);
	assert_string_equal(err->str, "t.scn:3: [machine] memory: a boot log describes the memory; drop memory or boot-log\n");
	g_string_free(err, TRUE);
	g_free(text);
	g_free(log);
}

/* Expect a NUL byte, a NULL text and an oversized text refused. */
static void test_scenario_load_bounds(void **state)
{
	char *big = g_malloc0(CMASIM_SCENARIO_MAX_BYTES + 2);
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data("[steps]\n\0x", 10, "t.scn", &sc,
					       collect, err), -EINVAL);
	assert_string_equal(err->str, "t.scn:2: a NUL byte: expected text\n");
	g_string_truncate(err, 0);
	memset(big, '#', CMASIM_SCENARIO_MAX_BYTES + 1);
	assert_errno(cmasim_scenario_load_data(big, CMASIM_SCENARIO_MAX_BYTES + 1,
					       "big", &sc, collect, err), -EFBIG);
	assert_string_equal(err->str, "big: 262145 bytes: a scenario holds at most 262144 bytes\n");
	big[CMASIM_SCENARIO_MAX_BYTES - 1] = '\n';
	assert_errno(cmasim_scenario_load_data(big, CMASIM_SCENARIO_MAX_BYTES,
					       "big", &sc, NULL, NULL), 0);
	cmasim_scenario_destroy(sc);
	sc = NULL;
	assert_errno(cmasim_scenario_load_data(NULL, 3, "n", &sc, NULL, NULL),
		     -EINVAL);
	assert_errno(cmasim_scenario_load_data("", 0, "n", NULL, NULL, NULL),
		     -EINVAL);
	assert_null(sc);
	g_string_free(err, TRUE);
	g_free(big);
}

/* Expect files read (errors name the path), missing ones -EIO, and
 * relative input paths taken from the scenario's directory. */
static void test_scenario_load_file(void **state)
{
	char *dir = g_dir_make_tmp("cmasim-scn-XXXXXX", NULL);
	char *path = g_build_filename(dir, "a.scn", NULL);
	char *log = g_build_filename(dir, "boot.log", NULL);
	char *missing = g_build_filename(dir, "none.scn", NULL);
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_true(g_file_set_contents(log, "x\n", -1, NULL));
	assert_true(g_file_set_contents(path, "[machine]\nboot-log = boot.log\n[steps]\nbad\n",
					-1, NULL));
	assert_errno(cmasim_scenario_load_file(path, &sc, collect, err), -EINVAL);
	assert_true(g_str_has_prefix(err->str, path));
	assert_non_null(strstr(err->str, ":4: bad: unknown step"));
	assert_null(strstr(err->str, "boot-log"));
	g_string_truncate(err, 0);
	assert_true(g_file_set_contents(path, "[machine]\nboot-log = boot.log\n",
					-1, NULL));
	assert_errno(cmasim_scenario_load_file(path, &sc, collect, err), 0);
	assert_string_equal(cmasim_scenario_get(sc, "machine.boot-log"), "boot.log");
	cmasim_scenario_destroy(sc);
	assert_errno(cmasim_scenario_load_file(missing, &sc, collect, err), -EIO);
	assert_true(g_str_has_prefix(err->str, missing));
	assert_errno(cmasim_scenario_load_file(NULL, &sc, NULL, NULL), -EINVAL);
	g_unlink(log);
	g_unlink(path);
	g_rmdir(dir);
	g_free(missing);
	g_free(log);
	g_free(path);
	g_free(dir);
	g_string_free(err, TRUE);
}

/* Expect set() to check values as the file's are checked, get() to read
 * them back, and a failed set to leave the key as it was. */
static void test_scenario_set_get(void **state)
{
	static const char text[] = "[machine]\nkernel = 6.12\n[kconfig]\nCMA_AREAS = 9\n";
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data(text, strlen(text), "s", &sc,
					       NULL, NULL), 0);
	assert_string_equal(cmasim_scenario_get(sc, "machine.kernel"), "6.12");
	assert_string_equal(cmasim_scenario_get(sc, "kconfig.CMA_AREAS"), "9");
	assert_null(cmasim_scenario_get(sc, "machine.memory"));
	assert_null(cmasim_scenario_get(sc, "bogus"));
	assert_errno(cmasim_scenario_set(sc, "machine.kernel", "6.1", collect, err), 0);
	assert_string_equal(cmasim_scenario_get(sc, "machine.kernel"), "6.1");
	assert_errno(cmasim_scenario_set(sc, "machine.kernel", "7.0", collect, err), -EINVAL);
	assert_string_equal(err->str, "s: set machine.kernel: [machine] kernel: expected 6.1 or 6.12\n");
	assert_string_equal(cmasim_scenario_get(sc, "machine.kernel"), "6.1");
	g_string_truncate(err, 0);
	assert_errno(cmasim_scenario_set(sc, "kernel", "6.1", collect, err), -EINVAL);
	assert_string_equal(err->str, "s: set kernel: expected GROUP.KEY, such as machine.kernel\n");
	g_string_truncate(err, 0);
	assert_errno(cmasim_scenario_set(sc, "steps.x", "1", collect, err), -EINVAL);
	assert_string_equal(err->str, "s: set steps.x: unknown group (expected scenario, machine, kconfig, boot or trace)\n");
	assert_errno(cmasim_scenario_set(sc, "kconfig.CMA_SIZE_MBYTES", "32", NULL, NULL), 0);
	assert_int_equal(sc->knobs->len, 2);
	assert_errno(cmasim_scenario_set(sc, "kconfig.CMA_AREAS", "7", NULL, NULL), 0);
	assert_int_equal(sc->knobs->len, 2);
	assert_errno(cmasim_scenario_set(sc, "boot.cmdline", "cma=64M", NULL, NULL), 0);
	assert_string_equal(cmasim_scenario_get(sc, "boot.cmdline"), "cma=64M");
	assert_errno(cmasim_scenario_set(sc, "scenario.seed", "0x10", NULL, NULL), 0);
	assert_errno(cmasim_scenario_set(NULL, "a.b", "1", NULL, NULL), -EINVAL);
	assert_errno(cmasim_scenario_set(sc, NULL, "1", NULL, NULL), -EINVAL);
	assert_errno(cmasim_scenario_set(sc, "a.b", NULL, NULL, NULL), -EINVAL);
	cmasim_scenario_destroy(sc);
	g_string_free(err, TRUE);
}

/* Expect a set that would clash (boot log and memory) refused, the key
 * left out. */
static void test_scenario_set_clash(void **state)
{
	char *log = g_build_filename(g_getenv("CMASIM_SRCDIR"), "tests", "data",
				     "s04-6.1-early.log", NULL);
	GString *err = g_string_new(NULL);
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data("[machine]\nmemory = 1G\n", 22,
					       "s", &sc, NULL, NULL), 0);
	assert_errno(cmasim_scenario_set(sc, "machine.boot-log", log, collect, err),
		     -EINVAL);
	assert_string_equal(err->str, "s: set machine.boot-log: [machine] memory: a boot log describes the memory; drop memory or boot-log\n");
	assert_null(cmasim_scenario_get(sc, "machine.boot-log"));
	cmasim_scenario_destroy(sc);
	g_string_free(err, TRUE);
	g_free(log);
}

/* Expect no results before a run; NULL-safe readers. */
static void test_scenario_results_empty(void **state)
{
	struct cmasim_scenario *sc = NULL;

	(void)state;
	assert_errno(cmasim_scenario_load_data("", 0, NULL, &sc, NULL, NULL), 0);
	assert_int_equal(cmasim_scenario_nr_results(sc), 0);
	assert_null(cmasim_scenario_result(sc, 0));
	assert_int_equal(cmasim_scenario_nr_results(NULL), 0);
	assert_null(cmasim_scenario_result(NULL, 0));
	assert_null(cmasim_scenario_get(NULL, "a.b"));
	cmasim_scenario_destroy(sc);
	cmasim_scenario_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenario_keys_table),
		cmocka_unit_test(test_scenario_keys_clash),
		cmocka_unit_test(test_scenario_load_bounds),
		cmocka_unit_test(test_scenario_load_file),
		cmocka_unit_test(test_scenario_set_get),
		cmocka_unit_test(test_scenario_set_clash),
		cmocka_unit_test(test_scenario_results_empty),
	};

	return tst_run_tables("scenario", tests, NR_OF(tests), NULL, 0);
}
