package io.skiff.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The pod and runtime builders of {@link TestPods}, for tests in other packages. */
public final class StatusFixtures {
  private StatusFixtures() {}

  public static Pod pod(String restartPolicy, List<String> inits, List<String> apps) {
    return TestPods.pod(restartPolicy, inits, apps);
  }

  public static Builder observed(Pod pod) {
    return new Builder(TestPods.observed(pod));
  }

  /** A public face of {@link TestPods.Observed}. */
  public static final class Builder {
    private final TestPods.Observed o;

    Builder(TestPods.Observed o) {
      this.o = o;
    }

    public Builder sandbox(int attempt, boolean ready, String ip) {
      o.sandbox(attempt, ready, ip);
      return this;
    }

    public Builder readySandbox() {
      o.readySandbox();
      return this;
    }

    public Builder running(String name, int attempt) {
      o.running(name, attempt);
      return this;
    }

    public Builder exited(String name, int attempt, int code) {
      o.exited(name, attempt, code);
      return this;
    }

    public ObservedPod build() {
      return o.build();
    }
  }
}
