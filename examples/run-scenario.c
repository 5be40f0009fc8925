// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run a scenario file and print what each step did.
 *
 * A scenario (docs/scenarios.md) describes a machine, its boot and a
 * workload.  This program loads one, optionally changes keys of it
 * (KEY=VALUE arguments such as machine.kernel=6.1, as a sweep would),
 * runs it, and prints each step as the library reports it through the
 * step callback: the step, its return value, the kernel lines it logged
 * (prefixed "  dmesg: "), the simulator's diagnostics ("  diag: "), what
 * it printed, and an expectation's verdict.  The exit status is 0 when
 * every expectation held, 1 when one failed or the run broke, 2 for bad
 * usage or a scenario with errors (each printed as FILE:LINE: ...).
 *
 * Usage: run-scenario [-q] FILE [GROUP.KEY=VALUE...]
 *   -q  print only failed expectations and the summary
 *
 * Build: cc run-scenario.c $(pkg-config --cflags --libs cmasim)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

struct opts {
	int quiet;
	unsigned int failed;
};

static void print_err(const char *text, void *data)
{
	(void)data;
	fputs(text, stderr);
}

/* The step callback: print the step as it completes. */
static int show_step(struct cmasim *sim, const struct cmasim_scenario_result *r,
		     void *data)
{
	struct opts *o = data;
	size_t i;

	(void)sim;
	if (r->expect == CMASIM_EXPECT_FAILED)
		o->failed++;
	if (o->quiet && r->expect != CMASIM_EXPECT_FAILED && !r->check)
		return 0;
	if (r->skipped) {
		printf("%s:%u: %s (skipped: not this kernel or arch)\n", r->file,
		       r->line, r->text);
		return 0;
	}
	printf("%s:%u: %s -> %d", r->file, r->line, r->text, r->ret);
	if (r->value)
		printf(" (%" PRIu64 ")", r->value);
	printf("\n");
	for (i = 0; !o->quiet && i < r->nr_dmesg; i++)
		printf("  dmesg: %s\n", r->dmesg[i]);
	for (i = 0; !o->quiet && i < r->nr_diag; i++)
		printf("  diag: %s\n", r->diag[i]);
	if (r->output && !o->quiet)
		fputs(r->output, stdout);
	if (r->expect != CMASIM_EXPECT_NONE)
		printf("  %s: %s\n", r->expect == CMASIM_EXPECT_PASSED ?
		       "ok" : "FAILED", r->expect_text);
	if (r->check)
		printf("  the checker found a broken invariant after this step\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct cmasim_scenario *sc = NULL;
	struct cmasim *sim = NULL;
	uint64_t hash = 0;
	int a = 1, ret;

	if (a < argc && !strcmp(argv[a], "-q")) {
		o.quiet = 1;
		a++;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: run-scenario [-q] FILE [GROUP.KEY=VALUE...]\n");
		return 2;
	}
	if (cmasim_scenario_load_file(argv[a], &sc, print_err, NULL))
		return 2;
	for (int i = a + 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "run-scenario: %s: expected GROUP.KEY=VALUE\n",
				argv[i]);
			cmasim_scenario_destroy(sc);
			return 2;
		}
		*eq = '\0';
		ret = cmasim_scenario_set(sc, argv[i], eq + 1, print_err, NULL);
		*eq = '=';
		if (ret) {
			cmasim_scenario_destroy(sc);
			return 2;
		}
	}
	ret = cmasim_scenario_run(sc, show_step, &o, &sim);
	if (sim)
		cmasim_state_hash(sim, &hash);
	printf("%s: %zu steps, %u expectations failed, state %016" PRIx64 ": %s\n",
	       argv[a], cmasim_scenario_nr_results(sc), o.failed, hash,
	       ret == 0 ? "passed" : ret == -EDOM ? "FAILED" :
	       "the run broke");
	cmasim_destroy(sim);
	cmasim_scenario_destroy(sc);
	return ret ? 1 : 0;
}
