package io.skiff.images.testing;

import io.skiff.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on {@code 127.0.0.1:<free port>} with filesystem storage in a
 * temporary directory, in one of three auth modes, behind a {@link CountingProxy}. Push to {@link #directHost()}
 * (skopeo, not counted), pull through {@link #host()} (counted). {@link #close()} stops the process and the proxy and
 * deletes the storage.
 */
public final class LocalRegistry implements AutoCloseable {
  /** How clients must authenticate. */
  public enum Auth { NONE, BASIC, TOKEN }

  public static final String USER = "skiffuser";
  public static final String PASSWORD = "s3cret-pass";

  private final Path dir;
  private final Process process;
  private final int port;
  private final CountingProxy proxy;
  private final TokenIssuer issuer;
  private final Auth auth;

  private LocalRegistry(Path dir, Auth auth) throws Exception {
    this.dir = dir;
    this.auth = auth;
    this.port = freePort();
    Files.createDirectories(dir.resolve("storage"));
    StringBuilder cfg = new StringBuilder();
    cfg.append("version: 0.1\n")
        .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: skiff-test-secret\n");
    TokenIssuer tokens = null;
    switch (auth) {
      case NONE -> { }
      case BASIC -> {
        String hash = OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), new byte[16], 5);
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + hash + "\n");
        cfg.append("auth:\n  htpasswd:\n    realm: skiff-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
      }
      case TOKEN -> {
        tokens = new TokenIssuer(dir, USER, PASSWORD);
        cfg.append("auth:\n  token:\n    realm: ").append(tokens.realm()).append('\n')
            .append("    service: ").append(TokenIssuer.SERVICE).append('\n')
            .append("    issuer: ").append(TokenIssuer.ISSUER).append('\n')
            .append("    rootcertbundle: ").append(tokens.certificate()).append('\n');
      }
    }
    this.issuer = tokens;
    Path config = dir.resolve("config.yml");
    Files.writeString(config, cfg.toString());
    this.process = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    Await.until("docker-registry listening on " + port, Duration.ofSeconds(20), () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry exited: " + log());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    this.proxy = new CountingProxy(URI.create("http://127.0.0.1:" + port));
  }

  public static LocalRegistry start(Path dir, Auth auth) {
    try {
      return new LocalRegistry(dir, auth);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start docker-registry: " + e, e);
    }
  }

  /** The counted address, {@code 127.0.0.1:<proxy port>}. */
  public String host() {
    return proxy.host();
  }

  /** The registry's own address (not counted), for pushing. */
  public String directHost() {
    return "127.0.0.1:" + port;
  }

  public CountingProxy proxy() {
    return proxy;
  }

  public Auth auth() {
    return auth;
  }

  /** The token issuer in TOKEN mode. */
  public TokenIssuer issuer() {
    return issuer;
  }

  /** skopeo's destination credentials flag for this registry, if it needs one. */
  public List<String> skopeoCreds() {
    return auth == Auth.NONE ? List.of() : List.of("--dest-creds", USER + ":" + PASSWORD);
  }

  /** The file holding a blob in the registry's storage (for corrupting it on purpose). */
  public Path blobFile(String hex) {
    return dir.resolve("storage/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    proxy.close();
    if (issuer != null) {
      issuer.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the temporary directory is removed by JUnit too
    }
  }
}
