/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The printk model: a dmesg ring with levels, sized by LOG_BUF_SHIFT,
 * and a separate diagnostics channel for the simulator's own messages.
 * Mirrors kernel/printk/printk.c (ring, levels) in the small.
 */
#ifndef CMS_LOG_H
#define CMS_LOG_H

#include <stdarg.h>
#include <cmasim/sim.h>

struct cms_log_rec {
	int level;
	char *text;
};

struct cms_log {
	struct cms_log_rec *recs;	/* circular, capacity cap */
	size_t head;			/* index of the oldest record */
	size_t count;
	size_t cap;
	size_t bytes;			/* text bytes currently kept */
	size_t max_bytes;		/* drop oldest beyond this */
	uint64_t dropped;
};

void cms_log_init(struct cms_log *log, size_t max_bytes);
void cms_log_fini(struct cms_log *log);
void cms_log_clear(struct cms_log *log);
const char *cms_log_line(const struct cms_log *log, size_t idx, int *level);

struct cmasim;

/* A simulated kernel message; @fmt carries the file's pr_fmt prefix. */
void cms_printk(struct cmasim *sim, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cms_vprintk(struct cmasim *sim, int level, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
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

#endif /* CMS_LOG_H */
