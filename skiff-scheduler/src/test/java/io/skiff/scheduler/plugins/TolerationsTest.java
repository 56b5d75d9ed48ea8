package io.skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TolerationsTest {
  record Case(String name, Toleration toleration, Taint taint, boolean tolerates) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Toleration tol(String key, String op, String value, String effect) {
    return new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
  }

  static Taint taint(String key, String value, String effect) {
    return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
  }

  static Stream<Case> matching() {
    Taint gpu = taint("gpu", "true", "NoSchedule");
    return Stream.of(
        new Case("equal key, value and effect", tol("gpu", "Equal", "true", "NoSchedule"), gpu, true),
        new Case("operator defaults to Equal", tol("gpu", null, "true", "NoSchedule"), gpu, true),
        new Case("a different value", tol("gpu", "Equal", "false", "NoSchedule"), gpu, false),
        new Case("Exists ignores the value", tol("gpu", "Exists", null, "NoSchedule"), gpu, true),
        new Case("an empty effect matches every effect", tol("gpu", "Exists", null, null), gpu, true),
        new Case("a different effect", tol("gpu", "Exists", null, "NoExecute"), gpu, false),
        new Case("an empty key with Exists matches every taint", tol(null, "Exists", null, null), gpu, true),
        new Case("a different key", tol("disk", "Exists", null, null), gpu, false),
        new Case("an empty taint value equals an unset toleration value", tol("dedicated", "Equal", null, "NoSchedule"),
            taint("dedicated", null, "NoSchedule"), true),
        new Case("an unknown operator matches nothing", tol("gpu", "Gt", "1", "NoSchedule"), gpu, false));
  }

  @ParameterizedTest
  @MethodSource
  void matching(Case c) {
    assertThat(Tolerations.tolerates(c.toleration(), c.taint())).isEqualTo(c.tolerates());
  }
}
