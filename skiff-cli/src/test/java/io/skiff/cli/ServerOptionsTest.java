package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerOptionsTest {

  private static ServerOptions parse(String... args) {
    ServerCommand cmd = new ServerCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.server;
  }

  @Test
  void nodeCidrsComeFromTheClusterCidrByDefault() throws Exception {
    ServerOptions o = parse();
    assertThat(o.allocation()).hasValueSatisfying(ipam -> {
      assertThat(ipam.clusterCidr()).hasToString("10.42.0.0/16");
      assertThat(ipam.nodeMaskSize()).isEqualTo(24);
    });
    assertThat(parse("--cluster-cidr", "10.0.0.0/8", "--node-cidr-mask-size", "20").allocation().orElseThrow().clusterCidr())
        .hasToString("10.0.0.0/8");
  }

  @Test
  void allocationCanBeTurnedOffAsInKubeControllerManager() throws Exception {
    assertThat(parse("--allocate-node-cidrs=false").allocation()).isEmpty();
    assertThat(parse("--allocate-node-cidrs").allocation()).isPresent();
  }

  @Test
  void aBadClusterCidrIsAUsageError() {
    assertThatThrownBy(() -> parse("--cluster-cidr", "10.42.1.0/16").allocation())
        .isInstanceOfSatisfying(ServerOptions.StartFailure.class, e -> assertThat(e.code).isEqualTo(2))
        .hasMessageContaining("did you mean 10.42.0.0/16?");
    assertThatThrownBy(() -> parse("--node-cidr-mask-size", "12").allocation()).hasMessageContaining("must not be smaller");
  }
}
