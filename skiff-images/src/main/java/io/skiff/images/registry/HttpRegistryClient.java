package io.skiff.images.registry;

import io.skiff.common.SkiffException;
import io.skiff.images.auth.PullCredentials;
import io.skiff.images.auth.RegistryCredentials;
import io.skiff.images.config.Endpoint;
import io.skiff.images.config.RegistriesConfig;
import io.skiff.images.config.RegistryHosts;
import io.skiff.images.content.BlobInfo;
import io.skiff.images.content.BlobWriter;
import io.skiff.images.content.ContentIngester;
import io.skiff.images.oci.Descriptor;
import io.skiff.images.oci.Digest;
import io.skiff.images.oci.MediaTypes;
import io.skiff.images.oci.OciJson;
import io.skiff.images.ref.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RegistryClient} on the JDK HTTP client. Resolution asks with {@code HEAD} first (one cheap request when the
 * digest is already known locally) and falls back to {@code GET}; each endpoint from {@link RegistryHosts} is tried in
 * order. Blobs stream straight into a {@link BlobWriter}, which hashes while writing; a broken download resumes with a
 * {@code Range} request, a stalled one is broken off after {@link RegistryClientConfig#stallTimeout()}.
 */
public final class HttpRegistryClient implements RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRegistryClient.class);
  private static final int BUFFER = 256 * 1024;

  private final RegistryHosts hosts;
  private final RegistryClientConfig config;
  private final RegistryHttp http;
  private final Sleeper sleeper;

  public HttpRegistryClient(RegistryHosts hosts, RegistryClientConfig config) {
    this(hosts, config, Sleeper.SYSTEM, InstantSource.system());
  }

  public HttpRegistryClient(RegistryHosts hosts, RegistryClientConfig config, Sleeper sleeper, InstantSource clock) {
    this.hosts = hosts;
    this.config = config;
    this.sleeper = sleeper;
    this.http = new RegistryHttp(config, sleeper, clock);
  }

  @Override
  public Resolution resolve(ImageRef ref, PullCredentials credentials) {
    List<Endpoint> endpoints = hosts.endpointsFor(ref);
    List<SkiffException> failures = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint ep = endpoints.get(i);
      try {
        Resolution r = resolveAt(ref, ep, credentials, reorder(endpoints, i));
        return r;
      } catch (SkiffException e) {
        LOG.debug("resolving {} at {} failed: {}", ref, ep, e.getMessage());
        failures.add(e);
      }
    }
    throw combine("failed to resolve reference \"" + ref + "\"", failures);
  }

  private Resolution resolveAt(ImageRef ref, Endpoint ep, PullCredentials credentials, List<Endpoint> order) {
    String what = "resolving " + ref + " at " + ep.base();
    HttpResponse<InputStream> head;
    try {
      head = http.execute(call(ep, "HEAD", ep.uri("manifests", ref.manifestReference()), MediaTypes.MANIFEST_ACCEPT,
          0, credentials, what));
    } catch (SkiffException.NotFound e) {
      // a HEAD answer has no body: ask again with GET so that the error carries the registry's reason
      var get = http.execute(call(ep, "GET", ep.uri("manifests", ref.manifestReference()), MediaTypes.MANIFEST_ACCEPT,
          0, credentials, what));
      return fromGet(ref, get, what, credentials, order);
    }
    RegistryHttp.closeQuietly(head.body());
    Optional<Digest> headerDigest = head.headers().firstValue("Docker-Content-Digest").flatMap(HttpRegistryClient::parseDigest);
    String contentType = head.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    OptionalLong length = head.headers().firstValueAsLong("Content-Length");
    Digest digest = ref.digest() != null ? ref.digest() : headerDigest.orElse(null);
    if (ref.digest() != null && headerDigest.isPresent() && !headerDigest.get().equals(ref.digest())) {
      throw new SkiffException.BadRequest(what + ": the registry answered digest " + headerDigest.get());
    }
    boolean known = MediaTypes.isIndex(contentType) || MediaTypes.isManifest(contentType);
    if (digest != null && known && length.isPresent() && length.getAsLong() > 0) {
      return new Resolution(ref, new Descriptor(contentType, digest, length.getAsLong()), order, credentials, Optional.empty());
    }
    var get = http.execute(call(ep, "GET", ep.uri("manifests", ref.manifestReference()), MediaTypes.MANIFEST_ACCEPT,
        0, credentials, what));
    return fromGet(ref, get, what, credentials, order);
  }

  private Resolution fromGet(ImageRef ref, HttpResponse<InputStream> get, String what, PullCredentials credentials, List<Endpoint> order) {
    byte[] body = readManifest(get, what);
    Digest actual = Digest.sha256(body);
    Digest expected = ref.digest() != null ? ref.digest() : get.headers().firstValue("Docker-Content-Digest")
        .flatMap(HttpRegistryClient::parseDigest).orElse(actual);
    if (!actual.equals(expected)) {
      throw new SkiffException.BadRequest(what + ": manifest digest mismatch: expected " + expected + ", got " + actual);
    }
    String mediaType = OciJson.mediaTypeOf(body, get.headers().firstValue("Content-Type").orElse(""));
    return new Resolution(ref, new Descriptor(mediaType, actual, body.length), order, credentials, Optional.of(body));
  }

  @Override
  public byte[] fetchManifest(Resolution resolution, Descriptor descriptor) {
    if (descriptor.digest().equals(resolution.descriptor().digest()) && resolution.body().isPresent()) {
      return resolution.body().get();
    }
    if (descriptor.size() > config.maxManifestSize()) {
      throw new SkiffException.TooLarge("manifest " + descriptor.digest() + " is " + descriptor.size()
          + " bytes, more than the limit of " + config.maxManifestSize());
    }
    List<SkiffException> failures = new ArrayList<>();
    for (Endpoint ep : resolution.endpoints()) {
      String what = "fetching manifest " + descriptor.digest() + " of " + resolution.ref().name() + " from " + ep.base();
      try {
        var resp = http.execute(call(ep, "GET", ep.uri("manifests", descriptor.digest().toString()),
            MediaTypes.MANIFEST_ACCEPT, 0, resolution.credentials(), what));
        byte[] body = readManifest(resp, what);
        Digest actual = Digest.sha256(body);
        if (!actual.equals(descriptor.digest()) || body.length != descriptor.size()) {
          throw new SkiffException.BadRequest(what + ": content mismatch: expected " + descriptor.digest() + " ("
              + descriptor.size() + " bytes), got " + actual + " (" + body.length + " bytes)");
        }
        return body;
      } catch (SkiffException e) {
        failures.add(e);
      }
    }
    throw combine("failed to fetch manifest " + descriptor.digest(), failures);
  }

  @Override
  public BlobInfo fetchBlob(Resolution resolution, Descriptor descriptor, ContentIngester ingester, LongConsumer progress) {
    String label = "blob " + descriptor.digest();
    for (int round = 1; ; round++) {
      try (BlobWriter writer = ingester.writer(label)) {
        stream(resolution, descriptor, writer, progress);
        return writer.commit(descriptor.size(), descriptor.digest());
      } catch (SkiffException.BadRequest e) {
        if (round >= 2) {
          throw new SkiffException.BadRequest(label + " of " + resolution.ref() + " refused: " + e.getMessage(), e);
        }
        LOG.warn("{} of {} failed verification, fetching it once more: {}", label, resolution.ref(), e.getMessage());
        progress.accept(0);
      }
    }
  }

  private void stream(Resolution resolution, Descriptor d, BlobWriter writer, LongConsumer progress) {
    List<SkiffException> failures = new ArrayList<>();
    for (Endpoint ep : resolution.endpoints()) {
      try {
        streamFrom(ep, resolution, d, writer, progress);
        return;
      } catch (SkiffException.BadRequest e) {
        throw e;
      } catch (SkiffException e) {
        failures.add(e);
        if (writer.offset() > 0) {
          writer.reset();
        }
      }
    }
    throw combine("failed to fetch blob " + d.digest() + " of " + resolution.ref().name(), failures);
  }

  private void streamFrom(Endpoint ep, Resolution resolution, Descriptor d, BlobWriter writer, LongConsumer progress) {
    String what = "fetching blob " + d.digest() + " from " + ep.base();
    byte[] buf = new byte[BUFFER];
    for (int attempt = 1; ; attempt++) {
      long from = writer.offset();
      HttpResponse<InputStream> resp = http.execute(call(ep, "GET", ep.uri("blobs", d.digest().toString()), List.of(),
          from, resolution.credentials(), what));
      if (from > 0 && resp.statusCode() != 206) {
        writer.reset();
      }
      if (resp.statusCode() == 200) {
        OptionalLong len = resp.headers().firstValueAsLong("Content-Length");
        if (len.isPresent() && len.getAsLong() != d.size()) {
          RegistryHttp.closeQuietly(resp.body());
          throw new SkiffException.BadRequest(what + ": size mismatch: expected " + d.size() + " bytes, the registry sends " + len.getAsLong());
        }
      }
      IOException broken;
      try (InputStream in = resp.body(); StallGuard guard = new StallGuard(config.stallTimeout())) {
        try {
          int n;
          while ((n = in.read(buf)) > 0) {
            guard.progressed();
            if (writer.offset() + n > d.size()) {
              throw new SkiffException.BadRequest(what + ": size mismatch: more than the expected " + d.size() + " bytes");
            }
            writer.write(buf, 0, n);
            progress.accept(writer.offset());
          }
          return;
        } catch (IOException e) {
          broken = guard.stalled()
              ? new IOException("no data for " + config.stallTimeout().toSeconds() + "s", e) : e;
          if (!guard.stalled() && Thread.currentThread().isInterrupted()) {
            throw new SkiffException.Unavailable(what + ": interrupted", e);
          }
        }
      } catch (IOException closeFailure) {
        broken = closeFailure;
      }
      if (attempt >= config.retry().attempts()) {
        throw new SkiffException.Unavailable(what + ": download broke off after " + writer.offset() + " of " + d.size()
            + " bytes, " + attempt + " attempts: " + broken.getMessage(), broken);
      }
      LOG.info("{}: broke off at {} of {} bytes ({}); resuming", what, writer.offset(), d.size(), broken.getMessage());
      try {
        sleeper.sleep(config.retry().delayBefore(attempt + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SkiffException.Unavailable(what + ": interrupted", e);
      }
    }
  }

  private byte[] readManifest(HttpResponse<InputStream> resp, String what) {
    try (InputStream in = resp.body()) {
      byte[] body = in.readNBytes((int) config.maxManifestSize() + 1);
      if (body.length > config.maxManifestSize()) {
        throw new SkiffException.TooLarge(what + ": manifest larger than " + config.maxManifestSize() + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new SkiffException.Unavailable(what + ": reading the manifest failed: " + e, e);
    }
  }

  private RegistryHttp.Call call(Endpoint ep, String method, java.net.URI uri, List<String> accept, long from,
      PullCredentials credentials, String what) {
    return new RegistryHttp.Call(ep, method, uri, accept, from, credentialsFor(ep, credentials),
        "repository:" + ep.repository() + ":pull", what);
  }

  /** Credentials configured for the endpoint's host come first, then pull-secret credentials matching it. */
  static List<RegistryCredentials> credentialsFor(Endpoint ep, PullCredentials credentials) {
    List<RegistryCredentials> out = new ArrayList<>();
    ep.auth().ifPresent(a -> out.add(fromConfig(ep.host(), a)));
    out.addAll(credentials.matching(ep.host(), ep.repository()));
    if (!ep.mirror() && ep.base().getHost().equals("registry-1.docker.io")) {
      for (RegistryCredentials c : credentials.matching(ImageRef.DOCKER_HUB, ep.repository())) {
        if (!out.contains(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static RegistryCredentials fromConfig(String host, RegistriesConfig.Auth a) {
    String source = "registries.yaml configs.\"" + host + "\".auth";
    if (!a.auth().isEmpty() && a.username().isEmpty()) {
      String decoded = new String(Base64.getDecoder().decode(a.auth().trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new SkiffException.BadRequest(source + ": auth is not base64 of user:password");
      }
      return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1), a.identityToken(), source);
    }
    return new RegistryCredentials(a.username(), a.password(), a.identityToken(), source);
  }

  private static List<Endpoint> reorder(List<Endpoint> endpoints, int first) {
    List<Endpoint> out = new ArrayList<>();
    out.add(endpoints.get(first));
    for (int i = 0; i < endpoints.size(); i++) {
      if (i != first) {
        out.add(endpoints.get(i));
      }
    }
    return out;
  }

  private static Optional<Digest> parseDigest(String text) {
    try {
      return Optional.of(Digest.parse(text.trim()));
    } catch (SkiffException.BadRequest e) {
      return Optional.empty();
    }
  }

  /**
   * One error for failures at several endpoints: auth refusals win over not-found, which wins over the rest only
   * when every endpoint said not found; otherwise the registry counts as unavailable.
   */
  static SkiffException combine(String prefix, List<SkiffException> failures) {
    if (failures.size() == 1) {
      return retag(prefix + ": " + failures.get(0).getMessage(), failures.get(0));
    }
    String message = prefix + ": " + String.join("; ", failures.stream().map(Throwable::getMessage).toList());
    SkiffException pick = failures.stream().filter(f -> f instanceof SkiffException.Unauthorized || f instanceof SkiffException.Forbidden)
        .findFirst().orElse(null);
    if (pick == null && failures.stream().allMatch(f -> f instanceof SkiffException.NotFound)) {
      pick = failures.get(0);
    }
    if (pick == null) {
      pick = failures.stream().filter(f -> !(f instanceof SkiffException.NotFound)).findFirst().orElse(failures.get(0));
    }
    return retag(message, pick);
  }

  private static SkiffException retag(String message, SkiffException kind) {
    return switch (kind) {
      case SkiffException.NotFound n -> new SkiffException.NotFound(message);
      case SkiffException.Unauthorized u -> new SkiffException.Unauthorized(message);
      case SkiffException.Forbidden f -> new SkiffException.Forbidden(message);
      case SkiffException.Timeout t -> new SkiffException.Timeout(message);
      case SkiffException.BadRequest b -> new SkiffException.BadRequest(message, b);
      case SkiffException.TooLarge t -> new SkiffException.TooLarge(message);
      case SkiffException.Unavailable u -> new SkiffException.Unavailable(message, u);
      default -> new SkiffException.Unavailable(message, kind);
    };
  }
}
