// data_parser/v0.0.44's entry point: v0.0.40's functions called with v0.0.44's Shape.
#include "v0_0_44/plugin.h"

#include "v0_0_40/answer.h"
#include "v0_0_40/openapi.h"
#include "v0_0_40/plugin.h"
#include "v0_0_40/routes.h"
#include "v0_0_43/plugin.h"

namespace mock_slurmrestd::v0_0_44 {

using v0_0_40::Shape;

// The routes served so far render as v0.0.43's: v0.0.44's own changes are in jobs and in
// routes not served yet (docs/oracle-notes/releases-24.11-26.05.md).
Shape shape() {
  Shape s = v0_0_43::shape();
  s.name = "v0.0.44";
  s.data_parser = "data_parser/v0.0.44";
  s.resources_route = true;
  return s;
}

namespace {

Json meta(const SlurmRelease& release) { return v0_0_40::meta(release, shape()); }
void routes(App& app, const LoadedVersion& self) { v0_0_40::register_routes(app, self, shape()); }
const Json& document() {
  static const Json doc = v0_0_40::openapi_document(shape());
  return doc;
}

}  // namespace

const ApiVersion& plugin() {
  static const ApiVersion v = v0_0_40::family_version(shape(), &meta, &routes, &document);
  return v;
}

}  // namespace mock_slurmrestd::v0_0_44
