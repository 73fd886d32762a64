package io.trustgate.core.evidence;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which URLs evidence may be fetched from, and which redirects may be followed. Redirects may
 * move to another host (release downloads do) but never to another scheme: an https fetch must
 * not be downgraded to http, and an http mirror must not be bounced somewhere else either.
 */
final class UrlRules {

  private UrlRules() {}

  /** A redirect's verdict. */
  sealed interface Redirect {
    record Follow(URI target) implements Redirect {}

    record Refuse(String reason) implements Redirect {}
  }

  /** Parses a URL to fetch, or returns null and leaves the reason to {@link #problemWith}. */
  static URI parse(String url) {
    if (url == null) {
      return null;
    }
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Why a URL cannot be fetched, or null when it can: absolute http or https with a host. */
  static String problemWith(String url, URI uri) {
    if (uri == null) {
      return url == null ? "URL is missing" : "invalid URL";
    }
    String scheme = uri.getScheme();
    if (scheme == null || !isHttp(scheme)) {
      return "unsupported URL scheme" + (scheme == null ? "" : " '" + shorten(scheme) + "'")
          + ": only http and https";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "URL has no host";
    }
    return null;
  }

  /** Where a redirect from {@code current} with the given Location header leads, if anywhere. */
  static Redirect next(URI current, String location) {
    if (location == null || location.isBlank()) {
      return new Redirect.Refuse("redirect without a Location header");
    }
    URI target;
    try {
      target = current.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new Redirect.Refuse("redirect to an invalid URL");
    }
    String from = current.getScheme().toLowerCase(Locale.ROOT);
    String to = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!from.equals(to)) {
      return new Redirect.Refuse("refused redirect from " + from + " to "
          + (to.isEmpty() ? "a URL without a scheme" : shorten(to))
          + ": no redirects to other schemes");
    }
    String problem = problemWith(location, target);
    if (problem != null) {
      return new Redirect.Refuse("refused redirect: " + problem);
    }
    // A release server must not bounce the webhook to the node's metadata service.
    String linkLocal = LinkLocalHosts.problemWith(target);
    if (linkLocal != null && LinkLocalHosts.problemWith(current) == null) {
      return new Redirect.Refuse("refused redirect: the target " + linkLocal);
    }
    return new Redirect.Follow(target);
  }

  private static boolean isHttp(String scheme) {
    return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
  }

  private static String shorten(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "...";
  }
}
