package io.skiff.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code skiff server}: the control plane only (API server and, while this server leads, the controllers), no node
 * agent. Several servers on one etcd serve one cluster: the second and later ones join with {@code --token}.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Start a control plane without a node agent; several servers "
    + "on one etcd (--datastore-endpoint) serve one cluster, the later ones started with --token.")
final class ServerCommand implements Callable<Integer> {

  @Mixin
  ServerOptions server = new ServerOptions();

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    ControlPlane plane;
    try {
      plane = server.startPlane();
    } catch (ServerOptions.StartFailure e) {
      System.err.println("skiff server: " + e.getMessage());
      return e.code;
    }
    KubernetesClient client;
    AutoCloseable controllers;
    try {
      client = LoopbackClient.create(plane.kubeconfig());
      controllers = Controllers.start(client, true, plane.dataDir(), server.allocation());
    } catch (Exception e) {
      plane.close();
      System.err.println("skiff server: cannot start the controllers: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        controllers.close();
      } catch (Exception e) {
        System.err.println("skiff server: while stopping the controllers: " + e.getMessage());
      }
      client.close();
      plane.close();
      stopped.countDown();
    }, "skiff-shutdown"));
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("skiff server is up at " + plane.url() + " (" + ms + " ms, " + (plane.bootstrap() == io.skiff.cli.bootstrap.ClusterBootstrap.Outcome.JOINED
        ? "joined the cluster in the datastore" : "new cluster") + "). Use it with: export KUBECONFIG=" + plane.kubeconfig());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
