package io.skiff.apiserver.server;

import io.skiff.apiserver.pki.Pki;
import io.skiff.common.SkiffException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Who is calling: a client certificate issued by the cluster CA (its CN is the user, its O the groups, as
 * Kubernetes' x509 authenticator reads them), or the cluster token as a bearer token (node agents joining with
 * {@code --token}). Anything else is 401.
 */
final class Authenticator {

  /** An authenticated caller. */
  record User(String name, List<String> groups) {}

  private final Pki pki;
  private final byte[] token;

  Authenticator(Pki pki, String token) {
    this.pki = pki;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  User authenticate(Request request) {
    Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    if (ssl instanceof EndPoint.SslSessionData data && data.peerCertificates() != null && data.peerCertificates().length > 0) {
      X509Certificate cert = data.peerCertificates()[0];
      if (pki.verify(cert)) {
        return fromSubject(cert.getSubjectX500Principal());
      }
    }
    String auth = request.getHeaders().get("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && token != null) {
      byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(presented, token)) {
        return new User("skiff:token", List.of("system:authenticated"));
      }
    }
    throw new SkiffException.Unauthorized("Unauthorized");
  }

  private static User fromSubject(X500Principal principal) {
    String cn = "";
    List<String> groups = new java.util.ArrayList<>();
    for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
      if (part.startsWith("CN=")) {
        cn = part.substring(3);
      } else if (part.startsWith("O=")) {
        groups.add(part.substring(2));
      }
    }
    groups.add("system:authenticated");
    return new User(cn, groups);
  }
}
