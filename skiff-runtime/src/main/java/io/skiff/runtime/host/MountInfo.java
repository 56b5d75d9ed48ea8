package io.skiff.runtime.host;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/self/mountinfo}: where something is mounted, what filesystem type it is and its
 * superblock options.
 */
public record MountInfo(Path mountPoint, String fsType, String source, String superOptions) {

  /** The calling process's mount table. */
  public static List<MountInfo> current() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    } catch (IOException e) {
      throw new SkiffException.Internal("cannot read /proc/self/mountinfo", e);
    }
  }

  static List<MountInfo> parse(List<String> lines) {
    List<MountInfo> out = new ArrayList<>();
    for (String line : lines) {
      // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
      String[] f = line.split(" ");
      int dash = -1;
      for (int i = 6; i < f.length; i++) {
        if (f[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
        continue;
      }
      out.add(new MountInfo(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]), dash + 3 < f.length ? f[dash + 3] : ""));
    }
    return out;
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
