// GET /conf: the running configuration as slurmctld reports it, built from the cluster's
// slurm.conf over a table of slurmctld's values for the keys it does not set (the version's
// Shape::conf_table, measured: tests/data/oracle/26.05/asked/conf/). A key the file sets takes
// its value in the type the table's default has; what the launcher of the measured daemon set
// and the mock has no file or port for is docs/differences.md N15.
#include "v0_0_40/conf_route.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>

#include "v0_0_40/answer.h"
#include "v0_0_40/number.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// slurm.conf's text for a key, in the JSON type slurmctld reports the key in (the default's).
Json converted(const Json& def, const std::string& text, bool upper_case) {
  if (def.is_string()) return text;
  if (def.is_boolean()) {
    const std::string v = lower(text);
    return v == "yes" || v == "true" || v == "1";
  }
  if (def.is_number_integer()) {
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    return (end && *end == '\0' && !text.empty()) ? Json(n) : def;
  }
  if (def.is_array()) {
    Json list = Json::array();
    size_t start = 0;
    while (start <= text.size()) {
      const size_t comma = std::min(text.find(',', start), text.size());
      const std::string item = text.substr(start, comma - start);
      if (!item.empty()) list.push_back(upper_case ? upper(item) : item);
      start = comma + 1;
    }
    return list;
  }
  if (def.is_object() && def.contains("number") && def.contains("infinite")) {
    const std::string v = lower(text);
    if (v == "infinite" || v == "unlimited") return infinite_number();
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    return (end && *end == '\0' && !text.empty()) ? number(n) : def;
  }
  return def;  // structured values (controllers, SrunPortRange) are not read from the file
}

Json running_configuration(App& app, const Json& table, const scheduler_sim::Simulator& sim) {
  const scheduler_sim::ClusterConfig& config = app.config();
  auto names = [&table](const char* list) {
    std::set<std::string> out;
    for (const auto& k : table[list]) out.insert(lower(k.get<std::string>()));
    return out;
  };
  const std::set<std::string> upper_lists = names("upper_lists"),
                              none_is_empty = names("none_is_empty");
  Json conf = table["defaults"];
  // The file's keys, the last one written winning, matched without regard to case.
  for (auto it = conf.begin(); it != conf.end(); ++it) {
    const std::string key = lower(it.key());
    const Json& def = table["defaults"][it.key()];
    for (const auto& [k, v] : config.settings) {
      if (k != key) continue;
      // A "none" plugin is reported as no plugin: "" or [].
      const std::string value = lower(v);
      const bool none = value == "none" || (value.size() > 5 && value.ends_with("/none"));
      if (none && none_is_empty.count(key)) *it = def.is_array() ? Json::array() : Json("");
      else if (table["named_values"].contains(it.key()) &&
               table["named_values"][it.key()].contains(v))
        *it = table["named_values"][it.key()][v];
      else *it = converted(def, v, upper_lists.count(key) > 0);
    }
  }
  // What the simulator itself keeps of the file, as it keeps it.
  conf["ClusterName"] = config.cluster_name;
  conf["MinJobAge"] = config.min_job_age;
  conf["MaxArraySize"] = config.max_array_size;
  conf["MaxNodeCount"] = static_cast<int64_t>(sim.nodes().size());
  conf["SlurmUser"] = config.slurm_user;
  conf["SlurmUserId"] = app.identity(config.slurm_user).uid;
  conf["SlurmctldPort"] = config.slurmctld_port;
  if (config.jwt_key_path) conf["AuthAltParameters"] = "jwt_key=" + *config.jwt_key_path;
  if (config.state_save_location) conf["StateSaveLocation"] = *config.state_save_location;
  // The controller is this host.
  conf["controllers"] = Json::array({{{"address", "127.0.0.1"}, {"machine", app.hostname()}}});
  return conf;
}

// A stable digest of the configuration (slurmctld reports one of its file as HashValue).
int64_t digest(const scheduler_sim::ClusterConfig& config) {
  uint32_t h = 2166136261u;
  for (const auto& [k, v] : config.settings)
    for (char c : k + "=" + v + "\n") h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

}  // namespace

void register_conf_route(App& app, const LoadedVersion& self, const Shape& shape) {
  if (!shape.conf_table) return;
  const Json table = Json::parse(shape.conf_table);
  app.router().add(
      "GET", self.prefix() + "/conf",
      [&app, &self, table](Request& req) {
        Answer a;
        if (auto f = failed_call(app, req)) {
          a.error("Unable to query slurmctld configuration", f->error_number,
                  "slurm_load_ctl_conf");
          return respond(app, self, req, a, f->status);
        }
        auto locked = app.lock();
        const scheduler_sim::Simulator& sim = locked.sim();
        a.payload["slurm_conf"] = running_configuration(app, table, sim);
        Json meta;
        meta["LastUpdate"] = app.started_at();
        meta["BOOT_TIME"] = app.started_at();
        meta["ClusterId"] = number(0);
        meta["HashValue"] = digest(app.config());
        meta["NEXT_JOB_ID"] = number(sim.next_job_id());
        meta["SLURM_CONF"] = app.config().source_path;
        meta["SLURM_VERSION"] = app.release().release;
        a.payload["slurm_conf_meta"] = std::move(meta);
        return respond(app, self, req, a, 200);
      },
      ParamKind::kAny, tag(EndpointKind::kOther), &self);
}

}  // namespace mock_slurmrestd::v0_0_40
