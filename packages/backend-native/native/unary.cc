// Element-wise unary kernels: y[i] = f(x[i]), split over the pool.
#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// unary(heap, params: UnaryArg)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = UnaryArg;
  Params p(info[1], A::kCount);
  int op = static_cast<int>(p[A::kOp]);
  if (op < 0 || op > kUnaryLast) throw Napi::RangeError::New(env, "albert-native: bad unary op");
  int64_t n = checkedCount(env, p[A::kSize], "size");
  const float* x = heap.at<float>(env, p[A::kX], static_cast<double>(n), "x");
  float* y = heap.at<float>(env, p[A::kY], static_cast<double>(n), "y");
  float c = static_cast<float>(p[A::kC]);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(n, 32768, [&](int64_t b, int64_t e) { kt.unary(op, x + b, y + b, e - b, c); });
  return env.Undefined();
}


// geluGrad(heap, params: GeluGradArg) -> dx = dy · gelu'(x)
Napi::Value GeluGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = GeluGradArg;
  Params p(info[1], A::kCount);
  bool erfKind = p[A::kKind] != kGeluKindTanh;
  int64_t n = checkedCount(env, p[A::kSize], "size");
  const float* dy = heap.at<float>(env, p[A::kDy], static_cast<double>(n), "dy");
  const float* x = heap.at<float>(env, p[A::kX], static_cast<double>(n), "x");
  float* dx = heap.at<float>(env, p[A::kDx], static_cast<double>(n), "dx");
  float c = static_cast<float>(p[A::kC]);
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
