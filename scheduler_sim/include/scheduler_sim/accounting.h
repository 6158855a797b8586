// Accounting as slurmdbd keeps it: associations seeded from a `sacctmgr dump` file, and a job
// history fed by the controller's job transitions that outlives MinJobAge.
//
// On when slurm.conf says AccountingStorageType=accounting_storage/slurmdbd
// (ClusterConfig::accounting_enabled); Simulator::accounting() is nullptr otherwise.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

struct AccountRecord {
  std::string name, description, organization;
  bool operator==(const AccountRecord&) const = default;
};

struct UserRecord {
  std::string name, default_account, default_wckey;
  std::string admin_level = "None";  // "None", "Operator", "Administrator"
  bool operator==(const UserRecord&) const = default;
};

struct QosRecord {
  uint32_t id = 0;
  std::string name, description;
  int64_t priority = 0;
  bool operator==(const QosRecord&) const = default;
};

// An association: the cluster's root (account "root", no user), an account under its parent,
// or a user in an account. Ids are issued in creation order from 1, as slurmdbd does.
struct Association {
  uint32_t id = 0;
  std::string cluster, account, user, partition;
  std::string parent_account;  // "" for the cluster's root association
  int64_t fairshare = 1;
  std::vector<std::string> qos;  // QOS names the association may use
  std::string default_qos;
  bool operator==(const Association&) const = default;
};

struct WckeyRecord {
  uint32_t id = 0;
  std::string name, user, cluster;
  bool operator==(const WckeyRecord&) const = default;
};

// What slurmdbd holds before any job: one cluster's accounts, users, associations, QOS, wckeys.
struct AccountingSeed {
  std::string cluster;
  std::vector<AccountRecord> accounts;
  std::vector<UserRecord> users;
  std::vector<Association> associations;
  std::vector<QosRecord> qos;
  std::vector<WckeyRecord> wckeys;
  bool operator==(const AccountingSeed&) const = default;
};

// What `sacctmgr add cluster NAME` leaves in a fresh database: QOS "normal" (id 1), account
// "root", user "root" (Administrator) in it, and their associations.
AccountingSeed default_accounting_seed(const std::string& cluster);

// Parses `sacctmgr dump CLUSTER` output (docs/simulator.md, "Accounting"): lines
//   Cluster - 'NAME':Fairshare=1:QOS='normal'
//   Parent - 'root'
//   User - 'root':DefaultAccount='root':AdminLevel='Administrator':Fairshare=1
//   Account - 'NAME':Description='...':Organization='...':Fairshare=1
// plus two lines sacctmgr dump does not write, for what it keeps elsewhere:
//   QOS - 'NAME':Description='...':Priority=N
//   WCKey - 'NAME':User='USER'
// "Parent - 'A'" makes the following Account and User lines children of A. `#` starts a
// comment. QOS "normal" exists even when no QOS line names it. Throws ConfigError
// ("NAME:LINE: reason") on a line it cannot read.
AccountingSeed parse_accounting_dump(std::string_view text, const std::string& name);

// One job as the accounting database keeps it (the last state the controller reported).
struct JobRecord {
  uint32_t job_id = 0;
  uint32_t array_job_id = 0;
  std::optional<uint32_t> array_task_id;
  uint32_t het_job_id = 0, het_job_offset = 0;
  std::string cluster, name, partition, account, qos, wckey, nodes, constraints;
  Identity user;
  SimTime submit_time = 0, eligible_time = 0, start_time = 0, end_time = 0;
  JobState state = JobState::kPending;
  std::string state_reason;
  int exit_status = 0;  // raw wait(2) status: exit code << 8 | signal
  int derived_exit_code = 0;
  int node_count = 0;
  int cpus = 0;                       // allocated (0 while pending)
  int64_t memory = 0;                 // MiB allocated over all nodes
  int requested_cpus = 0;             // as submitted (tasks x cpus_per_task)
  int requested_nodes = 0;            // as submitted
  std::optional<int64_t> time_limit;  // minutes; unset = INFINITE
  int restart_count = 0;
  uint32_t priority = 0;  // the last the controller reported
  std::string working_directory;
  bool operator==(const JobRecord&) const = default;
};

// Which jobs a history query wants; an empty list matches everything.
struct JobHistoryFilter {
  std::vector<std::string> accounts, partitions, job_names, users, clusters, qos, wckeys;
  std::vector<std::string> constraints;  // the job's constraint string as submitted
  std::vector<std::string> nodes;        // jobs that ran on any of these nodes
  std::vector<uint32_t> job_ids;         // the jobs with these ids
  std::vector<uint32_t> associations;    // association ids (the job's account and user)
  std::vector<JobState> states;
  // CPU and node counts (allocated, or requested while the job never ran); 0 = no bound.
  int cpus_min = 0, cpus_max = 0, nodes_min = 0, nodes_max = 0;
  // A window: jobs eligible before `end` and not ended before `start` (still running counts).
  std::optional<SimTime> start, end;
};

class Accounting {
 public:
  explicit Accounting(AccountingSeed seed);

  const std::string& cluster() const { return seed_.cluster; }
  const std::vector<AccountRecord>& accounts() const { return seed_.accounts; }
  const std::vector<UserRecord>& users() const { return seed_.users; }
  const std::vector<Association>& associations() const { return seed_.associations; }
  const std::vector<QosRecord>& qos() const { return seed_.qos; }
  const std::vector<WckeyRecord>& wckeys() const { return seed_.wckeys; }
  const AccountRecord* find_account(std::string_view name) const;
  const UserRecord* find_user(std::string_view name) const;
  const QosRecord* find_qos(std::string_view name) const;

  // Changes an administrator makes (sacctmgr add/remove, or the REST API's POST/DELETE).
  // Each returns whether anything changed; adding what exists changes nothing.
  // An account alone (no association: `sacctmgr add account` names none without a cluster).
  bool add_account(const AccountRecord& account);
  // A user alone; `default_account` is only kept with an association in it (none here).
  bool add_user(const std::string& name);
  // A user's administrator level ("None", "Operator", "Administrator"); false when the user
  // does not exist or has that level already.
  bool set_admin_level(std::string_view user, const std::string& level);
  // An account's association in the cluster under `parent` (both accounts must exist, the
  // association must not).
  bool add_account_association(const std::string& account, const std::string& parent);
  // A user's association in an account of the cluster (the account and user must exist).
  bool add_association(const std::string& account, const std::string& user,
                       const std::string& partition);
  // A wckey of a user; with `first_is_default` the user's first becomes their default (22.05
  // REST, sacctmgr), else the user keeps none (24.11 and 26.05 REST). Its id, or 0 when it
  // existed.
  uint32_t add_wckey(const std::string& name, const std::string& user,
                     bool first_is_default = true);
  bool add_qos(const std::string& name, const std::string& description);
  // Removes the account with its associations.
  bool remove_account(std::string_view name);
  // Removes the user with their associations and wckeys.
  bool remove_user(std::string_view name);
  // Removes the user associations matching (empty = any); the removed ones, in list order.
  std::vector<Association> remove_associations(const std::string& account, const std::string& user,
                                               const std::string& partition);
  // The removed wckey (by name or id), if any.
  std::optional<WckeyRecord> remove_wckey(std::string_view name_or_id);
  bool remove_qos(std::string_view name);

  // Records the job as the controller has it now (inserts or replaces its record).
  void record(const Job& job);
  const JobRecord* find_job(uint32_t job_id) const;
  // The id of the association a job ran under (its cluster, account and user; 0 if none).
  uint32_t association_id(const JobRecord& r) const;
  // Matching records by job id.
  std::vector<const JobRecord*> jobs(const JobHistoryFilter& filter = {}) const;
  size_t job_count() const { return jobs_.size(); }

 private:
  // A job without an account is charged to its user's default account (none for a user the
  // database does not know); without a QOS, to its association's default ("normal").
  std::string account_of(const Job& job) const;
  std::string qos_of(const std::string& account, const std::string& user,
                     const std::optional<std::string>& asked) const;

  AccountingSeed seed_;
  std::map<uint32_t, JobRecord> jobs_;
  uint32_t next_association_id_ = 0, next_wckey_id_ = 0;  // 0: one past the seed's highest
};

}  // namespace scheduler_sim
