package io.skiff.kubelet.hollow;

import io.skiff.common.SkiffException;
import io.skiff.runtime.ContainerAttachment;
import io.skiff.runtime.ContainerConfig;
import io.skiff.runtime.ContainerFilter;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.ContainerRuntime;
import io.skiff.runtime.ContainerState;
import io.skiff.runtime.ContainerStatus;
import io.skiff.runtime.ExecProcess;
import io.skiff.runtime.ExecRequest;
import io.skiff.runtime.ExecResult;
import io.skiff.runtime.RuntimeInfo;
import io.skiff.runtime.SandboxConfig;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.SandboxState;
import io.skiff.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ContainerRuntime} that runs nothing: sandboxes and containers are records in memory, a started container is
 * running at once, and a stopped one has exited with code 0 (a program that ends cleanly on SIGTERM). Each sandbox
 * gets the next address of the node's pod network. {@link #exit} ends a container as if its process had exited, which
 * is how hollow init containers complete. Calls are idempotent by id, as the contract asks; exec, attach and
 * port connections are refused, as there is no process.
 */
public final class HollowRuntime implements ContainerRuntime {
  public static final String NAME = "hollow";
  private static final RuntimeInfo INFO = new RuntimeInfo(NAME, "0.1.0");

  private final InstantSource clock;
  private final PodAddresses addresses;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<SandboxId, SandboxStatus> sandboxes = new LinkedHashMap<>();
  private final Map<ContainerId, ContainerStatus> containers = new LinkedHashMap<>();

  public HollowRuntime(InstantSource clock, PodAddresses addresses) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
  }

  @Override
  public RuntimeInfo info() {
    return INFO;
  }

  @Override
  public SandboxStatus runSandbox(SandboxConfig config) {
    lock.lock();
    try {
      SandboxStatus existing = sandboxes.get(config.id());
      if (existing != null) {
        return existing;
      }
      String ip = config.hostNetwork() ? "" : addresses.next();
      SandboxStatus s = new SandboxStatus(config.id(), config, SandboxState.READY, clock.instant(), null, ip, 0);
      sandboxes.put(s.id(), s);
      return s;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopSandbox(SandboxId id) {
    lock.lock();
    try {
      SandboxStatus s = sandboxes.get(id);
      if (s == null) {
        return;
      }
      for (ContainerStatus c : List.copyOf(containers.values())) {
        if (c.sandboxId().equals(id)) {
          finish(c, 0);
        }
      }
      if (s.state() == SandboxState.READY) {
        addresses.release(s.podIp());
        sandboxes.put(id, new SandboxStatus(id, s.config(), SandboxState.NOT_READY, s.createdAt(), null, "", 0));
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void removeSandbox(SandboxId id) {
    lock.lock();
    try {
      stopSandbox(id);
      sandboxes.remove(id);
      containers.values().removeIf(c -> c.sandboxId().equals(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SandboxStatus sandboxStatus(SandboxId id) {
    lock.lock();
    try {
      SandboxStatus s = sandboxes.get(id);
      if (s == null) {
        throw new SkiffException.NotFound("sandbox " + id + " not found");
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<SandboxStatus> listSandboxes() {
    lock.lock();
    try {
      return List.copyOf(sandboxes.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ContainerId createContainer(SandboxId sandbox, ContainerConfig config) {
    ContainerId id = ContainerId.of(sandbox, config.name(), config.attempt());
    lock.lock();
    try {
      if (!sandboxes.containsKey(sandbox)) {
        throw new SkiffException.NotFound("sandbox " + sandbox + " not found");
      }
      if (!containers.containsKey(id)) {
        containers.put(id, new ContainerStatus(id, sandbox, config.name(), config.attempt(), config.image(), ContainerState.CREATED, 0, 0,
            clock.instant(), null, null, "", "", null, config.labels()));
      }
      return id;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void startContainer(ContainerId id) {
    lock.lock();
    try {
      ContainerStatus c = get(id);
      if (c.state() == ContainerState.CREATED) {
        containers.put(id, with(c, ContainerState.RUNNING, 0, clock.instant(), null, ""));
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopContainer(ContainerId id, Duration grace) {
    lock.lock();
    try {
      finish(get(id), 0);
    } finally {
      lock.unlock();
    }
  }

  /** Ends a running container as if its process had exited with {@code exitCode}. */
  public void exit(ContainerId id, int exitCode) {
    lock.lock();
    try {
      finish(get(id), exitCode);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void removeContainer(ContainerId id) {
    lock.lock();
    try {
      containers.remove(id);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ContainerStatus containerStatus(ContainerId id) {
    lock.lock();
    try {
      return get(id);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<ContainerStatus> listContainers(ContainerFilter filter) {
    lock.lock();
    try {
      List<ContainerStatus> out = new ArrayList<>();
      for (ContainerStatus c : containers.values()) {
        if (filter.matches(c)) {
          out.add(c);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ExecResult execSync(ContainerId id, List<String> argv, Duration timeout) {
    throw new SkiffException.Unavailable("hollow containers run no processes, so there is nothing to exec in", null);
  }

  @Override
  public ExecProcess startExec(ContainerId id, ExecRequest request) {
    throw new SkiffException.Unavailable("hollow containers run no processes, so there is nothing to exec in", null);
  }

  @Override
  public ContainerAttachment attachContainer(ContainerId id) {
    throw new SkiffException.Unavailable("hollow containers run no processes, so there is nothing to attach to", null);
  }

  @Override
  public SocketChannel connectToPort(SandboxId id, int port) throws IOException {
    sandboxStatus(id);
    throw new IOException("hollow pods listen on no port: nothing accepts connections to port " + port);
  }

  @Override
  public void close() {
    // nothing runs outside this object
  }

  private ContainerStatus get(ContainerId id) {
    ContainerStatus c = containers.get(id);
    if (c == null) {
      throw new SkiffException.NotFound("container " + id + " not found");
    }
    return c;
  }

  private void finish(ContainerStatus c, int exitCode) {
    if (c.state() == ContainerState.RUNNING || c.state() == ContainerState.CREATED) {
      Instant now = clock.instant();
      containers.put(c.id(), with(c, ContainerState.EXITED, exitCode, c.startedAt() == null ? now : c.startedAt(), now,
          exitCode == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR));
    }
  }

  private static ContainerStatus with(ContainerStatus c, ContainerState state, int exitCode, Instant startedAt, Instant finishedAt,
                                      String reason) {
    return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), c.image(), state, 0, exitCode, c.createdAt(), startedAt,
        finishedAt, reason, "", c.logPath(), c.labels());
  }
}
