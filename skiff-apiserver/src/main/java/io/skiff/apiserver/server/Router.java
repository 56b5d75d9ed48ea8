package io.skiff.apiserver.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.apiserver.status.StatusMapper;
import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import io.skiff.apiserver.openapi.OpenApiV3;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes URL space: public health and version endpoints, then authentication, then discovery, OpenAPI and
 * resources. Every failure leaves as a Status object.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  /** The Kubernetes release whose API skiff serves. */
  static final String KUBE_MINOR = "33";

  private final ObjectMapper mapper;
  private final Discovery discovery;
  private final ResourceHandler resources;
  private final Supplier<OpenApiV3> openApi;
  private final Authenticator authenticator;
  private final BooleanSupplier ready;
  private final AgentEnrollment enrollment;

  Router(ObjectMapper mapper, Discovery discovery, ResourceHandler resources, Supplier<OpenApiV3> openApi, Authenticator authenticator,
      BooleanSupplier ready, AgentEnrollment enrollment) {
    this.enrollment = enrollment;
    this.mapper = mapper;
    this.discovery = discovery;
    this.resources = resources;
    this.openApi = openApi;
    this.authenticator = authenticator;
    this.ready = ready;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, mapper);
    try {
      route(ex);
      ex.finish();
      callback.succeeded();
    } catch (Throwable t) {
      if (t instanceof Exchange.ClientGone) {
        callback.failed(t);
        return true;
      }
      if (!ex.committed()) {
        try {
          ex.status(StatusMapper.toStatus(t));
          ex.finish();
          callback.succeeded();
          return true;
        } catch (Throwable inner) {
          callback.failed(inner);
          return true;
        }
      }
      LOG.debug("request failed after the response started: {}", t.toString());
      callback.failed(t);
    }
    return true;
  }

  private void route(Exchange ex) throws Exception {
    String path = ex.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    switch (path) {
      case "/version" -> {
        ex.json(200, version());
        return;
      }
      case "/healthz", "/livez" -> {
        ex.bytes(200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case "/readyz" -> {
        boolean ok = ready.getAsBoolean();
        ex.bytes(ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? "ok" : "not ready").getBytes(StandardCharsets.UTF_8));
        return;
      }
      case "/cacerts" -> {
        enrollment.caCertificate(ex);
        return;
      }
      default -> {
        // everything else needs credentials
      }
    }
    authenticator.authenticate(ex.request());
    String[] segs = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (segs.length == 0) {
      ex.json(200, Map.of("paths", new String[] {"/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version"}));
      return;
    }
    if (path.equals("/skiff/v1/serving-certificate")) {
      enrollment.servingCertificate(ex);
      return;
    }
    switch (segs[0]) {
      case "api" -> api(ex, segs);
      case "apis" -> apis(ex, segs);
      case "openapi" -> openapi(ex, segs);
      default -> notFound();
    }
  }

  private void api(Exchange ex, String[] segs) throws Exception {
    if (segs.length == 1) {
      requireGet(ex);
      Optional<String> agg = Discovery.aggregatedVersion(ex.header("Accept"));
      if (agg.isPresent()) {
        writeAggregated(ex, true, agg.get());
      } else {
        ex.json(200, discovery.apiVersions(ex.request().getHttpURI().getHost() + ":" + ex.request().getHttpURI().getPort()));
      }
      return;
    }
    if (!segs[1].equals("v1")) {
      notFound();
    }
    if (segs.length == 2) {
      requireGet(ex);
      ex.json(200, discovery.apiResourceList("", "v1").orElseThrow());
      return;
    }
    resource(ex, "", "v1", Arrays.copyOfRange(segs, 2, segs.length));
  }

  private void apis(Exchange ex, String[] segs) throws Exception {
    if (segs.length == 1) {
      requireGet(ex);
      Optional<String> agg = Discovery.aggregatedVersion(ex.header("Accept"));
      if (agg.isPresent()) {
        writeAggregated(ex, false, agg.get());
      } else {
        ex.json(200, discovery.apiGroupList());
      }
      return;
    }
    String group = segs[1];
    if (!io.skiff.apiserver.resource.ResourceTypes.groups().contains(group)) {
      notFound();
    }
    if (segs.length == 2) {
      requireGet(ex);
      ex.json(200, discovery.apiGroup(group));
      return;
    }
    if (segs.length == 3) {
      requireGet(ex);
      ex.json(200, discovery.apiResourceList(group, segs[2]).orElseThrow(Router::notFoundError));
      return;
    }
    resource(ex, group, segs[2], Arrays.copyOfRange(segs, 3, segs.length));
  }

  private void resource(Exchange ex, String group, String version, String[] rest) throws Exception {
    ResourcePath p = ResourcePath.parse(group, version, rest).orElseThrow(Router::notFoundError);
    resources.handle(ex, p);
  }

  private void openapi(Exchange ex, String[] segs) {
    requireGet(ex);
    if (segs.length >= 2 && segs[1].equals("v3")) {
      if (segs.length == 2) {
        ex.bytes(200, "application/json", openApi.get().rootJson());
        return;
      }
      String gv = String.join("/", Arrays.copyOfRange(segs, 2, segs.length));
      byte[] doc = openApi.get().groupVersionJson(gv).orElseThrow(Router::notFoundError);
      ex.setHeader("Cache-Control", "public, immutable");
      ex.bytes(200, "application/json", doc);
      return;
    }
    // OpenAPI v2 is not served (kubectl 1.29+ uses v3); answer as kube-apiserver answers an unknown path.
    ex.bytes(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
  }

  private void writeAggregated(Exchange ex, boolean core, String version) throws Exception {
    byte[] body = mapper.writeValueAsBytes(discovery.aggregated(core, version));
    ex.bytes(200, version.equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1, body);
  }

  private static void requireGet(Exchange ex) {
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      throw new SkiffException.MethodNotAllowed("the server does not allow this method on the requested resource");
    }
  }

  private static Map<String, String> version() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("major", "1");
    v.put("minor", KUBE_MINOR);
    v.put("gitVersion", "v1." + KUBE_MINOR + ".0-skiff");
    v.put("gitCommit", "skiff");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-11-28T00:00:00Z");
    v.put("goVersion", "java" + Runtime.version().feature());
    v.put("compiler", "skiff");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static void notFound() {
    throw notFoundError();
  }

  private static SkiffException notFoundError() {
    return new SkiffException.NotFound("the server could not find the requested resource");
  }
}
