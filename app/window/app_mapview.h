/* app_mapview.h — the steepness map view's state between the model and the panel: which
 * metric and axes are shown, the cell under the mouse, and the grid the background job
 * last finished. Plain C (no SDL). Each frame the view builds the sweep request from the
 * model's settings; when it differs from the last one (t0, t*, N, w, signal, optimizer,
 * annealing, the axes) the job starts over, coarse pass first. The swept settings
 * themselves are left out of the request, so loading a cell never recomputes the map. */
#ifndef APP_MAPVIEW_H
#define APP_MAPVIEW_H

#include "app_layout.h"
#include "app_model.h"
#include "app_sweepjob.h"
#include "app_sweepmap.h"

typedef struct AppMapView {
    AppMapMetric metric;
    AppMapAxes axes;
    int hover_ix, hover_iy;     /* the cell under the mouse, -1 for none */
    AppSweepJob *job;           /* started when the map is first shown, owned */
    AppSweepGrid grid;          /* the pass drawn (cells owned) */
    AppSweepRequest req;        /* the last request submitted */
    unsigned req_id;            /* its id (0: none yet) */
    AppMapRange rx, ry;         /* the drawn grid's axis ranges */
    float target, t0;           /* t* and start of the drawn grid, for the words */
    int steps, n;
    float next_target, next_t0; /* ... and of the last request */
    int next_steps, next_n;
    AppMapSuggestion sugg;      /* for grid */
    int sugg_applies;           /* grid's axes are a steepness across and lr up */
    int fixed;                  /* showing a given sweep (app_mapview_show): no requests */
} AppMapView;

void app_mapview_init(AppMapView *v);
/* Stops the job and frees the grid. */
void app_mapview_deinit(AppMapView *v);

/* The sweep the view asks for at the model's settings: the family is the lesson's when
 * k moves it (logistic, ste), else logistic; smoothstep for the w axis. */
void app_mapview_request(const AppMapView *v, const AppModel *m, AppSweepRequest *req, AppMapRange *x,
                         AppMapRange *y);
/* Submits the request when it changed and takes a finished pass when there is one.
 * Never waits. Returns 1 when the drawn grid changed. */
int app_mapview_update(AppMapView *v, const AppModel *m);
/* Like update, then waits for the current request's last pass (the headless renderer
 * draws the full map). */
void app_mapview_finish(AppMapView *v, const AppModel *m);
/* Shows a finished sweep (setup s, axes, cells copied) instead of the model's: the view
 * then asks for nothing. Returns 0 when out of memory. For `steplab sweep --png`. */
int app_mapview_show(AppMapView *v, const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay,
                     const SlSweepCell *cells);
/* Whether the drawn grid is the last pass of the current request. */
int app_mapview_done(const AppMapView *v);

/* Cell (ix, iy) of the drawn grid, or NULL outside it. */
const SlSweepCell *app_mapview_cell(const AppMapView *v, int ix, int iy);
/* Loads cell (ix, iy) of the drawn grid into the model: sets its two swept values (k,
 * lr, w or t0), shows the map's family if it was hidden (the caller lays out again when
 * m->shown changed), goes back to t0 and plays, so the other panels show that run. Returns 1,
 * or 0 when there is no such cell or the model rejects the values (message set). */
int app_mapview_load(AppMapView *v, AppModel *m, int ix, int iy);
/* Loads the suggested cell; 0 when there is no suggestion (a note says why). */
int app_mapview_load_suggestion(AppMapView *v, AppModel *m);
/* The next metric / axes (wrapping); the hover is cleared. */
void app_mapview_next_metric(AppMapView *v);
void app_mapview_next_axes(AppMapView *v);

/* Where the map view's pieces sit in layout L: the map panel (the work area left of the
 * side panels), the plot of cells in it, the colour bar (or verdict legend) column right
 * of the plot, and the text lines under it; the side column is split into the training
 * panel above and the explanation below (gap: the strip between them). Drawing and hit
 * tests both use it. */
typedef struct AppMapGeometry {
    AppRect panel, plot, bar, text;
    AppRect side_top, side_gap, side_bottom;
} AppMapGeometry;
void app_mapview_geometry(const AppLayout *L, AppMapGeometry *g);
/* The cell of the drawn grid at (x, y) in drawable pixels: 1 with *ix, *iy set, or 0. */
int app_mapview_cell_at(const AppMapView *v, const AppLayout *L, float x, float y, int *ix, int *iy);
/* Screen position of value (vx, vy) on the plot of cells (for markers and tests). */
void app_mapview_point(const AppMapView *v, const AppLayout *L, double vx, double vy, float *px, float *py);

#endif
