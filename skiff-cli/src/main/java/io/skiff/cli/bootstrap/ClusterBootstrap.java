package io.skiff.cli.bootstrap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.apiserver.pki.Pki;
import io.skiff.store.KeyValue;
import io.skiff.store.Store;
import io.skiff.store.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the data dir hold the cluster's credentials as kept in a shared datastore (k3s's bootstrap data). The first
 * server creates the CA, the admin client certificate and the token, and stores them encrypted with the token's
 * secret at {@code /bootstrap/<hash of the secret>}; a later server started with that token (or with the data dir
 * of an earlier start) decrypts them into its data dir. A datastore that holds a cluster another token opens is
 * refused, as is a data dir whose CA is not the cluster's.
 */
public final class ClusterBootstrap {
  /** Where bootstrap data lives in the datastore: outside /registry, so no API resource ever shows it. */
  public static final String PREFIX = "/bootstrap/";
  /** The files shared by every server, relative to the data dir. */
  static final List<String> FILES = List.of("tls/ca.crt", "tls/ca.key", "tls/client-admin.crt", "tls/client-admin.key", "token");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened. */
  public enum Outcome {
    /** The datastore held no cluster: this server's credentials are now the cluster's. */
    CREATED,
    /** The cluster's credentials were taken from the datastore. */
    JOINED
  }

  private ClusterBootstrap() {}

  /**
   * Brings the cluster's credentials into {@code dataDir}.
   *
   * @param token         the {@code --token} given, if any (else the data dir's token file, if any)
   * @param datastoreName the datastore as the user named it, for messages
   */
  public static Outcome ensure(Store store, Path dataDir, Optional<String> token, String datastoreName) throws BootstrapException {
    Optional<JoinToken> given = parse(token);
    Optional<JoinToken> known = given.isPresent() ? given : localToken(dataDir);
    List<KeyValue> clusters = store.list(PREFIX, 0, 0, null).items();
    if (known.isPresent()) {
      String key = keyFor(known.get());
      Optional<KeyValue> mine = clusters.stream().filter(kv -> kv.key().equals(key)).findFirst();
      if (mine.isPresent()) {
        join(mine.get(), known.get(), dataDir);
        return Outcome.JOINED;
      }
      if (!clusters.isEmpty()) {
        throw new BootstrapException("the datastore " + datastoreName + " holds a cluster that " + (given.isPresent() ? "the given --token" : "the token in "
            + dataDir.resolve("token")) + " does not open: give the token of that cluster (its first server's DATA_DIR/token)", null);
      }
    } else if (!clusters.isEmpty()) {
      throw new BootstrapException("the datastore " + datastoreName + " holds a cluster: start this server with --token "
          + "(the first server's DATA_DIR/token)", null);
    }
    JoinToken created = known.orElseGet(() -> new JoinToken(Optional.empty(), randomSecret()));
    return create(store, dataDir, created, datastoreName);
  }

  private static Outcome create(Store store, Path dataDir, JoinToken token, String datastoreName) throws BootstrapException {
    Pki pki = Pki.openOrCreate(dataDir.resolve("tls"));
    if (token.caHash().isPresent() && !token.caHash().get().equals(pki.caHash())) {
      throw new BootstrapException("the token pins a CA that is not this data dir's, and the datastore " + datastoreName
          + " holds no cluster: give the token of this data dir's cluster, or a plain secret to start a new one", null);
    }
    pki.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
    write(dataDir.resolve("token"), token.full(pki.caHash()) + "\n");
    String key = keyFor(token);
    byte[] sealed = BootstrapCipher.seal(token.secret(), key, bundle(dataDir));
    return switch (store.create(key, sealed)) {
      case WriteResult.Ok ok -> Outcome.CREATED;
      case WriteResult.Conflict c -> {
        // Another server with the same token created the cluster at the same moment: take its credentials instead.
        for (String file : FILES) {
          delete(dataDir.resolve(file));
        }
        join(c.current().orElseThrow(() -> new BootstrapException("the bootstrap data in " + datastoreName + " vanished while starting", null)),
            token, dataDir);
        yield Outcome.JOINED;
      }
    };
  }

  private static void join(KeyValue stored, JoinToken token, Path dataDir) throws BootstrapException {
    byte[] plain;
    try {
      plain = BootstrapCipher.open(token.secret(), stored.key(), stored.value());
    } catch (BootstrapCipher.WrongSecret e) {
      throw new BootstrapException(e.getMessage(), e);
    }
    Map<String, String> files;
    try {
      files = JSON.readValue(plain, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (IOException e) {
      throw new BootstrapException("the cluster's bootstrap data is not readable: " + e.getMessage(), e);
    }
    String caPem = files.get("tls/ca.crt");
    if (caPem == null || !files.keySet().containsAll(FILES)) {
      throw new BootstrapException("the cluster's bootstrap data lacks files: it has " + files.keySet(), null);
    }
    if (token.caHash().isPresent() && !token.caHash().get().equals(Pki.sha256Hex(caPem))) {
      throw new BootstrapException("the cluster CA in the datastore does not match the CA hash the token pins", null);
    }
    Path localCa = dataDir.resolve("tls/ca.crt");
    try {
      if (Files.exists(localCa) && !Files.readString(localCa).equals(caPem)) {
        throw new BootstrapException("the data dir " + dataDir + " holds the CA of another cluster than the datastore's: start with an empty "
            + "data dir to join this cluster", null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String file : FILES) {
      write(dataDir.resolve(file), files.get(file));
    }
  }

  private static byte[] bundle(Path dataDir) {
    Map<String, String> files = new LinkedHashMap<>();
    try {
      for (String file : FILES) {
        files.put(file, Files.readString(dataDir.resolve(file)));
      }
      return JSON.writeValueAsBytes(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the credentials in " + dataDir, e);
    }
  }

  /** The datastore key of a token's cluster: a hash of the secret, never the secret. */
  static String keyFor(JoinToken token) {
    return PREFIX + Pki.sha256Hex("skiff-bootstrap:" + token.secret()).substring(0, 32);
  }

  private static Optional<JoinToken> parse(Optional<String> token) throws BootstrapException {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JoinToken.parse(token.get()));
    } catch (IllegalArgumentException e) {
      throw new BootstrapException("--token: " + e.getMessage(), e);
    }
  }

  private static Optional<JoinToken> localToken(Path dataDir) throws BootstrapException {
    Path file = dataDir.resolve("token");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JoinToken.parse(Files.readString(file)));
    } catch (IOException | IllegalArgumentException e) {
      throw new BootstrapException("cannot use the token in " + file + ": " + e.getMessage(), e);
    }
  }

  private static String randomSecret() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  private static void write(Path file, String text) {
    try {
      Pki.write(file, text, !file.getFileName().toString().endsWith(".crt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

}
