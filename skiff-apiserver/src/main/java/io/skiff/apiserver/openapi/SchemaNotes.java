package io.skiff.apiserver.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Descriptions and required fields of schemas, read from {@code schema-notes.properties} (skiff's own words; the
 * fabric8 classes carry no descriptions). Keys: {@code <schema>} for a schema's description,
 * {@code <schema>/<field>} for a field's, {@code <schema>@required} for a comma-separated list of required fields, and
 * {@code _common/<field>} for fields that mean the same in every schema ({@code apiVersion}, {@code kind}, …).
 */
record SchemaNotes(Map<String, String> entries) {

  static final String RESOURCE = "schema-notes.properties";
  private static final String COMMON = "_common/";

  SchemaNotes {
    entries = Map.copyOf(entries);
  }

  static SchemaNotes load() {
    try (InputStream in = SchemaNotes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        Properties p = new Properties();
        p.load(reader);
        java.util.HashMap<String, String> map = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).strip()));
        return new SchemaNotes(map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  Optional<String> description(String schema) {
    return Optional.ofNullable(entries.get(schema));
  }

  List<String> required(String schema) {
    String list = entries.get(schema + "@required");
    return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The description of field {@code field} of {@code schema}, falling back to the common wording. */
  Optional<String> property(String schema, String field) {
    String own = entries.get(schema + "/" + field);
    return Optional.ofNullable(own != null ? own : entries.get(COMMON + field));
  }
}
