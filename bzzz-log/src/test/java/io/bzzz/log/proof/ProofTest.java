package io.bzzz.log.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.VerificationException;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.p2p.crypto.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofTest {
  static final int LENGTH = 300;
  @TempDir Path dir;
  SignedLog log;
  ProofBuilder builder;
  ProofVerifier verifier;

  @BeforeEach
  void setUp() {
    log = SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC);
    for (int i = 0; i < LENGTH; i++) {
      log.append(("block " + i).getBytes(StandardCharsets.UTF_8));
    }
    builder = new ProofBuilder(log);
    verifier = new ProofVerifier(log.identity());
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  @Test
  void upgradesVerifyFromEveryEarlierLength() {
    for (long from = 0; from <= LENGTH; from++) {
      UpgradeProof proof = builder.upgrade(from);
      ProofVerifier.Upgrade up = verifier.verifyUpgrade(log.rootsAt(from), from, proof);
      assertThat(up.head()).isEqualTo(log.head());
      assertThat(up.roots()).isEqualTo(log.roots());
    }
  }

  @Test
  void forgedUpgradesAreRejected() {
    long from = 77;
    List<TreeNode> trusted = log.rootsAt(from);
    UpgradeProof good = builder.upgrade(from);
    SignedHead h = good.head();
    List<UnaryOperator<UpgradeProof>> forgeries = new ArrayList<>();
    forgeries.add(
        p ->
            new UpgradeProof(
                from,
                new SignedHead(h.length() + 1, h.byteLength(), 0, h.treeHash(), h.signature()),
                p.roots(),
                p.nodes()));
    forgeries.add(
        p ->
            new UpgradeProof(
                from,
                new SignedHead(h.length(), h.byteLength() + 1, 0, h.treeHash(), h.signature()),
                p.roots(),
                p.nodes()));
    forgeries.add(
        p ->
            new UpgradeProof(
                from,
                new SignedHead(h.length(), h.byteLength(), 1, h.treeHash(), h.signature()),
                p.roots(),
                p.nodes()));
    forgeries.add(
        p ->
            new UpgradeProof(
                from,
                new SignedHead(h.length(), h.byteLength(), 0, h.treeHash(), flip(h.signature(), 9)),
                p.roots(),
                p.nodes()));
    forgeries.add(
        p ->
            new UpgradeProof(
                from,
                new SignedHead(h.length(), h.byteLength(), 0, flip(h.treeHash(), 0), h.signature()),
                p.roots(),
                p.nodes()));
    for (int i = 0; i < good.roots().size(); i++) {
      int k = i;
      forgeries.add(
          p ->
              new UpgradeProof(from, h, replace(p.roots(), k, forge(p.roots().get(k))), p.nodes()));
    }
    for (int i = 0; i < good.nodes().size(); i++) {
      int k = i;
      forgeries.add(
          p ->
              new UpgradeProof(from, h, p.roots(), replace(p.nodes(), k, forge(p.nodes().get(k)))));
    }
    forgeries.add(
        p -> new UpgradeProof(from, h, p.roots(), p.nodes().subList(1, p.nodes().size())));
    assertThat(good.nodes()).isNotEmpty();
    for (UnaryOperator<UpgradeProof> forge : forgeries) {
      UpgradeProof bad = forge.apply(good);
      assertThatThrownBy(() -> verifier.verifyUpgrade(trusted, from, bad))
          .isInstanceOf(VerificationException.class);
    }
    verifier.verifyUpgrade(trusted, from, good);
  }

  @Test
  void rangesVerifyWithAboutOneNodePerBlock() {
    List<TreeNode> roots = log.roots();
    for (long[] range :
        new long[][] {{0, LENGTH}, {1, 2}, {100, 173}, {255, 256}, {LENGTH - 1, LENGTH}}) {
      List<BlockProof> proofs = builder.range(range[0], range[1], LENGTH);
      ProofVerifier.RangeVerifier v = new ProofVerifier.RangeVerifier(roots, LENGTH, range[0]);
      proofs.forEach(v::verify);
    }
    long nodes = builder.range(0, LENGTH, LENGTH).stream().mapToLong(p -> p.nodes().size()).sum();
    assertThat(nodes).isLessThan(2L * LENGTH);
  }

  @Test
  void rangeAgainstAnEarlierSignedLength() {
    long at = 200;
    UpgradeProof up = builder.upgrade(0);
    assertThat(up.head().length()).isEqualTo(LENGTH);
    ProofVerifier.RangeVerifier v = new ProofVerifier.RangeVerifier(log.rootsAt(at), at, 150);
    builder.range(150, 200, at).forEach(v::verify);
  }

  @Test
  void forgedBlocksAndNodesAreRejected() {
    List<BlockProof> proofs = builder.range(40, 60, LENGTH);
    for (int i = 0; i < proofs.size(); i++) {
      BlockProof p = proofs.get(i);
      List<BlockProof> forged = new ArrayList<>();
      forged.add(new BlockProof(p.index(), flip(p.value(), 0), p.nodes()));
      for (int k = 0; k < p.nodes().size(); k++) {
        forged.add(
            new BlockProof(p.index(), p.value(), replace(p.nodes(), k, forge(p.nodes().get(k)))));
      }
      if (!p.nodes().isEmpty()) {
        forged.add(
            new BlockProof(p.index(), p.value(), p.nodes().subList(0, p.nodes().size() - 1)));
      }
      List<TreeNode> extra = new ArrayList<>(p.nodes());
      extra.add(log.rootsAt(LENGTH).getFirst());
      forged.add(new BlockProof(p.index(), p.value(), extra));
      for (BlockProof bad : forged) {
        ProofVerifier.RangeVerifier v = new ProofVerifier.RangeVerifier(log.roots(), LENGTH, 40);
        proofs.subList(0, i).forEach(v::verify);
        assertThatThrownBy(() -> v.verify(bad)).isInstanceOf(VerificationException.class);
      }
    }
  }

  @Test
  void sameLengthDifferentTreeIsAFork(@TempDir Path other) {
    try (SignedLog twin =
            SignedLog.create(
                other, KeyMode.MANIFEST, PrivateKey.fromSeed(new byte[32]), LogOptions.NO_FSYNC);
        SignedLog twin2 =
            SignedLog.create(
                other.resolve("b"),
                KeyMode.MANIFEST,
                PrivateKey.fromSeed(new byte[32]),
                LogOptions.NO_FSYNC)) {
      twin.append("left".getBytes(StandardCharsets.UTF_8));
      twin2.append("right".getBytes(StandardCharsets.UTF_8));
      UpgradeProof proof = new ProofBuilder(twin2).upgrade(1);
      assertThatThrownBy(
              () -> new ProofVerifier(twin.identity()).verifyUpgrade(twin.roots(), 1, proof))
          .isInstanceOf(ForkException.class);
    }
  }

  static byte[] flip(byte[] b, int i) {
    byte[] c = b.clone();
    c[i] ^= 1;
    return c;
  }

  static TreeNode forge(TreeNode n) {
    return new TreeNode(n.index(), n.size(), flip(n.hash(), 31));
  }

  static <T> List<T> replace(List<T> list, int i, T value) {
    List<T> copy = new ArrayList<>(list);
    copy.set(i, value);
    return copy;
  }
}
