package io.skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.skiff.apiserver.resource.Column;
import io.skiff.common.FieldError;
import io.skiff.common.SkiffException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceStrategiesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String TEN_MINUTES_AGO = "2025-06-01T11:50:00Z";

  static List<String> headers(List<Column> columns) {
    return columns.stream().map(c -> c.name().toUpperCase()).toList();
  }

  static List<String> errors(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }

  // ---- namespaces ----

  @Test
  void namespaceCreateSetsPhaseFinalizerAndNameLabel() {
    NamespaceStrategy strategy = new NamespaceStrategy();
    Namespace ns = new NamespaceBuilder().withNewMetadata().withName("team-a").withCreationTimestamp(TEN_MINUTES_AGO).endMetadata().build();
    strategy.prepareForCreate(ns);

    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "team-a");
    assertThat(strategy.validate(ns)).isEmpty();
    assertThat(headers(strategy.columns())).containsExactly("NAME", "STATUS", "AGE");
    assertThat(strategy.cells(ns, NOW)).containsExactly("team-a", "Active", "10m");
    assertThat(strategy.selectableFields(ns)).containsEntry("status.phase", "Active").containsEntry("name", "team-a");
  }

  @Test
  void namespaceNamesAreDnsLabels() {
    Namespace ns = new NamespaceBuilder().withNewMetadata().withName("team.a").endMetadata().build();
    assertThat(errors(new NamespaceStrategy().validate(ns))).containsExactly("metadata.name: Invalid value: \"team.a\": " + NameRulesTest.LABEL_MSG);
  }

  @Test
  void namespaceUpdateKeepsFinalizersAndStatus() {
    NamespaceStrategy strategy = new NamespaceStrategy();
    Namespace old = new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build();
    strategy.prepareForCreate(old);
    Namespace updated = new NamespaceBuilder(old).editSpec().withFinalizers(List.of()).endSpec().editStatus().withPhase("Terminating").endStatus().build();
    strategy.prepareForUpdate(updated, old);
    assertThat(updated.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(updated.getStatus().getPhase()).isEqualTo("Active");
  }

  // ---- nodes ----

  static Node node() {
    return new NodeBuilder()
        .withNewMetadata().withName("node-1").withCreationTimestamp(TEN_MINUTES_AGO)
          .addToLabels("node-role.kubernetes.io/control-plane", "").addToLabels("node-role.kubernetes.io/worker", "")
        .endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
          .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
          .addNewCondition().withType("Ready").withStatus("True").endCondition()
          .addNewAddress().withType("InternalIP").withAddress("192.168.1.5").endAddress()
          .addNewAddress().withType("Hostname").withAddress("node-1").endAddress()
          .withNewNodeInfo().withKubeletVersion("v1.33.0").withOsImage("Debian GNU/Linux 12 (bookworm)").withKernelVersion("6.1.0-18-amd64")
            .withContainerRuntimeVersion("skiff://0.1.0").endNodeInfo()
          .withCapacity(Map.of("cpu", new Quantity("2"), "pods", new Quantity("110")))
        .endStatus().build();
  }

  @Test
  void nodePrintsStatusRolesVersionAndWideColumns() {
    NodeStrategy strategy = new NodeStrategy();
    assertThat(headers(strategy.columns())).containsExactly("NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP",
        "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
    assertThat(strategy.cells(node(), NOW)).containsExactly("node-1", "Ready", "control-plane,worker", "10m", "v1.33.0", "192.168.1.5",
        "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "skiff://0.1.0");
  }

  @Test
  void nodeStatusReadsNotReadyUnknownAndSchedulingDisabled() {
    NodeStrategy strategy = new NodeStrategy();
    Node notReady = node();
    notReady.getStatus().getConditions().get(1).setStatus("Unknown");
    notReady.getSpec().setUnschedulable(true);
    assertThat(strategy.cells(notReady, NOW).get(1)).isEqualTo("NotReady,SchedulingDisabled");

    Node fresh = new NodeBuilder().withNewMetadata().withName("n").endMetadata().build();
    assertThat(strategy.cells(fresh, NOW)).containsExactly("n", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>",
        "<unknown>", "<unknown>");
    assertThat(strategy.selectableFields(notReady)).containsEntry("spec.unschedulable", "true");
  }

  @Test
  void nodeKeepsItsStatusOnCreateAndDefaultsAllocatable() {
    NodeStrategy strategy = new NodeStrategy();
    Node node = node();
    strategy.prepareForCreate(node);
    assertThat(node.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("2")).containsEntry("pods", new Quantity("110"));
    assertThat(strategy.validate(node)).isEmpty();
  }

  @Test
  void nodeTaintsAreValidated() {
    Node node = node();
    node.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.Taint("Sometimes", "dedicated", null, "gpu"),
        new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "a", null, ""), new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "a", null, "")));
    assertThat(errors(new NodeStrategy().validate(node))).containsExactly(
        "metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
        "metadata.taints[2]: Duplicate value: core.Taint{Key:\"a\", Value:\"\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: "
            + "taints must be unique by key and effect pair");
  }

  @Test
  void nodeStatusUpdateKeepsTheSpecAndUpdateKeepsTheStatus() {
    NodeStrategy strategy = new NodeStrategy();
    Node old = node();
    Node viaStatus = new NodeBuilder(old).editSpec().withUnschedulable(true).endSpec().build();
    strategy.prepareForStatusUpdate(viaStatus, old);
    assertThat(viaStatus.getSpec().getUnschedulable()).isNull();

    Node viaMain = new NodeBuilder(old).editSpec().withUnschedulable(true).endSpec().withStatus(null).build();
    strategy.prepareForUpdate(viaMain, old);
    assertThat(viaMain.getSpec().getUnschedulable()).isTrue();
    assertThat(viaMain.getStatus()).isEqualTo(old.getStatus());
  }

  @Test
  void nodePodCidrCannotChangeOnceSet() {
    Node old = node();
    old.getSpec().setPodCIDRs(List.of("10.42.0.0/24"));
    Node updated = new NodeBuilder(old).editSpec().withPodCIDRs("10.43.0.0/24").endSpec().build();
    assertThat(errors(new NodeStrategy().validateUpdate(updated, old)))
        .containsExactly("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid");
  }

  @Test
  void nodePodCidrAloneFillsPodCidrsAndPodCidrFollowsTheList() {
    NodeStrategy strategy = new NodeStrategy();
    Node single = node();
    single.getSpec().setPodCIDR("10.42.3.0/24");
    strategy.prepareForCreate(single);
    assertThat(single.getSpec().getPodCIDRs()).containsExactly("10.42.3.0/24");
    Node old = node();
    Node patched = node();
    patched.getSpec().setPodCIDRs(List.of("10.42.4.0/24"));
    strategy.prepareForUpdate(patched, old);
    assertThat(patched.getSpec().getPodCIDR()).isEqualTo("10.42.4.0/24");
    assertThat(errors(strategy.validateUpdate(patched, old))).isEmpty();
  }

  @Test
  void nodePodCidrsMustBeCidrsOnePerFamily() {
    Node bad = node();
    bad.getSpec().setPodCIDRs(List.of("10.42.0.0"));
    assertThat(errors(new NodeStrategy().validate(bad)))
        .containsExactly("spec.podCIDRs[0]: Invalid value: \"10.42.0.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    Node twoV4 = node();
    twoV4.getSpec().setPodCIDRs(List.of("10.42.0.0/24", "10.42.1.0/24"));
    assertThat(errors(new NodeStrategy().validate(twoV4)))
        .containsExactly("spec.podCIDRs: Invalid value: []string{\"10.42.0.0/24\", \"10.42.1.0/24\"}: may specify no more than one CIDR for each IP family");
    Node dual = node();
    dual.getSpec().setPodCIDRs(List.of("10.42.0.0/24", "fd00:10:42::/64"));
    assertThat(errors(new NodeStrategy().validate(dual))).isEmpty();
  }

  // ---- events ----

  static Event coreEvent() {
    return new EventBuilder()
        .withNewMetadata().withName("init-pod.17f8c3a1b2c3d4e5").withNamespace("default").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("init-pod").withUid("u1").withApiVersion("v1")
          .withFieldPath("spec.initContainers{centos1}").endInvolvedObject()
        .withReason("Pulled").withMessage("Container image \"centos:7\" already present on machine\n").withType("Normal")
        .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
        .withFirstTimestamp("2025-06-01T11:47:00Z").withLastTimestamp("2025-06-01T11:59:30Z").withCount(16)
        .build();
  }

  @Test
  void coreEventPrintsAsKubectlGetEvents() {
    EventStrategy strategy = new EventStrategy();
    assertThat(strategy.columns()).extracting(c -> c.name().toUpperCase() + "/" + c.priority()).containsExactly("LAST SEEN/0", "TYPE/0",
        "REASON/0", "OBJECT/0", "SUBOBJECT/1", "SOURCE/1", "MESSAGE/0", "FIRST SEEN/1", "COUNT/1", "NAME/1");
    assertThat(strategy.cells(coreEvent(), NOW)).containsExactly("30s", "Normal", "Pulled", "pod/init-pod", "spec.initContainers{centos1}",
        "kubelet, node-1", "Container image \"centos:7\" already present on machine", "13m", 16L, "init-pod.17f8c3a1b2c3d4e5");
  }

  @Test
  void coreEventWithOnlyEventTimeAndSeriesUsesThem() {
    Event e = new EventBuilder(coreEvent()).withFirstTimestamp(null).withLastTimestamp(null).withCount(null).withSource(null)
        .withEventTime(new MicroTime("2025-06-01T11:59:00.000000Z")).withReportingComponent("default-scheduler").withReportingInstance("")
        .build();
    assertThat(new EventStrategy().cells(e, NOW)).containsExactly("60s", "Normal", "Pulled", "pod/init-pod", "spec.initContainers{centos1}",
        "default-scheduler", "Container image \"centos:7\" already present on machine", "60s", 1L, "init-pod.17f8c3a1b2c3d4e5");
  }

  @Test
  void coreEventValidationIsLenientButChecksNamespaces() {
    EventStrategy strategy = new EventStrategy();
    Event event = coreEvent();
    strategy.prepareForCreate(event);
    assertThat(strategy.validate(event)).isEmpty();
    assertThat(event.getReportingComponent()).isEmpty();

    Event mismatched = new EventBuilder(coreEvent()).editInvolvedObject().withNamespace("other").endInvolvedObject().build();
    assertThat(errors(strategy.validate(mismatched)))
        .containsExactly("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");

    Event newStyle = new EventBuilder(coreEvent()).withEventTime(new MicroTime("2025-06-01T11:59:00.000000Z")).build();
    assertThat(errors(strategy.validate(newStyle))).containsExactly(
        "reportingComponent: Required value",
        "reportingComponent: Invalid value: \"\": name part must be non-empty",
        "reportingComponent: Invalid value: \"\": " + NameRulesTest.QUALIFIED_NAME_PART,
        "reportingInstance: Required value",
        "action: Required value");
  }

  @Test
  void coreEventFieldSelectorsUseInvolvedObject() {
    assertThat(new EventStrategy().selectableFields(coreEvent()))
        .containsEntry("involvedObject.kind", "Pod")
        .containsEntry("involvedObject.name", "init-pod")
        .containsEntry("involvedObject.namespace", "default")
        .containsEntry("involvedObject.uid", "u1")
        .containsEntry("involvedObject.apiVersion", "v1")
        .containsEntry("involvedObject.resourceVersion", "")
        .containsEntry("involvedObject.fieldPath", "spec.initContainers{centos1}")
        .containsEntry("reason", "Pulled")
        .containsEntry("reportingComponent", "")
        .containsEntry("source", "kubelet")
        .containsEntry("type", "Normal");
  }

  static io.fabric8.kubernetes.api.model.events.v1.Event v1Event() {
    return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata().withName("web.1").withNamespace("default").endMetadata()
        .withNewRegarding().withKind("Pod").withNamespace("default").withName("web").endRegarding()
        .withEventTime(new MicroTime("2025-06-01T11:58:00.000000Z")).withReportingController("skiff.io/kubelet").withReportingInstance("node-1")
        .withAction("Pulling").withReason("Pulling").withNote("Pulling image \"nginx\"").withType("Normal")
        .build();
  }

  @Test
  void eventsV1ValidationIsStrict() {
    EventsV1Strategy strategy = new EventsV1Strategy();
    assertThat(strategy.validate(v1Event())).isEmpty();

    var bad = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(v1Event()).withType("Info").withEventTime(null)
        .withDeprecatedCount(3).withReportingController(null).build();
    assertThat(errors(strategy.validate(bad))).containsExactly(
        "eventTime: Required value",
        "type: Invalid value: \"\": has invalid value: Info",
        "count: Invalid value: \"\": needs to be unset");
  }

  @Test
  void eventsV1UpdateMayOnlyChangeTheSeries() {
    EventsV1Strategy strategy = new EventsV1Strategy();
    var old = v1Event();
    var bumped = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(old)
        .withSeries(new EventSeries(2, new MicroTime("2025-06-01T11:59:00.000000Z"))).build();
    assertThat(strategy.validateUpdate(bumped, old)).isEmpty();

    var changed = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(old).withReason("Pulled").build();
    assertThat(errors(strategy.validateUpdate(changed, old))).containsExactly("reason: Invalid value: \"Pulled\": field is immutable");

    var badSeries = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(old).withSeries(new EventSeries(1, null)).build();
    assertThat(errors(strategy.validateUpdate(badSeries, old)))
        .containsExactly("series.count: Invalid value: \"\": should be at least 2", "series.lastObservedTime: Required value");
  }

  @Test
  void eventsV1PrintsLikeCoreEventsAndSelectsOnRegarding() {
    EventsV1Strategy strategy = new EventsV1Strategy();
    assertThat(strategy.cells(v1Event(), NOW)).containsExactly("2m", "Normal", "Pulling", "pod/web", "", "skiff.io/kubelet, node-1",
        "Pulling image \"nginx\"", "2m", 1L, "web.1");
    assertThat(strategy.selectableFields(v1Event())).containsEntry("regarding.name", "web").containsEntry("reportingController", "skiff.io/kubelet")
        .containsEntry("source", "skiff.io/kubelet");
  }

  // ---- configmaps ----

  @Test
  void configMapKeysSizeAndImmutability() {
    ConfigMapStrategy strategy = new ConfigMapStrategy();
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("default").withCreationTimestamp(TEN_MINUTES_AGO)
        .endMetadata().withData(Map.of("a.conf", "x", "b/c", "y")).withBinaryData(Map.of("a.conf", "eA==")).build();
    assertThat(errors(strategy.validate(cm))).containsExactly(
        "data[a.conf]: Invalid value: \"a.conf\": duplicate of key present in binaryData",
        "data[b/c]: Invalid value: \"b/c\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
            + "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    assertThat(headers(strategy.columns())).containsExactly("NAME", "DATA", "AGE");
    assertThat(strategy.cells(cm, NOW)).containsExactly("cfg", 3L, "10m");

    ConfigMap big = new ConfigMapBuilder(cm).withData(Map.of("k", "x".repeat(1024 * 1024 + 1))).withBinaryData(Map.of()).build();
    assertThat(errors(strategy.validate(big))).containsExactly("[]: Too long: may not be more than 1048576 bytes");

    ConfigMap frozen = new ConfigMapBuilder(cm).withData(Map.of("a", "1")).withBinaryData(Map.of()).withImmutable(true).build();
    ConfigMap changed = new ConfigMapBuilder(frozen).withData(Map.of("a", "2")).withImmutable(false).build();
    assertThat(errors(strategy.validateUpdate(changed, frozen))).containsExactly(
        "immutable: Forbidden: field is immutable when `immutable` is set",
        "data: Forbidden: field is immutable when `immutable` is set");
  }

  // ---- secrets ----

  static Secret secret() {
    return new SecretBuilder().withNewMetadata().withName("creds").withNamespace("default").withCreationTimestamp(TEN_MINUTES_AGO).endMetadata()
        .withData(Map.of("user", Base64.getEncoder().encodeToString("admin".getBytes()))).withStringData(Map.of("pass", "s3cret")).build();
  }

  @Test
  void secretFoldsStringDataAndDefaultsTheType() {
    SecretStrategy strategy = new SecretStrategy();
    Secret s = secret();
    strategy.prepareForCreate(s);
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getStringData()).isNull();
    assertThat(s.getData()).containsEntry("pass", Base64.getEncoder().encodeToString("s3cret".getBytes()));
    assertThat(strategy.validate(s)).isEmpty();
    assertThat(headers(strategy.columns())).containsExactly("NAME", "TYPE", "DATA", "AGE");
    assertThat(strategy.cells(s, NOW)).containsExactly("creds", "Opaque", 2L, "10m");
    assertThat(strategy.selectableFields(s)).containsEntry("type", "Opaque");
  }

  @Test
  void secretKeysAndTypeRequirementsAreValidated() {
    SecretStrategy strategy = new SecretStrategy();
    Secret s = new SecretBuilder(secret()).withStringData(Map.of()).withData(Map.of("bad key", "eA==")).withType("kubernetes.io/tls").build();
    strategy.prepareForCreate(s);
    assertThat(errors(strategy.validate(s))).containsExactly(
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
            + "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        "data[tls.crt]: Required value",
        "data[tls.key]: Required value");
  }

  @Test
  void secretTypeIsImmutable() {
    SecretStrategy strategy = new SecretStrategy();
    Secret old = secret();
    strategy.prepareForCreate(old);
    Secret changed = new SecretBuilder(old).withType("example.com/custom").build();
    strategy.prepareForUpdate(changed, old);
    assertThat(errors(strategy.validateUpdate(changed, old))).containsExactly("type: Invalid value: \"example.com/custom\": field is immutable");
  }

  @Test
  void secretWithInvalidBase64IsABadRequest() {
    Secret s = new SecretBuilder(secret()).withData(Map.of("k", "no!base64")).build();
    assertThatThrownBy(() -> new SecretStrategy().prepareForCreate(s)).isInstanceOf(SkiffException.BadRequest.class)
        .hasMessage("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2");
  }

  // ---- service accounts and leases ----

  @Test
  void serviceAccountPrintsItsSecretCount() {
    ServiceAccountStrategy strategy = new ServiceAccountStrategy();
    var sa = new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("default").withCreationTimestamp(TEN_MINUTES_AGO)
        .endMetadata().build();
    assertThat(strategy.validate(sa)).isEmpty();
    assertThat(headers(strategy.columns())).containsExactly("NAME", "SECRETS", "AGE");
    assertThat(strategy.cells(sa, NOW)).containsExactly("default", 0L, "10m");
  }

  @Test
  void leasePrintsItsHolderAndChecksItsSpec() {
    LeaseStrategy strategy = new LeaseStrategy();
    var lease = new LeaseBuilder().withNewMetadata().withName("node-1").withNamespace("kube-node-lease").withCreationTimestamp(TEN_MINUTES_AGO)
        .endMetadata().withNewSpec().withHolderIdentity("node-1").withLeaseDurationSeconds(40).endSpec().build();
    assertThat(strategy.validate(lease)).isEmpty();
    assertThat(headers(strategy.columns())).containsExactly("NAME", "HOLDER", "AGE");
    assertThat(strategy.cells(lease, NOW)).containsExactly("node-1", "node-1", "10m");

    var bad = new LeaseBuilder(lease).editSpec().withLeaseDurationSeconds(0).withLeaseTransitions(-1).endSpec().build();
    assertThat(errors(strategy.validate(bad))).containsExactly(
        "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
        "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
  }
}
