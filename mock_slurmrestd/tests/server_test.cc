// End-to-end tests over real sockets: the AWS blog's flow and the daemon's error answers.
#include "mock_slurmrestd/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scheduler_sim/slurm_conf.h"

namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One request with the target written byte for byte (clients would escape "[", ",", "é"...).
struct RawAnswer {
  int status = 0;
  std::string body;
};
RawAnswer raw_request(int port, const std::string& method, const std::string& target,
                      const std::string& headers, const std::string& body = "") {
  RawAnswer out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return out;
  }
  std::string req =
      method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers;
  if (!body.empty() || method == "POST" || method == "PUT")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  ::send(fd, req.data(), req.size(), 0);
  std::string data;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof(buf), 0)) > 0;) data.append(buf, n);
  ::close(fd);
  if (data.size() > 12) out.status = std::stoi(data.substr(9, 3));
  size_t sep = data.find("\r\n\r\n");
  if (sep != std::string::npos) out.body = data.substr(sep + 4);
  return out;
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
  std::string auth_lines() const {
    return "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: " + token_ + "\r\n";
  }
  RawAnswer raw(const std::string& target, const std::string& method = "GET",
                const std::string& extra = "", const std::string& body = "") {
    return raw_request(port_, method, target, auth_lines() + extra, body);
  }

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

  // The clock is manual and the script only echoes (no run time, like `true` on the real
  // cluster, which ends before the first poll): the job started and ended at its submit instant.
  auto read = get("/slurm/v0.0.36/job/" + std::to_string(id));
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200);
  json j = body_of(read)["jobs"][0];
  EXPECT_EQ(j["job_id"], id);
  EXPECT_EQ(j["name"], "test");
  EXPECT_EQ(j["job_state"], "COMPLETED");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["submit_time"], 1700000000);
  EXPECT_EQ(j["start_time"], 1700000000);
  EXPECT_EQ(j["end_time"], 1700000000);
  EXPECT_EQ(j["nodes"], "queue1-dy-t3micro-1");
  EXPECT_EQ(j["partition"], "queue1");
  EXPECT_EQ(j["standard_output"], "/home/ec2-user/test.out");

  // Time passing changes nothing for a finished job.
  server_->advance_clock(30);
  json later = body_of(get("/slurm/v0.0.36/job/" + std::to_string(id)))["jobs"][0];
  EXPECT_EQ(later["job_state"], "COMPLETED");
  EXPECT_EQ(later["end_time"], 1700000000);
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
  auto sub =
      post_json("/slurm/v0.0.36/job/submit",
                R"({"job":{"environment":{"PATH":"/bin"},"current_working_directory":"/tmp"},)"
                R"("script":"#!/bin/bash\nsleep 600"})");
  ASSERT_EQ(sub->status, 200) << sub->body;
  int id = body_of(sub)["job_id"];
  server_->advance_clock(10);
  json before = body_of(get("/slurm/v0.0.36/job/" + std::to_string(id)))["jobs"][0];
  ASSERT_EQ(before["job_state"], "RUNNING");
  auto del = client_->Delete("/slurm/v0.0.36/job/" + std::to_string(id), auth_);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 200);
  json j = body_of(get("/slurm/v0.0.36/job/" + std::to_string(id)))["jobs"][0];
  EXPECT_EQ(j["job_state"], "CANCELLED");
  EXPECT_EQ(j["exit_code"], 15);  // scancel's SIGTERM
  EXPECT_EQ(j["end_time"], 1700000010);
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

// The daemon refuses raw characters outside the unreserved set in the path (before routing,
// after the auth headers check); escaped, the same characters are fine.
TEST_F(ServerTest, UnparsableUrlPaths) {
  for (const char* target :
       {"/slurm/v0.0.36/job/1,2", "/slurm/v0.0.36/node/queue1-dy-t3micro-[1-2]",
        "/slurm/v0.0.36/node/a+b", "/slurm/v0.0.36/node/a:b", "/slurm/v0.0.36/node/a%zz",
        "/slurm/v0.0.36/node/a%00b", "/slurm/v0.0.36/no,such", "/slurm/v0.0.36/node/x\xc3\xa9"}) {
    RawAnswer r = raw(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body, "Unable to parse URL path.") << target;
  }
  EXPECT_EQ(raw_request(port_, "GET", "/slurm/v0.0.36/job/1,2", "").status, 401);
  // Escaped: the segment is decoded after splitting, so "%2C" reaches the router as ",".
  EXPECT_EQ(raw("/slurm/v0.0.36/job/1%2C2").status, 404);
  EXPECT_EQ(raw("/slurm/v0.0.36/partition/queue%31").status, 200);
  RawAnswer node = raw("/slurm/v0.0.36/node/queue1-dy-t3micro-%5B1-2%5D");
  EXPECT_EQ(node.status, 500);
  EXPECT_EQ(json::parse(node.body)["errors"][0]["errno"], 2018);
  EXPECT_EQ(raw("/slurm/v0.0.36/node/queue1-dy-t3micro-1#frag").status, 200);
}

// GET and DELETE read the query; POST reads the body instead. Refusals come after routing and
// Accept, before the endpoint (so before a refused token shows).
TEST_F(ServerTest, QueryAndBodyChecksInTheDaemonsOrder) {
  for (const char* target :
       {"/slurm/v0.0.36/ping?x=1,2", "/slurm/v0.0.36/ping?=x", "/slurm/v0.0.36/ping?x=a=b",
        "/slurm/v0.0.36/jobs?x=a/b", "/slurm/v0.0.36/ping?x=a%00b"}) {
    RawAnswer r = raw(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body, "Unable to parse query.") << target;
  }
  for (const char* target : {"/slurm/v0.0.36/ping?x", "/slurm/v0.0.36/ping?x=&&y=a+b;z=%2C~"}) {
    EXPECT_EQ(raw(target).status, 200) << target;
  }
  EXPECT_EQ(raw("/slurm/v0.0.36/nope?x=1,2").status, 404);
  EXPECT_EQ(raw("/slurm/v0.0.36/ping?x=1,2", "PUT").status, 405);
  EXPECT_EQ(raw("/slurm/v0.0.36/ping?x=1,2", "GET", "Accept: text/html\r\n").status, 415);
  EXPECT_EQ(raw("/slurm/v0.0.36/job/submit", "POST",
                "Accept: text/html\r\nContent-Type: application/json\r\n", "nope")
                .status,
            415);
  RawAnswer get_body =
      raw("/slurm/v0.0.36/ping", "GET", "Content-Type: application/json\r\n", "{}");
  EXPECT_EQ(get_body.status, 400);
  EXPECT_EQ(get_body.body, "Unexpected http body provided for non-POST method");
  // A refused token only shows once the request data has been read.
  std::string bad_token = "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: garbage\r\n";
  EXPECT_EQ(raw_request(port_, "GET", "/slurm/v0.0.36/ping?x=1,2", bad_token).body,
            "Unable to parse query.");
  EXPECT_EQ(raw_request(port_, "POST", "/slurm/v0.0.36/job/0",
                        bad_token + "Content-Type: application/json\r\n", "nope")
                .body,
            "Unable to parse query.");
  // POST ignores its query; an empty body is an empty document whatever its type.
  RawAnswer post = raw("/slurm/v0.0.36/job/submit?x=1,2", "POST");
  EXPECT_EQ(post.status, 500);
  EXPECT_EQ(json::parse(post.body)["errors"][0]["error"], "Job script not specified");
}

TEST_F(ServerTest, RepeatedQueryParameterTheLastWins) {
  RawAnswer r = raw("/slurm/v0.0.36/job/999?signal=USR1&signal=HUP", "DELETE");
  EXPECT_EQ(json::parse(r.body)["errors"][0]["error"],
            "_handle_job_delete: unable to kill job 999 with signal 1: Invalid job id specified");
  RawAnswer semi = raw("/slurm/v0.0.36/job/999?x=1;signal=USR1", "DELETE");
  EXPECT_EQ(json::parse(semi.body)["errors"][0]["error"],
            "_handle_job_delete: unable to kill job 999 with signal 10: Invalid job id specified");
}

// The id is read as int64 (integers clamp at its limits, fractions round half to even and
// overflow to INT64_MIN), and messages print that int64.
TEST_F(ServerTest, JobIdReadAsTheDaemonReadsIt) {
  auto error_of = [this](const std::string& id) {
    return body_of(get("/slurm/v0.0.36/job/" + id))["errors"][0]["error"].get<std::string>();
  };
  const std::string prefix = "_op_handler_job: [[localhost]:";
  auto too_large = [&](const std::string& id) {
    std::string e = error_of(id);
    return e.rfind(prefix, 0) == 0 ? e.substr(e.find("] job_id") + 2) : e;
  };
  EXPECT_EQ(too_large("99999999999999999999"), "job_id too large: 9223372036854775807");
  EXPECT_EQ(too_large("0004294967296"), "job_id too large: 4294967296");
  EXPECT_EQ(too_large("4294967296.6"), "job_id too large: 4294967297");
  EXPECT_EQ(too_large("5000000000.5"), "job_id too large: 5000000000");
  EXPECT_EQ(too_large("4294967294"), "job_id too large: 4294967294");
  EXPECT_EQ(too_large("0.5"), "job_id is zero");
  EXPECT_EQ(error_of("4294967293"), "_handle_job_get: unknown job -3");
  EXPECT_EQ(error_of("99999999999999999999.5"), "_handle_job_get: unknown job 0");
  EXPECT_EQ(error_of("-99999999999999999999"), "_handle_job_get: unknown job 0");
  EXPECT_EQ(error_of("-4294967296"), "_handle_job_get: unknown job 0");
  EXPECT_EQ(error_of("-2.5"), "_handle_job_get: unknown job -2");
}

// slurmctld refreshes the job state counts every 30 s from its start; job_states_ts says when.
TEST_F(ServerTest, DiagJobCountsAreA30SecondSnapshot) {
  auto stats = [this] { return body_of(get("/slurm/v0.0.36/diag"))["statistics"]; };
  json s0 = stats();
  EXPECT_EQ(s0["req_time_start"], 1700000000);
  EXPECT_EQ(s0["job_states_ts"], 1700000000);
  EXPECT_GT(s0["gettimeofday_latency"].get<int64_t>(), 0);
  server_->advance_clock(5);
  auto sub =
      post_json("/slurm/v0.0.36/job/submit",
                R"({"job":{"environment":{"PATH":"/bin"},"current_working_directory":"/tmp"},)"
                R"("script":"#!/bin/bash\nsleep 600"})");
  ASSERT_EQ(sub->status, 200) << sub->body;
  json s1 = stats();
  EXPECT_EQ(s1["jobs_submitted"], 1);  // counters are live
  EXPECT_EQ(s1["jobs_running"], 0);    // the snapshot is not
  EXPECT_EQ(s1["job_states_ts"], 1700000000);
  server_->advance_clock(25);
  json s2 = stats();
  EXPECT_EQ(s2["job_states_ts"], 1700000030);
  EXPECT_EQ(s2["jobs_running"], 1);
  EXPECT_EQ(s2["jobs_pending"], 0);
  server_->advance_clock(29);
  EXPECT_EQ(stats()["job_states_ts"], 1700000030);
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

// A port in use is refused, as the real daemon refuses it ("Unable to bind socket: Address
// already in use", exit 1): a second mock must not share the first one's connections.
TEST_F(ServerTest, APortInUseIsRefused) {
  mock_slurmrestd::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = port_;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.jwt_key = std::string(32, 'o');  // another key: a shared port would show as 401s below
  mock_slurmrestd::Server second(scheduler_sim::default_cluster(), o);
  try {
    second.start();
    second.stop();
    FAIL() << "a second server listened on port " << port_;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Address already in use"), std::string::npos) << e.what();
  }
  // Every connection still reaches the first server.
  for (int i = 0; i < 20; ++i) {
    httplib::Client c("127.0.0.1", port_);
    auto r = c.Get("/slurm/v0.0.36/ping", auth_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

// A mock started again at once gets its port back although the connections it served
// linger in TIME_WAIT.
TEST(ServerPort, ARestartedServerRebindsItsPort) {
  mock_slurmrestd::ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.jwt_key = std::string(32, 'k');
  auto first = std::make_unique<mock_slurmrestd::Server>(scheduler_sim::default_cluster(), o);
  const int port = first->start();
  // The server closes these connections first (an error answer ends the connection), so the
  // TIME_WAIT is on its side of the port.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(raw_request(port, "GET", "/slurm/v0.0.36/nope", "").status, 401);
  first->stop();
  first.reset();
  o.port = port;
  mock_slurmrestd::Server again(scheduler_sim::default_cluster(), o);
  EXPECT_EQ(again.start(), port);
  again.stop();
}

// ---- Injected faults (/mock/v1/faults) --------------------------------------------------------

class FaultsTest : public ServerTest {
 protected:
  json admin(const std::string& method, const std::string& target, int expect = 200) {
    auto r = method == "GET"    ? client_->Get(target)
             : method == "POST" ? client_->Post(target, "", "text/plain")
                                : client_->Delete(target);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, expect) << target;
    return json::parse(r->body);
  }
  // First error text, with the status and Connection header checked (every down answer is a
  // 500 that closes the connection).
  json down_body(const httplib::Result& r) {
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->get_header_value("Connection"), "close");
    return json::parse(r->body);
  }
  std::string submit_body() {
    return R"({"script":"#!/bin/bash\nsleep 100","job":{"name":"f","current_working_directory":"/tmp","environment":{"A":"1"}}})";
  }
};

TEST_F(FaultsTest, ControllerDownAnswersAsTheRealDaemon) {
  auto sub = post_json("/slurm/v0.0.36/job/submit", submit_body());
  ASSERT_EQ(sub->status, 200);
  std::string id = std::to_string(body_of(sub)["job_id"].get<int>());
  json st = admin("POST", "/mock/v1/faults?controller=down&controller_retry_ms=0");
  EXPECT_EQ(st["controller"], "down");
  EXPECT_EQ(st["controller_retry_ms"], 0);

  json ping = down_body(get("/slurm/v0.0.36/ping"));
  ASSERT_EQ(ping["errors"].size(), 2u);
  EXPECT_EQ(ping["errors"][0]["errno"], 1800);
  EXPECT_EQ(ping["errors"][1]["error"], "_op_handler_ping: slurmctld config is missing");
  EXPECT_FALSE(ping.contains("pings"));
  json diag = down_body(get("/slurm/v0.0.36/diag"));
  EXPECT_EQ(diag["errors"][0]["errno"], -1);
  EXPECT_TRUE(diag["statistics"].is_object() && diag["statistics"].empty());
  json jobs = down_body(get("/slurm/v0.0.36/jobs"));
  EXPECT_TRUE(jobs["errors"].empty());
  EXPECT_TRUE(jobs["jobs"].empty());
  json job = down_body(get("/slurm/v0.0.36/job/" + id));
  EXPECT_EQ(job["errors"][0]["error"], "_handle_job_get: unknown job " + id);
  json nodes = down_body(get("/slurm/v0.0.36/node/queue1-dy-t3micro-1"));
  EXPECT_EQ(nodes["errors"][0]["errno"], 2018);
  EXPECT_TRUE(nodes["nodes"].empty());
  json parts = down_body(get("/slurm/v0.0.36/partitions"));
  EXPECT_EQ(parts["errors"][0]["error"], "Invalid partition name specified");
  auto submit_r = post_json("/slurm/v0.0.36/job/submit", submit_body());
  json submit = down_body(submit_r);
  EXPECT_EQ(nlohmann::ordered_json::parse(submit_r->body)["errors"][0].begin().key(),
            "error_code");  // the daemon's key order
  EXPECT_EQ(submit["errors"][0]["error"], "Unable to contact slurm controller (connect failure)");
  json del = down_body(client_->Delete("/slurm/v0.0.36/job/" + id + "?signal=SIGTERM", auth_));
  EXPECT_EQ(del["errors"][0]["error"],
            "_handle_job_delete: unable to kill job " + id +
                " with signal 15: Unable to contact slurm controller (connect failure)");

  // Judged before any slurmctld call, so unchanged: an invalid signal, a body without a script.
  auto badsig = client_->Delete("/slurm/v0.0.36/job/" + id + "?signal=FOO", auth_);
  EXPECT_EQ(body_of(badsig)["errors"][0]["error"], "_op_handler_job: invalid signal: 0");
  auto noscript = post_json("/slurm/v0.0.36/job/submit", R"({"job":{}})");
  EXPECT_EQ(body_of(noscript)["errors"][0]["error"], "Job script not specified");
  // A refused token is never checked (slurmctld does that): same down answer.
  httplib::Headers bad = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", "garbage"}};
  EXPECT_EQ(down_body(client_->Get("/slurm/v0.0.36/ping", bad))["errors"][0]["errno"], 1800);
  // The daemon's own document needs no controller.
  EXPECT_EQ(get("/openapi/v3")->status, 200);

  // Back up: nothing happened while it was down (no second job, the first not cancelled).
  admin("POST", "/mock/v1/faults?controller=up");
  auto after = get("/slurm/v0.0.36/jobs");
  ASSERT_EQ(after->status, 200);
  ASSERT_EQ(body_of(after)["jobs"].size(), 1u);
  EXPECT_NE(body_of(after)["jobs"][0]["job_state"], "CANCELLED");
}

TEST_F(FaultsTest, ControllerDownTakesTheRetryPeriodPerCall) {
  admin("POST", "/mock/v1/faults?controller=down&controller_retry_ms=120");
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/slurm/v0.0.36/ping")->status, 500);
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/slurm/v0.0.36/job/5")->status, 500);  // two calls: load, then look up again
  auto t2 = std::chrono::steady_clock::now();
  using std::chrono::milliseconds;
  EXPECT_GE(t1 - t0, milliseconds(120));
  EXPECT_GE(t2 - t1, milliseconds(240));
  // The default is the observed 9 s, and reset clears every fault.
  EXPECT_EQ(admin("DELETE", "/mock/v1/faults")["controller_retry_ms"], 9000);
  admin("POST", "/mock/v1/faults?controller=down");
  client_->Post("/mock/v1/reset", "", "text/plain");
  EXPECT_EQ(admin("GET", "/mock/v1/faults")["controller"], "up");
  EXPECT_EQ(get("/slurm/v0.0.36/ping")->status, 200);
}

TEST_F(FaultsTest, LatencyDelaysSlurmResponsesConcurrently) {
  EXPECT_EQ(admin("POST", "/mock/v1/faults?latency_ms=300")["latency_ms"], 300);
  auto t0 = std::chrono::steady_clock::now();
  // Two clients at once: the delay is slept outside the simulator lock, so they overlap.
  httplib::Client other("127.0.0.1", port_);
  auto fut = std::async(std::launch::async,
                        [&] { return other.Get("/slurm/v0.0.36/jobs", auth_)->status; });
  EXPECT_EQ(get("/slurm/v0.0.36/ping")->status, 200);
  EXPECT_EQ(fut.get(), 200);
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  EXPECT_LT(elapsed, std::chrono::milliseconds(590));
  // Errors are delayed too; the admin API is not.
  auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->Get("/slurm/v0.0.36/ping")->status, 401);
  EXPECT_GE(std::chrono::steady_clock::now() - t1, std::chrono::milliseconds(300));
  auto t2 = std::chrono::steady_clock::now();
  admin("GET", "/mock/v1/faults");
  EXPECT_LT(std::chrono::steady_clock::now() - t2, std::chrono::milliseconds(250));
}

TEST_F(FaultsTest, BadFaultParametersChangeNothing) {
  admin("POST", "/mock/v1/faults?controller=sideways&latency_ms=5", 400);
  admin("POST", "/mock/v1/faults?latency_ms=-1", 400);
  admin("POST", "/mock/v1/faults?latency_ms=5&controller_retry_ms=x", 400);
  json st = admin("GET", "/mock/v1/faults");
  EXPECT_EQ(st["controller"], "up");
  EXPECT_EQ(st["latency_ms"], 0);
  EXPECT_EQ(st["controller_retry_ms"], 9000);
}

// Two servers, same start time and inputs under a manual clock: byte-identical HTTP answers.
std::string http_transcript(const std::string& token) {
  mock_slurmrestd::ServerOptions o;
  o.clock = mock_slurmrestd::ClockMode::kManual;
  o.start_time = 1700000000;
  o.seed = 3;
  o.jwt_key = std::string(32, 'k');
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), o);
  std::multimap<std::string, std::string> h = {{"X-SLURM-USER-NAME", "ec2-user"},
                                               {"X-SLURM-USER-TOKEN", token},
                                               {"Content-Type", "application/json"}};
  std::string out;
  auto call = [&](const std::string& method, const std::string& target,
                  const std::string& body = "") {
    auto r = server.handle(method, target, h, body, "[localhost]:40000");
    out += method + " " + target + " " + std::to_string(r.status) + "\n" + r.body + "\n";
  };
  const std::string env = R"("current_working_directory":"/tmp","environment":{"A":"1"})";
  for (int i = 0; i < 30; ++i) {
    std::string job = R"({"script":"#!/bin/bash\nsleep )" + std::to_string(30 + 17 * i) +
                      R"(","job":{"name":"r)" + std::to_string(i % 3) + R"(",)" + env;
    if (i % 4 == 0) job += R"(,"time_limit":1)";
    if (i % 5 == 0) job += R"(,"array":"1-3%2")";
    if (i % 6 == 3) job += R"(,"dependency":"afterok:)" + std::to_string(i) + "\"";
    if (i % 7 == 2) job += R"(,"partition":"queue2","nodes":"2")";
    call("POST", "/slurm/v0.0.36/job/submit", job + "}}");
    if (i % 8 == 5) call("DELETE", "/slurm/v0.0.36/job/" + std::to_string(i - 2));
    if (i % 3 == 0) server.advance_clock(25);
  }
  for (int k = 0; k < 6; ++k) {
    call("GET", "/slurm/v0.0.36/jobs");
    call("GET", "/slurm/v0.0.36/nodes");
    call("GET", "/slurm/v0.0.36/partitions");
    call("GET", "/slurm/v0.0.36/diag");
    call("GET", "/slurm/v0.0.36/job/4");
    server.advance_clock(120);
  }
  return out;
}

TEST(Reproducibility, SameInputsGiveByteIdenticalHttpAnswers) {
  mock_slurmrestd::ServerOptions o;
  o.jwt_key = std::string(32, 'k');
  o.clock = mock_slurmrestd::ClockMode::kManual;
  std::string token =
      mock_slurmrestd::Server(scheduler_sim::default_cluster(), o).mint_token("ec2-user", 3600);
  std::string a = http_transcript(token);
  std::string b = http_transcript(token);
  EXPECT_NE(a.find("\"job_state\": \"COMPLETED\""), std::string::npos);
  EXPECT_NE(a.find("\"job_state\": \"TIMEOUT\""), std::string::npos);
  EXPECT_NE(a.find("\"job_state\": \"CANCELLED\""), std::string::npos);
  EXPECT_EQ(a.find("\n500\n"), std::string::npos);
  EXPECT_EQ(a, b);
}

}  // namespace
