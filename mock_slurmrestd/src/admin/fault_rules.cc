// Targeted fault rules: matching, seeded draws, JSON, and the answers a load balancer gives.
#include "admin/fault_rules.h"

#include <algorithm>
#include <cctype>

namespace mock_slurmrestd {

namespace {

struct KindName {
  FaultKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {FaultKind::kDelay, "delay"},       {FaultKind::kStatus, "status"},
    {FaultKind::kReset, "reset"},       {FaultKind::kEmpty, "empty"},
    {FaultKind::kTruncate, "truncate"}, {FaultKind::kSlowBody, "slow_body"},
};

// An AWS Application Load Balancer's own error page (Server: awselb/2.0): HTML with CRLF
// line ends, text/html. 502: the target closed or answered garbage; 503: no healthy target;
// 504: the target did not answer within the idle timeout.
std::string alb_page(const std::string& title) {
  return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
         "</h1></center>\r\n</body>\r\n</html>\r\n";
}

// API Gateway (REST API) answers of its own: JSON with one "message".
std::string apigw_body(const std::string& message) { return "{\"message\": \"" + message + "\"}"; }

bool preset_answer(const std::string& preset, int status, std::string* body,
                   std::string* content_type) {
  if (preset == "alb") {
    *content_type = "text/html";
    if (status == 502) *body = alb_page("502 Bad Gateway");
    else if (status == 503) *body = alb_page("503 Service Temporarily Unavailable");
    else if (status == 504) *body = alb_page("504 Gateway Time-out");
    else return false;
    return true;
  }
  if (preset == "apigw") {
    *content_type = "application/json";
    if (status == 502) *body = apigw_body("Internal server error");
    else if (status == 503) *body = apigw_body("Service Unavailable");
    else if (status == 504) *body = apigw_body("Endpoint request timed out");
    else return false;
    return true;
  }
  return false;
}

bool method_matches(const std::string& rule_method, const std::string& method) {
  if (rule_method.empty() || rule_method == "*") return true;
  return rule_method.size() == method.size() &&
         std::equal(
             rule_method.begin(), rule_method.end(), method.begin(),
             [](unsigned char a, unsigned char b) { return std::toupper(a) == std::toupper(b); });
}

template <typename T>
bool read_field(const Json& j, const char* key, T* out, std::string* error, const char* what) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  try {
    *out = it->get<T>();
  } catch (const std::exception&) {
    *error = std::string(key) + " must be " + what;
    return false;
  }
  return true;
}

}  // namespace

const char* fault_kind_name(FaultKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

bool glob_match(const std::string& pattern, const std::string& text) {
  // Iterative matcher with backtracking to the last '*'.
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Json FaultRule::to_json() const {
  Json j = Json::object();
  j["id"] = id;
  j["method"] = method.empty() ? "*" : method;
  j["path"] = path;
  j["kind"] = fault_kind_name(kind);
  j["times"] = times;
  j["probability"] = probability;
  j["seed"] = seed;
  j["delay_ms"] = delay_ms;
  if (kind == FaultKind::kStatus) {
    j["status"] = status;
    if (!preset.empty()) j["preset"] = preset;
    j["content_type"] = content_type;
    j["body"] = body;
  }
  if (kind == FaultKind::kTruncate) j["keep_bytes"] = keep_bytes;
  if (kind == FaultKind::kSlowBody) {
    j["chunk_bytes"] = chunk_bytes;
    j["chunk_delay_ms"] = chunk_delay_ms;
  }
  j["fired"] = fired;
  return j;
}

bool fault_rule_from_json(const Json& j, FaultRule* out, std::string* error) {
  if (!j.is_object()) {
    *error = "a fault rule is a JSON object";
    return false;
  }
  static const char* const kKnown[] = {
      "method", "path", "kind",         "times",  "probability", "seed",        "delay_ms",
      "status", "body", "content_type", "preset", "keep_bytes",  "chunk_bytes", "chunk_delay_ms"};
  for (const auto& item : j.items()) {
    const std::string& key = item.key();  // a named local: clang 14 cannot capture a binding
    if (std::find_if(std::begin(kKnown), std::end(kKnown),
                     [&](const char* k) { return key == k; }) == std::end(kKnown)) {
      *error = "unknown field " + key;
      return false;
    }
  }
  FaultRule r;
  std::string kind;
  if (!read_field(j, "kind", &kind, error, "a string")) return false;
  bool known_kind = false;
  for (const auto& k : kKinds) {
    if (kind == k.name) {
      r.kind = k.kind;
      known_kind = true;
    }
  }
  if (!known_kind) {
    *error = "kind must be delay, status, reset, empty, truncate or slow_body";
    return false;
  }
  bool has_content_type = j.contains("content_type");
  if (!read_field(j, "method", &r.method, error, "a string") ||
      !read_field(j, "path", &r.path, error, "a string") ||
      !read_field(j, "times", &r.times, error, "an integer") ||
      !read_field(j, "probability", &r.probability, error, "a number") ||
      !read_field(j, "seed", &r.seed, error, "a non-negative integer") ||
      !read_field(j, "delay_ms", &r.delay_ms, error, "an integer") ||
      !read_field(j, "status", &r.status, error, "an integer") ||
      !read_field(j, "body", &r.body, error, "a string") ||
      !read_field(j, "content_type", &r.content_type, error, "a string") ||
      !read_field(j, "preset", &r.preset, error, "a string") ||
      !read_field(j, "keep_bytes", &r.keep_bytes, error, "an integer") ||
      !read_field(j, "chunk_bytes", &r.chunk_bytes, error, "an integer") ||
      !read_field(j, "chunk_delay_ms", &r.chunk_delay_ms, error, "an integer")) {
    return false;
  }
  if (r.path.empty()) r.path = "*";
  if (r.times < 0) *error = "times must be 0 (no limit) or more";
  else if (!(r.probability > 0 && r.probability <= 1)) *error = "probability must be in (0, 1]";
  else if (r.delay_ms < 0 || r.delay_ms > 600000) *error = "delay_ms must be 0 to 600000";
  else if (r.status < 100 || r.status > 599) *error = "status must be 100 to 599";
  else if (r.chunk_bytes < 1) *error = "chunk_bytes must be at least 1";
  else if (r.chunk_delay_ms < 0 || r.chunk_delay_ms > 60000)
    *error = "chunk_delay_ms must be 0 to 60000";
  else if (r.keep_bytes < -1) *error = "keep_bytes must be -1 (half) or more";
  if (!error->empty()) return false;
  if (!r.preset.empty()) {
    std::string body, content_type;
    if (!preset_answer(r.preset, r.status, &body, &content_type)) {
      *error = "preset must be alb or apigw, with status 502, 503 or 504";
      return false;
    }
    if (r.body.empty()) r.body = body;
    if (!has_content_type) r.content_type = content_type;
  }
  *out = std::move(r);
  return true;
}

ConnectionFault& pending_connection_fault() {
  thread_local ConnectionFault fault;
  return fault;
}

std::string FaultHit::label() const {
  return "rule " + std::to_string(rule.id) + ": " + fault_kind_name(rule.kind) +
         (rule.kind == FaultKind::kStatus ? " " + std::to_string(rule.status) : "");
}

uint64_t FaultRules::add(FaultRule rule) {
  std::lock_guard<std::mutex> g(mu_);
  rule.id = next_id_++;
  rule.fired = 0;
  std::mt19937_64 rng(rule.seed);
  rules_.push_back(Armed{std::move(rule), rng});
  count_ = rules_.size();
  return rules_.back().rule.id;
}

bool FaultRules::remove(uint64_t id) {
  std::lock_guard<std::mutex> g(mu_);
  auto it =
      std::find_if(rules_.begin(), rules_.end(), [id](const Armed& a) { return a.rule.id == id; });
  if (it == rules_.end()) return false;
  rules_.erase(it);
  count_ = rules_.size();
  return true;
}

void FaultRules::clear() {
  std::lock_guard<std::mutex> g(mu_);
  rules_.clear();
  count_ = 0;
}

std::vector<FaultRule> FaultRules::list() const {
  std::lock_guard<std::mutex> g(mu_);
  std::vector<FaultRule> out;
  for (const auto& a : rules_) out.push_back(a.rule);
  return out;
}

std::optional<FaultHit> FaultRules::fire(const Request& request) {
  if (count_.load() == 0) return std::nullopt;
  if (request.path.rfind("/mock/", 0) == 0) return std::nullopt;
  std::lock_guard<std::mutex> g(mu_);
  for (auto& a : rules_) {
    FaultRule& r = a.rule;
    if (r.times > 0 && r.fired >= static_cast<uint64_t>(r.times)) continue;
    if (!method_matches(r.method, request.method) || !glob_match(r.path, request.path)) continue;
    if (r.probability < 1.0) {
      // Each matching request draws once from the rule's own sequence: the same seed and the
      // same requests hit the same ones.
      double draw = std::uniform_real_distribution<double>(0.0, 1.0)(a.rng);
      if (draw >= r.probability) continue;
    }
    ++r.fired;
    return FaultHit{r};
  }
  return std::nullopt;
}

Response fault_status_answer(const FaultRule& rule) {
  Response r;
  r.status = rule.status;
  r.content_type = rule.content_type;
  r.body = rule.body;
  return r;
}

}  // namespace mock_slurmrestd
