#include "pool.h"

#include <algorithm>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define ALBERT_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define ALBERT_PAUSE() asm volatile("yield")
#else
#define ALBERT_PAUSE() ((void)0)
#endif

namespace albert {

namespace {
// Workers spin this many pause iterations (~tens of microseconds) for the next job before
// sleeping: tfjs issues kernels back to back, and a futex wake-up costs more than that.
constexpr int kSpinIterations = 20000;
}  // namespace

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool;
  return pool;
}

ThreadPool::ThreadPool() {
  unsigned hw = std::thread::hardware_concurrency();
  resize(hw == 0 ? 1 : static_cast<int>(std::min(hw, 64u)));
}

ThreadPool::~ThreadPool() { resize(1); }

void ThreadPool::resize(int n) {
  n = std::max(1, std::min(n, 64));
  if (n == size_ && static_cast<int>(workers_.size()) == n - 1) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    generation_++;
    published_.store(generation_, std::memory_order_release);
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  stop_ = false;
  size_ = n;
  // Each worker starts from the generation current now: reading it later, in the new thread,
  // could miss a stop request made before that thread first ran.
  const uint64_t start = generation_;
  for (int i = 1; i < n; i++) workers_.emplace_back([this, i, start] { workerLoop(i, start); });
}

void ThreadPool::runChunks() {
  for (;;) {
    int64_t begin = next_.fetch_add(chunk_, std::memory_order_relaxed);
    if (begin >= n_) break;
    (*fn_)(begin, std::min(n_, begin + chunk_));
  }
}

void ThreadPool::workerLoop(int /*id*/, uint64_t seen) {
  for (;;) {
    for (int i = 0; i < kSpinIterations && published_.load(std::memory_order_acquire) == seen; i++) {
      ALBERT_PAUSE();
    }
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return generation_ != seen || stop_; });
      seen = generation_;
      if (stop_) return;
    }
    runChunks();
    busy_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::parallelFor(int64_t n, int64_t grain, const RangeFn& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(1, grain);
  if (size_ == 1 || n <= grain) {
    fn(0, n);
    return;
  }
  std::lock_guard<std::mutex> job(jobMu_);
  // About 4 chunks per thread balances uneven chunks without much scheduling traffic.
  int64_t chunks = std::min<int64_t>(n / grain, static_cast<int64_t>(size_) * 4);
  chunks = std::max<int64_t>(chunks, 1);
  fn_ = &fn;
  n_ = n;
  chunk_ = (n + chunks - 1) / chunks;
  next_.store(0, std::memory_order_relaxed);
  busy_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(mu_);
    generation_++;
    published_.store(generation_, std::memory_order_release);
  }
  cv_.notify_all();
  runChunks();
  // Spin briefly, then yield: on a loaded machine a descheduled worker must not cost us a
  // whole time slice of spinning.
  for (int i = 0; busy_.load(std::memory_order_acquire) != 0; i++) {
    if (i < 4000) {
      ALBERT_PAUSE();
    } else {
      std::this_thread::yield();
    }
  }
  fn_ = nullptr;
}

}  // namespace albert
