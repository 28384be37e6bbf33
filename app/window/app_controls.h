/* app_controls.h — the window's controls over the model's settings: each slider's label,
 * hint and range (the model's AppSettingRange, in the slider's terms), and which controls
 * do anything in the lesson shown. The sliders come first in AppCtrl, in AppSettingKind's
 * order, so slider ctrl edits setting ctrl. Plain C (no SDL). */
#ifndef APP_CONTROLS_H
#define APP_CONTROLS_H

#include "app_layout.h"
#include "app_model.h"
#include "app_widget.h"

/* Slider ctrl (APP_CTRL_K .. APP_CTRL_N): its spec for the current N ("?" for a button). */
AppSliderSpec app_controls_slider_spec(const AppModel *m, int ctrl);
/* Its value, and setting it (app_model_set: retasks at once; 0 with an error note when
 * the engine rejects the value). */
float app_controls_slider_value(const AppModel *m, int ctrl);
int app_controls_set_slider(AppModel *m, int ctrl, float value);
/* Whether control ctrl (a slider or button, AppCtrl) changes anything in this lesson's
 * view: nothing that trains in lesson 6; only k and lr reach lesson 8's channels. */
int app_controls_applies(const AppModel *m, int ctrl);

#endif
