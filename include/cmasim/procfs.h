/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim /proc views of the page allocator, in the kernel's formats
 * (mm/vmstat.c, fs/proc/meminfo.c).
 */
#ifndef CMASIM_PROCFS_H
#define CMASIM_PROCFS_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/**
 * cmasim_proc_read - produce the text of a /proc file.
 * @sim: the instance.
 * @path: "/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/zoneinfo",
 *        "/proc/meminfo" or "/proc/vmstat".
 * @out: receives the text (possibly in several pieces).
 * @data: passed to @out.
 * Mirrors: frag_show, pagetypeinfo_show, zoneinfo_show, meminfo_proc_show,
 * vmstat_show.
 * Return: 0; -EINVAL for NULL; -ENOENT for an unknown path; -EPERM before
 * free_area_init.
 */
CMASIM_EXPORT int cmasim_proc_read(const struct cmasim *sim, const char *path,
				   cmasim_output_fn out, void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_PROCFS_H */
