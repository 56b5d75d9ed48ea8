package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.SandboxStatus;
import io.skiff.testing.Await;
import io.skiff.testing.RequiresRoot;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node agent restarting while pods run: the new agent adopts the running containers (same ids, no second copy,
 * statuses unchanged), keeps managing them (a crashed container is restarted), and removes what belongs to a pod that
 * was deleted while no agent ran.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodRestartIT {
  private PodFixturesIT.Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new PodFixturesIT.Cluster();
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Pod sleeper(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withTerminationGracePeriodSeconds(1L)
        .addNewInitContainer().withName("prepare").withImage("centos:7").withCommand("/bin/sh", "-c", "echo prepared").endInitContainer()
        .addNewContainer().withName("app").withImage("centos:7").withCommand("/bin/sh", "-c", "echo started; exec sleep 3600").endContainer()
        .endSpec().build();
  }

  private Pod running(String name) {
    return cluster.awaitPod(name + " to run", name, p -> "Running".equals(p.getStatus().getPhase())
        && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null);
  }

  @Test
  void aRestartedAgentAdoptsRunningContainersWithoutStartingSecondCopies() {
    cluster.client.pods().inNamespace("default").resource(sleeper("keeper")).create();
    cluster.client.pods().inNamespace("default").resource(sleeper("crashy")).create();
    Pod keeper = running("keeper");
    Pod crashy = running("crashy");
    ContainerStatus before = keeper.getStatus().getContainerStatuses().get(0);
    String keeperUid = keeper.getMetadata().getUid();
    List<SandboxStatus> sandboxesBefore = cluster.sandboxes(keeperUid);

    cluster.restartAgent();

    String crashyId = crashy.getStatus().getContainerStatuses().get(0).getContainerID().substring("runc://".length());
    io.skiff.runtime.ContainerStatus crashyRuntime = cluster.runtime.containerStatus(new io.skiff.runtime.ContainerId(crashyId));
    ProcessHandle.of(crashyRuntime.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Pod restarted = cluster.awaitPod("the new agent to restart the killed container", "crashy",
        p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1
            && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null);
    assertThat(restarted.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode()).isEqualTo(137);

    Pod after = cluster.pod("keeper");
    ContainerStatus now = after.getStatus().getContainerStatuses().get(0);
    assertThat(now.getContainerID()).isEqualTo(before.getContainerID());
    assertThat(now.getRestartCount()).isZero();
    assertThat(now.getState().getRunning().getStartedAt()).isEqualTo(before.getState().getRunning().getStartedAt());
    assertThat(after.getStatus().getPhase()).isEqualTo("Running");
    assertThat(after.getStatus().getInitContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    List<SandboxStatus> sandboxesAfter = cluster.sandboxes(keeperUid);
    assertThat(sandboxesAfter).extracting(SandboxStatus::id).containsExactlyElementsOf(sandboxesBefore.stream().map(SandboxStatus::id).toList());
    assertThat(sandboxesAfter.get(0).pausePid()).isEqualTo(sandboxesBefore.get(0).pausePid());
    List<io.skiff.runtime.ContainerStatus> apps = cluster.runtime.listContainers(ContainerFilter.inSandbox(sandboxesAfter.get(0).id())).stream()
        .filter(c -> c.name().equals("app")).toList();
    assertThat(apps).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    assertThat(cluster.logRoot.resolve("default_keeper_" + keeperUid).resolve("app").resolve("0.log"))
        .content().containsOnlyOnce("started");
  }

  @Test
  void aPodDeletedWhileTheAgentIsDownIsRemovedFromTheHostWhenItReturns() throws Exception {
    cluster.client.pods().inNamespace("default").resource(sleeper("orphan")).create();
    String uid = running("orphan").getMetadata().getUid();
    cluster.agent.close();
    cluster.client.pods().inNamespace("default").withName("orphan").withGracePeriod(0).delete();
    Await.until("the orphan to be gone from the API", PodFixturesIT.WAIT, () -> cluster.pod("orphan") == null);
    assertThat(cluster.sandboxes(uid)).isNotEmpty();

    cluster.runtime = cluster.openRuntime();
    cluster.agent = cluster.startAgent();
    Await.until("the orphan's leftovers to be removed", PodFixturesIT.WAIT, () -> {
      try {
        return cluster.leftovers(uid).isEmpty();
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }
}
