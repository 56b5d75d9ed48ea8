package io.skiff.images.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.images.LocalImage;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.ImageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PullPlannerTest {
  static final LocalImage IMAGE = image();

  static LocalImage image() {
    Digest d = Digest.sha256(new byte[] {1});
    return new LocalImage("docker.io/library/x:1", new Descriptor("application/vnd.oci.image.manifest.v1+json", d, 1), d, d,
        new ImageConfig(null, null, null, null, null, null, null, null, null, "linux", "amd64", null, List.of()), 1, List.of(), List.of(), Instant.EPOCH);
  }

  record Case(PullPolicy policy, boolean present, long backOffSeconds, Class<? extends PullDecision> expected) {}

  static Stream<Case> table() {
    return Stream.of(
        new Case(PullPolicy.Always, false, 0, PullDecision.Pull.class),
        new Case(PullPolicy.Always, true, 0, PullDecision.Pull.class),
        new Case(PullPolicy.Always, true, 5, PullDecision.BackOff.class),
        new Case(PullPolicy.Always, false, 5, PullDecision.BackOff.class),
        new Case(PullPolicy.IfNotPresent, true, 0, PullDecision.UsePresent.class),
        new Case(PullPolicy.IfNotPresent, true, 5, PullDecision.UsePresent.class),
        new Case(PullPolicy.IfNotPresent, false, 0, PullDecision.Pull.class),
        new Case(PullPolicy.IfNotPresent, false, 5, PullDecision.BackOff.class),
        new Case(PullPolicy.Never, true, 0, PullDecision.UsePresent.class),
        new Case(PullPolicy.Never, false, 0, PullDecision.NeverPull.class),
        new Case(PullPolicy.Never, false, 5, PullDecision.NeverPull.class));
  }

  @ParameterizedTest
  @MethodSource("table")
  void decidesAsTheKubeletDoes(Case c) {
    PullDecision d = PullPlanner.decide(c.policy(), c.present() ? Optional.of(IMAGE) : Optional.empty(), Duration.ofSeconds(c.backOffSeconds()));
    assertThat(d).isInstanceOf(c.expected());
  }

  @ParameterizedTest
  @CsvSource({
      "nginx, Always", "nginx:latest, Always", "docker.io/library/nginx:latest, Always", "localhost:5000/app, Always",
      "nginx:1.27, IfNotPresent", "centos:7, IfNotPresent",
      "nginx@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, IfNotPresent",
      "nginx:latest@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, Always",
      "Bad/Image, IfNotPresent"})
  void defaultPolicyIsAlwaysForLatestOrNoTag(String image, PullPolicy expected) {
    assertThat(PullPolicy.defaultFor(image)).isEqualTo(expected);
  }
}
