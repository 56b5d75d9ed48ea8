/** Test-scope fixtures shared by skiff's modules: {@link io.skiff.testing.RequiresRoot} and {@link io.skiff.testing.Await}. */
package io.skiff.testing;
