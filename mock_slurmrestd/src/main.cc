// mock-slurmrestd: the command line, shaped like slurmrestd's.
#include <semaphore.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app.h"
#include "auth.h"
#include "exec/rules_file.h"
#include "mock_slurmrestd/server.h"
#include "releases.h"
#include "scheduler_sim/slurm_conf.h"

namespace {

constexpr const char* kUsage = R"(Usage: mock-slurmrestd [OPTIONS] [HOST:]PORT | unix:/path
       mock-slurmrestd [-f slurm.conf] [--jwt-key FILE] token username=NAME [lifespan=SECONDS]

A mock of Slurm's REST daemon (slurmrestd) backed by a simulated cluster.
Listens on 127.0.0.1:6820 by default; port 0 picks a free port and prints it.

Options:
  --slurm-version R  the Slurm release mirrored: its REST API versions and the release
                     every answer reports (default and known: @RELEASES@)
  -s LIST            openapi plugins to load, comma-separated (openapi/vX or vX), like
                     slurmrestd's -s (default: every one of the release); -s list lists them
  -d LIST            data_parser plugins to load (24.11 on), comma-separated
                     (data_parser/v0.0.4N or v0.0.4N), like slurmrestd's -d; -d list lists them
  -f FILE            slurm.conf describing the cluster (default: $SLURM_CONF, else the
                     built-in ParallelCluster-shaped cluster: queue1-dy-t3micro-[1-10])
  --jwt-key FILE     HS256 key file (default: AuthAltParameters=jwt_key= in slurm.conf;
                     with neither, a random key is made at start-up and a token printed)
  --clock MODE       real (default), manual, or scaled:N (simulated time runs N x faster)
  --start-time T     simulated start time in Unix seconds (default: now)
  --seed N           seed for reproducible runs (default 1)
  --completing-seconds N  how long a job that ran shows COMPLETING after its end
                     (its epilog; default 1, 0 = never)
  --exec MODE        simulated (default: run time/exit from the script, #MOCK directives,
                     --rules) or local (run batch scripts as real processes; needs
                     --clock real; as root each runs as its token's user; a JWT key
                     file must then be private: mode 0600, owned by this user or root)
  --rules FILE       JSON list of {"match":{"name","partition","user"},"runtime","exit"}
                     overriding simulated run times/exit codes (first match wins)
  --state-save DIR   save the cluster's state in DIR and restore it at start-up
                     (default: slurm.conf's StateSaveLocation; every accepted change
                     is on disk before it is answered)
  --no-state-save    ignore StateSaveLocation: start empty, save nothing
  --threads N        most connections served at once, one worker thread each
                     (started on demand; default 1024; at the cap idle keep-alive
                     connections give way to waiting ones)
  --journal-limit N  requests the journal keeps (default 1000; the oldest go first)
  -q, --quiet        no access log
  -v, --verbose      access log with time, user, latency, refusal reason and fault
  -h, --help         this text
  -V, --version      print the version

Subcommands:
  token username=NAME [lifespan=SECONDS]
                     print SLURM_JWT=<token> for NAME, like `scontrol token`

Admin API (not part of Slurm; no auth; OpenAPI at GET /mock/v1/openapi.json):
  GET    /mock/v1/health                      {"status": "ok", "version": ...}
  POST   /mock/v1/reset                       no jobs, initial cluster, no faults, empty journal
  GET    /mock/v1/clock                       simulated time and clock mode
  POST   /mock/v1/clock/advance?seconds=N     move simulated time forward
  POST   /mock/v1/clock/mode?mode=real|manual|scaled[&scale=X]
  POST   /mock/v1/node/NAME/state?state=down|drain|resume|fail|idle[&reason=R]
  GET    /mock/v1/events                      the simulator's event log
  GET    /mock/v1/faults                      global faults (controller, latency)
  POST   /mock/v1/faults?controller=down|up&latency_ms=N&controller_retry_ms=N
  DELETE /mock/v1/faults                      clear every fault and fault rule
  GET    /mock/v1/faults/rules                targeted fault rules
  POST   /mock/v1/faults/rules                add rules (JSON): delay, status (alb/apigw
                                              502/503/504), reset, empty, truncate, slow_body
  DELETE /mock/v1/faults/rules[/ID]           remove all rules, or one
  GET    /mock/v1/requests[?method=M&path_prefix=P&since=ID]   the request journal
  DELETE /mock/v1/requests                    empty the request journal
)";

sem_t g_stop;

void on_signal(int) { sem_post(&g_stop); }

struct Args {
  std::optional<std::string> conf, jwt_key_file, start_time, plugins, data_parsers;
  std::string slurm_version;
  std::optional<std::string> rules_file, state_save;
  bool no_state_save = false;
  std::string clock = "real", listen = "127.0.0.1:6820", exec = "simulated";
  uint64_t seed = 1;
  int64_t completing_seconds = 1;
  int threads = 1024;
  bool quiet = false;
  bool verbose = false;
  long journal_limit = -1;
  std::vector<std::string> token_args;
  bool token = false;
};

// "22.05, ...": the releases --slurm-version takes.
std::string known_releases() {
  std::string known;
  for (const auto& r : mock_slurmrestd::slurm_releases()) known += (known.empty() ? "" : ", ") + r;
  return known;
}

[[noreturn]] void usage_error(const std::string& msg) {
  std::cerr << "mock-slurmrestd: " << msg << "\nTry 'mock-slurmrestd --help'.\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  bool have_listen = false;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argc) usage_error(std::string(name) + " needs a value");
      return argv[++i];
    };
    if (a.token) {
      a.token_args.push_back(s);
    } else if (s == "-h" || s == "--help") {
      std::string usage = kUsage;
      usage.replace(usage.find("@RELEASES@"), 10, known_releases());
      std::cout << usage;
      std::exit(0);
    } else if (s == "-f") {
      a.conf = value("-f");
    } else if (s == "--slurm-version") {
      a.slurm_version = value("--slurm-version");
    } else if (s == "-s") {
      a.plugins = value("-s");
    } else if (s == "-d") {
      a.data_parsers = value("-d");
    } else if (s == "--jwt-key") {
      a.jwt_key_file = value("--jwt-key");
    } else if (s == "--clock") {
      a.clock = value("--clock");
    } else if (s == "--exec") {
      a.exec = value("--exec");
      if (a.exec != "simulated" && a.exec != "local")
        usage_error("--exec must be simulated or local");
    } else if (s == "--rules") {
      a.rules_file = value("--rules");
    } else if (s == "--state-save") {
      a.state_save = value("--state-save");
      if (a.state_save->empty()) usage_error("--state-save needs a directory");
    } else if (s == "--no-state-save") {
      a.no_state_save = true;
    } else if (s == "--start-time") {
      a.start_time = value("--start-time");
    } else if (s == "--seed") {
      a.seed = std::strtoull(value("--seed").c_str(), nullptr, 10);
    } else if (s == "--completing-seconds") {
      const std::string v = value("--completing-seconds");
      char* end = nullptr;
      a.completing_seconds = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || a.completing_seconds < 0)
        usage_error("--completing-seconds must be a whole number of seconds, 0 or more");
    } else if (s == "--threads") {
      a.threads = std::atoi(value("--threads").c_str());
      if (a.threads < 1) usage_error("--threads must be at least 1");
    } else if (s == "-V" || s == "--version") {
      std::cout << "mock-slurmrestd " << mock_slurmrestd::mock_version() << "\n";
      std::exit(0);
    } else if (s == "-v" || s == "--verbose") {
      a.verbose = true;
    } else if (s == "--journal-limit") {
      char* end = nullptr;
      std::string v = value("--journal-limit");
      a.journal_limit = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || a.journal_limit < 0) {
        usage_error("--journal-limit must be a non-negative integer");
      }
    } else if (s == "-q" || s == "--quiet") {
      a.quiet = true;
    } else if (s == "token") {
      a.token = true;
    } else if (!s.empty() && s[0] == '-') {
      usage_error("unknown option " + s);
    } else if (!have_listen) {
      a.listen = s;
      have_listen = true;
    } else {
      usage_error("unexpected argument " + s);
    }
  }
  return a;
}

void parse_listen(const std::string& spec, mock_slurmrestd::ServerOptions* o) {
  if (spec.rfind("unix:", 0) == 0) {
    o->unix_path = spec.substr(5);
    if (o->unix_path.empty()) usage_error("unix: needs a path");
    return;
  }
  std::string port = spec;
  auto colon = spec.rfind(':');
  if (colon != std::string::npos) {
    o->host = spec.substr(0, colon);
    port = spec.substr(colon + 1);
    if (o->host.size() > 1 && o->host.front() == '[' && o->host.back() == ']') {
      o->host = o->host.substr(1, o->host.size() - 2);
    }
  }
  char* end = nullptr;
  long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535) usage_error("bad port '" + port + "'");
  o->port = static_cast<int>(p);
}

void parse_clock(const std::string& spec, mock_slurmrestd::ServerOptions* o) {
  if (spec == "real") {
    o->clock = mock_slurmrestd::ClockMode::kReal;
  } else if (spec == "manual") {
    o->clock = mock_slurmrestd::ClockMode::kManual;
  } else if (spec.rfind("scaled:", 0) == 0) {
    o->clock = mock_slurmrestd::ClockMode::kScaled;
    o->scale = std::atof(spec.c_str() + 7);
    if (o->scale <= 0) usage_error("--clock scaled:N needs N > 0");
  } else {
    usage_error("--clock must be real, manual or scaled:N");
  }
}

}  // namespace

// --slurm-version, -s and -d: the release and its plugins to load. `-s list` / `-d list` print
// the plugins the release has and exit 0 (22.05's slurmrestd logs them on stderr; 24.11's prints
// the heading on stderr and the names on stdout); an unknown one is fatal (exit 1).
void print_plugin_list(const mock_slurmrestd::SlurmRelease& release, const char* heading,
                       const std::vector<std::string>& names) {
  if (release.lists_plugins_on_stdout) {
    std::cerr << heading << "\n";
    for (const auto& p : names) std::cout << p << "\n";
  } else {
    std::cerr << "mock-slurmrestd: " << heading << "\n";
    for (const auto& p : names) std::cerr << "mock-slurmrestd: " << p << "\n";
  }
  std::exit(0);
}

void select_api(const Args& args, mock_slurmrestd::ServerOptions* o) {
  if (!args.slurm_version.empty()) o->slurm_version = args.slurm_version;
  const std::vector<std::string> available = mock_slurmrestd::release_api_plugins(o->slurm_version);
  if (available.empty()) {
    usage_error("--slurm-version must be one of: " + known_releases());
  }
  const mock_slurmrestd::SlurmRelease& release = *mock_slurmrestd::find_release(o->slurm_version);
  if (args.plugins && *args.plugins == "list") {
    print_plugin_list(release, "Possible OpenAPI plugins:", available);
  }
  if (args.data_parsers && mock_slurmrestd::release_data_parsers(o->slurm_version).empty()) {
    usage_error("-d: Slurm " + release.name + " has no data_parser plugins");
  }
  if (args.data_parsers && *args.data_parsers == "list") {
    print_plugin_list(release, "Possible data_parser plugins:",
                      mock_slurmrestd::release_data_parsers(o->slurm_version));
  }
  if (!args.plugins && !args.data_parsers) return;
  if (args.plugins) o->api_versions = mock_slurmrestd::split_plugin_list(*args.plugins);
  if (args.data_parsers) {
    o->data_parsers = mock_slurmrestd::split_plugin_list(*args.data_parsers);
  }
  try {
    // Names only: whether accounting is on is known once slurm.conf is read (App checks).
    mock_slurmrestd::select_versions(release, o->api_versions, o->data_parsers, true);
  } catch (const std::invalid_argument& e) {
    std::cerr << "mock-slurmrestd: fatal: " << e.what() << "\n";
    std::exit(1);
  }
}

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  mock_slurmrestd::ServerOptions opts;
  if (!args.token) select_api(args, &opts);
  scheduler_sim::ClusterConfig config;
  try {
    const char* env_conf = std::getenv("SLURM_CONF");
    if (args.conf) config = scheduler_sim::load_slurm_conf(*args.conf);
    else if (env_conf && *env_conf) config = scheduler_sim::load_slurm_conf(env_conf);
    else config = scheduler_sim::default_cluster();
  } catch (const scheduler_sim::ConfigError& e) {
    std::cerr << "mock-slurmrestd: slurm.conf error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mock-slurmrestd: " << e.what() << "\n";
    return 1;
  }

  std::string key;
  bool generated_key = false;
  std::optional<std::string> key_path = args.jwt_key_file ? args.jwt_key_file : config.jwt_key_path;
  try {
    if (key_path) key = mock_slurmrestd::load_jwt_key(*key_path);
    // With --exec local a token runs commands (as any local user when run as root): a key that
    // others can read would let them mint one. The generated key never leaves this process.
    if (key_path && args.exec == "local" && !args.token)
      mock_slurmrestd::check_private_key_file(*key_path);
  } catch (const std::exception& e) {
    std::cerr << "mock-slurmrestd: " << e.what() << "\n";
    return 1;
  }

  if (args.token) {
    if (key.empty()) {
      std::cerr << "mock-slurmrestd: no JWT key: give --jwt-key FILE or a slurm.conf with "
                   "AuthAltParameters=jwt_key=FILE\n";
      return 1;
    }
    std::vector<char*> targv;
    static char prog[] = "token";
    targv.push_back(prog);
    for (auto& t : args.token_args) targv.push_back(t.data());
    return mock_slurmrestd::run_token_command(static_cast<int>(targv.size()), targv.data(), key,
                                              std::cout, std::cerr, mock_slurmrestd::wall_now());
  }

  parse_listen(args.listen, &opts);
  parse_clock(args.clock, &opts);
  if (args.start_time) opts.start_time = std::atoll(args.start_time->c_str());
  opts.seed = args.seed;
  opts.completing_seconds = args.completing_seconds;
  if (args.exec == "local") {
    if (opts.clock != mock_slurmrestd::ClockMode::kReal)
      usage_error("--exec local runs real processes in real time: it needs --clock real");
    opts.exec = mock_slurmrestd::ExecMode::kLocal;
  }
  if (args.rules_file) {
    try {
      opts.rules = mock_slurmrestd::load_behavior_rules(*args.rules_file);
    } catch (const std::exception& e) {
      std::cerr << "mock-slurmrestd: " << e.what() << "\n";
      return 1;
    }
  }
  if (!args.no_state_save) {
    if (args.state_save) opts.state_save_location = *args.state_save;
    else if (config.state_save_location) opts.state_save_location = *config.state_save_location;
    opts.state_log = &std::cerr;
  }
  opts.max_threads = args.threads;
  opts.threads = std::min(opts.threads, args.threads);
  opts.access_log = args.quiet ? nullptr : &std::cerr;
  opts.access_log_detail = args.verbose;
  if (args.journal_limit >= 0) opts.journal_limit = static_cast<size_t>(args.journal_limit);
  if (key.empty()) generated_key = true;
  opts.jwt_key = key;

  sem_init(&g_stop, 0, 0);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Construction can refuse the options too (a short key, --exec local without a real clock).
  std::optional<mock_slurmrestd::Server> server;
  try {
    server.emplace(std::move(config), opts);
    server->start();
  } catch (const std::exception& e) {
    std::cerr << "mock-slurmrestd: " << e.what() << "\n";
    return 1;
  }
  std::cout << "mock-slurmrestd: listening on " << server->url() << std::endl;
  if (generated_key) {
    std::string token = server->mint_token("ec2-user", 86400);
    std::cout << "No JWT key configured: made one for this run. A token for ec2-user:\n"
              << "  export SLURM_JWT=" << token << "\n"
              << "  curl -H \"X-SLURM-USER-NAME: ec2-user\" -H \"X-SLURM-USER-TOKEN: $SLURM_JWT\" "
              << server->url() << "/slurm/" << server->api_versions().front() << "/partitions"
              << std::endl;
    // As root, scripts run as their token's user; without such an account they never run.
    if (!server->identity("ec2-user").known) {
      std::cout << "Note: ec2-user has no account on this host: with --exec local as root its "
                   "jobs are requeued and never run, as on a real cluster (docs/security.md)."
                << std::endl;
    }
  }
  while (sem_wait(&g_stop) != 0) {}
  std::cout << "mock-slurmrestd: shutting down" << std::endl;
  server->stop();
  return 0;
}
