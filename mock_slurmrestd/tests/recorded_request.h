// A recorded exchange's request (the recorders' JSON: method, path, headers, body) as the
// server's Request, the recording's token placeholders replaced by tokens of this server.
// Shared by the release tests that replay recordings through handle_request.
#pragma once

#include <cctype>
#include <map>
#include <string>

#include "app.h"

namespace mock_slurmrestd {

// `tokens` maps a user to a token this server accepts; a placeholder of a user it lacks is
// sent as recorded (and refused, as any unknown token).
inline Request recorded_request(const Json& request,
                                const std::map<std::string, std::string>& tokens, int local_port) {
  static const std::map<std::string, std::string> kPlaceholders = {
      {"<valid token>", "ec2-user"}, {"<root's token>", "root"}, {"<nobody's token>", "nobody"}};
  Request req;
  req.method = request["method"];
  split_target(request["path"], &req.path, &req.raw_query);
  req.query = parse_query(req.raw_query);
  for (auto it = request["headers"].begin(); it != request["headers"].end(); ++it) {
    std::string name = it.key();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = it.value();
    if (auto user = kPlaceholders.find(value); user != kPlaceholders.end()) {
      if (auto token = tokens.find(user->second); token != tokens.end()) value = token->second;
    }
    req.headers.emplace(name, value);
  }
  const Json& body = request["body"];
  if (body.is_string()) req.body = body.get<std::string>();
  else if (!body.is_null()) req.body = body.dump();
  if (!req.body.empty()) req.headers.emplace("content-type", "application/json");
  req.peer = "127.0.0.1:40000";
  req.local_port = local_port;
  return req;
}

}  // namespace mock_slurmrestd
