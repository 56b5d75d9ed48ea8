package io.skiff.store.etcd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One etcd member (Debian's {@code /usr/bin/etcd}, package etcd-server) on 127.0.0.1 with random free ports and its
 * own data directory, for tests. It is installed with apt-get when missing and the test runs as root; otherwise the
 * test is skipped with the reason. {@link #kill()} and {@link #restart()} keep the ports and the data, so clients
 * can reconnect to the same endpoint. {@link #close()} stops it and deletes the data directory.
 */
public final class EtcdProcess implements AutoCloseable {
  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Serve clients over TLS.
   *
   * @param certFile        etcd's serving certificate (PEM)
   * @param keyFile         its key
   * @param clientCaFile    when set, clients must present a certificate signed by this CA
   */
  public record Tls(Path certFile, Path keyFile, Optional<Path> clientCaFile) {}

  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private final Optional<Tls> tls;
  private Process process;
  private int starts;

  private EtcdProcess(Path dir, int clientPort, int peerPort, Optional<Tls> tls) {
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.tls = tls;
  }

  /** Starts etcd serving plain http on loopback. */
  public static EtcdProcess start() {
    return start(Optional.empty());
  }

  /** Starts etcd, over TLS when {@code tls} is given, and waits until it serves clients. */
  public static EtcdProcess start(Optional<Tls> tls) {
    ensureInstalled();
    try {
      EtcdProcess etcd = new EtcdProcess(Files.createTempDirectory("skiff-etcd-"), freePort(), freePort(), tls);
      try {
        etcd.launch();
      } catch (RuntimeException | Error e) {
        etcd.close();
        throw e;
      }
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd", e);
    }
  }

  /** Installs etcd-server with apt-get when {@code /usr/bin/etcd} is missing (as root), else skips the test. */
  public static void ensureInstalled() {
    if (Files.isExecutable(ETCD)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(root && Files.isExecutable(Path.of("/usr/bin/apt-get")),
        "etcd is not installed (Debian package etcd-server) and cannot be installed here without root and apt-get");
    run(List.of("apt-get", "update", "-qq"));
    run(List.of("apt-get", "install", "-y", "-qq", "etcd-server"));
  }

  /** The client URL, {@code http://127.0.0.1:PORT} (https with TLS). */
  public String endpoint() {
    return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + clientPort;
  }

  /** Whether the etcd process is running. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the running member. */
  public long pid() {
    return process.pid();
  }

  /** SIGKILL: etcd stops at once, as in a crash or a lost machine. */
  public void kill() {
    end(true);
  }

  /** SIGTERM: a clean stop. */
  public void stop() {
    end(false);
  }

  /** Starts it again on the same ports and data (after {@link #kill()} or {@link #stop()}). */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("etcd is still running");
    }
    launch();
  }

  private void launch() {
    String scheme = tls.isPresent() ? "https" : "http";
    String clientUrl = scheme + "://127.0.0.1:" + clientPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;
    List<String> cmd = new ArrayList<>(List.of(ETCD.toString(), "--name", "skiff-test", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "skiff-test=" + peerUrl,
        "--logger", "zap", "--log-outputs", "stderr"));
    tls.ifPresent(t -> {
      cmd.addAll(List.of("--cert-file", t.certFile().toString(), "--key-file", t.keyFile().toString()));
      t.clientCaFile().ifPresent(ca -> cmd.addAll(List.of("--client-cert-auth", "--trusted-ca-file", ca.toString())));
    });
    Path log = dir.resolve("etcd-" + (++starts) + ".log");
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!Files.readString(log).contains("serving client traffic")) {
        if (!process.isAlive()) {
          throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          end(true);
          throw new IllegalStateException("etcd did not become ready within " + START_TIMEOUT + ": " + Files.readString(log));
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(true);
      throw new IllegalStateException("interrupted while starting etcd", e);
    }
  }

  private void end(boolean kill) {
    if (process == null) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops etcd and deletes its data. */
  @Override
  public void close() {
    end(false);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
