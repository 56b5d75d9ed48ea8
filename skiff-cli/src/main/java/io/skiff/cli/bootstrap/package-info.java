/**
 * The cluster's credentials in a shared datastore, as k3s keeps them: the first server stores the CA, the admin
 * client certificate and the join token under {@code /bootstrap/<hash>}, encrypted with a key derived from the
 * token's secret; a server started later with the same {@code --token} takes them from there, so that every server
 * of the cluster serves with the same CA and one kubeconfig works against all of them.
 */
package io.skiff.cli.bootstrap;
