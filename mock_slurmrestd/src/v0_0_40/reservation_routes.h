// Reservation writes of 26.05 (create/update from v0.0.43, delete from v0.0.42) and the
// reservation object GET /reservations lists.
#pragma once

#include "api_version.h"
#include "app.h"
#include "scheduler_sim/reservation.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// A reservation as GET .../reservations lists it (v0.0.42 to v0.0.45 alike but for `watts`).
void dump_reservation(Json& out, const scheduler_sim::Reservation& r, const Shape& shape);

// POST /reservations/ and /reservation (Shape::reservation_writes); DELETE
// /reservation/{reservation_name} where the release serves it (ReleaseRules).
void register_reservation_write_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
