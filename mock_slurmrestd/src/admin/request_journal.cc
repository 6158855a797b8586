// The request journal's storage: bounded, redacted, filtered copies of answered requests.
#include "admin/request_journal.h"

#include <algorithm>
#include <cctype>

namespace mock_slurmrestd {

namespace {

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

}  // namespace

bool is_credential_header(const std::string& lower_name) {
  return lower_name == "x-slurm-user-token" || lower_name == "authorization" ||
         lower_name == "proxy-authorization" || lower_name == "cookie";
}

Json RequestRecord::to_json() const {
  Json headers_json = Json::object();
  for (const auto& [name, value] : headers) {
    // httplib adds the connection's addresses as headers; the client did not send them.
    if (name == "remote_addr" || name == "remote_port" || name == "local_addr" ||
        name == "local_port") {
      continue;
    }
    // A repeated header reads as one, its values joined as HTTP allows.
    auto it = headers_json.find(name);
    if (it == headers_json.end()) headers_json[name] = value;
    else *it = it->get<std::string>() + ", " + value;
  }
  Json j = Json::object();
  j["id"] = id;
  j["time"] = time;
  j["method"] = method;
  j["path"] = path;
  j["query"] = query;
  j["headers"] = std::move(headers_json);
  // Bodies are text for every client of slurmrestd; other bytes are replaced, not refused.
  j["body"] = Json::parse(Json(body).dump(-1, ' ', false, Json::error_handler_t::replace));
  j["body_bytes"] = body_bytes;
  j["body_truncated"] = body_truncated;
  j["status"] = status;
  j["latency_ms"] = latency_ms;
  j["user"] = user;
  j["refusal"] = refusal;
  j["fault"] = fault;
  j["peer"] = peer;
  return j;
}

uint64_t RequestJournal::add(RequestRecord record) {
  record.body_bytes = record.body.size();
  if (record.body.size() > body_limit_) {
    record.body.resize(body_limit_);
    record.body_truncated = true;
  }
  for (auto& [name, value] : record.headers) {
    if (is_credential_header(name)) value = kRedacted;
  }
  std::lock_guard<std::mutex> g(mu_);
  record.id = next_id_++;
  const uint64_t id = record.id;
  if (limit_ == 0) {
    ++dropped_;
    return id;
  }
  while (records_.size() >= limit_) {
    records_.pop_front();
    ++dropped_;
  }
  records_.push_back(std::move(record));
  return id;
}

std::vector<RequestRecord> RequestJournal::list(const JournalFilter& filter) const {
  std::vector<RequestRecord> out;
  std::lock_guard<std::mutex> g(mu_);
  for (const auto& r : records_) {
    if (r.id <= filter.since) continue;
    if (!filter.method.empty() && !iequals(r.method, filter.method)) continue;
    if (r.path.compare(0, filter.path_prefix.size(), filter.path_prefix) != 0) continue;
    out.push_back(r);
  }
  return out;
}

void RequestJournal::clear() {
  std::lock_guard<std::mutex> g(mu_);
  records_.clear();
}

uint64_t RequestJournal::dropped() const {
  std::lock_guard<std::mutex> g(mu_);
  return dropped_;
}

}  // namespace mock_slurmrestd
