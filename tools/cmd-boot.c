// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim boot: build a machine (the default one, a qemu-pc-like one of
 * --mem/--nodes, or one read from a real boot log), boot it, print the
 * simulated dmesg without timestamps, then each --show view under
 * "@@@@@ BEGIN NAME @@@@@" / "@@@@@ END NAME @@@@@" lines, as the oracle
 * captures frame them, then the --do steps ("PATH: CONTENT" per read,
 * "PATH: error -ERRNO" per failed step).  Diagnostics go to stderr
 * prefixed "cmasim: ".  Exit status: 0 booted, 1 the boot failed, 2 bad
 * usage.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cli.h"



void cli_print_diags(const struct cmasim *sim)
{
	for (size_t i = 0; i < cmasim_diag_count(sim); i++)
		fprintf(stderr, "cmasim: %s\n", cmasim_diag_line(sim, i, NULL));
}

static void out_stdout(const char *text, void *data)
{
	fputs(text, stdout);
}

static void diag_stderr(const char *text, void *data)
{
	fprintf(stderr, "cmasim: %s: %s", (const char *)data, text);
}

static const struct {
	const char *name;
	const char *path;
	const char *section;
} views[] = {
	{ "meminfo", "/proc/meminfo", "PROC_MEMINFO" },
	{ "buddyinfo", "/proc/buddyinfo", "PROC_BUDDYINFO" },
	{ "pagetypeinfo", "/proc/pagetypeinfo", "PROC_PAGETYPEINFO" },
	{ "zoneinfo", "/proc/zoneinfo", "PROC_ZONEINFO" },
};

/*
 * A --do step: "write PATH VALUE" or "read PATH".  With @write/@path/
 * @value NULL it only checks the syntax.  *path and *value are
 * allocated (g_free them).
 */
static bool parse_step(const char *step, bool *write, char **path,
		       char **value)
{
	gchar **w = g_strsplit_set(step, " \t", -1);
	gchar *tok[4] = { NULL };
	int n = 0;
	bool ok;

	for (gchar **p = w; *p; p++)
		if (**p && n < 4)
			tok[n++] = *p;
	ok = (n == 3 && !strcmp(tok[0], "write") && tok[1][0] == '/') ||
	     (n == 2 && !strcmp(tok[0], "read") && tok[1][0] == '/');
	if (ok && write) {
		*write = !strcmp(tok[0], "write");
		*path = g_strdup(tok[1]);
		*value = *write ? g_strdup(tok[2]) : NULL;
	}
	g_strfreev(w);
	return ok;
}

struct line_buf {
	GString *text;
};

static void out_collect(const char *text, void *data)
{
	g_string_append(((struct line_buf *)data)->text, text);
}

/*
 * Run the --do steps in order after boot.  Kernel messages a step logs
 * are printed as they appear; then a read prints one line "PATH: CONTENT"
 * with every newline of the content turned into a space, and a failed
 * read or write prints "PATH: error -ERRNO".  A failed step does not stop
 * the others: it is a result, not a usage error.
 */
static void run_steps(struct cmasim *sim, char **steps)
{
	for (char **d = steps; d && *d; d++) {
		size_t seen = cmasim_dmesg_count(sim);
		struct line_buf buf = { g_string_new(NULL) };
		char *path = NULL, *value = NULL;
		bool write = false;
		int r;

		parse_step(*d, &write, &path, &value);
		if (write)
			r = cmasim_file_write(sim, path, value);
		else
			r = cmasim_file_read(sim, path, out_collect, &buf);
		for (size_t i = seen; i < cmasim_dmesg_count(sim); i++)
			printf("%s\n", cmasim_dmesg_line(sim, i, NULL));
		if (r) {
			printf("%s: error %d\n", path, r);
		} else if (!write) {
			for (gsize i = 0; i < buf.text->len; i++)
				if (buf.text->str[i] == '\n')
					buf.text->str[i] = ' ';
			printf("%s: %s\n", path, buf.text->str);
		}
		g_string_free(buf.text, TRUE);
		g_free(path);
		g_free(value);
	}
}

/*
 * "4G", "512M", "65536K", "1T"; a bare number is MiB as for qemu's -m.
 * Returns false when malformed.
 */
static bool parse_size(const char *s, uint64_t *out)
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

static int check_shows(char **shows, int *which, int max, int *n)
{
	*n = 0;
	for (char **s = shows; s && *s; s++) {
		gchar **parts = g_strsplit(*s, ",", -1);

		for (gchar **p = parts; *p; p++) {
			size_t i;

			if (!**p)
				continue;
			for (i = 0; i < G_N_ELEMENTS(views); i++)
				if (!strcmp(*p, views[i].name))
					break;
			if (i == G_N_ELEMENTS(views) || *n >= max) {
				fprintf(stderr, "cmasim boot: --show %s: expected meminfo, pagetypeinfo, buddyinfo or zoneinfo\n",
					*p);
				g_strfreev(parts);
				return -EINVAL;
			}
			which[(*n)++] = (int)i;
		}
		g_strfreev(parts);
	}
	return 0;
}

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

int cli_boot(int argc, char **argv)
{
	gchar *arch = NULL, *kernel = NULL, *mem = NULL, *from_log = NULL;
	gchar *cmdline = NULL;
	gchar *nodes_arg = NULL;
	unsigned int nodes = 0;	/* 0: --nodes not given */
	gboolean partial_log = FALSE;
	gchar **sets = NULL, **shows = NULL, **dos = NULL;
	GOptionEntry entries[] = {
		{ "arch", 0, 0, G_OPTION_ARG_STRING, &arch, "arch profile (x86_64, arm64, ...)", "ARCH" },
		{ "kernel", 0, 0, G_OPTION_ARG_STRING, &kernel, "kernel version (6.1, 6.12)", "V" },
		{ "mem", 0, 0, G_OPTION_ARG_STRING, &mem, "RAM of a qemu-pc-like machine (e.g. 4G; bare numbers are MiB)", "SIZE" },
		{ "nodes", 0, 0, G_OPTION_ARG_STRING, &nodes_arg, "NUMA nodes of that machine, 1..64 (default 1)", "N" },
		{ "from-log", 0, 0, G_OPTION_ARG_FILENAME, &from_log, "read the machine from a real boot log", "FILE" },
		{ "partial-log", 0, 0, G_OPTION_ARG_NONE, &partial_log, "boot a --from-log log that was cut short (its memory figures are not the log's)", NULL },
		{ "cmdline", 0, 0, G_OPTION_ARG_STRING, &cmdline, "kernel command line (default: the log's, or empty)", "STR" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "set a Kconfig knob", "KNOB=VALUE" },
		{ "show", 0, 0, G_OPTION_ARG_STRING_ARRAY, &shows, "views to print after dmesg: meminfo,pagetypeinfo,buddyinfo,zoneinfo", "LIST" },
		{ "do", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dos, "a runtime step after boot ('write PATH VALUE', 'read PATH')", "STEP" },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot a simulated machine and print its dmesg");
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *machine = NULL;
	struct cmasim *sim = NULL;
	GError *err = NULL;
	int which[16], nshow = 0;
	uint64_t mem_bytes = 0;
	int rc = 2, ret;
	bool fixed_ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!cfg) {
		fprintf(stderr, "cmasim boot: out of memory\n");
		rc = 1;
		goto out;
	}
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "cmasim boot: %s\n", err->message);
		g_error_free(err);
		goto out;
	}
	if (argc > 1) {
		fprintf(stderr, "cmasim boot: unexpected argument '%s'\n", argv[1]);
		goto out;
	}
	if (check_shows(shows, which, (int)G_N_ELEMENTS(which), &nshow))
		goto out;
	for (gchar **d = dos; d && *d; d++) {
		if (!parse_step(*d, NULL, NULL, NULL)) {
			fprintf(stderr, "cmasim boot: --do '%s': expected 'write PATH VALUE' or 'read PATH'\n",
				*d);
			goto out;
		}
	}
	if (from_log && (mem || nodes_arg)) {
		fprintf(stderr, "cmasim boot: --from-log describes the machine; drop --mem/--nodes\n");
		goto out;
	}
	if (mem && !parse_size(mem, &mem_bytes)) {
		fprintf(stderr, "cmasim boot: --mem %s: expected a size such as 4G or 512M\n", mem);
		goto out;
	}
	if (nodes_arg && !parse_nodes(nodes_arg, &nodes)) {
		fprintf(stderr, "cmasim boot: --nodes %s: expected 1..64\n",
			nodes_arg);
		goto out;
	}

	if (from_log) {
		struct cmasim_bootlog_report rep;

		ret = cmasim_machine_from_log_file(from_log, &machine, &rep,
						   diag_stderr, from_log);
		if (ret == -EFBIG) {
			fprintf(stderr, "cmasim boot: %s: no end of boot within its first %u MiB, the most --from-log reads: not a boot log?\n",
				from_log, CMASIM_BOOTLOG_MAX_BYTES >> 20);
			goto out;
		}
		if (ret) {
			fprintf(stderr, "cmasim boot: %s: %s\n", from_log,
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
		    !partial_log) {
			fprintf(stderr, "cmasim boot: %s: incomplete boot log (see above); %s--partial-log boots what it holds\n",
				from_log,
				rep.missing & CMASIM_BOOTLOG_NO_VERSION ?
				"--kernel names its kernel, " : "");
			goto out;
		}
		if (!kernel && cmasim_machine_kernel_version(machine))
			kernel = g_strdup(cmasim_machine_kernel_version(machine));
		if (!arch && cmasim_machine_get_arch(machine) != CMASIM_ARCH_X86_64)
			arch = g_strdup("arm64");
	}
	if ((arch && cmasim_config_set_arch(cfg, arch)) ||
	    (kernel && cmasim_config_set_kernel(cfg, kernel))) {
		fprintf(stderr, "cmasim boot: %s\n", cmasim_config_error(cfg));
		goto out;
	}
	for (gchar **s = sets; s && *s; s++) {
		char *eq = strchr(*s, '=');

		if (!eq) {
			fprintf(stderr, "cmasim boot: --set %s: expected KNOB=VALUE\n", *s);
			goto out;
		}
		*eq = '\0';
		if (fixed_knob(NULL, *s, eq + 1, &fixed_ok)) {
			*eq = '=';
			continue;
		}
		if (cmasim_config_set(cfg, *s, eq + 1)) {
			fprintf(stderr, "cmasim boot: --set: %s\n", cmasim_config_error(cfg));
			goto out;
		}
		*eq = '=';
	}
	rc = 1;
	ret = cmasim_create(cfg, &sim);
	if (ret) {
		fprintf(stderr, "cmasim boot: cannot create the machine: %s\n", g_strerror(-ret));
		goto out;
	}
	for (gchar **s = sets; s && *s; s++) {
		char *eq = strchr(*s, '=');

		*eq = '\0';
		if (fixed_knob(sim, *s, eq + 1, &fixed_ok) && !fixed_ok) {
			bool v61 = cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;

			fprintf(stderr, "cmasim boot: --set %s=%s: this profile fixes %s %u and DEFERRED_STRUCT_PAGE_INIT=y\n",
				*s, eq + 1, v61 ? "MAX_ORDER" : "MAX_PAGE_ORDER",
				cmasim_max_page_order(sim) + (v61 ? 1 : 0));
			rc = 2;
			goto out;
		}
		*eq = '=';
	}
	/* a log's machine boots only on its own arch's setup_arch() */
	if (machine && (cmasim_machine_get_arch(machine) == CMASIM_ARCH_X86_64) !=
		       (cmasim_get_arch(sim) == CMASIM_ARCH_X86_64)) {
		fprintf(stderr, "cmasim boot: --arch %s contradicts %s, a boot log of %s\n",
			arch, from_log,
			cmasim_machine_get_arch(machine) == CMASIM_ARCH_X86_64 ?
			"x86_64" : "arm64");
		rc = 2;
		goto out;
	}
	if (!machine) {
		bool x86 = cmasim_get_arch(sim) == CMASIM_ARCH_X86_64;

		rc = 2;
		if (!x86) {
			fprintf(stderr, "cmasim boot: only x86_64 has a built-in machine; use --from-log for --arch %s\n",
				arch);
			goto out;
		}
		if (mem || nodes) {
			ret = cmasim_machine_qemu_pc(mem ? mem_bytes : 4 * (UINT64_C(1) << 30),
						     nodes ? nodes : 1,
						     &machine);
			if (ret) {
				fprintf(stderr, "cmasim boot: --mem/--nodes: %s\n",
					ret == -EINVAL ? "each node needs at least 64 MiB, in whole MiB" :
							 g_strerror(-ret));
				goto out;
			}
		} else {
			machine = cmasim_machine_default(CMASIM_ARCH_X86_64);
			if (!machine) {
				fprintf(stderr, "cmasim boot: out of memory\n");
				rc = 1;
				goto out;
			}
		}
		rc = 1;
	}
	ret = cmasim_boot(sim, machine, cmdline);
	cmasim_dmesg_print(sim, stdout);
	if (!ret) {
		for (int i = 0; i < nshow; i++) {
			const char *sec = views[which[i]].section;
			int r;

			printf("@@@@@ BEGIN %s @@@@@\n", sec);
			fflush(stdout);
			r = cmasim_proc_read(sim, views[which[i]].path,
					     out_stdout, NULL);
			if (r) {
				fprintf(stderr, "cmasim: %s: %s\n",
					views[which[i]].path, g_strerror(-r));
				ret = r;
			}
			printf("@@@@@ END %s @@@@@\n", sec);
		}
	}
	if (!ret)
		run_steps(sim, dos);
	fflush(stdout);
	cli_print_diags(sim);
	if (ret)
		fprintf(stderr, "cmasim: boot failed: %s\n", g_strerror(-ret));
	else
		rc = 0;
out:
	cmasim_destroy(sim);
	cmasim_machine_destroy(machine);
	cmasim_config_destroy(cfg);
	g_option_context_free(ctx);
	g_free(arch);
	g_free(kernel);
	g_free(mem);
	g_free(nodes_arg);
	g_free(from_log);
	g_free(cmdline);
	g_strfreev(sets);
	g_strfreev(shows);
	g_strfreev(dos);
	return rc;
}
