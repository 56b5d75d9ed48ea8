package io.skiff.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerCommandTest {
  record Row(String description, List<String> command, List<String> args, List<String> entrypoint, List<String> cmd, List<String> argv) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Row> rows() {
    List<String> ep = List.of("/docker-entrypoint.sh");
    List<String> cmd = List.of("nginx", "-g", "daemon off;");
    return Stream.of(
        new Row("neither: the image's entrypoint and cmd", List.of(), List.of(), ep, cmd, List.of("/docker-entrypoint.sh", "nginx", "-g", "daemon off;")),
        new Row("command replaces the entrypoint and drops the cmd", List.of("sleep"), List.of(), ep, cmd, List.of("sleep")),
        new Row("command and args", List.of("sleep"), List.of("10"), ep, cmd, List.of("sleep", "10")),
        new Row("args alone replace the cmd", List.of(), List.of("-v"), ep, cmd, List.of("/docker-entrypoint.sh", "-v")),
        new Row("no entrypoint: the cmd alone", List.of(), List.of(), List.of(), cmd, cmd),
        new Row("no entrypoint and args: the args alone", List.of(), List.of("echo", "hi"), List.of(), cmd, List.of("echo", "hi")),
        new Row("an entrypoint of one empty string counts as none", List.of(), List.of(), List.of(""), List.of("sh"), List.of("sh")),
        new Row("$(VAR) in command and args is expanded", List.of("echo", "$(GREETING)"), List.of("$(NAME)", "$$(NAME)", "$(NOPE)"), ep, cmd,
            List.of("echo", "hello", "world", "$(NAME)", "$(NOPE)")),
        new Row("nothing anywhere is empty", List.of(), List.of(), List.of(), List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void combinesLikeKubernetesAndTheRuntime(Row row) {
    assertThat(ContainerCommand.argv(row.command(), row.args(), row.entrypoint(), row.cmd(), Map.of("GREETING", "hello", "NAME", "world")))
        .isEqualTo(row.argv());
  }
}
