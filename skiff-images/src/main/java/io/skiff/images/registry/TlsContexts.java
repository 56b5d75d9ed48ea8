package io.skiff.images.registry;

import io.skiff.common.SkiffException;
import io.skiff.images.config.RegistriesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} for a host's {@code tls} settings: an extra CA bundle (trusted beside the system's),
 * a client certificate with a PKCS#8 PEM key (RSA or EC), or {@code insecure_skip_verify}, which accepts any
 * certificate chain. The JDK HTTP client still checks the host name against the certificate.
 */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext create(RegistriesConfig.Tls tls) {
    try {
      TrustManager[] trust;
      if (tls.insecureSkipVerify()) {
        trust = new TrustManager[] {new AcceptAll()};
      } else if (tls.caFile().isPresent()) {
        trust = new TrustManager[] {new Combined(custom(tls.caFile().get()), systemTrust())};
      } else {
        trust = null;
      }
      KeyManager[] keys = null;
      if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
        keys = keyManagers(tls.certFile().get(), tls.keyFile().get());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new SkiffException.BadRequest("cannot use the TLS settings in registries.yaml: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager custom(Path caFile) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certificates(caFile)) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    return (X509TrustManager) f.getTrustManagers()[0];
  }

  private static X509TrustManager systemTrust() throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((KeyStore) null);
    return (X509TrustManager) f.getTrustManagers()[0];
  }

  private static Collection<? extends Certificate> certificates(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
    String pem = Files.readString(keyFile);
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new GeneralSecurityException(keyFile + " must be a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt");
    }
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
    PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException e) {
      key = KeyFactory.getInstance("EC").generatePrivate(spec);
    }
    Certificate[] chain = certificates(certFile).toArray(Certificate[]::new);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", key, new char[0], chain);
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(ks, new char[0]);
    return f.getKeyManagers();
  }

  private record Combined(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      first.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return second.getAcceptedIssuers();
    }
  }

  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
