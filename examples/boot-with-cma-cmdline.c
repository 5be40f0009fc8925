// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where does cma= put the default CMA area, and why?
 *
 * Boots a qemu-pc-like 4 GiB machine twice on the Linux 6.12 profile:
 * once with cma=256M@0x80000000 (a fixed base) and once with cma=256M (the
 * kernel picks the place), and prints the kernel's own lines about the
 * reservation, the limit x86 passed to dma_contiguous_reserve(), and the
 * simulator's explanations.  Public API only.
 */
#include <stdio.h>
#include <string.h>

#include <cmasim/cmasim.h>

static int boot_once(const char *cmdline)
{
	struct cmasim_config *cfg = cmasim_config_new();
	struct cmasim_machine *m = NULL;
	struct cmasim *sim = NULL;
	int ret;

	if (!cfg)
		return 1;
	if (cmasim_config_set_kernel(cfg, "6.12") ||
	    cmasim_config_set(cfg, "CMA_DEBUG", "y"))
		goto out;
	ret = cmasim_machine_qemu_pc(4ULL << 30, 1, &m);
	if (!ret)
		ret = cmasim_create(cfg, &sim);
	if (ret) {
		fprintf(stderr, "setup failed: %d\n", ret);
		goto out;
	}
	ret = cmasim_boot(sim, m, cmdline);
	printf("== boot with \"%s\": %s\n", cmdline, ret ? "failed" : "ok");
	printf("   x86 limit: max_pfn_mapped << PAGE_SHIFT = %#llx\n",
	       (unsigned long long)cmasim_dma_contiguous_limit(sim));
	for (size_t i = 0; i < cmasim_dmesg_count(sim); i++) {
		const char *l = cmasim_dmesg_line(sim, i, NULL);

		if (!strncmp(l, "cma: ", 5) || !strncmp(l, "DMA: ", 5))
			printf("   dmesg: %s\n", l);
	}
	for (size_t i = 0; i < cmasim_diag_count(sim); i++)
		printf("   why:   %s\n", cmasim_diag_line(sim, i, NULL));
	cmasim_destroy(sim);
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	return ret ? 1 : 0;
out:
	cmasim_destroy(sim);
	cmasim_machine_destroy(m);
	cmasim_config_destroy(cfg);
	return 1;
}

int main(void)
{
	int bad = 0;

	bad |= boot_once("console=ttyS0 cma=256M@0x80000000");
	bad |= boot_once("console=ttyS0 cma=256M");
	return bad;
}
