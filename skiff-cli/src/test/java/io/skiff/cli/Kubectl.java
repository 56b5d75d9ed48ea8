package io.skiff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a test cluster, with its own discovery cache. */
final class Kubectl {
  /** The dispatcher that picks kubectl by the server's /version (1.33 for skiff). */
  static final String NEWEST = "/usr/bin/kubectl";
  /** kubectl 1.30, the oldest that speaks exec over WebSocket. */
  static final String V1_30 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.30";
  /** kubectl 1.29, the newest that speaks exec and attach over SPDY/3.1 only. */
  static final String V1_29 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.29";

  /** The outcome of one kubectl command. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final String binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(String binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  Result run(String... args) {
    return withInput(null, args);
  }

  /** Runs kubectl with {@code stdin} as standard input (or none), waiting at most 60 s. */
  Result withInput(String stdin, String... args) {
    try {
      Process p = start(args);
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      byte[][] bufs = new byte[2][];
      Thread o = Thread.ofVirtual().start(() -> bufs[0] = readAll(p.getInputStream()));
      Thread e = Thread.ofVirtual().start(() -> bufs[1] = readAll(p.getErrorStream()));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
      }
      o.join();
      e.join();
      return new Result(p.exitValue(), new String(bufs[0], StandardCharsets.UTF_8), new String(bufs[1], StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException ex) {
      throw new AssertionError("cannot run kubectl", ex);
    }
  }

  /** The full command line of {@code kubectl args…} (for running it under another program, e.g. tmux). */
  List<String> commandLine(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + cacheDir);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts kubectl without waiting (for watches). */
  Process start(String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(commandLine(args));
    pb.environment().put("HOME", cacheDir.toString());
    return pb.start();
  }

  static boolean available(String binary) {
    return Files.isExecutable(Path.of(binary));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
