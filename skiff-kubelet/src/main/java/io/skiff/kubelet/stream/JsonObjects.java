package io.skiff.kubelet.stream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream of concatenated JSON objects (a SPDY client's terminal sizes, one JSON encoder write each) into
 * whole objects, whatever the data frames' boundaries: top-level braces are counted outside strings. Bytes between
 * objects (the encoder's newlines) are skipped.
 */
final class JsonObjects {
  /** An object larger than this is not a terminal size: the stream is dropped. */
  static final int MAX_OBJECT = 4096;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private int depth;
  private boolean inString;
  private boolean escaped;

  /** The objects completed by {@code data[off..off+len)}. */
  List<byte[]> feed(byte[] data, int off, int len) {
    List<byte[]> done = new ArrayList<>();
    for (int i = off; i < off + len; i++) {
      byte b = data[i];
      if (depth == 0) {
        if (b == '{') {
          depth = 1;
          current.reset();
          current.write(b);
        }
        continue;
      }
      current.write(b);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{') {
        depth++;
      } else if (b == '}' && --depth == 0) {
        done.add(current.toByteArray());
        current.reset();
      }
      if (current.size() > MAX_OBJECT) {
        depth = 0;
        inString = false;
        current.reset();
      }
    }
    return done;
  }
}
