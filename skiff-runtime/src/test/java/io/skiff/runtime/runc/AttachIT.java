package io.skiff.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerAttachment;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.TerminalSize;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attaching to containers' main processes through conmon's attach socket and control fifo. */
@RequiresRoot
class AttachIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ECHO_LINES = "while read l; do echo got-$l; echo err-$l >&2; done; echo stdin-closed";
  private static RuntimeFixture fx;
  private static SandboxStatus pod;

  @BeforeAll
  static void setUp() throws Exception {
    fx = RuntimeFixture.start();
    pod = fx.run(fx.pod("attach"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  /** Everything a stream yields, collected on a virtual thread. */
  private static final class Collected {
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    Collected(InputStream in) {
      reader = Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[4096];
        try {
          int n;
          while ((n = in.read(buf)) >= 0) {
            text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          text.append("<").append(e.getMessage()).append(">");
        }
      });
    }

    String await(String what, String expected) {
      return Await.until(what, WAIT, text::toString, t -> t.contains(expected));
    }

    boolean ended() {
      return !reader.isAlive();
    }
  }

  private static ContainerId started(io.skiff.runtime.ContainerConfig config) {
    ContainerId id = fx.runtime.createContainer(pod.id(), config);
    fx.runtime.startContainer(id);
    return id;
  }

  private static void write(ContainerAttachment a, String text) throws IOException {
    a.stdin().write(text.getBytes(StandardCharsets.UTF_8));
    a.stdin().flush();
  }

  @Test
  void inputReachesAPipedStdinAndOutputComesBackOnItsStreamAndTheStdinOutlivesTheAttachment() throws Exception {
    ContainerId id = started(fx.shell("piped", ECHO_LINES).withStdio(false, true, false));
    try (ContainerAttachment first = fx.runtime.attachContainer(id)) {
      Collected out = new Collected(first.stdout());
      Collected err = new Collected(first.stderr());
      write(first, "a\n");
      out.await("stdout of the first line", "got-a\n");
      err.await("stderr of the first line", "err-a\n");
      first.stdin().close();
    }
    try (ContainerAttachment second = fx.runtime.attachContainer(id)) {
      Collected out = new Collected(second.stdout());
      write(second, "b\n");
      out.await("the second attachment's line", "got-b\n");
      assertThat(out.text.toString()).doesNotContain("stdin-closed");
    }
    assertThat(fx.runtime.containerStatus(id).state()).isEqualTo(ContainerState.RUNNING);
    fx.runtime.removeContainer(id);
  }

  @Test
  void withStdinOnceTheEndOfTheFirstAttachmentsInputClosesTheStdin() throws Exception {
    ContainerId id = started(fx.shell("once", ECHO_LINES).withStdio(false, true, true));
    try (ContainerAttachment a = fx.runtime.attachContainer(id)) {
      Collected out = new Collected(a.stdout());
      write(a, "a\n");
      out.await("the line", "got-a\n");
      a.stdin().close();
      out.await("the process to read the end of its input", "stdin-closed\n");
      a.awaitEnd();
      Await.until("the output to end with the process", WAIT, out::ended, e -> e);
    }
    ContainerStatus st = Await.until("the container to exit", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.EXITED);
    assertThat(st.exitCode()).isZero();
    fx.runtime.removeContainer(id);
  }

  @Test
  void aTerminalTakesInputFollowsResizesAndTheAttachmentEndsWithTheProcess() throws Exception {
    ContainerId id = started(fx.container("term", "/bin/sh").withStdio(true, true, true));
    try (ContainerAttachment a = fx.runtime.attachContainer(id)) {
      Collected out = new Collected(a.stdout());
      // as kubectl attach does: one column and one row more first, then the real size at once
      a.resize(new TerminalSize(101, 31));
      a.resize(new TerminalSize(100, 30));
      write(a, "busybox stty size; echo done-$((40+2))\n");
      out.await("stty to show 30 rows and 100 columns", "30 100");
      out.await("the shell's output", "done-42");
      a.resize(new TerminalSize(120, 40));
      write(a, "busybox stty size\n");
      out.await("stty to show the new size", "40 120");
      write(a, "exit 7\n");
      a.awaitEnd();
    }
    ContainerStatus st = Await.until("the container to exit", WAIT, () -> fx.runtime.containerStatus(id), s -> s.state() == ContainerState.EXITED);
    assertThat(st.exitCode()).isEqualTo(7);
    fx.runtime.removeContainer(id);
  }

  @Test
  void aContainerThatIsNotRunningCannotBeAttached() throws Exception {
    ContainerId id = fx.runtime.createContainer(pod.id(), fx.shell("created", "true"));
    assertThatThrownBy(() -> fx.runtime.attachContainer(id)).isInstanceOf(SkiffException.Conflict.class).hasMessageContaining("not running");
    fx.runtime.removeContainer(id);
  }
}
