package io.skiff.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A sandbox's id: 32 lowercase hex digits, derived from the pod's uid and the sandbox attempt so that repeating
 * {@code runSandbox} after a crash finds the same sandbox.
 */
public record SandboxId(String value) {
  static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  public SandboxId {
    Objects.requireNonNull(value, "value");
    if (!HEX32.matcher(value).matches()) {
      throw new IllegalArgumentException("a sandbox id is 32 lowercase hex digits: " + value);
    }
  }

  /** The id of the given attempt of the pod with this uid. */
  public static SandboxId of(String podUid, int attempt) {
    return new SandboxId(digest("sandbox", podUid, Integer.toString(attempt)));
  }

  static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(p.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
