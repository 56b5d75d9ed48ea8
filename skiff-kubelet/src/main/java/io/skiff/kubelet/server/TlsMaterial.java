package io.skiff.kubelet.server;

import io.skiff.common.SkiffException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** Key stores for the agent's TLS: the serving certificate (from PEM files, or a fresh self-signed one) and the client CA. */
public final class TlsMaterial {
  static final char[] PASSWORD = "skiff-agent".toCharArray();

  private TlsMaterial() {}

  /** The password of the key stores built here (they live only in memory). */
  public static String keyStorePassword() {
    return new String(PASSWORD);
  }

  /** A key store with the serving key and its chain, read from PEM files. */
  public static KeyStore servingFromPem(Path certPem, Path keyPem) {
    List<X509Certificate> chain = certificates(certPem);
    if (chain.isEmpty()) {
      throw new SkiffException.BadRequest(certPem + " holds no certificate");
    }
    return keyStore(privateKey(keyPem), chain);
  }

  /** A key store with a fresh self-signed EC certificate for the node's names and addresses (valid one year). */
  public static KeyStore selfSigned(String nodeName, List<String> ipAddresses) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = gen.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + nodeName + "@" + now.getEpochSecond());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(63, new SecureRandom()),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.dNSName, nodeName));
      for (String ip : ipAddresses) {
        names.add(new GeneralName(GeneralName.iPAddress, ip));
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      return keyStore(pair.getPrivate(), List.of(cert));
    } catch (java.security.GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new SkiffException.Internal("cannot make a serving certificate: " + e.getMessage(), e);
    }
  }

  /** A trust store holding every certificate of the PEM file. */
  public static KeyStore trust(Path caPem) {
    List<X509Certificate> cas = certificates(caPem);
    if (cas.isEmpty()) {
      throw new SkiffException.BadRequest(caPem + " holds no certificate");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca" + i, cas.get(i));
      }
      return ks;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new SkiffException.Internal("cannot build a trust store: " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> certificates(Path pem) {
    List<X509Certificate> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
      JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          out.add(conv.getCertificate(h));
        }
      }
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new SkiffException.BadRequest("cannot read certificates from " + pem + ": " + e.getMessage(), e);
    }
    return out;
  }

  static PrivateKey privateKey(Path pem) {
    try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PEMKeyPair kp) {
          return conv.getPrivateKey(kp.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return conv.getPrivateKey(info);
        }
      }
    } catch (IOException e) {
      throw new SkiffException.BadRequest("cannot read the private key from " + pem + ": " + e.getMessage(), e);
    }
    throw new SkiffException.BadRequest(pem + " holds no private key");
  }

  private static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("serving", key, PASSWORD, chain.toArray(Certificate[]::new));
      return ks;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new SkiffException.Internal("cannot build a key store: " + e.getMessage(), e);
    }
  }
}
