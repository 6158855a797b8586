// GET reservations, reservation, licenses, shares and reconfigure of v0.0.40 and later: what
// slurmctld knows beyond nodes and partitions. The simulator has no reservations, licenses or
// accounting, so the answers are the real daemons' for a cluster without any (recorded:
// tests/data/oracle/24.11/ and 26.05/, story cases 009-012, 069, 077; a refused token and a
// stopped slurmctld asked of 26.05.5: 26.05/asked/).
#include "app.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/number.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/reservation_routes.h"
#include "v0_0_40/routes.h"

namespace mock_slurmrestd::v0_0_40 {

namespace {

void add_get(App& app, const LoadedVersion& self, const std::string& path, Handler handler,
             EndpointKind kind, ParamKind param = ParamKind::kAny) {
  app.router().add("GET", self.prefix() + path, std::move(handler), param, tag(kind), &self);
}

// slurmctld lets root and SlurmUser reconfigure (no accounting: no AdminLevel to grant).
bool is_admin(const App& app, const Request& req) {
  return req.user == "root" || req.user == app.config().slurm_user;
}

}  // namespace

void register_controller_routes(App& app, const LoadedVersion& self, const Shape& shape) {
  for (const char* path : {"/reservations", "/reservation/{reservation_name}"}) {
    const bool one = std::string(path) != "/reservations";
    add_get(
        app, self, path,
        [&app, &self, one, shape](Request& req) {
          Answer a;
          if (!one) {
            warn_unknown_query(a, req, {"update_time"}, "DATA_PARSER_OPENAPI_RESERVATION_QUERY");
          }
          if (auto f = failed_call(app, req)) {
            a.error("Unable to query reservations", f->error_number, "slurm_load_reservations()");
            return respond(app, self, req, a, f->status);
          }
          auto locked = app.lock();
          const auto& all = locked.sim().reservations();
          const std::string* name = one ? req.param("reservation_name") : nullptr;
          Json list = Json::array();
          for (const auto& r : all)
            if (!name || r.name == *name) dump_reservation(list.emplace_back(), r, shape);
          if (one && list.empty()) {
            // An unknown name is reported as "No error".
            a.error("Unable to query reservations", 0, "slurm_load_reservations()");
            return respond(app, self, req, a, 200);
          }
          a.payload["reservations"] = std::move(list);
          a.payload["last_update"] = number(locked.sim().now());
          return respond(app, self, req, a, 200);
        },
        one ? EndpointKind::kReservation : EndpointKind::kReservations,
        one ? ParamKind::kPresent : ParamKind::kAny);
  }

  add_get(
      app, self, "/licenses",
      [&app, &self](Request& req) {
        Answer a;
        a.payload["licenses"] = Json::array();
        if (auto f = failed_call(app, req)) {
          a.payload["last_update"] = number(0);
          a.error("slurm_load_licenses() was unable to load licenses", f->error_number,
                  "op_handler_licenses");
          return respond(app, self, req, a, f->status);
        }
        a.payload["last_update"] = number(app.lock().sim().now());
        a.warning("Zero licenses to dump");
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kLicenses);

  add_get(
      app, self, "/shares",
      [&app, &self](Request& req) {
        Answer a;
        // Refused or unreachable alike: the shares call fails without a Slurm error number.
        if (failed_call(app, req)) {
          a.error("slurm_associations_get_shares() failed: GET", -1, "_dump_shares");
          return respond(app, self, req, a, 500);
        }
        a.payload["shares"] = {{"shares", Json::array()}, {"total_shares", 0}};
        a.warning("Shares list is empty because slurm accounting storage is disabled.");
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kOther);

  add_get(
      app, self, "/reconfigure",
      [&app, &self](Request& req) {
        Answer a;
        if (auto f = failed_call(app, req)) {
          a.error("slurm_reconfigure() failed", f->error_number, "op_handler_reconfigure");
          return respond(app, self, req, a, f->status);
        }
        if (!is_admin(app, req)) {
          a.error("slurm_reconfigure() failed", 2010, "op_handler_reconfigure");
          return respond(app, self, req, a, rules_of(app.release()).refusal_status);
        }
        // The cluster's configuration is fixed at start-up: nothing to re-read, but the job
        // records are rebuilt (heterogeneous jobs' flag,
        // docs/oracle-notes/dependencies-flags-writes.md).
        if (auto st = app.lock().reconfigure(); !st.ok()) {
          a.error("slurm_reconfigure() failed", st.errno_value(), "op_handler_reconfigure");
          return respond(app, self, req, a, 500);
        }
        return respond(app, self, req, a, 200);
      },
      EndpointKind::kOther);
}

}  // namespace mock_slurmrestd::v0_0_40
