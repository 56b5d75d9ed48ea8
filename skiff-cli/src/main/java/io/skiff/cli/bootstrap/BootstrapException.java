package io.skiff.cli.bootstrap;

/** The server cannot take part in the cluster in the datastore; the message says why and what to do. */
public final class BootstrapException extends Exception {
  public BootstrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
