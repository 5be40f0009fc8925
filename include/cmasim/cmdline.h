/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot command line: memparse() and the early parameters that shape
 * memory (cma=, numa_cma=, cma_pernuma=, coherent_pool=, mem=, memblock=,
 * kernelcore=, movablecore=), parsed as the selected kernel version
 * parses them.
 * Parsing only records what the kernel would store; boot applies it.
 * Input the kernel silently ignores or misreads is explained on the
 * diagnostics channel; lines the kernel prints go to dmesg.
 */
#ifndef CMASIM_CMDLINE_H
#define CMASIM_CMDLINE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/**
 * cmasim_memparse() - the kernel's memparse(): a number in base 0 (0x hex
 * when a hex digit follows, leading 0 octal, else decimal) then at most
 * one suffix K, M, G, T, P or E (either case).
 * @s: text, borrowed.  @val: the value; on 64-bit overflow the kernel's
 * wrapped value.  @consumed: if not NULL, bytes read (0 when @s starts
 * with no digit and no suffix; a lone suffix counts as read).
 *
 * Return: 0; -EINVAL @s or @val is NULL.
 * Mirrors: memparse() in lib/cmdline.c over simple_strtoull().
 */
CMASIM_EXPORT int cmasim_memparse(const char *s, uint64_t *val,
				  size_t *consumed);

/**
 * cmasim_cmdline_set() - parse @cmdline as the kernel's
 * parse_early_param() would and keep the result on @sim, replacing an
 * earlier one.  Kernel lines (e.g. "cma: Config string not provided",
 * "Malformed early option 'cma'") go to dmesg when parsed.  memblock=debug
 * and the DMA layer's parameters (cma=, numa_cma=, cma_pernuma=,
 * coherent_pool=) take effect at once, as their handlers write the
 * kernel's variables while parsing; the rest is applied by boot.
 * @sim: instance.  @cmdline: the whole line, copied; longer than the
 * arch's COMMAND_LINE_SIZE - 1 it is cut as the kernel cuts it.
 *
 * Return: 0; -EINVAL @cmdline is NULL; -EPERM not in the early-boot
 * phase; -ENOMEM host memory exhausted.  On error the earlier result stays.
 * Mirrors: parse_early_param() (init/main.c) and the early_param handlers.
 */
CMASIM_EXPORT int cmasim_cmdline_set(struct cmasim *sim, const char *cmdline);

/**
 * cmasim_cmdline_get_cma() - what cma= left in size_cmdline, base_cmdline
 * and limit_cmdline.  Any pointer may be NULL.  A size of 0 disables CMA.
 *
 * Return: 0; -ENOENT no cma= was applied (or no command line set).
 * Mirrors: early_cma() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_cma(const struct cmasim *sim,
					 uint64_t *size, uint64_t *base,
					 uint64_t *limit);

/**
 * cmasim_cmdline_get_numa_cma() - numa_cma_size[@nid] (0 = no area).
 *
 * Return: 0; -EINVAL @nid >= MAX_NUMNODES; -ENOENT numa_cma= was not
 * given or is not a parameter of this kernel.
 * Mirrors: early_numa_cma() in kernel/dma/contiguous.c (6.6+).
 */
CMASIM_EXPORT int cmasim_cmdline_get_numa_cma(const struct cmasim *sim,
					      unsigned int nid,
					      uint64_t *size);

/**
 * cmasim_cmdline_get_pernuma() - pernuma_size_bytes from cma_pernuma=.
 *
 * Return: 0; -ENOENT not given or not a parameter of this configuration.
 * Mirrors: early_cma_pernuma() in kernel/dma/contiguous.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_pernuma(const struct cmasim *sim,
					     uint64_t *size);

/**
 * cmasim_cmdline_get_mem() - the memory limit from mem=: on x86 the
 * smallest accepted mem= (each one removes RAM above it), on arm64 the
 * last one rounded down to a page.
 *
 * Return: 0; -ENOENT no mem= was accepted; -EOPNOTSUPP 32-bit arm, where
 * mem= adds banks (see cmasim_cmdline_get_mem_bank()).
 * Mirrors: parse_memopt() (arch/x86/kernel/e820.c), early_mem()
 * (arch/arm64/mm/init.c).
 */
CMASIM_EXPORT int cmasim_cmdline_get_mem(const struct cmasim *sim,
					 uint64_t *limit);

/**
 * cmasim_cmdline_get_mem_bank() - 32-bit arm: bank @idx added by the
 * (@idx+1)-th mem=size[@start].  @start_given false means PHYS_OFFSET.
 *
 * Return: 0; -ENOENT no such bank.
 * Mirrors: early_mem() in arch/arm/kernel/setup.c.
 */
CMASIM_EXPORT int cmasim_cmdline_get_mem_bank(const struct cmasim *sim,
					      unsigned int idx,
					      uint64_t *start, uint64_t *size,
					      bool *start_given);

/**
 * cmasim_cmdline_memblock_debug() - whether memblock=debug was seen (any
 * value containing "debug" counts, as in the kernel).
 * Return: true or false.
 * Mirrors: early_memblock() in mm/memblock.c.
 */
CMASIM_EXPORT bool cmasim_cmdline_memblock_debug(const struct cmasim *sim);

/**
 * cmasim_cmdline_get_kernelcore() - kernelcore=: @bytes the last byte
 * value given, @percent the percentage (0 = none), @mirror
 * kernelcore=mirror.  Any pointer may be NULL.
 *
 * Return: 0; -ENOENT not given.
 * Mirrors: cmdline_parse_kernelcore() (mm/mm_init.c, 6.1 mm/page_alloc.c).
 */
CMASIM_EXPORT int cmasim_cmdline_get_kernelcore(const struct cmasim *sim,
						uint64_t *bytes,
						unsigned int *percent,
						bool *mirror);

/**
 * cmasim_cmdline_get_movablecore() - movablecore=, as for kernelcore=.
 *
 * Return: 0; -ENOENT not given.
 * Mirrors: cmdline_parse_movablecore().
 */
CMASIM_EXPORT int cmasim_cmdline_get_movablecore(const struct cmasim *sim,
						 uint64_t *bytes,
						 unsigned int *percent);

/**
 * cmasim_cmdline_oops() - whether the line makes the kernel crash while
 * parsing it (a handler dereferences the NULL value of a bare
 * "numa_cma", "cma_pernuma", "kernelcore" or, on arm, "mem").
 * @param: if not NULL, the parameter name (borrowed).
 *
 * Return: true (parsing stopped at that parameter) or false.
 */
CMASIM_EXPORT bool cmasim_cmdline_oops(const struct cmasim *sim,
				       const char **param);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_CMDLINE_H */
