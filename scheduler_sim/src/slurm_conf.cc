// slurm.conf reader: the cluster-shaping subset, everything else accepted and ignored.
#include "scheduler_sim/slurm_conf.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scheduler_sim/ascii.h"
#include "scheduler_sim/hostlist.h"

namespace scheduler_sim {
namespace {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

struct Token {
  std::string key;    // lower-cased
  std::string value;  // unquoted
  bool has_eq = false;
};

// State threaded through one file and its Includes.
struct ParseState {
  ClusterConfig config;
  NodeConfig node_defaults;
  PartitionConfig partition_defaults;
  std::map<std::string, size_t> node_index;  // name -> position in config.nodes
  int include_depth = 0;
};

class LineParser {
 public:
  LineParser(ParseState* st, std::string file, int line)
      : st_(st), file_(std::move(file)), line_(line) {}

  [[noreturn]] void fail(const std::string& why) const { throw ConfigError(file_, line_, why); }

  int64_t to_int(const Token& t, int64_t min = 0) const {
    const std::string& v = t.value;
    if (v.empty()) fail("empty value for " + t.key);
    size_t used = 0;
    int64_t n = 0;
    try {
      n = std::stoll(v, &used, 10);
    } catch (const std::exception&) {
      fail("invalid number '" + v + "' for " + t.key);
    }
    if (used != v.size() || n < min) fail("invalid number '" + v + "' for " + t.key);
    return n;
  }

  bool to_bool(const Token& t) const {
    std::string v = ascii_lower(t.value);
    if (v == "yes" || v == "true" || v == "1") return true;
    if (v == "no" || v == "false" || v == "0") return false;
    fail("invalid boolean '" + t.value + "' for " + t.key);
  }

  std::optional<int64_t> to_limit(const Token& t) const {  // number or UNLIMITED/INFINITE
    std::string v = ascii_lower(t.value);
    if (v == "unlimited" || v == "infinite") return std::nullopt;
    return to_int(t);
  }

  std::optional<int64_t> to_time(const Token& t) const {
    std::optional<int64_t> m;
    if (!parse_time_limit(t.value, &m)) fail("invalid time '" + t.value + "' for " + t.key);
    return m;
  }

  // OverSubscribe=EXCLUSIVE, NO, YES[:N] or FORCE[:N] (slurm.conf: N defaults to 4).
  void read_oversubscribe(const Token& t, PartitionConfig* p) const {
    const std::string v = ascii_lower(t.value);
    const size_t colon = v.find(':');
    const std::string mode = v.substr(0, colon);
    p->exclusive = mode == "exclusive";
    p->oversubscribe_yes = mode == "yes";
    p->oversubscribe_force = mode == "force";
    if (!p->exclusive && !p->oversubscribe_yes && !p->oversubscribe_force && mode != "no")
      fail("invalid OverSubscribe '" + t.value + "'");
    p->oversubscribe_jobs = p->oversubscribe_yes || p->oversubscribe_force ? 4 : 1;
    if (colon != std::string::npos) {
      if (!p->oversubscribe_yes && !p->oversubscribe_force)
        fail("invalid OverSubscribe '" + t.value + "'");
      p->oversubscribe_jobs = static_cast<int>(to_int(Token{t.key, v.substr(colon + 1)}, 1));
    }
  }

  std::vector<std::string> hosts(const Token& t) const {
    try {
      return expand_hostlist(t.value);
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
  }

  void node_line(const std::vector<Token>& toks) {
    const bool is_default = ascii_lower(toks[0].value) == "default";
    NodeConfig proto = st_->node_defaults;
    bool cpus_given = false, topo_given = false;
    std::vector<std::string> addrs, hostnames, ports;
    for (size_t i = 1; i < toks.size(); ++i) {
      const Token& t = toks[i];
      const std::string& k = t.key;
      if (k == "cpus" || k == "procs") {
        proto.cpus = static_cast<int>(to_int(t, 1));
        cpus_given = true;
      } else if (k == "boards") {
        proto.boards = static_cast<int>(to_int(t, 1));
        topo_given = true;
      } else if (k == "sockets" || k == "socketsperboard") {
        proto.sockets = static_cast<int>(to_int(t, 1));
        topo_given = true;
      } else if (k == "corespersocket") {
        proto.cores_per_socket = static_cast<int>(to_int(t, 1));
        topo_given = true;
      } else if (k == "threadspercore") {
        proto.threads_per_core = static_cast<int>(to_int(t, 1));
        topo_given = true;
      } else if (k == "realmemory") proto.real_memory = to_int(t);
      else if (k == "tmpdisk") proto.tmp_disk = to_int(t);
      else if (k == "feature" || k == "features") proto.features = t.value;
      else if (k == "gres") proto.gres = t.value;
      else if (k == "weight") proto.weight = static_cast<int>(to_int(t));
      else if (k == "state") proto.state = t.value;
      else if (k == "nodeaddr") addrs = hosts(t);
      else if (k == "nodehostname") hostnames = hosts(t);
      else if (k == "port") ports = hosts(t);
      // Other node keys (CpuSpecList, MemSpecLimit, Reason, ...) are accepted and ignored.
    }
    if (!cpus_given && topo_given) {
      proto.cpus = proto.boards * proto.sockets * proto.cores_per_socket * proto.threads_per_core;
    } else if (cpus_given && !topo_given) {
      // Slurm's rule, as the oracle shows it: CPUs alone means one core per socket.
      proto.sockets = std::max(1, proto.cpus / std::max(1, proto.boards));
      proto.cores_per_socket = 1;
      proto.threads_per_core = 1;
    }
    if (is_default) {
      st_->node_defaults = proto;
      return;
    }
    std::vector<std::string> names = hosts(toks[0]);
    if (names.empty()) fail("empty NodeName");
    auto pick = [&](const std::vector<std::string>& v, size_t i, const char* what) -> std::string {
      if (v.empty()) return "";
      if (v.size() == 1) return v[0];
      if (v.size() != names.size())
        fail(std::string(what) + " count (" + std::to_string(v.size()) +
             ") differs from NodeName count (" + std::to_string(names.size()) + ")");
      return v[i];
    };
    for (size_t i = 0; i < names.size(); ++i) {
      if (st_->node_index.count(names[i])) fail("duplicate node name '" + names[i] + "'");
      NodeConfig n = proto;
      n.name = names[i];
      n.address = pick(addrs, i, "NodeAddr");
      n.hostname = pick(hostnames, i, "NodeHostname");
      if (n.address.empty()) n.address = n.name;
      if (n.hostname.empty()) n.hostname = n.address == n.name ? n.name : n.name;
      std::string port = pick(ports, i, "Port");
      if (!port.empty()) n.port = static_cast<int>(to_int(Token{"port", port, true}, 1));
      st_->node_index[n.name] = st_->config.nodes.size();
      st_->config.nodes.push_back(std::move(n));
    }
  }

  void partition_line(const std::vector<Token>& toks) {
    const bool is_default = ascii_lower(toks[0].value) == "default";
    PartitionConfig p = st_->partition_defaults;
    std::optional<std::string> nodes_value;
    for (size_t i = 1; i < toks.size(); ++i) {
      const Token& t = toks[i];
      const std::string& k = t.key;
      if (k == "nodes") nodes_value = t.value;
      else if (k == "default") p.is_default = to_bool(t);
      else if (k == "maxtime") p.max_time = to_time(t);
      else if (k == "defaulttime") p.default_time = to_time(t);
      else if (k == "maxnodes") p.max_nodes = to_limit(t);
      else if (k == "minnodes") p.min_nodes = to_int(t);
      else if (k == "state") {
        std::string v = ascii_lower(t.value);
        if (v != "up" && v != "down" && v != "drain" && v != "inactive")
          fail("invalid partition State '" + t.value + "'");
        p.state = std::string(t.value.size(), ' ');
        std::transform(t.value.begin(), t.value.end(), p.state.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      } else if (k == "prioritytier") p.priority_tier = static_cast<int>(to_int(t));
      else if (k == "priorityjobfactor") p.priority_job_factor = static_cast<int>(to_int(t));
      else if (k == "oversubscribe" || k == "shared") read_oversubscribe(t, &p);
      else if (k == "allowaccounts") p.allow_accounts = t.value;
      else if (k == "denyaccounts") p.deny_accounts = t.value;
      else if (k == "allowgroups") p.allow_groups = t.value;
      else if (k == "alternate") p.alternate = t.value;
      else if (k == "gracetime") p.grace_time = to_int(t);
      else if (k == "maxcpuspernode") p.max_cpus_per_node = to_limit(t);
      else if (k == "rootonly") p.root_only = to_bool(t);
      else if (k == "exclusiveuser") p.exclusive_user = to_bool(t);
      else if (k == "hidden") p.hidden = to_bool(t);
      else if (k == "lln") p.lln = to_bool(t);
      else if (k == "maxmempernode") p.max_mem_per_node = to_limit(t);
      else if (k == "defmempercpu") p.def_mem_per_cpu = to_int(t);
      // AllowQOS, DenyQOS, QOS, the other memory keys, ... are accepted and ignored.
    }
    if (is_default) {
      p.node_names.clear();
      p.nodes_expr.clear();
      p.is_default = false;
      st_->partition_defaults = p;
      if (nodes_value) fail("PartitionName=DEFAULT cannot list Nodes in this simulator");
      return;
    }
    p.name = toks[0].value;
    if (p.name.empty()) fail("empty PartitionName");
    for (const PartitionConfig& other : st_->config.partitions)
      if (other.name == p.name) fail("duplicate partition '" + p.name + "'");
    std::vector<size_t> idx;
    if (nodes_value && ascii_lower(*nodes_value) == "all") {
      for (size_t i = 0; i < st_->config.nodes.size(); ++i) idx.push_back(i);
    } else if (nodes_value) {
      for (const std::string& n : hosts(Token{"nodes", *nodes_value, true})) {
        auto it = st_->node_index.find(n);
        if (it == st_->node_index.end()) fail("partition " + p.name + ": unknown node '" + n + "'");
        idx.push_back(it->second);
      }
    }
    std::sort(idx.begin(), idx.end());
    idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
    p.node_names.clear();
    for (size_t i : idx) p.node_names.push_back(st_->config.nodes[i].name);
    p.nodes_expr = compress_hostlist(p.node_names);
    st_->config.partitions.push_back(std::move(p));
  }

  void global_line(const std::vector<Token>& toks) {
    for (const Token& t : toks) {
      const std::string& k = t.key;
      st_->config.settings.emplace_back(k, t.value);
      if (k == "clustername") st_->config.cluster_name = ascii_lower(t.value);
      else if (k == "slurmuser") st_->config.slurm_user = t.value;
      else if (k == "minjobage") st_->config.min_job_age = to_int(t);
      else if (k == "maxarraysize") st_->config.max_array_size = to_int(t);
      else if (k == "maxnodecount") st_->config.max_node_count = to_int(t);
      else if (k == "slurmctldport") st_->config.slurmctld_port = std::atoi(t.value.c_str());
      else if (k == "selecttypeparameters")
        st_->config.memory_consumable = ascii_lower(t.value).find("memory") != std::string::npos;
      else if (k == "accountingstoragetype")
        st_->config.accounting_enabled = ascii_lower(t.value) == "accounting_storage/slurmdbd";
      else if (k == "statesavelocation") st_->config.state_save_location = t.value;
      else if (k == "resumetimeout") st_->config.resume_timeout = to_int(t);
      else if (k == "suspendtimeout") st_->config.suspend_timeout = to_int(t);
      else if (k == "suspendtime") {
        std::string v = ascii_lower(t.value);
        st_->config.suspend_time = (v == "none" || v == "infinite" || v == "-1") ? -1 : to_int(t);
      } else if (k == "authaltparameters") {
        std::stringstream ss(t.value);
        std::string item;
        while (std::getline(ss, item, ',')) {
          size_t eq = item.find('=');
          if (eq != std::string::npos && ascii_lower(trim(item.substr(0, eq))) == "jwt_key")
            st_->config.jwt_key_path = trim(item.substr(eq + 1));
        }
      }
      // Every other key (plugins, ports, paths, hosts) is accepted and ignored.
    }
  }

 private:
  ParseState* st_;
  std::string file_;
  int line_;
};

// Splits a logical line into key=value tokens, honouring double/single quotes.
std::vector<Token> tokenize(const std::string& line, const std::string& file, int lineno) {
  std::vector<Token> toks;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size()) break;
    Token t;
    std::string raw;
    bool in_value = false;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) {
      char c = line[i];
      if (c == '=' && !in_value) {
        t.key = ascii_lower(raw);
        raw.clear();
        t.has_eq = true;
        in_value = true;
        ++i;
        continue;
      }
      if ((c == '"' || c == '\'') && in_value) {
        size_t end = line.find(c, i + 1);
        if (end == std::string::npos) throw ConfigError(file, lineno, "unterminated quote");
        raw += line.substr(i + 1, end - i - 1);
        i = end + 1;
        continue;
      }
      raw += c;
      ++i;
    }
    if (t.has_eq) t.value = raw;
    else t.key = ascii_lower(raw), t.value = raw;
    toks.push_back(std::move(t));
  }
  return toks;
}

void parse_into(ParseState* st, const std::string& text, const std::string& name);

void parse_file_into(ParseState* st, const std::string& path, const std::string& from_file,
                     int from_line) {
  std::ifstream in(path);
  if (!in) {
    if (from_file.empty()) throw ConfigError(path, 0, "cannot open file");
    throw ConfigError(from_file, from_line, "cannot open included file '" + path + "'");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  parse_into(st, ss.str(), path);
}

void parse_into(ParseState* st, const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string physical, logical;
  int lineno = 0, start_line = 0;
  while (std::getline(in, physical)) {
    ++lineno;
    if (!physical.empty() && physical.back() == '\r') physical.pop_back();
    // The mock's own directive rides in a comment so a real slurmctld ignores it.
    if (std::string d = ascii_lower(trim(physical)); d.rfind("#mockcloudbootseconds=", 0) == 0) {
      std::string v = trim(trim(physical).substr(22));
      if (v.empty() || v.size() > 9 ||
          !std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw ConfigError(name, lineno,
                          "MockCloudBootSeconds needs a number of seconds, got '" + v + "'");
      st->config.cloud_boot_seconds = std::stoll(v);
      continue;
    }
    if (std::string d = ascii_lower(trim(physical)); d.rfind("#mockaccountingdump=", 0) == 0) {
      std::filesystem::path p(trim(trim(physical).substr(20)));
      if (p.empty()) throw ConfigError(name, lineno, "MockAccountingDump needs a file name");
      if (p.is_relative() && !name.empty()) p = std::filesystem::path(name).parent_path() / p;
      std::ifstream dump(p);
      if (!dump)
        throw ConfigError(name, lineno, "cannot open accounting dump '" + p.string() + "'");
      std::stringstream text;
      text << dump.rdbuf();
      st->config.accounting_seed = parse_accounting_dump(text.str(), p.string());
      continue;
    }
    // Strip comments (an escaped "\#" stays a literal '#').
    std::string clean;
    for (size_t i = 0; i < physical.size(); ++i) {
      if (physical[i] == '\\' && i + 1 < physical.size() && physical[i + 1] == '#') {
        clean += '#';
        ++i;
      } else if (physical[i] == '#') {
        break;
      } else {
        clean += physical[i];
      }
    }
    if (logical.empty()) start_line = lineno;
    std::string t = trim(clean);
    if (!t.empty() && t.back() == '\\') {  // continuation line
      t.pop_back();
      logical += t + " ";
      continue;
    }
    logical += t;
    std::string line = trim(logical);
    logical.clear();
    if (line.empty()) continue;

    std::vector<Token> toks = tokenize(line, name, start_line);
    LineParser lp(st, name, start_line);
    if (toks[0].key == "include" && !toks[0].has_eq) {
      if (toks.size() != 2 || toks[1].has_eq) lp.fail("Include needs exactly one file name");
      if (++st->include_depth > 16) lp.fail("Include nested too deeply");
      std::filesystem::path p(toks[1].value);
      if (p.is_relative() && !name.empty()) p = std::filesystem::path(name).parent_path() / p;
      parse_file_into(st, p.string(), name, start_line);
      --st->include_depth;
      continue;
    }
    for (const Token& tok : toks)
      if (!tok.has_eq) lp.fail("expected Key=Value, got '" + tok.key + "'");
    if (toks[0].key == "nodename") lp.node_line(toks);
    else if (toks[0].key == "partitionname") lp.partition_line(toks);
    else if (toks[0].key == "nodeset" || toks[0].key == "downnodes" ||
             toks[0].key == "frontendname" || toks[0].key == "switchname")
      continue;  // other entity lines: ignored
    else lp.global_line(toks);
  }
}

}  // namespace

ConfigError::ConfigError(std::string file, int line, const std::string& reason)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + reason),
      file_(std::move(file)),
      line_(line) {}

bool parse_time_limit(std::string_view text, std::optional<int64_t>* minutes) {
  std::string v = ascii_lower(trim(text));
  if (v == "infinite" || v == "unlimited" || v == "-1") {
    minutes->reset();
    return true;
  }
  if (v.empty()) return false;
  auto num = [](const std::string& s, int64_t* out) {
    if (s.empty() || s.size() > 9 ||
        !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
      return false;
    *out = std::stoll(s);
    return true;
  };
  int64_t days = 0, h = 0, m = 0, s = 0;
  std::string rest = v;
  size_t dash = v.find('-');
  bool has_days = dash != std::string::npos;
  if (has_days) {
    if (!num(v.substr(0, dash), &days)) return false;
    rest = v.substr(dash + 1);
  }
  std::vector<std::string> parts;
  std::stringstream ss(rest);
  std::string part;
  while (std::getline(ss, part, ':')) parts.push_back(part);
  if (!rest.empty() && rest.back() == ':') return false;
  if (parts.empty() || parts.size() > 3) return false;
  std::vector<int64_t> n(parts.size());
  for (size_t i = 0; i < parts.size(); ++i)
    if (!num(parts[i], &n[i])) return false;
  if (has_days) {  // D-HH, D-HH:MM, D-HH:MM:SS
    h = n[0];
    if (n.size() > 1) m = n[1];
    if (n.size() > 2) s = n[2];
  } else if (n.size() == 1) {  // minutes
    m = n[0];
  } else if (n.size() == 2) {  // MM:SS
    m = n[0];
    s = n[1];
  } else {  // HH:MM:SS
    h = n[0];
    m = n[1];
    s = n[2];
  }
  int64_t secs = ((days * 24 + h) * 60 + m) * 60 + s;
  *minutes = (secs + 59) / 60;
  return true;
}

ClusterConfig parse_slurm_conf(const std::string& text, const std::string& name) {
  ParseState st;
  st.config.source_path = name;
  parse_into(&st, text, name);
  return std::move(st.config);
}

ClusterConfig load_slurm_conf(const std::string& path) {
  ParseState st;
  st.config.source_path = path;
  parse_file_into(&st, path, "", 0);
  return std::move(st.config);
}

// Keep in step with fixtures/clusters/parallelcluster/slurm.conf (a test compares them).
ClusterConfig default_cluster() {
  static const char* kText =
      "ClusterName=parallelcluster\n"
      "SlurmUser=slurm\n"
      "MinJobAge=600\n"
      "SchedulerType=sched/backfill\n"
      "SelectType=select/cons_tres\n"
      "SelectTypeParameters=CR_CPU\n"
      "NodeName=queue1-dy-t3micro-[1-10] CPUs=2 RealMemory=900 State=UNKNOWN "
      "Feature=dynamic,t3.micro,t3micro\n"
      "NodeName=queue2-dy-c5large-[1-10] CPUs=2 RealMemory=900 State=UNKNOWN "
      "Feature=dynamic,c5.large,c5large\n"
      "PartitionName=queue1 Nodes=queue1-dy-t3micro-[1-10] MaxTime=INFINITE State=UP Default=YES\n"
      "PartitionName=queue2 Nodes=queue2-dy-c5large-[1-10] MaxTime=INFINITE State=UP\n";
  ClusterConfig c = parse_slurm_conf(kText, "");
  c.source_path.clear();
  return c;
}

}  // namespace scheduler_sim
