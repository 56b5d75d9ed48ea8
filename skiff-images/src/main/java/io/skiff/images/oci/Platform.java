package io.skiff.images.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Objects;

/**
 * An image platform (os, architecture, optional variant) as in an index entry. {@link #current()} is this machine,
 * named as Go names it ({@code amd64}, {@code arm64}/{@code v8}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
    @JsonProperty("os") String os,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("variant") String variant) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
  }

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  /** This machine's platform. */
  public static Platform current() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> LINUX_AMD64;
      case "aarch64", "arm64" -> new Platform("linux", "arm64", "v8");
      case "arm" -> new Platform("linux", "arm", "v7");
      case "ppc64le" -> new Platform("linux", "ppc64le", "");
      case "s390x" -> new Platform("linux", "s390x", "");
      case "riscv64" -> new Platform("linux", "riscv64", "");
      default -> new Platform("linux", arch, "");
    };
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text.split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new io.skiff.common.SkiffException.BadRequest("invalid platform \"" + text + "\": want os/architecture[/variant]");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /**
   * Whether an index entry for {@code candidate} can run here. os and architecture must be equal; a variant is
   * compared only when both name one, and arm64's default variant {@code v8} equals no variant.
   */
  public boolean accepts(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    String mine = normaliseVariant(variant);
    String theirs = normaliseVariant(candidate.variant);
    return mine.isEmpty() || theirs.isEmpty() || mine.equals(theirs);
  }

  private String normaliseVariant(String v) {
    return architecture.equals("arm64") && v.equals("v8") ? "" : v;
  }

  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
