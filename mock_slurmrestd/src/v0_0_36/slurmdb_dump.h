// openapi/dbv0.0.36's objects (accounts, associations, QOS, users, wckeys, clusters, TRES,
// jobs) and its error objects, as the 22.05 daemon prints them.
#pragma once

#include <vector>

#include "envelope.h"
#include "scheduler_sim/accounting.h"
#include "scheduler_sim/slurm_conf.h"

namespace mock_slurmrestd::v0_0_36 {

// What the slurmdb dumps need besides the record: the database and the cluster around it.
struct DbContext {
  const scheduler_sim::Accounting& db;
  const scheduler_sim::ClusterConfig& config;
};

void dump_db_job(Json& out, const scheduler_sim::JobRecord& job, const DbContext& c);
void dump_db_association(Json& out, const scheduler_sim::Association& a, const DbContext& c);
void dump_db_qos(Json& out, const scheduler_sim::QosRecord& q, const DbContext& c);
void dump_db_user(Json& out, const scheduler_sim::UserRecord& u, const DbContext& c);
void dump_db_account(Json& out, const scheduler_sim::AccountRecord& a, const DbContext& c);
void dump_db_wckey(Json& out, const scheduler_sim::WckeyRecord& w, const DbContext& c);
void dump_db_cluster(Json& out, const DbContext& c);

// {"type", "name", "id", "count"}.
Json db_tres(const char* type, const char* name, int id, Json count);
// slurmdbd's TRES table (GET .../tres adds the "dynamic_offset" row; the config dump too).
Json db_tres_table(bool with_dynamic_offset);
// {"account", "cluster", "partition", "user"}, as accounts and users list their associations.
Json db_association_ref(const scheduler_sim::Association& a);
// {status, return_code[, signal]} of a raw wait(2) status.
Json db_exit_code(int raw);
// The associations in slurmdbd's order (each account's tree depth first).
std::vector<const scheduler_sim::Association*> sorted_associations(
    const scheduler_sim::Accounting& db);

// Puts `key` right after `after` in `obj` (later versions add keys inside v0.0.36's objects).
void insert_after(Json& obj, const char* after, const char* key, Json value);

// Error objects: {["description",] "error_number", "error"[, "source"]}.
Json db_error(int number, const char* error, const char* source, const char* description);
Json db_nothing_found(const char* source);  // 9003
Json db_access_denied(const char* source);  // 2002

}  // namespace mock_slurmrestd::v0_0_36
