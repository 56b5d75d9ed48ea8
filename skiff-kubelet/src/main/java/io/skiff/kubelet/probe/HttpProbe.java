package io.skiff.kubelet.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * The kubelet's HTTP probe ({@code DoHTTPProbe}): 200–299 pass, 300–399 pass with a warning (a redirect to another host
 * is not followed), anything else fails with {@code HTTP probe failed with statuscode: <code>} (never the body, which
 * may hold secrets), and a request that gets no answer fails with Go's error text.
 */
public final class HttpProbe {
  private final HttpGetClient http;

  public HttpProbe(HttpGetClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  public ProbeOutcome run(HttpTarget target, Duration timeout) {
    return outcome(http.get(target, timeout, HttpGetClient.Redirects.SAME_HOST));
  }

  /** What an answer (or its absence) means for the probe. */
  static ProbeOutcome outcome(HttpGetClient.Result result) {
    return switch (result) {
      case HttpGetClient.Failed f -> new ProbeOutcome.Failure(f.error());
      case HttpGetClient.Answered a -> {
        if (a.status() >= 200 && a.status() < 300) {
          yield new ProbeOutcome.Success(a.body());
        }
        if (a.status() >= 300 && a.status() < 400) {
          yield new ProbeOutcome.Warning("Probe terminated redirects, Response body: " + a.body());
        }
        yield new ProbeOutcome.Failure("HTTP probe failed with statuscode: " + a.status());
      }
    };
  }
}
