/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's files (include/cmasim/kfs.h): the routing table and the
 * per-kind semantics of debugfs simple attributes, debugfs u32 arrays,
 * sysfs attributes and procfs files.  Directory contents live with the
 * subsystem that owns the data (lib/cma_debug.c for the CMA files).
 */
#ifndef CMS_KFS_H
#define CMS_KFS_H

#include <stdint.h>

#include <glib.h>

struct cmasim;

/* How a file behaves for read and write, by the kernel code behind it. */
enum cms_kfs_kind {
	CMS_KFS_ATTR,		/* DEFINE_DEBUGFS_ATTRIBUTE / simple_attr */
	CMS_KFS_U32_ARRAY,	/* debugfs_create_u32_array: read only */
	CMS_KFS_SYSFS_RO,	/* kobj attribute without store */
};

struct cms_kfs_file {
	const char *name;
	enum cms_kfs_kind kind;
	unsigned int versions;		/* CMS_V61 | CMS_V612 */
	/* NULL get: reading fails -EACCES; NULL set: writing -EACCES */
	int (*get)(struct cmasim *sim, unsigned int obj, GString *buf);
	int (*set)(struct cmasim *sim, unsigned int obj, uint64_t val);
};

/*
 * kstrtoull(s, base): an optional '+', digits in @base (0: 0x hex, 0
 * octal, else decimal), one optional trailing newline.  0, -EINVAL or
 * -ERANGE, as lib/kstrtox.c.
 */
int cms_kstrtoull(const char *s, unsigned int base, uint64_t *res);

/* The CMA directories (lib/cma_debug.c). */
extern const struct cms_kfs_file cms_cma_debugfs_files[];
extern const unsigned int cms_cma_debugfs_nr_files;
extern const struct cms_kfs_file cms_cma_sysfs_files[];
extern const unsigned int cms_cma_sysfs_nr_files;

#endif /* CMS_KFS_H */
