// Element-wise unary kernels: y[i] = f(x[i]), split over the pool.
#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// Must match src/kernels/unary.ts.
enum Op {
  kSigmoid = 0,
  kTanh = 1,
  kExp = 2,
  kErf = 3,
  kRsqrt = 4,
  kSqrt = 5,
  kSquare = 6,
  kNeg = 7,
  kLog = 8,
  kAbs = 9,
  kRelu = 10,
  kReciprocal = 11,
  kGeluTanh = 12,  // x·sigmoid(2c(x + 0.044715x³)) == 0.5x(1 + tanh(c(x + 0.044715x³)))
  kGeluErf = 13,   // 0.5x(1 + erf(x/√2))
  kLastOp = 13,
};

inline float sigmoidF(float x) { return 1.0f / (1.0f + expApprox(-x)); }

inline float tanhF(float x) {
  float ax = x < 0.0f ? -x : x;
  float e = expApprox(-2.0f * ax);
  float t = (1.0f - e) / (1.0f + e);
  t = ax < 4e-4f ? ax * (1.0f - ax * ax * (1.0f / 3.0f)) : t;
  t = x < 0.0f ? -t : t;
  return x != x ? x : t;
}

// Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7), the formula tfjs's cpu backend uses.
inline float erfF(float x) {
  float ax = x < 0.0f ? -x : x;
  float t = 1.0f / (1.0f + 0.3275911f * ax);
  float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
  float r = 1.0f - poly * expApprox(-ax * ax);
  r = x < 0.0f ? -r : r;
  return x != x ? x : r;
}

ALBERT_VECTORIZE
void run(int op, const float* x, float* y, int64_t n, float c) {
  switch (op) {
    case kSigmoid:
      for (int64_t i = 0; i < n; i++) y[i] = sigmoidF(x[i]);
      break;
    case kTanh:
      for (int64_t i = 0; i < n; i++) y[i] = tanhF(x[i]);
      break;
    case kExp:
      for (int64_t i = 0; i < n; i++) y[i] = expApprox(x[i]);
      break;
    case kErf:
      for (int64_t i = 0; i < n; i++) y[i] = erfF(x[i]);
      break;
    case kRsqrt:
      for (int64_t i = 0; i < n; i++) y[i] = 1.0f / std::sqrt(x[i]);
      break;
    case kSqrt:
      for (int64_t i = 0; i < n; i++) y[i] = std::sqrt(x[i]);
      break;
    case kSquare:
      for (int64_t i = 0; i < n; i++) y[i] = x[i] * x[i];
      break;
    case kNeg:
      for (int64_t i = 0; i < n; i++) y[i] = -x[i];
      break;
    case kLog:
      for (int64_t i = 0; i < n; i++) y[i] = std::log(x[i]);
      break;
    case kAbs:
      for (int64_t i = 0; i < n; i++) y[i] = std::fabs(x[i]);
      break;
    case kRelu:
      for (int64_t i = 0; i < n; i++) y[i] = x[i] < 0.0f ? 0.0f : x[i];
      break;
    case kReciprocal:
      for (int64_t i = 0; i < n; i++) y[i] = 1.0f / x[i];
      break;
    case kGeluTanh:
      for (int64_t i = 0; i < n; i++) {
        float v = x[i];
        y[i] = v * sigmoidF(2.0f * c * (v + 0.044715f * v * v * v));
      }
      break;
    case kGeluErf:
      for (int64_t i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1.0f + erfF(x[i] * 0.70710678118654752f));
      break;
    default:
      break;
  }
}

// unary(heap, params): op xOff yOff n c
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 5);
  int op = static_cast<int>(p[0]);
  if (op < 0 || op > kLastOp) throw Napi::RangeError::New(env, "albert-native: bad unary op");
  int64_t n = checkedCount(env, p[3], "size");
  const float* x = heap.at<float>(env, p[1], static_cast<double>(n), "x");
  float* y = heap.at<float>(env, p[2], static_cast<double>(n), "y");
  float c = static_cast<float>(p[4]);
  ThreadPool::instance().parallelFor(n, 32768, [&](int64_t b, int64_t e) { run(op, x + b, y + b, e - b, c); });
  return env.Undefined();
}

ALBERT_VECTORIZE
void geluGradRun(bool erfKind, const float* dy, const float* x, float* dx, int64_t n, float c) {
  if (erfKind) {
    for (int64_t i = 0; i < n; i++) {
      float v = x[i];
      float cdf = 0.5f * (1.0f + erfF(v * 0.70710678118654752f));
      float pdf = 0.3989422804014327f * expApprox(-0.5f * v * v);
      dx[i] = dy[i] * (cdf + v * pdf);
    }
  } else {
    for (int64_t i = 0; i < n; i++) {
      float v = x[i];
      float s = sigmoidF(2.0f * c * (v + 0.044715f * v * v * v));
      dx[i] = dy[i] * (s + v * s * (1.0f - s) * 2.0f * c * (1.0f + 3.0f * 0.044715f * v * v));
    }
  }
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
  ThreadPool::instance().parallelFor(n, 32768,
                                     [&](int64_t b, int64_t e) { geluGradRun(erfKind, dy + b, x + b, dx + b, e - b, c); });
  return env.Undefined();
}

}  // namespace

void RegisterUnary(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("geluGrad", Napi::Function::New(env, GeluGrad));
}

}  // namespace albert
