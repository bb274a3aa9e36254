// A small persistent thread pool. The calling (JS) thread takes part in every job, so a pool of
// size N starts N-1 workers. All parallelism of the addon goes through here; BLAS runs
// single-threaded inside each work unit so that BLAS threads and ours never compete for cores.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
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
  // One parallelFor call. Chunks are claimed with `next` and counted in `done`; the caller
  // waits for `done`, never for a worker, so a worker descheduled by a busy machine only
  // means the caller runs more chunks itself. A late worker finds no chunk left and does
  // nothing (it holds the job by shared_ptr, so the counters outlive the call).
  struct Job {
    const RangeFn* fn = nullptr;
    int64_t n = 0;
    int64_t chunk = 1;
    int64_t chunks = 0;
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> done{0};
  };

  ThreadPool();
  void workerLoop(int id, uint64_t seen);
  static void runChunks(Job& job);

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::mutex jobMu_;  // serialises jobs from different JS threads (worker_threads)
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  std::atomic<uint64_t> published_{0};
  std::shared_ptr<Job> job_;  // guarded by mu_
};

}  // namespace albert
