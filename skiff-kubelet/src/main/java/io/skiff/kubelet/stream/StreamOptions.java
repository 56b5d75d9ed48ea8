package io.skiff.kubelet.stream;

import java.util.List;
import org.eclipse.jetty.util.Fields;

/**
 * What {@code pods/exec} or {@code pods/attach} asked for, from its query: {@code command} (repeated; none for
 * attach), {@code stdin}, {@code stdout}, {@code stderr}, {@code tty}. These are also the streams the client opens.
 */
public record StreamOptions(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
  public StreamOptions {
    command = List.copyOf(command);
  }

  /**
   * The options of a request's query ({@code "1"} as the API server forwards them, or {@code "true"}). As the kubelet:
   * with a terminal, stderr is the terminal, so a stderr stream is not used.
   */
  static StreamOptions of(List<String> command, Fields query) {
    boolean tty = flag(query, "tty");
    return new StreamOptions(command, flag(query, "stdin"), flag(query, "stdout"), flag(query, "stderr") && !tty, tty);
  }

  /** The number of streams a SPDY client opens: one per standard stream asked for, the error stream, and a resize stream with a terminal. */
  int spdyStreams(boolean resizable) {
    return 1 + (stdin ? 1 : 0) + (stdout ? 1 : 0) + (stderr ? 1 : 0) + (tty && resizable ? 1 : 0);
  }

  private static boolean flag(Fields q, String name) {
    String v = q.getValue(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }
}
