/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario files: a machine, its boot and a workload in one text file
 * (the format is docs/scenarios.md).  A scenario is loaded once, checked
 * line by line, then run any number of times; each run creates a fresh
 * instance, boots it, runs the steps and keeps, per step, what it did:
 * its return value, the kernel lines and diagnostics it produced, what it
 * printed, and the outcome of an expectation.
 *
 * The library prints nothing: a front end reads the results, as they
 * come through the step callback or after the run.  Errors in a
 * scenario name FILE:LINE and what was expected there.
 */
#ifndef CMASIM_SCENARIO_H
#define CMASIM_SCENARIO_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
/** A loaded scenario (caller's, from cmasim_scenario_load_*()). */
struct cmasim_scenario;

/** The largest scenario text accepted, in bytes. */
#define CMASIM_SCENARIO_MAX_BYTES (256 * 1024)
/** The most steps one run executes (loops count every iteration). */
#define CMASIM_SCENARIO_MAX_RUN_STEPS 100000

/* ---- Loading ---- */

/**
 * cmasim_scenario_load_data() - parse a scenario from memory.
 * @text: the scenario text, borrowed for the call (need not end in NUL).
 * @len: bytes of @text, at most CMASIM_SCENARIO_MAX_BYTES.
 * @name: the name errors and results use for the file (copied); NULL
 * gives "<scenario>".  Relative paths in the scenario (a boot log, a
 * device tree) are taken from the current directory.
 * @out: the scenario; untouched on failure.
 * @err: if not NULL, receives one line per error, "NAME:LINE: what was
 * expected" and a newline, borrowed for that call.
 * @data: passed to @err.
 *
 * Return: 0; -EINVAL NULL @out, NULL @text with a non-zero @len, or a
 * scenario with errors (each reported to @err); -EFBIG @len above
 * CMASIM_SCENARIO_MAX_BYTES; -ENOMEM host memory exhausted.  The caller
 * owns *@out and frees it with cmasim_scenario_destroy().
 */
CMASIM_EXPORT int cmasim_scenario_load_data(const char *text, size_t len,
					    const char *name,
					    struct cmasim_scenario **out,
					    cmasim_output_fn err, void *data);

/**
 * cmasim_scenario_load_file() - cmasim_scenario_load_data() on a file.
 * @path: the file, borrowed for the call; errors name it as given, and
 * relative paths inside it are taken from its directory.
 * @out: the scenario; untouched on failure.
 * @err: as for cmasim_scenario_load_data().
 * @data: passed to @err.
 *
 * Return: as cmasim_scenario_load_data(), and -EIO the file cannot be
 * read (@err says why).  The caller owns *@out.
 */
CMASIM_EXPORT int cmasim_scenario_load_file(const char *path,
					    struct cmasim_scenario **out,
					    cmasim_output_fn err, void *data);

/**
 * cmasim_scenario_destroy() - free a scenario and its results.
 * @sc: the scenario, or NULL (nothing happens).
 *
 * Instances a run handed out live on.
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_scenario_destroy(struct cmasim_scenario *sc);

/**
 * cmasim_scenario_set() - change one key of the scenario's declarative
 * part before a run, as if the file said so: a sweep varies a loaded
 * scenario this way.
 * @sc: the scenario (caller's).
 * @key: "GROUP.KEY" as the file's groups name it: "machine.kernel",
 * "machine.memory", "boot.cmdline", "scenario.seed", "kconfig.CMA_AREAS",
 * "trace.file", ... (docs/scenarios.md lists them).
 * @value: the value, checked as the file's would be; borrowed.
 * @err: if not NULL, receives the error line ("set KEY: ...").
 * @data: passed to @err.
 *
 * Return: 0; -EINVAL NULL argument, unknown key or bad value; -ENOMEM.
 * The scenario keeps a copy of @value.
 */
CMASIM_EXPORT int cmasim_scenario_set(struct cmasim_scenario *sc,
				      const char *key, const char *value,
				      cmasim_output_fn err, void *data);

struct cmasim_policy;

/**
 * cmasim_scenario_set_policy() - the allocation policy every run installs
 * on its instance before the boot (<cmasim/policy.h>).
 * @sc: the scenario (caller's).
 * @policy: the policy, or NULL for the kernel's decisions; borrowed: it
 * must stay valid while @sc runs with it.
 *
 * cmasim_policy_run_scenario() runs with a policy and reports on it.
 * Return: 0; -EINVAL NULL @sc.  A policy that cannot be installed makes
 * the run's boot fail with its error.
 */
CMASIM_EXPORT int cmasim_scenario_set_policy(struct cmasim_scenario *sc,
					     const struct cmasim_policy *policy);

/**
 * cmasim_scenario_get() - the value of a key of the declarative part.
 * @sc: the scenario.
 * @key: "GROUP.KEY", as cmasim_scenario_set().
 *
 * Return: the value as written (or set), or NULL when the scenario does
 * not give it.  Borrowed from @sc until the next cmasim_scenario_set()
 * or its destruction.
 */
CMASIM_EXPORT const char *cmasim_scenario_get(const struct cmasim_scenario *sc,
					      const char *key);

/* ---- Running ---- */

/** The outcome of an expect step. */
enum cmasim_expect_outcome {
	CMASIM_EXPECT_NONE = 0,		/**< not an expectation */
	CMASIM_EXPECT_PASSED,
	CMASIM_EXPECT_FAILED,
};

/** What one executed step did (a loop's body gives one per iteration). */
struct cmasim_scenario_result {
	/** the scenario's name (its path or the name it was loaded with) */
	const char *file;
	/** its line; 0 for the boot, which is the first result */
	unsigned int line;
	/** the step as written, without its guard and comment */
	const char *text;
	/** "boot", "alloc", "free", "expect", ... */
	const char *verb;
	/** its guard (a kernel version or arch) did not match: not run */
	bool skipped;
	/** 0 or the negative errno the step returned */
	int ret;
	/** what the step counted: blocks allocated, freed, pinned; pages a
	 * cma_alloc got; 0 when nothing */
	uint64_t value;
	/** the simulated kernel's lines it logged */
	size_t nr_dmesg;
	const char *const *dmesg;
	/** the simulator's diagnostics it produced */
	size_t nr_diag;
	const char *const *diag;
	/** the text a print, read, note or snapshot step produced; else
	 * NULL */
	const char *output;
	enum cmasim_expect_outcome expect;
	/** an expectation's verdict, "ret == -EBUSY: got -ENOMEM"; else
	 * NULL */
	const char *expect_text;
	/** 0, or -EUCLEAN: cmasim_check() found a broken invariant after
	 * the step (with scenario.check = step) */
	int check;
};

/**
 * cmasim_scenario_fn - told of each step as it completes.
 * @sim: the running instance; the callback may read it (getters, files)
 * but not change it.
 * @res: the step's result, borrowed until the next run or the
 * scenario's destruction.
 * @data: the pointer given to cmasim_scenario_run().
 *
 * Return: 0 to go on; non-zero stops the run, which returns that value.
 */
typedef int (*cmasim_scenario_fn)(struct cmasim *sim,
				  const struct cmasim_scenario_result *res,
				  void *data);

/**
 * cmasim_scenario_run() - create an instance as the scenario describes,
 * boot it, run the steps and keep their results (the previous run's are
 * dropped).
 * @sc: the scenario (caller's).
 * @fn: told of each result (the boot's first); may be NULL.
 * @data: passed to @fn.
 * @out_sim: if not NULL, receives the instance after the run (the
 * caller owns it: cmasim_destroy()); NULL destroys it.  Set whenever an
 * instance was created, also when the run fails.  The instance has no
 * log handler any more (the run's was routing lines to the results); its
 * dmesg and diagnostic rings hold every message.
 *
 * A step that fails is a result, not the end of the run; an expect step
 * that does not hold makes the run fail, after the last step.
 * Return: 0 every step ran and every expectation held; -EDOM an
 * expectation failed; -EUCLEAN the checker found a broken invariant
 * after a step; -EINVAL NULL @sc; the boot's or the machine's error
 * (the boot's result says which); -ENOMEM; or @fn's non-zero value.
 */
CMASIM_EXPORT int cmasim_scenario_run(struct cmasim_scenario *sc,
				      cmasim_scenario_fn fn, void *data,
				      struct cmasim **out_sim);

/**
 * cmasim_scenario_nr_results() - the results of the last run.
 * @sc: the scenario.
 *
 * Return: the count (0 before the first run, or for a NULL @sc).
 */
CMASIM_EXPORT size_t cmasim_scenario_nr_results(const struct cmasim_scenario *sc);

/**
 * cmasim_scenario_result() - one result of the last run.
 * @sc: the scenario.
 * @idx: 0 (the boot) .. cmasim_scenario_nr_results() - 1.
 *
 * Return: the result, or NULL past the end.  Borrowed from @sc until the
 * next run or its destruction.
 */
CMASIM_EXPORT const struct cmasim_scenario_result *
cmasim_scenario_result(const struct cmasim_scenario *sc, size_t idx);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_SCENARIO_H */
