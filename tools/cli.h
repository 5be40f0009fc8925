/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cmasim command's shared parts: the machine options every booting
 * subcommand takes, booting with them while the log is watched (so that
 * explanations land next to the line they explain), the views, the
 * placement explanations and the JSON output.  Only the public API.
 */
#ifndef CMASIM_CLI_H
#define CMASIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include <cmasim/cmasim.h>

/* Exit statuses of every subcommand (docs/cmasim.1, --help). */
enum {
	CLI_EXIT_OK = 0,	/* done (also: diff found differences) */
	CLI_EXIT_FAIL = 1,	/* the simulated operation failed */
	CLI_EXIT_USAGE = 2,	/* bad usage or bad input */
};

/* The help text's last paragraph, shared by every subcommand. */
#define CLI_EXIT_HELP \
	"Exit status: 0 done (diff: also when the runs differ), 1 the " \
	"simulated operation failed (the boot, a step, an expect), 2 bad " \
	"usage or input."

struct cli_command {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);
};

int cli_boot(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_config(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_map(int argc, char **argv);

/* ---- Machine options (cli-sim.c) ---- */

/* What describes one boot: the machine, the kernel, the command line. */
struct cli_opts {
	gchar *arch;
	gchar *kernel;
	gchar *mem;
	gchar *nodes;		/* --nodes as given: checked by cli_sim_boot() */
	gboolean partial_log;
	gchar *from_log;
	gchar *dtb;
	gchar *cmdline;
	gchar **cmdline_append;
	gchar **sets;
	gchar *seed;
	gchar *until;
	gchar *trace;		/* --trace FILE */
	gchar *events;		/* --events LIST (default with --trace: all) */
};

/* Add the machine options (and --until when @until) to @ctx's main group. */
void cli_opts_add_entries(GOptionContext *ctx, struct cli_opts *o,
			  bool until);
/* Add --trace and --events (boot, show, run) to @ctx's main group. */
void cli_trace_add_entries(GOptionContext *ctx, struct cli_opts *o);
void cli_opts_clear(struct cli_opts *o);
/* A deep copy of @o. */
void cli_opts_copy(struct cli_opts *dst, const struct cli_opts *o);
/*
 * Parse @text (machine options as a shell would split them) over @o:
 * given values replace, --set and --cmdline-append add.  On a usage
 * error, a message naming @what goes to *@err (g_free it); returns false.
 */
bool cli_opts_parse_string(struct cli_opts *o, const char *text,
			   const char *what, gchar **err);
/* The options as one shell-quoted string ("--kernel 6.1 --mem 4G"). */
gchar *cli_opts_describe(const struct cli_opts *o);

/* A cmasim_output_fn that appends @text to the GString @data. */
void cli_collect(const char *text, void *data);

/* One diagnostic, with the dmesg message it came before. */
struct cli_diag {
	uint64_t seq;		/* messages logged to dmesg before it */
	gchar *text;
};

/* A booted (or failed) simulated machine and what its log said. */
struct cli_sim {
	const char *cmd;	/* for messages: "cmasim CMD: ..." */
	/* messages are kept in @msgs when it is set (JSON, sweep) ... */
	GString *msgs;
	/* ... and not printed when @quiet (sweep's threads, diff) */
	bool quiet;
	/* diagnostics are printed by cli_sim_flush_diags() only */
	bool hold_diags;
	/* installed on the instance before the boot; NULL: the kernel's */
	const struct cmasim_policy *policy;
	struct cmasim_config *cfg;
	struct cmasim_machine *machine;
	struct cmasim *sim;
	gchar *cmdline;		/* the line booted */
	enum cmasim_boot_stage stage;
	int boot_err;		/* cmasim_boot_until()'s result */
	/* the log as it was made */
	uint64_t nr_dmesg;	/* dmesg messages so far */
	GArray *placement_seq;	/* uint64_t: the dmesg message of each record */
	GArray *diags;		/* struct cli_diag */
	guint diags_printed;
};

/*
 * Build the machine @o describes and boot it.  Returns CLI_EXIT_OK
 * (booted), CLI_EXIT_FAIL (the boot failed: the instance and its dmesg
 * remain, boot_err says why) or CLI_EXIT_USAGE (nothing booted; the
 * message is out).  cli_sim_free() in every case.
 */
int cli_sim_boot(struct cli_sim *cs, const struct cli_opts *o);
void cli_sim_free(struct cli_sim *cs);
/* A message "cmasim CMD: ..." to stderr and/or @msgs. */
void cli_msg(struct cli_sim *cs, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Print the diagnostics not printed yet, "cmasim: TEXT", to stderr. */
void cli_sim_flush_diags(struct cli_sim *cs);
/* The message number of dmesg line 0 (older lines dropped out). */
uint64_t cli_sim_first_seq(const struct cli_sim *cs);

/* "4G", "512M", "65536K", "1T"; a bare number is MiB as for qemu -m. */
bool cli_parse_size(const char *s, uint64_t *out);
/* "64 MiB", "1008 KiB", "4096 bytes" */
gchar *cli_size_str(uint64_t bytes);

/* ---- Reading a machine (cli-views.c) ---- */

/* One CMA area as the views and the JSON show it. */
struct cli_area {
	const struct cmasim_cma *cma;
	const char *name;
	uint64_t base, size;
	int nid;		/* asked for at declaration */
	int node;		/* holding its base: zone's or memblock's, -1 */
	const char *zone;	/* NULL before the zones exist */
	bool active;
	bool used_known;	/* debugfs "used" was readable */
	uint64_t used;		/* pages */
};

/* Every area, in declaration order (g_array_free it). */
GArray *cli_areas(struct cmasim *sim);
/* A kernel file's text (NULL and *err set on failure; g_free it). */
gchar *cli_read_file(struct cmasim *sim, const char *path, int *err);
/* Why a path could not be read: names the CMA area at fault. */
gchar *cli_file_error(struct cmasim *sim, const char *path, int err);
/* A named number of a kernel file ("MemFree" 123 "kB"). */
struct cli_counter {
	gchar *name;
	int64_t value;
	const char *unit;	/* "kB" or "" */
};

/* One zone's pageblock counts, as /proc/pagetypeinfo shows them. */
struct cli_zone_blocks {
	int node;
	gchar *zone;
	GPtrArray *blocks;	/* struct cli_counter: type -> count */
};

/* /proc/meminfo's lines (struct cli_counter); NULL before the zones. */
GPtrArray *cli_meminfo(struct cmasim *sim);
/* /proc/pagetypeinfo's "Number of blocks type" table, per zone. */
GPtrArray *cli_pageblocks(struct cmasim *sim);

/* The views of `cmasim show` that are not files. */
void cli_view_iomem(struct cmasim *sim, const struct cmasim_machine *m,
		    GString *out);
void cli_view_memblock(struct cmasim *sim, enum cmasim_memblock_type type,
		       GString *out);
void cli_view_cma(struct cmasim *sim, GString *out);

/* ---- Explanations (cli-explain.c) ---- */

/* The lines explaining one placement, each without newline. */
GPtrArray *cli_explain_placement(struct cmasim *sim,
				 const struct cmasim_cma_placement *pl);
const char *cli_pass_name(enum cmasim_cma_pass_kind kind);

/* ---- Scenarios (cli-scenario.c) ---- */

struct cmasim_scenario;
/*
 * Apply the machine options to a loaded scenario as its own keys
 * (machine.kernel, boot.cmdline, kconfig.KNOB, ...); false, and the
 * refusal in @msgs, when one is refused.
 */
bool cli_scenario_apply(struct cmasim_scenario *sc, const struct cli_opts *o,
			GString *msgs);
/* "passed", "failed" (an expectation) or "broke", of a run's result. */
const char *cli_scenario_outcome(int ret);
/* Set one key; a refusal's line ("set KEY: ...") goes to @msgs. */
bool cli_scenario_set(struct cmasim_scenario *sc, const char *key,
		      const char *value, GString *msgs);

/* ---- Policies (cli-policy.c) ---- */

/*
 * Open every --policy spec (cmasim_policy_module_open()); NULL, and why
 * in @msgs, when one fails.  g_ptr_array_free() closes them.
 */
GPtrArray *cli_policies_open(gchar **specs, GString *msgs);
/* The members of one policy's object: a scenario run's report ... */
void cli_json_policy_report(JsonBuilder *b, const char *spec,
			    const struct cmasim_policy_report *r);
/* ... or, for a boot alone, the instance as it is. */
void cli_json_policy_sim(JsonBuilder *b, const char *spec, struct cmasim *sim);
/* The comparison: a table of cma_alloc() figures, then each policy's
 * unmovable pageblocks and unusable index per order. */
void cli_print_policy_reports(const struct cmasim_policy_report *const *r,
			      size_t n);
/* cmasim_policy_write_svg() to @path; 0, or why in @msgs. */
int cli_write_svg(const char *path, const struct cmasim_policy_report *const *r,
		  size_t n, const char *title, GString *msgs);

/* ---- JSON (cli-json.c) ---- */

/* A document: {"cmasim": VERSION, "command": CMD, ...}. */
JsonBuilder *cli_json_begin(const char *cmd);
/* Close it and write it with a newline: pretty, or one line. */
void cli_json_end(JsonBuilder *b, FILE *fp, bool pretty);
/* The same as a string (g_free it). */
gchar *cli_json_end_string(JsonBuilder *b, bool pretty);
/* "machine": the options and the command line booted. */
void cli_json_machine(JsonBuilder *b, const struct cli_sim *cs,
		      const struct cli_opts *o);
/* "boot": {"ok", "stage", "error"}. */
void cli_json_boot(JsonBuilder *b, const struct cli_sim *cs);
/* "dmesg", "diagnostics", "placements" (with the explanation text). */
void cli_json_log(JsonBuilder *b, const struct cli_sim *cs);
/*
 * The elements of a "placements" array: every CMA declaration with its
 * explanation; the dmesg line it explains when @cs watched the boot.
 */
void cli_json_placements(JsonBuilder *b, struct cmasim *sim,
			 const struct cli_sim *cs);
/* "cma_areas" */
void cli_json_areas(JsonBuilder *b, struct cmasim *sim);
/* "counters": meminfo and pageblocks. */
void cli_json_counters(JsonBuilder *b, struct cmasim *sim);
/* An "error" object: {"errno": E, "message": M}. */
void cli_json_error(JsonBuilder *b, const char *member, int err,
		    const char *message);
void cli_json_int(JsonBuilder *b, const char *member, int64_t v);
void cli_json_str(JsonBuilder *b, const char *member, const char *v);
void cli_json_bool(JsonBuilder *b, const char *member, bool v);
/*
 * Whether --json is among the arguments: known before they parse, so
 * that a usage error is a JSON document too.
 */
bool cli_wants_json(int argc, char **argv);
/* The usage-error document of a subcommand run with --json. */
void cli_json_usage_error(const char *cmd, const char *message);

#endif /* CMASIM_CLI_H */
