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
#include "core/log.h"


/*
 * Split @text (@len bytes, NUL at @len, writable) at newlines: each line
 * is one record, as printk makes them.  The handler sees a line before
 * the ring keeps its copy.
 */
static void emit(struct cmasim *sim, enum cmasim_log_channel ch, int level,
		 char *text, size_t len)
{
	struct cms_log *log = ch == CMASIM_CHANNEL_DMESG ? &sim->dmesg : &sim->diag;
	char *line = text, *end = text + len;

	for (;;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = (size_t)((nl ? nl : end) - line);

		if (nl)
			*nl = '\0';
		if (!nl && !n && line != text)
			break;
		if (sim->log_fn)
			sim->log_fn(ch, level, line, sim->log_data);
		cms_log_store(log, level, line, n);
		if (!nl || nl + 1 == end)
			break;
		line = nl + 1;
	}
}

/* Format into a stack buffer; only a long message takes the heap. */
static __attribute__((format(printf, 4, 0))) void
vlog(struct cmasim *sim, enum cmasim_log_channel ch, int level,
     const char *fmt, va_list ap)
{
	char buf[320];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(buf)) {
		/* a %c of 0 ends the message, as it ends a C string */
		const char *nul = memchr(buf, '\0', (size_t)n);

		emit(sim, ch, level, buf,
		     nul ? (size_t)(nul - buf) : (size_t)n);
	} else {
		char *text = g_strdup_vprintf(fmt, ap);

		emit(sim, ch, level, text, strlen(text));
		g_free(text);
	}
}

void cms_vprintk(struct cmasim *sim, int level, const char *fmt, va_list ap)
{
	vlog(sim, CMASIM_CHANNEL_DMESG, level, fmt, ap);
}

void cms_printk(struct cmasim *sim, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(sim, CMASIM_CHANNEL_DMESG, level, fmt, ap);
	va_end(ap);
}

void cms_printk_text(struct cmasim *sim, int level, const char *text)
{
	size_t len = strlen(text);

	/* one line: the text is the record, stored as it is */
	if (!memchr(text, '\n', len)) {
		if (sim->log_fn)
			sim->log_fn(CMASIM_CHANNEL_DMESG, level, text,
				    sim->log_data);
		cms_log_store(&sim->dmesg, level, text, len);
		return;
	}
	cms_printk(sim, level, "%s", text);
}

void cms_diag(struct cmasim *sim, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(sim, CMASIM_CHANNEL_DIAG, level, fmt, ap);
	va_end(ap);
}

/* ---- Public access ---- */

void cmasim_dmesg_write(const struct cmasim *sim, cmasim_output_fn out,
			void *data)
{
	if (!sim || !out)
		return;
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
	if (fp)
		cmasim_dmesg_write(sim, out_file, fp);
}

size_t cmasim_dmesg_count(const struct cmasim *sim)
{
	return sim ? sim->dmesg.count : 0;
}

const char *cmasim_dmesg_line(const struct cmasim *sim, size_t idx, int *level)
{
	return sim ? cms_log_line(&sim->dmesg, idx, level) : NULL;
}

void cmasim_dmesg_clear(struct cmasim *sim)
{
	if (sim)
		cms_log_clear(&sim->dmesg);
}

size_t cmasim_diag_count(const struct cmasim *sim)
{
	return sim ? sim->diag.count : 0;
}

const char *cmasim_diag_line(const struct cmasim *sim, size_t idx, int *level)
{
	return sim ? cms_log_line(&sim->diag, idx, level) : NULL;
}

void cmasim_diag_write(const struct cmasim *sim, cmasim_output_fn out,
		       void *data)
{
	if (!sim || !out)
		return;
	for (size_t i = 0; i < sim->diag.count; i++) {
		char *line = g_strconcat(cms_log_line(&sim->diag, i, NULL), "\n", NULL);

		out(line, data);
		g_free(line);
	}
}
