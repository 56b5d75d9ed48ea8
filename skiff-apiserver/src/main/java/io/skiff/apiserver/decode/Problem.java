package io.skiff.apiserver.decode;

import java.util.Objects;

/**
 * Something {@link SchemaReader} found wrong in a body.
 */
public sealed interface Problem {

  /** The Kubernetes wording, e.g. {@code unknown field "spec.containers[0].imagee"}. */
  String message();

  /**
   * A field the schema does not know, or a field given twice: a strict-decoding error, fatal only under
   * {@link FieldValidation#Strict}.
   *
   * @param kind what is wrong
   * @param path the field path as sigs.k8s.io/json prints it: {@code spec.containers[0].imagee}
   * @param line the 1-based line of the field in the body, or 0 when not known (a tree)
   */
  record Strict(Kind kind, String path, int line) implements Problem {
    public Strict {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String message() {
      return kind.word + " field \"" + path + "\"";
    }
  }

  /** The two kinds of strict-decoding errors. */
  enum Kind {
    UNKNOWN("unknown"),
    DUPLICATE("duplicate");

    private final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /**
   * A value of the wrong JSON type or an unparsable quantity or timestamp: fatal in every validation mode.
   *
   * @param message  the Go decoder's message, e.g. {@code json: cannot unmarshal number into Go struct field
   *                 ObjectMeta.metadata.name of type string}
   * @param path     the field path ({@code metadata.name})
   * @param expected the JSON type expected, for server-side apply's wording ({@code string}, {@code list}, {@code map})
   * @param found    the JSON type found ({@code number}, {@code bool}, …)
   */
  record Type(String message, String path, String expected, String found) implements Problem {
    public Type {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(path, "path");
    }
  }
}
