package io.skiff.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.store.KeyValue;
import io.skiff.store.memory.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterBootstrapTest {
  @TempDir
  Path dir;

  private final MemoryStore store = new MemoryStore();

  @AfterEach
  void close() {
    store.close();
  }

  private String read(Path file) throws Exception {
    return Files.readString(file);
  }

  @Test
  void firstServerStoresTheCredentialsEncryptedOutsideTheRegistry() throws Exception {
    assertThat(ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd")).isEqualTo(ClusterBootstrap.Outcome.CREATED);
    KeyValue stored = store.list(ClusterBootstrap.PREFIX, 0, 0, null).items().getFirst();
    String text = new String(stored.value(), StandardCharsets.UTF_8);
    String token = read(dir.resolve("a/token")).strip();
    assertThat(token).startsWith("K10").contains("::server:");
    assertThat(text).contains("PBKDF2WithHmacSHA256").doesNotContain("BEGIN").doesNotContain(JoinToken.parse(token).secret());
    assertThat(stored.key()).startsWith("/bootstrap/").doesNotContain(JoinToken.parse(token).secret());
    assertThat(store.count("/registry/")).isZero();
  }

  @Test
  void aSecondServerWithTheTokenGetsTheSameCaAdminCertificateAndToken() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    String token = read(dir.resolve("a/token")).strip();
    assertThat(ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of(token), "etcd")).isEqualTo(ClusterBootstrap.Outcome.JOINED);
    for (String file : ClusterBootstrap.FILES) {
      assertThat(read(dir.resolve("b").resolve(file))).as(file).isEqualTo(read(dir.resolve("a").resolve(file)));
    }
  }

  @Test
  void theShortFormOfTheTokenJoinsToo() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    String secret = JoinToken.parse(read(dir.resolve("a/token"))).secret();
    assertThat(ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of(secret), "etcd")).isEqualTo(ClusterBootstrap.Outcome.JOINED);
    assertThat(read(dir.resolve("b/tls/ca.crt"))).isEqualTo(read(dir.resolve("a/tls/ca.crt")));
  }

  @Test
  void aRestartedServerFindsItsClusterThroughTheTokenInItsDataDir() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    assertThat(ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd")).isEqualTo(ClusterBootstrap.Outcome.JOINED);
  }

  @Test
  void aWrongTokenIsRefusedAndWritesNothing() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "http://etcd:2379");
    assertThatThrownBy(() -> ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of("not-the-secret"), "http://etcd:2379"))
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("holds a cluster that the given --token does not open")
        .hasMessageNotContaining("not-the-secret");
    assertThat(dir.resolve("b/tls/ca.crt")).doesNotExist();
  }

  @Test
  void noTokenOnADatastoreThatHoldsAClusterIsRefused() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    assertThatThrownBy(() -> ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.empty(), "etcd"))
        .isInstanceOf(BootstrapException.class).hasMessageContaining("start this server with --token");
  }

  @Test
  void tamperedBootstrapDataIsRefused() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    KeyValue stored = store.list(ClusterBootstrap.PREFIX, 0, 0, null).items().getFirst();
    String text = new String(stored.value(), StandardCharsets.UTF_8);
    int at = text.indexOf("\"ciphertext\":\"") + 20;
    String changed = text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1);
    store.update(stored.key(), changed.getBytes(StandardCharsets.UTF_8), stored.modRevision());
    assertThatThrownBy(() -> ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of(read(dir.resolve("a/token"))), "etcd"))
        .isInstanceOf(BootstrapException.class).hasMessageContaining("does not decrypt");
  }

  @Test
  void aDataDirWithAnotherClustersCaIsRefused() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    try (MemoryStore other = new MemoryStore()) {
      ClusterBootstrap.ensure(other, dir.resolve("b"), Optional.of("othersecret"), "etcd");
    }
    String token = read(dir.resolve("a/token")).strip();
    assertThatThrownBy(() -> ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of(token), "etcd"))
        .isInstanceOf(BootstrapException.class).hasMessageContaining("holds the CA of another cluster");
  }

  @Test
  void aTokenThatPinsAnotherCaIsRefused() throws Exception {
    ClusterBootstrap.ensure(store, dir.resolve("a"), Optional.empty(), "etcd");
    JoinToken real = JoinToken.parse(read(dir.resolve("a/token")));
    String pinsOther = new JoinToken(Optional.empty(), real.secret()).full("0".repeat(64));
    assertThatThrownBy(() -> ClusterBootstrap.ensure(store, dir.resolve("b"), Optional.of(pinsOther), "etcd"))
        .isInstanceOf(BootstrapException.class).hasMessageContaining("does not match the CA hash the token pins");
  }

  @Test
  void tokensParseInBothShapesAndNeverPrintTheSecret() {
    JoinToken full = JoinToken.parse("K10" + "a".repeat(64) + "::server:s3cret\n");
    assertThat(full.caHash()).contains("a".repeat(64));
    assertThat(full.secret()).isEqualTo("s3cret");
    assertThat(full.toString()).doesNotContain("s3cret");
    assertThat(JoinToken.parse("s3cret")).isEqualTo(new JoinToken(Optional.empty(), "s3cret"));
    assertThatThrownBy(() -> JoinToken.parse("a::b")).isInstanceOf(IllegalArgumentException.class);
  }
}
