package io.skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skiff}: a Kubernetes-compatible pod engine in one process. */
@Command(name = "skiff", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A Kubernetes-compatible pod engine: API server, store, scheduler and node agent in one process.",
    subcommands = {UpCommand.class, ServerCommand.class, AgentCommand.class, SimulateCommand.class, ImagesCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The version line. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"skiff " + (v == null ? "dev" : v) + " (Kubernetes API v1.33)"};
    }
  }
}
