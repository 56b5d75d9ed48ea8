package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Creates namespaces pinned by bind mounts on files, as {@code ip netns add}, {@code unshare --net=FILE} or CRI-O's
 * pinns do, without starting a program: {@code unshare(2)} moves only the calling thread into the new namespaces, so
 * this runs on a short-lived platform thread of its own, which sets the hostname in a new UTS namespace, binds each
 * namespace ({@code /proc/thread-self/ns/<kind>}) on its file and ends; no other thread of the process ever enters
 * them. The pod's processes then join the namespaces by path.
 */
public final class NamespacePinning {
  private static final int CLONE_NEWUTS = 0x04000000;
  private static final int CLONE_NEWIPC = 0x08000000;
  private static final Map<String, Integer> FLAGS = Map.of("net", Libc.CLONE_NEWNET, "ipc", CLONE_NEWIPC, "uts", CLONE_NEWUTS);

  private NamespacePinning() {}

  /**
   * Creates a new namespace of each kind ({@code net}, {@code ipc}, {@code uts}) and binds it on its file (which must
   * exist); a new UTS namespace gets {@code hostname}.
   */
  public static void pin(Map<String, Path> files, String hostname) {
    int flags = 0;
    for (String kind : files.keySet()) {
      Integer f = FLAGS.get(kind);
      if (f == null) {
        throw new IllegalArgumentException("cannot pin a namespace of kind " + kind);
      }
      flags |= f;
    }
    int unshareFlags = flags;
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofPlatform().name("namespace-pin").daemon(true).start(() -> {
      try {
        Libc.C.unshare(unshareFlags);
        if (files.containsKey("uts") && hostname != null && !hostname.isEmpty()) {
          byte[] name = hostname.getBytes(StandardCharsets.US_ASCII);
          Libc.C.sethostname(name, new com.sun.jna.NativeLong(name.length));
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
          MountCalls.mount(MountCalls.request("none", "/proc/thread-self/ns/" + e.getKey(), e.getValue().toString(), List.of("bind")));
        }
        done.complete(null);
      } catch (LastErrorException e) {
        done.completeExceptionally(new SkiffException.Internal("cannot create namespaces " + files.keySet() + ": " + Libc.C.strerror(e.getErrorCode()), e));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkiffException.Unavailable("interrupted while creating namespaces " + files.values(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SkiffException.Internal("cannot create namespaces " + files.values() + ": " + e.getCause(), e.getCause());
    }
  }
}
