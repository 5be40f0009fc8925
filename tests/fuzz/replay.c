// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replays every file of a fuzz corpus (tests/fuzz/corpus/TARGET/) through
 * a libFuzzer target, so the corpora run in every normal test run, and
 * under valgrind, without clang or libFuzzer.  Linked with one
 * fuzz-TARGET.c.  Exit 0 when every input went through (a target aborts
 * on anything it must not see).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "corpus";
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	const char *name;
	unsigned int n = 0;

	if (!d) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
		return 1;
	}
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);
		gchar *buf;
		gsize len;

		if (!g_file_get_contents(path, &buf, &len, &err)) {
			fprintf(stderr, "%s\n", err->message);
			g_clear_error(&err);
			g_free(path);
			g_dir_close(d);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		g_free(buf);
		g_free(path);
		n++;
	}
	g_dir_close(d);
	printf("replayed %u corpus inputs\n", n);
	return n ? 0 : 1;
}
