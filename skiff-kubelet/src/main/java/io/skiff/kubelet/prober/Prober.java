package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.pod.VariableExpansion;
import io.skiff.kubelet.probe.ContainerPorts;
import io.skiff.kubelet.probe.ExecProbe;
import io.skiff.kubelet.probe.GrpcProbe;
import io.skiff.kubelet.probe.HttpProbe;
import io.skiff.kubelet.probe.HttpTarget;
import io.skiff.kubelet.probe.ProbeOutcome;
import io.skiff.kubelet.probe.TcpProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one probe of a container the kubelet's way ({@code prober.probe}): an exec, HTTP, TCP or gRPC check, retried up
 * to three times while the check itself errors; a failure records a Warning {@code Unhealthy} event
 * {@code <Type> probe failed: <output>}, an error {@code <Type> probe errored and resulted in unknown state: <error>}
 * (and the result is thrown away), a redirect a Warning {@code ProbeWarning} event.
 */
public final class Prober implements ProbeRunner {
  static final int MAX_RETRIES = 3;

  private final ExecProbe exec;
  private final HttpProbe http;
  private final TcpProbe tcp;
  private final GrpcProbe grpc;
  private final EventRecorder events;

  public Prober(ExecProbe exec, HttpProbe http, TcpProbe tcp, GrpcProbe grpc, EventRecorder events) {
    this.exec = Objects.requireNonNull(exec, "exec");
    this.http = Objects.requireNonNull(http, "http");
    this.tcp = Objects.requireNonNull(tcp, "tcp");
    this.grpc = Objects.requireNonNull(grpc, "grpc");
    this.events = Objects.requireNonNull(events, "events");
  }

  @Override
  public Optional<ProbeResult> probe(ProbeType type, Pod pod, Container container, String podIp, String containerId) {
    Probe spec = type.of(container);
    if (spec == null) {
      return Optional.of(ProbeResult.SUCCESS);
    }
    ProbeOutcome outcome = null;
    for (int i = 0; i < MAX_RETRIES; i++) {
      outcome = run(spec, pod, container, podIp, containerId);
      if (!(outcome instanceof ProbeOutcome.Errored)) {
        break;
      }
    }
    return switch (outcome) {
      case ProbeOutcome.Success s -> Optional.of(ProbeResult.SUCCESS);
      case ProbeOutcome.Warning w -> {
        event(pod, container, "ProbeWarning", type.word() + " probe warning: " + w.output());
        yield Optional.of(ProbeResult.SUCCESS);
      }
      case ProbeOutcome.Failure f -> {
        event(pod, container, "Unhealthy", type.word() + " probe failed: " + f.output());
        yield Optional.of(ProbeResult.FAILURE);
      }
      case ProbeOutcome.Errored e -> {
        event(pod, container, "Unhealthy", type.word() + " probe errored and resulted in unknown state: " + e.output());
        yield Optional.empty();
      }
    };
  }

  private ProbeOutcome run(Probe spec, Pod pod, Container container, String podIp, String containerId) {
    Duration timeout = Duration.ofSeconds(spec.getTimeoutSeconds() == null || spec.getTimeoutSeconds() <= 0 ? 1 : spec.getTimeoutSeconds());
    try {
      if (spec.getExec() != null) {
        List<String> command = spec.getExec().getCommand() == null ? List.of() : spec.getExec().getCommand();
        return exec.run(containerId, expandStatic(command, container), timeout);
      }
      if (spec.getHttpGet() != null) {
        return http.run(HttpTarget.of(spec.getHttpGet(), container, podIp, "probe"), timeout);
      }
      if (spec.getTcpSocket() != null) {
        int port = ContainerPorts.resolve(spec.getTcpSocket().getPort(), container);
        String host = spec.getTcpSocket().getHost() == null || spec.getTcpSocket().getHost().isEmpty() ? podIp : spec.getTcpSocket().getHost();
        return tcp.run(host, port, timeout);
      }
      if (spec.getGrpc() != null) {
        int port = spec.getGrpc().getPort() == null ? 0 : spec.getGrpc().getPort();
        String service = spec.getGrpc().getService() == null ? "" : spec.getGrpc().getService();
        return grpc.run(podIp == null ? "" : podIp, port, service, timeout);
      }
    } catch (SkiffException e) {
      return new ProbeOutcome.Errored(e.getMessage());
    }
    return new ProbeOutcome.Errored("missing probe handler for " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
        + "(" + pod.getMetadata().getUid() + "):" + container.getName());
  }

  /** The kubelet's {@code ExpandContainerCommandOnlyStatic}: {@code $(VAR)} from the container's literal env values only. */
  static List<String> expandStatic(List<String> command, Container container) {
    Map<String, String> vars = new HashMap<>();
    for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (e.getValueFrom() == null) {
        vars.put(e.getName(), VariableExpansion.expand(e.getValue(), vars));
      }
    }
    return command.stream().map(c -> VariableExpansion.expand(c, vars)).toList();
  }

  private void event(Pod pod, Container container, String reason, String message) {
    boolean init = pod.getSpec().getInitContainers() != null
        && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container.getName()));
    String fieldPath = (init ? "spec.initContainers{" : "spec.containers{") + container.getName() + "}";
    events.record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), fieldPath,
        EventType.Warning, reason, message));
  }
}
