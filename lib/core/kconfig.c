// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration: arch and version profile, seed, and the Kconfig knob
 * table of kconfig.h (defaults, parsing, docs).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/kconfig.h"
#include "core/profile.h"

struct knob_row {
	const char *name;
	enum cms_knob_type type;
	int64_t min, max;
	int64_t def[3];		/* x86_64, arm64, arm */
	unsigned int arches, versions;
	const char *kconfig_default;
	const char *doc;
};

static const struct knob_row knob_rows[CMS_KNOB_COUNT] = {
#define CMS_KNOB_ROW(n, t, mn, mx, dx, da, dr, ar, vs, kd, dc)		\
	[CMS_KNOB_##n] = { #n, CMS_KNOB_##t, mn, mx, { dx, da, dr }, ar, vs, kd, dc },
	CMS_KNOBS(CMS_KNOB_ROW)
#undef CMS_KNOB_ROW
};

unsigned int cms_arch_class(enum cmasim_arch arch)
{
	switch (arch) {
	case CMASIM_ARCH_X86_64:
		return CMS_AX86;
	case CMASIM_ARCH_ARM:
		return CMS_AARM;
	default:
		return CMS_AA64;
	}
}

static unsigned int arch_column(enum cmasim_arch arch)
{
	switch (cms_arch_class(arch)) {
	case CMS_AX86:
		return 0;
	case CMS_AA64:
		return 1;
	default:
		return 2;
	}
}

const char *cms_knob_name(enum cms_knob knob)
{
	return knob_rows[knob].name;
}

int cms_knob_lookup(const char *name)
{
	if (!name)
		return -1;
	if (!strncmp(name, "CONFIG_", 7))
		name += 7;
	for (int i = 0; i < CMS_KNOB_COUNT; i++)
		if (!strcmp(name, knob_rows[i].name))
			return i;
	return -1;
}

bool cms_knob_present(const struct cmasim_config *cfg, enum cms_knob knob)
{
	const struct knob_row *r = &knob_rows[knob];

	return (r->arches & cms_arch_class(cfg->arch)) &&
	       (r->versions & (1u << cfg->kernel));
}

static int64_t computed_default(const struct cmasim_config *cfg,
				enum cms_knob knob)
{
	bool numa = cms_knob_effective(cfg, CMS_KNOB_NUMA);
	bool v61 = cfg->kernel == CMASIM_KERNEL_6_1;

	switch (knob) {
	case CMS_KNOB_CMA_AREAS:
		if (v61)
			return numa ? 19 : 7;
		return numa ? 20 : 8;
	case CMS_KNOB_DMA_PERNUMA_CMA:
		/* default NUMA && ARM64 (kernel/dma/Kconfig, 6.1) */
		return numa;
	case CMS_KNOB_ARCH_FORCE_MAX_ORDER:
		switch (cfg->arch) {
		case CMASIM_ARCH_ARM64_64K:
			return v61 ? 14 : 13;
		case CMASIM_ARCH_ARM64_16K:
			return v61 ? 12 : 11;
		default:
			return v61 ? 11 : 10;
		}
	default:
		return 0;
	}
}

/*
 * The knob a knob's Kconfig "depends on" (or enclosing "if") names, or -1:
 * when that one is off, the knob is not in .config at all.
 */
static int knob_dependency(enum cms_knob knob)
{
	switch (knob) {
	case CMS_KNOB_DMA_CMA:		/* mm/Kconfig, kernel/dma/Kconfig */
	case CMS_KNOB_CMA_DEBUG:
	case CMS_KNOB_CMA_DEBUGFS:
	case CMS_KNOB_CMA_SYSFS:
	case CMS_KNOB_CMA_AREAS:
		return CMS_KNOB_CMA;
	case CMS_KNOB_CMA_SIZE_MBYTES:	/* inside "if DMA_CMA" */
	case CMS_KNOB_CMA_SIZE_PERCENTAGE:
	case CMS_KNOB_CMA_SIZE_SEL_MBYTES:
	case CMS_KNOB_CMA_SIZE_SEL_PERCENTAGE:
	case CMS_KNOB_CMA_SIZE_SEL_MIN:
	case CMS_KNOB_CMA_SIZE_SEL_MAX:
	case CMS_KNOB_CMA_ALIGNMENT:
	case CMS_KNOB_DMA_PERNUMA_CMA:
		return CMS_KNOB_DMA_CMA;
	case CMS_KNOB_DMA_NUMA_CMA:	/* inside "if DMA_CMA", depends on NUMA */
	case CMS_KNOB_NODES_SHIFT:
		return CMS_KNOB_NUMA;
	default:
		return -1;
	}
}

int64_t cms_knob_effective(const struct cmasim_config *cfg, enum cms_knob knob)
{
	int dep = knob_dependency(knob);
	int64_t def;

	if (!cms_knob_present(cfg, knob))
		return 0;
	if (dep >= 0 && !cms_knob_effective(cfg, (enum cms_knob)dep))
		return 0;
	if (knob == CMS_KNOB_DMA_NUMA_CMA &&
	    !cms_knob_effective(cfg, CMS_KNOB_DMA_CMA))
		return 0;
	if (cfg->is_set[knob])
		return cfg->value[knob];
	def = knob_rows[knob].def[arch_column(cfg->arch)];
	if (def == CMS_DEF_COMPUTED)
		return computed_default(cfg, knob);
	return def;
}

static int config_fail(struct cmasim_config *cfg, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int config_fail(struct cmasim_config *cfg, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cfg->error, sizeof(cfg->error), fmt, ap);
	va_end(ap);
	return err;
}

struct cmasim_config *cmasim_config_new(void)
{
	struct cmasim_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->arch = CMASIM_ARCH_X86_64;
	cfg->kernel = CMASIM_KERNEL_6_12;
	return cfg;
}

void cmasim_config_destroy(struct cmasim_config *cfg)
{
	free(cfg);
}

int cmasim_config_set_arch(struct cmasim_config *cfg, const char *name)
{
	int a;

	if (!cfg)
		return -EINVAL;
	a = cms_arch_parse(name);
	if (a < 0)
		return config_fail(cfg, -EINVAL,
				   "unknown arch '%s' (x86_64, arm64, arm64-4k, arm64-16k, arm64-64k, arm)",
				   name ? name : "(null)");
	cfg->arch = (enum cmasim_arch)a;
	return 0;
}

const char *cmasim_arch_name(enum cmasim_arch arch)
{
	if ((unsigned int)arch >= CMASIM_ARCH_COUNT)
		return NULL;
	return cms_arch_profile(arch)->name;
}

int cmasim_config_set_kernel(struct cmasim_config *cfg, const char *version)
{
	int k;

	if (!cfg)
		return -EINVAL;
	k = cms_kernel_parse(version);
	if (k < 0)
		return config_fail(cfg, -EINVAL,
				   "unknown kernel version '%s' (6.1, 6.12)",
				   version ? version : "(null)");
	cfg->kernel = (enum cmasim_kernel)k;
	return 0;
}

void cmasim_config_set_seed(struct cmasim_config *cfg, uint64_t seed)
{
	if (cfg)
		cfg->seed = seed;
}

void cmasim_config_set_log_handler(struct cmasim_config *cfg, cmasim_log_fn fn,
				   void *data)
{
	if (!cfg)
		return;
	cfg->log_fn = fn;
	cfg->log_data = data;
}

static int parse_knob_value(const struct knob_row *r, const char *value,
			    int64_t *out)
{
	char *end;
	long long v;

	if (r->type == CMS_KNOB_BOOL) {
		if (!strcmp(value, "y") || !strcmp(value, "1"))
			*out = 1;
		else if (!strcmp(value, "n") || !strcmp(value, "0"))
			*out = 0;
		else
			return -EINVAL;
		return 0;
	}
	errno = 0;
	v = strtoll(value, &end, 0);
	if (errno || end == value || *end)
		return -EINVAL;
	if (v < r->min || v > r->max)
		return -ERANGE;
	*out = v;
	return 0;
}

int cmasim_config_set(struct cmasim_config *cfg, const char *name,
		      const char *value)
{
	int id = cms_knob_lookup(name);
	const struct knob_row *r;
	int64_t v;
	int ret;

	if (!cfg)
		return -EINVAL;
	if (id < 0)
		return config_fail(cfg, -ENOENT, "unknown Kconfig knob '%s'",
				   name ? name : "(null)");
	r = &knob_rows[id];
	if (!value)
		return config_fail(cfg, -EINVAL, "%s: no value given", r->name);
	if (!cms_knob_present(cfg, (enum cms_knob)id))
		return config_fail(cfg, -EOPNOTSUPP,
				   "%s does not exist on %s with Linux %s",
				   r->name, cms_arch_profile(cfg->arch)->name,
				   cms_version_profile(cfg->kernel)->name);
	ret = parse_knob_value(r, value, &v);
	if (ret == -ERANGE)
		return config_fail(cfg, -EINVAL,
				   "%s=%s is out of range [%" PRId64 ", %" PRId64 "]",
				   r->name, value, r->min, r->max);
	if (ret)
		return config_fail(cfg, -EINVAL, "%s=%s: expected %s", r->name,
				   value, r->type == CMS_KNOB_BOOL ? "y or n" : "a number");
	/* CMA_SIZE_SEL_* is a Kconfig choice: setting one clears the others. */
	if (id >= CMS_KNOB_CMA_SIZE_SEL_MBYTES && id <= CMS_KNOB_CMA_SIZE_SEL_MAX) {
		if (!v)
			return config_fail(cfg, -EINVAL,
					   "%s is one of a choice: set the chosen CMA_SIZE_SEL_* to y instead",
					   r->name);
		for (int k = CMS_KNOB_CMA_SIZE_SEL_MBYTES; k <= CMS_KNOB_CMA_SIZE_SEL_MAX; k++) {
			cfg->is_set[k] = true;
			cfg->value[k] = k == id;
		}
		return 0;
	}
	cfg->value[id] = v;
	cfg->is_set[id] = true;
	cfg->error[0] = '\0';
	return 0;
}

int cmasim_config_get(const struct cmasim_config *cfg, const char *name,
		      char *buf, size_t len)
{
	int id = cms_knob_lookup(name);
	int64_t v;
	int n;

	if (!cfg || !buf)
		return -EINVAL;
	if (id < 0)
		return -ENOENT;
	if (!cms_knob_present(cfg, (enum cms_knob)id))
		return -EOPNOTSUPP;
	v = cms_knob_effective(cfg, (enum cms_knob)id);
	if (knob_rows[id].type == CMS_KNOB_BOOL)
		n = snprintf(buf, len, "%s", v ? "y" : "n");
	else
		n = snprintf(buf, len, "%" PRId64, v);
	if (n < 0 || (size_t)n >= len)
		return -ERANGE;
	return 0;
}

const char *cmasim_config_error(const struct cmasim_config *cfg)
{
	return cfg ? cfg->error : "";
}

static void default_text(char *buf, size_t len, const struct knob_row *r,
			 unsigned int col)
{
	int64_t v = r->def[col];

	if (v == CMS_DEF_COMPUTED)
		snprintf(buf, len, "see Kconfig default");
	else if (r->type == CMS_KNOB_BOOL)
		snprintf(buf, len, "%s", v ? "y" : "n");
	else
		snprintf(buf, len, "%" PRId64, v);
}

void cmasim_config_write_docs(cmasim_output_fn out, void *data)
{
	static const unsigned int cls[3] = { CMS_AX86, CMS_AA64, CMS_AARM };
	GString *s;

	if (!out)
		return;
	s = g_string_new(NULL);

	g_string_append(s,
		"# Kconfig knobs\n\n"
		"Generated by `cmasim config --markdown` from the table in lib/kconfig.h;\n"
		"a test keeps this file equal to that output. Set a knob with\n"
		"`cmasim_config_set(cfg, NAME, VALUE)` or `cmasim boot --set NAME=VALUE`.\n"
		"A knob that does not exist for the chosen arch or kernel is refused with -EOPNOTSUPP.\n\n"
		"| knob | type | x86_64 | arm64 | arm | kernels | Kconfig default | what it does |\n"
		"|---|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < CMS_KNOB_COUNT; i++) {
		const struct knob_row *r = &knob_rows[i];
		char d[3][32];

		for (unsigned int c = 0; c < 3; c++) {
			if (r->arches & cls[c])
				default_text(d[c], sizeof(d[c]), r, c);
			else
				snprintf(d[c], sizeof(d[c]), "-");
		}
		g_string_append_printf(s, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r->name, r->type == CMS_KNOB_BOOL ? "bool" : "int",
			d[0], d[1], d[2],
			r->versions == CMS_VALL ? "6.1, 6.12" :
			r->versions == CMS_V61 ? "6.1" : "6.12",
			r->kconfig_default, r->doc);
	}
	g_string_append(s,
		"\nDefaults follow the arch's Kconfig defaults, except CMA, DMA_CMA,\n"
		"CMA_DEBUGFS and CMA_SYSFS, which are on because they are what the\n"
		"simulator is about (Kconfig has them off; the reference captures have them on).\n"
		"A knob whose Kconfig dependency is off (DMA_CMA and CMA_AREAS need CMA; the\n"
		"CMA_SIZE_*, CMA_ALIGNMENT and per-node options need DMA_CMA; NODES_SHIFT and\n"
		"DMA_NUMA_CMA need NUMA) reads n or 0, whatever it was set to.\n");
	out(s->str, data);
	g_string_free(s, TRUE);
}
