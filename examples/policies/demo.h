/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every policy example does besides its policy: load a scenario,
 * run it under a policy and print what the policy did, and (given the
 * path of the example's own shared object) check that the policy loaded
 * with cmasim_policy_module_open() gives the very same run as the one
 * compiled in.  Public API only, as any program using libcmasim.
 */
#ifndef POLICY_DEMO_H
#define POLICY_DEMO_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

static inline void demo_say(const char *text, void *data)
{
	(void)data;
	fprintf(stderr, "%s\n", text);
}

/* A scenario from text; exits on an error (each printed). */
static inline struct cmasim_scenario *demo_load(const char *name, const char *text)
{
	struct cmasim_scenario *sc = NULL;

	if (cmasim_scenario_load_data(text, strlen(text), name, &sc, demo_say,
				      NULL))
		exit(1);
	return sc;
}

/* One line per report: what cma_alloc() cost, and the machine at the end. */
static inline void demo_print(const struct cmasim_policy_report *r)
{
	const struct cmasim_cma_stats *c = &r->cma;
	const struct cmasim_policy_sample *last =
		&r->samples[r->nr_samples - 1];

	printf("%-16s cma_alloc %" PRIu64 "/%" PRIu64 " ok, %" PRIu64
	       " windows, %" PRIu64 " busy retries, %" PRIu64
	       " pages migrated, %" PRIu64 " dropped, cost %" PRIu64
	       "; unmovable pageblocks %" PRIu64 "\n",
	       r->policy, c->allocs_ok, c->allocs, c->windows,
	       c->busy_retries, c->pages_migrated, c->pages_dropped, r->cost,
	       last->pageblocks[CMASIM_MIGRATE_UNMOVABLE]);
}

/*
 * Run @sc under @policy (NULL: the kernel's); exits when the run itself
 * breaks (an expectation of the scenario failing counts as breaking).
 */
static inline struct cmasim_policy_report *demo_run(struct cmasim_scenario *sc,
					     const struct cmasim_policy *policy)
{
	struct cmasim_policy_report *r = NULL;
	int ret = cmasim_policy_run_scenario(sc, policy, NULL, NULL, &r);

	if (ret || !r) {
		fprintf(stderr, "%s: the run failed: %d\n",
			policy ? policy->name : "kernel", ret);
		exit(1);
	}
	demo_print(r);
	return r;
}

/*
 * With @so (the example's shared object, "" or NULL: skipped): open it
 * as `cmasim run --policy` would, with @args, run @sc under it and
 * compare with @want, the run of the compiled-in policy.  0 when equal.
 */
static inline int demo_check_module(const char *so, const char *args,
			     struct cmasim_scenario *sc,
			     const struct cmasim_policy_report *want)
{
	struct cmasim_policy_module *m = NULL;
	struct cmasim_policy_report *got;
	char spec[4096];
	int bad;

	if (!so || !*so)
		return 0;
	snprintf(spec, sizeof(spec), "%s%s%s", so, args && *args ? ":" : "",
		 args ? args : "");
	if (cmasim_policy_module_open(spec, &m, demo_say, NULL))
		return 1;
	got = demo_run(sc, cmasim_policy_module_policy(m));
	bad = got->nr_samples != want->nr_samples ||
	      memcmp(got->samples, want->samples,
		     want->nr_samples * sizeof(*want->samples)) ||
	      strcmp(got->policy, want->policy);
	if (bad)
		fprintf(stderr, "%s: the shared object's run differs from the compiled-in policy's\n",
			so);
	cmasim_policy_report_destroy(got);
	cmasim_policy_module_close(m);
	return bad;
}

/*
 * A module's arguments, "KEY=VALUE,KEY=VALUE": each key must be one of
 * @keys (NULL-terminated) with a decimal value no larger than @max;
 * @values gets them in @keys' order (untouched when not given).
 * Returns 0, or -EINVAL for anything else.
 */
static inline int demo_args(const char *args, const char *const *keys,
			    unsigned long max, unsigned long *values)
{
	const char *p = args;

	while (p && *p) {
		const char *eq = strchr(p, '='), *end;
		unsigned long v;
		char *stop;
		size_t k;

		if (!eq)
			return -EINVAL;
		for (k = 0; keys[k]; k++)
			if (strlen(keys[k]) == (size_t)(eq - p) &&
			    !strncmp(p, keys[k], (size_t)(eq - p)))
				break;
		if (!keys[k] || eq[1] < '0' || eq[1] > '9')
			return -EINVAL;
		v = strtoul(eq + 1, &stop, 10);
		end = stop;
		if (v > max || (*end && *end != ','))
			return -EINVAL;
		values[k] = v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

#endif /* POLICY_DEMO_H */
