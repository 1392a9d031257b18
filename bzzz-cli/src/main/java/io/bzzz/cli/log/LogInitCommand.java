package io.bzzz.cli.log;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.storage.StorageException;
import io.bzzz.p2p.crypto.PrivateKey;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a log; prints its key (hex).")
final class LogInitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "D", required = true, description = "Log directory.")
  Path dir;

  @Option(
      names = "--seed",
      paramLabel = "HEX",
      description = "32-byte Ed25519 seed (64 hex digits); random if absent.")
  String seed;

  @Option(
      names = "--compat",
      description = "Hypercore 10 compat keys (key = public key) instead of a manifest key.")
  boolean compat;

  @Override
  public Integer call() {
    PrivateKey secret = seed == null ? PrivateKey.generate() : parseSeed(seed);
    KeyMode mode = compat ? KeyMode.COMPAT : KeyMode.MANIFEST;
    try (SignedLog log = SignedLog.create(dir, mode, secret, LogOptions.DEFAULT)) {
      spec.commandLine().getOut().println(HexFormat.of().formatHex(log.key()));
    } catch (StorageException e) {
      throw new CliFailure(e.getMessage());
    }
    return 0;
  }

  private static PrivateKey parseSeed(String hex) {
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new CliFailure("--seed must be 64 hex digits (32 bytes)", 2);
    }
    return PrivateKey.fromSeed(HexFormat.of().parseHex(hex));
  }
}
