/* sl_status.c — names for status codes. */
#include "sl_status.h"

const char *sl_status_str(SlStatus status)
{
    switch (status) {
    case SL_OK: return "ok";
    case SL_ERR_ARG: return "bad argument";
    case SL_ERR_NOMEM: return "out of memory";
    case SL_ERR_SHAPE: return "shapes do not broadcast";
    case SL_ERR_PARSE: return "parse error";
    case SL_ERR_STATE: return "wrong state";
    case SL_ERR_CANCELLED: return "cancelled";
    case SL_ERR_IO: return "cannot read or write a file";
    }
    return "unknown status";
}
