package io.skiff.images.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.images.ref.ImageRef;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegistriesYamlTest {
  private static final String K3S = """
      mirrors:
        docker.io:
          endpoint:
            - "https://mirror.example.com:5000"
            - "http://10.0.0.5:5000/"
          rewrite:
            "^rancher/(.*)": "mirrorproject/rancher-images/$1"
        "*":
          endpoint:
            - "https://catch-all.example.com"
        registry.example.com:
      configs:
        "mirror.example.com:5000":
          auth:
            username: alice
            password: pw
          tls:
            ca_file: /etc/ssl/ca.pem
            insecure_skip_verify: false
        "10.0.0.5:5000":
          tls:
            insecure_skip_verify: true
      """;

  @Test
  void readsK3sMirrorsAndConfigs() {
    RegistriesConfig c = RegistriesYaml.parse(K3S, "registries.yaml");
    assertThat(c.mirrors().get("docker.io").endpoints()).containsExactly("https://mirror.example.com:5000", "http://10.0.0.5:5000/");
    assertThat(c.configs().get("mirror.example.com:5000").auth()).hasValueSatisfying(a -> assertThat(a.username()).isEqualTo("alice"));
    assertThat(c.configs().get("mirror.example.com:5000").tls()).hasValueSatisfying(t -> assertThat(t.caFile()).contains(Path.of("/etc/ssl/ca.pem")));
    assertThat(c.configs().get("10.0.0.5:5000").tls()).hasValueSatisfying(t -> assertThat(t.insecureSkipVerify()).isTrue());
    assertThat(c.mirrors().get("registry.example.com").endpoints()).isEmpty();
  }

  record Case(String image, List<String> bases, List<String> repositories) {}

  static Stream<Case> endpoints() {
    return Stream.of(
        new Case("nginx", List.of("https://mirror.example.com:5000/v2", "http://10.0.0.5:5000/v2", "https://registry-1.docker.io/v2"),
            List.of("library/nginx", "library/nginx", "library/nginx")),
        new Case("rancher/k3s:v1", List.of("https://mirror.example.com:5000/v2", "http://10.0.0.5:5000/v2", "https://registry-1.docker.io/v2"),
            List.of("mirrorproject/rancher-images/k3s", "mirrorproject/rancher-images/k3s", "rancher/k3s")),
        new Case("quay.io/a/b", List.of("https://catch-all.example.com/v2", "https://quay.io/v2"), List.of("a/b", "a/b")),
        new Case("registry.example.com/x", List.of("https://registry.example.com/v2"), List.of("x")),
        new Case("localhost:5000/x", List.of("https://catch-all.example.com/v2", "http://localhost:5000/v2"), List.of("x", "x")),
        new Case("127.0.0.1:5000/x", List.of("https://catch-all.example.com/v2", "http://127.0.0.1:5000/v2"), List.of("x", "x")));
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void mirrorsComeBeforeTheUpstream(Case c) {
    RegistryHosts hosts = new RegistryHosts(RegistriesYaml.parse(K3S, "registries.yaml"));
    List<Endpoint> eps = hosts.endpointsFor(ImageRef.parse(c.image()));
    assertThat(eps).extracting(e -> e.base().toString()).containsExactlyElementsOf(c.bases());
    assertThat(eps).extracting(Endpoint::repository).containsExactlyElementsOf(c.repositories());
    assertThat(eps.get(eps.size() - 1).mirror()).isFalse();
  }

  @Test
  void endpointsGetTheirHostsSettings() {
    RegistryHosts hosts = new RegistryHosts(RegistriesYaml.parse(K3S, "registries.yaml"));
    Endpoint mirror = hosts.endpointsFor(ImageRef.parse("nginx")).get(0);
    assertThat(mirror.auth()).isPresent();
    assertThat(mirror.uri("manifests", "latest")).isEqualTo(URI.create("https://mirror.example.com:5000/v2/library/nginx/manifests/latest"));
    assertThat(hosts.endpointsFor(ImageRef.parse("nginx")).get(1).plainHttp()).isTrue();
  }

  record Bad(String yaml, String says) {}

  static Stream<Bad> invalid() {
    return Stream.of(
        new Bad("mirrors:\n  docker.io:\n    endpoints: [\"https://x\"]\n", "mirrors.\"docker.io\".endpoints"),
        new Bad("mirrors:\n  docker.io:\n    endpoint: [\"ftp://x\"]\n", "mirrors.\"docker.io\".endpoint[0]"),
        new Bad("mirrors:\n  docker.io:\n    endpoint: \"https://x\"\n", "must be a list of URLs"),
        new Bad("configs:\n  h:\n    tls:\n      cert_file: /a\n", "cert_file and key_file must be given together"),
        new Bad("mirrors: [1, 2]\n", "must be a mapping"),
        new Bad("mirrors:\n  docker.io:\n    rewrite:\n      \"(\": x\n", "not a regular expression"),
        new Bad("mirror:\n  docker.io: {}\n", "mirror"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesBadConfigurationNamingTheField(Bad b) {
    assertThatThrownBy(() -> RegistriesYaml.parse(b.yaml(), "registries.yaml"))
        .isInstanceOf(SkiffException.Invalid.class)
        .hasMessageContaining(b.says());
  }

  @Test
  void anEmptyOrMissingFileMeansNoConfiguration(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThat(RegistriesYaml.parse("", "x")).isEqualTo(RegistriesConfig.EMPTY);
    assertThat(RegistriesYaml.read(dir.resolve("absent.yaml"))).isEqualTo(RegistriesConfig.EMPTY);
  }
}
