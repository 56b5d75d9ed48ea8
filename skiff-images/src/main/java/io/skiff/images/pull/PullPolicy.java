package io.skiff.images.pull;

import io.skiff.common.SkiffException;
import io.skiff.images.ref.ImageRef;
import java.util.Optional;

/** A container's {@code imagePullPolicy}, spelled as Kubernetes spells it. */
public enum PullPolicy {
  Always,
  IfNotPresent,
  Never;

  /** Parses the API value; anything else is a {@link SkiffException.BadRequest}. */
  public static PullPolicy parse(String value) {
    for (PullPolicy p : values()) {
      if (p.name().equals(value)) {
        return p;
      }
    }
    throw new SkiffException.BadRequest("unsupported imagePullPolicy \"" + value + "\": want Always, IfNotPresent or Never");
  }

  /**
   * The default Kubernetes gives an image as written: {@code Always} when it has no tag or the tag {@code latest}
   * (a digest without a tag is not latest), otherwise {@code IfNotPresent}.
   */
  public static PullPolicy defaultFor(String image) {
    Optional<ImageRef> ref = ImageRef.tryParse(image);
    if (ref.isEmpty()) {
      return IfNotPresent;
    }
    return ref.get().tag().equals("latest") ? Always : IfNotPresent;
  }
}
