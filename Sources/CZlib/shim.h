#ifndef FMM_CZLIB_SHIM_H
#define FMM_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro; wrap it so Swift can call it. */
static inline int fmm_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
