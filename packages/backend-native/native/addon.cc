// albert-native: kernels for the TensorFlow.js wasm backend, working in place on
// the wasm heap. The JS side (src/) validates shapes the way tfjs does and allocates outputs;
// these functions only compute.
#include <napi.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "blas.h"
#include "cpu.h"
#include "eltwise.h"
#include "gemm.h"
#include "pool.h"

namespace albert {
namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("threads", ThreadPool::instance().size());
  o.Set("blas", blasName());
  o.Set("blasConfig", blasConfig());
  const CpuDispatch& d = cpuDispatch();
  o.Set("path", d.table->path);
  o.Set("pathRequested", d.requested);
  if (!d.note.empty()) o.Set("pathNote", d.note);
  o.Set("cpu", d.model);
  o.Set("cpuFeatures", d.features);
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "setThreads(n): n must be a number");
  ThreadPool::instance().resize(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), ThreadPool::instance().size());
}

// sgemmBench(m, n, k, iters, useBlasThreads) -> median GFLOP/s of C = A·B (row-major).
// useBlasThreads: a system BLAS's own threading with the pool's thread count (the machine's
// floor as OpenBLAS reaches it); otherwise (and always for the builtin GEMM) the addon's own
// split over the pool, as the kernels run.
Napi::Value SgemmBench(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int m = info[0].As<Napi::Number>().Int32Value(), n = info[1].As<Napi::Number>().Int32Value();
  int k = info[2].As<Napi::Number>().Int32Value(), iters = info[3].As<Napi::Number>().Int32Value();
  bool blasThreads = info[4].ToBoolean().Value();
  if (m <= 0 || n <= 0 || k <= 0 || iters <= 0) throw Napi::RangeError::New(env, "sgemmBench: bad sizes");
  std::vector<float> a(static_cast<size_t>(m) * k), b(static_cast<size_t>(k) * n), c(static_cast<size_t>(m) * n);
  for (size_t i = 0; i < a.size(); i++) a[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f - 0.5f;
  for (size_t i = 0; i < b.size(); i++) b[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
  ThreadPool& pool = ThreadPool::instance();
  int T = pool.size();
  if (blasThreads) setBlasThreads(T);
  auto once = [&] {
    if ((blasThreads && std::string(blasName()) != "builtin") || T == 1) {
      sgemm(false, false, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
    } else {
      pool.parallelFor(T, 1, [&](int64_t begin, int64_t end) {
        for (int64_t part = begin; part < end; part++) {
          int i0 = static_cast<int>(m * part / T), i1 = static_cast<int>(m * (part + 1) / T);
          sgemm(false, false, i1 - i0, n, k, 1.0f, a.data() + static_cast<size_t>(i0) * k, k, b.data(), n, 0.0f,
                c.data() + static_cast<size_t>(i0) * n, n);
        }
      });
    }
  };
  once();
  std::vector<double> rates;
  for (int it = 0; it < iters; it++) {
    auto t0 = std::chrono::steady_clock::now();
    once();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(2.0 * m * n * k / s / 1e9);
  }
  if (blasThreads) setBlasThreads(1);
  std::sort(rates.begin(), rates.end());
  return Napi::Number::New(env, rates[rates.size() / 2]);
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  setBlasThreads(1);
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("sgemmBench", Napi::Function::New(env, SgemmBench));
  exports.Set("gemm", Napi::Function::New(env, Gemm));
  exports.Set("packB", Napi::Function::New(env, PackB));
  exports.Set("packedBLength", Napi::Function::New(env, PackedBLength));
  RegisterEltwise(env, exports);
  return exports;
}

}  // namespace albert

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return albert::Init(env, exports); }

NODE_API_MODULE(albert_native, InitAddon)
