package io.bzzz.log.replication;

import io.bzzz.log.SignedLog;
import io.bzzz.log.encoding.CompactReader;
import io.bzzz.log.encoding.CompactWriter;
import io.bzzz.log.proof.BlockProof;
import io.bzzz.log.proof.UpgradeProof;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.log.sign.SignedHead;
import io.bzzz.log.tree.Hashes;
import io.bzzz.log.tree.TreeNode;
import io.bzzz.log.tree.TreeNodeCodec;
import io.bzzz.wire.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes and decodes messages with Hypercore's compact-encoding: a type byte, then the fields.
 * Nodes are {@code uint index, uint size, fixed32 hash}. Only encodes and decodes; every count and
 * length is checked against a limit before anything is allocated.
 */
public final class ReplicationCodec {
  /** Most nodes a message may carry: a proof needs at most one per tree level. */
  public static final int MAX_NODES = 128;

  public static final int MAX_ERROR_BYTES = 1024;

  /** Largest frame: one maximal block plus its proof. */
  public static final int MAX_FRAME = SignedLog.MAX_BLOCK_SIZE + 16 * 1024;

  private static final int OPEN = 0;
  private static final int OPENED = 1;
  private static final int SYNC = 2;
  private static final int UPGRADE = 3;
  private static final int UP_TO_DATE = 4;
  private static final int REQUEST = 5;
  private static final int BLOCK = 6;
  private static final int WAIT = 7;
  private static final int ERROR = 8;

  private ReplicationCodec() {}

  public static byte[] encode(Message message) {
    CompactWriter w = new CompactWriter();
    switch (message) {
      case Message.Open m -> w.u8(OPEN).fixed(m.discoveryKey());
      case Message.Opened m ->
          w.u8(OPENED).u8(m.mode().code()).fixed(m.signerKey()).fixed(m.namespace());
      case Message.Sync m -> w.u8(SYNC).uint(m.fromLength());
      case Message.Upgrade m -> {
        UpgradeProof p = m.proof();
        SignedHead h = p.head();
        w.u8(UPGRADE).uint(p.fromLength()).uint(h.length()).uint(h.byteLength()).uint(h.fork());
        w.fixed(h.signature());
        TreeNodeCodec.write(w, p.roots());
        TreeNodeCodec.write(w, p.nodes());
      }
      case Message.UpToDate m -> w.u8(UP_TO_DATE).uint(m.length());
      case Message.Request m -> w.u8(REQUEST).uint(m.start()).uint(m.end()).uint(m.length());
      case Message.Block m -> {
        BlockProof p = m.proof();
        w.u8(BLOCK).uint(p.index()).buffer(p.value());
        TreeNodeCodec.write(w, p.nodes());
      }
      case Message.Wait m -> w.u8(WAIT).uint(m.length()).uint(m.timeoutMillis());
      case Message.Error m -> {
        byte[] text = m.message().getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_ERROR_BYTES) {
          text = java.util.Arrays.copyOf(text, MAX_ERROR_BYTES);
        }
        w.u8(ERROR).buffer(text);
      }
    }
    return w.toByteArray();
  }

  public static Message decode(byte[] frame) {
    if (frame.length == 0) {
      throw new MalformedInputException("empty message");
    }
    CompactReader r = new CompactReader(frame);
    int type = r.u8();
    Message m =
        switch (type) {
          case OPEN -> new Message.Open(r.fixed(32));
          case OPENED -> {
            int code = r.u8();
            KeyMode mode =
                KeyMode.fromCode(code)
                    .orElseThrow(() -> new MalformedInputException("unknown key mode " + code));
            yield new Message.Opened(mode, r.fixed(32), r.fixed(32));
          }
          case SYNC -> new Message.Sync(r.uint());
          case UPGRADE -> {
            long from = r.uint();
            long length = r.uint();
            long byteLength = r.uint();
            long fork = r.uint();
            byte[] signature = r.fixed(64);
            List<TreeNode> roots = TreeNodeCodec.read(r, MAX_NODES);
            List<TreeNode> nodes = TreeNodeCodec.read(r, MAX_NODES);
            SignedHead head;
            try {
              head = new SignedHead(length, byteLength, fork, Hashes.tree(roots), signature);
            } catch (IllegalArgumentException e) {
              throw new MalformedInputException("bad upgrade head: " + e.getMessage());
            }
            yield new Message.Upgrade(new UpgradeProof(from, head, roots, nodes));
          }
          case UP_TO_DATE -> new Message.UpToDate(r.uint());
          case REQUEST -> new Message.Request(r.uint(), r.uint(), r.uint());
          case BLOCK -> {
            long index = r.uint();
            byte[] value = r.buffer("block", SignedLog.MAX_BLOCK_SIZE);
            yield new Message.Block(new BlockProof(index, value, TreeNodeCodec.read(r, MAX_NODES)));
          }
          case WAIT -> new Message.Wait(r.uint(), r.uint());
          case ERROR ->
              new Message.Error(
                  new String(r.buffer("error", MAX_ERROR_BYTES), StandardCharsets.UTF_8));
          default -> throw new MalformedInputException("unknown message type " + type);
        };
    r.expectEnd("message type " + type);
    return m;
  }
}
