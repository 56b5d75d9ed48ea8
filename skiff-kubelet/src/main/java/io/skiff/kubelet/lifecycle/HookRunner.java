package io.skiff.kubelet.lifecycle;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.common.SkiffException;
import io.skiff.kubelet.event.EventRecorder;
import io.skiff.kubelet.event.EventType;
import io.skiff.kubelet.event.PodEvent;
import io.skiff.kubelet.probe.CommandRunner;
import io.skiff.kubelet.probe.ExecProbe;
import io.skiff.kubelet.probe.GoText;
import io.skiff.kubelet.probe.HttpGetClient;
import io.skiff.kubelet.probe.HttpTarget;
import io.skiff.runtime.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one lifecycle hook of a container the kubelet's way ({@code handlerRunner.Run}) and answers the kubelet's
 * failure message when it fails: an exec fails when the command exits non-zero or cannot run; an HTTP GET fails only
 * when no response comes (any status code counts as done), and an HTTPS GET answered in plain HTTP is retried over
 * HTTP with a {@code LifecycleHTTPFallback} event; a sleep fails only when cut short.
 */
public final class HookRunner {
  private final CommandRunner commands;
  private final HttpGetClient http;
  private final EventRecorder events;
  private final Sleeper sleeper;

  public HookRunner(CommandRunner commands, HttpGetClient http, EventRecorder events, Sleeper sleeper) {
    this.commands = Objects.requireNonNull(commands, "commands");
    this.http = Objects.requireNonNull(http, "http");
    this.events = Objects.requireNonNull(events, "events");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Runs the hook; empty when it succeeded, else the message the kubelet logs and shows as the container's waiting
   * message ({@code Exec lifecycle hook ([…]) for Container "c" in Pod "p_ns(uid)" failed - error: …}).
   *
   * @param containerId the runtime's id of the container instance
   * @param podIp       the pod's IP, the target of an HTTP hook without a host
   * @param limit       how long an exec or HTTP hook may take at most
   */
  public Optional<String> run(Pod pod, Container container, String containerId, LifecycleHandler handler, String podIp, Duration limit) {
    String in = "for Container " + GoText.quote(container.getName()) + " in Pod " + GoText.quote(podName(pod));
    if (handler.getExec() != null) {
      List<String> command = handler.getExec().getCommand() == null ? List.of() : handler.getExec().getCommand();
      return exec(containerId, command, limit).map(f -> "Exec lifecycle hook (" + GoText.list(command) + ") " + in + " failed - error: "
          + f.error() + ", message: " + GoText.quote(f.output()));
    }
    if (handler.getHttpGet() != null) {
      String path = handler.getHttpGet().getPath() == null ? "" : handler.getHttpGet().getPath();
      return httpGet(pod, container, handler, podIp, limit).map(e -> "HTTP lifecycle hook (" + path + ") " + in + " failed - error: " + e);
    }
    if (handler.getSleep() != null) {
      long seconds = handler.getSleep().getSeconds() == null ? 0 : handler.getSleep().getSeconds();
      try {
        sleeper.sleep(Duration.ofSeconds(Math.max(0, seconds)));
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("Sleep lifecycle hook (" + seconds + ") " + in + " failed - error: container terminated before sleep hook finished");
      }
    }
    String what = handler.getTcpSocket() != null ? "tcpSocket is not supported as a lifecycle handler" : "the handler has no action";
    return Optional.of("Cannot run handler: invalid handler: " + what);
  }

  private record ExecFailure(String error, String output) {}

  private Optional<ExecFailure> exec(String containerId, List<String> command, Duration limit) {
    ExecResult r;
    try {
      r = commands.run(containerId, command, limit);
    } catch (SkiffException.Timeout e) {
      return Optional.of(new ExecFailure(ExecProbe.timedOut(command), ""));
    } catch (SkiffException e) {
      return Optional.of(new ExecFailure(e.getMessage(), ""));
    }
    if (r.exitCode() == 0) {
      return Optional.empty();
    }
    String stderr = new String(r.stderr(), StandardCharsets.UTF_8);
    return Optional.of(new ExecFailure("command '" + String.join(" ", command) + "' exited with " + r.exitCode() + ": " + stderr,
        ExecProbe.output(r)));
  }

  private Optional<String> httpGet(Pod pod, Container container, LifecycleHandler handler, String podIp, Duration limit) {
    String host = handler.getHttpGet().getHost();
    if ((host == null || host.isEmpty()) && (podIp == null || podIp.isEmpty())) {
      return Optional.of("failed to find networking container: the pod has no IP");
    }
    HttpTarget target;
    try {
      target = HttpTarget.of(handler.getHttpGet(), container, podIp, "lifecycle");
    } catch (SkiffException e) {
      return Optional.of(e.getMessage());
    }
    HttpGetClient.Result result = http.get(target, limit, HttpGetClient.Redirects.ANY_HOST);
    if (result instanceof HttpGetClient.Failed f && f.tlsHandshake() && target.https()) {
      HttpTarget plain = new HttpTarget(false, target.host(), target.port(), target.target(),
          target.headers().stream().filter(h -> !h.name().equals("Authorization")).toList());
      if (http.get(plain, limit, HttpGetClient.Redirects.ANY_HOST) instanceof HttpGetClient.Answered) {
        events.record(new PodEvent(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), "",
            EventType.Warning, "LifecycleHTTPFallback", "request to HTTPS lifecycle hook " + GoText.hostPort(target.host(), target.port())
            + " got HTTP response, retry with HTTP succeeded"));
        return Optional.empty();
      }
    }
    return switch (result) {
      case HttpGetClient.Answered a -> Optional.empty();
      case HttpGetClient.Failed f -> Optional.of(f.error());
    };
  }

  /** The kubelet's {@code format.Pod}: {@code name_namespace(uid)}. */
  static String podName(Pod pod) {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
  }
}
