// StateSaveLocation: a journal of the state changes the server makes on the simulator.
//
// The simulator is deterministic (same cluster, seed and calls at the same simulated times ->
// the same state), so the server saves no snapshot: it appends every state-changing call
// (submit, update, signal, requeue, reservations, node state, job end reported by --exec local,
// clock change) with the simulated time it was made at, and a restart replays them on a fresh
// Simulator through its public API. File layout (JSON lines, DIR/mock-slurmrestd.state):
//
//   {"format":"mock-slurmrestd state","version":1,"start":T,"clock":{...},"fingerprint":{...}}
//   {"op":"submit","t":T,"user":["ec2-user",1000,1000],"spec":{...}}
//   ...
//
// A record counts once its closing newline is on disk; a torn last record (the process was
// killed inside write(2)) is dropped on load. Anything else malformed is a StateError.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "envelope.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/simulator.h"

namespace mock_slurmrestd {

// A start-up problem with the saved state; what() is one line for the operator.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The Pacer's mapping from the wall clock to simulated time, in a form that survives a
// restart: simulated time is sim_anchor + (wall now - wall_anchor_ns) x speed (manual: sim_anchor).
struct ClockState {
  ClockMode mode = ClockMode::kReal;
  double scale = 1.0;
  scheduler_sim::SimTime sim_anchor = 0;
  int64_t wall_anchor_ns = 0;  // Unix time in nanoseconds
};

// What the saved history depends on besides the calls themselves: replaying it under another
// cluster, seed, --rules or --exec would give another history (and could reuse job ids).
Json state_fingerprint(const scheduler_sim::ClusterConfig& config, const ServerOptions& options);

// A job description as the records hold it: every field of job.h's list under its member's
// name, unset optionals left out. Reading throws StateError for a value of the wrong type or
// range; keys it does not know are ignored.
Json job_spec_to_json(const scheduler_sim::JobSpec& spec);
scheduler_sim::JobSpec job_spec_from_json(const Json& j);

// Records: built by the server before it applies a change, replayed by apply_record.
Json submit_record(scheduler_sim::SimTime t, const scheduler_sim::JobSpec& spec,
                   const scheduler_sim::Identity& who);
Json submit_het_record(scheduler_sim::SimTime t,
                       const std::vector<scheduler_sim::JobSpec>& components,
                       const scheduler_sim::Identity& who);
Json update_record(scheduler_sim::SimTime t, uint32_t job_id,
                   const scheduler_sim::JobUpdate& update, const scheduler_sim::Identity& who);
Json signal_record(scheduler_sim::SimTime t, uint32_t job_id, int signal,
                   const scheduler_sim::Identity& who);
Json requeue_record(scheduler_sim::SimTime t, uint32_t job_id,
                    const scheduler_sim::RequeueOptions& how, const scheduler_sim::Identity& who);
Json reservation_record(scheduler_sim::SimTime t, const scheduler_sim::ReservationRequest& req,
                        const scheduler_sim::Identity& who);
// A partition create (`create`) or update, and a partition delete.
Json partition_record(scheduler_sim::SimTime t, const scheduler_sim::PartitionUpdate& u,
                      bool create, const scheduler_sim::Identity& who);
Json partition_delete_record(scheduler_sim::SimTime t, const std::string& name,
                             const scheduler_sim::Identity& who);
Json reservation_delete_record(scheduler_sim::SimTime t, const std::string& name,
                               const scheduler_sim::Identity& who);
Json node_state_record(scheduler_sim::SimTime t, const std::string& node, const std::string& state,
                       const std::string& reason);
Json reconfigure_record(scheduler_sim::SimTime t);
// A dynamic node created (its slurm.conf line) or a node deleted.
Json node_create_record(scheduler_sim::SimTime t, const std::string& node_conf,
                        const scheduler_sim::Identity& who);
Json node_delete_record(scheduler_sim::SimTime t, const std::string& names,
                        const scheduler_sim::Identity& who);
Json node_update_record(scheduler_sim::SimTime t, const std::string& names,
                        const scheduler_sim::NodeUpdate& update,
                        const scheduler_sim::Identity& who);
Json finish_record(scheduler_sim::SimTime t, uint32_t job_id, int wait_status);
// --exec local: a script that could not be started (Simulator::fail_launch).
Json fail_launch_record(scheduler_sim::SimTime t, uint32_t job_id, int slurm_error);
Json clock_record(scheduler_sim::SimTime t, const ClockState& clock);

Json clock_to_json(const ClockState& clock);
ClockState clock_from_json(const Json& j);  // throws StateError

// Applies one record to `sim` (after bringing it to the record's time). Clock records only
// move time; the caller keeps the last one (*clock). Throws StateError on a malformed record.
void apply_record(scheduler_sim::Simulator& sim, const Json& record, ClockState* clock);

// The state file of one StateSaveLocation, open for appending and locked against a second
// server using the same directory.
class StateJournal {
 public:
  // Opens DIR (which must exist) and takes DIR/mock-slurmrestd.lock. Throws StateError.
  explicit StateJournal(const std::string& dir);
  ~StateJournal();
  StateJournal(const StateJournal&) = delete;
  StateJournal& operator=(const StateJournal&) = delete;

  // What load() found: no file (header empty), or a header and the records after it.
  struct Saved {
    Json header;
    std::vector<Json> records;
    size_t torn_bytes = 0;  // a torn last record that was dropped (and cut from the file)
  };
  // Reads the state file and opens it for appending. Throws StateError for anything but a
  // torn last record.
  Saved load();
  // Replaces the file with `header` alone (temp file, fsync, rename, fsync of the directory).
  // On failure the old file stays and *error says why.
  bool rewrite(const Json& header, std::string* error);
  // Appends one record with a single write(2). No fsync: a write that returned is in the page
  // cache, which survives the process being killed (SIGKILL, a crash); only an OS crash or
  // power loss can lose it, and an fsync per request would cost milliseconds on most disks.
  // On failure the file is cut back to its previous length and *error says why.
  bool append(const Json& record, std::string* error);
  // fsync (clean shutdown).
  void sync();
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
  int lock_fd_ = -1;
  int fd_ = -1;          // the state file, O_APPEND
  size_t size_ = 0;      // bytes of complete records (where a failed append is cut back to)
  bool broken_ = false;  // a failed append could not be undone: refuse further changes
};

}  // namespace mock_slurmrestd
