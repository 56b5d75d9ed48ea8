package io.skiff.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Installs Debian packages the node needs, when skiff runs as root on a system with apt-get. */
final class Installer {
  private Installer() {}

  /** Why skiff will not install packages here, or empty when it may. */
  static Optional<String> whyNot(boolean allowed) {
    if (!allowed) {
      return Optional.of("--no-install was given");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("run skiff as root to install them, or install them yourself");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      return Optional.of("this system has no apt-get; install them with its package manager");
    }
    return Optional.empty();
  }

  /** Runs {@code apt-get install -y} for {@code packages}; throws with apt's output when it fails. */
  static void aptInstall(List<String> packages) throws IOException {
    run(List.of("apt-get", "update", "-qq"));
    List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
    cmd.addAll(packages);
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + new String(output).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd));
    }
  }
}
