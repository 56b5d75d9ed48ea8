package io.skiff.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skiff.common.SkiffException;
import io.skiff.images.pull.ImageEnsurer;
import io.skiff.images.pull.PullBackoff;
import io.skiff.kubelet.api.ApiConfigSource;
import io.skiff.kubelet.api.ApiPodStatusWriter;
import io.skiff.kubelet.event.ApiEventRecorder;
import io.skiff.kubelet.lifecycle.HookRunner;
import io.skiff.kubelet.lifecycle.Sleeper;
import io.skiff.kubelet.logs.PodLogPaths;
import io.skiff.kubelet.logs.RuntimeContainerLogs;
import io.skiff.kubelet.node.HostInfo;
import io.skiff.kubelet.node.NodeObjects;
import io.skiff.kubelet.node.NodeRegistration;
import io.skiff.kubelet.pleg.PodLifecycleEvent;
import io.skiff.kubelet.pleg.RelistingPleg;
import io.skiff.kubelet.pod.CrashLoopBackoff;
import io.skiff.kubelet.pod.Housekeeping;
import io.skiff.kubelet.pod.PodPaths;
import io.skiff.kubelet.pod.PodSyncer;
import io.skiff.kubelet.pod.RuntimePodSyncer;
import io.skiff.kubelet.pod.PodWorkers;
import io.skiff.kubelet.pod.RuntimePods;
import io.skiff.kubelet.pod.SyncParts;
import io.skiff.kubelet.probe.CommandRunner;
import io.skiff.kubelet.probe.ExecProbe;
import io.skiff.kubelet.probe.GrpcProbe;
import io.skiff.kubelet.probe.HttpGetClient;
import io.skiff.kubelet.probe.HttpProbe;
import io.skiff.kubelet.probe.ProbeTransport;
import io.skiff.kubelet.probe.TcpProbe;
import io.skiff.kubelet.prober.ProbeManager;
import io.skiff.kubelet.prober.Prober;
import io.skiff.kubelet.server.AgentServer;
import io.skiff.kubelet.startup.PodStartupTracker;
import io.skiff.kubelet.startup.StartupStep;
import io.skiff.kubelet.stream.StreamServer;
import io.skiff.kubelet.stream.StreamTargets;
import io.skiff.kubelet.status.StatusManager;
import io.skiff.kubelet.volume.PodVolumes;
import io.skiff.runtime.ContainerId;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.runc.RuncRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: registers the Node, renews its Lease every 10 s, watches the pods bound to it (field selector
 * {@code spec.nodeName}) through a fabric8 informer and runs each on the runtime with one worker per pod; serves
 * container logs over HTTPS; probes containers (one worker per probe) and runs their lifecycle hooks. It talks to the API server only through the given fabric8 client. Closing stops the
 * agent but leaves pods running (a new agent over the same data directory and runtime adopts them); the client,
 * runtime and image service belong to the caller.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  static final Duration LEASE_RENEW = Duration.ofSeconds(10);
  static final Duration NODE_STATUS = Duration.ofMinutes(1);
  static final Duration HOUSEKEEPING = Duration.ofSeconds(10);
  static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STATUS_FLUSH = Duration.ofSeconds(2);
  static final Duration STATUS_RETRY = Duration.ofSeconds(1);

  private final NodeAgentConfig config;
  private final SharedIndexInformer<Pod> informer;
  private final PodWorkers workers;
  private final RelistingPleg pleg;
  private final ScheduledExecutorService timers;
  private final ApiEventRecorder events;
  private final StatusManager statuses;
  private final AgentServer server;
  private final ProbeManager probes;
  private final ProbeTransport probeTransport;
  private final PodStartupTracker startup;
  private final Thread dispatcher;
  private volatile boolean closed;

  private NodeAgent(NodeAgentConfig config, SharedIndexInformer<Pod> informer, PodWorkers workers, RelistingPleg pleg,
      ScheduledExecutorService timers, ApiEventRecorder events, StatusManager statuses, AgentServer server, ProbeManager probes,
      ProbeTransport probeTransport, PodStartupTracker startup) {
    this.config = config;
    this.informer = informer;
    this.workers = workers;
    this.pleg = pleg;
    this.timers = timers;
    this.events = events;
    this.statuses = statuses;
    this.server = server;
    this.probes = probes;
    this.probeTransport = probeTransport;
    this.startup = startup;
    this.dispatcher = Thread.ofVirtual().name("skiff-pleg-dispatch").unstarted(this::dispatch);
  }

  /**
   * Starts the agent: registers the node, starts the API, the informer (waiting up to 30 s for its first list), the
   * lifecycle relisting and the timers. Throws {@link SkiffException.Unavailable} when the API server cannot be reached.
   */
  public static NodeAgent start(KubernetesClient client, NodeAgentConfig config) {
    if (config.runtime() instanceof RuncRuntime r && !r.config().sandboxImage().equals(config.sandboxImage())) {
      throw new SkiffException.BadRequest("the runtime was opened with sandbox image " + r.config().sandboxImage()
          + " but the agent is configured with " + config.sandboxImage());
    }
    HostInfo host = HostInfo.read(config.dataDir());
    String address = config.nodeAddress() != null ? config.nodeAddress() : HostInfo.defaultAddress();
    ApiEventRecorder events = new ApiEventRecorder(client, config.nodeName(), config.clock());
    PodStartupTracker startup = PodStartupTracker.on(config.clock());
    StatusManager status = new StatusManager(new ApiPodStatusWriter(client), STATUS_RETRY, startup);
    ApiConfigSource configs = new ApiConfigSource(client);
    PullBackoff pullBackoff = new PullBackoff(config.clock());
    Mounter mounter = new Mounter();
    PodPaths paths = new PodPaths(config.dataDir().resolve("pods"));
    var allocatable = NodeObjects.allocatable(host);
    CommandRunner commands = (id, argv, timeout) -> config.runtime().execSync(new ContainerId(id), argv, timeout);
    ProbeTransport probeTransport = ProbeTransport.start();
    HttpGetClient http = new HttpGetClient(probeTransport);
    AtomicReference<PodWorkers> woken = new AtomicReference<>();
    ProbeManager probes = new ProbeManager(new Prober(new ExecProbe(commands), new HttpProbe(http), new TcpProbe(), new GrpcProbe(probeTransport),
        events), status::find,
        config.clock(), uid -> {
          PodWorkers w = woken.get();
          if (w != null) {
            w.wake(uid);
          }
        });
    SyncParts parts = new SyncParts(config.runtime(), new RuntimePods(config.runtime(), paths),
        new ImageEnsurer(config.images(), pullBackoff, config.clock(), 1), pullBackoff, config.images().containerRoots(),
        new PodVolumes(paths.podsDir(), configs, allocatable, mounter), configs, events, status, new CrashLoopBackoff(config.clock()), paths,
        new PodLogPaths(config.podLogRoot()), config.nodeName(), address, allocatable,
        new SyncParts.HostDns(host.nameservers(), host.searches()), config.clock(), config.errorRetry(), probes,
        new HookRunner(commands, http, events, Sleeper.SYSTEM), startup);
    PodSyncer syncer = new RuntimePodSyncer(parts);
    PodWorkers workers = new PodWorkers(syncer, config.errorRetry());
    woken.set(workers);
    SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withField("spec.nodeName", config.nodeName()).runnableInformer(0);
    AgentServer server = null;
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, Thread.ofVirtual().name("skiff-agent-timer", 0).factory());
    RelistingPleg pleg = new RelistingPleg(parts.runtimePods()::observeAll, config.plegPeriod(), config.clock());
    if (config.runtime() instanceof io.skiff.runtime.ContainerExits exits) {
      exits.onExit(id -> pleg.relistNow());
    }
    try {
      if (config.server() != null) {
        server = AgentServer.start(config.server(), new RuntimeContainerLogs((ns, name) -> find(informer, ns, name), status, config.runtime()),
            new StreamServer(new StreamTargets((ns, name) -> find(informer, ns, name), status, config.runtime())),
            () -> startup.sli().exposition(), config.clock(), config.nodeName(), List.of(address));
      }
      int port = server == null ? 0 : server.port();
      NodeRegistration registration = new NodeRegistration(client,
          new NodeObjects.Identity(config.nodeName(), address, config.podCidr(), config.runtime().info().nodeInfoString(), port), host, config.clock());
      registration.register();
      registration.renewLease();
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Pod pod) {
          startup.observedOnWatch(pod);
          workers.update(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod pod) {
          startup.observedOnWatch(pod);
          workers.update(pod, PodWorkers.significantChange(oldPod, pod));
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
          startup.forget(pod.getMetadata().getUid());
          workers.removed(pod);
        }
      });
      awaitListed(informer.start().toCompletableFuture(), informer);
      pleg.start();
      Housekeeping housekeeping = new Housekeeping(parts, workers, syncer);
      timers.scheduleWithFixedDelay(() -> guarded("lease renewal", registration::renewLease), LEASE_RENEW.toMillis(), LEASE_RENEW.toMillis(),
          TimeUnit.MILLISECONDS);
      timers.scheduleWithFixedDelay(() -> guarded("node status", registration::updateStatus), NODE_STATUS.toMillis(), NODE_STATUS.toMillis(),
          TimeUnit.MILLISECONDS);
      timers.scheduleWithFixedDelay(() -> guarded("housekeeping", () -> housekeeping.run(() -> uids(informer))), 0, HOUSEKEEPING.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
      informer.close();
      pleg.close();
      timers.shutdownNow();
      workers.close();
      probes.close();
      probeTransport.close();
      status.close();
      events.close();
      if (server != null) {
        server.close();
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof SkiffException se) {
        throw se;
      }
      throw new SkiffException.Unavailable("the node agent could not start: " + e.getMessage(), e);
    }
    NodeAgent agent = new NodeAgent(config, informer, workers, pleg, timers, events, status, server, probes, probeTransport, startup);
    agent.dispatcher.start();
    LOG.info("node agent {} started (address {}, API port {})", config.nodeName(), address, server == null ? "none" : server.port());
    return agent;
  }

  /**
   * Waits until the informer has listed the node's pods. Its start future also waits for the watch's response
   * headers, which an API server may hold back until the first event; the list is all the agent needs to begin.
   */
  private static void awaitListed(java.util.concurrent.CompletableFuture<?> started, SharedIndexInformer<Pod> informer)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
    while (!informer.hasSynced()) {
      if (started.isDone()) {
        started.get();
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the pods bound to this node could not be listed within " + SYNC_TIMEOUT);
      }
      try {
        started.get(50, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException notYet) {
        // listed yet? checked again above
      }
    }
  }

  /** The port of the agent's HTTPS API (published as the node's kubeletEndpoint), or 0 when it serves none. */
  public int port() {
    return server == null ? 0 : server.port();
  }

  public NodeAgentConfig config() {
    return config;
  }

  private void dispatch() {
    while (!closed) {
      try {
        PodLifecycleEvent e = pleg.events().poll(500, TimeUnit.MILLISECONDS);
        if (e != null) {
          startup.step(e.podUid(), StartupStep.RUNTIME_EVENT, e.getClass().getSimpleName());
          workers.wake(e.podUid());
        }
      } catch (InterruptedException ex) {
        return;
      }
    }
  }

  private static Optional<Pod> find(SharedIndexInformer<Pod> informer, String namespace, String name) {
    return Optional.ofNullable(informer.getIndexer().getByKey(namespace + "/" + name));
  }

  private static Set<String> uids(SharedIndexInformer<Pod> informer) {
    return informer.getIndexer().list().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", what, e.getMessage());
    }
  }

  /** Stops watching and syncing; running pods keep running. */
  @Override
  public void close() {
    closed = true;
    informer.close();
    pleg.close();
    timers.shutdownNow();
    dispatcher.interrupt();
    workers.close();
    probes.close();
    probeTransport.close();
    statuses.flush(STATUS_FLUSH);
    statuses.close();
    if (server != null) {
      server.close();
    }
    events.close();
  }
}
