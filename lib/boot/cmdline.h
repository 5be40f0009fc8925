/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot command line, parsed as the kernel's early_param handlers parse
 * it (kernel/dma/contiguous.c early_cma, early_numa_cma, early_cma_pernuma;
 * kernel/dma/pool.c early_coherent_pool; lib/cmdline.c memparse; mm/memblock.c early_memblock; arch mem=;
 * mm/mm_init.c cmdline_parse_kernelcore/movablecore; mm/hugetlb.c
 * cmdline_parse_hugetlb_cma).  Parsing has no side
 * effects on the machine: boot applies the result.
 */
#ifndef CMS_CMDLINE_H
#define CMS_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/machine.h>

#include "dma/mapping.h"
#include "mm/mmzone.h"	/* struct cms_core_param */
#include "mm/hugetlb.h"	/* struct cms_hugetlb_cmdline */

struct cmasim;

struct cmasim;

/* 32-bit arm mem=size[@start]: each occurrence adds a bank. */
struct cms_mem_bank {
	uint64_t start;		/* meaningful only when start_given */
	uint64_t size;
	bool start_given;	/* false: PHYS_OFFSET, the machine's */
};

struct cms_cmdline {
	char *raw;			/* the whole command line, copied */

	/* cma=, numa_cma=, cma_pernuma=, coherent_pool=: the DMA layer's */
	struct cms_dma_cmdline dma;

	/* mem= */
	bool mem_given;
	uint64_t mem_limit;
	char *mem_word;			/* the mem= that set mem_limit */

	bool memblock_debug;		/* memblock=debug */

	/* x86 parse_memopt: userdef is set even when mem= is refused. */
	bool mem_userdef;
	uint64_t mem_max;		/* x86 max_mem_size: the last mem= */
	struct cms_mem_bank *mem_banks;	/* 32-bit arm only */
	size_t nr_mem_banks, mem_banks_cap;

	/*
	 * A handler the kernel would crash in (NULL value passed to
	 * memparse or dereferenced): parsing stopped there, as the boot
	 * would.  oops_param is the parameter name, NULL when none.
	 */
	bool oops;
	char *oops_param;

	/* The line was longer than COMMAND_LINE_SIZE - 1 and was cut. */
	bool truncated;

	/*
	 * print_unknown_bootoptions(): the words passed to init, arguments
	 * then environment, space-separated; NULL when there are none, or
	 * too many (the kernel then panics instead of printing them)
	 */
	char *unknown_options;

	struct cms_core_param kernelcore;
	struct cms_core_param movablecore;

	/* hugetlb_cma=: mm/hugetlb.c's */
	struct cms_hugetlb_cmdline hugetlb;
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
 * A NULL @cmdline parses as "".  Kernel lines go to dmesg while parsing.
 * Return: 0 and *out (free with cms_cmdline_free); -EINVAL @out is NULL;
 * -ENOMEM.
 */
int cms_cmdline_parse(struct cmasim *sim, const char *cmdline,
		      struct cms_cmdline **out);
void cms_cmdline_free(struct cms_cmdline *cl);

#endif /* CMS_CMDLINE_H */
