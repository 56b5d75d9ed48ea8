/**
 * The command line and the composition root: the only package that knows every implementation and wires them
 * ({@code skiff up}, {@code skiff images …}).
 */
package io.skiff.cli;
