// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the kernel-file paths (lib/fs/kernfs.c and the
 * files behind it: mm/cma_debug.c, fs/proc.c) on a booted machine.
 *
 * The first input byte picks the machine: kernel 6.1 or 6.12, 256 MiB or
 * two nodes of 256 MiB, which CMA areas (a default area, per-node areas,
 * none), CMA_DEBUGFS and CMA_SYSFS.  The rest is a list of steps, one a
 * line: "PATH VALUE" writes VALUE (all after the first space, as is) to
 * PATH with cmasim_file_write(), a line without a space reads PATH with
 * cmasim_file_read().  Every call must return one of the documented
 * errnos, a read must give text without a NUL, and after the steps
 * cmasim_check() must still pass: the writes (cma_alloc and cma_release
 * through debugfs) never break an invariant.
 *
 * The same file is built without libFuzzer as the corpus replay test
 * (replay.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Steps of one input beyond these are not run: each may allocate. */
#define FUZZ_MAX_STEPS 64

static const char *const fuzz_cmdlines[] = {
	"cma=16M", "cma=16M cma_pernuma=8M", "cma=0", "cma=8M@0x4000000",
};

static struct cmasim *fuzz_boot(uint8_t sel)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	bool v61 = sel & 0x01;

	if (!cfg)
		abort();
	cmasim_config_set_kernel(cfg, v61 ? "6.1" : "6.12");
	cmasim_config_set(cfg, "CMA_DEBUGFS", sel & 0x02 ? "n" : "y");
	cmasim_config_set(cfg, "CMA_SYSFS", sel & 0x04 ? "n" : "y");
	cmasim_config_set(cfg, v61 ? "DMA_PERNUMA_CMA" : "DMA_NUMA_CMA", "y");
	if (cmasim_create(cfg, &sim) ||
	    cmasim_machine_qemu_pc(sel & 0x08 ? 512ull << 20 : 256ull << 20,
				   sel & 0x08 ? 2 : 1, &m) ||
	    cmasim_boot(sim, m, fuzz_cmdlines[(sel >> 4) & 3]))
		abort();
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	return sim;
}

static void check_text(const char *text, void *data)
{
	if (!text)
		abort();
	*(size_t *)data += strlen(text);
}

static void check_ret(int ret, bool write)
{
	switch (ret) {
	case 0:
	case -EINVAL:
	case -ENOENT:
	case -EISDIR:
	case -EACCES:
	case -ENAMETOOLONG:
		return;
	case -ERANGE:
	case -EIO:
	case -ENOMEM:
		if (write)
			return;
		break;
	default:
		break;
	}
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmasim *sim;
	char *text, *line, *next;
	unsigned int steps = 0;

	if (size < 1)
		return 0;
	sim = fuzz_boot(data[0]);
	text = malloc(size);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	for (line = text; line && steps < FUZZ_MAX_STEPS; line = next, steps++) {
		char *sp;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		sp = strchr(line, ' ');
		if (sp) {
			*sp = '\0';
			check_ret(cmasim_file_write(sim, line, sp + 1), true);
		} else {
			size_t len = 0;

			check_ret(cmasim_file_read(sim, line, check_text, &len),
				  false);
		}
	}
	if (cmasim_check(sim))
		abort();
	free(text);
	cmasim_destroy(sim);
	return 0;
}
