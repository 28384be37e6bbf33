/* app_csv.c — the training-history CSV (see app_csv.h). */
#include "app_csv.h"

#include <math.h>
#include <stdio.h>

const char *app_csv_num_digits(char *cell, float v, int digits)
{
    if (isnan(v)) snprintf(cell, APP_CSV_CELL, "nan"); /* never "-nan" */
    else if (isinf(v)) snprintf(cell, APP_CSV_CELL, "%s", v < 0 ? "-inf" : "inf");
    else snprintf(cell, APP_CSV_CELL, "%.*g", digits < 1 ? 1 : digits > 9 ? 9 : digits, (double)v);
    return cell;
}

const char *app_csv_num(char *cell, float v) { return app_csv_num_digits(cell, v, 9); }

const char *app_csv_grad(char *cell, SlGradState state, float grad)
{
    if (state == SL_GRAD_ZERO || state == SL_GRAD_VALUE) return app_csv_num(cell, grad);
    cell[0] = '\0';
    return cell;
}

int app_csv_history_header(AppExport *out)
{
    return app_export_printf(out, "%s\n", APP_CSV_HISTORY_HEADER);
}

int app_csv_history_row(AppExport *out, const SlTrainRow *r, SlMaskKind family)
{
    char t[APP_CSV_CELL], loss[APP_CSV_CELL], grad[APP_CSV_CELL], k[APP_CSV_CELL], hard[APP_CSV_CELL];
    return app_export_printf(out, "%d,%s,%s,%s,%s,%s,%s,%s\n", r->step, app_csv_num(t, r->t), app_csv_num(loss, r->loss),
                             app_csv_grad(grad, r->state, r->grad), sl_grad_state_name(r->state), app_csv_num(k, r->k),
                             app_csv_num(hard, r->hard_loss), sl_mask_name(family));
}

int app_csv_history(AppExport *out, const SlTrainer *tr, SlMaskKind family)
{
    int ok = app_csv_history_header(out);
    for (int i = 0; ok && i <= tr->count; i++) ok = app_csv_history_row(out, &tr->rows[i], family);
    return ok;
}
