// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle: every real boot capture under $CMASIM_SHARED/oracle/captures
 * (Linux 6.1) and $CMASIM_SHARED/oracle-612/captures (Linux 6.12) is read
 * back as a machine (its e820 map and recorded memblock steps), booted
 * with the capture's command line and the kernel configuration its README
 * gives, and compared with what the real kernel printed:
 *  - the `cma: ` lines of the boot (the capture's DMESG section up to
 *    "Run /init as init process"; later lines are the harness exercising
 *    debugfs), byte for byte and in order;
 *  - CmaTotal and MemTotal in /proc/meminfo (MemTotal is exact once the
 *    log's later memblock steps and late frees are replayed);
 *  - the CMA column of "Number of blocks type" in /proc/pagetypeinfo,
 *    per node and zone.
 * The arm64 captures of $CMASIM_SHARED/oracle-arm64 (6.1),
 * oracle-arm64-612 (6.12, 4K pages), oracle-arm64-612-16k (16K pages) and
 * oracle-arm64-612-numacma (6.12 with DMA_NUMA_CMA) are checked the same
 * way from their serial console (the hugetlb_cma: lines with the cma:
 * ones), each with its set's Kconfig and the page size its log states,
 * three ways: from the log, from the log without its memblock=debug
 * lines, and on the built-in qemu virt machine of its size and node
 * count.  The dt-* and mem6g-dt-* captures of the four arm64 sets boot
 * from their log and their device tree (dts/), and are compared on the
 * cma:, "Reserved memory" and OF: lines of the console, CmaTotal and the
 * CMA pageblocks; every real board's tree in $CMASIM_SHARED/dtb boots on
 * 6.1 and 6.12 with the checker after boot.
 * Each capture is its own test, named after it.  A second test per capture
 * boots the modelled qemu machine of the same size and node count (not the
 * log) and compares the memory-map, NUMA, per-cpu, hash-table, bounce
 * buffer and CMA reservation lines, MemTotal and CmaTotal.  No capture is special:
 * new ones dropped into the folders are checked the same way.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include <cmasim/cmasim.h>


struct arm64_set;

struct capture {
	char *name;		/* "6.1/s04_m1g_cma64M" */
	char *name_modelled;
	char *name_nodebug;
	char *log;
	char *meta;		/* x86: the .meta file */
	char *cmdline;		/* arm64: from scenarios.tsv */
	char *qemu_args;	/* arm64: from scenarios.tsv */
	const char *kernel;
	bool arm64;
	char *dts;		/* dt-* captures: the device tree */
	const struct dt_set *dt;	/* ... and their capture set */
	const struct arm64_set *set;	/* arm64: the capture set */
};

/* The Kconfig of each capture set (the READMEs' tables). */
static const char *const knobs_61[] = {
	"CMA=y", "DMA_CMA=y", "CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y",
	"DMA_PERNUMA_CMA=y", "CMA_SIZE_MBYTES=0", "CMA_SIZE_SEL_MBYTES=y",
	"CMA_AREAS=19", "CMA_ALIGNMENT=8", "NUMA=y", "NODES_SHIFT=10",
	"ZONE_DMA=y", "ZONE_DMA32=y", "LOG_BUF_SHIFT=17", NULL
};

static const char *const knobs_612[] = {
	"CMA=y", "DMA_CMA=y", "CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y",
	"DMA_NUMA_CMA=y", "CMA_SIZE_MBYTES=0", "CMA_SIZE_SEL_MBYTES=y",
	"CMA_AREAS=20", "CMA_ALIGNMENT=8", "NUMA=y", "NODES_SHIFT=10",
	"ZONE_DMA=y", "ZONE_DMA32=y", NULL
};

/* oracle-arm64 (its README): Debian's 6.1 arm64 kernel, qemu virt. */
static const char *const knobs_arm64[] = {
	"CMA=y", "DMA_CMA=y", "CMA_SIZE_MBYTES=64", "CMA_SIZE_SEL_MBYTES=y",
	"CMA_AREAS=19", "CMA_ALIGNMENT=8", "DMA_PERNUMA_CMA=y",
	"CMA_DEBUGFS=n", "CMA_SYSFS=n", "NUMA=y", "ZONE_DMA=y",
	"ZONE_DMA32=y", NULL
};

/* oracle-arm64-612 and -16k (their READMEs): Debian's 6.12 kernels. */
static const char *const knobs_arm64_612[] = {
	"CMA=y", "DMA_CMA=y", "CMA_SIZE_MBYTES=64", "CMA_SIZE_SEL_MBYTES=y",
	"CMA_AREAS=20", "CMA_ALIGNMENT=8", "DMA_NUMA_CMA=n",
	"CMA_DEBUGFS=n", "CMA_SYSFS=n", "NUMA=y", "NODES_SHIFT=4",
	"ZONE_DMA=y", "ZONE_DMA32=y", "HUGETLB_PAGE=y", NULL
};

/* oracle-arm64-612-numacma: 6.12 built with DMA_NUMA_CMA. */
static const char *const knobs_arm64_numacma[] = {
	"CMA=y", "DMA_CMA=y", "CMA_SIZE_MBYTES=64", "CMA_SIZE_SEL_MBYTES=y",
	"CMA_AREAS=20", "CMA_ALIGNMENT=8", "DMA_NUMA_CMA=y",
	"CMA_DEBUGFS=n", "CMA_SYSFS=n", "NUMA=y", "NODES_SHIFT=4",
	"ZONE_DMA=y", "ZONE_DMA32=y", "HUGETLB_PAGE=y", NULL
};

/*
 * An arm64 capture set.  @same_build: its kernel is the build the
 * profile models (Debian's), so a boot that models the allocations
 * (without memblock=debug, or on the virt machine) has its MemTotal too;
 * the numacma kernel is a build of its own, placed like Debian's (its
 * README) but of another size.
 */
struct arm64_set {
	const char *dir;
	const char *name;
	const char *kernel;
	const char *const *knobs;
	bool same_build;
};

static const struct arm64_set arm64_sets[] = {
	{ "oracle-arm64", "arm64-6.1", "6.1", knobs_arm64, true },
	{ "oracle-arm64-612", "arm64-6.12", "6.12", knobs_arm64_612, true },
	{ "oracle-arm64-612-16k", "arm64-6.12-16k", "6.12", knobs_arm64_612,
	  true },
	{ "oracle-arm64-612-numacma", "arm64-6.12-numacma", "6.12",
	  knobs_arm64_numacma, false },
};

/*
 * The lines between "@@@@@ BEGIN NAME @@@@@" and its END (x86 captures) or
 * "===== BEGIN NAME =====" (arm64 captures), or NULL.
 */
static char **section(const char *text, const char *name)
{
	bool arm = strstr(text, "===== BEGIN ") != NULL;
	char *begin = g_strdup_printf(arm ? "===== BEGIN %s =====" :
				      "@@@@@ BEGIN %s @@@@@", name);
	char *end = g_strdup_printf(arm ? "===== END %s =====" :
				    "@@@@@ END %s @@@@@", name);
	const char *b = strstr(text, begin), *e;
	char **lines = NULL;

	if (b) {
		b += strlen(begin);
		e = strstr(b, end);
		if (e) {
			char *body = g_strndup(b, (gsize)(e - b));

			/* the serial console ends lines with CR LF */
			lines = g_strsplit_set(body, "\r\n", -1);
			g_free(body);
		}
	}
	g_free(begin);
	g_free(end);
	return lines;
}

static const char *strip_ts(const char *l)
{
	if (l[0] == '[') {
		const char *c = strstr(l, "] ");

		if (c)
			return c + 2;
	}
	return l;
}

/* A line of mm/cma.c or of hugetlb_cma_reserve(). */
static bool cma_line(const char *msg)
{
	return !strncmp(msg, "cma: ", 5) || !strncmp(msg, "hugetlb_cma: ", 13);
}

/* One "#  LABEL N:" entry in @diff per line where @want and @got differ. */
static void diff_lines(GString *diff, const char *label, GPtrArray *want,
		       GPtrArray *got)
{
	for (guint i = 0; i < MAX(want->len, got->len); i++) {
		const char *w = i < want->len ? g_ptr_array_index(want, i) : "(none)";
		const char *g = i < got->len ? g_ptr_array_index(got, i) : "(none)";

		if (strcmp(w, g))
			g_string_append_printf(diff, "#  %s %u:\n#    kernel: %s\n#    cmasim: %s\n",
					       label, i, w, g);
	}
}

/* The capture's boot-time "cma: " and "hugetlb_cma: " lines. */
static GPtrArray *capture_cma_lines(const struct capture *c, const char *text)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	char **lines;

	if (c->arm64) {
		/* the serial console: earlycon saw the lines dmesg lost */
		const char *e = strstr(text, "ORACLE-INIT START");
		char *serial = g_strndup(text, e ? (gsize)(e - text) : strlen(text));

		lines = g_strsplit_set(serial, "\r\n", -1);
		g_free(serial);
	} else {
		lines = section(text, "DMESG");
	}

	for (char **l = lines; l && *l; l++) {
		const char *msg = strip_ts(g_strchomp(*l));

		if (!strcmp(msg, "Run /init as init process"))
			break;
		if (cma_line(msg))
			g_ptr_array_add(a, g_strdup(msg));
	}
	g_strfreev(lines);
	return a;
}

static GPtrArray *sim_cma_lines(const struct cmasim *sim)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, NULL);

		if (cma_line(l))
			g_ptr_array_add(a, g_strdup(l));
	}
	return a;
}

static long long cma_total_kb(char **lines)
{
	for (char **l = lines; l && *l; l++) {
		long long v;

		if (sscanf(*l, "CmaTotal: %lld kB", &v) == 1)
			return v;
	}
	return -1;
}

static long long mem_total_kb(char **lines)
{
	for (char **l = lines; l && *l; l++) {
		long long v;

		if (sscanf(*l, "MemTotal: %lld kB", &v) == 1)
			return v;
	}
	return -1;
}

/* "Node 0 DMA32 CMA=32; ..." from the "Number of blocks type" rows. */
static char *cma_blocks(char **lines)
{
	GString *s = g_string_new(NULL);
	int col = -1;

	for (char **l = lines; l && *l; l++) {
		if (!strncmp(*l, "Number of blocks type", 21)) {
			char **h = g_strsplit_set(*l + 21, " \t", -1);
			int n = 0;

			col = -1;
			for (char **t = h; *t; t++) {
				if (!**t)
					continue;
				if (!strcmp(*t, "CMA"))
					col = n;
				n++;
			}
			g_strfreev(h);
			continue;
		}
		if (col >= 0 && !strncmp(*l, "Node ", 5)) {
			int node;
			char zone[32];
			int off = 0;
			const char *p;
			long v = -1;

			if (sscanf(*l, "Node %d, zone %31s%n", &node, zone, &off) != 2)
				continue;
			p = *l + off;
			for (int i = 0; i <= col; i++) {
				char *e;

				v = strtol(p, &e, 10);
				if (e == p) {
					v = -1;
					break;
				}
				p = e;
			}
			g_string_append_printf(s, "Node %d %s CMA=%ld; ", node,
					       zone, v);
		} else if (!strncmp(*l, "Page block order", 16) ||
			   !strncmp(*l, "Free pages count", 16)) {
			/* 6.12 repeats the tables per node */
			col = -1;
		}
	}
	return g_string_free(s, FALSE);
}

static void collect(const char *text, void *data)
{
	g_string_append(data, text);
}

static char **proc_lines(struct cmasim *sim, const char *path)
{
	GString *s = g_string_new(NULL);
	char **lines;

	if (cmasim_file_read(sim, path, collect, s)) {
		g_string_free(s, TRUE);
		return NULL;
	}
	lines = g_strsplit(s->str, "\n", -1);
	g_string_free(s, TRUE);
	return lines;
}

static char *meta_cmdline(const char *meta)
{
	char **lines = g_strsplit(meta, "\n", -1);
	char *cmdline = NULL;

	for (char **l = lines; *l; l++)
		if (!strncmp(*l, "cmdline\t", 8))
			cmdline = g_strdup(g_strchomp(*l + 8));
	g_strfreev(lines);
	return cmdline;
}

static void to_stderr(const char *text, void *data)
{
	fputs(text, stderr);
}

static struct cmasim *boot_capture(const struct capture *c, const char *text,
				   const char *cmdline)
{
	struct cmasim_config *cfg = cmasim_config_new();
	const char *const *knobs = c->arm64 ? c->set->knobs :
				   strcmp(c->kernel, "6.1") ? knobs_612 : knobs_61;
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	struct cmasim_bootlog_report rep;
	int ret;

	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_kernel(cfg, c->kernel), 0);
	ret = cmasim_machine_from_log(text, strlen(text), &m, &rep, NULL, NULL);
	if (ret || rep.damaged)
		fail_msg("%s: log import failed (%d, %u damaged lines)", c->name,
			 ret, rep.damaged);
	/* an arm64 log states its page size */
	if (c->arm64)
		assert_int_equal(cmasim_config_set_arch(cfg,
				 cmasim_arch_name(cmasim_machine_get_arch(m))), 0);
	for (int i = 0; knobs[i]; i++) {
		char *k = g_strdup(knobs[i]);
		char *eq = strchr(k, '=');

		*eq = '\0';
		if (cmasim_config_set(cfg, k, eq + 1))
			fail_msg("%s: --set %s: %s", c->name, knobs[i],
				 cmasim_config_error(cfg));
		g_free(k);
	}
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	ret = cmasim_boot(sim, m, cmdline);
	cmasim_machine_destroy(m);
	if (ret) {
		cmasim_diag_write(sim, to_stderr, NULL);
		cmasim_destroy(sim);
		fail_msg("%s: boot failed with %d", c->name, ret);
	}
	return sim;
}

/* A message the kernel prints only with memblock=debug. */
static bool memblock_debug_line(const char *msg)
{
	static const char *const prefixes[] = {
		"memblock_", "MEMBLOCK configuration:", " memory size",
		" memory.cnt", " memory[", " reserved.cnt", " reserved[",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * The capture as the same boot without memblock=debug would print it:
 * the console part loses the memblock lines and the parameter (the
 * harness's sections after it stay as they are).
 */
static char *without_memblock_debug(const char *text)
{
	const char *end = strstr(text, "@@@@@");
	char *head = g_strndup(text, end ? (gsize)(end - text) : strlen(text));
	char **lines = g_strsplit(head, "\n", -1);
	GString *s = g_string_new(NULL);

	for (char **l = lines; *l; l++) {
		char *p = strstr(*l, " memblock=debug");

		if (memblock_debug_line(strip_ts(*l)))
			continue;
		if (p)
			memmove(p, p + 15, strlen(p + 15) + 1);
		g_string_append(s, *l);
		if (l[1])
			g_string_append_c(s, '\n');
	}
	if (end)
		g_string_append(s, end);
	g_strfreev(lines);
	g_free(head);
	return g_string_free(s, FALSE);
}

static void check_capture(const struct capture *c, bool nodebug)
{
	gchar *text = NULL, *meta = NULL;
	char *cmdline, *want_blocks = NULL, *got_blocks = NULL;
	char **want_mi, **want_pt, **got_mi, **got_pt;
	GPtrArray *want, *got;
	struct cmasim *sim;
	GString *diff = g_string_new(NULL);

	assert_true(g_file_get_contents(c->log, &text, NULL, NULL));
	if (c->arm64) {
		cmdline = g_strdup(c->cmdline);
	} else {
		assert_true(g_file_get_contents(c->meta, &meta, NULL, NULL));
		cmdline = meta_cmdline(meta);
	}
	assert_non_null(cmdline);
	if (nodebug) {
		/*
		 * The boot keeps the capture's command line: its length
		 * sizes start_kernel()'s two copies, which shift the small
		 * allocations after them by a page now and then.
		 */
		char *t = without_memblock_debug(text);

		sim = boot_capture(c, t, cmdline);
		g_free(t);
	} else {
		sim = boot_capture(c, text, cmdline);
	}

	want = capture_cma_lines(c, text);
	got = sim_cma_lines(sim);
	diff_lines(diff, "cma line", want, got);

	want_mi = section(text, c->arm64 ? "/proc/meminfo" : "PROC_MEMINFO");
	want_pt = section(text, c->arm64 ? "/proc/pagetypeinfo" :
					   "PROC_PAGETYPEINFO");
	got_mi = proc_lines(sim, "/proc/meminfo");
	got_pt = proc_lines(sim, "/proc/pagetypeinfo");
	if (!got_mi || !got_pt) {
		g_string_append(diff, "#  /proc/meminfo or /proc/pagetypeinfo: not readable\n");
	} else {
		long long w = cma_total_kb(want_mi), g = cma_total_kb(got_mi);
		/* a modelled boot of another build has another MemTotal */
		bool mt = !c->arm64 || !nodebug || c->set->same_build;

		if (w != g)
			g_string_append_printf(diff, "#  CmaTotal: kernel %lld kB, cmasim %lld kB\n",
					       w, g);
		w = mt ? mem_total_kb(want_mi) : 0;
		g = mt ? mem_total_kb(got_mi) : 0;
		if (w != g)
			g_string_append_printf(diff, "#  MemTotal: kernel %lld kB, cmasim %lld kB\n",
					       w, g);
		want_blocks = cma_blocks(want_pt);
		got_blocks = cma_blocks(got_pt);
		if (strcmp(want_blocks, got_blocks))
			g_string_append_printf(diff, "#  CMA pageblocks:\n#    kernel: %s\n#    cmasim: %s\n",
					       want_blocks, got_blocks);
	}

	if (cmasim_check(sim))
		g_string_append(diff, "#  cmasim_check(): an invariant is broken after boot\n");
	if (diff->len)
		print_message("# %s differs:\n%s", c->name, diff->str);
	g_strfreev(want_mi);
	g_strfreev(want_pt);
	g_strfreev(got_mi);
	g_strfreev(got_pt);
	g_free(want_blocks);
	g_free(got_blocks);
	g_ptr_array_free(want, TRUE);
	g_ptr_array_free(got, TRUE);
	cmasim_destroy(sim);
	g_free(cmdline);
	g_free(text);
	g_free(meta);
	if (diff->len) {
		g_string_free(diff, TRUE);
		fail_msg("%s: differs from the real kernel", c->name);
	}
	g_string_free(diff, TRUE);
}

static void test_capture(void **state)
{
	check_capture(*state, false);
}

/*
 * Expect the same cma: lines, CmaTotal, MemTotal and CMA pageblocks from
 * the capture with its memblock=debug lines taken out: the import then
 * rebuilds the machine from the e820, NUMA and RAMDISK lines, and the
 * boot models every memblock allocation.
 */
static void test_capture_no_memblock_debug(void **state)
{
	check_capture(*state, true);
}

/*
 * "-m 2G" and the number of "-numa node" options of a qemu command line
 * (a capture's meta line or a board's arguments).
 */
static bool qemu_layout(const char *args, uint64_t *mem, unsigned int *nodes)
{
	const char *m = args;
	const char *p;
	char *end;
	uint64_t v;

	while ((m = strstr(m, "-m ")) && m != args && m[-1] != ' ')
		m++;
	if (!m)
		return false;
	v = g_ascii_strtoull(m + 3, &end, 10);
	switch (*end) {
	case 'G': v <<= 30; break;
	case 'M': v <<= 20; break;
	default: return false;
	}
	*mem = v;
	*nodes = 0;
	for (p = strstr(args, "-numa node"); p; p = strstr(p + 1, "-numa node"))
		(*nodes)++;
	if (!*nodes)
		*nodes = 1;
	return true;
}

/*
 * Whether the qemu command's "-cpu MODEL,+flag,..." turns on 1 GiB pages
 * ("+pdpe1gb"; the .meta escapes the commas as "\,").
 */
static bool meta_cpu_gbpages(const char *meta)
{
	const char *cpu = strstr(meta, " -cpu "), *flag;

	if (!cpu)
		return false;
	cpu += 6;
	flag = strstr(cpu, "+pdpe1gb");
	return flag && flag < cpu + strcspn(cpu, " \t\n");
}

/* The lines the modelled machine must reproduce: memory map and NUMA. */
static bool layout_line(const char *msg)
{
	static const char *const prefixes[] = {
		"BIOS-e820: ", "last_pfn = ", "RAMDISK: ", "No NUMA configuration",
		"Faking a node at ", "ACPI: SRAT: Node ", "NUMA: Node ",
		"NODE_DATA(", "cma: ", "PM: hibernation: Registered nosave",
		"percpu: Embedded ", "Dentry cache hash table",
		"Inode-cache hash table", "software IO TLB: area",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The DMA atomic pools begin (their cma_alloc lines, or their own). */
static bool pool_line(const char *msg)
{
	return !strncmp(msg, "DMA: ", 5) || !strncmp(msg, "cma: cma_alloc(", 15) ||
	       !strncmp(msg, "cma: __cma_alloc(", 17);
}

/*
 * The same capture booted on the modelled qemu machine of its size and
 * node count, not on its own log: the e820 map, last_pfn, NUMA lines,
 * NODE_DATA placements and the CMA reservation lines must match the real
 * boot's (up to the first DMA pool line, after which cma_alloc lines of
 * the pools follow).
 */
static void test_capture_modelled(void **state)
{
	const struct capture *c = *state;
	gchar *text = NULL, *meta = NULL;
	char *cmdline;
	char **lines;
	GPtrArray *want = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
	struct cmasim_config *cfg = cmasim_config_new();
	const char *const *knobs = strcmp(c->kernel, "6.1") ? knobs_612 : knobs_61;
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	GString *diff = g_string_new(NULL);
	uint64_t mem = 0;
	unsigned int nodes = 1;

	assert_true(g_file_get_contents(c->log, &text, NULL, NULL));
	assert_true(g_file_get_contents(c->meta, &meta, NULL, NULL));
	cmdline = meta_cmdline(meta);
	assert_non_null(cmdline);
	if (!qemu_layout(meta, &mem, &nodes))
		fail_msg("%s: no -m in the qemu command", c->name);

	lines = section(text, "DMESG");
	for (char **l = lines; l && *l; l++) {
		const char *msg = strip_ts(*l);

		if (pool_line(msg))
			break;
		if (layout_line(msg))
			g_ptr_array_add(want, g_strdup(msg));
	}
	g_strfreev(lines);

	assert_int_equal(cmasim_config_set_kernel(cfg, c->kernel), 0);
	for (int i = 0; knobs[i]; i++) {
		char *k = g_strdup(knobs[i]);
		char *eq = strchr(k, '=');

		*eq = '\0';
		assert_int_equal(cmasim_config_set(cfg, k, eq + 1), 0);
		g_free(k);
	}
	assert_int_equal(cmasim_machine_qemu_pc(mem, nodes, &m), 0);
	assert_int_equal(cmasim_machine_set_cpu_gbpages(m,
							meta_cpu_gbpages(meta)), 0);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	if (cmasim_boot(sim, m, cmdline))
		fail_msg("%s: boot of the modelled machine failed", c->name);
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, NULL);

		if (pool_line(l))
			break;
		if (layout_line(l))
			g_ptr_array_add(got, g_strdup(l));
	}
	diff_lines(diff, "line", want, got);
	{
		char **want_mi = section(text, "PROC_MEMINFO");
		char **got_mi = proc_lines(sim, "/proc/meminfo");
		long long w = mem_total_kb(want_mi), g = mem_total_kb(got_mi);

		if (w != g)
			g_string_append_printf(diff, "#  MemTotal: kernel %lld kB, cmasim %lld kB\n",
					       w, g);
		w = cma_total_kb(want_mi);
		g = cma_total_kb(got_mi);
		if (w != g)
			g_string_append_printf(diff, "#  CmaTotal: kernel %lld kB, cmasim %lld kB\n",
					       w, g);
		g_strfreev(want_mi);
		g_strfreev(got_mi);
	}
	if (diff->len)
		print_message("# %s (modelled machine) differs:\n%s", c->name,
			      diff->str);
	cmasim_destroy(sim);
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	g_ptr_array_free(want, TRUE);
	g_ptr_array_free(got, TRUE);
	g_free(cmdline);
	g_free(text);
	g_free(meta);
	if (diff->len) {
		g_string_free(diff, TRUE);
		fail_msg("%s: the modelled machine differs from the real one",
			 c->name);
	}
	g_string_free(diff, TRUE);
}

/*
 * An arm64 capture booted on the built-in qemu virt machine of its size
 * and node count (not on its log), with its command line, its set's
 * Kconfig and its log's page size: the same cma: and hugetlb_cma: lines,
 * CmaTotal, CMA pageblocks and (Debian's kernels) MemTotal.
 */
static void test_capture_virt(void **state)
{
	const struct capture *c = *state;
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *log = NULL, *m = NULL;
	struct cmasim *sim = NULL;
	gchar *text = NULL;
	char **want_mi, **want_pt, **got_mi, **got_pt;
	char *want_blocks, *got_blocks;
	GPtrArray *want, *got;
	GString *diff = g_string_new(NULL);
	uint64_t mem = 0;
	unsigned int nodes = 1;
	long long w, g;

	assert_true(g_file_get_contents(c->log, &text, NULL, NULL));
	if (!qemu_layout(c->qemu_args, &mem, &nodes))
		fail_msg("%s: no -m in the qemu arguments", c->name);
	assert_int_equal(cmasim_machine_from_log(text, strlen(text), &log, NULL,
						 NULL, NULL), 0);
	assert_int_equal(cmasim_config_set_kernel(cfg, c->kernel), 0);
	assert_int_equal(cmasim_config_set_arch(cfg,
			 cmasim_arch_name(cmasim_machine_get_arch(log))), 0);
	cmasim_machine_destroy(log);
	for (int i = 0; c->set->knobs[i]; i++) {
		char *k = g_strdup(c->set->knobs[i]);
		char *eq = strchr(k, '=');

		*eq = '\0';
		assert_int_equal(cmasim_config_set(cfg, k, eq + 1), 0);
		g_free(k);
	}
	assert_int_equal(cmasim_machine_qemu_virt(mem, nodes, &m), 0);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	if (cmasim_boot(sim, m, c->cmdline)) {
		cmasim_diag_write(sim, to_stderr, NULL);
		fail_msg("%s: boot of the virt machine failed", c->name);
	}
	cmasim_machine_destroy(m);

	want = capture_cma_lines(c, text);
	got = sim_cma_lines(sim);
	diff_lines(diff, "cma line", want, got);
	want_mi = section(text, "/proc/meminfo");
	want_pt = section(text, "/proc/pagetypeinfo");
	got_mi = proc_lines(sim, "/proc/meminfo");
	got_pt = proc_lines(sim, "/proc/pagetypeinfo");
	w = cma_total_kb(want_mi);
	g = cma_total_kb(got_mi);
	if (w != g)
		g_string_append_printf(diff, "#  CmaTotal: kernel %lld kB, cmasim %lld kB\n",
				       w, g);
	w = c->set->same_build ? mem_total_kb(want_mi) : 0;
	g = c->set->same_build ? mem_total_kb(got_mi) : 0;
	if (w != g)
		g_string_append_printf(diff, "#  MemTotal: kernel %lld kB, cmasim %lld kB\n",
				       w, g);
	want_blocks = cma_blocks(want_pt);
	got_blocks = cma_blocks(got_pt);
	if (strcmp(want_blocks, got_blocks))
		g_string_append_printf(diff, "#  CMA pageblocks:\n#    kernel: %s\n#    cmasim: %s\n",
				       want_blocks, got_blocks);
	if (cmasim_check(sim))
		g_string_append(diff, "#  cmasim_check(): an invariant is broken after boot\n");
	if (diff->len)
		print_message("# %s (virt machine) differs:\n%s", c->name,
			      diff->str);
	g_strfreev(want_mi);
	g_strfreev(want_pt);
	g_strfreev(got_mi);
	g_strfreev(got_pt);
	g_free(want_blocks);
	g_free(got_blocks);
	g_ptr_array_free(want, TRUE);
	g_ptr_array_free(got, TRUE);
	cmasim_destroy(sim);
	g_free(text);
	if (diff->len) {
		g_string_free(diff, TRUE);
		fail_msg("%s: the virt machine differs from the real one",
			 c->name);
	}
	g_string_free(diff, TRUE);
}

static gint cmp_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_captures(GArray *caps, const char *shared, const char *sub,
			 const char *kernel)
{
	char *dir = g_build_filename(shared, sub, "captures", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;

	while (d && (n = g_dir_read_name(d)))
		if (g_str_has_suffix(n, ".log"))
			g_ptr_array_add(names, g_strndup(n, strlen(n) - 4));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(names, cmp_name);
	for (guint i = 0; i < names->len; i++) {
		const char *base = g_ptr_array_index(names, i);
		struct capture c = {
			.name = g_strdup_printf("%s/%s", kernel, base),
			.log = g_strdup_printf("%s/%s.log", dir, base),
			.meta = g_strdup_printf("%s/%s.meta", dir, base),
			.kernel = kernel,
		};

		if (g_file_test(c.meta, G_FILE_TEST_EXISTS)) {
			g_array_append_val(caps, c);
		} else {
			g_free(c.name);
			g_free(c.log);
			g_free(c.meta);
		}
	}
	g_ptr_array_free(names, TRUE);
	g_free(dir);
}

/*
 * An arm64 capture set: scenarios.tsv gives each capture's qemu
 * arguments and command line.  The device-tree captures (dt-*,
 * mem6g-dt-*) boot with their tree (add_dt_captures()).
 */
static void add_arm64_captures(GArray *caps, const char *shared,
			       const struct arm64_set *set)
{
	char *dir = g_build_filename(shared, set->dir, NULL);
	char *tsv = g_build_filename(dir, "scenarios.tsv", NULL);
	gchar *text = NULL;
	char **rows;

	if (!g_file_get_contents(tsv, &text, NULL, NULL)) {
		g_free(tsv);
		g_free(dir);
		return;
	}
	rows = g_strsplit(text, "\n", -1);
	for (char **r = rows; *r; r++) {
		char **f = g_strsplit(g_strchomp(*r), "\t", -1);

		if (g_strv_length(f) >= 3 && strcmp(f[0], "name")) {
			struct capture c = {
				.name = g_strdup_printf("%s/%s", set->name, f[0]),
				.log = g_strdup_printf("%s/captures/%s.log", dir, f[0]),
				.qemu_args = g_strdup(f[1]),
				.cmdline = g_strdup(f[2]),
				.kernel = set->kernel,
				.arm64 = true,
				.set = set,
			};
			bool dt = g_str_has_prefix(f[0], "dt-") ||
				  g_str_has_prefix(f[0], "mem6g-dt-");

			/* the dt-* captures are add_dt_captures()'s */
			if (!g_file_test(c.log, G_FILE_TEST_EXISTS) || dt) {
				g_free(c.name);
				g_free(c.log);
				g_free(c.qemu_args);
				g_free(c.cmdline);
			} else {
				g_array_append_val(caps, c);
			}
		}
		g_strfreev(f);
	}
	g_strfreev(rows);
	g_free(text);
	g_free(tsv);
	g_free(dir);
}

/* ---- Device trees: the dt-* captures and the real boards ---- */

struct dt_set {
	const char *dir;
	const char *name;	/* the tests' prefix */
	const char *kernel;
	const char *arch;
	const char *const *knobs;
};

static const struct dt_set dt_sets[] = {
	{ "oracle-arm64", "arm64-6.1", "6.1", "arm64", knobs_arm64 },
	{ "oracle-arm64-612", "arm64-6.12", "6.12", "arm64", knobs_arm64_612 },
	{ "oracle-arm64-612-16k", "arm64-6.12-16k", "6.12", "arm64-16k",
	  knobs_arm64_612 },
	{ "oracle-arm64-612-numacma", "arm64-6.12-numacma", "6.12", "arm64",
	  knobs_arm64_numacma },
};

/* earlycon: every kernel line as it is made (dmesg's ring wraps) */
static void console_line(enum cmasim_log_channel ch, int level,
			 const char *text, void *data)
{
	if (ch == CMASIM_CHANNEL_DMESG)
		g_ptr_array_add(data, g_strdup(text));
}

/* The lines the reserved-memory code and CMA print. */
static bool dt_line(const char *msg)
{
	return !strncmp(msg, "cma: ", 5) || !strncmp(msg, "OF: ", 4) ||
	       strstr(msg, "Reserved memory") ||
	       strstr(msg, ") overlaps with ");
}

/* An instance of @set's kernel, Kconfig and page size, with a console. */
static struct cmasim *dt_instance(const struct dt_set *set, const char *name,
				  GPtrArray *console)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_kernel(cfg, set->kernel), 0);
	assert_int_equal(cmasim_config_set_arch(cfg, set->arch), 0);
	for (int i = 0; set->knobs[i]; i++) {
		char *k = g_strdup(set->knobs[i]);
		char *eq = strchr(k, '=');

		*eq = '\0';
		if (cmasim_config_set(cfg, k, eq + 1))
			fail_msg("%s: --set %s: %s", name, set->knobs[i],
				 cmasim_config_error(cfg));
		g_free(k);
	}
	if (console)
		cmasim_config_set_log_handler(cfg, console_line, console);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	return sim;
}

/*
 * Expect a dt-* capture booted from its log and its device tree to print
 * the kernel's cma:, "Reserved memory" and OF: lines in order, and to
 * have its CmaTotal and CMA pageblocks per zone; the checker passes.
 */
static void test_dt_capture(void **state)
{
	const struct capture *c = *state;
	GPtrArray *console = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *want = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
	GString *diff = g_string_new(NULL);
	struct cmasim_machine *m = NULL;
	struct cmasim_bootlog_report rep;
	gchar *text = NULL;
	char **lines, **want_mi, **want_pt, **got_mi, **got_pt;
	char *want_blocks, *got_blocks;
	const char *end;
	struct cmasim *sim;
	int ret;

	assert_true(g_file_get_contents(c->log, &text, NULL, NULL));
	sim = dt_instance(c->dt, c->name, console);
	ret = cmasim_machine_from_log(text, strlen(text), &m, &rep, NULL, NULL);
	if (ret || rep.damaged)
		fail_msg("%s: log import failed (%d, %u damaged lines)", c->name,
			 ret, rep.damaged);
	ret = cmasim_machine_set_dt_file(m, c->dts, 0, NULL, NULL);
	if (ret)
		fail_msg("%s: %s: %d", c->name, c->dts, ret);
	ret = cmasim_boot(sim, m, c->cmdline);
	cmasim_machine_destroy(m);
	if (ret) {
		cmasim_diag_write(sim, to_stderr, NULL);
		fail_msg("%s: boot failed with %d", c->name, ret);
	}

	/* the serial console, up to /init */
	end = strstr(text, "ORACLE-INIT START");
	{
		char *serial = g_strndup(text, end ? (gsize)(end - text) :
						     strlen(text));

		lines = g_strsplit_set(serial, "\r\n", -1);
		g_free(serial);
	}
	for (char **l = lines; *l; l++) {
		const char *msg = strip_ts(g_strchomp(*l));

		if (!strcmp(msg, "Run /init as init process"))
			break;
		if (dt_line(msg))
			g_ptr_array_add(want, g_strdup(msg));
	}
	g_strfreev(lines);
	for (guint i = 0; i < console->len; i++)
		if (dt_line(g_ptr_array_index(console, i)))
			g_ptr_array_add(got, g_strdup(g_ptr_array_index(console, i)));
	diff_lines(diff, "line", want, got);

	want_mi = section(text, "/proc/meminfo");
	want_pt = section(text, "/proc/pagetypeinfo");
	got_mi = proc_lines(sim, "/proc/meminfo");
	got_pt = proc_lines(sim, "/proc/pagetypeinfo");
	assert_non_null(got_mi);
	assert_non_null(got_pt);
	if (cma_total_kb(want_mi) != cma_total_kb(got_mi))
		g_string_append_printf(diff, "#  CmaTotal: kernel %lld kB, cmasim %lld kB\n",
				       cma_total_kb(want_mi), cma_total_kb(got_mi));
	want_blocks = cma_blocks(want_pt);
	got_blocks = cma_blocks(got_pt);
	if (strcmp(want_blocks, got_blocks))
		g_string_append_printf(diff, "#  CMA pageblocks:\n#    kernel: %s\n#    cmasim: %s\n",
				       want_blocks, got_blocks);
	if (cmasim_check(sim))
		g_string_append(diff, "#  cmasim_check(): an invariant is broken after boot\n");
	if (diff->len)
		print_message("# %s differs:\n%s", c->name, diff->str);
	g_strfreev(want_mi);
	g_strfreev(want_pt);
	g_strfreev(got_mi);
	g_strfreev(got_pt);
	g_free(want_blocks);
	g_free(got_blocks);
	g_ptr_array_free(want, TRUE);
	g_ptr_array_free(got, TRUE);
	cmasim_destroy(sim);
	g_ptr_array_free(console, TRUE);
	g_free(text);
	if (diff->len) {
		g_string_free(diff, TRUE);
		fail_msg("%s: differs from the real kernel", c->name);
	}
	g_string_free(diff, TRUE);
}

/* Every capture of each set whose name starts with dt- or mem6g-dt-. */
static void add_dt_captures(GArray *caps, const char *shared)
{
	for (size_t s = 0; s < G_N_ELEMENTS(dt_sets); s++) {
		const struct dt_set *set = &dt_sets[s];
		char *dir = g_build_filename(shared, set->dir, NULL);
		char *tsv = g_build_filename(dir, "scenarios.tsv", NULL);
		gchar *text = NULL;
		char **rows;

		if (!g_file_get_contents(tsv, &text, NULL, NULL))
			goto next;
		rows = g_strsplit(text, "\n", -1);
		for (char **r = rows; *r; r++) {
			char **f = g_strsplit(g_strchomp(*r), "\t", -1);

			if (g_strv_length(f) >= 4 &&
			    (g_str_has_prefix(f[0], "dt-") ||
			     g_str_has_prefix(f[0], "mem6g-dt-"))) {
				struct capture c = {
					.name = g_strdup_printf("%s/%s", set->name, f[0]),
					.log = g_strdup_printf("%s/captures/%s.log", dir, f[0]),
					.cmdline = g_strdup(f[2]),
					.dts = g_build_filename(dir, f[3], NULL),
					.kernel = set->kernel,
					.arm64 = true,
					.dt = set,
				};

				if (g_file_test(c.log, G_FILE_TEST_EXISTS)) {
					g_array_append_val(caps, c);
				} else {
					g_free(c.name);
					g_free(c.log);
					g_free(c.cmdline);
					g_free(c.dts);
				}
			}
			g_strfreev(f);
		}
		g_strfreev(rows);
next:
		g_free(text);
		g_free(tsv);
		g_free(dir);
	}
}

static int count_rmem(const struct cmasim_rmem_info *r, void *data)
{
	(*(unsigned int *)data)++;
	return 0;
}

/*
 * Expect every real board's tree to boot on @c->kernel with the 4K arm64
 * profile, to leave at least one reserved-memory region in the table
 * (each board has a shared-dma-pool), and the checker to pass.
 */
static void test_board(void **state)
{
	const struct capture *c = *state;
	const struct dt_set *set = c->dt;
	struct cmasim *sim = dt_instance(set, c->name, NULL);
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	unsigned int regions = 0;
	int ret;

	assert_non_null(m);
	ret = cmasim_machine_set_dt_file(m, c->dts, 0, NULL, NULL);
	if (ret)
		fail_msg("%s: %d", c->name, ret);
	ret = cmasim_boot(sim, m, NULL);
	cmasim_machine_destroy(m);
	if (ret) {
		cmasim_diag_write(sim, to_stderr, NULL);
		fail_msg("%s: boot failed with %d", c->name, ret);
	}
	assert_int_equal(cmasim_for_each_rmem(sim, count_rmem, &regions), 0);
	if (!regions)
		fail_msg("%s: no reserved-memory region", c->name);
	if (cmasim_check(sim)) {
		cmasim_diag_write(sim, to_stderr, NULL);
		fail_msg("%s: cmasim_check() failed after boot", c->name);
	}
	cmasim_destroy(sim);
}

/* Each .dtb of $CMASIM_SHARED/dtb, booted on 6.1 and on 6.12. */
static void add_boards(GArray *caps, const char *shared)
{
	char *dir = g_build_filename(shared, "dtb", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;

	while (d && (n = g_dir_read_name(d)))
		if (g_str_has_suffix(n, ".dtb"))
			g_ptr_array_add(names, g_strdup(n));
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(names, cmp_name);
	for (guint i = 0; i < names->len; i++) {
		for (size_t s = 0; s < 2; s++) {
			const char *file = g_ptr_array_index(names, i);
			struct capture c = {
				.name = g_strdup_printf("board-%s/%s",
							dt_sets[s].kernel, file),
				.dts = g_build_filename(dir, file, NULL),
				.kernel = dt_sets[s].kernel,
				.arm64 = true,
				.dt = &dt_sets[s],
			};

			g_array_append_val(caps, c);
		}
	}
	g_ptr_array_free(names, TRUE);
	g_free(dir);
}

int main(void)
{
	const char *shared = getenv("CMASIM_SHARED");
	GArray *caps = g_array_new(FALSE, TRUE, sizeof(struct capture));
	struct CMUnitTest *tests;
	size_t n = 0;
	int ret;

	if (shared) {
		add_captures(caps, shared, "oracle", "6.1");
		add_captures(caps, shared, "oracle-612", "6.12");
		for (size_t i = 0; i < G_N_ELEMENTS(arm64_sets); i++)
			add_arm64_captures(caps, shared, &arm64_sets[i]);
		add_dt_captures(caps, shared);
		add_boards(caps, shared);
	}
	if (!caps->len) {
		g_array_free(caps, TRUE);
		/*
		 * The TAP form of exit status 77: meson's TAP protocol turns
		 * any non-zero status into an error, a "1..0 # SKIP" plan
		 * into a skip.
		 */
		printf("1..0 # SKIP no captures under $CMASIM_SHARED\n");
		return 0;
	}
	tests = g_new0(struct CMUnitTest, 3 * caps->len);
	for (guint i = 0; i < caps->len; i++) {
		struct capture *c = &g_array_index(caps, struct capture, i);

		tests[n].name = c->name;
		tests[n].test_func = !c->dt ? test_capture :
				     c->log ? test_dt_capture : test_board;
		tests[n++].initial_state = c;
		/* the device-tree captures and the boards: one way only */
		if (c->dt)
			continue;
		/* built machines: qemu's pc, or its arm64 virt */
		c->name_modelled = g_strdup_printf(c->arm64 ? "%s (virt machine)" :
						   "%s (modelled machine)", c->name);
		tests[n].name = c->name_modelled;
		tests[n].test_func = c->arm64 ? test_capture_virt :
				     test_capture_modelled;
		tests[n++].initial_state = c;
		c->name_nodebug = g_strdup_printf("%s (no memblock=debug)",
						  c->name);
		tests[n].name = c->name_nodebug;
		tests[n].test_func = test_capture_no_memblock_debug;
		tests[n++].initial_state = c;
	}
	ret = _cmocka_run_group_tests("oracle", tests, n, NULL, NULL);
	for (guint i = 0; i < caps->len; i++) {
		struct capture *c = &g_array_index(caps, struct capture, i);

		g_free(c->name_modelled);
		g_free(c->name_nodebug);
		g_free(c->cmdline);
		g_free(c->dts);
		g_free(c->qemu_args);
		g_free(c->name);
		g_free(c->log);
		g_free(c->meta);
	}
	g_free(tests);
	g_array_free(caps, TRUE);
	return ret;
}
