package io.skiff.kubelet.logs;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads whole CRI log files. */
public final class CriLogReader {
  private CriLogReader() {}

  /** Every entry of the file, in order; lines not in the CRI format are skipped. */
  public static List<CriLogEntry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SkiffException.NotFound("cannot read log file " + file + ": " + e.getMessage());
    }
    List<CriLogEntry> out = new ArrayList<>(lines.size());
    for (String l : lines) {
      CriLogEntry.parse(l).ifPresent(out::add);
    }
    return out;
  }

  /** The last {@code n} lines of output, partial entries joined, without CRI prefixes. */
  public static List<String> tailMessages(Path file, int n) {
    List<String> messages = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (CriLogEntry e : read(file)) {
      pending.append(e.content());
      if (!e.partial()) {
        messages.add(pending.toString());
        pending.setLength(0);
      }
    }
    if (!pending.isEmpty()) {
      messages.add(pending.toString());
    }
    return messages.subList(Math.max(0, messages.size() - n), messages.size());
  }
}
