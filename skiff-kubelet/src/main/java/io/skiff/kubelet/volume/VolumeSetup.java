package io.skiff.kubelet.volume;

import java.util.Map;
import java.util.Objects;

/** The outcome of setting up a pod's volumes: all of them, or the first that failed. */
public sealed interface VolumeSetup {

  /** Every volume is ready, by name. */
  record Ready(Map<String, MountedVolume> volumes) implements VolumeSetup {
    public Ready {
      volumes = Map.copyOf(volumes);
    }
  }

  /**
   * A volume could not be set up; the pod waits (its containers stay {@code ContainerCreating}) and the agent reports a
   * {@code FailedMount} event with {@link #eventMessage()}.
   */
  record Failed(String volume, String error) implements VolumeSetup {
    public Failed {
      Objects.requireNonNull(volume, "volume");
      Objects.requireNonNull(error, "error");
    }

    /** {@code MountVolume.SetUp failed for volume "<v>" : <error>}, the kubelet's wording. */
    public String eventMessage() {
      return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + error;
    }
  }
}
