/**
 * The cluster's credentials: a CA, the API server's serving certificate, client certificates (the admin's, the
 * API server's own for reaching node agents), the join token, and the admin kubeconfig. Created once in the data
 * directory on first start and loaded afterwards.
 */
package io.skiff.apiserver.pki;
