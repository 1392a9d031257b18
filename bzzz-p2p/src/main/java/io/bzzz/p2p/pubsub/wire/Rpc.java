package io.bzzz.p2p.pubsub.wire;

import java.util.List;

/** One pubsub RPC: {@code RPC{subscriptions=1, publish=2, control=3}}. */
public record Rpc(List<SubOpts> subscriptions, List<PubMessage> publish, ControlMessage control) {
  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    publish = List.copyOf(publish);
  }

  public static Rpc ofControl(ControlMessage control) {
    return new Rpc(List.of(), List.of(), control);
  }

  public boolean isEmpty() {
    return subscriptions.isEmpty() && publish.isEmpty() && control.isEmpty();
  }
}
