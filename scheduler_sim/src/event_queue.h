// The discrete event queue: what happens at which simulated time. Handlers, one per kind, are
// in event_handlers.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// Job events carry a job id and its run epoch; node events (kNode*) a node index in job_id and
// the node's power epoch. Stale events (an older epoch) are dropped when due.
enum class EventKind : uint8_t {
  kJobEnd,             // the script ends
  kTimeLimit,          // the job's time limit is reached
  kPurge,              // MinJobAge after the end: the controller forgets the job
  kWake,               // a begin time or requeue delay passes: only the pass after it matters
  kNodeBooted,         // a powering-up node is up
  kNodeResumeTimeout,  // ResumeTimeout after a power-up began
  kNodeIdleCheck,      // SuspendTime after a node was last busy
  kNodePoweredDown,    // SuspendTimeout after a power-down began
  kEpilogComplete,     // a finished job's epilog is done: it stops COMPLETING
  kNodeResumeAfter,    // a node set DOWN with resume_after comes back
};
inline constexpr size_t kEventKinds = 10;

struct Event {
  EventKind kind;
  uint32_t job_id;
  uint64_t epoch;
};

struct EventQueue {
  // Events by time; at one time, in the order they were pushed. Jobs end in step with the
  // clock's granularity, so many share a time. Stale events stay until their time and are
  // dropped then (epochs).
  std::map<SimTime, std::vector<Event>> events;
  std::vector<std::vector<Event>> spare_event_lists;  // emptied lists, kept for their capacity

  void file_event(SimTime t, const Event& e) {
    auto [it, added] = events.try_emplace(t);
    if (added && !spare_event_lists.empty()) {
      it->second = std::move(spare_event_lists.back());
      spare_event_lists.pop_back();
    }
    it->second.push_back(e);
  }

  std::optional<SimTime> next_event_time() const {
    if (events.empty()) return std::nullopt;
    return events.begin()->first;
  }

  // Drops the earliest time's (processed) list, keeping a few for their capacity.
  void retire_earliest() {
    const auto due = events.begin();
    if (spare_event_lists.size() < 8) {
      due->second.clear();
      spare_event_lists.push_back(std::move(due->second));
    }
    events.erase(due);
  }
};

}  // namespace scheduler_sim
