// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trace events (kernel/trace tracepoints in the small): an enable mask
 * per instance and one sink callback.  Event format text follows
 * include/trace/events/kmem.h; show_gfp_flags() follows
 * include/trace/events/mmflags.h.
 */
#include "config.h"

#include <errno.h>
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

void cms_trace_fini(struct cmasim *sim)
{
	g_free(sim->trace);
	sim->trace = NULL;
}

void cms_trace_emit(struct cmasim *sim, enum cms_trace_event ev,
		    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!sim->trace || !sim->trace->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sim->trace->fn(event_names[ev], buf, sim->trace->data);
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
