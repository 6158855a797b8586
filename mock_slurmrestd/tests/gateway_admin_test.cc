// The admin API for gateway work: journal, fault rules, health, OpenAPI, body-less POSTs.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "admin/fault_rules.h"
#include "admin/request_journal.h"
#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

namespace ms = mock_slurmrestd;
using nlohmann::json;

namespace {

ms::Server make_server() {
  ms::ServerOptions o;
  o.port = 0;
  o.clock = ms::ClockMode::kManual;
  o.journal_limit = 3;
  o.journal_body_limit = 8;
  return ms::Server(scheduler_sim::default_cluster(), o);
}

std::multimap<std::string, std::string> auth(ms::Server& s) {
  return {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", s.mint_token("ec2-user")}};
}

json admin_json(ms::Server& s, const std::string& method, const std::string& target,
                const std::string& body = "", int want = 200) {
  ms::HttpResult r = s.handle(method, target, {}, body);
  EXPECT_EQ(r.status, want) << target << ": " << r.body;
  return json::parse(r.body);
}

// Sends `request` as is and reads until the server closes or `timeout` passes.
std::string raw_exchange(int port, const std::string& request, std::chrono::milliseconds timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ::send(fd, request.data(), request.size(), 0);
  std::string data;
  char buf[4096];
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.find("\r\n\r\n") != std::string::npos && data.find("}") != std::string::npos) break;
  }
  ::close(fd);
  return data;
}

}  // namespace

TEST(GlobMatch, StarsMatchAnyRun) {
  EXPECT_TRUE(ms::glob_match("*", "/slurm/v0.0.36/jobs"));
  EXPECT_TRUE(ms::glob_match("/slurm/*/jobs", "/slurm/v0.0.36/jobs"));
  EXPECT_TRUE(ms::glob_match("/slurm/*/job/*", "/slurm/v0.0.36/job/12"));
  EXPECT_FALSE(ms::glob_match("/slurm/*/jobs", "/slurm/v0.0.36/jobs/x"));
  EXPECT_FALSE(ms::glob_match("/slurm/*/job/*", "/slurm/v0.0.36/jobs"));
  EXPECT_TRUE(ms::glob_match("/a*b*c", "/axxbyyc"));
  EXPECT_FALSE(ms::glob_match("/a*b*c", "/axxbyy"));
  EXPECT_TRUE(ms::glob_match("/exact", "/exact"));
  EXPECT_FALSE(ms::glob_match("/exact", "/exactly"));
}

TEST(FaultRuleJson, ValidatesEveryField) {
  ms::FaultRule r;
  std::string error;
  EXPECT_TRUE(ms::fault_rule_from_json(
      json::parse(R"({"kind":"status","preset":"alb","status":504,"times":2})"), &r, &error))
      << error;
  EXPECT_EQ(r.content_type, "text/html");
  EXPECT_NE(r.body.find("504 Gateway Time-out"), std::string::npos);
  const char* bad[] = {R"({"kind":"boom"})",
                       R"({"path":"/x"})",
                       R"({"kind":"delay","times":-1})",
                       R"({"kind":"delay","probability":0})",
                       R"({"kind":"status","status":42})",
                       R"({"kind":"status","preset":"alb","status":500})",
                       R"({"kind":"slow_body","chunk_bytes":0})",
                       R"({"kind":"delay","color":"red"})",
                       R"({"kind":"delay","delay_ms":"soon"})",
                       R"([1])"};
  for (const char* text : bad) {
    error.clear();
    EXPECT_FALSE(ms::fault_rule_from_json(json::parse(text), &r, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
}

TEST(RequestJournal, BoundedOldestDroppedRedacted) {
  ms::RequestJournal j(2, 4);
  for (int i = 0; i < 3; ++i) {
    ms::RequestRecord r;
    r.method = "GET";
    r.path = "/p" + std::to_string(i);
    r.body = "abcdefgh";
    r.headers = {{"x-slurm-user-token", "secret"}, {"authorization", "Bearer s"}, {"x-a", "1"}};
    j.add(r);
  }
  auto all = j.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 2u);
  EXPECT_EQ(all[1].path, "/p2");
  EXPECT_EQ(j.dropped(), 1u);
  EXPECT_EQ(all[0].body, "abcd");
  EXPECT_EQ(all[0].body_bytes, 8u);
  EXPECT_TRUE(all[0].body_truncated);
  EXPECT_EQ(all[0].headers.find("x-slurm-user-token")->second, ms::kRedacted);
  EXPECT_EQ(all[0].headers.find("authorization")->second, ms::kRedacted);
  EXPECT_EQ(all[0].headers.find("x-a")->second, "1");
}

TEST(GatewayAdmin, HealthAndOpenApiNeedNoAuth) {
  ms::Server s = make_server();
  json health = admin_json(s, "GET", "/mock/v1/health");
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["version"], ms::mock_version());
  json doc = admin_json(s, "GET", "/mock/v1/openapi.json");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const char* path : {"/mock/v1/requests", "/mock/v1/faults/rules", "/mock/v1/health",
                           "/mock/v1/faults", "/mock/v1/clock/advance", "/mock/v1/reset"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  EXPECT_TRUE(doc["paths"]["/mock/v1/faults/rules"].contains("post"));
}

TEST(GatewayAdmin, JournalKeepsTheNewestAndFilters) {
  ms::Server s = make_server();
  s.handle("GET", "/slurm/v0.0.36/ping", auth(s), "");
  s.handle("GET", "/slurm/v0.0.36/nodes?update_time=1", auth(s), "");
  s.handle("POST", "/slurm/v0.0.36/job/submit", auth(s), R"({"job":{}})");
  s.handle("GET", "/slurm/v0.0.36/jobs", {{"X-SLURM-USER-NAME", "ec2-user"}}, "");  // 401
  json all = admin_json(s, "GET", "/mock/v1/requests");
  ASSERT_EQ(all["requests"].size(), 3u);  // journal_limit 3: the first one went
  EXPECT_EQ(all["dropped"], 1);
  EXPECT_EQ(all["requests"][0]["query"], "update_time=1");
  EXPECT_EQ(all["requests"][1]["body"], R"({"job":{)");  // journal_body_limit 8
  EXPECT_EQ(all["requests"][1]["body_truncated"], true);
  EXPECT_EQ(all["requests"][2]["status"], 401);
  EXPECT_EQ(all["requests"][2]["user"], "");
  EXPECT_EQ(admin_json(s, "GET", "/mock/v1/requests?method=post")["requests"].size(), 1u);
  EXPECT_EQ(
      admin_json(s, "GET", "/mock/v1/requests?path_prefix=/slurm/v0.0.36/no")["requests"].size(),
      1u);
  EXPECT_EQ(admin_json(s, "GET", "/mock/v1/requests?since=3")["requests"].size(), 1u);
  admin_json(s, "GET", "/mock/v1/requests?since=x", "", 400);
  admin_json(s, "DELETE", "/mock/v1/requests");
  EXPECT_TRUE(admin_json(s, "GET", "/mock/v1/requests")["requests"].empty());
}

TEST(GatewayAdmin, FaultRulesReplaceAnswersAndCount) {
  ms::Server s = make_server();
  json added = admin_json(
      s, "POST", "/mock/v1/faults/rules",
      R"([{"kind":"status","status":503,"preset":"apigw","path":"/slurm/*/ping","times":1}])", 201);
  ASSERT_EQ(added["rules"].size(), 1u);
  ms::HttpResult hit = s.handle("GET", "/slurm/v0.0.36/ping", auth(s), "");
  EXPECT_EQ(hit.status, 503);
  EXPECT_EQ(hit.content_type, "application/json");
  EXPECT_EQ(hit.body, R"({"message": "Service Unavailable"})");
  EXPECT_EQ(s.handle("GET", "/slurm/v0.0.36/ping", auth(s), "").status, 200);
  json rules = admin_json(s, "GET", "/mock/v1/faults/rules");
  EXPECT_EQ(rules["rules"][0]["fired"], 1);
  json journal = admin_json(s, "GET", "/mock/v1/requests");
  EXPECT_EQ(journal["requests"][0]["fault"], "rule 1: status 503");
  // A bad rule in a list adds none; DELETE by id; an unknown id is 404.
  admin_json(s, "POST", "/mock/v1/faults/rules", R"([{"kind":"delay"},{"kind":"nope"}])", 400);
  EXPECT_EQ(admin_json(s, "GET", "/mock/v1/faults/rules")["rules"].size(), 1u);
  admin_json(s, "DELETE", "/mock/v1/faults/rules/1");
  admin_json(s, "DELETE", "/mock/v1/faults/rules/1", "", 404);
  // DELETE /mock/v1/faults and reset clear rules too.
  admin_json(s, "POST", "/mock/v1/faults/rules", R"({"kind":"reset"})", 201);
  admin_json(s, "DELETE", "/mock/v1/faults");
  EXPECT_TRUE(admin_json(s, "GET", "/mock/v1/faults/rules")["rules"].empty());
  admin_json(s, "POST", "/mock/v1/faults/rules", R"({"kind":"reset"})", 201);
  s.reset();
  EXPECT_TRUE(admin_json(s, "GET", "/mock/v1/faults/rules")["rules"].empty());
}

// `curl -X POST URL` sends no Content-Length: the body is empty, not "until the peer closes".
TEST(GatewayAdmin, PostWithoutContentLengthIsAnsweredAtOnce) {
  ms::Server s = make_server();
  int port = s.start();
  auto start = std::chrono::steady_clock::now();
  std::string answer =
      raw_exchange(port, "POST /mock/v1/clock/advance?seconds=60 HTTP/1.1\r\nHost: x\r\n\r\n",
                   std::chrono::seconds(5));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << answer;
  EXPECT_NE(answer.find("\"mode\": \"manual\""), std::string::npos) << answer;
  EXPECT_LT(took, std::chrono::seconds(2));
  answer = raw_exchange(port, "DELETE /mock/v1/requests HTTP/1.1\r\nHost: x\r\n\r\n",
                        std::chrono::seconds(5));
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 200") << answer;
  s.stop();
}

// -v: the access log line carries the time, the user, the latency and the refusal reason.
TEST(GatewayAdmin, DetailedAccessLog) {
  std::ostringstream log;
  ms::ServerOptions o;
  o.port = 0;
  o.access_log = &log;
  o.access_log_detail = true;
  ms::Server s(scheduler_sim::default_cluster(), o);
  int port = s.start();
  std::string token = s.mint_token("ec2-user");
  raw_exchange(port,
               "GET /slurm/v0.0.36/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: " +
                   token + "\r\n\r\n",
               std::chrono::seconds(5));
  raw_exchange(port,
               "GET /slurm/v0.0.36/jobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               "X-SLURM-USER-NAME: ec2-user\r\nX-SLURM-USER-TOKEN: a.b\r\n\r\n",
               std::chrono::seconds(5));
  s.stop();  // joins the workers: every line is written
  std::istringstream lines(log.str());
  std::string ok, refused;
  std::getline(lines, ok);
  std::getline(lines, refused);
  EXPECT_TRUE(std::regex_search(
      ok,
      std::regex(
          R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1:\d+ "GET /slurm/v0\.0\.36/ping" 200 \d+ user=ec2-user latency_ms=\d+\.\d\d$)")))
      << ok;
  EXPECT_TRUE(std::regex_search(
      refused,
      std::regex(
          R"("GET /slurm/v0\.0\.36/jobs" 500 \d+ user=- latency_ms=\d+\.\d\d refused="malformed_token)")))
      << refused;
  EXPECT_EQ(log.str().find(token), std::string::npos);  // the token never reaches the log
}
