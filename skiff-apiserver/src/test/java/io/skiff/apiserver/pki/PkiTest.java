package io.skiff.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {

  @Test
  void credentialsSurviveAReloadFromDisk(@TempDir Path dir) throws Exception {
    Pki first = Pki.openOrCreate(dir);
    Pki.Credential admin = first.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
    Pki second = Pki.openOrCreate(dir);
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    Pki.Credential reloaded = second.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
    assertThat(reloaded.certificate()).isEqualTo(admin.certificate());
    assertThat(((java.security.interfaces.ECPrivateKey) reloaded.key()).getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) admin.key()).getS());
    assertThat(second.verify(reloaded.certificate())).isTrue();
  }

  @Test
  void keysAreWrittenAsSec1WithTheirCurveForGoAndFabric8(@TempDir Path dir) throws Exception {
    Pki pki = Pki.openOrCreate(dir);
    pki.clientCredential("client-admin", "skiff-admin", List.of("system:masters"));
    String pem = Files.readString(dir.resolve("client-admin.key"));
    assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
    // the named curve's OID (prime256v1) is inside, which Go's x509.ParseECPrivateKey requires
    assertThat(java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip()))
        .containsSequence(new byte[] {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07});
  }

  @Test
  void servingCertificateIsReissuedWhenANameIsMissing(@TempDir Path dir) {
    Pki pki = Pki.openOrCreate(dir);
    var first = pki.servingCredential(Set.of("localhost"), Set.of("127.0.0.1"));
    assertThat(pki.servingCredential(Set.of("localhost"), Set.of("127.0.0.1")).certificate()).isEqualTo(first.certificate());
    assertThat(pki.servingCredential(Set.of("localhost", "skiff.example"), Set.of("127.0.0.1")).certificate())
        .isNotEqualTo(first.certificate());
  }

  @Test
  void certificateFromAnotherCaIsNotVerified(@TempDir Path a, @TempDir Path b) {
    Pki one = Pki.openOrCreate(a);
    Pki other = Pki.openOrCreate(b);
    var foreign = other.clientCredential("x", "intruder", List.of());
    assertThat(one.verify(foreign.certificate())).isFalse();
  }
}
