/**
 * Reads Kubernetes' protobuf request bodies ({@code application/vnd.kubernetes.protobuf}), which kubectl's typed
 * commands ({@code create namespace}, {@code create configmap}, …) send, into the JSON the rest of the server
 * decodes. The message definitions come from the Kubernetes Java client's generated protobuf classes.
 */
package io.skiff.apiserver.protobuf;
