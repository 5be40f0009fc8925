/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The printk model: a dmesg ring with levels, sized by LOG_BUF_SHIFT,
 * and a separate diagnostics channel for the simulator's own messages.
 * Mirrors kernel/printk/printk.c (ring, levels) in the small.
 */
#ifndef CMS_LOG_H
#define CMS_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#include <cmasim/observe.h>

struct cmasim;

/* A simulated kernel message; @fmt carries the file's pr_fmt prefix. */
void cms_printk(struct cmasim *sim, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cms_vprintk(struct cmasim *sim, int level, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/*
 * A message already formatted: the same records as
 * cms_printk(sim, level, "%s", text), without the formatting.
 */
void cms_printk_text(struct cmasim *sim, int level, const char *text);
/* A simulator diagnostic ("client bug: ...", explanations). */
void cms_diag(struct cmasim *sim, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Kernel-style helpers.  A file defines pr_fmt() as the kernel file does,
 * e.g. #define pr_fmt(fmt) "cma: " fmt, before including internal.h.
 */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define cms_pr_err(sim, fmt, ...) \
	cms_printk(sim, CMASIM_LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define cms_pr_warn(sim, fmt, ...) \
	cms_printk(sim, CMASIM_LOG_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define cms_pr_notice(sim, fmt, ...) \
	cms_printk(sim, CMASIM_LOG_NOTICE, pr_fmt(fmt), ##__VA_ARGS__)
#define cms_pr_info(sim, fmt, ...) \
	cms_printk(sim, CMASIM_LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)
/* pr_debug: only when the file was built with DEBUG, modelled by @on */
#define cms_pr_debug_if(sim, on, fmt, ...)				\
	do {								\
		if (on)							\
			cms_printk(sim, CMASIM_LOG_DEBUG, pr_fmt(fmt),	\
				   ##__VA_ARGS__);			\
	} while (0)

#define cms_client_bug(sim, fmt, ...) \
	cms_diag(sim, CMASIM_LOG_ERR, "client bug: " fmt, ##__VA_ARGS__)
#define cms_sim_bug(sim, fmt, ...) \
	cms_diag(sim, CMASIM_LOG_CRIT, "cmasim bug: " fmt, ##__VA_ARGS__)
#define cms_explain(sim, fmt, ...) \
	cms_diag(sim, CMASIM_LOG_INFO, fmt, ##__VA_ARGS__)

#if CMASIM_DEBUG_CHECKS >= 1
#define cms_assert(sim, expr)						\
	do {								\
		if (!(expr))						\
			cms_sim_bug(sim, "assertion failed: %s (%s:%d)", \
				    #expr, __FILE__, __LINE__);		\
	} while (0)
#else
#define cms_assert(sim, expr) do { (void)(sim); } while (0)
#endif

#endif /* CMS_LOG_H */
