// openapi/slurmdbd's POST and DELETE routes of v0.0.40 to v0.0.45, and slurmdbd's rule of who
// may change the database or read its protected parts (docs/oracle-notes/accounting-24.11.md,
// "Permissions", "Writes (root)"; accounting-26.05.md).
#pragma once

#include <string>

#include "app.h"
#include "v0_0_36/slurmdb_dump.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

// What slurmdbd lets a user do: an Operator adds and removes accounts, users, associations and
// wckeys and reads wckeys; an Administrator (root, the SlurmUser, a user made one) also QOS,
// users' levels and diag.
enum class DbLevel { kNone, kOperator, kAdministrator };
DbLevel db_level(const v0_0_36::DbContext& c, const ReleaseRules& rules, const std::string& user);

// POST accounts, accounts_association, associations, clusters, config, qos, tres, users,
// users_association, wckeys; DELETE account/{}, association, associations, cluster/{},
// qos/{}, user/{}, wckey/{}.
void register_slurmdb_write_routes(App& app, const LoadedVersion& self, const Shape& shape);

}  // namespace mock_slurmrestd::v0_0_40
