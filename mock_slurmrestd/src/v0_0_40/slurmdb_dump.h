// openapi/slurmdbd's objects as data_parser v0.0.40 to v0.0.45 print them (Slurm 24.11, 26.05):
// clusters, accounts, users, associations, QOS, TRES, wckeys and the job history.
#pragma once

#include "v0_0_36/slurmdb_dump.h"
#include "v0_0_40/release_rules.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

using v0_0_36::DbContext;

// What every slurmdb dump of a version reads besides the record.
struct DbView {
  const DbContext& c;
  const Shape& shape;
  const ReleaseRules& rules;
};

void dump_db_cluster(Json& out, const DbView& v);
// `with_assocs`: the account's associations are listed (?with_assocs, the config dump).
void dump_db_account(Json& out, const scheduler_sim::AccountRecord& a, const DbView& v,
                     bool with_assocs);
void dump_db_user(Json& out, const scheduler_sim::UserRecord& u, const DbView& v, bool with_assocs);
void dump_db_association(Json& out, const scheduler_sim::Association& a, const DbView& v);
void dump_db_qos(Json& out, const scheduler_sim::QosRecord& q, const DbView& v);
void dump_db_wckey(Json& out, const scheduler_sim::WckeyRecord& w, const DbView& v);
void dump_db_job(Json& out, const scheduler_sim::JobRecord& j, const DbView& v);

// {"type", "name", "id", "count"}.
Json db_tres(const char* type, const char* name, int id, int64_t count);
// slurmdbd's TRES table with its dynamic_offset row (GET tres/, the config dump).
Json db_tres_table();
// The associations in slurmdbd's order (by lineage: an account, its users, its sub-accounts).
std::vector<const scheduler_sim::Association*> lineage_order(const scheduler_sim::Accounting& db);

}  // namespace mock_slurmrestd::v0_0_40
