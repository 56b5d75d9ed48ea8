package io.skiff.apiserver.decode;

import java.util.Objects;

/**
 * The JSON shape of a fabric8 model type, as the Kubernetes schema sees it. Built by {@link ModelTypes} from the
 * model classes by reflection; shared by strict decoding, patching (merge keys are looked up per struct field) and
 * the OpenAPI generator.
 */
public sealed interface ModelType {

  /** A Kubernetes struct: a fabric8 class whose {@code @JsonProperty} fields are the known fields. */
  record Struct(Class<?> javaClass) implements ModelType {
    public Struct {
      Objects.requireNonNull(javaClass, "javaClass");
    }
  }

  /** A JSON array of one element type. */
  record ListOf(ModelType element) implements ModelType {
    public ListOf {
      Objects.requireNonNull(element, "element");
    }
  }

  /** A JSON object with arbitrary string keys and values of one type ({@code labels}, {@code resources.limits}). */
  record MapOf(ModelType value) implements ModelType {
    public MapOf {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A leaf value. */
  record Scalar(ScalarKind kind) implements ModelType {
    public Scalar {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** Any JSON value, not checked ({@code FieldsV1}, raw extensions). */
  record FreeForm() implements ModelType {}

  /** Leaf kinds, with the Go type name Kubernetes prints in decoding errors. */
  enum ScalarKind {
    STRING("string"),
    INT32("int32"),
    INT64("int64"),
    NUMBER("float64"),
    BOOLEAN("bool"),
    /** {@code resource.Quantity}: a string such as {@code 100m} or {@code 1Gi}, or a JSON number. */
    QUANTITY("resource.Quantity"),
    /** {@code intstr.IntOrString}: an integer or a string. */
    INT_OR_STRING("intstr.IntOrString"),
    /** {@code metav1.Time}: an RFC 3339 timestamp string (whole seconds). */
    DATE_TIME("v1.Time"),
    /** {@code metav1.MicroTime}: an RFC 3339 timestamp string with microseconds. */
    MICRO_TIME("v1.MicroTime"),
    /** Go {@code []byte}: a base64 string ({@code Secret.data}, {@code ConfigMap.binaryData}). */
    BYTES("[]uint8");

    private final String goName;

    ScalarKind(String goName) {
      this.goName = goName;
    }

    /** The Go type name, as in {@code json: cannot unmarshal number into Go struct field … of type string}. */
    public String goName() {
      return goName;
    }
  }
}
