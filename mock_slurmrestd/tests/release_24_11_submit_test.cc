// The job write routes of the 24.11 profile (v0.0.40, v0.0.41, v0.0.42) against the real
// 24.11 daemon's recorded story: submissions, updates, signals and cancels, bulk cancels and
// allocations, replayed in the recorded order on one cluster per version, each answer compared
// with the recording (status, content type, the body's text except meta.client.source), and
// the effect of each write checked in the simulator (GET routes are not part of this file).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::load;
using replay::oracle;

// The recorded job write cases, in the story's order (every version has each, except
// allocate, which v0.0.40 routes to the update of a job called "allocate").
const std::vector<std::string> kWriteCases = {"014_submit_blog_v0036_style",
                                              "015_submit_modern",
                                              "016_submit_unknown_fields",
                                              "017_submit_bad_type",
                                              "018_submit_bad_environment_type",
                                              "019_submit_unknown_partition",
                                              "020_submit_bad_partition_list",
                                              "021_submit_no_script",
                                              "022_submit_no_environment",
                                              "023_submit_unparsable",
                                              "024_submit_empty_body",
                                              "025_submit_not_an_object",
                                              "026_submit_het_jobs",
                                              "027_submit_held",
                                              "028_submit_running",
                                              "029_submit_failing",
                                              "030_submit_to_signal",
                                              "031_submit_to_cancel",
                                              "032_submit_kept_running",
                                              "040_update_comment",
                                              "041_update_wrapped_in_job",
                                              "042_update_time_limit",
                                              "043_update_unknown_field",
                                              "044_update_bad_type",
                                              "045_update_unknown_job",
                                              "047_signal_running",
                                              "049_cancel_running",
                                              "051_cancel_pending_held",
                                              "053_cancel_unknown_job",
                                              "054_cancel_bad_signal",
                                              "056_cancel_completed_job",
                                              "060_jobs_bulk_delete_job_id_field",
                                              "061_jobs_bulk_delete",
                                              "062_jobs_bulk_delete_unknown",
                                              "104_allocate"};

// A server of the 24.11 profile with the recorder's cluster.
class Cluster : public replay::Server {
 public:
  Cluster() : Server(replay::options("24.11", 1796592700)) {}
};

using scheduler_sim::JobState;

class Release2411Writes : public ::testing::TestWithParam<std::string> {};

TEST_P(Release2411Writes, StoryAnswersAndEffectsAsRecorded) {
  const std::string version = GetParam();
  Cluster c;
  for (const std::string& name : kWriteCases) {
    // The recorder spent about a second per case; jobs that say nothing run for none.
    c.advance(1);
    const Json rec = load(oracle("24.11/" + version + "/" + name + ".json"));
    for (const auto& d : replay::exact_differences(c.ask(rec["request"]), rec["answer"]))
      ADD_FAILURE() << version << " " << name << ": " << d;

    // What each write did to the cluster.
    if (name == "014_submit_blog_v0036_style") {
      const auto* j = c.job(1);
      ASSERT_NE(j, nullptr);
      EXPECT_EQ(j->name, "test");
      EXPECT_EQ(j->spec.nodes, "1");            // converted, with the warning
      EXPECT_FALSE(j->spec.tasks.has_value());  // "ntasks" is not a key of this parser
      EXPECT_EQ(j->spec.environment.at("LD_LIBRARY_PATH"), "/lib/:/lib64/:/usr/local/lib");
      EXPECT_EQ(j->spec.script, "#!/bin/bash\necho 'I am from the REST API'");
      EXPECT_EQ(j->spec.standard_output, "/home/ec2-user/test.out");
    } else if (name == "015_submit_modern") {
      ASSERT_NE(c.job(2), nullptr);
      EXPECT_EQ(c.job(2)->spec.environment.at("PATH"), "/bin:/usr/bin");
      EXPECT_EQ(c.job(2)->partition, "queue1");
    } else if (name == "017_submit_bad_type" || name == "021_submit_no_script") {
      EXPECT_EQ(c.job(4), nullptr) << name << " made a job";
    } else if (name == "022_submit_no_environment") {
      EXPECT_EQ(c.job(4), nullptr);  // its record was made, then dropped: id 4 is used up
    } else if (name == "026_submit_het_jobs") {
      ASSERT_NE(c.job(5), nullptr);
      ASSERT_NE(c.job(6), nullptr);
      EXPECT_EQ(c.job(6)->het_job_id, 5u);
      EXPECT_EQ(c.job(6)->partition, "queue2");
    } else if (name == "027_submit_held") {
      ASSERT_NE(c.job(7), nullptr);
      EXPECT_EQ(c.job(7)->state, JobState::kPending);
      EXPECT_TRUE(c.job(7)->spec.hold.value_or(false));
    } else if (name == "040_update_comment" || name == "041_update_wrapped_in_job") {
      EXPECT_EQ(c.job(7)->spec.comment, "updated by oracle");  // the wrapped body changes nothing
    } else if (name == "042_update_time_limit") {
      EXPECT_EQ(c.job(7)->time_limit, 30);
    } else if (name == "044_update_bad_type") {
      EXPECT_FALSE(c.job(7)->spec.priority.has_value());
    } else if (name == "047_signal_running") {
      EXPECT_NE(c.job(10)->state, JobState::kCancelled);
    } else if (name == "049_cancel_running") {
      EXPECT_EQ(c.job(11)->state, JobState::kCancelled);
    } else if (name == "051_cancel_pending_held") {
      EXPECT_EQ(c.job(7)->state, JobState::kCancelled);
    } else if (name == "054_cancel_bad_signal") {
      // v0.0.40 refuses the signal; later versions cancel the job.
      EXPECT_EQ(c.job(8)->state == JobState::kCancelled, version != "v0.0.40");
    } else if (name == "061_jobs_bulk_delete") {
      EXPECT_EQ(c.job(12)->state, JobState::kRunning);
    } else if (name == "104_allocate" && version != "v0.0.40") {
      ASSERT_NE(c.job(13), nullptr);
      EXPECT_EQ(c.job(13)->partition, "queue2");
      EXPECT_EQ(c.job(13)->time_limit, 1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, Release2411Writes,
                         ::testing::Values("v0.0.40", "v0.0.41", "v0.0.42"));

}  // namespace
}  // namespace mock_slurmrestd
