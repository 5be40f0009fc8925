/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulator instance: its configuration (arch and kernel profiles,
 * Kconfig knobs, seed), its creation and destruction, the geometry it
 * derives from them, and the checker.
 *
 * One struct cmasim owns a whole simulated machine.  The library keeps no
 * mutable global state, so any number of instances may live in a process.
 * Every object an instance hands out (CMA areas, devices, log lines) is
 * borrowed from it and lives until cmasim_destroy().  Objects from a
 * *_new() or *_create() call (configurations, machines, instances) are the
 * caller's, freed by the matching NULL-safe *_destroy().
 */
#ifndef CMASIM_INSTANCE_H
#define CMASIM_INSTANCE_H

#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_config;

/* ---- Configuration ---- */

/**
 * cmasim_config_new() - a configuration with the defaults: x86_64,
 * Linux 6.12, every Kconfig knob at that profile's real default, seed 0,
 * no log handler.
 *
 * Return: the new configuration, or NULL when host memory is exhausted.
 * The caller owns it and frees it with cmasim_config_destroy().
 */
CMASIM_EXPORT struct cmasim_config *cmasim_config_new(void);

/**
 * cmasim_config_destroy() - free a configuration.
 * @cfg: from cmasim_config_new(), or NULL (nothing happens).
 *
 * Instances created from @cfg keep their own copy and live on.
 * Return: nothing.  @cfg was the caller's; it is gone.
 */
CMASIM_EXPORT void cmasim_config_destroy(struct cmasim_config *cfg);

/**
 * cmasim_config_set_arch() - choose the architecture profile.
 * @cfg: configuration (caller's).
 * @name: "x86_64", "arm64" (4K pages), "arm64-4k", "arm64-16k",
 * "arm64-64k" or "arm" (32-bit with highmem); borrowed for the call.
 *
 * Knobs not set explicitly take the new profile's defaults.
 * Return: 0; -EINVAL NULL @cfg, or an unknown or NULL @name
 * (cmasim_config_error() names it).  @cfg keeps nothing of @name.
 */
CMASIM_EXPORT int cmasim_config_set_arch(struct cmasim_config *cfg,
					 const char *name);

/**
 * cmasim_arch_name() - the canonical name of @arch, as
 * cmasim_config_set_arch() takes it.
 * Return: "x86_64", "arm64-4k", "arm64-16k", "arm64-64k" or "arm" (a
 * static string); NULL for a value outside enum cmasim_arch.
 */
CMASIM_EXPORT const char *cmasim_arch_name(enum cmasim_arch arch);

/**
 * cmasim_config_set_kernel() - choose the kernel version profile.
 * @cfg: configuration (caller's).
 * @version: "6.1" or "6.12"; borrowed for the call.
 *
 * Return: 0; -EINVAL NULL @cfg, or an unknown or NULL @version
 * (cmasim_config_error() says which).  @cfg keeps nothing of @version.
 */
CMASIM_EXPORT int cmasim_config_set_kernel(struct cmasim_config *cfg,
					   const char *version);

/**
 * cmasim_config_set_seed() - seed every random choice of the instances
 * created from @cfg (such as cmasim_migrate_set_failure_rate()'s draws).
 * @cfg: configuration (caller's); NULL is ignored.
 * @seed: any value; equal seeds give equal runs.
 *
 * Return: nothing.  @cfg is the caller's.
 */
CMASIM_EXPORT void cmasim_config_set_seed(struct cmasim_config *cfg,
					  uint64_t seed);

/**
 * cmasim_config_set() - set a Kconfig knob by its Kconfig name.
 * @cfg: configuration (caller's).
 * @name: for example "CMA_AREAS" (a leading "CONFIG_" is accepted).
 * @value: "y"/"n" (or "1"/"0") for bools, a number for ints.
 *
 * Setting one CMA_SIZE_SEL_* to y clears the others (a Kconfig choice).
 * Return: 0; -EINVAL NULL @cfg; -ENOENT no such knob (or a NULL @name);
 * -EINVAL NULL @value, malformed value, value out of the knob's range, or
 * a CMA_SIZE_SEL_* set to n; -EOPNOTSUPP the knob does not exist for the
 * selected arch or kernel version.  Each error but a NULL @cfg also sets
 * the message of cmasim_config_error().  @name and @value are borrowed
 * for the call.
 * Mirrors: a CONFIG_ line of the kernel's .config.
 */
CMASIM_EXPORT int cmasim_config_set(struct cmasim_config *cfg,
				    const char *name, const char *value);

/**
 * cmasim_config_get() - the effective value of a knob, as text.
 * @cfg: configuration.
 * @name: Kconfig name, as for cmasim_config_set().
 * @buf: receives "y"/"n" or the number, NUL-terminated.
 * @len: size of @buf in bytes.
 *
 * Return: 0; -EINVAL NULL @cfg or @buf; -ENOENT no such knob;
 * -EOPNOTSUPP not present for the profile; -ERANGE @buf too small (it
 * then holds a truncated value).  @buf is the caller's.
 */
CMASIM_EXPORT int cmasim_config_get(const struct cmasim_config *cfg,
				    const char *name, char *buf, size_t len);

/**
 * cmasim_config_error() - why the last failed set on @cfg failed.
 * @cfg: configuration.
 *
 * Return: the message of the last failed set call, or "" when none
 * failed (a successful cmasim_config_set() of an ordinary knob clears
 * it) or @cfg is NULL.  The text is borrowed from @cfg until its next
 * set call or its destruction.
 */
CMASIM_EXPORT const char *cmasim_config_error(const struct cmasim_config *cfg);

/**
 * cmasim_config_write_docs() - write the knob table as Markdown
 * (docs/config.md is this output).
 * @out: receives the text (one call).
 * @data: passed to @out.
 *
 * Return: nothing.  The text is borrowed by @out for the call.
 */
CMASIM_EXPORT void cmasim_config_write_docs(cmasim_output_fn out, void *data);

/* ---- Life of an instance ---- */

/**
 * cmasim_create() - create a simulated machine in its early-boot phase.
 * @cfg: configuration, copied (borrowed for the call).
 * @out: the new instance; untouched on failure.
 *
 * The instance starts in the early-boot phase (memblock, CMA
 * declarations, command line); cmasim_boot() (<cmasim/machine.h>) takes it
 * to the running phase.
 * Return: 0; -EINVAL NULL @cfg or @out, or an inconsistent configuration
 * (a diagnostic says which knob); -ENOMEM host memory exhausted.  The
 * caller owns *@out and frees it with cmasim_destroy().
 */
CMASIM_EXPORT int cmasim_create(const struct cmasim_config *cfg,
				struct cmasim **out);

/**
 * cmasim_destroy() - free an instance and everything it owns.
 * @sim: from cmasim_create(), or NULL (nothing happens).
 *
 * Every handle borrowed from @sim (areas, devices, log lines) dies with
 * it.
 * Return: nothing.
 */
CMASIM_EXPORT void cmasim_destroy(struct cmasim *sim);

/* ---- Profiles and geometry ---- */

/**
 * cmasim_get_arch() - the instance's architecture profile.
 * @sim: instance, borrowed for the call.
 *
 * Return: the CMASIM_ARCH_* value it was created with (the default,
 * x86_64, for a NULL @sim).
 */
CMASIM_EXPORT enum cmasim_arch cmasim_get_arch(const struct cmasim *sim);

/**
 * cmasim_get_kernel() - the instance's kernel version profile.
 * @sim: instance, borrowed for the call.
 *
 * Return: the CMASIM_KERNEL_* value it was created with (the default,
 * 6.12, for a NULL @sim).
 */
CMASIM_EXPORT enum cmasim_kernel cmasim_get_kernel(const struct cmasim *sim);

/**
 * cmasim_page_size() - the simulated PAGE_SIZE.
 * @sim: instance, borrowed for the call.
 *
 * Return: bytes (4096, 16384 or 65536); 0 for a NULL @sim.
 * Mirrors: PAGE_SIZE.
 */
CMASIM_EXPORT uint64_t cmasim_page_size(const struct cmasim *sim);

/**
 * cmasim_pageblock_order() - pageblock_order of the profile.
 * @sim: instance, borrowed for the call.
 *
 * Return: the order (pages per pageblock as a power of two); 0 for a
 * NULL @sim.
 * Mirrors: pageblock_order.
 */
CMASIM_EXPORT unsigned int cmasim_pageblock_order(const struct cmasim *sim);

/**
 * cmasim_max_page_order() - the largest buddy order, inclusive.
 * @sim: instance, borrowed for the call.
 *
 * Return: the order; 0 for a NULL @sim.
 * Mirrors: MAX_ORDER - 1 on 6.1, MAX_PAGE_ORDER on 6.12.
 */
CMASIM_EXPORT unsigned int cmasim_max_page_order(const struct cmasim *sim);

/**
 * cmasim_get_knob() - an instance's effective Kconfig value as an
 * integer.
 * @sim: instance, borrowed for the call.
 * @name: Kconfig name, as for cmasim_config_set().
 * @value: the value (bools are 0/1); untouched on failure.
 *
 * Return: 0; -EINVAL NULL @sim or @value; -ENOENT no such knob;
 * -EOPNOTSUPP not in this profile.  @value is the caller's.
 */
CMASIM_EXPORT int cmasim_get_knob(const struct cmasim *sim, const char *name,
				  int64_t *value);

/* ---- Checking ---- */

/**
 * cmasim_check() - verify every invariant the library knows (memblock,
 * zones and free lists, CMA areas and bitmaps, the DMA layer's areas).
 * @sim: instance, borrowed for the call.
 *
 * Return: 0 when everything holds; -EINVAL @sim is NULL; -EUCLEAN an
 * invariant is broken (each broken invariant is reported on the
 * diagnostics channel).
 * Mirrors: nothing (the kernel's VM_BUG_ON()s, gathered in one walk).
 */
CMASIM_EXPORT int cmasim_check(struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_INSTANCE_H */
