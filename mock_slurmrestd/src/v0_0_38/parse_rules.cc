// v0.0.38's job parser rules, from v0.0.37's.
#include "v0_0_38/parse_rules.h"

#include "v0_0_37/parse_rules.h"

namespace mock_slurmrestd::v0_0_38 {

using v0_0_36::ApiError;
using v0_0_36::ParserRules;
using Reader = ParserRules::Reader;

namespace {

// A string kept in `field`, read like v0.0.36's plain string keys (`comment`): a list or an
// object is refused with no entry of its own.
Reader text_key(std::optional<std::string> scheduler_sim::JobSpec::*field) {
  return [field](const std::string&, const Json& v,
                 scheduler_sim::JobSpec& spec) -> std::optional<std::vector<ApiError>> {
    if (v.is_array() || v.is_object()) return std::vector<ApiError>{};
    if (v.is_string()) spec.*field = v.get<std::string>();
    else if (!v.is_null()) spec.*field = v.dump();
    return std::nullopt;
  };
}

}  // namespace

const ParserRules& parser_rules() {
  static const ParserRules rules = [] {
    ParserRules r = v0_0_37::parser_rules_saying("Unable to process key");
    // v0.0.37's "time minimum", "cpu_binding hint" and "msc_label" are spelled with
    // underscores here; the old names are unknown (measured).
    for (auto [name, old_name] :
         {std::pair{"time_minimum", "time minimum"},
          std::pair{"cpu_binding_hint", "cpu_binding hint"}, std::pair{"mcs_label", "msc_label"}}) {
      r.unknown.erase(name);
      r.unknown.insert(old_name);
      r.aliases[name] = old_name;
    }
    r.unknown.erase("container");
    r.unknown.erase("prefer");
    r.disabled.erase("oversubscribe");
    r.readers["container"] = text_key(&scheduler_sim::JobSpec::container);
    r.readers["prefer"] = text_key(&scheduler_sim::JobSpec::prefer);
    // Shown as the job's `shared: "shared"`.
    r.readers["oversubscribe"] =
        [](const std::string&, const Json& v,
           scheduler_sim::JobSpec& spec) -> std::optional<std::vector<ApiError>> {
      spec.shared = "shared";  // true and false alike (measured)
      return std::nullopt;
    };
    return r;
  }();
  return rules;
}

}  // namespace mock_slurmrestd::v0_0_38
