# cmake -DIN=file [-DNAME=shown-name] -DOUT=file.cc -DNAMESPACE=ns -DSYMBOL=name -P EmbedText.cmake
# Writes OUT defining `const char NAMESPACE::SYMBOL[]` with IN's text. JSON's line breaks and
# indentation go (a JSON string cannot hold a raw line break, so no value changes).
if(NOT NAME)
  set(NAME "${IN}")
endif()
file(READ "${IN}" text)
if(IN MATCHES "\\.json$")
  string(REGEX REPLACE "\n *" "" text "${text}")
endif()
if(text MATCHES "\\)embedded\"")
  message(FATAL_ERROR "${IN} contains the raw string's closing delimiter")
endif()
file(WRITE "${OUT}"
  "// Generated from ${NAME} by cmake/EmbedText.cmake; edit that file instead.\n"
  "namespace ${NAMESPACE} {\n"
  "extern const char ${SYMBOL}[];\n"
  "const char ${SYMBOL}[] = R\"embedded(${text})embedded\";\n"
  "}  // namespace ${NAMESPACE}\n")
