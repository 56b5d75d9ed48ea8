package io.skiff.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a process joins a skiff server, shared by {@code skiff agent} and {@code skiff simulate} (k3s's names). */
final class JoinOptions {

  @Option(names = "--server", required = true, description = "The server's URL, e.g. https://10.0.0.1:6443.")
  String server;

  @Option(names = "--token", description = "The join token (the server's DATA_DIR/token).")
  String token;

  @Option(names = "--token-file", description = "A file holding the join token.")
  Path tokenFile;

  URI serverUrl() {
    return URI.create(server);
  }

  /** The token from {@code --token} or else {@code --token-file}, stripped; empty when neither gives one. */
  Optional<String> joinToken() throws IOException {
    String t = token != null ? token : tokenFile != null ? Files.readString(tokenFile) : null;
    return Optional.ofNullable(t).map(String::strip).filter(s -> !s.isEmpty());
  }
}
