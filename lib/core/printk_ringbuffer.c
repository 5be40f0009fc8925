// SPDX-License-Identifier: GPL-2.0-only
/*
 * The record store behind printk (kernel/printk/printk_ringbuffer.c in
 * the small): records with a level and text, kept oldest first, bounded
 * by a byte budget so that the oldest drop out as the kernel's ring
 * overwrites them.  core/log.c formats into it.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "core/printk_ringbuffer.h"

void cms_log_init(struct cms_log *log, size_t max_bytes)
{
	memset(log, 0, sizeof(*log));
	log->max_bytes = max_bytes;
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

void cms_log_store(struct cms_log *log, int level, char *text)
{
	size_t len = strlen(text) + 1;

	while (log->count && log->bytes + len > log->max_bytes)
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
		(struct cms_log_rec){ .level = level, .text = text };
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
