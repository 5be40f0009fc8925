// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replaying a real boot log's memblock steps.  A machine read from a log
 * taken with memblock=debug (machine.c, bootlog.c) carries the recorded
 * memblock_add/reserve/phys_free/remove calls and "MEMBLOCK
 * configuration:" dumps instead of the modelled early reservations;
 * replayed in stages (split by stage marks around the CMA reservation and
 * the zone setup) they rebuild memblock exactly as the real kernel had it.
 *
 * A boot with a device tree makes the reserved-memory steps itself
 * (of/of_reserved_mem.c): the replay leaves out the steps the log shows
 * drivers/of making, runs early_init_fdt_scan_reserved_mem() where the
 * log leaves arm64_memblock_init(), and 6.12's second pass where the log
 * leaves paging_init(); a memblock dump then only adds what was reserved
 * before memblock=debug was parsed (the blob, the kernel image).
 *
 * This boot's CMA areas stay reserved through every dump, and the log's
 * frees and removes inside them are left out: the logged kernel made
 * them around its own areas, which another command line or page size
 * may have placed elsewhere.  A step that changes memblock's memory
 * after free_area_init() is refused: no boot does that.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "core/instance.h"
#include "core/log.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/cma.h"
#include "of/of_reserved_mem.h"
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

/*
 * The first of this boot's CMA areas (those reserved so far, by the
 * command line, hugetlb_cma= or the device tree) that [base, base + size)
 * touches, or NULL.
 */
static const struct cmasim_cma *in_boot_cma(const struct cmasim *sim,
					    uint64_t base, uint64_t size)
{
	const struct cms_cma_state *st = sim->cma;
	uint64_t end = base + size < base ? UINT64_MAX : base + size;

	for (unsigned int i = 0; i < st->area_count; i++) {
		const struct cmasim_cma *c = &st->areas[i];
		uint64_t b = cmasim_cma_get_base(c);

		if (base < b + cmasim_cma_get_size(c) && b < end)
			return c;
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
static int keep_boot_cma(struct cmasim *sim)
{
	const struct cms_cma_state *st = sim->cma;
	int ret = 0;

	for (unsigned int i = 0; i < st->area_count && !ret; i++)
		if (cmasim_cma_get_size(&st->areas[i]))
			ret = cms_memblock_reserve(sim,
					cmasim_cma_get_base(&st->areas[i]),
					cmasim_cma_get_size(&st->areas[i]),
					"replay");
	return ret;
}

/* Reset memblock to the state of dump @dump (its regions among @ops). */
static int memblock_reset_to(struct cmasim *sim,
			     const struct cmasim_machine_op *ops, size_t n,
			     unsigned int dump)
{
	struct cms_memblock_type *mem = &sim->memblock->memory;
	struct cms_memblock_type *rsv = &sim->memblock->reserved;
	bool saved = cms_boot_memblock_debug_off(sim);
	/* with a device tree the tree's regions stand: only add */
	bool add_only = cms_of_has_fdt(sim);
	int ret = 0;

	/* empty both arrays region by region, then build the dump's state */
	while (!add_only && mem->cnt && mem->regions[0].size && !ret)
		ret = cms_memblock_remove(sim, mem->regions[0].base,
					  mem->regions[0].size, "replay");
	while (!add_only && rsv->cnt && rsv->regions[0].size && !ret)
		ret = cms_memblock_phys_free(sim, rsv->regions[0].base,
					     rsv->regions[0].size, "replay");
	for (size_t i = 0; i < n && !ret; i++) {
		const struct cmasim_machine_op *op = &ops[i];

		if (op->kind != CMASIM_OP_MEMBLOCK_STATE || op->dump != dump ||
		    (add_only && !op->reserved))
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
		ret = keep_boot_cma(sim);
	sim->memblock->debug = saved;
	return ret;
}

/* ---- A device tree's own steps ---- */

/* Whether @text ends with a call site of @fn ("fn+0x40/0x94" or "fn"). */
static bool caller_is(const char *text, const char *fn)
{
	const char *sp = strrchr(text, ' ');
	const char *c = sp ? sp + 1 : text;
	size_t n = strlen(fn);

	return !strncmp(c, fn, n) && (c[n] == '+' || !c[n]);
}

static bool caller_in(const char *text, const char *const *fns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (caller_is(text, fns[i]))
			return true;
	return false;
}

/* drivers/of's functions that memblock=debug names, 6.1 and 6.12 */
static const char *const of_first_pass[] = {
	"early_init_fdt_scan_reserved_mem", "fdt_scan_reserved_mem",
	"early_init_dt_reserve_memory", "__reserved_mem_reserve_reg",
	"fdt_init_reserved_mem", "__reserved_mem_alloc_size",
	"__reserved_mem_alloc_in_range",
	"early_init_dt_alloc_reserved_memory_arch",
	"fdt_reserved_mem_save_node", "fdt_init_reserved_mem_node",
};
/* 6.12's second pass, from unflatten_device_tree() */
static const char *const of_second_pass[] = {
	"fdt_scan_reserved_mem_reg_nodes", "alloc_reserved_mem_array",
};
/* paging_init(), between the two */
static const char *const paging[] = {
	"paging_init", "early_pgtable_alloc", "map_mem", "map_kernel",
};

/*
 * Before step @op of a boot with a device tree: run the drivers/of step
 * the log has reached, and say (*@skip) whether @op is one drivers/of
 * made, which the boot makes itself.  *@of_alloc carries "the last step
 * left out was an allocation line" to the reservation that follows it.
 */
static int of_steps(struct cmasim *sim, const struct cmasim_machine_op *op,
		    bool *of_alloc, bool *skip)
{
	const struct cms_of *of = sim->of;
	const char *text = op->text ? op->text : "";
	bool first = caller_in(text, of_first_pass,
			       CMS_ARRAY_SIZE(of_first_pass));
	bool second = caller_in(text, of_second_pass,
				CMS_ARRAY_SIZE(of_second_pass));
	int ret = 0;

	*skip = false;
	if (op->kind == CMASIM_OP_STAGE)
		return 0;
	/* memblock_alloc_range_nid's reservation belongs to the line before */
	if (op->kind == CMASIM_OP_MEMBLOCK_RESERVE &&
	    caller_is(text, "memblock_alloc_range_nid")) {
		*skip = *of_alloc;
		*of_alloc = false;
		return 0;
	}
	*of_alloc = false;
	/* early_init_fdt_scan_reserved_mem() ends arm64_memblock_init() */
	if (!of->scanned && !caller_is(text, "arm64_memblock_init"))
		ret = cms_of_early_init_fdt_scan_reserved_mem(sim);
	/* 6.12: unflatten_device_tree() follows paging_init() */
	if (!ret && of->scanned && !of->reg_scanned &&
	    (second || (!first && !caller_in(text, paging,
					      CMS_ARRAY_SIZE(paging)))))
		ret = cms_of_unflatten_device_tree(sim);
	if (first || second) {
		*skip = true;
		*of_alloc = op->kind == CMASIM_OP_LOG_LINE;
	}
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
	bool of_alloc = false;
	int ret = 0;

	for (size_t i = sim->boot->replay_pos; i < m->nr_ops && !ret; i++) {
		const struct cmasim_machine_op *op = &m->ops[i];
		const struct cmasim_cma *cma = NULL;
		uint64_t *snap = NULL;

		if (cms_of_has_fdt(sim)) {
			bool skip;

			ret = of_steps(sim, op, &of_alloc, &skip);
			if (ret || skip)
				continue;
		}
		/*
		 * The logged kernel never freed or removed memory inside a
		 * CMA area it had reserved: a step that does so in one of
		 * this boot's was made around the log's own areas, placed
		 * elsewhere (or the log is not a boot's).  Replaying it
		 * would hand the area's pages out twice; it is left out.
		 */
		if (op->kind == CMASIM_OP_MEMBLOCK_PHYS_FREE ||
		    op->kind == CMASIM_OP_MEMBLOCK_REMOVE)
			cma = in_boot_cma(sim, op->base, op->size);
		if (cma) {
			uint64_t at = cmasim_cma_get_base(cma);

			cms_explain(sim, "boot: log line %u frees [%#llx-%#llx] inside this boot's CMA area at %#llx: not replayed (the logged boot had its CMA elsewhere)",
				    op->line, (unsigned long long)op->base,
				    (unsigned long long)(op->base +
							 op->size - 1),
				    (unsigned long long)at);
			continue;
		}
		/*
		 * Once free_area_init() has sized the zones on memblock's
		 * memory, a boot never changes that memory again: a log
		 * whose later steps do is not the log of one boot.
		 */
		if (cms_free_area_init_done(sim) &&
		    op->kind != CMASIM_OP_LOG_LINE &&
		    op->kind != CMASIM_OP_STAGE)
			snap = memory_snapshot(sim);
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
			cms_printk_text(sim, CMASIM_LOG_INFO, op->text);
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
