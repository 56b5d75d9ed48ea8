package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.BoundedExecutor;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.OnClose;
import io.skiff.events.QueueSettings;
import io.skiff.kubelet.event.ApiEventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many hollow nodes in one process, each a real client of the API: it registers its Node, renews its Lease every
 * {@link HollowConfig#leaseRenewal()}, posts its status every {@link HollowConfig#statusPeriod()}, runs the pods bound
 * to it and reports their statuses and events, all through the one fabric8 client given. To stay cheap the nodes share
 * what real agents would each have: one watch of all bound pods (field selector {@code spec.nodeName!=}, dispatched by
 * node name here; pods of other nodes are ignored), a few timer threads with the renewals spread over the period, a
 * bounded pool of virtual threads for pod syncs, and one event queue. Every pod is also resynced once a minute, as the
 * kubelet does, which writes only when its status changed. {@link #close()} stops it all; the client belongs to the
 * caller, and the Nodes stay registered (they turn NotReady once the node lifecycle controller sees their leases lapse).
 */
public final class HollowCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HollowCluster.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RESYNC = Duration.ofMinutes(1);
  private static final int REGISTRATION_CONCURRENCY = 32;
  /** One event queue for all the nodes, a few workers; what is queued at close is dropped (the simulation is ending). */
  private static final QueueSettings EVENTS = new QueueSettings("skiff-hollow-events", 65_536, 8, new OnClose.Drop());

  private final Map<String, HollowNode> nodes;
  private final EventPublisher events;
  private final BoundedExecutor syncs;
  private final ScheduledExecutorService timers;
  private final SharedIndexInformer<Pod> pods;
  private final PodWork work;
  private final AtomicLong failures = new AtomicLong();

  private HollowCluster(Map<String, HollowNode> nodes, EventPublisher events, BoundedExecutor syncs, ScheduledExecutorService timers,
                        SharedIndexInformer<Pod> pods) {
    this.nodes = nodes;
    this.events = events;
    this.syncs = syncs;
    this.timers = timers;
    this.pods = pods;
    this.work = new PodWork(syncs, this::handle);
  }

  /**
   * Registers every node (creating its Node and Lease), then starts watching pods and the timers. Throws {@link
   * SkiffException.Unavailable} when the API server does not answer.
   */
  public static HollowCluster start(KubernetesClient client, HollowConfig config) {
    Objects.requireNonNull(client, "client");
    EventPublisher events = new EventPublisher(client, config.clock(), EVENTS);
    Map<String, HollowNode> nodes = new LinkedHashMap<>();
    for (int i = config.firstIndex(); i < config.firstIndex() + config.nodes(); i++) {
      HollowNode node = new HollowNode(client, config, i, ApiEventRecorder.onShared(events, config.nodeName(i)));
      nodes.put(node.name(), node);
    }
    BoundedExecutor syncs = new BoundedExecutor("skiff-hollow-sync", config.podConcurrency(), Duration.ofSeconds(10));
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(16, Thread.ofVirtual().name("skiff-hollow-timer-", 0).factory());
    timers.setRemoveOnCancelPolicy(true);
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().withoutField("spec.nodeName", "").runnableInformer(0);
    HollowCluster cluster = new HollowCluster(nodes, events, syncs, timers, pods);
    try {
      cluster.registerAll();
      pods.addEventHandler(cluster.new Dispatch());
      await(pods.start().toCompletableFuture());
      cluster.scheduleTimers(config);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("{} hollow node(s) {}{}..{}{} running", nodes.size(), config.namePrefix(), config.firstIndex(), config.namePrefix(),
        config.firstIndex() + config.nodes() - 1);
    return cluster;
  }

  private void registerAll() {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    try (BoundedExecutor registering = new BoundedExecutor("skiff-hollow-register", REGISTRATION_CONCURRENCY, Duration.ofSeconds(30))) {
      for (HollowNode node : nodes.values()) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        done.add(f);
        registering.execute(() -> {
          try {
            node.register();
            f.complete(null);
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
      }
    }
    for (CompletableFuture<Void> f : done) {
      await(f);
    }
  }

  private static void await(CompletableFuture<?> f) {
    try {
      f.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while starting hollow nodes", e);
    } catch (ExecutionException e) {
      throw new SkiffException.Unavailable("hollow nodes could not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new SkiffException.Unavailable("hollow nodes could not reach the API server within " + SYNC_TIMEOUT, e);
    }
  }

  private void scheduleTimers(HollowConfig config) {
    int n = Math.max(1, nodes.size());
    int i = 0;
    for (HollowNode node : nodes.values()) {
      long leaseStart = config.leaseRenewal().toMillis() * i / n;
      long statusStart = config.statusPeriod().toMillis() * i / n;
      timers.scheduleWithFixedDelay(() -> guarded("lease renewal of " + node.name(), node::renewLease), leaseStart,
          config.leaseRenewal().toMillis(), TimeUnit.MILLISECONDS);
      timers.scheduleWithFixedDelay(() -> guarded("status of " + node.name(), node::postStatus), statusStart,
          config.statusPeriod().toMillis(), TimeUnit.MILLISECONDS);
      i++;
    }
    timers.scheduleWithFixedDelay(() -> guarded("pod resync", this::resyncAll), RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The node of that name. */
  public HollowNode node(String name) {
    HollowNode node = nodes.get(name);
    if (node == null) {
      throw new SkiffException.NotFound("no hollow node " + name);
    }
    return node;
  }

  public Collection<HollowNode> nodes() {
    return nodes.values();
  }

  /** Stops a node as a kubelet that died: no lease renewals, no status, its pods left alone. */
  public void stop(String name) {
    node(name).stop();
  }

  /** Brings a stopped node back: lease and status at once, then every pod bound to it is synced again. */
  public void resume(String name) {
    HollowNode node = node(name);
    node.resume();
    for (Pod pod : pods.getStore().list()) {
      if (name.equals(pod.getSpec().getNodeName())) {
        work.submit(pod.getMetadata().getUid(), new PodWork.Change.Updated(pod));
      }
    }
  }

  private void resyncAll() {
    for (Pod pod : pods.getStore().list()) {
      HollowNode node = nodes.get(pod.getSpec().getNodeName());
      if (node != null && node.alive()) {
        work.submit(pod.getMetadata().getUid(), new PodWork.Change.Updated(pod));
      }
    }
  }

  private void handle(String uid, PodWork.Change change) {
    switch (change) {
      case PodWork.Change.Updated u -> {
        HollowNode node = nodes.get(u.pod().getSpec().getNodeName());
        if (node != null) {
          guarded("sync of pod " + u.pod().getMetadata().getNamespace() + "/" + u.pod().getMetadata().getName(), () -> node.sync(u.pod()));
        }
      }
      case PodWork.Change.Gone g -> {
        HollowNode node = nodes.get(g.pod().getSpec().getNodeName());
        if (node != null) {
          node.forget(uid);
        }
      }
    }
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      long n = failures.incrementAndGet();
      if (n <= 10 || n % 1000 == 0) {
        LOG.warn("{} failed ({} failure(s) so far): {}", what, n, e.getMessage());
      }
    }
  }

  /** Routes pod events to the node they are bound to. */
  private final class Dispatch implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      route(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      route(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      if (nodes.containsKey(pod.getSpec().getNodeName())) {
        work.submit(pod.getMetadata().getUid(), new PodWork.Change.Gone(pod));
      }
    }

    private void route(Pod pod) {
      if (nodes.containsKey(pod.getSpec().getNodeName())) {
        work.submit(pod.getMetadata().getUid(), new PodWork.Change.Updated(pod));
      }
    }
  }

  @Override
  public void close() {
    pods.stop();
    timers.shutdownNow();
    syncs.close();
    events.close();
  }
}
