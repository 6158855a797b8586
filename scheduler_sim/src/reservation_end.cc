// A reservation's end, driven by the simulator's clock (oracle: Slurm 26.05.5 and 24.11.5,
// mock_slurmrestd/tests/data/oracle/26.05/asked/resv_end/, 24.11/asked/resv_2411/): it leaves
// the list, its running jobs end then with TIMEOUT (TimeLimit) whatever their time limit, and
// the jobs that wait in it are held (RESV_DEL_HOLD, "ReservationDeleted"); every job that
// named it names none after; with PURGE_COMP it goes once no job has named it for purge_completed
// seconds.
#include <algorithm>

#include "sim_state.h"

namespace scheduler_sim {

namespace {

bool names(const Job& j, const Reservation& r) {
  return j.spec.reservation && *j.spec.reservation == r.name;
}

bool live(const Job& j) { return j.state == JobState::kPending || j.state == JobState::kRunning; }

}  // namespace

void SimState::end_reservations() {
  auto due = [this](const Reservation& r) {
    if (r.end_time <= now) return true;
    if (!r.has_flag("PURGE_COMP") || r.idle_since + r.purge_completed > now) return false;
    return std::none_of(jobs.begin(), jobs.end(),
                        [&r](const auto& kv) { return names(*kv.second, r) && live(*kv.second); });
  };
  std::vector<std::string> gone;
  for (const Reservation& r : reservations)
    if (due(r)) gone.push_back(r.name);
  for (const std::string& name : gone) {
    // Its jobs are dealt with before it goes (finish() looks the reservation up).
    for (const auto& [id, job] : jobs) {
      if (!names(*job, *find_reservation(name))) continue;
      if (job->state == JobState::kRunning) {
        finish(job.get(), JobState::kTimeout, "TimeLimit", is_allocation(job->spec) ? 0 : kSigTerm);
      } else if (job->state == JobState::kPending) {
        unindex(*job);
        job->held = true;
        job->resv_del_hold = true;
        job->priority = 0;
        index(job.get());
        job->spec.reservation.reset();
        job->state_reason = "ReservationDeleted";
        job->state_description = "Reservation " + name + " was deleted";
      }
      // Every record that named it then shows resv_name "" (oracle: the timed-out jobs and a
      // refused one's FAILED record alike).
      job->spec.reservation.reset();
    }
    reservations.erase(std::find_if(reservations.begin(), reservations.end(),
                                    [&name](const Reservation& r) { return r.name == name; }));
    note("reservation ", name, " ended");
  }
}

void SimState::reservation_job_ended(const Job& job) {
  if (!job.spec.reservation) return;
  for (Reservation& r : reservations) {
    if (r.name != *job.spec.reservation || !r.has_flag("PURGE_COMP")) continue;
    const bool idle = std::none_of(jobs.begin(), jobs.end(), [&r](const auto& kv) {
      return names(*kv.second, r) && live(*kv.second);
    });
    if (!idle) return;
    r.idle_since = now;
    file_event(now + r.purge_completed, Event{EventKind::kWake, 0, 0});
  }
}

}  // namespace scheduler_sim
