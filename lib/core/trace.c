// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trace events (kernel/trace tracepoints in the small): an enable mask
 * per instance, one sink callback, and a file in the text format of
 * /sys/kernel/tracing/trace (kernel/trace/trace.c print_trace_header()
 * with the nop tracer, trace_output.c trace_print_context()).  Event
 * format text follows include/trace/events/kmem.h; show_gfp_flags()
 * follows include/trace/events/mmflags.h.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include <cmasim/pages.h>

#include "core/instance.h"
#include "core/log.h"
#include "core/trace.h"

static const char *const event_names[CMS_TRACE_COUNT] = {
#define CMS_TRACE_NAME(name) [CMS_TRACE_##name] = #name,
	CMS_TRACE_EVENTS(CMS_TRACE_NAME)
#undef CMS_TRACE_NAME
};

int cmasim_trace_enable(struct cmasim *sim, const char *event, bool on)
{
	uint64_t bits = 0;

	if (!sim || !event)
		return -EINVAL;
	if (!strcmp(event, "all")) {
		bits = (UINT64_C(1) << CMS_TRACE_COUNT) - 1;
	} else {
		for (int i = 0; i < CMS_TRACE_COUNT; i++)
			if (!strcmp(event, event_names[i]))
				bits = UINT64_C(1) << i;
	}
	if (!bits) {
		cms_client_bug(sim, "cmasim_trace_enable: no event \"%s\"", event);
		return -ENOENT;
	}
	if (on)
		sim->trace_mask |= bits;
	else
		sim->trace_mask &= ~bits;
	return 0;
}

int cmasim_trace_set_sink(struct cmasim *sim, cmasim_trace_fn fn, void *data)
{
	if (!sim)
		return -EINVAL;
	if (!sim->trace) {
		sim->trace = g_try_new0(struct cms_trace, 1);
		if (!sim->trace)
			return -ENOMEM;
	}
	sim->trace->fn = fn;
	sim->trace->data = data;
	return 0;
}

const char *cmasim_trace_event_name(unsigned int idx)
{
	return idx < CMS_TRACE_COUNT ? event_names[idx] : NULL;
}

/*
 * The trace file's header: the nop tracer's, with the irq-info columns
 * and no tgid (print_func_help_header_irq()).  The entries line
 * ("# entries-in-buffer/entries-written") is left out: the file is
 * written as the events come, before their count is known.
 */
static const char trace_header[] =
	"# tracer: nop\n"
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

int cmasim_trace_open_file(struct cmasim *sim, const char *path)
{
	FILE *fp;

	if (!sim || !path) {
		if (sim)
			cms_client_bug(sim, "cmasim_trace_open_file(): NULL path");
		return -EINVAL;
	}
	if (!sim->trace) {
		sim->trace = g_try_new0(struct cms_trace, 1);
		if (!sim->trace)
			return -ENOMEM;
	}
	if (sim->trace->file)
		cmasim_trace_close_file(sim);
	fp = fopen(path, "w");
	if (!fp) {
		cms_client_bug(sim, "trace file %s: %s", path, g_strerror(errno));
		return -EIO;
	}
	sim->trace->file = fp;
	sim->trace->clock_us = 0;
	sim->trace->file_error = fputs(trace_header, fp) == EOF;
	return 0;
}

int cmasim_trace_close_file(struct cmasim *sim)
{
	struct cms_trace *t;
	bool bad;

	if (!sim)
		return -EINVAL;
	t = sim->trace;
	if (!t || !t->file)
		return -ENOENT;
	bad = t->file_error;
	if (fclose(t->file))
		bad = true;
	t->file = NULL;
	return bad ? -EIO : 0;
}

void cms_trace_fini(struct cmasim *sim)
{
	if (sim->trace && sim->trace->file)
		fclose(sim->trace->file);
	g_free(sim->trace);
	sim->trace = NULL;
}

/*
 * One line of the trace file: trace_print_context()'s "%16s-%-7d [%03d] "
 * with the five lat flags, " %5llu.%06lu: ", then the event's name and
 * fields as trace_raw_output_prep() and TP_printk() leave them.
 */
static void write_line(struct cms_trace *t, const char *event,
		       const char *text)
{
	uint64_t us = ++t->clock_us;

	if (fprintf(t->file, "%16s-%-7d [%03d] ..... %5llu.%06llu: %s: %s\n",
		    "cmasim", 1, 0, (unsigned long long)(us / 1000000),
		    (unsigned long long)(us % 1000000), event, text) < 0)
		t->file_error = true;
}

void cms_trace_emit(struct cmasim *sim, enum cms_trace_event ev,
		    const char *fmt, ...)
{
	struct cms_trace *t = sim->trace;
	char buf[512];
	va_list ap;

	if (!t || (!t->fn && !t->file))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (t->fn)
		t->fn(event_names[ev], buf, t->data);
	if (t->file)
		write_line(t, event_names[ev], buf);
}

uint64_t cms_trace_page_addr(const struct cmasim *sim, uint64_t pfn)
{
	/* the arch's vmemmap (x86_64 without KASLR), 64 bytes a page */
	return sim->arch->vmemmap_start + pfn * 64;
}

struct gfp_name {
	unsigned int mask;
	const char *name;
	bool needs_gfp_atomic;	/* only where __GFP_ATOMIC exists */
};

/* __def_gfpflag_names order: composites first, then single bits */
static const struct gfp_name gfp_names[] = {
	{ CMASIM_GFP_TRANSHUGE_LIGHT | CMASIM___GFP_DIRECT_RECLAIM, "GFP_TRANSHUGE", false },
	{ CMASIM_GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT", false },
	{ CMASIM_GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE", false },
	{ CMASIM_GFP_HIGHUSER, "GFP_HIGHUSER", false },
	{ CMASIM_GFP_USER, "GFP_USER", false },
	{ CMASIM_GFP_KERNEL | CMASIM___GFP_ACCOUNT, "GFP_KERNEL_ACCOUNT", false },
	{ CMASIM_GFP_KERNEL, "GFP_KERNEL", false },
	{ CMASIM___GFP_RECLAIM | CMASIM___GFP_IO, "GFP_NOFS", false },
	{ CMASIM_GFP_ATOMIC, "GFP_ATOMIC", true },
	{ CMASIM___GFP_HIGH | CMASIM___GFP_KSWAPD_RECLAIM, "GFP_ATOMIC", false },
	{ CMASIM___GFP_RECLAIM, "GFP_NOIO", false },
	{ CMASIM___GFP_KSWAPD_RECLAIM, "GFP_NOWAIT", false },
	{ CMASIM___GFP_DMA, "GFP_DMA", false },
	{ CMASIM___GFP_HIGHMEM, "__GFP_HIGHMEM", false },
	{ CMASIM___GFP_DMA32, "GFP_DMA32", false },
	{ CMASIM___GFP_HIGH, "__GFP_HIGH", false },
	{ CMASIM___GFP_ATOMIC, "__GFP_ATOMIC", true },
	{ CMASIM___GFP_IO, "__GFP_IO", false },
	{ CMASIM___GFP_FS, "__GFP_FS", false },
	{ CMASIM___GFP_NOWARN, "__GFP_NOWARN", false },
	{ CMASIM___GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL", false },
	{ CMASIM___GFP_NOFAIL, "__GFP_NOFAIL", false },
	{ CMASIM___GFP_NORETRY, "__GFP_NORETRY", false },
	{ CMASIM___GFP_COMP, "__GFP_COMP", false },
	{ CMASIM___GFP_ZERO, "__GFP_ZERO", false },
	{ CMASIM___GFP_NOMEMALLOC, "__GFP_NOMEMALLOC", false },
	{ CMASIM___GFP_MEMALLOC, "__GFP_MEMALLOC", false },
	{ CMASIM___GFP_HARDWALL, "__GFP_HARDWALL", false },
	{ CMASIM___GFP_THISNODE, "__GFP_THISNODE", false },
	{ CMASIM___GFP_RECLAIMABLE, "__GFP_RECLAIMABLE", false },
	{ CMASIM___GFP_MOVABLE, "__GFP_MOVABLE", false },
	{ CMASIM___GFP_ACCOUNT, "__GFP_ACCOUNT", false },
	{ CMASIM___GFP_WRITE, "__GFP_WRITE", false },
	{ CMASIM___GFP_RECLAIM, "__GFP_RECLAIM", false },
	{ CMASIM___GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM", false },
	{ CMASIM___GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM", false },
};

const char *cms_trace_gfp_name(const struct cmasim *sim, unsigned int gfp,
			       char *buf, size_t len)
{
	bool has_atomic = sim->ver->has_gfp_atomic;
	size_t used = 0;

	buf[0] = '\0';
	if (!has_atomic)
		gfp &= ~CMASIM___GFP_ATOMIC;
	for (size_t i = 0; i < CMS_ARRAY_SIZE(gfp_names) && gfp; i++) {
		const struct gfp_name *g = &gfp_names[i];

		if (g->needs_gfp_atomic && !has_atomic)
			continue;
		if ((gfp & g->mask) != g->mask)
			continue;
		gfp &= ~g->mask;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? "|" : "", g->name);
	}
	if (!used && !gfp)
		snprintf(buf, len, "none");
	else if (gfp)
		snprintf(buf + used, used < len ? len - used : 0, "%s%#x",
			 used ? "|" : "", gfp);
	return buf;
}

int cms_trace_gfp_parse(bool has_gfp_atomic, const char *text,
			unsigned int *gfp, const char **bad)
{
	unsigned int bits = 0;
	const char *p = text;

	while (*p) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool found = false;

		/* __GFP_DMA and __GFP_DMA32 are printed without the "__" */
		for (int alias = 0; alias < 2 && !found; alias++) {
			const char *n = p + (alias ? 2 : 0);
			size_t l = len - (alias ? 2 : 0);

			if (alias && !((len == 9 && !strncmp(p, "__GFP_DMA", 9)) ||
				       (len == 11 && !strncmp(p, "__GFP_DMA32", 11))))
				break;
			for (size_t i = 0; i < CMS_ARRAY_SIZE(gfp_names) && !found; i++) {
				const struct gfp_name *g = &gfp_names[i];

				if (g->needs_gfp_atomic && !has_gfp_atomic)
					continue;
				if (strlen(g->name) == l && !strncmp(n, g->name, l)) {
					bits |= g->mask;
					found = true;
				}
			}
		}
		if (!found && len && g_ascii_isdigit(*p)) {
			char *num = g_strndup(p, len), *e;
			guint64 v = g_ascii_strtoull(num, &e, 0);

			found = !*e && v <= UINT_MAX;
			bits |= (unsigned int)v;
			g_free(num);
		}
		if (!found) {
			if (bad)
				*bad = p;
			return -EINVAL;
		}
		p += len;
		if (*p == '|' && !*++p) {
			/* a '|' with nothing after it */
			if (bad)
				*bad = p;
			return -EINVAL;
		}
	}
	*gfp = bits;
	return 0;
}
