// End-to-end tests over real sockets: the AWS blog's flow and the daemon's error answers.
#include "mock_slurmrestd/server.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "scheduler_sim/slurm_conf.h"

namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock_slurmrestd::ServerOptions o;
    o.port = 0;
    o.clock = mock_slurmrestd::ClockMode::kManual;
    o.start_time = 1700000000;
    o.jwt_key = std::string(32, 'k');
    server_ = std::make_unique<mock_slurmrestd::Server>(scheduler_sim::default_cluster(), o);
    port_ = server_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    token_ = server_->mint_token("ec2-user", 3600);
    auth_ = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", token_}};
  }
  void TearDown() override { server_->stop(); }

  httplib::Result get(const std::string& path) { return client_->Get(path, auth_); }
  httplib::Result post_json(const std::string& path, const std::string& body) {
    return client_->Post(path, auth_, body, "application/json");
  }
  json body_of(const httplib::Result& r) { return json::parse(r->body); }

  std::unique_ptr<mock_slurmrestd::Server> server_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
  std::string token_;
  httplib::Headers auth_;
};

TEST_F(ServerTest, BindsAnEphemeralPortAndReportsIt) {
  EXPECT_GT(port_, 0);
  EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(port_));
}

TEST_F(ServerTest, PingCarriesTheEnvelope) {
  auto r = get("/slurm/v0.0.36/ping");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  json b = body_of(r);
  EXPECT_EQ(b["meta"]["plugin"]["type"], "openapi/v0.0.36");
  EXPECT_EQ(b["meta"]["Slurm"]["release"], "22.05.8");
  EXPECT_TRUE(b["errors"].is_array());
  EXPECT_TRUE(b["errors"].empty());
  ASSERT_EQ(b["pings"].size(), 1u);
  EXPECT_EQ(b["pings"][0]["ping"], "UP");
}

// The blog: list partitions, submit job.json, read the job back until it completes.
TEST_F(ServerTest, BlogWorkflowEndToEnd) {
  auto parts = get("/slurm/v0.0.36/partitions");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->status, 200);
  json p = body_of(parts);
  ASSERT_FALSE(p["partitions"].empty());
  EXPECT_EQ(p["partitions"][0]["name"], "queue1");
  EXPECT_EQ(p["partitions"][0]["nodes"], "queue1-dy-t3micro-[1-10]");

  std::string job = read_file(std::string(MOCK_SOURCE_DIR) + "/fixtures/jobs/blog_job.json");
  ASSERT_FALSE(job.empty());
  auto sub = post_json("/slurm/v0.0.36/job/submit", job);
  ASSERT_TRUE(sub);
  ASSERT_EQ(sub->status, 200) << sub->body;
  json s = body_of(sub);
  ASSERT_TRUE(s["job_id"].is_number_integer());
  EXPECT_EQ(s["step_id"], "BATCH");
  int id = s["job_id"];

  auto running = get("/slurm/v0.0.36/job/" + std::to_string(id));
  ASSERT_TRUE(running);
  ASSERT_EQ(running->status, 200);
  json j = body_of(running)["jobs"][0];
  EXPECT_EQ(j["job_id"], id);
  EXPECT_EQ(j["name"], "test");
  EXPECT_EQ(j["job_state"], "RUNNING");
  EXPECT_EQ(j["partition"], "queue1");
  EXPECT_EQ(j["standard_output"], "/home/ec2-user/test.out");

  server_->advance_clock(30);
  json done = body_of(get("/slurm/v0.0.36/job/" + std::to_string(id)))["jobs"][0];
  EXPECT_EQ(done["job_state"], "COMPLETED");
  EXPECT_EQ(done["exit_code"], 0);
}

TEST_F(ServerTest, MissingHeadersAreA401TextAnswer) {
  auto r = client_->Get("/slurm/v0.0.36/ping");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain");
  EXPECT_EQ(r->body, "Authentication failure");
}

TEST_F(ServerTest, GarbageTokenIsRefusedWithJsonErrors) {
  httplib::Headers h = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", "garbage"}};
  auto r = client_->Get("/slurm/v0.0.36/jobs", h);
  ASSERT_TRUE(r);
  // The real daemon answers a refused token on /jobs with a 500 and no error text at all.
  EXPECT_EQ(r->status, 500);
  json b = json::parse(r->body);
  EXPECT_TRUE(b["errors"].empty());
  EXPECT_TRUE(b["jobs"].is_array());
  EXPECT_TRUE(b["jobs"].empty());
  // And the server keeps serving.
  EXPECT_EQ(get("/slurm/v0.0.36/ping")->status, 200);
}

TEST_F(ServerTest, UnknownRoutesAndMethods) {
  auto r = get("/slurm/v0.0.36/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "Unable find requested URL. Please view /openapi/v3 for API reference.");
  auto m = client_->Put("/slurm/v0.0.36/ping", auth_, "", "application/json");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 405);
  EXPECT_EQ(get("/slurm/v0.0.36/job/abc")->status, 404);
}

TEST_F(ServerTest, UnknownJobNodeAndPartition) {
  auto j = get("/slurm/v0.0.36/job/999");
  ASSERT_TRUE(j);
  EXPECT_EQ(j->status, 500);
  json jb = body_of(j);
  EXPECT_EQ(jb["errors"][0]["error"], "_handle_job_get: unknown job 999");
  EXPECT_EQ(jb["errors"][0]["error_code"], 0);
  EXPECT_TRUE(jb["jobs"].empty());

  json nb = body_of(get("/slurm/v0.0.36/node/nope"));
  EXPECT_EQ(nb["errors"][0]["errno"], 2018);
  json pb = body_of(get("/slurm/v0.0.36/partition/nope"));
  EXPECT_EQ(pb["errors"][0]["errno"], 2000);
}

TEST_F(ServerTest, MalformedJsonBodyIsA400Text) {
  auto r = post_json("/slurm/v0.0.36/job/submit", "{bad");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "Unable to parse query.");
  EXPECT_EQ(get("/slurm/v0.0.36/ping")->status, 200);
}

TEST_F(ServerTest, CancelMovesARunningJobToCancelled) {
  auto sub = post_json("/slurm/v0.0.36/job/submit",
                       R"({"job":{"environment":{"PATH":"/bin"},"current_working_directory":"/tmp"},)"
                       R"("script":"#!/bin/bash\nsleep 600"})");
  ASSERT_EQ(sub->status, 200) << sub->body;
  int id = body_of(sub)["job_id"];
  auto del = client_->Delete("/slurm/v0.0.36/job/" + std::to_string(id), auth_);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 200);
  json j = body_of(get("/slurm/v0.0.36/job/" + std::to_string(id)))["jobs"][0];
  EXPECT_EQ(j["job_state"], "CANCELLED");
}

TEST_F(ServerTest, HeadIsLengthRequired) {
  auto r = client_->Head("/slurm/v0.0.36/ping", auth_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 411);
  EXPECT_FALSE(r->has_header("Content-Type"));
}

TEST_F(ServerTest, PartitionNamesMatchWithoutCase) {
  auto r = get("/slurm/v0.0.36/partition/QUEUE1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(body_of(r)["partitions"][0]["name"], "queue1");
}

TEST_F(ServerTest, SignalParameterQuirks) {
  // A negative number is reported as written; an empty value means the default SIGKILL.
  auto neg = client_->Delete("/slurm/v0.0.36/job/999?signal=-1", auth_);
  ASSERT_TRUE(neg);
  EXPECT_EQ(neg->status, 500);
  EXPECT_EQ(body_of(neg)["errors"][0]["error"], "_op_handler_job: invalid signal: -1");
  auto empty = client_->Delete("/slurm/v0.0.36/job/999?signal=", auth_);
  ASSERT_TRUE(empty);
  EXPECT_EQ(body_of(empty)["errors"][0]["error"],
            "_handle_job_delete: unable to kill job 999 with signal 9: Invalid job id specified");
}

TEST(ServerUnixSocket, ServesOverAUnixSocket) {
  mock_slurmrestd::ServerOptions o;
  o.unix_path = std::string(MOCK_BINARY_DIR) + "/server_test.sock";
  o.jwt_key = std::string(32, 'k');
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), o);
  server.start();
  EXPECT_EQ(server.url(), "unix:" + o.unix_path);
  httplib::Client c(o.unix_path);
  c.set_address_family(AF_UNIX);
  auto r = c.Get("/slurm/v0.0.36/ping", {{"X-SLURM-USER-NAME", "ec2-user"},
                                         {"X-SLURM-USER-TOKEN", server.mint_token("ec2-user")}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  server.stop();
}

}  // namespace
