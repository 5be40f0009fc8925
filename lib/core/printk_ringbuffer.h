/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dmesg and diagnostics rings (kernel/printk/printk_ringbuffer.h in
 * the small): leveled records under a byte budget.
 */
#ifndef CMS_PRINTK_RINGBUFFER_H
#define CMS_PRINTK_RINGBUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cms_log_rec {
	int level;
	char *text;
	uint64_t begin, next;		/* its data block (kernel layout) */
};

struct cms_log {
	struct cms_log_rec *recs;	/* circular, capacity cap */
	size_t head;			/* index of the oldest record */
	size_t count;
	size_t cap;
	size_t bytes;			/* text bytes currently kept */
	size_t max_bytes;		/* drop oldest beyond this */
	uint64_t dropped;
	/*
	 * The kernel's layout (printk_ringbuffer.c): a record's data block
	 * is ALIGN(id + reserved text, 8) bytes at a logical position in a
	 * ring of max_bytes, a block never wraps, and at most max_records
	 * descriptors exist.  Without it a record costs its text and NUL.
	 */
	bool kernel_layout;
	size_t max_records;
	uint64_t head_lpos;		/* where the next data block begins */
};

void cms_log_init(struct cms_log *log, size_t max_bytes);
void cms_log_init_kernel(struct cms_log *log, unsigned int shift);
void cms_log_fini(struct cms_log *log);
void cms_log_clear(struct cms_log *log);
const char *cms_log_line(const struct cms_log *log, size_t idx, int *level);
/* Append @text (taken over: g_malloc'd) at @level, dropping the oldest. */
void cms_log_store(struct cms_log *log, int level, char *text);

#endif /* CMS_PRINTK_RINGBUFFER_H */
