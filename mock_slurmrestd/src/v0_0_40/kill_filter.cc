// Bulk kill filters (docs/oracle-notes/job-cancel.md): which jobs each picks, and the words a
// job listed in `jobs` that a filter rejects gets in the answer's status.
#include "v0_0_40/kill_filter.h"

#include <algorithm>

#include "scheduler_sim/hostlist.h"
#include "v0_0_40/job_dump.h"
#include "v0_0_40/job_parse.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

// The job_state enum (the schema's v0.0.40_job_state).
constexpr const char* kJobStates[] = {
    "PENDING",       "RUNNING",   "SUSPENDED",     "COMPLETED",     "CANCELLED", "FAILED",
    "TIMEOUT",       "NODE_FAIL", "PREEMPTED",     "BOOT_FAIL",     "DEADLINE",  "OUT_OF_MEMORY",
    "LAUNCH_FAILED", "REQUEUED",  "REQUEUE_HOLD",  "SPECIAL_EXIT",  "RESIZING",  "CONFIGURING",
    "COMPLETING",    "STOPPED",   "RECONFIG_FAIL", "POWER_UP_NODE", "REVOKED",   "REQUEUE_FED",
    "RESV_DEL_HOLD", "SIGNALING", "STAGE_OUT"};
// kill_jobs_msg's flags (warn_flags).
constexpr const char* kKillFlags[] = {
    "BATCH_JOB", "ARRAY_TASK",    "FULL_STEPS_ONLY", "FULL_JOB",        "FEDERATION_REQUEUE",
    "HURRY",     "OUT_OF_MEMORY", "NO_SIBLING_JOBS", "RESERVATION_JOB", "NO_CRON_JOBS",
    "VERBOSE",   "CRON_JOBS",     "WARNING_SENT"};

template <size_t N>
bool one_of(const std::string& s, const char* const (&names)[N]) {
  return std::any_of(std::begin(names), std::end(names), [&s](const char* n) { return s == n; });
}

// A flag list key: unknown names are errors (v0.0.40 then refuses: "Parsing flags failed");
// the known ones are kept.
template <size_t N>
bool read_flag_list(const Json& v, const char* key, const char* const (&names)[N],
                    const Shape& shape, Answer* answer, std::vector<std::string>* out) {
  const std::string source = std::string("#/") + key + "/";
  std::optional<Value> read = read_value(Kind::kFlags, v, source, shape, answer);
  if (!read) return true;
  bool unknown = false;
  for (size_t i = 0; i < read->list.size(); ++i) {
    if (one_of(read->list[i], names)) {
      out->push_back(read->list[i]);
      continue;
    }
    const std::string at =
        v.is_array() ? std::string("#/") + key + "[" + std::to_string(i) + "]/" : source;
    answer->error("Unknown flag \"" + read->list[i] + "\"", 9207, at);
    unknown = true;
  }
  if (unknown && shape.flags_failure_refuses) {
    answer->error("Parsing flags failed", 9207, source);
    return false;
  }
  return true;
}

std::string or_null(const std::optional<std::string>& s, const char* null_word = "(null)") {
  return s && !s->empty() ? *s : null_word;
}

}  // namespace

bool read_kill_filter(const Json& doc, const Shape& shape, Answer* answer, KillFilter* out,
                      std::vector<std::string>* flags) {
  auto text = [&](const char* key, std::optional<std::string>* into) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return;
    std::optional<Value> v =
        read_value(Kind::kString, *it, std::string("#/") + key + "/", shape, answer);
    if (v && !v->unset) *into = v->text;
  };
  text("account", &out->account);
  text("job_name", &out->job_name);
  text("partition", &out->partition);
  text("qos", &out->qos);
  text("reservation", &out->reservation);
  text("wckey", &out->wckey);
  text("user_name", &out->user_name);
  std::optional<std::string> user_id;  // measured: read, then no filter
  text("user_id", &user_id);
  if (auto it = doc.find("flags"); it != doc.end() && !it->is_null()) {
    if (!read_flag_list(*it, "flags", kKillFlags, shape, answer, flags)) return false;
  }
  if (auto it = doc.find("job_state"); it != doc.end() && !it->is_null()) {
    std::vector<std::string> states;
    if (!read_flag_list(*it, "job_state", kJobStates, shape, answer, &states)) return false;
    // Measured (v0.0.41 on): ["BOGUS"] alone goes on as a PENDING filter (state 0).
    if (states.empty()) states.push_back("PENDING");
    out->states.emplace(states.begin(), states.end());
  }
  if (auto it = doc.find("nodes"); it != doc.end() && !it->is_null()) {
    std::vector<std::string> names;
    if (it->is_string()) {
      // A hostlist given as a string: taken, with the parser's type warning.
      type_warning(Kind::kStringList, *it, "#/nodes/", shape, answer);
      names.push_back(it->get<std::string>());
    } else if (std::optional<Value> v = read_value(Kind::kCsv, *it, "#/nodes/", shape, answer)) {
      names = v->list;
    }
    std::vector<std::string> hosts;
    for (const std::string& n : names) {
      try {
        for (std::string& h : scheduler_sim::expand_hostlist(n)) hosts.push_back(std::move(h));
      } catch (const std::exception&) {
        hosts.push_back(n);
      }
    }
    out->nodes = std::move(hosts);
  }
  return true;
}

std::optional<std::string> kill_mismatch(const scheduler_sim::Job& job, const KillFilter& f) {
  const scheduler_sim::JobSpec& spec = job.spec;
  // The name is reported before the partition, state and user when several differ (measured);
  // the order of the others was not.
  if (f.job_name && job.name != *f.job_name)
    return "Job name " + job.name + " != filter name " + *f.job_name;
  if (f.uid && job.user.uid != *f.uid)
    return "Job user id " + std::to_string(job.user.uid) + " != filter user id " +
           std::to_string(*f.uid);
  if (f.partition && job.partition != *f.partition)
    return "Job partition " + job.partition + " does not include filter partition " + *f.partition;
  if (f.account && spec.account.value_or("") != *f.account)
    return "Job account " + or_null(spec.account) + " != filter account " + *f.account;
  if (f.qos && spec.qos.value_or("") != *f.qos)
    return "Job qos " + or_null(spec.qos, "NULL") + " != filter qos " + *f.qos;
  if (f.reservation && spec.reservation.value_or("") != *f.reservation)
    return "Job reservation " + or_null(spec.reservation) +
           " does not include filter reservation " + *f.reservation;
  if (f.wckey && (!spec.wckey || spec.wckey->empty() || *spec.wckey != *f.wckey))
    return "Job wckey " + or_null(spec.wckey) + " != filter wckey " + *f.wckey;
  if (f.states) {
    const Json list = job_state_list(job);
    const bool in = std::any_of(list.begin(), list.end(), [&f](const Json& s) {
      return f.states->count(s.get<std::string>()) > 0;
    });
    if (!in)
      return "Job state " + list[0].get<std::string>() + " != filter state " + *f.states->begin();
  }
  if (f.nodes) {
    bool meets = false;
    if (!job.nodes.empty()) {
      std::vector<std::string> hosts;
      try {
        hosts = scheduler_sim::expand_hostlist(job.nodes);
      } catch (const std::exception&) {}
      for (const std::string& h : hosts)
        meets = meets || std::find(f.nodes->begin(), f.nodes->end(), h) != f.nodes->end();
    }
    if (!meets)
      return "Job nodes " + (job.nodes.empty() ? std::string("(null)") : job.nodes) +
             " does not intersect with filter nodes " + scheduler_sim::compress_hostlist(*f.nodes);
  }
  return std::nullopt;
}

}  // namespace mock_slurmrestd::v0_0_40
