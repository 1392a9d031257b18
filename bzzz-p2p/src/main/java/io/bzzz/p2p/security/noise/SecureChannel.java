package io.bzzz.p2p.security.noise;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PublicKey;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The result of a Noise handshake: the authenticated remote identity and the encrypted streams.
 * Closing either stream closes the raw channel underneath; the connection that created the raw
 * channel owns it.
 */
public record SecureChannel(
    PeerId remotePeer, PublicKey remoteKey, InputStream in, OutputStream out) {}
