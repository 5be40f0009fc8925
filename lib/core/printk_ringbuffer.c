// SPDX-License-Identifier: GPL-2.0-only
/*
 * The record store behind printk (kernel/printk/printk_ringbuffer.c in
 * the small): records with a level and text, kept oldest first.  The
 * dmesg ring follows the kernel's layout (to_blk_size, get_next_lpos,
 * data_push_tail, desc_reserve's descriptor limit), so the oldest drop
 * out when the kernel's would; the diagnostics ring is a byte budget.
 * core/log.c formats into it.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "core/printk_ringbuffer.h"

/* PRB_AVGBITS: the descriptors assume 32-byte records on average */
#define PRB_AVGBITS	5

void cms_log_init(struct cms_log *log, size_t max_bytes)
{
	memset(log, 0, sizeof(*log));
	log->max_bytes = max_bytes;
}

void cms_log_init_kernel(struct cms_log *log, unsigned int shift)
{
	cms_log_init(log, (size_t)1 << shift);
	log->kernel_layout = true;
	log->max_records = (size_t)1 << (shift - PRB_AVGBITS);
}

void cms_log_clear(struct cms_log *log)
{
	for (size_t i = 0; i < log->count; i++)
		g_free(log->recs[(log->head + i) % log->cap].text);
	log->head = 0;
	log->count = 0;
	log->bytes = 0;
}

void cms_log_fini(struct cms_log *log)
{
	cms_log_clear(log);
	g_free(log->recs);
	log->recs = NULL;
	log->cap = 0;
}

static void log_drop_oldest(struct cms_log *log)
{
	struct cms_log_rec *r = &log->recs[log->head];

	log->bytes -= strlen(r->text) + 1;
	g_free(r->text);
	r->text = NULL;
	log->head = (log->head + 1) % log->cap;
	log->count--;
	log->dropped++;
}

/*
 * vprintk_store() reserves the formatted text of its format: the level
 * prefix (KERN_SOH and the level), the text, the newline and the NUL;
 * to_blk_size() adds the block's id and aligns to it.
 */
static uint64_t kernel_block_size(const char *text)
{
	return (8 + 2 + strlen(text) + 1 + 1 + 7) & ~UINT64_C(7);
}

/*
 * get_next_lpos(): a block that would reach the end of the ring goes to
 * the start of the next lap, the rest of this lap included in it.
 */
static uint64_t next_lpos(const struct cms_log *log, uint64_t begin,
			  uint64_t size)
{
	uint64_t next = begin + size;

	if (begin / log->max_bytes == next / log->max_bytes)
		return next;
	return next / log->max_bytes * log->max_bytes + size;
}

void cms_log_store(struct cms_log *log, int level, char *text)
{
	size_t len = strlen(text) + 1;
	uint64_t begin = log->head_lpos, next = 0;

	if (log->kernel_layout) {
		/* desc_reserve(): a new descriptor pushes out the oldest */
		if (log->count == log->max_records)
			log_drop_oldest(log);
		next = next_lpos(log, begin, kernel_block_size(text));
		/* data_push_tail(): blocks that begin a ring before next go */
		while (log->count &&
		       log->recs[log->head].begin + log->max_bytes < next)
			log_drop_oldest(log);
		log->head_lpos = next;
	}
	while (!log->kernel_layout && log->count &&
	       log->bytes + len > log->max_bytes)
		log_drop_oldest(log);
	if (log->count == log->cap) {
		size_t ncap = log->cap ? log->cap * 2 : 64;
		struct cms_log_rec *n = g_new(struct cms_log_rec, ncap);

		for (size_t i = 0; i < log->count; i++)
			n[i] = log->recs[(log->head + i) % log->cap];
		g_free(log->recs);
		log->recs = n;
		log->cap = ncap;
		log->head = 0;
	}
	log->recs[(log->head + log->count) % log->cap] =
		(struct cms_log_rec){ .level = level, .text = text,
				      .begin = begin, .next = next };
	log->count++;
	log->bytes += len;
}

const char *cms_log_line(const struct cms_log *log, size_t idx, int *level)
{
	const struct cms_log_rec *r;

	if (idx >= log->count)
		return NULL;
	r = &log->recs[(log->head + idx) % log->cap];
	if (level)
		*level = r->level;
	return r->text;
}
