// Request gating: HEAD, header presence, routing, then the endpoint-specific token answer.
#include "auth_gate.h"

#include <chrono>
#include <thread>

#include "admin/request_tap.h"
#include "app.h"
#include "auth.h"
#include "body.h"

namespace mock_slurmrestd {

namespace {

// httplib does not read a GET's body, so a declared length counts as a body too.
bool declares_body(const Request& request) {
  const std::string* length = request.header("content-length");
  if (length && length->find_first_not_of("0 \t") != std::string::npos) return true;
  const std::string* encoding = request.header("transfer-encoding");
  return encoding && !encoding->empty();
}

// A query that does not parse, in the release's words.
Response unparsable_query(const SlurmRelease& release) {
  if (release.unparsable_query_unspecified) return text_response(500, "Unspecified error");
  return mock_slurmrestd::unparsable_query();
}

// Whether the daemon gets as far as calling slurmctld: bodies and signals are judged locally
// first (by the version's own rules), and those answers stay the same with the controller
// down (captured).
bool reaches_controller(const ApiVersion& api, EndpointKind kind, const Request& request,
                        const RejectionContext& ctx) {
  switch (kind) {
    case EndpointKind::kJobSubmit:
      return request.body_json && api.submission_reaches_controller(*request.body_json);
    case EndpointKind::kJobUpdate:
      return request.body_json && api.update_reaches_controller(*request.body_json, request.peer);
    case EndpointKind::kJobDelete: return api.valid_signal(ctx.signal);
    default: return true;
  }
}

Response gate(App& app, Request& request) {
  if (request.method == "HEAD") {
    // 26.05 writes its not-found text after HEAD's headers (asked); the HTTP layer sends the
    // headers only, as HEAD requires.
    if (app.release().head_is_not_found) return text_response(404, app.release().not_found_text);
    Response r = text_response(411, "");
    r.content_type.clear();  // the daemon sends no Content-Type here
    return r;
  }
  bool admin = request.path.rfind("/mock/", 0) == 0;
  AuthOutcome auth;
  if (!admin) {
    const SlurmRelease& release = app.release();
    const std::string* user = request.header("x-slurm-user-name");
    const std::string* token = request.header("x-slurm-user-token");
    std::string bearer;
    if (!token && release.bearer_token) {
      const std::string* authorization = request.header("authorization");
      if (authorization && authorization->rfind("Bearer ", 0) == 0) {
        bearer = authorization->substr(7);
        token = &bearer;
      }
    }
    static const std::string kNoUser;
    const bool user_from_token = !user && token && release.token_names_user;
    if (user_from_token) user = &kNoUser;
    auth = authenticate(app.jwt_key(), user, token, wall_now(), app.config().slurm_user);
    // Without X-SLURM-USER-NAME the token's user acts: the token is judged for that user.
    if (user_from_token && auth.status == AuthStatus::kUserMismatch) {
      const std::string token_user = auth.token_user;
      auth = authenticate(app.jwt_key(), &token_user, token, wall_now(), app.config().slurm_user);
    }
    if (auth.status == AuthStatus::kMissingHeaders) {
      return text_response(401, "Authentication failure");
    }
  }
  // The daemon's order: URL path, route (404/405), Accept (415), then the request data (body
  // or query), and only then the endpoint, whose slurmctld calls reveal a refused token.
  if (!admin && !valid_path(request.path)) {
    if (app.release().unparsable_path_not_found)
      return text_response(404, "Invalid or unknown URL path");
    return unparsable_path();
  }
  Router::Resolved route = app.router().resolve(request);
  if (!route.handler) return route.error;
  if (!admin) {
    const SlurmRelease& release = app.release();
    if (negotiate(request) == Format::kUnknown) {
      return release.unknown_accept_text ? text_response(415, release.unknown_accept_text)
                                         : unknown_accept();
    }
    if (request.method == "POST" || (release.body_on_every_method && !request.body.empty())) {
      if (release.body_with_query_refused && !request.body.empty() && !request.raw_query.empty())
        return text_response(400, "Unexpected HTTP body provided when URL Query provided");
      request.body_json = decode_body(request);
      if (!request.body_json) return unparsable_body(release);
      if (request.method != "POST" && !valid_query(request.raw_query))
        return unparsable_query(release);
    } else if (!request.body.empty() || declares_body(request)) {
      return text_response(400, "Unexpected http body provided for non-POST method");
    } else if (!valid_query(request.raw_query)) {
      return unparsable_query(release);
    }
  }
  // Routes of no API version (/openapi*) never ask slurmctld: neither a refused token nor an
  // unreachable controller changes their answer.
  const LoadedVersion* version = admin ? nullptr : route.version;
  RejectionContext ctx;
  if (version) {
    if (const std::string* id = request.param("job_id")) ctx.job_id = *id;
    if (const std::string* sig = request.query_value("signal"); sig && !sig->empty()) {
      ctx.signal = version->api->parse_signal(*sig);
    }
    ctx.peer = request.peer;
  }
  // Bodies and signals the version refuses itself are answered by the handler whatever the
  // token or the controller (measured: a refused token gets the parser's errors). Judged only
  // when the answer depends on it (a refused token, a controller down): judging a submission
  // parses it, and the handler parses it again.
  auto asks_controller = [&] {
    return version &&
           reaches_controller(*version->api, static_cast<EndpointKind>(route.tag), request, ctx);
  };
  // An unreachable slurmctld also hides a refused token: the daemon never gets to ask.
  if (app.faults().controller_down && asks_controller()) {
    int calls = 0;
    AuthRejection down =
        version->api->controller_down(static_cast<EndpointKind>(route.tag), ctx, &calls);
    if (down.handled) {
      int64_t wait_ms = calls * app.faults().controller_retry_ms.load();
      if (wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      Response r =
          render(auth_rejection_document(down, version->meta.object), down.status, request);
      r.close_connection = true;
      return r;
    }
  }
  if (version && !auth.ok()) {
    request.refusal = std::string(auth_status_name(auth.status)) +
                      (auth.detail.empty() ? "" : ": " + auth.detail);
    AuthRejection rej =
        version->api->token_refused(auth.status, static_cast<EndpointKind>(route.tag), ctx);
    if (rej.handled && asks_controller()) {
      if (rej.content_type == "text/plain") {
        Response r = text_response(rej.status, rej.text_body);
        r.close_connection = rej.close_connection;
        return r;
      }
      Response r = render(auth_rejection_document(rej, version->meta.object), rej.status, request);
      r.close_connection = rej.close_connection;
      return r;
    }
  }
  request.user = auth.user;
  return (*route.handler)(request);
}

}  // namespace

Response handle_request(App& app, Request& request) {
  // Fault rules and the request journal wrap the whole path (admin/request_tap.h).
  return tap_request(app, request, [&app](Request& req) {
    Response r = gate(app, req);
    // Injected latency: slept here, after the handler released the simulator lock.
    if (req.path.rfind("/slurm/", 0) == 0) {
      if (int64_t ms = app.faults().latency_ms.load(); ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      }
    }
    return r;
  });
}

}  // namespace mock_slurmrestd
