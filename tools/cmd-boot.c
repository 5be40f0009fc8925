// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmasim boot: build a machine (the default one, a qemu pc-like (x86) or
 * virt-like (arm64) one of --mem/--nodes, one read from a real boot log,
 * or an arm64 one from a device tree with --dtb), boot it, print the
 * simulated dmesg without timestamps, with --dtb the reserved-memory
 * regions and the devices bound to them ("@@@@@ BEGIN RESERVED_MEMORY
 * @@@@@"), then each --show view under
 * "@@@@@ BEGIN NAME @@@@@" / "@@@@@ END NAME @@@@@" lines, as the oracle
 * captures frame them, then the --do steps ("PATH: CONTENT" per read,
 * "PATH: error -ERRNO" per failed step).  Diagnostics go to stderr
 * prefixed "cmasim: ".  --until memblock|zones|full stops the boot after
 * that stage (docs/boot.md); the /proc views and the --do steps need the
 * running allocator, so they go with the full boot only.  Exit status: 0
 * booted, 1 the boot failed, 2 bad usage.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
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

/* The device-tree reader names the file in its own lines. */
static void diag_plain(const char *text, void *data)
{
	fprintf(stderr, "cmasim: %s", text);
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

/* A size as "64 MiB", "1008 KiB" or "4096 bytes". */
static void print_size(uint64_t bytes)
{
	if (bytes && !(bytes % (UINT64_C(1) << 20)))
		printf("%" PRIu64 " MiB", bytes >> 20);
	else if (bytes && !(bytes % 1024))
		printf("%" PRIu64 " KiB", bytes >> 10);
	else
		printf("%" PRIu64 " bytes", bytes);
}

static const char *const rmem_kinds[] = {
	[CMASIM_RMEM_RESERVED] = "reserved",
	[CMASIM_RMEM_NOMAP] = "no-map",
	[CMASIM_RMEM_CMA] = "cma",
	[CMASIM_RMEM_COHERENT] = "coherent",
	[CMASIM_RMEM_RESTRICTED] = "restricted-dma",
	[CMASIM_RMEM_FAILED] = "failed",
};

struct rmem_walk {
	const struct cmasim *sim;
	const char *region;	/* the devices of this region */
	bool bound;		/* ... that bound (else the others) */
};

static int print_device(const struct cmasim_dt_device_info *d, void *data)
{
	const struct rmem_walk *w = data;

	if (w->bound) {
		if (d->err || !d->region || strcmp(d->region, w->region))
			return 0;
		printf("  device %s (%s)%s\n", d->name, d->node,
		       d->dma_coherent ? " dma-coherent" : "");
	} else if (d->err) {
		printf("unbound device %s (%s): memory-region %s: error %d%s\n",
		       d->name, d->node, d->region ? d->region : "(none)",
		       d->err, d->err == -EINVAL ?
		       " (nothing to bind: its driver maps the region itself)" :
		       "");
	}
	return 0;
}

static int print_rmem(const struct cmasim_rmem_info *r, void *data)
{
	struct rmem_walk w = *(const struct rmem_walk *)data;

	printf("%s: 0x%016" PRIx64 " ", r->name, (uint64_t)r->base);
	print_size(r->size);
	printf(" %s", rmem_kinds[r->kind]);
	if (r->kind == CMASIM_RMEM_FAILED)
		printf(" (error %d, given back)", r->init_err);
	if (r->kind == CMASIM_RMEM_CMA)
		printf(" (area %s)", cmasim_cma_get_name(r->cma));
	if (r->kind == CMASIM_RMEM_COHERENT && r->pool_pages)
		printf(" (pool of %" PRIu64 " pages, %" PRIu64 " in use)",
		       r->pool_pages, r->pool_used_pages);
	if (r->reserve_failed)
		printf(" (reservation failed)");
	printf("\n");
	w.region = r->name;
	w.bound = true;
	cmasim_for_each_dt_device(w.sim, print_device, &w);
	return 0;
}

/* The regions of the device tree and the devices bound to each. */
static void print_reserved_memory(const struct cmasim *sim)
{
	struct rmem_walk w = { .sim = sim };

	printf("@@@@@ BEGIN RESERVED_MEMORY @@@@@\n");
	cmasim_for_each_rmem(sim, print_rmem, &w);
	w.bound = false;
	cmasim_for_each_dt_device(sim, print_device, &w);
	printf("@@@@@ END RESERVED_MEMORY @@@@@\n");
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

/*
 * A log's machine boots only on its own arch's setup_arch(), and an
 * arm64 log states its kernel's page size (cmasim_machine_page_size()):
 * an --arch of the other family (x86_64 against an arm64 log or the
 * reverse), or with another page size, is a usage error naming both.
 */
static bool log_arch_agrees(const struct cmasim *sim,
			    const struct cmasim_machine *m, const char *arch,
			    const char *file)
{
	bool log_x86 = cmasim_machine_get_arch(m) == CMASIM_ARCH_X86_64;
	uint64_t want = cmasim_machine_page_size(m);

	if (log_x86 != (cmasim_get_arch(sim) == CMASIM_ARCH_X86_64)) {
		fprintf(stderr, "cmasim boot: --arch %s contradicts %s, a boot log of %s\n",
			arch, file, log_x86 ? "x86_64" : "arm64");
		return false;
	}
	if (!want || log_x86 || cmasim_page_size(sim) == want)
		return true;
	fprintf(stderr, "cmasim boot: --arch %s (%llu KiB pages) contradicts %s, a boot log of %s (%llu KiB pages)\n",
		arch, (unsigned long long)(cmasim_page_size(sim) >> 10), file,
		cmasim_arch_name(cmasim_machine_get_arch(m)),
		(unsigned long long)(want >> 10));
	return false;
}

int cli_boot(int argc, char **argv)
{
	gchar *arch = NULL, *kernel = NULL, *mem = NULL, *from_log = NULL;
	gchar *cmdline = NULL, *dtb = NULL, *until = NULL;
	gchar *nodes_arg = NULL;
	unsigned int nodes = 0;	/* 0: --nodes not given */
	gboolean partial_log = FALSE;
	gchar **sets = NULL, **shows = NULL, **dos = NULL;
	GOptionEntry entries[] = {
		{ "arch", 0, 0, G_OPTION_ARG_STRING, &arch, "arch profile (x86_64, arm64, ...)", "ARCH" },
		{ "kernel", 0, 0, G_OPTION_ARG_STRING, &kernel, "kernel version (6.1, 6.12)", "V" },
		{ "mem", 0, 0, G_OPTION_ARG_STRING, &mem, "RAM of a qemu pc (x86) or virt (arm64) machine (e.g. 4G; bare numbers are MiB)", "SIZE" },
		{ "nodes", 0, 0, G_OPTION_ARG_STRING, &nodes_arg, "NUMA nodes of that machine, 1..64 (default 1)", "N" },
		{ "from-log", 0, 0, G_OPTION_ARG_FILENAME, &from_log, "read the machine from a real boot log", "FILE" },
		{ "partial-log", 0, 0, G_OPTION_ARG_NONE, &partial_log, "boot a --from-log log that was cut short (its memory figures are not the log's)", NULL },
		{ "dtb", 0, 0, G_OPTION_ARG_FILENAME, &dtb, "boot with this device tree (.dtb, .dts): its reserved memory; without --from-log also its memory (--mem: the RAM to assume when /memory is empty) and bootargs", "FILE" },
		{ "cmdline", 0, 0, G_OPTION_ARG_STRING, &cmdline, "kernel command line (default: the log's, or empty)", "STR" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "set a Kconfig knob", "KNOB=VALUE" },
		{ "show", 0, 0, G_OPTION_ARG_STRING_ARRAY, &shows, "views to print after dmesg: meminfo,pagetypeinfo,buddyinfo,zoneinfo", "LIST" },
		{ "do", 0, 0, G_OPTION_ARG_STRING_ARRAY, &dos, "a runtime step after boot ('write PATH VALUE', 'read PATH')", "STEP" },
		{ "until", 0, 0, G_OPTION_ARG_STRING, &until, "stop the boot after a stage: memblock, zones or full (default)", "STAGE" },
		{ NULL }
	};
	GOptionContext *ctx = g_option_context_new("- boot a simulated machine and print its dmesg");
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *machine = NULL;
	struct cmasim *sim = NULL;
	GError *err = NULL;
	int which[16], nshow = 0;
	enum cmasim_boot_stage stage = CMASIM_BOOT_FULL;
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
	if (until) {
		if (!strcmp(until, "memblock")) {
			stage = CMASIM_BOOT_MEMBLOCK;
		} else if (!strcmp(until, "zones")) {
			stage = CMASIM_BOOT_ZONES;
		} else if (strcmp(until, "full")) {
			fprintf(stderr, "cmasim boot: --until %s: expected memblock, zones or full\n",
				until);
			goto out;
		}
		if (stage != CMASIM_BOOT_FULL && (nshow || dos)) {
			fprintf(stderr, "cmasim boot: --until %s: --show and --do need the full boot\n",
				until);
			goto out;
		}
	}
	for (gchar **d = dos; d && *d; d++) {
		if (!parse_step(*d, NULL, NULL, NULL)) {
			fprintf(stderr, "cmasim boot: --do '%s': expected 'write PATH VALUE' or 'read PATH'\n",
				*d);
			goto out;
		}
	}
	if (dtb && nodes_arg) {
		fprintf(stderr, "cmasim boot: --dtb describes the machine's nodes; drop --nodes\n");
		goto out;
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
		/* an arm64 log's page size comes with it */
		if (!arch && cmasim_machine_get_arch(machine) != CMASIM_ARCH_X86_64)
			arch = g_strdup(cmasim_arch_name(cmasim_machine_get_arch(machine)));
	}
	/* a device tree boots an arm64 machine unless --arch says arm */
	if (dtb && !arch)
		arch = g_strdup("arm64");
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
	if (machine && !log_arch_agrees(sim, machine, arch, from_log)) {
		rc = 2;
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
	if (dtb) {
		rc = 2;
		if (!machine)
			machine = cmasim_machine_new(cmasim_get_arch(sim));
		ret = machine ? cmasim_machine_set_dt_file(machine, dtb,
							     mem_bytes,
							     diag_plain, NULL) :
				-ENOMEM;
		if (ret) {
			fprintf(stderr, "cmasim boot: --dtb %s: %s\n", dtb,
				g_strerror(-ret));
			goto out;
		}
		rc = 1;
	}
	if (!machine) {
		bool x86 = cmasim_get_arch(sim) == CMASIM_ARCH_X86_64;

		rc = 2;
		if (!x86 && cmasim_get_arch(sim) == CMASIM_ARCH_ARM) {
			fprintf(stderr, "cmasim boot: 32-bit arm has no built-in machine; use --from-log for --arch %s\n",
				arch);
			goto out;
		}
		/* the default machine: qemu's "pc" (x86) or "virt" (arm64),
		 * -m 4G, one node, unless --mem/--nodes say otherwise */
		ret = x86 ? cmasim_machine_qemu_pc(mem ? mem_bytes : 4 * (UINT64_C(1) << 30),
						   nodes ? nodes : 1,
						   &machine) :
			    cmasim_machine_qemu_virt(mem ? mem_bytes : 4 * (UINT64_C(1) << 30),
						     nodes ? nodes : 1,
						     &machine);
		if (ret == -EINVAL) {
			fprintf(stderr, "cmasim boot: --mem/--nodes: each node needs at least 64 MiB, in whole MiB\n");
			goto out;
		}
		rc = 1;
		if (ret) {
			fprintf(stderr, "cmasim boot: %s\n", g_strerror(-ret));
			goto out;
		}
	}
	ret = cmasim_boot_until(sim, machine, cmdline, stage);
	cmasim_dmesg_print(sim, stdout);
	if (!ret && dtb)
		print_reserved_memory(sim);
	if (!ret) {
		for (int i = 0; i < nshow; i++) {
			const char *sec = views[which[i]].section;
			int r;

			printf("@@@@@ BEGIN %s @@@@@\n", sec);
			fflush(stdout);
			r = cmasim_file_read(sim, views[which[i]].path,
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
	g_free(dtb);
	g_free(cmdline);
	g_free(until);
	g_strfreev(sets);
	g_strfreev(shows);
	g_strfreev(dos);
	return rc;
}
