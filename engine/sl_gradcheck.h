/* sl_gradcheck.h — central finite differences on any tape.
 * Perturbs each element of a leaf in place, replays the tape (sl_tape_forward) and
 * reads the scalar loss: fd = (L(x+h) - L(x-h)) / 2h. The tape is restored after. */
#ifndef SL_GRADCHECK_H
#define SL_GRADCHECK_H

#include "sl_tape.h"

/* Writes the central-difference estimate of d loss / d leaf into fd_out (sl_size(leaf)
 * floats). h > 0 is the step. Returns SL_OK, or the tape's error. Gradients on the
 * tape are recomputed by a fresh backward before returning. */
SlStatus sl_gradcheck(SlTape *tape, SlNode loss, SlNode leaf, float h, float *fd_out);

/* Largest |a-b| / max(|a|, |b|, floor) over n elements; NaN if any pair differs in NaN-ness. */
float sl_max_rel_diff(const float *a, const float *b, size_t n, float floor);

#endif
