// SPDX-License-Identifier: GPL-2.0-only
/*
 * cli-check: run a command and check its exit status and output, for the
 * 'tools' suite (no shell involved).
 *
 *   cli-check [--exit N] [--has LINE]... [--lacks LINE]... [--err-has TEXT]...
 *             -- PROGRAM ARGS...
 *
 * --has/--lacks compare whole stdout lines; --err-has looks for TEXT
 * anywhere in stderr.  Exit 0 when every check holds, 1 otherwise (each
 * failed check is printed).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

static bool has_line(const char *out, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = out; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == n && !memcmp(p, line, n))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

int main(int argc, char **argv)
{
	GPtrArray *has = g_ptr_array_new(), *lacks = g_ptr_array_new();
	GPtrArray *err_has = g_ptr_array_new();
	int want_exit = 0, i, status = 0, bad = 0;
	gchar *out = NULL, *err = NULL;
	GError *gerr = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--") && i + 1 < argc) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "--exit"))
			want_exit = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--has"))
			g_ptr_array_add(has, argv[++i]);
		else if (!strcmp(argv[i], "--lacks"))
			g_ptr_array_add(lacks, argv[++i]);
		else if (!strcmp(argv[i], "--err-has"))
			g_ptr_array_add(err_has, argv[++i]);
		else
			goto usage;
	}
	if (i >= argc)
		goto usage;
	if (!g_spawn_sync(NULL, argv + i, NULL, G_SPAWN_DEFAULT, NULL, NULL,
			  &out, &err, &status, &gerr)) {
		fprintf(stderr, "cli-check: %s: %s\n", argv[i], gerr->message);
		g_error_free(gerr);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != want_exit) {
		fprintf(stderr, "cli-check: exit status %d, expected %d\n",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1, want_exit);
		bad++;
	}
	for (guint k = 0; k < has->len; k++)
		if (!has_line(out, g_ptr_array_index(has, k))) {
			fprintf(stderr, "cli-check: stdout lacks the line: %s\n",
				(char *)g_ptr_array_index(has, k));
			bad++;
		}
	for (guint k = 0; k < lacks->len; k++)
		if (has_line(out, g_ptr_array_index(lacks, k))) {
			fprintf(stderr, "cli-check: stdout has the line: %s\n",
				(char *)g_ptr_array_index(lacks, k));
			bad++;
		}
	for (guint k = 0; k < err_has->len; k++)
		if (!strstr(err, g_ptr_array_index(err_has, k))) {
			fprintf(stderr, "cli-check: stderr lacks: %s\n",
				(char *)g_ptr_array_index(err_has, k));
			bad++;
		}
	if (bad)
		fprintf(stderr, "--- stdout ---\n%s--- stderr ---\n%s", out, err);
	g_free(out);
	g_free(err);
	g_ptr_array_free(has, TRUE);
	g_ptr_array_free(lacks, TRUE);
	g_ptr_array_free(err_has, TRUE);
	return bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: cli-check [--exit N] [--has LINE] [--lacks LINE] [--err-has TEXT] -- PROGRAM ARGS...\n");
	return 2;
}
