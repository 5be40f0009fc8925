// SPDX-License-Identifier: GPL-2.0-only
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "helpers.h"
#include "core/instance.h"
#include "mm/cma.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

static struct cmasim *sim_newv(const char *arch, const char *kernel,
			       va_list ap)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;
	const char *kv;

	assert_non_null(cfg);
	if (arch)
		assert_int_equal(cmasim_config_set_arch(cfg, arch), 0);
	if (kernel)
		assert_int_equal(cmasim_config_set_kernel(cfg, kernel), 0);
	while ((kv = va_arg(ap, const char *))) {
		char name[64];
		const char *eq = strchr(kv, '=');

		assert_non_null(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		if (cmasim_config_set(cfg, name, eq + 1))
			fail_msg("knob %s: %s", kv, cmasim_config_error(cfg));
	}
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	return sim;
}

struct cmasim *tst_sim_new(const char *arch, const char *kernel, ...)
{
	struct cmasim *sim;
	va_list ap;

	va_start(ap, kernel);
	sim = sim_newv(arch, kernel, ap);
	va_end(ap);
	return sim;
}

struct cmasim *tst_cma_sim_new(const char *kernel, const char *name,
			       uint64_t base_pfn, uint64_t count,
			       unsigned int order_per_bit, ...)
{
	struct cmasim_cma *area = NULL;
	struct cmasim *sim;
	uint64_t base, size;
	va_list ap;

	va_start(ap, order_per_bit);
	sim = sim_newv(NULL, kernel, ap);
	va_end(ap);
	base = base_pfn << sim->page_shift;
	size = count << sim->page_shift;
	assert_int_equal(cms_memblock_add_node(sim, base, size, 0, 0, "test"), 0);
	assert_int_equal(cms_memblock_reserve(sim, base, size, "test"), 0);
	assert_int_equal(cms_cma_init_reserved_mem(sim, base, size,
						   order_per_bit, name, &area,
						   NULL), 0);
	assert_int_equal(cms_free_area_init(sim), 0);
	assert_int_equal(cms_mm_free_all(sim), 0);
	assert_int_equal(cms_cma_activate_areas(sim), 0);
	assert_true(area->activated);
	cms_mm_init_per_zone_wmark_min(sim);
	cmasim_dmesg_clear(sim);
	return sim;
}

void tst_sim_free(struct cmasim *sim)
{
	if (!sim)
		return;
	if (cmasim_check(sim)) {
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			fprintf(stderr, "# %s\n", cmasim_diag_line(sim, i, NULL));
		cmasim_destroy(sim);
		fail_msg("cmasim_check() failed at teardown");
	}
	cmasim_destroy(sim);
}

int tst_setup_default(void **state)
{
	*state = tst_sim_new(NULL, NULL, NULL);
	return 0;
}

int tst_setup_v61(void **state)
{
	*state = tst_sim_new(NULL, "6.1", NULL);
	return 0;
}

int tst_teardown_checked(void **state)
{
	tst_sim_free(*state);
	*state = NULL;
	return 0;
}

const char *tst_errno_name(int err)
{
	switch (err) {
	case 0: return "0";
	case -EINVAL: return "-EINVAL";
	case -ENOMEM: return "-ENOMEM";
	case -EBUSY: return "-EBUSY";
	case -ENOSPC: return "-ENOSPC";
	case -ENOENT: return "-ENOENT";
	case -EEXIST: return "-EEXIST";
	case -ERANGE: return "-ERANGE";
	case -EPERM: return "-EPERM";
	case -EOPNOTSUPP: return "-EOPNOTSUPP";
	case -EUCLEAN: return "-EUCLEAN";
	case -EAGAIN: return "-EAGAIN";
	case -EINTR: return "-EINTR";
	case -EFAULT: return "-EFAULT";
	default: return "(other)";
	}
}

int tst_dmesg_has(const struct cmasim *sim, const char *line)
{
	return tst_dmesg_find(sim, line) >= 0;
}

long tst_dmesg_find(const struct cmasim *sim, const char *line)
{
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++)
		if (!strcmp(cmasim_dmesg_line(sim, i, NULL), line))
			return (long)i;
	return -1;
}

int tst_diag_contains(const struct cmasim *sim, const char *needle)
{
	for (size_t i = 0; i < cmasim_diag_count(sim); i++)
		if (strstr(cmasim_diag_line(sim, i, NULL), needle))
			return 1;
	return 0;
}

int tst_run_tables(const char *name, const struct CMUnitTest *a, size_t na,
		   const struct CMUnitTest *b, size_t nb)
{
	struct CMUnitTest *all = calloc(na + nb, sizeof(*all));
	int ret;

	assert_non_null(all);
	memcpy(all, a, na * sizeof(*a));
	if (b && nb)
		memcpy(all + na, b, nb * sizeof(*b));
	ret = _cmocka_run_group_tests(name, all, na + nb, NULL, NULL);
	free(all);
	return ret;
}

int tst_skip_all(const char *reason)
{
	printf("1..0 # SKIP %s\n", reason);
	return 0;
}

/* ---- Per-version groups, booted machines, captures ---- */

static const char *const tst_versions[] = { "6.1", "6.12" };

int tst_run_groups(const char *group, const struct CMUnitTest *plain,
		   size_t np, const struct CMUnitTest *per_version,
		   size_t npv)
{
	size_t nv = sizeof(tst_versions) / sizeof(tst_versions[0]);
	size_t n = np + npv * nv;
	struct CMUnitTest *all = calloc(n ? n : 1, sizeof(*all));
	char **names = calloc(n ? n : 1, sizeof(*names));
	int ret;

	assert_non_null(all);
	assert_non_null(names);
	if (np)
		memcpy(all, plain, np * sizeof(*plain));
	for (size_t v = 0; v < nv; v++) {
		for (size_t i = 0; i < npv; i++) {
			size_t k = np + v * npv + i;

			all[k] = per_version[i];
			names[k] = g_strdup_printf("%s/%s: %s", group,
						   tst_versions[v],
						   per_version[i].name);
			all[k].name = names[k];
			all[k].initial_state = (void *)tst_versions[v];
		}
	}
	ret = _cmocka_run_group_tests(group, all, n, NULL, NULL);
	for (size_t k = 0; k < n; k++)
		g_free(names[k]);
	free(names);
	free(all);
	return ret;
}

int tst_run_per_version(const char *group, const struct CMUnitTest *tests,
			size_t n)
{
	return tst_run_groups(group, NULL, 0, tests, n);
}

const char *tst_state_version(void *const *state)
{
	return *state ? (const char *)*state : "6.12";
}

const char *tst_kernel_name(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1 ? "6.1" : "6.12";
}

bool tst_v61(const struct cmasim *sim)
{
	return cmasim_get_kernel(sim) == CMASIM_KERNEL_6_1;
}

int tst_setup_version(void **state)
{
	*state = tst_sim_new(NULL, tst_state_version(state), NULL);
	return 0;
}

struct cmasim *tst_boot_pc(const char *kernel, uint64_t mem,
			   unsigned int nodes, const char *cmdline, ...)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	const char *kv;
	va_list ap;
	int ret;

	assert_non_null(cfg);
	if (kernel)
		assert_int_equal(cmasim_config_set_kernel(cfg, kernel), 0);
	va_start(ap, cmdline);
	while ((kv = va_arg(ap, const char *))) {
		char name[64];
		const char *eq = strchr(kv, '=');

		assert_non_null(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		if (cmasim_config_set(cfg, name, eq + 1))
			fail_msg("knob %s: %s", kv, cmasim_config_error(cfg));
	}
	va_end(ap);
	assert_int_equal(cmasim_create(cfg, &sim), 0);
	cmasim_config_destroy(cfg);
	assert_int_equal(cmasim_machine_qemu_pc(mem, nodes, &m), 0);
	ret = cmasim_boot(sim, m, cmdline);
	cmasim_machine_destroy(m);
	if (ret) {
		for (size_t i = 0; i < cmasim_diag_count(sim); i++)
			fprintf(stderr, "# %s\n",
				cmasim_diag_line(sim, i, NULL));
		cmasim_destroy(sim);
		fail_msg("boot of a %llu MiB, %u-node pc failed: %s",
			 (unsigned long long)(mem >> 20), nodes,
			 tst_errno_name(ret));
	}
	return sim;
}

static void tst_collect(const char *text, void *data)
{
	g_string_append(data, text);
}

char *tst_file_text(struct cmasim *sim, const char *path, int *err)
{
	GString *s = g_string_new(NULL);
	int ret = cmasim_file_read(sim, path, tst_collect, s);
	char *text;

	if (err)
		*err = ret;
	if (ret) {
		g_string_free(s, TRUE);
		return NULL;
	}
	text = strdup(s->str);
	g_string_free(s, TRUE);
	assert_non_null(text);
	return text;
}

char *tst_capture_text(const char *dir, const char *name)
{
	const char *shared = getenv("CMASIM_SHARED");
	char *path, *text = NULL, *copy;

	if (!shared)
		return NULL;
	path = g_strdup_printf("%s/%s/captures/%s.log", shared, dir, name);
	if (!g_file_get_contents(path, &text, NULL, NULL))
		text = NULL;
	g_free(path);
	if (!text)
		return NULL;
	copy = strdup(text);
	g_free(text);
	assert_non_null(copy);
	return copy;
}

char **tst_capture_section(const char *text, const char *name)
{
	char *begin = g_strdup_printf("@@@@@ BEGIN %s @@@@@", name);
	char *end = g_strdup_printf("@@@@@ END %s @@@@@", name);
	const char *b = strstr(text, begin), *e = NULL;
	char **lines = NULL;

	if (b) {
		b += strlen(begin);
		while (*b == '\r' || *b == '\n')
			b++;
		e = strstr(b, end);
	}
	if (e) {
		char *body = g_strndup(b, (gsize)(e - b));
		char **raw = g_strsplit(body, "\n", -1);
		size_t n = g_strv_length(raw), k = 0;

		/* the serial console ends lines with CR LF; drop the last "" */
		lines = g_new0(char *, n + 1);
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(raw[i]);

			if (len && raw[i][len - 1] == '\r')
				raw[i][len - 1] = '\0';
			if (i + 1 == n && !raw[i][0])
				break;
			lines[k++] = g_strdup(raw[i]);
		}
		g_strfreev(raw);
		g_free(body);
	}
	g_free(begin);
	g_free(end);
	return lines;
}

void tst_strv_free(char **v)
{
	g_strfreev(v);
}

const char *tst_strip_timestamp(const char *line)
{
	if (line[0] == '[') {
		const char *c = strstr(line, "] ");

		if (c)
			return c + 2;
	}
	return line;
}

bool tst_captures_present(const struct tst_capture *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *t = tst_capture_text(c[i].dir, c[i].name);

		if (!t)
			return false;
		free(t);
	}
	return true;
}

struct cmasim *tst_boot_capture_pc(const struct tst_capture *c)
{
	char *path = g_strdup_printf("%s/%s/captures/%s.meta",
				     getenv("CMASIM_SHARED"), c->dir, c->name);
	gchar *meta = NULL;
	char *cmdline = NULL, **lines;
	struct cmasim *sim;

	assert_true(g_file_get_contents(path, &meta, NULL, NULL));
	lines = g_strsplit(meta, "\n", -1);
	for (char **l = lines; *l; l++)
		if (!strncmp(*l, "cmdline\t", 8))
			cmdline = g_strdup(g_strchomp(*l + 8));
	g_strfreev(lines);
	g_free(meta);
	g_free(path);
	assert_non_null(cmdline);
	if (!strcmp(c->dir, "oracle"))
		sim = tst_boot_pc("6.1", c->mem, c->nodes, cmdline,
				  "CMA_DEBUG=y", "DMA_PERNUMA_CMA=y",
				  "CMA_SIZE_MBYTES=0", "CMA_SIZE_SEL_MBYTES=y",
				  "CMA_AREAS=19", "CMA_ALIGNMENT=8", "NUMA=y",
				  "NODES_SHIFT=10", "LOG_BUF_SHIFT=17", NULL);
	else
		sim = tst_boot_pc("6.12", c->mem, c->nodes, cmdline,
				  "CMA_DEBUG=y", "DMA_NUMA_CMA=y",
				  "CMA_SIZE_MBYTES=0", "CMA_SIZE_SEL_MBYTES=y",
				  "CMA_AREAS=20", "CMA_ALIGNMENT=8", "NUMA=y",
				  "NODES_SHIFT=10", NULL);
	g_free(cmdline);
	return sim;
}

void tst_assert_pages_handed_out_once(struct cmasim *sim)
{
	uint64_t max = cmasim_totalram_pages(sim) + 1, n = 0;
	GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	gint64 *keys = g_new(gint64, max);
	cmasim_pfn_t pfn;

	while (n < max &&
	       !cmasim_alloc_pages(sim, CMASIM_GFP_HIGHUSER_MOVABLE, 0, -1,
				   &pfn)) {
		keys[n] = (gint64)pfn;
		assert_false(g_hash_table_contains(seen, &keys[n]));
		g_hash_table_add(seen, &keys[n]);
		n++;
	}
	assert_true(n < max);
	g_hash_table_destroy(seen);
	g_free(keys);
}

bool tst_under_valgrind(void)
{
	const char *pre = getenv("LD_PRELOAD");

	return pre && strstr(pre, "vgpreload");
}

void tst_count_event(const char *event, const char *text, void *data)
{
	(void)event;
	(void)text;
	(*(unsigned long *)data)++;
}
