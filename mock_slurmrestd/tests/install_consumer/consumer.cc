// Starts the installed mock in process and asks it for /ping; exit 0 when it answers 200.
#include <mock_slurmrestd/server.h>
#include <scheduler_sim/slurm_conf.h>

#include <iostream>

int main() {
  mock_slurmrestd::ServerOptions opts;
  opts.port = 0;
  mock_slurmrestd::Server server(scheduler_sim::default_cluster(), opts);
  server.start();
  auto r = server.handle(
      "GET", "/slurm/v0.0.36/ping",
      {{"X-SLURM-USER-NAME", "ec2-user"}, {"X-SLURM-USER-TOKEN", server.mint_token("ec2-user")}},
      "");
  std::cout << "mock " << mock_slurmrestd::mock_version() << " /ping " << r.status << "\n";
  server.stop();
  return r.status == 200 ? 0 : 1;
}
