/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Growing the boot layer's arrays (a machine's tables, the e820 working
 * copy, 32-bit arm's mem= banks): one element at a time from the caller's
 * side, with room that doubles when it runs out, so that n appends copy
 * O(n) elements in all.  Its own header, so that cmdline.c needs no other
 * boot header (setup.c includes cmdline.h).
 */
#ifndef CMS_BOOT_GROW_H
#define CMS_BOOT_GROW_H

#include <stdint.h>
#include <string.h>

#include <glib.h>

/*
 * Append one zeroed element of @elsize to @arr (*@n in use, room for
 * *@cap), doubling the room when it is full.  Return: the element, or
 * NULL when host memory runs out (@arr unchanged).
 */
static inline void *cms_boot_grow(void **arr, size_t *n, size_t *cap,
				  size_t elsize)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *p;

		if (ncap < *cap || ncap > SIZE_MAX / elsize)
			return NULL;
		p = g_try_realloc(*arr, ncap * elsize);
		if (!p)
			return NULL;
		*arr = p;
		*cap = ncap;
	}
	memset((char *)*arr + *n * elsize, 0, elsize);
	return (char *)*arr + (*n)++ * elsize;
}

#endif /* CMS_BOOT_GROW_H */
