/* app_format.h — numbers as short text for a person: labels, table cells and the
 * digits the lessons quote. Plain C, shared by the model (its readout) and drawing. */
#ifndef APP_FORMAT_H
#define APP_FORMAT_H

/* Formats v compactly for a label ("0.0156", "-1.1e-07", "40.5", "300") into buf:
 * digits significant digits (at least 1), trailing zeros dropped, "NaN", "+inf". */
void app_format_value(double v, int digits, char *buf, unsigned len);

#endif
