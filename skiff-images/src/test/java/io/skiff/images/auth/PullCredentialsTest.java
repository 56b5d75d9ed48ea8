package io.skiff.images.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PullCredentialsTest {
  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsDockerConfigJsonWithAuthUsernameAndIdentityToken() {
    PullCredentials c = DockerConfigSecrets.parse(json("""
        {"auths": {
          "https://index.docker.io/v1/": {"auth": "%s"},
          "reg.example.com": {"username": "bob", "password": "pw2"},
          "tok.example.com": {"identitytoken": "refresh-me"}}}
        """.formatted(b64("alice:pw:with:colons"))), DockerConfigSecrets.Format.DOCKER_CONFIG_JSON, "secret ns/s");
    assertThat(c.matching("docker.io", "library/nginx")).singleElement().satisfies(r -> {
      assertThat(r.username()).isEqualTo("alice");
      assertThat(r.password()).isEqualTo("pw:with:colons");
      assertThat(r.source()).isEqualTo("secret ns/s");
    });
    assertThat(c.matching("reg.example.com", "x/y")).extracting(RegistryCredentials::username).containsExactly("bob");
    assertThat(c.matching("tok.example.com", "x")).singleElement().satisfies(r -> assertThat(r.hasIdentityToken()).isTrue());
  }

  @Test
  void readsTheOlderDockercfgFormat() {
    PullCredentials c = DockerConfigSecrets.parse(json("{\"reg.io:5000\": {\"auth\": \"" + b64("u:p") + "\", \"email\": \"e@x\"}}"),
        DockerConfigSecrets.Format.DOCKERCFG, "secret ns/old");
    assertThat(c.matching("reg.io:5000", "a")).extracting(RegistryCredentials::username).containsExactly("u");
  }

  @Test
  void malformedSecretsAreRefusedWithoutQuotingThem() {
    assertThatThrownBy(() -> DockerConfigSecrets.parse(json("{not json supersecret"), DockerConfigSecrets.Format.DOCKER_CONFIG_JSON, "secret ns/bad"))
        .isInstanceOf(SkiffException.BadRequest.class).hasMessageContaining("secret ns/bad").hasMessageNotContaining("supersecret");
    assertThatThrownBy(() -> DockerConfigSecrets.parse(json("{\"auths\":{\"h\":{\"auth\":\"" + b64("nocolon") + "\"}}}"),
        DockerConfigSecrets.Format.DOCKER_CONFIG_JSON, "secret ns/bad"))
        .hasMessageContaining("not user:password").hasMessageNotContaining("nocolon");
  }

  record Case(String key, String registry, String repository, boolean matches) {}

  static Stream<Case> matching() {
    return Stream.of(
        new Case("reg.io", "reg.io", "a/b", true),
        new Case("https://reg.io", "reg.io", "a/b", true),
        new Case("reg.io:5000", "reg.io", "a/b", false),
        new Case("reg.io", "reg.io:5000", "a/b", false),
        new Case("reg.io/a", "reg.io", "a/b", true),
        new Case("reg.io/a", "reg.io", "ab/c", false),
        new Case("*.example.com", "eu.example.com", "x", true),
        new Case("*.example.com", "example.com", "x", false),
        new Case("*.example.com", "a.b.example.com", "x", false),
        new Case("docker.io", "docker.io", "library/nginx", true),
        new Case("index.docker.io", "docker.io", "library/nginx", true),
        new Case("https://index.docker.io/v1/", "docker.io", "library/nginx", true),
        new Case("other.io", "reg.io", "a", false));
  }

  @ParameterizedTest
  @MethodSource("matching")
  void credentialsMatchByRegistryHostGlobAndPathPrefix(Case c) {
    PullCredentials creds = new PullCredentials(List.of(new PullCredentials.Entry(c.key(), RegistryCredentials.basic("u", "p", "s"))));
    assertThat(creds.matching(c.registry(), c.repository())).hasSize(c.matches() ? 1 : 0);
  }

  @Test
  void theMostSpecificKeyIsTriedFirst() {
    PullCredentials creds = new PullCredentials(List.of(
        new PullCredentials.Entry("reg.io", RegistryCredentials.basic("general", "p", "s1")),
        new PullCredentials.Entry("reg.io/team/app", RegistryCredentials.basic("specific", "p", "s2"))));
    assertThat(creds.matching("reg.io", "team/app")).extracting(RegistryCredentials::username).containsExactly("specific", "general");
  }

  @Test
  void toStringNeverShowsThePassword() {
    assertThat(RegistryCredentials.basic("u", "hunter2", "secret a/b").toString()).doesNotContain("hunter2").contains("secret a/b");
  }
}
