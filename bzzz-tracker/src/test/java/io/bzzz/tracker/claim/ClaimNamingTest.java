package io.bzzz.tracker.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Comment;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClaimNamingTest {
  @Test
  void branchNamesRoundTripAndRejectLookalikes() {
    assertThat(new ClaimBranch(12, 1).name()).isEqualTo("bzzz/task-12");
    assertThat(new ClaimBranch(12, 3).name()).isEqualTo("bzzz/task-12-a3");
    assertThat(ClaimBranch.parse("bzzz/task-12-a3")).contains(new ClaimBranch(12, 3));
    assertThat(ClaimBranch.parse("bzzz/task-12")).contains(new ClaimBranch(12, 1));
    for (String bad :
        List.of(
            "bzzz/task-12-a1",
            "bzzz/task-0",
            "bzzz/task-012",
            "bzzz/task-1/x",
            "task-1",
            "bzzz/task-99999999999")) {
      assertThat(ClaimBranch.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void claimMarkerNamesTheOwnerOfTheRightAttempt() {
    AgentIdentity alice =
        new AgentIdentity("alice the agent", Optional.of("12D3KooWA"), Optional.of("ff00"));
    AgentIdentity bob = AgentIdentity.named("bob");
    List<Comment> comments =
        List.of(
            new Comment(1, "u", "noise <!-- bzzz-claim task=7 attempt=1 agent=mallory -->", false),
            new Comment(
                2,
                "u",
                ClaimProtocol.claimComment(new Claim(5, "bzzz/task-5", 1, Optional.empty()), alice),
                false),
            new Comment(3, "u", "x\n" + ClaimMarker.format(5, 2, bob), false));

    assertThat(ClaimMarker.owner(comments, 5, 1)).contains(alice);
    assertThat(ClaimMarker.owner(comments, 5, 2)).contains(bob);
    assertThat(ClaimMarker.owner(comments, 5, 3)).isEmpty();
    assertThat(ClaimMarker.owner(comments, 7, 1)).map(AgentIdentity::name).contains("mallory");
  }

  @Test
  void commentMarkersAreDistinctAndFound() {
    Random random = new Random(1);
    CommentMarker a = CommentMarker.fresh(random);
    CommentMarker b = CommentMarker.fresh(random);
    assertThat(a.tag()).isNotEqualTo(b.tag());
    List<Comment> comments = List.of(new Comment(9, "u", a.appendTo("hi"), false));
    assertThat(a.findIn(comments)).map(Comment::id).contains(9L);
    assertThat(b.findIn(comments)).isEmpty();
  }
}
