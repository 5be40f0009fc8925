// SPDX-License-Identifier: GPL-2.0-only
/*
 * The printk model (kernel/printk/printk.c in the small): a ring of
 * messages with levels, bounded by 2^LOG_BUF_SHIFT bytes of text so old
 * messages drop out as in the kernel, plus a separate ring for the
 * simulator's diagnostics.  A user handler sees both channels.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"

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

static void log_store(struct cms_log *log, int level, char *text)
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

/* Split at newlines: each line is one record, as printk makes them. */
static void emit(struct cmasim *sim, enum cmasim_log_channel ch, int level,
		 char *text)
{
	struct cms_log *log = ch == CMASIM_CHANNEL_DMESG ? &sim->dmesg : &sim->diag;
	char *line = text;

	for (;;) {
		char *nl = strchr(line, '\n');
		char *rec;

		if (nl)
			*nl = '\0';
		if (!nl && !*line && line != text)
			break;
		rec = g_strdup(line);
		if (sim->log_fn)
			sim->log_fn(ch, level, rec, sim->log_data);
		log_store(log, level, rec);
		if (!nl || !nl[1])
			break;
		line = nl + 1;
	}
}

void cms_vprintk(struct cmasim *sim, int level, const char *fmt, va_list ap)
{
	char *text = g_strdup_vprintf(fmt, ap);

	emit(sim, CMASIM_CHANNEL_DMESG, level, text);
	g_free(text);
}

void cms_printk(struct cmasim *sim, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cms_vprintk(sim, level, fmt, ap);
	va_end(ap);
}

void cms_diag(struct cmasim *sim, int level, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	emit(sim, CMASIM_CHANNEL_DIAG, level, text);
	g_free(text);
}

/* ---- Public access ---- */

void cmasim_dmesg_write(const struct cmasim *sim, cmasim_output_fn out,
			void *data)
{
	for (size_t i = 0; i < sim->dmesg.count; i++) {
		const char *t = cms_log_line(&sim->dmesg, i, NULL);
		char *line = g_strconcat(t, "\n", NULL);

		out(line, data);
		g_free(line);
	}
}

static void out_file(const char *text, void *data)
{
	fputs(text, data);
}

void cmasim_dmesg_print(const struct cmasim *sim, FILE *fp)
{
	cmasim_dmesg_write(sim, out_file, fp);
}

size_t cmasim_dmesg_count(const struct cmasim *sim)
{
	return sim->dmesg.count;
}

const char *cmasim_dmesg_line(const struct cmasim *sim, size_t idx, int *level)
{
	return cms_log_line(&sim->dmesg, idx, level);
}

void cmasim_dmesg_clear(struct cmasim *sim)
{
	cms_log_clear(&sim->dmesg);
}

size_t cmasim_diag_count(const struct cmasim *sim)
{
	return sim->diag.count;
}

const char *cmasim_diag_line(const struct cmasim *sim, size_t idx, int *level)
{
	return cms_log_line(&sim->diag, idx, level);
}

void cmasim_diag_write(const struct cmasim *sim, cmasim_output_fn out,
		       void *data)
{
	for (size_t i = 0; i < sim->diag.count; i++) {
		char *line = g_strconcat(cms_log_line(&sim->diag, i, NULL), "\n", NULL);

		out(line, data);
		g_free(line);
	}
}
