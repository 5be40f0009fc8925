// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replays the CMA_EXERCISE section of every real capture in
 * $CMASIM_SHARED/oracle{,-612}/captures/: the writes to debugfs `alloc`/`free`
 * of each area, comparing after every step what the capture read back
 * (used, maxchunk, the first eight u32 words of bitmap) and at the end
 * the sysfs page counters.  Exits 77 (skip) without $CMASIM_SHARED.
 *
 * The area is rebuilt from the capture itself: geometry from the AREA
 * line, the bitmap from STATE[initial] (its first 256 bits, accepted
 * when their weight equals `used`, which holds for every capture: the
 * boot-time atomic pools sit at the start), the counters from the
 * SYS_KERNEL_MM_CMA section.
 * Each area is replayed twice: on that rebuilt area (an instance whose
 * memory is the area alone, its initial bits allocated through
 * cma_alloc), and on a machine booted from the capture's own log and
 * command line (what `cmasim boot --from-log` does), whose boot must
 * already have left the capture's initial state (the DMA atomic pools'
 * bits and counters).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"

#define HEAD_WORDS 8

struct ex_state {
	uint64_t used, maxchunk;
	uint32_t head[HEAD_WORDS];
};

struct ex_op {
	char op[8];
	char val[32];
	bool ok;
	struct ex_state after;
};

struct ex_area {
	char name[64];
	uint64_t base_pfn, count;
	unsigned int order_per_bit;
	struct ex_state initial;
	GArray *ops;			/* struct ex_op */
	bool have_sysfs;
	uint64_t sysfs_success, sysfs_fail;
	/* counters before the exercise (SYS_KERNEL_MM_CMA) */
	uint64_t pre_success, pre_fail, pre_release;
};

struct capture {
	char *path;
	bool v61;
	GPtrArray *areas;		/* struct ex_area * */
};

static bool parse_state(const char *line, struct ex_state *st)
{
	const char *p = strstr(line, "] used=");
	char *end;

	if (!p)
		return false;
	st->used = strtoull(p + 7, &end, 10);
	p = strstr(end, "maxchunk=");
	if (!p)
		return false;
	st->maxchunk = strtoull(p + 9, &end, 10);
	p = strstr(end, "bitmap_head=");
	if (!p)
		return false;
	p += 12;
	for (int i = 0; i < HEAD_WORDS; i++) {
		st->head[i] = (uint32_t)strtoul(p, &end, 10);
		if (end == p)
			return false;
		p = end;
	}
	return true;
}

static void area_free(gpointer p)
{
	struct ex_area *a = p;

	g_array_free(a->ops, TRUE);
	g_free(a);
}

static struct ex_area *find_area(struct capture *c, const char *name)
{
	for (unsigned int i = 0; i < c->areas->len; i++) {
		struct ex_area *a = g_ptr_array_index(c->areas, i);

		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

/* Parse @path; returns false with a message on a malformed section. */
static bool parse_capture(struct capture *c)
{
	gchar *text = NULL, **lines;
	enum { NONE, SYSFS, EXERCISE } sect = NONE;
	struct ex_area *cur = NULL;
	bool ok = true;

	if (!g_file_get_contents(c->path, &text, NULL, NULL))
		return false;
	lines = g_strsplit(text, "\n", -1);
	g_free(text);
	c->areas = g_ptr_array_new_with_free_func(area_free);
	for (gchar **l = lines; *l; l++) {
		char *line = g_strchomp(g_strdelimit(*l, "\r", ' '));
		char name[64], file[64];
		unsigned long long v;

		if (strstr(line, "Linux version 6.1."))
			c->v61 = true;
		if (!strcmp(line, "@@@@@ BEGIN SYS_KERNEL_MM_CMA @@@@@"))
			sect = SYSFS;
		else if (!strcmp(line, "@@@@@ BEGIN CMA_EXERCISE @@@@@"))
			sect = EXERCISE;
		else if (g_str_has_prefix(line, "@@@@@ END"))
			sect = NONE;
		else if (sect == SYSFS &&
			 sscanf(line, "/sys/kernel/mm/cma/%63[^/]/%63[^:]: %llu",
				name, file, &v) == 3) {
			struct ex_area *a = find_area(c, name);

			if (!a) {
				a = g_new0(struct ex_area, 1);
				g_strlcpy(a->name, name, sizeof(a->name));
				a->ops = g_array_new(FALSE, TRUE, sizeof(struct ex_op));
				g_ptr_array_add(c->areas, a);
			}
			if (!strcmp(file, "alloc_pages_success"))
				a->pre_success = v;
			else if (!strcmp(file, "alloc_pages_fail"))
				a->pre_fail = v;
			else if (!strcmp(file, "release_pages_success"))
				a->pre_release = v;
		} else if (sect == EXERCISE && g_str_has_prefix(line, "AREA ")) {
			unsigned long long base, count;
			unsigned int opb;

			if (sscanf(line, "AREA %63s base_pfn=%llu count=%llu order_per_bit=%u",
				   name, &base, &count, &opb) != 4) {
				ok = false;
				break;
			}
			cur = find_area(c, name);
			if (!cur) {
				cur = g_new0(struct ex_area, 1);
				g_strlcpy(cur->name, name, sizeof(cur->name));
				cur->ops = g_array_new(FALSE, TRUE, sizeof(struct ex_op));
				g_ptr_array_add(c->areas, cur);
			}
			cur->base_pfn = base;
			cur->count = count;
			cur->order_per_bit = opb;
		} else if (sect == EXERCISE && cur &&
			   g_str_has_prefix(line, "STATE[initial]")) {
			ok = parse_state(line, &cur->initial);
		} else if (sect == EXERCISE && cur && g_str_has_prefix(line, "OP ")) {
			struct ex_op op = { 0 };
			char res[8];

			if (sscanf(line, "OP %7s %31s -> %7s", op.op, op.val, res) != 3) {
				ok = false;
				break;
			}
			op.ok = !strcmp(res, "OK");
			g_array_append_val(cur->ops, op);
		} else if (sect == EXERCISE && cur && g_str_has_prefix(line, "STATE[after")) {
			if (!cur->ops->len) {
				ok = false;
				break;
			}
			ok = parse_state(line, &g_array_index(cur->ops, struct ex_op,
							      cur->ops->len - 1).after);
		} else if (sect == EXERCISE && cur && g_str_has_prefix(line, "SYSFS ")) {
			unsigned long long s, f;

			if (sscanf(line, "SYSFS %63[^:]: success=%llu fail=%llu",
				   name, &s, &f) != 3 || strcmp(name, cur->name)) {
				ok = false;
				break;
			}
			cur->have_sysfs = true;
			cur->sysfs_success = s;
			cur->sysfs_fail = f;
		}
		if (!ok)
			break;
	}
	g_strfreev(lines);
	return ok;
}

static void cat(const char *text, void *data)
{
	g_string_append(data, text);
}

/* Read /sys/kernel/<dir>/<area>/<file> as a number. */
static uint64_t read_num(struct cmasim *sim, const char *dir, const char *name,
			 const char *file)
{
	GString *s = g_string_new(NULL);
	char *path = g_strdup_printf("/sys/kernel/%s/%s/%s", dir, name, file);
	uint64_t v;

	assert_int_equal(cmasim_file_read(sim, path, cat, s), 0);
	v = strtoull(s->str, NULL, 10);
	g_free(path);
	g_string_free(s, TRUE);
	return v;
}

static void read_head(struct cmasim *sim, const char *name,
		      uint32_t head[HEAD_WORDS])
{
	GString *s = g_string_new(NULL);
	char *path = g_strdup_printf("/sys/kernel/debug/cma/%s/bitmap", name);
	char *p;

	assert_int_equal(cmasim_file_read(sim, path, cat, s), 0);
	p = s->str;
	for (int i = 0; i < HEAD_WORDS; i++) {
		char *end;

		head[i] = (uint32_t)strtoul(p, &end, 10);
		if (end == p)	/* shorter bitmaps: the capture shows 0 */
			head[i] = 0;
		p = end;
	}
	g_free(path);
	g_string_free(s, TRUE);
}

static void check_state(struct cmasim *sim, const struct capture *c,
			const struct ex_area *a, size_t step,
			const struct ex_state *want)
{
	uint64_t used = read_num(sim, "debug/cma", a->name, "used");
	uint64_t maxchunk = read_num(sim, "debug/cma", a->name, "maxchunk");
	uint32_t head[HEAD_WORDS];

	read_head(sim, a->name, head);
	if (used != want->used || maxchunk != want->maxchunk ||
	    memcmp(head, want->head, sizeof(head)))
		fail_msg("%s: area %s step %zu: used %llu maxchunk %llu head[2] %u, capture says %llu %llu %u",
			 c->path, a->name, step, (unsigned long long)used,
			 (unsigned long long)maxchunk, head[2],
			 (unsigned long long)want->used,
			 (unsigned long long)want->maxchunk, want->head[2]);
}

struct ex_filler {
	cmasim_pfn_t pfn;
	uint64_t count;
};

static bool head_bit(const struct ex_area *a, uint64_t bit)
{
	return bit < HEAD_WORDS * 32 &&
	       ((a->initial.head[bit / 32] >> (bit % 32)) & 1u);
}

/*
 * An instance whose memory is the area alone, with the capture's initial
 * bitmap (its head) allocated through cma_alloc() and the capture's
 * counters.  First fit places each run: a run after a gap is preceded by
 * a filler allocation of the gap, released again at the end.
 */
static struct cmasim *rebuild_area(const struct capture *c,
				   const struct ex_area *a)
{
	struct cmasim *sim = tst_cma_sim_new(c->v61 ? "6.1" : "6.12", a->name,
					     a->base_pfn, a->count,
					     a->order_per_bit, NULL);
	struct cmasim_cma *h = cmasim_cma_find(sim, a->name);
	struct cmasim_cma *area = h;
	uint64_t maxno = a->count >> a->order_per_bit, bit = 0, weight = 0;
	GArray *fillers = g_array_new(FALSE, FALSE, sizeof(struct ex_filler));

	while (bit < maxno && bit < HEAD_WORDS * 32) {
		uint64_t s = bit, e;
		struct ex_filler f;
		cmasim_pfn_t pfn;

		while (s < maxno && s < HEAD_WORDS * 32 && !head_bit(a, s))
			s++;
		if (s >= maxno || s >= HEAD_WORDS * 32)
			break;
		for (e = s; e < maxno && head_bit(a, e); e++)
			;
		if (s > bit) {
			f.count = (s - bit) << a->order_per_bit;
			assert_int_equal(cmasim_cma_alloc(sim, h, f.count, 0, 0,
							  &f.pfn), 0);
			g_array_append_val(fillers, f);
		}
		assert_int_equal(cmasim_cma_alloc(sim, h,
						  (e - s) << a->order_per_bit,
						  0, 0, &pfn), 0);
		assert_int_equal(pfn, a->base_pfn + (s << a->order_per_bit));
		weight += e - s;
		bit = e;
	}
	for (unsigned int i = 0; i < fillers->len; i++) {
		struct ex_filler *f = &g_array_index(fillers, struct ex_filler,
						     i);

		assert_int_equal(cmasim_cma_release(sim, h, f->pfn, f->count), 0);
	}
	g_array_free(fillers, TRUE);
	if ((weight << a->order_per_bit) != a->initial.used)
		fail_msg("%s: area %s: initial bitmap not reconstructible from its head",
			 c->path, a->name);
	area->nr_pages_succeeded = a->pre_success;
	area->nr_pages_failed = a->pre_fail;
	area->nr_pages_released = a->pre_release;
	cmasim_dmesg_clear(sim);
	return sim;
}

/*
 * Replay one area's steps on @sim.  With @rebuilt, @sim is the area
 * rebuilt from the capture's own numbers; otherwise @sim was booted from
 * the capture's log and must already show the capture's initial state.
 */
static void replay_area(struct cmasim *sim, const struct capture *c,
			const struct ex_area *a, bool rebuilt)
{
	if (!rebuilt) {
		assert_int_equal(read_num(sim, "debug/cma", a->name, "base_pfn"),
				 a->base_pfn);
		assert_int_equal(read_num(sim, "debug/cma", a->name, "count"),
				 a->count);
		assert_int_equal(read_num(sim, "mm/cma", a->name, "alloc_pages_success"),
				 a->pre_success);
		assert_int_equal(read_num(sim, "mm/cma", a->name, "alloc_pages_fail"),
				 a->pre_fail);
	}
	check_state(sim, c, a, 0, &a->initial);

	for (unsigned int i = 0; i < a->ops->len; i++) {
		const struct ex_op *op = &g_array_index(a->ops, struct ex_op, i);
		char *path = g_strdup_printf("/sys/kernel/debug/cma/%s/%s",
					     a->name, op->op);
		int ret = cmasim_file_write(sim, path, op->val);

		g_free(path);
		if ((ret == 0) != op->ok)
			fail_msg("%s: area %s step %u: %s %s gave %d, capture says %s",
				 c->path, a->name, i + 1, op->op, op->val, ret,
				 op->ok ? "OK" : "FAIL");
		check_state(sim, c, a, i + 1, &op->after);
		if (cmasim_check(sim)) {
			for (size_t d = 0; d < cmasim_diag_count(sim); d++)
				fprintf(stderr, "# %s\n", cmasim_diag_line(sim, d, NULL));
		}
		if (cmasim_check(sim))
			fail_msg("%s: area %s step %u: cmasim_check() failed",
				 c->path, a->name, i + 1);
	}
	if (a->have_sysfs) {
		assert_int_equal(read_num(sim, "mm/cma", a->name, "alloc_pages_success"),
				 a->sysfs_success);
		assert_int_equal(read_num(sim, "mm/cma", a->name, "alloc_pages_fail"),
				 a->sysfs_fail);
	}
}

/* The Kconfig of the captures' kernels (see the oracle READMEs). */
static const char *const knobs_61[] = {
	"CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y", "DMA_PERNUMA_CMA=y",
	"CMA_SIZE_MBYTES=0", "CMA_AREAS=19", "CMA_ALIGNMENT=8", "NUMA=y",
	"NODES_SHIFT=10", NULL
};
static const char *const knobs_612[] = {
	"CMA_DEBUG=y", "CMA_DEBUGFS=y", "CMA_SYSFS=y", "DMA_NUMA_CMA=y",
	"CMA_SIZE_MBYTES=0", "CMA_AREAS=20", "CMA_ALIGNMENT=8", "NUMA=y",
	"NODES_SHIFT=10", NULL
};

/* The capture's kernel command line, from its .meta file. */
static char *meta_cmdline(const char *log_path)
{
	char *meta_path = g_strdup_printf("%.*s.meta",
					  (int)strlen(log_path) - 4, log_path);
	char *text = NULL, *cmdline = NULL;

	if (g_file_get_contents(meta_path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);

		for (char **l = lines; *l; l++)
			if (!strncmp(*l, "cmdline\t", 8))
				cmdline = g_strdup(g_strchomp(*l + 8));
		g_strfreev(lines);
	}
	g_free(text);
	g_free(meta_path);
	return cmdline;
}

/* A machine booted from the capture's own log and command line. */
static struct cmasim *boot_from_log(const struct capture *c)
{
	struct cmasim_config *cfg = cmasim_config_new();
	const char *const *knobs = c->v61 ? knobs_61 : knobs_612;
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	char *cmdline = meta_cmdline(c->path);
	int ret;

	assert_non_null(cfg);
	assert_int_equal(cmasim_config_set_kernel(cfg, c->v61 ? "6.1" : "6.12"), 0);
	for (int i = 0; knobs[i]; i++) {
		char *k = g_strdup(knobs[i]);
		char *eq = strchr(k, '=');

		*eq = '\0';
		assert_int_equal(cmasim_config_set(cfg, k, eq + 1), 0);
		g_free(k);
	}
	assert_int_equal(cmasim_machine_from_log_file(c->path, &m, NULL, NULL, NULL), 0);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	ret = cmasim_boot(sim, m, cmdline);
	cmasim_machine_destroy(m);
	g_free(cmdline);
	if (ret) {
		cmasim_destroy(sim);
		fail_msg("%s: boot from the log failed with %d", c->path, ret);
	}
	return sim;
}

static void test_exercise_capture(void **state)
{
	struct capture c = { .path = *state };
	unsigned int replayed = 0;

	if (!parse_capture(&c)) {
		if (c.areas)
			g_ptr_array_free(c.areas, TRUE);
		fail_msg("%s: malformed capture", c.path);
	}
	for (unsigned int i = 0; i < c.areas->len; i++) {
		const struct ex_area *a = g_ptr_array_index(c.areas, i);

		struct cmasim *sim;

		if (!a->count)	/* sysfs-only: no exercise for it */
			continue;
		/* 1: on the area rebuilt from the capture's numbers */
		sim = rebuild_area(&c, a);
		replay_area(sim, &c, a, true);
		tst_sim_free(sim);
		/* 2: after booting the capture's own log (--from-log) */
		sim = boot_from_log(&c);
		replay_area(sim, &c, a, false);
		tst_sim_free(sim);
		replayed++;
	}
	g_ptr_array_free(c.areas, TRUE);
	if (!replayed)
		skip();
}

static gint cmp_path(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *shared = getenv("CMASIM_SHARED");
	const char *dirs[] = { "oracle/captures", "oracle-612/captures" };
	GPtrArray *paths;
	struct CMUnitTest *tests;
	int ret;

	if (!shared || !g_file_test(shared, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "CMASIM_SHARED not set or absent: skipping\n");
		return 77;
	}
	paths = g_ptr_array_new_with_free_func(g_free);
	for (unsigned int d = 0; d < 2; d++) {
		char *dir = g_build_filename(shared, dirs[d], NULL);
		GDir *gd = g_dir_open(dir, 0, NULL);
		const char *n;
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

		while (gd && (n = g_dir_read_name(gd)))
			if (g_str_has_suffix(n, ".log"))
				g_ptr_array_add(names, g_build_filename(dir, n, NULL));
		if (gd)
			g_dir_close(gd);
		g_ptr_array_sort(names, cmp_path);
		for (unsigned int i = 0; i < names->len; i++)
			g_ptr_array_add(paths, g_strdup(g_ptr_array_index(names, i)));
		g_ptr_array_free(names, TRUE);
		g_free(dir);
	}
	if (!paths->len) {
		g_ptr_array_free(paths, TRUE);
		fprintf(stderr, "no captures: skipping\n");
		return 77;
	}
	tests = g_new0(struct CMUnitTest, paths->len);
	for (unsigned int i = 0; i < paths->len; i++) {
		tests[i].name = g_ptr_array_index(paths, i);
		tests[i].test_func = test_exercise_capture;
		tests[i].initial_state = g_ptr_array_index(paths, i);
	}
	ret = _cmocka_run_group_tests("exercise", tests, paths->len, NULL, NULL);
	g_free(tests);
	g_ptr_array_free(paths, TRUE);
	return ret;
}
