// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CMA sysfs files, /sys/kernel/mm/cma/<area>/ (mm/cma_sysfs.c), as a
 * table for fs/kernfs.c: the page counters mm/cma.c keeps per area
 * (cma_sysfs_account_success_pages, cma_sysfs_account_fail_pages and, on
 * 6.12, the release count), shown as the kernel's _show functions do.
 */
#include "config.h"

#include <inttypes.h>

#include <glib.h>

#include "core/instance.h"
#include "core/fs_attr.h"
#include "core/kconfig.h"
#include "mm/cma.h"

/* The area of a file's directory (kernfs found it by name). */
static const struct cmasim_cma *area(struct cmasim *sim, unsigned int idx)
{
	return &sim->cma->areas[idx];
}

static int get_success(struct cmasim *sim, unsigned int idx, GString *buf)
{
	g_string_append_printf(buf, "%" PRIu64 "\n",
			       area(sim, idx)->nr_pages_succeeded);
	return 0;
}

static int get_fail(struct cmasim *sim, unsigned int idx, GString *buf)
{
	g_string_append_printf(buf, "%" PRIu64 "\n",
			       area(sim, idx)->nr_pages_failed);
	return 0;
}

static int get_released(struct cmasim *sim, unsigned int idx, GString *buf)
{
	g_string_append_printf(buf, "%" PRIu64 "\n",
			       area(sim, idx)->nr_pages_released);
	return 0;
}

const struct cms_kfs_file cms_cma_sysfs_files[] = {
	{ "alloc_pages_success", CMS_KFS_SYSFS_RO, CMS_VALL, get_success, NULL },
	{ "alloc_pages_fail", CMS_KFS_SYSFS_RO, CMS_VALL, get_fail, NULL },
	{ "release_pages_success", CMS_KFS_SYSFS_RO, CMS_V612, get_released,
	  NULL },
};
const unsigned int cms_cma_sysfs_nr_files = CMS_ARRAY_SIZE(cms_cma_sysfs_files);
