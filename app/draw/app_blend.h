/* app_blend.h — SDL's per-pixel alpha blend of an ARGB8888 texture onto a 32-bit
 * target, byte for byte, so the frame cache can blend labels into the target itself.
 * The formula is SDL 2's (per channel (s*A >> 8) + (d*(255-A) >> 8), the alpha byte
 * with 255 for A; A = 0 keeps d, A = 255 writes s); app_blend_agrees checks it against
 * the SDL in use before anyone relies on it. */
#ifndef APP_BLEND_H
#define APP_BLEND_H

#include <stdint.h>

/* Blends n source pixels (ARGB8888, straight alpha) over n target pixels (ARGB8888 or
 * RGB888: the same bytes) as SDL's software renderer does for a blended copy. */
void app_blend_span(uint32_t *dst, const uint32_t *src, int n);

/* Whether app_blend_span gives the bytes of this SDL's software renderer for a blended
 * ARGB8888 texture drawn onto a target of format (an SDL_PixelFormatEnum), over a probe
 * of every alpha with varied colours. Checked once per format; 0 when it differs, the
 * format is another, or the probe cannot be made. */
int app_blend_agrees(uint32_t format);

#endif
