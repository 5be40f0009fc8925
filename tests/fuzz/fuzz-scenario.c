// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the scenario parser (lib/workload/scenario.c and
 * scenario_steps.c): the whole input is a scenario file's text, given to
 * cmasim_scenario_load_data().
 *
 * The parser must end in one of its documented results; a refusal comes
 * with at least one "NAME:LINE: ..." error line, and a scenario it takes
 * must answer cmasim_scenario_get() for every key of its groups and be
 * destroyed cleanly.  Taken scenarios are not run: a scenario names
 * files to read and write (boot logs, device trees, snapshots, trace
 * files), which a fuzzer must not touch; the runner is exercised by the
 * example scenarios and tests/workload.
 *
 * The same file is built without libFuzzer as the corpus replay test
 * (replay.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_err(const char *text, void *data)
{
	if (!text || strncmp(text, "fuzz:", 5))
		abort();
	(*(unsigned int *)data)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"scenario.name", "scenario.seed", "scenario.check",
		"machine.arch", "machine.kernel", "machine.memory",
		"machine.nodes", "machine.boot-log", "machine.dtb",
		"boot.cmdline", "boot.cmdline-append", "trace.events",
		"trace.file",
	};
	struct cmasim_scenario *sc = NULL;
	unsigned int nerr = 0;
	int ret;

	ret = cmasim_scenario_load_data((const char *)data, size, "fuzz", &sc,
					count_err, &nerr);
	if (ret == -EINVAL && !nerr && size)
		abort();
	if (ret && ret != -EINVAL && ret != -EFBIG && ret != -ENOMEM)
		abort();
	if (ret) {
		if (sc)
			abort();
		return 0;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = cmasim_scenario_get(sc, keys[i]);

		if (v && strlen(v) > size)
			abort();
	}
	if (cmasim_scenario_nr_results(sc))
		abort();
	cmasim_scenario_destroy(sc);
	return 0;
}
