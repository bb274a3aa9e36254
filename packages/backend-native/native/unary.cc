// Element-wise unary kernels: y[i] = f(x[i]), split over the pool.
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// unary(heap, params): op xOff yOff n c
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 5);
  int op = static_cast<int>(p[0]);
  if (op < 0 || op > kUnaryLast) throw Napi::RangeError::New(env, "albert-native: bad unary op");
  int64_t n = checkedCount(env, p[3], "size");
  const float* x = heap.at<float>(env, p[1], static_cast<double>(n), "x");
  float* y = heap.at<float>(env, p[2], static_cast<double>(n), "y");
  float c = static_cast<float>(p[4]);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(n, 32768, [&](int64_t b, int64_t e) { kt.unary(op, x + b, y + b, e - b, c); });
  return env.Undefined();
}


// geluGrad(heap, params): kind(0 tanh, 1 erf) dyOff xOff dxOff n c  -> dx = dy · gelu'(x)
Napi::Value GeluGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 6);
  bool erfKind = p[0] != 0;
  int64_t n = checkedCount(env, p[4], "size");
  const float* dy = heap.at<float>(env, p[1], static_cast<double>(n), "dy");
  const float* x = heap.at<float>(env, p[2], static_cast<double>(n), "x");
  float* dx = heap.at<float>(env, p[3], static_cast<double>(n), "dx");
  float c = static_cast<float>(p[5]);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(n, 32768,
                                     [&](int64_t b, int64_t e) { kt.geluGrad(erfKind, dy + b, x + b, dx + b, e - b, c); });
  return env.Undefined();
}

}  // namespace

void RegisterUnary(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("geluGrad", Napi::Function::New(env, GeluGrad));
}

}  // namespace albert
