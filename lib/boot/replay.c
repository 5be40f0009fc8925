// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replaying a real boot log's memblock steps.  A machine read from a log
 * taken with memblock=debug (machine.c, bootlog.c) carries the recorded
 * memblock_add/reserve/phys_free/remove calls and "MEMBLOCK
 * configuration:" dumps instead of the modelled early reservations;
 * replayed in stages (split by stage marks around the CMA reservation and
 * the zone setup) they rebuild memblock exactly as the real kernel had it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "boot/setup.h"

/*
 * Whether @m carries memblock steps to replay.  A log read without
 * memblock=debug records only text lines (last_pfn, NUMA, ...): the boot
 * then models the machine from its e820 map, NUMA ranges and initrd like
 * a built one, and prints those lines itself.
 */
bool cms_boot_replays(const struct cmasim_machine *m)
{
	for (size_t i = 0; i < m->nr_ops; i++)
		if (m->ops[i].kind != CMASIM_OP_LOG_LINE &&
		    m->ops[i].kind != CMASIM_OP_STAGE)
			return true;
	return false;
}

/* Reset memblock to the state of dump @dump (its regions among @ops). */
static int memblock_reset_to(struct cmasim *sim,
			     const struct cmasim_machine_op *ops, size_t n,
			     unsigned int dump)
{
	struct cms_memblock_type *mem = &sim->memblock->memory;
	struct cms_memblock_type *rsv = &sim->memblock->reserved;
	bool saved = cms_boot_memblock_debug_off(sim);
	int ret = 0;

	/* empty both arrays region by region, then build the dump's state */
	while (mem->cnt && mem->regions[0].size && !ret)
		ret = cms_memblock_remove(sim, mem->regions[0].base,
					  mem->regions[0].size, "replay");
	while (rsv->cnt && rsv->regions[0].size && !ret)
		ret = cms_memblock_phys_free(sim, rsv->regions[0].base,
					     rsv->regions[0].size, "replay");
	for (size_t i = 0; i < n && !ret; i++) {
		const struct cmasim_machine_op *op = &ops[i];

		if (op->kind != CMASIM_OP_MEMBLOCK_STATE || op->dump != dump)
			continue;
		if (op->reserved)
			ret = cms_memblock_reserve(sim, op->base, op->size,
						   "replay");
		else if (op->nid >= 0)
			ret = cms_memblock_add_node(sim, op->base, op->size,
						    op->nid, op->flags, "replay");
		else
			ret = cms_memblock_add(sim, op->base, op->size,
					       "replay");
	}
	sim->memblock->debug = saved;
	return ret;
}

/*
 * Apply the recorded steps in order.  The regions of a "MEMBLOCK
 * configuration:" dump (interleaved with its text lines) reset memblock
 * once, at the dump's first region: the dump is the truth, and it also
 * brings in the reservations made before memblock=debug was parsed.
 */
int cms_boot_replay_ops(struct cmasim *sim, const struct cmasim_machine *m)
{
	int ret = 0;

	for (size_t i = sim->boot->replay_pos; i < m->nr_ops && !ret; i++) {
		const struct cmasim_machine_op *op = &m->ops[i];

		switch (op->kind) {
		case CMASIM_OP_STAGE:
			/* the boot runs that stage, then replays on */
			sim->boot->replay_pos = i + 1;
			return 0;
		case CMASIM_OP_MEMBLOCK_ADD:
			if (op->nid >= 0)
				ret = cms_memblock_add_node(sim, op->base, op->size,
							    op->nid, op->flags,
							    op->text);
			else
				ret = cms_memblock_add(sim, op->base, op->size,
						       op->text);
			break;
		case CMASIM_OP_MEMBLOCK_RESERVE:
			ret = cms_memblock_reserve(sim, op->base, op->size,
						   op->text);
			break;
		case CMASIM_OP_MEMBLOCK_PHYS_FREE:
			ret = cms_memblock_phys_free(sim, op->base, op->size,
						     op->text);
			break;
		case CMASIM_OP_MEMBLOCK_REMOVE:
			ret = cms_memblock_remove(sim, op->base, op->size,
						  op->text);
			break;
		case CMASIM_OP_MEMBLOCK_STATE:
			if (op->dump != sim->boot->replay_dump) {
				sim->boot->replay_dump = op->dump;
				ret = memblock_reset_to(sim, op, m->nr_ops - i,
							op->dump);
			}
			break;
		case CMASIM_OP_LOG_LINE:
			cms_printk(sim, CMASIM_LOG_INFO, "%s", op->text);
			break;
		}
		if (ret)
			cms_explain(sim, "boot: replaying log line %u failed: %d",
				    op->line, ret);
	}
	sim->boot->replay_pos = m->nr_ops;
	return ret;
}

/* The recorded steps between two stages (none for modelled machines). */
int cms_boot_replay_stage(struct cmasim *sim, const struct cmasim_machine *m)
{
	if (!cms_boot_replays(m) || sim->boot->replay_pos >= m->nr_ops)
		return 0;
	return cms_boot_replay_ops(sim, m);
}

bool cms_boot_replay_at(const struct cmasim *sim,
			const struct cmasim_machine *m, const char *stage)
{
	size_t pos = sim->boot->replay_pos;

	return pos && pos <= m->nr_ops &&
	       m->ops[pos - 1].kind == CMASIM_OP_STAGE &&
	       !strcmp(m->ops[pos - 1].text, stage);
}
