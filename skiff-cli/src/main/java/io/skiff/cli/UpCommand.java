package io.skiff.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff up}: the API server on the embedded store, the scheduler and a local node agent, in one process, until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start skiff: the API server on the embedded store, the scheduler and the local node agent.")
final class UpCommand implements Callable<Integer> {

  @Option(names = "--data-dir", description = "State, credentials and kubeconfig (default: /var/lib/skiff as root, ~/.local/share/skiff otherwise).")
  Path dataDir;

  @Option(names = "--bind-address", defaultValue = "127.0.0.1", description = "Address the API server listens on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(names = "--port", defaultValue = "6443", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--datastore-endpoint", description = "Where state lives: leave out for the embedded SQLite store in the data dir.")
  String datastoreEndpoint;

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
    Path dir = dataDir != null ? dataDir : DataDirs.defaultDir();
    ControlPlane plane;
    try {
      plane = ControlPlane.start(new ControlPlane.Config(dir.toAbsolutePath(), bindAddress, port, datastoreEndpoint));
    } catch (IllegalArgumentException e) {
      System.err.println("skiff: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      System.err.println("skiff: cannot start: " + e.getMessage());
      return 1;
    }
    LocalNode node;
    try {
      node = LocalNode.start(plane, dir.toAbsolutePath(), new LocalNode.Options(!disableAgent, !noInstall, kubeletPort, nodeName,
          nodeIp != null ? nodeIp : bindAddress.startsWith("127.") ? "127.0.0.1" : NodeAddresses.primaryIpv4().orElse("127.0.0.1")), System.out);
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
