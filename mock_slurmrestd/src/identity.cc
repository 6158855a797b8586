// User names as ids: the local account when there is one, else a stable made-up id.
#include "mock_slurmrestd/identity.h"

#include <pwd.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace mock_slurmrestd {

namespace {

scheduler_sim::Identity lookup_identity(const std::string& user_name, bool* has_account) {
  scheduler_sim::Identity id;
  id.name = user_name;
  struct passwd pw;
  struct passwd* result = nullptr;
  std::vector<char> buf(16384);
  *has_account = false;
  if (getpwnam_r(user_name.c_str(), &pw, buf.data(), buf.size(), &result) == 0 && result) {
    id.uid = pw.pw_uid;
    id.gid = pw.pw_gid;
    *has_account = true;
    return id;
  }
  // Not a local account (common on a laptop for "ec2-user"): a stable made-up id in the
  // range ParallelCluster's users get, so the same name always maps to the same uid.
  uint32_t h = 2166136261u;  // FNV-1a: stable across builds and platforms
  for (unsigned char c : user_name) h = (h ^ c) * 16777619u;
  h %= 50000u;
  id.uid = user_name == "root" ? 0 : 1000u + h;
  id.gid = id.uid;
  return id;
}

}  // namespace

scheduler_sim::Identity resolve_identity(const std::string& user_name, bool* has_account) {
  // getpwnam_r reads /etc/passwd on every call (most of a submit's cost when measured); each
  // thread reuses its last answer for a few seconds, so an account added or changed meanwhile
  // is seen soon after.
  thread_local std::string last_name;
  thread_local scheduler_sim::Identity last;
  thread_local bool last_has_account = false;
  thread_local std::chrono::steady_clock::time_point looked_up;
  auto now = std::chrono::steady_clock::now();
  if (last_name.empty() || last_name != user_name || now - looked_up >= std::chrono::seconds(5)) {
    last = lookup_identity(user_name, &last_has_account);
    last_name = user_name;
    looked_up = now;
  }
  if (has_account) *has_account = last_has_account;
  return last;
}

}  // namespace mock_slurmrestd
