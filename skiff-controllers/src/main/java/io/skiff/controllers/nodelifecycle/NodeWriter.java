package io.skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The controller's writes to Nodes, with optimistic concurrency: taints are changed on the latest version read from
 * the API server and written back with its resourceVersion, retried a few times on conflict (kubectl or the kubelet
 * may write meanwhile); conditions are written through the status subresource on the version the caller saw.
 */
final class NodeWriter {
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;

  NodeWriter(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Applies {@code change} to the node's current taints; {@code change} answers empty when nothing is to change. */
  boolean updateTaints(String nodeName, Function<Node, Optional<List<Taint>>> change) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Node node = client.nodes().withName(nodeName).get();
      if (node == null) {
        return false;
      }
      Optional<List<Taint>> taints = change.apply(node);
      if (taints.isEmpty()) {
        return true;
      }
      Node updated = new NodeBuilder(node).editOrNewSpec().withTaints(taints.get()).endSpec().build();
      try {
        client.nodes().resource(updated).update();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return false;
        }
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    return false;
  }

  /** Writes the node's conditions; answers the node as stored, or empty when it changed meanwhile or is gone. */
  Optional<Node> updateConditions(Node seen, List<NodeCondition> conditions) {
    Node updated = new NodeBuilder(seen).editOrNewStatus().withConditions(conditions).endStatus().build();
    try {
      return Optional.of(client.nodes().resource(updated).updateStatus());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
