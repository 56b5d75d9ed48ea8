package io.skiff.scheduler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.BoundedExecutor;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.OnClose;
import io.skiff.events.QueueSettings;
import io.skiff.scheduler.cache.ClusterCache;
import io.skiff.scheduler.client.ApiBinder;
import io.skiff.scheduler.client.ApiEventRecorder;
import io.skiff.scheduler.client.ApiPodStatusWriter;
import io.skiff.scheduler.client.ApiPreemptor;
import io.skiff.scheduler.client.NamespaceEventHandler;
import io.skiff.scheduler.client.NodeEventHandler;
import io.skiff.scheduler.client.PodEventHandler;
import io.skiff.scheduler.client.SchedulerSerialization;
import io.skiff.scheduler.cycle.SchedulingCycle;
import io.skiff.scheduler.framework.Placer;
import io.skiff.scheduler.plugins.DefaultPlugins;
import io.skiff.scheduler.queue.QueuedPod;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scheduler: pod, node and namespace informers (through the given fabric8 client) feed the cache and the
 * queue, and one virtual thread takes pods from the queue and runs a {@link SchedulingCycle} for each, one at a time;
 * bindings run on up to {@value #BINDING_CONCURRENCY} virtual threads and events are posted in the background.
 * Like kube-scheduler, it talks to the API server through a client of its own: one with the caller's configuration and
 * the cheaper {@link SchedulerSerialization} (unless the caller's client already has it), closed with the scheduler.
 * {@link #close()} stops it; the caller's client stays open and belongs to the caller.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  /** How many bindings may be in flight at once (the scheduling loop waits beyond that). */
  static final int BINDING_CONCURRENCY = 64;
  /** Events wait in a bounded queue, posted by a few workers; stopping posts what is queued for at most STOP_WAIT. */
  /**
   * The JSON mapping of the clients schedulers make for themselves, one for all: its Jackson deserializers (and the
   * accessor classes Blackbird generates for them) are built once per JVM, not again by each scheduler that starts (a
   * new leader, a restart).
   */
  private static final SchedulerSerialization SERIALIZATION = new SchedulerSerialization();
  private static final QueueSettings EVENTS = new QueueSettings("skiff-scheduler-events", 16_384, 8, new OnClose.Drain(STOP_WAIT));

  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Namespace> namespaces;
  private final SchedulingQueue queue;
  private final SchedulingCycle cycle;
  private final BoundedExecutor bindings;
  private final ApiEventRecorder events;
  private final Thread loop;
  /** The client this scheduler made for itself, or null when it uses the caller's. */
  private final KubernetesClient own;

  private Scheduler(SharedIndexInformer<Pod> pods, SharedIndexInformer<Node> nodes, SharedIndexInformer<Namespace> namespaces,
                    SchedulingQueue queue, SchedulingCycle cycle, BoundedExecutor bindings, ApiEventRecorder events, KubernetesClient own) {
    this.pods = pods;
    this.nodes = nodes;
    this.namespaces = namespaces;
    this.queue = queue;
    this.cycle = cycle;
    this.bindings = bindings;
    this.events = events;
    this.own = own;
    this.loop = Thread.ofVirtual().name("skiff-scheduler").unstarted(this::run);
  }

  /**
   * Starts the informers, waits until both have listed once (at most {@code config.syncTimeout()}), then starts
   * scheduling. Throws {@link SkiffException.Unavailable} when the API server does not answer in time.
   */
  public static Scheduler start(KubernetesClient callers, SchedulerConfig config) {
    KubernetesClient own = callers.getKubernetesSerialization() instanceof SchedulerSerialization ? null
        : new KubernetesClientBuilder().withConfig(callers.getConfiguration()).withKubernetesSerialization(SERIALIZATION).build();
    try {
      return start(own == null ? callers : own, own, config);
    } catch (RuntimeException | Error e) {
      if (own != null) {
        own.close();
      }
      throw e;
    }
  }

  private static Scheduler start(KubernetesClient client, KubernetesClient own, SchedulerConfig config) {
    ClusterCache cache = new ClusterCache();
    SchedulingQueue queue = new SchedulingQueue(config.clock(), config.backoff(), config.maxUnschedulable());
    BoundedExecutor bindings = new BoundedExecutor("skiff-scheduler-bind", BINDING_CONCURRENCY, STOP_WAIT);
    ApiEventRecorder events = new ApiEventRecorder(new EventPublisher(client, config.clock(), EVENTS), config.schedulerName(),
        config.instanceName());
    SchedulingCycle cycle = new SchedulingCycle(cache, queue, new Placer(DefaultPlugins.profile(), new SplittableRandom(), config.percentageOfNodesToScore()),
        new ApiBinder(client), events, new ApiPodStatusWriter(client, config.clock()), new ApiPreemptor(client, config.clock()), bindings);
    SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
    namespaces.addEventHandler(new NamespaceEventHandler(cache));
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    nodes.addEventHandler(new NodeEventHandler(cache, queue));
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
    pods.addEventHandler(new PodEventHandler(cache, queue, config.schedulerName()));
    Scheduler scheduler = new Scheduler(pods, nodes, namespaces, queue, cycle, bindings, events, own);
    try {
      long deadline = System.nanoTime() + config.syncTimeout().toNanos();
      awaitSync(namespaces, deadline);
      awaitSync(nodes, deadline);
      awaitSync(pods, deadline);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
    scheduler.loop.start();
    LOG.info("scheduler {} started", config.schedulerName());
    return scheduler;
  }

  private static void awaitSync(SharedIndexInformer<?> informer, long deadline) {
    String what = informer.getApiTypeClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "s";
    try {
      informer.start().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SkiffException.Unavailable("the scheduler could not list " + what + " from the API server in time", e);
    } catch (ExecutionException e) {
      throw new SkiffException.Unavailable("the scheduler could not list " + what + " from the API server: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while the scheduler listed " + what, e);
    }
  }

  private void run() {
    while (true) {
      Optional<QueuedPod> next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (next.isEmpty()) {
        return;
      }
      try {
        cycle.run(next.get());
      } catch (RuntimeException e) {
        LOG.error("scheduling pod {}/{} failed", next.get().pod().getMetadata().getNamespace(),
            next.get().pod().getMetadata().getName(), e);
        queue.requeueAfterError(next.get().uid());
      }
    }
  }

  /** True while the scheduling loop runs. */
  public boolean isRunning() {
    return loop.isAlive();
  }

  /** Stops the loop and the informers; waits for a cycle and the bindings in progress to end. Idempotent. */
  @Override
  public void close() {
    queue.close();
    pods.stop();
    nodes.stop();
    namespaces.stop();
    if (loop.isAlive()) {
      try {
        if (!loop.join(STOP_WAIT)) {
          loop.interrupt();
          loop.join(STOP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    bindings.close();
    events.close();
    if (own != null) {
      own.close();
    }
  }
}
