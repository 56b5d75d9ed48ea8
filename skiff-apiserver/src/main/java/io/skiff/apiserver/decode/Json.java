package io.skiff.apiserver.decode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The Jackson configuration shared by the whole API server. It reads and writes fabric8 model objects as the
 * Kubernetes API does: nulls are omitted, dates are ISO-8601 strings (never epoch numbers), unknown properties never
 * fail a read (they land in fabric8's {@code additionalProperties}; strictness is {@link StrictDecoder}'s job), and
 * big numbers keep their precision. The JSON mapper reaches the model's getters and setters through generated lambdas
 * (Jackson's Blackbird module) instead of reflection: the API server spends much of its time encoding and decoding
 * objects, and reflective calls were a fifth of it. {@link GeneratedAnyGetters} does the same for the any-getter
 * ({@code additionalProperties}) that Blackbird leaves reflective. Both mappers are immutable after construction and safe to share between threads.
 */
public final class Json {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new BlackbirdModule())
      .addModule(new GeneratedAnyGetters())
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private static final class YamlHolder {
    static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build())
        .addModule(new JavaTimeModule())
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }

  private Json() {}

  /** The JSON mapper: read bodies and stored values, write responses. */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** A YAML mapper with the same settings (loaded on first use), e.g. for {@code application/yaml} bodies. */
  public static ObjectMapper yaml() {
    return YamlHolder.YAML;
  }
}
