// What the binding rooms share: errors carried to Python, and reading a simulator safely.
#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <string>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/errors.h"
#include "scheduler_sim/simulator.h"

namespace py = pybind11;
namespace ss = scheduler_sim;
namespace ms = mock_slurmrestd;

// A failed simulator call, carried to Python as mock_slurmrestd.SlurmError.
struct SlurmStatusError {
  int errno_value;
  std::string message;
};

inline void check(const ss::Status& status) {
  if (!status.ok()) throw SlurmStatusError{status.errno_value(), status.message()};
}

// Reads the simulator behind `self` through `fn`. A Server's simulator is behind its mutex
// (simulated time brought up to date first), so the GIL is released while waiting for it. A
// standalone Simulator is not thread-safe: the GIL is what serialises Python threads using it.
template <typename Self>
void read_sim(Self& self, const std::function<void(const ss::Simulator&)>& fn);

template <>
inline void read_sim(ss::Simulator& self, const std::function<void(const ss::Simulator&)>& fn) {
  fn(self);
}

template <>
inline void read_sim(ms::Server& self, const std::function<void(const ss::Simulator&)>& fn) {
  py::gil_scoped_release release;
  self.with_simulator(fn);
}

// Binds the accounting database's reads and an administrator's changes (bindings/src/
// accounting.cc) on both classes.
void bind_accounting(py::module_& m, py::class_<ss::Simulator>& sim,
                     py::class_<ms::Server>& server);
