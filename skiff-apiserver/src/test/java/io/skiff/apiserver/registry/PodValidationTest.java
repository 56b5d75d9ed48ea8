package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodValidationTest {

  private static final PodStrategy STRATEGY = new PodStrategy();
  private static final String LABEL_MSG = NameRulesTest.LABEL_MSG;
  private static final String SUBDOMAIN_MSG = NameRulesTest.SUBDOMAIN_MSG;
  private static final String NOT_FOR_INIT = "Forbidden: may not be set for init containers without restartPolicy=Always";

  /** A valid, defaulted pod: one emptyDir volume mounted by one app container with a port. */
  static Pod validPod() {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName("init-pod").withNamespace("default").addToLabels("app", "test1").endMetadata()
        .withNewSpec()
          .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
          .addNewContainer().withName("app").withImage("nginx:1.27")
            .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
            .addNewPort().withContainerPort(80).endPort()
          .endContainer()
        .endSpec().build();
    STRATEGY.prepareForCreate(pod);
    return pod;
  }

  static Container app(Pod p) {
    return p.getSpec().getContainers().get(0);
  }

  static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage("busybox:1.36").withImagePullPolicy("IfNotPresent")
        .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File").build();
  }

  record Case(String name, Consumer<Pod> change, List<String> errors) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, Consumer<Pod> change, String... errors) {
    return new Case(name, change, List.of(errors));
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("valid pod", p -> { }),
        // metadata
        c("no name", p -> p.getMetadata().setName(null), "metadata.name: Required value: name or generateName is required"),
        c("generateName only", p -> { p.getMetadata().setName(null); p.getMetadata().setGenerateName("web-"); }),
        c("bad generateName", p -> { p.getMetadata().setName(null); p.getMetadata().setGenerateName("Web-"); },
            "metadata.generateName: Invalid value: \"Web-\": " + SUBDOMAIN_MSG),
        c("name not a subdomain", p -> p.getMetadata().setName("Init_Pod"), "metadata.name: Invalid value: \"Init_Pod\": " + SUBDOMAIN_MSG),
        c("name with dots", p -> p.getMetadata().setName("init.pod")),
        c("no namespace", p -> p.getMetadata().setNamespace(null), "metadata.namespace: Required value"),
        c("bad label value", p -> p.getMetadata().setLabels(Map.of("app", "a b")),
            "metadata.labels: Invalid value: \"a b\": " + NameRulesTest.LABEL_VALUE_MSG),
        c("bad label key", p -> p.getMetadata().setLabels(Map.of("app_", "x")),
            "metadata.labels: Invalid value: \"app_\": " + NameRulesTest.QUALIFIED_NAME_PART),
        c("annotations too large", p -> p.getMetadata().setAnnotations(Map.of("big", "x".repeat(262142))),
            "metadata.annotations: Too long: may not be more than 262144 bytes"),
        c("bare finalizer", p -> p.getMetadata().setFinalizers(List.of("mine")),
            "metadata.finalizers[0]: Invalid value: \"mine\": name is neither a standard finalizer name nor is it fully qualified"),
        // spec
        c("no grace period", p -> p.getSpec().setTerminationGracePeriodSeconds(null), "spec.terminationGracePeriodSeconds: Required value"),
        c("no containers", p -> p.getSpec().setContainers(List.of()), "spec.containers: Required value"),
        c("container without name", p -> app(p).setName(null), "spec.containers[0].name: Required value"),
        c("container name not a label", p -> app(p).setName("App.1"), "spec.containers[0].name: Invalid value: \"App.1\": " + LABEL_MSG),
        c("container without image", p -> app(p).setImage(""), "spec.containers[0].image: Required value"),
        c("image with spaces", p -> app(p).setImage(" nginx "),
            "spec.containers[0].image: Invalid value: \" nginx \": must not have leading or trailing whitespace"),
        c("duplicate app containers", p -> p.getSpec().getContainers().add(container("app")),
            "spec.containers[1].name: Duplicate value: \"app\""),
        c("duplicate init containers", p -> p.getSpec().setInitContainers(new ArrayList<>(List.of(container("centos1"), container("centos1")))),
            "spec.initContainers[1].name: Duplicate value: \"centos1\""),
        c("init container named like an app container", p -> p.getSpec().setInitContainers(new ArrayList<>(List.of(container("app")))),
            "spec.initContainers[0].name: Duplicate value: \"app\""),
        c("mount of an undeclared volume", p -> app(p).getVolumeMounts().get(0).setName("foo"),
            "spec.containers[0].volumeMounts[0].name: Not found: \"foo\""),
        c("mount without path", p -> app(p).getVolumeMounts().get(0).setMountPath(""),
            "spec.containers[0].volumeMounts[0].mountPath: Required value"),
        c("mount path twice", p -> app(p).getVolumeMounts().add(new VolumeMount("/data", null, "data", null, null, null, null)),
            "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"),
        c("absolute subPath", p -> app(p).getVolumeMounts().get(0).setSubPath("/etc"),
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"/etc\": must be a relative path"),
        c("subPath climbing out", p -> app(p).getVolumeMounts().get(0).setSubPath("a/../../b"),
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"a/../../b\": must not contain '..'"),
        c("subPath and subPathExpr", p -> { app(p).getVolumeMounts().get(0).setSubPath("a"); app(p).getVolumeMounts().get(0).setSubPathExpr("b"); },
            "spec.containers[0].volumeMounts[0].subPathExpr: Invalid value: \"b\": subPathExpr and subPath are mutually exclusive"),
        c("unsupported restart policy", p -> p.getSpec().setRestartPolicy("Sometimes"),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        c("unsupported pull policy", p -> app(p).setImagePullPolicy("Maybe"),
            "spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
        c("unsupported DNS policy", p -> p.getSpec().setDnsPolicy("Google"), "spec.dnsPolicy: Unsupported value: \"Google\": supported values: "
            + "\"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\""),
        c("DNS policy None without config", p -> p.getSpec().setDnsPolicy("None"),
            "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"),
        c("unsupported termination message policy", p -> app(p).setTerminationMessagePolicy("Bogus"),
            "spec.containers[0].terminationMessagePolicy: Unsupported value: \"Bogus\": supported values: \"File\", \"FallbackToLogsOnError\""),
        c("port zero", p -> app(p).getPorts().get(0).setContainerPort(0), "spec.containers[0].ports[0].containerPort: Required value"),
        c("port out of range", p -> app(p).getPorts().get(0).setContainerPort(70000),
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        c("host port out of range", p -> app(p).getPorts().get(0).setHostPort(-1),
            "spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"),
        c("unsupported protocol", p -> app(p).getPorts().get(0).setProtocol("ICMP"),
            "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        c("bad port name", p -> app(p).getPorts().get(0).setName("web_port"),
            "spec.containers[0].ports[0].name: Invalid value: \"web_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        c("duplicate port name", p -> {
          app(p).getPorts().get(0).setName("web");
          app(p).getPorts().add(new ContainerPort(81, null, null, "web", "TCP"));
        }, "spec.containers[0].ports[1].name: Duplicate value: \"web\""),
        c("host port used twice", p -> {
          app(p).getPorts().get(0).setHostPort(8080);
          Container other = container("other");
          other.setPorts(List.of(new ContainerPort(81, null, 8080, null, "TCP")));
          p.getSpec().getContainers().add(other);
        }, "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""),
        c("env name with '='", p -> app(p).setEnv(List.of(new EnvVar("A=B", "1", null))),
            "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII "
                + "characters other than '='"),
        c("env without name", p -> app(p).setEnv(List.of(new EnvVar("", "1", null))),
            "spec.containers[0].env[0].name: Required value",
            "spec.containers[0].env[0].name: Invalid value: \"\": environment variable name must be non-empty"),
        c("env with value and valueFrom", p -> app(p).setEnv(List.of(new EnvVar("A", "1", new EnvVarSource(null,
            new io.fabric8.kubernetes.api.model.ObjectFieldSelector("v1", "metadata.name"), null, null, null)))),
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"),
        c("env with empty valueFrom", p -> app(p).setEnv(List.of(new EnvVar("A", null, new EnvVarSource()))),
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, "
                + "`configMapKeyRef` or `secretKeyRef`"),
        c("env from an unsupported field", p -> app(p).setEnv(List.of(new EnvVar("A", null, new EnvVarSource(null,
            new io.fabric8.kubernetes.api.model.ObjectFieldSelector("v1", "spec.restartPolicy"), null, null, null)))),
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.restartPolicy\": supported values: "
                + "\"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", "
                + "\"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""),
        c("volume with two sources", p -> p.getSpec().getVolumes().get(0).setHostPath(new HostPathVolumeSource("/tmp", "")),
            "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        c("volume without source", p -> p.getSpec().getVolumes().get(0).setEmptyDir(null),
            "spec.volumes[0]: Required value: must specify a volume type",
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        c("volume name not a label", p -> p.getSpec().getVolumes().get(0).setName("Data"),
            "spec.volumes[0].name: Invalid value: \"Data\": " + LABEL_MSG,
            "spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        c("duplicate volume names", p -> p.getSpec().getVolumes().add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build()),
            "spec.volumes[1].name: Duplicate value: \"data\""),
        c("secret volume without secret name", p -> p.getSpec().getVolumes().add(secretVolume(new SecretVolumeSource(420, null, null, null))),
            "spec.volumes[1].secret.secretName: Required value"),
        c("secret volume with a bad mode", p -> p.getSpec().getVolumes().add(secretVolume(new SecretVolumeSource(01000, null, null, "s"))),
            "spec.volumes[1].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive"),
        c("unsupported host path type", p -> p.getSpec().getVolumes().add(new VolumeBuilder().withName("h")
            .withHostPath(new HostPathVolumeSource("/tmp", "Dir")).build()),
            "spec.volumes[1].hostPath.type: Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", "
                + "\"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""),
        c("regular init container with a liveness probe", p -> {
          Container init = container("init");
          init.setLivenessProbe(execProbe());
          p.getSpec().setInitContainers(new ArrayList<>(List.of(init)));
        }, "spec.initContainers[0].livenessProbe: " + NOT_FOR_INIT),
        c("regular init container with a lifecycle", p -> {
          Container init = container("init");
          init.setLifecycle(new io.fabric8.kubernetes.api.model.Lifecycle());
          p.getSpec().setInitContainers(new ArrayList<>(List.of(init)));
        }, "spec.initContainers[0].lifecycle: " + NOT_FOR_INIT),
        c("sidecar with a liveness probe", p -> {
          Container sidecar = container("sidecar");
          sidecar.setRestartPolicy("Always");
          sidecar.setLivenessProbe(execProbe());
          p.getSpec().setInitContainers(new ArrayList<>(List.of(sidecar)));
        }),
        c("init container restart policy other than Always", p -> {
          Container init = container("init");
          init.setRestartPolicy("OnFailure");
          p.getSpec().setInitContainers(new ArrayList<>(List.of(init)));
        }, "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""),
        c("restart policy on an app container", p -> app(p).setRestartPolicy("Always"),
            "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"),
        c("liveness success threshold above one", p -> {
          Probe probe = execProbe();
          probe.setSuccessThreshold(2);
          app(p).setLivenessProbe(probe);
        }, "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"),
        c("probe without handler", p -> app(p).setReadinessProbe(new ProbeBuilder().withPeriodSeconds(10).build()),
            "spec.containers[0].readinessProbe: Required value: must specify a handler type"),
        c("probe with two handlers", p -> {
          Probe probe = execProbe();
          probe.setTcpSocket(new TCPSocketAction(null, new IntOrString(80)));
          app(p).setReadinessProbe(probe);
        }, "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"),
        c("negative probe period", p -> {
          Probe probe = execProbe();
          probe.setPeriodSeconds(-1);
          app(p).setReadinessProbe(probe);
        }, "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0"),
        c("request above limit", p -> {
          app(p).getResources().setLimits(Map.of("cpu", new Quantity("1")));
          app(p).getResources().setRequests(Map.of("cpu", new Quantity("2")));
        }, "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"),
        c("unknown resource", p -> app(p).getResources().setLimits(Map.of("gpu", new Quantity("1"))),
            "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"),
        c("negative resource", p -> app(p).getResources().setRequests(Map.of("memory", new Quantity("-1Gi"))),
            "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0"),
        c("zero active deadline", p -> p.getSpec().setActiveDeadlineSeconds(0L),
            "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
        c("node name not a subdomain", p -> p.getSpec().setNodeName("Node_1"), "spec.nodeName: Invalid value: \"Node_1\": " + SUBDOMAIN_MSG),
        c("service account not a subdomain", p -> p.getSpec().setServiceAccountName("Robot!"),
            "spec.serviceAccountName: Invalid value: \"Robot!\": " + SUBDOMAIN_MSG),
        c("hostname not a label", p -> p.getSpec().setHostname("a.b"), "spec.hostname: Invalid value: \"a.b\": " + LABEL_MSG),
        c("node selector with a bad value", p -> p.getSpec().setNodeSelector(Map.of("disk", "s s d")),
            "spec.nodeSelector: Invalid value: \"s s d\": " + NameRulesTest.LABEL_VALUE_MSG),
        c("toleration without key must be Exists", p -> p.getSpec().getTolerations().add(new Toleration("NoSchedule", "", "Equal", null, "")),
            "spec.tolerations[2].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all "
                + "values and all keys\""),
        c("toleration seconds need NoExecute", p -> p.getSpec().getTolerations().add(new Toleration("NoSchedule", "k", "Exists", 5L, null)),
            "spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
        c("unsupported toleration effect", p -> p.getSpec().getTolerations().add(new Toleration("Sometimes", "k", "Exists", null, null)),
            "spec.tolerations[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
        c("ephemeral containers on create", p -> p.getSpec().setEphemeralContainers(List.of(new io.fabric8.kubernetes.api.model.EphemeralContainer())),
            "spec.ephemeralContainers: Forbidden: cannot be set on create"),
        c("node name with scheduling gates", p -> {
          p.getSpec().setNodeName("n1");
          p.getSpec().setSchedulingGates(List.of(new io.fabric8.kubernetes.api.model.PodSchedulingGate("example.com/gate")));
        }, "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void validatesAsKubernetes(Case c) {
    Pod pod = validPod();
    c.change().accept(pod);
    assertThat(STRATEGY.validate(pod)).extracting(FieldError::toString).containsExactlyElementsOf(c.errors());
  }

  @Test
  void twoContainersWithOneNameAndAMissingVolumeGiveBothCausesInKubernetesOrder() {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName("bad").withNamespace("default").endMetadata()
        .withNewSpec()
          .addNewContainer().withName("a").withImage("nginx").addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
          .endContainer()
          .addNewContainer().withName("a").withImage("nginx").endContainer()
        .endSpec().build();
    STRATEGY.prepareForCreate(pod);

    List<FieldError> errors = STRATEGY.validate(pod);

    assertThat(errors).extracting(FieldError::toString).containsExactly(
        "spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
        "spec.containers[1].name: Duplicate value: \"a\"");
    assertThat(errors).extracting(e -> e.type().reason()).containsExactly("FieldValueNotFound", "FieldValueDuplicate");
    assertThat(new SkiffException.Invalid("Pod", "bad", errors).getMessage()).isEqualTo(
        "Pod \"bad\" is invalid: [spec.containers[0].volumeMounts[0].name: Not found: \"data\", "
            + "spec.containers[1].name: Duplicate value: \"a\"]");
  }

  @Test
  void aggregateMessageListsCausesInTheGivenOrder() {
    List<FieldError> errors = List.of(FieldError.duplicate("spec.containers[1].name", "a"),
        FieldError.notFound("spec.containers[0].volumeMounts[0].name", "data"));
    assertThat(new SkiffException.Invalid("Pod", "bad", errors).getMessage()).isEqualTo(
        "Pod \"bad\" is invalid: [spec.containers[1].name: Duplicate value: \"a\", spec.containers[0].volumeMounts[0].name: Not found: \"data\"]");
  }

  @Test
  void oneErrorIsNotBracketed() {
    Pod pod = validPod();
    pod.getSpec().setInitContainers(new ArrayList<>(List.of(container("centos1"), container("centos1"))));
    assertThat(new SkiffException.Invalid("Pod", "init-pod", STRATEGY.validate(pod)).getMessage())
        .isEqualTo("Pod \"init-pod\" is invalid: spec.initContainers[1].name: Duplicate value: \"centos1\"");
  }

  static Probe execProbe() {
    return new ProbeBuilder().withExec(new ExecAction(List.of("true"))).withTimeoutSeconds(1).withPeriodSeconds(10).withSuccessThreshold(1)
        .withFailureThreshold(3).build();
  }

  static Volume secretVolume(SecretVolumeSource source) {
    return new VolumeBuilder().withName("creds").withSecret(source).build();
  }
}
