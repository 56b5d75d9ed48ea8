package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a container spec kept with each container instance, so that a changed spec (an image update) is seen
 * and the container restarted, as the kubelet's {@code HashContainer} does.
 */
public final class ContainerHash {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ContainerHash() {}

  public static String of(Container c) {
    try {
      byte[] json = JSON.asJson(c).getBytes(StandardCharsets.UTF_8);
      byte[] d = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
