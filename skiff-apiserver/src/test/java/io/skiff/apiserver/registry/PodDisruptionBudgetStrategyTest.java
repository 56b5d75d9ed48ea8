package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.skiff.common.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodDisruptionBudgetStrategyTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final PodDisruptionBudgetStrategy strategy = new PodDisruptionBudgetStrategy();

  private static PodDisruptionBudgetBuilder pdb(String name) {
    return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace("default")
        .withCreationTimestamp("2025-06-01T11:59:00Z").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec();
  }

  private List<String> errors(PodDisruptionBudget pdb) {
    return strategy.validate(pdb).stream().map(FieldError::toString).toList();
  }

  record Case(String what, PodDisruptionBudget pdb, List<String> errors) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Case> specs() {
    return Stream.of(
        new Case("a number", pdb("a").editSpec().withMinAvailable(new IntOrString(2)).endSpec().build(), List.of()),
        new Case("a percentage", pdb("a").editSpec().withMaxUnavailable(new IntOrString("100%")).endSpec().build(), List.of()),
        new Case("neither bound", pdb("a").build(), List.of()),
        new Case("both bounds", pdb("a").editSpec().withMinAvailable(new IntOrString(1)).withMaxUnavailable(new IntOrString(1)).endSpec().build(),
            List.of("spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0x…), Selector:(*v1.LabelSelector)(0x…), "
                + "MaxUnavailable:(*intstr.IntOrString)(0x…), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: "
                + "minAvailable and maxUnavailable cannot be both set")),
        new Case("a negative number", pdb("a").editSpec().withMinAvailable(new IntOrString(-1)).endSpec().build(),
            List.of("spec.minAvailable: Invalid value: -1: must be greater than or equal to 0")),
        new Case("a word", pdb("a").editSpec().withMaxUnavailable(new IntOrString("half")).endSpec().build(),
            List.of("spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be "
                + "a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")),
        new Case("over 100%", pdb("a").editSpec().withMinAvailable(new IntOrString("101%")).endSpec().build(),
            List.of("spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%")),
        new Case("an unknown policy", pdb("a").editSpec().withUnhealthyPodEvictionPolicy("Never").endSpec().build(),
            List.of("spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")),
        new Case("the AlwaysAllow policy", pdb("a").editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow").endSpec().build(), List.of()),
        new Case("selector expressions", pdb("a").editSpec().editSelector().withMatchExpressions(
                new LabelSelectorRequirementBuilder().withKey("tier").withOperator("In").build(),
                new LabelSelectorRequirementBuilder().withKey("tier").withOperator("Exists").withValues("x").build(),
                new LabelSelectorRequirementBuilder().withKey("bad key").withOperator("Near").withValues("-x").build()).endSelector().endSpec().build(),
            List.of("spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Near\": not a valid selector operator",
                "spec.selector.matchExpressions[2].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "spec.selector.matchExpressions[2].values[0]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric "
                    + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                    + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void specIsValidatedAsKubernetesDoes(Case c) {
    assertThat(errors(c.pdb())).containsExactlyElementsOf(c.errors());
  }

  @Test
  void createStartsWithAnEmptyStatusAndUpdatesKeepTheOtherHalf() {
    PodDisruptionBudget created = pdb("a").withNewStatus().withDisruptionsAllowed(5).endStatus().build();
    strategy.prepareForCreate(created);
    assertThat(created.getStatus().getDisruptionsAllowed()).isNull();

    PodDisruptionBudget old = pdb("a").editSpec().withMinAvailable(new IntOrString(1)).endSpec().withNewStatus().withDisruptionsAllowed(1).endStatus().build();
    PodDisruptionBudget specUpdate = pdb("a").editSpec().withMinAvailable(new IntOrString(2)).endSpec().withNewStatus().withDisruptionsAllowed(9).endStatus().build();
    strategy.prepareForUpdate(specUpdate, old);
    assertThat(specUpdate.getStatus().getDisruptionsAllowed()).isEqualTo(1);
    assertThat(specUpdate.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);

    PodDisruptionBudget statusUpdate = pdb("a").editSpec().withMinAvailable(new IntOrString(7)).endSpec().withNewStatus().withDisruptionsAllowed(0).endStatus().build();
    strategy.prepareForStatusUpdate(statusUpdate, old);
    assertThat(statusUpdate.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(statusUpdate.getStatus().getDisruptionsAllowed()).isZero();
  }

  @Test
  void statusUpdatesNeedNonNegativeCountsAndValidConditions() {
    PodDisruptionBudget old = pdb("a").build();
    PodDisruptionBudget bad = pdb("a").withNewStatus().withDisruptionsAllowed(-1).withExpectedPods(-2)
        .withConditions(new ConditionBuilder().withType("DisruptionAllowed").withStatus("Maybe").withReason("").build()).endStatus().build();
    assertThat(strategy.validateUpdate(bad, old).stream().map(FieldError::toString)).containsExactly(
        "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"",
        "status.conditions[0].lastTransitionTime: Required value: must be set",
        "status.conditions[0].reason: Required value: must be set",
        "status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0",
        "status.expectedPods: Invalid value: -2: must be greater than or equal to 0");
  }

  @Test
  void kubectlGetPrintsTheBoundsAndAllowedDisruptions() {
    assertThat(strategy.columns()).extracting(c -> c.name())
        .containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
    PodDisruptionBudget min = pdb("web").editSpec().withMinAvailable(new IntOrString(2)).endSpec()
        .withNewStatus().withDisruptionsAllowed(1).endStatus().build();
    assertThat(strategy.cells(min, NOW)).containsExactly("web", "2", "N/A", 1, "60s");
    PodDisruptionBudget max = pdb("db").editSpec().withMaxUnavailable(new IntOrString("25%")).endSpec().build();
    assertThat(strategy.cells(max, NOW)).containsExactly("db", "N/A", "25%", 0, "60s");
  }
}
