// Signal name table for ?signal=, by number or by name with or without "SIG".
#include "v0_0_36/signals.h"

#include <strings.h>

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace mock_slurmrestd::v0_0_36 {

namespace {

struct SignalName {
  const char* name;
  int number;
};

constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT}, {"KILL", SIGKILL},
    {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"URG", SIGURG},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
    {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"PIPE", SIGPIPE}, {"SEGV", SIGSEGV}, {"BUS", SIGBUS},
};

}  // namespace

int parse_signal(const std::string& text) {
  if (text.empty()) return 0;
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (end && *end == '\0') return n > -100000 && n < 100000 ? static_cast<int>(n) : 0;
  const char* name = text.c_str();
  if (strncasecmp(name, "SIG", 3) == 0) name += 3;
  for (const auto& s : kSignals) {
    if (strcasecmp(name, s.name) == 0) return s.number;
  }
  return 0;
}

}  // namespace mock_slurmrestd::v0_0_36
