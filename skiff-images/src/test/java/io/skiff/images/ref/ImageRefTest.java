package io.skiff.images.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageRefTest {
  private static final String HEX = "a".repeat(64);

  record Case(String input, String normalised, String registry, String path, String familiar) {}

  static Stream<Case> valid() {
    return Stream.of(
        new Case("nginx", "docker.io/library/nginx:latest", "docker.io", "library/nginx", "nginx:latest"),
        new Case("nginx:1.27", "docker.io/library/nginx:1.27", "docker.io", "library/nginx", "nginx:1.27"),
        new Case("centos:7", "docker.io/library/centos:7", "docker.io", "library/centos", "centos:7"),
        new Case("centos7", "docker.io/library/centos7:latest", "docker.io", "library/centos7", "centos7:latest"),
        new Case("bitnami/redis:7", "docker.io/bitnami/redis:7", "docker.io", "bitnami/redis", "bitnami/redis:7"),
        new Case("docker.io/nginx", "docker.io/library/nginx:latest", "docker.io", "library/nginx", "nginx:latest"),
        new Case("index.docker.io/library/nginx", "docker.io/library/nginx:latest", "docker.io", "library/nginx", "nginx:latest"),
        new Case("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10", "registry.k8s.io", "pause", "registry.k8s.io/pause:3.10"),
        new Case("localhost:5000/app", "localhost:5000/app:latest", "localhost:5000", "app", "localhost:5000/app:latest"),
        new Case("localhost/app", "localhost/app:latest", "localhost", "app", "localhost/app:latest"),
        new Case("127.0.0.1:5000/a/b/c:v1.0-rc_1", "127.0.0.1:5000/a/b/c:v1.0-rc_1", "127.0.0.1:5000", "a/b/c", "127.0.0.1:5000/a/b/c:v1.0-rc_1"),
        new Case("[::1]:5000/app:1", "[::1]:5000/app:1", "[::1]:5000", "app", "[::1]:5000/app:1"),
        new Case("nginx@sha256:" + HEX, "docker.io/library/nginx@sha256:" + HEX, "docker.io", "library/nginx", "nginx@sha256:" + HEX),
        new Case("nginx:1.27@sha256:" + HEX, "docker.io/library/nginx:1.27@sha256:" + HEX, "docker.io", "library/nginx", "nginx:1.27@sha256:" + HEX),
        new Case("quay.io/a__b/c-d.e:x", "quay.io/a__b/c-d.e:x", "quay.io", "a__b/c-d.e", "quay.io/a__b/c-d.e:x"),
        new Case("Host.Example.com/app", "Host.Example.com/app:latest", "Host.Example.com", "app", "Host.Example.com/app:latest"));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void normalisesAsDockerDoes(Case c) {
    ImageRef ref = ImageRef.parse(c.input());
    assertThat(ref.toString()).isEqualTo(c.normalised());
    assertThat(ref.registry()).isEqualTo(c.registry());
    assertThat(ref.path()).isEqualTo(c.path());
    assertThat(ref.familiar()).isEqualTo(c.familiar());
    assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
  }

  record Bad(String input, String says) {}

  static Stream<Bad> invalid() {
    return Stream.of(
        new Bad("", "at least one component"),
        new Bad("library/Nginx", "repository name (library/Nginx) must be lowercase"),
        new Bad("Nginx", "repository name (Nginx) must be lowercase"),
        new Bad("nginx:", "tag is empty"),
        new Bad("nginx:-bad", "tag \"-bad\""),
        new Bad("nginx:" + "x".repeat(129), "tag"),
        new Bad("nginx@sha256:abc", "digest"),
        new Bad("nginx@sha256:" + "A".repeat(64), "digest"),
        new Bad("nginx@", "digest is empty"),
        new Bad("nginx@md5:" + "a".repeat(32), "unsupported digest algorithm"),
        new Bad(HEX, "cannot specify 64-byte hexadecimal strings"),
        new Bad("a//b", "empty path component"),
        new Bad("foo/-bar", "path component \"-bar\""),
        new Bad("my_host:5000/app", "registry host"),
        new Bad("reg.io/" + "a".repeat(260), "255"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesMalformedReferencesSayingWhatIsWrong(Bad b) {
    assertThatThrownBy(() -> ImageRef.parse(b.input()))
        .isInstanceOf(SkiffException.BadRequest.class)
        .hasMessageContaining(b.says());
  }
}
