package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.skiff.common.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mount(2) and umount2(2), with options given as {@code mount -o} takes them: the generic flags ({@code ro},
 * {@code nosuid}, {@code nodev}, {@code noexec}, {@code noatime}, {@code relatime}, ...) become mount flags, everything
 * else goes to the filesystem as its data string, in order. One system call instead of a {@code mount} process.
 */
public final class MountCalls {
  private static final long MS_RDONLY = 1;
  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_NOEXEC = 8;
  private static final long MS_SYNCHRONOUS = 16;
  private static final long MS_DIRSYNC = 128;
  private static final long MS_NOATIME = 1024;
  private static final long MS_BIND = 4096;
  private static final long MS_NODIRATIME = 2048;
  private static final long MS_RELATIME = 1L << 21;
  private static final long MS_STRICTATIME = 1L << 24;
  private static final int MNT_DETACH = 2;
  /** Flags an option sets; options that clear a flag map to 0 (the default when nothing sets it). */
  private static final Map<String, Long> FLAGS = Map.ofEntries(
      Map.entry("ro", MS_RDONLY), Map.entry("rw", 0L),
      Map.entry("nosuid", MS_NOSUID), Map.entry("suid", 0L),
      Map.entry("nodev", MS_NODEV), Map.entry("dev", 0L),
      Map.entry("noexec", MS_NOEXEC), Map.entry("exec", 0L),
      Map.entry("sync", MS_SYNCHRONOUS), Map.entry("async", 0L),
      Map.entry("dirsync", MS_DIRSYNC),
      Map.entry("noatime", MS_NOATIME), Map.entry("atime", 0L),
      Map.entry("nodiratime", MS_NODIRATIME), Map.entry("diratime", 0L),
      Map.entry("relatime", MS_RELATIME), Map.entry("strictatime", MS_STRICTATIME),
      Map.entry("bind", MS_BIND), Map.entry("defaults", 0L));

  private MountCalls() {}

  /** What {@code mount -t type -o options source target} passes to the kernel. */
  public record Request(String source, String target, String type, long flags, String data) {}

  /** Splits {@code options} into mount flags and the filesystem's data string. */
  public static Request request(String type, String source, String target, List<String> options) {
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String o : options) {
      Long f = FLAGS.get(o);
      if (f == null) {
        data.add(o);
      } else {
        flags |= f;
      }
    }
    return new Request(source, target, type, flags, String.join(",", data));
  }

  /** Mounts as {@code r} says; throws {@link SkiffException.Internal} with the error when the kernel refuses. */
  public static void mount(Request r) {
    try {
      Libc.C.mount(r.source(), r.target(), r.type(), new NativeLong(r.flags()), r.data().isEmpty() ? null : r.data());
    } catch (LastErrorException e) {
      throw failure("mount -t " + r.type() + " " + r.source() + " " + r.target(), e);
    }
  }

  /** Unmounts {@code target}; lazily (detached) when {@code lazy}. Throws {@link SkiffException.Internal} on failure. */
  public static void unmount(String target, boolean lazy) {
    try {
      Libc.C.umount2(target, lazy ? MNT_DETACH : 0);
    } catch (LastErrorException e) {
      throw failure("umount " + (lazy ? "-l " : "") + target, e);
    }
  }

  private static SkiffException failure(String call, LastErrorException e) {
    return new SkiffException.Internal(call + " failed: " + Libc.C.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")", e);
  }
}
