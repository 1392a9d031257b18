package io.bzzz.agent.council;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.agent.runtime.LocalRepo;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which role an agent takes when it could hold several: the one fewest others can hold; and a seat
 * whose holder is gone is taken over before the council counts as formed. Council engines in one
 * JVM against the real local tracker, the mesh an in-memory bus of encoded messages.
 */
class RoleChoiceTest {
  private static final String REPO = "admin/roles";
  private static final String SPECIALIST = "specialist";
  private static final String X = "PeerX";
  private static final String Z = "PeerZ";

  @TempDir Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void anAgentThatCanHoldTheScarceRoleTakesItAndLeavesTheCommonOneToOthers() throws Exception {
    // A shared role that X's own tie-break order puts before the specialist one: taking roles in
    // that order, X would take it and leave the specialist role to nobody.
    String shared =
        IntStream.range(0, 100)
            .mapToObj(i -> "shared-" + i)
            .filter(r -> spread(X, r).compareTo(spread(X, SPECIALIST)) < 0)
            .findFirst()
            .orElseThrow();
    RoleBook book = new RoleBook(Map.of(shared, List.of()), List.of(shared), List.of());
    Map<String, Set<String>> capabilities = Map.of(X, Set.of(SPECIALIST), Z, Set.of());

    LocalTracker server = startTracker();
    Tracker admin = tracker(server);
    int brief = brief(admin, shared, SPECIALIST);

    CopyOnWriteArrayList<CouncilEngine> bus = new CopyOnWriteArrayList<>();
    CouncilSettings settings = settings(book);
    // X alone first, so its choice is made before Z can take anything.
    CouncilEngine x = engine(server, X, capabilities, settings, bus);
    x.discoverNow();
    await().atMost(Duration.ofSeconds(60)).until(() -> holderOf(admin, brief).containsValue(X));
    engine(server, Z, capabilities, settings, bus).discoverNow();

    await().atMost(Duration.ofSeconds(60)).until(() -> state(admin, brief) == CouncilState.FORMED);
    assertThat(holderOf(admin, brief)).isEqualTo(Map.of(SPECIALIST, X, shared, Z));
  }

  /**
   * A convener killed while its council forms leaves its core seat in the ledger. Every core seat
   * is then held, but one by a peer the mesh confirms gone: the council must not count as formed
   * until a capable agent has taken that seat over.
   */
  @Test
  void aCoreSeatOfAGoneAgentIsTakenOverBeforeTheCouncilCountsAsFormed() throws Exception {
    String scarce = "scarce";
    RoleBook book =
        new RoleBook(
            Map.of("common", List.of(), scarce, List.of("rare")), List.of("common"), List.of());
    String y = "PeerY";
    Map<String, Set<String>> capabilities =
        Map.of(X, Set.of(), y, Set.of("rare"), Z, Set.of("rare"));
    LocalTracker server = startTracker();
    Tracker admin = tracker(server);
    int brief = brief(admin, "common", scarce);
    CopyOnWriteArrayList<CouncilEngine> bus = new CopyOnWriteArrayList<>();
    CouncilSettings settings = settings(book);

    // Z takes the scarce seat, then dies without a word: its engine stops, the mesh says gone.
    CouncilEngine z = engine(server, Z, capabilities, settings, bus);
    z.discoverNow();
    await().atMost(Duration.ofSeconds(60)).until(() -> scarce.equals(roleOf(admin, brief, Z)));
    z.close();
    bus.remove(z);
    gone.add(Z);

    // X can hold only the common seat: with it every core seat is held, one by the gone Z.
    engine(server, X, capabilities, settings, bus).discoverNow();
    await().atMost(Duration.ofSeconds(60)).until(() -> "common".equals(roleOf(admin, brief, X)));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> state(admin, brief) != CouncilState.FORMED);

    // Y can hold the scarce role: it takes Z's seat over, and then the council forms.
    engine(server, y, capabilities, settings, bus).discoverNow();
    await().atMost(Duration.ofSeconds(60)).until(() -> state(admin, brief) == CouncilState.FORMED);
    assertThat(holderOf(admin, brief)).isEqualTo(Map.of("common", X, scarce, y));
  }

  private LocalTracker startTracker() throws Exception {
    LocalTracker server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
    open.add(server);
    LocalRepo.create(server, "roles");
    return server;
  }

  /** A council brief with these core seats, labelled as a project's entry point. */
  private static int brief(Tracker admin, String... core) throws Exception {
    String body = "```bzzz-council\ncore: [" + String.join(", ", core) + "]\n```\n";
    int brief = admin.createTask(new NewTask("Brief", body, List.of())).number();
    admin.relabel(brief, List.of("chorus-entrypoint"), List.of());
    return brief;
  }

  /** A 60 s deadline, 3 s of grace, one role an agent, discovery every second, a 100 ms tick. */
  private static CouncilSettings settings(RoleBook book) {
    return new CouncilSettings(
        book,
        Duration.ofSeconds(60),
        Duration.ofSeconds(3),
        1,
        Duration.ofSeconds(1),
        Duration.ofMillis(100));
  }

  private static CouncilState state(Tracker tracker, int brief) {
    return CouncilLedger.read(tracker, brief).state().orElse(CouncilState.FORMING);
  }

  private static String roleOf(Tracker tracker, int brief, String peer) {
    return holderOf(tracker, brief).entrySet().stream()
        .filter(e -> e.getValue().equals(peer))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("");
  }

  private static Map<String, String> holderOf(Tracker tracker, int brief) {
    Map<String, String> holders = new HashMap<>();
    CouncilLedger.read(tracker, brief)
        .members()
        .forEach((role, seat) -> holders.put(role, seat.peerId().orElse("?")));
    return holders;
  }

  private CouncilEngine engine(
      LocalTracker server,
      String self,
      Map<String, Set<String>> capabilities,
      CouncilSettings settings,
      List<CouncilEngine> bus) {
    CouncilCodec codec = new CouncilCodec();
    CouncilMesh mesh =
        new CouncilMesh() {
          @Override
          public List<String> livePeers() {
            return capabilities.keySet().stream()
                .filter(p -> !p.equals(self) && !gone.contains(p))
                .sorted()
                .toList();
          }

          @Override
          public Set<String> capabilitiesOf(String peer) {
            return capabilities.getOrDefault(peer, Set.of());
          }

          @Override
          public boolean isGone(String peer) {
            return gone.contains(peer);
          }

          @Override
          public void publish(CouncilMessage m) {
            byte[] bytes = codec.encode(self, InstantSource.system().instant(), m);
            bus.forEach(e -> e.onMessage(bytes, Optional.of(self)));
          }
        };
    Tracker t = tracker(server);
    CouncilEngine e =
        new CouncilEngine(
            new AgentIdentity("agent-" + self, Optional.of(self), Optional.empty()),
            Map.of(REPO, t),
            (repo, token) -> {
              throw new UnsupportedOperationException("no brief is filed here");
            },
            () -> capabilities.get(self),
            mesh,
            settings,
            InstantSource.system());
    bus.add(e);
    e.start();
    open.add(e);
    return e;
  }

  private Tracker tracker(LocalTracker server) {
    Tracker t = LocalRepo.client(server, "roles");
    open.add(t);
    return t;
  }

  /** The engine's tie-break order between roles (SHA-256 of "peer/role", hex). */
  private static String spread(String self, String role) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest((self + "/" + role).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
