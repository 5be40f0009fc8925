// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the device-tree reader (lib/of/fdt.c, through
 * libfdt) and the boot of what it reads (lib/of/of_reserved_mem.c, the
 * arm64 setup_arch() paths, kernel/dma/coherent.c pools): the whole input
 * is a flattened tree, given to cmasim_machine_set_dt() on an empty arm64
 * machine.
 *
 * The reader must end in one of its documented results, with a non-empty
 * diagnostic line for each problem.  A tree it takes whose /memory nodes
 * all end below 4 GiB is booted on both kernel versions (arm64's
 * paging_init() allocates page tables for all of memory, as the kernel
 * does, so a tree with terabytes would cost seconds an input): whatever
 * the boot's verdict, cmasim_check() must pass when it succeeded, and
 * ASan, UBSan and LSan watch the rest.
 *
 * The same file is built without libFuzzer as the corpus replay test
 * (replay.c).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <cmasim/cmasim.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_diag(const char *text, void *data)
{
	if (!text || !*text)
		abort();
	(*(unsigned int *)data)++;
}

/* Boot only trees whose memory ends below this. */
#define FUZZ_BOOT_LIMIT (4ull << 30)

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/* Every /memory range of @fdt (a tree libfdt and the reader took) ends low. */
static int small_tree(const void *fdt)
{
	/* the kernel's defaults for a root without them: one cell each */
	int ac = fdt_getprop(fdt, 0, "#address-cells", NULL) ?
		 fdt_address_cells(fdt, 0) : 1;
	int sc = fdt_getprop(fdt, 0, "#size-cells", NULL) ?
		 fdt_size_cells(fdt, 0) : 1;
	int node;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return 0;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg;
		int len;

		if (!type || strcmp(type, "memory"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		for (int i = 0; reg && i + (ac + sc) * 4 <= len;
		     i += (ac + sc) * 4) {
			uint64_t base = cells(reg + i / 4, ac);
			uint64_t size = cells(reg + i / 4 + ac, sc);

			if (base >= FUZZ_BOOT_LIMIT ||
			    size > FUZZ_BOOT_LIMIT - base)
				return 0;
		}
	}
	return 1;
}

static void boot(const struct cmasim_machine *m, const char *version)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim *sim = NULL;

	if (!cfg || cmasim_config_set_arch(cfg, "arm64") ||
	    cmasim_config_set_kernel(cfg, version) ||
	    cmasim_create(cfg, &sim))
		abort();
	if (!cmasim_boot(sim, m, NULL) && cmasim_check(sim))
		abort();
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmasim_machine *m = cmasim_machine_new(CMASIM_ARCH_ARM64_4K);
	unsigned int ndiag = 0;
	int ret;

	if (!m)
		abort();
	ret = cmasim_machine_set_dt(m, data, size, 0, count_diag, &ndiag);
	if (ret && ret != -EINVAL && ret != -EFBIG && ret != -ENOMEM)
		abort();
	if (!ret && small_tree(data)) {
		boot(m, "6.1");
		boot(m, "6.12");
	}
	cmasim_machine_destroy(m);
	return 0;
}
