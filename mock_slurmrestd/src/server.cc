// Server: binds cpp-httplib to the router; one code path for sockets and in-process calls.
#include "mock_slurmrestd/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "admin/request_tap.h"
#include "app.h"
#include "auth.h"
#include "auth_gate.h"
#include "http_guard.h"
#include "scheduler_sim/ascii.h"

namespace mock_slurmrestd {

using scheduler_sim::ascii_lower;

struct Server::Impl {
  ServerOptions options;
  App app;
  GuardedHttpServer http;
  std::thread listener;
  int port = 0;
  int listen_fd = -1;  // the listening socket, as created by httplib
  bool started = false;

  Impl(scheduler_sim::ClusterConfig config, ServerOptions opts)
      : options(std::move(opts)),
        app(std::move(config), options),
        http(HttpGuardLimits{
            .base_threads = static_cast<size_t>(options.threads > 0 ? options.threads : 8),
            .max_threads = static_cast<size_t>(std::max(options.threads, options.max_threads)),
            .request_timeout = std::chrono::milliseconds(options.request_timeout_ms),
            .response_timeout = std::chrono::milliseconds(options.request_timeout_ms)}) {
    register_routes(app);
  }

  HttpResult run(Request& req) {
    Response r = handle_request(app, req);
    std::string body = r.shared_body ? *r.shared_body : std::move(r.body);
    return HttpResult{r.status, std::move(r.content_type), std::move(body), r.close_connection};
  }
};

namespace {

std::string peer_of(const std::string& addr, int port) {
  std::string host = (addr == "127.0.0.1" || addr == "::1" || addr.empty()) ? "localhost" : addr;
  return "[" + host + "]:" + std::to_string(port);
}

// Cached bodies up to this size are copied into the response (see the handler).
constexpr size_t kCopiedBodyBytes = 64 * 1024;

// The request line's target as sent: the daemon's URL rules apply to the raw text, so
// httplib's decoded path and parameters are not used.
void fill_target(const std::string& target, Request* req) {
  split_target(target, &req->path, &req->raw_query);
  req->query = parse_query(req->raw_query);
}

}  // namespace

Server::Server(scheduler_sim::ClusterConfig config, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(options))) {
  auto& http = impl_->http;
  Impl* impl = impl_.get();
  // Debian's libcpp-httplib listens with a backlog of 5 (compiled in): a burst of new
  // connections overflows it and the kernel drops SYNs, which clients retry only after 1 s,
  // then 3 s. Keep the listening socket to raise the backlog once it listens (start()).
  // (The worker pool and its limits are GuardedHttpServer's, http_guard.h.)
  // httplib's default options set SO_REUSEPORT, which lets a second mock listen on a port one
  // already holds and take half of its connections (seen: a stale mock on 6820 answering with
  // another key). The real daemon's bind fails then; SO_REUSEADDR alone only lets a restarted
  // mock bind while old connections linger in TIME_WAIT.
  http.set_socket_options([impl](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    impl->listen_fd = sock;
  });
  // Nagle plus delayed ACK would add ~40 ms to every small response.
  http.set_tcp_nodelay(true);
  // Clients (and load balancers) keep connections open; don't force a reconnect every 5.
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(60);
  http.set_read_timeout(10);
  http.set_write_timeout(10);
  // The real daemon's limit: a larger body is refused with 413 (docs/oracle-notes/http.md).
  http.set_payload_max_length(kMaxBodyBytes);

  auto handler = [impl](const httplib::Request& hreq, httplib::Response& hres) {
    Request req;
    req.method = hreq.method;
    fill_target(hreq.target, &req);
    for (const auto& [k, v] : hreq.headers) req.headers.emplace(ascii_lower(k), v);
    req.body = hreq.body;
    req.peer = peer_of(hreq.remote_addr, hreq.remote_port);
    req.local_port = hreq.local_port;
    Response r = handle_request(impl->app, req);
    hres.status = r.status;
    if (r.close_connection) hres.set_header("Connection", "close");
    if (r.shared_body && r.shared_body->size() <= kCopiedBodyBytes) {
      // A small cached body: a copy costs less than httplib's content-provider path.
      hres.set_content(*r.shared_body, r.content_type.c_str());
    } else if (r.shared_body) {
      // A large cached body goes out from the cache's buffer, not a copy of it.
      std::shared_ptr<const std::string> body = std::move(r.shared_body);
      const size_t size = body->size();
      hres.set_content_provider(
          size, r.content_type.c_str(),
          [body](size_t offset, size_t length, httplib::DataSink& sink) {
            return sink.write(body->data() + offset, length);
          },
          [body](bool) {});
    } else if (!r.body.empty() || !r.content_type.empty()) {
      hres.set_content(std::move(r.body), r.content_type.c_str());
    }
  };
  // Answers cpp-httplib makes itself (413 body too large, 400 bad header, 414 long target)
  // close the connection like every error answer of the real daemon.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.has_header("Connection")) res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Unhandled;
      }));
  // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3), but
  // httplib reads a POST/PUT/PATCH/DELETE body until the connection closes: `curl -X POST`
  // without -d waited for the read timeout and got an empty 400. Answer those before httplib
  // tries to read.
  http.set_pre_routing_handler([handler](const httplib::Request& hreq, httplib::Response& hres) {
    const std::string& m = hreq.method;
    if ((m != "POST" && m != "PUT" && m != "PATCH" && m != "DELETE") ||
        hreq.has_header("Content-Length") || hreq.has_header("Transfer-Encoding")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    handler(hreq, hres);
    return httplib::Server::HandlerResponse::Handled;
  });
  http.Get(".*", handler);
  http.Post(".*", handler);
  http.Put(".*", handler);
  http.Delete(".*", handler);
  http.Patch(".*", handler);
  http.Options(".*", handler);

  if (impl->options.access_log) {
    http.set_logger([impl](const httplib::Request& req, const httplib::Response& res) {
      *impl->options.access_log << access_log_line(
                                       req.remote_addr, req.remote_port, req.method, req.target,
                                       res.status,
                                       res.body.empty() ? res.content_length_ : res.body.size(),
                                       impl->options.access_log_detail)
                                << std::flush;
    });
  }
}

Server::~Server() { stop(); }

int Server::start() {
  if (impl_->started) return impl_->port;
  impl_->app.set_stopping(false);
  auto& http = impl_->http;
  const auto& o = impl_->options;
  if (!o.unix_path.empty()) {
    ::unlink(o.unix_path.c_str());
    http.set_address_family(AF_UNIX);
    if (!http.bind_to_port(o.unix_path, 80)) {
      throw std::runtime_error("cannot listen on unix socket " + o.unix_path);
    }
    impl_->port = 0;
  } else if (o.port == 0) {
    int p = http.bind_to_any_port(o.host);
    if (p < 0) throw std::runtime_error("cannot bind to " + o.host + ": no free port");
    impl_->port = p;
  } else {
    errno = 0;
    if (!http.bind_to_port(o.host, o.port)) {
      // errno is bind's (httplib only closes the socket after it), e.g. "Address already in
      // use", as the real daemon reports it ("Unable to bind socket: Address already in use").
      const int err = errno;
      throw std::runtime_error("cannot bind to " + o.host + ":" + std::to_string(o.port) + ": " +
                               (err ? std::strerror(err) : "address in use or not local"));
    }
    impl_->port = o.port;
  }
  // A second listen() on a listening socket only changes its backlog (Linux).
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  impl_->listener = std::thread([this] { impl_->http.listen_after_bind(); });
  while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->started = true;
  return impl_->port;
}

void Server::stop() {
  // A request waiting for the simulator (a blocked allocation) answers now: its worker must
  // end for httplib's pool to join.
  impl_->app.set_stopping(true);
  impl_->app.stop_exec();  // --exec local: no script outlives the server
  impl_->app.sync_state();
  if (!impl_->started) return;
  impl_->http.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->started = false;
  if (!impl_->options.unix_path.empty()) ::unlink(impl_->options.unix_path.c_str());
}

bool Server::running() const { return impl_->started; }

std::string Server::url() const {
  const auto& o = impl_->options;
  if (!o.unix_path.empty()) return "unix:" + o.unix_path;
  return "http://" + o.host + ":" + std::to_string(impl_->port);
}

int Server::port() const { return impl_->port; }

std::vector<std::string> Server::api_versions() const {
  std::vector<std::string> out;
  // Only the /slurm/ ones (the slurmdb plugins' routes are under /slurmdb/).
  for (const auto& v : impl_->app.versions())
    if (v->api->path_root == "/slurm") out.push_back(v->api->name);
  return out;
}

std::vector<std::string> release_api_plugins(const std::string& slurm_version) {
  std::vector<std::string> out;
  if (const SlurmRelease* r = find_release(slurm_version)) out = openapi_plugins(*r);
  return out;
}

std::vector<std::string> release_data_parsers(const std::string& slurm_version) {
  std::vector<std::string> out;
  if (const SlurmRelease* r = find_release(slurm_version)) out = data_parser_plugins(*r);
  return out;
}

std::vector<std::string> slurm_releases() {
  std::vector<std::string> out;
  for (const auto& r : releases()) out.push_back(r.name);
  return out;
}

std::string Server::mint_token(const std::string& user, int64_t lifespan_seconds) const {
  return mock_slurmrestd::mint_token(impl_->app.jwt_key(), user, lifespan_seconds, wall_now());
}

const std::string& Server::jwt_key() const { return impl_->app.jwt_key(); }

scheduler_sim::Identity Server::identity(const std::string& user) const {
  return impl_->app.identity(user);
}

void Server::with_simulator(const std::function<void(const scheduler_sim::Simulator&)>& fn) {
  auto locked = impl_->app.lock();
  fn(locked.sim());
}

// Each change takes App::Locked's call, as the HTTP handlers do: one path, saved before it is
// applied when there is a StateSaveLocation.
scheduler_sim::Status Server::submit(const scheduler_sim::JobSpec& spec,
                                     const scheduler_sim::Identity& who,
                                     scheduler_sim::SubmitResult* out) {
  return impl_->app.lock().submit(spec, who, out);
}

scheduler_sim::Status Server::submit_het(const std::vector<scheduler_sim::JobSpec>& components,
                                         const scheduler_sim::Identity& who,
                                         scheduler_sim::SubmitResult* out) {
  return impl_->app.lock().submit_het(components, who, out);
}

scheduler_sim::Status Server::update(uint32_t job_id, const scheduler_sim::JobUpdate& update,
                                     const scheduler_sim::Identity& who) {
  return impl_->app.lock().update(job_id, update, who);
}

scheduler_sim::Status Server::signal(uint32_t job_id, int signal,
                                     const scheduler_sim::Identity& who) {
  return impl_->app.lock().signal(job_id, signal, who);
}

scheduler_sim::Status Server::set_node_state(const std::string& node, const std::string& state,
                                             const std::string& reason) {
  return impl_->app.lock().set_node_state(node, state, reason);
}

scheduler_sim::Status Server::finish_job(uint32_t job_id, int wait_status) {
  return impl_->app.lock().finish_job(job_id, wait_status);
}

scheduler_sim::Status Server::change_accounting(
    const std::function<scheduler_sim::Status(scheduler_sim::Accounting&)>& fn) {
  auto locked = impl_->app.lock();
  scheduler_sim::Accounting* db = locked.sim().accounting_for_update();
  if (!db)
    return scheduler_sim::Status(scheduler_sim::Errno::kError,
                                 "no accounting: slurm.conf does not set "
                                 "AccountingStorageType=accounting_storage/slurmdbd");
  return fn(*db);
}

void Server::advance_clock(int64_t seconds) {
  auto locked = impl_->app.lock();
  if (auto st = locked.advance_clock(seconds); !st.ok()) throw std::runtime_error(st.message());
}

void Server::set_clock_mode(ClockMode mode, double scale) {
  // The admin API's rules (POST /mock/v1/clock/mode), and a scale the state file can hold.
  if (mode == ClockMode::kScaled && !(scale > 0 && scale <= 1e9))
    throw std::invalid_argument("a scaled clock needs 0 < scale <= 1e9");
  if (impl_->options.exec == ExecMode::kLocal && mode != ClockMode::kReal)
    throw std::invalid_argument("--exec local runs real processes: the clock must stay real");
  auto locked = impl_->app.lock();
  if (auto st = locked.set_clock_mode(mode, mode == ClockMode::kScaled ? scale : 1.0); !st.ok())
    throw std::runtime_error(st.message());
}

ClockMode Server::clock_mode() {
  auto locked = impl_->app.lock();  // the pacer is guarded by the simulator's lock
  return impl_->app.pacer().mode();
}

scheduler_sim::SimTime Server::sim_now() {
  auto locked = impl_->app.lock();
  return locked.sim().now();
}

const char* clock_mode_name(ClockMode m) {
  switch (m) {
    case ClockMode::kReal: return "real";
    case ClockMode::kScaled: return "scaled";
    case ClockMode::kManual: return "manual";
  }
  return "real";
}

void Server::reset() {
  if (auto st = impl_->app.reset(); !st.ok()) throw std::runtime_error(st.message());
}

HttpResult Server::handle(const std::string& method, const std::string& target,
                          const std::multimap<std::string, std::string>& headers,
                          const std::string& body, const std::string& peer) {
  Request req;
  req.method = method;
  fill_target(target, &req);
  for (const auto& [k, v] : headers) req.headers.emplace(ascii_lower(k), v);
  req.body = body;
  req.peer = peer;
  return impl_->run(req);
}

}  // namespace mock_slurmrestd
