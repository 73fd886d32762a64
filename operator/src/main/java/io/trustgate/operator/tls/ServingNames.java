package io.trustgate.operator.tls;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The subject alternative names the serving certificate must carry: the Service's DNS names, or
 * in url mode the URL's host (an IP SAN for an IP literal, which a DNS SAN would not satisfy).
 */
record ServingNames(Set<String> dnsNames, Set<String> ipAddresses) {
  ServingNames {
    dnsNames = Set.copyOf(dnsNames);
    ipAddresses = Set.copyOf(ipAddresses);
  }

  static ServingNames of(WebhookTlsSettings settings) {
    if (settings.url().isPresent()) {
      String host = host(settings.url().get());
      return isIpLiteral(host) ? new ServingNames(Set.of(), Set.of(WebhookCertificates.normalizeIp(stripBrackets(host))))
          : new ServingNames(Set.of(host), Set.of());
    }
    String svc = settings.serviceName();
    String ns = settings.namespace();
    Set<String> dns = new LinkedHashSet<>(List.of(
        svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local"));
    return new ServingNames(dns, Set.of());
  }

  /** The first DNS name, or the IP: used as the certificate's common name. */
  String primary() {
    return dnsNames.isEmpty() ? ipAddresses.iterator().next() : dnsNames.stream().sorted().findFirst().get();
  }

  static String host(String url) {
    URI uri = URI.create(url);
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("webhook url must be https://host[:port][/path], got " + url);
    }
    return uri.getHost();
  }

  private static boolean isIpLiteral(String host) {
    return host.startsWith("[") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }
}
