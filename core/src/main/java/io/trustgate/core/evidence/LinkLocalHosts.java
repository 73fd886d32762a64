package io.trustgate.core.evidence;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts that evidence is never fetched from: link-local addresses (169.254.0.0/16, fe80::/10),
 * where clouds serve instance metadata and credentials, and the metadata services' own addresses
 * and names (fd00:ec2::254, metadata.google.internal). A policy author, or a release server's
 * redirect, must not be able to point the webhook at them.
 *
 * <p>IP literals are recognised in every spelling a resolver accepts: dotted decimal, the
 * one-to-three-part and hexadecimal or octal forms of inet_aton ({@code 2852039166}, {@code
 * 0xa9fea9fe}, {@code 0251.0376.0251.0376}), and IPv6 with an embedded IPv4 address (mapped,
 * compatible, 6to4, Teredo, NAT64). Names that merely resolve to such addresses are not caught
 * here: that needs the address at connect time.
 */
public final class LinkLocalHosts {
  private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog");
  private static final InetAddress AWS_METADATA_V6 = InetAddresses.forString("fd00:ec2::254");
  private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

  private LinkLocalHosts() {}

  /** Why a URL's host is refused, or null when it is not link-local or a metadata service. */
  public static String problemWith(URI uri) {
    String host = hostOf(uri);
    if (host == null || !isRefused(host)) {
      return null;
    }
    return "points at a link-local or cloud metadata address (" + shorten(host) + "); evidence is never"
        + " fetched from 169.254.0.0/16, fe80::/10, fd00:ec2::254 or metadata.google.internal";
  }

  /** The host as written, also when java.net.URI reads the authority as registry-based (2852039166). */
  static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  static boolean isRefused(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (METADATA_NAMES.contains(h)) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    InetAddress address = h.indexOf(':') >= 0 ? ipv6(h) : ipv4(h);
    return address != null && isRefused(address);
  }

  private static boolean isRefused(InetAddress address) {
    if (address instanceof Inet4Address) {
      byte[] b = address.getAddress();
      return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }
    Inet6Address v6 = (Inet6Address) address;
    byte[] b = v6.getAddress();
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return true;
    }
    if (v6.equals(AWS_METADATA_V6)) {
      return true;
    }
    if (InetAddresses.hasEmbeddedIPv4ClientAddress(v6)) {
      return isRefused(InetAddresses.getEmbeddedIPv4ClientAddress(v6));
    }
    if (java.util.Arrays.equals(java.util.Arrays.copyOf(b, 12), NAT64_PREFIX)) {
      return (b[12] & 0xff) == 169 && (b[13] & 0xff) == 254;
    }
    return false;
  }

  private static InetAddress ipv6(String text) {
    try {
      return InetAddresses.forString(text);
    } catch (IllegalArgumentException notAnAddress) {
      return null;
    }
  }

  /** inet_aton's forms: 1 to 4 parts, each decimal, 0x-hex or 0-octal; the last fills the rest. */
  private static InetAddress ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = number(parts[i]);
      if (values[i] < 0 || (i < parts.length - 1 && values[i] > 255)) {
        return null;
      }
    }
    long last = values[parts.length - 1];
    int lastBytes = 5 - parts.length;
    if (last >= 1L << (8 * lastBytes)) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < parts.length - 1; i++) {
      bytes[i] = (byte) values[i];
    }
    for (int i = 0; i < lastBytes; i++) {
      bytes[3 - i] = (byte) (last >> (8 * i));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException impossible) {
      return null;
    }
  }

  /** A decimal, 0x-hexadecimal or 0-octal number below 2^32, or -1. */
  private static long number(String part) {
    int radix = 10;
    String digits = part;
    if (part.length() > 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 12 || !Character.isLetterOrDigit(digits.charAt(0))) {
      return -1;
    }
    try {
      long value = Long.parseLong(digits, radix);
      return value < 0 || value > 0xffffffffL ? -1 : value;
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  private static String shorten(String host) {
    return host.length() <= 64 ? host : host.substring(0, 64) + "...";
  }
}
