package io.skiff.apiserver.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Issues and stores the cluster's certificates under {@code DATA_DIR/tls}. Keys are ECDSA P-256 (fast to make, so
 * a first start stays well under a second). Every file is written to a temporary name and renamed, so a kill never
 * leaves half a key behind.
 */
public final class Pki {
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate with its private key. */
  public record Credential(X509Certificate certificate, PrivateKey key) {}

  private final Path dir;
  private final Credential ca;

  private Pki(Path dir, Credential ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** Loads the CA from {@code dir}, creating it on first use. */
  public static Pki openOrCreate(Path dir) {
    try {
      Files.createDirectories(dir);
      Path cert = dir.resolve("ca.crt");
      Path key = dir.resolve("ca.key");
      if (Files.exists(cert) && Files.exists(key)) {
        return new Pki(dir, new Credential(readCertificate(cert), readKey(key)));
      }
      KeyPair pair = newKeyPair();
      X500Name name = new X500Name("CN=skiff-ca@" + Instant.now().getEpochSecond());
      X509Certificate caCert = sign(name, pair.getPublic(), name, pair.getPrivate(), CA_VALIDITY, true, List.of(), null);
      Credential ca = new Credential(caCert, pair.getPrivate());
      write(key, pem(pair.getPrivate()), true);
      write(cert, pem(caCert), false);
      return new Pki(dir, ca);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster CA in " + dir, e);
    }
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public Path dir() {
    return dir;
  }

  /** PEM of the CA certificate. */
  public String caPem() {
    return pem(ca.certificate());
  }

  /**
   * The serving certificate at {@code DATA_DIR/tls/serving.{crt,key}}, re-issued when a required name is missing
   * (say the bind address changed).
   */
  public Credential servingCredential(Set<String> dnsNames, Set<String> ipAddresses) {
    return servingCredential("serving", dnsNames, ipAddresses);
  }

  /** A serving certificate stored as {@code DATA_DIR/tls/<file>.{crt,key}} (a node agent's, for instance). */
  public Credential servingCredential(String file, Set<String> dnsNames, Set<String> ipAddresses) {
    Path cert = dir.resolve(file + ".crt");
    Path key = dir.resolve(file + ".key");
    try {
      if (Files.exists(cert) && Files.exists(key)) {
        X509Certificate existing = readCertificate(cert);
        if (coversNames(existing, dnsNames, ipAddresses)) {
          return new Credential(existing, readKey(key));
        }
      }
      List<GeneralName> sans = new ArrayList<>();
      dnsNames.forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
      ipAddresses.forEach(n -> sans.add(new GeneralName(GeneralName.iPAddress, n)));
      Credential issued = issue("CN=skiff-" + file, sans, KeyPurposeId.id_kp_serverAuth);
      write(key, pem(issued.key()), true);
      write(cert, pem(issued.certificate()), false);
      return issued;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the serving certificate in " + dir, e);
    }
  }

  /**
   * A client certificate stored as {@code DATA_DIR/tls/<file>.{crt,key}}, created on first use. The common name is
   * the user, the organisations its groups (as Kubernetes' x509 authenticator reads them).
   */
  public Credential clientCredential(String file, String user, List<String> groups) {
    Path cert = dir.resolve(file + ".crt");
    Path key = dir.resolve(file + ".key");
    try {
      if (Files.exists(cert) && Files.exists(key)) {
        return new Credential(readCertificate(cert), readKey(key));
      }
      StringBuilder subject = new StringBuilder();
      for (String g : groups) {
        subject.append("O=").append(g).append(',');
      }
      subject.append("CN=").append(user);
      Credential issued = issue(subject.toString(), List.of(), KeyPurposeId.id_kp_clientAuth);
      write(key, pem(issued.key()), true);
      write(cert, pem(issued.certificate()), false);
      return issued;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a client certificate in " + dir, e);
    }
  }

  /**
   * The join token in {@code tokenFile}, created on first use in k3s's shape, {@code K10<sha256 of the CA
   * PEM>::server:<secret>}: an agent that knows the token can check the CA it downloads before trusting it.
   */
  public String tokenAt(Path tokenFile) {
    try {
      if (Files.exists(tokenFile)) {
        return Files.readString(tokenFile).strip();
      }
      byte[] raw = new byte[24];
      RANDOM.nextBytes(raw);
      String token = "K10" + caHash() + "::server:" + HexFormat.of().formatHex(raw);
      write(tokenFile, token + "\n", true);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token " + tokenFile, e);
    }
  }

  /** The SHA-256 of the CA certificate's PEM, hex: what a token pins. */
  public String caHash() {
    return sha256Hex(caPem());
  }

  /** The CA hash a token pins, if it has k3s's shape. */
  public static java.util.Optional<String> pinnedCaHash(String token) {
    if (token.startsWith("K10") && token.indexOf("::") == 67) {
      return java.util.Optional.of(token.substring(3, 67));
    }
    return java.util.Optional.empty();
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A serving certificate for a node agent, issued now and not stored (the agent keeps it). */
  public Credential issueServing(String commonName, Set<String> dnsNames, Set<String> ipAddresses) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(n -> sans.add(new GeneralName(GeneralName.iPAddress, n)));
    return issue("CN=" + commonName, sans, KeyPurposeId.id_kp_serverAuth);
  }

  /** Whether {@code certificate} was issued by this CA and is valid now. */
  public boolean verify(X509Certificate certificate) {
    try {
      certificate.checkValidity();
      certificate.verify(ca.certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private Credential issue(String subject, List<GeneralName> sans, KeyPurposeId purpose) {
    KeyPair pair = newKeyPair();
    X509Certificate cert = sign(new X500Name(subject), pair.getPublic(),
        X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), ca.key(), LEAF_VALIDITY, false, sans, purpose);
    return new Credential(cert, pair.getPrivate());
  }

  private static boolean coversNames(X509Certificate cert, Set<String> dns, Set<String> ips) {
    try {
      cert.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(30))));
      Set<String> present = new LinkedHashSet<>();
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          present.add(String.valueOf(san.get(1)));
        }
      }
      for (String ip : ips) {
        if (!present.contains(ip) && !present.contains(InetAddress.getByName(ip).getHostAddress())) {
          return false;
        }
      }
      return present.containsAll(dns);
    } catch (GeneralSecurityException | IOException e) {
      return false;
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }

  private static X509Certificate sign(X500Name subject, java.security.PublicKey publicKey, X500Name issuer, PrivateKey issuerKey,
      Duration validity, boolean isCa, List<GeneralName> sans, KeyPurposeId purpose) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, publicKey);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
      X509CertificateHolder holder = b.build(signer);
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate for " + subject, e);
    }
  }

  /** PEM text of a certificate, or of a private key as PKCS#8 (which Go's crypto/tls, and so kubectl, reads). */
  public static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (o instanceof PrivateKey key) {
        w.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1(key)));
      } else {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The SEC1 encoding of an EC key with its named curve inside, as {@code openssl ec} writes it: Go's crypto/tls
   * (kubectl) and fabric8's CertUtils both read that, while a SEC1 key without the curve is refused by Go.
   */
  private static byte[] sec1(PrivateKey key) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    org.bouncycastle.asn1.ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
    java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) key;
    int bits = ec.getParams().getOrder().bitLength();
    return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, inner.getKey(), inner.getPublicKey(), curve).getEncoded();
  }

  public static X509Certificate readCertificate(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
      Object o = p.readObject();
      if (!(o instanceof X509CertificateHolder holder)) {
        throw new IOException(file + " holds no certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificate " + file, e);
    }
  }

  public static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getPrivateKey(kp.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      throw new IOException(file + " holds no private key");
    }
  }

  /** Writes {@code text} atomically (temp file, fsync, rename); {@code secret} files are readable by the owner only. */
  public static void write(Path file, String text, boolean secret) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
