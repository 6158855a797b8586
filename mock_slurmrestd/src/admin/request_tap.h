// Around the request path: targeted faults first, the request journal and the detailed
// access log after.
#pragma once

#include <functional>
#include <string>

#include "envelope.h"
#include "router.h"

namespace mock_slurmrestd {

class App;

// Runs `answer` unless a fault rule replaces the answer, sleeps a rule's delay, arms a
// connection fault for the worker thread, and journals the request (not /mock/ requests).
// The request's path, query, headers, body and peer are moved into the journal: the caller
// must not read them afterwards.
Response tap_request(App& app, Request& request, const std::function<Response(Request&)>& answer);

// One access-log line: `PEER "METHOD TARGET" STATUS BYTES`; with `detail`, a UTC time first
// and the user, latency, refusal reason and fault of the request this thread answered last.
std::string access_log_line(const std::string& remote_addr, int remote_port,
                            const std::string& method, const std::string& target, int status,
                            size_t bytes, bool detail);

}  // namespace mock_slurmrestd
