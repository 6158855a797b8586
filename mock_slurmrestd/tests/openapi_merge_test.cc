// The merge of loaded versions' OpenAPI documents against the real daemon's merged documents.
#include "openapi_merge.h"

#include <gtest/gtest.h>

#include <string>

#include "json_writer.h"
#include "oracle_data.h"

namespace mock_slurmrestd {
namespace {

using testing::read_oracle_file;

Json oracle(const std::string& relative) { return Json::parse(read_oracle_file(relative)); }

// slurmrestd 22.05.8 with two plugins, in both load orders (data/oracle/22.05/openapi_merge).
TEST(OpenapiMerge, MergesAsTheRealDaemonInEitherLoadOrder) {
  const Json v36 = oracle("openapi_v3.json");
  const Json v37 = oracle("22.05/openapi_merge/v0.0.37.json");
  EXPECT_EQ(to_slurm_json(merge_openapi({&v36, &v37})),
            read_oracle_file("22.05/openapi_merge/v0.0.36,v0.0.37.json"));
  EXPECT_EQ(to_slurm_json(merge_openapi({&v37, &v36})),
            read_oracle_file("22.05/openapi_merge/v0.0.37,v0.0.36.json"));
}

TEST(OpenapiMerge, OneDocumentIsServedUnchanged) {
  const Json v36 = oracle("openapi_v3.json");
  EXPECT_EQ(to_slurm_json(merge_openapi({&v36})), read_oracle_file("openapi_v3.json"));
  EXPECT_EQ(merge_openapi({}), Json::object());
}

}  // namespace
}  // namespace mock_slurmrestd
