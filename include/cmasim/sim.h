/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulator instance: configuration, lifecycle, logs.
 *
 * One struct cmasim owns a whole simulated machine.  The library keeps no
 * mutable global state, so any number of instances may live in a process.
 */
#ifndef CMASIM_SIM_H
#define CMASIM_SIM_H

#include <stdio.h>
#include <cmasim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cmasim;
struct cmasim_config;

/**
 * cmasim_config_new() - a configuration with the defaults: x86_64,
 * Linux 6.12, every Kconfig knob at that profile's real default, seed 0.
 *
 * Return: a new configuration (caller owns; free with
 * cmasim_config_destroy()), or NULL when host memory is exhausted.
 */
CMASIM_EXPORT struct cmasim_config *cmasim_config_new(void);

/** cmasim_config_destroy() - free @cfg.  Accepts NULL. */
CMASIM_EXPORT void cmasim_config_destroy(struct cmasim_config *cfg);

/**
 * cmasim_config_set_arch() - choose the architecture profile.
 * @cfg: configuration.  @name: "x86_64", "arm64" (4K pages), "arm64-4k",
 * "arm64-16k", "arm64-64k" or "arm" (32-bit with highmem).
 *
 * Return: 0; -EINVAL NULL @cfg, or an unknown name (cmasim_config_error()
 * names it).
 * Knobs not set explicitly take the new profile's defaults.
 */
CMASIM_EXPORT int cmasim_config_set_arch(struct cmasim_config *cfg,
					 const char *name);

/**
 * cmasim_config_set_kernel() - choose the kernel version profile.
 * @cfg: configuration.  @version: "6.1" or "6.12".
 *
 * Return: 0; -EINVAL NULL @cfg or an unknown version.
 */
CMASIM_EXPORT int cmasim_config_set_kernel(struct cmasim_config *cfg,
					   const char *version);

/**
 * cmasim_config_set_seed() - seed every random choice of the instance.
 * A NULL @cfg is ignored.
 */
CMASIM_EXPORT void cmasim_config_set_seed(struct cmasim_config *cfg,
					  uint64_t seed);

/**
 * cmasim_config_set() - set a Kconfig knob by its Kconfig name.
 * @cfg: configuration.  @name: for example "CMA_AREAS" (a leading
 * "CONFIG_" is accepted).  @value: "y"/"n" for bools, a number for ints.
 *
 * Return: 0; -EINVAL NULL @cfg; -ENOENT no such knob; -EINVAL value NULL,
 * malformed or out of the knob's range; -EOPNOTSUPP the knob does not
 * exist for the selected arch or kernel version.  Each error but the NULL
 * @cfg also sets a message readable with cmasim_config_error().
 */
CMASIM_EXPORT int cmasim_config_set(struct cmasim_config *cfg,
				    const char *name, const char *value);

/**
 * cmasim_config_get() - the effective value of a knob, as text.
 * @cfg: configuration.  @name: Kconfig name.  @buf/@len: output buffer.
 *
 * Return: 0; -EINVAL NULL @cfg or @buf; -ENOENT no such knob;
 * -EOPNOTSUPP not present for the profile; -ERANGE @buf too small.
 */
CMASIM_EXPORT int cmasim_config_get(const struct cmasim_config *cfg,
				    const char *name, char *buf, size_t len);

/**
 * cmasim_config_error() - the message of the last failed set, or "" (also
 * for a NULL @cfg).  Return: borrowed from @cfg.
 */
CMASIM_EXPORT const char *cmasim_config_error(const struct cmasim_config *cfg);

/**
 * cmasim_config_write_docs() - write the knob table as Markdown
 * (docs/config.md is this output).
 */
CMASIM_EXPORT void cmasim_config_write_docs(cmasim_output_fn out, void *data);

/**
 * cmasim_log_fn - receives every message of both channels as it is made.
 * @channel: CMASIM_CHANNEL_DMESG or CMASIM_CHANNEL_DIAG.
 * @level: printk level.  @text: one line without its newline, borrowed.
 * The handler must not call back into the instance except for getters.
 */
typedef void (*cmasim_log_fn)(enum cmasim_log_channel channel, int level,
			      const char *text, void *data);

/**
 * cmasim_config_set_log_handler() - install a log handler that the
 * instance created from @cfg uses from its first message on.  A NULL @cfg
 * is ignored.
 */
CMASIM_EXPORT void cmasim_config_set_log_handler(struct cmasim_config *cfg,
						 cmasim_log_fn fn, void *data);

/**
 * cmasim_create() - create a simulated machine in its early-boot phase.
 * @cfg: configuration, copied (borrowed for the call).
 * @out: the new instance (caller owns; free with cmasim_destroy()).
 *
 * Return: 0; -EINVAL inconsistent configuration (a diagnostic says which
 * knob); -ENOMEM host memory exhausted.
 */
CMASIM_EXPORT int cmasim_create(const struct cmasim_config *cfg,
				struct cmasim **out);

/** cmasim_destroy() - free @sim and everything it owns.  Accepts NULL. */
CMASIM_EXPORT void cmasim_destroy(struct cmasim *sim);

/** cmasim_get_arch() / cmasim_get_kernel() - the instance's profiles. */
CMASIM_EXPORT enum cmasim_arch cmasim_get_arch(const struct cmasim *sim);
CMASIM_EXPORT enum cmasim_kernel cmasim_get_kernel(const struct cmasim *sim);

/** cmasim_page_size() - the simulated PAGE_SIZE in bytes. */
CMASIM_EXPORT uint64_t cmasim_page_size(const struct cmasim *sim);
/** cmasim_pageblock_order() - pageblock_order of the profile. */
CMASIM_EXPORT unsigned int cmasim_pageblock_order(const struct cmasim *sim);
/**
 * cmasim_max_page_order() - the largest buddy order, inclusive
 * (MAX_ORDER-1 on 6.1, MAX_PAGE_ORDER on 6.12).
 */
CMASIM_EXPORT unsigned int cmasim_max_page_order(const struct cmasim *sim);

/**
 * cmasim_get_knob() - an instance's effective Kconfig value as an integer
 * (bools are 0/1).
 * Return: 0; -EINVAL NULL @sim or @value; -ENOENT no such knob;
 * -EOPNOTSUPP not in this profile.
 */
CMASIM_EXPORT int cmasim_get_knob(const struct cmasim *sim, const char *name,
				  int64_t *value);

/* ---- The simulated kernel log ---- */

/**
 * cmasim_dmesg_write() - write the simulated dmesg, one line per message,
 * without timestamps (as `dmesg -t` prints it), through @out.  Nothing
 * when @sim or @out is NULL.
 */
CMASIM_EXPORT void cmasim_dmesg_write(const struct cmasim *sim,
				      cmasim_output_fn out, void *data);

/**
 * cmasim_dmesg_print() - the same, to a stdio stream (nothing for a NULL
 * @fp).
 */
CMASIM_EXPORT void cmasim_dmesg_print(const struct cmasim *sim, FILE *fp);

/**
 * cmasim_dmesg_count() - the number of messages kept in the ring (0 for a
 * NULL @sim).
 */
CMASIM_EXPORT size_t cmasim_dmesg_count(const struct cmasim *sim);

/**
 * cmasim_dmesg_line() - message @idx (0 = oldest kept) of the ring.
 * Return: the text (borrowed until the next message), or NULL past the
 * end or for a NULL @sim.
 */
CMASIM_EXPORT const char *cmasim_dmesg_line(const struct cmasim *sim,
					    size_t idx, int *level);

/** cmasim_dmesg_clear() - empty the ring (dmesg -C); accepts NULL. */
CMASIM_EXPORT void cmasim_dmesg_clear(struct cmasim *sim);

/* ---- The simulator's diagnostics ---- */

/** cmasim_diag_count() - the number of diagnostics kept (0 for NULL). */
CMASIM_EXPORT size_t cmasim_diag_count(const struct cmasim *sim);

/**
 * cmasim_diag_line() - diagnostic @idx (0 = oldest).
 * Return: the text (borrowed), or NULL past the end or for a NULL @sim.
 */
CMASIM_EXPORT const char *cmasim_diag_line(const struct cmasim *sim,
					   size_t idx, int *level);

/**
 * cmasim_diag_write() - write every kept diagnostic, one per line (nothing
 * for a NULL @sim or @out).
 */
CMASIM_EXPORT void cmasim_diag_write(const struct cmasim *sim,
				     cmasim_output_fn out, void *data);

/* ---- Checking ---- */

/**
 * cmasim_check() - verify every invariant the library knows.
 *
 * Return: 0 when everything holds; -EUCLEAN when an invariant is broken
 * (each broken invariant is reported on the diagnostics channel).
 */
CMASIM_EXPORT int cmasim_check(struct cmasim *sim);

#ifdef __cplusplus
}
#endif
#endif /* CMASIM_SIM_H */
