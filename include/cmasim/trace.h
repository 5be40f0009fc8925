/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libcmasim trace events: the kernel's tracepoints with their format
 * text (include/trace/events/kmem.h and friends), delivered to a sink
 * callback.
 */
#ifndef CMASIM_TRACE_H
#define CMASIM_TRACE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;

/**
 * cmasim_trace_fn - receives one trace event.
 * @event: the event name, e.g. "mm_page_alloc".
 * @text: the event's TP_printk text, e.g. "page=... pfn=0x1000 order=0 ...".
 * @data: the caller's pointer.
 */
typedef void (*cmasim_trace_fn)(const char *event, const char *text,
				void *data);

/**
 * cmasim_trace_enable - enable or disable one event (tracefs "enable").
 * @sim: the instance.
 * @event: an event name, or "all".
 * @on: true to enable.
 * Mirrors: /sys/kernel/tracing/events/<system>/<event>/enable.
 * Return: 0; -EINVAL for NULL; -ENOENT for an unknown event.
 */
CMASIM_EXPORT int cmasim_trace_enable(struct cmasim *sim, const char *event,
				      bool on);

/**
 * cmasim_trace_set_sink - where enabled events go (NULL: nowhere).
 * @sim: the instance.
 * @fn: the callback.
 * @data: passed to @fn.
 * Mirrors: a tracefs reader of trace_pipe.
 * Return: 0; -EINVAL for a NULL @sim; -ENOMEM.
 */
CMASIM_EXPORT int cmasim_trace_set_sink(struct cmasim *sim, cmasim_trace_fn fn,
					void *data);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_TRACE_H */
