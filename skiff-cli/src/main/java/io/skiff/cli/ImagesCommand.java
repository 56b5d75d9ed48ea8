package io.skiff.cli;

import io.skiff.images.cli.ImagesCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff images …}: the local image store, usable without a running skiff. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Pull, list, inspect, import and remove images in the local store.",
    subcommands = {ImagesCommand.Pull.class, ImagesCommand.Ls.class, ImagesCommand.Rm.class, ImagesCommand.Inspect.class,
        ImagesCommand.Import.class, ImagesCommand.Prune.class})
final class ImagesCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** The options every images subcommand shares. */
  static final class Store {
    @Option(names = "--data-dir", description = "skiff's data dir (default: /var/lib/skiff as root, ~/.local/share/skiff otherwise).")
    Path dataDir;

    @Option(names = "--registry-config", description = "registries.yaml in k3s's format (default: DATA_DIR/registries.yaml if present).")
    Path registryConfig;

    ImagesCommands commands() {
      Path dir = dataDir != null ? dataDir : DataDirs.defaultDir();
      return new ImagesCommands(dir, registryConfig, System.out, System.err, System.console() != null);
    }
  }

  @Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull an image into the local store.")
  static final class Pull implements Callable<Integer> {
    @Mixin Store store;
    @Parameters(paramLabel = "REF") String ref;

    @Override
    public Integer call() {
      return store.commands().pull(ref);
    }
  }

  @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the images in the local store.")
  static final class Ls implements Callable<Integer> {
    @Mixin Store store;

    @Override
    public Integer call() {
      return store.commands().list();
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove images from the local store.")
  static final class Rm implements Callable<Integer> {
    @Mixin Store store;
    @Parameters(paramLabel = "REF", arity = "1..*") List<String> refs;

    @Override
    public Integer call() {
      return store.commands().remove(refs);
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show an image's manifest and configuration.")
  static final class Inspect implements Callable<Integer> {
    @Mixin Store store;
    @Parameters(paramLabel = "REF") String ref;

    @Override
    public Integer call() {
      return store.commands().inspect(ref);
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Import an OCI layout directory or a docker save archive.")
  static final class Import implements Callable<Integer> {
    @Mixin Store store;
    @Parameters(paramLabel = "PATH") Path source;
    @Option(names = "--name", description = "The name to give the image (default: the name recorded in the archive).") String name;

    @Override
    public Integer call() {
      return store.commands().importImage(source, name);
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove images no container uses, and unreferenced blobs.")
  static final class Prune implements Callable<Integer> {
    @Mixin Store store;

    @Override
    public Integer call() {
      return store.commands().prune();
    }
  }
}
