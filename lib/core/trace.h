/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events as an X-macro table: X(name).  Adding an event is one
 * row here plus its emit call.  A disabled event costs one branch on
 * sim->trace_mask.  Formats follow include/trace/events/kmem.h.
 */
#ifndef CMS_TRACE_H
#define CMS_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include <cmasim/observe.h>

struct cmasim;

#define CMS_TRACE_EVENTS(X)		\
	X(mm_page_alloc)		\
	X(mm_page_free)			\
	X(mm_page_alloc_extfrag)	\
	X(mm_page_alloc_zone_locked)	\
	X(mm_page_pcpu_drain)		\
	X(cma_alloc_start)		\
	X(cma_alloc_finish)		\
	X(cma_alloc_busy_retry)		\
	X(cma_release)			\
	X(test_pages_isolated)		\
	X(mm_alloc_contig_migrate_range_info)

enum cms_trace_event {
#define CMS_TRACE_ENUM(name) CMS_TRACE_##name,
	CMS_TRACE_EVENTS(CMS_TRACE_ENUM)
#undef CMS_TRACE_ENUM
	CMS_TRACE_COUNT
};

struct cms_trace {
	cmasim_trace_fn fn;
	void *data;
	/* cmasim_trace_open_file(): the file, its clock, a failed write */
	void *file;			/* FILE *, owned */
	uint64_t clock_us;		/* one microsecond per event written */
	bool file_error;
};

#define cms_trace_on(sim, ev) \
	__builtin_expect(((sim)->trace_mask >> CMS_TRACE_##ev) & 1, 0)

/* Format and deliver one event (only call when cms_trace_on()). */
void cms_trace_emit(struct cmasim *sim, enum cms_trace_event ev,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Close the trace file and free the sink (cmasim_destroy()). */
void cms_trace_fini(struct cmasim *sim);
/* The simulated struct page address of @pfn (vmemmap + pfn * 64). */
uint64_t cms_trace_page_addr(const struct cmasim *sim, uint64_t pfn);
/* show_gfp_flags(): "GFP_KERNEL|__GFP_COMP"; writes into @buf. */
const char *cms_trace_gfp_name(const struct cmasim *sim, unsigned int gfp,
			       char *buf, size_t len);
/*
 * The reverse, from the same table: "GFP_KERNEL|__GFP_DMA32" (names as
 * show_gfp_flags() prints them, joined by '|'; a number is taken as
 * bits) to *@gfp, for a kernel with or without __GFP_ATOMIC.  0, or -EINVAL with *@bad (if not NULL) pointing at
 * the first name not understood.
 */
int cms_trace_gfp_parse(bool has_gfp_atomic, const char *text,
			unsigned int *gfp, const char **bad);

#endif /* CMS_TRACE_H */
