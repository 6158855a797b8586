// The accounting room: the sacctmgr dump seed, and a job history that outlives MinJobAge.
#include "scheduler_sim/accounting.h"

#include <gtest/gtest.h>

#include "scheduler_sim/simulator.h"
#include "scheduler_sim/slurm_conf.h"
#include "sim_fixture.h"

namespace scheduler_sim {
namespace {

using testing_support::kT0;
using testing_support::kUser;
using testing_support::script;

const char* kAccountingConf =
    SIM_REPO_DIR "/fixtures/clusters/parallelcluster-accounting/slurm.conf";

TEST(AccountingSeed, FreshDatabaseHasRootAndNormal) {
  AccountingSeed s = default_accounting_seed("c1");
  EXPECT_EQ(s.cluster, "c1");
  ASSERT_EQ(s.qos.size(), 1u);
  EXPECT_EQ(s.qos[0].name, "normal");
  EXPECT_EQ(s.qos[0].id, 1u);
  ASSERT_EQ(s.accounts.size(), 1u);
  EXPECT_EQ(s.accounts[0].name, "root");
  ASSERT_EQ(s.users.size(), 1u);
  EXPECT_EQ(s.users[0].admin_level, "Administrator");
  ASSERT_EQ(s.associations.size(), 2u);
  EXPECT_EQ(s.associations[0].user, "");
  EXPECT_EQ(s.associations[1].user, "root");
  EXPECT_EQ(s.associations[1].id, 2u);
}

TEST(AccountingSeed, ParsesSacctmgrDump) {
  AccountingSeed s = parse_accounting_dump(
      "# comment\n"
      "Cluster - 'Pc':Fairshare=1:QOS='normal,high'\n"
      "Parent - 'root'\n"
      "User - 'root':DefaultAccount='root':AdminLevel='Administrator':Fairshare=1\n"
      "Account - 'physics':Description='Phys: dept':Organization='uni':Fairshare=5\n"
      "Parent - 'physics'\n"
      "Account - 'lab'\n"
      "User - 'alice':DefaultAccount='physics':Fairshare=1\n"
      "Parent - 'lab'\n"
      "User - 'alice'\n"
      "QOS - 'high':Description='fast lane':Priority=100\n"
      "WCKey - 'proj1':User='alice'\n",
      "t.dump");
  EXPECT_EQ(s.cluster, "pc");
  ASSERT_EQ(s.accounts.size(), 3u);
  EXPECT_EQ(s.accounts[1].description, "Phys: dept");  // ':' inside quotes is kept
  EXPECT_EQ(s.accounts[1].organization, "uni");
  EXPECT_EQ(s.accounts[2].description, "lab");  // sacctmgr's default: the name
  ASSERT_EQ(s.users.size(), 2u);                // alice once, in two associations
  EXPECT_EQ(s.users[1].default_account, "physics");
  // root, root/root, physics, lab, alice/physics, alice/lab
  ASSERT_EQ(s.associations.size(), 6u);
  const Association& lab = s.associations[3];
  EXPECT_EQ(lab.account, "lab");
  EXPECT_EQ(lab.parent_account, "physics");
  EXPECT_EQ(lab.qos, (std::vector<std::string>{"normal", "high"}));
  EXPECT_EQ(s.associations[2].fairshare, 5);
  EXPECT_EQ(s.associations[5].user, "alice");
  EXPECT_EQ(s.associations[5].account, "lab");
  ASSERT_EQ(s.qos.size(), 2u);
  EXPECT_EQ(s.qos[0].name, "normal");
  EXPECT_EQ(s.qos[1].priority, 100);
  EXPECT_EQ(s.qos[1].id, 2u);
  ASSERT_EQ(s.wckeys.size(), 1u);
  EXPECT_EQ(s.wckeys[0].cluster, "pc");
}

TEST(AccountingSeed, BadDumpNamesItsLine) {
  auto fails_at = [](const char* text, const char* where) {
    try {
      parse_accounting_dump(text, "x.dump");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    }
  };
  fails_at("Account - 'a'\n", "x.dump:1:");                   // no Cluster first
  fails_at("Cluster - 'c'\nParent - 'nope'\n", "x.dump:2:");  // unknown parent
  fails_at("Cluster - 'c'\nAccount - 'a':Fairshare=x\n", "x.dump:2:");
  fails_at("Cluster - 'c'\nAccount - 'a':Description='open\n", "x.dump:2:");
  fails_at("Cluster - 'c'\nThing - 'a'\n", "x.dump:2:");
  fails_at("Cluster - 'c'\nWCKey - 'w'\n", "x.dump:2:");
  fails_at("# only a comment\n", "x.dump:0:");
}

TEST(AccountingConf, SlurmdbdStorageTurnsItOnWithTheDump) {
  ClusterConfig c = load_slurm_conf(kAccountingConf);
  EXPECT_TRUE(c.accounting_enabled);
  ASSERT_TRUE(c.accounting_seed.has_value());
  EXPECT_EQ(c.accounting_seed->cluster, "parallelcluster");
  Simulator sim(c, {.start_time = kT0});
  ASSERT_NE(sim.accounting(), nullptr);
  ASSERT_NE(sim.accounting()->find_user("ec2-user"), nullptr);
  EXPECT_EQ(sim.accounting()->find_user("ec2-user")->default_account, "ec2-user-acct");
  EXPECT_EQ(sim.accounting()->find_account("ec2-user-acct")->organization, "oracle");
  // The default cluster stores no accounting: the simulator keeps none.
  EXPECT_FALSE(default_cluster().accounting_enabled);
  Simulator plain(default_cluster(), {.start_time = kT0});
  EXPECT_EQ(plain.accounting(), nullptr);
}

TEST(AccountingConf, OtherStorageTypesAndAMissingDump) {
  EXPECT_FALSE(parse_slurm_conf("AccountingStorageType=accounting_storage/none\n", "a.conf")
                   .accounting_enabled);
  EXPECT_THROW(parse_slurm_conf("#MockAccountingDump=/no/such/file.dump\n", "a.conf"), ConfigError);
}

class HistoryTest : public ::testing::Test {
 protected:
  Simulator sim_{load_slurm_conf(kAccountingConf), {.start_time = kT0}};

  uint32_t submit(JobSpec spec, const Identity& who = kUser) {
    SubmitResult r;
    Status s = sim_.submit(spec, who, &r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r.job_id;
  }
};

TEST_F(HistoryTest, CompletedJobOutlivesMinJobAge) {
  JobSpec spec = script("sleep 30");
  spec.name = "hist";
  spec.partition = "queue2";
  spec.wckey = "proj";
  uint32_t id = submit(spec);
  sim_.advance(30);
  ASSERT_EQ(sim_.find_job(id)->state, JobState::kCompleted);
  const std::string nodes = sim_.find_job(id)->nodes;
  sim_.advance(sim_.config().min_job_age + 5);
  ASSERT_EQ(sim_.find_job(id), nullptr);  // the controller has forgotten it
  const JobRecord* r = sim_.accounting()->find_job(id);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->state, JobState::kCompleted);
  EXPECT_EQ(r->name, "hist");
  EXPECT_EQ(r->partition, "queue2");
  EXPECT_EQ(r->cluster, "parallelcluster");
  EXPECT_EQ(r->account, "ec2-user-acct");  // the user's default account
  EXPECT_EQ(r->qos, "normal");
  EXPECT_EQ(r->wckey, "proj");
  EXPECT_EQ(r->user.name, "ec2-user");
  EXPECT_EQ(r->user.uid, 1000u);
  EXPECT_EQ(r->submit_time, kT0);
  EXPECT_EQ(r->eligible_time, kT0);
  EXPECT_EQ(r->start_time, kT0);
  EXPECT_EQ(r->end_time, kT0 + 30);
  EXPECT_EQ(r->exit_status, 0);
  EXPECT_EQ(r->nodes, nodes);
  EXPECT_EQ(r->node_count, 1);
  EXPECT_EQ(r->cpus, 1);
  EXPECT_EQ(sim_.accounting()->job_count(), 1u);
}

TEST_F(HistoryTest, FailedCancelledAndPendingJobs) {
  uint32_t failed = submit(script("exit 3"));
  uint32_t cancelled = submit(script("sleep 300"));
  JobSpec held = script("sleep 1");
  held.hold = true;
  held.account = "other-acct";
  uint32_t pending = submit(held);
  sim_.advance(5);
  ASSERT_TRUE(sim_.signal(cancelled, 9, kUser).ok());
  sim_.advance(sim_.config().min_job_age + 5);
  const Accounting& a = *sim_.accounting();
  ASSERT_NE(a.find_job(failed), nullptr);
  EXPECT_EQ(a.find_job(failed)->state, JobState::kFailed);
  EXPECT_EQ(a.find_job(failed)->exit_status, 3 << 8);
  ASSERT_NE(a.find_job(cancelled), nullptr);
  EXPECT_EQ(a.find_job(cancelled)->state, JobState::kCancelled);
  EXPECT_EQ(a.find_job(cancelled)->start_time, kT0);
  EXPECT_EQ(a.find_job(cancelled)->end_time, kT0 + 5);
  EXPECT_FALSE(a.find_job(cancelled)->nodes.empty());  // kept after the nodes were freed
  EXPECT_EQ(a.find_job(cancelled)->cpus, 1);
  const JobRecord* p = a.find_job(pending);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->state, JobState::kPending);
  EXPECT_EQ(p->account, "other-acct");  // as asked
  EXPECT_EQ(p->start_time, 0);
  EXPECT_EQ(p->end_time, 0);
  EXPECT_EQ(p->cpus, 0);
}

TEST_F(HistoryTest, UnknownUserHasNoDefaultAccount) {
  uint32_t id = submit(script("true"), Identity{"stranger", 2000, 2000});
  sim_.advance(1);
  ASSERT_NE(sim_.accounting()->find_job(id), nullptr);
  EXPECT_EQ(sim_.accounting()->find_job(id)->account, "");
}

TEST_F(HistoryTest, Filters) {
  JobSpec a = script("sleep 10");
  a.name = "a";
  JobSpec b = script("exit 1");
  b.name = "b";
  b.partition = "queue2";
  uint32_t ja = submit(a);
  uint32_t jb = submit(b);
  sim_.advance(100);
  JobSpec c = script("sleep 10");
  c.name = "c";
  uint32_t jc = submit(c);  // eligible at kT0 + 100
  sim_.advance(20);
  const Accounting& acc = *sim_.accounting();
  auto ids = [&](const JobHistoryFilter& f) {
    std::vector<uint32_t> out;
    for (const JobRecord* r : acc.jobs(f)) out.push_back(r->job_id);
    return out;
  };
  using V = std::vector<uint32_t>;
  EXPECT_EQ(ids({}), (V{ja, jb, jc}));
  EXPECT_EQ(ids({.partitions = {"queue2"}}), (V{jb}));
  EXPECT_EQ(ids({.job_names = {"a", "c"}}), (V{ja, jc}));
  EXPECT_EQ(ids({.states = {JobState::kFailed}}), (V{jb}));
  EXPECT_EQ(ids({.accounts = {"ec2-user-acct"}}), (V{ja, jb, jc}));
  EXPECT_EQ(ids({.accounts = {"nope"}}), V{});
  EXPECT_EQ(ids({.users = {"ec2-user"}}), (V{ja, jb, jc}));
  // Jobs that ended before the window starts, or became eligible after it ends, are out.
  EXPECT_EQ(ids({.start = kT0 + 50}), (V{jc}));
  EXPECT_EQ(ids({.end = kT0 + 50}), (V{ja, jb}));
  EXPECT_EQ(ids({.start = kT0 + 5, .end = kT0 + 50}), (V{ja}));
}

TEST_F(HistoryTest, CountNodeIdAssociationAndConstraintFilters) {
  JobSpec one = script("sleep 10");
  one.constraints = "t3micro";
  JobSpec two = script("sleep 10");
  two.partition = "queue2";
  two.tasks = 2;  // two CPUs of one node
  uint32_t j1 = submit(one);
  uint32_t j2 = submit(two);
  JobSpec held = script("sleep 10");
  held.hold = true;
  held.tasks = 3;
  held.minimum_nodes = 3;  // never ran: its requested counts are compared
  uint32_t j3 = submit(held);
  sim_.advance(20);
  const Accounting& acc = *sim_.accounting();
  auto ids = [&](const JobHistoryFilter& f) {
    std::vector<uint32_t> out;
    for (const JobRecord* r : acc.jobs(f)) out.push_back(r->job_id);
    return out;
  };
  using V = std::vector<uint32_t>;
  EXPECT_EQ(ids({.cpus_min = 2}), (V{j2, j3}));
  EXPECT_EQ(ids({.cpus_max = 1}), (V{j1}));
  EXPECT_EQ(ids({.cpus_min = 1, .cpus_max = 0}), (V{j1, j2, j3}));  // 0: no bound
  EXPECT_EQ(ids({.nodes_min = 2}), (V{j3}));
  EXPECT_EQ(ids({.nodes_max = 1}), (V{j1, j2}));
  EXPECT_EQ(ids({.job_ids = {j2, 999}}), (V{j2}));
  EXPECT_EQ(ids({.constraints = {"t3micro"}}), (V{j1}));
  const std::string node_of_two = acc.find_job(j2)->nodes;
  ASSERT_FALSE(node_of_two.empty());
  EXPECT_EQ(ids({.nodes = {node_of_two, "nope"}}), (V{j2}));
  EXPECT_EQ(ids({.nodes = {"nope"}}), V{});
  // The job user's association (the dump's fourth line of associations: root, root's user,
  // the account, then the user) holds every job; the account's own holds none.
  EXPECT_EQ(acc.association_id(*acc.find_job(j1)), 4u);
  EXPECT_EQ(ids({.associations = {4}}), (V{j1, j2, j3}));
  EXPECT_EQ(ids({.associations = {3}}), V{});
}

TEST_F(HistoryTest, ResetEmptiesTheHistory) {
  submit(script("true"));
  sim_.advance(1);
  ASSERT_EQ(sim_.accounting()->job_count(), 1u);
  sim_.reset();
  EXPECT_EQ(sim_.accounting()->job_count(), 0u);
  EXPECT_NE(sim_.accounting()->find_user("ec2-user"), nullptr);  // the seed stays
}

// What an administrator's sacctmgr add/remove does (measured through the REST API on 22.05:
// docs/oracle-notes/accounting-22.05.md, "Writes (root)").
TEST(AccountingChanges, AddAndRemove) {
  Accounting db(default_accounting_seed("c1"));
  EXPECT_TRUE(db.add_account({"a1", "d", "o"}));
  EXPECT_FALSE(db.add_account({"a1", "other", "o"}));  // adding again changes nothing
  EXPECT_EQ(db.find_account("a1")->description, "d");
  EXPECT_TRUE(db.add_user("u1"));
  EXPECT_EQ(db.find_user("u1")->default_account, "");  // no association yet
  const size_t before = db.associations().size();
  EXPECT_FALSE(db.add_association("nope", "u1", ""));
  EXPECT_TRUE(db.add_association("a1", "u1", ""));
  EXPECT_FALSE(db.add_association("a1", "u1", ""));
  ASSERT_EQ(db.associations().size(), before + 1);
  EXPECT_EQ(db.associations().back().id, before + 1);
  EXPECT_EQ(db.associations().back().qos, std::vector<std::string>{"normal"});
  EXPECT_EQ(db.find_user("u1")->default_account, "a1");  // the first becomes the default

  EXPECT_EQ(db.add_wckey("w1", "u1"), 1u);
  EXPECT_EQ(db.add_wckey("w1", "u1"), 0u);
  EXPECT_EQ(db.find_user("u1")->default_wckey, "w1");
  EXPECT_TRUE(db.add_qos("q1", "qd"));
  EXPECT_EQ(db.find_qos("q1")->id, 2u);

  EXPECT_EQ(db.remove_associations("", "nobody", "").size(), 0u);
  auto removed = db.remove_associations("a1", "u1", "");
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].user, "u1");
  ASSERT_TRUE(db.remove_wckey("1").has_value());
  EXPECT_EQ(db.find_user("u1")->default_wckey, "");
  EXPECT_FALSE(db.remove_wckey("w1").has_value());
  EXPECT_TRUE(db.remove_user("u1"));
  EXPECT_FALSE(db.remove_user("u1"));
  EXPECT_TRUE(db.remove_account("a1"));
  EXPECT_EQ(db.find_account("a1"), nullptr);
  EXPECT_TRUE(db.remove_qos("q1"));
  EXPECT_FALSE(db.remove_qos("q1"));
}

// What the 24.11/26.05 REST writes add besides (docs/oracle-notes/accounting-24.11.md): a user's
// administrator level, and an account with its association under root (accounts_association).
TEST(AccountingChanges, AdminLevelAndAccountAssociation) {
  Accounting db(default_accounting_seed("c1"));
  EXPECT_FALSE(db.set_admin_level("u1", "Operator"));  // no such user
  ASSERT_TRUE(db.add_user("u1"));
  EXPECT_TRUE(db.set_admin_level("u1", "Operator"));
  EXPECT_FALSE(db.set_admin_level("u1", "Operator"));
  EXPECT_EQ(db.find_user("u1")->admin_level, "Operator");

  EXPECT_FALSE(db.add_account_association("a1", "root"));  // no such account
  ASSERT_TRUE(db.add_account({"a1", "d", "o"}));
  const size_t before = db.associations().size();
  EXPECT_TRUE(db.add_account_association("a1", "root"));
  EXPECT_FALSE(db.add_account_association("a1", "root"));
  ASSERT_EQ(db.associations().size(), before + 1);
  const Association& a = db.associations().back();
  EXPECT_EQ(a.id, before + 1);
  EXPECT_EQ(a.account, "a1");
  EXPECT_EQ(a.user, "");
  EXPECT_EQ(a.parent_account, "root");
  EXPECT_EQ(a.qos, std::vector<std::string>{"normal"});

  // The REST writes of 24.11 and 26.05 leave the user without a default wckey.
  EXPECT_EQ(db.add_wckey("w1", "u1", false), 1u);
  EXPECT_EQ(db.find_user("u1")->default_wckey, "");
}

TEST_F(HistoryTest, ResetDropsChanges) {
  ASSERT_TRUE(sim_.accounting_for_update()->add_account({"extra", "", ""}));
  sim_.reset();
  EXPECT_EQ(sim_.accounting()->find_account("extra"), nullptr);
}

}  // namespace
}  // namespace scheduler_sim
