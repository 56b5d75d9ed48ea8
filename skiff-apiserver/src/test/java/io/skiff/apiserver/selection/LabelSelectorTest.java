package io.skiff.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.skiff.common.SkiffException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

  static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  static final String NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
      + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
      + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  record Parsed(String text, String canonical) {}

  static Stream<Parsed> validSelectors() {
    return Stream.of(
        new Parsed("", ""),
        new Parsed("app=web", "app=web"),
        new Parsed("app==web", "app==web"),
        new Parsed("app!=web", "app!=web"),
        new Parsed("  app = web  ", "app=web"),
        new Parsed("app=", "app="),
        new Parsed("tier in (b, a)", "tier in (a,b)"),
        new Parsed("tier notin (b,a,b)", "tier notin (a,b)"),
        new Parsed("app", "app"),
        new Parsed("!canary", "!canary"),
        new Parsed("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        new Parsed("b=1,a=2", "a=2,b=1"),
        new Parsed("version>2,version<10", "version>2,version<10"),
        new Parsed("x in (in,notin)", "x in (in,notin)"),
        new Parsed("example.com/role=db", "example.com/role=db"));
  }

  @ParameterizedTest
  @MethodSource("validSelectors")
  void parsesSelectorText(Parsed p) {
    assertThat(LabelSelector.parse(p.text()).toString()).isEqualTo(p.canonical());
  }

  record Invalid(String text, String message) {}

  static Stream<Invalid> invalidSelectors() {
    return Stream.of(
        new Invalid("=web", "found '=', expected: !, identifier, or 'end of string'"),
        new Invalid("app=web=x", "found '=', expected: ',' or 'end of string'"),
        new Invalid("app=web,", "found '', expected: identifier after ','"),
        new Invalid("app=a b", "found 'b', expected: ',' or 'end of string'"),
        new Invalid("!app=x", "found '=', expected: ',' or 'end of string'"),
        new Invalid("app in a", "unable to parse requirement: found 'a' expected: '('"),
        new Invalid("app in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
        new Invalid("app in =", "unable to parse requirement: found '=' expected: '('"),
        new Invalid("app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
        new Invalid("app!x", "unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin'"),
        new Invalid("app===b", "unable to parse requirement: found '=', expected: identifier"),
        new Invalid("app_=x", "unable to parse requirement: <nil>: Invalid value: \"app_\": " + NAME_PART_MSG),
        new Invalid("app=a$", "unable to parse requirement: values[0][app]: Invalid value: \"a$\": " + LABEL_VALUE_MSG),
        new Invalid("version>abc", "unable to parse requirement: values[0]: Invalid value: \"abc\": "
            + "for 'Gt', 'Lt' operators, the value must be an integer"));
  }

  @ParameterizedTest
  @MethodSource("invalidSelectors")
  void refusesInvalidTextWithKubernetesMessage(Invalid c) {
    assertThatThrownBy(() -> LabelSelector.parse(c.text()))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage(c.message());
  }

  record Match(String selector, Map<String, String> labels, boolean matches) {}

  static Stream<Match> matches() {
    Map<String, String> web = Map.of("app", "web", "tier", "front", "version", "3");
    return Stream.of(
        new Match("", Map.of(), true),
        new Match("app=web", web, true),
        new Match("app==web", web, true),
        new Match("app=db", web, false),
        new Match("app=web", Map.of(), false),
        new Match("app!=db", web, true),
        new Match("app!=web", web, false),
        new Match("app!=web", Map.of(), true),
        new Match("tier in (front,back)", web, true),
        new Match("tier in (back)", web, false),
        new Match("tier in (front)", Map.of(), false),
        new Match("tier notin (back)", web, true),
        new Match("tier notin (front)", web, false),
        new Match("tier notin (front)", Map.of(), true),
        new Match("app", web, true),
        new Match("canary", web, false),
        new Match("!canary", web, true),
        new Match("!app", web, false),
        new Match("version>2", web, true),
        new Match("version>3", web, false),
        new Match("version<4", web, true),
        new Match("app>2", web, false),
        new Match("missing<4", web, false),
        new Match("app=web,tier=front", web, true),
        new Match("app=web,tier=back", web, false),
        new Match("app=", Map.of("app", ""), true),
        new Match("app=", Map.of(), false));
  }

  @ParameterizedTest
  @MethodSource("matches")
  void matchesLabelsAsKubernetes(Match m) {
    assertThat(LabelSelector.parse(m.selector()).matches(m.labels())).isEqualTo(m.matches());
  }

  @Test
  void nullLabelsCountAsNone() {
    assertThat(LabelSelector.parse("!app").matches(null)).isTrue();
    assertThat(LabelSelector.parse("app").matches(null)).isFalse();
  }

  @Test
  void structuredSelectorConvertsMatchLabelsAndExpressions() {
    LabelSelector s = LabelSelector.from(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("tier", "front", "app", "web"))
        .addNewMatchExpression().withKey("env").withOperator("In").withValues("prod", "dev").endMatchExpression()
        .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression()
        .addNewMatchExpression().withKey("zone").withOperator("NotIn").withValues("b").endMatchExpression()
        .addNewMatchExpression().withKey("team").withOperator("Exists").endMatchExpression()
        .build());

    assertThat(s.toString()).isEqualTo("app=web,!canary,env in (dev,prod),team,tier=front,zone notin (b)");
    assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "dev", "team", "x"))).isTrue();
    assertThat(s.matches(Map.of("app", "web", "tier", "front", "env", "dev", "team", "x", "canary", "1"))).isFalse();
  }

  @Test
  void nullStructuredSelectorSelectsNothingAndEmptySelectsEverything() {
    assertThat(LabelSelector.from(null).matches(Map.of())).isFalse();
    assertThat(LabelSelector.from(new LabelSelectorBuilder().build()).matches(Map.of("a", "b"))).isTrue();
    assertThat(LabelSelector.from(new LabelSelectorBuilder().build()).isEverything()).isTrue();
  }

  record BadStructured(io.fabric8.kubernetes.api.model.LabelSelector selector, String message) {}

  static Stream<BadStructured> badStructured() {
    return Stream.of(
        new BadStructured(new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Foo").endMatchExpression().build(),
            "\"Foo\" is not a valid label selector operator"),
        new BadStructured(new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("In").endMatchExpression().build(),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"),
        new BadStructured(new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Exists").withValues("x")
            .endMatchExpression().build(),
            "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist"),
        new BadStructured(new LabelSelectorBuilder().withMatchLabels(Map.of("app_", "x")).build(),
            "key: Invalid value: \"app_\": " + NAME_PART_MSG),
        new BadStructured(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "a b")).build(),
            "values[0][app]: Invalid value: \"a b\": " + LABEL_VALUE_MSG));
  }

  @ParameterizedTest
  @MethodSource("badStructured")
  void refusesInvalidStructuredSelectors(BadStructured c) {
    assertThatThrownBy(() -> LabelSelector.from(c.selector()))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage(c.message());
  }

  @Test
  void requirementsAreSortedByKeyWithSortedDistinctValues() {
    List<LabelRequirement> requirements = LabelSelector.parse("z in (c,a,c),a=1").requirements();
    assertThat(requirements).containsExactly(
        new LabelRequirement("a", LabelRequirement.Operator.EQUALS, List.of("1")),
        new LabelRequirement("z", LabelRequirement.Operator.IN, List.of("a", "c")));
  }
}
