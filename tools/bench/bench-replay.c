// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capture replays as a sweep would run them, in one process:
 *
 *   bench-replay [--reps N] [--each] x86|arm64 SHARED_DIR
 *
 * For every real boot capture of the arch's capture sets under
 * SHARED_DIR (the sets and Kconfig knobs of tools/snapshot-outputs.sh),
 * the log is read once, then the answer and the full boot are each timed
 * N times; a capture's figure is its median.
 *
 * The answer is where CMA lands and why: the reservation and its cma:
 * lines (memblock), and the zones that decide whether the area can be
 * activated and so which pageblocks become MIGRATE_CMA.  It is an
 * instance created, booted with cmasim_boot_until(CMASIM_BOOT_ZONES) on
 * the log's machine and command line, and destroyed.  The full boot
 * (cmasim_boot(): the buddy handover, CMA activation, the pools) is the
 * same with CMASIM_BOOT_FULL, reported apart.
 *
 * Prints, one line per figure, the mean and the worst capture per set
 * and over the arch, and what reading a log costs.  Exits 77 (skipped)
 * without the captures.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

#include "memblock-script.h"

/* The capture sets and their knobs, as tools/snapshot-outputs.sh boots them. */
struct capture_set {
	const char *dir;
	bool arm64;
	const char *knobs[12];
};

#define K61_X86 "CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y", \
	"DMA_PERNUMA_CMA=y", "CMA_SIZE_MBYTES=0", "CMA_AREAS=19", \
	"NODES_SHIFT=10", "LOG_BUF_SHIFT=17"
#define K612_X86 "CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y", \
	"DMA_NUMA_CMA=y", "CMA_SIZE_MBYTES=0", "CMA_AREAS=20", \
	"NODES_SHIFT=10"
#define K61_ARM "CMA_SIZE_MBYTES=64", "CMA_AREAS=19", "DMA_PERNUMA_CMA=y", \
	"CMA_DEBUGFS=n", "CMA_SYSFS=n"
#define K612_ARM "CMA_SIZE_MBYTES=64", "CMA_AREAS=20", "NODES_SHIFT=4", \
	"CMA_DEBUGFS=n", "CMA_SYSFS=n"

static const struct capture_set sets[] = {
	{ "oracle", false, { K61_X86 } },
	{ "oracle-612", false, { K612_X86 } },
	{ "oracle-arm64", true, { K61_ARM } },
	{ "oracle-arm64-612", true, { K612_ARM } },
	{ "oracle-arm64-612-16k", true, { K612_ARM } },
	{ "oracle-arm64-612-numacma", true, { K612_ARM, "DMA_NUMA_CMA=y" } },
};

static int set_knobs(struct cmasim_config *cfg, const struct capture_set *cs)
{
	for (int i = 0; cs->knobs[i]; i++) {
		char name[64];
		const char *eq = strchr(cs->knobs[i], '=');

		snprintf(name, sizeof(name), "%.*s", (int)(eq - cs->knobs[i]),
			 cs->knobs[i]);
		if (cmasim_config_set(cfg, name, eq + 1))
			return -EINVAL;
	}
	return 0;
}

/* One boot to @stage: the instance `cmasim boot --from-log --until` makes. */
static int answer(const struct capture_set *cs,
		  const struct cmasim_machine *m,
		  enum cmasim_boot_stage stage, double *ns)
{
	struct cmasim_config *cfg = cmasim_config_new();
	const char *kernel = cmasim_machine_kernel_version(m);
	struct cmasim *sim = NULL;
	double t = mbs_now_ns();
	int ret = -ENOMEM;

	if (cfg) {
		ret = cmasim_config_set_arch(cfg, cs->arm64 ? "arm64" :
							      "x86_64");
		if (!ret && kernel)
			ret = cmasim_config_set_kernel(cfg, kernel);
		if (!ret)
			ret = set_knobs(cfg, cs);
		if (!ret)
			ret = cmasim_create(cfg, &sim);
		if (!ret)
			ret = cmasim_boot_until(sim, m, NULL, stage);
	}
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
	*ns = mbs_now_ns() - t;
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .log files of @dir, sorted; NULL-terminated, caller frees. */
static char **logs_of(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	struct dirent *e;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char **nv;

		if (len < 5 || strcmp(e->d_name + len - 4, ".log"))
			continue;
		nv = realloc(v, (*n + 2) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[*n] = malloc(strlen(dir) + len + 2);
		if (!v[*n])
			break;
		sprintf(v[*n], "%s/%s", dir, e->d_name);
		v[++*n] = NULL;
	}
	closedir(d);
	if (v)
		qsort(v, *n, sizeof(*v), by_name);
	return v;
}

struct tally {
	double sum_ms, max_ms;
	unsigned int n;
	char worst[256];
};

static void tally_add(struct tally *t, double ms, const char *what)
{
	t->sum_ms += ms;
	t->n++;
	if (ms > t->max_ms) {
		t->max_ms = ms;
		snprintf(t->worst, sizeof(t->worst), "%s", what);
	}
}

static void tally_print(const char *name, const struct tally *t,
			const struct tally *full)
{
	printf("%s_captures: %u\n", name, t->n);
	if (!t->n)
		return;
	printf("%s_answer_mean: %.3f ms\n", name, t->sum_ms / t->n);
	printf("%s_answer_max: %.3f ms\n", name, t->max_ms);
	printf("%s_full_boot_mean: %.3f ms\n", name, full->sum_ms / full->n);
	printf("%s_full_boot_max: %.3f ms\n", name, full->max_ms);
}

int main(int argc, char **argv)
{
	int reps = 20, failed = 0;
	bool each = false, arm64;
	const char *shared;
	struct tally all = { 0 }, all_full = { 0 }, parse = { 0 };
	double *ns;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--each"))
			each = true;
		else
			break;
	}
	if (argc - i != 2 || reps < 1 ||
	    (strcmp(argv[i], "x86") && strcmp(argv[i], "arm64"))) {
		fprintf(stderr, "usage: bench-replay [--reps N] [--each] x86|arm64 SHARED_DIR\n");
		return 2;
	}
	arm64 = !strcmp(argv[i], "arm64");
	shared = argv[i + 1];
	ns = calloc((size_t)reps, sizeof(*ns));
	if (!ns)
		return 1;
	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		const struct capture_set *cs = &sets[s];
		struct tally set = { 0 }, set_full = { 0 };
		char dir[4096], name[128];
		char **logs;
		size_t n;

		if (cs->arm64 != arm64)
			continue;
		snprintf(name, sizeof(name), "replay_%s", cs->dir);
		for (char *p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		snprintf(dir, sizeof(dir), "%s/%s/captures", shared, cs->dir);
		logs = logs_of(dir, &n);
		for (size_t l = 0; l < n; l++) {
			struct cmasim_machine *m = NULL;
			double t = mbs_now_ns(), ms;
			int ret;

			ret = cmasim_machine_from_log_file(logs[l], &m, NULL, NULL,
							   NULL);

			tally_add(&parse, (mbs_now_ns() - t) / 1e6, logs[l]);
			for (int r = 0; !ret && r < reps; r++)
				ret = answer(cs, m, CMASIM_BOOT_ZONES, &ns[r]);
			ms = ret ? 0 : mbs_median(ns, (size_t)reps) / 1e6;
			for (int r = 0; !ret && r < reps; r++)
				ret = answer(cs, m, CMASIM_BOOT_FULL, &ns[r]);
			if (ret) {
				fprintf(stderr, "bench-replay: %s: %s\n", logs[l],
					strerror(-ret));
				failed++;
			} else {
				double full = mbs_median(ns, (size_t)reps) / 1e6;
				const char *base = strrchr(logs[l], '/') + 1;
				int len = (int)strlen(base) - 4;

				tally_add(&set, ms, base);
				tally_add(&all, ms, base);
				tally_add(&set_full, full, base);
				tally_add(&all_full, full, base);
				if (each) {
					printf("%s_%.*s: %.3f ms\n", name, len,
					       base, ms);
					printf("%s_%.*s_full_boot: %.3f ms\n",
					       name, len, base, full);
				}
			}
			cmasim_machine_destroy(m);
			free(logs[l]);
		}
		free(logs);
		if (n)
			tally_print(name, &set, &set_full);
	}
	free(ns);
	if (!all.n && !failed) {
		fprintf(stderr, "bench-replay: no %s captures under %s\n",
			arm64 ? "arm64" : "x86", shared);
		return 77;
	}
	tally_print(arm64 ? "replay_arm64" : "replay_x86", &all, &all_full);
	if (all.n)
		fprintf(stderr, "bench-replay: slowest answer: %s\n", all.worst);
	printf("replay_%s_log_read_mean: %.3f ms\n", arm64 ? "arm64" : "x86",
	       parse.sum_ms / parse.n);
	printf("replay_%s_failed: %d\n", arm64 ? "arm64" : "x86", failed);
	return failed ? 1 : 0;
}
