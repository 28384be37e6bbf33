/* app_readout.h — the numbers the panels read off the model, computed in one place and
 * tested without a display: each family's t, loss, hard-mask loss and gap with the
 * digits the lessons quote, the loss plot's axis, and the chain rule summed as autodiff
 * sums it. Plain C (engine and model only, no SDL); nothing here changes training. */
#ifndef APP_READOUT_H
#define APP_READOUT_H

#include "app_model.h"

/* The loss plot's value range over the shown families' histories (their loss, and the
 * hard-mask loss where it is drawn, under annealing): *lo, *hi; returns 1 for a log
 * axis (m->loss_scale log, or auto and the positive values span more than 2 decades).
 * On a log axis *lo is the smallest positive value (at most 12 decades under *hi) and
 * zeros are drawn at *lo. */
int app_readout_loss_axis(const AppModel *m, double *lo, double *hi);

/* The t-over-steps plot's value range: the t axes' range widened to every t of the
 * shown families' histories (within -10N .. 10N: a run that went to -225 is drawn
 * there, never cut at 0; beyond, it diverged). */
void app_readout_t_axis(const AppModel *m, double *lo, double *hi);

/* The numbers a teacher points at for family f, as drawn: t (6 significant digits, so
 * 40.4992 is not 40.5), the loss and the hard-mask loss at that t (7 decimals: 0.4609375,
 * 0.484375, 0.0057053, 0.0000084) and the gap hard - loss (4 significant digits). "-" where a number says nothing (the
 * hard family's own gap). AppFamilyNumbers is in app_model.h. */
void app_readout_family(const AppModel *m, int f, AppFamilyNumbers *out);

/* The Gradient panel's heading of its finite-difference column: "finite diff.", or,
 * when APP_FD_H was below a shown family's t's float32 resolution so its step was t's
 * spacing (sl_fd_step, docs/task.md §9), "diff. h=0.5" with the largest step taken (as
 * short as "finite diff.": the column is narrow). */
void app_readout_fd_heading(const AppModel *m, char *buf, unsigned len);

/* The chain rule for family f at its current t, from its tape: dL/dt is the sum over i
 * of dL/dm_i * dm_i/dt. The terms are float products summed in autodiff's own order
 * (eight lanes by i mod 8, then pairwise, as the tape reduces a broadcast t), so the
 * sum is autodiff's number, not one that differs in the last digits. Returns 1 and
 * fills *out, or 0 when f has no mask node on its tape (hard: no path). Records f's
 * tape (app_model_chain_tape): the model's refresh calls it, panels read m->derived. */
int app_readout_chain_rule(AppModel *m, int f, AppChainRule *out);

/* The channel summary of lesson 8's family f (0: hard, 1: logistic; zeros elsewhere). */
void app_readout_channels(const AppModel *m, int f, AppChannelSummary *out);

#endif
