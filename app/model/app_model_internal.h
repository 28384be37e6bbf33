/* app_model_internal.h — what the model's own files share and nobody else calls:
 * pushing the settings into the trainers and widening the t axes. */
#ifndef APP_MODEL_INTERNAL_H
#define APP_MODEL_INTERNAL_H

#include "app_model.h"

/* Pushes m->set into every trainer and the lesson's own objects; reset_start also moves
 * t back to t0 (while nothing has been trained yet, so a new t0 shows at once).
 * Returns 1, or 0 with an error note. */
int app_model_retask(AppModel *m, int reset_start);
/* Widens the sticky t-axis range to take in t0, t* and every shown family's t. */
void app_model_view_update(AppModel *m);

#endif
