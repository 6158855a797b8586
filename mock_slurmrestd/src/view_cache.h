// Rendered answers of the read endpoints, reused while the simulator's state is unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace mock_slurmrestd {

// GET /jobs, /nodes, /partitions, /job/{id} and /node/{name} render simulator objects on each request
// (hundreds of milliseconds for 10,000 jobs), yet clients poll them far more often than the
// state changes. Their bodies depend only on the simulator's state (not on the caller, the
// query or the clock), so a body rendered at Simulator::generation() G is served again until
// the generation moves; the first store at a newer generation drops every older body. Each
// loaded API version renders its own bodies, so its index is part of every key. Not
// thread-safe: used under the simulator lock (App::Locked).
class ViewCache {
 public:
  enum View { kJobs, kNodes, kPartitions, kJob, kNode };

  // The body rendered for (version, view, format, key) at `generation`, or nullptr.
  // `version` is the API version's LoadedVersion::index (below 256); `key` tells objects of
  // one view apart (the job id for kJob, the node's index for kNode, else 0).
  std::shared_ptr<const std::string> find(int version, View view, int format, uint64_t key,
                                          uint64_t generation) const {
    if (generation != generation_) return nullptr;
    auto it = bodies_.find(slot(version, view, format, key));
    return it == bodies_.end() ? nullptr : it->second;
  }
  void store(int version, View view, int format, uint64_t key, uint64_t generation,
             std::shared_ptr<const std::string> body) {
    if (generation != generation_) {
      bodies_.clear();
      generation_ = generation;
    }
    bodies_[slot(version, view, format, key)] = std::move(body);
  }
  void clear() { bodies_.clear(); }
  size_t size() const { return bodies_.size(); }
  void set_enabled(bool on) { enabled_ = on; }
  bool enabled() const { return enabled_; }

 private:
  // view: 8 bits, format: 4, version: 8, key: 44 (job ids are 32-bit).
  static uint64_t slot(int version, View view, int format, uint64_t key) {
    return (static_cast<uint64_t>(view) << 56) | (static_cast<uint64_t>(format) << 52) |
           (static_cast<uint64_t>(version & 0xff) << 44) | (key & 0xfffffffffffull);
  }
  uint64_t generation_ = 0;
  std::unordered_map<uint64_t, std::shared_ptr<const std::string>> bodies_;
  bool enabled_ = true;
};

}  // namespace mock_slurmrestd
