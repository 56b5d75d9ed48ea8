package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.skiff.kubelet.hollow.HollowConfig;
import io.skiff.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PodDisruptionBudgets with the real kubectl, on two hollow nodes with the cluster's controllers: {@code kubectl create
 * pdb} and apply, {@code kubectl get pdb}, the disruption controller's status, the eviction handler's 429 and 500, and
 * {@code kubectl drain} waiting on a budget (until another pod becomes Ready, or until its timeout).
 */
@Tag("kubectl")
class PodDisruptionBudgetIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "default";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

  private HollowTestCluster cluster;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(Kubectl.NEWEST), Kubectl.NEWEST + " is not installed");
    cluster = HollowTestCluster.start("pdb", HollowConfig.of("pdb-", 2), c -> Controllers.startAll(c, Controllers.components()));
    client = cluster.client;
    kubectl = cluster.kubectl();
    Await.until("2 nodes", WAIT, () -> client.nodes().list().getItems().size() == 2);
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Pod pod(String name, String app, String node) {
    return pod(name, app, Map.of("kubernetes.io/hostname", node));
  }

  private Pod pod(String name, String app, Map<String, String> nodeSelector) {
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(Map.of("app", app)).endMetadata().withNewSpec()
        .withNodeSelector(nodeSelector).addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
        .endSpec().build();
    return client.pods().inNamespace(NS).resource(pod).create();
  }

  private void awaitReady(String... names) {
    for (String name : names) {
      Await.until(name + " Ready", WAIT, () -> client.pods().inNamespace(NS).withName(name).get(), p -> p != null && p.getStatus().getConditions()
          .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    }
  }

  private PodDisruptionBudget awaitBudget(String name, int healthy, int allowed) {
    return Await.until(name + " with " + healthy + " healthy and " + allowed + " allowed", WAIT,
        () -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get(),
        b -> b.getStatus() != null && b.getStatus().getObservedGeneration() != null && b.getStatus().getObservedGeneration() == 1
            && b.getStatus().getCurrentHealthy() != null && b.getStatus().getCurrentHealthy() == healthy
            && b.getStatus().getDisruptionsAllowed() == allowed);
  }

  private record Answer(int code, JsonNode body) {}

  /** POSTs a policy/v1 Eviction of the pod, as kubectl drain does. */
  private Answer evict(String pod) throws Exception {
    String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + NS + "\"},"
        + "\"deleteOptions\":{\"gracePeriodSeconds\":1}}";
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
        .uri(client.getMasterUrl() + "api/v1/namespaces/" + NS + "/pods/" + pod + "/eviction").post("application/json", body).build();
    HttpResponse<byte[]> r = client.getHttpClient().sendAsync(request, byte[].class).get(30, TimeUnit.SECONDS);
    return new Answer(r.code(), JSON.readTree(r.body()));
  }

  @Test
  void drainWaitsForTheBudgetUntilAnotherPodIsReadyAndGivesUpAtItsTimeout() throws Exception {
    pod("web-0", "web", "pdb-0");
    pod("web-1", "web", "pdb-1");
    awaitReady("web-0", "web-1");

    Kubectl.Result create = kubectl.run("create", "pdb", "web", "--selector=app=web", "--min-available=2");
    assertThat(create.out()).as(create.all()).contains("poddisruptionbudget.policy/web created");
    PodDisruptionBudget web = awaitBudget("web", 2, 0);
    assertThat(web.getStatus().getDesiredHealthy()).isEqualTo(2);
    assertThat(web.getStatus().getExpectedPods()).isEqualTo(2);
    assertThat(web.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InsufficientPods");
    });

    Kubectl.Result get = kubectl.run("get", "pdb");
    assertThat(get.out()).as(get.all()).containsPattern("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE")
        .containsPattern("web\\s+2\\s+N/A\\s+0\\s+\\d+s");

    Answer refused = evict("web-0");
    assertThat(refused.code()).isEqualTo(429);
    assertThat(refused.body().path("reason").asText()).isEqualTo("TooManyRequests");
    assertThat(refused.body().path("message").asText()).isEqualTo(REFUSED);
    assertThat(refused.body().path("details").path("causes").get(0).path("reason").asText()).isEqualTo("DisruptionBudget");
    assertThat(refused.body().path("details").path("causes").get(0).path("message").asText())
        .isEqualTo("The disruption budget web needs 2 healthy pods and has 2 currently");

    Kubectl.Result timedOut = kubectl.run("drain", "pdb-0", "--force", "--timeout=7s");
    assertThat(timedOut.code()).as(timedOut.all()).isNotZero();
    assertThat(timedOut.err()).contains("error when evicting pods/\"web-0\" -n \"default\" (will retry after 5s): " + REFUSED)
        .contains("global timeout reached");
    assertThat(client.pods().inNamespace(NS).withName("web-0").get()).as("web-0 stays").isNotNull();

    // Drain again and let a third pod become Ready once kubectl has been refused: the budget then allows one eviction.
    // The pod waits for a node labelled pool=spare, which pdb-1 becomes only then.
    pod("web-2", "web", Map.of("kubernetes.io/hostname", "pdb-1", "pool", "spare"));
    PodDisruptionBudget three = Await.until("web expecting 3 pods", WAIT,
        () -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get(), b -> b.getStatus().getExpectedPods() == 3);
    assertThat(three.getStatus().getCurrentHealthy()).isEqualTo(2);
    assertThat(three.getStatus().getDisruptionsAllowed()).isZero();
    Process drain = kubectl.start("drain", "pdb-0", "--force", "--grace-period=1", "--timeout=60s");
    drain.getOutputStream().close();
    CountDownLatch refusedOnce = new CountDownLatch(1);
    StringBuffer err = new StringBuffer();
    Thread errReader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(drain.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          err.append(line).append('\n');
          if (line.contains("will retry after 5s): " + REFUSED)) {
            refusedOnce.countDown();
          }
        }
      } catch (java.io.IOException e) {
        refusedOnce.countDown();
      }
    });
    // Read on a thread of its own: blocking the common ForkJoinPool would stall every fabric8 client in this JVM.
    CompletableFuture<String> out = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        out.complete(new String(drain.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        out.completeExceptionally(e);
      }
    });
    assertThat(refusedOnce.await(30, TimeUnit.SECONDS)).as("kubectl drain refused once: %s", err).isTrue();
    client.nodes().withName("pdb-1").edit(n -> {
      n.getMetadata().getLabels().put("pool", "spare");
      return n;
    });
    assertThat(drain.waitFor(50, TimeUnit.SECONDS)).as("kubectl drain finished").isTrue();
    errReader.join();
    assertThat(drain.exitValue()).as(out.get() + err).isZero();
    assertThat(out.get()).contains("pod/web-0 evicted", "node/pdb-0 drained");
    Await.until("web-0 gone", WAIT, () -> client.pods().inNamespace(NS).withName("web-0").get() == null);
    awaitBudget("web", 2, 0);
  }

  @Test
  void budgetsAreValidatedChargedOnceAndCountUnmanagedPodsAsKubernetesDoes() throws Exception {
    Kubectl.Result both = kubectl.withInput("""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: both}
        spec:
          minAvailable: 150%
          maxUnavailable: 1
          selector: {matchLabels: {app: api}}
          unhealthyPodEvictionPolicy: Sometimes
        """, "apply", "-f", "-");
    assertThat(both.code()).isNotZero();
    assertThat(both.err()).contains("The PodDisruptionBudget \"both\" is invalid:", "minAvailable and maxUnavailable cannot be both set",
        "spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%",
        "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"");

    pod("api-0", "api", "pdb-0");
    pod("api-1", "api", "pdb-1");
    awaitReady("api-0", "api-1");
    Kubectl.Result apply = kubectl.withInput("""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: api}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app: api}}
        """, "apply", "-f", "-");
    assertThat(apply.out()).as(apply.all()).contains("poddisruptionbudget.policy/api created");
    awaitBudget("api", 2, 1);
    assertThat(kubectl.run("get", "pdb", "api").out()).containsPattern("api\\s+1\\s+N/A\\s+1\\s+");

    assertThat(evict("api-0").code()).isEqualTo(201);
    PodDisruptionBudget charged = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("api").get();
    assertThat(charged.getStatus().getDisruptionsAllowed()).as("the budget charged by the eviction").isZero();
    Answer second = evict("api-1");
    assertThat(second.code()).isEqualTo(429);
    assertThat(second.body().path("message").asText()).isEqualTo(REFUSED);
    Await.until("api-0 gone", WAIT, () -> client.pods().inNamespace(NS).withName("api-0").get() == null);
    assertThat(awaitBudget("api", 1, 0).getStatus().getDisruptedPods()).as("api-0 no longer recorded").isNullOrEmpty();

    kubectl.run("create", "pdb", "api-too", "--selector=app=api", "--max-unavailable=1");
    Answer two = evict("api-1");
    assertThat(two.code()).isEqualTo(500);
    assertThat(two.body().path("message").asText())
        .isEqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    // maxUnavailable needs the scale of the pods' controllers: bare pods count for nothing, as in Kubernetes.
    PodDisruptionBudget unmanaged = awaitBudget("api-too", 1, 0);
    assertThat(unmanaged.getStatus().getExpectedPods()).isZero();
    Await.until("the UnmanagedPods warning", WAIT, () -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "UnmanagedPods".equals(e.getReason()) && "api-too".equals(e.getInvolvedObject().getName())
            && e.getMessage().startsWith("Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: api,}")));

    Pod owned = new PodBuilder().withNewMetadata().withName("owned").withNamespace(NS).withLabels(Map.of("app", "owned"))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs").withUid("4f1c2d3e-0000-4000-8000-000000000001")
        .withController(true).endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("app").withImage("busybox:1.36")
        .endContainer().endSpec().build();
    client.pods().inNamespace(NS).resource(owned).create();
    kubectl.run("create", "pdb", "owned", "--selector=app=owned", "--min-available=50%");
    Condition failed = Await.until("the SyncFailed condition", WAIT,
        () -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("owned").get(),
        b -> b.getStatus() != null && b.getStatus().getConditions() != null && !b.getStatus().getConditions().isEmpty()).getStatus()
        .getConditions().get(0);
    assertThat(failed.getReason()).isEqualTo("SyncFailed");
    assertThat(failed.getStatus()).isEqualTo("False");
    assertThat(failed.getMessage()).isEqualTo("found no controllers for pod \"owned\"");
    Await.until("the CalculateExpectedPodCountFailed warning", WAIT, () -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "CalculateExpectedPodCountFailed".equals(e.getReason())
            && "Failed to calculate the number of expected pods: found no controllers for pod \"owned\"".equals(e.getMessage())));
  }
}
