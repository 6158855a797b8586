// The accounting seed: a fresh database's contents, and the `sacctmgr dump` file format.
#include <algorithm>
#include <sstream>

#include "scheduler_sim/accounting.h"
#include "scheduler_sim/ascii.h"
#include "scheduler_sim/slurm_conf.h"

namespace scheduler_sim {
namespace {

// The QOS every database has (sacctmgr shows it with id 1).
QosRecord normal_qos() { return {1, "normal", "Normal QOS default", 0}; }

struct DumpLine {
  std::string kind;  // "cluster", "parent", "user", "account", "qos", "wckey"
  std::string name;
  std::vector<std::pair<std::string, std::string>> options;  // key lower-cased, value unquoted
};

// `Kind - 'name':Key=Value:Key='quoted value'`; values may hold ':' only inside quotes.
bool split_line(const std::string& line, DumpLine* out, std::string* why) {
  size_t dash = line.find(" - ");
  if (dash == std::string::npos) {
    *why = "expected \"Kind - 'name'\"";
    return false;
  }
  out->kind = ascii_lower(line.substr(0, dash));
  std::vector<std::string> parts;
  std::string cur;
  char quote = 0;
  for (size_t i = dash + 3; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ':') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (quote) {
    *why = "unterminated quote";
    return false;
  }
  parts.push_back(cur);
  out->name = parts.front();
  if (out->name.empty()) {
    *why = "empty name";
    return false;
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t eq = parts[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      *why = "expected Key=Value, got '" + parts[i] + "'";
      return false;
    }
    out->options.emplace_back(ascii_lower(parts[i].substr(0, eq)), parts[i].substr(eq + 1));
  }
  return true;
}

const std::string* option(const DumpLine& l, const std::string& key) {
  for (const auto& [k, v] : l.options)
    if (k == key) return &v;
  return nullptr;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

class SeedBuilder {
 public:
  explicit SeedBuilder(AccountingSeed* seed) : seed_(seed) {}

  void add_association(const std::string& account, const std::string& user,
                       const std::string& parent, const DumpLine* l) {
    Association a;
    a.id = next_assoc_id_++;
    a.cluster = seed_->cluster;
    a.account = account;
    a.user = user;
    a.parent_account = parent;
    // Associations inherit the cluster's QOS unless the line names its own.
    a.qos = cluster_qos_;
    if (l) {
      if (const std::string* f = option(*l, "fairshare")) a.fairshare = std::stoll(*f);
      if (const std::string* q = option(*l, "qos")) a.qos = split_commas(*q);
      if (const std::string* q = option(*l, "defaultqos")) a.default_qos = *q;
    }
    seed_->associations.push_back(std::move(a));
  }

  void cluster(const DumpLine& l) {
    seed_->cluster = ascii_lower(l.name);
    if (const std::string* q = option(l, "qos")) cluster_qos_ = split_commas(*q);
    add_association("root", "", "", &l);
    add_association("root", "root", "root", nullptr);
    seed_->accounts.push_back({"root", "default root account", "root"});
    seed_->users.push_back({"root", "root", "", "Administrator"});
  }

  std::string parent;
  std::vector<std::string> cluster_qos_ = {"normal"};

 private:
  AccountingSeed* seed_;
  uint32_t next_assoc_id_ = 1;
};

}  // namespace

AccountingSeed default_accounting_seed(const std::string& cluster) {
  AccountingSeed seed;
  seed.qos.push_back(normal_qos());
  SeedBuilder b(&seed);
  b.cluster(DumpLine{"cluster", cluster, {}});
  return seed;
}

AccountingSeed parse_accounting_dump(std::string_view text, const std::string& name) {
  AccountingSeed seed;
  SeedBuilder b(&seed);
  std::istringstream in{std::string(text)};
  std::string physical;
  int lineno = 0;
  uint32_t next_wckey = 1;
  while (std::getline(in, physical)) {
    ++lineno;
    if (!physical.empty() && physical.back() == '\r') physical.pop_back();
    size_t b0 = physical.find_first_not_of(" \t");
    if (b0 == std::string::npos || physical[b0] == '#') continue;
    std::string line = physical.substr(b0);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
    DumpLine l;
    std::string why;
    if (!split_line(line, &l, &why)) throw ConfigError(name, lineno, why);
    if (l.kind != "cluster" && seed.cluster.empty())
      throw ConfigError(name, lineno, "a Cluster line must come first");
    try {
      if (l.kind == "cluster") {
        if (!seed.cluster.empty()) throw ConfigError(name, lineno, "a second Cluster line");
        b.cluster(l);
        b.parent = "root";
      } else if (l.kind == "parent") {
        if (l.name != "root" &&
            std::none_of(seed.accounts.begin(), seed.accounts.end(),
                         [&](const AccountRecord& a) { return a.name == l.name; }))
          throw ConfigError(name, lineno, "Parent '" + l.name + "' is not an account yet");
        b.parent = l.name;
      } else if (l.kind == "account") {
        AccountRecord a{l.name, "", ""};
        if (const std::string* d = option(l, "description")) a.description = *d;
        if (const std::string* o = option(l, "organization")) a.organization = *o;
        // sacctmgr's defaults for an account added without them.
        if (a.description.empty()) a.description = l.name;
        if (a.organization.empty()) a.organization = l.name;
        seed.accounts.push_back(a);
        b.add_association(l.name, "", b.parent, &l);
      } else if (l.kind == "user") {
        if (l.name == "root" && b.parent == "root") continue;  // made with the cluster
        auto it = std::find_if(seed.users.begin(), seed.users.end(),
                               [&](const UserRecord& u) { return u.name == l.name; });
        if (it == seed.users.end()) {
          UserRecord u{l.name, b.parent, "", "None"};
          if (const std::string* d = option(l, "defaultaccount")) u.default_account = *d;
          if (const std::string* w = option(l, "defaultwckey")) u.default_wckey = *w;
          if (const std::string* a = option(l, "adminlevel")) u.admin_level = *a;
          seed.users.push_back(u);
        }
        b.add_association(b.parent, l.name, b.parent, &l);
      } else if (l.kind == "qos") {
        QosRecord q{0, l.name, "", 0};
        if (const std::string* d = option(l, "description")) q.description = *d;
        if (const std::string* p = option(l, "priority")) q.priority = std::stoll(*p);
        if (l.name == "normal") {
          if (q.description.empty()) q.description = normal_qos().description;
          q.id = 1;
          seed.qos.insert(seed.qos.begin(), q);
        } else {
          seed.qos.push_back(q);
        }
      } else if (l.kind == "wckey") {
        const std::string* u = option(l, "user");
        if (!u) throw ConfigError(name, lineno, "WCKey needs User=");
        seed.wckeys.push_back({next_wckey++, l.name, *u, seed.cluster});
      } else {
        throw ConfigError(name, lineno, "unknown line kind '" + l.kind + "'");
      }
    } catch (const std::logic_error&) {  // stoll on a bad number
      throw ConfigError(name, lineno, "invalid number in '" + line + "'");
    }
  }
  if (seed.cluster.empty()) throw ConfigError(name, 0, "no Cluster line");
  if (std::none_of(seed.qos.begin(), seed.qos.end(),
                   [](const QosRecord& q) { return q.name == "normal"; }))
    seed.qos.insert(seed.qos.begin(), normal_qos());
  uint32_t id = 1;
  for (QosRecord& q : seed.qos) q.id = id++;
  return seed;
}

}  // namespace scheduler_sim
