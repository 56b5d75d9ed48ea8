package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NameRulesTest {

  static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
      + "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
      + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
      + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  static final String QUALIFIED_NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
      + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
      + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  record Case(String rule, Function<String, List<String>> check, String value, List<String> expected) {
    @Override
    public String toString() {
      return rule + "(\"" + value + "\")";
    }
  }

  static Stream<Case> cases() {
    Function<String, List<String>> label = NameRules::dns1123Label;
    Function<String, List<String>> subdomain = NameRules::dns1123Subdomain;
    Function<String, List<String>> qualified = NameRules::qualifiedName;
    Function<String, List<String>> value = NameRules::labelValue;
    Function<String, List<String>> configKey = NameRules::configMapKey;
    Function<String, List<String>> port = NameRules::portName;
    Function<String, List<String>> env = NameRules::environmentVariableName;
    return Stream.of(
        new Case("label", label, "my-name", List.of()),
        new Case("label", label, "a", List.of()),
        new Case("label", label, "My-Name", List.of(LABEL_MSG)),
        new Case("label", label, "my.name", List.of(LABEL_MSG)),
        new Case("label", label, "-a", List.of(LABEL_MSG)),
        new Case("label", label, "a".repeat(64), List.of("must be no more than 63 characters")),
        new Case("label", label, "A".repeat(64), List.of("must be no more than 63 characters", LABEL_MSG)),
        new Case("subdomain", subdomain, "example.com", List.of()),
        new Case("subdomain", subdomain, "init-pod", List.of()),
        new Case("subdomain", subdomain, "Init_Pod", List.of(SUBDOMAIN_MSG)),
        new Case("subdomain", subdomain, "a..b", List.of(SUBDOMAIN_MSG)),
        new Case("subdomain", subdomain, "a".repeat(254), List.of("must be no more than 253 characters")),
        new Case("qualified", qualified, "app", List.of()),
        new Case("qualified", qualified, "example.com/My_Name.1", List.of()),
        new Case("qualified", qualified, "app_", List.of(QUALIFIED_NAME_PART)),
        new Case("qualified", qualified, "/app", List.of("prefix part must be non-empty")),
        new Case("qualified", qualified, "example.com/", List.of("name part must be non-empty", QUALIFIED_NAME_PART)),
        new Case("qualified", qualified, "Example.com/app", List.of("prefix part " + SUBDOMAIN_MSG)),
        new Case("qualified", qualified, "a/b/c", List.of("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
            + "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")),
        new Case("qualified", qualified, "x".repeat(64), List.of("name part must be no more than 63 characters")),
        new Case("labelValue", value, "", List.of()),
        new Case("labelValue", value, "test1", List.of()),
        new Case("labelValue", value, "a b", List.of(LABEL_VALUE_MSG)),
        new Case("labelValue", value, "v".repeat(64), List.of("must be no more than 63 characters")),
        new Case("configMapKey", configKey, "key.name", List.of()),
        new Case("configMapKey", configKey, "a/b", List.of("a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
        new Case("configMapKey", configKey, "..", List.of("must not be '..'")),
        new Case("configMapKey", configKey, "..a", List.of("must not start with '..'")),
        new Case("configMapKey", configKey, ".", List.of("must not be '.'")),
        new Case("portName", port, "http", List.of()),
        new Case("portName", port, "HTTP", List.of("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "must contain at least one letter (a-z)")),
        new Case("portName", port, "80", List.of("must contain at least one letter (a-z)")),
        new Case("portName", port, "a--b", List.of("must not contain consecutive hyphens")),
        new Case("portName", port, "-ab", List.of("must not begin or end with a hyphen")),
        new Case("portName", port, "abcdefghijklmnop", List.of("must be no more than 15 characters")),
        new Case("envName", env, "MY_VAR", List.of()),
        new Case("envName", env, "my.var-1", List.of()),
        new Case("envName", env, "A=B", List.of("a valid environment variable name must consist only of printable ASCII characters other than '='")),
        new Case("envName", env, "", List.of("environment variable name must be non-empty")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void reportsKubernetesWording(Case c) {
    assertThat(c.check().apply(c.value())).isEqualTo(c.expected());
  }

  @Test
  void portNumbersMustBeInRange() {
    assertThat(NameRules.portNumber(1)).isEmpty();
    assertThat(NameRules.portNumber(65535)).isEmpty();
    assertThat(NameRules.portNumber(0)).containsExactly("must be between 1 and 65535, inclusive");
    assertThat(NameRules.portNumber(65536)).containsExactly("must be between 1 and 65535, inclusive");
  }
}
