// The pretty printer behind every JSON response (matches the real daemon's byte layout).
#include "json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace mock_slurmrestd {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_indent(std::string& out, int depth) { out.append(static_cast<size_t>(depth) * 2, ' '); }

// Escapes like the daemon: `"`, `\`, `/`, the short control escapes, other bytes below 0x20 as
// \u00xx (lowercase hex); DEL and UTF-8 sequences pass through unchanged.
void append_string(const std::string& s, std::string& out) {
  out.push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const char* esc = nullptr;
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '/': esc = "\\/"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        if (c >= 0x20) continue;
    }
    out.append(s, start, i - start);
    if (esc != nullptr) {
      out.append(esc);
    } else {
      const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
      out.append(u, 6);
    }
    start = i + 1;
  }
  out.append(s, start, std::string::npos);
  out.push_back('"');
}

// 17 significant digits; a ".0" is added when the digits alone would read as an integer.
void append_double(double d, std::string& out) {
  if (std::isnan(d)) {
    out.append("NaN");
    return;
  }
  if (std::isinf(d)) {
    out.append(d < 0 ? "-Infinity" : "Infinity");
    return;
  }
  char buf[40];
  const int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
  out.append(buf, static_cast<size_t>(n));
  if (std::strpbrk(buf, ".e") == nullptr) out.append(".0");
}

template <typename Int>
void append_integer(Int n, std::string& out) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof(buf), n);
  out.append(buf, result.ptr);
}

void append_value(const Json& v, int depth, std::string& out,
                  EmptyContainers empty = EmptyContainers::kTwoLines) {
  const bool one_line = empty == EmptyContainers::kOneLine;
  switch (v.type()) {
    case Json::value_t::object: {
      if (one_line && v.empty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.append(",\n");
        first = false;
        append_indent(out, depth + 1);
        append_string(it.key(), out);
        out.append(": ");
        append_value(it.value(), depth + 1, out, empty);
      }
      if (!first) out.push_back('\n');
      append_indent(out, depth);
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      if (one_line && v.empty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.append(",\n");
        first = false;
        append_indent(out, depth + 1);
        append_value(e, depth + 1, out, empty);
      }
      if (!first) out.push_back('\n');
      append_indent(out, depth);
      out.push_back(']');
      return;
    }
    case Json::value_t::string: append_string(v.get_ref<const std::string&>(), out); return;
    case Json::value_t::boolean: out.append(v.get<bool>() ? "true" : "false"); return;
    case Json::value_t::number_integer: append_integer(v.get<std::int64_t>(), out); return;
    case Json::value_t::number_unsigned: append_integer(v.get<std::uint64_t>(), out); return;
    case Json::value_t::number_float: append_double(v.get<double>(), out); return;
    case Json::value_t::null:
    case Json::value_t::discarded:
    case Json::value_t::binary: out.append("null"); return;
  }
}

}  // namespace

void append_slurm_json(const Json& value, std::string& out) { append_value(value, 0, out); }

std::string to_slurm_json(const Json& value, EmptyContainers empty) {
  std::string out;
  append_value(value, 0, out, empty);
  return out;
}

Meta rendered_meta(Json object) {
  Meta meta;
  append_value(object, 1, meta.text);
  meta.object = std::move(object);
  return meta;
}

std::string envelope_json(const Json& body, const Meta& meta) {
  std::string out;
  out.reserve(4096);
  out.append("{\n");
  bool first = true;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!first) out.append(",\n");
    first = false;
    append_indent(out, 1);
    append_string(it.key(), out);
    out.append(": ");
    if (it.key() == "meta" && it.value().is_null()) {
      out.append(meta.text);
    } else {
      append_value(it.value(), 1, out);
    }
  }
  if (!first) out.push_back('\n');
  out.push_back('}');
  return out;
}

std::string to_slurm_json(const Json& value) {
  std::string out;
  out.reserve(4096);
  append_value(value, 0, out);
  return out;
}

}  // namespace mock_slurmrestd
