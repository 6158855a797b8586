// openapi/dbv0.0.36's job history: GET .../jobs (its query filters) and .../job/{job_id}.
#include <strings.h>

#include <cctype>
#include <ctime>
#include <optional>

#include "v0_0_36/slurmdb_answer.h"

namespace mock_slurmrestd::v0_0_36 {

// Slurm's time forms the daemon was measured to take: "now[+-]N[unit]" and an ISO date with an
// optional time ("2026-12-07T04:12:19", local time). An epoch number is refused (measured).
std::optional<scheduler_sim::SimTime> parse_db_time(const std::string& text,
                                                    scheduler_sim::SimTime now) {
  if (text.rfind("now", 0) == 0) {
    std::string rest = text.substr(3);
    if (rest.empty()) return now;
    if (rest[0] != '-' && rest[0] != '+') return std::nullopt;
    const int sign = rest[0] == '-' ? -1 : 1;
    size_t i = 1;
    int64_t n = 0;
    if (i >= rest.size() || !std::isdigit(static_cast<unsigned char>(rest[i]))) return std::nullopt;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])))
      n = n * 10 + (rest[i++] - '0');
    std::string unit = rest.substr(i);
    if (!unit.empty() && unit.back() == 's') unit.pop_back();
    int64_t scale = 0;
    if (unit.empty() || unit == "second") scale = 1;
    else if (unit == "minute") scale = 60;
    else if (unit == "hour") scale = 3600;
    else if (unit == "day") scale = 86400;
    else if (unit == "week") scale = 7 * 86400;
    else return std::nullopt;
    return now + sign * n * scale;
  }
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  int used = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h,
                                 &mi, &s, &used);
  if (fields == 3 && text.size() == 10) {
    h = mi = s = 0;
  } else if (fields == 6 && sep == 'T') {
    s = 0;
  } else if (!(fields == 7 && sep == 'T' && static_cast<size_t>(used) == text.size())) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<scheduler_sim::SimTime>(t);
}

std::optional<scheduler_sim::JobState> state_named(const std::string& name) {
  using scheduler_sim::JobState;
  for (JobState s :
       {JobState::kPending, JobState::kRunning, JobState::kSuspended, JobState::kCompleted,
        JobState::kCancelled, JobState::kFailed, JobState::kTimeout, JobState::kNodeFail,
        JobState::kPreempted, JobState::kBootFail, JobState::kDeadline, JobState::kOutOfMemory}) {
    if (strcasecmp(name.c_str(), job_state_name(s)) == 0) return s;
  }
  return std::nullopt;
}

namespace {

// The query keys the daemon's parser takes (its OpenAPI document lists `group` too, which the
// daemon refuses as an unknown field: measured).
const char* const kJobQueryKeys[] = {"submit_time",
                                     "start_time",
                                     "end_time",
                                     "account",
                                     "association",
                                     "cluster",
                                     "constraints",
                                     "cpus_max",
                                     "cpus_min",
                                     "skip_steps",
                                     "disable_wait_for_result",
                                     "exit_code",
                                     "format",
                                     "job_name",
                                     "nodes_max",
                                     "nodes_min",
                                     "partition",
                                     "qos",
                                     "reason",
                                     "reservation",
                                     "state",
                                     "step",
                                     "node",
                                     "wckey"};

bool known_key(const std::string& key) {
  for (const char* k : kJobQueryKeys)
    if (key == k) return true;
  return false;
}

// The query's pairs in the order given (Request::query is sorted by key).
std::vector<std::pair<std::string, std::string>> parse_query_in_order(const std::string& raw) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i <= raw.size()) {
    size_t end = raw.find_first_of("&;", i);
    if (end == std::string::npos) end = raw.size();
    for (auto& kv : parse_query(raw.substr(i, end - i))) out.push_back(kv);
    i = end + 1;
  }
  return out;
}

// "N" as a count filter (cpus_min=2): a whole number, or the daemon's "must be an integer".
std::optional<int> count_of(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char ch : text)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
  return std::stoi(text);
}

// step=N[.S][,N[.S]...]: the jobs with those ids (a step suffix picks its job, measured for
// ".batch"). nullopt for anything else (slurmrestd 22.05 dies on `step=abc`: A1).
std::optional<std::vector<uint32_t>> job_ids_of(const std::string& text) {
  std::vector<uint32_t> ids;
  size_t i = 0;
  while (i <= text.size()) {
    const size_t end = std::min(text.find(',', i), text.size());
    const std::string item = text.substr(i, end - i);
    const std::string id = item.substr(0, item.find('.'));
    const std::optional<int> n = count_of(id);
    if (!n) return std::nullopt;
    ids.push_back(static_cast<uint32_t>(*n));
    i = end + 1;
  }
  return ids;
}

Response query_refused(const LoadedVersion& self, const Request& req, const char* source,
                       const char* description) {
  Envelope env(self.meta);
  env.add_error_object(db_error(9000, "Query empty or not RFC7320 compliant", source, description));
  return render(env, 500, req);
}

Response jobs_answer(const LoadedVersion& self, const Request& req, const DbContext& c,
                     const DbShape& shape, const std::vector<const scheduler_sim::JobRecord*>& jobs,
                     bool skip_steps) {
  Envelope env(self.meta);
  env["jobs"] = Json::array();
  for (const auto* j : jobs) {
    Json out;
    shape.job(out, *j, c);
    if (skip_steps) out["steps"] = Json::array();
    env["jobs"].push_back(std::move(out));
  }
  if (jobs.empty()) env.add_error_object(db_nothing_found("slurmdb_jobs_get"));
  return render(env, 200, req);
}

}  // namespace

void register_slurmdb_job_routes(App& app, const LoadedVersion& self, const DbShape& shape) {
  app.router().add(
      "GET", self.prefix() + "/jobs",
      [&app, &self, shape](Request& req) {
        if (!req.refusal.empty()) return db_token_refused(self, req, "slurmdb_jobs_get", "jobs");
        auto locked = app.lock();
        const scheduler_sim::Accounting* db = locked.sim().accounting();
        if (!db) return no_db(self, req);
        const DbContext c{*db, app.config()};
        scheduler_sim::JobHistoryFilter filter;
        std::optional<std::string> state, node_filter;
        bool skip_steps = false;
        // In the order given: the first bad key is the one reported.
        for (const auto& [key, value] : parse_query_in_order(req.raw_query)) {
          if (!known_key(key)) return query_refused(self, req, nullptr, "Unknown Query field");
          if (key == "start_time" || key == "end_time" || key == "submit_time") {
            auto t = parse_db_time(value, locked.sim().now());
            if (!t) return query_refused(self, req, key.c_str(), "Unable to parse time format");
            // submit_time bounds the window's start as start_time does (measured: now-1hour
            // finds every job, a time after the last end none), and the jobs come without
            // their steps (measured, every version).
            if (key == "start_time" || key == "submit_time") filter.start = *t;
            if (key == "submit_time") skip_steps = true;
            if (key == "end_time") filter.end = *t;
          } else if (key == "account") {
            filter.accounts = {value};
          } else if (key == "partition") {
            filter.partitions = {value};
          } else if (key == "job_name") {
            filter.job_names = {value};
          } else if (key == "cluster") {
            filter.clusters = {value};
          } else if (key == "qos") {
            // slurmdbd matches QOS ids here: a name matches nothing (measured: qos=normal).
            filter.qos = {"#" + value};  // no QOS name starts with '#'
            for (const auto& q : db->qos())
              if (std::to_string(q.id) == value) filter.qos = {q.name};
          } else if (key == "wckey") {
            filter.wckeys = {value};
          } else if (key == "constraints") {
            filter.constraints = {value};
          } else if (key == "association") {
            // An id; anything else matches no association (measured: `association=abc`).
            const std::optional<int> n = count_of(value);
            filter.associations = {n ? static_cast<uint32_t>(*n) : 0u};
          } else if (key == "cpus_min" || key == "cpus_max" || key == "nodes_min" ||
                     key == "nodes_max") {
            const std::optional<int> n = count_of(value);
            if (!n) return query_refused(self, req, key.c_str(), "must be an integer");
            (key == "cpus_min"    ? filter.cpus_min
             : key == "cpus_max"  ? filter.cpus_max
             : key == "nodes_min" ? filter.nodes_min
                                  : filter.nodes_max) = *n;
          } else if (key == "step") {
            std::optional<std::vector<uint32_t>> ids = job_ids_of(value);
            if (!ids) return query_refused(self, req, "step", "Unable to parse job id");
            filter.job_ids = std::move(*ids);
          } else if (key == "node") {
            // v0.0.38 picks the jobs that ran on the node; v0.0.36/37 find nothing (measured).
            node_filter = value;
          } else if (key == "state") {
            state = value;
          } else if (key == "skip_steps") {
            skip_steps = value == "true";
          }
        }
        if (node_filter) {
          if (!shape.node_filter_applied) return jobs_answer(self, req, c, shape, {}, false);
          filter.nodes = {*node_filter};
        }
        if (state) {
          std::optional<scheduler_sim::JobState> s = state_named(*state);
          if (!s && shape.state_filter_applied)
            return query_refused(self, req, "state", "Unable to parse CSV list");
          // A state finds nothing unless a whole window is given (`completed` neither);
          // within one, only v0.0.38 applies it (measured; docs/oracle-notes/accounting-22.05.md).
          if (!s || *state != job_state_name(*s) || !filter.start || !filter.end)
            return jobs_answer(self, req, c, shape, {}, false);
          if (shape.state_filter_applied) filter.states = {*s};
          // slurmdbd then looks for steps in that state too, and v0.0.36/37 find none
          // (measured: their jobs come without steps; v0.0.38's keep theirs).
          if (!shape.state_filter_applied) skip_steps = true;
        }
        return jobs_answer(self, req, c, shape, db->jobs(filter), skip_steps);
      },
      ParamKind::kAny, tag(EndpointKind::kOther), &self);

  app.router().add(
      "GET", self.prefix() + "/job/{job_id}",
      [&app, &self, shape](Request& req) {
        if (!req.refusal.empty()) return db_token_refused(self, req, "slurmdb_jobs_get", "jobs");
        return with_db(app, self, req, [&](const DbContext& c, Envelope&) {
          const std::string* id = req.param("job_id");
          std::vector<const scheduler_sim::JobRecord*> found;
          if (id) {
            char* end = nullptr;
            const unsigned long n = std::strtoul(id->c_str(), &end, 10);
            if (*end == '\0') {
              if (const auto* j = c.db.find_job(static_cast<uint32_t>(n))) found.push_back(j);
            }
          }
          return jobs_answer(self, req, c, shape, found, false);
        });
      },
      ParamKind::kNumber, tag(EndpointKind::kOther), &self);
}

}  // namespace mock_slurmrestd::v0_0_36
