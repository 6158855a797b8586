// The accounting database from Python: the job history (what /slurmdb/.../jobs lists), the
// accounts, users and associations, and an administrator's changes to seed a test's database.
//
// Reads copy the records out under the lock (read_sim); changes go through
// Server::change_accounting, the locked path the slurmdb routes' writes take.
#include "scheduler_sim/accounting.h"

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bind_common.h"

namespace {

const char* const kNoAccounting =
    "no accounting: slurm.conf does not set AccountingStorageType=accounting_storage/slurmdbd";

// Runs `fn` on the database of a standalone Simulator or of a Server (locked).
ss::Status change_db(ss::Simulator& self, const std::function<ss::Status(ss::Accounting&)>& fn) {
  ss::Accounting* db = self.accounting_for_update();
  return db ? fn(*db) : ss::Status(ss::Errno::kError, kNoAccounting);
}
ss::Status change_db(ms::Server& self, const std::function<ss::Status(ss::Accounting&)>& fn) {
  py::gil_scoped_release release;
  return self.change_accounting(fn);
}

// Copies what `pick` reads from the database; SlurmError when there is none.
template <typename Self, typename T>
std::vector<T> read_db(Self& self,
                       const std::function<std::vector<T>(const ss::Accounting&)>& pick) {
  std::vector<T> out;
  bool found = false;
  read_sim(self, [&](const ss::Simulator& sim) {
    if (const ss::Accounting* db = sim.accounting()) {
      found = true;
      out = pick(*db);
    }
  });
  if (!found) check(ss::Status(ss::Errno::kError, kNoAccounting));
  return out;
}

std::optional<ss::JobState> state_of(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  for (int i = 0; i <= static_cast<int>(ss::JobState::kOutOfMemory); ++i) {
    const auto s = static_cast<ss::JobState>(i);
    if (*name == ss::job_state_name(s)) return s;
  }
  throw py::value_error("unknown job state '" + *name + "'");
}

template <typename Self, typename PyClass>
void bind_ops(PyClass& cls) {
  cls.def(
      "job_history",
      [](Self& self, const std::optional<std::string>& account,
         const std::optional<std::string>& user, const std::optional<std::string>& partition,
         const std::optional<std::string>& job_name, const std::optional<std::string>& state,
         std::optional<ss::SimTime> start, std::optional<ss::SimTime> end) {
        ss::JobHistoryFilter f;
        if (account) f.accounts = {*account};
        if (user) f.users = {*user};
        if (partition) f.partitions = {*partition};
        if (job_name) f.job_names = {*job_name};
        if (auto s = state_of(state)) f.states = {*s};
        f.start = start;
        f.end = end;
        return read_db<Self, ss::JobRecord>(self, [&](const ss::Accounting& db) {
          std::vector<ss::JobRecord> out;
          for (const ss::JobRecord* r : db.jobs(f)) out.push_back(*r);
          return out;
        });
      },
      py::kw_only(), py::arg("account") = py::none(), py::arg("user") = py::none(),
      py::arg("partition") = py::none(), py::arg("job_name") = py::none(),
      py::arg("state") = py::none(), py::arg("start") = py::none(), py::arg("end") = py::none(),
      "The accounting database's jobs (kept after MinJobAge), by job id; each argument "
      "narrows the list. start/end: a window in simulated time (jobs not ended before start, "
      "eligible before end). Raises SlurmError without accounting.");
  cls.def(
      "accounts",
      [](Self& self) {
        return read_db<Self, ss::AccountRecord>(
            self, [](const ss::Accounting& db) { return db.accounts(); });
      },
      "The database's accounts. Raises SlurmError without accounting.");
  cls.def(
      "accounting_users",
      [](Self& self) {
        return read_db<Self, ss::UserRecord>(self,
                                             [](const ss::Accounting& db) { return db.users(); });
      },
      "The database's users. Raises SlurmError without accounting.");
  cls.def(
      "associations",
      [](Self& self) {
        return read_db<Self, ss::Association>(
            self, [](const ss::Accounting& db) { return db.associations(); });
      },
      "The database's associations (cluster, account, user). Raises SlurmError without "
      "accounting.");
  cls.def(
      "add_account",
      [](Self& self, const std::string& name, const std::string& description,
         const std::string& organization) {
        check(change_db(self, [&](ss::Accounting& db) {
          db.add_account({name, description.empty() ? name : description,
                          organization.empty() ? name : organization});
          return ss::Status();
        }));
      },
      py::arg("name"), py::arg("description") = "", py::arg("organization") = "",
      "Adds an account, as `sacctmgr add account` does (description and organization default "
      "to the name). Adding one that exists changes nothing.");
  cls.def(
      "add_user",
      [](Self& self, const std::string& name, const std::string& account) {
        check(change_db(self, [&](ss::Accounting& db) {
          if (!db.find_account(account))
            return ss::Status(ss::Errno::kError, "no account '" + account + "'");
          db.add_user(name);
          db.add_association(account, name, "");
          return ss::Status();
        }));
      },
      py::arg("name"), py::arg("account"),
      "Adds a user with an association in `account` (its default account), as `sacctmgr add "
      "user NAME account=ACCOUNT` does. Raises SlurmError for an unknown account.");
  cls.def(
      "add_qos",
      [](Self& self, const std::string& name, const std::string& description) {
        check(change_db(self, [&](ss::Accounting& db) {
          db.add_qos(name, description.empty() ? name : description);
          return ss::Status();
        }));
      },
      py::arg("name"), py::arg("description") = "", "Adds a QOS, as `sacctmgr add qos` does.");
}

}  // namespace

void bind_accounting(py::module_& m, py::class_<ss::Simulator>& sim,
                     py::class_<ms::Server>& server) {
  py::class_<ss::JobRecord>(m, "JobRecord", "One job as the accounting database keeps it (a copy).")
      .def_readonly("job_id", &ss::JobRecord::job_id)
      .def_readonly("array_job_id", &ss::JobRecord::array_job_id)
      .def_readonly("array_task_id", &ss::JobRecord::array_task_id)
      .def_readonly("het_job_id", &ss::JobRecord::het_job_id)
      .def_readonly("cluster", &ss::JobRecord::cluster)
      .def_readonly("name", &ss::JobRecord::name)
      .def_readonly("partition", &ss::JobRecord::partition)
      .def_readonly("account", &ss::JobRecord::account)
      .def_readonly("qos", &ss::JobRecord::qos)
      .def_readonly("wckey", &ss::JobRecord::wckey)
      .def_readonly("nodes", &ss::JobRecord::nodes)
      .def_property_readonly("user_name", [](const ss::JobRecord& r) { return r.user.name; })
      .def_readonly("submit_time", &ss::JobRecord::submit_time)
      .def_readonly("eligible_time", &ss::JobRecord::eligible_time)
      .def_readonly("start_time", &ss::JobRecord::start_time, "0 until the job has run.")
      .def_readonly("end_time", &ss::JobRecord::end_time, "0 until the job has ended.")
      .def_property_readonly("state",
                             [](const ss::JobRecord& r) { return ss::job_state_name(r.state); })
      .def_readonly("state_reason", &ss::JobRecord::state_reason)
      .def_readonly("exit_status", &ss::JobRecord::exit_status,
                    "Raw wait(2) status: code << 8 | signal.")
      .def_property_readonly("exit_code", [](const ss::JobRecord& r) { return r.exit_status >> 8; })
      .def_readonly("node_count", &ss::JobRecord::node_count)
      .def_readonly("cpus", &ss::JobRecord::cpus, "Allocated CPUs (0 if it never ran).")
      .def_readonly("memory", &ss::JobRecord::memory, "MiB allocated over all nodes.")
      .def_readonly("time_limit", &ss::JobRecord::time_limit, "Minutes; None = INFINITE.")
      .def_readonly("restart_count", &ss::JobRecord::restart_count)
      .def("__repr__", [](const ss::JobRecord& r) {
        return "<JobRecord " + std::to_string(r.job_id) + " " + ss::job_state_name(r.state) + ">";
      });
  py::class_<ss::AccountRecord>(m, "Account", "An account of the accounting database.")
      .def_readonly("name", &ss::AccountRecord::name)
      .def_readonly("description", &ss::AccountRecord::description)
      .def_readonly("organization", &ss::AccountRecord::organization);
  py::class_<ss::UserRecord>(m, "AccountingUser", "A user of the accounting database.")
      .def_readonly("name", &ss::UserRecord::name)
      .def_readonly("default_account", &ss::UserRecord::default_account)
      .def_readonly("admin_level", &ss::UserRecord::admin_level);
  py::class_<ss::Association>(m, "Association", "An association: cluster, account, user.")
      .def_readonly("id", &ss::Association::id)
      .def_readonly("cluster", &ss::Association::cluster)
      .def_readonly("account", &ss::Association::account)
      .def_readonly("user", &ss::Association::user, "'' for an account's own association.")
      .def_readonly("partition", &ss::Association::partition)
      .def_readonly("parent_account", &ss::Association::parent_account);
  bind_ops<ss::Simulator>(sim);
  bind_ops<ms::Server>(server);
}
