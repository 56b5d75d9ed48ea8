/**
 * The few Linux calls the JDK does not offer, through JNA: pseudo-terminals (open, size), entering a network
 * namespace on one platform thread and creating one pinned on a file, mount(2) and umount2(2), signals by PID, Unix
 * {@code SOCK_SEQPACKET} sockets (conmon's attach socket) and a fifo through which only the latest line counts, and
 * the queue that hands what platform threads read natively to virtual threads. Internal to the runtime.
 */
package io.skiff.runtime.posix;
