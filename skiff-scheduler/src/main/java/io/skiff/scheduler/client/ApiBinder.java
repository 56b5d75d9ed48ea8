package io.skiff.scheduler.client;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skiff.scheduler.cycle.Binder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Binds through {@code POST /api/v1/namespaces/<ns>/pods/<name>/binding}, the subresource Kubernetes' scheduler uses,
 * sent with the fabric8 client's generic request ({@code raw}); fabric8 7.5 has no typed call for it (its {@code
 * bindings()} posts to the namespace's {@code bindings} collection instead). The binding carries the pod's uid, so it
 * cannot land on a pod recreated under the same name.
 */
public final class ApiBinder implements Binder {
  private final KubernetesClient client;

  public ApiBinder(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void bind(Pod pod, String nodeName) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Binding binding = new BindingBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).withUid(pod.getMetadata().getUid()).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
        .build();
    String path = "/api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(name) + "/binding";
    try {
      client.raw(path, "POST", binding);
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(e, "pods", name);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
