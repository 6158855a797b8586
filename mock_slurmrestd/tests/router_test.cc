// Router: slurmrestd's path matching (empty segments, numeric ids, optional last parameter).
#include "router.h"

#include <gtest/gtest.h>

namespace mock_slurmrestd {
namespace {

Response answer(const std::string& text) {
  Response r;
  r.body = text;
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/slurm/v0.0.36/ping", [](Request&) { return answer("ping"); });
    router_.add("POST", "/slurm/v0.0.36/job/submit", [](Request&) { return answer("submit"); });
    router_.add(
        "GET", "/slurm/v0.0.36/job/{job_id}",
        [](Request& r) {
          return answer(r.param("job_id") ? "job " + *r.param("job_id") : "job -");
        },
        ParamKind::kNumber);
    router_.add("GET", "/slurm/v0.0.36/node/{node_name}",
                [](Request& r) { return answer("node " + *r.param("node_name")); });
  }
  Response run(const std::string& method, const std::string& path) {
    Request r;
    r.method = method;
    r.path = path;
    return router_.dispatch(r);
  }
  Router router_;
};

TEST_F(RouterTest, IgnoresEmptySegments) {
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/ping").body, "ping");
  EXPECT_EQ(run("GET", "//slurm//v0.0.36/ping/").body, "ping");
}

TEST_F(RouterTest, ExactRoutesBeatParameters) {
  EXPECT_EQ(run("POST", "/slurm/v0.0.36/job/submit").body, "submit");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/submit").status, 405);
}

TEST_F(RouterTest, NumericParametersOnlyTakeNumbers) {
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/12").body, "job 12");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/-1").body, "job -1");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/2.5").body, "job 2.5");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/abc").status, 404);
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/1e3").status, 404);
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/node/queue1-dy-t3micro-1").body, "node queue1-dy-t3micro-1");
}

TEST_F(RouterTest, MissingLastParameterStillRoutes) {
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/").body, "job -");
}

TEST_F(RouterTest, UnknownPathAndMethodAnswers) {
  Response nf = run("GET", "/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.content_type, "text/plain");
  EXPECT_TRUE(nf.close_connection);
  Response na = run("DELETE", "/slurm/v0.0.36/ping");
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.body,
            "Requested REST method is not defined at URL. Please view /openapi/v3 for API "
            "reference.");
}

TEST(ParseQuery, DecodesPercentAndPlus) {
  auto q = parse_query("signal=SIGUSR1&a=b%20c+d&flag");
  EXPECT_EQ(q.find("signal")->second, "SIGUSR1");
  EXPECT_EQ(q.find("a")->second, "b c d");
  EXPECT_EQ(q.find("flag")->second, "");
}

TEST(ParseQuery, SemicolonSeparatesToo) {
  auto q = parse_query("a=1;b=2");
  EXPECT_EQ(q.find("a")->second, "1");
  EXPECT_EQ(q.find("b")->second, "2");
}

TEST_F(RouterTest, SegmentsAreDecodedAfterSplitting) {
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/node/a%2Fb").body, "node a/b");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/node/a%2Bb%20c").body, "node a+b c");
  EXPECT_EQ(run("GET", "/slurm/v0.0.36/job/%31%32").body, "job 12");
}

TEST(UrlRules, PathCharacters) {
  for (const char* ok : {"/slurm/v0.0.36/ping", "/a-b.c_d~e/", "/x%2Cy", "/x%01%7f", "", "/"})
    EXPECT_TRUE(valid_path(ok)) << ok;
  for (const char* bad :
       {"/1,2",  "/n[1-2]", "/a]",   "/a+b", "/a:b", "/a@b",  "/a!b",  "/a*b",   "/a;b",
        "/a=b",  "/a'b",    "/a(b)", "/a$b", "/a&b", "/a\"b", "/a<b",  "/a{b",   "/a|b",
        "/a\\b", "/a^b",    "/a`b",  "/a b", "/a%",  "/a%2",  "/a%zz", "/a%00b", "/\xc3\xa9"})
    EXPECT_FALSE(valid_path(bad)) << bad;
}

TEST(UrlRules, QueryCharactersAndPairs) {
  for (const char* ok : {"", "x", "x=", "x=1", "a=b+c", "a=%2C", "a=1&&b=2", "a=1;b=2", "x=~", "&"})
    EXPECT_TRUE(valid_query(ok)) << ok;
  for (const char* bad :
       {"x=1,2", "=x", "x=a=b", "x=a/b", "x=a?b", "x=a:b", "x=a@b", "x=a!b", "x=a*b", "x=a'b",
        "x=a$b", "x=a(b", "x=[a]", "x=%zz", "x=a%00b", "x=\xc3\xa9"})
    EXPECT_FALSE(valid_query(bad)) << bad;
}

TEST(UrlRules, SplitTargetDropsTheFragment) {
  std::string path, query;
  split_target("/a/b?x=1#frag", &path, &query);
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "x=1");
  split_target("/a#f?x=1", &path, &query);
  EXPECT_EQ(path, "/a");
  EXPECT_EQ(query, "");
}

}  // namespace
}  // namespace mock_slurmrestd
