package io.skiff.apiserver.server;

import io.skiff.apiserver.pki.Pki;
import io.skiff.common.SkiffException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a joining node agent needs from the server, as k3s's join: the CA certificate ({@code GET /cacerts}, public;
 * the agent checks it against the hash its token pins) and a serving certificate issued by that CA
 * ({@code POST /skiff/v1/serving-certificate?node=NAME&ip=ADDR}, authenticated), so that the API server's log proxy
 * trusts the agent.
 */
final class AgentEnrollment {
  private final Pki pki;

  AgentEnrollment(Pki pki) {
    this.pki = pki;
  }

  void caCertificate(Exchange ex) {
    ex.bytes(200, "application/x-pem-file", pki.caPem().getBytes(StandardCharsets.UTF_8));
  }

  void servingCertificate(Exchange ex) {
    if (!ex.method().equals("POST")) {
      throw new SkiffException.MethodNotAllowed("the server does not allow this method on the requested resource");
    }
    String node = ex.query("node");
    String ip = ex.query("ip");
    if (node == null || node.isBlank() || ip == null || ip.isBlank()) {
      throw new SkiffException.BadRequest("node and ip are required");
    }
    try {
      InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new SkiffException.BadRequest("ip is not an address: " + ip);
    }
    Pki.Credential issued = pki.issueServing("system:node:" + node, new LinkedHashSet<>(List.of(node, "localhost")),
        new LinkedHashSet<>(Set.of(ip)));
    Map<String, String> body = new LinkedHashMap<>();
    body.put("certificate", Pki.pem(issued.certificate()));
    body.put("key", Pki.pem(issued.key()));
    ex.json(200, body);
  }
}
