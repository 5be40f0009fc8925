// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the boot-log importer (lib/boot/bootlog.c) and
 * the boot of what it imports (lib/boot/replay.c and the setup_arch()
 * paths): the whole input is the log text.
 *
 * The import must end in one of its documented results, and a machine it
 * returns must hold only what the API promises (non-empty, non-wrapping
 * e820 and node ranges, known step kinds with their text, line numbers
 * within the log, a diagnostic for every damaged line).  A machine whose
 * RAM and recorded memory all lie below 4 GiB (so that one input costs
 * milliseconds and megabytes) is then booted with the log's own kernel, arch and
 * command line: whatever the boot's verdict, cmasim_check() must pass
 * when it succeeded, and ASan/UBSan/LSan watch the rest.
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

/* Boot only machines whose memory ends below this. */
#define FUZZ_BOOT_LIMIT (4ull << 30)

static void count_diag(const char *text, void *data)
{
	if (!text || !*text)
		abort();
	(*(unsigned int *)data)++;
}

static void check_machine(const struct cmasim_machine *m,
			  const struct cmasim_bootlog_report *rep,
			  unsigned int ndiag)
{
	size_t i;

	if (ndiag < rep->damaged || rep->missing & ~7u ||
	    rep->last_line > rep->lines ||
	    rep->kernel_lines > rep->lines)
		abort();
	for (i = 0; i < cmasim_machine_nr_e820(m); i++) {
		cmasim_phys_addr_t base, size;

		if (cmasim_machine_e820(m, i, &base, &size, NULL) ||
		    !size || base + size - 1 < base)
			abort();
	}
	if (cmasim_machine_e820(m, i, NULL, NULL, NULL) != -ERANGE)
		abort();
	for (i = 0; i < cmasim_machine_nr_numa_ranges(m); i++) {
		cmasim_phys_addr_t base, size;
		int nid;

		if (cmasim_machine_numa_range(m, i, &nid, &base, &size) ||
		    nid < 0 || nid >= 1024 || !size || base + size - 1 < base)
			abort();
	}
	if (cmasim_machine_nr_ops(m) < rep->memblock_ops)
		abort();
	for (i = 0; i < cmasim_machine_nr_ops(m); i++) {
		const struct cmasim_machine_op *op = cmasim_machine_op(m, i);

		if (!op || !op->text || op->kind > CMASIM_OP_STAGE ||
		    op->line > rep->lines)
			abort();
	}
	if (cmasim_machine_op(m, i))
		abort();
}

/* Whether every piece of memory the machine would add ends low enough. */
static bool small_machine(const struct cmasim_machine *m)
{
	for (size_t i = 0; i < cmasim_machine_nr_e820(m); i++) {
		cmasim_phys_addr_t base, size;
		unsigned int type;

		cmasim_machine_e820(m, i, &base, &size, &type);
		if ((type == CMASIM_E820_RAM ||
		     type == CMASIM_E820_RESERVED_KERN) &&
		    base + size > FUZZ_BOOT_LIMIT)
			return false;
	}
	for (size_t i = 0; i < cmasim_machine_nr_ops(m); i++) {
		const struct cmasim_machine_op *op = cmasim_machine_op(m, i);
		bool adds = op->kind == CMASIM_OP_MEMBLOCK_ADD ||
			    (op->kind == CMASIM_OP_MEMBLOCK_STATE &&
			     !op->reserved);

		if (adds && (op->base + op->size > FUZZ_BOOT_LIMIT ||
			     op->base + op->size < op->base))
			return false;
	}
	for (size_t i = 0; i < cmasim_machine_nr_numa_ranges(m); i++) {
		cmasim_phys_addr_t base, size;

		cmasim_machine_numa_range(m, i, NULL, &base, &size);
		if (base + size > FUZZ_BOOT_LIMIT || base + size < base)
			return false;
	}
	return true;
}

static void boot(const struct cmasim_machine *m)
{
	struct cmasim_config *cfg = cmasim_config_new();
	const char *version = cmasim_machine_kernel_version(m);
	struct cmasim *sim = NULL;
	int ret;

	if (!cfg)
		abort();
	/* the log's arch, with an arm64 log's page size */
	cmasim_config_set_arch(cfg,
			       cmasim_arch_name(cmasim_machine_get_arch(m)));
	if (version)
		cmasim_config_set_kernel(cfg, version);
	if (cmasim_create(cfg, &sim))
		abort();
	ret = cmasim_boot(sim, m, NULL);
	if (!ret && cmasim_check(sim))
		abort();
	cmasim_destroy(sim);
	cmasim_config_destroy(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmasim_machine *m = NULL;
	struct cmasim_bootlog_report rep;
	unsigned int ndiag = 0;
	int ret;

	ret = cmasim_machine_from_log((const char *)data, size, &m, &rep,
				      count_diag, &ndiag);
	switch (ret) {
	case 0:
		break;
	case -ENODATA:
	case -EBADMSG:
	case -EFBIG:
		if (m)
			abort();
		return 0;
	default:
		abort();
	}
	check_machine(m, &rep, ndiag);
	if (small_machine(m))
		boot(m);
	cmasim_machine_destroy(m);
	return 0;
}
