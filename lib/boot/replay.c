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

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "boot/setup.h"
#include <cmasim/cma.h>

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

/* One of this boot's CMA areas, [base, end). */
struct cma_range {
	uint64_t base;
	uint64_t end;
};

static int collect_area(const struct cmasim_cma *cma, void *data)
{
	struct cma_range r = {
		.base = cmasim_cma_get_base(cma),
		.end = cmasim_cma_get_base(cma) + cmasim_cma_get_size(cma),
	};

	if (r.end > r.base)
		g_array_append_val((GArray *)data, r);
	return 0;
}

/* This boot's CMA areas so far: those the CMA code has reserved. */
static GArray *boot_cma_areas(const struct cmasim *sim)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(struct cma_range));

	cmasim_cma_for_each_area(sim, collect_area, a);
	return a;
}

/* The first of this boot's areas that [base, base + size) touches. */
static const struct cma_range *in_boot_cma(const GArray *areas,
					   uint64_t base, uint64_t size)
{
	uint64_t end = base + size < base ? UINT64_MAX : base + size;

	for (guint i = 0; i < areas->len; i++) {
		const struct cma_range *r = &g_array_index(areas,
							   struct cma_range, i);

		if (base < r->end && r->base < end)
			return r;
	}
	return NULL;
}

/*
 * A dump is the logged kernel's memblock, with the logged boot's CMA
 * areas.  This boot's own areas stay reserved through it, wherever the
 * CMA code put them (another command line, page size or hostile log may
 * have placed them where the log has free memory): their pages must not
 * reach the buddy allocator at the handover as well as at activation.
 */
static int keep_boot_cma(struct cmasim *sim, const GArray *areas)
{
	int ret = 0;

	for (guint i = 0; i < areas->len && !ret; i++) {
		const struct cma_range *r = &g_array_index(areas,
							   struct cma_range, i);

		ret = cms_memblock_reserve(sim, r->base, r->end - r->base,
					   "replay");
	}
	return ret;
}

/* Reset memblock to the state of dump @dump (its regions among @ops). */
static int memblock_reset_to(struct cmasim *sim,
			     const struct cmasim_machine_op *ops, size_t n,
			     const GArray *areas)
{
	unsigned int dump = ops[0].dump;
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
	if (!ret)
		ret = keep_boot_cma(sim, areas);
	sim->memblock->debug = saved;
	return ret;
}

/*
 * The memory memblock covers now: a count, then start/end pairs with
 * touching regions merged (marking a range nomap or giving it a node
 * splits regions without changing what is memory).
 */
static uint64_t *memory_snapshot(const struct cmasim *sim)
{
	const struct cms_memblock_type *mem = &sim->memblock->memory;
	uint64_t *s = g_new(uint64_t, 1 + 2 * mem->cnt);
	uint64_t n = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		uint64_t b = mem->regions[i].base;
		uint64_t e = b + mem->regions[i].size;

		if (b == e)
			continue;
		if (n && s[2 * n] == b) {
			s[2 * n] = e;
			continue;
		}
		s[1 + 2 * n] = b;
		s[2 + 2 * n] = e;
		n++;
	}
	s[0] = n;
	return s;
}

static bool memory_changed(const struct cmasim *sim, const uint64_t *snap)
{
	uint64_t *now = memory_snapshot(sim);
	bool changed = now[0] != snap[0] ||
		       memcmp(now, snap, (1 + 2 * now[0]) * sizeof(*now));

	g_free(now);
	return changed;
}

/*
 * Apply the recorded steps in order.  The regions of a "MEMBLOCK
 * configuration:" dump (interleaved with its text lines) reset memblock
 * once, at the dump's first region: the dump is the truth, and it also
 * brings in the reservations made before memblock=debug was parsed.
 */
int cms_boot_replay_ops(struct cmasim *sim, const struct cmasim_machine *m)
{
	GArray *areas = boot_cma_areas(sim);
	int ret = 0;

	for (size_t i = sim->boot->replay_pos; i < m->nr_ops && !ret; i++) {
		const struct cmasim_machine_op *op = &m->ops[i];
		const struct cma_range *cma = NULL;
		/*
		 * Once free_area_init() has sized the zones on memblock's
		 * memory, a boot never changes that memory again: a log
		 * whose later steps do is not the log of one boot.
		 */
		uint64_t *snap = sim->mm && sim->mm->nodes &&
				 op->kind != CMASIM_OP_LOG_LINE &&
				 op->kind != CMASIM_OP_STAGE ?
				 memory_snapshot(sim) : NULL;

		/*
		 * The logged kernel never freed or removed memory inside a
		 * CMA area it had reserved: a step that does so in one of
		 * this boot's was made around the log's own areas, placed
		 * elsewhere (or the log is not a boot's).  Replaying it
		 * would hand the area's pages out twice; it is left out.
		 */
		if (op->kind == CMASIM_OP_MEMBLOCK_PHYS_FREE ||
		    op->kind == CMASIM_OP_MEMBLOCK_REMOVE)
			cma = in_boot_cma(areas, op->base, op->size);
		if (cma) {
			cms_explain(sim, "boot: log line %u frees [%#llx-%#llx] inside this boot's CMA area at %#llx: not replayed (the logged boot had its CMA elsewhere)",
				    op->line, (unsigned long long)op->base,
				    (unsigned long long)(op->base +
							 op->size - 1),
				    (unsigned long long)cma->base);
			g_free(snap);
			continue;
		}
		switch (op->kind) {
		case CMASIM_OP_STAGE:
			/* the boot runs that stage, then replays on */
			sim->boot->replay_pos = i + 1;
			g_free(snap);
			g_array_free(areas, TRUE);
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
							areas);
			}
			break;
		case CMASIM_OP_LOG_LINE:
			cms_printk(sim, CMASIM_LOG_INFO, "%s", op->text);
			break;
		}
		if (!ret && snap && memory_changed(sim, snap)) {
			cms_client_bug(sim, "boot: log line %u changes memblock's memory after the zones were built on it (free_area_init): no boot does that",
				       op->line);
			ret = -EINVAL;
		}
		g_free(snap);
		if (ret)
			cms_explain(sim, "boot: replaying log line %u failed: %d",
				    op->line, ret);
	}
	sim->boot->replay_pos = m->nr_ops;
	g_array_free(areas, TRUE);
	return ret;
}

/* The recorded steps between two stages (none for modelled machines). */
int cms_boot_replay_stage(struct cmasim *sim, const struct cmasim_machine *m)
{
	if (!cms_boot_replays(m) || sim->boot->replay_pos >= m->nr_ops)
		return 0;
	return cms_boot_replay_ops(sim, m);
}
