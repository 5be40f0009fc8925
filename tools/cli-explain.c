// SPDX-License-Identifier: GPL-2.0-only
/*
 * --explain: why each CMA area landed where it did, in words, from the
 * placement record mm/cma.c keeps for each declaration
 * (cmasim_cma_placement()): the request, where its limit came from, the
 * alignment, the passes memblock ran (high memory, bottom-up from 4 GiB,
 * the fallback in memblock's own direction, or the fixed reservation)
 * and the outcome.  The library keeps data; the words are made here.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

#define SZ_4G (UINT64_C(1) << 32)

const char *cli_pass_name(enum cmasim_cma_pass_kind kind)
{
	switch (kind) {
	case CMASIM_CMA_PASS_FIXED:
		return "fixed";
	case CMASIM_CMA_PASS_HIGHMEM:
		return "highmem";
	case CMASIM_CMA_PASS_ABOVE_4G:
		return "above_4g";
	case CMASIM_CMA_PASS_BELOW_LIMIT:
		return "below_limit";
	}
	return "unknown";
}

/* %pa as the dmesg line prints it, so the two read alike. */
static gchar *pa(struct cmasim *sim, uint64_t addr)
{
	if (cmasim_get_arch(sim) == CMASIM_ARCH_ARM)
		return g_strdup_printf("0x%08" PRIx32, (uint32_t)addr);
	return g_strdup_printf("0x%016" PRIx64, addr);
}

static void G_GNUC_PRINTF(2, 3) add(GPtrArray *lines, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(lines, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/*
 * Where the global area's limit came from: dma_contiguous_reserve()
 * passes min_not_zero(the cma= limit, the arch's limit).
 */
static void limit_source(struct cmasim *sim,
			 const struct cmasim_cma_placement *pl,
			 GPtrArray *lines)
{
	uint64_t arch = cmasim_dma_contiguous_limit(sim), cl_limit = 0;
	gchar *a, *l;

	if (strcmp(pl->name, "reserved") || !arch)
		return;
	if (cmasim_cmdline_get_cma(sim, NULL, NULL, &cl_limit))
		cl_limit = 0;
	a = pa(sim, arch);
	if (cl_limit && cl_limit < arch) {
		l = pa(sim, cl_limit);
		add(lines, "the limit is cma='s end %s: dma_contiguous_reserve() takes the lower of it and the arch's DMA limit %s",
		    l, a);
		g_free(l);
	} else if (pl->req_limit == arch) {
		add(lines, "the limit %s is the arch's, which dma_contiguous_reserve() got (%s)%s",
		    a, cmasim_get_arch(sim) == CMASIM_ARCH_X86_64 ?
		    "x86: max_pfn_mapped << PAGE_SHIFT, the end of the mapped RAM" :
		    "arm64: arm64_dma_phys_limit, the end of the DMA zone",
		    cl_limit ? "; cma='s end is above it" : "");
	}
	g_free(a);
}

static void describe_pass(struct cmasim *sim, const struct cmasim_cma_pass *p,
			  unsigned int n, bool fallback, int nid,
			  GPtrArray *lines)
{
	gchar *s = pa(sim, p->start), *e = pa(sim, p->end);
	gchar *at = p->found ? pa(sim, p->addr) : NULL;
	const char *dir = p->bottom_up ? "bottom-up" : "top-down";
	gchar *node = nid >= 0 ? g_strdup_printf(" on node %d", nid) :
				 g_strdup("");
	gchar *result = p->found ? g_strdup_printf("found %s", at) :
				   g_strdup_printf("nothing free%s fits", node);

	switch (p->kind) {
	case CMASIM_CMA_PASS_FIXED:
		add(lines, "pass %u: reserve exactly [%s-%s): %s", n, s, e,
		    p->found ? "free, reserved" :
			       "it overlaps a reservation (-EBUSY)");
		break;
	case CMASIM_CMA_PASS_HIGHMEM:
		add(lines, "pass %u: high memory first, [%s-%s) %s: %s", n, s,
		    e, dir, result);
		break;
	case CMASIM_CMA_PASS_ABOVE_4G:
		add(lines, "pass %u: bottom-up from 4 GiB, [%s-%s): %s (on a machine this large the kernel keeps CMA out of the memory below 4 GiB; the lower bound is 4 GiB, not the base asked for)",
		    n, s, e, result);
		break;
	case CMASIM_CMA_PASS_BELOW_LIMIT:
		add(lines, "pass %u: %s[%s-%s) %s%s: %s", n,
		    fallback ? "the fallback, " : "", s, e, dir,
		    p->bottom_up ? "" : " (memblock's default: the highest free range below the limit)",
		    result);
		break;
	}
	g_free(result);
	g_free(node);
	g_free(at);
	g_free(s);
	g_free(e);
}

/* Why there was no bottom-up pass from 4 GiB, when it matters. */
static void no_4g_pass(struct cmasim *sim,
		       const struct cmasim_cma_placement *pl, GPtrArray *lines)
{
	gchar *end;

	if (pl->fixed || pl->origin != CMASIM_CMA_DECLARED)
		return;
	for (unsigned int i = 0; i < pl->nr_passes; i++)
		if (pl->passes[i].kind == CMASIM_CMA_PASS_ABOVE_4G)
			return;
	if (!pl->nr_passes)
		return;
	if (cmasim_get_arch(sim) == CMASIM_ARCH_ARM) {
		add(lines, "no pass from 4 GiB: phys_addr_t is 32 bits here");
		return;
	}
	if (pl->memblock_bottom_up) {
		add(lines, "no pass from 4 GiB: memblock allocates bottom-up already");
		return;
	}
	end = pa(sim, pl->memblock_end);
	add(lines, "no pass from 4 GiB: the end of DRAM %s is below 4 GiB + size",
	    end);
	g_free(end);
}

GPtrArray *cli_explain_placement(struct cmasim *sim,
				 const struct cmasim_cma_placement *pl)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	gchar *size = cli_size_str(pl->req_size), *base = pa(sim, pl->req_base);
	gchar *limit = pa(sim, pl->req_limit), *b2, *l2, *end;
	gchar *align = cli_size_str(pl->alignment);
	gchar *min_align = cli_size_str(pl->min_alignment);
	gchar *name = g_strescape(pl->name, NULL);
	bool fallback = false;

	if (pl->origin == CMASIM_CMA_PRERESERVED) {
		add(lines, "area \"%s\": cma_init_reserved_mem() of %s at %s that its caller had reserved (a device tree's reserved-memory region): no search of its own",
		    name, size, base);
		if (pl->err)
			add(lines, "result: refused (%s): %s",
			    g_strerror(-pl->err), pl->why ? pl->why : "");
		goto out;
	}
	add(lines, "area \"%s\": cma_declare_contiguous_nid(size %s, base %s, limit %s, alignment %#" PRIx64 ", %s, node %d)",
	    name, size, base, limit, (uint64_t)pl->req_alignment,
	    pl->req_fixed ? "fixed" : "not fixed", pl->nid);
	limit_source(sim, pl, lines);
	if (pl->err && !pl->nr_passes) {
		add(lines, "result: refused before any search (%s): %s",
		    g_strerror(-pl->err), pl->why ? pl->why : "");
		goto out;
	}
	add(lines, "alignment %s: the larger of the one asked for and CMA_MIN_ALIGNMENT_BYTES (%s, one pageblock: PAGE_SIZE << pageblock_order)",
	    align, min_align);
	if (pl->size != pl->req_size) {
		gchar *s2 = cli_size_str(pl->size);

		add(lines, "size rounded up to the alignment: %s", s2);
		g_free(s2);
	}
	b2 = pa(sim, pl->base);
	l2 = pa(sim, pl->limit);
	end = pa(sim, pl->memblock_end);
	if (pl->req_limit == 0 || pl->req_limit > pl->memblock_end)
		add(lines, "limit %s: a limit of 0 or past the end of DRAM means the end of DRAM",
		    l2);
	else if (pl->limit != pl->req_limit)
		add(lines, "limit %s: rounded down to the alignment", l2);
	if (pl->req_fixed && !pl->fixed)
		add(lines, "base 0 is never fixed: the area may go anywhere below the limit");
	else if (!pl->fixed && pl->req_base)
		add(lines, "base %s is not fixed (cma=size@base-limit): it bounds the fallback pass only",
		    b2);
	g_free(b2);
	g_free(l2);
	g_free(end);
	no_4g_pass(sim, pl, lines);
	for (unsigned int i = 0; i < pl->nr_passes; i++) {
		describe_pass(sim, &pl->passes[i], i + 1, fallback, pl->nid,
			      lines);
		fallback = true;
	}
	if (pl->err) {
		add(lines, "result: failed (%s): %s", g_strerror(-pl->err),
		    pl->why ? pl->why : "");
	} else {
		gchar *at = pa(sim, pl->placed);
		unsigned int by = 0;

		for (unsigned int i = 0; i < pl->nr_passes; i++)
			if (pl->passes[i].found && pl->passes[i].addr == pl->placed)
				by = i + 1;
		if (by)
			add(lines, "result: placed at %s by pass %u", at, by);
		else
			add(lines, "result: placed at %s", at);
		g_free(at);
	}
out:
	g_free(name);
	g_free(size);
	g_free(base);
	g_free(limit);
	g_free(align);
	g_free(min_align);
	return lines;
}
