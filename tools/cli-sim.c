// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine options every booting subcommand shares (--arch, --kernel,
 * --mem, --nodes, --from-log, --dtb, --cmdline, --cmdline-append, --set,
 * --seed, --until) and the boot they describe.  The boot runs with a log
 * handler installed, so the CLI knows which dmesg message each
 * diagnostic and each CMA placement record came with: explanations are
 * printed next to what they explain, not at the end.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_collect(const char *text, void *data)
{
	g_string_append(data, text);
}

/* ---- Options ---- */

void cli_opts_add_entries(GOptionContext *ctx, struct cli_opts *o,
			  bool until)
{
	GOptionEntry entries[] = {
		{ "arch", 0, 0, G_OPTION_ARG_STRING, &o->arch, "arch profile (x86_64, arm64, arm64-16k, arm64-64k, arm)", "ARCH" },
		{ "kernel", 0, 0, G_OPTION_ARG_STRING, &o->kernel, "kernel version (6.1, 6.12; default 6.12, or the log's)", "V" },
		{ "mem", 0, 0, G_OPTION_ARG_STRING, &o->mem, "RAM of a qemu pc (x86) or virt (arm64) machine (e.g. 4G; bare numbers are MiB)", "SIZE" },
		{ "nodes", 0, 0, G_OPTION_ARG_STRING, &o->nodes, "NUMA nodes of that machine, 1..64 (default 1)", "N" },
		{ "from-log", 0, 0, G_OPTION_ARG_FILENAME, &o->from_log, "read the machine from a real boot log", "FILE" },
		{ "partial-log", 0, 0, G_OPTION_ARG_NONE, &o->partial_log, "boot a --from-log log that was cut short (its memory figures are not the log's)", NULL },
		{ "dtb", 0, 0, G_OPTION_ARG_FILENAME, &o->dtb, "boot with this device tree (.dtb, .dts): its reserved memory; without --from-log also its memory (--mem: the RAM to assume when /memory is empty) and bootargs", "FILE" },
		/*
		 * The command line is bytes to the kernel: taken as they
		 * come (FILENAME), not converted from the locale's charset,
		 * so that UTF-8 passes even under LC_ALL=C.
		 */
		{ "cmdline", 0, 0, G_OPTION_ARG_FILENAME, &o->cmdline, "kernel command line (default: the log's or the device tree's, or empty)", "STR" },
		{ "cmdline-append", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->cmdline_append, "add to the command line (the log's, the device tree's, --cmdline's or the empty default)", "STR" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->sets, "set a Kconfig knob (cmasim config lists them)", "KNOB=VALUE" },
		{ "seed", 0, 0, G_OPTION_ARG_STRING, &o->seed, "seed of the instance's random choices", "N" },
		{ NULL }
	};
	GOptionEntry until_entries[] = {
		{ "until", 0, 0, G_OPTION_ARG_STRING, &o->until, "stop the boot after a stage: memblock, zones or full (default)", "STAGE" },
		{ NULL }
	};

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (until)
		g_option_context_add_main_entries(ctx, until_entries, NULL);
}

void cli_trace_add_entries(GOptionContext *ctx, struct cli_opts *o)
{
	GOptionEntry entries[] = {
		{ "trace", 0, 0, G_OPTION_ARG_FILENAME, &o->trace, "write the trace events in ftrace's text format (trace-cmd, Perfetto) to FILE", "FILE" },
		{ "events", 0, 0, G_OPTION_ARG_STRING, &o->events, "the events --trace writes, separated by commas (default all; an unknown name lists them)", "LIST" },
		{ NULL }
	};

	g_option_context_add_main_entries(ctx, entries, NULL);
}

void cli_opts_clear(struct cli_opts *o)
{
	g_free(o->arch);
	g_free(o->kernel);
	g_free(o->mem);
	g_free(o->nodes);
	g_free(o->from_log);
	g_free(o->dtb);
	g_free(o->cmdline);
	g_strfreev(o->cmdline_append);
	g_strfreev(o->sets);
	g_free(o->seed);
	g_free(o->until);
	g_free(o->trace);
	g_free(o->events);
	memset(o, 0, sizeof(*o));
}

void cli_opts_copy(struct cli_opts *dst, const struct cli_opts *o)
{
	dst->arch = g_strdup(o->arch);
	dst->kernel = g_strdup(o->kernel);
	dst->mem = g_strdup(o->mem);
	dst->nodes = g_strdup(o->nodes);
	dst->partial_log = o->partial_log;
	dst->from_log = g_strdup(o->from_log);
	dst->dtb = g_strdup(o->dtb);
	dst->cmdline = g_strdup(o->cmdline);
	dst->cmdline_append = g_strdupv(o->cmdline_append);
	dst->sets = g_strdupv(o->sets);
	dst->seed = g_strdup(o->seed);
	dst->until = g_strdup(o->until);
	dst->trace = g_strdup(o->trace);
	dst->events = g_strdup(o->events);
}

static void replace(gchar **dst, gchar *src)
{
	if (!src)
		return;
	g_free(*dst);
	*dst = src;
}

static gchar **concat(gchar **a, gchar **b)
{
	GPtrArray *v = g_ptr_array_new();

	for (gchar **p = a; p && *p; p++)
		g_ptr_array_add(v, g_strdup(*p));
	for (gchar **p = b; p && *p; p++)
		g_ptr_array_add(v, g_strdup(*p));
	g_ptr_array_add(v, NULL);
	g_strfreev(a);
	g_strfreev(b);
	return (gchar **)g_ptr_array_free(v, FALSE);
}

bool cli_opts_parse_string(struct cli_opts *o, const char *text,
			   const char *what, gchar **err)
{
	struct cli_opts side = { 0 };
	GOptionContext *ctx = g_option_context_new(NULL);
	GError *gerr = NULL;
	gchar **words = NULL, **argv = NULL;
	gint argc = 0;
	bool ok = false;

	g_option_context_set_help_enabled(ctx, FALSE);
	cli_opts_add_entries(ctx, &side, true);
	if (!*text) {
		ok = true;
		goto out;
	}
	if (!g_shell_parse_argv(text, &argc, &words, &gerr)) {
		*err = g_strdup_printf("%s '%s': %s", what, text, gerr->message);
		goto out;
	}
	/*
	 * g_option_context_parse() skips argv[0] and drops what it parses
	 * from the array without freeing it: the words stay owned apart.
	 */
	argv = g_new0(gchar *, argc + 2);
	argv[0] = (gchar *)"cmasim";
	for (gint i = 0; i < argc; i++)
		argv[i + 1] = words[i];
	argc++;
	if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
		*err = g_strdup_printf("%s '%s': %s", what, text, gerr->message);
		goto out;
	}
	if (argc > 1) {
		*err = g_strdup_printf("%s '%s': unexpected argument '%s'", what,
				       text, argv[1]);
		goto out;
	}
	replace(&o->arch, g_steal_pointer(&side.arch));
	replace(&o->kernel, g_steal_pointer(&side.kernel));
	replace(&o->mem, g_steal_pointer(&side.mem));
	replace(&o->nodes, g_steal_pointer(&side.nodes));
	if (side.partial_log)
		o->partial_log = TRUE;
	replace(&o->from_log, g_steal_pointer(&side.from_log));
	replace(&o->dtb, g_steal_pointer(&side.dtb));
	replace(&o->cmdline, g_steal_pointer(&side.cmdline));
	replace(&o->seed, g_steal_pointer(&side.seed));
	replace(&o->until, g_steal_pointer(&side.until));
	o->cmdline_append = concat(o->cmdline_append,
				   g_steal_pointer(&side.cmdline_append));
	o->sets = concat(o->sets, g_steal_pointer(&side.sets));
	ok = true;
out:
	if (gerr)
		g_error_free(gerr);
	g_free(argv);
	g_strfreev(words);
	cli_opts_clear(&side);
	g_option_context_free(ctx);
	return ok;
}

static void describe(GString *s, const char *opt, const char *v)
{
	gchar *q;

	if (!v)
		return;
	q = g_shell_quote(v);
	g_string_append_printf(s, "%s%s %s", s->len ? " " : "", opt,
			       strpbrk(v, " \t\"'\\$`*?[]{}()<>|&;#~!") || !*v ?
			       q : v);
	g_free(q);
}

gchar *cli_opts_describe(const struct cli_opts *o)
{
	GString *s = g_string_new(NULL);

	describe(s, "--arch", o->arch);
	describe(s, "--kernel", o->kernel);
	describe(s, "--mem", o->mem);
	describe(s, "--nodes", o->nodes);
	describe(s, "--from-log", o->from_log);
	if (o->partial_log)
		g_string_append_printf(s, "%s--partial-log", s->len ? " " : "");
	describe(s, "--dtb", o->dtb);
	describe(s, "--cmdline", o->cmdline);
	for (gchar **p = o->cmdline_append; p && *p; p++)
		describe(s, "--cmdline-append", *p);
	for (gchar **p = o->sets; p && *p; p++)
		describe(s, "--set", *p);
	describe(s, "--seed", o->seed);
	describe(s, "--until", o->until);
	return g_string_free(s, FALSE);
}

/* ---- Sizes ---- */

bool cli_parse_size(const char *s, uint64_t *out)
{
	char *end;
	uint64_t v, shift = 20;

	if (!g_ascii_isdigit(*s))
		return false;
	v = g_ascii_strtoull(s, &end, 10);
	switch (g_ascii_toupper(*end)) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	case '\0': break;
	default: return false;
	}
	if ((*end == 'B' || *end == 'b') && end[1] == '\0')
		end++;
	if (*end || v == 0 || v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

gchar *cli_size_str(uint64_t bytes)
{
	if (bytes && !(bytes % (UINT64_C(1) << 30)))
		return g_strdup_printf("%" PRIu64 " GiB", bytes >> 30);
	if (bytes && !(bytes % (UINT64_C(1) << 20)))
		return g_strdup_printf("%" PRIu64 " MiB", bytes >> 20);
	if (bytes && !(bytes % 1024))
		return g_strdup_printf("%" PRIu64 " KiB", bytes >> 10);
	return g_strdup_printf("%" PRIu64 " bytes", bytes);
}

/* ---- Messages and the log ---- */

static void vmsg(struct cli_sim *cs, const char *prefix, const char *fmt,
		 va_list ap)
{
	gchar *text = g_strdup_vprintf(fmt, ap);

	if (cs->msgs)
		g_string_append_printf(cs->msgs, "%s%s", text,
				       g_str_has_suffix(text, "\n") ? "" : "\n");
	if (!cs->quiet) {
		fflush(stdout);
		fprintf(stderr, "%s%s", prefix, text);
		if (!g_str_has_suffix(text, "\n"))
			fputc('\n', stderr);
	}
	g_free(text);
}

void cli_msg(struct cli_sim *cs, const char *fmt, ...)
{
	gchar *prefix = g_strdup_printf("cmasim %s: ", cs->cmd);
	va_list ap;

	va_start(ap, fmt);
	vmsg(cs, prefix, fmt, ap);
	va_end(ap);
	g_free(prefix);
}

static void G_GNUC_PRINTF(2, 3) plain_msg(struct cli_sim *cs,
					  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(cs, "cmasim: ", fmt, ap);
	va_end(ap);
}

/* The boot-log reader names the file; the device-tree reader itself. */
static void diag_log_file(const char *text, void *data)
{
	struct cli_sim *cs = data;

	plain_msg(cs, "%s", text);
}

void cli_sim_flush_diags(struct cli_sim *cs)
{
	if (cs->quiet) {
		cs->diags_printed = cs->diags->len;
		return;
	}
	fflush(stdout);
	for (; cs->diags_printed < cs->diags->len; cs->diags_printed++)
		fprintf(stderr, "cmasim: %s\n",
			g_array_index(cs->diags, struct cli_diag,
				      cs->diags_printed).text);
}

/*
 * Every message of both channels, as it is made: a dmesg message gets
 * the next number and takes the placement records made just before it
 * (the declaration records itself before its outcome line); a
 * diagnostic is kept with the number of the next dmesg message.
 */
static void on_log(enum cmasim_log_channel channel, int level,
		   const char *text, void *data)
{
	struct cli_sim *cs = data;

	(void)level;
	if (channel == CMASIM_CHANNEL_DMESG) {
		uint64_t seq = cs->nr_dmesg++;
		struct cmasim_cma_placement pl;

		while (cs->sim &&
		       !cmasim_cma_placement(cs->sim, cs->placement_seq->len,
					     &pl))
			g_array_append_val(cs->placement_seq, seq);
		return;
	}
	{
		struct cli_diag d = { cs->nr_dmesg, g_strdup(text) };

		g_array_append_val(cs->diags, d);
		if (!cs->hold_diags)
			cli_sim_flush_diags(cs);
	}
}

uint64_t cli_sim_first_seq(const struct cli_sim *cs)
{
	return cs->nr_dmesg - cmasim_dmesg_count(cs->sim);
}

void cli_sim_free(struct cli_sim *cs)
{
	cmasim_destroy(cs->sim);
	cmasim_machine_destroy(cs->machine);
	cmasim_config_destroy(cs->cfg);
	g_free(cs->cmdline);
	if (cs->placement_seq)
		g_array_free(cs->placement_seq, TRUE);
	if (cs->diags) {
		for (guint i = 0; i < cs->diags->len; i++)
			g_free(g_array_index(cs->diags, struct cli_diag, i).text);
		g_array_free(cs->diags, TRUE);
	}
	cs->sim = NULL;
	cs->machine = NULL;
	cs->cfg = NULL;
	cs->cmdline = NULL;
	cs->placement_seq = NULL;
	cs->diags = NULL;
}

/* ---- Boot ---- */

/*
 * Kconfig values the captures' READMEs list that the profiles fix rather
 * than take as knobs: MAX_ORDER (6.1, exclusive) and MAX_PAGE_ORDER (6.12)
 * come with the kernel version, and deferred struct page init is always
 * modelled on 64-bit machines.  --set accepts them when they agree.
 * Returns 1 if @name is one of them (checked against @sim when given;
 * *ok false on a mismatch), 0 if it is an ordinary knob.
 */
static int fixed_knob(const struct cmasim *sim, const char *name,
		      const char *value, bool *ok)
{
	bool v61 = sim && cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
	char *end;
	unsigned long v;

	*ok = true;
	if (!strcmp(name, "DEFERRED_STRUCT_PAGE_INIT")) {
		if (sim)
			*ok = !strcmp(value, "y");
		return 1;
	}
	if (strcmp(name, "MAX_ORDER") && strcmp(name, "MAX_PAGE_ORDER"))
		return 0;
	if (!sim)
		return 1;
	v = strtoul(value, &end, 0);
	if (!*value || *end) {
		*ok = false;
		return 1;
	}
	if (!strcmp(name, "MAX_ORDER"))
		*ok = v61 && v == cmasim_max_page_order(sim) + 1;
	else
		*ok = !v61 && v == cmasim_max_page_order(sim);
	return 1;
}

/*
 * A log's machine boots only on its own arch's setup_arch(), and an
 * arm64 log states its kernel's page size (cmasim_machine_page_size()):
 * an --arch of the other family (x86_64 against an arm64 log or the
 * reverse), or with another page size, is a usage error naming both.
 */
static bool log_arch_agrees(struct cli_sim *cs, const char *arch,
			    const char *file)
{
	const struct cmasim_machine *m = cs->machine;
	uint64_t want = cmasim_machine_page_size(m);
	struct cmasim *sim = cs->sim;
	bool log_x86 = cmasim_machine_get_arch(m) == CMASIM_ARCH_X86_64;

	if (log_x86 != (cmasim_get_arch(sim) == CMASIM_ARCH_X86_64)) {
		cli_msg(cs, "--arch %s contradicts %s, a boot log of %s",
			arch, file, log_x86 ? "x86_64" : "arm64");
		return false;
	}
	if (!want || log_x86 || cmasim_page_size(sim) == want)
		return true;
	cli_msg(cs, "--arch %s (%llu KiB pages) contradicts %s, a boot log of %s (%llu KiB pages)",
		arch, (unsigned long long)(cmasim_page_size(sim) >> 10), file,
		cmasim_arch_name(cmasim_machine_get_arch(m)),
		(unsigned long long)(want >> 10));
	return false;
}

/* Split "KNOB=VALUE"; false when there is no '='. */
static bool split_set(const char *s, gchar **name, const char **value)
{
	const char *eq = strchr(s, '=');

	if (!eq)
		return false;
	*name = g_strndup(s, (gsize)(eq - s));
	*value = eq + 1;
	return true;
}

/* The command line to boot: NULL for the machine's own. */
static gchar *effective_cmdline(const struct cli_opts *o,
				const struct cmasim_machine *m)
{
	const char *base = o->cmdline;
	GString *s;

	if (!o->cmdline_append || !*o->cmdline_append)
		return o->cmdline ? g_strdup(o->cmdline) : NULL;
	if (!base)
		base = cmasim_machine_cmdline(m) ? cmasim_machine_cmdline(m) : "";
	s = g_string_new(base);
	for (gchar **p = o->cmdline_append; *p; p++) {
		if (!**p)
			continue;
		if (s->len && s->str[s->len - 1] != ' ')
			g_string_append_c(s, ' ');
		g_string_append(s, *p);
	}
	return g_string_free(s, FALSE);
}

static int parse_until(struct cli_sim *cs, const char *until)
{
	cs->stage = CMASIM_BOOT_FULL;
	if (!until || !strcmp(until, "full"))
		return 0;
	if (!strcmp(until, "memblock")) {
		cs->stage = CMASIM_BOOT_MEMBLOCK;
		return 0;
	}
	if (!strcmp(until, "zones")) {
		cs->stage = CMASIM_BOOT_ZONES;
		return 0;
	}
	cli_msg(cs, "--until %s: expected memblock, zones or full", until);
	return -EINVAL;
}

/* The checks that need no instance. */
/* "1".."64" in decimal: a machine has at least one node. */
static bool parse_nodes(const char *s, unsigned int *out)
{
	char *end;
	uint64_t v;

	if (!g_ascii_isdigit(*s))
		return false;
	v = g_ascii_strtoull(s, &end, 10);
	if (*end || v < 1 || v > 64)
		return false;
	*out = (unsigned int)v;
	return true;
}

static int check_opts(struct cli_sim *cs, const struct cli_opts *o,
		      uint64_t *mem_bytes, unsigned int *nodes, uint64_t *seed)
{
	if (parse_until(cs, o->until))
		return -EINVAL;
	if (o->dtb && o->nodes) {
		cli_msg(cs, "--dtb describes the machine's nodes; drop --nodes");
		return -EINVAL;
	}
	if (o->from_log && (o->mem || o->nodes)) {
		cli_msg(cs, "--from-log describes the machine; drop --mem/--nodes");
		return -EINVAL;
	}
	if (o->mem && !cli_parse_size(o->mem, mem_bytes)) {
		cli_msg(cs, "--mem %s: expected a size such as 4G or 512M", o->mem);
		return -EINVAL;
	}
	if (o->nodes && !parse_nodes(o->nodes, nodes)) {
		cli_msg(cs, "--nodes %s: expected 1..64", o->nodes);
		return -EINVAL;
	}
	if (o->seed) {
		char *end;

		*seed = g_ascii_strtoull(o->seed, &end, 0);
		if (!*o->seed || *end || !g_ascii_isdigit(*o->seed)) {
			cli_msg(cs, "--seed %s: expected an unsigned number",
				o->seed);
			return -EINVAL;
		}
	}
	return 0;
}

static bool trace_event_known(const char *name)
{
	if (!strcmp(name, "all"))
		return true;
	for (unsigned int i = 0; cmasim_trace_event_name(i); i++)
		if (!strcmp(name, cmasim_trace_event_name(i)))
			return true;
	return false;
}

/* --events (all when only --trace is given) enabled, --trace's file open. */
static bool trace_start(struct cli_sim *cs, const struct cli_opts *o)
{
	gchar **names;
	bool ok = true;
	int ret;

	if (!o->trace) {
		cli_msg(cs, "--events %s: where to? (add --trace FILE)", o->events);
		return false;
	}
	names = g_strsplit_set(o->events ? o->events : "all", " ,;", -1);
	for (gchar **e = names; ok && *e; e++) {
		GString *known;

		if (!**e)
			continue;
		if (trace_event_known(*e)) {
			cmasim_trace_enable(cs->sim, *e, true);
			continue;
		}
		known = g_string_new("all");
		for (unsigned int i = 0; cmasim_trace_event_name(i); i++)
			g_string_append_printf(known, ", %s",
					       cmasim_trace_event_name(i));
		cli_msg(cs, "--events: no trace event \"%s\" (expected %s)", *e,
			known->str);
		g_string_free(known, TRUE);
		ok = false;
	}
	g_strfreev(names);
	if (ok && o->trace && (ret = cmasim_trace_open_file(cs->sim, o->trace))) {
		cli_msg(cs, "--trace %s: cannot write it: %s", o->trace,
			g_strerror(-ret));
		ok = false;
	}
	return ok;
}

int cli_sim_boot(struct cli_sim *cs, const struct cli_opts *o)
{
	gchar *arch = g_strdup(o->arch), *kernel = g_strdup(o->kernel);
	uint64_t mem_bytes = 0, seed = 0;
	unsigned int nodes = 1;
	int rc = CLI_EXIT_USAGE, ret;
	bool fixed_ok;

	cs->placement_seq = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	cs->diags = g_array_new(FALSE, FALSE, sizeof(struct cli_diag));
	cs->cfg = cmasim_config_new();
	if (!cs->cfg) {
		cli_msg(cs, "out of memory");
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (check_opts(cs, o, &mem_bytes, &nodes, &seed))
		goto out;

	if (o->from_log) {
		struct cmasim_bootlog_report rep;

		ret = cmasim_machine_from_log_file(o->from_log, &cs->machine,
						   &rep, diag_log_file, cs);
		if (ret == -EFBIG) {
			cli_msg(cs, "%s: no end of boot within its first %u MiB, the most --from-log reads: not a boot log?",
				o->from_log, CMASIM_BOOTLOG_MAX_BYTES >> 20);
			goto out;
		}
		if (ret) {
			cli_msg(cs, "--from-log %s: %s", o->from_log,
				ret == -ENODATA ? "no memory map found (not a boot log?)" :
				ret == -EBADMSG ? "its lines are out of order (see above)" :
						  g_strerror(-ret));
			goto out;
		}
		/*
		 * A log cut short lacks the memory steps after the cut: its
		 * figures would be wrong, so it boots only when asked to.
		 * --kernel stands in for a missing "Linux version".
		 */
		if ((rep.missing & ~(kernel ? CMASIM_BOOTLOG_NO_VERSION : 0u)) &&
		    !o->partial_log) {
			cli_msg(cs, "%s: incomplete boot log (see above); %s--partial-log boots what it holds",
				o->from_log,
				rep.missing & CMASIM_BOOTLOG_NO_VERSION ?
				"--kernel names its kernel, " : "");
			goto out;
		}
		if (!kernel && cmasim_machine_kernel_version(cs->machine))
			kernel = g_strdup(cmasim_machine_kernel_version(cs->machine));
		/* an arm64 log's page size comes with it */
		if (!arch &&
		    cmasim_machine_get_arch(cs->machine) != CMASIM_ARCH_X86_64)
			arch = g_strdup(cmasim_arch_name(cmasim_machine_get_arch(cs->machine)));
	}
	/* a device tree boots an arm64 machine unless --arch says arm */
	if (o->dtb && !arch)
		arch = g_strdup("arm64");
	if ((arch && cmasim_config_set_arch(cs->cfg, arch)) ||
	    (kernel && cmasim_config_set_kernel(cs->cfg, kernel))) {
		cli_msg(cs, "%s", cmasim_config_error(cs->cfg));
		goto out;
	}
	for (gchar **s = o->sets; s && *s; s++) {
		const char *value;
		gchar *name;

		if (!split_set(*s, &name, &value)) {
			cli_msg(cs, "--set %s: expected KNOB=VALUE", *s);
			goto out;
		}
		if (!fixed_knob(NULL, name, value, &fixed_ok) &&
		    cmasim_config_set(cs->cfg, name, value)) {
			cli_msg(cs, "--set: %s", cmasim_config_error(cs->cfg));
			g_free(name);
			goto out;
		}
		g_free(name);
	}
	if (o->seed)
		cmasim_config_set_seed(cs->cfg, seed);
	cmasim_config_set_log_handler(cs->cfg, on_log, cs);
	rc = CLI_EXIT_FAIL;
	ret = cmasim_create(cs->cfg, &cs->sim);
	if (ret) {
		cli_msg(cs, "cannot create the machine: %s", g_strerror(-ret));
		goto out;
	}
	/* before the boot: the policy sizes the per-cpu lists too */
	ret = cs->policy ? cmasim_set_policy(cs->sim, cs->policy) : 0;
	if (ret) {
		cli_msg(cs, "policy %s: cannot install it: %s",
			cs->policy->name, g_strerror(-ret));
		goto out;
	}
	if (cs->machine && o->from_log && !log_arch_agrees(cs, arch, o->from_log)) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if ((o->trace || o->events) && !trace_start(cs, o)) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	for (gchar **s = o->sets; s && *s; s++) {
		const char *value = NULL;
		gchar *name = NULL;

		split_set(*s, &name, &value);
		if (fixed_knob(cs->sim, name, value, &fixed_ok) && !fixed_ok) {
			bool v61 = cmasim_get_kernel(cs->sim) == CMASIM_KERNEL_6_1;

			cli_msg(cs, "--set %s=%s: this profile fixes %s %u and DEFERRED_STRUCT_PAGE_INIT=y",
				name, value, v61 ? "MAX_ORDER" : "MAX_PAGE_ORDER",
				cmasim_max_page_order(cs->sim) + (v61 ? 1 : 0));
			g_free(name);
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		g_free(name);
	}
	if (o->dtb) {
		rc = CLI_EXIT_USAGE;
		if (!cs->machine)
			cs->machine = cmasim_machine_new(cmasim_get_arch(cs->sim));
		ret = cs->machine ?
		      cmasim_machine_set_dt_file(cs->machine, o->dtb, mem_bytes,
						 diag_log_file, cs) :
		      -ENOMEM;
		if (ret) {
			cli_msg(cs, "--dtb %s: %s", o->dtb, g_strerror(-ret));
			goto out;
		}
		rc = CLI_EXIT_FAIL;
	}
	if (!cs->machine) {
		bool x86 = cmasim_get_arch(cs->sim) == CMASIM_ARCH_X86_64;
		uint64_t mem = o->mem ? mem_bytes : 4 * (UINT64_C(1) << 30);
		rc = CLI_EXIT_USAGE;
		if (!x86 && cmasim_get_arch(cs->sim) == CMASIM_ARCH_ARM) {
			cli_msg(cs, "32-bit arm has no built-in machine; use --from-log for --arch %s",
				arch);
			goto out;
		}
		/* the default machine: qemu's "pc" (x86) or "virt" (arm64),
		 * -m 4G, one node, unless --mem/--nodes say otherwise */
		ret = x86 ? cmasim_machine_qemu_pc(mem, nodes, &cs->machine) :
			    cmasim_machine_qemu_virt(mem, nodes, &cs->machine);
		if (ret == -EINVAL) {
			cli_msg(cs, "--mem/--nodes: at most 64 nodes and 64 TiB (the 46 physical address bits of the machine), each node at least 64 MiB, in whole MiB");
			goto out;
		}
		rc = CLI_EXIT_FAIL;
		if (ret) {
			cli_msg(cs, "%s", g_strerror(-ret));
			goto out;
		}
	}
	cs->cmdline = effective_cmdline(o, cs->machine);
	cs->boot_err = cmasim_boot_until(cs->sim, cs->machine, cs->cmdline,
					 cs->stage);
	/* from here on cs->cmdline is the line booted, for the reports */
	if (!cs->cmdline)
		cs->cmdline = g_strdup(cmasim_machine_cmdline(cs->machine) ?
				       cmasim_machine_cmdline(cs->machine) : "");
	rc = cs->boot_err ? CLI_EXIT_FAIL : CLI_EXIT_OK;
out:
	g_free(arch);
	g_free(kernel);
	return rc;
}
