// Administrator changes to the accounting database (what sacctmgr add/remove do in slurmdbd).
#include <algorithm>

#include "scheduler_sim/accounting.h"

namespace scheduler_sim {
namespace {

template <class T>
uint32_t next_id(const std::vector<T>& v, uint32_t* counter) {
  if (*counter == 0) {
    for (const T& x : v) *counter = std::max(*counter, x.id);
  }
  return ++*counter;
}

}  // namespace

bool Accounting::add_account(const AccountRecord& account) {
  if (find_account(account.name)) return false;
  seed_.accounts.push_back(account);
  return true;
}

bool Accounting::add_user(const std::string& name) {
  if (find_user(name)) return false;
  UserRecord u;
  u.name = name;
  seed_.users.push_back(u);
  return true;
}

bool Accounting::set_admin_level(std::string_view user, const std::string& level) {
  for (UserRecord& u : seed_.users) {
    if (u.name != user) continue;
    if (u.admin_level == level) return false;
    u.admin_level = level;
    return true;
  }
  return false;
}

bool Accounting::add_account_association(const std::string& account, const std::string& parent) {
  if (!find_account(account) || !find_account(parent)) return false;
  for (const Association& a : seed_.associations)
    if (a.account == account && a.user.empty()) return false;
  Association a;
  a.id = next_id(seed_.associations, &next_association_id_);
  a.cluster = seed_.cluster;
  a.account = account;
  a.parent_account = parent;
  // An account takes its parent's QOS.
  for (const Association& p : seed_.associations)
    if (p.user.empty() && p.account == parent) a.qos = p.qos;
  if (a.qos.empty()) a.qos = {"normal"};
  seed_.associations.push_back(a);
  return true;
}

bool Accounting::add_association(const std::string& account, const std::string& user,
                                 const std::string& partition) {
  if (!find_account(account) || !find_user(user)) return false;
  for (const Association& a : seed_.associations)
    if (a.account == account && a.user == user && a.partition == partition) return false;
  Association a;
  a.id = next_id(seed_.associations, &next_association_id_);
  a.cluster = seed_.cluster;
  a.account = account;
  a.user = user;
  a.partition = partition;
  // A user's association takes its account's QOS.
  for (const Association& parent : seed_.associations)
    if (parent.user.empty() && parent.account == account) a.qos = parent.qos;
  if (a.qos.empty()) a.qos = {"normal"};
  seed_.associations.push_back(a);
  for (UserRecord& u : seed_.users)
    if (u.name == user && u.default_account.empty()) u.default_account = account;
  return true;
}

uint32_t Accounting::add_wckey(const std::string& name, const std::string& user,
                               bool first_is_default) {
  for (const WckeyRecord& w : seed_.wckeys)
    if (w.name == name && w.user == user) return 0;
  WckeyRecord w{next_id(seed_.wckeys, &next_wckey_id_), name, user, seed_.cluster};
  seed_.wckeys.push_back(w);
  if (!first_is_default) return w.id;
  for (UserRecord& u : seed_.users)
    if (u.name == user && u.default_wckey.empty()) u.default_wckey = name;
  return w.id;
}

bool Accounting::add_qos(const std::string& name, const std::string& description) {
  if (find_qos(name)) return false;
  uint32_t id = 0;
  for (const QosRecord& q : seed_.qos) id = std::max(id, q.id);
  seed_.qos.push_back({id + 1, name, description, 0});
  return true;
}

bool Accounting::remove_account(std::string_view name) {
  auto it = std::find_if(seed_.accounts.begin(), seed_.accounts.end(),
                         [&](const AccountRecord& a) { return a.name == name; });
  if (it == seed_.accounts.end()) return false;
  seed_.accounts.erase(it);
  std::erase_if(seed_.associations, [&](const Association& a) { return a.account == name; });
  return true;
}

bool Accounting::remove_user(std::string_view name) {
  auto it = std::find_if(seed_.users.begin(), seed_.users.end(),
                         [&](const UserRecord& u) { return u.name == name; });
  if (it == seed_.users.end()) return false;
  seed_.users.erase(it);
  std::erase_if(seed_.associations, [&](const Association& a) { return a.user == name; });
  std::erase_if(seed_.wckeys, [&](const WckeyRecord& w) { return w.user == name; });
  return true;
}

std::vector<Association> Accounting::remove_associations(const std::string& account,
                                                         const std::string& user,
                                                         const std::string& partition) {
  std::vector<Association> removed;
  auto matches = [&](const Association& a) {
    return !a.user.empty() && (account.empty() || a.account == account) &&
           (user.empty() || a.user == user) && (partition.empty() || a.partition == partition);
  };
  for (const Association& a : seed_.associations)
    if (matches(a)) removed.push_back(a);
  std::erase_if(seed_.associations, matches);
  return removed;
}

std::optional<WckeyRecord> Accounting::remove_wckey(std::string_view name_or_id) {
  auto it = std::find_if(seed_.wckeys.begin(), seed_.wckeys.end(), [&](const WckeyRecord& w) {
    return w.name == name_or_id || std::to_string(w.id) == name_or_id;
  });
  if (it == seed_.wckeys.end()) return std::nullopt;
  WckeyRecord w = *it;
  seed_.wckeys.erase(it);
  for (UserRecord& u : seed_.users)
    if (u.name == w.user && u.default_wckey == w.name) u.default_wckey.clear();
  return w;
}

bool Accounting::remove_qos(std::string_view name) {
  auto it = std::find_if(seed_.qos.begin(), seed_.qos.end(),
                         [&](const QosRecord& q) { return q.name == name; });
  if (it == seed_.qos.end()) return false;
  seed_.qos.erase(it);
  return true;
}

}  // namespace scheduler_sim
