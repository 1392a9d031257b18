package io.bzzz.agent.council;

import io.bzzz.agent.task.PollRota;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.OwnerLiveness;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.http.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's part in councils, with no coordinator: whoever polls for briefs first takes the
 * convener seat of a new one and drives its formation (opportunity, deadline, status); every agent
 * that hears an opportunity takes a role it can hold, racing on the role's ref; the lead role's
 * holder plans and delivers ({@link LeadDuties}). A seat whose holder the mesh confirms gone is
 * taken over at attempt k+1 by a capable agent without a seat.
 *
 * <p>One thread (owned here, closed by {@link #close}) does all of it: mesh messages and API
 * requests are queued to it, so council state needs no lock; readers get snapshots.
 */
public final class CouncilEngine implements CouncilDesk, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CouncilEngine.class);
  private static final Duration REREAD = Duration.ofSeconds(1);
  private static final Duration REANNOUNCE = Duration.ofSeconds(3);
  private static final int BRIEFS = 50;

  private final String self;
  private final AgentIdentity me;
  private final Map<String, Tracker> trackers;
  private final BriefFiler filer;
  private final Supplier<Set<String>> capabilities;
  private final CouncilMesh mesh;
  private final CouncilSettings settings;
  private final InstantSource clock;
  private final CouncilCodec codec = new CouncilCodec();
  private final LeadDuties lead;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>(10_000);
  private final Map<String, Council> councils = new HashMap<>();
  private final Map<String, Set<String>> peersAtFailure = new HashMap<>();
  private final Set<String> badBriefs = new HashSet<>();
  private final Map<String, CouncilView> views = new ConcurrentHashMap<>();
  private final Set<String> memberOf = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean running = true;
  private Instant nextDiscovery;

  public CouncilEngine(
      AgentIdentity me,
      Map<String, Tracker> trackers,
      BriefFiler filer,
      Supplier<Set<String>> capabilities,
      CouncilMesh mesh,
      CouncilSettings settings,
      InstantSource clock) {
    this(me, trackers, filer, capabilities, mesh, settings, clock, Optional.empty());
  }

  /**
   * @param model the lead's model, when this agent runs an LLM executor: it plans briefs without a
   *     {@code bzzz-plan} block with the {@code create_subtask} tool
   */
  public CouncilEngine(
      AgentIdentity me,
      Map<String, Tracker> trackers,
      BriefFiler filer,
      Supplier<Set<String>> capabilities,
      CouncilMesh mesh,
      CouncilSettings settings,
      InstantSource clock,
      Optional<PlanningModel> model) {
    this.self = me.peerId().orElseThrow(() -> new IllegalArgumentException("a peer id is needed"));
    this.me = me;
    this.trackers = Map.copyOf(trackers);
    this.filer = filer;
    this.capabilities = capabilities;
    this.mesh = mesh;
    this.settings = settings;
    this.clock = clock;
    this.lead = new LeadDuties(settings.book(), clock, model);
    this.nextDiscovery = clock.instant();
    this.thread = Thread.ofVirtual().name("council").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** A council topic message from the mesh; {@code author} is the peer that signed it. */
  public void onMessage(byte[] data, Optional<String> author) {
    CouncilCodec.Received r;
    try {
      Optional<CouncilCodec.Received> decoded = codec.decode(data);
      if (decoded.isEmpty()) {
        return;
      }
      r = decoded.get();
    } catch (IllegalArgumentException e) {
      log.atDebug().log("dropped a malformed council message: " + e.getMessage());
      return;
    }
    if (r.from().equals(self) || author.map(a -> !a.equals(r.from())).orElse(false)) {
      return; // our own echo, or a message speaking for someone else
    }
    submit(() -> handle(r.message()));
  }

  /** Looks for briefs at the next turn of the loop, whoever's poll turn it is. */
  public void discoverNow() {
    submit(() -> discover(true));
  }

  private void submit(Runnable r) {
    if (!inbox.offer(r)) {
      log.atWarn().log("council inbox full; dropped a message");
    }
  }

  @Override
  public int form(FormRequest request, Token caller) {
    Tracker tracker = trackers.get(request.repository());
    if (tracker == null) {
      throw new IllegalArgumentException(
          "this agent does not watch " + request.repository() + "; ask one that does");
    }
    Task brief;
    try (Tracker asCaller = filer.open(request.repository(), caller)) {
      brief =
          asCaller.createTask(
              new NewTask(
                  request.projectName(), request.briefBody(), List.of(BriefReader.ENTRYPOINT)));
    }
    if (!brief.labels().contains(BriefReader.ENTRYPOINT)) {
      throw new BriefNotLabelled(request.repository(), brief.number(), BriefReader.ENTRYPOINT);
    }
    log.atInfo()
        .addKeyValue("repo", request.repository())
        .addKeyValue("brief", brief.number())
        .addKeyValue("author", brief.author())
        .log("brief filed over HTTP");
    submit(() -> examine(tracker, brief));
    return brief.number();
  }

  @Override
  public List<CouncilView> councils() {
    return views.values().stream()
        .sorted(Comparator.comparing(CouncilView::repository).thenComparingInt(CouncilView::brief))
        .toList();
  }

  @Override
  public Optional<CouncilView> council(String repository, int id) {
    return Optional.ofNullable(views.get(Council.key(repository, id)));
  }

  @Override
  public boolean isMember(String repository, int id) {
    return memberOf.contains(Council.key(repository, id));
  }

  private void run() {
    while (running) {
      try {
        Runnable r = inbox.poll(settings.tick().toMillis(), TimeUnit.MILLISECONDS);
        while (r != null && running) {
          safely(r);
          r = inbox.poll();
        }
        if (!clock.instant().isBefore(nextDiscovery)) {
          nextDiscovery = clock.instant().plus(settings.discoverEvery());
          safely(() -> discover(false));
        }
        for (Council c : List.copyOf(councils.values())) {
          safely(() -> step(c));
        }
        refreshViews();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (TrackerException e) {
      log.atWarn().log("council tracker call failed: " + e.getMessage());
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("council step failed");
    }
  }

  // ---- discovery: one agent per repository and poll slot reads the briefs

  private void discover(boolean force) {
    for (Map.Entry<String, Tracker> e : trackers.entrySet()) {
      if (!force && !myTurn(e.getKey())) {
        continue;
      }
      List<Task> briefs =
          e.getValue()
              .listTasks(
                  new TaskQuery(TaskState.OPEN, List.of(BriefReader.ENTRYPOINT), Set.of(), BRIEFS));
      for (Task brief : briefs) {
        safely(() -> examine(e.getValue(), brief));
      }
    }
  }

  private boolean myTurn(String repository) {
    List<String> pollers = new ArrayList<>(mesh.livePeers());
    pollers.add(self);
    long slot = clock.millis() / Math.max(1, settings.discoverEvery().toMillis());
    return PollRota.shouldPoll(self, "councils:" + repository + "@" + slot, pollers);
  }

  /** Reads a brief's ledger; convenes it when nobody does, takes over seats of the gone. */
  private void examine(Tracker tracker, Task brief) {
    String key = Council.key(tracker.repo().toString(), brief.number());
    Council c = councils.get(key);
    if (c != null && c.convening && c.state != CouncilState.FORMED) {
      return; // this agent drives it already
    }
    if (badBriefs.contains(key)) {
      return;
    }
    CouncilLedger.View v = CouncilLedger.read(tracker, brief.number());
    if (v.state().equals(Optional.of(CouncilState.DISSOLVED))) {
      return;
    }
    if (c == null) {
      CouncilSpec spec;
      try {
        spec = BriefReader.spec(brief, settings.book(), settings.deadline());
      } catch (IllegalArgumentException e) {
        badBriefs.add(key);
        tracker.comment(brief.number(), "This brief cannot form a council: " + e.getMessage());
        return;
      }
      c = new Council(spec, clock.instant());
      councils.put(key, c);
    }
    apply(c, v);
    Optional<Seat> convener = Optional.ofNullable(v.seats().get(RoleRef.CONVENER));
    if (convener.isEmpty()) {
      if (CouncilLedger.take(tracker, new RoleRef(brief.number(), RoleRef.CONVENER, 1), me)) {
        convene(tracker, c, true);
      }
    } else if (convener.get().peerId().equals(Optional.of(self))) {
      if (!c.convening && c.state != CouncilState.FORMED) {
        convene(tracker, c, false); // an earlier run of this agent convened it
      }
    } else if (c.state != CouncilState.FORMED && gone(convener.get())) {
      if (CouncilLedger.takeOver(tracker, brief.number(), convener.get(), me, liveness())) {
        log.atInfo().addKeyValue("council", brief.number()).log("convener gone; convening");
        convene(tracker, c, false);
      }
    }
    takeOverSeats(tracker, c, v);
  }

  private void apply(Council c, CouncilLedger.View v) {
    c.seats = new HashMap<>(v.seats());
    v.state().ifPresent(s -> c.state = s);
    c.mine.clear();
    c.members()
        .forEach(
            (role, s) -> {
              if (s.peerId().equals(Optional.of(self))) {
                c.mine.add(role);
              }
            });
    if (!c.mine.isEmpty()) {
      memberOf.add(c.key());
    }
  }

  /** Seats whose holder is confirmed gone go to a capable agent without a seat here. */
  private void takeOverSeats(Tracker tracker, Council c, CouncilLedger.View v) {
    for (Seat s : v.members().values()) {
      if (c.mine.size() >= settings.maxRoles()
          || !gone(s)
          || !settings.book().canHold(s.role(), capabilities.get())) {
        continue;
      }
      if (CouncilLedger.takeOver(tracker, c.spec.brief(), s, me, liveness())) {
        Seat mine = new Seat(s.role(), s.attempt() + 1, me);
        c.seats.put(s.role(), mine);
        c.mine.add(s.role());
        memberOf.add(c.key());
        log.atInfo()
            .addKeyValue("council", c.spec.brief())
            .addKeyValue("role", s.role())
            .addKeyValue("attempt", mine.attempt())
            .log("took over the role of a gone member");
        mesh.publish(claimed(c, mine));
      }
    }
  }

  private static boolean isCore(Council c, Seat s) {
    return c.spec.core().contains(s.role());
  }

  private boolean gone(Seat s) {
    return s.peerId().map(p -> !p.equals(self) && mesh.isGone(p)).orElse(false);
  }

  private OwnerLiveness liveness() {
    return claim -> claim.owner().flatMap(AgentIdentity::peerId).map(mesh::isGone).orElse(false);
  }

  // ---- formation, driven by the convener

  private void convene(Tracker tracker, Council c, boolean fresh) {
    c.convening = true;
    if (c.state == CouncilState.FORMED || c.state == CouncilState.DISSOLVED) {
      return;
    }
    if (!fresh && c.state == CouncilState.FAILED) {
      peersAtFailure.put(c.key(), new HashSet<>(mesh.livePeers()));
      return;
    }
    c.state = CouncilState.FORMING;
    c.deadline = clock.instant().plus(c.spec.deadline());
    announce(tracker, c);
  }

  private void announce(Tracker tracker, Council c) {
    log.atInfo()
        .addKeyValue("council", c.spec.brief())
        .addKeyValue("attempt", c.attempt)
        .addKeyValue("core", c.spec.core())
        .log("council forming");
    publishOpportunity(c);
    publishStatus(tracker, c, "looking for members until " + c.deadline);
    takeSeats(tracker, c, Map.of()); // the convener hears its own opportunity too
  }

  private void step(Council c) {
    Tracker tracker = trackers.get(c.spec.repository());
    Instant now = clock.instant();
    if (c.convening && c.state == CouncilState.FORMING) {
      if (!now.isBefore(c.nextRead)) {
        c.nextRead = now.plus(REREAD);
        apply(c, CouncilLedger.read(tracker, c.spec.brief()));
      }
      // a core seat whose holder the mesh confirms gone is not held: a capable agent takes it over
      // (takeOverSeats) before the council counts as formed
      if (c.missingCore().isEmpty()
          && c.seats.values().stream().noneMatch(s -> isCore(c, s) && gone(s))) {
        c.state = CouncilState.FORMED;
        log.atInfo()
            .addKeyValue("council", c.spec.brief())
            .addKeyValue("seconds", c.age(now).toMillis() / 1000.0)
            .log("council formed");
        publishStatus(tracker, c, "every core role is held");
      } else if (!now.isBefore(c.deadline)) {
        c.state = CouncilState.FAILED;
        peersAtFailure.put(c.key(), new HashSet<>(mesh.livePeers()));
        log.atWarn()
            .addKeyValue("council", c.spec.brief())
            .addKeyValue("missing", c.missingCore())
            .log("council formation failed");
        publishStatus(
            tracker,
            c,
            "nobody took "
                + String.join(", ", c.missingCore())
                + " before the deadline; a new"
                + " attempt starts when agents that can hold them appear");
      } else if (!now.isBefore(c.nextOpportunity)) {
        publishOpportunity(c);
      }
    } else if (c.convening && c.state == CouncilState.FAILED && !now.isBefore(c.nextRetryCheck)) {
      c.nextRetryCheck = now.plus(REREAD);
      if (newcomerCanHelp(c)) {
        c.attempt++;
        c.state = CouncilState.FORMING;
        c.deadline = now.plus(c.spec.deadline());
        announce(tracker, c);
      }
    }
    if (c.isLead() && c.state == CouncilState.FORMED && !now.isBefore(c.nextRead)) {
      c.nextRead = now.plus(REREAD);
      if (!c.planned) {
        lead.plan(tracker, c);
      } else if (lead.deliverIfDone(tracker, c, me)) {
        publishStatus(tracker, c, "");
        councils.remove(c.key());
        memberOf.remove(c.key());
        views.put(c.key(), c.view());
      }
    } else if (c.isLead()
        && c.state != CouncilState.FORMED
        && !c.convening
        && !now.isBefore(c.nextRead)) {
      c.nextRead = now.plus(REREAD.multipliedBy(2)); // the formed status may not have reached us
      apply(c, CouncilLedger.read(tracker, c.spec.brief()));
    }
  }

  /** A peer that was not there at the failure, or this agent, can hold a missing core role. */
  private boolean newcomerCanHelp(Council c) {
    Set<String> before = peersAtFailure.getOrDefault(c.key(), Set.of());
    Set<String> holders = new HashSet<>();
    c.members().values().forEach(s -> s.peerId().ifPresent(holders::add));
    for (String role : c.missingCore()) {
      if (c.mine.size() < settings.maxRoles()
          && settings.book().canHold(role, capabilities.get())) {
        return true;
      }
      for (String p : mesh.livePeers()) {
        if (!before.contains(p)
            && !holders.contains(p)
            && settings.book().canHold(role, mesh.capabilitiesOf(p))) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- messages

  private void handle(CouncilMessage m) {
    Tracker tracker = trackers.get(m.repository());
    if (tracker == null) {
      return; // a council on a repository this agent does not watch
    }
    int brief = Integer.parseInt(m.councilId());
    String key = Council.key(m.repository(), brief);
    Council c = councils.get(key);
    switch (m) {
      case CouncilMessage.Opportunity o -> {
        if (!clock.instant().isBefore(o.deadline())) {
          return;
        }
        if (c == null) {
          CouncilSpec spec;
          try {
            spec =
                new CouncilSpec(
                    brief,
                    o.repository(),
                    o.project(),
                    o.coreRoles(),
                    o.optionalRoles(),
                    o.leadRole(),
                    Duration.between(clock.instant(), o.deadline()));
          } catch (IllegalArgumentException e) {
            return;
          }
          c = new Council(spec, clock.instant());
          councils.put(key, c);
        }
        if (c.state != CouncilState.FORMED && c.state != CouncilState.DISSOLVED) {
          c.state = CouncilState.FORMING;
          c.attempt = Math.max(c.attempt, o.attempt());
          c.deadline = o.deadline();
        }
        takeSeats(tracker, c, o.filled());
      }
      case CouncilMessage.Status s -> {
        if (c == null) {
          return;
        }
        if (!c.convening) {
          c.state = s.state();
          c.attempt = s.attempt();
          Map<String, Seat> announced = new HashMap<>();
          s.members()
              .forEach(
                  (role, who) -> {
                    try {
                      announced.put(
                          role,
                          new Seat(
                              role,
                              1,
                              new AgentIdentity(
                                  who.name(), Optional.of(who.peerId()), Optional.empty())));
                    } catch (IllegalArgumentException e) {
                      // a member named with characters a name may not carry: leave it out
                    }
                  });
          c.members().forEach(announced::putIfAbsent);
          c.seats.putAll(announced);
        }
        if (s.state() == CouncilState.DISSOLVED) {
          councils.remove(key);
          memberOf.remove(key);
          views.put(key, c.view());
        } else if (s.state() == CouncilState.FORMED) {
          c.nextRead = clock.instant();
        }
      }
      case CouncilMessage.RoleClaimed r -> {
        if (c != null && c.convening) {
          c.nextRead = clock.instant(); // read the ledger now: the claim may complete the council
        }
      }
    }
  }

  /** Takes roles this agent can hold in {@code c}, up to the limit, core roles first. */
  private void takeSeats(Tracker tracker, Council c, Map<String, String> filled) {
    Set<String> caps = capabilities.get();
    Map<String, Long> others = holdersAmongPeers(c);
    List<String> order = new ArrayList<>();
    for (List<String> group : List.of(c.spec.core(), c.spec.optional())) {
      List<String> g = new ArrayList<>(group);
      // The scarcest role first: one that few others can hold goes to someone who can, and the
      // common ones stay for the many. Ties in each agent's own order, so a crowd spreads out.
      g.sort(
          Comparator.comparing((String r) -> others.getOrDefault(r, 0L))
              .thenComparing(r -> spread(self, r)));
      order.addAll(g);
    }
    for (String role : order) {
      if (c.mine.size() >= settings.maxRoles()) {
        return;
      }
      if (filled.containsKey(role)
          || c.seats.containsKey(role)
          || !settings.book().canHold(role, caps)) {
        continue;
      }
      RoleRef ref = new RoleRef(c.spec.brief(), role, 1);
      if (CouncilLedger.take(tracker, ref, me)) {
        Seat seat = new Seat(role, 1, me);
        c.seats.put(role, seat);
        c.mine.add(role);
        memberOf.add(c.key());
        log.atInfo()
            .addKeyValue("council", c.spec.brief())
            .addKeyValue("role", role)
            .log("role taken");
        mesh.publish(claimed(c, seat));
      }
    }
  }

  /** For each role of {@code c}: how many live peers, not this agent, could hold it. */
  private Map<String, Long> holdersAmongPeers(Council c) {
    Map<String, Long> holders = new HashMap<>();
    List<Set<String>> peers = mesh.livePeers().stream().map(mesh::capabilitiesOf).toList();
    for (List<String> group : List.of(c.spec.core(), c.spec.optional())) {
      for (String role : group) {
        holders.put(role, peers.stream().filter(p -> settings.book().canHold(role, p)).count());
      }
    }
    return holders;
  }

  private CouncilMessage.RoleClaimed claimed(Council c, Seat s) {
    return new CouncilMessage.RoleClaimed(
        c.spec.id(), c.spec.repository(), s.role(), s.attempt(), self, me.name());
  }

  private void publishOpportunity(Council c) {
    c.nextOpportunity = clock.instant().plus(REANNOUNCE);
    Map<String, String> filled = new HashMap<>();
    c.members().forEach((role, s) -> filled.put(role, s.peerId().orElse("")));
    mesh.publish(
        new CouncilMessage.Opportunity(
            c.spec.id(),
            c.spec.project(),
            c.spec.repository(),
            c.spec.brief(),
            c.spec.core(),
            c.spec.optional(),
            c.deadline,
            c.spec.lead(),
            c.attempt,
            filled));
  }

  private void publishStatus(Tracker tracker, Council c, String note) {
    CouncilView v = c.view();
    mesh.publish(
        new CouncilMessage.Status(
            c.spec.id(), c.spec.repository(), c.state, v.members(), v.missing(), c.attempt));
    if (c.state != CouncilState.DISSOLVED) {
      CouncilLedger.writeStatus(tracker, c.spec.brief(), c.state, StatusText.render(c, note));
    }
  }

  private void refreshViews() {
    for (Council c : councils.values()) {
      views.put(c.key(), c.view());
    }
  }

  private static String spread(String self, String role) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest((self + "/" + role).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the engine's thread; councils live on in the tracker and other agents. */
  @Override
  public void close() {
    running = false;
    lead.close(); // planning conversations first: they may hold the engine's tracker calls
    thread.interrupt();
    try {
      if (thread.getState() != Thread.State.NEW) {
        thread.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
