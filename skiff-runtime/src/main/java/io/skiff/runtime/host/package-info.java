/**
 * Internal: the host primitives the runtime is built on — running a program with a deadline
 * ({@link io.skiff.runtime.host.ProcessRunner}), mounting and unmounting with the system calls
 * ({@link io.skiff.runtime.host.Mounter}, reading {@code /proc/self/mountinfo}), cgroupfs directories and OOM counters
 * on cgroup v1, hybrid or v2 ({@link io.skiff.runtime.host.CgroupFs}), and processes seen through {@code /proc}
 * ({@link io.skiff.runtime.host.ProcStat}). Java 21 has no mount(2) or setns(2) without preview features; those go
 * through JNA ({@code io.skiff.runtime.posix}); whatever runs as a program is bounded by a timeout.
 */
package io.skiff.runtime.host;
