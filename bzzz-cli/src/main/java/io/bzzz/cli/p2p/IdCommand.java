package io.bzzz.cli.p2p;

import io.bzzz.cli.common.DataDirOption;
import io.bzzz.p2p.crypto.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = "Print this node's peer id, creating the identity key if absent.")
public final class IdCommand implements Callable<Integer> {
  @Mixin DataDirOption dataDir;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrivateKey key = NodeFactory.identity(dataDir.dataDir());
    spec.commandLine().getOut().println(key.peerId().toBase58());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
