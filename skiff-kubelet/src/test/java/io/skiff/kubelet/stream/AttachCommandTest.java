package io.skiff.kubelet.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

/** When the end of a client's input ends an attach session: CRI-O's rule. */
class AttachCommandTest {

  private static Container spec(Boolean stdin, Boolean stdinOnce, Boolean tty) {
    return new ContainerBuilder().withName("c").withStdin(stdin).withStdinOnce(stdinOnce).withTty(tty).build();
  }

  @Test
  void aStdinKeptOpenBetweenAttachmentsEndsTheSessionWithTheInput() {
    assertThat(AttachCommand.endsWithInput(spec(true, false, false))).isTrue();
    assertThat(AttachCommand.endsWithInput(spec(true, null, null))).isTrue();
  }

  @Test
  void stdinOnceATerminalOrNoStdinWaitForTheOutputToEnd() {
    assertThat(AttachCommand.endsWithInput(spec(true, true, false))).isFalse();
    assertThat(AttachCommand.endsWithInput(spec(true, false, true))).isFalse();
    assertThat(AttachCommand.endsWithInput(spec(false, false, false))).isFalse();
    assertThat(AttachCommand.endsWithInput(null)).isFalse();
  }
}
