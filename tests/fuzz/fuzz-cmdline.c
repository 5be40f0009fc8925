// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the boot command line parser (lib/cmdline.c).
 * The first input byte picks the profile (arch, kernel version, CMA
 * knobs); the rest is the command line, cut at its first NUL.  Every
 * NUL-separated piece also goes through cmasim_memparse().  The target
 * checks that nothing crashes, that memparse never reads past the text
 * and that parsing leaves cmasim_check()'s verdict as it was.
 *
 * The same file is built without libFuzzer as the corpus replay test
 * (replay-cmdline.c includes it).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmasim/cmasim.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_arches[] = {
	"x86_64", "arm64", "arm64-16k", "arm64-64k", "arm",
};

static struct cmasim *fuzz_sim(uint8_t sel)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;
	bool v61 = sel & 0x08;

	if (!cfg)
		abort();
	cmasim_config_set_arch(cfg, fuzz_arches[(sel & 0x07) % 5]);
	cmasim_config_set_kernel(cfg, v61 ? "6.1" : "6.12");
	/* absent knobs return -EOPNOTSUPP: that is fine here */
	if (sel & 0x10)
		cmasim_config_set(cfg, v61 ? "DMA_PERNUMA_CMA" : "DMA_NUMA_CMA",
				  "y");
	if (sel & 0x20)
		cmasim_config_set(cfg, "DMA_CMA", "n");
	if (sel & 0x40)
		cmasim_config_set(cfg, "NUMA", "n");
	if (cmasim_create(cfg, &sim))
		sim = NULL;
	cmasim_config_destroy(cfg);
	return sim;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmasim *sim;
	uint64_t v, a, b;
	unsigned int pct;
	char *text;
	size_t n, off;
	int fresh_check;
	bool m;

	if (size < 1)
		return 0;
	sim = fuzz_sim(data[0]);
	if (!sim)
		return 0;
	fresh_check = cmasim_check(sim);
	text = malloc(size);
	if (!text)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	for (off = 0; off < size - 1; off += strlen(text + off) + 1) {
		if (cmasim_memparse(text + off, &v, &n) || n > strlen(text + off))
			abort();
	}
	if (cmasim_cmdline_set(sim, text))
		abort();
	cmasim_cmdline_get_cma(sim, &v, &a, &b);
	for (unsigned int nid = 0; nid < 1024; nid++)
		if (cmasim_cmdline_get_numa_cma(sim, nid, &v) == -22)
			break;
	cmasim_cmdline_get_pernuma(sim, &v);
	cmasim_cmdline_get_mem(sim, &v);
	for (unsigned int i = 0; !cmasim_cmdline_get_mem_bank(sim, i, &a, &b, &m); i++)
		;
	cmasim_cmdline_memblock_debug(sim);
	cmasim_cmdline_get_kernelcore(sim, &v, &pct, &m);
	cmasim_cmdline_get_movablecore(sim, &v, &pct);
	cmasim_cmdline_oops(sim, NULL);
	/* parsing never touches the machine: the checker's verdict on the
	 * fresh instance must not change */
	if (cmasim_check(sim) != fresh_check)
		abort();
	free(text);
	cmasim_destroy(sim);
	return 0;
}
