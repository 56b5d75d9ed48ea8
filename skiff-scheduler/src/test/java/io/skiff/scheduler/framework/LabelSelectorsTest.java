package io.skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
  static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

  record Case(String name, LabelSelector selector, boolean matches) {
    @Override
    public String toString() {
      return name;
    }
  }

  static LabelSelectorBuilder expr(String key, String op, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(op).withValues(values).endMatchExpression();
  }

  static Stream<Case> matches() {
    return Stream.of(
        new Case("null matches nothing", null, false),
        new Case("empty matches everything", new LabelSelector(), true),
        new Case("matchLabels", new LabelSelectorBuilder().addToMatchLabels("app", "web").build(), true),
        new Case("matchLabels, other value", new LabelSelectorBuilder().addToMatchLabels("app", "db").build(), false),
        new Case("In", expr("tier", "In", "front", "back").build(), true),
        new Case("NotIn", expr("tier", "NotIn", "front").build(), false),
        new Case("NotIn a missing key", expr("zone", "NotIn", "a").build(), true),
        new Case("Exists", expr("app", "Exists").build(), true),
        new Case("DoesNotExist", expr("app", "DoesNotExist").build(), false),
        new Case("labels and expressions are ANDed", new LabelSelectorBuilder(expr("app", "Exists").build())
            .addToMatchLabels("tier", "back").build(), false),
        new Case("an unknown operator matches nothing", expr("app", "Gt", "1").build(), false));
  }

  @ParameterizedTest
  @MethodSource
  void matches(Case c) {
    assertThat(LabelSelectors.matches(c.selector(), LABELS)).isEqualTo(c.matches());
  }
}
