/* app_controls.c — the sliders' words and which controls apply (see app_controls.h). */
#include "app_controls.h"

_Static_assert(APP_CTRL_K == (int)APP_SET_K && APP_CTRL_N == (int)APP_SET_N && APP_SLIDER_COUNT == APP_SET_COUNT,
               "slider ctrl edits setting ctrl");

AppSliderSpec app_controls_slider_spec(const AppModel *m, int ctrl)
{
    static const char *const words[APP_SLIDER_COUNT][2] = {
        [APP_CTRL_K] = {"k", "steepness"},       [APP_CTRL_W] = {"w", "band width"},
        [APP_CTRL_LR] = {"lr", "learning rate"}, [APP_CTRL_T0] = {"t0", "start of t"},
        [APP_CTRL_TARGET] = {"t*", "true step"}, [APP_CTRL_N] = {"N", "positions"},
    };
    if (ctrl < 0 || ctrl >= APP_SLIDER_COUNT) return (AppSliderSpec){"?", "", 0.0f, 1.0f, 0, 0};
    AppSettingRange r = app_model_setting_range(m, (AppSettingKind)ctrl);
    return (AppSliderSpec){words[ctrl][0], words[ctrl][1], r.lo, r.hi, r.log, r.integer};
}

float app_controls_slider_value(const AppModel *m, int ctrl)
{
    if (ctrl < 0 || ctrl >= APP_SLIDER_COUNT) return 0.0f;
    return app_model_setting(m, (AppSettingKind)ctrl);
}

int app_controls_set_slider(AppModel *m, int ctrl, float value)
{
    if (ctrl < 0 || ctrl >= APP_SLIDER_COUNT) return 0;
    return app_model_set(m, (AppSettingKind)ctrl, value);
}

int app_controls_applies(const AppModel *m, int ctrl)
{
    if (ctrl == APP_CTRL_SHOT || ctrl == APP_CTRL_HELP) return 1;
    if (ctrl >= 0 && ctrl < APP_SLIDER_COUNT) return app_model_setting_applies(m, (AppSettingKind)ctrl);
    switch (m->lesson.kind) {
    case SL_LESSON_NAN: return 0;
    case SL_LESSON_CHANNELS: return ctrl >= APP_CTRL_PLAY && ctrl <= APP_CTRL_RESET;
    case SL_LESSON_TASK:
    case SL_LESSON_THRESHOLD:
    case SL_LESSON_KIND_COUNT: break;
    }
    return ctrl >= 0 && ctrl < APP_CTRL_COUNT;
}
