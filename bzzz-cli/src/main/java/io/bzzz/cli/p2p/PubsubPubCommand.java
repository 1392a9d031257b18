package io.bzzz.cli.p2p;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "pub",
    mixinStandardHelpOptions = true,
    description = {
      "Wait until N peers are in the topic, publish the message (or each line of stdin), exit 0.",
      "Exits 1 with a reason when fewer than N peers joined the topic within the timeout."
    })
public final class PubsubPubCommand implements Callable<Integer> {
  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic name.")
  String topic;

  @Option(
      names = "--message",
      paramLabel = "M",
      description = "Message to publish (UTF-8); without it, each line of stdin is one message.")
  Optional<String> message;

  @Option(
      names = "--wait-peers",
      paramLabel = "N",
      defaultValue = "1",
      description = "Peers that must be in the topic before publishing (default ${DEFAULT-VALUE}).")
  int waitPeers;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "30",
      description = "Seconds to wait for those peers (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Mixin DataDirOption dataDir;
  @Mixin NodeOptions node;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (waitPeers < 0 || timeoutSeconds < 0) {
      throw new CliFailure("--wait-peers and --timeout must not be negative", 2);
    }
    try (PubsubNode pubsubNode = PubsubNode.start(dataDir, node, spec.commandLine().getErr())) {
      GossipsubService pubsub = pubsubNode.pubsub();
      awaitPeers(pubsub);
      if (message.isPresent()) {
        pubsub.publish(topic, message.get().getBytes(StandardCharsets.UTF_8));
      } else {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
          pubsub.publish(topic, line.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!pubsub.flush(Duration.ofSeconds(10))) {
        throw new CliFailure("published, but could not hand every message to its peers in 10 s");
      }
    } catch (IOException e) {
      throw new CliFailure("reading stdin failed: " + e.getMessage());
    }
    return 0;
  }

  private void awaitPeers(GossipsubService pubsub) throws Exception {
    Semaphore changed = new Semaphore(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (AutoCloseable listening =
        pubsub.onTopicEvent(
            e -> {
              if (e instanceof TopicEvent.Joined j && j.topic().equals(topic)) {
                changed.release();
              }
            })) {
      while (pubsub.topicPeers(topic).size() < waitPeers) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          if (pubsub.topicPeers(topic).size() >= waitPeers) {
            break;
          }
          throw new CliFailure(
              "no "
                  + (waitPeers == 1 ? "peer" : waitPeers + " peers")
                  + " joined topic "
                  + topic
                  + " within "
                  + timeoutSeconds
                  + " s ("
                  + pubsub.topicPeers(topic).size()
                  + " did)");
        }
      }
    }
  }
}
