package io.bzzz.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The merged raw option values (later layers replaced earlier ones per option) and typed access to
 * them. Every conversion error names the option and where its value came from.
 */
final class RawOptions {
  /** A raw option value and where it came from ({@code --max-tasks}, {@code BZZZ_MAX_TASKS}). */
  record Raw(List<String> values, String source) {
    String single() {
      return values.isEmpty() ? "" : values.getLast();
    }
  }

  private final Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);

  void put(ConfigKey k, Raw value) {
    raw.put(k, value);
  }

  Optional<String> string(ConfigKey k) {
    return Optional.ofNullable(raw.get(k)).map(Raw::single).filter(s -> !s.isBlank());
  }

  List<String> list(ConfigKey k) {
    return Optional.ofNullable(raw.get(k)).map(Raw::values).orElse(List.of());
  }

  int integer(ConfigKey k, int fallback, int min, int max) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get().strip());
      if (n < min || n > max) {
        throw invalid(k, v.get(), "must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(k, v.get(), "expected a whole number");
    }
  }

  boolean bool(ConfigKey k, boolean fallback) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw invalid(k, v.get(), "expected true or false");
    };
  }

  Duration duration(ConfigKey k, Duration fallback, Duration min) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    Duration d =
        Durations.parse(v.get())
            .orElseThrow(() -> invalid(k, v.get(), "expected a duration such as 30s, 10m or 1h"));
    if (d.compareTo(min) < 0) {
      throw invalid(k, v.get(), "must be at least " + min.toSeconds() + "s");
    }
    return d;
  }

  <E extends Enum<E>> E choice(ConfigKey k, Class<E> type, E fallback) {
    Optional<String> v = string(k);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.get().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          String.join(
              "|",
              Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
      throw invalid(k, v.get(), "expected one of " + allowed);
    }
  }

  Optional<URI> url(ConfigKey k) {
    return string(k).map(v -> parseUrl(k, v));
  }

  /** Every value of a repeatable URL option, checked as {@link #url} checks one. */
  List<URI> urls(ConfigKey k) {
    return list(k).stream().map(v -> parseUrl(k, v)).toList();
  }

  private URI parseUrl(ConfigKey k, String v) {
    try {
      URI u = new URI(v.strip());
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw invalid(k, v, "expected an http:// or https:// URL");
      }
      if (u.getUserInfo() != null) {
        throw new ConfigException(
            describe(k) + ": do not put credentials in the URL; use a token file");
      }
      return u;
    } catch (URISyntaxException e) {
      throw invalid(k, v, "not a URL");
    }
  }

  String describe(ConfigKey k) {
    Raw r = raw.get(k);
    return k.yaml() + (r == null ? "" : " (from " + r.source() + ")");
  }

  ConfigException invalid(ConfigKey k, String value, String why) {
    return new ConfigException(describe(k) + ": '" + value + "': " + why);
  }

  static ConfigException missing(ConfigKey k, String neededBy) {
    return new ConfigException(
        k.yaml()
            + ": required by "
            + neededBy
            + "; set --"
            + k.flag()
            + ", "
            + k.env()
            + " or '"
            + k.yaml()
            + "' in bzzz.yaml");
  }
}
