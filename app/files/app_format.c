/* app_format.c — numbers as short text for a person (see app_format.h). */
#include "app_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void app_format_value(double v, int digits, char *buf, unsigned len)
{
    if (len == 0) return;
    if (isnan(v)) {
        snprintf(buf, len, "NaN");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, len, v > 0 ? "+inf" : "-inf");
        return;
    }
    if (digits < 1) digits = 1;
    double a = fabs(v);
    if (a == 0.0) {
        snprintf(buf, len, "0");
    } else if (a >= 1e5 || a < 1e-3) {
        snprintf(buf, len, "%.*e", digits - 1, v);
        /* "1.10e-07" -> "1.1e-07": trim zeros in the mantissa. */
        char *e = strchr(buf, 'e');
        if (e) {
            char *m = e - 1;
            while (m > buf && *m == '0') m--;
            if (*m == '.') m--;
            memmove(m + 1, e, strlen(e) + 1);
        }
    } else {
        int before = a >= 1.0 ? (int)floor(log10(a)) + 1 : 0;
        int after = digits - before;
        if (a < 1.0) after = digits + (int)(-floor(log10(a))) - 1;
        if (after < 0) after = 0;
        snprintf(buf, len, "%.*f", after, v);
        if (strchr(buf, '.')) {
            size_t n = strlen(buf);
            while (n > 0 && buf[n - 1] == '0') buf[--n] = '\0';
            if (n > 0 && buf[n - 1] == '.') buf[--n] = '\0';
        }
    }
    if (strcmp(buf, "-0") == 0) snprintf(buf, len, "0");
}
