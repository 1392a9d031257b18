package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link BasicHost} is built from. Invariants are checked here, once.
 *
 * @param identity our Ed25519 identity
 * @param listenAddresses TCP addresses to listen on (port 0 picks a free port); may be empty
 * @param muxer the stream muxer (Yamux)
 * @param agentVersion sent in identify, e.g. {@code bzzz/0.1.0}
 * @param maxConnections open plus handshaking connections; more inbound ones are closed at once
 * @param maxStreamsPerConnection open streams per connection and direction
 * @param dialTimeout TCP connect plus the whole upgrade
 * @param handshakeTimeout upgrade (multistream, Noise, muxer selection) of an inbound connection
 * @param negotiationTimeout multistream-select on a new stream, either direction (js uses 10 s)
 * @param idleTimeout a connection without application streams for this long is closed; zero
 *     disables idle closing
 * @param dialBackoff first backoff after a failed dial to a peer; doubles per failure
 * @param maxDialBackoff the longest backoff
 * @param clock time source for backoff, idle and last-seen bookkeeping
 * @param random source of Noise ephemeral keys, pnet nonces and ping payloads
 * @param access the private network's key and the peer allow-list (open by default)
 */
public record HostConfig(
    PrivateKey identity,
    List<Multiaddr> listenAddresses,
    StreamMuxerFactory muxer,
    String agentVersion,
    int maxConnections,
    int maxStreamsPerConnection,
    Duration dialTimeout,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    Duration idleTimeout,
    Duration dialBackoff,
    Duration maxDialBackoff,
    InstantSource clock,
    SecureRandom random,
    MeshAccess access) {

  public HostConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(muxer, "muxer");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(access, "access");
    listenAddresses = List.copyOf(listenAddresses);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
    if (maxStreamsPerConnection < 1) {
      throw new IllegalArgumentException("maxStreamsPerConnection must be at least 1");
    }
    requirePositive(dialTimeout, "dialTimeout");
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(negotiationTimeout, "negotiationTimeout");
    requirePositive(dialBackoff, "dialBackoff");
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative");
    }
    if (maxDialBackoff.compareTo(dialBackoff) < 0) {
      throw new IllegalArgumentException("maxDialBackoff must be at least dialBackoff");
    }
  }

  /** A builder with Yamux as the muxer. */
  public static Builder builder(PrivateKey identity) {
    return new Builder(identity, YamuxMuxer.defaults());
  }

  public static Builder builder(PrivateKey identity, StreamMuxerFactory muxer) {
    return new Builder(identity, muxer);
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Defaults suit a Bzzz agent on a LAN; tests shorten the timeouts. */
  public static final class Builder {
    private final PrivateKey identity;
    private final StreamMuxerFactory muxer;
    private final List<Multiaddr> listen = new ArrayList<>();
    private String agentVersion = "bzzz/dev";
    private int maxConnections = 256;
    // js allows 1000 inbound streams; 512 is ample for gossip, kad and log replication.
    private int maxStreamsPerConnection = 512;
    private Duration dialTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration negotiationTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration dialBackoff = Duration.ofSeconds(5);
    private Duration maxDialBackoff = Duration.ofMinutes(5);
    private InstantSource clock = InstantSource.system();
    private SecureRandom random = new SecureRandom();
    private MeshAccess access = MeshAccess.open();

    private Builder(PrivateKey identity, StreamMuxerFactory muxer) {
      this.identity = identity;
      this.muxer = muxer;
    }

    public Builder listen(Multiaddr address) {
      listen.add(address);
      return this;
    }

    public Builder listen(List<Multiaddr> addresses) {
      listen.addAll(addresses);
      return this;
    }

    public Builder agentVersion(String agentVersion) {
      this.agentVersion = agentVersion;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder maxStreamsPerConnection(int maxStreamsPerConnection) {
      this.maxStreamsPerConnection = maxStreamsPerConnection;
      return this;
    }

    public Builder dialTimeout(Duration dialTimeout) {
      this.dialTimeout = dialTimeout;
      return this;
    }

    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    public Builder negotiationTimeout(Duration negotiationTimeout) {
      this.negotiationTimeout = negotiationTimeout;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder dialBackoff(Duration first, Duration max) {
      this.dialBackoff = first;
      this.maxDialBackoff = max;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = random;
      return this;
    }

    public Builder access(MeshAccess access) {
      this.access = access;
      return this;
    }

    public HostConfig build() {
      return new HostConfig(
          identity,
          listen,
          muxer,
          agentVersion,
          maxConnections,
          maxStreamsPerConnection,
          dialTimeout,
          handshakeTimeout,
          negotiationTimeout,
          idleTimeout,
          dialBackoff,
          maxDialBackoff,
          clock,
          random,
          access);
    }
  }
}
