package io.skiff.runtime.runc;

import io.skiff.runtime.ContainerId;
import io.skiff.runtime.SandboxId;
import io.skiff.runtime.oci.PodFiles;
import java.nio.file.Path;

/**
 * Where things live under the runtime root:
 * <pre>
 * sandboxes/ID/sandbox.json  cni.json  hosts  resolv.conf  hostname  shm/ (tmpfs)  pause/ (the pause's bundle)
 * containers/ID/container.json  config.json  rootfs/ (overlay mount)  conmon's files
 * exits/ID        conmon's exit codes
 * attach/ID       conmon's attach-socket links
 * netns/ID        pinned network namespaces
 * exec/exec-N/    a streaming exec's PID file and runc log, while it runs
 * cni/networks/   host-local IPAM reservations
 * images/         the sandbox image
 * </pre>
 */
record RuntimeLayout(Path root) {

  Path sandboxesDir() {
    return root.resolve("sandboxes");
  }

  Path sandboxDir(SandboxId id) {
    return sandboxesDir().resolve(id.value());
  }

  Path pauseBundle(SandboxId id) {
    return sandboxDir(id).resolve("pause");
  }

  Path shm(SandboxId id) {
    return sandboxDir(id).resolve("shm");
  }

  /** The file the pod's namespace of this kind ({@code ipc}, {@code uts}) is pinned on. */
  Path pinnedNamespace(SandboxId id, String kind) {
    return sandboxDir(id).resolve("ns").resolve(kind);
  }

  /** The pod's shared /dev/shm and its /etc files, which every container of the pod mounts. */
  PodFiles podFiles(SandboxId id) {
    Path dir = sandboxDir(id);
    return new PodFiles(shm(id), dir.resolve("hosts"), dir.resolve("resolv.conf"), dir.resolve("hostname"));
  }

  Path containersDir() {
    return root.resolve("containers");
  }

  Path containerDir(ContainerId id) {
    return containersDir().resolve(id.value());
  }

  Path exitsDir() {
    return root.resolve("exits");
  }

  Path attachDir() {
    return root.resolve("attach");
  }

  /** Per-command working files of streaming execs (runc's PID file and log). */
  Path execDir() {
    return root.resolve("exec");
  }

  Path netnsDir() {
    return root.resolve("netns");
  }

  Path ipamDir() {
    return root.resolve("cni").resolve("networks");
  }

  Path imagesDir() {
    return root.resolve("images");
  }
}
