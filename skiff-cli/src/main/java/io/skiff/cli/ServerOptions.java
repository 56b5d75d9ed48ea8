package io.skiff.cli;

import io.skiff.cli.bootstrap.BootstrapException;
import io.skiff.common.SkiffException;
import io.skiff.controllers.nodeipam.NodeIpamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags of a control plane, shared by {@code skiff up} and {@code skiff server} (k3s's names). */
final class ServerOptions {

  @Option(names = "--data-dir", description = "State, credentials and kubeconfig (default: /var/lib/skiff as root, ~/.local/share/skiff otherwise).")
  Path dataDir;

  @Option(names = "--bind-address", defaultValue = "127.0.0.1", description = "Address the API server listens on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(names = "--port", defaultValue = "6443", description = "HTTPS port of the API server (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--datastore-endpoint", description = "Where state lives: leave out for the embedded SQLite store in the data dir; "
      + "etcd as comma-separated URLs, e.g. http://127.0.0.1:2379 or https://10.0.0.5:2379,https://10.0.0.6:2379.")
  String datastoreEndpoint;

  @Option(names = "--datastore-cafile", description = "The CA of etcd's serving certificate (https endpoints).")
  Path datastoreCafile;

  @Option(names = "--datastore-certfile", description = "The client certificate this server presents to etcd.")
  Path datastoreCertfile;

  @Option(names = "--datastore-keyfile", description = "The key of --datastore-certfile.")
  Path datastoreKeyfile;

  @Option(names = "--token", description = "The cluster token: join the cluster kept in the etcd datastore (the first server's DATA_DIR/token), "
      + "or, for the first server, the secret to make the token from.")
  String token;

  @Option(names = "--token-file", description = "A file holding the cluster token.")
  Path tokenFile;

  @Option(names = "--cluster-cidr", defaultValue = "10.42.0.0/16", description = "The pods' IPv4 network; each node gets a block of it "
      + "(default: ${DEFAULT-VALUE}).")
  String clusterCidr;

  @Option(names = "--node-cidr-mask-size", defaultValue = "24", description = "The prefix length of each node's block of --cluster-cidr "
      + "(default: ${DEFAULT-VALUE}).")
  int nodeCidrMaskSize;

  @Option(names = "--allocate-node-cidrs", arity = "0..1", defaultValue = "true", fallbackValue = "true", description = "Give each node a "
      + "block of --cluster-cidr (kube-controller-manager's flag; default: ${DEFAULT-VALUE}, as k3s). With false, agents need --pod-cidr.")
  boolean allocateNodeCidrs = true;

  /** The node IPAM controller's settings, or empty with {@code --allocate-node-cidrs=false}. */
  Optional<NodeIpamConfig> allocation() throws StartFailure {
    return allocateNodeCidrs ? Optional.of(ipam()) : Optional.empty();
  }

  /** The node IPAM settings; a bad value is a usage error (exit 2). */
  NodeIpamConfig ipam() throws StartFailure {
    try {
      return NodeIpamConfig.of(clusterCidr, nodeCidrMaskSize);
    } catch (IllegalArgumentException e) {
      throw new StartFailure(2, "--cluster-cidr/--node-cidr-mask-size: " + e.getMessage(), e);
    }
  }

  /** A start that failed, with the exit code and the message for the user. */
  static final class StartFailure extends Exception {
    final int code;

    StartFailure(int code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }
  }

  Path dir() {
    return (dataDir != null ? dataDir : DataDirs.defaultDir()).toAbsolutePath();
  }

  /** Starts the control plane, turning every expected failure into a message and an exit code. */
  ControlPlane startPlane() throws StartFailure {
    ipam();
    Optional<String> joinToken;
    try {
      joinToken = token != null ? Optional.of(token.strip()) : tokenFile != null ? Optional.of(Files.readString(tokenFile).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new StartFailure(2, "cannot read --token-file " + tokenFile + ": " + e.getMessage(), e);
    }
    Datastore datastore = new Datastore(datastoreEndpoint, datastoreCafile, datastoreCertfile, datastoreKeyfile);
    try {
      return ControlPlane.start(new ControlPlane.Config(dir(), bindAddress, port, datastore, joinToken));
    } catch (IllegalArgumentException e) {
      throw new StartFailure(2, e.getMessage(), e);
    } catch (BootstrapException e) {
      throw new StartFailure(1, e.getMessage(), e);
    } catch (SkiffException e) {
      throw new StartFailure(1, "cannot start: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StartFailure(1, "cannot start: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new StartFailure(1, "cannot start: " + e, e);
    }
  }
}
