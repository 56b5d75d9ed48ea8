package io.skiff.runtime;

/**
 * A terminal's size in characters.
 *
 * @param columns its width
 * @param rows    its height
 */
public record TerminalSize(int columns, int rows) {
  public TerminalSize {
    if (columns < 0 || columns > 0xffff || rows < 0 || rows > 0xffff) {
      throw new IllegalArgumentException("a terminal size is two numbers from 0 to 65535, not " + columns + "x" + rows);
    }
  }
}
