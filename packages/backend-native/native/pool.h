// A small persistent thread pool. The calling (JS) thread takes part in every job, so a pool of
// size N starts N-1 workers. All parallelism of the addon goes through here; BLAS runs
// single-threaded inside each work unit so that BLAS threads and ours never compete for cores.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace albert {

class ThreadPool {
 public:
  using RangeFn = std::function<void(int64_t begin, int64_t end)>;

  static ThreadPool& instance();

  int size() const { return size_; }
  // Stops the current workers and starts n-1 new ones (n >= 1).
  void resize(int n);

  // Splits [0, n) into chunks of at least `grain` items and runs fn on them across the pool.
  // Returns when every chunk has run. Not reentrant: fn must not call parallelFor.
  void parallelFor(int64_t n, int64_t grain, const RangeFn& fn);

  ~ThreadPool();

 private:
  ThreadPool();
  void workerLoop(int id, uint64_t seen);
  void runChunks();

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::mutex jobMu_;  // serialises jobs from different JS threads (worker_threads)
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  std::atomic<uint64_t> published_{0};

  // Current job.
  const RangeFn* fn_ = nullptr;
  int64_t n_ = 0;
  int64_t chunk_ = 1;
  std::atomic<int64_t> next_{0};
  std::atomic<int> busy_{0};
};

}  // namespace albert
