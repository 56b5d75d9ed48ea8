package io.skiff.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A root filesystem made of Debian's static /bin/busybox and a symlink per applet; good enough to run tests in. */
final class BusyboxRootfs {
  private BusyboxRootfs() {}

  static Path create(Path dir) throws IOException, InterruptedException {
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    for (String d : List.of("proc", "dev", "sys", "tmp", "etc", "var/www", "root")) {
      Files.createDirectories(dir.resolve(d));
    }
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    Process list = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
    String applets = new String(list.getInputStream().readAllBytes());
    list.waitFor(10, TimeUnit.SECONDS);
    for (String applet : applets.split("\\s+")) {
      if (!applet.isBlank() && !applet.equals("busybox") && !applet.contains("/")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
    Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
    Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    for (String f : List.of("etc/hosts", "etc/resolv.conf", "etc/hostname")) {
      Files.createFile(dir.resolve(f));
    }
    Files.writeString(dir.resolve("var/www/index.html"), "hello from httpd\n");
    return dir;
  }
}
