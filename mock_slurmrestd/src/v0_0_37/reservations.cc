// GET .../reservations and .../reservation/{reservation_name} of v0.0.37 (and v0.0.38).
#include "v0_0_36/routes.h"
#include "v0_0_37/plugin.h"

namespace mock_slurmrestd::v0_0_37 {

// The simulator has no reservations (scheduler_sim exposes none), so the list is always the
// real daemon's empty answer and every named reservation is slurmctld's ESLURM_RESERVATION_INVALID
// (recorded: v0.0.37/reservations_none, v0.0.37/reservation_unknown).
void register_reservation_routes(App& app, const LoadedVersion& self) {
  app.router().add(
      "GET", self.prefix() + "/reservations",
      [&app, &self](Request& req) {
        v0_0_36::Dumps honours;
        honours.update_time_304 = true;
        if (auto r = v0_0_36::not_modified(self, honours, req, app.lock().sim().now(), nullptr))
          return *r;
        Envelope env(self.meta);
        env["reservations"] = Json::array();
        return render(env, 200, req);
      },
      ParamKind::kAny, tag(EndpointKind::kReservations), &self);

  app.router().add(
      "GET", self.prefix() + "/reservation/{reservation_name}",
      [&self](Request& req) {
        Envelope env(self.meta);
        env["reservations"] = Json::array();
        env.add_error("Requested reservation is invalid", 2053);
        return render(env, 500, req);
      },
      ParamKind::kAny, tag(EndpointKind::kReservation), &self);
}

}  // namespace mock_slurmrestd::v0_0_37
