package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableExpansionTest {
  private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "EMPTY", "", "MULTI", "x y");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "$(VAR_A)|A",
      "___$(VAR_A)___|___A___",
      "$(VAR_A)-$(VAR_B)|A-B",
      "$(VAR_A)$(VAR_B)|AB",
      "$(UNDEFINED)|$(UNDEFINED)",
      "$$(VAR_A)|$(VAR_A)",
      "$$$(VAR_A)|$A",
      "$$$$(VAR_A)|$$(VAR_A)",
      "$(VAR_A|$(VAR_A",
      "$VAR_A|$VAR_A",
      "$|$",
      "a$|a$",
      "$$|$",
      "$()|$()",
      "'$(EMPTY)'|''",
      "$(MULTI)|x y",
      "${VAR_A}|${VAR_A}",
      "no vars|no vars",
      "'((($(VAR_A))))'|'(((A)))'",
  })
  void expandsLikeTheKubelet(String input, String expected) {
    assertThat(VariableExpansion.expand(input, VARS)).isEqualTo(expected);
  }
}
