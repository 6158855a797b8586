// data_parser/v0.0.41 under openapi/slurmctld (Slurm 24.11): v0.0.40's routes and objects with
// v0.0.41's differences (its Shape).
#pragma once

#include "api_version.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_41 {

const ApiVersion& plugin();
// openapi/slurmdbd with this data_parser: the /slurmdb/ routes (with accounting).
const ApiVersion& slurmdb_plugin();

// What v0.0.41 renders unlike v0.0.40.
v0_0_40::Shape shape();

}  // namespace mock_slurmrestd::v0_0_41
