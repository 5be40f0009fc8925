// SPDX-License-Identifier: GPL-2.0-only
/*
 * The record store behind printk (kernel/printk/printk_ringbuffer.c in
 * the small): records with a level and text, kept oldest first.  The
 * dmesg ring follows the kernel's layout (to_blk_size, get_next_lpos,
 * data_push_tail, desc_reserve's descriptor limit), so the oldest drop
 * out when the kernel's would; the diagnostics ring is a byte budget.
 * core/log.c formats into it.
 *
 * The texts live in chunks filled in record order, so the oldest record
 * is always in the first chunk and a chunk empties from its front: a
 * boot that logs thousands of lines allocates a handful of chunks, not
 * one block per line.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "core/printk_ringbuffer.h"

/* Large enough that a boot's dmesg budget (2^17 or so) takes a few. */
#define LOG_CHUNK_SIZE ((size_t)16384)
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

/* An emptied chunk: kept as the spare if it is of the usual size. */
static void chunk_retire(struct cms_log *log, struct cms_log_chunk *c)
{
	if (c->size == LOG_CHUNK_SIZE && !log->spare) {
		c->used = 0;
		c->live = 0;
		c->next = NULL;
		log->spare = c;
	} else {
		g_free(c);
	}
}

void cms_log_clear(struct cms_log *log)
{
	struct cms_log_chunk *c = log->first;

	while (c) {
		struct cms_log_chunk *next = c->next;

		chunk_retire(log, c);
		c = next;
	}
	log->first = NULL;
	log->last = NULL;
	log->head = 0;
	log->count = 0;
	log->bytes = 0;
}

void cms_log_fini(struct cms_log *log)
{
	cms_log_clear(log);
	g_free(log->spare);
	log->spare = NULL;
	g_free(log->recs);
	log->recs = NULL;
	log->cap = 0;
}

static void log_drop_oldest(struct cms_log *log)
{
	struct cms_log_rec *r = &log->recs[log->head];
	struct cms_log_chunk *c = log->first;

	log->bytes -= r->len + 1;
	r->text = NULL;
	log->head = (log->head + 1) % log->cap;
	log->count--;
	log->dropped++;
	if (--c->live)
		return;
	if (c == log->last) {
		c->used = 0;
		return;
	}
	log->first = c->next;
	chunk_retire(log, c);
}

/*
 * vprintk_store() reserves the formatted text of its format: the level
 * prefix (KERN_SOH and the level), the text, the newline and the NUL;
 * to_blk_size() adds the block's id and aligns to it.
 */
static uint64_t kernel_block_size(size_t len)
{
	return (8 + 2 + len + 1 + 1 + 7) & ~UINT64_C(7);
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

/* Room for @need bytes of text at the end of the last chunk. */
static char *chunk_room(struct cms_log *log, size_t need)
{
	struct cms_log_chunk *c = log->last;

	if (!c || c->size - c->used < need) {
		if (c && !c->live) {
			/* the log is empty: its only chunk is too small */
			log->first = NULL;
			log->last = NULL;
			chunk_retire(log, c);
		}
		if (need <= LOG_CHUNK_SIZE && log->spare) {
			c = log->spare;
			log->spare = NULL;
		} else {
			size_t size = MAX(need, LOG_CHUNK_SIZE);

			c = g_malloc(sizeof(*c) + size);
			c->size = size;
			c->used = 0;
			c->live = 0;
		}
		c->next = NULL;
		if (log->last)
			log->last->next = c;
		else
			log->first = c;
		log->last = c;
	}
	c->live++;
	c->used += need;
	return c->data + c->used - need;
}

const char *cms_log_store(struct cms_log *log, int level, const char *text,
			  size_t len)
{
	size_t need = len + 1;
	uint64_t begin = log->head_lpos, next = 0;
	char *copy;

	if (log->kernel_layout) {
		/* desc_reserve(): a new descriptor pushes out the oldest */
		if (log->count == log->max_records)
			log_drop_oldest(log);
		next = next_lpos(log, begin, kernel_block_size(len));
		/* data_push_tail(): blocks that begin a ring before next go */
		while (log->count &&
		       log->recs[log->head].begin + log->max_bytes < next)
			log_drop_oldest(log);
		log->head_lpos = next;
	}
	while (!log->kernel_layout && log->count &&
	       log->bytes + need > log->max_bytes)
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
	copy = chunk_room(log, need);
	memcpy(copy, text, len);
	copy[len] = '\0';
	log->recs[(log->head + log->count) % log->cap] =
		(struct cms_log_rec){ .level = level, .len = len,
				      .text = copy, .begin = begin };
	log->count++;
	log->bytes += need;
	return copy;
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
