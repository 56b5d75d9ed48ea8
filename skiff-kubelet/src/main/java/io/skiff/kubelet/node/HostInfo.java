package io.skiff.kubelet.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the node reports about its host, read from /proc, /sys and /etc: cpus, memory, disk, kernel, OS image,
 * machine and boot ids, architecture, the host's resolv.conf, and its first non-loopback IPv4 address.
 *
 * @param cpus               logical cpus
 * @param memoryBytes        MemTotal
 * @param diskBytes          the size of the filesystem holding the data directory
 * @param kernelVersion      {@code uname -r}
 * @param osImage            PRETTY_NAME from os-release
 * @param machineId          /etc/machine-id
 * @param systemUuid         the DMI product uuid, else the machine id
 * @param bootId             /proc/sys/kernel/random/boot_id
 * @param architecture       Go's name for the cpu architecture ({@code amd64}, {@code arm64})
 * @param nameservers        the host's name servers
 * @param searches           the host's search domains
 */
public record HostInfo(int cpus, long memoryBytes, long diskBytes, String kernelVersion, String osImage, String machineId, String systemUuid,
    String bootId, String architecture, List<String> nameservers, List<String> searches) {

  public HostInfo {
    Objects.requireNonNull(kernelVersion, "kernelVersion");
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
  }

  /** Reads this host; {@code dataDir} decides which filesystem's size is the node's ephemeral storage. */
  public static HostInfo read(Path dataDir) {
    long memory = 0;
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memory = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    long disk;
    try {
      Files.createDirectories(dataDir);
      FileStore store = Files.getFileStore(dataDir);
      disk = store.getTotalSpace();
    } catch (IOException e) {
      disk = 0;
    }
    String os = "Linux";
    for (String line : lines(Path.of("/etc/os-release"))) {
      if (line.startsWith("PRETTY_NAME=")) {
        os = line.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    }
    String machineId = first(Path.of("/etc/machine-id")).orElse("");
    String uuid = first(Path.of("/sys/class/dmi/id/product_uuid")).orElse(machineId);
    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    for (String line : lines(Path.of("/etc/resolv.conf"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) {
        servers.add(f[1]);
      } else if (f.length >= 2 && (f[0].equals("search") || f[0].equals("domain"))) {
        for (int i = 1; i < f.length; i++) {
          searches.add(f[i]);
        }
      }
    }
    return new HostInfo(Runtime.getRuntime().availableProcessors(), memory, disk,
        first(Path.of("/proc/sys/kernel/osrelease")).orElse(""), os, machineId, uuid,
        first(Path.of("/proc/sys/kernel/random/boot_id")).orElse(""), goArch(System.getProperty("os.arch")), servers, searches);
  }

  static String goArch(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> javaArch;
    };
  }

  /** The first IPv4 address of an interface that is up and not loopback, else 127.0.0.1. */
  public static String defaultAddress() {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback() || nif.isVirtual() || nif.getName().startsWith("veth") || nif.getName().startsWith("skiff")
            || nif.getName().startsWith("cni") || nif.getName().startsWith("docker")) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      return "127.0.0.1";
    }
    return "127.0.0.1";
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<String> first(Path p) {
    return lines(p).stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst();
  }
}
