package io.skiff.apiserver.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.decode.ModelType.FreeForm;
import io.skiff.apiserver.decode.ModelType.ListOf;
import io.skiff.apiserver.decode.ModelType.MapOf;
import io.skiff.apiserver.decode.ModelType.Scalar;
import io.skiff.apiserver.decode.ModelType.Struct;
import java.io.IOException;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one JSON value from a token stream into a tree while checking it against a {@link ModelType}, in one pass
 * and in document order, as Kubernetes' strict JSON decoder does: every unknown field and every duplicated field is
 * collected (deduplicated, at most 100), unknown fields are left out of the tree, duplicated fields keep their last
 * value, and the first value of a wrong JSON type is reported (and left out) while reading goes on. Works the same on
 * bytes (JSON or YAML parsers) and on existing trees ({@code ObjectMapper.treeAsTokens}).
 *
 * <p>One instance reads one value; it is not thread-safe.
 */
public final class SchemaReader {

  /**
   * The outcome of a read.
   *
   * @param tree      the tree, without unknown fields and wrongly typed values
   * @param strict    unknown and duplicated fields, in document order
   * @param typeError the first wrongly typed value, if any
   */
  public record Result(JsonNode tree, List<Problem.Strict> strict, Optional<Problem.Type> typeError) {
    public Result {
      strict = List.copyOf(strict);
    }

    /** The strict errors' messages, e.g. {@code unknown field "matadata"}. */
    public List<String> strictMessages() {
      return strict.stream().map(Problem::message).toList();
    }
  }

  private static final int MAX_STRICT_ERRORS = 100;
  /** Kubernetes' quantity syntax: a signed decimal number and a suffix. */
  private static final Pattern QUANTITY = Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
  private static final String QUANTITY_FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  private static final Set<String> QUANTITY_SUFFIXES =
      Set.of("", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
  private static final Pattern EXPONENT_SUFFIX = Pattern.compile("^[eE][-+]?[0-9]+$");

  private final JsonParser parser;
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;
  /** The strict path as segments: names, "." separators and "[i]" indexes, as sigs.k8s.io/json builds it. */
  private final List<String> strictPath = new ArrayList<>();
  /** Go's error context: the struct field names from the root (no map keys, no indexes). */
  private final List<String> goFields = new ArrayList<>();
  private String goStruct;
  private final LinkedHashSet<Problem.Strict> strict = new LinkedHashSet<>();
  private final Set<String> strictSeen = new HashSet<>();
  private Problem.Type typeError;

  private SchemaReader(JsonParser parser) {
    this.parser = parser;
  }

  /**
   * Reads the value starting at the parser's next token. The parser must not have started, or be positioned just
   * before the value. Returns empty when the input holds no value at all.
   *
   * @throws IOException on a syntax error (a {@link com.fasterxml.jackson.core.JsonProcessingException} carrying the
   *                     location)
   */
  public static Optional<Result> read(JsonParser parser, ModelType type) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return Optional.empty();
    }
    SchemaReader reader = new SchemaReader(parser);
    boolean objectExpected = type instanceof Struct || type instanceof MapOf;
    boolean notAnObject = first != JsonToken.START_OBJECT && first != JsonToken.VALUE_NULL;
    // A top-level value of the wrong shape is returned as it is; the caller words that error itself.
    JsonNode tree = reader.value(first, objectExpected && notAnObject ? new FreeForm() : type);
    return Optional.of(new Result(tree == null ? nodes().missingNode() : tree, List.copyOf(reader.strict),
        Optional.ofNullable(reader.typeError)));
  }

  private static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /** Returns the node read, or null when the value was dropped (wrong type). */
  private JsonNode value(JsonToken token, ModelType type) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(type);
      case START_ARRAY -> array(type);
      case VALUE_NULL -> nodes.nullNode();
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT ->
          scalar(token, type);
      default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected token " + token);
    };
  }

  private JsonNode object(ModelType type) throws IOException {
    Map<String, Property> properties;
    String structName = null;
    switch (type) {
      case Struct s -> {
        properties = ModelTypes.properties(s.javaClass());
        structName = s.javaClass().getSimpleName();
      }
      case MapOf m -> properties = null;
      case FreeForm f -> properties = null;
      case Scalar s -> {
        if (s.kind() != ModelType.ScalarKind.STRING && s.kind() != ModelType.ScalarKind.BOOLEAN
            && s.kind() != ModelType.ScalarKind.INT32 && s.kind() != ModelType.ScalarKind.INT64
            && s.kind() != ModelType.ScalarKind.NUMBER) {
          return mismatchCustom(type, "object");
        }
        return mismatch(type, "object");
      }
      case ListOf l -> {
        return mismatch(type, "object");
      }
    }
    ObjectNode node = nodes.objectNode();
    Set<String> seen = new HashSet<>();
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int line = parser.currentTokenLocation().getLineNr();
      JsonToken valueToken = parser.nextToken();
      ModelType childType;
      if (properties != null) {
        Property p = properties.get(name);
        if (p == null) {
          addStrict(Problem.Kind.UNKNOWN, name, line);
          parser.skipChildren();
          continue;
        }
        childType = p.type();
      } else {
        childType = type instanceof MapOf m ? m.value() : new FreeForm();
      }
      if (!seen.add(name)) {
        addStrict(Problem.Kind.DUPLICATE, name, line);
      }
      int pathMark = strictPath.size();
      pushKey(name);
      int goMark = goFields.size();
      String savedStruct = goStruct;
      if (structName != null) {
        goFields.add(name);
        goStruct = structName;
      }
      JsonNode child = value(valueToken, childType);
      goFields.subList(goMark, goFields.size()).clear();
      goStruct = savedStruct;
      strictPath.subList(pathMark, strictPath.size()).clear();
      if (child != null) {
        node.set(name, child);
      } else {
        node.remove(name);
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new com.fasterxml.jackson.core.JsonParseException(parser, "expected a field name or '}'");
    }
    return node;
  }

  private JsonNode array(ModelType type) throws IOException {
    ModelType element;
    switch (type) {
      case ListOf l -> element = l.element();
      case FreeForm f -> element = f;
      case Scalar s -> {
        if (s.kind() != ModelType.ScalarKind.STRING && s.kind() != ModelType.ScalarKind.BOOLEAN
            && s.kind() != ModelType.ScalarKind.INT32 && s.kind() != ModelType.ScalarKind.INT64
            && s.kind() != ModelType.ScalarKind.NUMBER) {
          return mismatchCustom(type, "array");
        }
        return mismatch(type, "array");
      }
      case Struct s -> {
        return mismatch(type, "array");
      }
      case MapOf m -> {
        return mismatch(type, "array");
      }
    }
    ArrayNode node = nodes.arrayNode();
    JsonToken t;
    int index = 0;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of input in an array");
      }
      int mark = strictPath.size();
      strictPath.add("[" + index + "]");
      JsonNode child = value(t, element);
      strictPath.subList(mark, strictPath.size()).clear();
      node.add(child == null ? nodes.nullNode() : child);
      index++;
    }
    return node;
  }

  private JsonNode scalar(JsonToken token, ModelType type) throws IOException {
    JsonNode node = literal(token);
    String what = switch (token) {
      case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> "string";
      case VALUE_TRUE, VALUE_FALSE -> "bool";
      default -> "number";
    };
    return switch (type) {
      case FreeForm f -> node;
      case Struct s -> mismatch(type, what);
      case ListOf l -> mismatch(type, what);
      case MapOf m -> mismatch(type, what);
      case Scalar s -> switch (s.kind()) {
        case STRING -> what.equals("string") ? node : mismatch(type, what);
        case BOOLEAN -> what.equals("bool") ? node : mismatch(type, what);
        case NUMBER -> what.equals("number") ? node : mismatch(type, what);
        case INT32, INT64 -> integer(token, node, type, what);
        case QUANTITY -> quantity(node, what);
        case INT_OR_STRING -> intOrString(token, node, what);
        case DATE_TIME, MICRO_TIME -> timestamp(node, what);
        case BYTES -> base64(node, type, what);
      };
    };
  }

  private JsonNode literal(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> nodes.numberNode(parser.getIntValue());
        case LONG -> nodes.numberNode(parser.getLongValue());
        default -> nodes.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
      default -> nodes.textNode(parser.getText());
    };
  }

  private JsonNode integer(JsonToken token, JsonNode node, ModelType type, String what) {
    if (!what.equals("number")) {
      return mismatch(type, what);
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      return mismatch(type, "number " + node.asText());
    }
    BigInteger v = node.bigIntegerValue();
    boolean fits = ((Scalar) type).kind() == ModelType.ScalarKind.INT32
        ? v.bitLength() < 32 : v.bitLength() < 64;
    return fits ? node : mismatch(type, "number " + v);
  }

  private JsonNode quantity(JsonNode node, String what) {
    if (what.equals("number")) {
      return node;
    }
    String text = node.asText().trim();
    if (what.equals("string") && validQuantity(text)) {
      return node;
    }
    return fatal(QUANTITY_FORMAT_ERROR, "string", what);
  }

  static boolean validQuantity(String text) {
    var m = QUANTITY.matcher(text);
    if (!m.matches()) {
      return false;
    }
    String number = m.group(1);
    if (number.chars().filter(c -> c == '.').count() > 1 || number.replace("+", "").replace("-", "").equals(".")) {
      return false;
    }
    String suffix = m.group(2);
    return QUANTITY_SUFFIXES.contains(suffix) || EXPONENT_SUFFIX.matcher(suffix).matches();
  }

  private JsonNode intOrString(JsonToken token, JsonNode node, String what) {
    if (what.equals("string") || token == JsonToken.VALUE_NUMBER_INT && node.canConvertToInt()) {
      return node;
    }
    String shown = what.equals("number") ? "number " + node.asText() : what;
    return fatal("json: cannot unmarshal " + shown + " into Go value of type int32", "int-or-string", what);
  }

  private JsonNode timestamp(JsonNode node, String what) {
    if (!what.equals("string")) {
      return fatal("json: cannot unmarshal " + what + " into Go value of type string", "string", what);
    }
    String text = node.asText();
    try {
      OffsetDateTime.parse(text);
      return node;
    } catch (DateTimeParseException e) {
      return fatal("parsing time \"" + text + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" + text
          + "\" as RFC 3339", "string", what);
    }
  }

  /** Go decodes {@code []byte} from standard, padded base64 and names the first bad input byte. */
  private JsonNode base64(JsonNode node, ModelType type, String what) {
    if (!what.equals("string")) {
      return mismatch(type, what);
    }
    String text = node.asText();
    int bad = -1;
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=' && text.length() - end < 2) {
      end--;
    }
    for (int i = 0; i < end && bad < 0; i++) {
      char ch = text.charAt(i);
      boolean ok = ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '+' || ch == '/';
      if (!ok) {
        bad = i;
      }
    }
    if (bad < 0 && text.length() % 4 != 0) {
      bad = text.length() / 4 * 4;
    }
    return bad < 0 ? node : fatal("illegal base64 data at input byte " + bad, "string", what);
  }

  /** A wrong JSON type for a custom-decoded value (time, int-or-string, quantity). */
  private JsonNode mismatchCustom(ModelType type, String what) throws IOException {
    parser.skipChildren();
    ModelType.ScalarKind kind = ((Scalar) type).kind();
    return switch (kind) {
      case QUANTITY -> fatal(QUANTITY_FORMAT_ERROR, "string", what);
      case INT_OR_STRING -> fatal("json: cannot unmarshal " + what + " into Go value of type int32", "int-or-string", what);
      default -> fatal("json: cannot unmarshal " + what + " into Go value of type string", "string", what);
    };
  }

  private JsonNode mismatch(ModelType type, String what) {
    try {
      parser.skipChildren();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String target = goStruct == null ? "Go value" : "Go struct field " + goStruct + "." + String.join(".", goFields);
    return fatal("json: cannot unmarshal " + what + " into " + target + " of type " + ModelTypes.goName(type),
        shape(type), what.startsWith("number") ? "number" : what);
  }

  private JsonNode fatal(String message, String expected, String found) {
    if (typeError == null) {
      typeError = new Problem.Type(message, String.join("", strictPath), expected, found);
    }
    return null;
  }

  private static String shape(ModelType type) {
    return switch (type) {
      case Struct s -> "map";
      case MapOf m -> "map";
      case ListOf l -> "list";
      case FreeForm f -> "any";
      case Scalar s -> switch (s.kind()) {
        case STRING, DATE_TIME, MICRO_TIME, BYTES -> "string";
        case INT32, INT64 -> "integer";
        case NUMBER, QUANTITY -> "number";
        case BOOLEAN -> "boolean";
        case INT_OR_STRING -> "int-or-string";
      };
    };
  }

  private void pushKey(String key) {
    if (!strictPath.isEmpty()) {
      strictPath.add(".");
    }
    strictPath.add(key);
  }

  private void addStrict(Problem.Kind kind, String key, int line) {
    if (strict.size() >= MAX_STRICT_ERRORS) {
      return;
    }
    String path = strictPath.isEmpty() ? key : String.join("", strictPath) + "." + key;
    if (strictSeen.add(kind + " " + path)) {
      strict.add(new Problem.Strict(kind, path, line));
    }
  }
}
