package io.skiff.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresRoot}. */
public final class RootCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!Boolean.getBoolean("skiff.test.root")) {
      return ConditionEvaluationResult.disabled("needs -Dskiff.test.root=true (set by the test command when run as root)");
    }
    if (!isRoot()) {
      return ConditionEvaluationResult.disabled("needs root");
    }
    return ConditionEvaluationResult.enabled("running as root");
  }

  /** Whether this process runs with uid 0. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }
}
