package io.bzzz.cli.p2p;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sub",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe to a topic and print each message as one JSON line:"
          + " {\"from\",\"topic\",\"seqno\",\"data\"}.",
      "seqno is the unsigned 64-bit sequence number in decimal (a JSON string); data is UTF-8"
          + " text. Listen addresses go to stderr. Stops with exit code 0 on SIGTERM or SIGINT."
    })
public final class PubsubSubCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic name.")
  String topic;

  @Mixin DataDirOption dataDir;
  @Mixin NodeOptions node;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ReentrantLock printing = new ReentrantLock();
    PubsubNode pubsub = PubsubNode.start(dataDir, node, spec.commandLine().getErr());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  pubsub.close();
                  out.flush();
                  Runtime.getRuntime().halt(0); // ended by a signal on purpose: success
                },
                "bzzz-pubsub-shutdown"));
    pubsub
        .pubsub()
        .subscribe(
            topic,
            m -> {
              printing.lock();
              try {
                out.println(line(m));
                out.flush();
              } finally {
                printing.unlock();
              }
            });
    new CountDownLatch(1).await();
    return 0;
  }

  static String line(ReceivedMessage m) {
    ObjectNode json = JSON.createObjectNode();
    json.put("from", m.from().toString());
    json.put("topic", m.topic());
    json.put("seqno", m.seqnoText());
    json.put("data", new String(m.data(), StandardCharsets.UTF_8));
    return json.toString();
  }
}
