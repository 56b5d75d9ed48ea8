package io.skiff.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import io.skiff.images.auth.RegistryCredentials;
import io.skiff.images.config.Endpoint;
import io.skiff.images.config.RegistriesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one registry request: answers authentication challenges with the credentials in order, follows redirects
 * itself (dropping {@code Authorization} when the host changes, as blob redirects to object storage need), and
 * retries 5xx, 429 and broken connections with backoff. Anything but a 2xx becomes a {@link SkiffException}.
 */
final class RegistryHttp {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;

  private final RegistryClientConfig config;
  private final Sleeper sleeper;
  private final Authorizer authorizer;
  private final Map<Optional<RegistriesConfig.Tls>, HttpClient> clients = new ConcurrentHashMap<>();

  /** One request to make. {@code timeout} bounds the wait for response headers; {@code rangeFrom} > 0 asks for a tail. */
  record Call(Endpoint endpoint, String method, URI uri, List<String> accept, long rangeFrom,
      List<RegistryCredentials> credentials, String scope, String what) {
    Call {
      Objects.requireNonNull(endpoint, "endpoint");
      credentials = List.copyOf(credentials);
    }
  }

  RegistryHttp(RegistryClientConfig config, Sleeper sleeper, InstantSource clock) {
    this.config = config;
    this.sleeper = sleeper;
    this.authorizer = new Authorizer(config, clock);
  }

  /** Sends {@code call}, retrying what may be retried; the caller closes the returned body. */
  HttpResponse<InputStream> execute(Call call) {
    RetryPolicy retry = config.retry();
    SkiffException last = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      try {
        sleeper.sleep(retry.delayBefore(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SkiffException.Unavailable("interrupted while retrying " + call.what(), e);
      }
      try {
        return once(call);
      } catch (Retryable r) {
        last = r.failure;
        LOG.debug("{} attempt {} failed: {}", call.what(), attempt, r.failure.getMessage());
      }
    }
    throw last;
  }

  /** Thrown inside this class for failures worth another attempt. */
  private static final class Retryable extends Exception {
    final SkiffException failure;

    Retryable(SkiffException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  private HttpResponse<InputStream> once(Call call) throws Retryable {
    HttpClient http = client(call.endpoint());
    String host = call.endpoint().host();
    String header = authorizer.cached(host, call.scope()).orElse(null);
    List<String> tried = new ArrayList<>();
    int next = 0;
    boolean anonymousTried = false;
    while (true) {
      HttpResponse<InputStream> resp = send(http, call, call.uri(), header);
      int status = resp.statusCode();
      if (status != 401) {
        return check(call, resp, tried);
      }
      List<Challenge> challenges = Challenge.parse(resp.headers().allValues("WWW-Authenticate"));
      String registryReason = errorText(resp);
      if (header != null && tried.isEmpty()) {
        authorizer.forget(host, call.scope());
      }
      header = null;
      while (header == null) {
        RegistryCredentials creds;
        if (next < call.credentials().size()) {
          creds = call.credentials().get(next++);
        } else if (!anonymousTried && call.credentials().isEmpty()) {
          anonymousTried = true;
          creds = null;
        } else {
          throw new SkiffException.Unauthorized(call.what() + ": 401 Unauthorized from " + host
              + (registryReason.isEmpty() ? "" : " (" + registryReason + ")")
              + "; credentials tried: " + (tried.isEmpty() ? "none (no credentials match " + host + ")" : String.join(", ", tried)));
        }
        tried.add(creds == null ? "anonymous" : creds.describe());
        Authorizer.Answer answer = authorizer.answer(http, challenges, call.scope(), creds);
        switch (answer) {
          case Authorizer.Answer.Header h -> {
            header = h.value();
            authorizer.remember(host, call.scope(), h);
          }
          case Authorizer.Answer.Refused r -> tried.set(tried.size() - 1, tried.get(tried.size() - 1) + " (" + r.reason() + ")");
        }
      }
    }
  }

  private HttpResponse<InputStream> check(Call call, HttpResponse<InputStream> resp, List<String> tried) throws Retryable {
    int status = resp.statusCode();
    if (status / 100 == 2) {
      return resp;
    }
    String reason = errorText(resp);
    String detail = call.what() + ": " + status + " from " + call.endpoint().host() + (reason.isEmpty() ? "" : ": " + reason);
    if (status == 404) {
      throw new SkiffException.NotFound(detail);
    }
    if (status == 403) {
      throw new SkiffException.Forbidden(detail + "; credentials tried: " + (tried.isEmpty() ? "anonymous" : String.join(", ", tried)));
    }
    if (status == 429 || status / 100 == 5) {
      throw new Retryable(new SkiffException.Unavailable(detail, null));
    }
    throw new SkiffException.BadRequest(detail);
  }

  private HttpResponse<InputStream> send(HttpClient http, Call call, URI uri, String authorization) throws Retryable {
    URI target = uri;
    boolean sameHost = true;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(target)
          .timeout(config.requestTimeout())
          .header("User-Agent", config.userAgent())
          .method(call.method(), HttpRequest.BodyPublishers.noBody());
      if (!call.accept().isEmpty()) {
        b.header("Accept", String.join(", ", call.accept()));
      }
      if (authorization != null && sameHost) {
        b.header("Authorization", authorization);
      }
      if (call.rangeFrom() > 0) {
        b.header("Range", "bytes=" + call.rangeFrom() + "-");
      }
      HttpResponse<InputStream> resp;
      try {
        resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpConnectTimeoutException e) {
        throw new Retryable(new SkiffException.Timeout(call.what() + ": connecting to " + target.getAuthority()
            + " timed out after " + config.connectTimeout().toSeconds() + "s"));
      } catch (HttpTimeoutException e) {
        throw new Retryable(new SkiffException.Timeout(call.what() + ": " + target.getAuthority()
            + " sent no response within " + config.requestTimeout().toSeconds() + "s"));
      } catch (ConnectException e) {
        if (e.getCause() instanceof UnresolvedAddressException) {
          throw unknownHost(call, target);
        }
        throw new Retryable(new SkiffException.Unavailable(call.what() + ": cannot connect to " + target.getAuthority()
            + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()), e));
      } catch (UnknownHostException | UnresolvedAddressException e) {
        throw unknownHost(call, target);
      } catch (IOException e) {
        throw new Retryable(new SkiffException.Unavailable(call.what() + ": connection to " + target.getAuthority()
            + " failed: " + e, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SkiffException.Unavailable(call.what() + ": interrupted", e);
      }
      int status = resp.statusCode();
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        Optional<String> location = resp.headers().firstValue("Location");
        closeQuietly(resp.body());
        if (location.isEmpty()) {
          throw new SkiffException.BadRequest(call.what() + ": redirect without a Location from " + target.getAuthority());
        }
        URI nextUri = target.resolve(location.get());
        sameHost = sameHost && Objects.equals(nextUri.getAuthority(), uri.getAuthority());
        target = nextUri;
        continue;
      }
      return resp;
    }
    throw new SkiffException.BadRequest(call.what() + ": more than " + MAX_REDIRECTS + " redirects");
  }

  private static SkiffException.Unavailable unknownHost(Call call, URI target) {
    return new SkiffException.Unavailable(call.what() + ": unknown host " + target.getHost(), null);
  }

  private HttpClient client(Endpoint endpoint) {
    return clients.computeIfAbsent(endpoint.tls(), tls -> {
      HttpClient.Builder b = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(config.connectTimeout())
          .followRedirects(HttpClient.Redirect.NEVER)
          .executor(Executors.newVirtualThreadPerTaskExecutor());
      tls.ifPresent(t -> b.sslContext(TlsContexts.create(t)));
      return b.build();
    });
  }

  /** The registry's error text ({@code CODE: message; …}) from a failed response; the body is consumed. */
  private static String errorText(HttpResponse<InputStream> resp) {
    try (InputStream in = resp.body()) {
      byte[] body = in.readNBytes(64 * 1024);
      if (body.length == 0) {
        return "";
      }
      JsonNode node = JSON.readTree(body);
      List<String> parts = new ArrayList<>();
      for (JsonNode e : node.path("errors")) {
        String code = e.path("code").asText("");
        String msg = e.path("message").asText("");
        parts.add(code.isEmpty() ? msg : code + ": " + msg);
      }
      return String.join("; ", parts);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.trace("closing a response body: {}", e.toString());
    }
  }

  Duration stallTimeout() {
    return config.stallTimeout();
  }
}
