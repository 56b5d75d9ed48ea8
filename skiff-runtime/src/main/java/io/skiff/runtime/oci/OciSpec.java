package io.skiff.runtime.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The part of the OCI runtime spec ({@code config.json}, version 1.0.2) that skiff writes. Field names are the
 * spec's; {@code null} fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux, Map<String, String> annotations) {

  public static final String VERSION = "1.0.2";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd, Capabilities capabilities,
      List<Rlimit> rlimits, boolean noNewPrivileges, Integer oomScoreAdj) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record User(long uid, long gid, List<Long> additionalGids) {}

  public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable, List<String> permitted, List<String> ambient) {
    /** The same set as bounding, effective and permitted; nothing inheritable or ambient (as containerd does). */
    public static Capabilities of(List<String> caps) {
      return new Capabilities(caps, caps, List.of(), caps, List.of());
    }
  }

  public record Rlimit(String type, long hard, long soft) {}

  public record Root(String path, boolean readonly) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mount(String destination, String type, String source, List<String> options) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Linux(List<Namespace> namespaces, Resources resources, String cgroupsPath, List<String> maskedPaths, List<String> readonlyPaths) {}

  /** A namespace to create ({@code path == null}) or to join by path. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Namespace(String type, String path) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(Long limit, Long swap) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cpu(Long shares, Long quota, Long period) {}

  public record Pids(long limit) {}
}
