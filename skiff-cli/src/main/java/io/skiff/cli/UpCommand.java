package io.skiff.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff up}: the API server on the embedded store, in one process, until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start skiff: the API server on the embedded store.")
final class UpCommand implements Callable<Integer> {

  @Option(names = "--data-dir", description = "State, credentials and kubeconfig (default: /var/lib/skiff as root, ~/.local/share/skiff otherwise).")
  Path dataDir;

  @Option(names = "--bind-address", defaultValue = "127.0.0.1", description = "Address the API server listens on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(names = "--port", defaultValue = "6443", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--datastore-endpoint", description = "Where state lives: leave out for the embedded SQLite store in the data dir.")
  String datastoreEndpoint;

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
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
