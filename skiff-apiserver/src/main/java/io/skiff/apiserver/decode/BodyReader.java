package io.skiff.apiserver.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses a request body (JSON, or YAML which also accepts JSON) with a {@link SchemaReader} and turns syntax errors
 * into messages that name the position.
 */
public final class BodyReader {

  /** What came out of a body. */
  public sealed interface Outcome {}

  /** A single value was read. */
  public record Read(SchemaReader.Result result) implements Outcome {
    public Read {
      Objects.requireNonNull(result, "result");
    }

    public JsonNode tree() {
      return result.tree();
    }
  }

  /** The body holds no value at all (empty or only whitespace/comments). */
  public record Empty() implements Outcome {}

  /**
   * The body is not well-formed.
   *
   * @param message what is wrong and where, e.g. {@code Unexpected character ('}' (code 125)): was expecting
   *                double-quote to start field name at line 3, column 5} (JSON) or {@code yaml: line 3, column 9:
   *                mapping values are not allowed here} (YAML)
   * @param yaml    whether the body was read as YAML
   */
  public record Malformed(String message, boolean yaml) implements Outcome {
    public Malformed {
      Objects.requireNonNull(message, "message");
    }
  }

  private BodyReader() {}

  /**
   * Reads {@code body} as {@code format}, checking it against {@code type}. A YAML body that looks like JSON is read
   * with the JSON parser (better messages), and as YAML again if that fails (YAML flow style is not always JSON).
   */
  public static Outcome read(byte[] body, BodyFormat format, ModelType type) {
    if (format == BodyFormat.YAML && looksLikeJson(body)) {
      Outcome asJson = read(body, false, type);
      return asJson instanceof Malformed ? read(body, true, type) : asJson;
    }
    return read(body, format == BodyFormat.YAML, type);
  }

  private static Outcome read(byte[] body, boolean yaml, ModelType type) {
    try (JsonParser parser = yaml ? Json.yaml().createParser(body) : Json.mapper().createParser(body)) {
      Optional<SchemaReader.Result> result = SchemaReader.read(parser, type);
      if (result.isEmpty()) {
        return new Empty();
      }
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        JsonLocation at = parser.currentTokenLocation();
        return new Malformed(yaml
            ? "yaml: line " + at.getLineNr() + ", column " + at.getColumnNr() + ": expected a single document"
            : "invalid character after top-level value at line " + at.getLineNr() + ", column " + at.getColumnNr(),
            yaml);
      }
      return new Read(result.get());
    } catch (JsonProcessingException e) {
      return new Malformed(describe(e, yaml), yaml);
    } catch (IOException e) {
      return new Malformed(e.getMessage() == null ? e.toString() : e.getMessage(), yaml);
    }
  }

  /** Reads an existing tree (a patch result) against {@code type}. */
  public static SchemaReader.Result read(JsonNode tree, ModelType type) {
    try (JsonParser parser = Json.mapper().treeAsTokens(tree)) {
      return SchemaReader.read(parser, type).orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }

  private static String describe(JsonProcessingException e, boolean yaml) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline);
    }
    message = message.strip();
    JsonLocation at = e.getLocation();
    if (yaml) {
      String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      return "yaml: " + where + message;
    }
    if (at == null || at.getLineNr() < 1) {
      return message;
    }
    return message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
