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
	size_t len;			/* strlen(text) */
	char *text;			/* in one of the log's text chunks */
	uint64_t begin;			/* its data block (kernel layout) */
};

/*
 * Record texts are packed oldest first into chunks, as the kernel packs
 * them into its data ring: a store costs a copy, not an allocation, and
 * a chunk is recycled once every record in it has dropped out.
 */
struct cms_log_chunk {
	struct cms_log_chunk *next;	/* the next younger chunk */
	size_t size;			/* bytes of data[] */
	size_t used;
	size_t live;			/* records whose text is here */
	char data[];
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
	struct cms_log_chunk *first;	/* holds the oldest record's text */
	struct cms_log_chunk *last;	/* where the next text goes */
	struct cms_log_chunk *spare;	/* an emptied chunk kept for reuse */
};

void cms_log_init(struct cms_log *log, size_t max_bytes);
void cms_log_init_kernel(struct cms_log *log, unsigned int shift);
void cms_log_fini(struct cms_log *log);
void cms_log_clear(struct cms_log *log);
const char *cms_log_line(const struct cms_log *log, size_t idx, int *level);
/*
 * Append a copy of the @len bytes at @text at @level, dropping the
 * oldest records past the budget.  Return: the kept copy, NUL-ended,
 * valid until its record drops out or the log is cleared.
 */
const char *cms_log_store(struct cms_log *log, int level, const char *text,
			  size_t len);

#endif /* CMS_PRINTK_RINGBUFFER_H */
