package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs components that must run in one server of the cluster at a time (the scheduler, controllers) while this
 * server holds the leader Lease, as kube-controller-manager and kube-scheduler do: fabric8's {@link LeaderElector}
 * over a coordination.k8s.io/v1 Lease in kube-system, through the API like any other client. When leadership is
 * lost (the Lease could not be renewed, say while the datastore is away) the components are closed at once and this
 * server campaigns again; another server takes over within the lease duration after the leader stops renewing.
 * Components start and stop one at a time on one thread, in order (stopped in reverse).
 */
public final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** Starts a component; what it returns is closed when leadership ends. */
  @FunctionalInterface
  public interface Starter {
    AutoCloseable start(KubernetesClient client) throws Exception;
  }

  /** Something that runs only in the leader, under a name for the logs. */
  public record Component(String name, Starter starter) {
    public Component {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(starter, "starter");
    }
  }

  /**
   * The election.
   *
   * @param namespace     where the Lease lives (kube-system)
   * @param leaseName     the Lease's name
   * @param identity      this server's name in the Lease's holderIdentity; stable across restarts of one server, so a
   *                      restarted leader takes its Lease back at once instead of waiting for it to expire
   * @param leaseDuration how long the others wait after the last renewal before taking over
   * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
   * @param retryPeriod   how often candidates try and the leader renews
   */
  public record Config(String namespace, String leaseName, String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public Config {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(leaseName, "leaseName");
      Objects.requireNonNull(identity, "identity");
      if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
        throw new IllegalArgumentException("need leaseDuration > renewDeadline > retryPeriod");
      }
    }

    /**
     * 12 s lease, 8 s renew deadline, 2 s retry: shorter than kube-scheduler's 15/10/2 so that a killed leader's
     * controllers move within 15 s (its lease ends 10–12 s after its last renewal, a candidate tries within ~2.4 s).
     */
    public static Config controllers(String identity) {
      return new Config("kube-system", "skiff-controllers", identity, Duration.ofSeconds(12), Duration.ofSeconds(8), Duration.ofSeconds(2));
    }
  }

  private final KubernetesClient client;
  private final Config config;
  private final List<Component> components;
  private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("leadership").factory());
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Running> running = new ArrayDeque<>();
  private volatile boolean leading;
  private volatile boolean closed;
  private volatile String leader = "";
  private CompletableFuture<?> term;
  private final Thread campaign;

  private record Running(String name, AutoCloseable handle) {}

  private Leadership(KubernetesClient client, Config config, List<Component> components) {
    this.client = client;
    this.config = config;
    this.components = List.copyOf(components);
    this.campaign = Thread.ofVirtual().name("leader-election").unstarted(this::campaign);
  }

  /** Starts campaigning; the components start when this server becomes the leader. */
  public static Leadership start(KubernetesClient client, Config config, List<Component> components) {
    Leadership l = new Leadership(client, config, components);
    l.campaign.start();
    return l;
  }

  private void campaign() {
    while (!closed) {
      LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
          .withName(config.leaseName())
          .withLock(new LeaseLock(config.namespace(), config.leaseName(), config.identity()))
          .withLeaseDuration(config.leaseDuration())
          .withRenewDeadline(config.renewDeadline())
          .withRetryPeriod(config.retryPeriod())
          .withReleaseOnCancel(true)
          .withLeaderCallbacks(new LeaderCallbacks(this::onStartLeading, this::onStopLeading, this::onNewLeader))
          .build()).build();
      CompletableFuture<?> current;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        current = elector.start();
        term = current;
      } finally {
        lock.unlock();
      }
      try {
        current.join();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("leader election ended: {}", e.toString());
        }
      }
      if (!closed) {
        try {
          Thread.sleep(config.retryPeriod());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void onStartLeading() {
    leading = true;
    LOG.info("{} leads {}/{}: starting {}", config.identity(), config.namespace(), config.leaseName(), components.stream().map(Component::name).toList());
    onLifecycle(this::startComponents);
  }

  private void onStopLeading() {
    leading = false;
    LOG.info("{} stopped leading: stopping {}", config.identity(), components.stream().map(Component::name).toList());
    onLifecycle(this::stopComponents);
  }

  /** Runs {@code step} on the lifecycle thread; after {@link #close()} the components are stopped already. */
  private void onLifecycle(Runnable step) {
    try {
      lifecycle.execute(step);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("leadership closed: {} not run", step);
    }
  }

  private void onNewLeader(String identity) {
    leader = identity;
    LOG.info("leader of {}/{} is {}", config.namespace(), config.leaseName(), identity);
  }

  private void startComponents() {
    for (Component c : components) {
      if (!leading || closed) {
        return;
      }
      try {
        running.push(new Running(c.name(), c.starter().start(client)));
      } catch (Exception e) {
        LOG.error("cannot start {} as leader: {}", c.name(), e.toString());
      }
    }
  }

  private void stopComponents() {
    while (!running.isEmpty()) {
      Running r = running.pop();
      try {
        r.handle().close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", r.name(), e.toString());
      }
    }
  }

  /** Whether this server leads now. */
  public boolean isLeading() {
    return leading;
  }

  /** The holder this server last saw ("" before it saw one). */
  public String leader() {
    return leader;
  }

  /** Stops the components, releases the Lease if held (so another server takes over at once) and stops campaigning. Idempotent. */
  @Override
  public void close() {
    CompletableFuture<?> current;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      current = term;
    } finally {
      lock.unlock();
    }
    if (current != null) {
      current.cancel(true);
    }
    campaign.interrupt();
    leading = false;
    lifecycle.execute(this::stopComponents);
    lifecycle.shutdown();
    try {
      if (!lifecycle.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("components did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
