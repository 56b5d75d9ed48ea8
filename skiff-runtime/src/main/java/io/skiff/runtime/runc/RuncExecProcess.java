package io.skiff.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import io.skiff.runtime.ExecProcess;
import io.skiff.runtime.ExecRequest;
import io.skiff.runtime.TerminalSize;
import io.skiff.runtime.posix.Pty;
import io.skiff.runtime.posix.QueuedInput;
import io.skiff.runtime.posix.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code runc exec} in the foreground, one per command: runc joins the container's namespaces, starts the command as
 * its child, forwards signals to it and exits with its status. Without a terminal the command's stdio are this
 * process's pipes. With one, runc's stdio are the slave of a pseudo-terminal opened here: runc puts it in raw mode,
 * gives the command a terminal of its own and copies between the two, and resizes the inner one from the outer one
 * on SIGWINCH (sent here, since the outer terminal is no session's controlling terminal). The pseudo-terminal's
 * master is read and written on two platform threads (blocking native calls must not pin virtual threads' carriers).
 */
final class RuncExecProcess implements ExecProcess {
  /** What runc exits with when it could not start the command at all. */
  private static final int RUNC_FAILED = 255;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Pty pty;
  private final Path workDir;
  private final OutputStream stdin;
  private final InputStream stdout;
  private final InputStream stderr;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RuncExecProcess(Process process, Pty pty, Path workDir, OutputStream stdin, InputStream stdout, InputStream stderr) {
    this.process = process;
    this.pty = pty;
    this.workDir = workDir;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static RuncExecProcess start(OciRuntimeCli oci, String containerId, Path execDir, ExecRequest request) {
    Path work;
    try {
      Files.createDirectories(execDir);
      work = Files.createTempDirectory(execDir, "exec-");
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot prepare an exec directory under " + execDir, e);
    }
    List<String> runc = new ArrayList<>(List.of(oci.runtime().binary().toString(), "--root", oci.stateRoot().toString(),
        "--log", work.resolve("runc.log").toString(), "--log-format", "json", "exec", "--pid-file", work.resolve("pid").toString()));
    if (request.tty()) {
      runc.add("--tty");
    }
    runc.add(containerId);
    runc.addAll(request.argv());
    Pty pty = null;
    try {
      if (request.tty()) {
        pty = Pty.open();
        if (request.initialSize() != null) {
          pty.resize(request.initialSize().columns(), request.initialSize().rows());
        }
        // The child opens the terminal itself, so that it can never become this process's controlling terminal.
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" <\"$0\" >\"$0\" 2>&1", pty.slavePath().toString()));
        cmd.addAll(runc);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Pty terminal = pty;
        return new RuncExecProcess(p, pty, work, request.stdin() ? new TerminalInput(terminal) : OutputStream.nullOutputStream(),
            terminalOutput(terminal), InputStream.nullInputStream());
      }
      ProcessBuilder pb = new ProcessBuilder(runc);
      if (!request.stdin()) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process p = pb.start();
      return new RuncExecProcess(p, null, work, request.stdin() ? p.getOutputStream() : OutputStream.nullOutputStream(), p.getInputStream(),
          p.getErrorStream());
    } catch (IOException | RuntimeException e) {
      if (pty != null) {
        pty.close();
      }
      deleteQuietly(work);
      throw new SkiffException.Internal("cannot start " + oci.runtime().binary() + " exec: " + e.getMessage(), e);
    }
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
  }

  @Override
  public void resize(TerminalSize size) {
    if (pty == null || !process.isAlive()) {
      return;
    }
    pty.resize(size.columns(), size.rows());
    Signals.windowChanged(process.pid());
  }

  @Override
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    if (pty != null) {
      pty.releaseSlave();
    }
    if (code == RUNC_FAILED && !Files.exists(workDir.resolve("pid"))) {
      return startFailureCode().orElse(code);
    }
    return code;
  }

  @Override
  public void hangUp(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    // runc forwards SIGHUP to the command; a command that ignores it is killed once the grace is over
    Signals.hangUp(process.pid());
    Thread.ofVirtual().name("exec-hangup").start(() -> {
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          commandPid().ifPresent(Signals::kill);
          if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (process.isAlive()) {
      commandPid().ifPresent(Signals::kill);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pty != null) {
      pty.close();
    }
    deleteQuietly(workDir);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover exec directory holds only small files and is replaced by the next
    }
  }

  private Optional<Long> commandPid() {
    try {
      return Optional.of(Long.parseLong(Files.readString(workDir.resolve("pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * runc reports a command it could not start only in words (exit 255, no PID file). As podman does, the words
   * become the shell's codes: 127 for a command that does not exist, 126 for one that cannot be run.
   */
  private Optional<Integer> startFailureCode() {
    try {
      for (String line : Files.readAllLines(workDir.resolve("runc.log"), StandardCharsets.UTF_8)) {
        JsonNode entry = JSON.readTree(line);
        String msg = entry.path("msg").asText("");
        if (!entry.path("level").asText("").equals("error")) {
          continue;
        }
        if (msg.contains("executable file not found") || msg.contains("no such file or directory")) {
          return Optional.of(127);
        }
        if (msg.contains("permission denied")) {
          return Optional.of(126);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Terminal input written by one platform thread, fed through a bounded queue. */
  private static final class TerminalInput extends OutputStream {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);

    TerminalInput(Pty pty) {
      Thread.ofPlatform().name("pty-in").daemon(true).start(() -> {
        try {
          while (true) {
            byte[] chunk = queue.take();
            if (chunk == EOF) {
              return;
            }
            pty.write(chunk, chunk.length);
          }
        } catch (InterruptedException | IOException e) {
          // the terminal is gone: input has nowhere to go
        }
      });
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        queue.put(java.util.Arrays.copyOfRange(b, off, off + len));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    /** End of input on a terminal is the EOF character (^D), as typed. */
    @Override
    public void close() throws IOException {
      write(new byte[] {4}, 0, 1);
      queue.offer(EOF);
    }
  }

  /** Terminal output, read by one platform thread (blocking native reads) into a bounded queue. */
  private static InputStream terminalOutput(Pty pty) {
    QueuedInput output = new QueuedInput();
    Thread.ofPlatform().name("pty-out").daemon(true).start(() -> {
      byte[] buf = new byte[16 * 1024];
      try {
        int n;
        while ((n = pty.read(buf)) > 0) {
          output.push(java.util.Arrays.copyOf(buf, n));
        }
      } catch (IOException e) {
        // the terminal is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        output.end();
      }
    });
    return output;
  }
}
