#include "pool.h"

#include <algorithm>
#include <cstdlib>

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
// Workers spin this many pause iterations for the next job before sleeping: tfjs issues kernels
// back to back, and a futex wake-up costs more. But on a machine shared with busy processes,
// spinning steals the core our own main thread needs, so the default is 0 (sleep at once; a
// wake-up costs microseconds against kernels of milliseconds): set ALBERT_NATIVE_SPIN=N to spin.
int spinIterations() {
  static const int n = [] {
    const char* e = std::getenv("ALBERT_NATIVE_SPIN");
    return e ? std::max(0, std::atoi(e)) : 0;
  }();
  return n;
}
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

void ThreadPool::runChunks(Job& job) {
  for (;;) {
    int64_t c = job.next.fetch_add(1, std::memory_order_relaxed);
    if (c >= job.chunks) break;
    int64_t begin = c * job.chunk;
    (*job.fn)(begin, std::min(job.n, begin + job.chunk));
    job.done.fetch_add(1, std::memory_order_acq_rel);
  }
}

void ThreadPool::workerLoop(int /*id*/, uint64_t seen) {
  for (;;) {
    const int spins = spinIterations();
    for (int i = 0; i < spins && published_.load(std::memory_order_acquire) == seen; i++) {
      ALBERT_PAUSE();
    }
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return generation_ != seen || stop_; });
      seen = generation_;
      if (stop_) return;
      job = job_;
    }
    if (job) runChunks(*job);
  }
}

void ThreadPool::parallelFor(int64_t n, int64_t grain, const RangeFn& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(1, grain);
  if (size_ == 1 || n <= grain) {
    fn(0, n);
    return;
  }
  std::lock_guard<std::mutex> exclusive(jobMu_);
  // Several chunks per thread balance uneven chunks and a late worker.
  auto job = std::make_shared<Job>();
  int64_t chunks = std::max<int64_t>(1, std::min<int64_t>(n / grain, static_cast<int64_t>(size_) * 4));
  job->fn = &fn;
  job->n = n;
  job->chunk = (n + chunks - 1) / chunks;
  job->chunks = (n + job->chunk - 1) / job->chunk;
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = job;
    generation_++;
    published_.store(generation_, std::memory_order_release);
  }
  cv_.notify_all();
  runChunks(*job);
  // Wait for chunks other threads claimed and are still running: spin briefly, then yield.
  for (int i = 0; job->done.load(std::memory_order_acquire) != job->chunks; i++) {
    if (i < 2000) {
      ALBERT_PAUSE();
    } else {
      std::this_thread::yield();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (job_ == job) job_.reset();
}

}  // namespace albert
