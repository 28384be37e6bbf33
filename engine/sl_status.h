/* sl_status.h — status codes shared by every call that can fail, in the engine and the
 * app (docs/style.md): SL_OK is 0, and a failure comes with one line for a person in
 * the caller's err buffer (or, for an object that lives across calls, on the object:
 * sl_tape_error, SlTrainer.message), never in a global. Engine calls never print. */
#ifndef SL_STATUS_H
#define SL_STATUS_H

typedef enum SlStatus {
    SL_OK = 0,
    SL_ERR_ARG,    /* an argument is out of range or not finite */
    SL_ERR_NOMEM,  /* an allocation failed or a size limit was hit */
    SL_ERR_SHAPE,  /* tensor shapes do not broadcast */
    SL_ERR_PARSE,  /* text did not parse */
    SL_ERR_STATE,  /* the call does not fit the object's state (e.g. backward twice) */
    SL_ERR_CANCELLED, /* the caller asked a long computation (a sweep) to stop */
    SL_ERR_IO      /* a file could not be read or written */
} SlStatus;

/* Returns a short static English name for a status ("ok", "bad argument", ...). */
const char *sl_status_str(SlStatus status);

#endif
