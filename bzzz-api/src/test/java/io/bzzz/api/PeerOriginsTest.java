package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerOriginsTest {
  @Test
  void originsAreWrittenAsBrowsersSendThem() {
    assertThat(PeerOrigins.of("http://127.0.0.1:8080/api/health"))
        .hasValue("http://127.0.0.1:8080");
    assertThat(PeerOrigins.of("HTTP://Agent.Example:80/x")).hasValue("http://agent.example");
    assertThat(PeerOrigins.of("https://a.example:443")).hasValue("https://a.example");
    assertThat(PeerOrigins.of("http://[::1]:9000/api/health")).hasValue("http://[::1]:9000");
  }

  @Test
  void anythingButAnHttpOriginIsNoOrigin() {
    assertThat(PeerOrigins.of("null")).isEmpty();
    assertThat(PeerOrigins.of("")).isEmpty();
    assertThat(PeerOrigins.of(null)).isEmpty();
    assertThat(PeerOrigins.of("file:///etc/passwd")).isEmpty();
    assertThat(PeerOrigins.of("http://user@evil.example")).isEmpty();
    assertThat(PeerOrigins.of("not a url")).isEmpty();
  }
}
