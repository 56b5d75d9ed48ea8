package io.skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.skiff.common.Backoff;
import io.skiff.common.SkiffException;
import io.skiff.events.EventPublisher;
import io.skiff.events.EventSource;
import io.skiff.events.ObjectEvent;
import io.skiff.events.QueueSettings;
import io.skiff.scheduler.framework.LabelSelectors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' disruption controller, through the API only: informers on PodDisruptionBudgets and pods; a budget is
 * synced when it or a pod it selects changes, and again when an entry of its disruptedPods is due to expire. A sync
 * computes the status ({@link BudgetArithmetic}) and writes it through the status subresource on the informer's
 * resourceVersion (a conflict re-queues the budget). When the expected pod count cannot be computed (percentages and
 * maxUnavailable need the scale of the pods' controllers, which skiff cannot look up), it records
 * {@code CalculateExpectedPodCountFailed} and writes Kubernetes' fail-safe status: disruptionsAllowed 0, condition
 * {@code DisruptionAllowed=False} reason {@code SyncFailed}. Events as Kubernetes': {@code NoPods}, {@code UnmanagedPods},
 * {@code NotDeleted} and {@code MultiplePodDisruptionBudgets}. A {@code DisruptionTarget} condition left on a pod that
 * was not deleted is turned False after two minutes ({@link StaleDisruptionTarget}).
 */
public final class DisruptionController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DisruptionController.class);
  public static final String COMPONENT = "disruption-controller";
  /** Kubernetes' disruption controller records its events as the controller manager. */
  private static final EventSource SOURCE = EventSource.component("controllermanager");
  private static final Duration POLL = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final InstantSource clock;
  private final SharedIndexInformer<PodDisruptionBudget> budgets;
  private final SharedIndexInformer<Pod> pods;
  private final BudgetQueue queue;
  private final BudgetQueue stalePods;
  private final Backoff retries;
  private final EventPublisher events;
  private final Thread worker;
  private final Thread staleWorker;

  private DisruptionController(KubernetesClient client, InstantSource clock, SharedIndexInformer<PodDisruptionBudget> budgets,
      SharedIndexInformer<Pod> pods) {
    this.client = client;
    this.clock = clock;
    this.budgets = budgets;
    this.pods = pods;
    this.queue = new BudgetQueue(clock);
    this.stalePods = new BudgetQueue(clock);
    this.retries = new Backoff(clock, Duration.ofMillis(5), Duration.ofSeconds(1000));
    this.events = new EventPublisher(client, clock, QueueSettings.ordered("skiff-" + COMPONENT + "-events", 8192, Duration.ofSeconds(5)));
    this.worker = Thread.ofVirtual().name("skiff-" + COMPONENT).unstarted(this::run);
    this.staleWorker = Thread.ofVirtual().name("skiff-" + COMPONENT + "-stale-pods").unstarted(this::runStalePods);
  }

  /** Starts the informers and the worker; returns once both caches are filled. */
  public static DisruptionController start(KubernetesClient client, InstantSource clock) {
    Objects.requireNonNull(client, "client");
    SharedIndexInformer<PodDisruptionBudget> budgets = client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0);
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
    DisruptionController c = new DisruptionController(client, clock, budgets, pods);
    budgets.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PodDisruptionBudget pdb) {
        c.queue.add(Cache.metaNamespaceKeyFunc(pdb));
      }

      @Override
      public void onUpdate(PodDisruptionBudget old, PodDisruptionBudget pdb) {
        c.queue.add(Cache.metaNamespaceKeyFunc(pdb));
      }

      @Override
      public void onDelete(PodDisruptionBudget pdb, boolean finalStateUnknown) {
        c.queue.add(Cache.metaNamespaceKeyFunc(pdb));
      }
    });
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        c.podChanged(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        c.podChanged(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        c.podChanged(pod);
      }
    });
    try {
      budgets.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
      pods.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      c.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new SkiffException.Unavailable("the disruption controller could not list PodDisruptionBudgets and pods: " + e.getMessage(), e);
    }
    c.worker.start();
    c.staleWorker.start();
    LOG.info("disruption controller started");
    return c;
  }

  public static DisruptionController start(KubernetesClient client) {
    return start(client, InstantSource.system());
  }

  /**
   * Queues the budgets that select the pod, and the pod itself when it carries a DisruptionTarget condition that will
   * turn stale; a pod selected by several budgets gets Kubernetes' warning.
   */
  private void podChanged(Pod pod) {
    StaleDisruptionTarget.cleanAfter(pod, clock.instant()).ifPresent(after -> stalePods.addAfter(Cache.metaNamespaceKeyFunc(pod), after));
    List<PodDisruptionBudget> matching = budgetsOf(pod);
    if (matching.size() > 1) {
      String message = "Pod \"" + pod.getMetadata().getNamespace() + "\"/\"" + pod.getMetadata().getName()
          + "\" matches multiple PodDisruptionBudgets.  Chose \"" + matching.get(0).getMetadata().getName() + "\" arbitrarily.";
      events.record(ObjectEvent.of(SOURCE, ref(pod), "Warning", "MultiplePodDisruptionBudgets", message));
    }
    matching.forEach(pdb -> queue.add(Cache.metaNamespaceKeyFunc(pdb)));
  }

  private List<PodDisruptionBudget> budgetsOf(Pod pod) {
    List<PodDisruptionBudget> matching = new ArrayList<>();
    for (PodDisruptionBudget pdb : budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
      if (pdb.getSpec() != null && LabelSelectors.matches(pdb.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        matching.add(pdb);
      }
    }
    return matching;
  }

  private List<Pod> podsOf(PodDisruptionBudget pdb) {
    List<Pod> selected = new ArrayList<>();
    if (pdb.getSpec() == null) {
      return selected;
    }
    for (Pod pod : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pdb.getMetadata().getNamespace())) {
      if (LabelSelectors.matches(pdb.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        selected.add(pod);
      }
    }
    return selected;
  }

  private void run() {
    while (true) {
      Optional<String> key;
      try {
        key = queue.take(POLL);
      } catch (InterruptedException e) {
        return;
      }
      if (key.isEmpty()) {
        return;
      }
      try {
        if (sync(key.get())) {
          retries.forgetIf(key.get()::equals);
        } else {
          queue.addAfter(key.get(), retries.step(key.get(), clock.instant()));
        }
      } catch (RuntimeException e) {
        LOG.warn("syncing PodDisruptionBudget {} failed: {}", key.get(), e.getMessage());
        queue.addAfter(key.get(), retries.step(key.get(), clock.instant()));
      }
    }
  }

  /** Kubernetes' {@code sync}: true when the budget's status is as computed, false to retry later. */
  private boolean sync(String key) {
    PodDisruptionBudget pdb = budgets.getStore().getByKey(key);
    if (pdb == null) {
      return true;
    }
    List<Pod> selected = podsOf(pdb);
    Instant now = clock.instant();
    if (selected.isEmpty()) {
      events.record(ObjectEvent.of(SOURCE, ref(pdb), "Normal", "NoPods", "No matching pods found"));
    }
    BudgetArithmetic.Expectation expectation;
    try {
      expectation = BudgetArithmetic.expectation(pdb.getSpec(), selected);
    } catch (BudgetArithmetic.ScaleUnknown e) {
      events.record(ObjectEvent.of(SOURCE, ref(pdb), "Warning", "CalculateExpectedPodCountFailed",
          "Failed to calculate the number of expected pods: " + e.getMessage()));
      failSafe(pdb, e.getMessage(), now);
      return false;
    }
    if (!expectation.unmanagedPods().isEmpty()) {
      events.record(ObjectEvent.of(SOURCE, ref(pdb), "Warning", "UnmanagedPods", "Pods selected by this PodDisruptionBudget (selector: "
          + SelectorText.of(pdb.getSpec().getSelector()) + ") were found to be unmanaged. As a result, the status of the PDB cannot be "
          + "calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" "
          + "field of the PDB to an integer value."));
    }
    BudgetArithmetic.Sync computed = BudgetArithmetic.sync(pdb, selected, expectation, now);
    for (BudgetArithmetic.NotDeleted gone : computed.notDeleted()) {
      // Kubernetes names the budget as "<namespace>/<namespace>" in this event; skiff keeps its text.
      String ns = pdb.getMetadata().getNamespace();
      events.record(ObjectEvent.of(SOURCE, podRef(ns, gone.pod()), "Warning", "NotDeleted",
          "Pod was expected by PDB " + ns + "/" + ns + " to be deleted but it wasn't"));
    }
    if (BudgetArithmetic.changed(pdb, computed.status())) {
      try {
        write(pdb, computed.status());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 || e.getCode() == 404) {
          return e.getCode() == 404;
        }
        LOG.warn("writing the status of PodDisruptionBudget {} failed: {}", key, e.getMessage());
        failSafe(pdb, e.getMessage(), now);
        return false;
      }
    }
    computed.recheckAt().ifPresent(at -> queue.addAfter(key, Duration.between(now, at)));
    return true;
  }

  private void runStalePods() {
    while (true) {
      Optional<String> key;
      try {
        key = stalePods.take(POLL);
      } catch (InterruptedException e) {
        return;
      }
      if (key.isEmpty()) {
        return;
      }
      try {
        resetStaleCondition(key.get());
      } catch (RuntimeException e) {
        LOG.warn("clearing the DisruptionTarget condition of pod {} failed: {}", key.get(), e.getMessage());
        stalePods.addAfter(key.get(), retries.step("pod/" + key.get(), clock.instant()));
      }
    }
  }

  /** Kubernetes' {@code syncStalePodDisruption}: turns a stale DisruptionTarget condition False, or waits for it to be stale. */
  private void resetStaleCondition(String key) {
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null) {
      return;
    }
    Instant now = clock.instant();
    Optional<Duration> after = StaleDisruptionTarget.cleanAfter(pod, now);
    if (after.isEmpty()) {
      return;
    }
    if (!after.get().isZero()) {
      stalePods.addAfter(key, after.get());
      return;
    }
    Pod updated = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editStatus()
        .withConditions(StaleDisruptionTarget.reset(pod, now)).endStatus().build();
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
    LOG.info("reset the stale DisruptionTarget condition of pod {} to False", key);
  }

  private void failSafe(PodDisruptionBudget pdb, String error, Instant now) {
    try {
      write(pdb, BudgetArithmetic.failSafe(pdb, error, now));
    } catch (KubernetesClientException e) {
      LOG.debug("writing the fail-safe status of PodDisruptionBudget {}/{} failed: {}", pdb.getMetadata().getNamespace(),
          pdb.getMetadata().getName(), e.getMessage());
    }
  }

  private void write(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
    PodDisruptionBudget updated = new PodDisruptionBudgetBuilder(pdb).withStatus(status).build();
    client.policy().v1().podDisruptionBudget().inNamespace(pdb.getMetadata().getNamespace()).resource(updated).updateStatus();
  }

  private static ObjectReference ref(HasMetadata o) {
    return new ObjectReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind()).withNamespace(o.getMetadata().getNamespace())
        .withName(o.getMetadata().getName()).withUid(o.getMetadata().getUid()).withResourceVersion(o.getMetadata().getResourceVersion()).build();
  }

  private static ObjectReference podRef(String namespace, String name) {
    return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod").withNamespace(namespace).withName(name).build();
  }

  @Override
  public void close() {
    queue.close();
    stalePods.close();
    try {
      worker.join(Duration.ofSeconds(10));
      staleWorker.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    budgets.stop();
    pods.stop();
    events.close();
  }
}
