/**
 * Internal: the host primitives the runtime is built on — running a program with a deadline
 * ({@link io.skiff.runtime.host.ProcessRunner}), mounting and unmounting through util-linux
 * ({@link io.skiff.runtime.host.Mounter}, reading {@code /proc/self/mountinfo}), cgroupfs directories and OOM counters
 * on cgroup v1, hybrid or v2 ({@link io.skiff.runtime.host.CgroupFs}), and processes seen through {@code /proc}
 * ({@link io.skiff.runtime.host.ProcStat}). Java 21 cannot call mount(2) or setns(2) without preview features, so
 * these go through small programs; each call is bounded by a timeout.
 */
package io.skiff.runtime.host;
