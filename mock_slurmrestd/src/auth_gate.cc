// Request gating: HEAD, header presence, routing, then the endpoint-specific token answer.
#include "auth_gate.h"

#include "app.h"
#include "auth.h"
#include "v0_0_36/signals.h"

namespace mock_slurmrestd {

Response handle_request(App& app, Request& request) {
  if (request.method == "HEAD") {
    Response r = text_response(411, "");
    r.content_type.clear();  // the daemon sends no Content-Type here
    return r;
  }
  bool admin = request.path.rfind("/mock/", 0) == 0;
  AuthOutcome auth;
  if (!admin) {
    auth = authenticate(app.jwt_key(), request.header("x-slurm-user-name"),
                        request.header("x-slurm-user-token"), wall_now(),
                        app.config().slurm_user);
    if (auth.status == AuthStatus::kMissingHeaders) {
      return text_response(401, "Authentication failure");
    }
  }
  Router::Resolved route = app.router().resolve(request);
  if (!route.handler) return route.error;
  if (!admin && !auth.ok()) {
    RejectionContext ctx;
    if (const std::string* id = request.param("job_id")) ctx.job_id = *id;
    if (const std::string* sig = request.query_value("signal"); sig && !sig->empty()) {
      ctx.signal = v0_0_36::parse_signal(*sig);
    }
    ctx.peer = request.peer;
    AuthRejection rej = auth_rejection(auth.status, static_cast<EndpointKind>(route.tag), ctx);
    if (rej.handled) {
      if (rej.content_type == "text/plain") {
        Response r = text_response(rej.status, rej.text_body);
        r.close_connection = rej.close_connection;
        return r;
      }
      Response r = render(auth_rejection_document(rej, meta_object()), rej.status, request);
      r.close_connection = rej.close_connection;
      return r;
    }
  }
  request.user = auth.user;
  return (*route.handler)(request);
}

}  // namespace mock_slurmrestd
