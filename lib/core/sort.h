/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's sort() (lib/sort.c): an in-place bottom-up heapsort.  It
 * is not stable, so elements that compare equal come out in an order
 * that depends on the algorithm step by step; the reserved-memory table
 * of drivers/of depends on that order (docs/devicetree.md).  Linux 6.12
 * changed the extraction loop (two elements per step); the caller says
 * which one its kernel runs.
 */
#ifndef CMS_SORT_H
#define CMS_SORT_H

#include <stdbool.h>
#include <stddef.h>

/* cmp_r_func_t: negative, 0 or positive, as strcmp(). */
typedef int (*cms_cmp_r_fn)(const void *a, const void *b, const void *priv);

/*
 * sort_r(@base, @num, @size, @cmp, NULL, @priv) of 6.1, or of 6.12 when
 * @extracts_two (the profile's sort_extracts_two).  Elements are swapped
 * bytewise; @size must be at most 256 bytes.
 */
void cms_sort_r(void *base, size_t num, size_t size, cms_cmp_r_fn cmp,
		const void *priv, bool extracts_two);

#endif /* CMS_SORT_H */
