/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 firmware memory map as arch/x86/kernel/e820.c keeps and edits
 * it (e820_table): the working copy setup_arch() trims and prints, feeds
 * to memblock and reads max_pfn from.  setup_x86.c is its one user.
 */
#ifndef CMS_BOOT_E820_H
#define CMS_BOOT_E820_H

#include <stddef.h>
#include <stdint.h>

struct cmasim;
struct cmasim_machine;
struct cms_e820_entry;

/* e820_table after the arch's edits. */
struct cms_e820_table {
	struct cms_e820_entry *e;
	size_t n, cap;
};

/*
 * The firmware's map of @m as e820__memory_setup_default() leaves it:
 * copied and sanitised (cms_e820_update_table()).  Free it with
 * cms_e820_table_free().  Return: 0; -ENOMEM.
 */
int cms_e820_table_init(struct cms_e820_table *t,
			const struct cmasim_machine *m);
void cms_e820_table_free(struct cms_e820_table *t);

/*
 * Remove [start, end) from the RAM entries of @t; with @new_type, put it
 * back as that type (e820__range_update) instead of dropping it
 * (e820__range_remove).  Return: 0; -ENOMEM.
 */
int cms_e820_edit_ram(struct cms_e820_table *t, uint64_t start, uint64_t end,
		      unsigned int new_type);
/*
 * e820__update_table(): sorted, overlaps resolved (the highest type wins)
 * and touching entries of one type merged, PRAM and soft-reserved ones
 * excepted.  A table of fewer than two entries, or with an entry that
 * wraps, stays as it is.  0, or -ENOMEM with @t unchanged.
 */
int cms_e820_update_table(struct cms_e820_table *t);
/* e820_end_pfn(limit_pfn, E820_TYPE_RAM) */
uint64_t cms_e820_end_pfn(const struct cms_e820_table *t, uint64_t limit_pfn,
			  unsigned int page_shift);
/* e820__print_table(who) */
void cms_e820_print_table(struct cmasim *sim, const struct cms_e820_table *t,
			  const char *who);
/*
 * What mem= left once the command line is parsed (parse_memopt), then
 * e820__finish_early_params(): the "user" map.  Return: 0; -ENOMEM.
 */
int cms_e820_user_map(struct cmasim *sim, struct cms_e820_table *t);
/* e820__memblock_setup(): 0 or memblock's -errno. */
int cms_e820_memblock_setup(struct cmasim *sim, const struct cms_e820_table *t);
/* e820__register_nosave_regions(max_pfn), into the boot state. */
void cms_e820_register_nosave_regions(struct cmasim *sim,
				      const struct cms_e820_table *t);

#endif /* CMS_BOOT_E820_H */
