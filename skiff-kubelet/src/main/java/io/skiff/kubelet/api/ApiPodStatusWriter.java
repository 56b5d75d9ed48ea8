package io.skiff.kubelet.api;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.skiff.common.SkiffException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pod status through fabric8: a JSON merge patch of {@code pods/status} carrying the whole status (its lists are
 * replaced as a whole) in one request (no read before it), and the final delete as a DELETE with {@code DeleteOptions{gracePeriodSeconds: 0,
 * preconditions: {uid}}} sent through the client's own HTTP client, since fabric8's DSL offers no uid precondition.
 */
public final class ApiPodStatusWriter implements PodStatusWriter {
  /** The manager the agent's status writes are recorded for in managedFields (the kubelet's role, skiff's name). */
  public static final String FIELD_MANAGER = "skiff-agent";

  private final KubernetesClient client;

  public ApiPodStatusWriter(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void writeStatus(String namespace, String name, PodStatus status) {
    String body = "{\"status\":" + client.getKubernetesSerialization().asJson(status) + "}";
    try {
      // Through a resource that names the pod: fabric8's withName(..).patch(..) would GET the pod first.
      client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build())
          .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER).build(), body);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      // The pod is gone already (a terminal pod is deleted at once); the informer reports the deletion.
    }
  }

  @Override
  public void deleteFinally(String namespace, String name, String uid) {
    DeleteOptions options = new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions").withGracePeriodSeconds(0L)
        .withNewPreconditions().withUid(uid).endPreconditions().build();
    String base = client.getMasterUrl().toString();
    if (!base.endsWith("/")) {
      base += "/";
    }
    URI uri = URI.create(base + "api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(name));
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(uri)
        .delete("application/json", client.getKubernetesSerialization().asJson(options)).build();
    HttpResponse<String> response;
    try {
      response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted deleting pod " + namespace + "/" + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new SkiffException.Unavailable("cannot delete pod " + namespace + "/" + name + ": " + e.getMessage(), e);
    }
    int code = response.code();
    if (code == 404 || (code >= 200 && code < 300)) {
      return;
    }
    if (code == 409) {
      // The uid precondition failed: a new pod of that name exists; this one is gone.
      return;
    }
    throw new KubernetesClientException("deleting pod " + namespace + "/" + name + " failed: HTTP " + code + " " + response.body(), code, null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
