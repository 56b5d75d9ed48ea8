/**
 * The few Linux calls the JDK does not offer, through JNA: pseudo-terminals (open, size), entering a network
 * namespace on one platform thread, and signals by PID. Internal to the runtime.
 */
package io.skiff.runtime.posix;
