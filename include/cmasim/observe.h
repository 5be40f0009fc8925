/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watching a simulated machine: the kernel's files (/proc, debugfs and
 * sysfs), the vmstat counters, the trace events, and the two log
 * channels with the handler that sees them as they are made.
 *
 * Two channels never mix: the simulated kernel log (dmesg), byte for byte
 * what the kernel prints, and the simulator's diagnostics ("client bug:"
 * for misuse, "cmasim bug:" for internal faults, and explanations of
 * failures the kernel does not explain).
 */
#ifndef CMASIM_OBSERVE_H
#define CMASIM_OBSERVE_H

#include <stdio.h>
#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_config;

/* ---- Log channels ---- */

/** printk levels, as the kernel numbers them. */
enum cmasim_loglevel {
	CMASIM_LOG_EMERG = 0,
	CMASIM_LOG_ALERT,
	CMASIM_LOG_CRIT,
	CMASIM_LOG_ERR,
	CMASIM_LOG_WARNING,
	CMASIM_LOG_NOTICE,
	CMASIM_LOG_INFO,
	CMASIM_LOG_DEBUG,
};

/**
 * Where a message goes: the simulated kernel log (dmesg), or the
 * simulator's own diagnostics (misuse, explanations).  The two never mix.
 */
enum cmasim_log_channel {
	CMASIM_CHANNEL_DMESG = 0,
	CMASIM_CHANNEL_DIAG,
};

/**
 * cmasim_log_fn - receives every message of both channels as it is made.
 * @channel: CMASIM_CHANNEL_DMESG or CMASIM_CHANNEL_DIAG.
 * @level: printk level (enum cmasim_loglevel).
 * @text: one line without its newline, borrowed for the call.
 * @data: the pointer given with the handler.
 *
 * The handler must not call back into the instance except for getters.
 */
typedef void (*cmasim_log_fn)(enum cmasim_log_channel channel, int level,
			      const char *text, void *data);

/**
 * cmasim_config_set_log_handler() - install a log handler that the
 * instances created from @cfg use from their first message on.
 * @cfg: configuration (caller's).
 * @fn: the handler, or NULL for none.
 * @data: passed to @fn.
 *
 * The messages are kept in the rings below whether or not a handler is
 * installed.
 * Return: nothing.  @data stays the caller's: the instance passes it to
 * @fn and never frees it.
 * Mirrors: a console registered with register_console().
 */
CMASIM_EXPORT void cmasim_config_set_log_handler(struct cmasim_config *cfg,
						 cmasim_log_fn fn, void *data);

/**
 * cmasim_dmesg_write() - write the simulated kernel log, one line per
 * message, without timestamps (as `dmesg -t` prints it).
 * @sim: instance, borrowed for the call.
 * @out: receives each line with its newline, borrowed for that call.
 * @data: passed to @out.
 *
 * Return: nothing.
 * Mirrors: reading /dev/kmsg or syslog(SYSLOG_ACTION_READ_ALL).
 */
CMASIM_EXPORT void cmasim_dmesg_write(const struct cmasim *sim,
				      cmasim_output_fn out, void *data);

/**
 * cmasim_dmesg_print() - cmasim_dmesg_write() to a stdio stream.
 * @sim: instance, borrowed for the call.
 * @fp: the stream (caller's; written, not closed or flushed).
 *
 * Return: nothing.
 * Mirrors: `dmesg -t`.
 */
CMASIM_EXPORT void cmasim_dmesg_print(const struct cmasim *sim, FILE *fp);

/**
 * cmasim_dmesg_count() - the number of messages kept in the ring.
 * @sim: instance, borrowed for the call.
 *
 * The ring holds 2^LOG_BUF_SHIFT bytes of text: the oldest messages drop
 * out as in the kernel.
 * Return: the count.
 */
CMASIM_EXPORT size_t cmasim_dmesg_count(const struct cmasim *sim);

/**
 * cmasim_dmesg_line() - one message of the ring.
 * @sim: instance.
 * @idx: 0 for the oldest message kept.
 * @level: if not NULL, receives the message's printk level; untouched
 * past the end.
 *
 * Return: the text without its newline, or NULL past the end.  The text
 * is borrowed from @sim until the message drops out of the ring (a later
 * message may push it out) or cmasim_dmesg_clear().
 */
CMASIM_EXPORT const char *cmasim_dmesg_line(const struct cmasim *sim,
					    size_t idx, int *level);

/**
 * cmasim_dmesg_clear() - empty the ring.
 * @sim: instance, borrowed for the call.
 *
 * Return: nothing.  Lines borrowed from the ring die.
 * Mirrors: `dmesg -C` (syslog(SYSLOG_ACTION_CLEAR)).
 */
CMASIM_EXPORT void cmasim_dmesg_clear(struct cmasim *sim);

/**
 * cmasim_diag_count() - the number of diagnostics kept.
 * @sim: instance, borrowed for the call.
 *
 * Return: the count (the ring holds 1 MiB of text).
 */
CMASIM_EXPORT size_t cmasim_diag_count(const struct cmasim *sim);

/**
 * cmasim_diag_line() - one diagnostic.
 * @sim: instance.
 * @idx: 0 for the oldest diagnostic kept.
 * @level: if not NULL, receives its level; untouched past the end.
 *
 * Return: the text, or NULL past the end.  The text is borrowed from
 * @sim until it drops out of the ring.
 */
CMASIM_EXPORT const char *cmasim_diag_line(const struct cmasim *sim,
					   size_t idx, int *level);

/**
 * cmasim_diag_write() - write every kept diagnostic, one per line.
 * @sim: instance, borrowed for the call.
 * @out: receives each line with its newline, borrowed for that call.
 * @data: passed to @out.
 *
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_diag_write(const struct cmasim *sim,
				     cmasim_output_fn out, void *data);

/* ---- The kernel's files ---- */

/**
 * cmasim_file_read() - read a kernel file as `cat PATH` would, as root.
 * @sim: instance, borrowed for the call.
 * @path: absolute path: "/proc/buddyinfo", "/proc/pagetypeinfo",
 * "/proc/zoneinfo", "/proc/meminfo", "/proc/vmstat",
 * "/sys/kernel/debug/cma/<area>/<file>" or
 * "/sys/kernel/mm/cma/<area>/<file>".
 * @out: receives the file's whole content in one call (none on error);
 * the text is borrowed for that call.
 * @data: passed to @out.
 *
 * Return: 0; -EINVAL @sim, @path or @out is NULL; -ENOENT no such file
 * (unknown path, unknown area, a file the selected kernel version does
 * not have, the directory's Kconfig knob CMA_DEBUGFS / CMA_SYSFS off, or
 * a /proc file before the zones exist); -EISDIR @path is a directory;
 * -EACCES the file has no read operation (debugfs `alloc` and `free`, as
 * simple_attr_read() refuses).
 * Mirrors: the read side of fs/libfs.c simple_attr, debugfs u32_array,
 * sysfs kobj attributes and the procfs seq files of mm/vmstat.c and
 * fs/proc/meminfo.c.
 */
CMASIM_EXPORT int cmasim_file_read(struct cmasim *sim, const char *path,
				   cmasim_output_fn out, void *data);

/**
 * cmasim_file_write() - write @value to a kernel file as
 * `echo VALUE > PATH` would, as root.
 * @sim: instance, borrowed for the call.
 * @path: absolute path, as for cmasim_file_read().
 * @value: the bytes written; one trailing newline is accepted.
 *
 * Return: 0; -EINVAL @sim, @path or @value NULL, a value that is not an
 * unsigned number (kstrtoull base 0, as simple_attr_write() parses its
 * first 23 bytes), or a file with no write operation at all (debugfs
 * `bitmap`); -ERANGE the number overflows 64 bits; -EACCES a read-only
 * debugfs attribute or sysfs file; -EIO a /proc file (none has a write
 * operation); -ENOENT no such file; -EISDIR a directory; -ENOMEM the
 * write to debugfs `alloc` failed (cma_alloc() found nothing; the
 * simulated dmesg carries the kernel's failure lines).  @path and @value
 * are borrowed for the call.
 * Mirrors: simple_attr_write() and the write methods of mm/cma_debug.c.
 */
CMASIM_EXPORT int cmasim_file_write(struct cmasim *sim, const char *path,
				    const char *value);

/**
 * cmasim_dirent_fn - receives one entry of a directory.
 * @name: the entry's name, without a slash, borrowed for the call.
 * @is_dir: whether the entry is a directory.
 * @data: the pointer given with the callback.
 *
 * Return: 0 to go on; a non-zero value stops the listing and is
 * returned by it.  The callback may call getters of the instance only.
 */
typedef int (*cmasim_dirent_fn)(const char *name, bool is_dir, void *data);

/**
 * cmasim_file_readdir() - list a directory of the kernel's files, as
 * getdents() would, without "." and "..".
 * @sim: instance, borrowed for the call.
 * @path: absolute path of a directory ("/", "/proc",
 * "/sys/kernel/debug/cma", "/sys/kernel/mm/cma/<area>", ...); trailing
 * slashes are ignored.
 * @fn: called for each entry, in the order the kernel creates them
 * (areas in declaration order, an area's files in the order of its
 * file table).
 * @data: passed to @fn.
 *
 * Only what the simulator models is listed: the /proc files of
 * cmasim_file_read(), the CMA areas' debugfs and sysfs directories
 * (when CMA_DEBUGFS / CMA_SYSFS are on) and the directories above them.
 * /proc lists its files before the zones exist, though reading them
 * then fails.
 * Return: 0 after the last entry; the first non-zero value of @fn;
 * -EINVAL @sim, @path or @fn NULL; -ENOENT no such directory (an unknown
 * area, or a knob that is off); -ENOTDIR @path is a file.
 * Mirrors: iterate_dir() on procfs, debugfs and sysfs.
 */
CMASIM_EXPORT int cmasim_file_readdir(struct cmasim *sim, const char *path,
				      cmasim_dirent_fn fn, void *data);

/* ---- vmstat counters ---- */

/**
 * cmasim_stat_get() - read a vmstat counter by its /proc/vmstat name.
 * @sim: instance, borrowed for the call.
 * @name: e.g. "nr_free_pages", "nr_free_cma", "pgalloc_normal", "pgfree".
 * @value: the counter, zone counters summed over all zones (a negative
 * sum reads 0); untouched on failure.
 *
 * Return: 0; -EINVAL a NULL argument; -ENOENT an unknown name.  @value
 * is the caller's.
 * Mirrors: global_zone_page_state() and the vm_event counters.
 */
CMASIM_EXPORT int cmasim_stat_get(const struct cmasim *sim, const char *name,
				  uint64_t *value);

/* ---- Trace events ---- */

/**
 * cmasim_trace_fn - receives one trace event.
 * @event: the event name, e.g. "mm_page_alloc", borrowed for the call.
 * @text: the event's TP_printk text, e.g. "page=... pfn=0x1000 order=0
 * ...", borrowed for the call.
 * @data: the pointer given with the sink.
 *
 * The sink must not call back into the instance except for getters.
 */
typedef void (*cmasim_trace_fn)(const char *event, const char *text,
				void *data);

/**
 * cmasim_trace_enable() - enable or disable one event.
 * @sim: instance, borrowed for the call.
 * @event: an event name (cma_alloc_start, cma_alloc_finish,
 * cma_alloc_busy_retry, cma_release, mm_page_alloc, ...), or "all".
 * @on: true to enable.
 *
 * Return: 0; -EINVAL @sim or @event NULL; -ENOENT an unknown event.
 * Mirrors: /sys/kernel/tracing/events/<system>/<event>/enable.
 */
CMASIM_EXPORT int cmasim_trace_enable(struct cmasim *sim, const char *event,
				      bool on);

/**
 * cmasim_trace_set_sink() - where enabled events go.
 * @sim: instance, borrowed for the call.
 * @fn: the sink, or NULL for nowhere.
 * @data: passed to @fn.
 *
 * Return: 0; -EINVAL @sim NULL; -ENOMEM host memory exhausted.  @data
 * stays the caller's: the instance passes it to @fn and never frees it.
 * Mirrors: a reader of /sys/kernel/tracing/trace_pipe.
 */
CMASIM_EXPORT int cmasim_trace_set_sink(struct cmasim *sim, cmasim_trace_fn fn,
					void *data);

/**
 * cmasim_trace_event_name() - the name of the @idx-th modelled event,
 * for listing them.
 * @idx: 0, 1, ...
 *
 * Return: the name (a static string), or NULL past the last event.
 */
CMASIM_EXPORT const char *cmasim_trace_event_name(unsigned int idx);

/**
 * cmasim_trace_open_file() - also write every enabled event to a file,
 * in the text format of the kernel's trace file with the nop tracer: a
 * "# tracer: nop" header, then one line per event,
 * "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS", which trace-cmd and
 * Perfetto's UI read.  The task is "cmasim-1" on CPU 0, the flags
 * ".....", and the timestamp a simulated clock that advances one
 * microsecond per event written, so the same run gives the same file.
 * @sim: instance, borrowed for the call.
 * @path: the file, created or truncated; borrowed for the call.
 *
 * Enable events with cmasim_trace_enable(); a sink set with
 * cmasim_trace_set_sink() still gets them.  A file already open is
 * closed first.
 * Return: 0; -EINVAL NULL @sim or @path; -EIO the file cannot be
 * created (a diagnostic says why); -ENOMEM.  The instance owns the open
 * file until cmasim_trace_close_file() or cmasim_destroy().
 * Mirrors: /sys/kernel/tracing/trace.
 */
CMASIM_EXPORT int cmasim_trace_open_file(struct cmasim *sim, const char *path);

/**
 * cmasim_trace_close_file() - flush and close the trace file.
 * @sim: instance, borrowed for the call.
 *
 * Return: 0; -EINVAL NULL @sim; -ENOENT no file is open; -EIO a write
 * failed since the file was opened (the file is closed anyway).
 */
CMASIM_EXPORT int cmasim_trace_close_file(struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_OBSERVE_H */
