package io.skiff.runtime.runc;

import io.skiff.runtime.cni.CniNetwork;
import io.skiff.runtime.conmon.Conmon;
import io.skiff.runtime.conmon.ExitWatcher;
import io.skiff.runtime.host.CgroupFs;
import io.skiff.runtime.host.Mounter;
import io.skiff.runtime.oci.SpecGenerator;
import io.skiff.runtime.sandbox.NetworkNamespaces;
import io.skiff.runtime.sandbox.SandboxImage;
import java.time.InstantSource;

/** The collaborators the sandbox and container lifecycles share; built once by {@link RuncRuntime}. */
record RuntimeParts(
    RuntimeConfig config,
    RuntimeLayout layout,
    StateStore store,
    KeyedLocks locks,
    Mounter mounter,
    CgroupFs cgroups,
    OciRuntimeCli oci,
    Conmon conmon,
    ExitWatcher exits,
    SpecGenerator specs,
    CniNetwork network,
    NetworkNamespaces netns,
    SandboxImage sandboxImage,
    OomScores oomScores,
    InstantSource clock) {}
