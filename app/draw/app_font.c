/* app_font.c — font lookup through fontconfig (see app_font.h). */
#include "app_font.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

static int fc_find(const char *pattern, char *path, size_t n, char *family, size_t fn)
{
    int ok = 0;
    if (!FcInit()) return 0;
    FcPattern *p = FcNameParse((const FcChar8 *)pattern);
    if (!p) return 0;
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res = FcResultNoMatch;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    if (m) {
        FcChar8 *file = NULL, *fam = NULL;
        if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch && file) {
            snprintf(path, n, "%s", (const char *)file);
            ok = 1;
        }
        family[0] = '\0';
        if (FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch && fam)
            snprintf(family, fn, "%s", (const char *)fam);
        FcPatternDestroy(m);
    }
    FcPatternDestroy(p);
    return ok;
}

SlStatus app_font_find(char *path, size_t path_len, char *bold_path, size_t bold_len, char *err, size_t err_len)
{
    const char *env = getenv("STEPLAB_FONT");
    char family[256];
    if (env && *env) {
        snprintf(path, path_len, "%s", env);
        snprintf(bold_path, bold_len, "%s", env);
        return SL_OK;
    }
    if (fc_find("DejaVu Sans", path, path_len, family, sizeof family) && strncasecmp(family, "DejaVu Sans", 11) == 0) {
        if (!fc_find("DejaVu Sans:bold", bold_path, bold_len, family, sizeof family))
            snprintf(bold_path, bold_len, "%s", path);
        return SL_OK;
    }
    /* FcFontMatch substitutes quietly: DejaVu is missing; take any sans font it offers. */
    if (fc_find("sans-serif", path, path_len, family, sizeof family)) {
        if (!fc_find("sans-serif:bold", bold_path, bold_len, family, sizeof family))
            snprintf(bold_path, bold_len, "%s", path);
        fprintf(stderr, "steplab: DejaVu Sans not found (package fonts-dejavu-core); using %s\n", path);
        return SL_OK;
    }
    snprintf(err, err_len, "no usable font found: install the fonts-dejavu-core package "
                           "(e.g. sudo apt install fonts-dejavu-core)");
    return SL_ERR_IO;
}

void app_font_release(void)
{
    FcFini();
}
