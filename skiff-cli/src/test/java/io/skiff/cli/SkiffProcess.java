package io.skiff.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/skiff.jar ARGS} as a child process, its output collected, for tests that kill servers. */
final class SkiffProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch up = new CountDownLatch(1);

  private SkiffProcess(Process process, String upPrefix) {
    this.process = process;
    Thread.ofVirtual().name("skiff-output").start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
          if (line.startsWith(upPrefix)) {
            up.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
  }

  /** Starts skiff with {@code args}; call {@link #awaitUp} or {@link #awaitExit} next. */
  static SkiffProcess start(List<String> args, String upPrefix) throws IOException {
    return start(List.of(), List.of(), args, upPrefix);
  }

  /** The same under a wrapper program (e.g. {@code nsenter --net=…}) and with JVM options. */
  static SkiffProcess start(List<String> wrapper, List<String> javaOptions, List<String> args, String upPrefix) throws IOException {
    Path jar = Path.of("target", "skiff.jar").toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.add(java);
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    return new SkiffProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start(), upPrefix);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the line that says the server is up; fails with the output so far. */
  SkiffProcess awaitUp(Duration timeout) throws InterruptedException {
    if (!up.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("skiff did not come up within " + timeout + " (alive: " + process.isAlive() + "): " + lines);
    }
    return this;
  }

  /** Waits for the process to exit; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("skiff did not exit within " + timeout + ": " + lines);
    }
    return process.exitValue();
  }

  List<String> output() {
    return List.copyOf(lines);
  }

  long pid() {
    return process.pid();
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
