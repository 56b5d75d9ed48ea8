package io.skiff.kubelet.stream;

import io.skiff.runtime.TerminalSize;
import java.io.IOException;

/** What a streaming client sends, as its protocol delivers it. */
interface ClientInput {

  /** Bytes the client typed or piped. */
  void stdin(byte[] data, int off, int len) throws IOException;

  /** The client's input ended (SPDY: its stdin stream finished; WebSocket v5: the close signal). */
  void stdinEnded() throws IOException;

  /** The client's terminal has a new size. */
  void resize(TerminalSize size);
}
