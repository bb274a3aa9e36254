// The kernel table for AVX-512F (+ AVX2, FMA): 16-float vectors, a 12 × 32 GEMM tile (24 zmm accumulators of 32).
#include "prelude.h"

#if defined(ALBERT_X86_GNU)
#include <immintrin.h>

ALBERT_TARGET_BEGIN("avx512f,avx2,fma")
namespace albert {
namespace isa_avx512 {

ALBERT_X86_VEC(__m512, 16, _mm512);
constexpr int kMR = 12, kNV = 2;
#define ALBERT_ISA_PATH "avx512"
#include "transpose8.inc"
#include "unit.inc"

}  // namespace isa_avx512
}  // namespace albert
ALBERT_TARGET_END()

const albert::KernelTable* albert::avx512Table() { return &isa_avx512::kTable; }
#else
const albert::KernelTable* albert::avx512Table() { return nullptr; }
#endif
