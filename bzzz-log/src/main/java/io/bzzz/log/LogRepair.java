package io.bzzz.log;

import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.storage.LogFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code bzzz log repair}: brings a damaged log directory back to its newest signed head, and says
 * exactly what it drops. It only ever drops bytes no readable or lost head can have covered; when
 * the newest head it can read covers blocks that are gone or damaged (or a lost head may cover the
 * bytes beyond the readable one), it refuses and changes nothing, because an append would then sign
 * a different block at an index that was published. Those blocks can only come back from a replica.
 */
public final class LogRepair {
  /**
   * What repair found and did.
   *
   * @param findings the damage, one line each, naming the file
   * @param dropped what is (or, in a dry run, would be) dropped; "nothing" when nothing is
   * @param actions the other changes (head slots rewritten, head file resized)
   * @param refusal why the directory cannot be repaired without a replica; nothing was changed
   * @param length the length of the log after the repair (or the readable length when refused)
   * @param changed whether any byte was written
   */
  public record Report(
      List<String> findings,
      String dropped,
      List<String> actions,
      Optional<String> refusal,
      long length,
      boolean changed) {
    public Report {
      findings = List.copyOf(findings);
      actions = List.copyOf(actions);
    }
  }

  private LogRepair() {}

  public static Report run(Path dir, boolean dryRun) {
    Plan plan;
    try (LogFiles files = LogFiles.open(dir, true)) {
      plan = plan(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read log " + dir, e);
    }
    if (plan.refusal.isPresent() || dryRun || !plan.needsWrite) {
      return new Report(
          plan.findings, plan.dropped, plan.actions, plan.refusal, plan.length, false);
    }
    try (LogFiles files = LogFiles.open(dir, false)) {
      files.discardTail();
      files.padHead();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair log " + dir, e);
    }
    VerifyReport after = LogVerifier.verify(dir);
    if (!after.ok()) {
      throw new IllegalStateException(
          "repair left problems in " + dir + ": " + String.join("; ", after.problems()));
    }
    return new Report(
        plan.findings, plan.dropped, plan.actions, Optional.empty(), plan.length, true);
  }

  private record Plan(
      List<String> findings,
      String dropped,
      List<String> actions,
      Optional<String> refusal,
      long length,
      boolean needsWrite) {}

  private static Plan plan(LogFiles files) throws IOException {
    SignedHead head = files.head();
    long length = head.length();
    List<String> findings = new ArrayList<>(LogLoader.structuralProblems(files));
    List<String> stateProblems = LogVerifier.signedStateProblems(files);
    if (findings.stream().noneMatch(f -> f.startsWith("data:") || f.startsWith("tree:"))) {
      // a short data or tree file is already named; the block-level detail would repeat it
      stateProblems.forEach(p -> findings.add("head (length " + length + "): " + p));
    }

    long dataBeyond = files.dataSize() - head.byteLength();
    long treeBeyond = files.treeSize() - LogFiles.treeBytes(length);
    boolean somethingBeyond = dataBeyond > 0 || treeBeyond > 0;
    boolean headLost =
        !files.slotProblems().isEmpty() || files.headFileSize() < LogFiles.headFileBytes();
    String beyond = describeBeyond(files, length, dataBeyond, treeBeyond);
    String restore =
        " Nothing was changed. The blocks can only come back from a replica: 'bzzz log replicate"
            + " --key "
            + HexFormat.of().formatHex(files.identity().key())
            + " --from <peer> --dir <new dir>', then copy "
            + LogFiles.SECRET
            + " into it.";

    if (!stateProblems.isEmpty()) {
      String older =
          files.validHeads().size() > 1
              ? " (falling back to the older head, length "
                  + files.validHeads().get(1).length()
                  + ", and appending would sign different blocks at those indexes)"
              : "";
      return refused(
          findings,
          "the newest signed head covers "
              + length
              + " blocks but they do not verify: "
              + stateProblems.getFirst()
              + older
              + "."
              + restore,
          length);
    }
    if (headLost && somethingBeyond) {
      return refused(
          findings,
          "a head slot is unreadable and "
              + beyond
              + " lie beyond the readable head (length "
              + length
              + "); the lost head may have covered and published them."
              + restore,
          length);
    }

    List<String> actions = new ArrayList<>();
    if (!files.slotProblems().isEmpty()) {
      actions.add("rewrite the damaged head slot with the head of length " + length);
    }
    if (files.headFileSize() != LogFiles.headFileBytes()) {
      actions.add(
          "resize the head file from "
              + files.headFileSize()
              + " to "
              + LogFiles.headFileBytes()
              + " bytes");
    }
    if (somethingBeyond) {
      findings.add(beyond + " beyond the signed length " + length + " (an interrupted append)");
    }
    String dropped = somethingBeyond ? beyond + ", never acknowledged" : "nothing";
    return new Plan(
        findings,
        dropped,
        actions,
        Optional.empty(),
        length,
        somethingBeyond || !actions.isEmpty());
  }

  private static Plan refused(List<String> findings, String why, long length) {
    return new Plan(findings, "nothing", List.of(), Optional.of(why), length, false);
  }

  /** "blocks 3..4 (7 bytes of data, 120 bytes of tree)", or just the bytes for a partial block. */
  private static String describeBeyond(
      LogFiles files, long length, long dataBeyond, long treeBeyond) throws IOException {
    long nodes = files.treeSize() / LogFiles.NODE_SIZE;
    long blocksInTree = (nodes + 1) / 2;
    String bytes =
        Math.max(0, dataBeyond) + " bytes of data, " + Math.max(0, treeBeyond) + " bytes of tree";
    if (blocksInTree > length) {
      return "blocks " + length + ".." + (blocksInTree - 1) + " (" + bytes + ")";
    }
    return bytes;
  }
}
