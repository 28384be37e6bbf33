/* sl_gradcheck.h — central finite differences on any tape.
 * Perturbs each element of a leaf in place, replays the tape (sl_tape_forward) and
 * reads the scalar loss: fd = (L(x+s) - L(x-s)) / ((x+s) - (x-s)), s = sl_fd_step(x, h),
 * divided by the step float32 really took. The tape is restored after. */
#ifndef SL_GRADCHECK_H
#define SL_GRADCHECK_H

#include "sl_tape.h"

/* The step a central difference at x takes for the requested h > 0 (docs/task.md §9):
 * h while x - h < x < x + h in float32; when h is below x's float32 resolution (x + h or
 * x - h rounds to x, e.g. h = 0.01 at x = 5e6), x's spacing (the gap to the next float
 * above |x|), the smallest step whose two sides are distinct floats. h for a NaN or inf x. Every face that
 * shows a finite difference says which step it took. */
float sl_fd_step(float x, float h);

/* Writes the central-difference estimate of d loss / d leaf into fd_out (sl_size(leaf)
 * floats). h > 0 is the step asked for (sl_fd_step per element). Returns SL_OK, or the tape's error. Gradients on the
 * tape are recomputed by a fresh backward before returning. */
SlStatus sl_gradcheck(SlTape *tape, SlNode loss, SlNode leaf, float h, float *fd_out);

/* Largest |a-b| / max(|a|, |b|, floor) over n elements; NaN if any pair differs in NaN-ness. */
float sl_max_rel_diff(const float *a, const float *b, size_t n, float floor);

#endif
