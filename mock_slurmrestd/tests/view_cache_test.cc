// The view cache never changes an answer: a caching and a non-caching server fed the same steps.
#include "view_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mock_slurmrestd/server.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

using Headers = std::multimap<std::string, std::string>;

// ParallelCluster's power-saving queues: nodes boot, jobs wait CONFIGURING, idle nodes power
// down, all driven by simulated time alone (no request in between).
const char kCloudConf[] =
    "ClusterName=parallelcluster\nSlurmUser=slurm\nMinJobAge=600\n"
    "ResumeTimeout=1800\nSuspendTimeout=120\nSuspendTime=600\n"
    "NodeName=queue1-dy-t3micro-[1-10] CPUs=2 RealMemory=900 State=CLOUD\n"
    "NodeName=queue2-dy-c5large-[1-10] CPUs=2 RealMemory=900 State=CLOUD\n"
    "PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP Default=YES\n"
    "PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP\n";

std::string job(const std::string& extra, const std::string& script) {
  return R"({"job":{"name":"vc","current_working_directory":"/tmp","environment":{"PATH":"/bin"})" +
         extra + R"(},"script":")" + script + R"("})";
}

class Pair {
 public:
  explicit Pair(const scheduler_sim::ClusterConfig& config) {
    for (bool cache : {true, false}) {
      mock_slurmrestd::ServerOptions o;
      o.clock = mock_slurmrestd::ClockMode::kManual;
      o.start_time = 1700000000;
      o.jwt_key = std::string(32, 'k');
      o.render_cache = cache;
      servers_.push_back(std::make_unique<mock_slurmrestd::Server>(config, o));
    }
    auth_ = {{"X-SLURM-USER-NAME", "ec2-user"},
             {"X-SLURM-USER-TOKEN", servers_[0]->mint_token("ec2-user", 36000)}};
  }

  // Sends one request to both servers; both must give the same status.
  void both(const std::string& method, const std::string& target, const std::string& body = "") {
    int status[2];
    for (int i = 0; i < 2; ++i) status[i] = servers_[i]->handle(method, target, auth_, body).status;
    EXPECT_EQ(status[0], status[1]) << method << " " << target;
  }
  void advance(int64_t seconds) {
    for (auto& s : servers_) s->advance_clock(seconds);
  }
  void reset() {
    for (auto& s : servers_) s->reset();
  }

  // Every cached view, twice (a miss then a hit), equals the uncached rendering.
  void check(const std::string& step) {
    for (const char* path :
         {"/slurm/v0.0.36/jobs", "/slurm/v0.0.36/nodes", "/slurm/v0.0.36/partitions",
          "/slurm/v0.0.36/job/1", "/slurm/v0.0.36/job/2", "/slurm/v0.0.36/job/4",
          "/slurm/v0.0.36/job/5", "/slurm/v0.0.36/job/7"}) {
      for (const char* accept : {"application/json", "application/x-yaml", "text/yaml"}) {
        Headers h = auth_;
        h.emplace("Accept", accept);
        auto fresh = servers_[1]->handle("GET", path, h, "");
        if (fresh.status != 200) {  // a job not (or no longer) there: not cached, same error
          EXPECT_EQ(servers_[0]->handle("GET", path, h, "").body, fresh.body) << step << path;
          continue;
        }
        for (int i = 0; i < 2; ++i) {
          auto cached = servers_[0]->handle("GET", path, h, "");
          EXPECT_EQ(cached.status, 200);
          EXPECT_EQ(cached.content_type, fresh.content_type) << step << " " << path;
          EXPECT_EQ(cached.body, fresh.body) << step << ": " << path << " (" << accept << ")";
        }
      }
    }
    ++checks_;
  }
  int checks() const { return checks_; }

 private:
  std::vector<std::unique_ptr<mock_slurmrestd::Server>> servers_;
  Headers auth_;
  int checks_ = 0;
};

void run_story(Pair& p) {
  p.check("start");
  p.both("POST", "/slurm/v0.0.36/job/submit", job("", "#!/bin/bash\\nsleep 60"));
  p.check("submit");
  p.both("POST", "/slurm/v0.0.36/job/submit", job(R"(,"time_limit":2)", "#!/bin/bash\\nsleep 600"));
  p.both("POST", "/slurm/v0.0.36/job/submit", job("", "#!/bin/bash\\nexit 3"));
  p.both("POST", "/slurm/v0.0.36/job/submit", job(R"(,"array":"1-3")", "#!/bin/bash\\nsleep 30"));
  p.both("POST", "/slurm/v0.0.36/job/submit", job(R"(,"hold":true)", "#!/bin/bash\\nsleep 5"));
  p.both("POST", "/slurm/v0.0.36/job/submit", job(R"(,"nodes":"50")", "#!/bin/bash\\nsleep 5"));
  p.check("submits");
  for (int64_t step : {1, 29, 1, 30, 60, 120, 300, 600, 700, 1200}) {
    p.advance(step);  // starts, boots, ends, the time limit, purges, power-downs
    p.check("advance " + std::to_string(step));
    if (step == 29) {
      p.both("POST", "/slurm/v0.0.36/job/5", R"({"hold":false})");
      p.check("release");
    }
    if (step == 30) {
      p.both("POST", "/slurm/v0.0.36/job/1", R"({"time_limit":30})");
      p.check("update");
      p.both("DELETE", "/slurm/v0.0.36/job/2?signal=SIGUSR1");
      p.check("signal");
      p.both("POST", "/mock/v1/node/queue2-dy-c5large-3/state?state=drain&reason=vc");
      p.check("drain");
    }
    if (step == 60) {
      p.both("DELETE", "/slurm/v0.0.36/job/4");
      p.check("cancel");
      p.both("POST", "/mock/v1/node/queue2-dy-c5large-3/state?state=resume");
      p.both("POST", "/mock/v1/node/queue1-dy-t3micro-2/state?state=down&reason=vc");
      p.check("node states");
    }
  }
  p.reset();
  p.check("reset");
  p.both("POST", "/slurm/v0.0.36/job/submit", job("", "#!/bin/bash\\nsleep 60"));
  p.advance(5);
  p.check("after reset");
}

TEST(ViewCache, AnswersEqualUncachedRenderingThroughAStory) {
  Pair p(scheduler_sim::default_cluster());
  run_story(p);
  EXPECT_GT(p.checks(), 15);
}

TEST(ViewCache, AnswersEqualUncachedRenderingOnPowerSavingNodes) {
  Pair p(scheduler_sim::parse_slurm_conf(kCloudConf, ""));
  run_story(p);
  EXPECT_GT(p.checks(), 15);
}

TEST(ViewCache, ServesABodyOnlyForTheGenerationItWasRenderedAt) {
  using mock_slurmrestd::ViewCache;
  ViewCache c;
  EXPECT_EQ(c.find(0, ViewCache::kJobs, 0, 0, 0), nullptr);
  c.store(0, ViewCache::kJobs, 0, 0, 7, std::make_shared<const std::string>("x"));
  c.store(0, ViewCache::kJob, 0, 12, 7, std::make_shared<const std::string>("job 12"));
  ASSERT_NE(c.find(0, ViewCache::kJobs, 0, 0, 7), nullptr);
  EXPECT_EQ(*c.find(0, ViewCache::kJobs, 0, 0, 7), "x");
  EXPECT_EQ(*c.find(0, ViewCache::kJob, 0, 12, 7), "job 12");
  EXPECT_EQ(c.find(0, ViewCache::kJob, 0, 13, 7), nullptr);   // other object
  EXPECT_EQ(c.find(0, ViewCache::kJobs, 0, 0, 8), nullptr);   // state moved on
  EXPECT_EQ(c.find(0, ViewCache::kJobs, 1, 0, 7), nullptr);   // other format
  EXPECT_EQ(c.find(0, ViewCache::kNodes, 0, 0, 7), nullptr);  // other view
  EXPECT_EQ(c.find(1, ViewCache::kJobs, 0, 0, 7), nullptr);   // other API version
  c.store(1, ViewCache::kJob, 0, 12, 7, std::make_shared<const std::string>("v1 job 12"));
  EXPECT_EQ(*c.find(1, ViewCache::kJob, 0, 12, 7), "v1 job 12");
  EXPECT_EQ(*c.find(0, ViewCache::kJob, 0, 12, 7), "job 12");  // each version its own
  c.store(1, ViewCache::kJob, 0, 12, 8, std::make_shared<const std::string>("v1 job 12 at 8"));
  c.store(0, ViewCache::kJob, 0, 12, 8, std::make_shared<const std::string>("job 12 at 8"));
  EXPECT_EQ(c.size(), 2u);  // one body per version for the same object
  // A body of a newer generation drops the older ones.
  c.store(0, ViewCache::kNodes, 0, 0, 9, std::make_shared<const std::string>("n"));
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.find(0, ViewCache::kJob, 0, 12, 7), nullptr);
  c.clear();
  EXPECT_EQ(c.find(0, ViewCache::kNodes, 0, 0, 8), nullptr);
}

}  // namespace
