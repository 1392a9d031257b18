package io.bzzz.agent.council;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.MarkerAuthors;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the holder of the lead role does once the council is formed: files the plan, watches its
 * subtasks, and when all are done delivers (summary, brief closed) and dissolves the council
 * (status, seat refs deleted). Every step reads the tracker first, so a lead that took over after
 * its predecessor died picks up where that one stopped without repeating anything.
 */
final class LeadDuties implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeadDuties.class);
  private static final String SUMMARY = "<!-- bzzz-council-summary council=";
  static final String PLANNED = "<!-- bzzz-council-plan council=";

  private final RoleBook book;
  private final InstantSource clock;
  private final Optional<ModelPlanner> planner;

  LeadDuties(RoleBook book, InstantSource clock) {
    this(book, clock, Optional.empty());
  }

  /**
   * @param model the lead's model, which plans a brief without a {@code bzzz-plan} block
   */
  LeadDuties(RoleBook book, InstantSource clock, Optional<PlanningModel> model) {
    this.book = book;
    this.clock = clock;
    this.planner = model.map(m -> new ModelPlanner(m, book, clock));
  }

  /** Files the plan when the ledger shows every core role held; false when it is too early. */
  boolean plan(Tracker tracker, Council c) {
    if (planner.isPresent() && planner.get().pending(c.spec)) {
      return true; // the model is at work (or its server busy): nothing to read yet
    }
    CouncilLedger.View v = CouncilLedger.read(tracker, c.spec.brief());
    c.seats = new HashMap<>(v.seats());
    if (!c.missingCore().isEmpty()) {
      return false;
    }
    Task brief = tracker.task(c.spec.brief());
    Optional<List<PlanBlock.Subtask>> plan;
    try {
      plan = PlanBlock.parse(brief.body(), c.spec.roles());
    } catch (IllegalArgumentException e) {
      tracker.comment(
          c.spec.brief(), "The council's plan cannot be filed: " + e.getMessage() + ".");
      c.planned = true;
      return true;
    }
    if (plan.isEmpty() && planner.isPresent()) {
      planWithModel(tracker, c, brief, planner.get());
      return true;
    }
    if (plan.isEmpty()) {
      log.atInfo()
          .addKeyValue("council", c.spec.brief())
          .log("the brief has no bzzz-plan block; waiting for subtasks labelled with the council");
      c.planned = true;
      return true;
    }
    c.subtasks = PlanFiler.file(tracker, c.spec, plan.get(), book);
    c.planned = true;
    log.atInfo()
        .addKeyValue("council", c.spec.brief())
        .addKeyValue("subtasks", c.subtasks.values())
        .log("plan filed");
    return true;
  }

  /**
   * A brief without a plan block, with a model: the model files the subtasks ({@link
   * ModelPlanner}); once it finished, a comment with the plan marker says so, and a lead that
   * restarts or takes over does not plan again. A conversation that broke off (a crash, a busy
   * server) is redone; the subtasks it filed are found by their markers and not filed twice.
   */
  private void planWithModel(Tracker tracker, Council c, Task brief, ModelPlanner p) {
    String marker = PLANNED + c.spec.brief() + " -->";
    if (ownComments(tracker, c.spec.brief()).stream().anyMatch(x -> x.body().contains(marker))) {
      c.subtasks = new HashMap<>();
      PlanFiler.filed(tracker, c.spec.brief()).forEach((k, t) -> c.subtasks.put(k, t.number()));
      c.planned = true;
      return;
    }
    Optional<ModelPlanner.Result> done = p.poll(tracker, c.spec, brief);
    if (done.isEmpty()) {
      return; // running, or waiting for a busy server
    }
    ModelPlanner.Result r = done.get();
    c.subtasks = new HashMap<>(r.subtasks());
    switch (r.execution().outcome()) {
      case RETRY_LATER -> {} // planned again at a later turn
      case SUCCEEDED -> {
        c.planned = true;
        tracker.comment(
            c.spec.brief(),
            "The lead planned the brief: "
                + r.subtasks().size()
                + " subtask(s), "
                + String.join(
                    ", ", r.subtasks().values().stream().sorted().map(n -> "#" + n).toList())
                + ".\n\n"
                + marker);
      }
      default -> {
        c.planned = true; // as a brief without a plan: subtasks may still be filed by hand
        tracker.comment(
            c.spec.brief(),
            ("The lead's model could not plan the brief: "
                    + r.execution().reason()
                    + ". Subtasks labelled `"
                    + PlanFiler.label(c.spec.brief())
                    + "` filed by other means still count.")
                .replace("<!--", "&lt;!--"));
      }
    }
  }

  @Override
  public void close() {
    planner.ifPresent(ModelPlanner::close);
  }

  /** Delivers when every subtask is done; true when the council is now dissolved. */
  boolean deliverIfDone(Tracker tracker, Council c, AgentIdentity me) {
    Map<String, Task> filed = PlanFiler.filed(tracker, c.spec.brief());
    Map<String, Integer> numbers = new HashMap<>();
    filed.forEach((k, t) -> numbers.put(k, t.number()));
    c.subtasks = numbers;
    c.plan = PlanItem.of(c.spec, filed.values());
    if (!Delivery.complete(filed.values())) {
      return false;
    }
    CouncilLedger.View v = CouncilLedger.read(tracker, c.spec.brief());
    List<Comment> comments = ownComments(tracker, c.spec.brief());
    boolean summarised =
        comments.stream().anyMatch(x -> x.body().contains(SUMMARY + c.spec.brief() + " "));
    if (!summarised) {
      String text =
          Delivery.summary(
              tracker, c.spec, filed.values(), v.members(), Optional.of(c.age(clock.instant())));
      tracker.comment(c.spec.brief(), text + "\n" + SUMMARY + c.spec.brief() + " -->");
    }
    tracker.closeIssue(c.spec.brief());
    c.state = CouncilState.DISSOLVED;
    CouncilLedger.writeStatus(
        tracker,
        c.spec.brief(),
        CouncilState.DISSOLVED,
        StatusText.render(c, "delivered by " + me.name() + "; the council is dissolved"));
    List<String> deleted = CouncilLedger.deleteSeatRefs(tracker, v, c.spec.brief());
    log.atInfo()
        .addKeyValue("council", c.spec.brief())
        .addKeyValue("refs_deleted", deleted.size())
        .addKeyValue("at", clock.instant().toString())
        .log("council delivered and dissolved");
    return true;
  }

  /** The brief's comments whose markers count: the agents' own (docs/councils.md). */
  private static List<Comment> ownComments(Tracker tracker, int brief) {
    return MarkerAuthors.trusted(
        tracker.comments(brief), MarkerAuthors.user(tracker.login()), brief);
  }
}
