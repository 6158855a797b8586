// A pending job's request counts on 24.11 and 26.05 (cpus, node_count, max_nodes, tasks,
// minimum_cpus_per_node, tres_req_str, v0.0.45's JOB_IMPLICIT_MAX_NODES), as the real daemons
// showed them over every version of the release for 35 (24.11) / 34 (26.05) requests held and
// 19 / 23 pending without a hold (docs/oracle-notes/job-request.md; formerly
// docs/differences.md R29); with minimum_cpus, maximum_nodes and node ranges (R40), 45 / 44
// held and 42 / 41 not held, 14 refusals and 16 shapes run on free nodes.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "release_replay.h"

namespace mock_slurmrestd {
namespace {

using replay::Server;

struct Measured {
  const char* release;
  const char* request;  // the keys added to a held job description
  int64_t cpus, node_count, max_nodes, tasks, min_cpus_per_node;
  const char* tres_req_str;
  bool implicit_flag;  // v0.0.45 adds JOB_IMPLICIT_MAX_NODES
};

// Measured (held, read a second after the submission). minimum_cpus and maximum_nodes are
// left out: the mock drops those keys (R40).
const Measured kMeasured[] = {
    {"24.11", R"({})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": 2})", 2, 2, 2, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"nodes": 10})", 10, 10, 10, 10, 1, "cpu=10,mem=9000M,node=10,billing=10", false},
    {"24.11", R"({"nodes": 11})", 11, 11, 11, 11, 1, "cpu=11,mem=9900M,node=11,billing=11", false},
    {"24.11", R"({"nodes": 50})", 50, 50, 50, 50, 1, "cpu=50,mem=45000M,node=50,billing=50", false},
    {"24.11", R"({"nodes": "2-4"})", 2, 2, 4, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"nodes": "1-50"})", 1, 1, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "3-12"})", 3, 3, 12, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"24.11", R"({"nodes": "20-30"})", 20, 20, 30, 20, 1, "cpu=20,mem=18000M,node=20,billing=20",
     false},
    {"24.11", R"({"minimum_nodes": 3})", 3, 3, 3, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"24.11", R"({"tasks": 2})", 2, 1, 1, 2, 1, "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"tasks": 3})", 3, 2, 2, 3, 1, "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"tasks": 4})", 4, 2, 2, 4, 1, "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"tasks": 20})", 20, 10, 10, 20, 1, "cpu=20,mem=900M,node=1,billing=20", false},
    {"24.11", R"({"tasks": 21})", 21, 11, 11, 21, 1, "cpu=21,mem=900M,node=1,billing=21", false},
    {"24.11", R"({"tasks": 50})", 50, 25, 25, 50, 1, "cpu=50,mem=900M,node=1,billing=50", false},
    {"24.11", R"({"cpus_per_task": 2})", 2, 1, 0, 1, 2, "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"cpus_per_task": 3})", 3, 1, 0, 1, 3, "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"cpus_per_task": 4})", 4, 1, 0, 1, 4, "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"tasks": 2, "cpus_per_task": 2})", 4, 2, 0, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"tasks": 3, "cpus_per_task": 2})", 6, 3, 0, 3, 2,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"24.11", R"({"tasks_per_node": 2})", 2, 1, 0, 2, 2, "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"tasks_per_node": 3})", 3, 1, 0, 3, 3, "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"nodes": 3, "tasks": 2})", 2, 3, 3, 2, 1, "cpu=2,mem=2700M,node=3,billing=2",
     false},
    {"24.11", R"({"nodes": 2, "tasks": 5})", 5, 3, 3, 5, 1, "cpu=5,mem=1800M,node=2,billing=5",
     false},
    {"24.11", R"({"nodes": 2, "tasks": 4})", 4, 2, 2, 4, 1, "cpu=4,mem=1800M,node=2,billing=4",
     false},
    {"24.11", R"({"nodes": "2-4", "tasks": 3})", 3, 2, 4, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"24.11", R"({"nodes": "1-3", "tasks": 6})", 6, 3, 3, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"24.11", R"({"nodes": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"nodes": 50, "cpus_per_task": 2})", 100, 50, 50, 50, 2,
     "cpu=100,mem=45000M,node=50,billing=100", false},
    {"24.11", R"({"minimum_cpus_per_node": 2})", 1, 1, 1, 1, 2, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"24.11", R"({"minimum_cpus_per_node": 3})", 1, 1, 1, 1, 3, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"24.11", R"({"tasks": 2, "partition": "queue2"})", 2, 1, 1, 2, 1,
     "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": 2})", 2, 2, 2, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"nodes": 10})", 10, 10, 10, 10, 1, "cpu=10,mem=9000M,node=10,billing=10", false},
    {"26.05", R"({"nodes": 11})", 11, 11, 11, 11, 1, "cpu=11,mem=9900M,node=11,billing=11", false},
    {"26.05", R"({"nodes": 50})", 50, 50, 50, 50, 1, "cpu=50,mem=45000M,node=50,billing=50", false},
    {"26.05", R"({"nodes": "2-4"})", 2, 2, 4, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"nodes": "1-50"})", 1, 1, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "3-12"})", 3, 3, 12, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"26.05", R"({"nodes": "20-30"})", 20, 20, 30, 20, 1, "cpu=20,mem=18000M,node=20,billing=20",
     false},
    {"26.05", R"({"minimum_nodes": 3})", 3, 3, 3, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"26.05", R"({"tasks": 2})", 2, 1, 2, 2, 1, "cpu=2,mem=900M,node=1,billing=2", true},
    {"26.05", R"({"tasks": 3})", 3, 2, 3, 3, 1, "cpu=3,mem=900M,node=1,billing=3", true},
    {"26.05", R"({"tasks": 4})", 4, 2, 4, 4, 1, "cpu=4,mem=900M,node=1,billing=4", true},
    {"26.05", R"({"tasks": 20})", 20, 10, 20, 20, 1, "cpu=20,mem=900M,node=1,billing=20", true},
    {"26.05", R"({"tasks": 21})", 21, 11, 21, 21, 1, "cpu=21,mem=900M,node=1,billing=21", true},
    {"26.05", R"({"tasks": 50})", 50, 25, 50, 50, 1, "cpu=50,mem=900M,node=1,billing=50", true},
    {"26.05", R"({"cpus_per_task": 2})", 2, 1, 0, 1, 2, "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({"cpus_per_task": 3})", 3, 1, 0, 1, 3, "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"cpus_per_task": 4})", 4, 1, 0, 1, 4, "cpu=4,mem=900M,node=1,billing=4", false},
    {"26.05", R"({"tasks": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", true},
    {"26.05", R"({"tasks": 3, "cpus_per_task": 2})", 6, 3, 3, 3, 2,
     "cpu=6,mem=900M,node=1,billing=6", true},
    {"26.05", R"({"tasks_per_node": 2})", 2, 1, 1, 2, 2, "cpu=2,mem=900M,node=1,billing=2", true},
    {"26.05", R"({"tasks_per_node": 3})", 3, 1, 1, 3, 3, "cpu=3,mem=900M,node=1,billing=3", true},
    {"26.05", R"({"nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"26.05", R"({"nodes": 2, "tasks": 5})", 5, 3, 3, 5, 1, "cpu=5,mem=1800M,node=2,billing=5",
     false},
    {"26.05", R"({"nodes": 2, "tasks": 4})", 4, 2, 2, 4, 1, "cpu=4,mem=1800M,node=2,billing=4",
     false},
    {"26.05", R"({"nodes": "2-4", "tasks": 3})", 3, 2, 4, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"26.05", R"({"nodes": "1-3", "tasks": 6})", 6, 3, 3, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"26.05", R"({"nodes": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"26.05", R"({"nodes": 50, "cpus_per_task": 2})", 100, 50, 50, 50, 2,
     "cpu=100,mem=45000M,node=50,billing=100", false},
    {"26.05", R"({"minimum_cpus_per_node": 2})", 1, 1, 1, 1, 2, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"26.05", R"({"minimum_cpus_per_node": 3})", 1, 1, 1, 1, 3, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"26.05", R"({"tasks": 2, "partition": "queue2"})", 2, 1, 2, 2, 1,
     "cpu=2,mem=900M,node=1,billing=2", true},
};

// Measured the same, not held: submitted with begin_time an hour ahead (BeginTime; 26.05 shows
// the ones its partition cannot hold as PartitionConfig, 24.11 refuses them). Node ranges and
// minimum_cpus are left out: a job that is not held shows slurmctld's selection test's
// node_count there (R40).
const Measured kMeasuredNotHeld[] = {
    {"24.11", R"({})", 1, 1, 0, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},  // BeginTime
    {"24.11", R"({"nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},  // BeginTime
    {"24.11", R"({"nodes": 2})", 2, 2, 2, 2, 1, "cpu=2,mem=1800M,node=2,billing=2",
     false},  // BeginTime
    {"24.11", R"({"nodes": 10})", 10, 10, 10, 10, 1, "cpu=10,mem=9000M,node=10,billing=10",
     false},  // BeginTime
    {"24.11", R"({"minimum_nodes": 3})", 3, 3, 0, 3, 1, "cpu=3,mem=2700M,node=3,billing=3",
     false},  // BeginTime
    {"24.11", R"({"tasks": 2})", 2, 1, 0, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     false},  // BeginTime
    {"24.11", R"({"tasks": 3})", 3, 2, 0, 3, 1, "cpu=3,mem=900M,node=1,billing=3",
     false},  // BeginTime
    {"24.11", R"({"tasks": 4})", 4, 2, 0, 4, 1, "cpu=4,mem=900M,node=1,billing=4",
     false},  // BeginTime
    {"24.11", R"({"tasks": 20})", 20, 10, 0, 20, 1, "cpu=20,mem=900M,node=1,billing=20",
     false},  // BeginTime
    {"24.11", R"({"cpus_per_task": 2})", 2, 1, 0, 1, 2, "cpu=2,mem=900M,node=1,billing=2",
     false},  // BeginTime
    {"24.11", R"({"tasks": 2, "cpus_per_task": 2})", 4, 2, 0, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", false},  // BeginTime
    {"24.11", R"({"tasks": 3, "cpus_per_task": 2})", 6, 3, 0, 3, 2,
     "cpu=6,mem=900M,node=1,billing=6", false},  // BeginTime
    {"24.11", R"({"tasks_per_node": 2})", 2, 1, 0, 2, 2, "cpu=2,mem=900M,node=1,billing=2",
     false},  // BeginTime
    {"24.11", R"({"nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},  // BeginTime
    {"24.11", R"({"nodes": 3, "tasks": 2})", 2, 3, 3, 2, 1, "cpu=2,mem=2700M,node=3,billing=2",
     false},  // BeginTime
    {"24.11", R"({"nodes": 2, "tasks": 4})", 4, 2, 2, 4, 1, "cpu=4,mem=1800M,node=2,billing=4",
     false},  // BeginTime
    {"24.11", R"({"nodes": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},  // BeginTime
    {"24.11", R"({"minimum_cpus_per_node": 2})", 1, 1, 0, 1, 2, "cpu=1,mem=900M,node=1,billing=1",
     false},  // BeginTime
    {"24.11", R"({"tasks": 2, "partition": "queue2"})", 2, 1, 0, 2, 1,
     "cpu=2,mem=900M,node=1,billing=2", false},                                   // BeginTime
    {"26.05", R"({})", 1, 1, 0, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},  // BeginTime
    {"26.05", R"({"nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},  // BeginTime
    {"26.05", R"({"nodes": 2})", 2, 2, 2, 2, 1, "cpu=2,mem=1800M,node=2,billing=2",
     false},  // BeginTime
    {"26.05", R"({"nodes": 10})", 10, 10, 10, 10, 1, "cpu=10,mem=9000M,node=10,billing=10",
     false},  // BeginTime
    {"26.05", R"({"nodes": 11})", 11, 11, 11, 11, 1, "cpu=11,mem=9900M,node=11,billing=11",
     false},  // BeginTime
    {"26.05", R"({"nodes": 50})", 50, 50, 50, 50, 1, "cpu=50,mem=45000M,node=50,billing=50",
     false},  // PartitionConfig
    {"26.05", R"({"minimum_nodes": 3})", 3, 3, 0, 3, 1, "cpu=3,mem=2700M,node=3,billing=3",
     false},  // BeginTime
    {"26.05", R"({"tasks": 2})", 2, 1, 2, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     true},  // BeginTime
    {"26.05", R"({"tasks": 3})", 3, 2, 3, 3, 1, "cpu=3,mem=900M,node=1,billing=3",
     true},  // BeginTime
    {"26.05", R"({"tasks": 4})", 4, 2, 4, 4, 1, "cpu=4,mem=900M,node=1,billing=4",
     true},  // BeginTime
    {"26.05", R"({"tasks": 20})", 20, 10, 20, 20, 1, "cpu=20,mem=900M,node=1,billing=20",
     true},  // BeginTime
    {"26.05", R"({"tasks": 21})", 21, 11, 21, 21, 1, "cpu=21,mem=900M,node=1,billing=21",
     true},  // PartitionConfig
    {"26.05", R"({"tasks": 50})", 50, 25, 50, 50, 1, "cpu=50,mem=900M,node=1,billing=50",
     true},  // PartitionConfig
    {"26.05", R"({"cpus_per_task": 2})", 2, 1, 0, 1, 2, "cpu=2,mem=900M,node=1,billing=2",
     false},  // BeginTime
    {"26.05", R"({"tasks": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", true},  // BeginTime
    {"26.05", R"({"tasks": 3, "cpus_per_task": 2})", 6, 3, 3, 3, 2,
     "cpu=6,mem=900M,node=1,billing=6", true},  // BeginTime
    {"26.05", R"({"tasks_per_node": 2})", 2, 1, 1, 2, 2, "cpu=2,mem=900M,node=1,billing=2",
     true},  // BeginTime
    {"26.05", R"({"nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},  // BeginTime
    {"26.05", R"({"nodes": 2, "tasks": 4})", 4, 2, 2, 4, 1, "cpu=4,mem=1800M,node=2,billing=4",
     false},  // BeginTime
    {"26.05", R"({"nodes": 2, "cpus_per_task": 2})", 4, 2, 2, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},  // BeginTime
    {"26.05", R"({"nodes": 50, "cpus_per_task": 2})", 100, 50, 50, 50, 2,
     "cpu=100,mem=45000M,node=50,billing=100", false},  // PartitionConfig
    {"26.05", R"({"minimum_cpus_per_node": 2})", 1, 1, 0, 1, 2, "cpu=1,mem=900M,node=1,billing=1",
     false},  // BeginTime
    {"26.05", R"({"tasks": 2, "partition": "queue2"})", 2, 1, 2, 2, 1,
     "cpu=2,mem=900M,node=1,billing=2", true},  // BeginTime
};

// Measured the same, held, for `minimum_cpus`, `maximum_nodes` and node ranges (issue 15, R40):
// a held job's node_count ignores minimum_cpus; maximum_nodes is the node limit, replacing a
// range's.
const Measured kMeasuredLimits[] = {
    {"26.05", R"({"minimum_cpus": 2, "tasks": 4})", 4, 2, 4, 4, 1,
     "cpu=4,mem=900M,node=1,billing=4", true},
    {"26.05", R"({"minimum_cpus": 1, "cpus_per_task": 2})", 1, 1, 0, 1, 2,
     "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"minimum_cpus": 2, "nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"minimum_cpus": 2, "tasks": 4})", 4, 2, 2, 4, 1,
     "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 1, "cpus_per_task": 2})", 1, 1, 0, 1, 2,
     "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"minimum_cpus": 2, "nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"minimum_cpus": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"minimum_cpus": 2})", 2, 1, 1, 1, 1, "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"minimum_cpus": 3})", 3, 1, 1, 1, 1, "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 4})", 4, 1, 1, 1, 1, "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 5})", 5, 1, 1, 1, 1, "cpu=5,mem=900M,node=1,billing=5", false},
    {"24.11", R"({"minimum_cpus": 20})", 20, 1, 1, 1, 1, "cpu=20,mem=900M,node=1,billing=20",
     false},
    {"24.11", R"({"minimum_cpus": 21})", 21, 1, 1, 1, 1, "cpu=21,mem=900M,node=1,billing=21",
     false},
    {"24.11", R"({"minimum_cpus": 50})", 50, 1, 1, 1, 1, "cpu=50,mem=900M,node=1,billing=50",
     false},
    {"24.11", R"({"minimum_cpus": 3, "nodes": 1})", 3, 1, 1, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 3, "nodes": "1-5"})", 3, 1, 5, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 3, "tasks": 2})", 3, 1, 1, 2, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 3, "cpus_per_task": 2})", 3, 1, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 5, "tasks": 2, "cpus_per_task": 2})", 5, 2, 0, 2, 2,
     "cpu=5,mem=900M,node=1,billing=5", false},
    {"24.11", R"({"minimum_cpus": 4, "tasks_per_node": 2})", 4, 1, 0, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 2, "nodes": 3})", 2, 3, 3, 3, 1,
     "cpu=2,mem=2700M,node=3,billing=2", false},
    {"24.11", R"({"minimum_cpus": 6, "nodes": 2})", 6, 2, 2, 2, 1,
     "cpu=6,mem=1800M,node=2,billing=6", false},
    {"24.11", R"({"minimum_cpus": 3, "minimum_cpus_per_node": 2})", 3, 1, 1, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 2})", 1, 1, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 4})", 1, 1, 4, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 10})", 1, 1, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 50})", 1, 1, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 4, "nodes": 2})", 2, 2, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 3, "minimum_nodes": 2})", 2, 2, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 4, "tasks": 6})", 6, 3, 4, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"24.11", R"({"maximum_nodes": 2, "tasks": 6})", 6, 3, 3, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"24.11", R"({"maximum_nodes": 4, "minimum_cpus": 3})", 3, 1, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 1, "minimum_cpus": 3})", 3, 1, 1, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 4, "nodes": "2-6"})", 2, 2, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"nodes": "1-2"})", 1, 1, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "1-3"})", 1, 1, 3, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "1-10"})", 1, 1, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "5-8"})", 5, 5, 8, 5, 1, "cpu=5,mem=4500M,node=5,billing=5", false},
    {"24.11", R"({"nodes": "1-3", "tasks": 2})", 2, 1, 3, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     false},
    {"24.11", R"({"nodes": "2-6", "cpus_per_task": 2})", 4, 2, 6, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"nodes": "1-4", "tasks_per_node": 2})", 2, 1, 4, 2, 2,
     "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"nodes": "1-4", "tasks": 6})", 6, 3, 4, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"24.11", R"({"nodes": "2-5", "tasks": 3})", 3, 2, 5, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"24.11", R"({"nodes": "1-4", "minimum_cpus": 3})", 3, 1, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"minimum_cpus": 2})", 2, 1, 1, 1, 1, "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({"minimum_cpus": 3})", 3, 1, 1, 1, 1, "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 4})", 4, 1, 1, 1, 1, "cpu=4,mem=900M,node=1,billing=4", false},
    {"26.05", R"({"minimum_cpus": 5})", 5, 1, 1, 1, 1, "cpu=5,mem=900M,node=1,billing=5", false},
    {"26.05", R"({"minimum_cpus": 20})", 20, 1, 1, 1, 1, "cpu=20,mem=900M,node=1,billing=20",
     false},
    {"26.05", R"({"minimum_cpus": 21})", 21, 1, 1, 1, 1, "cpu=21,mem=900M,node=1,billing=21",
     false},
    {"26.05", R"({"minimum_cpus": 50})", 50, 1, 1, 1, 1, "cpu=50,mem=900M,node=1,billing=50",
     false},
    {"26.05", R"({"minimum_cpus": 3, "nodes": 1})", 3, 1, 1, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 3, "nodes": "1-5"})", 3, 1, 5, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 3, "tasks": 2})", 3, 1, 2, 2, 1,
     "cpu=3,mem=900M,node=1,billing=3", true},
    {"26.05", R"({"minimum_cpus": 3, "cpus_per_task": 2})", 3, 1, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 5, "tasks": 2, "cpus_per_task": 2})", 5, 2, 2, 2, 2,
     "cpu=5,mem=900M,node=1,billing=5", true},
    {"26.05", R"({"minimum_cpus": 4, "tasks_per_node": 2})", 4, 1, 1, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", true},
    {"26.05", R"({"minimum_cpus": 2, "nodes": 3})", 2, 3, 3, 3, 1,
     "cpu=2,mem=2700M,node=3,billing=2", false},
    {"26.05", R"({"minimum_cpus": 6, "nodes": 2})", 6, 2, 2, 2, 1,
     "cpu=6,mem=1800M,node=2,billing=6", false},
    {"26.05", R"({"minimum_cpus": 3, "minimum_cpus_per_node": 2})", 3, 1, 1, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 2})", 1, 1, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 4})", 1, 1, 4, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 10})", 1, 1, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 50})", 1, 1, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 4, "nodes": 2})", 2, 2, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 3, "minimum_nodes": 2})", 2, 2, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 4, "tasks": 6})", 6, 3, 4, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"26.05", R"({"maximum_nodes": 2, "tasks": 6})", 6, 3, 3, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"26.05", R"({"maximum_nodes": 4, "minimum_cpus": 3})", 3, 1, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 1, "minimum_cpus": 3})", 3, 1, 1, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 4, "nodes": "2-6"})", 2, 2, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"nodes": "1-2"})", 1, 1, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "1-3"})", 1, 1, 3, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "1-10"})", 1, 1, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "5-8"})", 5, 5, 8, 5, 1, "cpu=5,mem=4500M,node=5,billing=5", false},
    {"26.05", R"({"nodes": "1-3", "tasks": 2})", 2, 1, 3, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     false},
    {"26.05", R"({"nodes": "2-6", "cpus_per_task": 2})", 4, 2, 6, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"26.05", R"({"nodes": "1-4", "tasks_per_node": 2})", 2, 1, 4, 2, 2,
     "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({"nodes": "1-4", "tasks": 6})", 6, 3, 4, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"26.05", R"({"nodes": "2-5", "tasks": 3})", 3, 2, 5, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"26.05", R"({"nodes": "1-4", "minimum_cpus": 3})", 3, 1, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 8, "nodes": "2-6"})", 2, 2, 8, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 3, "nodes": "2-6"})", 2, 2, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"minimum_cpus": 3, "nodes": "1-50"})", 3, 1, 50, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 8, "nodes": "2-6"})", 2, 2, 8, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 3, "nodes": "2-6"})", 2, 2, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
};

// ... and not held (begin_time an hour ahead; the same with every node busy): node_count is
// what slurmctld's first selection test found (nodes_tested), or, when that found more nodes
// than the partition has (26.05's minimum_cpus 21 and 50, which 24.11 refuses), the held
// rule's counts.
const Measured kMeasuredLimitsNotHeld[] = {
    {"26.05", R"({"minimum_cpus": 2, "tasks": 4})", 4, 2, 4, 4, 1,
     "cpu=4,mem=900M,node=1,billing=4", true},
    {"26.05", R"({"minimum_cpus": 1, "cpus_per_task": 2})", 1, 1, 0, 1, 2,
     "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"minimum_cpus": 2, "nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"minimum_cpus": 2, "tasks": 4})", 4, 2, 0, 4, 1,
     "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 1, "cpus_per_task": 2})", 1, 1, 0, 1, 2,
     "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"minimum_cpus": 2, "nodes": 2, "tasks_per_node": 2})", 4, 2, 2, 4, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"26.05", R"({"minimum_cpus": 21})", 21, 1, 1, 1, 1, "cpu=21,mem=900M,node=1,billing=21",
     false},
    {"26.05", R"({"minimum_cpus": 50})", 50, 1, 1, 1, 1, "cpu=50,mem=900M,node=1,billing=50",
     false},
    {"24.11", R"({"minimum_cpus": 1})", 1, 1, 0, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"minimum_cpus": 2})", 2, 1, 0, 1, 1, "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"minimum_cpus": 3})", 3, 2, 0, 1, 1, "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 4})", 4, 2, 0, 1, 1, "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 5})", 5, 3, 0, 1, 1, "cpu=5,mem=900M,node=1,billing=5", false},
    {"24.11", R"({"minimum_cpus": 20})", 20, 10, 0, 1, 1, "cpu=20,mem=900M,node=1,billing=20",
     false},
    {"24.11", R"({"minimum_cpus": 3, "nodes": "1-5"})", 3, 5, 5, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 3, "tasks": 2})", 3, 2, 0, 2, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 3, "cpus_per_task": 2})", 3, 2, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"minimum_cpus": 5, "tasks": 2, "cpus_per_task": 2})", 5, 3, 0, 2, 2,
     "cpu=5,mem=900M,node=1,billing=5", false},
    {"24.11", R"({"minimum_cpus": 4, "tasks_per_node": 2})", 4, 2, 0, 2, 2,
     "cpu=4,mem=900M,node=1,billing=4", false},
    {"24.11", R"({"minimum_cpus": 2, "nodes": 3})", 2, 3, 3, 3, 1,
     "cpu=2,mem=2700M,node=3,billing=2", false},
    {"24.11", R"({"minimum_cpus": 3, "minimum_cpus_per_node": 2})", 3, 2, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 2})", 1, 2, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 4})", 1, 4, 4, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"maximum_nodes": 10})", 1, 10, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"24.11", R"({"maximum_nodes": 50})", 1, 10, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"24.11", R"({"maximum_nodes": 4, "nodes": 2})", 2, 4, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 3, "minimum_nodes": 2})", 2, 3, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 4, "tasks": 6})", 6, 4, 4, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"24.11", R"({"maximum_nodes": 4, "minimum_cpus": 3})", 3, 4, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 4, "nodes": "2-6"})", 2, 4, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"nodes": "1-2"})", 1, 2, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "1-3"})", 1, 3, 3, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "2-4"})", 2, 4, 4, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"nodes": "1-10"})", 1, 10, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "5-8"})", 5, 8, 8, 5, 1, "cpu=5,mem=4500M,node=5,billing=5", false},
    {"24.11", R"({"nodes": "1-50"})", 1, 10, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"24.11", R"({"nodes": "3-12"})", 3, 10, 12, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"24.11", R"({"nodes": "1-3", "tasks": 2})", 2, 2, 3, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     false},
    {"24.11", R"({"nodes": "2-6", "cpus_per_task": 2})", 4, 6, 6, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"24.11", R"({"nodes": "1-4", "tasks_per_node": 2})", 2, 4, 4, 2, 2,
     "cpu=2,mem=900M,node=1,billing=2", false},
    {"24.11", R"({"nodes": "1-4", "tasks": 6})", 6, 4, 4, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"24.11", R"({"nodes": "2-5", "tasks": 3})", 3, 3, 5, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"24.11", R"({"nodes": "1-4", "minimum_cpus": 3})", 3, 4, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 1})", 1, 1, 0, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"minimum_cpus": 2})", 2, 1, 0, 1, 1, "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({"minimum_cpus": 3})", 3, 2, 0, 1, 1, "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 4})", 4, 2, 0, 1, 1, "cpu=4,mem=900M,node=1,billing=4", false},
    {"26.05", R"({"minimum_cpus": 5})", 5, 3, 0, 1, 1, "cpu=5,mem=900M,node=1,billing=5", false},
    {"26.05", R"({"minimum_cpus": 20})", 20, 10, 0, 1, 1, "cpu=20,mem=900M,node=1,billing=20",
     false},
    {"26.05", R"({"minimum_cpus": 3, "nodes": "1-5"})", 3, 5, 5, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 3, "tasks": 2})", 3, 2, 2, 2, 1,
     "cpu=3,mem=900M,node=1,billing=3", true},
    {"26.05", R"({"minimum_cpus": 3, "cpus_per_task": 2})", 3, 2, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"minimum_cpus": 2, "nodes": 3})", 2, 3, 3, 3, 1,
     "cpu=2,mem=2700M,node=3,billing=2", false},
    {"26.05", R"({"minimum_cpus": 3, "minimum_cpus_per_node": 2})", 3, 2, 0, 1, 2,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 1})", 1, 1, 1, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 2})", 1, 2, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 4})", 1, 4, 4, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"maximum_nodes": 10})", 1, 10, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"26.05", R"({"maximum_nodes": 50})", 1, 10, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1",
     false},
    {"26.05", R"({"maximum_nodes": 4, "nodes": 2})", 2, 4, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 3, "minimum_nodes": 2})", 2, 3, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 4, "tasks": 6})", 6, 4, 4, 6, 1,
     "cpu=6,mem=900M,node=1,billing=6", false},
    {"26.05", R"({"maximum_nodes": 4, "minimum_cpus": 3})", 3, 4, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 4, "nodes": "2-6"})", 2, 4, 4, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"nodes": "1-2"})", 1, 2, 2, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "1-3"})", 1, 3, 3, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "2-4"})", 2, 4, 4, 2, 1, "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"nodes": "1-10"})", 1, 10, 10, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "5-8"})", 5, 8, 8, 5, 1, "cpu=5,mem=4500M,node=5,billing=5", false},
    {"26.05", R"({"nodes": "1-50"})", 1, 10, 50, 1, 1, "cpu=1,mem=900M,node=1,billing=1", false},
    {"26.05", R"({"nodes": "3-12"})", 3, 10, 12, 3, 1, "cpu=3,mem=2700M,node=3,billing=3", false},
    {"26.05", R"({"nodes": "1-3", "tasks": 2})", 2, 2, 3, 2, 1, "cpu=2,mem=900M,node=1,billing=2",
     false},
    {"26.05", R"({"nodes": "2-6", "cpus_per_task": 2})", 4, 6, 6, 2, 2,
     "cpu=4,mem=1800M,node=2,billing=4", false},
    {"26.05", R"({"nodes": "1-4", "tasks_per_node": 2})", 2, 4, 4, 2, 2,
     "cpu=2,mem=900M,node=1,billing=2", false},
    {"26.05", R"({"nodes": "1-4", "tasks": 6})", 6, 4, 4, 6, 1, "cpu=6,mem=900M,node=1,billing=6",
     false},
    {"26.05", R"({"nodes": "2-5", "tasks": 3})", 3, 3, 5, 3, 1, "cpu=3,mem=1800M,node=2,billing=3",
     false},
    {"26.05", R"({"nodes": "1-4", "minimum_cpus": 3})", 3, 4, 4, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"24.11", R"({"maximum_nodes": 8, "nodes": "2-6"})", 2, 8, 8, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"maximum_nodes": 3, "nodes": "2-6"})", 2, 3, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"24.11", R"({"minimum_cpus": 3, "nodes": "1-50"})", 3, 10, 50, 1, 1,
     "cpu=3,mem=900M,node=1,billing=3", false},
    {"26.05", R"({"maximum_nodes": 8, "nodes": "2-6"})", 2, 8, 8, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
    {"26.05", R"({"maximum_nodes": 3, "nodes": "2-6"})", 2, 3, 3, 2, 1,
     "cpu=2,mem=1800M,node=2,billing=2", false},
};

std::vector<std::string> versions_of(const std::string& release) {
  if (release == "24.11") return {"v0.0.40", "v0.0.41", "v0.0.42"};
  return {"v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"};
}

Json header_request(const std::string& method, const std::string& path) {
  Json r;
  r["method"] = method;
  r["path"] = path;
  r["headers"] = {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", "<valid token>"}};
  return r;
}

int64_t number_of(const Json& v) {
  return v.is_object() ? v["number"].get<int64_t>() : v.get<int64_t>();
}

void expect_measured(const Measured& m, bool held) {
  {
    constexpr int64_t kStart = 1796592700;
    Server server(replay::options(m.release, kStart));
    const std::vector<std::string> versions = versions_of(m.release);
    Json job = Json::parse(m.request);
    job["name"] = "m";
    job["current_working_directory"] = "/tmp";
    job["environment"] = Json::array({"PATH=/bin:/usr/bin"});
    job["script"] = "#!/bin/bash\nsleep 600";
    if (held) job["hold"] = true;
    else job["begin_time"] = {{"set", true}, {"number", kStart + 3600}};
    Json submit = header_request("POST", "/slurm/" + versions.front() + "/job/submit");
    submit["body"] = Json{{"job", job}};
    const Response sent = server.ask(submit);
    ASSERT_EQ(sent.status, 200) << m.release << " " << m.request << ": " << sent.text();
    const int64_t id = Json::parse(sent.text())["job_id"].get<int64_t>();
    for (const std::string& v : versions) {
      SCOPED_TRACE(std::string(m.release) + " " + v + " " + m.request);
      const Response got =
          server.ask(header_request("GET", "/slurm/" + v + "/job/" + std::to_string(id)));
      ASSERT_EQ(got.status, 200);
      const Json j = Json::parse(got.text())["jobs"][0];
      EXPECT_EQ(number_of(j["cpus"]), m.cpus);
      EXPECT_EQ(number_of(j["node_count"]), m.node_count);
      EXPECT_EQ(number_of(j["max_nodes"]), m.max_nodes);
      EXPECT_EQ(number_of(j["max_cpus"]), 0);
      EXPECT_EQ(number_of(j["tasks"]), m.tasks);
      EXPECT_EQ(number_of(j["minimum_cpus_per_node"]), m.min_cpus_per_node);
      EXPECT_EQ(j["tres_req_str"], m.tres_req_str);
      const Json& flags = j["flags"];
      const bool has_flag =
          std::find(flags.begin(), flags.end(), Json("JOB_IMPLICIT_MAX_NODES")) != flags.end();
      EXPECT_EQ(has_flag, m.implicit_flag && v == "v0.0.45");
      if (has_flag) {
        EXPECT_EQ(flags.back(), "JOB_IMPLICIT_MAX_NODES");
      }
    }
  }
}

TEST(ReleaseJobRequest, HeldJobsShowTheMeasuredCounts) {
  for (const Measured& m : kMeasured) expect_measured(m, true);
}

TEST(ReleaseJobRequest, PendingJobsNotHeldShowTheMeasuredCounts) {
  for (const Measured& m : kMeasuredNotHeld) expect_measured(m, false);
}

TEST(ReleaseJobRequest, MinimumCpusAndMaximumNodesHeld) {
  for (const Measured& m : kMeasuredLimits) expect_measured(m, true);
}

TEST(ReleaseJobRequest, MinimumCpusAndMaximumNodesNotHeld) {
  for (const Measured& m : kMeasuredLimitsNotHeld) expect_measured(m, false);
}

Json measured_job(const char* request) {
  Json job = Json::parse(request);
  job["name"] = "m";
  job["current_working_directory"] = "/tmp";
  job["environment"] = Json::array({"PATH=/bin:/usr/bin"});
  job["script"] = "#!/bin/bash\nsleep 600";
  return job;
}

// Refused at submission, held or not (measured): a node maximum below the minimum is 2006 and
// uses up no job id; more nodes than the maximum allows for the job's tasks or CPUs is 2014
// for a job that is not held (a held one is taken). 500 on 24.11, 422 on 26.05.
TEST(ReleaseJobRequest, NodeLimitsRefused) {
  struct Refused {
    const char* release;
    bool held;
    const char* request;
    int status;
    int error_number;
  };
  const Refused kRefused[] = {
      {"24.11", true, R"({"maximum_nodes": 2, "nodes": 4})", 500, 2006},
      {"24.11", false, R"({"maximum_nodes": 2, "nodes": 4})", 500, 2006},
      {"24.11", false, R"({"minimum_cpus": 3, "nodes": 1})", 500, 2014},
      {"24.11", false, R"({"minimum_cpus": 6, "nodes": 2})", 500, 2014},
      {"24.11", false, R"({"maximum_nodes": 2, "tasks": 6})", 500, 2014},
      {"24.11", false, R"({"maximum_nodes": 1, "minimum_cpus": 3})", 500, 2014},
      {"26.05", true, R"({"maximum_nodes": 2, "nodes": 4})", 422, 2006},
      {"26.05", false, R"({"maximum_nodes": 2, "nodes": 4})", 422, 2006},
      {"26.05", false, R"({"minimum_cpus": 3, "nodes": 1})", 422, 2014},
      {"26.05", false, R"({"minimum_cpus": 6, "nodes": 2})", 422, 2014},
      {"26.05", false, R"({"maximum_nodes": 2, "tasks": 6})", 422, 2014},
      {"26.05", false, R"({"maximum_nodes": 1, "minimum_cpus": 3})", 422, 2014},
      // 26.05's node limit from the task count (tasks 2: 2 nodes; tasks_per_node 2: 1).
      {"26.05", false, R"({"minimum_cpus": 5, "tasks": 2, "cpus_per_task": 2})", 422, 2014},
      {"26.05", false, R"({"minimum_cpus": 4, "tasks_per_node": 2})", 422, 2014},
  };
  for (const Refused& m : kRefused) {
    SCOPED_TRACE(std::string(m.release) + (m.held ? " held " : " ") + m.request);
    Server server(replay::options(m.release, 1796592700));
    Json job = measured_job(m.request);
    if (m.held) job["hold"] = true;
    else job["begin_time"] = {{"set", true}, {"number", 1796592700 + 3600}};
    Json submit =
        header_request("POST", "/slurm/" + versions_of(m.release).front() + "/job/submit");
    submit["body"] = Json{{"job", job}};
    const Response refused = server.ask(submit);
    EXPECT_EQ(refused.status, m.status) << refused.text();
    EXPECT_EQ(Json::parse(refused.text())["errors"][0]["error_number"], m.error_number);
    if (m.error_number == 2006) {  // no job id used up
      submit["body"]["job"] = measured_job("{}");
      const Response taken = server.ask(submit);
      ASSERT_EQ(taken.status, 200) << taken.text();
      EXPECT_EQ(Json::parse(taken.text())["job_id"], 1);
    }
  }
}

// Jobs that run on free nodes (measured on 24.11 and 26.05, the same): a node maximum takes
// as many nodes as are free, up to it, one task each unless `tasks` says fewer; minimum_cpus
// is held from the first node on; shared "topo" marks the allocation whole.
TEST(ReleaseJobRequest, RunningJobsTakeTheMeasuredNodes) {
  struct Ran {
    const char* request;
    std::vector<int> cpus;  // per node, in node order from queue1-dy-t3micro-1
    int64_t tasks;
    bool whole;
  };
  const Ran kRan[] = {
      {R"({})", {1}, 1, false},
      {R"({"maximum_nodes": 4})", {1, 1, 1, 1}, 4, false},
      {R"({"maximum_nodes": 50})", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 10, false},
      {R"({"minimum_cpus": 3})", {2, 1}, 2, false},
      {R"({"minimum_cpus": 4})", {2, 2}, 2, false},
      {R"({"minimum_cpus": 3, "nodes": "1-5"})", {1, 1, 1, 1, 1}, 5, false},
      {R"({"maximum_nodes": 4, "minimum_cpus": 3})", {1, 1, 1, 1}, 4, false},
      {R"({"nodes": "1-3", "tasks": 2})", {1, 1}, 2, false},
      {R"({"nodes": "2-5", "tasks": 3})", {1, 1, 1}, 3, false},
      {R"({"nodes": "1-50"})", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 10, false},
      {R"({"maximum_nodes": 4, "tasks": 6})", {2, 2, 1, 1}, 6, false},
      {R"({"maximum_nodes": 3, "minimum_nodes": 2})", {1, 1, 1}, 3, false},
      {R"({"maximum_nodes": 8, "nodes": "2-6"})", {1, 1, 1, 1, 1, 1, 1, 1}, 8, false},
      {R"({"maximum_nodes": 3, "nodes": "2-6"})", {1, 1, 1}, 3, false},
      {R"({"shared": ["topo"]})", {1}, 1, true},
      {R"({"shared": ["topo"], "tasks": 3})", {2, 1}, 3, true},
  };
  for (const char* release : {"24.11", "26.05"}) {
    for (const Ran& m : kRan) {
      SCOPED_TRACE(std::string(release) + " " + m.request);
      Server server(replay::options(release, 1796592700));
      // v0.0.40 has no "topo" (measured: 9207); v0.0.41 takes it.
      const std::string v = std::string(release) == "24.11" ? "v0.0.41" : "v0.0.42";
      Json submit = header_request("POST", "/slurm/" + v + "/job/submit");
      submit["body"] = Json{{"job", measured_job(m.request)}};
      const Response sent = server.ask(submit);
      ASSERT_EQ(sent.status, 200) << sent.text();
      const std::string id = std::to_string(Json::parse(sent.text())["job_id"].get<int64_t>());
      server.advance(2);
      const Json j = Json::parse(
          server.ask(header_request("GET", "/slurm/" + v + "/job/" + id)).text())["jobs"][0];
      ASSERT_EQ(j["job_state"][0], "RUNNING");
      int64_t total = 0;
      for (int c : m.cpus) total += c;
      EXPECT_EQ(number_of(j["node_count"]), static_cast<int64_t>(m.cpus.size()));
      EXPECT_EQ(number_of(j["cpus"]), total);
      EXPECT_EQ(number_of(j["tasks"]), m.tasks);
      EXPECT_EQ(number_of(j["max_nodes"]), 0);
      const Json& nodes = j["job_resources"]["nodes"];
      EXPECT_EQ(nodes["whole"], m.whole);
      ASSERT_EQ(nodes["allocation"].size(), m.cpus.size());
      for (size_t k = 0; k < m.cpus.size(); ++k) {
        EXPECT_EQ(nodes["allocation"][k]["name"], "queue1-dy-t3micro-" + std::to_string(k + 1));
        EXPECT_EQ(nodes["allocation"][k]["cpus"]["count"], m.cpus[k]);
      }
    }
  }
}

// A held job keeps its counts once cancelled (the conformance run's closing /jobs: recorded).
TEST(ReleaseJobRequest, CancelledHeldJobKeepsThem) {
  Server server(replay::options("24.11", 1796592700));
  Json submit = header_request("POST", "/slurm/v0.0.40/job/submit");
  submit["body"] = Json{{"job",
                         {{"name", "m"},
                          {"current_working_directory", "/tmp"},
                          {"environment", Json::array({"PATH=/bin:/usr/bin"})},
                          {"script", "#!/bin/bash\nsleep 600"},
                          {"hold", true},
                          {"nodes", 50}}}};
  const Response sent = server.ask(submit);
  ASSERT_EQ(sent.status, 200) << sent.text();
  const std::string id = std::to_string(Json::parse(sent.text())["job_id"].get<int64_t>());
  ASSERT_EQ(server.ask(header_request("DELETE", "/slurm/v0.0.40/job/" + id)).status, 200);
  const Json j =
      Json::parse(server.ask(header_request("GET", "/slurm/v0.0.40/job/" + id)).text())["jobs"][0];
  EXPECT_EQ(j["job_state"][0], "CANCELLED");
  EXPECT_EQ(number_of(j["cpus"]), 50);
  EXPECT_EQ(number_of(j["max_nodes"]), 50);
  EXPECT_EQ(j["tres_req_str"], "cpu=50,mem=45000M,node=50,billing=50");
}

// 26.05 refuses fewer tasks than nodes before the job gets an id (measured: 422, 2025, the
// next job takes the id); 24.11 takes it (kMeasured: nodes 3, tasks 2).
TEST(ReleaseJobRequest, FewerTasksThanNodesOn2605) {
  Server server(replay::options("26.05", 1796592700));
  Json job = {{"name", "m"},
              {"current_working_directory", "/tmp"},
              {"environment", Json::array({"PATH=/bin:/usr/bin"})},
              {"script", "#!/bin/bash\nsleep 600"},
              {"hold", true},
              {"nodes", 3},
              {"tasks", 2}};
  Json submit = header_request("POST", "/slurm/v0.0.45/job/submit");
  submit["body"] = Json{{"job", job}};
  const Response refused = server.ask(submit);
  EXPECT_EQ(refused.status, 422);
  const Json e = Json::parse(refused.text())["errors"][0];
  EXPECT_EQ(e["error_number"], 2025);
  EXPECT_EQ(e["error"], "Task count specification invalid");
  EXPECT_EQ(e["description"], "Batch job submission failed");
  EXPECT_EQ(e["source"], "slurm_submit_batch_job()");
  submit["body"]["job"]["tasks"] = 3;
  const Response taken = server.ask(submit);
  ASSERT_EQ(taken.status, 200) << taken.text();
  EXPECT_EQ(Json::parse(taken.text())["job_id"], 1);
}

}  // namespace
}  // namespace mock_slurmrestd
