// SPDX-License-Identifier: GPL-2.0-only
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	struct cms_cma_area *area = NULL;
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
