package io.skiff.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.common.SkiffException;
import io.skiff.images.auth.RegistryCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code WWW-Authenticate} challenges: Basic with the given credentials, Bearer by asking the challenge's
 * realm for a token (GET with Basic credentials, anonymous without, or an OAuth2 POST for identity tokens).
 * Authorization headers that worked are cached per host and scope until the token expires.
 */
final class Authorizer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

  private final InstantSource clock;
  private final RegistryClientConfig config;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String header, Instant expires) {}

  /** The outcome of answering one challenge with one set of credentials (or none). */
  sealed interface Answer {
    record Header(String value, Instant expires) implements Answer {}
    /** The token service or scheme refused these credentials; {@code reason} is safe to show. */
    record Refused(String reason) implements Answer {}
  }

  Authorizer(RegistryClientConfig config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  Optional<String> cached(String host, String scope) {
    Cached c = cache.get(host + "|" + scope);
    if (c == null || !clock.instant().isBefore(c.expires())) {
      return Optional.empty();
    }
    return Optional.of(c.header());
  }

  void remember(String host, String scope, Answer.Header header) {
    cache.put(host + "|" + scope, new Cached(header.value(), header.expires()));
  }

  void forget(String host, String scope) {
    cache.remove(host + "|" + scope);
  }

  /** Answers {@code challenges} with {@code credentials} (null for anonymous). */
  Answer answer(HttpClient http, List<Challenge> challenges, String scope, RegistryCredentials credentials) {
    Optional<Challenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
    if (bearer.isPresent()) {
      return token(http, bearer.get(), scope, credentials);
    }
    Optional<Challenge> basic = challenges.stream().filter(c -> c.scheme().equals("basic")).findFirst();
    if (basic.isPresent()) {
      if (credentials == null || credentials.hasIdentityToken() && credentials.username().isEmpty()) {
        return new Answer.Refused("the registry asks for Basic credentials");
      }
      return new Answer.Header(basicHeader(credentials), clock.instant().plus(Duration.ofHours(1)));
    }
    return new Answer.Refused("unsupported authentication challenge "
        + challenges.stream().map(Challenge::scheme).toList());
  }

  private Answer token(HttpClient http, Challenge challenge, String scope, RegistryCredentials credentials) {
    String realm = challenge.parameter("realm");
    if (realm.isEmpty()) {
      return new Answer.Refused("the Bearer challenge names no token realm");
    }
    String service = challenge.parameter("service");
    String wantedScope = challenge.parameter("scope").isEmpty() ? scope : challenge.parameter("scope");
    HttpRequest request;
    try {
      if (credentials != null && credentials.hasIdentityToken()) {
        String form = "grant_type=refresh_token&client_id=skiff&access_type=offline"
            + "&refresh_token=" + enc(credentials.identityToken())
            + (service.isEmpty() ? "" : "&service=" + enc(service))
            + "&scope=" + enc(wantedScope);
        request = HttpRequest.newBuilder(URI.create(realm)).timeout(config.requestTimeout())
            .header("User-Agent", config.userAgent())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build();
      } else {
        String query = (service.isEmpty() ? "" : "service=" + enc(service) + "&") + "scope=" + enc(wantedScope);
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
            .header("User-Agent", config.userAgent()).GET();
        if (credentials != null) {
          b.header("Authorization", basicHeader(credentials));
        }
        request = b.build();
      }
    } catch (IllegalArgumentException e) {
      return new Answer.Refused("the token realm \"" + realm + "\" is not a URL");
    }
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SkiffException.Unavailable("token service " + realm + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while asking " + realm + " for a token", e);
    }
    if (resp.statusCode() == 401 || resp.statusCode() == 403) {
      return new Answer.Refused("token service " + realm + " answered " + resp.statusCode());
    }
    if (resp.statusCode() / 100 != 2) {
      throw new SkiffException.Unavailable("token service " + realm + " answered " + resp.statusCode(), null);
    }
    try {
      JsonNode body = JSON.readTree(resp.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        return new Answer.Refused("token service " + realm + " returned no token");
      }
      long expiresIn = body.path("expires_in").asLong(DEFAULT_TOKEN_LIFETIME.toSeconds());
      Duration life = Duration.ofSeconds(Math.max(expiresIn, DEFAULT_TOKEN_LIFETIME.toSeconds()) - 10);
      return new Answer.Header("Bearer " + token, clock.instant().plus(life));
    } catch (IOException e) {
      return new Answer.Refused("token service " + realm + " returned malformed JSON");
    }
  }

  private static String basicHeader(RegistryCredentials c) {
    String pair = c.username() + ":" + c.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
