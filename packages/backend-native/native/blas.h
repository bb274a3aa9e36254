// The platform BLAS: OpenBLAS (Linux, Windows) or Accelerate (macOS, ALBERT_ACCELERATE).
#pragma once

#if defined(ALBERT_ACCELERATE)
#include <Accelerate/Accelerate.h>
#define ALBERT_BLAS_NAME "accelerate"
inline void albertBlasSingleThread() {}
inline const char* albertBlasConfig() { return "Accelerate"; }
#else
#include <cblas.h>
#define ALBERT_BLAS_NAME "openblas"
// Our pool owns the cores; OpenBLAS runs single-threaded inside each work unit.
inline void albertBlasSingleThread() { openblas_set_num_threads(1); }
inline const char* albertBlasConfig() { return openblas_get_config(); }
#endif
