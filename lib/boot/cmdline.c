// SPDX-License-Identifier: GPL-2.0-only
/*
 * The boot command line as the early_param() handlers see it.  Splits the
 * line into words the way kernel/params.c parse_args() and lib/cmdline.c
 * next_arg() do (quotes, "--", '-' == '_' in names), dispatches each word
 * as init/main.c do_early_param() does, and runs our models of the
 * handlers that matter for memory: early_cma, early_numa_cma and
 * early_cma_pernuma (kernel/dma/contiguous.c), early_coherent_pool
 * (kernel/dma/pool.c), early_memblock (mm/memblock.c), mem=
 * (arch/x86/kernel/e820.c parse_memopt,
 * arch/arm64/mm/init.c early_mem, arch/arm/kernel/setup.c early_mem) and
 * kernelcore=/movablecore= (mm/mm_init.c on 6.12, mm/page_alloc.c on 6.1)
 * and hugetlb_cma= (mm/hugetlb.c cmdline_parse_hugetlb_cma).
 * Numbers go through our memparse(), which follows lib/cmdline.c memparse
 * and lib/vsprintf.c simple_strtoull bit for bit, overflow included.
 *
 * The result is a struct (boot/cmdline.h) that boot keeps and applies
 * (cmasim_cmdline_set() in boot/setup.c); parsing changes nothing else.
 * Lines the kernel prints while parsing go to dmesg; everything the
 * kernel silently ignores, misreads or overrides is explained on the
 * diagnostics channel.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "boot/cmdline.h"
#include "boot/grow.h"

/* ---- Kernel ctype (lib/ctype.c): 0xa0 is white space too ---- */

static bool k_isspace(char c)
{
	unsigned char u = (unsigned char)c;

	return (u >= 9 && u <= 13) || u == ' ' || u == 0xa0;
}

static bool k_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static bool k_isxdigit(char c)
{
	char l = (char)(c | 0x20);

	return k_isdigit(c) || (l >= 'a' && l <= 'f');
}

static char *k_skip_spaces(char *s)
{
	while (k_isspace(*s))
		s++;
	return s;
}

/* ---- Numbers: simple_strtoull and memparse ---- */

struct num_info {
	unsigned int base;	/* the base actually used */
	bool overflow;		/* digits overflowed 64 bits (value wrapped) */
	bool shift_lost;	/* the K/M/G... shift pushed bits out */
	size_t digits;		/* digits consumed (prefix excluded) */
	char suffix;		/* the suffix consumed, or 0 */
};

/*
 * simple_strntoull() with an unlimited field: base 0 auto-detects "0x"
 * (only when a hex digit follows) and a leading '0' (octal).  No sign, no
 * white space.  Overflow wraps and every digit is still consumed.
 */
static uint64_t k_strtoull(const char *s, const char **end, unsigned int base,
			   struct num_info *ni)
{
	uint64_t res = 0;
	const char *cp = s;

	if (base == 0) {
		if (s[0] == '0') {
			if ((s[1] | 0x20) == 'x' && k_isxdigit(s[2]))
				base = 16;
			else
				base = 8;
		} else {
			base = 10;
		}
	}
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		cp += 2;
	ni->base = base;
	for (;; cp++) {
		unsigned char c = (unsigned char)*cp;
		unsigned char lc = c | 0x20;
		unsigned int val;

		if (c >= '0' && c <= '9')
			val = c - '0';
		else if (lc >= 'a' && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if (res > (UINT64_MAX - val) / base)
			ni->overflow = true;
		res = res * base + val;
		ni->digits++;
	}
	*end = cp;
	return res;
}

static uint64_t memparse_info(const char *s, const char **end,
			      struct num_info *ni)
{
	const char *e;
	uint64_t v;
	unsigned int shift = 0;

	memset(ni, 0, sizeof(*ni));
	v = k_strtoull(s, &e, 0, ni);
	switch (*e) {
	case 'E': case 'e':
		shift += 10;
		/* fall through */
	case 'P': case 'p':
		shift += 10;
		/* fall through */
	case 'T': case 't':
		shift += 10;
		/* fall through */
	case 'G': case 'g':
		shift += 10;
		/* fall through */
	case 'M': case 'm':
		shift += 10;
		/* fall through */
	case 'K': case 'k':
		shift += 10;
		ni->suffix = *e;
		e++;
		break;
	default:
		break;
	}
	if (shift) {
		if (v >> (64 - shift))
			ni->shift_lost = true;
		v <<= shift;
	}
	*end = e;
	return v;
}

uint64_t cms_memparse(const char *s, const char **end)
{
	struct num_info ni;
	const char *e;
	uint64_t v = memparse_info(s, &e, &ni);

	if (end)
		*end = e;
	return v;
}

/* ---- Parse context ---- */

enum cl_param {
	P_CMA,
	P_NUMA_CMA,
	P_PERNUMA,
	P_COHERENT_POOL,
	P_MEM,
	P_MEMBLOCK,
	P_KERNELCORE,
	P_MOVABLECORE,
	P_HUGETLB_CMA,
	P_COUNT
};

static const char *const param_names[P_COUNT] = {
	[P_CMA] = "cma",
	[P_NUMA_CMA] = "numa_cma",
	[P_PERNUMA] = "cma_pernuma",
	[P_COHERENT_POOL] = "coherent_pool",
	[P_MEM] = "mem",
	[P_MEMBLOCK] = "memblock",
	[P_KERNELCORE] = "kernelcore",
	[P_MOVABLECORE] = "movablecore",
	[P_HUGETLB_CMA] = "hugetlb_cma",
};

struct cl_ctx {
	struct cmasim *sim;
	struct cms_cmdline *cl;
	unsigned int count[P_COUNT];
	char *last[P_COUNT];		/* text of the previous occurrence */
	bool phys32;			/* phys_addr_t is 32 bits wide */
	bool long32;			/* unsigned long is 32 bits wide */
	/* the words passed to init: argv_init and envp_init after init's */
	GPtrArray *init_argv, *init_envp;
	bool init_overflow;		/* more than INIT_ENV_ARG_LIMIT */
};

/* "name=value" or "name" as the user wrote it, for messages. */
static char *word_text(const char *param, const char *val)
{
	return val ? g_strdup_printf("%s=%s", param, val) : g_strdup(param);
}

static uint64_t to_phys(const struct cl_ctx *c, uint64_t v)
{
	return c->phys32 ? (uint32_t)v : v;
}

static uint64_t to_ulong(const struct cl_ctx *c, uint64_t v)
{
	return c->long32 ? (uint32_t)v : v;
}

/*
 * Explain how memparse read @start (the part of @word that was parsed)
 * up to @end.  @what names the field ("size", "base", ...).  @stop_ok
 * lists the characters the handler goes on with; anything else left
 * over is trailing text the handler silently drops.
 */
static void explain_number(struct cl_ctx *c, const char *word,
			   const char *what, const char *start,
			   const char *end, const struct num_info *ni,
			   uint64_t value, const char *stop_ok)
{
	struct cmasim *sim = c->sim;

	if (!ni->digits)
		cms_explain(sim, "%s: %s '%.*s' has no number: memparse reads 0",
			    word, what, (int)strcspn(start, stop_ok ? stop_ok : ""),
			    start);
	else if (ni->base == 8 && (ni->digits > 1 || k_isdigit(*end)))
		cms_explain(sim, "%s: %s '%.*s' starts with 0 and is read as octal: %" PRIu64,
			    word, what, (int)(end - start), start, value);
	if (ni->overflow)
		cms_explain(sim, "%s: %s '%.*s' overflows 64 bits: the kernel wraps it to %#" PRIx64,
			    word, what, (int)(end - start), start, value);
	if (ni->shift_lost)
		cms_explain(sim, "%s: %s '%.*s': the '%c' suffix shifts bits out of 64: the kernel keeps %#" PRIx64,
			    word, what, (int)(end - start), start, ni->suffix,
			    value);
	if (*end && (!stop_ok || !strchr(stop_ok, *end)))
		cms_explain(sim, "%s: trailing '%s' ignored by memparse",
			    word, end);
}

static void explain_phys_trunc(struct cl_ctx *c, const char *word,
			       const char *what, uint64_t v)
{
	if (c->phys32 && v > UINT32_MAX)
		cms_explain(c->sim, "%s: %s %#" PRIx64 " does not fit the 32-bit phys_addr_t: the kernel keeps %#" PRIx64,
			    word, what, v, (uint64_t)(uint32_t)v);
}

static void kernel_oops(struct cl_ctx *c, const char *param,
			const char *handler)
{
	c->cl->oops = true;
	c->cl->oops_param = g_strdup(param);
	cms_explain(c->sim, "%s (no '='): %s() dereferences the NULL value: the kernel crashes at boot; parsing stops here",
		    param, handler);
}

static void malformed(struct cl_ctx *c, const char *param)
{
	/* init/main.c do_early_param(), no prefix */
	cms_printk(c->sim, CMASIM_LOG_WARNING, "Malformed early option '%s'",
		   param);
}

/* ---- kernel/dma/contiguous.c ---- */

static int early_cma(struct cl_ctx *c, const char *param, const char *val,
		     const char *word)
{
	struct cms_dma_cmdline *cl = &c->cl->dma;
	struct num_info ni;
	const char *p, *e;
	uint64_t v;

	if (!val) {
		cms_printk(c->sim, CMASIM_LOG_ERR,
			   "cma: Config string not provided");
		cms_explain(c->sim, "%s (no '='): early_cma() gets no value: -EINVAL, earlier cma= settings stay",
			    word);
		return -EINVAL;
	}
	v = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, v, "@");
	explain_phys_trunc(c, word, "size", v);
	cl->cma_given = true;
	cl->cma_size = to_phys(c, v);
	if (cl->cma_size == 0)
		cms_explain(c->sim, "%s: size 0 disables the default CMA area (the Kconfig default and DT linux,cma-default are not used)",
			    word);
	if (*e != '@') {
		if (c->count[P_CMA] > 1 && (cl->cma_base || cl->cma_limit))
			cms_explain(c->sim, "%s: no '@': base %#" PRIx64 " and limit %#" PRIx64 " from an earlier cma= stay",
				    word, cl->cma_base, cl->cma_limit);
		return 0;
	}
	p = e + 1;
	v = memparse_info(p, &e, &ni);
	explain_number(c, word, "base", p, e, &ni, v, "-");
	explain_phys_trunc(c, word, "base", v);
	cl->cma_base = to_phys(c, v);
	if (*e != '-') {
		uint64_t lim = to_phys(c, cl->cma_base + cl->cma_size);

		if (lim < cl->cma_base)
			cms_explain(c->sim, "%s: base + size wraps around: limit becomes %#" PRIx64,
				    word, lim);
		cl->cma_limit = lim;
		if (cl->cma_base == 0)
			cms_explain(c->sim, "%s: base 0 is not a fixed placement: the area may go anywhere below %#" PRIx64,
				    word, lim);
		else
			cms_explain(c->sim, "%s: fixed placement at %#" PRIx64 " (base + size == limit)",
				    word, cl->cma_base);
		return 0;
	}
	p = e + 1;
	v = memparse_info(p, &e, &ni);
	explain_number(c, word, "limit", p, e, &ni, v, NULL);
	explain_phys_trunc(c, word, "limit", v);
	cl->cma_limit = to_phys(c, v);
	if (cl->cma_limit == 0)
		cms_explain(c->sim, "%s: limit 0 means no limit (the arch's DMA limit applies)",
			    word);
	else if (to_phys(c, cl->cma_base + cl->cma_size) == cl->cma_limit)
		cms_explain(c->sim, "%s: base + size == limit, so the kernel treats it as a fixed placement",
			    word);
	return 0;
}

static int early_numa_cma(struct cl_ctx *c, const char *param,
			  const char *val, const char *word)
{
	struct cms_dma_cmdline *cl = &c->cl->dma;
	const char *s = val;
	unsigned int entry = 0;

	if (!val) {
		kernel_oops(c, param, "early_numa_cma");
		return 1;
	}
	cl->numa_cma_given = true;
	if (!*s)
		cms_explain(c->sim, "%s: empty list: no node gets an area", word);
	while (*s) {
		const char *q = s, *digits, *e;
		struct num_info ni = { 0 };
		uint64_t nid, size, raw;

		/* sscanf("%lu%n"): skips white space, then decimal digits */
		while (k_isspace(*q))
			q++;
		digits = q;
		if (!k_isdigit(*q)) {
			if (*q && !entry)
				cms_explain(c->sim, "%s: node id must be decimal: whole parameter ignored",
					    word);
			else if (*q)
				cms_explain(c->sim, "%s: node id must be decimal at '%s': this entry and the rest ignored (earlier entries kept)",
					    word, s);
			else
				cms_explain(c->sim, "%s: trailing white space ends the list", word);
			break;
		}
		if (q != s)
			cms_explain(c->sim, "%s: white space before node id '%s' skipped by sscanf",
				    word, q);
		raw = k_strtoull(q, &e, 10, &ni);
		nid = to_ulong(c, raw);
		if (ni.overflow || nid != raw)
			cms_explain(c->sim, "%s: node id '%.*s' overflows unsigned long: the kernel reads %" PRIu64,
				    word, (int)(e - digits), digits, nid);
		if (*e != ':') {
			cms_explain(c->sim, "%s: node id %" PRIu64 " must be followed by ':' (found '%s'): %s",
				    word, nid, e, entry ? "this entry and the rest ignored (earlier entries kept)" : "whole parameter ignored");
			break;
		}
		if (nid >= cl->numa_cma_nodes) {
			cms_explain(c->sim, "%s: node %" PRIu64 " >= MAX_NUMNODES (%u): %s",
				    word, nid, cl->numa_cma_nodes, entry ? "this entry and the rest ignored (earlier entries kept)" : "whole parameter ignored");
			break;
		}
		s = e + 1;
		raw = memparse_info(s, &e, &ni);
		explain_number(c, word, "size", s, e, &ni, raw, ",");
		size = to_phys(c, to_ulong(c, raw));
		if (cl->numa_cma_size[nid] && cl->numa_cma_size[nid] != size)
			cms_explain(c->sim, "%s: node %" PRIu64 " given again: %#" PRIx64 " replaces %#" PRIx64,
				    word, nid, size, cl->numa_cma_size[nid]);
		if (!size)
			cms_explain(c->sim, "%s: node %" PRIu64 " size 0: no area for that node",
				    word, nid);
		cl->numa_cma_size[nid] = size;
		entry++;
		s = e;
		if (*s != ',') {
			/* explain_number already named trailing text */
			break;
		}
		s++;
	}
	return 0;
}

static int early_cma_pernuma(struct cl_ctx *c, const char *param,
			     const char *val, const char *word)
{
	struct num_info ni;
	const char *e;
	uint64_t v;

	if (!val) {
		kernel_oops(c, param, "early_cma_pernuma");
		return 1;
	}
	v = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, v, NULL);
	explain_phys_trunc(c, word, "size", v);
	c->cl->dma.pernuma_given = true;
	c->cl->dma.pernuma_size = to_phys(c, v);
	if (!c->cl->dma.pernuma_size)
		cms_explain(c->sim, "%s: size 0: no per-node areas", word);
	return 0;
}

/* ---- kernel/dma/pool.c ---- */

static int early_coherent_pool(struct cl_ctx *c, const char *param,
			       const char *val, const char *word)
{
	struct num_info ni;
	const char *e;
	uint64_t v;

	if (!val) {
		/*
		 * Differs from the kernel, whose early_coherent_pool() hands
		 * the NULL value to memparse() and crashes: the word is
		 * ignored, as cmasim always did.
		 */
		cms_explain(c->sim, "%s (no '='): early_coherent_pool() would pass NULL to memparse() and crash the kernel; ignored here",
			    word);
		return 0;
	}
	v = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, v, NULL);
	c->cl->dma.atomic_pool_size = v;
	if (!v)
		cms_explain(c->sim, "%s: size 0: the pools keep their default size (128 KiB per GiB of RAM)",
			    word);
	return 0;
}

/* ---- mem= ---- */

static int mem_x86(struct cl_ctx *c, const char *param, const char *val,
		   const char *word)
{
	struct cms_cmdline *cl = c->cl;
	struct num_info ni;
	const char *e;
	uint64_t v;

	if (!val) {
		cms_explain(c->sim, "%s (no '='): parse_memopt() refuses it", word);
		return -EINVAL;
	}
	if (!strcmp(val, "nopentium")) {
		cms_printk(c->sim, CMASIM_LOG_WARNING,
			   "mem=nopentium ignored! (only supported on x86_32)");
		return -EINVAL;
	}
	cl->mem_userdef = true;
	v = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, v, NULL);
	if (v == 0) {
		cms_explain(c->sim, "%s: size 0 is refused (memory is not limited), but the e820 map is still printed as user-defined",
			    word);
		return -EINVAL;
	}
	/* e820__range_remove(v, ULLONG_MAX - v, E820_TYPE_RAM, 1) */
	cms_printk(c->sim, CMASIM_LOG_DEBUG,
		   "e820: remove [mem %#010" PRIx64 "-%#010" PRIx64 "] usable",
		   v, UINT64_MAX - 1);
	if (cl->mem_given && v > cl->mem_limit)
		cms_explain(c->sim, "%s: RAM above %#" PRIx64 " was already removed by an earlier mem=: the smallest mem= wins",
			    word, cl->mem_limit);
	if (!cl->mem_given || v < cl->mem_limit) {
		cl->mem_limit = v;
		g_free(cl->mem_word);
		cl->mem_word = g_strdup(word);
	}
	cl->mem_given = true;
	cl->mem_max = v;
	return 0;
}

static int mem_arm64(struct cl_ctx *c, const char *param, const char *val,
		     const char *word)
{
	struct cms_cmdline *cl = c->cl;
	struct num_info ni;
	const char *e;
	uint64_t v;

	if (!val) {
		cms_explain(c->sim, "%s (no '='): early_mem() refuses it", word);
		return 1;
	}
	v = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, v, NULL);
	v &= ~(c->sim->page_size - 1);
	cl->mem_given = true;
	cl->mem_limit = v;
	cms_printk(c->sim, CMASIM_LOG_NOTICE, "Memory limited to %lldMB",
		   (long long)(v >> 20));
	if (v == 0)
		cms_explain(c->sim, "%s: limit 0: memblock_mem_limit_remove_map(0) does nothing, memory is not limited",
			    word);
	return 0;
}

static int mem_arm(struct cl_ctx *c, const char *param, const char *val,
		   const char *word)
{
	struct cms_cmdline *cl = c->cl;
	struct cms_mem_bank b = { 0 }, *slot;
	struct num_info ni;
	const char *e, *p;

	if (!val) {
		kernel_oops(c, param, "early_mem");
		return 1;
	}
	if (!cl->nr_mem_banks)
		cms_explain(c->sim, "%s: the first mem= drops every memory bank the firmware described",
			    word);
	b.size = memparse_info(val, &e, &ni);
	explain_number(c, word, "size", val, e, &ni, b.size, "@");
	if (*e == '@') {
		p = e + 1;
		b.start = memparse_info(p, &e, &ni);
		b.start_given = true;
		explain_number(c, word, "start", p, e, &ni, b.start, NULL);
	}
	slot = cms_boot_grow((void **)&cl->mem_banks, &cl->nr_mem_banks,
			     &cl->mem_banks_cap, sizeof(*slot));
	if (!slot) {
		cms_explain(c->sim, "%s: no host memory for another bank: ignored",
			    word);
		return 0;
	}
	*slot = b;
	cl->mem_given = true;
	return 0;
}

/* ---- mm/memblock.c ---- */

static int early_memblock(struct cl_ctx *c, const char *param,
			  const char *val, const char *word)
{
	if (!val) {
		cms_explain(c->sim, "%s (no '='): early_memblock() ignores it",
			    word);
		return 0;
	}
	if (strstr(val, "debug")) {
		if (strcmp(val, "debug"))
			cms_explain(c->sim, "%s: any value containing 'debug' turns memblock debugging on",
				    word);
		c->cl->memblock_debug = true;
	} else {
		cms_explain(c->sim, "%s: only a value containing 'debug' does anything: ignored",
			    word);
	}
	return 0;
}

/* ---- kernelcore= / movablecore= ---- */

static bool option_str(const char *str, const char *option)
{
	size_t n = strlen(option);

	while (*str) {
		if (!strncmp(str, option, n)) {
			str += n;
			if (!*str || *str == ',')
				return true;
		}
		while (*str && *str != ',')
			str++;
		if (*str == ',')
			str++;
	}
	return false;
}

static int parse_core(struct cl_ctx *c, struct cms_core_param *core,
		      const char *val, const char *word)
{
	struct num_info ni = { 0 };
	const char *e;
	uint64_t v;

	if (!val)
		return -EINVAL;
	v = k_strtoull(val, &e, 0, &ni);
	if (*e == '%') {
		if (v > 100)
			cms_explain(c->sim, "%s: percentage above 100: the kernel warns (WARN_ON backtrace, not modelled) and keeps %" PRIu64,
				    word, to_ulong(c, v));
		if (e[1])
			cms_explain(c->sim, "%s: trailing '%s' ignored", word, e + 1);
		if (!ni.digits)
			cms_explain(c->sim, "%s: no number before '%%': percent 0, the value is ignored",
				    word);
		else if (ni.base == 8 && ni.digits > 1)
			cms_explain(c->sim, "%s: starts with 0 and is read as octal: %" PRIu64 "%%",
				    word, v);
		if (core->pages && v)
			cms_explain(c->sim, "%s: a percentage overrides the earlier byte value",
				    word);
		core->percent_ul = to_ulong(c, v);
		core->percent = core->percent_ul > UINT_MAX ? UINT_MAX :
				(unsigned int)core->percent_ul;
		core->percent_given = core->percent_ul != 0;
	} else {
		v = memparse_info(val, &e, &ni);
		explain_number(c, word, "size", val, e, &ni, v, NULL);
		core->bytes = v;
		core->pages = to_ulong(c, v >> c->sim->page_shift);
		if (c->long32 && (v >> c->sim->page_shift) > UINT32_MAX)
			cms_explain(c->sim, "%s: page count does not fit unsigned long: the kernel warns and truncates",
				    word);
		core->percent_ul = 0;
		core->percent = 0;
		core->percent_given = false;
	}
	core->given = true;
	return 0;
}

static int kernelcore(struct cl_ctx *c, const char *param, const char *val,
		      const char *word)
{
	if (!val) {
		kernel_oops(c, param, "parse_option_str");
		return 1;
	}
	if (option_str(val, "mirror")) {
		if (strcmp(val, "mirror"))
			cms_explain(c->sim, "%s: 'mirror' found in the comma list: the rest is ignored",
				    word);
		c->cl->kernelcore.mirror = true;
		c->cl->kernelcore.given = true;
		return 0;
	}
	return parse_core(c, &c->cl->kernelcore, val, word);
}

static int movablecore(struct cl_ctx *c, const char *param, const char *val,
		       const char *word)
{
	if (!val)
		cms_explain(c->sim, "%s (no '='): cmdline_parse_core() refuses it",
			    word);
	return parse_core(c, &c->cl->movablecore, val, word);
}

/* ---- mm/hugetlb.c ---- */

/*
 * cmdline_parse_hugetlb_cma(): "<size>" or "<nid>:<size>[,<nid>:<size>...]".
 * Each occurrence adds to what earlier ones left (the kernel writes its
 * static variables): a node entry sets that node's size and adds it to
 * the total; a plain size replaces the total, and it is read with
 * memparse from the start of the value, whatever node entries came first.
 */
static int early_hugetlb_cma(struct cl_ctx *c, const char *param,
			     const char *val, const char *word)
{
	struct cms_hugetlb_cmdline *h = &c->cl->hugetlb;
	const char *s = val;

	if (!val) {
		kernel_oops(c, param, "cmdline_parse_hugetlb_cma");
		return 1;
	}
	h->given = true;
	while (*s) {
		const char *q = s, *e;
		struct num_info ni = { 0 };
		uint64_t tmp, raw;

		/* sscanf("%lu%n"): white space, then decimal digits */
		while (k_isspace(*q))
			q++;
		if (!k_isdigit(*q)) {
			cms_explain(c->sim, "%s: '%s' is neither a size nor <node>:<size>: %s",
				    word, s, s == val ? "ignored" :
				    "the rest is ignored (earlier entries kept)");
			break;
		}
		raw = k_strtoull(q, &e, 10, &ni);
		tmp = to_ulong(c, raw);
		if (*e == ':') {
			unsigned int nid;

			if (tmp >= h->nodes) {
				cms_explain(c->sim, "%s: node %" PRIu64 " >= MAX_NUMNODES (%u): %s",
					    word, tmp, h->nodes, s == val ?
					    "ignored" : "the rest is ignored (earlier entries kept)");
				break;
			}
			nid = (unsigned int)tmp;
			s = e + 1;
			raw = memparse_info(s, &e, &ni);
			explain_number(c, word, "size", s, e, &ni, raw, ",");
			tmp = to_ulong(c, raw);
			h->size_in_node[nid] = tmp;
			h->size = to_ulong(c, h->size + tmp);
			s = e;
			if (*s != ',')
				break;
			s++;
		} else {
			/* the total, from the start of the value */
			raw = memparse_info(val, &e, &ni);
			explain_number(c, word, "size", val, e, &ni, raw, NULL);
			if (s != val)
				cms_explain(c->sim, "%s: '%s' has no node: the kernel reads the total from the start of the value, %" PRIu64 " bytes, and keeps the node entries before it",
					    word, s, to_ulong(c, raw));
			h->size = to_ulong(c, raw);
			break;
		}
	}
	return 0;
}

/* ---- Dispatch (init/main.c do_early_param) ---- */

/* parameq(): '-' and '_' are the same in names; otherwise exact. */
static bool k_parameq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '-' ? '_' : *a;
		char y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

/* Why @p is not an early parameter of this kernel, or NULL if it is. */
static const char *param_absent(const struct cl_ctx *c, enum cl_param p,
				char *buf, size_t len)
{
	struct cmasim *sim = c->sim;
	bool dma_cma = cms_knob(sim, CMS_KNOB_CMA) &&
		       cms_knob(sim, CMS_KNOB_DMA_CMA);

	switch (p) {
	case P_CMA:
		return dma_cma ? NULL : "needs CONFIG_DMA_CMA=y";
	case P_NUMA_CMA:
		if (!sim->ver->has_numa_cma) {
			g_snprintf(buf, len, "is not a Linux %s parameter",
				   sim->ver->name);
			return buf;
		}
		return dma_cma && cms_knob(sim, CMS_KNOB_NUMA) &&
		       cms_knob(sim, CMS_KNOB_DMA_NUMA_CMA) ? NULL :
		       "needs CONFIG_DMA_NUMA_CMA=y";
	case P_PERNUMA:
		if (sim->ver->has_numa_cma)
			return dma_cma && cms_knob(sim, CMS_KNOB_NUMA) &&
			       cms_knob(sim, CMS_KNOB_DMA_NUMA_CMA) ? NULL :
			       "needs CONFIG_DMA_NUMA_CMA=y";
		/* 6.1: DMA_PERNUMA_CMA sits under DMA_CMA, no NUMA needed */
		return dma_cma && cms_knob(sim, CMS_KNOB_DMA_PERNUMA_CMA) ?
		       NULL : "needs CONFIG_DMA_PERNUMA_CMA=y";
	case P_HUGETLB_CMA:
		return cms_knob(sim, CMS_KNOB_CMA) &&
		       cms_knob(sim, CMS_KNOB_HUGETLB_PAGE) ? NULL :
		       "needs CONFIG_CMA=y and CONFIG_HUGETLB_PAGE=y";
	default:
		return NULL;
	}
}

static void note_repeat(struct cl_ctx *c, enum cl_param p, const char *word)
{
	const char *name = param_names[p];

	if (c->count[p] > 1) {
		switch (p) {
		case P_NUMA_CMA:
			cms_explain(c->sim, "%s= given again (%s after %s): entries add up, a node given twice keeps the last size",
				    name, word, c->last[p]);
			break;
		case P_MEMBLOCK:
			break;
		case P_HUGETLB_CMA:
			cms_explain(c->sim, "%s= given again (%s after %s): node entries add up, a plain size replaces the total",
				    name, word, c->last[p]);
			break;
		case P_MEM:
			if (c->sim->arch->mem_param == CMS_MEM_PARSE_MEMOPT)
				cms_explain(c->sim, "%s= given again (%s after %s): each one removes RAM above its size, so the smallest wins",
					    name, word, c->last[p]);
			else if (c->sim->arch->mem_param == CMS_MEM_BANKS)
				cms_explain(c->sim, "%s= given again (%s after %s): on arm each mem= adds a memory bank",
					    name, word, c->last[p]);
			else
				cms_explain(c->sim, "%s= given twice: the last (%s) wins",
					    name, word);
			break;
		default:
			cms_explain(c->sim, "%s= given twice: the last (%s) wins",
				    name, word);
			break;
		}
	}
	g_free(c->last[p]);
	c->last[p] = g_strdup(word);
}

static int run_handler(struct cl_ctx *c, enum cl_param p, const char *param,
		       const char *val, const char *word)
{
	switch (p) {
	case P_CMA:
		return early_cma(c, param, val, word);
	case P_NUMA_CMA:
		return early_numa_cma(c, param, val, word);
	case P_PERNUMA:
		return early_cma_pernuma(c, param, val, word);
	case P_COHERENT_POOL:
		return early_coherent_pool(c, param, val, word);
	case P_MEM:
		switch (c->sim->arch->mem_param) {
		case CMS_MEM_PARSE_MEMOPT:
			return mem_x86(c, param, val, word);
		case CMS_MEM_LIMIT:
			return mem_arm64(c, param, val, word);
		default:
			return mem_arm(c, param, val, word);
		}
	case P_MEMBLOCK:
		return early_memblock(c, param, val, word);
	case P_KERNELCORE:
		return kernelcore(c, param, val, word);
	case P_MOVABLECORE:
		return movablecore(c, param, val, word);
	case P_HUGETLB_CMA:
		return early_hugetlb_cma(c, param, val, word);
	default:
		return 0;
	}
}

/* Returns whether a parameter of this kernel took the word. */
static bool do_early_param(struct cl_ctx *c, const char *param,
			   const char *val)
{
	char *word = word_text(param, val);
	bool known = false;

	for (int p = 0; p < P_COUNT; p++) {
		char absent[64];
		const char *why;
		int ret;

		if (!k_parameq(param, param_names[p])) {
			if (!g_ascii_strcasecmp(param, param_names[p]))
				cms_explain(c->sim, "%s: parameter names are case-sensitive: not %s=, passed to init, no effect",
					    word, param_names[p]);
			continue;
		}
		why = param_absent(c, p, absent, sizeof(absent));
		if (why) {
			cms_explain(c->sim, "%s= %s: passed to init, no effect (%s)",
				    param_names[p], why, word);
			continue;
		}
		known = true;
		if (strcmp(param, param_names[p]))
			cms_explain(c->sim, "%s: '-' and '_' are equal in names: read as %s",
				    word, param_names[p]);
		if (val) {
			c->count[p]++;
			note_repeat(c, p, word);
		}
		ret = run_handler(c, p, param, val, word);
		if (ret && !c->cl->oops)
			malformed(c, param);
	}
	g_free(word);
	return known;
}

/* ---- Words for init (init/main.c unknown_bootoption) ---- */

/* CONFIG_INIT_ENV_ARG_LIMIT: MAX_INIT_ARGS and MAX_INIT_ENVS */
#define INIT_ENV_ARG_LIMIT 32

/*
 * Kernel parameters outside the model that the capture kernels register
 * (early_param, __setup, core_param) for every configuration: parse_args()
 * gives them to their handlers, so they never reach init.  @with_val: the
 * kernel registers "name=", which takes only a word with a value.  The
 * kernels know many more; any other name is taken for unknown
 * (docs/differences.md).
 */
static const struct {
	const char *name;
	unsigned int arches, versions;
	bool with_val;
} other_params[] = {
	/* init/main.c, init/do_mounts*.c */
	{ "debug", CMS_AALL, CMS_VALL, false },
	{ "quiet", CMS_AALL, CMS_VALL, false },
	{ "loglevel", CMS_AALL, CMS_VALL, false },
	{ "init", CMS_AALL, CMS_VALL, true },
	{ "rdinit", CMS_AALL, CMS_VALL, true },
	{ "initcall_debug", CMS_AALL, CMS_VALL, false },
	{ "root", CMS_AALL, CMS_VALL, true },
	{ "rootflags", CMS_AALL, CMS_VALL, true },
	{ "rootfstype", CMS_AALL, CMS_VALL, true },
	{ "rootwait", CMS_AALL, CMS_VALL, false },
	{ "rootdelay", CMS_AALL, CMS_VALL, true },
	{ "ro", CMS_AALL, CMS_VALL, false },
	{ "rw", CMS_AALL, CMS_VALL, false },
	{ "initrd", CMS_AALL, CMS_VALL, false },
	{ "noinitrd", CMS_AALL, CMS_VALL, false },
	/* kernel/printk, kernel/panic.c, kernel/smp.c, the serial core */
	{ "console", CMS_AALL, CMS_VALL, true },
	{ "earlycon", CMS_AALL, CMS_VALL, false },
	{ "ignore_loglevel", CMS_AALL, CMS_VALL, false },
	{ "log_buf_len", CMS_AALL, CMS_VALL, false },
	{ "keep_bootcon", CMS_AALL, CMS_VALL, false },
	{ "panic", CMS_AALL, CMS_VALL, false },
	{ "nosmp", CMS_AALL, CMS_VALL, false },
	{ "maxcpus", CMS_AALL, CMS_VALL, false },
	{ "nr_cpus", CMS_AALL, CMS_VALL, false },
	{ "mitigations", CMS_AALL, CMS_VALL, false },
	/* mm/ */
	{ "transparent_hugepage", CMS_AX86 | CMS_AA64, CMS_VALL, true },
	{ "hugepages", CMS_AX86 | CMS_AA64, CMS_VALL, true },
	{ "hugepagesz", CMS_AX86 | CMS_AA64, CMS_VALL, true },
	{ "default_hugepagesz", CMS_AX86 | CMS_AA64, CMS_VALL, true },
	{ "hashdist", CMS_AALL, CMS_VALL, true },
	{ "init_on_alloc", CMS_AALL, CMS_VALL, false },
	{ "init_on_free", CMS_AALL, CMS_VALL, false },
	{ "movable_node", CMS_AALL, CMS_VALL, false },
	{ "memtest", CMS_AALL, CMS_VALL, false },
	{ "swiotlb", CMS_AALL, CMS_VALL, false },
	/* arch/ */
	{ "earlyprintk", CMS_AX86, CMS_VALL, false },
	{ "memmap", CMS_AX86, CMS_VALL, false },
	{ "nopat", CMS_AX86, CMS_VALL, false },
	{ "numa", CMS_AX86 | CMS_AA64, CMS_VALL, false },
	{ "vmalloc", CMS_AARM, CMS_VALL, false },
	/* arm64 6.12 registers it; x86 and arm64 6.1 read it elsewhere */
	{ "nokaslr", CMS_AA64, CMS_V612, false },
};

static bool other_param(const struct cl_ctx *c, const char *param,
			const char *val)
{
	unsigned int arch = cms_arch_class(c->sim->arch->arch);
	unsigned int ver = 1u << c->sim->ver->kernel;

	for (size_t i = 0; i < CMS_ARRAY_SIZE(other_params); i++)
		if ((other_params[i].arches & arch) &&
		    (other_params[i].versions & ver) &&
		    (val || !other_params[i].with_val) &&
		    k_parameq(param, other_params[i].name))
			return true;
	return false;
}

/*
 * unknown_bootoption(): a word no parameter took goes to init, unless the
 * boot loader added it or it names a module's parameter.  Words with a
 * value join the environment (a second one of the same name replaces the
 * first, HOME and TERM included), the others init's arguments.  Past
 * INIT_ENV_ARG_LIMIT of either the kernel stops here and panics in
 * kernel_init(), so it prints none of them.
 */
static void pass_to_init(struct cl_ctx *c, const char *param,
			 const char *val)
{
	size_t len = strlen(param);
	char *word;

	if (val && !strcmp(param, "BOOT_IMAGE"))
		return;
	if (!strncmp(param, "kexec", 5) || other_param(c, param, val) ||
	    memchr(param, '.', len) || c->init_overflow)
		return;
	word = word_text(param, val);
	if (!val) {
		/* argv_init[0] is init itself */
		if (c->init_argv->len >= INIT_ENV_ARG_LIMIT)
			c->init_overflow = true;
		g_ptr_array_add(c->init_argv, word);
		return;
	}
	/* envp_init[0] and [1] are HOME=/ and TERM=linux */
	if (!strcmp(param, "HOME") || !strcmp(param, "TERM")) {
		g_free(word);
		return;
	}
	for (guint i = 0; i < c->init_envp->len; i++) {
		const char *e = g_ptr_array_index(c->init_envp, i);

		if (!strncmp(e, word, len + 1)) {
			if (i + 2 >= INIT_ENV_ARG_LIMIT)
				c->init_overflow = true;
			g_free(c->init_envp->pdata[i]);
			c->init_envp->pdata[i] = word;
			return;
		}
	}
	if (c->init_envp->len + 1 >= INIT_ENV_ARG_LIMIT)
		c->init_overflow = true;
	g_ptr_array_add(c->init_envp, word);
}

/* print_unknown_bootoptions()'s text: arguments first, then variables. */
static void unknown_options(struct cmasim *sim, struct cl_ctx *c)
{
	GString *s;

	if (c->init_overflow) {
		cms_explain(sim, "command line: more than %d words for init: the kernel panics in kernel_init() (\"Too many boot init vars\") and prints no \"Unknown kernel command line parameters\" line",
			    INIT_ENV_ARG_LIMIT);
		return;
	}
	if (!c->init_argv->len && !c->init_envp->len)
		return;
	s = g_string_new(NULL);
	for (guint i = 0; i < c->init_argv->len; i++)
		g_string_append_printf(s, " %s",
				       (char *)c->init_argv->pdata[i]);
	for (guint i = 0; i < c->init_envp->len; i++)
		g_string_append_printf(s, " %s",
				       (char *)c->init_envp->pdata[i]);
	c->cl->unknown_options = g_strdup(s->str + 1);
	g_string_free(s, TRUE);
}

/* ---- Splitting (lib/cmdline.c next_arg, kernel/params.c parse_args) ---- */

static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = true;
		quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (k_isspace(args[i]) && !in_quote)
			break;
		/* an '=' at index 0 does not count: equals stays 0 */
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return k_skip_spaces(args);
}

static bool is_ours(const char *param)
{
	for (int p = 0; p < P_COUNT; p++)
		if (k_parameq(param, param_names[p]))
			return true;
	return false;
}

static void explain_quotes(struct cmasim *sim, const char *line)
{
	unsigned int n = 0;

	for (const char *s = line; *s; s++)
		if (*s == '"')
			n++;
	if (n % 2)
		cms_explain(sim, "command line has an unbalanced '\"': everything after it up to the end is one word");
}

void cms_cmdline_free(struct cms_cmdline *cl)
{
	if (!cl)
		return;
	g_free(cl->raw);
	g_free(cl->dma.numa_cma_size);
	g_free(cl->hugetlb.size_in_node);
	g_free(cl->mem_banks);
	g_free(cl->mem_word);
	g_free(cl->oops_param);
	g_free(cl->unknown_options);
	g_free(cl);
}

int cms_cmdline_parse(struct cmasim *sim, const char *cmdline,
		      struct cms_cmdline **out)
{
	struct cl_ctx c = { .sim = sim };
	struct cms_cmdline *cl;
	size_t len, max = sim->arch->command_line_size - 1;
	char *buf, *args, *param, *val;

	if (!out)
		return -EINVAL;
	if (!cmdline)
		cmdline = "";
	cl = g_try_new0(struct cms_cmdline, 1);
	if (!cl)
		return -ENOMEM;
	cl->dma.numa_cma_nodes = sim->max_numnodes;
	cl->dma.numa_cma_size = g_try_new0(uint64_t, cl->dma.numa_cma_nodes);
	cl->hugetlb.nodes = sim->max_numnodes;
	cl->hugetlb.size_in_node = g_try_new0(uint64_t, cl->hugetlb.nodes);
	if (!cl->dma.numa_cma_size || !cl->hugetlb.size_in_node) {
		cms_cmdline_free(cl);
		return -ENOMEM;
	}
	cl->dma.cma_size = UINT64_MAX;

	/* read no further than the kernel keeps, whatever the length */
	len = strnlen(cmdline, max + 1);
	if (len > max) {
		cl->truncated = true;
		cms_explain(sim, "command line is longer than %zu bytes: the kernel keeps the first %zu (COMMAND_LINE_SIZE %zu), the rest is lost",
			    max, max, max + 1);
		len = max;
	}
	cl->raw = g_strndup(cmdline, len);
	buf = g_strdup(cl->raw);
	explain_quotes(sim, buf);

	c.cl = cl;
	c.phys32 = !sim->arch->phys_64bit;
	c.long32 = sim->arch->bits_per_long == 32;
	c.init_argv = g_ptr_array_new_with_free_func(g_free);
	c.init_envp = g_ptr_array_new_with_free_func(g_free);

	args = k_skip_spaces(buf);
	while (*args && !cl->oops) {
		args = next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--")) {
			/* the rest goes to init */
			while (*args) {
				args = next_arg(args, &param, &val);
				if (is_ours(param))
					cms_explain(sim, "%s%s%s: after '--', passed to init, no effect",
						    param, val ? "=" : "", val ? val : "");
			}
			break;
		}
		if (!do_early_param(&c, param, val))
			pass_to_init(&c, param, val);
	}
	if (!cl->oops)
		unknown_options(sim, &c);
	g_ptr_array_free(c.init_argv, TRUE);
	g_ptr_array_free(c.init_envp, TRUE);

	for (int p = 0; p < P_COUNT; p++)
		g_free(c.last[p]);
	g_free(buf);
	*out = cl;
	return 0;
}

/* ---- Public API ---- */

int cmasim_memparse(const char *s, uint64_t *val, size_t *consumed)
{
	const char *end;
	uint64_t v;

	if (!s || !val)
		return -EINVAL;
	v = cms_memparse(s, &end);
	*val = v;
	if (consumed)
		*consumed = (size_t)(end - s);
	return 0;
}
