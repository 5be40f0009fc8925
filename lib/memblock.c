// SPDX-License-Identifier: GPL-2.0-only
/* TEMPORARY minimal memblock so the skeleton links; replaced wholesale. */
#include "config.h"

#include <errno.h>
#include <glib.h>

#include "internal.h"

int cms_memblock_init(struct cmasim *sim)
{
	return 0;
}

void cms_memblock_fini(struct cmasim *sim)
{
}

int cms_memblock_check(struct cmasim *sim)
{
	return 0;
}
