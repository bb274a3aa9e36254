// N-d transpose (permutation of axes) of 4-byte elements. The JS side merges axes that stay
// adjacent, so attention's [B,S,h,d] -> [B,h,S,d] becomes row copies of d floats.
#include <algorithm>
#include <cstring>

#include "args.h"
#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

constexpr int kMaxDims = kTransposeMaxDims;

// out[b][j][i] = x[b][i][j] for b < batch, in 32×32 tiles (both sides touch whole cache lines).
void batchedTranspose2d(const uint32_t* x, uint32_t* out, int64_t batch, int64_t rows, int64_t cols) {
  constexpr int64_t T = 32;
  const int64_t tilesR = (rows + T - 1) / T, tilesC = (cols + T - 1) / T;
  ThreadPool::instance().parallelFor(batch * tilesR * tilesC, 4, [&](int64_t s, int64_t e) {
    for (int64_t t = s; t < e; t++) {
      const int64_t b = t / (tilesR * tilesC), tr = (t / tilesC) % tilesR, tc = t % tilesC;
      const uint32_t* xb = x + b * rows * cols;
      uint32_t* ob = out + b * rows * cols;
      const int64_t i1 = std::min(rows, (tr + 1) * T), j1 = std::min(cols, (tc + 1) * T);
      for (int64_t i = tr * T; i < i1; i++) {
        for (int64_t j = tc * T; j < j1; j++) ob[j * rows + i] = xb[i * cols + j];
      }
    }
  });
}

// transpose(heap, params: TransposeArg)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = TransposeArg;
  Params p(info[1], A::kCount);
  int nd = static_cast<int>(p[A::kRank]);
  if (nd < 1 || nd > kMaxDims) throw Napi::RangeError::New(env, "albert-native: bad transpose rank");
  int64_t in[kMaxDims], inStride[kMaxDims], od[kMaxDims], os[kMaxDims];
  int perm[kMaxDims];
  bool seen[kMaxDims] = {false};
  int64_t total = 1;
  for (int d = 0; d < nd; d++) {
    in[d] = checkedCount(env, p[A::kDims + d], "dim");
    total *= in[d];
    perm[d] = static_cast<int>(p[A::kPerm + d]);
    if (perm[d] < 0 || perm[d] >= nd || seen[perm[d]]) throw Napi::RangeError::New(env, "albert-native: bad perm");
    seen[perm[d]] = true;
  }
  if (total == 0) return env.Undefined();
  inStride[nd - 1] = 1;
  for (int d = nd - 2; d >= 0; d--) inStride[d] = inStride[d + 1] * in[d + 1];
  for (int k = 0; k < nd; k++) {
    od[k] = in[perm[k]];
    os[k] = inStride[perm[k]];  // input stride of output axis k
  }
  const uint32_t* x = heap.at<uint32_t>(env, p[A::kX], static_cast<double>(total), "x");
  uint32_t* out = heap.at<uint32_t>(env, p[A::kOut], static_cast<double>(total), "out");
  // [r, c] -> [c, r] and [b, r, c] -> [b, c, r]: tiled.
  if ((nd == 2 && perm[0] == 1) || (nd == 3 && perm[0] == 0 && perm[1] == 2 && perm[2] == 1)) {
    const int64_t batch = nd == 3 ? in[0] : 1;
    batchedTranspose2d(x, out, batch, in[nd - 2], in[nd - 1]);
    return env.Undefined();
  }
  const int last = nd - 1;
  const int64_t rowLen = od[last];
  const int64_t rows = total / rowLen;
  const int64_t s = os[last];
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / rowLen), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) {
      int64_t rem = r, src = 0;
      for (int k = last - 1; k >= 0; k--) {
        int64_t c = rem % od[k];
        rem /= od[k];
        src += c * os[k];
      }
      uint32_t* dst = out + r * rowLen;
      if (s == 1) {
        std::memcpy(dst, x + src, static_cast<size_t>(rowLen) * 4);
      } else {
        const uint32_t* xs = x + src;
        for (int64_t j = 0; j < rowLen; j++) dst[j] = xs[j * s];
      }
    }
  });
  return env.Undefined();
}

}  // namespace

void RegisterTranspose(Napi::Env env, Napi::Object exports) {
  exports.Set("transpose", Napi::Function::New(env, Transpose));
}

}  // namespace albert
