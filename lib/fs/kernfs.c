// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's files: one read/write entry point that routes a path to
 * the view behind it, with the semantics of the kernel code that serves
 * that path for root:
 *
 *   debugfs simple attributes (fs/libfs.c simple_attr_read/_write): a
 *     missing get or set gives -EACCES; writes parse at most 23 bytes
 *     with kstrtoull(base 0); reads print "%llu\n".
 *   debugfs u32 arrays (fs/debugfs/file.c): values joined by spaces, a
 *     newline at the end; no write method, so vfs_write() says -EINVAL.
 *   sysfs attributes without store: kernfs refuses the open for write,
 *     -EACCES.
 *   procfs files (fs/proc/inode.c): served by fs/proc.c; a file
 *     without proc_write gives -EIO on write.
 *   missing paths -ENOENT; directories -EISDIR; a directory whose
 *     Kconfig knob is off (CMA_DEBUGFS, CMA_SYSFS) does not exist.
 *
 * cmasim_file_readdir() lists the same tree, as getdents() on those
 * file systems would (without "." and ".."): only what is modelled.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/fs_attr.h"
#include "mm/cma.h"
#include "fs/proc.h"
#include <cmasim/observe.h>

#define DEBUGFS_CMA "/sys/kernel/debug/cma"
#define SYSFS_CMA "/sys/kernel/mm/cma"

/* simple_attr's set_buf is 24 bytes: 23 characters and the NUL. */
#define SIMPLE_ATTR_BUF 24

/* A directory of per-object files: "<prefix>/<object>/<file>". */
struct kfs_dir {
	const char *prefix;
	enum cms_knob knob;
	const struct cms_kfs_file *files;
	const unsigned int *nr_files;
};

static const struct kfs_dir kfs_dirs[] = {
	{ DEBUGFS_CMA, CMS_KNOB_CMA_DEBUGFS, cms_cma_debugfs_files,
	  &cms_cma_debugfs_nr_files },
	{ SYSFS_CMA, CMS_KNOB_CMA_SYSFS, cms_cma_sysfs_files,
	  &cms_cma_sysfs_nr_files },
};

/* Directories that exist along the way ("/sys/kernel", ...). */
static bool is_ancestor_dir(struct cmasim *sim, const char *path)
{
	static const char *const fixed[] = {
		"/", "/proc", "/sys", "/sys/kernel", "/sys/kernel/mm",
		"/sys/kernel/debug",
	};

	for (unsigned int i = 0; i < CMS_ARRAY_SIZE(fixed); i++)
		if (!strcmp(path, fixed[i]))
			return true;
	for (unsigned int i = 0; i < CMS_ARRAY_SIZE(kfs_dirs); i++)
		if (!strcmp(path, kfs_dirs[i].prefix))
			return cms_knob(sim, kfs_dirs[i].knob) &&
			       cms_knob(sim, CMS_KNOB_CMA);
	return false;
}

enum lookup_result { LK_NONE, LK_DIR, LK_FILE };

/*
 * Resolve @path to a file of a per-object directory.  Returns LK_FILE with
 * *@file and *@obj set, LK_DIR for an existing directory, LK_NONE else.
 */
static enum lookup_result lookup(struct cmasim *sim, const char *path,
				 const struct cms_kfs_file **file,
				 unsigned int *obj)
{
	unsigned int vbit = 1u << sim->ver->kernel;

	if (is_ancestor_dir(sim, path))
		return LK_DIR;
	for (unsigned int i = 0; i < CMS_ARRAY_SIZE(kfs_dirs); i++) {
		const struct kfs_dir *d = &kfs_dirs[i];
		size_t plen = strlen(d->prefix);
		const char *rest, *slash;
		char *name;
		int idx;

		if (strncmp(path, d->prefix, plen) || path[plen] != '/')
			continue;
		if (!cms_knob(sim, CMS_KNOB_CMA) || !cms_knob(sim, d->knob))
			return LK_NONE;
		rest = path + plen + 1;
		slash = strchr(rest, '/');
		name = slash ? g_strndup(rest, (gsize)(slash - rest)) :
			       g_strdup(rest);
		idx = cms_cma_lookup(sim, name);
		g_free(name);
		if (idx < 0)
			return LK_NONE;
		if (!slash || !slash[1])
			return LK_DIR;
		for (unsigned int f = 0; f < *d->nr_files; f++) {
			if (strcmp(slash + 1, d->files[f].name) ||
			    !(d->files[f].versions & vbit))
				continue;
			*file = &d->files[f];
			*obj = (unsigned int)idx;
			return LK_FILE;
		}
		return LK_NONE;
	}
	return LK_NONE;
}

static bool is_proc(const char *path)
{
	return !strncmp(path, "/proc/", 6) && path[6];
}

/*
 * /proc is served by fs/proc.c; before free_area_init there is no /proc
 * file yet.
 */
static int proc_read(struct cmasim *sim, const char *path,
		     cmasim_output_fn out, void *data)
{
	int ret = cms_proc_read(sim, path, out, data);

	return ret == -EPERM ? -ENOENT : ret;
}

int cmasim_file_read(struct cmasim *sim, const char *path,
		     cmasim_output_fn out, void *data)
{
	const struct cms_kfs_file *file = NULL;
	unsigned int obj = 0;
	GString *buf;
	int ret;

	if (!sim || !path || !out) {
		if (sim)
			cms_client_bug(sim, "cmasim_file_read(): NULL %s",
				       !path ? "path" : "output function");
		return -EINVAL;
	}
	if (is_proc(path))
		return proc_read(sim, path, out, data);
	switch (lookup(sim, path, &file, &obj)) {
	case LK_NONE:
		return -ENOENT;
	case LK_DIR:
		return -EISDIR;
	case LK_FILE:
		break;
	}
	if (!file->get)
		return -EACCES;
	buf = g_string_new(NULL);
	ret = file->get(sim, obj, buf);
	if (!ret)
		out(buf->str, data);
	g_string_free(buf, TRUE);
	return ret;
}

static void discard(const char *text, void *data)
{
	(void)text;
	(void)data;
}

int cmasim_file_write(struct cmasim *sim, const char *path,
		      const char *value)
{
	const struct cms_kfs_file *file = NULL;
	char set_buf[SIMPLE_ATTR_BUF];
	unsigned int obj = 0;
	uint64_t val;
	int ret;

	if (!sim || !path || !value) {
		if (sim)
			cms_client_bug(sim, "cmasim_file_write(): NULL %s",
				       !path ? "path" : "value");
		return -EINVAL;
	}
	if (is_proc(path)) {
		ret = proc_read(sim, path, discard, NULL);
		return ret ? ret : -EIO;
	}
	switch (lookup(sim, path, &file, &obj)) {
	case LK_NONE:
		return -ENOENT;
	case LK_DIR:
		return -EISDIR;
	case LK_FILE:
		break;
	}
	switch (file->kind) {
	case CMS_KFS_U32_ARRAY:
		return -EINVAL;
	case CMS_KFS_SYSFS_RO:
		return -EACCES;
	case CMS_KFS_ATTR:
		break;
	}
	if (!file->set)
		return -EACCES;
	g_strlcpy(set_buf, value, sizeof(set_buf));
	ret = cms_kstrtoull(set_buf, 0, &val);
	if (ret) {
		cms_client_bug(sim, "write %s: \"%s\" is not an unsigned number (kstrtoull says %s)",
			       path, value, ret == -ERANGE ? "-ERANGE" : "-EINVAL");
		return ret;
	}
	return file->set(sim, obj, val);
}

/* ---- Directories ---- */

/* The fixed directories and their children ("" ends a list). */
static const struct {
	const char *path;
	const char *children[3];
} fixed_dirs[] = {
	{ "/", { "proc", "sys", "" } },
	{ "/sys", { "kernel", "" } },
	{ "/sys/kernel", { "debug", "mm", "" } },
};

int cmasim_file_readdir(struct cmasim *sim, const char *path,
			cmasim_dirent_fn fn, void *data)
{
	const struct cms_kfs_file *file = NULL;
	unsigned int vbit, obj = 0;
	const char *name;
	gchar *dir;
	int ret = 0;

	if (!sim || !path || !fn) {
		if (sim)
			cms_client_bug(sim, "cmasim_file_readdir(): NULL %s",
				       !path ? "path" : "callback");
		return -EINVAL;
	}
	/* "/proc/" is "/proc", as for the kernel's path walk */
	dir = g_strdup(path);
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	vbit = 1u << sim->ver->kernel;

	for (unsigned int i = 0; i < CMS_ARRAY_SIZE(fixed_dirs); i++) {
		if (strcmp(dir, fixed_dirs[i].path))
			continue;
		for (unsigned int c = 0; !ret && *fixed_dirs[i].children[c]; c++)
			ret = fn(fixed_dirs[i].children[c], true, data);
		goto out;
	}
	if (!strcmp(dir, "/proc")) {
		for (unsigned int i = 0; !ret && (name = cms_proc_file_name(i)); i++)
			ret = fn(name, false, data);
		goto out;
	}
	if (is_proc(dir) && strchr(dir + 6, '/') == NULL) {
		for (unsigned int i = 0; (name = cms_proc_file_name(i)); i++)
			if (!strcmp(dir + 6, name)) {
				ret = -ENOTDIR;
				goto out;
			}
		ret = -ENOENT;
		goto out;
	}
	/* "/sys/kernel/debug" and "/sys/kernel/mm": the directories on */
	if (!strcmp(dir, "/sys/kernel/debug") || !strcmp(dir, "/sys/kernel/mm")) {
		for (unsigned int i = 0; !ret && i < CMS_ARRAY_SIZE(kfs_dirs); i++) {
			const char *p = kfs_dirs[i].prefix;
			size_t plen = strlen(dir);

			if (!strncmp(p, dir, plen) && p[plen] == '/' &&
			    is_ancestor_dir(sim, p))
				ret = fn(p + plen + 1, true, data);
		}
		goto out;
	}
	for (unsigned int i = 0; i < CMS_ARRAY_SIZE(kfs_dirs); i++) {
		const struct kfs_dir *d = &kfs_dirs[i];
		const struct cms_cma_state *st = sim->cma;
		size_t plen = strlen(d->prefix);

		if (!strcmp(dir, d->prefix)) {
			if (!is_ancestor_dir(sim, dir)) {
				ret = -ENOENT;
				goto out;
			}
			for (unsigned int a = 0; !ret && a < st->area_count; a++)
				ret = fn(st->areas[a].name, true, data);
			goto out;
		}
		if (strncmp(dir, d->prefix, plen) || dir[plen] != '/' ||
		    strchr(dir + plen + 1, '/'))
			continue;
		switch (lookup(sim, dir, &file, &obj)) {
		case LK_NONE:
			ret = -ENOENT;
			goto out;
		case LK_FILE:
			ret = -ENOTDIR;
			goto out;
		case LK_DIR:
			break;
		}
		for (unsigned int f = 0; !ret && f < *d->nr_files; f++)
			if (d->files[f].versions & vbit)
				ret = fn(d->files[f].name, false, data);
		goto out;
	}
	switch (lookup(sim, dir, &file, &obj)) {
	case LK_FILE:
		ret = -ENOTDIR;
		break;
	default:
		ret = -ENOENT;
		break;
	}
out:
	g_free(dir);
	return ret;
}
