/**
 * conmon, the per-container monitor from CRI-O (Debian's {@code conmon} 2.1): {@link io.skiff.runtime.conmon.Conmon}
 * starts it to run {@code runc create} so that the container is not a child of skiff, writes its output in the CRI
 * log format, and records its exit code in an exit directory that {@link io.skiff.runtime.conmon.ExitWatcher} watches.
 * conmon reports the container's PID through a sync pipe ({@code _OCI_SYNCPIPE}); Java cannot hand a child an extra
 * file descriptor, so a {@code /bin/sh} trampoline gives conmon a pipe as fd 3 and relays the pipe's first line.
 * {@link io.skiff.runtime.conmon.ConmonAttachment} attaches to a container's main process through conmon's attach
 * socket and control fifo ({@link io.skiff.runtime.conmon.AttachPacket} describes the protocol).
 */
package io.skiff.runtime.conmon;
