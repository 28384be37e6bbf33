/* app_csv.h — the one CSV writer of the training history, shared by `steplab train
 * --csv`, the window's export (`e`) and, cell by cell, `steplab sweep`. Numbers are
 * written with %.9g, which reads back as the same float32; non-finite ones as nan, inf,
 * -inf; the grad cell is empty when the state is none or nan (the state column says
 * which). Plain C. */
#ifndef APP_CSV_H
#define APP_CSV_H

#include "app_export.h"
#include "sl_mask.h"
#include "sl_train.h"

/* The history's header; the first five columns are the original contract (README, "The command line"). */
#define APP_CSV_HISTORY_HEADER "step,t,loss,grad,grad_state,k,hard_loss,family"

/* Room for any cell app_csv_num or app_csv_grad writes. */
#define APP_CSV_CELL 32

/* Writes v as a CSV cell into cell (APP_CSV_CELL bytes); returns cell. */
const char *app_csv_num(char *cell, float v);

/* The same with `digits` significant digits (%.*g, 1..9): the command line's one way to
 * write a number for a person too (train's summary, eval's report), so nan is "nan",
 * never "-nan", and a start and an end read alike. */
const char *app_csv_num_digits(char *cell, float v, int digits);

/* Writes the grad cell: the number for the states zero and value, "" for none and nan. */
const char *app_csv_grad(char *cell, SlGradState state, float grad);

/* Writes APP_CSV_HISTORY_HEADER and a newline. 1, or 0 once the output failed. */
int app_csv_history_header(AppExport *out);

/* Writes one history row of family's run. 1, or 0 once the output failed. */
int app_csv_history_row(AppExport *out, const SlTrainRow *r, SlMaskKind family);

/* Writes the header and rows 0..tr->count of a run of family. 1, or 0 on failure. */
int app_csv_history(AppExport *out, const SlTrainer *tr, SlMaskKind family);

#endif
