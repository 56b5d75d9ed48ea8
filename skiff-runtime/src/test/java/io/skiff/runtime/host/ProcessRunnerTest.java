package io.skiff.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
  private final ProcessRunner runner = new ProcessRunner();

  @Test
  void collectsExitCodeStdoutAndStderrAndFeedsStdin() {
    CommandResult r = runner.run(new CommandLine(List.of("/bin/sh", "-c", "cat; echo \"$X\"; echo oops >&2; exit 5"), Map.of("X", "env"),
        "in\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10), null));
    assertThat(r.exitCode()).isEqualTo(5);
    assertThat(r.stdoutText()).isEqualTo("in\nenv\n");
    assertThat(r.stderr()).isEqualTo("oops\n");
    assertThatThrownBy(r::orThrow).isInstanceOf(SkiffException.Internal.class).hasMessageContaining("exited 5: oops");
  }

  @Test
  void aProgramOutlivingItsTimeoutIsKilledWithItsChildren() {
    assertThatThrownBy(() -> runner.run(CommandLine.of(Duration.ofMillis(200), "/bin/sh", "-c", "sleep 30 & wait")))
        .isInstanceOf(SkiffException.Timeout.class);
  }

  @Test
  void aMissingProgramIsUnavailable() {
    assertThatThrownBy(() -> runner.run(CommandLine.of(Duration.ofSeconds(1), "/nonexistent/prog"))).isInstanceOf(SkiffException.Unavailable.class);
  }
}
