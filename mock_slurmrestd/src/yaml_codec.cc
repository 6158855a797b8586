// libyaml-backed YAML emitter and parser for response and request bodies.
#include "yaml_codec.h"

#include <yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace mock_slurmrestd {
namespace {

constexpr char kStrTag[] = "tag:yaml.org,2002:str";
constexpr char kIntTag[] = "tag:yaml.org,2002:int";
constexpr char kFloatTag[] = "tag:yaml.org,2002:float";
constexpr char kBoolTag[] = "tag:yaml.org,2002:bool";
constexpr char kNullTag[] = "tag:yaml.org,2002:null";
constexpr char kMapTag[] = "tag:yaml.org,2002:map";
constexpr char kSeqTag[] = "tag:yaml.org,2002:seq";

yaml_char_t* ych(const char* s) { return reinterpret_cast<yaml_char_t*>(const_cast<char*>(s)); }

// ---- emitting ----

class Emitter {
 public:
  explicit Emitter(std::string& out) : out_(out) {
    if (!yaml_emitter_initialize(&emitter_)) throw std::runtime_error("yaml emitter init failed");
    yaml_emitter_set_output(&emitter_, &Emitter::write, this);
  }
  ~Emitter() { yaml_emitter_delete(&emitter_); }
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  void emit(yaml_event_t* event) {
    if (!yaml_emitter_emit(&emitter_, event)) {
      const char* problem = emitter_.problem != nullptr ? emitter_.problem : "unknown";
      throw std::runtime_error(std::string("yaml emitter: ") + problem);
    }
  }

  void scalar(const char* tag, const std::string& text) {
    yaml_event_t e;
    yaml_scalar_event_initialize(&e, nullptr, ych(tag),
                                 reinterpret_cast<yaml_char_t*>(const_cast<char*>(text.data())),
                                 static_cast<int>(text.size()), 0, 0, YAML_ANY_SCALAR_STYLE);
    emit(&e);
  }

  void node(const Json& v, const YamlOptions& opt) {
    yaml_event_t e;
    switch (v.type()) {
      case Json::value_t::object:
        yaml_mapping_start_event_initialize(&e, nullptr, ych(kMapTag), 0, YAML_BLOCK_MAPPING_STYLE);
        emit(&e);
        for (auto it = v.begin(); it != v.end(); ++it) {
          scalar(kStrTag, it.key());
          node(it.value(), opt);
        }
        yaml_mapping_end_event_initialize(&e);
        emit(&e);
        return;
      case Json::value_t::array:
        yaml_sequence_start_event_initialize(&e, nullptr, ych(kSeqTag), 0,
                                             YAML_BLOCK_SEQUENCE_STYLE);
        emit(&e);
        for (const auto& item : v) node(item, opt);
        yaml_sequence_end_event_initialize(&e);
        emit(&e);
        return;
      case Json::value_t::string: {
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() && opt.empty_string_as_null) {
          scalar(kNullTag, "null");
        } else {
          scalar(kStrTag, s);
        }
        return;
      }
      case Json::value_t::boolean: scalar(kBoolTag, v.get<bool>() ? "true" : "false"); return;
      case Json::value_t::number_integer:
        scalar(kIntTag, std::to_string(v.get<std::int64_t>()));
        return;
      case Json::value_t::number_unsigned:
        scalar(kIntTag, std::to_string(v.get<std::uint64_t>()));
        return;
      case Json::value_t::number_float: {
        char buf[400];
        std::snprintf(buf, sizeof(buf), "%f", v.get<double>());
        scalar(kFloatTag, buf);
        return;
      }
      default: scalar(kNullTag, "null"); return;
    }
  }

 private:
  static int write(void* self, unsigned char* buffer, size_t size) {
    static_cast<Emitter*>(self)->out_.append(reinterpret_cast<const char*>(buffer), size);
    return 1;
  }

  std::string& out_;
  yaml_emitter_t emitter_;
};

// ---- parsing ----

bool all_digits(const std::string& s, size_t from) {
  if (from >= s.size()) return false;
  for (size_t i = from; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

std::optional<Json> parse_int(const std::string& s) {
  const size_t from = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (!all_digits(s, from)) return std::nullopt;
  errno = 0;
  if (s[0] == '-') {
    const long long n = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == ERANGE) return std::nullopt;
    return Json(static_cast<std::int64_t>(n));
  }
  const unsigned long long n = std::strtoull(s.c_str() + from, nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  if (n <= static_cast<unsigned long long>(INT64_MAX)) return Json(static_cast<std::int64_t>(n));
  return Json(static_cast<std::uint64_t>(n));
}

std::optional<Json> parse_float(const std::string& s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return Json(HUGE_VAL);
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return Json(-HUGE_VAL);
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return Json(std::nan(""));
  // [-+]? ( digits [. digits*] | . digits ) ([eE][-+]? digits)?
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!all_digits(s.substr(i), 0)) return std::nullopt;
    i = s.size();
  }
  if (i != s.size()) return std::nullopt;
  return Json(std::strtod(s.c_str(), nullptr));
}

bool is_null_word(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_word(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::string where(const yaml_mark_t& mark) {
  return " at line " + std::to_string(mark.line + 1) + ", column " +
         std::to_string(mark.column + 1);
}

Json scalar_value(const yaml_event_t& e) {
  const std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  const char* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
  const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  auto bad = [&](const char* what) {
    return std::invalid_argument(std::string("YAML ") + what + " scalar '" + text + "' is invalid" +
                                 where(e.start_mark));
  };
  if (tag != nullptr && std::string(tag) != "!") {
    const std::string t(tag);
    if (t == kStrTag) return Json(text);
    if (t == kNullTag) return Json(nullptr);
    if (t == kBoolTag) {
      if (auto b = bool_word(text)) return Json(*b);
      throw bad("bool");
    }
    if (t == kIntTag) {
      if (auto n = parse_int(text)) return *n;
      throw bad("int");
    }
    if (t == kFloatTag) {
      if (auto f = parse_float(text)) return *f;
      if (auto n = parse_int(text)) return Json(n->get<double>());
      throw bad("float");
    }
    return Json(text);  // unknown tags: keep the text
  }
  if (!plain || tag != nullptr) return Json(text);
  if (is_null_word(text)) return Json(nullptr);
  if (auto b = bool_word(text)) return Json(*b);
  if (auto n = parse_int(text)) return *n;
  if (auto f = parse_float(text)) return *f;
  return Json(text);
}

struct Frame {
  Json value;
  std::optional<std::string> pending_key;  // for mappings: key awaiting its value
  std::string anchor;
  size_t nodes = 1;  // values in this subtree, aliases counted at their expanded size
  int depth = 1;     // nesting of this subtree (a scalar is 0)
};

// An anchored value, how many values a reference to it adds and how deep it nests.
struct Anchored {
  Json value;
  size_t nodes = 1;
  int depth = 0;
};

// Aliases copy their anchor's value, so a few lines of nested aliases can expand
// exponentially ("billion laughs"); a body may build at most this many values.
constexpr size_t kMaxYamlValues = 1000000;

class Parser {
 public:
  explicit Parser(const std::string& text) {
    if (!yaml_parser_initialize(&parser_)) throw std::runtime_error("yaml parser init failed");
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  Json run() {
    for (;;) {
      yaml_event_t e;
      if (!yaml_parser_parse(&parser_, &e)) {
        std::string msg = "invalid YAML: ";
        msg += parser_.problem != nullptr ? parser_.problem : "parse error";
        msg += where(parser_.problem_mark);
        throw std::invalid_argument(msg);
      }
      std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> guard(&e, yaml_event_delete);
      switch (e.type) {
        case YAML_STREAM_END_EVENT: return std::move(root_);
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
          Frame f;
          f.value = e.type == YAML_MAPPING_START_EVENT ? Json::object() : Json::array();
          const auto* anchor = e.type == YAML_MAPPING_START_EVENT ? e.data.mapping_start.anchor
                                                                  : e.data.sequence_start.anchor;
          if (anchor != nullptr) f.anchor = reinterpret_cast<const char*>(anchor);
          if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().pending_key)
            throw std::invalid_argument("YAML mapping keys must be scalars" + where(e.start_mark));
          if (stack_.size() >= static_cast<size_t>(kMaxYamlNesting))
            throw std::invalid_argument("YAML nesting is too deep" + where(e.start_mark));
          stack_.push_back(std::move(f));
          break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: {
          Frame f = std::move(stack_.back());
          stack_.pop_back();
          if (!f.anchor.empty()) anchors_[f.anchor] = Anchored{f.value, f.nodes, f.depth};
          deliver(std::move(f.value), Anchored{Json(), f.nodes, f.depth}, 1, e.start_mark);
          break;
        }
        case YAML_SCALAR_EVENT: {
          if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().pending_key) {
            stack_.back().pending_key = std::string(
                reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
            break;
          }
          Json v = scalar_value(e);
          if (e.data.scalar.anchor != nullptr)
            anchors_[reinterpret_cast<const char*>(e.data.scalar.anchor)] = Anchored{v, 1, 0};
          deliver(std::move(v), Anchored{}, 1, e.start_mark);
          break;
        }
        case YAML_ALIAS_EVENT: {
          const auto it = anchors_.find(reinterpret_cast<const char*>(e.data.alias.anchor));
          if (it == anchors_.end())
            throw std::invalid_argument("YAML alias to an unknown anchor" + where(e.start_mark));
          if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().pending_key) {
            if (!it->second.value.is_string())
              throw std::invalid_argument("YAML mapping keys must be scalars" +
                                          where(e.start_mark));
            stack_.back().pending_key = it->second.value.get<std::string>();
            break;
          }
          // Checked before the copy is made: the copy itself is what could exhaust memory.
          deliver(Json(), it->second, it->second.nodes, e.start_mark, &it->second.value);
          break;
        }
        default: break;
      }
    }
  }

 private:
  // Attaches a finished node to its parent, or makes it the (single) document root. `shape`
  // gives the node's size and depth (its value is unused), `added` how many values this
  // creates; with `alias` set the node is a copy of that value instead of `v`.
  void deliver(Json v, const Anchored& shape, size_t added, const yaml_mark_t& mark,
               const Json* alias = nullptr) {
    values_ += added;
    if (values_ > kMaxYamlValues)
      throw std::invalid_argument("YAML aliases expand too far" + where(mark));
    // An alias can carry a deep value to a deep place; the result obeys the same limit.
    if (static_cast<int>(stack_.size()) + shape.depth > kMaxYamlNesting)
      throw std::invalid_argument("YAML nesting is too deep" + where(mark));
    if (alias != nullptr) v = *alias;
    if (!stack_.empty()) {
      stack_.back().nodes += shape.nodes;
      stack_.back().depth = std::max(stack_.back().depth, shape.depth + 1);
    }
    if (stack_.empty()) {
      if (have_root_) throw std::invalid_argument("YAML body holds more than one document");
      have_root_ = true;
      root_ = std::move(v);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.is_array()) {
      top.value.push_back(std::move(v));
    } else {
      top.value[*top.pending_key] = std::move(v);
      top.pending_key.reset();
    }
  }

  yaml_parser_t parser_;
  std::vector<Frame> stack_;
  std::map<std::string, Anchored> anchors_;
  size_t values_ = 0;  // values delivered so far, aliases at their expanded size
  Json root_;          // null unless the body has a document with content
  bool have_root_ = false;
};

}  // namespace

std::string to_yaml(const Json& value, const YamlOptions& options) {
  std::string out;
  out.reserve(4096);
  Emitter em(out);
  yaml_event_t e;
  yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
  em.emit(&e);
  yaml_version_directive_t version = {1, 1};
  yaml_document_start_event_initialize(&e, &version, nullptr, nullptr, 0);
  em.emit(&e);
  em.node(value, options);
  yaml_document_end_event_initialize(&e, 0);
  em.emit(&e);
  yaml_stream_end_event_initialize(&e);
  em.emit(&e);
  return out;
}

Json from_yaml(const std::string& text) {
  Parser parser(text);
  return parser.run();
}

}  // namespace mock_slurmrestd
