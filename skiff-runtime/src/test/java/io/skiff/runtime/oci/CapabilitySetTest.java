package io.skiff.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.runtime.ContainerSecurity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilitySetTest {
  record Case(String name, ContainerSecurity security, List<String> mustHave, List<String> mustNotHave, int size) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("defaults", ContainerSecurity.DEFAULT, List.of("CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"), List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN"), 14),
        new Case("add NET_ADMIN", sec(List.of("NET_ADMIN"), List.of()), List.of("CAP_NET_ADMIN", "CAP_CHOWN"), List.of(), 15),
        new Case("drop one", sec(List.of(), List.of("cap_chown")), List.of("CAP_KILL"), List.of("CAP_CHOWN"), 13),
        new Case("drop ALL add one", sec(List.of("NET_BIND_SERVICE"), List.of("ALL")), List.of("CAP_NET_BIND_SERVICE"), List.of("CAP_CHOWN"), 1),
        new Case("drop ALL", sec(List.of(), List.of("ALL")), List.of(), List.of("CAP_CHOWN"), 0),
        new Case("add ALL", sec(List.of("ALL"), List.of()), List.of("CAP_SYS_ADMIN", "CAP_BPF"), List.of(), 41),
        new Case("add and drop the same", sec(List.of("SYS_TIME"), List.of("SYS_TIME")), List.of(), List.of("CAP_SYS_TIME"), 14),
        new Case("privileged ignores drops", new ContainerSecurity(List.of(), List.of("ALL"), true, false, false), List.of("CAP_SYS_ADMIN"), List.of(), 41));
  }

  private static ContainerSecurity sec(List<String> add, List<String> drop) {
    return new ContainerSecurity(add, drop, false, false, false);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void resolvesAddAndDropOverContainerdsDefaults(Case c) {
    List<String> caps = new CapabilitySet(40).resolve(c.security());
    assertThat(caps).containsAll(c.mustHave()).hasSize(c.size()).doesNotHaveDuplicates();
    c.mustNotHave().forEach(cap -> assertThat(caps).doesNotContain(cap));
  }

  @org.junit.jupiter.api.Test
  void anOlderKernelKnowsFewerCapabilities() {
    assertThat(new CapabilitySet(37).all()).hasSize(38).last().isEqualTo("CAP_AUDIT_READ");
  }
}
