/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenario files (<cmasim/scenario.h>, docs/scenarios.md), inside the
 * library: the loaded scenario (scenario.c: the declarative part read
 * with GKeyFile, the keys, the results), its steps (scenario_steps.c:
 * the line-per-step language) and the runner (scenario_run.c).  A
 * scenario sits above everything else: it creates and boots instances
 * through the public calls, as a front end would.
 */
#ifndef CMS_SCENARIO_H
#define CMS_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include <cmasim/policy.h>
#include <cmasim/scenario.h>
#include <cmasim/workload.h>

struct cmasim_machine;

/* The verbs of the step language. */
enum sc_verb {
	SC_ALLOC = 0, SC_FREE, SC_PIN, SC_UNPIN, SC_CACHE, SC_RANDOM,
	SC_FRAGMENT, SC_CMA_ALLOC, SC_CMA_RELEASE, SC_DEVICE, SC_DMA_ALLOC,
	SC_DMA_FREE, SC_DRAIN, SC_MIGRATE_FAILURE, SC_SYSCTL, SC_READ, SC_WRITE,
	SC_PRINT, SC_NOTE, SC_SNAPSHOT, SC_TRACE, SC_CHECK, SC_EXPECT,
	SC_LOOP, SC_END,
	SC_NR_VERBS
};

/* What an expect step looks at. */
enum sc_what {
	EX_RET = 0, EX_VALUE, EX_STAT, EX_FREE, EX_FILE, EX_LOG, EX_DIAG,
	EX_BLOCKS, EX_PAGES, EX_PINNED, EX_MIGRATED, EX_DROPPED, EX_UNUSABLE,
	EX_NR_WHATS
};

enum sc_op { OP_EQ = 0, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS,
	     OP_LACKS };

struct sc_expect {
	enum sc_what what;
	enum sc_op op;
	char *arg;		/* stat name, path, allocation name */
	char *area;		/* pages NAME in=AREA */
	int nid;		/* free/unusable: node, or -1 */
	char *zone;		/* free/unusable: zone name, or NULL */
	unsigned int order;	/* unusable */
	/* the value: a number (bytes when @bytes: turned into pages at
	 * run time), or text for file/log/diag */
	bool numeric;
	bool bytes;
	int64_t num;
	char *str;
};

/* One parsed step: the fields its verb uses, the others zero. */
struct sc_step {
	enum sc_verb verb;
	unsigned int line;
	char *text;		/* as written, without guard and comment */
	char *guard;		/* "6.1", "x86_64", ...: run only there */
	unsigned int match;	/* SC_LOOP: index of its end; SC_END: its loop */
	uint64_t loop_count;

	char *name;		/* allocation, device; path (read, write,
				 * snapshot); event (trace); text (note) */
	char *area;		/* cma_alloc, device: area name */
	char *dev;		/* dma_alloc: device name */
	char *value;		/* write: the value */
	GPtrArray *views;	/* print: what to print, in order */
	enum cmasim_workload_owner owner;
	unsigned int gfp;	/* type=: the gfp it names; 0: the default */
	char *gfp_text;		/* gfp=: read at run time, per version */
	unsigned int order;
	int nid;		/* -1: any node */
	uint64_t count;		/* blocks, pages; UNTIL_FAIL / ALL */
	uint64_t size;		/* bytes */
	bool size_given;
	enum cmasim_workload_pick pick;
	unsigned int align;
	bool nowarn, atomic, on;
	int mask_bits, coherent_bits;	/* device: 0 = unchanged */
	uint32_t ppm;
	int sysctl_min_free_kbytes;	/* sysctl: -1 unchanged */
	int sysctl_wsf;			/* sysctl: -1 unchanged */
	struct cmasim_workload_random rnd;
	struct cmasim_workload_fragment frag;
	char *zone;		/* fragment: zone name, or NULL */
	struct sc_expect ex;
};

/* One result, with the storage its public view points into. */
struct sc_result {
	struct cmasim_scenario_result pub;
	GPtrArray *dmesg, *diag;	/* char *, owned */
	char *output, *expect_text;
};

struct cmasim_scenario {
	char *name;		/* for messages and results */
	char *base_dir;		/* relative input paths start here */
	/* "group.key" -> value, owned; kconfig keys in their order */
	GHashTable *keys;
	GPtrArray *knobs;	/* "KNOB" names, file order */
	GHashTable *key_lines;	/* "group.key" -> line (GUINT_TO_POINTER) */
	GPtrArray *steps;	/* struct sc_step * */
	/* the machine, built at the first run and kept until a machine key
	 * or the kernel changes */
	struct cmasim_machine *machine;
	GPtrArray *results;	/* struct sc_result * of the last run */
	/* installed on the run's instance before its boot (borrowed,
	 * cmasim_scenario_set_policy()); NULL: the kernel's */
	const struct cmasim_policy *policy;
};

/*
 * A sink for parse errors: each is formatted "NAME:LINE: message" and
 * given to @fn.  @n counts them.
 */
struct sc_errors {
	const char *file;
	cmasim_output_fn fn;
	void *data;
	unsigned int n;
};

void sc_error(struct sc_errors *e, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * scenario_steps.c: parse the lines of the [steps] group (@text, its
 * first line numbered @first_line) into sc->steps.  Each error goes to
 * @e; returns 0 or -EINVAL.
 */
int sc_parse_steps(struct cmasim_scenario *sc, const char *text,
		   unsigned int first_line, struct sc_errors *e);
void sc_step_free(gpointer p);
/* The verb's name ("alloc", ...) and the errno's ("-EBUSY", or NULL). */
const char *sc_verb_name(enum sc_verb v);
const char *sc_errno_name(int err);

/*
 * Numbers as the scenario language writes them: decimal, or 0x hex; the
 * whole text, no sign for the unsigned one.  false when malformed or out
 * of [@min, @max].
 */
bool sc_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
bool sc_parse_s64(const char *s, int64_t *out);

/* scenario_run.c */
void sc_result_free(gpointer p);

#endif /* CMS_SCENARIO_H */
