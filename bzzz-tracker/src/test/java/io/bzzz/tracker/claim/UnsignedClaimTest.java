package io.bzzz.tracker.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.TrackerException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The claim comment names the owner; a claim nobody signed is taken over by others after a grace
 * period, so its creator must not run it. Refs and issues in memory, with the failures a tracker
 * going away causes.
 */
class UnsignedClaimTest {
  private final Set<String> branches = new HashSet<>();
  private final List<Comment> comments = new ArrayList<>();
  private boolean commentsFail;
  private Runnable beforeComment = () -> {};

  private final ClaimRefs refs =
      new ClaimRefs() {
        @Override
        public boolean createBranch(String name) {
          return branches.add(name);
        }

        @Override
        public boolean branchExists(String name) {
          return branches.contains(name);
        }
      };

  private final ClaimFollowUp issues =
      new ClaimFollowUp() {
        @Override
        public boolean assignSelf(int number) {
          return true;
        }

        @Override
        public void relabel(int number, List<String> add, List<String> remove) {}

        @Override
        public Comment comment(int number, String body) {
          beforeComment.run();
          if (commentsFail) {
            throw new TrackerException.Unreachable(
                "POST comments: no answer after 5 tries", new java.io.IOException("refused"));
          }
          Comment c = new Comment(comments.size() + 1, "agent", body, false);
          comments.add(c);
          return c;
        }

        @Override
        public List<Comment> comments(int number) {
          return List.copyOf(comments);
        }
      };

  private final ClaimProtocol protocol = new ClaimProtocol(refs, issues);
  private final AgentIdentity alice =
      new AgentIdentity("alice", Optional.of("12D3KooWAlice"), Optional.empty());
  private final AgentIdentity bob =
      new AgentIdentity("bob", Optional.of("12D3KooWBob"), Optional.empty());

  @Test
  void aClaimWhoseCommentCannotBePostedIsNotRunByItsCreator() {
    commentsFail = true;

    ClaimResult result = protocol.claim(7, alice);

    assertThat(result).isInstanceOf(ClaimResult.Lost.class);
    assertThat(((ClaimResult.Lost) result).holder()).isEmpty();
    assertThat(branches).containsExactly("bzzz/task-7");
    assertThat(protocol.current(7).orElseThrow().owner()).as("nobody signed it").isEmpty();
  }

  @Test
  void anUnsignedClaimIsTakenOverAndItsLateCreatorStepsBack() {
    // alice's comment is slow; bob takes the unsigned attempt 1 over before it lands
    beforeComment =
        () -> {
          beforeComment = () -> {};
          assertThat(
                  protocol.reclaim(
                      7, bob, claim -> claim.owner().isEmpty() && claim.attempt() == 1))
              .isInstanceOf(ClaimResult.Won.class);
        };

    ClaimResult alices = protocol.claim(7, alice);

    assertThat(alices).as("superseded before it ran").isInstanceOf(ClaimResult.Lost.class);
    assertThat(protocol.current(7).orElseThrow().attempt()).isEqualTo(2);
    assertThat(protocol.current(7).orElseThrow().owner().map(AgentIdentity::name)).contains("bob");
  }

  @Test
  void aSignedClaimIsWonAndNotTakenOverAsUnsigned() {
    assertThat(protocol.claim(7, alice)).isInstanceOf(ClaimResult.Won.class);

    ClaimResult bobs =
        protocol.reclaim(7, bob, claim -> claim.owner().isEmpty() && claim.attempt() == 1);

    assertThat(bobs).isInstanceOf(ClaimResult.Lost.class);
    assertThat(branches).containsExactly("bzzz/task-7");
  }
}
