// mock_slurmrestd._core: pybind11 wrappers over the simulator and the HTTP server.
//
// Wrappers only, over the public headers: every operation is one call into the C++ API. A
// Server is changed only through its own calls (Server::submit, update, ...), the locked path
// the HTTP handlers take, so a StateSaveLocation saves what Python does too; it is read
// through Server::with_simulator (read-only). Calls that can wait (the simulator's mutex, the
// listener thread) release the GIL, so a Python HTTP client running in another thread of the
// same process keeps working; results are copied out under the lock and converted to Python
// objects after it is released.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "bind_common.h"
#include "mock_slurmrestd/identity.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/errors.h"
#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

// The simulator's node base state in lower case, named by no API version (each version prints
// node states its own way: a partly used node is "allocated" in one and "mixed" in another).
const char* node_base_name(ss::NodeBase base) {
  switch (base) {
    case ss::NodeBase::kIdle: return "idle";
    case ss::NodeBase::kMixed: return "mixed";
    case ss::NodeBase::kAllocated: return "allocated";
    case ss::NodeBase::kDown: return "down";
    case ss::NodeBase::kFuture: return "future";
    case ss::NodeBase::kError: return "error";
    case ss::NodeBase::kUnknown: return "unknown";
  }
  return "unknown";
}

// Python-side views of nodes and partitions (plain copies, safe to keep after the lock).
struct NodeView {
  ss::Node node;
};
struct PartitionView {
  ss::Partition partition;
};

// Makes a change through `fn(self)`: Server and Simulator have the same state-changing calls
// (submit, update, signal, set_node_state...); the Server's take its lock and journal, so the
// GIL is released around them.
template <typename Self, typename Fn>
ss::Status change(Self& self, Fn&& fn) {
  if constexpr (std::is_same_v<Self, ms::Server>) {
    py::gil_scoped_release release;
    return fn(self);
  } else {
    return fn(self);
  }
}

// The ids `user` acts with: a Server maps names as its HTTP requests do (docs/security.md).
ss::Identity identity_of(ss::Simulator&, const std::string& user) {
  return ms::resolve_identity(user);
}
ss::Identity identity_of(ms::Server& self, const std::string& user) { return self.identity(user); }

// The operations both classes share: jobs, nodes, partitions, faults, the event log.
template <typename Self, typename PyClass>
void bind_simulator_ops(PyClass& cls) {
  cls.def(
      "submit",
      [](Self& self, const ss::JobSpec& spec, const std::string& user) {
        ss::Identity who = identity_of(self, user);
        ss::SubmitResult result;
        check(change(self, [&](auto& target) { return target.submit(spec, who, &result); }));
        return result.job_id;
      },
      py::arg("spec"), py::arg("user") = "ec2-user",
      "Submits a job as `user`; returns its job id. Raises SlurmError (e.g. errno 2000 for an "
      "unknown partition).");
  cls.def(
      "submit_het",
      [](Self& self, const std::vector<ss::JobSpec>& components, const std::string& user) {
        ss::Identity who = identity_of(self, user);
        ss::SubmitResult result;
        check(change(self,
                     [&](auto& target) { return target.submit_het(components, who, &result); }));
        return result.job_id;
      },
      py::arg("components"), py::arg("user") = "ec2-user",
      "Submits a heterogeneous job (one JobSpec per component) as `user`; returns the leader's "
      "job id. Raises SlurmError.");
  cls.def(
      "update",
      [](Self& self, uint32_t job_id, const ss::JobSpec& fields, const std::string& user) {
        ss::Identity who = identity_of(self, user);
        ss::JobUpdate update{fields};
        check(change(self, [&](auto& target) { return target.update(job_id, update, who); }));
      },
      py::arg("job_id"), py::arg("fields"), py::arg("user") = "ec2-user",
      "Changes the set fields of a job (as POST /job/{id} does). Raises SlurmError.");
  cls.def(
      "signal",
      [](Self& self, uint32_t job_id, int signal, const std::string& user) {
        ss::Identity who = identity_of(self, user);
        check(change(self, [&](auto& target) { return target.signal(job_id, signal, who); }));
      },
      py::arg("job_id"), py::arg("signal"), py::arg("user") = "ec2-user",
      "Sends a signal to a job. Raises SlurmError.");
  cls.def(
      "cancel",
      [](Self& self, uint32_t job_id, const std::string& user) {
        ss::Identity who = identity_of(self, user);
        // SIGKILL is what scancel (and DELETE /job/{id}) sends.
        check(change(self, [&](auto& target) { return target.signal(job_id, 9, who); }));
      },
      py::arg("job_id"), py::arg("user") = "ec2-user",
      "Cancels a job as scancel does. Raises SlurmError (2017 unknown job, 2021 already done).");
  cls.def(
      "job",
      [](Self& self, uint32_t job_id) {
        std::optional<ss::Job> job;
        read_sim(self, [&](const ss::Simulator& sim) {
          if (const ss::Job* j = sim.find_job(job_id)) job = *j;
        });
        return job;
      },
      py::arg("job_id"), "The job with this id, or None when the controller does not know it.");
  cls.def(
      "jobs",
      [](Self& self) {
        std::vector<ss::Job> jobs;
        read_sim(self, [&](const ss::Simulator& sim) {
          for (const ss::Job* j : sim.jobs()) jobs.push_back(*j);
        });
        return jobs;
      },
      "Every job the controller still remembers, by job id.");
  cls.def(
      "nodes",
      [](Self& self) {
        std::vector<NodeView> nodes;
        read_sim(self, [&](const ss::Simulator& sim) {
          for (const ss::Node& n : sim.nodes()) nodes.push_back(NodeView{n});
        });
        return nodes;
      },
      "Every node, in slurm.conf order.");
  cls.def(
      "node",
      [](Self& self, const std::string& name) {
        std::optional<NodeView> node;
        read_sim(self, [&](const ss::Simulator& sim) {
          if (const ss::Node* n = sim.find_node(name)) node = NodeView{*n};
        });
        return node;
      },
      py::arg("name"), "The named node, or None.");
  cls.def(
      "partitions",
      [](Self& self) {
        std::vector<PartitionView> parts;
        read_sim(self, [&](const ss::Simulator& sim) {
          for (const ss::Partition& p : sim.partitions()) parts.push_back(PartitionView{p});
        });
        return parts;
      },
      "Every partition, in slurm.conf order.");
  cls.def(
      "partition",
      [](Self& self, const std::string& name) {
        std::optional<PartitionView> part;
        read_sim(self, [&](const ss::Simulator& sim) {
          if (const ss::Partition* p = sim.find_partition(name)) part = PartitionView{*p};
        });
        return part;
      },
      py::arg("name"), "The named partition, or None.");
  cls.def(
      "set_node_state",
      [](Self& self, const std::string& node, const std::string& state, const std::string& reason) {
        check(
            change(self, [&](auto& target) { return target.set_node_state(node, state, reason); }));
      },
      py::arg("node"), py::arg("state"), py::arg("reason") = "",
      "Injects a node fault: state is 'down', 'drain', 'fail', 'resume' or 'idle'. Jobs on a "
      "node that goes down end NODE_FAIL. Raises SlurmError for an unknown node or state.");
  cls.def(
      "next_event_time",
      [](Self& self) {
        std::optional<ss::SimTime> t;
        read_sim(self, [&](const ss::Simulator& sim) { t = sim.next_event_time(); });
        return t;
      },
      "Simulated time of the next pending event (a job ending, starting...), or None.");
  cls.def(
      "event_log",
      [](Self& self) {
        std::vector<std::pair<ss::SimTime, std::string>> log;
        read_sim(self, [&](const ss::Simulator& sim) {
          for (const ss::SimEvent& e : sim.event_log()) log.emplace_back(e.time, e.what);
        });
        return log;
      },
      "The simulator's event log as (time, text) pairs, e.g. (t, 'job 3 RUNNING on ...').");
}

ss::ClusterConfig config_from(const py::object& conf) {
  if (conf.is_none()) return ss::default_cluster();
  if (py::isinstance<ss::ClusterConfig>(conf)) return conf.cast<ss::ClusterConfig>();
  // A path (str or os.PathLike) to a slurm.conf.
  std::string path = py::module_::import("os").attr("fspath")(conf).cast<std::string>();
  return ss::load_slurm_conf(path);
}

ms::ClockMode clock_from(const std::string& mode) {
  if (mode == "real") return ms::ClockMode::kReal;
  if (mode == "manual") return ms::ClockMode::kManual;
  if (mode == "scaled") return ms::ClockMode::kScaled;
  throw py::value_error("clock must be 'real', 'manual' or 'scaled', not '" + mode + "'");
}

ms::ExecMode exec_from(const std::string& mode) {
  if (mode == "simulated") return ms::ExecMode::kSimulated;
  if (mode == "local") return ms::ExecMode::kLocal;
  throw py::value_error("exec must be 'simulated' or 'local', not '" + mode + "'");
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "mock-slurmrestd's simulator and HTTP server (a mock of Slurm's slurmrestd).";

  // --- errors ---
  static py::exception<SlurmStatusError> slurm_error(m, "SlurmError", PyExc_RuntimeError);
  slurm_error.doc() =
      "A Slurm error from the simulator: .errno is Slurm's errno (e.g. 2017), .message its text.";
  static py::exception<ss::ConfigError> config_error(m, "ConfigError", PyExc_ValueError);
  config_error.doc() = "A bad slurm.conf: str() is 'FILE:LINE: reason'; also .file and .line.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const SlurmStatusError& e) {
      py::object exc =
          py::reinterpret_borrow<py::object>(slurm_error.ptr())(e.errno_value, e.message);
      exc.attr("errno") = e.errno_value;
      exc.attr("message") = e.message;
      PyErr_SetObject(slurm_error.ptr(), exc.ptr());
    } catch (const ss::ConfigError& e) {
      py::object exc = py::reinterpret_borrow<py::object>(config_error.ptr())(e.what());
      exc.attr("file") = e.file();
      exc.attr("line") = e.line();
      PyErr_SetObject(config_error.ptr(), exc.ptr());
    }
  });
  m.def(
      "strerror",
      [](int code) { return std::string(ss::slurm_strerror(static_cast<ss::Errno>(code))); },
      py::arg("errno"),
      "Slurm's fixed text for an errno, e.g. 2017 -> 'Invalid job id specified'.");

  // --- cluster configuration ---
  py::class_<ss::ClusterConfig>(m, "ClusterConfig", "A cluster as a slurm.conf describes it.")
      .def_readonly("cluster_name", &ss::ClusterConfig::cluster_name)
      .def_readonly("slurm_user", &ss::ClusterConfig::slurm_user)
      .def_readonly("source_path", &ss::ClusterConfig::source_path,
                    "The file it came from ('' for the built-in cluster).")
      .def_readonly("min_job_age", &ss::ClusterConfig::min_job_age)
      .def_property_readonly("node_names",
                             [](const ss::ClusterConfig& c) {
                               std::vector<std::string> names;
                               for (const auto& n : c.nodes) names.push_back(n.name);
                               return names;
                             })
      .def_property_readonly("partition_names", [](const ss::ClusterConfig& c) {
        std::vector<std::string> names;
        for (const auto& p : c.partitions) names.push_back(p.name);
        return names;
      });
  m.def("load_slurm_conf", &ss::load_slurm_conf, py::arg("path"),
        "Parses a slurm.conf file (and its Include lines). Raises ConfigError.");
  m.def(
      "parse_slurm_conf", &ss::parse_slurm_conf, py::arg("text"), py::arg("name") = "slurm.conf",
      "Parses slurm.conf text; `name` appears in errors and resolves Include. Raises ConfigError.");
  m.def("default_cluster", &ss::default_cluster,
        "The built-in cluster: partition queue1, nodes queue1-dy-t3micro-[1-10], 2 CPUs each.");

  // --- jobs ---
  py::class_<ss::JobSpec> spec(
      m, "JobSpec",
      "What a submission asks for (a job description, as slurmrestd passes it on). Unset "
      "fields (None) take Slurm's defaults.");
  spec.def(py::init<>());
  spec.def(py::init([](const py::kwargs& fields) {
             ss::JobSpec s;
             py::object obj = py::cast(&s, py::return_value_policy::reference);
             for (const auto& [key, value] : fields) {
               std::string k = key.cast<std::string>();
               if (!py::hasattr(obj, k.c_str()))
                 throw py::type_error("JobSpec has no field '" + k + "'");
               obj.attr(k.c_str()) = value;
             }
             return s;
           }),
           "JobSpec(script='#!/bin/bash\\nsleep 60', partition='queue1', ...)");
  // Every field, from job.h's one list (the state file walks the same one).
  ss::for_each_job_spec_field(
      [&spec](const char* name, auto member) { spec.def_readwrite(name, member); });

  py::class_<ss::Job>(m, "Job", "A snapshot of one job as the controller knows it.")
      .def_readonly("job_id", &ss::Job::job_id)
      .def_readonly("spec", &ss::Job::spec)
      .def_readonly("name", &ss::Job::name)
      .def_readonly("partition", &ss::Job::partition)
      .def_property_readonly(
          "state", [](const ss::Job& j) { return ss::job_state_name(j.state); },
          "'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'TIMEOUT', ...")
      .def_readonly("state_reason", &ss::Job::state_reason)
      .def_property_readonly("user_name", [](const ss::Job& j) { return j.user.name; })
      .def_property_readonly("user_id", [](const ss::Job& j) { return j.user.uid; })
      .def_readonly("held", &ss::Job::held)
      .def_readonly("configuring", &ss::Job::configuring)
      .def_readonly("restart_count", &ss::Job::restart_count)
      .def_readonly("array_job_id", &ss::Job::array_job_id)
      .def_readonly("array_task_id", &ss::Job::array_task_id)
      .def_readonly("array_task_string", &ss::Job::array_task_string)
      .def_readonly("submit_time", &ss::Job::submit_time)
      .def_readonly("start_time", &ss::Job::start_time)
      .def_readonly("end_time", &ss::Job::end_time)
      .def_readonly("time_limit", &ss::Job::time_limit, "Minutes; None = INFINITE.")
      .def_readonly("cpus", &ss::Job::cpus)
      .def_readonly("node_count", &ss::Job::node_count)
      .def_readonly("nodes", &ss::Job::nodes, "Allocated nodes as a hostlist ('' while pending).")
      .def_readonly("batch_host", &ss::Job::batch_host)
      .def_readonly("run_seconds", &ss::Job::run_seconds,
                    "How long the script runs in simulated time (from `sleep N`).")
      .def_readonly("exit_status", &ss::Job::exit_status, "Raw wait(2) status: code << 8 | signal.")
      .def_property_readonly("exit_code", [](const ss::Job& j) { return j.exit_status >> 8; })
      .def_readonly("derived_exit_code", &ss::Job::derived_exit_code)
      .def("__repr__", [](const ss::Job& j) {
        return "<Job " + std::to_string(j.job_id) + " " + ss::job_state_name(j.state) + ">";
      });

  py::class_<NodeView>(m, "Node", "A snapshot of one node.")
      .def_property_readonly("name", [](const NodeView& v) { return v.node.config.name; })
      .def_property_readonly(
          "state", [](const NodeView& v) { return node_base_name(v.node.base); },
          "The simulator's base state: 'idle', 'mixed', 'allocated', 'down', 'future', "
          "'error' or 'unknown' (each API version renders it its own way over HTTP)")
      .def_property_readonly("cpus", [](const NodeView& v) { return v.node.config.cpus; })
      .def_property_readonly("alloc_cpus", [](const NodeView& v) { return v.node.alloc_cpus; })
      .def_property_readonly("real_memory",
                             [](const NodeView& v) { return v.node.config.real_memory; })
      .def_property_readonly("features", [](const NodeView& v) { return v.node.config.features; })
      .def_property_readonly("drain", [](const NodeView& v) { return v.node.drain; })
      .def_property_readonly("reason", [](const NodeView& v) { return v.node.reason; })
      .def("__repr__", [](const NodeView& v) {
        return "<Node " + v.node.config.name + " " + node_base_name(v.node.base) + ">";
      });

  py::class_<PartitionView>(m, "Partition", "A snapshot of one partition.")
      .def_property_readonly("name", [](const PartitionView& v) { return v.partition.config.name; })
      .def_property_readonly(
          "nodes", [](const PartitionView& v) { return v.partition.config.nodes_expr; },
          "Its nodes as a hostlist, e.g. 'queue1-dy-t3micro-[1-10]'.")
      .def_property_readonly("node_names",
                             [](const PartitionView& v) { return v.partition.config.node_names; })
      .def_property_readonly("is_default",
                             [](const PartitionView& v) { return v.partition.config.is_default; })
      .def_property_readonly(
          "max_time", [](const PartitionView& v) { return v.partition.config.max_time; },
          "Minutes; None = UNLIMITED.")
      .def_property_readonly("state",
                             [](const PartitionView& v) { return v.partition.config.state; })
      .def("__repr__", [](const PartitionView& v) {
        return "<Partition " + v.partition.config.name + " " + v.partition.config.nodes_expr + ">";
      });

  // --- the simulator alone (no HTTP) ---
  py::class_<ss::Simulator> sim(m, "Simulator",
                                "The scheduler simulator on its own: no HTTP, no wall clock; "
                                "time moves only through advance()/run_until()/step().");
  sim.def(py::init([](const py::object& conf, int64_t start_time, uint64_t seed) {
            ss::SimOptions o;
            o.start_time = start_time;
            o.seed = seed;
            return std::make_unique<ss::Simulator>(config_from(conf), o);
          }),
          py::arg("conf") = py::none(), py::arg("start_time") = 1700000000, py::arg("seed") = 1,
          "conf: None (built-in cluster), a slurm.conf path, or a ClusterConfig.");
  sim.def("now", &ss::Simulator::now, "Simulated time, Unix seconds.");
  sim.def("advance", &ss::Simulator::advance, py::arg("seconds"),
          "Processes every event due in the next N seconds.");
  sim.def("run_until", &ss::Simulator::run_until, py::arg("time"));
  sim.def("step", &ss::Simulator::step,
          "Jumps to the next event and processes it; False when there is none.");
  sim.def("reset", &ss::Simulator::reset,
          "Back to the initial cluster: no jobs, ids restart at 1, time unchanged.");
  bind_simulator_ops<ss::Simulator>(sim);

  // --- the HTTP server over a simulator ---
  py::class_<ms::HttpResult>(m, "HttpResult", "One response from Server.handle().")
      .def_readonly("status", &ms::HttpResult::status)
      .def_readonly("content_type", &ms::HttpResult::content_type)
      .def_property_readonly("body", [](const ms::HttpResult& r) { return py::bytes(r.body); })
      .def_readonly("close_connection", &ms::HttpResult::close_connection);

  py::class_<ms::Server> server(
      m, "Server",
      "The mock slurmrestd: an HTTP server in this process over one simulator. Use it as a "
      "context manager or call start()/stop().");
  server.def(
      py::init([](const py::object& conf, const std::string& host, int port,
                  const std::string& clock, double scale, int64_t start_time,
                  const std::string& jwt_key, int threads, uint64_t seed, const std::string& exec,
                  const py::object& state_save_location, const std::string& slurm_version,
                  const std::vector<std::string>& api_versions,
                  const std::vector<std::string>& data_parsers) {
        ms::ServerOptions o;
        o.slurm_version = slurm_version;
        o.api_versions = api_versions;
        o.data_parsers = data_parsers;
        if (!state_save_location.is_none())
          o.state_save_location =
              py::module_::import("os").attr("fspath")(state_save_location).cast<std::string>();
        o.exec = exec_from(exec);
        o.host = host;
        o.port = port;
        o.clock = clock_from(clock);
        o.scale = scale;
        o.start_time = start_time;
        o.jwt_key = jwt_key;
        o.threads = threads;
        o.seed = seed;
        return std::make_unique<ms::Server>(config_from(conf), o);
      }),
      py::arg("conf") = py::none(), py::arg("host") = "127.0.0.1", py::arg("port") = 0,
      py::arg("clock") = "manual", py::arg("scale") = 1.0, py::arg("start_time") = 0,
      py::arg("jwt_key") = "", py::arg("threads") = 8, py::arg("seed") = 1,
      py::arg("exec") = "simulated", py::arg("state_save_location") = py::none(),
      py::arg("slurm_version") = "22.05", py::arg("api_versions") = std::vector<std::string>{},
      py::arg("data_parsers") = std::vector<std::string>{},
      "conf: None (built-in cluster), a slurm.conf path, or a ClusterConfig. "
      "slurm_version: the Slurm release mirrored ('22.05', '24.11', '26.05'); api_versions: "
      "the openapi plugins to load, like slurmrestd's -s (['openapi/<version>', ...]; empty = "
      "all of the release; an unknown one raises ValueError); data_parsers: the data_parser "
      "plugins to load, like slurmrestd's -d (24.11 and 26.05: ['v0.0.42', ...] or "
      "['data_parser/v0.0.42', ...]; empty = all of the release; one the release does not "
      "have, or any on 22.05, raises ValueError). "
      "exec: 'simulated' (default) or 'local' (scripts really run; needs clock='real'). "
      "clock: 'manual' (time moves only through advance()), 'real' or 'scaled' "
      "(with scale). port 0 picks a free port. start_time 0 = the wall clock's now. "
      "state_save_location: an existing directory (str or path) where every change, "
      "HTTP or Python, is saved and from which a new Server restores it, as the mock's "
      "StateSaveLocation (None: nothing saved). Raises RuntimeError when it is corrupt, "
      "was saved for another cluster or seed, or another server uses it.");
  server.def(
      "__enter__",
      [](ms::Server& self) -> ms::Server& {
        py::gil_scoped_release release;
        self.start();
        return self;
      },
      py::return_value_policy::reference);
  server.def("__exit__", [](ms::Server& self, const py::args&) {
    py::gil_scoped_release release;
    self.stop();
  });
  server.def("start", &ms::Server::start, py::call_guard<py::gil_scoped_release>(),
             "Binds and serves on a background thread; returns the port.");
  server.def("stop", &ms::Server::stop, py::call_guard<py::gil_scoped_release>(),
             "Stops serving and joins the listener. Safe to call twice.");
  server.def_property_readonly("running", &ms::Server::running);
  server.def_property_readonly("url", &ms::Server::url, "e.g. 'http://127.0.0.1:41234'.");
  server.def_property_readonly("port", &ms::Server::port);
  server.def_property_readonly("api_versions", &ms::Server::api_versions,
                               "The loaded API versions in load order (routes under "
                               "/slurm/<version>/).");
  server.def_property_readonly(
      "jwt_key", [](const ms::Server& s) { return py::bytes(s.jwt_key()); },
      "The HS256 key the server signs and checks tokens with.");
  server.def("mint_token", &ms::Server::mint_token, py::arg("user") = "ec2-user",
             py::arg("lifespan") = 3600,
             "An HS256 token for `user` (what `scontrol token` prints after SLURM_JWT=).");
  server.def("now", &ms::Server::sim_now, py::call_guard<py::gil_scoped_release>(),
             "Simulated time, Unix seconds (brought up to date with the clock first).");
  server.def("advance", &ms::Server::advance_clock, py::arg("seconds"),
             py::call_guard<py::gil_scoped_release>(),
             "Moves simulated time forward N seconds and processes every event due.");
  server.def("reset", &ms::Server::reset, py::call_guard<py::gil_scoped_release>(),
             "Back to the initial cluster (no jobs, ids restart at 1); keeps serving.");
  server.def(
      "handle",
      [](ms::Server& self, const std::string& method, const std::string& target,
         const std::map<std::string, std::string>& headers, const py::bytes& body) {
        std::multimap<std::string, std::string> h(headers.begin(), headers.end());
        std::string b = body;
        py::gil_scoped_release release;
        return self.handle(method, target, h, b);
      },
      py::arg("method"), py::arg("target"),
      py::arg("headers") = std::map<std::string, std::string>{}, py::arg("body") = py::bytes(""),
      "Runs one request through the whole request path without sockets (routing, auth, "
      "handlers, rendering).");
  server.def(
      "set_clock",
      [](ms::Server& self, const std::string& mode, double scale) {
        ms::ClockMode m = clock_from(mode);
        py::gil_scoped_release release;
        self.set_clock_mode(m, scale);
      },
      py::arg("mode"), py::arg("scale") = 1.0,
      "Switches the clock ('manual', 'real', 'scaled' with scale), keeping the current time. "
      "Raises ValueError for a bad mode or scale (or a clock other than 'real' with "
      "exec='local').");
  server.def_property_readonly(
      "clock_mode",
      [](ms::Server& self) {
        ms::ClockMode m;
        {
          py::gil_scoped_release release;
          m = self.clock_mode();
        }
        return std::string(ms::clock_mode_name(m));
      },
      "'manual', 'real' or 'scaled'.");
  bind_simulator_ops<ms::Server>(server);
  bind_accounting(m, sim, server);
}
