// The update_time and flags query of GET /nodes, /node/{name}, /partitions and
// /partition/{name}, as the real 24.11.5 and 26.05.5 read them (docs/oracle-notes/
// partition-kinds-queries.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "router.h"
#include "v0_0_40/answer.h"
#include "v0_0_40/shape.h"

namespace mock_slurmrestd::v0_0_40 {

struct ListQuery {
  std::optional<int64_t> update_time;
  bool bad_flag = false;  // an unknown flag, listed all the same (v0.0.41 on): status 500
  bool detail = true;     // SHOW_DETAIL asked: no flags, or DETAIL among them
};

// Reads the query into `q`. False when the daemon rejects it: `a` then holds its errors
// (answered 500 with no list). `reject` is the rejection's text and source.
bool read_list_query(const Request& req, const Shape& shape, Answer& a, const char* reject,
                     const char* source, ListQuery* q);

}  // namespace mock_slurmrestd::v0_0_40
