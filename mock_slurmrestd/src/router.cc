// Route matching: exact segments first, then parameter segments, in registration order.
#include "router.h"

#include <cctype>
#include <iterator>

namespace mock_slurmrestd {

const std::string* Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? nullptr : &it->second;
}

const std::string* Request::query_value(const std::string& name) const {
  auto [first, last] = query.equal_range(name);
  if (first == last) return nullptr;
  return &std::prev(last)->second;
}

const std::string* Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

Response text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  r.close_connection = true;
  return r;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(const std::string& s, bool plus_is_space = true) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool unreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// The %XX escape at s[i] is well formed and does not decode to NUL.
bool good_escape(const std::string& s, size_t i) {
  return i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0 &&
         !(s[i + 1] == '0' && s[i + 2] == '0');
}

}  // namespace

bool valid_path(const std::string& raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%') {
      if (!good_escape(raw, i)) return false;
      i += 2;
    } else if (!unreserved(raw[i]) && raw[i] != '/') {
      return false;
    }
  }
  return true;
}

bool valid_query(const std::string& raw) {
  size_t name_length = 0;  // characters of the current pair's name so far
  bool in_value = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '&' || c == ';') {
      name_length = 0;
      in_value = false;
    } else if (c == '=') {
      if (in_value || name_length == 0) return false;
      in_value = true;
    } else if (c == '%') {
      if (!good_escape(raw, i)) return false;
      i += 2;
      if (!in_value) ++name_length;
    } else if (unreserved(c) || c == '+') {
      if (!in_value) ++name_length;
    } else {
      return false;
    }
  }
  return true;
}

Response unparsable_path() { return text_response(400, "Unable to parse URL path."); }
Response unparsable_query() { return text_response(400, "Unable to parse query."); }

void split_target(const std::string& target, std::string* path, std::string* raw_query) {
  std::string t = target.substr(0, target.find('#'));
  size_t q = t.find('?');
  *path = t.substr(0, q);
  *raw_query = q == std::string::npos ? "" : t.substr(q + 1);
}

std::multimap<std::string, std::string> parse_query(const std::string& text) {
  std::multimap<std::string, std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t amp = text.find_first_of("&;", i);
    if (amp == std::string::npos) amp = text.size();
    std::string part = text.substr(i, amp - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string::npos) out.emplace(url_decode(part), "");
      else out.emplace(url_decode(part.substr(0, eq)), url_decode(part.substr(eq + 1)));
    }
    i = amp + 1;
  }
  return out;
}

Response Router::not_found() {
  return text_response(404,
                       "Unable find requested URL. Please view /openapi/v3 for API reference.");
}

void Router::set_unrouted_answers(std::string not_found_text, bool method_mismatch_is_not_found) {
  not_found_text_ = std::move(not_found_text);
  method_mismatch_is_not_found_ = method_mismatch_is_not_found;
}

Response Router::method_not_allowed() {
  return text_response(
      405,
      "Requested REST method is not defined at URL. Please view /openapi/v3 for API reference.");
}

std::vector<std::string> Router::split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.emplace_back(url_decode(path.substr(i, j - i), false));
    i = j + 1;
  }
  return out;
}

namespace {

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// The key of by_head_ for a path's first two segments.
std::string head_key(const std::vector<std::string>& segs) { return segs[0] + '/' + segs[1]; }

}  // namespace

void Router::add(const std::string& method, const std::string& pattern, Handler handler,
                 ParamKind kind, int tag, const LoadedVersion* version) {
  auto segs = split_path(pattern);
  for (auto& r : routes_) {
    if (r.segments == segs) {
      r.handlers.try_emplace(method, Route::Entry{std::move(handler), tag, version});
      return;
    }
  }
  if (segs.size() >= 2 && !is_param(segs[0]) && !is_param(segs[1])) {
    by_head_.try_emplace(head_key(segs), any_head_).first->second.push_back(routes_.size());
  } else {
    any_head_.push_back(routes_.size());
    for (auto& [head, list] : by_head_) list.push_back(routes_.size());
  }
  Route r{std::move(segs), kind, {}};
  r.handlers.try_emplace(method, Route::Entry{std::move(handler), tag, version});
  routes_.push_back(std::move(r));
}

namespace {

// slurmrestd's path parser treats a segment as a number when it looks like a decimal
// ("12", "-1", "2.5", "1."), and only numbers reach numeric parameters.
bool looks_numeric(const std::string& s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  return i == s.size() && digits > 0;
}

}  // namespace

const Router::Route* Router::match(const std::vector<std::string>& segs,
                                   std::map<std::string, std::string>* params,
                                   const std::string* method) const {
  // The routes this request can match, in registration order.
  const std::vector<size_t>* order = &any_head_;
  if (segs.size() >= 2) {
    auto it = by_head_.find(head_key(segs));
    if (it != by_head_.end()) order = &it->second;
  }
  // Exact routes win over parameter routes ("/job/submit" before "/job/{job_id}").
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t index : *order) {
      const Route& r = routes_[index];
      bool has_param = !r.segments.empty() && is_param(r.segments.back());
      if ((pass == 0) == has_param) continue;
      if (method && !r.handlers.count(*method)) continue;
      size_t n = r.segments.size();
      bool trailing_param_absent =
          has_param && r.kind != ParamKind::kPresent && segs.size() + 1 == n;
      if (segs.size() != n && !trailing_param_absent) continue;
      bool ok = true;
      std::map<std::string, std::string> found;
      for (size_t i = 0; i < segs.size() && ok; ++i) {
        const auto& pat = r.segments[i];
        if (is_param(pat)) {
          if (r.kind == ParamKind::kNumber && !looks_numeric(segs[i])) ok = false;
          else found[pat.substr(1, pat.size() - 2)] = segs[i];
        } else if (pat != segs[i]) {
          ok = false;
        }
      }
      if (ok) {
        *params = std::move(found);
        return &r;
      }
    }
  }
  return nullptr;
}

Router::Resolved Router::resolve(Request& request) const {
  Resolved out;
  // Where a method mismatch is answered as an unknown path, routes are matched per method.
  const Route* r = match(split_path(request.path), &request.params,
                         method_mismatch_is_not_found_ ? &request.method : nullptr);
  auto unrouted = [this] {
    return not_found_text_.empty() ? not_found() : text_response(404, not_found_text_);
  };
  if (!r) {
    out.error = unrouted();
    return out;
  }
  auto it = r->handlers.find(request.method);
  if (it == r->handlers.end()) {
    out.error = method_mismatch_is_not_found_ ? unrouted() : method_not_allowed();
    return out;
  }
  out.handler = &it->second.handler;
  out.tag = it->second.tag;
  out.version = it->second.version;
  return out;
}

Response Router::dispatch(Request& request) const {
  Resolved r = resolve(request);
  return r.handler ? (*r.handler)(request) : r.error;
}

}  // namespace mock_slurmrestd
