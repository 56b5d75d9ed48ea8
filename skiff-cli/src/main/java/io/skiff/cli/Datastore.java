package io.skiff.cli;

import java.nio.file.Path;

/**
 * Where the cluster's state lives, as k3s's datastore flags say it.
 *
 * @param endpoint the {@code --datastore-endpoint}: null or blank for the embedded SQLite store in the data dir,
 *                 {@code sqlite://FILE}, or comma-separated etcd URLs ({@code http://…}, {@code https://…})
 * @param caFile   {@code --datastore-cafile}: the CA of etcd's serving certificate
 * @param certFile {@code --datastore-certfile}: this server's client certificate for etcd
 * @param keyFile  {@code --datastore-keyfile}: its key
 */
public record Datastore(String endpoint, Path caFile, Path certFile, Path keyFile) {

  /** The embedded SQLite store in the data dir. */
  public static Datastore embedded() {
    return new Datastore(null, null, null, null);
  }

  /** etcd at {@code endpoints}, without TLS files. */
  public static Datastore etcd(String endpoints) {
    return new Datastore(endpoints, null, null, null);
  }

  /** Whether this is etcd, which several servers may share. */
  public boolean isEtcd() {
    return endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://"));
  }

  /** Whether any TLS file was given. */
  public boolean hasTlsFiles() {
    return caFile != null || certFile != null || keyFile != null;
  }
}
