// StateSaveLocation: the journal's records, its file (append, torn tail, atomic rewrite), replay.
#include "state_save.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

namespace mock_slurmrestd {

namespace {

using scheduler_sim::JobSpec;
using scheduler_sim::SimTime;

constexpr const char* kFormat = "mock-slurmrestd state";
constexpr int kVersion = 1;
constexpr const char* kStateFile = "mock-slurmrestd.state";
constexpr const char* kLockFile = "mock-slurmrestd.lock";

std::string sys_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// A value of the type the field holds, or StateError. nlohmann's get<> converts a float or
// an out-of-range integer with a plain cast (undefined for 1e41 -> uint32_t, silent
// wrap-around for -1 -> uint32_t); a corrupt file must be refused instead.
// A value as an error message shows it: short, since a corrupt field can be any size.
std::string shown(const Json& j) {
  std::string text = j.dump();
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

template <class T>
T as(const Json& j) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) throw StateError("expected true or false, got " + shown(j));
    return j.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (j.is_number_unsigned()) {
      const uint64_t v = j.get<uint64_t>();
      if (std::in_range<T>(v)) return static_cast<T>(v);
    } else if (j.is_number_integer()) {
      const int64_t v = j.get<int64_t>();
      if (std::in_range<T>(v)) return static_cast<T>(v);
    }
    throw StateError("expected an integer in range, got " + shown(j));
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) throw StateError("expected a number, got " + shown(j));
    return j.get<T>();
  } else {
    return j.get<T>();  // strings and containers of strings: nlohmann checks the type
  }
}

// Times a saved file may hold: within about 34,000 years of 1970 (2^40 s; wall times in ns
// after 1970). A
// corrupt value beyond them would overflow the clock arithmetic or make the replay run
// events for ages: refused like any other corruption.
constexpr int64_t kMaxSimTime = int64_t{1} << 40;
constexpr int64_t kMaxWallNs = int64_t{1} << 62;
SimTime checked_time(const Json& j, const char* what) {
  SimTime t = as<SimTime>(j);
  if (t < -kMaxSimTime || t > kMaxSimTime) throw StateError(std::string(what) + " out of range");
  return t;
}

template <class T>
void put(Json& j, const char* key, const T& value) {
  j[key] = value;
}
template <class T>
void put(Json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;  // unset stays absent: "not given" must replay as not given
}
template <class T>
void get(const Json& j, const char* key, T* out) {
  if (auto it = j.find(key); it != j.end()) *out = as<T>(*it);
}
template <class T>
void get(const Json& j, const char* key, std::optional<T>* out) {
  if (auto it = j.find(key); it != j.end()) *out = as<T>(*it);
}

}  // namespace

// Every JobSpec field (job.h's list), so that a replayed submission is the one that was made;
// the member names are the keys.
Json job_spec_to_json(const JobSpec& s) {
  Json j = Json::object();
  scheduler_sim::for_each_job_spec_field(
      [&](const char* key, auto member) { put(j, key, s.*member); });
  return j;
}

JobSpec job_spec_from_json(const Json& j) {
  if (!j.is_object()) throw StateError("a job description is not an object");
  JobSpec s;
  try {
    scheduler_sim::for_each_job_spec_field(
        [&](const char* key, auto member) { get(j, key, &(s.*member)); });
  } catch (const Json::exception& e) {
    throw StateError(e.what());  // a value of the wrong type, as in any other record
  }
  return s;
}

namespace {

// [name, uid, gid], plus `false` for a user the host has no account for (--exec local as
// root: such jobs are requeued at every start, and must stay so after a replay).
Json user_to_json(const scheduler_sim::Identity& who) {
  Json j = Json::array({who.name, who.uid, who.gid});
  if (!who.known) j.push_back(false);
  return j;
}

scheduler_sim::Identity user_from_json(const Json& j) {
  if (!j.is_array() || j.size() < 3 || j.size() > 4) throw StateError("bad user");
  scheduler_sim::Identity who{as<std::string>(j[0]), as<uint32_t>(j[1]), as<uint32_t>(j[2])};
  if (j.size() == 4) who.known = as<bool>(j[3]);
  return who;
}

Json record(const char* op, SimTime t) { return Json{{"op", op}, {"t", t}}; }

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw StateError("SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

// The cluster as the simulator sees it. Left out: where the file was read from, the JWT key
// and StateSaveLocation itself, which change nothing the simulator does (moving the directory
// or the slurm.conf keeps the state usable). Keep in step with ClusterConfig (slurm_conf.h).
Json config_json(const scheduler_sim::ClusterConfig& c) {
  Json j{{"cluster_name", c.cluster_name},
         {"slurm_user", c.slurm_user},
         {"min_job_age", c.min_job_age},
         {"suspend_time", c.suspend_time},
         {"resume_timeout", c.resume_timeout},
         {"suspend_timeout", c.suspend_timeout},
         {"cloud_boot_seconds", c.cloud_boot_seconds},
         {"max_array_size", c.max_array_size},
         {"memory_consumable", c.memory_consumable}};
  // Only when on, so that files saved before accounting existed still match their cluster.
  // (The accounting seed and job history are not saved yet: docs/simulator.md, "Accounting".)
  if (c.accounting_enabled) j["accounting_enabled"] = true;
  Json& nodes = j["nodes"] = Json::array();
  for (const auto& n : c.nodes) {
    nodes.push_back(Json{{"name", n.name},
                         {"address", n.address},
                         {"hostname", n.hostname},
                         {"port", n.port ? Json(*n.port) : Json()},
                         {"cpus", n.cpus},
                         {"boards", n.boards},
                         {"sockets", n.sockets},
                         {"cores_per_socket", n.cores_per_socket},
                         {"threads_per_core", n.threads_per_core},
                         {"real_memory", n.real_memory},
                         {"tmp_disk", n.tmp_disk},
                         {"features", n.features},
                         {"gres", n.gres},
                         {"weight", n.weight},
                         {"state", n.state}});
  }
  Json& parts = j["partitions"] = Json::array();
  for (const auto& p : c.partitions) {
    auto opt = [](const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); };
    parts.push_back(Json{{"name", p.name},
                         {"node_names", p.node_names},
                         {"nodes_expr", p.nodes_expr},
                         {"is_default", p.is_default},
                         {"max_time", opt(p.max_time)},
                         {"default_time", opt(p.default_time)},
                         {"max_nodes", opt(p.max_nodes)},
                         {"min_nodes", p.min_nodes},
                         {"state", p.state},
                         {"priority_tier", p.priority_tier},
                         {"priority_job_factor", p.priority_job_factor},
                         {"exclusive", p.exclusive}});
  }
  return j;
}

Json rules_json(const std::vector<scheduler_sim::BehaviorRule>& rules) {
  Json j = Json::array();
  for (const auto& r : rules) {
    Json o = Json::object();
    put(o, "name", r.name);
    put(o, "partition", r.partition);
    put(o, "user", r.user);
    put(o, "run_seconds", r.run_seconds);
    put(o, "exit_code", r.exit_code);
    j.push_back(std::move(o));
  }
  return j;
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Json state_fingerprint(const scheduler_sim::ClusterConfig& config, const ServerOptions& options) {
  Json f{{"slurm.conf", sha256_hex(config_json(config).dump())},
         {"seed", options.seed},
         {"rules", sha256_hex(rules_json(options.rules).dump())},
         {"exec", options.exec == ExecMode::kLocal ? "local" : "simulated"}};
  // Only when changed: states saved with the default stay valid.
  if (options.completing_seconds != ServerOptions{}.completing_seconds)
    f["completing_seconds"] = options.completing_seconds;
  return f;
}

Json submit_record(SimTime t, const JobSpec& spec, const scheduler_sim::Identity& who) {
  Json r = record("submit", t);
  r["user"] = user_to_json(who);
  r["spec"] = job_spec_to_json(spec);
  return r;
}

Json submit_het_record(SimTime t, const std::vector<JobSpec>& components,
                       const scheduler_sim::Identity& who) {
  Json r = record("submit_het", t);
  r["user"] = user_to_json(who);
  Json& specs = r["specs"] = Json::array();
  for (const JobSpec& s : components) specs.push_back(job_spec_to_json(s));
  return r;
}

Json update_record(SimTime t, uint32_t job_id, const scheduler_sim::JobUpdate& update,
                   const scheduler_sim::Identity& who) {
  Json r = record("update", t);
  r["user"] = user_to_json(who);
  r["job"] = job_id;
  r["spec"] = job_spec_to_json(update.fields);
  return r;
}

Json signal_record(SimTime t, uint32_t job_id, int signal, const scheduler_sim::Identity& who) {
  Json r = record("signal", t);
  r["user"] = user_to_json(who);
  r["job"] = job_id;
  r["signal"] = signal;
  return r;
}

Json requeue_record(SimTime t, uint32_t job_id, const scheduler_sim::RequeueOptions& how,
                    const scheduler_sim::Identity& who) {
  Json r = record("requeue", t);
  r["user"] = user_to_json(who);
  r["job"] = job_id;
  r["hold"] = how.hold;
  if (how.special_exit) r["special_exit"] = true;
  if (how.incomplete) r["incomplete"] = true;
  return r;
}

Json reservation_record(SimTime t, const scheduler_sim::ReservationRequest& req,
                        const scheduler_sim::Identity& who) {
  Json r = record("reservation", t);
  r["user"] = user_to_json(who);
  r["name"] = req.name;
  auto put = [&r](const char* key, const auto& v) {
    if (v) r[key] = *v;
  };
  put("node_list", req.node_list);
  put("start_time", req.start_time);
  put("end_time", req.end_time);
  put("duration_minutes", req.duration_minutes);
  put("users", req.users);
  put("accounts", req.accounts);
  put("groups", req.groups);
  put("comment", req.comment);
  put("partition", req.partition);
  put("features", req.features);
  put("node_count", req.node_count);
  put("group_ids", req.group_ids);
  put("purge_completed", req.purge_completed);
  put("flags", req.flags);
  return r;
}

Json reservation_delete_record(SimTime t, const std::string& name,
                               const scheduler_sim::Identity& who) {
  Json r = record("reservation_delete", t);
  r["user"] = user_to_json(who);
  r["name"] = name;
  return r;
}

Json node_create_record(SimTime t, const std::string& node_conf,
                        const scheduler_sim::Identity& who) {
  Json r = record("node_create", t);
  r["user"] = user_to_json(who);
  r["node_conf"] = node_conf;
  return r;
}

Json node_delete_record(SimTime t, const std::string& names, const scheduler_sim::Identity& who) {
  Json r = record("node_delete", t);
  r["user"] = user_to_json(who);
  r["nodes"] = names;
  return r;
}

// Limits as JSON: absent = unchanged, null = INFINITE/UNLIMITED, else the number.
Json partition_record(SimTime t, const scheduler_sim::PartitionUpdate& u, bool create,
                      const scheduler_sim::Identity& who) {
  Json r = record(create ? "partition_create" : "partition_update", t);
  r["user"] = user_to_json(who);
  r["name"] = u.name;
  auto put = [&r](const char* key, const auto& v) {
    if (v) r[key] = *v;
  };
  auto limit = [&r](const char* key, const std::optional<std::optional<int64_t>>& v) {
    if (v) r[key] = *v ? Json(**v) : Json();
  };
  put("nodes", u.nodes);
  limit("max_time", u.max_time);
  limit("default_time", u.default_time);
  limit("max_nodes", u.max_nodes);
  limit("max_cpus_per_node", u.max_cpus_per_node);
  put("min_nodes", u.min_nodes);
  put("grace_time", u.grace_time);
  put("state", u.state);
  put("priority_tier", u.priority_tier);
  put("priority_job_factor", u.priority_job_factor);
  put("allow_accounts", u.allow_accounts);
  put("deny_accounts", u.deny_accounts);
  put("allow_groups", u.allow_groups);
  put("alternate", u.alternate);
  r["qos"] = u.qos;
  r["make_default"] = u.make_default;
  r["root_only"] = u.root_only;
  r["exclusive_user"] = u.exclusive_user;
  r["hidden"] = u.hidden;
  r["lln"] = u.lln;
  put("oversubscribe", u.oversubscribe);
  limit("max_mem_per_node", u.max_mem_per_node);
  limit("def_mem_per_cpu", u.def_mem_per_cpu);
  return r;
}

Json partition_delete_record(SimTime t, const std::string& name,
                             const scheduler_sim::Identity& who) {
  Json r = record("partition_delete", t);
  r["user"] = user_to_json(who);
  r["name"] = name;
  return r;
}

namespace {

scheduler_sim::PartitionUpdate partition_from_json(const Json& r) {
  scheduler_sim::PartitionUpdate u;
  u.name = r.at("name").get<std::string>();
  auto get = [&r](const char* key, auto* out) {
    if (r.contains(key)) *out = r.at(key).get<typename std::decay_t<decltype(*out)>::value_type>();
  };
  auto limit = [&r](const char* key, std::optional<std::optional<int64_t>>* out) {
    if (!r.contains(key)) return;
    const Json& v = r.at(key);
    *out = v.is_null() ? std::optional<int64_t>() : std::optional<int64_t>(v.get<int64_t>());
  };
  get("nodes", &u.nodes);
  limit("max_time", &u.max_time);
  limit("default_time", &u.default_time);
  limit("max_nodes", &u.max_nodes);
  limit("max_cpus_per_node", &u.max_cpus_per_node);
  get("min_nodes", &u.min_nodes);
  get("grace_time", &u.grace_time);
  get("state", &u.state);
  get("priority_tier", &u.priority_tier);
  get("priority_job_factor", &u.priority_job_factor);
  get("allow_accounts", &u.allow_accounts);
  get("deny_accounts", &u.deny_accounts);
  get("allow_groups", &u.allow_groups);
  get("alternate", &u.alternate);
  u.qos = r.value("qos", false);
  u.make_default = r.value("make_default", false);
  u.root_only = r.value("root_only", false);
  u.exclusive_user = r.value("exclusive_user", false);
  u.hidden = r.value("hidden", false);
  u.lln = r.value("lln", false);
  get("oversubscribe", &u.oversubscribe);
  limit("max_mem_per_node", &u.max_mem_per_node);
  limit("def_mem_per_cpu", &u.def_mem_per_cpu);
  return u;
}

scheduler_sim::ReservationRequest reservation_from_json(const Json& r) {
  scheduler_sim::ReservationRequest req;
  req.name = r.at("name").get<std::string>();
  auto get = [&r](const char* key, auto* out) {
    if (r.contains(key)) *out = r.at(key).get<typename std::decay_t<decltype(*out)>::value_type>();
  };
  get("node_list", &req.node_list);
  get("start_time", &req.start_time);
  get("end_time", &req.end_time);
  get("duration_minutes", &req.duration_minutes);
  get("users", &req.users);
  get("accounts", &req.accounts);
  get("groups", &req.groups);
  get("comment", &req.comment);
  get("partition", &req.partition);
  get("features", &req.features);
  get("node_count", &req.node_count);
  get("group_ids", &req.group_ids);
  get("purge_completed", &req.purge_completed);
  get("flags", &req.flags);
  return req;
}

}  // namespace

Json reconfigure_record(SimTime t) { return record("reconfigure", t); }

Json node_state_record(SimTime t, const std::string& node, const std::string& state,
                       const std::string& reason) {
  Json r = record("node", t);
  r["node"] = node;
  r["state"] = state;
  r["reason"] = reason;
  return r;
}

// A node update: its set members under their NodeUpdate names.
Json node_update_record(SimTime t, const std::string& names, const scheduler_sim::NodeUpdate& u,
                        const scheduler_sim::Identity& who) {
  Json r = record("node_update", t);
  r["user"] = user_to_json(who);
  r["nodes"] = names;
  Json& f = r["update"] = Json::object();
  put(f, "state", u.state);
  put(f, "reason", u.reason);
  put(f, "comment", u.comment);
  put(f, "extra", u.extra);
  put(f, "gres", u.gres);
  put(f, "address", u.address);
  put(f, "hostname", u.hostname);
  put(f, "features", u.features);
  put(f, "active_features", u.active_features);
  put(f, "weight", u.weight);
  put(f, "cpu_bind", u.cpu_bind);
  put(f, "topology", u.topology);
  if (u.features_unreadable) f["features_unreadable"] = true;  // older journals lack the key
  put(f, "resume_after", u.resume_after);
  return r;
}

namespace {

scheduler_sim::NodeUpdate node_update_from_json(const Json& f) {
  if (!f.is_object()) throw StateError("node update is not an object");
  scheduler_sim::NodeUpdate u;
  get(f, "state", &u.state);
  get(f, "reason", &u.reason);
  get(f, "comment", &u.comment);
  get(f, "extra", &u.extra);
  get(f, "gres", &u.gres);
  get(f, "address", &u.address);
  get(f, "hostname", &u.hostname);
  get(f, "features", &u.features);
  get(f, "active_features", &u.active_features);
  get(f, "weight", &u.weight);
  get(f, "cpu_bind", &u.cpu_bind);
  get(f, "topology", &u.topology);
  get(f, "features_unreadable", &u.features_unreadable);
  get(f, "resume_after", &u.resume_after);
  return u;
}

}  // namespace

Json finish_record(SimTime t, uint32_t job_id, int wait_status) {
  Json r = record("finish", t);
  r["job"] = job_id;
  r["status"] = wait_status;
  return r;
}

Json fail_launch_record(SimTime t, uint32_t job_id, int slurm_error) {
  Json r = record("launch_failed", t);
  r["job"] = job_id;
  r["error"] = slurm_error;
  return r;
}

Json clock_record(SimTime t, const ClockState& clock) {
  Json r = record("clock", t);
  r["clock"] = clock_to_json(clock);
  return r;
}

Json clock_to_json(const ClockState& c) {
  return Json{{"mode", clock_mode_name(c.mode)},
              {"scale", c.scale},
              {"sim", c.sim_anchor},
              {"wall_ns", c.wall_anchor_ns}};
}

ClockState clock_from_json(const Json& j) {
  try {
    ClockState c;
    std::string mode = as<std::string>(j.at("mode"));
    if (mode == "real") c.mode = ClockMode::kReal;
    else if (mode == "scaled") c.mode = ClockMode::kScaled;
    else if (mode == "manual") c.mode = ClockMode::kManual;
    else throw StateError("unknown clock mode " + mode);
    c.scale = as<double>(j.at("scale"));
    // Beyond 1e9 the pacer's time arithmetic would overflow within a second or so.
    if (!(c.scale > 0 && c.scale <= 1e9)) throw StateError("bad clock scale");
    c.sim_anchor = checked_time(j.at("sim"), "clock time");
    c.wall_anchor_ns = as<int64_t>(j.at("wall_ns"));
    if (c.wall_anchor_ns < 0 || c.wall_anchor_ns > kMaxWallNs)
      throw StateError("clock anchor out of range");
    return c;
  } catch (const Json::exception& e) {
    throw StateError(std::string("bad clock: ") + e.what());
  }
}

void apply_record(scheduler_sim::Simulator& sim, const Json& r, ClockState* clock) {
  try {
    if (!r.is_object()) throw StateError("not an object");
    const std::string op = as<std::string>(r.at("op"));
    const SimTime t = checked_time(r.at("t"), "record time");
    // Simulated time never goes back, so neither do the records' times.
    if (t < sim.now())
      throw StateError("record at " + std::to_string(t) + " is older than " +
                       std::to_string(sim.now()));
    sim.run_until(t);
    // The outcome (accepted or refused) is the one the server got: the simulator is
    // deterministic, and refusals are replayed too since some of them use up a job id.
    scheduler_sim::SubmitResult ignored;
    if (op == "submit") {
      sim.submit(job_spec_from_json(r.at("spec")), user_from_json(r.at("user")), &ignored);
    } else if (op == "submit_het") {
      std::vector<JobSpec> specs;
      for (const Json& s : r.at("specs")) specs.push_back(job_spec_from_json(s));
      sim.submit_het(specs, user_from_json(r.at("user")), &ignored);
    } else if (op == "update") {
      scheduler_sim::JobUpdate u;
      u.fields = job_spec_from_json(r.at("spec"));
      sim.update(as<uint32_t>(r.at("job")), u, user_from_json(r.at("user")));
    } else if (op == "signal" && r.contains("task")) {  // one task of an array ("N_T")
      sim.signal_array_task(as<uint32_t>(r.at("job")), as<uint32_t>(r.at("task")),
                            as<int>(r.at("signal")), user_from_json(r.at("user")));
    } else if (op == "reservation") {
      sim.set_reservation(reservation_from_json(r), user_from_json(r.at("user")));
    } else if (op == "node_create") {
      sim.create_nodes(r.at("node_conf").get<std::string>(), user_from_json(r.at("user")));
    } else if (op == "node_delete") {
      sim.delete_node(r.at("nodes").get<std::string>(), user_from_json(r.at("user")));
    } else if (op == "partition_create") {
      sim.create_partition(partition_from_json(r), user_from_json(r.at("user")));
    } else if (op == "partition_update") {
      sim.update_partition(partition_from_json(r), user_from_json(r.at("user")));
    } else if (op == "partition_delete") {
      sim.delete_partition(r.at("name").get<std::string>(), user_from_json(r.at("user")));
    } else if (op == "reservation_delete") {
      sim.delete_reservation(r.at("name").get<std::string>(), user_from_json(r.at("user")));
    } else if (op == "requeue") {
      scheduler_sim::RequeueOptions how;
      how.hold = r.at("hold").get<bool>();
      how.special_exit = r.value("special_exit", false);
      how.incomplete = r.value("incomplete", false);
      sim.requeue(as<uint32_t>(r.at("job")), how, user_from_json(r.at("user")));
    } else if (op == "signal" && r.value("batch_step", false)) {  // flag BATCH_JOB
      sim.signal_batch_step(as<uint32_t>(r.at("job")), as<int>(r.at("signal")),
                            user_from_json(r.at("user")));
    } else if (op == "signal") {
      sim.signal(as<uint32_t>(r.at("job")), as<int>(r.at("signal")), user_from_json(r.at("user")));
    } else if (op == "node") {
      sim.set_node_state(as<std::string>(r.at("node")), as<std::string>(r.at("state")),
                         as<std::string>(r.at("reason")));
    } else if (op == "node_update") {
      sim.update_node(as<std::string>(r.at("nodes")), node_update_from_json(r.at("update")),
                      user_from_json(r.at("user")));
    } else if (op == "reconfigure") {
      sim.reconfigure();
    } else if (op == "finish") {
      sim.finish_job(as<uint32_t>(r.at("job")), as<int>(r.at("status")));
    } else if (op == "launch_failed") {
      sim.fail_launch(as<uint32_t>(r.at("job")), as<int>(r.at("error")));
    } else if (op == "clock") {
      *clock = clock_from_json(r.at("clock"));
    } else {
      throw StateError("unknown operation '" + op + "'");
    }
  } catch (const Json::exception& e) {
    throw StateError(e.what());
  }
}

// --- StateJournal ---

StateJournal::StateJournal(const std::string& dir) : dir_(dir) {
  if (dir_.empty()) throw StateError("StateSaveLocation is empty");
  struct stat st;
  // A slurm.conf copied from a real cluster names slurmctld's directory, which rarely exists
  // on a developer's machine: say how to go on.
  if (::stat(dir_.c_str(), &st) != 0)
    throw StateError(sys_error("StateSaveLocation " + dir_) +
                     " (create it, or start with --no-state-save to keep no state)");
  if (!S_ISDIR(st.st_mode)) throw StateError("StateSaveLocation " + dir_ + " is not a directory");
  path_ = dir_ + "/" + kStateFile;
  std::string lock = dir_ + "/" + kLockFile;
  // O_CLOEXEC everywhere: a --exec local script must not inherit the lock (it would outlive a
  // killed server and keep the restarted one out).
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw StateError(sys_error("cannot open " + lock));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (e == EWOULDBLOCK)
      throw StateError("StateSaveLocation " + dir_ + " is in use by another mock-slurmrestd (" +
                       lock + " is locked)");
    errno = e;
    throw StateError(sys_error("cannot lock " + lock));
  }
}

StateJournal::~StateJournal() {
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

StateJournal::Saved StateJournal::load() {
  Saved saved;
  ::unlink((path_ + ".tmp").c_str());  // a rewrite that was interrupted before its rename
  int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return saved;  // nothing saved yet: the caller writes a header
    throw StateError(sys_error("cannot open " + path_));
  }
  std::string data;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string msg = sys_error("cannot read " + path_);
      ::close(fd);
      throw StateError(msg);
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  size_t pos = 0;
  int line = 0;
  auto fail = [&](const std::string& why) {
    ::close(fd);
    throw StateError(path_ + ":" + std::to_string(line) + ": " + why +
                     " (remove the file to start with an empty cluster)");
  };
  while (pos < data.size()) {
    ++line;
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) {
      // The last write(2) did not complete: its request was never answered, so it is dropped.
      if (line == 1) fail("no complete header: not a mock-slurmrestd state file");
      saved.torn_bytes = data.size() - pos;
      break;
    }
    Json j = Json::parse(data.begin() + static_cast<std::ptrdiff_t>(pos),
                         data.begin() + static_cast<std::ptrdiff_t>(nl), nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail("corrupt record");
    if (line == 1) {
      const Json* format = j.contains("format") ? &j["format"] : nullptr;
      if (!format || *format != kFormat) fail("not a mock-slurmrestd state file");
      const Json* version = j.contains("version") ? &j["version"] : nullptr;
      if (!version || *version != kVersion)
        fail("state format version " + (version ? version->dump() : "none") +
             " (this build reads " + std::to_string(kVersion) + ")");
      saved.header = std::move(j);
    } else {
      if (!j.contains("op")) fail("corrupt record");
      saved.records.push_back(std::move(j));
    }
    pos = nl + 1;
  }
  if (line == 0) fail("empty file: not a mock-slurmrestd state file");
  if (saved.torn_bytes && ::ftruncate(fd, static_cast<off_t>(pos)) != 0)
    fail(sys_error("cannot cut the torn last record"));
  ::close(fd);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw StateError(sys_error("cannot open " + path_ + " for writing"));
  size_ = pos;
  return saved;
}

bool StateJournal::rewrite(const Json& header, std::string* error) {
  const std::string tmp = path_ + ".tmp";
  const std::string text = header.dump() + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = sys_error("cannot create " + tmp);
    return false;
  }
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  if (!ok) *error = sys_error("cannot write " + tmp);
  ::close(fd);
  if (ok && ::rename(tmp.c_str(), path_.c_str()) != 0) {
    *error = sys_error("cannot rename " + tmp);
    ok = false;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  // The rename is durable once the directory is.
  if (int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) {
    *error = sys_error("cannot open " + path_);
    broken_ = true;
    return false;
  }
  size_ = text.size();
  broken_ = false;
  return true;
}

bool StateJournal::append(const Json& rec, std::string* error) {
  if (broken_ || fd_ < 0) {
    *error = path_ + " could not be repaired after a failed write";
    return false;
  }
  std::string line;
  try {
    line = rec.dump();  // strict: a string that is not UTF-8 cannot be saved (and is refused)
  } catch (const Json::exception& e) {
    *error = std::string("cannot encode the change: ") + e.what();
    return false;
  }
  line += '\n';
  if (!write_all(fd_, line)) {
    *error = sys_error("cannot write " + path_);
    // A partial record would hide every later one: cut it off.
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) broken_ = true;
    return false;
  }
  size_ += line.size();
  return true;
}

void StateJournal::sync() {
  if (fd_ >= 0) ::fsync(fd_);
}

}  // namespace mock_slurmrestd
