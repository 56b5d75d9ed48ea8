package io.skiff.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.images.auth.DockerConfigSecrets;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistriesYaml;
import io.skiff.images.ref.ImageRef;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic (htpasswd) and token authentication against docker-registry, with credentials from pull secrets and registries.yaml. */
@Tag("registry")
class RegistryAuthIT {
  @TempDir Path dir;

  private LocalImageService service(RegistriesConfig registries) {
    return new LocalImageService(new ImagesConfig(dir.resolve("images"), registries, RegistryClientConfig.DEFAULT, 3));
  }

  private static PullCredentials secret(String host, String user, String password) {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String json = "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
    return DockerConfigSecrets.parse(json.getBytes(StandardCharsets.UTF_8), DockerConfigSecrets.Format.DOCKER_CONFIG_JSON,
        "secret default/regcred");
  }

  @Test
  void basicAuthWorksWithADockerConfigJsonSecret() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.BASIC)) {
      TestImages.buildAndPush(dir, TestImages.busyboxImage(), registry, "private/app:1");
      ImageRef ref = ImageRef.parse(registry.host() + "/private/app:1");

      LocalImage image = service(RegistriesConfig.EMPTY).pull(ref, secret(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD));

      assertThat(image.layerDirs().get(0).resolve("bin/busybox")).isRegularFile();
    }
  }

  @Test
  void wrongOrMissingCredentialsNameWhatWasTriedButNeverTheSecret() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.BASIC)) {
      TestImages.buildAndPush(dir, TestImages.busyboxImage(), registry, "private/app:1");
      ImageRef ref = ImageRef.parse(registry.host() + "/private/app:1");

      assertThatThrownBy(() -> service(RegistriesConfig.EMPTY).pull(ref, secret(registry.host(), LocalRegistry.USER, "wrong-password-123")))
          .isInstanceOf(SkiffException.Unauthorized.class)
          .hasMessageContaining("user \"" + LocalRegistry.USER + "\" from secret default/regcred")
          .hasMessageNotContaining("wrong-password-123");
      assertThatThrownBy(() -> service(RegistriesConfig.EMPTY).pull(ref, PullCredentials.NONE))
          .isInstanceOf(SkiffException.Unauthorized.class)
          .hasMessageContaining("anonymous");
    }
  }

  @Test
  void registriesYamlCredentialsAreUsedForTheirHost() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.BASIC)) {
      TestImages.buildAndPush(dir, TestImages.busyboxImage(), registry, "private/app:1");
      RegistriesConfig config = RegistriesYaml.parse("""
          configs:
            "%s":
              auth:
                username: %s
                password: %s
          """.formatted(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD), "test");

      LocalImage image = service(config).pull(ImageRef.parse(registry.host() + "/private/app:1"), PullCredentials.NONE);

      assertThat(image.config().cmd()).containsExactly("sh");
    }
  }

  @Test
  void tokenAuthFollowsTheBearerChallenge() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.TOKEN)) {
      TestImages.buildAndPush(dir, TestImages.image().layer(TestImages.busybox()).layer(TestImages.bash()), registry, "team/tool:3");
      ImageRef ref = ImageRef.parse(registry.host() + "/team/tool:3");
      LocalImageService images = service(RegistriesConfig.EMPTY);

      LocalImage image = images.pull(ref, secret(registry.host(), LocalRegistry.USER, LocalRegistry.PASSWORD));

      assertThat(image.layerDirs()).hasSize(2);
      assertThat(registry.issuer().scopesRequested()).contains("repository:team/tool:pull");
      assertThatThrownBy(() -> service(RegistriesConfig.EMPTY).pull(ref, secret(registry.host(), LocalRegistry.USER, "nope")))
          .isInstanceOf(SkiffException.Unauthorized.class)
          .hasMessageContaining("token service")
          .hasMessageNotContaining("nope");
    }
  }
}
