package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host's cgroup hierarchies as mounted (v1, hybrid v1 + unified, or pure v2), addressed by cgroupfs paths such as
 * {@code /skiff/pod123/abc} — the form runc's cgroupfs manager takes in {@code linux.cgroupsPath} and creates in every
 * hierarchy. This class removes such trees and reads the OOM-kill counter.
 */
public final class CgroupFs {

  /** How the host mounts cgroups. */
  public enum Mode { V1, HYBRID, V2 }

  private final List<Path> hierarchies;
  private final Path memoryV1;
  private final Path unified;

  private CgroupFs(List<Path> hierarchies, Path memoryV1, Path unified) {
    this.hierarchies = List.copyOf(hierarchies);
    this.memoryV1 = memoryV1;
    this.unified = unified;
  }

  /** The hierarchies mounted in this process's mount namespace. */
  public static CgroupFs discover() {
    return from(MountInfo.current());
  }

  static CgroupFs from(List<MountInfo> mounts) {
    List<Path> all = new ArrayList<>();
    Path memory = null;
    Path v2 = null;
    for (MountInfo m : mounts) {
      if (m.fsType().equals("cgroup")) {
        all.add(m.mountPoint());
        if (Arrays.asList(m.superOptions().split(",")).contains("memory")) {
          memory = m.mountPoint();
        }
      } else if (m.fsType().equals("cgroup2")) {
        all.add(m.mountPoint());
        v2 = m.mountPoint();
      }
    }
    return new CgroupFs(all.stream().distinct().toList(), memory, v2);
  }

  public Mode mode() {
    if (memoryV1 == null) {
      return Mode.V2;
    }
    return unified == null ? Mode.V1 : Mode.HYBRID;
  }

  /** The controllers available on the unified (v2) hierarchy, empty without one. */
  public List<String> unifiedControllers() {
    if (unified == null) {
      return List.of();
    }
    try {
      String text = Files.readString(unified.resolve("cgroup.controllers")).trim();
      return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The directories of the cgroup in each hierarchy that has it. */
  public List<Path> directories(String cgroupPath) {
    String rel = relative(cgroupPath);
    return hierarchies.stream().map(h -> h.resolve(rel)).filter(Files::isDirectory).toList();
  }

  /** Whether the cgroup exists in any hierarchy. */
  public boolean exists(String cgroupPath) {
    return !directories(cgroupPath).isEmpty();
  }

  /**
   * Removes the cgroup and every cgroup below it from every hierarchy, deepest first. A cgroup that still has
   * processes cannot be removed and makes this throw.
   */
  public void removeTree(String cgroupPath) {
    for (Path dir : directories(cgroupPath)) {
      List<Path> dirs;
      try (Stream<Path> s = Files.walk(dir)) {
        dirs = s.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw new SkiffException.Internal("cannot list cgroup " + dir, e);
      }
      for (Path d : dirs) {
        try {
          Files.deleteIfExists(d);
        } catch (IOException e) {
          throw new SkiffException.Internal("cannot remove cgroup " + d + " (processes still in it?)", e);
        }
      }
    }
  }

  /** How many times the kernel's OOM killer killed a process in this cgroup; 0 when the cgroup is gone. */
  public long oomKills(String cgroupPath) {
    String rel = relative(cgroupPath);
    if (memoryV1 != null) {
      return counter(memoryV1.resolve(rel).resolve("memory.oom_control"), "oom_kill").orElse(0L);
    }
    if (unified != null) {
      return counter(unified.resolve(rel).resolve("memory.events"), "oom_kill").orElse(0L);
    }
    return 0;
  }

  /** The PIDs in the cgroup (read from the first hierarchy that has it), empty when it is gone. */
  public List<Long> pids(String cgroupPath) {
    for (Path dir : directories(cgroupPath)) {
      try {
        return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
      } catch (IOException e) {
        // Removed concurrently; try the next hierarchy.
      }
    }
    return List.of();
  }

  private static Optional<Long> counter(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.trim().split("\\s+");
        if (kv.length == 2 && kv[0].equals(key)) {
          return Optional.of(Long.parseLong(kv[1]));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String relative(String cgroupPath) {
    String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    if (rel.isEmpty() || rel.contains("..")) {
      throw new IllegalArgumentException("not a cgroup below the root: " + cgroupPath);
    }
    return rel;
  }
}
