package io.skiff.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.skiff.images.ImagesConfig;
import io.skiff.images.LocalImageService;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistriesYaml;
import io.skiff.images.registry.RegistryClientConfig;
import io.skiff.images.testing.LocalRegistry;
import io.skiff.images.testing.TestImages;
import io.skiff.kubelet.NodeAgent;
import io.skiff.kubelet.NodeAgentConfig;
import io.skiff.kubelet.server.AgentServerConfig;
import io.skiff.runtime.SandboxStatus;
import io.skiff.runtime.cni.NetworkConfig;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.CommandLine;
import io.skiff.runtime.host.MountInfo;
import io.skiff.runtime.host.ProcessRunner;
import io.skiff.runtime.runc.RuncRuntime;
import io.skiff.runtime.runc.RuntimeConfig;
import io.skiff.scheduler.Scheduler;
import io.skiff.scheduler.SchedulerConfig;
import io.skiff.testing.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Not a test: the shared fixture of the {@code Pod*IT} end-to-end tests (kept in a file of that name by the module's
 * rule for new test files). {@link Cluster} starts a control plane, the scheduler, a local registry that mirrors
 * docker.io and serves {@code centos:7} (busybox-static and bash-static), a runtime on a test-unique bridge, subnet
 * and cgroup parent, and the node agent with its logs in a temporary directory. Closing removes every pod through the
 * API, stops everything and then clears whatever the test could have left on the host.
 */
final class PodFixturesIT {
  private PodFixturesIT() {}

  static final Duration WAIT = Duration.ofSeconds(60);

  /** One single-node cluster with real pods. */
  static final class Cluster implements AutoCloseable {
    final String tag;
    final Path dir;
    ControlPlane plane;
    KubernetesClient client;
    LocalRegistry registry;
    LocalImageService images;
    final RuntimeConfig runtimeConfig;
    final String bridge;
    final String subnet;
    final String cgroupParent;
    final Path agentDir;
    final Path logRoot;
    final String nodeName;
    RuncRuntime runtime;
    NodeAgent agent;
    Scheduler scheduler;
    private final List<RuncRuntime> opened = new ArrayList<>();

    Cluster() throws Exception {
      tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
      dir = Files.createDirectories(Path.of("/tmp/skp-" + tag));
      bridge = "skp" + tag;
      ThreadLocalRandom r = ThreadLocalRandom.current();
      subnet = "10." + r.nextInt(100, 250) + "." + r.nextInt(0, 255) + ".0/24";
      cgroupParent = "/skiff-it-" + tag;
      runtimeConfig = RuntimeConfig.defaults(dir.resolve("rt")).withNetwork(NetworkConfig.defaults().withBridge(bridge, subnet).withIpMasq(false))
          .withCgroupParent(cgroupParent);
      agentDir = dir.resolve("agent");
      logRoot = dir.resolve("logs");
      nodeName = "node-" + tag;
      try {
        startAll();
      } catch (Exception | Error e) {
        try {
          close();
        } catch (Exception | Error cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }

    private void startAll() throws Exception {
      plane = ControlPlane.start(new ControlPlane.Config(dir.resolve("cp"), "127.0.0.1", 0, null));
      Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
      // The API server does not answer fabric8's WebSocket watch upgrade yet (see SchedulerIT): watch over plain HTTP.
      config.setOnlyHttpWatches(true);
      client = new KubernetesClientBuilder().withConfig(config).build();
      registry = LocalRegistry.start(dir.resolve("reg"), LocalRegistry.Auth.NONE);
      TestImages.buildAndPush(Files.createDirectories(dir.resolve("layouts")),
          TestImages.image().layer(TestImages.busybox()).layer(TestImages.bash())
              .layer(TestImages.layer().dir("opt").dir("root").dir("var").dir("var/tmp").build()).cmd("/bin/bash"), registry, "library/centos:7");
      RegistriesConfig mirrors = RegistriesYaml.parse("""
          mirrors:
            docker.io:
              endpoint:
                - "http://%s"
          """.formatted(registry.host()), "test");
      images = new LocalImageService(new ImagesConfig(dir.resolve("images"), mirrors, RegistryClientConfig.DEFAULT, 3));
      runtime = openRuntime();
      agent = startAgent();
      scheduler = Scheduler.start(client, SchedulerConfig.defaults());
    }

    RuncRuntime openRuntime() {
      RuncRuntime rt = RuncRuntime.open(runtimeConfig);
      opened.add(rt);
      return rt;
    }

    NodeAgent startAgent() {
      return NodeAgent.start(client, NodeAgentConfig.of(nodeName, agentDir, subnet, images, runtime)
          .withPodLogRoot(logRoot)
          .withNodeAddress("127.0.0.1")
          .withServer(new AgentServerConfig("127.0.0.1", 0, dir.resolve("cp/tls/ca.crt"), agentCert("crt"), agentCert("key"))));
    }

    /** The agent's serving certificate, issued by the cluster CA so that the API server's log proxy trusts it. */
    private Path agentCert(String ext) {
      io.skiff.apiserver.pki.Pki.openOrCreate(dir.resolve("cp/tls")).servingCredential("agent-serving",
          java.util.Set.of("localhost"), java.util.Set.of("127.0.0.1"));
      return dir.resolve("cp/tls/agent-serving." + ext);
    }

    /** Stops the agent and its runtime instance, then starts new ones over the same directories (an agent restart). */
    void restartAgent() {
      agent.close();
      runtime = openRuntime();
      agent = startAgent();
    }

    Pod pod(String name) {
      return client.pods().inNamespace("default").withName(name).get();
    }

    Pod awaitPod(String what, String name, java.util.function.Predicate<Pod> done) {
      return Await.until(what, WAIT, () -> pod(name), p -> p != null && done.test(p));
    }

    /** The sandboxes the runtime has for the pod uid. */
    List<SandboxStatus> sandboxes(String uid) {
      return runtime.listSandboxes().stream().filter(s -> s.config().podUid().equals(uid)).toList();
    }

    /** What is left of a pod on the host: sandboxes, directories, mounts, log directory, cgroup. */
    List<String> leftovers(String uid) throws IOException {
      List<String> out = new ArrayList<>();
      if (!sandboxes(uid).isEmpty()) {
        out.add("sandboxes " + sandboxes(uid));
      }
      if (Files.exists(agentDir.resolve("pods").resolve(uid))) {
        out.add("pod directory " + agentDir.resolve("pods").resolve(uid));
      }
      try (var s = Files.list(Files.createDirectories(logRoot))) {
        s.filter(p -> p.getFileName().toString().endsWith("_" + uid)).forEach(p -> out.add("log directory " + p));
      }
      for (MountInfo m : MountInfo.current()) {
        if (m.mountPoint().toString().contains(uid)) {
          out.add("mount " + m.mountPoint());
        }
      }
      for (Path cg : CgroupFs.discover().directories(cgroupParent)) {
        try (var s = Files.walk(cg)) {
          s.filter(p -> p.getFileName().toString().contains(uid.replace('-', '_'))).forEach(p -> out.add("cgroup " + p));
        }
      }
      return out;
    }

    /** GET on the agent's HTTPS API with a client certificate from the cluster CA (as the API server would call it). */
    HttpResponse<String> agentGet(String pathAndQuery) throws Exception {
      ClientCert cred = clientCertificate(dir.resolve("cp/tls/ca.crt"), dir.resolve("cp/tls/ca.key"));
      return agentGet(pathAndQuery, cred.certificate(), cred.key());
    }

    HttpResponse<String> agentGet(String pathAndQuery, X509Certificate cert, java.security.PrivateKey key) throws Exception {
      SSLContext ssl = SSLContext.getInstance("TLS");
      KeyManagerFactory kmf = null;
      if (cert != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, "x".toCharArray(), new Certificate[] {cert});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
      }
      TrustManager trustAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      ssl.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {trustAll}, new SecureRandom());
      try (HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build()) {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + agent.port() + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
      }
    }

    /** A client certificate issued by the CA in the PEM files (the API server's kubelet client would hold one). */
    static ClientCert clientCertificate(Path caCert, Path caKey) throws Exception {
      X509Certificate ca;
      java.security.PrivateKey caPrivate;
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      try (PEMParser p = new PEMParser(Files.newBufferedReader(caCert))) {
        ca = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
      }
      try (PEMParser p = new PEMParser(Files.newBufferedReader(caKey))) {
        Object o = p.readObject();
        caPrivate = o instanceof PEMKeyPair kp ? conv.getPrivateKey(kp.getPrivateKeyInfo()) : conv.getPrivateKey((PrivateKeyInfo) o);
      }
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = gen.generateKeyPair();
      Instant now = Instant.now();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(300)),
          Date.from(now.plusSeconds(3600)), new X500Name("CN=skiff-apiserver-kubelet-client"), pair.getPublic())
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
          .build(new JcaContentSignerBuilder(caPrivate.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(caPrivate));
      return new ClientCert(new JcaX509CertificateConverter().getCertificate(holder), pair.getPrivate());
    }

    record ClientCert(X509Certificate certificate, java.security.PrivateKey key) {}

    @Override
    public void close() throws Exception {
      Exception failure = null;
      if (client != null && agent != null) {
        try {
          for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).withGracePeriod(1).delete();
          }
          Await.until("every pod to be gone", WAIT, () -> client.pods().inAnyNamespace().list().getItems().isEmpty());
        } catch (Exception | AssertionError e) {
          failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
        }
      }
      if (scheduler != null) {
        scheduler.close();
      }
      if (agent != null) {
        agent.close();
      }
      try {
        if (runtime != null) {
          for (SandboxStatus s : runtime.listSandboxes()) {
            runtime.removeSandbox(s.id());
          }
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
      opened.forEach(RuncRuntime::close);
      if (client != null) {
        client.close();
      }
      if (plane != null) {
        plane.close();
      }
      if (registry != null) {
        registry.close();
      }
      forceClean();
      if (failure != null) {
        throw failure;
      }
    }

    private void forceClean() throws IOException {
      ProcessRunner runner = new ProcessRunner();
      Duration t = Duration.ofSeconds(20);
      CgroupFs cgroups = CgroupFs.discover();
      for (Path cg : cgroups.directories(cgroupParent)) {
        try (var s = Files.walk(cg)) {
          s.filter(p -> p.getFileName().toString().equals("cgroup.procs")).forEach(procs -> {
            try {
              for (String pid : Files.readAllLines(procs)) {
                if (!pid.isBlank()) {
                  ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
              }
            } catch (IOException ignored) {
              // gone meanwhile
            }
          });
        }
      }
      List<Path> mounts = MountInfo.current().stream().map(MountInfo::mountPoint).filter(p -> p.startsWith(dir))
          .sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
      for (Path m : mounts) {
        runner.run(CommandLine.of(t, "umount", "-l", m.toString()));
      }
      runner.run(CommandLine.of(t, "ip", "link", "del", bridge));
      Await.until("the test's cgroups to be removable", Duration.ofSeconds(10), () -> {
        try {
          cgroups.removeTree(cgroupParent);
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      });
      TestFiles.deleteTree(dir);
    }
  }

  /** A real terminal for interactive kubectl: a tmux server on a socket of its own, running one session. */
  static final class Tmux implements AutoCloseable {
    private static final String SESSION = "main";
    private final Path socket;

    /** Starts {@code command} (a shell command line) on a {@code columns}x{@code rows} terminal. */
    Tmux(Path socket, int columns, int rows, String command) {
      this.socket = socket;
      run("new-session", "-d", "-s", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows), command);
    }

    static boolean available() {
      return Files.isExecutable(Path.of("/usr/bin/tmux"));
    }

    /** Types {@code line} and Enter. */
    void type(String line) {
      run("send-keys", "-t", SESSION, line, "Enter");
    }

    void resize(int columns, int rows) {
      run("resize-window", "-t", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** What the terminal shows, with its scrollback, wrapped lines joined. */
    String screen() {
      return run("capture-pane", "-p", "-J", "-t", SESSION, "-S", "-100");
    }

    @Override
    public void close() {
      run("kill-server");
    }

    private String run(String... args) {
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/tmux", "-S", socket.toString()));
      cmd.addAll(List.of(args));
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AssertionError("cannot run tmux", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
