// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scenario files on the command line, for run, map and sweep: the machine
 * options applied as the scenario's own keys, one key set with its
 * refusal collected, and the words for a run's outcome.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cli.h"

bool cli_scenario_set(struct cmasim_scenario *sc, const char *key,
		      const char *value, GString *msgs)
{
	return !cmasim_scenario_set(sc, key, value, cli_collect, msgs);
}

bool cli_scenario_apply(struct cmasim_scenario *sc, const struct cli_opts *o,
			GString *msgs)
{
	static const struct {
		size_t offset;
		const char *key;
	} plain[] = {
		{ G_STRUCT_OFFSET(struct cli_opts, arch), "machine.arch" },
		{ G_STRUCT_OFFSET(struct cli_opts, kernel), "machine.kernel" },
		{ G_STRUCT_OFFSET(struct cli_opts, mem), "machine.memory" },
		{ G_STRUCT_OFFSET(struct cli_opts, from_log), "machine.boot-log" },
		{ G_STRUCT_OFFSET(struct cli_opts, dtb), "machine.dtb" },
		{ G_STRUCT_OFFSET(struct cli_opts, cmdline), "boot.cmdline" },
		{ G_STRUCT_OFFSET(struct cli_opts, seed), "scenario.seed" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(plain); i++) {
		const char *v = G_STRUCT_MEMBER(const char *, o, plain[i].offset);

		if (v && !cli_scenario_set(sc, plain[i].key, v, msgs))
			return false;
	}
	if (o->nodes && !cli_scenario_set(sc, "machine.nodes", o->nodes, msgs))
		return false;
	/* --trace alone writes every event, unless the scenario names some */
	if (o->events ? !cli_scenario_set(sc, "trace.events", o->events, msgs) :
	    o->trace && !cmasim_scenario_get(sc, "trace.events") &&
	    !cli_scenario_set(sc, "trace.events", "all", msgs))
		return false;
	if (o->trace && !cli_scenario_set(sc, "trace.file", o->trace, msgs))
		return false;
	for (gchar **a = o->cmdline_append; a && *a; a++) {
		const char *cur = cmasim_scenario_get(sc, "boot.cmdline-append");
		gchar *line = cur && *cur ? g_strdup_printf("%s %s", cur, *a) :
					    g_strdup(*a);
		bool ok = cli_scenario_set(sc, "boot.cmdline-append", line, msgs);

		g_free(line);
		if (!ok)
			return false;
	}
	for (gchar **s = o->sets; s && *s; s++) {
		const char *eq = strchr(*s, '=');
		gchar *key;
		bool ok;

		if (!eq) {
			g_string_append_printf(msgs, "--set %s: expected KNOB=VALUE\n",
					       *s);
			return false;
		}
		key = g_strdup_printf("kconfig.%.*s", (int)(eq - *s), *s);
		ok = cli_scenario_set(sc, key, eq + 1, msgs);
		g_free(key);
		if (!ok)
			return false;
	}
	return true;
}

const char *cli_scenario_outcome(int ret)
{
	return !ret ? "passed" : ret == -EDOM ? "failed" : "broke";
}
