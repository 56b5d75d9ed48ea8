package io.skiff.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skiff up}: the API server, the controllers and a local node agent, in one process, until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start skiff: the API server on the embedded store (or etcd), "
    + "the scheduler and the local node agent.")
final class UpCommand implements Callable<Integer> {

  @Mixin
  ServerOptions server = new ServerOptions();

  @Option(names = "--disable-agent", description = "Run the control plane only, without the local node agent.")
  boolean disableAgent;

  @Option(names = "--no-install", description = "Do not install missing runtime packages (runc, conmon, catatonit, CNI plugins) with apt-get.")
  boolean noInstall;

  @Option(names = "--node-name", description = "The local node's name (default: the host name).")
  String nodeName;

  @Option(names = "--node-ip", description = "The local node's address, where its agent listens (default: 127.0.0.1 when the API server "
      + "binds to loopback, else the host's first IPv4 address).")
  String nodeIp;

  @Option(names = "--kubelet-port", defaultValue = "10250", description = "HTTPS port of the local node agent's API (default: ${DEFAULT-VALUE}).")
  int kubeletPort;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    ControlPlane plane;
    try {
      plane = server.startPlane();
    } catch (ServerOptions.StartFailure e) {
      System.err.println("skiff: " + e.getMessage());
      return e.code;
    }
    LocalNode node;
    try {
      String bind = server.bindAddress;
      node = LocalNode.start(plane, server.dir(), new LocalNode.Options(!disableAgent, !noInstall, kubeletPort, nodeName,
          nodeIp != null ? nodeIp : bind.startsWith("127.") ? "127.0.0.1" : NodeAddresses.primaryIpv4().orElse("127.0.0.1"), server.ipam(),
          server.allocateNodeCidrs),
          System.out);
    } catch (Exception e) {
      plane.close();
      System.err.println("skiff: cannot start the node: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      plane.close();
      stopped.countDown();
    }, "skiff-shutdown"));
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("skiff is up at " + plane.url() + " (" + ms + " ms). Use it with: export KUBECONFIG=" + plane.kubeconfig());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
