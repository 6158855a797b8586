// GET .../licenses of v0.0.38.
#include "v0_0_36/routes.h"
#include "v0_0_38/plugin.h"

namespace mock_slurmrestd::v0_0_38 {

// The simulator tracks no licenses (scheduler_sim exposes none), so the answer is the real
// daemon's with none configured (recorded: v0.0.38/licenses_none).
void register_license_routes(App& app, const LoadedVersion& self) {
  app.router().add(
      "GET", self.prefix() + "/licenses",
      [&self](Request& req) {
        Envelope env(self.meta);
        env["licenses"] = Json::array();
        return render(env, 200, req);
      },
      ParamKind::kAny, tag(EndpointKind::kLicenses), &self);
}

}  // namespace mock_slurmrestd::v0_0_38
