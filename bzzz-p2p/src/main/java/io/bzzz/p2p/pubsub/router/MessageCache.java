package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recent messages by heartbeat window, for answering IWANT ({@code length} windows) and for the ids
 * announced in IHAVE (the newest {@code gossip} windows). {@link #shift} runs every heartbeat.
 */
final class MessageCache {
  private record Entry(MessageId id, String topic) {}

  private static final class Cached {
    final PubMessage message;
    final Map<PeerId, Integer> transmissions = new HashMap<>();

    Cached(PubMessage message) {
      this.message = message;
    }
  }

  private final int gossip;
  private final int length;
  private final Deque<List<Entry>> windows = new ArrayDeque<>();
  private final Map<MessageId, Cached> messages = new HashMap<>();

  MessageCache(int gossip, int length) {
    this.gossip = gossip;
    this.length = length;
    windows.addFirst(new ArrayList<>());
  }

  void put(MessageId id, PubMessage message) {
    if (messages.putIfAbsent(id, new Cached(message)) == null) {
      windows.getFirst().add(new Entry(id, message.topic()));
    }
  }

  Optional<PubMessage> get(MessageId id) {
    Cached c = messages.get(id);
    return c == null ? Optional.empty() : Optional.of(c.message);
  }

  /**
   * The message for an IWANT from {@code peer}, unless it was already sent to that peer {@code
   * maxTransmissions} times in answer to IWANT.
   */
  Optional<PubMessage> getForPeer(MessageId id, PeerId peer, int maxTransmissions) {
    Cached c = messages.get(id);
    if (c == null) {
      return Optional.empty();
    }
    int count = c.transmissions.merge(peer, 1, Integer::sum);
    return count > maxTransmissions ? Optional.empty() : Optional.of(c.message);
  }

  /** Ids of {@code topic} from the newest gossip windows, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> ids = new ArrayList<>();
    int w = 0;
    for (List<Entry> window : windows) {
      if (w++ == gossip) {
        break;
      }
      for (Entry e : window) {
        if (e.topic.equals(topic)) {
          ids.add(e.id);
        }
      }
    }
    return ids;
  }

  void shift() {
    if (windows.size() == length) {
      for (Entry e : windows.removeLast()) {
        messages.remove(e.id);
      }
    }
    windows.addFirst(new ArrayList<>());
  }

  int size() {
    return messages.size();
  }
}
