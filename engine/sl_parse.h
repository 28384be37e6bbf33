/* sl_parse.h — strict number parsing shared by the command line and the lesson
 * parser, so "one value, one parser": the whole string must be a finite number. */
#ifndef SL_PARSE_H
#define SL_PARSE_H

/* Parses a finite float (rejects "", trailing junk, nan, inf, overflow). Returns 1 on success. */
int sl_parse_float(const char *text, float *out);
/* Parses a finite double the same way (for scalars kept in double, e.g. Adam's betas). */
int sl_parse_double(const char *text, double *out);
/* Parses a base-10 int within [lo, hi] (rejects junk and overflow). Returns 1 on success. */
int sl_parse_int(const char *text, long lo, long hi, long *out);

#endif
