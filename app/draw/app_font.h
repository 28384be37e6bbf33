/* app_font.h — which font files steplab draws with: $STEPLAB_FONT, else DejaVu Sans
 * (regular and bold) found by fontconfig, else any sans font it offers (with a note on
 * stderr naming the package fonts-dejavu-core). */
#ifndef APP_FONT_H
#define APP_FONT_H

#include <stddef.h>
#include "sl_status.h"

/* Fills path and bold_path: SL_OK, or SL_ERR_IO with one line in err when no font is usable. */
SlStatus app_font_find(char *path, size_t path_len, char *bold_path, size_t bold_len, char *err, size_t err_len);
/* Releases fontconfig's process-wide caches (after the last user; a later find brings
 * them back). */
void app_font_release(void);

#endif
