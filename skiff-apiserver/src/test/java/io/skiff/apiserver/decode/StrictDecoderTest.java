package io.skiff.apiserver.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.apiserver.resource.ResourceTypes;
import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrictDecoderTest {

  private static final String PREFIX = "Pod in version \"v1\" cannot be handled as a Pod: ";

  /** The seed manifest, converted from YAML to JSON as kubectl sends it. */
  private static byte[] seedAsKubectlSendsIt() throws IOException {
    try (InputStream in = StrictDecoderTest.class.getResourceAsStream("init-volume-as-written.yaml")) {
      JsonNode yaml = Json.yaml().readTree(in);
      return Json.mapper().writeValueAsBytes(yaml);
    }
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Decoded<Pod> decode(String body, FieldValidation validation) {
    return StrictDecoder.decode(ResourceTypes.PODS, json(body), BodyFormat.JSON, validation);
  }

  @Test
  void seedManifestWithMatadataIsRefusedUnderStrict() throws IOException {
    byte[] body = seedAsKubectlSendsIt();

    assertThatThrownBy(() -> StrictDecoder.decode(ResourceTypes.PODS, body, BodyFormat.JSON, FieldValidation.Strict))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage(PREFIX + "strict decoding error: unknown field \"matadata\"");
  }

  @Test
  void seedManifestUnderWarnDropsTheFieldAndWarns() throws IOException {
    Decoded<Pod> d = StrictDecoder.decode(ResourceTypes.PODS, seedAsKubectlSendsIt(), BodyFormat.JSON, FieldValidation.Warn);

    assertThat(d.warnings()).containsExactly("unknown field \"matadata\"");
    assertThat(d.object().getMetadata()).isNull();
    assertThat(d.object().getAdditionalProperties()).isEmpty();
    assertThat(d.tree().has("matadata")).isFalse();
    assertThat(d.object().getSpec().getInitContainers()).extracting("name").containsExactly("centos1", "centos2");
  }

  @Test
  void seedManifestUnderIgnoreIsSilent() throws IOException {
    Decoded<Pod> d = StrictDecoder.decode(ResourceTypes.PODS, seedAsKubectlSendsIt(), BodyFormat.JSON, FieldValidation.Ignore);

    assertThat(d.warnings()).isEmpty();
    assertThat(d.object().getSpec().getContainers()).singleElement().extracting("image").isEqualTo("centos7");
  }

  @Test
  void seedManifestReadAsYamlGivesTheSameError() throws IOException {
    byte[] yaml;
    try (InputStream in = getClass().getResourceAsStream("init-volume-as-written.yaml")) {
      yaml = in.readAllBytes();
    }

    assertThatThrownBy(() -> StrictDecoder.decode(ResourceTypes.PODS, yaml, BodyFormat.YAML, FieldValidation.Strict))
        .hasMessage(PREFIX + "strict decoding error: unknown field \"matadata\"");
  }

  @Test
  void nestedUnknownFieldsCarryTheirPathWithListIndexes() {
    String body = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
         "spec":{"containers":[{"name":"a","image":"x"},{"name":"b","imagePullPolicyy":"Always"}],"foo":1}}""";

    assertThatThrownBy(() -> decode(body, FieldValidation.Strict))
        .hasMessage(PREFIX + "strict decoding error: unknown field \"spec.containers[1].imagePullPolicyy\", "
            + "unknown field \"spec.foo\"");
  }

  @Test
  void duplicateFieldsAreAllReportedInDocumentOrder() {
    String body = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"x":"1","x":"2"},"name":"b"},
         "spec":{"containers":[{"name":"c","image":"i","image":"j"}]},"bogus":true}""";

    assertThatThrownBy(() -> decode(body, FieldValidation.Strict))
        .hasMessage(PREFIX + "strict decoding error: duplicate field \"metadata.labels.x\", "
            + "duplicate field \"metadata.name\", duplicate field \"spec.containers[0].image\", unknown field \"bogus\"");
  }

  @Test
  void duplicateFieldsKeepTheLastValueUnderWarn() {
    Decoded<Pod> d = decode("{\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}", FieldValidation.Warn);

    assertThat(d.object().getMetadata().getName()).isEqualTo("b");
    assertThat(d.warnings()).containsExactly("duplicate field \"metadata.name\"");
  }

  @Test
  void absentKindAndApiVersionAreTakenFromTheEndpoint() {
    Decoded<Pod> d = decode("{\"metadata\":{\"name\":\"a\"}}", FieldValidation.Strict);

    assertThat(d.object().getKind()).isEqualTo("Pod");
    assertThat(d.object().getApiVersion()).isEqualTo("v1");
    assertThat(d.tree().get("kind").asText()).isEqualTo("Pod");
  }

  @Test
  void anotherKindIsRefused() {
    assertThatThrownBy(() -> decode("{\"apiVersion\":\"v1\",\"kind\":\"Service\"}", FieldValidation.Strict))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageStartingWith("Service in version \"v1\" cannot be handled as a Pod: ");
  }

  @Test
  void anotherVersionIsRefused() {
    assertThatThrownBy(() -> decode("{\"apiVersion\":\"v2\",\"kind\":\"Pod\"}", FieldValidation.Strict))
        .hasMessage("Pod in version \"v2\" cannot be handled as a Pod: no kind \"Pod\" is registered for version \"v2\"");
  }

  @Test
  void wronglyTypedValueIsRefusedInEveryMode() {
    for (FieldValidation v : FieldValidation.values()) {
      assertThatThrownBy(() -> decode("{\"metadata\":{\"name\":5}}", v))
          .isInstanceOf(SkiffException.BadRequest.class)
          .hasMessage(PREFIX + "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string");
    }
  }

  @Test
  void typeErrorsInListsNameTheStructFieldPath() {
    assertThatThrownBy(() -> decode(
        "{\"spec\":{\"containers\":[{\"name\":\"c\",\"ports\":[{\"containerPort\":\"80\"}]}]}}", FieldValidation.Ignore))
        .hasMessage(PREFIX + "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports."
            + "containerPort of type int32");
    assertThatThrownBy(() -> decode("{\"spec\":{\"containers\":\"c\"}}", FieldValidation.Ignore))
        .hasMessage(PREFIX + "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type "
            + "[]v1.Container");
  }

  @Test
  void typeErrorsWinOverStrictErrors() {
    assertThatThrownBy(() -> decode("{\"foo\":1,\"spec\":{\"hostNetwork\":\"yes\"}}", FieldValidation.Strict))
        .hasMessage(PREFIX + "json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool");
  }

  @Test
  void quantitiesAcceptStringsAndNumbersButNotGarbage() {
    Decoded<Pod> d = decode("""
        {"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"250m","memory":1073741824}}}]}}""",
        FieldValidation.Strict);
    assertThat(d.object().getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("cpu", new Quantity("250m"));

    assertThatThrownBy(() -> decode("""
        {"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"1 core"}}}]}}""", FieldValidation.Strict))
        .hasMessage(PREFIX + "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }

  @Test
  void timestampsMustBeRfc3339() {
    assertThat(decode("{\"metadata\":{\"creationTimestamp\":\"2025-01-02T03:04:05Z\"}}", FieldValidation.Strict)
        .object().getMetadata().getCreationTimestamp()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(decode("{\"metadata\":{\"creationTimestamp\":null}}", FieldValidation.Strict).object().getMetadata()
        .getCreationTimestamp()).isNull();

    assertThatThrownBy(() -> decode("{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}", FieldValidation.Strict))
        .hasMessageStartingWith(PREFIX + "parsing time \"yesterday\"");
  }

  @Test
  void intOrStringAcceptsBoth() {
    Decoded<Pod> d = decode("""
        {"spec":{"containers":[{"name":"c","livenessProbe":{"httpGet":{"port":"http"}},
          "readinessProbe":{"httpGet":{"port":8080}}}]}}""", FieldValidation.Strict);

    assertThat(d.object().getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http");
    assertThat(d.object().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getIntVal())
        .isEqualTo(8080);
  }

  @Test
  void secretDataMustBeBase64() {
    Decoded<Secret> ok = StrictDecoder.decode(ResourceTypes.SECRETS, json(
        "{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"aGk=\"},\"stringData\":{\"p\":\"not base64!\"}}"),
        BodyFormat.JSON, FieldValidation.Strict);
    assertThat(ok.object().getData()).containsEntry("k", "aGk=");

    assertThatThrownBy(() -> StrictDecoder.decode(ResourceTypes.SECRETS,
        json("{\"metadata\":{\"name\":\"s\"},\"data\":{\"k\":\"hi-there\"}}"), BodyFormat.JSON,
        FieldValidation.Strict))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2");
  }

  @Test
  void microTimeFieldsOfLeasesDecode() {
    Decoded<Lease> d = StrictDecoder.decode(ResourceTypes.LEASES, json("""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n"},
         "spec":{"holderIdentity":"node-1","renewTime":"2025-01-02T03:04:05.123456Z","leaseDurationSeconds":40}}"""),
        BodyFormat.JSON, FieldValidation.Strict);

    assertThat(d.object().getSpec().getRenewTime()).isNotNull();
    assertThat(Json.mapper().valueToTree(d.object()).path("spec").path("renewTime").asText())
        .isEqualTo("2025-01-02T03:04:05.123456Z");
  }

  record Malformed(String name, String body, BodyFormat format, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Malformed> malformedBodies() {
    return Stream.of(
        new Malformed("trailing comma", "{\"apiVersion\":\"v1\",\n \"kind\":\"Pod\",}", BodyFormat.JSON,
            "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: "
                + "Unexpected character ('}' (code 125)): was expecting double-quote to start field name at line 2, "
                + "column 15 ({\"apiVersion\":\"v1\",\n \"kind\":\"P ...)"),
        new Malformed("empty", "", BodyFormat.JSON,
            "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: "
                + "unexpected end of JSON input (<empty>)"),
        new Malformed("array", "[1]", BodyFormat.JSON,
            "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: "
                + "json: cannot unmarshal array into Go value of type struct { APIVersion string "
                + "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" } (5b315d)"),
        new Malformed("truncated", "{\"metadata\":{\"name\":\"a\"}", BodyFormat.JSON, null),
        new Malformed("yaml mapping", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: x: y\n", BodyFormat.YAML,
            null));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void malformedBodiesAreBadRequestsNamingThePosition(Malformed m) {
    var thrown = assertThatThrownBy(() -> StrictDecoder.decode(ResourceTypes.PODS, json(m.body()), m.format(),
        FieldValidation.Strict)).isInstanceOf(SkiffException.BadRequest.class);
    if (m.message() != null) {
      thrown.hasMessage(m.message());
    } else if (m.format() == BodyFormat.YAML) {
      thrown.hasMessageContaining("error converting YAML to JSON: yaml: line 5, column 12: ");
    } else {
      thrown.hasMessageContaining("couldn't get version/kind; json parse error: ").hasMessageContaining("at line 1");
    }
  }

  @Test
  void yamlFlowStyleThatIsNotJsonIsStillYaml() {
    Decoded<Pod> d = StrictDecoder.decode(ResourceTypes.PODS, json("{metadata: {name: flow}}"), BodyFormat.YAML,
        FieldValidation.Strict);

    assertThat(d.object().getMetadata().getName()).isEqualTo("flow");
  }

  @Test
  void longBodiesAreSummarizedTo30Bytes() {
    assertThat(StrictDecoder.summarize(json("{\"0123456789012345678901234567890123\"}")))
        .isEqualTo("{\"0123456789012345678901234567 ...");
    assertThat(StrictDecoder.summarize(json("ab"))).isEqualTo("6162");
  }

  @Test
  void fieldValidationParsesKubernetesSpellingsOnly() {
    assertThat(FieldValidation.parse(null)).isEqualTo(FieldValidation.Warn);
    assertThat(FieldValidation.parse("Strict")).isEqualTo(FieldValidation.Strict);
    assertThatThrownBy(() -> FieldValidation.parse("strictest"))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("fieldValidation: Unsupported value: \"strictest\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
  }

  @Test
  void bodyFormatFollowsTheMediaType() {
    assertThat(BodyFormat.forMediaType("application/json; charset=utf-8")).contains(BodyFormat.JSON);
    assertThat(BodyFormat.forMediaType("application/apply-patch+yaml")).contains(BodyFormat.YAML);
    assertThat(BodyFormat.forMediaType("application/vnd.kubernetes.protobuf")).isEmpty();
  }

  @Test
  void freeFormFieldsAreNotChecked() {
    Decoded<Pod> d = decode("""
        {"metadata":{"name":"a","managedFields":[{"manager":"m","fieldsType":"FieldsV1",
          "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:x":{}}}}}]}}""", FieldValidation.Strict);

    assertThat(d.warnings()).isEmpty();
    assertThat(d.object().getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties())
        .containsKey("f:metadata");
  }

  @Test
  void mapperWritesWithoutNullsAndWithIsoDates() throws IOException {
    Pod pod = decode("{\"metadata\":{\"name\":\"a\"}}", FieldValidation.Strict).object();

    String json = Json.mapper().writeValueAsString(pod);

    assertThat(json).doesNotContain("null").contains("\"name\":\"a\"");
    assertThat(List.of(json)).noneMatch(s -> s.contains("additionalProperties"));
  }
}
