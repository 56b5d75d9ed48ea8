package io.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The foundation's kubectl flows with the real kubectl (the newest through the dispatcher, and 1.30): the seed's
 * manifests applied, listed, shown with their defaults, patched, watched and deleted, and the bad ones refused as a
 * real cluster refuses them. On the embedded store; {@link EtcdKubectlFlowsIT} runs them on etcd.
 */
@Tag("kubectl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlFlowsIT {
  private static final Path SEED = Path.of(System.getProperty("skiff.seed", "src/test/resources/seed"));

  private Path dataDir;
  private ControlPlane plane;

  @BeforeAll
  void startCluster() throws Exception {
    dataDir = Files.createTempDirectory("skiff-kubectl-it");
    plane = ControlPlane.start(new ControlPlane.Config(dataDir, "127.0.0.1", 0, startDatastore(), java.util.Optional.empty()));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (plane != null) {
      plane.close();
    }
    stopDatastore();
    TestFiles.deleteTree(dataDir);
  }

  /** The store the flows run on: the embedded one here; {@link EtcdKubectlFlowsIT} runs the same flows on etcd. */
  Datastore startDatastore() {
    return Datastore.embedded();
  }

  void stopDatastore() {}

  private Kubectl kubectl(String binary) throws Exception {
    Assumptions.assumeTrue(Kubectl.available(binary), binary + " is not installed");
    return new Kubectl(binary, plane.kubeconfig(), Files.createTempDirectory(dataDir, "kubectl-cache"));
  }

  private static Path seed(String name) {
    Path p = SEED.resolve(name);
    Assumptions.assumeTrue(Files.exists(p), "seed manifest " + p + " not found");
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void seedPodIsAppliedListedShownPatchedAndDeleted(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    String ns = "flow-" + (binary.endsWith("1.30") ? "130" : "new");
    assertThat(k.run("create", "namespace", ns).out()).contains("namespace/" + ns + " created");

    Kubectl.Result applied = k.run("apply", "-n", ns, "-f", seed("init.yaml").toString());
    assertThat(applied.code()).as(applied.all()).isZero();
    assertThat(applied.out()).contains("pod/init-pod created");

    Kubectl.Result list = k.run("get", "pods", "-n", ns);
    assertThat(list.code()).as(list.all()).isZero();
    assertThat(list.out()).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
    assertThat(list.out()).containsPattern("init-pod\\s+0/1\\s+Init:0/2\\s+0\\s+\\d+s|init-pod\\s+0/1\\s+Pending\\s+0\\s+\\d+s");

    Kubectl.Result one = k.run("get", "pod", "init-pod", "-n", ns);
    assertThat(one.code()).as(one.all()).isZero();
    assertThat(one.out()).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE").contains("init-pod");
    assertThat(k.run("get", "pod", "init-pod", "-n", ns, "-o", "wide").out()).containsPattern("IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES");

    Kubectl.Result yaml = k.run("get", "pod", "init-pod", "-n", ns, "-o", "yaml");
    assertThat(yaml.out()).contains("imagePullPolicy: IfNotPresent").contains("restartPolicy: Always")
        .contains("terminationMessagePath: /dev/termination-log").contains("schedulerName: default-scheduler")
        .contains("terminationGracePeriodSeconds: 30").contains("dnsPolicy: ClusterFirst");

    String relabelled = Files.readString(seed("init.yaml")).replace("app: test1", "app: test2");
    Kubectl.Result reapplied = k.withInput(relabelled, "apply", "-n", ns, "-f", "-");
    assertThat(reapplied.code()).as(reapplied.all()).isZero();
    assertThat(reapplied.out()).contains("pod/init-pod configured");
    assertThat(k.run("get", "pod", "init-pod", "-n", ns, "-o", "jsonpath={.metadata.labels.app}").out()).isEqualTo("test2");
    assertThat(k.withInput(relabelled, "apply", "-n", ns, "-f", "-").out()).contains("pod/init-pod unchanged");

    Kubectl.Result deleted = k.run("delete", "pod", "init-pod", "-n", ns);
    assertThat(deleted.code()).as(deleted.all()).isZero();
    assertThat(deleted.out()).contains("pod \"init-pod\" deleted");
    assertThat(k.run("get", "pod", "init-pod", "-n", ns).err()).contains("pods \"init-pod\" not found");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void untaggedImageDefaultsToPullAlways(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    String manifest = Files.readString(seed("init-volume-as-written.yaml")).replace("matadata:", "metadata:")
        .replace("name: init-pod", "name: untagged-" + (binary.endsWith("1.30") ? "130" : "new"));
    Kubectl.Result applied = k.withInput(manifest, "apply", "-f", "-");
    assertThat(applied.code()).as(applied.all()).isZero();
    String name = "untagged-" + (binary.endsWith("1.30") ? "130" : "new");
    assertThat(k.run("get", "pod", name, "-o", "jsonpath={.spec.initContainers[*].imagePullPolicy} {.spec.containers[*].imagePullPolicy}").out())
        .isEqualTo("Always Always Always");
    k.run("delete", "pod", name);
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void misspelledMetadataIsRefusedNamingTheField(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    // kubectl apply stops on the missing name before it sends anything (as against any cluster); create sends it.
    Kubectl.Result r = k.run("create", "-f", seed("init-volume-as-written.yaml").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"matadata\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void invalidPodIsRefusedWithEveryCause(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: invalid-pod
        spec:
          containers:
          - name: app
            image: busybox:1.36
            volumeMounts:
            - name: data
              mountPath: /data
          - name: app
            image: busybox:1.36
        """;
    Kubectl.Result r = k.withInput(pod, "create", "-f", "-");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("The Pod \"invalid-pod\" is invalid")
        .contains("spec.containers[1].name: Duplicate value: \"app\"")
        .contains("spec.containers[0].volumeMounts[0].name: Not found: \"data\"");
    assertThat(k.run("get", "pod", "invalid-pod").err()).contains("not found");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void ordinaryWritesOwnTheirFieldsSoAServerSideApplyConflicts(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    String ns = "managed-" + (binary.equals(Kubectl.NEWEST) ? "newest" : "v130");
    k.run("create", "namespace", ns);
    String configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          key: created
        """;
    assertThat(k.withInput(configMap, "create", "-n", ns, "-f", "-").code()).isZero();
    Kubectl.Result shown = k.run("get", "configmap", "settings", "-n", ns, "-o", "yaml", "--show-managed-fields");
    assertThat(shown.out()).contains("manager: kubectl-create").contains("operation: Update").contains("f:key: {}");

    Kubectl.Result applied = k.withInput(configMap.replace("key: created", "key: applied"), "apply", "--server-side", "-n", ns, "-f", "-");
    assertThat(applied.code()).isNotZero();
    assertThat(applied.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl-create\"").contains(".data.key");

    Kubectl.Result forced = k.withInput(configMap.replace("key: created", "key: applied"), "apply", "--server-side", "--force-conflicts",
        "-n", ns, "-f", "-");
    assertThat(forced.code()).isZero();
    Kubectl.Result after = k.run("get", "configmap", "settings", "-n", ns, "-o", "yaml", "--show-managed-fields");
    assertThat(after.out()).contains("key: applied").contains("manager: kubectl").contains("operation: Apply");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST, Kubectl.V1_30})
  void getPodsWatchStreamsChanges(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    String ns = "watch-" + (binary.endsWith("1.30") ? "130" : "new");
    k.run("create", "namespace", ns);
    Process watch = k.start("get", "pods", "-w", "-n", ns);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the watch was stopped
      }
    });
    try {
      Kubectl.Result created = k.run("run", "watched", "-n", ns, "--image=busybox:1.36", "--restart=Never", "--", "sleep", "3600");
      assertThat(created.code()).as(created.all()).isZero();
      Await.until("the watch to show the new pod", Duration.ofSeconds(20), () -> lines.stream().anyMatch(l -> l.startsWith("watched")));
      k.run("label", "pod", "watched", "-n", ns, "tier=web");
      k.run("delete", "pod", "watched", "-n", ns, "--wait=false");
      Await.until("the watch to show the change and the deletion", Duration.ofSeconds(20),
          () -> lines.stream().filter(l -> l.startsWith("watched")).count() >= 2);
      assertThat(lines.get(0)).containsPattern("NAME\\s+READY\\s+STATUS");
    } finally {
      watch.destroy();
      reader.join(5000);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST})
  void deletingANamespaceRemovesItsContents(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    k.run("create", "namespace", "doomed");
    k.run("create", "configmap", "settings", "-n", "doomed", "--from-literal=a=b");
    k.run("run", "p", "-n", "doomed", "--image=busybox:1.36", "--restart=Never");
    Kubectl.Result deleted = k.run("delete", "namespace", "doomed");
    assertThat(deleted.code()).as(deleted.all()).isZero();
    assertThat(k.run("get", "namespace", "doomed").err()).contains("namespaces \"doomed\" not found");
    assertThat(k.run("get", "configmaps", "-n", "doomed").all()).doesNotContain("settings");
    assertThat(k.run("delete", "namespace", "default").err()).contains("this namespace may not be deleted");
  }

  @ParameterizedTest
  @ValueSource(strings = {Kubectl.NEWEST})
  void explainDescribesPodFields(String binary) throws Exception {
    Kubectl k = kubectl(binary);
    Kubectl.Result r = k.run("explain", "pod.spec.initContainers");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("KIND:").contains("Pod").contains("FIELD:").contains("initContainers");
  }
}
