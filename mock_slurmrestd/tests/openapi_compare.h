// Comparing an OpenAPI document of ours with the real daemon's: every fact, prose aside.
#pragma once

#include <string>
#include <vector>

#include "envelope.h"

namespace mock_slurmrestd::testing {

// Keys whose string values are prose: ours must be there where the daemon's are, in our words.
inline bool is_prose(const std::string& key) { return key == "description" || key == "summary"; }

// Walks the real document and reports each factual value we lack or state differently
// (types, formats, $refs, enums, required, items, operationIds, parameters, status codes...)
// and each key we add.
inline void compare(const Json& real, const Json& ours, const std::string& where,
                    std::vector<std::string>& problems) {
  const bool both_numbers = real.is_number() && ours.is_number();  // 2 parses as unsigned
  if (real.type() != ours.type() && !both_numbers) {
    problems.push_back(where + ": expected " + real.dump() + " got " + ours.dump());
    return;
  }
  if (real.is_object()) {
    for (auto it = real.begin(); it != real.end(); ++it) {
      if (!ours.contains(it.key())) {
        problems.push_back(where + "/" + it.key() + ": missing");
        continue;
      }
      if (is_prose(it.key()) && it.value().is_string()) {
        // An empty text is no prose: the daemon's "" stays "".
        if (it.value() == "" && ours.at(it.key()) != "")
          problems.push_back(where + "/" + it.key() + ": expected \"\"");
        continue;
      }
      compare(it.value(), ours.at(it.key()), where + "/" + it.key(), problems);
    }
    for (auto it = ours.begin(); it != ours.end(); ++it) {
      if (!real.contains(it.key())) problems.push_back(where + "/" + it.key() + ": extra");
    }
    return;
  }
  if (real.is_array()) {
    if (real.size() != ours.size()) {
      problems.push_back(where + ": array size " + std::to_string(real.size()) + " vs " +
                         std::to_string(ours.size()));
      return;
    }
    for (size_t i = 0; i < real.size(); ++i)
      compare(real[i], ours[i], where + "[" + std::to_string(i) + "]", problems);
    return;
  }
  if (real != ours) problems.push_back(where + ": expected " + real.dump() + " got " + ours.dump());
}

// Every object's keys in the real document's order, at any depth (prose values aside, the
// documents must be interchangeable for tools that diff or hash them).
inline void compare_key_order(const Json& real, const Json& ours, const std::string& where,
                              std::vector<std::string>& problems) {
  if (real.is_object() && ours.is_object()) {
    std::vector<std::string> rk, ok;
    for (auto it = real.begin(); it != real.end(); ++it) rk.push_back(it.key());
    for (auto it = ours.begin(); it != ours.end(); ++it) ok.push_back(it.key());
    if (rk != ok) problems.push_back(where);
    for (auto it = real.begin(); it != real.end(); ++it)
      if (ours.contains(it.key()))
        compare_key_order(it.value(), ours.at(it.key()), where + "/" + it.key(), problems);
  } else if (real.is_array() && ours.is_array()) {
    for (size_t i = 0; i < real.size() && i < ours.size(); ++i)
      compare_key_order(real[i], ours[i], where + "[" + std::to_string(i) + "]", problems);
  }
}

// Both comparisons, one problem a line ("" when the documents agree).
inline std::string openapi_differences(const Json& real, const Json& ours) {
  std::vector<std::string> problems;
  compare(real, ours, "", problems);
  std::vector<std::string> order;
  compare_key_order(real, ours, "", order);
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  for (const auto& p : order) all += p + ": keys in another order\n";
  return all;
}

// `doc` with every non-empty prose text replaced by one mark: what a document of ours and the
// daemon's have in common when they agree.
inline Json without_prose(const Json& doc) {
  if (doc.is_array()) {
    Json out = Json::array();
    for (const auto& e : doc) out.push_back(without_prose(e));
    return out;
  }
  if (!doc.is_object()) return doc;
  Json out = Json::object();
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const bool prose = is_prose(it.key()) && it.value().is_string() && it.value() != "";
    out[it.key()] = prose ? Json("<prose>") : without_prose(it.value());
  }
  return out;
}

}  // namespace mock_slurmrestd::testing
