// Job submission/update parsing, asserted against behaviour recorded from the real slurmrestd.
#include "v0_0_36/parse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "v0_0_36/cpu_frequency.h"

namespace mock_slurmrestd::v0_0_36 {
namespace {

const char* kScript = "#!/bin/bash\nsleep 300";

Json submit_with(Json props) {
  Json job = {{"environment", {{"PATH", "/bin:/usr/bin"}}}};
  for (auto it = props.begin(); it != props.end(); ++it) job[it.key()] = it.value();
  return Json{{"script", kScript}, {"job", job}};
}

// The rendered errors array of a result, as the daemon would print it.
std::string errors_of(const ParseResult& r) { return render_errors(r.errors).dump(); }

void expect_prop_failure(const Json& props, const std::string& key, const std::string& first,
                         int first_code) {
  ParseResult r = parse_job_submission(submit_with(props));
  ASSERT_FALSE(r.ok) << props.dump();
  EXPECT_EQ(r.status, 400);
  Json expected = Json::array();
  if (!first.empty()) expected.push_back({{"error", first}, {"error_code", first_code}});
  expected.push_back({{"error", "process failed for key " + key + " with error: Unspecified error"},
                      {"error_code", -1}});
  expected.push_back({{"error_code", 9001}, {"error", "Failure during parsing"}});
  EXPECT_EQ(errors_of(r), expected.dump()) << props.dump();
}

Json load_fixture(const std::string& name) {
  std::ifstream in(std::string(MOCK_SOURCE_DIR) + "/fixtures/jobs/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

TEST(ParseSubmit, UnparsableBodyIsTextPlain400) {
  ParseResult r = unparsable_body();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.text_body.value_or(""), "Unable to parse query.");
}

TEST(ParseSubmit, ScriptMissingVariantsAre500WithCode2009) {
  const std::string expected = R"([{"error_code":2009,"error":"Job script not specified"}])";
  for (const Json& body : {Json(nullptr), Json::array(), Json::array({submit_with({})}),
                           Json::object(), Json{{"job", submit_with({})["job"]}}}) {
    ParseResult r = parse_job_submission(body);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.status, 500) << body.dump();
    EXPECT_EQ(errors_of(r), expected) << body.dump();
  }
}

TEST(ParseSubmit, JobMissingIs400WithCode9002) {
  ParseResult r = parse_job_submission(Json{{"script", kScript}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      errors_of(r),
      R"([{"error_code":9002,"error":"Jobs description entry not found, empty or not dictionary or list"}])");
}

TEST(ParseSubmit, EnvironmentMissingOrEmpty) {
  const std::string expected =
      R"([{"error":"environment must be set","error_code":2127},{"error_code":9001,"error":"Failure during parsing"}])";
  for (const Json& job :
       {Json{{"hold", true}}, Json{{"hold", true}, {"environment", Json::object()}}}) {
    ParseResult r = parse_job_submission(Json{{"script", kScript}, {"job", job}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(errors_of(r), expected);
  }
}

// get_user_environment read like strtol into a C int; a timeout >= 0 stands in for the
// environment (measured: docs/oracle-notes/jobs-input.md).
TEST(ParseSubmit, UserEnvironmentStandsInForEnvironment) {
  for (const Json& v :
       {Json(1), Json(0), Json(4294967296LL), Json(nullptr), Json(""), Json("10L"), Json("s"),
        Json("set"), Json("Lxyz"), Json(" 10"), Json("-0"), Json("+5")}) {
    for (const Json& job : {Json{{"get_user_environment", v}},
                            Json{{"environment", Json::object()}, {"get_user_environment", v}}}) {
      ParseResult r = parse_job_submission(Json{{"script", kScript}, {"job", job}});
      EXPECT_TRUE(r.ok) << v.dump() << " " << errors_of(r);
    }
  }
}

TEST(ParseSubmit, NegativeUserEnvironmentTimeoutStillNeedsEnvironment) {
  const std::string expected =
      R"([{"error":"environment must be set","error_code":2127},{"error_code":9001,"error":"Failure during parsing"}])";
  for (const Json& v : {Json(-1), Json("-2"), Json("-1L"), Json(2147483648LL), Json(4294967295LL),
                        Json("9999999999999999999999")}) {
    ParseResult r =
        parse_job_submission(Json{{"script", kScript}, {"job", {{"get_user_environment", v}}}});
    EXPECT_EQ(r.status, 400) << v.dump();
    EXPECT_EQ(errors_of(r), expected) << v.dump();
    ParseResult with_env = parse_job_submission(
        Json{{"script", kScript},
             {"job", {{"environment", {{"A", "1"}}}, {"get_user_environment", v}}}});
    EXPECT_TRUE(with_env.ok) << v.dump();
  }
}

TEST(ParseSubmit, UserEnvironmentRefusedValues) {
  for (const Json& v : {Json(true), Json(false), Json(1.5), Json(1000.0), Json("true"), Json("10X"),
                        Json("10 "), Json("  "), Json("-"), Json("abcL"), Json("0x10")}) {
    ParseResult r =
        parse_job_submission(Json{{"script", kScript}, {"job", {{"get_user_environment", v}}}});
    EXPECT_EQ(r.status, 400) << v.dump();
    EXPECT_NE(errors_of(r).find("Invalid get user environment specification"), std::string::npos)
        << v.dump() << " " << errors_of(r);
  }
}

// tasks_per_node with a node count fixes the task count (tasks_per_node x minimum nodes).
TEST(ParseSubmit, TasksPerNodeWithNodeCountFixesTasks) {
  auto tasks_of = [](Json extra) {
    Json job{{"environment", {{"A", "1"}}}};
    job.update(extra);
    ParseResult r = parse_job_submission(Json{{"script", kScript}, {"job", job}});
    EXPECT_TRUE(r.ok) << extra.dump();
    return r.spec.tasks;
  };
  EXPECT_EQ(tasks_of({{"tasks_per_node", 2}, {"nodes", "2-3"}}), 4);
  EXPECT_EQ(tasks_of({{"tasks_per_node", 3}, {"nodes", 2}}), 6);
  EXPECT_EQ(tasks_of({{"tasks_per_node", 2}, {"nodes", 1}}), 2);
  EXPECT_EQ(tasks_of({{"tasks_per_node", 2}, {"nodes", 2}, {"tasks", 3}}), 3);
  EXPECT_EQ(tasks_of({{"tasks_per_node", 2}}), std::nullopt);
  EXPECT_EQ(tasks_of({{"tasks_per_node", 2}, {"nodes", Json::array({2, 3})}}), std::nullopt);
}

TEST(ParseSubmit, EnvironmentNotADictionary) {
  for (const Json& env : {Json::array({"PATH=/bin"}), Json("PATH=/bin")}) {
    ParseResult r =
        parse_job_submission(Json{{"script", kScript}, {"job", {{"environment", env}}}});
    expect_prop_failure({{"environment", env}}, "environment", "environment must be a dictionary",
                        -1);
    EXPECT_FALSE(r.ok);
  }
}

TEST(ParseSubmit, BlogJobFixture) {
  ParseResult r = parse_job_submission(load_fixture("blog_job.json"));
  ASSERT_TRUE(r.ok) << errors_of(r);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.spec.name.value_or(""), "test");
  EXPECT_EQ(r.spec.tasks.value_or(0), 1);  // "ntasks" is an accepted alias of "tasks"
  EXPECT_EQ(r.spec.nodes.value_or(""), "1");
  EXPECT_EQ(r.spec.current_working_directory.value_or(""), "/home/ec2-user");
  EXPECT_EQ(r.spec.standard_input.value_or(""), "/dev/null");
  EXPECT_EQ(r.spec.standard_output.value_or(""), "/home/ec2-user/test.out");
  EXPECT_EQ(r.spec.standard_error.value_or(""), "/home/ec2-user/test_error.out");
  EXPECT_EQ(r.spec.environment.size(), 2u);
  EXPECT_EQ(r.spec.script, "#!/bin/bash\necho 'I am from the REST API'");
}

TEST(ParseSubmit, OtherFixturesParse) {
  for (const char* f : {"sleep_job.json", "fail_job.json", "time_limited_job.json",
                        "array_job.json", "held_job.json"}) {
    ParseResult r = parse_job_submission(load_fixture(f));
    EXPECT_TRUE(r.ok) << f << " " << errors_of(r);
  }
  EXPECT_EQ(parse_job_submission(load_fixture("array_job.json")).spec.array.value_or(""), "1-3");
  EXPECT_TRUE(parse_job_submission(load_fixture("held_job.json")).spec.hold.value_or(false));
  EXPECT_EQ(parse_job_submission(load_fixture("time_limited_job.json")).spec.time_limit.value_or(0),
            1);
}

TEST(ParseSubmit, BadFixturesFail) {
  for (const char* f :
       {"bad_missing_environment.json", "bad_tasks_type.json", "bad_unknown_key.json"}) {
    EXPECT_FALSE(parse_job_submission(load_fixture(f)).ok) << f;
  }
}

TEST(ParseSubmit, IntegerCoercions) {
  EXPECT_EQ(parse_job_submission(submit_with({{"tasks", "2"}})).spec.tasks.value_or(0), 2);
  EXPECT_EQ(parse_job_submission(submit_with({{"tasks", "+3"}})).spec.tasks.value_or(0), 3);
  EXPECT_EQ(parse_job_submission(submit_with({{"tasks", 1.5}})).spec.tasks.value_or(0), 2);
  EXPECT_EQ(parse_job_submission(submit_with({{"tasks", 2.5}})).spec.tasks.value_or(0), 2);
  EXPECT_EQ(parse_job_submission(submit_with({{"tasks", 1.4}})).spec.tasks.value_or(0), 1);
  for (const Json& bad : {Json("x"), Json(true), Json(nullptr), Json::array({2}), Json::object(),
                          Json("1.5"), Json(" 2 "), Json("0x10")}) {
    expect_prop_failure({{"tasks", bad}}, "tasks", "Unable to read integer value", 9202);
  }
  expect_prop_failure({{"tasks", 0}}, "tasks", "ntasks too small", -1);
  expect_prop_failure({{"tasks", -1}}, "tasks", "ntasks too small", -1);
  expect_prop_failure({{"tasks", int64_t{1} << 40}}, "tasks", "ntasks too large", -1);
  expect_prop_failure({{"ntasks", "x"}}, "ntasks", "Unable to read integer value", 9202);
  expect_prop_failure({{"cpus_per_task", -1}}, "cpus_per_task",
                      "cpus per task much be greater than 0", -1);
  expect_prop_failure({{"core_specification", "x"}}, "core_specification", "Unable to read int",
                      9202);
  expect_prop_failure({{"thread_specification", "x"}}, "thread_specification",
                      "Unable to read integer", 9202);
  expect_prop_failure({{"thread_specification", -1}}, "thread_specification",
                      "core_spec must be >0", -1);
  expect_prop_failure({{"wait_all_nodes", -1}}, "wait_all_nodes", "Wait all nodes too small", -1);
}

TEST(ParseSubmit, StringCoercions) {
  EXPECT_EQ(parse_job_submission(submit_with({{"name", 5}})).spec.name.value_or("?"), "5");
  EXPECT_EQ(parse_job_submission(submit_with({{"name", true}})).spec.name.value_or("?"), "true");
  EXPECT_EQ(parse_job_submission(submit_with({{"name", nullptr}})).spec.name.value_or("?"), "");
  EXPECT_EQ(parse_job_submission(submit_with({{"name", 1.5}})).spec.name.value_or("?"), "1.500000");
  expect_prop_failure({{"name", Json::array({"a"})}}, "name", "", 0);
  expect_prop_failure({{"standard_error", Json::array({"a"})}}, "standard_error",
                      "Unable to read string", 9202);
  EXPECT_EQ(parse_job_submission(Json{{"script", 5}, {"job", submit_with({})["job"]}}).spec.script,
            "5");
}

TEST(ParseSubmit, BooleanCoercions) {
  for (const Json& v : {Json(true), Json(1), Json(2), Json(1.5), Json("true"), Json("yes"),
                        Json("x"), Json("nope"), Json("t"), Json("on"), Json("1"), Json("2")}) {
    ParseResult r = parse_job_submission(submit_with({{"hold", v}}));
    ASSERT_TRUE(r.ok) << v.dump();
    EXPECT_TRUE(r.spec.hold.value()) << v.dump();
  }
  for (const Json& v :
       {Json(false), Json(0), Json(0.0), Json(nullptr), Json("false"), Json("no"), Json("0"),
        Json("00"), Json(""), Json("off"), Json("FALSE"), Json("n"), Json("f"), Json("N")}) {
    ParseResult r = parse_job_submission(submit_with({{"hold", v}}));
    ASSERT_TRUE(r.ok) << v.dump();
    EXPECT_FALSE(r.spec.hold.value()) << v.dump();
  }
  expect_prop_failure({{"hold", Json::array({true})}}, "hold", "", 0);
  expect_prop_failure({{"kill_on_invalid_dependency", Json::array({"a"})}},
                      "kill_on_invalid_dependency", "Unable to read boolean", 9202);
  EXPECT_TRUE(parse_job_submission(submit_with({{"requeue", Json::array({"a"})}})).ok);
}

TEST(ParseSubmit, Nodes) {
  EXPECT_EQ(parse_job_submission(submit_with({{"nodes", "2-3"}})).spec.nodes.value_or(""), "2-3");
  EXPECT_EQ(parse_job_submission(submit_with({{"nodes", 2}})).spec.nodes.value_or(""), "2");
  EXPECT_EQ(parse_job_submission(submit_with({{"nodes", "-3"}})).spec.nodes.value_or(""), "-3");
  EXPECT_EQ(parse_job_submission(submit_with({{"nodes", 50}})).spec.nodes.value_or(""), "50");
  ParseResult list = parse_job_submission(submit_with({{"nodes", Json::array({2, 3})}}));
  EXPECT_TRUE(list.ok);
  EXPECT_FALSE(list.spec.nodes.has_value());  // the daemon keeps default counts for lists
  for (const Json& bad : {Json::array({2}), Json::array({1, 2, 3}), Json::array()}) {
    expect_prop_failure({{"nodes", bad}}, "nodes", "Invalid node count list size", -1);
  }
  for (const Json& bad :
       {Json("x"), Json("2-"), Json("2,3"), Json(1.5), Json(true), Json(nullptr)}) {
    expect_prop_failure({{"nodes", bad}}, "nodes", "Invalid node count string", -1);
  }
  ParseResult r = parse_job_submission(submit_with({{"nodes", Json::array({"a", "b"})}}));
  EXPECT_EQ(
      errors_of(r),
      R"([{"error":"Invalid node count","error_code":9202},{"error":"Invalid node count specification","error_code":-1},{"error":"process failed for key nodes with error: Unspecified error","error_code":-1},{"error_code":9001,"error":"Failure during parsing"}])");
}

TEST(ParseSubmit, TimeLimit) {
  auto tl = [](const Json& v) {
    return parse_job_submission(submit_with({{"time_limit", v}})).spec.time_limit;
  };
  EXPECT_EQ(tl("1:00:00").value_or(0), 60);
  EXPECT_EQ(tl("60").value_or(0), 60);
  EXPECT_EQ(tl(30).value_or(0), 30);
  EXPECT_EQ(tl("1-00:00:00").value_or(0), 1440);
  EXPECT_EQ(tl(100000).value_or(0), 100000);
  EXPECT_FALSE(tl(0).has_value());
  EXPECT_EQ(tl("UNLIMITED").value_or(0), kInfiniteMinutes);
  EXPECT_EQ(tl("infinite").value_or(0), kInfiniteMinutes);
  EXPECT_EQ(tl(-1).value_or(0), kInfiniteMinutes);
  EXPECT_FALSE(tl(int64_t{4294967295}).has_value());  // wraps to 0 minutes: unset
  EXPECT_EQ(tl(-2).value_or(0), 4294964417);
  EXPECT_EQ(tl(-5).value_or(0), 4294960097);
  EXPECT_EQ(tl("-3").value_or(0), 4294962977);
  EXPECT_EQ(tl("5:30").value_or(0), 6);  // seconds round up
  // Out-of-range fields wrap as on the real daemon (32-bit seconds; values measured there).
  EXPECT_EQ(tl("99999999999").value_or(0), 4293812088);
  EXPECT_EQ(tl("35791394:08").value_or(0), 4259175903);
  EXPECT_EQ(tl("4000185748464631103-238").value_or(0), 4285228244);
  EXPECT_EQ(tl("-4000185748464631103").value_or(0), 9753334);
  EXPECT_EQ(tl("5000000000000000-1").value_or(0), 33764208);
  EXPECT_EQ(tl("99999999999999999:00:00").value_or(0), 28136730);
  EXPECT_EQ(tl("3000000000000000:00:01").value_or(0), 33056359);
  EXPECT_EQ(tl("1-99999999999999999999").value_or(0), 1380);
  EXPECT_EQ(tl("99999999999999999999-1").value_or(0), 4294965917);
  EXPECT_FALSE(tl("2147483648").has_value());
  EXPECT_FALSE(tl("99999999999999999999").has_value());
  for (const Json& bad : {Json("x"), Json(1.5), Json(true), Json(nullptr)}) {
    expect_prop_failure({{"time_limit", bad}}, "time_limit", "Invalid time specification", -1);
  }
}

TEST(ParseSubmit, UnknownAndDisabledKeys) {
  ParseResult r = parse_job_submission(submit_with({{"foo", 1}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      errors_of(r),
      R"([{"error":"Unknown key \"foo\": No such process","error_code":3},{"error_code":9001,"error":"Failure during parsing"}])");
  for (const char* k : {"time_minimum", "mcs_label", "cluster_constraints", "cpu_binding_hint",
                        "account_gather_freqency"}) {
    EXPECT_EQ(parse_job_submission(submit_with({{k, "x"}})).errors.front().message,
              std::string("Unknown key \"") + k + "\": No such process");
  }
  for (const char* k : {"priority", "cpu_binding"}) {
    ParseResult d = parse_job_submission(submit_with({{k, "x"}}));
    EXPECT_EQ(errors_of(d),
              std::string(R"([{"error":"Disabled key: \")") + k +
                  R"(\"","error_code":-1},{"error_code":9001,"error":"Failure during parsing"}])");
  }
  // Unknown keys at the top level are ignored.
  Json body = submit_with({});
  body["foo"] = 1;
  EXPECT_TRUE(parse_job_submission(body).ok);
}

TEST(ParseSubmit, StreamKeyNames) {
  ParseResult a =
      parse_job_submission(submit_with({{"standard_out", "/tmp/o"}, {"standard_in", "/dev/null"}}));
  ParseResult b = parse_job_submission(
      submit_with({{"standard_output", "/tmp/o"}, {"standard_input", "/dev/null"}}));
  for (const ParseResult* r : {&a, &b}) {
    ASSERT_TRUE(r->ok);
    EXPECT_EQ(r->spec.standard_output.value_or(""), "/tmp/o");
    EXPECT_EQ(r->spec.standard_input.value_or(""), "/dev/null");
  }
}

TEST(ParseSubmit, HetJobsAndJobListForms) {
  Json one = submit_with({})["job"];
  ParseResult het =
      parse_job_submission(Json{{"script", kScript}, {"jobs", Json::array({one, one})}});
  ASSERT_TRUE(het.ok);
  EXPECT_EQ(het.het_components.size(), 2u);
  ParseResult obj = parse_job_submission(Json{{"script", kScript}, {"jobs", one}});
  ASSERT_TRUE(obj.ok);
  EXPECT_TRUE(obj.het_components.empty());
  ParseResult list = parse_job_submission(Json{{"script", kScript}, {"job", Json::array({one})}});
  EXPECT_EQ(list.het_components.size(), 1u);
  ParseResult empty = parse_job_submission(Json{{"script", kScript}, {"jobs", Json::array()}});
  EXPECT_EQ(empty.status, 500);
  EXPECT_EQ(errors_of(empty), R"([{"error_code":-1,"error":"Unspecified error"}])");
}

TEST(ParseSubmit, MemoryExclusiveSignalBeginTime) {
  EXPECT_EQ(parse_job_submission(submit_with({{"memory_per_node", "1G"}}))
                .spec.memory_per_node.value_or(0),
            1024);
  EXPECT_EQ(
      parse_job_submission(submit_with({{"memory_per_cpu", "2G"}})).spec.memory_per_cpu.value_or(0),
      2048);
  // 0 is kept: it shows as null but flags the job JOB_MEM_SET (oracle)
  EXPECT_EQ(parse_job_submission(submit_with({{"memory_per_node", 0}})).spec.memory_per_node, 0);
  // Scaling wraps in 64 bits as on the real daemon; beyond int64 the number is invalid.
  EXPECT_EQ(parse_job_submission(submit_with({{"memory_per_node", "20000000000000000G"}}))
                .spec.memory_per_node.value_or(0),
            2033255926290448384);
  EXPECT_EQ(parse_job_submission(submit_with({{"memory_per_node", "17592186044416T"}}))
                .spec.memory_per_node.value_or(-1),
            0);
  expect_prop_failure({{"memory_per_node", "99999999999999999999"}}, "memory_per_node",
                      "Invalid memory specification", -1);
  ParseResult last =
      parse_job_submission(submit_with({{"memory_per_cpu", 100}, {"memory_per_node", 200}}));
  EXPECT_EQ(last.spec.memory_per_node.value_or(0), 200);
  EXPECT_FALSE(last.spec.memory_per_cpu.has_value());
  expect_prop_failure({{"memory_per_node", -1}}, "memory_per_node", "Invalid memory specification",
                      -1);
  expect_prop_failure({{"memory_per_cpu", 1.5}}, "memory_per_cpu",
                      "Invalid --mem-per-cpu specification", -1);
  expect_prop_failure({{"memory_per_cpu", Json::array({"a"})}}, "memory_per_cpu",
                      "Invalid --mem-per-cpu specification string", 9202);
  // sharing modes, not whole nodes: the oracle shows `shared` "user" and allocates one CPU
  ParseResult user = parse_job_submission(submit_with({{"exclusive", "user"}}));
  EXPECT_TRUE(user.ok);
  EXPECT_EQ(user.spec.shared, "user");
  EXPECT_FALSE(user.spec.exclusive.has_value());
  EXPECT_EQ(parse_job_submission(submit_with({{"exclusive", "MCS"}})).spec.shared, "mcs");
  for (const Json& bad : {Json(true), Json(false), Json("true"), Json("1"), Json(0)}) {
    expect_prop_failure({{"exclusive", bad}}, "exclusive", "Invalid exclusive specification", -1);
  }
  for (const Json& ok : {Json("USR1@60"), Json("10"), Json(10), Json("R:USR2"), Json(-1)}) {
    EXPECT_TRUE(parse_job_submission(submit_with({{"signal", ok}})).ok) << ok.dump();
  }
  expect_prop_failure({{"signal", "B:TERM@30"}}, "signal", "Invalid SIGNAL specification", -1);
  for (const char* ok : {"now+60", "2030-01-01T00:00:00", "16:00", "tomorrow", "midnight"}) {
    EXPECT_EQ(parse_job_submission(submit_with({{"begin_time", ok}})).spec.begin_time.value_or(""),
              ok);
  }
  ParseResult bt = parse_job_submission(submit_with({{"begin_time", 1900000000}}));
  EXPECT_EQ(
      errors_of(bt),
      R"([{"error":"Unable to parse time","error_code":2054},{"error":"process failed for key begin_time with error: Unspecified error","error_code":2054},{"error_code":9001,"error":"Failure during parsing"}])");
}

// The "process failed" entry carries the errno the key's reader left behind: the time parser's
// 2054 for a deadline string it refused, the plain -1 for a value it never saw.
TEST(ParseSubmit, DeadlineErrnoComesFromTheTimeParser) {
  EXPECT_EQ(
      errors_of(parse_job_submission(submit_with({{"deadline", "x"}}))),
      R"([{"error":"Invalid deadline time","error_code":-1},{"error":"process failed for key deadline with error: Unspecified error","error_code":2054},{"error_code":9001,"error":"Failure during parsing"}])");
  EXPECT_EQ(
      errors_of(parse_job_submission(submit_with({{"deadline", 5}}))),
      R"([{"error":"Invalid deadline time","error_code":-1},{"error":"process failed for key deadline with error: Unspecified error","error_code":2054},{"error_code":9001,"error":"Failure during parsing"}])");
  EXPECT_EQ(
      errors_of(parse_job_submission(submit_with({{"deadline", Json::array({"x"})}}))),
      R"([{"error":"Unable to read string","error_code":9202},{"error":"process failed for key deadline with error: Unspecified error","error_code":-1},{"error_code":9001,"error":"Failure during parsing"}])");
  EXPECT_TRUE(parse_job_submission(submit_with({{"deadline", "now+1hour"}})).ok);
  // A text naming no time: the parser refuses it without setting errno (oracle: "", blanks).
  for (const char* none : {"", "   "}) {
    EXPECT_EQ(
        errors_of(parse_job_submission(submit_with({{"deadline", none}}))),
        R"([{"error":"Invalid deadline time","error_code":-1},{"error":"process failed for key deadline with error: Unspecified error","error_code":-1},{"error_code":9001,"error":"Failure during parsing"}])");
    EXPECT_EQ(
        errors_of(parse_job_submission(submit_with({{"begin_time", none}}))),
        R"([{"error":"Unable to parse time","error_code":2054},{"error":"process failed for key begin_time with error: Unspecified error","error_code":-1},{"error_code":9001,"error":"Failure during parsing"}])");
  }
}

// Slurm's whole time-string grammar reaches the submission (each form measured on the 22.05
// daemon; what they resolve to: scheduler_sim's slurm_syntax_test).
TEST(ParseSubmit, BeginTimeTakesSlurmsTimeGrammar) {
  for (const char* ok :
       {"now+1hour", "now + 60", "now-60", "noon tomorrow", "4:00 PM", "12/25/27", "1225", "12.25",
        "2027-01-02 03:04:05", "T16:00", "uts1796702400", "fika", "teatime", "now+1weeks"}) {
    EXPECT_TRUE(parse_job_submission(submit_with({{"begin_time", ok}})).ok) << ok;
    EXPECT_TRUE(parse_job_submission(submit_with({{"deadline", ok}})).ok) << ok;
  }
  for (const char* bad : {"now+1h", "now+1min", "elevenses", "TODAY", "4pm", "12/25/2027",
                          "1796602400", "2027-01-02T03"}) {
    EXPECT_EQ(
        errors_of(parse_job_submission(submit_with({{"begin_time", bad}}))),
        R"([{"error":"Unable to parse time","error_code":2054},{"error":"process failed for key begin_time with error: Unspecified error","error_code":2054},{"error_code":9001,"error":"Failure during parsing"}])")
        << bad;
  }
}

TEST(ParseSubmit, NonFatalWarnings) {
  ParseResult r = parse_job_submission(submit_with({{"core_specification", -1}}));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(errors_of(r), R"([{"error":"Invalid core specification","error_code":0}])");
  ParseResult cwd =
      parse_job_submission(submit_with({{"current_working_directory", Json::array({"a"})}}));
  ASSERT_TRUE(cwd.ok);
  EXPECT_EQ(errors_of(cwd), R"([{"error":"Unable to read string","error_code":9202}])");
}

TEST(ParseUpdate, EmptyAndValid) {
  EXPECT_TRUE(parse_job_update(Json(nullptr)).ok);
  EXPECT_TRUE(parse_job_update(Json::object()).ok);
  ParseResult r = parse_job_update(Json{{"time_limit", "2:00:00"}, {"comment", "c1"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.spec.time_limit.value_or(0), 120);
  EXPECT_EQ(r.spec.comment.value_or(""), "c1");
}

TEST(ParseUpdate, Failures) {
  const std::string c = "[localhost]:56148";
  ParseResult wrapped = parse_job_update(Json{{"job", {{"time_limit", 40}}}}, c);
  EXPECT_EQ(wrapped.status, 500);
  EXPECT_EQ(
      errors_of(wrapped),
      R"([{"error":"Unknown key \"job\": No such process","error_code":3},{"error":"_handle_job_post: job parsing failed for [localhost]:56148","error_code":0}])");
  ParseResult tasks = parse_job_update(Json{{"tasks", "x"}}, c);
  EXPECT_EQ(tasks.errors.size(), 3u);
  EXPECT_EQ(tasks.errors[0].message, "Unable to read integer value");
  EXPECT_EQ(parse_job_update(Json{{"script", "x"}}, c).errors[0].message,
            "Unknown key \"script\": No such process");
  ParseResult het = parse_job_update(Json::array(), c);
  EXPECT_EQ(
      errors_of(het),
      R"([{"error":"_handle_job_post: unexpected het job request from [localhost]:56148","error_code":0}])");
}

// --cpu-freq text as the daemon reads it (docs/oracle-notes/jobs-input.md, "Values the job
// shows").
TEST(CpuFrequency, WordsNumbersRangesAndGovernors) {
  auto read = [](const std::string& text) { return read_cpu_frequency(text); };
  EXPECT_EQ(read("low")->maximum, 0x80000001u);
  EXPECT_EQ(read("lowx")->maximum, 0x80000001u);
  EXPECT_EQ(read("highm1")->maximum, 0x80000004u);
  EXPECT_EQ(read("highx")->maximum, 0x80000003u);
  EXPECT_EQ(read(" +1000abc")->maximum, 1000u);
  EXPECT_EQ(read("99999999999")->maximum, 1215752191u);
  EXPECT_EQ(read("perf")->governor, 0x82000000u);
  EXPECT_FALSE(read("perf")->maximum);
  auto range = read("1000-2000-3000:ondemand:x");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->minimum, 1000u);
  EXPECT_EQ(range->maximum, 2000u);
  EXPECT_EQ(range->governor, 0x84000000u);
  for (const char* bad :
       {"", "0", "-1", "4294967296", "0x10", "2000-1000", "low-2000", "1000:performance",
        "performance-1000", "1000-2000:", "powersave", "1000-2000:conservative", "1000-"})
    EXPECT_FALSE(read(bad)) << bad;
}

// 16-bit counts keep their low bits; Slurm's "not given" (65534) and, for task limits,
// "unlimited" (65535) leave the field unset.
TEST(ParseSubmit, SixteenBitCounts) {
  auto spec_of = [](Json props) {
    ParseResult r = parse_job_submission(submit_with(std::move(props)));
    EXPECT_TRUE(r.ok) << errors_of(r);
    return r.spec;
  };
  EXPECT_EQ(spec_of({{"cores_per_socket", -1}}).cores_per_socket, 65535);
  EXPECT_FALSE(spec_of({{"cores_per_socket", -2}}).cores_per_socket);
  EXPECT_EQ(spec_of({{"threads_per_core", 65537}}).threads_per_core, 1);
  EXPECT_FALSE(spec_of({{"tasks_per_core", -1}}).tasks_per_core);
  EXPECT_FALSE(spec_of({{"minimum_cpus_per_node", -1}}).minimum_cpus_per_node);
  EXPECT_EQ(spec_of({{"minimum_cpus_per_node", 65535}}).minimum_cpus_per_node, 65535);
  EXPECT_EQ(spec_of({{"tasks_per_node", -2}}).tasks_per_node, 0);
  EXPECT_EQ(spec_of({{"tasks_per_node", -1}}).tasks_per_node, 65535);
  expect_prop_failure({{"cores_per_socket", 2147483647}}, "cores_per_socket", "Integer too large",
                      -1);
  expect_prop_failure({{"tasks_per_node", -2147483648LL}}, "tasks_per_node", "Integer too small",
                      -1);
  expect_prop_failure({{"nice", 2147483645}}, "nice", "Nice too large", -1);
}

TEST(ParseSubmit, FlagKeysAndSharingModes) {
  ParseResult r = parse_job_submission(submit_with({{"spread_job", false},
                                                    {"minimum_nodes", Json::array()},
                                                    {"gres_flags", "ENFORCE-BINDING"},
                                                    {"exclusive", "Exclusive"}}));
  ASSERT_TRUE(r.ok) << errors_of(r);
  EXPECT_EQ(r.spec.spread_job, true);
  EXPECT_EQ(r.spec.use_min_nodes, true);
  EXPECT_EQ(r.spec.gres_binding, "enforce");
  EXPECT_EQ(r.spec.exclusive, true);
  EXPECT_FALSE(r.spec.shared);
  r = parse_job_submission(submit_with({{"exclusive", "oversubscribe"}, {"requeue", false}}));
  ASSERT_TRUE(r.ok) << errors_of(r);
  EXPECT_EQ(r.spec.shared, "shared");
  EXPECT_FALSE(r.spec.requeue);  // dropped: the job stays requeueable
}

TEST(ParseSubmit, KeysV0036Disables) {
  for (const char* key : {"reboot", "overcommit", "required_nodes", "excluded_nodes"}) {
    ParseResult r = parse_job_submission(submit_with({{key, "1"}}));
    ASSERT_FALSE(r.ok) << key;
    EXPECT_EQ(
        errors_of(r),
        Json::array({{{"error", std::string("Disabled key: \"") + key + "\""}, {"error_code", -1}},
                     {{"error_code", 9001}, {"error", "Failure during parsing"}}})
            .dump());
  }
}

}  // namespace
}  // namespace mock_slurmrestd::v0_0_36
