// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a scenario (docs/scenarios.md): a fresh instance configured as
 * the file says, its machine (a qemu pc or virt of the given memory and
 * nodes, a real boot log, or a device tree), the boot, then each step in
 * order, loops unrolled.  Every step becomes a result that keeps what it
 * did: its return value, the kernel lines and diagnostics it produced
 * (the instance's log handler routes them to the step that runs), the
 * text it printed and an expectation's verdict.  Nothing is printed
 * here; the step callback and the results are the front end's.
 *
 * The runner is a client of the public API, as a front end is: it is
 * the only code in the library that creates instances.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include <cmasim/cmasim.h>

#include "core/instance.h"
#include "core/profile.h"
#include "core/trace.h"
#include "workload/scenario.h"

struct run {
	struct cmasim_scenario *sc;
	struct cmasim *sim;
	struct sc_result *cur;		/* the step the log goes to */
	const struct sc_result *prev;	/* the last step not an expect */
	cmasim_scenario_fn fn;
	void *data;
	bool expect_failed, check_failed;
	bool check_each;
};

void sc_result_free(gpointer p)
{
	struct sc_result *r = p;

	g_ptr_array_free(r->dmesg, TRUE);
	g_ptr_array_free(r->diag, TRUE);
	g_free(r->output);
	g_free(r->expect_text);
	g_free((char *)r->pub.text);
	g_free(r);
}

static void log_to_step(enum cmasim_log_channel ch, int level,
			const char *text, void *data)
{
	struct run *run = data;

	(void)level;
	if (run->cur)
		g_ptr_array_add(ch == CMASIM_CHANNEL_DMESG ? run->cur->dmesg :
							     run->cur->diag,
				g_strdup(text));
}

static void diag_to_step(const char *text, void *data)
{
	struct run *run = data;
	char *t = g_strdup(text);

	g_strchomp(t);
	if (run->cur)
		g_ptr_array_add(run->cur->diag, t);
	else
		g_free(t);
}

static struct sc_result *new_result(struct run *run, const struct sc_step *s)
{
	struct sc_result *r = g_new0(struct sc_result, 1);

	r->dmesg = g_ptr_array_new_with_free_func(g_free);
	r->diag = g_ptr_array_new_with_free_func(g_free);
	r->pub.file = run->sc->name;
	r->pub.line = s ? s->line : 0;
	r->pub.text = g_strdup(s ? s->text : "boot");
	r->pub.verb = s ? sc_verb_name(s->verb) : "boot";
	g_ptr_array_add(run->sc->results, r);
	run->cur = r;
	return r;
}

/* Point the result's public arrays at its storage, NULL-terminated. */
static void seal(struct sc_result *r)
{
	r->pub.nr_dmesg = r->dmesg->len;
	r->pub.nr_diag = r->diag->len;
	g_ptr_array_add(r->dmesg, NULL);
	g_ptr_array_set_size(r->dmesg, r->dmesg->len - 1);
	g_ptr_array_add(r->diag, NULL);
	g_ptr_array_set_size(r->diag, r->diag->len - 1);
	r->pub.dmesg = (const char *const *)r->dmesg->pdata;
	r->pub.diag = (const char *const *)r->diag->pdata;
	r->pub.output = r->output;
	r->pub.expect_text = r->expect_text;
}

static const char *key(const struct cmasim_scenario *sc, const char *k)
{
	return cmasim_scenario_get(sc, k);
}

/* An errno as the scenario language writes it: -EBUSY, or the number. */
static char *errno_text(int64_t v)
{
	const char *n = v < 0 && v >= INT32_MIN ? sc_errno_name((int)v) : NULL;

	return n ? g_strdup(n) : g_strdup_printf("%" PRId64, v);
}

/* ---- The machine and the boot ---- */

static bool is_arm64(enum cmasim_arch a)
{
	return a == CMASIM_ARCH_ARM64_4K || a == CMASIM_ARCH_ARM64_16K ||
	       a == CMASIM_ARCH_ARM64_64K;
}

static char *input_path(const struct cmasim_scenario *sc, const char *v)
{
	return g_path_is_absolute(v) ? g_strdup(v) :
				       g_build_filename(sc->base_dir, v, NULL);
}

/* A boot log's machine, read once and kept for later runs. */
static int log_machine(struct run *run)
{
	const char *log = key(run->sc, "machine.boot-log");
	char *path;
	int ret;

	if (!log || run->sc->machine)
		return 0;
	path = input_path(run->sc, log);
	ret = cmasim_machine_from_log_file(path, &run->sc->machine, NULL,
					   diag_to_step, run);
	if (ret)
		g_ptr_array_add(run->cur->diag,
				g_strdup_printf("%s: [machine] boot-log %s: %s", run->sc->name,
						path, ret == -ENODATA ?
						"no memory map found (not a boot log?)" :
						ret == -EBADMSG ?
						"its lines are out of order (see above)" :
						ret == -EFBIG ?
						"no end of boot within its first 16 MiB" :
						g_strerror(-ret)));
	g_free(path);
	return ret;
}

/* The built machine: a device tree's, or a qemu pc (x86) or virt. */
static int built_machine(struct run *run)
{
	struct cmasim_scenario *sc = run->sc;
	enum cmasim_arch arch = cmasim_get_arch(run->sim);
	const char *mem = key(sc, "machine.memory");
	const char *nodes = key(sc, "machine.nodes");
	const char *dtb = key(sc, "machine.dtb");
	uint64_t bytes = UINT64_C(4) << 30;
	unsigned int nr = nodes ? (unsigned int)g_ascii_strtoull(nodes, NULL, 10) : 1;
	int ret;

	if (sc->machine)
		return 0;
	if (mem)
		cmasim_memparse(mem, &bytes, NULL);
	if (dtb) {
		char *path = input_path(sc, dtb);

		sc->machine = cmasim_machine_new(arch);
		ret = sc->machine ? cmasim_machine_set_dt_file(sc->machine, path,
				mem ? bytes : 0, diag_to_step, run) : -ENOMEM;
		g_free(path);
		if (ret) {
			cmasim_machine_destroy(sc->machine);
			sc->machine = NULL;
		}
		return ret;
	}
	if (arch == CMASIM_ARCH_X86_64)
		return cmasim_machine_qemu_pc(bytes, nr, &sc->machine);
	if (is_arm64(arch))
		return cmasim_machine_qemu_virt(bytes, nr, &sc->machine);
	g_ptr_array_add(run->cur->diag,
			g_strdup_printf("%s: [machine] arch %s has no built-in machine: give a boot-log",
					sc->name, cmasim_arch_name(arch)));
	return -EINVAL;
}

/* The instance's configuration from the scenario's keys. */
static int configure(struct run *run, struct cmasim_config *cfg)
{
	struct cmasim_scenario *sc = run->sc;
	const char *arch = key(sc, "machine.arch");
	const char *kernel = key(sc, "machine.kernel");
	const char *seed = key(sc, "scenario.seed");
	const struct cmasim_machine *m = sc->machine;

	if (!arch && m && key(sc, "machine.boot-log"))
		arch = cmasim_arch_name(cmasim_machine_get_arch(m));
	if (!arch && key(sc, "machine.dtb"))
		arch = "arm64";
	if (!kernel && m)
		kernel = cmasim_machine_kernel_version(m);
	if ((arch && cmasim_config_set_arch(cfg, arch)) ||
	    (kernel && cmasim_config_set_kernel(cfg, kernel))) {
		g_ptr_array_add(run->cur->diag,
				g_strdup_printf("%s: [machine]: %s", sc->name,
						cmasim_config_error(cfg)));
		return -EINVAL;
	}
	if (seed)
		cmasim_config_set_seed(cfg, g_ascii_strtoull(seed, NULL, 0));
	for (guint i = 0; i < sc->knobs->len; i++) {
		const char *k = g_ptr_array_index(sc->knobs, i);
		char *full = g_strconcat("kconfig.", k, NULL);
		int ret = cmasim_config_set(cfg, k, key(sc, full));

		g_free(full);
		if (ret == -EOPNOTSUPP) {
			g_ptr_array_add(run->cur->diag,
					g_strdup_printf("%s: [kconfig] %s: not a knob of this arch and kernel: left out",
							sc->name, k));
		} else if (ret) {
			g_ptr_array_add(run->cur->diag,
					g_strdup_printf("%s: [kconfig] %s: %s", sc->name,
							k, cmasim_config_error(cfg)));
			return -EINVAL;
		}
	}
	cmasim_config_set_log_handler(cfg, log_to_step, run);
	return 0;
}

/* The [trace] keys: a file that cannot be written fails the boot step. */
static int set_trace(struct run *run)
{
	const char *ev = key(run->sc, "trace.events");
	const char *file = key(run->sc, "trace.file");

	if (ev) {
		gchar **v = g_strsplit_set(ev, " ,;", -1);

		for (gchar **e = v; *e; e++)
			if (**e)
				cmasim_trace_enable(run->sim, *e, true);
		g_strfreev(v);
	}
	return file ? cmasim_trace_open_file(run->sim, file) : 0;
}

static char *boot_cmdline(struct run *run)
{
	const char *line = key(run->sc, "boot.cmdline");
	const char *more = key(run->sc, "boot.cmdline-append");

	if (!line)
		line = cmasim_machine_cmdline(run->sc->machine);
	if (!line)
		line = "";
	if (!more || !*more)
		return g_strdup(line);
	return *line ? g_strconcat(line, " ", more, NULL) : g_strdup(more);
}

/* Create, configure and boot: the first result. */
static int boot(struct run *run)
{
	struct sc_result *r = new_result(run, NULL);
	struct cmasim_config *cfg = cmasim_config_new();
	char *cmdline;
	int ret;

	ret = cfg ? log_machine(run) : -ENOMEM;
	if (!ret)
		ret = configure(run, cfg);
	if (!ret)
		ret = cmasim_create(cfg, &run->sim);
	cmasim_config_destroy(cfg);
	/* before the boot: the policy sizes the per-cpu lists too */
	if (!ret && run->sc->policy)
		ret = cmasim_set_policy(run->sim, run->sc->policy);
	if (!ret)
		ret = built_machine(run);
	if (!ret)
		ret = set_trace(run);
	if (!ret) {
		cmdline = boot_cmdline(run);
		g_free((char *)r->pub.text);
		r->pub.text = *cmdline ? g_strdup_printf("boot %s", cmdline) :
					 g_strdup("boot");
		ret = cmasim_boot(run->sim, run->sc->machine, cmdline);
		g_free(cmdline);
	}
	r->pub.ret = ret;
	return ret;
}

/* ---- Views ---- */

static void append(const char *text, void *data)
{
	g_string_append(data, text);
}

static int collect_area(const struct cmasim_cma *cma, void *data)
{
	g_ptr_array_add(data, (gpointer)cma);
	return 0;
}

/* The instance's CMA areas, in declaration order (borrowed). */
static GPtrArray *areas(const struct cmasim *sim)
{
	GPtrArray *v = g_ptr_array_new();

	cmasim_cma_for_each_area(sim, collect_area, v);
	return v;
}

/* Pages of [pfn, pfn + n) inside @cma. */
static uint64_t overlap(const struct cmasim_cma *cma, uint64_t pfn, uint64_t n)
{
	uint64_t s = cmasim_cma_get_base_pfn(cma);
	uint64_t e = s + cmasim_cma_get_count(cma);
	uint64_t lo = MAX(s, pfn), hi = MIN(e, pfn + n);

	return hi > lo ? hi - lo : 0;
}

struct where {
	struct cmasim *sim;
	GPtrArray *areas;
	uint64_t *per_zone, *per_area;
	unsigned int nz;
	GString *pinned;		/* if not NULL: the pinned blocks */
	unsigned int nr_pinned_shown;
};

static int count_block(const struct cmasim_workload_block *b, void *data)
{
	struct where *w = data;
	int z = cmasim_pfn_to_zone(w->sim, b->pfn);

	/* the first pinned blocks, by pfn and area: what blocks migration */
	if (b->pinned && w->pinned && w->nr_pinned_shown++ < 8) {
		g_string_append_printf(w->pinned, "  pinned: pfn 0x%" PRIx64 " (order %u)",
				       (uint64_t)b->pfn, b->order);
		for (guint k = 0; k < w->areas->len; k++)
			if (overlap(g_ptr_array_index(w->areas, k), b->pfn,
				    b->nr_pages))
				g_string_append_printf(w->pinned, ", in CMA area %s",
						       cmasim_cma_get_name(g_ptr_array_index(w->areas, k)));
		g_string_append(w->pinned, "\n");
	}

	w->per_zone[z >= 0 ? (unsigned int)z : w->nz] += b->nr_pages;
	for (guint k = 0; k < w->areas->len; k++)
		w->per_area[k] += overlap(g_ptr_array_index(w->areas, k),
					  b->pfn, b->nr_pages);
	return 0;
}

/* A named allocation: what it is, then its pages per zone and area. */
static void describe_alloc(struct cmasim *sim, const char *name, GString *o)
{
	static const char *const kinds[] = { "pages", "cma_alloc ranges",
					     "DMA buffers" };
	static const char *const owners[] = { "anon", "clean-cache",
					      "dirty-cache", "kernel" };
	struct cmasim_workload_info info;
	struct where w = { .sim = sim, .nz = cmasim_zone_count(sim) };

	w.per_zone = g_new0(uint64_t, w.nz + 1);
	w.areas = areas(sim);
	w.per_area = g_new0(uint64_t, w.areas->len + 1);
	if (cmasim_workload_get_info(sim, name, &info)) {
		g_string_append_printf(o, "%s: no such allocation\n", name);
		goto out;
	}
	g_string_append_printf(o, "%s: %s, %" PRIu64 " blocks, %" PRIu64 " pages",
			       name, kinds[info.kind], info.nr_blocks,
			       info.nr_pages);
	if (info.kind == CMASIM_WORKLOAD_PAGES)
		g_string_append_printf(o, ", owner %s %u, %" PRIu64 " pinned, %" PRIu64 " migrated, %" PRIu64 " dropped",
				       owners[info.owner], info.owner_handle,
				       info.nr_pinned, info.migrated,
				       info.dropped);
	g_string_append(o, "\n");
	w.pinned = g_string_new(NULL);
	cmasim_workload_for_each_block(sim, name, count_block, &w);
	for (unsigned int z = 0; z < w.nz; z++) {
		struct cmasim_zone_info zi;

		if (w.per_zone[z] && !cmasim_zone_get(sim, z, &zi))
			g_string_append_printf(o, "  node %d zone %s: %" PRIu64 " pages\n",
					       zi.nid, zi.name, w.per_zone[z]);
	}
	for (guint k = 0; k < w.areas->len; k++)
		if (w.per_area[k])
			g_string_append_printf(o, "  in CMA area %s: %" PRIu64 " pages\n",
					       cmasim_cma_get_name(g_ptr_array_index(w.areas, k)),
					       w.per_area[k]);
	g_string_append(o, w.pinned->str);
	if (w.nr_pinned_shown > 8)
		g_string_append_printf(o, "  pinned: %u more\n",
				       w.nr_pinned_shown - 8);
	g_string_free(w.pinned, TRUE);
out:
	g_ptr_array_free(w.areas, TRUE);
	g_free(w.per_zone);
	g_free(w.per_area);
}

static int describe_one(const char *name, void *data)
{
	void **d = data;

	describe_alloc(d[0], name, d[1]);
	return 0;
}

static const struct {
	const char *view, *path, *section;
} proc_views[] = {
	{ "meminfo", "/proc/meminfo", "PROC_MEMINFO" },
	{ "buddyinfo", "/proc/buddyinfo", "PROC_BUDDYINFO" },
	{ "pagetypeinfo", "/proc/pagetypeinfo", "PROC_PAGETYPEINFO" },
	{ "zoneinfo", "/proc/zoneinfo", "PROC_ZONEINFO" },
	{ "vmstat", "/proc/vmstat", "PROC_VMSTAT" },
};

/* One view of a print step into @o: 0 or the read's error. */
static int view(struct cmasim *sim, const char *v, GString *o)
{
	void *d[2] = { sim, o };

	for (unsigned int i = 0; i < G_N_ELEMENTS(proc_views); i++)
		if (!strcmp(v, proc_views[i].view))
			v = proc_views[i].path;
	if (!strcmp(v, "dmesg")) {
		cmasim_dmesg_write(sim, append, o);
		return 0;
	}
	if (!strcmp(v, "allocs")) {
		cmasim_workload_for_each(sim, describe_one, d);
		return 0;
	}
	if (!strncmp(v, "alloc ", 6)) {
		describe_alloc(sim, v + 6, o);
		return 0;
	}
	return cmasim_file_read(sim, v, append, o);
}

static const struct {
	const char *dir, *file;
} area_files[] = {
	{ "/sys/kernel/debug/cma/", "count" },
	{ "/sys/kernel/debug/cma/", "used" },
	{ "/sys/kernel/debug/cma/", "maxchunk" },
	{ "/sys/kernel/mm/cma/", "alloc_pages_success" },
	{ "/sys/kernel/mm/cma/", "alloc_pages_fail" },
	{ "/sys/kernel/mm/cma/", "release_pages_success" },
};

/* A snapshot: every /proc view, every area's files, the allocations. */
static void snapshot(struct cmasim *sim, GString *o)
{
	GPtrArray *as = areas(sim);
	void *d[2] = { sim, o };
	uint64_t hash = 0;

	for (unsigned int i = 0; i < G_N_ELEMENTS(proc_views); i++) {
		g_string_append_printf(o, "@@@@@ BEGIN %s @@@@@\n",
				       proc_views[i].section);
		cmasim_file_read(sim, proc_views[i].path, append, o);
		g_string_append_printf(o, "@@@@@ END %s @@@@@\n",
				       proc_views[i].section);
	}
	g_string_append(o, "@@@@@ BEGIN CMA_AREAS @@@@@\n");
	for (guint k = 0; k < as->len; k++)
		for (unsigned int f = 0; f < G_N_ELEMENTS(area_files); f++) {
			const char *name = cmasim_cma_get_name(g_ptr_array_index(as, k));
			char *path = g_strconcat(area_files[f].dir, name, "/",
						 area_files[f].file, NULL);
			GString *t = g_string_new(NULL);

			if (!cmasim_file_read(sim, path, append, t))
				g_string_append_printf(o, "%s: %s", path, t->str);
			g_string_free(t, TRUE);
			g_free(path);
		}
	g_string_append(o, "@@@@@ END CMA_AREAS @@@@@\n");
	g_string_append(o, "@@@@@ BEGIN WORKLOAD @@@@@\n");
	cmasim_workload_for_each(sim, describe_one, d);
	cmasim_state_hash(sim, &hash);
	g_string_append_printf(o, "state hash: %016" PRIx64 "\n", hash);
	g_string_append(o, "@@@@@ END WORKLOAD @@@@@\n");
	g_ptr_array_free(as, TRUE);
}

/* ---- Steps ---- */

static bool guard_matches(const struct cmasim *sim, const char *g)
{
	int k = cms_kernel_parse(g), a;

	if (k >= 0)
		return (enum cmasim_kernel)k == cmasim_get_kernel(sim);
	if (!strcmp(g, "arm64"))
		return is_arm64(cmasim_get_arch(sim));
	a = cms_arch_parse(g);
	return (enum cmasim_arch)a == cmasim_get_arch(sim);
}

static void say(struct sc_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A diagnostic of the runner's own, in the step's list. */
static void say(struct sc_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(r->diag, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* The step's gfp: gfp= read for this kernel, type=, or the default. */
static int step_gfp(struct run *run, const struct sc_step *s,
		    unsigned int *gfp)
{
	const struct cms_version_profile *v =
		cms_version_profile(cmasim_get_kernel(run->sim));

	*gfp = s->gfp;
	if (!s->gfp_text)
		return 0;
	if (cms_trace_gfp_parse(v->has_gfp_atomic, s->gfp_text, gfp, NULL)) {
		say(run->cur, "client bug: %s: gfp=%s: a flag this kernel does not have",
		    sc_verb_name(s->verb), s->gfp_text);
		return -EINVAL;
	}
	return 0;
}

/* The zone slot called @zone on node @nid (-1: the first that has it). */
static int zone_by_name(struct cmasim *sim, const char *zone, int nid)
{
	for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
		struct cmasim_zone_info zi;

		if (!cmasim_zone_get(sim, i, &zi) && !strcmp(zi.name, zone) &&
		    (nid < 0 || zi.nid == nid) && zi.spanned)
			return (int)i;
	}
	return -1;
}

/* The highest zone slot with managed pages on @nid (-1: node 0). */
static int top_zone(struct cmasim *sim, int nid)
{
	int best = -1;

	for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
		struct cmasim_zone_info zi;

		if (!cmasim_zone_get(sim, i, &zi) && zi.managed &&
		    zi.nid == (nid < 0 ? 0 : nid))
			best = (int)i;
	}
	return best;
}

static struct cmasim_cma *find_area(struct run *run, const struct sc_step *s,
				    const char *name)
{
	struct cmasim_cma *c = cmasim_cma_find(run->sim, name);

	if (!c) {
		GPtrArray *as = areas(run->sim);
		GString *names = g_string_new(NULL);

		for (guint k = 0; k < as->len; k++)
			g_string_append_printf(names, "%s%s", k ? ", " : "",
					       cmasim_cma_get_name(g_ptr_array_index(as, k)));
		say(run->cur, "client bug: %s: no CMA area \"%s\" (the areas: %s)",
		    sc_verb_name(s->verb), name, as->len ? names->str : "none");
		g_string_free(names, TRUE);
		g_ptr_array_free(as, TRUE);
	}
	return c;
}

/* free, cma_release, dma_free: the allocation must be of the verb's kind */
static int free_step(struct run *run, const struct sc_step *s, uint64_t *done)
{
	struct cmasim_workload_info info;

	if ((s->verb == SC_CMA_RELEASE || s->verb == SC_DMA_FREE) &&
	    !cmasim_workload_get_info(run->sim, s->name, &info) &&
	    info.kind != (s->verb == SC_CMA_RELEASE ? CMASIM_WORKLOAD_CMA :
						      CMASIM_WORKLOAD_DMA)) {
		say(run->cur, "client bug: %s: \"%s\" holds no %s", sc_verb_name(s->verb),
		    s->name, s->verb == SC_CMA_RELEASE ? "cma_alloc ranges" :
		    "DMA buffers");
		return -EINVAL;
	}
	return cmasim_workload_free(run->sim, s->name, s->count, s->pick, done);
}

static int device_step(struct run *run, const struct sc_step *s)
{
	struct cmasim_device *dev;
	struct cmasim_cma *c = NULL;
	int ret;

	if (s->area && !(c = find_area(run, s, s->area)))
		return -ENOENT;
	ret = cmasim_device_create(run->sim, s->name, s->nid, &dev);
	if (!ret && (s->mask_bits || s->coherent_bits)) {
		int m = s->mask_bits ? s->mask_bits : 32;
		int cm = s->coherent_bits ? s->coherent_bits : m;

		ret = cmasim_device_set_masks(run->sim, dev,
				m >= 64 ? UINT64_MAX : (UINT64_C(1) << m) - 1,
				cm >= 64 ? UINT64_MAX : (UINT64_C(1) << cm) - 1);
	}
	if (!ret && c)
		ret = cmasim_device_set_cma_area(run->sim, dev, c);
	return ret;
}

static int dma_step(struct run *run, const struct sc_step *s, uint64_t *done)
{
	struct cmasim_device *dev = cmasim_device_find(run->sim, s->dev);
	unsigned int flags = (s->nowarn ? CMASIM_DMA_NOWARN : 0) |
			     (s->atomic ? CMASIM_DMA_ATOMIC : 0);
	int ret = 0;

	if (!dev) {
		say(run->cur, "client bug: dma_alloc: no device \"%s\" (make it with a device step)",
		    s->dev);
		return -ENOENT;
	}
	*done = 0;
	for (uint64_t i = 0; i < s->count && !ret; i++) {
		ret = cmasim_workload_dma_alloc(run->sim, s->name, dev, s->size,
						flags);
		*done += !ret;
	}
	return ret;
}

static int fragment_step(struct run *run, const struct sc_step *s,
			 uint64_t *done)
{
	struct cmasim_workload_fragment f = s->frag;
	int ret = step_gfp(run, s, &f.gfp);

	if (ret)
		return ret;
	if (s->zone) {
		f.zone = zone_by_name(run->sim, s->zone, f.nid);
		if (f.zone < 0) {
			say(run->cur, "client bug: fragment: no zone %s%s", s->zone,
			    f.nid < 0 ? "" : " on that node");
			return -ENOENT;
		}
	}
	return cmasim_workload_fragment(run->sim, s->name, &f, done);
}

static int print_step(struct run *run, const struct sc_step *s, GString *o)
{
	int ret = 0;

	for (guint i = 0; i < s->views->len; i++) {
		int r = view(run->sim, g_ptr_array_index(s->views, i), o);

		if (r) {
			char *e = errno_text(r);

			g_string_append_printf(o, "%s: error %s\n",
					       (const char *)g_ptr_array_index(s->views, i), e);
			g_free(e);
			if (!ret)
				ret = r;
		}
	}
	return ret;
}

static int snapshot_step(struct run *run, const struct sc_step *s, GString *o)
{
	GString *t = g_string_new(NULL);
	GError *gerr = NULL;
	int ret = 0;

	snapshot(run->sim, t);
	if (!g_file_set_contents(s->name, t->str, (gssize)t->len, &gerr)) {
		say(run->cur, "snapshot %s: %s", s->name, gerr->message);
		g_error_free(gerr);
		ret = -EIO;
	} else {
		g_string_append_printf(o, "snapshot written to %s (%zu bytes)\n",
				       s->name, t->len);
	}
	g_string_free(t, TRUE);
	return ret;
}

/* ---- Expectations ---- */

static bool compare(enum sc_op op, int64_t got, int64_t want)
{
	switch (op) {
	case OP_EQ: return got == want;
	case OP_NE: return got != want;
	case OP_LT: return got < want;
	case OP_LE: return got <= want;
	case OP_GT: return got > want;
	case OP_GE: return got >= want;
	default: return false;
	}
}

/* Whether some line of @lines contains @needle. */
static bool lines_contain(GPtrArray *lines, const char *needle)
{
	for (guint i = 0; i < lines->len; i++)
		if (strstr(g_ptr_array_index(lines, i), needle))
			return true;
	return false;
}

/* Evaluate @s's expectation: true if it holds; *@verdict says what was
 * seen. */
static bool expect(struct run *run, const struct sc_step *s, char **verdict)
{
	const struct sc_expect *x = &s->ex;
	const struct sc_result *p = run->prev;
	struct cmasim *sim = run->sim;
	struct cmasim_workload_info info = { 0 };
	int64_t got = 0, want = x->num;
	const char *subject = s->text + strlen("expect ");
	char *gtext = NULL;
	bool ok;

	if (x->bytes)
		want = (int64_t)((uint64_t)want / cmasim_page_size(sim));
	switch (x->what) {
	case EX_RET:
		got = p->pub.ret;
		gtext = errno_text(got);
		break;
	case EX_VALUE:
		got = (int64_t)p->pub.value;
		break;
	case EX_STAT: {
		uint64_t v = 0;

		if (cmasim_stat_get(sim, x->arg, &v)) {
			*verdict = g_strdup_printf("%s: no vmstat counter %s",
						   subject, x->arg);
			return false;
		}
		got = (int64_t)v;
		break;
	}
	case EX_FREE:
	case EX_UNUSABLE: {
		int zone = -1;

		if (x->zone)
			zone = zone_by_name(sim, x->zone, x->nid);
		else if (x->what == EX_UNUSABLE)
			zone = top_zone(sim, x->nid);
		if ((x->zone || x->what == EX_UNUSABLE) && zone < 0) {
			*verdict = g_strdup_printf("%s: no such zone", subject);
			return false;
		}
		if (x->what == EX_UNUSABLE) {
			unsigned int milli = 0;

			cmasim_zone_unusable_index(sim, (unsigned int)zone,
						   x->order, &milli);
			got = milli;
			gtext = g_strdup_printf("%u.%03u", milli / 1000,
						milli % 1000);
			break;
		}
		for (unsigned int i = 0; i < cmasim_zone_count(sim); i++) {
			struct cmasim_zone_info zi;

			if (!cmasim_zone_get(sim, i, &zi) &&
			    (zone < 0 || (int)i == zone) &&
			    (x->nid < 0 || zi.nid == x->nid))
				got += (int64_t)zi.free;
		}
		gtext = g_strdup_printf("%" PRId64 " pages", got);
		break;
	}
	case EX_FILE: {
		GString *t = g_string_new(NULL);
		int r = cmasim_file_read(sim, x->arg, append, t);

		g_strchomp(t->str);
		if (r) {
			char *e = errno_text(r);

			*verdict = g_strdup_printf("%s: cannot read it (%s)",
						   subject, e);
			g_free(e);
			g_string_free(t, TRUE);
			return false;
		}
		if (x->op == OP_CONTAINS || x->op == OP_LACKS) {
			ok = (strstr(t->str, x->str) != NULL) == (x->op == OP_CONTAINS);
		} else if (x->numeric) {
			int64_t n;

			if (!sc_parse_s64(t->str, &n)) {
				*verdict = g_strdup_printf("%s: got \"%s\", not a number",
							   subject, t->str);
				g_string_free(t, TRUE);
				return false;
			}
			ok = compare(x->op, n, x->num);
		} else {
			ok = !strcmp(t->str, x->str) == (x->op == OP_EQ);
		}
		*verdict = g_strdup_printf("%s: got \"%s\"", subject, t->str);
		g_string_free(t, TRUE);
		return ok;
	}
	case EX_LOG:
	case EX_DIAG:
		ok = lines_contain(x->what == EX_LOG ? p->dmesg : p->diag, x->str) ==
		     (x->op == OP_CONTAINS);
		*verdict = g_strdup_printf("%s: %s", subject,
					   ok ? "holds" : x->op == OP_CONTAINS ?
					   "no line of the step before has it" :
					   "a line of the step before has it");
		return ok;
	case EX_BLOCKS:
	case EX_PAGES:
	case EX_PINNED:
	case EX_MIGRATED:
	case EX_DROPPED:
		cmasim_workload_get_info(sim, x->arg, &info);
		got = (int64_t)(x->what == EX_BLOCKS ? info.nr_blocks :
				x->what == EX_PINNED ? info.nr_pinned :
				x->what == EX_MIGRATED ? info.migrated :
				x->what == EX_DROPPED ? info.dropped :
				info.nr_pages);
		if (x->what == EX_PAGES && x->area) {
			struct where w = { .sim = sim, .nz = cmasim_zone_count(sim) };
			uint64_t in = 0;

			if (!cmasim_cma_find(sim, x->area)) {
				*verdict = g_strdup_printf("%s: no CMA area %s",
							   subject, x->area);
				return false;
			}
			w.per_zone = g_new0(uint64_t, w.nz + 1);
			w.areas = g_ptr_array_new();
			g_ptr_array_add(w.areas, cmasim_cma_find(sim, x->area));
			w.per_area = &in;
			cmasim_workload_for_each_block(sim, x->arg, count_block, &w);
			g_ptr_array_free(w.areas, TRUE);
			g_free(w.per_zone);
			got = (int64_t)in;
		}
		break;
	default:
		break;
	}
	ok = compare(x->op, got, want);
	if (!gtext)
		gtext = g_strdup_printf("%" PRId64, got);
	*verdict = g_strdup_printf("%s: got %s", subject, gtext);
	g_free(gtext);
	return ok;
}

/* Run one step into the current result. */
static void exec_step(struct run *run, const struct sc_step *s)
{
	struct sc_result *r = run->cur;
	struct cmasim *sim = run->sim;
	GString *o = g_string_new(NULL);
	uint64_t done = 0;
	unsigned int gfp;
	int ret = 0;

	switch (s->verb) {
	case SC_ALLOC:
		ret = step_gfp(run, s, &gfp);
		if (!ret)
			ret = cmasim_workload_alloc(sim, s->name, s->owner, gfp,
						    s->order, s->nid, s->count,
						    &done);
		break;
	case SC_FREE:
	case SC_CMA_RELEASE:
	case SC_DMA_FREE:
		ret = free_step(run, s, &done);
		break;
	case SC_PIN:
		ret = cmasim_workload_pin(sim, s->name, s->count, s->pick, &done);
		break;
	case SC_UNPIN:
		ret = cmasim_workload_unpin(sim, s->name, s->count, s->pick,
					    &done);
		break;
	case SC_CACHE:
		ret = cmasim_workload_set_owner(sim, s->name, s->owner);
		break;
	case SC_RANDOM:
		ret = cmasim_workload_random(sim, s->name, &s->rnd, &done);
		break;
	case SC_FRAGMENT:
		ret = fragment_step(run, s, &done);
		break;
	case SC_CMA_ALLOC: {
		struct cmasim_cma *c = find_area(run, s, s->area);
		uint64_t count = s->size_given ?
			(s->size + cmasim_page_size(sim) - 1) / cmasim_page_size(sim) :
			s->count;

		ret = c ? cmasim_workload_cma_alloc(sim, s->name, c, count,
						    s->align, s->nowarn) :
			  -ENOENT;
		if (!ret)
			done = count;
		break;
	}
	case SC_DEVICE:
		ret = device_step(run, s);
		break;
	case SC_DMA_ALLOC:
		ret = dma_step(run, s, &done);
		break;
	case SC_DRAIN:
		ret = cmasim_drain_all_pages(sim);
		break;
	case SC_MIGRATE_FAILURE:
		ret = cmasim_migrate_set_failure_rate(sim, s->ppm);
		break;
	case SC_SYSCTL:
		if (s->sysctl_min_free_kbytes >= 0)
			ret = cmasim_set_min_free_kbytes(sim,
							 s->sysctl_min_free_kbytes);
		if (!ret && s->sysctl_wsf >= 0)
			ret = cmasim_set_watermark_scale_factor(sim, s->sysctl_wsf);
		break;
	case SC_READ:
		ret = cmasim_file_read(sim, s->name, append, o);
		break;
	case SC_WRITE:
		ret = cmasim_file_write(sim, s->name, s->value);
		break;
	case SC_PRINT:
		ret = print_step(run, s, o);
		break;
	case SC_NOTE:
		g_string_append_printf(o, "%s\n", s->name);
		break;
	case SC_SNAPSHOT:
		ret = snapshot_step(run, s, o);
		break;
	case SC_TRACE:
		ret = cmasim_trace_enable(sim, s->name, s->on);
		break;
	case SC_CHECK:
		ret = cmasim_check(sim);
		break;
	case SC_EXPECT: {
		bool ok = expect(run, s, &r->expect_text);

		r->pub.expect = ok ? CMASIM_EXPECT_PASSED : CMASIM_EXPECT_FAILED;
		if (!ok) {
			run->expect_failed = true;
			ret = -EDOM;
		}
		break;
	}
	default:
		break;
	}
	r->pub.ret = ret;
	r->pub.value = done;
	if (o->len)
		r->output = g_string_free(o, FALSE);
	else
		g_string_free(o, TRUE);
}

/* Seal the current result, check the instance, tell the front end. */
static int finish(struct run *run, bool check)
{
	struct sc_result *r = run->cur;
	int ret = 0;

	if (check && run->sim && !r->pub.skipped && cmasim_check(run->sim)) {
		r->pub.check = -EUCLEAN;
		run->check_failed = true;
	}
	seal(r);
	if (run->fn)
		ret = run->fn(run->sim, &r->pub, run->data);
	if (r->pub.verb != sc_verb_name(SC_EXPECT) && !r->pub.skipped)
		run->prev = r;
	return ret;
}

/* Run the steps, loops unrolled; 0 or the callback's value. */
static int steps(struct run *run)
{
	struct cmasim_scenario *sc = run->sc;
	guint loop_at[16];
	uint64_t left[16];
	int depth = 0, ret = 0;

	for (guint pc = 0; pc < sc->steps->len && !ret;) {
		const struct sc_step *s = g_ptr_array_index(sc->steps, pc);

		if (s->verb == SC_LOOP) {
			loop_at[depth] = pc;
			left[depth++] = s->loop_count;
			pc++;
			continue;
		}
		if (s->verb == SC_END) {
			if (--left[depth - 1]) {
				pc = loop_at[depth - 1] + 1;
			} else {
				depth--;
				pc++;
			}
			continue;
		}
		new_result(run, s);
		if (s->guard && !guard_matches(run->sim, s->guard))
			run->cur->pub.skipped = true;
		else
			exec_step(run, s);
		ret = finish(run, run->check_each);
		pc++;
	}
	return ret;
}

int cmasim_scenario_run(struct cmasim_scenario *sc, cmasim_scenario_fn fn,
			void *data, struct cmasim **out_sim)
{
	struct run run = { .sc = sc, .fn = fn, .data = data };
	const char *check;
	int ret, cb;

	if (!sc)
		return -EINVAL;
	check = key(sc, "scenario.check");
	run.check_each = !check || !strcmp(check, "step");
	g_ptr_array_set_size(sc->results, 0);
	ret = boot(&run);
	run.prev = run.cur;
	cb = finish(&run, false);
	if (!ret && !cb) {
		cb = steps(&run);
		if (!cb && check && !strcmp(check, "end") &&
		    cmasim_check(run.sim)) {
			run.check_failed = true;
			run.cur->pub.check = -EUCLEAN;
		}
	}
	if (run.sim) {
		cmasim_trace_close_file(run.sim);
		/* the handler's data is this run: the instance outlives it */
		run.sim->log_fn = NULL;
		run.sim->log_data = NULL;
	}
	run.cur = NULL;
	if (out_sim)
		*out_sim = run.sim;
	else
		cmasim_destroy(run.sim);
	if (ret)
		return ret;
	if (cb)
		return cb;
	if (run.check_failed)
		return -EUCLEAN;
	return run.expect_failed ? -EDOM : 0;
}
