/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot command line, parsed as the kernel's early_param handlers parse
 * it (kernel/dma/contiguous.c early_cma, early_numa_cma, early_cma_pernuma;
 * lib/cmdline.c memparse; mm/memblock.c early_memblock; arch mem=;
 * mm/mm_init.c cmdline_parse_kernelcore/movablecore).  Parsing has no side
 * effects on the machine: boot applies the result.
 */
#ifndef CMS_CMDLINE_H
#define CMS_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

struct cmasim;

/* kernelcore= / movablecore=: bytes, a percentage, or "mirror". */
struct cms_core_param {
	bool given;
	bool mirror;		/* kernelcore=mirror */
	bool percent_given;
	unsigned int percent;	/* nn% */
	uint64_t bytes;
};

struct cms_cmdline {
	char *raw;			/* the whole command line, copied */

	/* cma=: size_cmdline starts at -1 (not given) as in the kernel. */
	bool cma_given;
	uint64_t cma_size;		/* size_cmdline, or UINT64_MAX when not given */
	uint64_t cma_base;		/* base_cmdline */
	uint64_t cma_limit;		/* limit_cmdline */

	/* numa_cma= (6.6+): one size per node id, 0 = none. */
	uint64_t *numa_cma_size;	/* max_numnodes entries */
	unsigned int numa_cma_nodes;	/* array length (sim->max_numnodes) */
	bool numa_cma_given;		/* the parameter was recognised */

	/* cma_pernuma= */
	bool pernuma_given;
	uint64_t pernuma_size;

	/* mem= */
	bool mem_given;
	uint64_t mem_limit;

	bool memblock_debug;		/* memblock=debug */

	struct cms_core_param kernelcore;
	struct cms_core_param movablecore;
};

/*
 * memparse(): simple_strtoull(base 0) then one optional K/M/G/T/P/E
 * suffix.  *end points past what was consumed.
 */
uint64_t cms_memparse(const char *s, const char **end);

/*
 * Parse @cmdline for @sim's kernel version and arch.  Unknown parameters
 * are ignored (the kernel passes them to init); ignored or misread input
 * is reported on the diagnostics channel, never in dmesg.
 * Return: 0 and *out (free with cms_cmdline_free); -ENOMEM.
 */
int cms_cmdline_parse(struct cmasim *sim, const char *cmdline,
		      struct cms_cmdline **out);
void cms_cmdline_free(struct cms_cmdline *cl);

#endif /* CMS_CMDLINE_H */
