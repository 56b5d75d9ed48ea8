package io.skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.BoundedExecutor;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.events.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' taint eviction controller, through the API only: for each node with {@code NoExecute} taints, the pods
 * bound to it that do not tolerate them are deleted at once, and those that do for {@code tolerationSeconds} are
 * deleted when that time has passed since the controller saw the taint, unless the taint goes first (then "Cancelling
 * deletion of Pod ns/name"). A deletion records "Marking for deletion Pod ns/name" ({@code TaintManagerEviction}),
 * adds the {@code DisruptionTarget} condition ({@code DeletionByTaintManager}) and deletes the pod gracefully; on an
 * unreachable node the pod then stays Terminating until its kubelet returns, as in Kubernetes.
 *
 * <p>Unlike Kubernetes, this controller keeps no cache of all pods: it lists the pods of a tainted node from the API
 * when the node's taints change and again every {@code resyncPeriod}, so a pod bound to an already tainted node, or
 * whose tolerations change, is noticed within that period rather than at once.
 */
public final class TaintEvictionController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaintEvictionController.class);
  public static final String COMPONENT = "taint-eviction-controller";
  private static final EventSource SOURCE = EventSource.component(COMPONENT);
  static final String REASON = "TaintManagerEviction";
  private static final Duration TICK = Duration.ofMillis(200);
  private static final int RETRIES = 5;

  private final KubernetesClient client;
  private final InstantSource clock;
  private final Duration resyncPeriod;
  private final SharedIndexInformer<Node> nodes;
  private final EventPublisher events;
  private final BoundedExecutor deletions;
  private final EvictionQueue queue;
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final Set<String> tainted = new HashSet<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread loop;

  private TaintEvictionController(KubernetesClient client, InstantSource clock, Duration resyncPeriod, SharedIndexInformer<Node> nodes) {
    this.client = client;
    this.clock = clock;
    this.resyncPeriod = resyncPeriod;
    this.nodes = nodes;
    this.events = new EventPublisher(client, clock, QueueSettings.ordered("skiff-" + COMPONENT + "-events", 8192, Duration.ofSeconds(5)));
    this.deletions = new BoundedExecutor("skiff-taint-eviction", 8, Duration.ofSeconds(10));
    this.queue = new EvictionQueue(clock, w -> deletions.execute(() -> evict(w)));
    this.loop = Thread.ofVirtual().name("skiff-taint-eviction").unstarted(this::run);
  }

  /** Starts watching nodes; {@code resyncPeriod} is how often the pods of tainted nodes are listed again (5 s by default). */
  public static TaintEvictionController start(KubernetesClient client, InstantSource clock, Duration resyncPeriod) {
    Objects.requireNonNull(client, "client");
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
    TaintEvictionController c = new TaintEvictionController(client, clock, resyncPeriod, nodes);
    nodes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        if (!noExecute(node).isEmpty()) {
          c.changed.add(node.getMetadata().getName());
        }
      }

      @Override
      public void onUpdate(Node old, Node node) {
        if (!noExecute(old).equals(noExecute(node))) {
          c.changed.add(node.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        c.changed.add(node.getMetadata().getName());
      }
    });
    try {
      nodes.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      c.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SkiffException.Unavailable("the taint eviction controller could not list nodes: " + e.getMessage(), e);
    }
    c.loop.start();
    LOG.info("taint eviction controller started");
    return c;
  }

  public static TaintEvictionController start(KubernetesClient client) {
    return start(client, InstantSource.system(), Duration.ofSeconds(5));
  }

  private void run() {
    Instant nextResync = Instant.MIN;
    while (stop.getCount() > 0) {
      try {
        Instant now = clock.instant();
        Set<String> due = new HashSet<>(changed);
        changed.removeAll(due);
        if (!now.isBefore(nextResync)) {
          due.addAll(tainted);
          nextResync = now.plus(resyncPeriod);
        }
        for (String name : due) {
          handleNode(name);
        }
      } catch (RuntimeException e) {
        LOG.warn("taint eviction pass failed: {}", e.getMessage());
      }
      try {
        if (stop.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void handleNode(String name) {
    Node node = nodes.getStore().getByKey(name);
    List<Taint> taints = node == null ? List.of() : noExecute(node);
    if (taints.isEmpty()) {
      tainted.remove(name);
      for (EvictionQueue.Work w : queue.onNode(name)) {
        cancel(w.key());
      }
      return;
    }
    tainted.add(name);
    Instant now = clock.instant();
    Set<String> present = new HashSet<>();
    for (Pod pod : client.pods().inAnyNamespace().withField("spec.nodeName", name).list().getItems()) {
      String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      present.add(key);
      processPod(key, name, Tolerance.of(taints, pod.getSpec().getTolerations()), now);
    }
    for (EvictionQueue.Work w : queue.onNode(name)) {
      if (!present.contains(w.key())) {
        cancel(w.key());
      }
    }
  }

  /** Kubernetes' {@code processPodOnNode}. */
  private void processPod(String key, String nodeName, Tolerance tolerance, Instant now) {
    if (!tolerance.allTolerated()) {
      cancel(key);
      queue.add(new EvictionQueue.Work(key, nodeName, now, now));
      return;
    }
    if (tolerance.stay().isEmpty()) {
      cancel(key);
      return;
    }
    Optional<EvictionQueue.Work> existing = queue.find(key);
    if (existing.isPresent() && existing.get().createdAt().isBefore(now)) {
      return;
    }
    queue.add(new EvictionQueue.Work(key, nodeName, now, now.plus(tolerance.stay().get())));
  }

  private void cancel(String key) {
    if (queue.cancel(key)) {
      events.record(ObjectEvent.of(SOURCE, podRef(key), "Normal", REASON, "Cancelling deletion of Pod " + key));
    }
  }

  /** Deletes the pod: the event first, then the DisruptionTarget condition, then the delete; retried a few times. */
  private void evict(EvictionQueue.Work work) {
    events.record(ObjectEvent.of(SOURCE, podRef(work.key()), "Normal", REASON, "Marking for deletion Pod " + work.key()));
    String[] nsName = work.key().split("/", 2);
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      try {
        Pod pod = client.pods().inNamespace(nsName[0]).withName(nsName[1]).get();
        if (pod == null) {
          return;
        }
        markDisruptionTarget(pod);
        client.pods().inNamespace(nsName[0]).withName(nsName[1]).delete();
        LOG.info("pod {} deleted: it does not tolerate the NoExecute taints of node {}", work.key(), work.nodeName());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        LOG.debug("deleting pod {} failed (attempt {}): {}", work.key(), attempt + 1, e.getMessage());
      }
    }
    LOG.warn("could not delete pod {} after {} attempts", work.key(), RETRIES);
  }

  private void markDisruptionTarget(Pod pod) {
    List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    if (conditions.stream().anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return;
    }
    PodCondition target = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True").withReason("DeletionByTaintManager")
        .withMessage("Taint manager: deleting due to NoExecute taint")
        .withLastTransitionTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()).build();
    Pod updated = new PodBuilder(pod).editOrNewStatus().addToConditions(target).endStatus().build();
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
  }

  private static ObjectReference podRef(String key) {
    String[] nsName = key.split("/", 2);
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(nsName[0]).withName(nsName[1]).build();
  }

  static List<Taint> noExecute(Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return List.of();
    }
    return node.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
  }

  @Override
  public void close() {
    stop.countDown();
    try {
      loop.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.stop();
    queue.close();
    deletions.close();
    events.close();
  }
}
