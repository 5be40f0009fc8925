/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's files: every view the simulator keeps, read and written by
 * the path the kernel gives it (/proc/..., /sys/kernel/debug/cma/...,
 * /sys/kernel/mm/cma/...), with the kernel's semantics and errnos as seen
 * by root (who may open any file; the file's operations then decide).
 */
#ifndef CMASIM_KFS_H
#define CMASIM_KFS_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/**
 * cmasim_file_read() - read a kernel file as `cat PATH` would.
 * @sim: simulator instance.
 * @path: absolute path, for example "/sys/kernel/debug/cma/reserved/used".
 * @out: receives the file's whole content (called once, or not at all on
 * error).  @data: passed to @out.
 *
 * Return: 0; -EINVAL @sim, @path or @out is NULL; -ENOENT no such file
 * (unknown path, unknown area, a file the selected kernel version does
 * not have, or the directory's Kconfig knob CMA_DEBUGFS / CMA_SYSFS off);
 * -EISDIR @path is a directory; -EACCES the file has no read operation
 * (debugfs `alloc` and `free`, as simple_attr_read() refuses);
 * -ENAMETOOLONG @path is PATH_MAX (4096) bytes or longer.
 * Mirrors: the read side of fs/libfs.c simple_attr, debugfs u32_array,
 * sysfs kobj attributes and procfs seq files.
 */
CMASIM_EXPORT int cmasim_file_read(struct cmasim *sim, const char *path,
				   cmasim_output_fn out, void *data);

/**
 * cmasim_file_write() - write @value to a kernel file as
 * `echo VALUE > PATH` would.
 * @sim: simulator instance.  @path: absolute path.
 * @value: the bytes written; one trailing newline is accepted.  As
 * simple_attr_write() does, only its first 23 bytes are read; the rest
 * is never looked at, whatever its length.
 *
 * Return: 0; -EINVAL @sim/@path/@value NULL, a value that is not an
 * unsigned number (kstrtoull base 0, as simple_attr_write() parses its
 * first 23 bytes), or a file with no write operation at all (debugfs
 * `bitmap`); -ERANGE the number overflows 64 bits; -EACCES a read-only
 * debugfs attribute or sysfs file; -EIO a /proc file with no write
 * operation; -ENOENT no such file; -EISDIR a directory; -ENAMETOOLONG
 * @path is PATH_MAX (4096) bytes or longer; -ENOMEM the write
 * to debugfs `alloc` failed (cma_alloc() found nothing; the simulated
 * dmesg carries the kernel's failure lines).
 * Mirrors: simple_attr_write() and the write methods of mm/cma_debug.c.
 */
CMASIM_EXPORT int cmasim_file_write(struct cmasim *sim, const char *path,
				    const char *value);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_KFS_H */
