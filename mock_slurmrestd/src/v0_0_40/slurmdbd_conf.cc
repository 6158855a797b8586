// slurmdbd's configuration (slurmdbd_conf) from slurm.conf's view of slurmdbd: the keys in the
// daemon's order and types, slurmdbd's own defaults where slurm.conf says nothing of them.
#include "v0_0_40/slurmdbd_conf.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace mock_slurmrestd::v0_0_40 {

namespace {

const std::string* setting(const scheduler_sim::ClusterConfig& config, const char* key) {
  const std::string* found = nullptr;
  for (const auto& [k, v] : config.settings)
    if (k == key) found = &v;  // the last one written wins
  return found;
}

// A Purge*After that is not set (the recorded daemon's: none set).
Json purge_unset() {
  return Json{{"set", false}, {"hours", 0}, {"days", 0}, {"months", 0}, {"archive", false}};
}

}  // namespace

Json slurmdbd_conf(const scheduler_sim::ClusterConfig& config) {
  // Where slurmctld reaches slurmdbd is where slurmdbd listens: AccountingStorageHost and
  // AccountingStoragePort (slurmdbd's default port 6819 when unset).
  const std::string* host = setting(config, "accountingstoragehost");
  const std::string* port_text = setting(config, "accountingstorageport");
  int64_t port = 6819;
  if (port_text) {
    char* end = nullptr;
    const long long n = std::strtoll(port_text->c_str(), &end, 10);
    if (end && *end == '\0' && n > 0 && n < 65536) port = n;
  }
  const std::string* track_wckey = setting(config, "trackwckey");
  bool wckeys = false;
  if (track_wckey) {
    std::string v = *track_wckey;
    for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    wckeys = v == "yes" || v == "1" || v == "true";
  }
  Json c = Json::object();
  c["ArchiveDir"] = "/tmp";
  c["ArchiveScript"] = "";
  c["CommitDelay"] = 0;
  c["DbdAddr"] = host ? *host : "localhost";
  c["DbdBackupHost"] = "";
  c["DbdHost"] = "localhost";
  c["DbdPort"] = port;
  c["DebugLevel"] = "info";
  c["DefaultQOS"] = "";
  c["Flags"] = Json::array();
  // The mock keeps no slurmdbd log or pid file.
  c["LogFile"] = "";
  c["MaxPurgeLimit"] = 50000;
  c["MaxQueryTimeRange"] = "UNLIMITED";
  c["Parameters"] = Json::array();
  c["PersistConnFlags"] = Json::array();
  c["PidFile"] = "";
  for (const char* purge :
       {"PurgeEventAfter", "PurgeJobAfter", "PurgeResvAfter", "PurgeStepAfter", "PurgeSuspendAfter",
        "PurgeTXNAfter", "PurgeUsageAfter", "PurgeJobScriptAfter", "PurgeJobEnvAfter"})
    c[purge] = purge_unset();
  // slurmdbd reports neither the database's name nor its user (recorded: both "").
  c["StorageLoc"] = "";
  c["StoragePassScript"] = "";
  c["StorageUser"] = "";
  c["DebugLevelSyslog"] = "";
  c["TrackWCKey"] = wckeys;
  c["TrackSlurmctldDown"] = false;
  return c;
}

}  // namespace mock_slurmrestd::v0_0_40
