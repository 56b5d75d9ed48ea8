package io.skiff.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

  record Parsed(String text, String canonical) {}

  static Stream<Parsed> validSelectors() {
    return Stream.of(
        new Parsed("", ""),
        new Parsed("metadata.name=foo", "metadata.name=foo"),
        new Parsed("metadata.name==foo", "metadata.name=foo"),
        new Parsed("status.phase!=Failed,spec.nodeName=n1", "spec.nodeName=n1,status.phase!=Failed"),
        new Parsed("spec.nodeName=", "spec.nodeName="),
        new Parsed("a=b,,c=d", "a=b,c=d"),
        new Parsed("metadata.name=a\\,b", "metadata.name=a\\,b"),
        new Parsed("metadata.name=a\\=b\\\\c", "metadata.name=a\\=b\\\\c"),
        new Parsed("involvedObject.fieldPath=spec.containers{app}", "involvedObject.fieldPath=spec.containers{app}"));
  }

  @ParameterizedTest
  @MethodSource("validSelectors")
  void parsesSelectorText(Parsed p) {
    assertThat(FieldSelector.parse(p.text()).toString()).isEqualTo(p.canonical());
  }

  @Test
  void unescapesValues() {
    assertThat(FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d").exactMatch("metadata.name")).contains("a,b=c\\d");
  }

  record Invalid(String text, String message) {}

  static Stream<Invalid> invalidSelectors() {
    return Stream.of(
        new Invalid("foo", "invalid selector: 'foo'; can't understand 'foo'"),
        new Invalid("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'"),
        new Invalid("a=b=c", "invalid field selector: unescaped character in value: 61"),
        new Invalid("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
        new Invalid("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
        new Invalid("a=b\\", "invalid field selector: invalid escape sequence: \\"));
  }

  @ParameterizedTest
  @MethodSource("invalidSelectors")
  void refusesInvalidTextWithKubernetesMessage(Invalid c) {
    assertThatThrownBy(() -> FieldSelector.parse(c.text()))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage(c.message());
  }

  record Match(String selector, Map<String, String> fields, boolean matches) {}

  static Stream<Match> matches() {
    Map<String, String> pod = Map.of("metadata.name", "web", "spec.nodeName", "n1", "status.phase", "Running");
    return Stream.of(
        new Match("", pod, true),
        new Match("metadata.name=web", pod, true),
        new Match("metadata.name==web", pod, true),
        new Match("metadata.name=db", pod, false),
        new Match("metadata.name!=db", pod, true),
        new Match("metadata.name!=web", pod, false),
        new Match("spec.nodeName=n1,status.phase=Running", pod, true),
        new Match("spec.nodeName=n1,status.phase!=Running", pod, false),
        new Match("spec.nodeName=", pod, false),
        new Match("spec.nodeName=", Map.of("spec.nodeName", ""), true),
        new Match("spec.nodeName=", Map.of(), true),
        new Match("spec.nodeName!=", Map.of(), false));
  }

  @ParameterizedTest
  @MethodSource("matches")
  void matchesFieldsAsKubernetes(Match m) {
    assertThat(FieldSelector.parse(m.selector()).matches(m.fields())).isEqualTo(m.matches());
  }

  @Test
  void reportsTheFieldsItReferences() {
    FieldSelector s = FieldSelector.parse("status.phase!=Failed,spec.nodeName=n1");
    assertThat(s.fieldNames()).containsExactly("spec.nodeName", "status.phase");
    assertThat(s.exactMatch("spec.nodeName")).contains("n1");
    assertThat(s.exactMatch("status.phase")).isEmpty();
  }

  @Test
  void refusesFieldsTheResourceDoesNotSupport() {
    FieldSelector s = FieldSelector.parse("metadata.name=a,spec.foo=b,spec.bar=c");
    assertThatThrownBy(() -> s.requireSupported(Set.of("metadata.name")))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("field label not supported: spec.bar");
    assertThat(FieldSelector.parse("metadata.name=a").requireSupported(Set.of("metadata.name"))).isNotNull();
  }
}
