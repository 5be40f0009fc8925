// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memblock operation-script reader and result printer shared by the
 * libcmasim driver (bench-memblock.c) and the kernel peer's driver
 * (memblock-peer/peer.c).  Plain C and libc only: the peer is built
 * without GLib, against the kernel's userspace shims.
 */
/* strtok_r, clock_gettime: built with and without meson's config.h */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include "memblock-script.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const mbs_kind_name[MBS_NR_KINDS] = {
	[MBS_ALLOW_RESIZE] = "allow_resize",
	[MBS_MIRRORED_KERNELCORE] = "mirrored_kernelcore",
	[MBS_MOVABLE_NODE] = "movable_node",
	[MBS_SET_BOTTOM_UP] = "set_bottom_up",
	[MBS_SET_CURRENT_LIMIT] = "set_current_limit",
	[MBS_ADD] = "add",
	[MBS_ADD_NODE] = "add_node",
	[MBS_REMOVE] = "remove",
	[MBS_RESERVE] = "reserve",
	[MBS_PHYS_FREE] = "phys_free",
	[MBS_MARK_HOTPLUG] = "mark_hotplug",
	[MBS_CLEAR_HOTPLUG] = "clear_hotplug",
	[MBS_MARK_MIRROR] = "mark_mirror",
	[MBS_MARK_NOMAP] = "mark_nomap",
	[MBS_CLEAR_NOMAP] = "clear_nomap",
	[MBS_RESERVED_MARK_NOINIT] = "reserved_mark_noinit",
	[MBS_SET_NODE] = "set_node",
	[MBS_ALLOC_RANGE_NID] = "alloc_range_nid",
	[MBS_PHYS_ALLOC_RANGE] = "phys_alloc_range",
	[MBS_ALLOC_TRY_NID_RAW] = "alloc_try_nid_raw",
	[MBS_ALLOC_EXACT_NID_RAW] = "alloc_exact_nid_raw",
	[MBS_ENFORCE_MEMORY_LIMIT] = "enforce_memory_limit",
	[MBS_MEM_LIMIT_REMOVE_MAP] = "mem_limit_remove_map",
	[MBS_CAP_MEMORY_RANGE] = "cap_memory_range",
	[MBS_TRIM_MEMORY] = "trim_memory",
};

/*
 * Operand shapes: r = range (BASE SIZE), n = node, f = flags, b = 0|1,
 * t = memory|reserved, a = allocation (SIZE ALIGN START END), v = one
 * value.
 */
static const char *const shape[MBS_NR_KINDS] = {
	[MBS_ALLOW_RESIZE] = "",
	[MBS_MIRRORED_KERNELCORE] = "b",
	[MBS_MOVABLE_NODE] = "b",
	[MBS_SET_BOTTOM_UP] = "b",
	[MBS_SET_CURRENT_LIMIT] = "v",
	[MBS_ADD] = "r",
	[MBS_ADD_NODE] = "rnf",
	[MBS_REMOVE] = "r",
	[MBS_RESERVE] = "r",
	[MBS_PHYS_FREE] = "r",
	[MBS_MARK_HOTPLUG] = "r",
	[MBS_CLEAR_HOTPLUG] = "r",
	[MBS_MARK_MIRROR] = "r",
	[MBS_MARK_NOMAP] = "r",
	[MBS_CLEAR_NOMAP] = "r",
	[MBS_RESERVED_MARK_NOINIT] = "r",
	[MBS_SET_NODE] = "rtn",
	[MBS_ALLOC_RANGE_NID] = "anb",
	[MBS_PHYS_ALLOC_RANGE] = "a",
	[MBS_ALLOC_TRY_NID_RAW] = "an",
	[MBS_ALLOC_EXACT_NID_RAW] = "an",
	[MBS_ENFORCE_MEMORY_LIMIT] = "v",
	[MBS_MEM_LIMIT_REMOVE_MAP] = "v",
	[MBS_CAP_MEMORY_RANGE] = "r",
	[MBS_TRIM_MEMORY] = "v",
};

static bool is_alloc(enum mbs_kind k)
{
	return k == MBS_ALLOC_RANGE_NID || k == MBS_PHYS_ALLOC_RANGE ||
	       k == MBS_ALLOC_TRY_NID_RAW || k == MBS_ALLOC_EXACT_NID_RAW;
}

static bool number(const char *tok, uint64_t *v)
{
	char *end;

	if (!tok || !*tok)
		return false;
	errno = 0;
	if (*tok == '-')
		*v = (uint64_t)strtoll(tok, &end, 0);
	else
		*v = strtoull(tok, &end, 0);
	return !errno && !*end;
}

/* "@K" or "@K+OFF" (K < @nr_allocs), else a number. */
static bool address(const char *tok, size_t nr_allocs, uint32_t *ref,
		    uint64_t *v)
{
	const char *plus;
	char *end;
	unsigned long k;

	*ref = MBS_NO_REF;
	if (!tok || *tok != '@')
		return number(tok, v);
	errno = 0;
	k = strtoul(tok + 1, &end, 10);
	if (errno || end == tok + 1 || k >= nr_allocs)
		return false;
	plus = end;
	*v = 0;
	if (*plus == '+' && !number(plus + 1, v))
		return false;
	if (*plus && *plus != '+')
		return false;
	*ref = (uint32_t)k;
	return true;
}

static int parse_line(char *line, struct mbs_op *op, size_t nr_allocs)
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	uint64_t v;
	int k;

	for (k = 0; k < MBS_NR_KINDS; k++)
		if (!strcmp(tok, mbs_kind_name[k]))
			break;
	if (k == MBS_NR_KINDS)
		return -1;
	memset(op, 0, sizeof(*op));
	op->kind = (enum mbs_kind)k;
	op->ref = MBS_NO_REF;
	for (const char *s = shape[k]; *s; s++) {
		switch (*s) {
		case 'r':
			if (!address(strtok_r(NULL, " \t", &save), nr_allocs,
				     &op->ref, &op->a[0]) ||
			    !number(strtok_r(NULL, " \t", &save), &op->a[1]))
				return -1;
			break;
		case 'a':
			for (int i = 0; i < 4; i++)
				if (!number(strtok_r(NULL, " \t", &save),
					    &op->a[i]))
					return -1;
			break;
		case 'n':
			if (!number(strtok_r(NULL, " \t", &save), &v))
				return -1;
			op->nid = (int)(int64_t)v;
			break;
		case 'f':
			if (!number(strtok_r(NULL, " \t", &save), &v))
				return -1;
			op->flags = (uint32_t)v;
			break;
		case 'b':
			if (!number(strtok_r(NULL, " \t", &save), &v) || v > 1)
				return -1;
			if (op->kind == MBS_ALLOC_RANGE_NID)
				op->flag = v;
			else
				op->a[0] = v;
			break;
		case 't':
			tok = strtok_r(NULL, " \t", &save);
			if (!tok || (strcmp(tok, "memory") &&
				     strcmp(tok, "reserved")))
				return -1;
			op->flag = !strcmp(tok, "reserved");
			break;
		case 'v':
			if (!number(strtok_r(NULL, " \t", &save), &op->a[0]))
				return -1;
			break;
		}
	}
	return strtok_r(NULL, " \t", &save) ? -1 : 0;
}

int mbs_load(const char *path, struct mbs_script *s)
{
	FILE *fp = fopen(path, "r");
	char line[512];
	size_t cap = 0, lineno = 0;

	memset(s, 0, sizeof(*s));
	if (!fp) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), fp)) {
		char *hash = strchr(line, '#'), *p = line;
		struct mbs_op *op;

		lineno++;
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		if (s->nr_ops == cap) {
			struct mbs_op *n;

			cap = cap ? cap * 2 : 1024;
			n = realloc(s->ops, cap * sizeof(*n));
			if (!n) {
				fprintf(stderr, "%s: out of memory\n", path);
				goto fail;
			}
			s->ops = n;
		}
		op = &s->ops[s->nr_ops];
		if (parse_line(p, op, s->nr_allocs)) {
			fprintf(stderr, "%s:%zu: cannot read this operation\n",
				path, lineno);
			goto fail;
		}
		if (is_alloc(op->kind))
			op->alloc_idx = (uint32_t)s->nr_allocs++;
		if ((op->kind == MBS_ADD || op->kind == MBS_ADD_NODE) &&
		    op->ref == MBS_NO_REF && op->a[0] + op->a[1] > s->max_end)
			s->max_end = op->a[0] + op->a[1];
		s->nr_ops++;
	}
	fclose(fp);
	return 0;
fail:
	fclose(fp);
	mbs_free(s);
	return -1;
}

void mbs_free(struct mbs_script *s)
{
	free(s->ops);
	memset(s, 0, sizeof(*s));
}

void mbs_print_allocs(FILE *fp, const uint64_t *results, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		fprintf(fp, "alloc %zu 0x%" PRIx64 "\n", i, results[i]);
}

void mbs_print_type(FILE *fp, const char *name, uint64_t total_size,
		    const struct mbs_region *r, size_t cnt)
{
	fprintf(fp, "%s cnt %zu total_size 0x%" PRIx64 "\n", name, cnt,
		total_size);
	for (size_t i = 0; i < cnt; i++)
		fprintf(fp, "%s[%zu] 0x%" PRIx64 " 0x%" PRIx64 " flags 0x%x nid %d\n",
			name, i, r[i].base, r[i].size, r[i].flags, r[i].nid);
}

double mbs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double mbs_median(double *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double mbs_min(const double *v, size_t n)
{
	double m = n ? v[0] : 0;

	for (size_t i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}
