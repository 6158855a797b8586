// Request routing the way slurmrestd does it: segment matching, 404/405 text answers.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envelope.h"

namespace mock_slurmrestd {

struct LoadedVersion;  // api_version.h

// A request as handlers see it (transport details stripped).
struct Request {
  std::string method;                               // upper case: GET, POST, ...
  std::string path;                                 // as received (not decoded), without the query
  std::string raw_query;                            // as received after '?', fragment dropped
  std::multimap<std::string, std::string> query;    // decoded from raw_query
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::optional<Json> body_json;              // a POST body, decoded by the gate
  std::string peer;                           // "[localhost]:PORT" as the daemon prints clients
  int local_port = 0;                         // the listening socket's port (0: unknown)
  std::map<std::string, std::string> params;  // filled by the router from {name} segments
  std::string user;                           // authenticated user name (set by the auth gate)
  std::string refusal;                        // why the token was refused (set by the auth gate)

  const std::string* header(const std::string& lower_name) const;
  // The last value given for `name` (the daemon lets a repeated parameter override).
  const std::string* query_value(const std::string& name) const;
  const std::string* param(const std::string& name) const;
};

using Handler = std::function<Response(Request&)>;

// How a path template's {parameter} segment matches.
enum class ParamKind {
  kAny,      // any non-empty segment
  kNumber,   // slurmrestd only routes numbers here ("12", "-1", "2.5"); others are 404
  kPresent,  // any non-empty segment, which must be there (24.11: ".../node/" is 404)
};

class Router {
 public:
  // Registers `handler` for `method` on `pattern` ("/slurm/v0.0.NN/job/{job_id}").
  // A trailing {parameter} may be absent in the request: the handler then finds no param,
  // as the real daemon does for "/slurm/v0.0.NN/job/".
  // `tag` is opaque to the router (the server uses it for the endpoint's auth answers), and so
  // is `version` (the API version whose route it is; null for routes of no version).
  // A method already registered on the same pattern keeps its first handler: of two loaded
  // API versions that both bind a path ("/slurm"), the real daemon answers with the first.
  void add(const std::string& method, const std::string& pattern, Handler handler,
           ParamKind kind = ParamKind::kAny, int tag = 0, const LoadedVersion* version = nullptr);

  // The outcome of routing: a handler to run, or the daemon's 404/405 text answer.
  struct Resolved {
    const Handler* handler = nullptr;
    int tag = 0;
    const LoadedVersion* version = nullptr;
    Response error;  // when handler is null
  };
  // Matches the request (filling request.params); runs nothing.
  Resolved resolve(Request& request) const;
  // resolve() and run the handler.
  Response dispatch(Request& request) const;

  static Response not_found();
  static Response method_not_allowed();
  // How the mirrored release answers what it does not route: its 404 text, and whether a
  // known path asked with a method it lacks gets that 404 too instead of 405 (24.11 does).
  // Unset: not_found() and method_not_allowed() (22.05's answers).
  void set_unrouted_answers(std::string not_found_text, bool method_mismatch_is_not_found);
  // Empty path segments are ignored ("//slurm//a/ping/" == "/slurm/a/ping");
  // each segment is percent-decoded after splitting ("%2F" stays inside its segment).
  static std::vector<std::string> split_path(const std::string& path);

 private:
  struct Route {
    std::vector<std::string> segments;  // "{name}" marks a parameter
    ParamKind kind;
    struct Entry {
      Handler handler;
      int tag;
      const LoadedVersion* version;
    };
    std::map<std::string, Entry> handlers;  // by method
  };
  // With `method`: only routes that have a handler for it (a request no route of its method
  // matches is unrouted, e.g. 24.11's GET /job/submit reaches GET /job/{job_id}).
  const Route* match(const std::vector<std::string>& segs,
                     std::map<std::string, std::string>* params,
                     const std::string* method = nullptr) const;
  std::vector<Route> routes_;
  // Which routes a request can match, by its first two segments: a route whose first two
  // segments are literal ("slurm", "v0.0.38") is only tried for requests that start with them;
  // the others (any_head_) are tried for every request. Each by_head_ list holds its own
  // routes and every any_head_ route, as indexes into routes_ in registration order.
  std::map<std::string, std::vector<size_t>, std::less<>> by_head_;
  std::vector<size_t> any_head_;
  std::string not_found_text_;  // empty: not_found()
  bool method_mismatch_is_not_found_ = false;
};

// Parses "a=1&b=x%20y;c" ('&' or ';' between pairs; percent and '+' decoding) into name/value
// pairs. Lenient: use valid_query() first where the daemon refuses bad queries.
std::multimap<std::string, std::string> parse_query(const std::string& text);

// The daemon's URL rules, applied to the raw (undecoded) text. A path may only hold unreserved
// characters (letters, digits, "-._~"), '/' and %XX escapes other than %00; anything else
// ("1,2", "node-[1-2]", "a+b", "a:b", raw UTF-8) is 400 "Unable to parse URL path.".
bool valid_path(const std::string& raw_path);
// A query additionally allows '+' and the pair separators '&' ';', and one '=' per pair after a
// non-empty name ("a=1,2", "=x", "a=b=c" are 400 "Unable to parse query.").
bool valid_query(const std::string& raw_query);
Response unparsable_path();
Response unparsable_query();

// Splits a request target ("/p/a/t/h?query#fragment") into the raw path and raw query.
void split_target(const std::string& target, std::string* path, std::string* raw_query);

// Plain-text answer with the daemon's connection handling for errors.
Response text_response(int status, std::string body);

}  // namespace mock_slurmrestd
