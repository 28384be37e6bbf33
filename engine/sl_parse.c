/* sl_parse.c — strict number parsing: the whole text must be the number. */
#include "sl_parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

int sl_parse_float(const char *text, float *out)
{
    if (!text || !*text || isspace((unsigned char)text[0])) return 0;
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE) return 0;
    if (!isfinite(v) || fabs(v) >= 0x1.ffffffp127) return 0; /* rounds to inf as a float (FLT_MAX + half an ulp) */
    *out = (float)v;
    return 1;
}

int sl_parse_double(const char *text, double *out)
{
    if (!text || !*text || isspace((unsigned char)text[0])) return 0;
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

int sl_parse_int(const char *text, long lo, long hi, long *out)
{
    if (!text || !*text || isspace((unsigned char)text[0])) return 0;
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE) return 0;
    if (v < lo || v > hi) return 0;
    *out = v;
    return 1;
}
