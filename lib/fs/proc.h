/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The /proc files of the page allocator (lib/fs/proc.c), which
 * fs/kernfs.c serves to cmasim_file_read() under their paths.
 */
#ifndef CMS_FS_PROC_H
#define CMS_FS_PROC_H

#include <cmasim/types.h>

struct cmasim;

/*
 * The text of @path ("/proc/buddyinfo", "/proc/pagetypeinfo",
 * "/proc/zoneinfo", "/proc/meminfo" or "/proc/vmstat"), given to @out in
 * one piece: frag_show(), pagetypeinfo_show(), zoneinfo_show(),
 * meminfo_proc_show(), vmstat_show().
 * Return: 0; -EINVAL a NULL argument; -ENOENT an unknown path; -EPERM
 * before free_area_init (no zone to show yet).
 */
int cms_proc_read(const struct cmasim *sim, const char *path,
		  cmasim_output_fn out, void *data);

/* The name of the @i-th file of /proc ("buddyinfo"), NULL past the last. */
const char *cms_proc_file_name(unsigned int i);

#endif /* CMS_FS_PROC_H */
