package io.bzzz.agent.council;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.OwnerLiveness;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.claim.MarkerAuthors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a council leaves on its tracker, read and written in one place: seat refs and the seat
 * comments naming their holders ({@link RoleMarker}), and the status comment on the brief, edited
 * in place. Everything any agent needs to know who sits where is readable with one comment listing.
 */
public final class CouncilLedger {
  private static final Logger log = LoggerFactory.getLogger(CouncilLedger.class);
  private static final Pattern STATUS =
      Pattern.compile("<!-- bzzz-council-status council=(\\d{1,10}) state=([a-z]{1,16}) -->");

  /** The council's state as the tracker records it. */
  public record View(
      Map<String, Seat> seats, Optional<CouncilState> state, Optional<Long> statusId) {
    public View {
      seats = Map.copyOf(seats);
    }

    /** Seats of real roles, without the convener. */
    public Map<String, Seat> members() {
      Map<String, Seat> m = new java.util.HashMap<>(seats);
      m.remove(RoleRef.CONVENER);
      return m;
    }
  }

  private CouncilLedger() {}

  /**
   * The council as the agents' own comments record it: seat and status markers count only in
   * comments by the token's user ({@link MarkerAuthors}), so a marker anyone else typed neither
   * names a seat holder nor sets the state.
   */
  public static View read(Tracker tracker, int council) {
    return read(tracker, council, MarkerAuthors.user(tracker.login()));
  }

  /**
   * As {@link #read(Tracker, int)}, with markers by whoever {@code markerAuthor} accepts ({@code
   * bzzz council show} shows what anyone wrote: it acts on nothing).
   */
  public static View read(Tracker tracker, int council, Predicate<String> markerAuthor) {
    List<Comment> comments =
        MarkerAuthors.trusted(tracker.comments(council), markerAuthor, council);
    Optional<CouncilState> state = Optional.empty();
    Optional<Long> id = Optional.empty();
    for (Comment c : comments) {
      Matcher m = STATUS.matcher(c.body());
      if (m.find() && Long.parseLong(m.group(1)) == council) {
        state = CouncilState.fromWire(m.group(2));
        id = Optional.of(c.id());
        break;
      }
    }
    return new View(RoleMarker.seats(comments, council), state, id);
  }

  /**
   * Takes {@code seat} at its attempt: creates its ref, then names the holder in a comment. False
   * when the ref existed (someone else holds it) or the comment could not be posted (an unnamed
   * seat is treated as its holder gone, so its creator does not act on it).
   */
  public static boolean take(Tracker tracker, RoleRef seat, AgentIdentity me) {
    if (!tracker.createRef(seat.name())) {
      return false;
    }
    try {
      tracker.comment(seat.council(), seatComment(seat, me));
      return true;
    } catch (TrackerException e) {
      log.atWarn()
          .addKeyValue("council", seat.council())
          .addKeyValue("role", seat.role())
          .log("seat comment failed; not acting on the seat: " + e.getMessage());
      return false;
    }
  }

  /**
   * Takes over {@code held} when {@code liveness} says its holder is gone: attempt k+1 of the same
   * primitive as a task's take-over.
   */
  public static boolean takeOver(
      Tracker tracker, int council, Seat held, AgentIdentity me, OwnerLiveness liveness) {
    io.bzzz.tracker.Claim asClaim =
        new io.bzzz.tracker.Claim(
            council,
            new RoleRef(council, held.role(), held.attempt()).name(),
            held.attempt(),
            Optional.of(held.holder()));
    if (!liveness.isGone(asClaim)) {
      return false;
    }
    return take(tracker, new RoleRef(council, held.role(), held.attempt()).next(), me);
  }

  static String seatComment(RoleRef seat, AgentIdentity me) {
    String what =
        seat.role().equals(RoleRef.CONVENER)
            ? "convenes council " + seat.council()
            : "holds role **" + seat.role() + "** in council " + seat.council();
    String again =
        seat.attempt() > 1 ? " (attempt " + seat.attempt() + ", the previous holder was gone)" : "";
    return "Bzzz agent **"
        + me.name()
        + "** "
        + what
        + again
        + " on `"
        + seat.name()
        + "`.\n\n"
        + RoleMarker.format(seat, me);
  }

  /** Writes the status comment: edited in place when it exists, posted once otherwise. */
  public static void writeStatus(Tracker tracker, int council, CouncilState state, String text) {
    String body =
        text
            + "\n\n<!-- bzzz-council-status council="
            + council
            + " state="
            + state.wireName()
            + " -->";
    View now = read(tracker, council);
    if (now.statusId().isPresent()) {
      tracker.editComment(now.statusId().get(), body);
    } else {
      tracker.comment(council, body);
    }
  }

  /** Deletes every seat ref the ledger knows (each attempt up to the highest), when dissolving. */
  public static List<String> deleteSeatRefs(Tracker tracker, View view, int council) {
    List<String> deleted = new ArrayList<>();
    for (Seat s : view.seats().values()) {
      for (int a = 1; a <= s.attempt(); a++) {
        String name = new RoleRef(council, s.role(), a).name();
        tracker.deleteRef(name);
        deleted.add(name);
      }
    }
    return deleted;
  }
}
