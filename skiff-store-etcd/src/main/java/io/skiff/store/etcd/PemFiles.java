package io.skiff.store.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads the PEM files of {@code --datastore-certfile/--datastore-keyfile}. */
final class PemFiles {
  private PemFiles() {}

  /** The first private key in {@code file}: PKCS#8 ("PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
  static PrivateKey privateKey(Path file) {
    try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
      throw new IllegalArgumentException(file + " holds no unencrypted private key");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key " + file, e);
    }
  }

  /** The certificates in {@code file}, the client's own first. */
  static X509Certificate[] certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      X509Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
      if (chain.length == 0) {
        throw new IllegalArgumentException(file + " holds no certificate");
      }
      return chain;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the certificate " + file, e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + " holds no readable certificate: " + e.getMessage(), e);
    }
  }
}
