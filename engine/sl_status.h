/* sl_status.h — status codes shared by every fallible engine call.
 * Engine calls never print or exit: they return a status, and the human message
 * lives on the object that failed (a tape, a parser result), never in a global. */
#ifndef SL_STATUS_H
#define SL_STATUS_H

typedef enum SlStatus {
    SL_OK = 0,
    SL_ERR_ARG,    /* an argument is out of range or not finite */
    SL_ERR_NOMEM,  /* an allocation failed or a size limit was hit */
    SL_ERR_SHAPE,  /* tensor shapes do not broadcast */
    SL_ERR_PARSE,  /* text did not parse */
    SL_ERR_STATE,  /* the call does not fit the object's state (e.g. backward twice) */
    SL_ERR_CANCELLED /* the caller asked a long computation (a sweep) to stop */
} SlStatus;

/* Returns a short static English name for a status ("ok", "bad argument", ...). */
const char *sl_status_str(SlStatus status);

#endif
