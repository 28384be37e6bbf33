/* app_ui.h — the window's state and its frame: init -> loop { events -> update -> draw }
 * -> deinit. The same App runs in a real window and headless on a software renderer,
 * so tests feed it SDL events and read its pixels. Part of the platform layer. Its
 * modules: input (app_input.h), actions (app_action.h), typed values (app_edit.h), the
 * files the keys write (app_save.h, and recording below). */
#ifndef APP_UI_H
#define APP_UI_H

#include <stddef.h>
#include <SDL.h>
#include "app_action.h"
#include "app_draw.h"
#include "app_export.h"
#include "app_graph_layout.h"
#include "app_launch.h"
#include "app_lesson_nav.h"
#include "app_layout.h"
#include "app_controls.h"
#include "app_mapview.h"
#include "app_model.h"
#include "app_panels.h"
#include "app_text.h"
/* The window's other modules, declared on App: */
#include "app_edit.h"
#include "app_input.h"
#include "app_save.h"

typedef enum AppDragKind {
    APP_DRAG_NONE = 0,
    APP_DRAG_T,        /* the t markers in the mask panel */
    APP_DRAG_TARGET,   /* the t* marker */
    APP_DRAG_LAND_T,   /* t along the landscape */
    APP_DRAG_SLIDER    /* drag_ctrl is the slider */
} AppDragKind;

/* Values typed in that no slider shows (app->edit beyond the sliders). */
enum { APP_EDIT_K1 = 100, APP_EDIT_ANNEAL, APP_EDIT_GT };


typedef struct App {
    AppModel model;
    AppLayout layout;
    AppDraw draw;
    AppText *text;
    SDL_Renderer *renderer;   /* not owned */
    SDL_Window *window;       /* not owned; NULL when headless */
    int width, height;        /* drawable size in pixels */
    float user_scale;         /* presentation scale asked for (F2/F3, --scale) */
    float base_scale;         /* --scale, the start of the F2/F3 steps */
    int scale_step;           /* F3 steps up minus F2 steps down: user_scale = base x 1.125^step */
    int note_largest;         /* the note says this is the largest text */
    int hide_controls;        /* h: no sliders or buttons, the panels take the room */
    int text_view_h;          /* height of the lesson text's view (the panels report it: AppPanelOut) */
    struct AppGif *rec;       /* the run being recorded (v), owned; NULL when not */
    int rec_every, rec_last;  /* a frame every rec_every steps; the step of the last one */
    char rec_path[512];
    float scale;              /* the scale in effect */
    float mouse_sx, mouse_sy; /* drawable pixels per window coordinate (HiDPI) */
    AppDragKind drag;
    int drag_ctrl;
    int drag_family;          /* the family whose t marker (or landscape point) a t drag holds */
    int drag_pending;         /* a drag moved since the last picture: drag_x applies at the next draw */
    float drag_x;
    int focus;                /* focused slider, -1 for none */
    int hover_ctrl;           /* control under the mouse, -1 for none */
    int text_scroll;          /* lesson page text scrolled by this many pixels */
    int text_scroll_max;      /* how far it can scroll (the panels report it: AppPanelOut) */
    int edit;                 /* the value being typed: a slider (AppCtrl), APP_EDIT_K1 .. APP_EDIT_GT, or -1 */
    char edit_buf[24];        /* what has been typed so far */
    int show_help;
    int quit;
    int layout_dirty;
    int want_screenshot;      /* take one after the next draw */
    Uint32 note_until;        /* ticks until a transient note fades; 0: keep */
    float *pts;               /* scratch points for curves, owned */
    int pts_cap;
    AppLayer layers[APP_LAYER_COUNT]; /* plot canvases, owned */
    AppNav nav;               /* the lesson file, next/previous, the picker */
    AppMapView map;           /* the steepness map view (m): metric, axes, its background sweeps */
    int drops;                /* parts of panels the last frame left out or cut short */
    char drop[APP_DROPS_KEPT][128]; /* the first ones, "panel: what" */
    AppGraphFacts graph_facts; /* the graph view's reading of its tape, read before the panels draw */
    int no_cache;             /* 1: draw every layer's static part every frame (the direct path tests compare against) */
} App;

/* Sets up the app on a renderer of w x h drawable pixels (window may be NULL).
 * Returns SL_OK, or a failure with one line in err (a missing font names
 * fonts-dejavu-core); nothing to deinit then. */
SlStatus app_init(App *app, SDL_Renderer *r, SDL_Window *window, const AppLaunch *launch, int w, int h,
                  char *err, size_t err_len);
void app_deinit(App *app);

/* The drawable size changed (resize, HiDPI move): lays everything out again. */
void app_set_size(App *app, int w, int h);
/* Lays everything out again at the current size, scale and shown families. */
void app_relayout(App *app);
/* One frame without presenting: a training step when playing, then the whole picture. */
void app_frame(App *app);
/* Draws the picture only (no training step). */
void app_draw(App *app);
/* A panel reports that this frame leaves out part of its content (a row, a plot, a
 * label cut short): the picture should never need it, and tests check it does not. */
void app_drop(App *app, const char *fmt, ...);

/* Whether the steepness map view is on screen, and whether it still waits for a pass
 * of its sweep (the window then keeps drawing instead of waiting for events). */
int app_map_shown(const App *app);
int app_map_waiting(const App *app);
/* Shows a note for a person (a failure in the error colour); it fades after a while. */
void app_note(App *app, int is_error, const char *text);
/* The note that the text is as large as this window holds (F3 at the top, or a scale
 * that left something out); the next smaller step clears it. */
void app_note_largest(App *app);
/* The model's message just set (by a model call) is a note: it fades after a while. */
void app_note_hold(App *app);

/* The window's title for a lesson ("steplab — Lesson title"; an untitled one gets the
 * app's subtitle). */
void app_window_title(const char *lesson_title, char *out, size_t len);

/* v: starts recording the run as the next free steplab-run-NNN.gif in the current
 * folder (training starts playing), or finishes the one running; notes say which. */
void app_record_toggle(App *app);

/* Recording the run as an animated GIF (v in the window, `render --gif` headless): the
 * frames are the pictures the renderer shows. Start opens path (temporary file) and
 * notes the current step; returns SL_OK, or SL_ERR_IO with err. */
SlStatus app_record_start(App *app, const char *path, int every, int fps, char *err, size_t err_len);
/* Adds what the renderer shows now as a frame; call after drawing. SL_OK, or a failure
 * with err (SL_ERR_STATE when nothing is being recorded). */
SlStatus app_record_capture(App *app, char *err, size_t err_len);
/* In the window, after each frame: a frame every rec_every steps; once training stops
 * (or v again) the GIF is finished and a note names it. */
void app_record_tick(App *app);
/* Finishes the GIF being recorded; a note names it ("Saved the run as ...", after
 * "why: " when given), or says why it could not be saved. */
void app_record_finish(App *app, const char *why);
/* Finishes the GIF (the last frame held 2 s). Returns SL_OK, or a failure with err (old
 * file kept; SL_ERR_STATE when nothing is being recorded). */
SlStatus app_record_stop(App *app, char *err, size_t err_len);

/* The presentation scale `step` F3 presses (F2 when negative) from base: base x 1.125^step,
 * clamped to [0.5, APP_SCALE_USER_MAX]; the same step always gives the same float. */
float app_scale_for_step(float base, int step);

/* Switches the theme (F4, --theme, a lesson's theme key) and redraws with it. */
void app_set_theme(App *app, AppThemeKind kind);

#endif
