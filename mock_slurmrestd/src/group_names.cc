// Group names by gid, cached while /etc/group is unchanged (group_names.h).
#include "group_names.h"

#include <grp.h>
#include <sys/stat.h>

#include <mutex>
#include <unordered_map>
#include <vector>

namespace mock_slurmrestd {

namespace {

std::string lookup(uint32_t gid) {
  std::vector<char> buf(4096);
  struct group g {};
  struct group* found = nullptr;
  if (getgrgid_r(gid, &g, buf.data(), buf.size(), &found) == 0 && found) return found->gr_name;
  return std::to_string(gid);
}

// /etc/group's modification time and size: a change to either drops the cache.
struct FileStamp {
  int64_t mtime_ns = -1;
  int64_t size = -1;
  bool operator==(const FileStamp&) const = default;
};

FileStamp group_file_stamp() {
  struct stat st {};
  if (stat("/etc/group", &st) != 0) return {};
  return {static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
          static_cast<int64_t>(st.st_size)};
}

}  // namespace

std::string group_name(uint32_t gid) {
  static std::mutex mu;
  static FileStamp stamp;
  static std::unordered_map<uint32_t, std::string> names;
  const FileStamp now = group_file_stamp();
  std::lock_guard<std::mutex> lock(mu);
  if (!(now == stamp)) {
    names.clear();
    stamp = now;
  }
  auto it = names.find(gid);
  if (it == names.end()) it = names.emplace(gid, lookup(gid)).first;
  return it->second;
}

std::optional<uint32_t> group_id(const std::string& name) {
  std::vector<char> buf(4096);
  struct group g {};
  struct group* found = nullptr;
  if (getgrnam_r(name.c_str(), &g, buf.data(), buf.size(), &found) == 0 && found)
    return found->gr_gid;
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos &&
      name.size() < 10)
    return static_cast<uint32_t>(std::stoul(name));
  return std::nullopt;
}

}  // namespace mock_slurmrestd
