/* app_lesson_panels.h — the panels the lesson kinds bring (lesson 6 NaN table, lesson 7
 * thresholds, lesson 8 channels), the graph view, the lesson picker overlay, and the
 * small pieces they share: gradient-state cells and heat maps. Panels draw from the
 * model (AppLessonState) and never change what it computed. */
#ifndef APP_LESSON_PANELS_H
#define APP_LESSON_PANELS_H

#include "app_panels.h"

/* Lesson 6: the where/exp table (x, exp(x), gradient of the naive, double-where and
 * masked forms) and the three traps, over the whole work column left of the side panels. */
void app_panel_nan(const AppPanelCtx *ctx, AppRect r);
/* Lesson 6: how many elements each form leaves in each gradient state, and the colour key. */
void app_panel_nan_summary(const AppPanelCtx *ctx, AppRect r);

/* Lesson 7: the binary threshold (curves, per-element gradient states), the threshold
 * map as heat maps, and training with and without gradient thresholding. */
void app_panel_thresh_binary(const AppPanelCtx *ctx, AppRect r);
void app_panel_thresh_map(const AppPanelCtx *ctx, AppRect r);
void app_panel_thresh_train(const AppPanelCtx *ctx, AppRect r);

/* Lesson 8: hard and logistic position x channel heat maps with t_c and t*_c marks,
 * t_c over steps, and each channel's gradient state. */
void app_panel_channels(const AppPanelCtx *ctx, AppRect r);
void app_panel_channels_steps(const AppPanelCtx *ctx, AppRect r);
void app_panel_channels_table(const AppPanelCtx *ctx, AppRect r);
/* Lesson 8's top-right slot: one row per family summing up its channels (how many t_c
 * have no gradient or a value, mean |t_c - t*_c|, the summed loss), from the same state
 * as the per-channel table, so the two never disagree. */
void app_panel_channels_summary(const AppPanelCtx *ctx, AppRect r);

/* The graph view: the current tape as a layered graph (app_graph_layout.h). */
void app_panel_graph(const AppPanelCtx *ctx, AppRect r);
/* The work area the graph view fills: everything between the header and the controls. */
AppRect app_panel_work_area(const AppPanelCtx *ctx);

/* The smallest rect holding a and b. */
AppRect app_rect_union(AppRect a, AppRect b);

/* A cell coloured by gradient state, with text centred in the state's text colour
 * (the text is shortened with "…" when it does not fit). */
void app_cell_state(const AppPanelCtx *ctx, AppRect cell, SlGradState state, const char *text, AppFont font);
/* Short text for a gradient element: the value (3 significant digits), "0", "NaN" or
 * "none". */
void app_cell_grad_text(SlGradState state, float g, char *buf, unsigned len);
/* A sequential colour (light to dark, colour-blind safe) for v in [0, 1] (clamped). */
AppColor app_heat_color(float v);
/* Draws a rows x cols heat map of values[r * cols + c] mapped from [lo, hi] into r. */
void app_heat_map(const AppPanelCtx *ctx, AppRect r, const float *values, int rows, int cols, float lo, float hi);

/* A node's value or gradient as text that fits room pixels in font f: the first
 * elements ("grad [0.0156, …]"), fewer digits, or the largest magnitude — always a
 * number, never a bare "[…]". prefix ("grad ") may be NULL. */
void app_graph_value_fit(const AppPanelCtx *ctx, AppFont f, const char *prefix, const float *v, int rows, int cols,
                         float room, char *buf, size_t len);

#endif
