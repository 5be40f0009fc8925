// SPDX-License-Identifier: GPL-2.0-only
/*
 * kstrtoull(): the number parser of lib/kstrtox.c, as simple_attr_write()
 * (fs/libfs.c) calls it on what is written to a debugfs attribute.
 */
#include "config.h"

#include <errno.h>

#include <glib.h>

#include "core/fs_attr.h"

int cms_kstrtoull(const char *s, unsigned int base, uint64_t *res)
{
	uint64_t v = 0;
	unsigned int nd = 0;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    g_ascii_isxdigit(s[2])) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (; *s; s++, nd++) {
		int d = g_ascii_xdigit_value(*s);

		if (d < 0 || (unsigned int)d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		v = v * base + (uint64_t)d;
	}
	if (nd == 0)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}
