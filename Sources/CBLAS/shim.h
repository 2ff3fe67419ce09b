// CBLAS: OpenBLAS's cblas.h for Swift (Debian: libopenblas-dev). Also the thread-count control.
#include <cblas.h>
