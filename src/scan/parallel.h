// A minimal fork-join helper for the scan: runs `task(i)` for every i in [0, count) on
// up to `jobs` threads. Each task writes only its own slot of a result vector, so the
// outcome never depends on scheduling — the scan's output is the same for any --jobs.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace vouch::scan_detail {

// More threads than this only costs memory: the work is CPU-bound.
constexpr unsigned kMaxJobs = 256;

inline unsigned effective_jobs(unsigned jobs) {
  if (jobs != 0) return std::min(jobs, kMaxJobs);
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

template <typename Task>
void parallel_for(size_t count, unsigned jobs, Task&& task) {
  const size_t threads = std::min<size_t>(effective_jobs(jobs), count);
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i) task(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
}

}  // namespace vouch::scan_detail
