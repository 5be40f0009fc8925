/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The files a subsystem exposes through debugfs and sysfs: what each file
 * is called, how it behaves for read and write, and the functions behind
 * it.  The role of include/linux/debugfs.h (DEFINE_DEBUGFS_ATTRIBUTE,
 * debugfs_create_u32_array) and include/linux/sysfs.h (struct
 * kobj_attribute): a subsystem declares a table of these next to its
 * counters (mm/cma_debug.c, mm/cma_sysfs.c), and fs/kernfs.c routes paths
 * to them.  kstrtoull() (lib/core/kstrtox.c) is the parser
 * simple_attr_write() hands a written value to.
 */
#ifndef CMS_FS_ATTR_H
#define CMS_FS_ATTR_H

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

#endif /* CMS_FS_ATTR_H */
