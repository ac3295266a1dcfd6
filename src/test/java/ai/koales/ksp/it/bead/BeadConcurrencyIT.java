package ai.koales.ksp.it.bead;

import static ai.koales.ksp.it.bead.Beads.trust;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Eight concurrent writers, each writing its own beads and the same shared beads, to one org and to
 * eight orgs: nothing lost, nothing duplicated, every bead audited exactly once.
 */
@SystemTest
class BeadConcurrencyIT {

  static final int WRITERS = 8;
  static final int OWN = 6;
  static final int SHARED = 4;

  @RepeatedTest(3)
  void eightWritersToOneOrgLoseNothingAndDuplicateNothing(Ksp ksp) throws Exception {
    String org = Ksp.newOrg("conc");
    List<HttpResult> results = race(ksp, w -> org);
    assertThat(results).allMatch(r -> r.status() == 201 || r.status() == 200);
    assertThat(results.stream().filter(r -> r.status() == 201).count())
        .isEqualTo((long) WRITERS * OWN + SHARED);
    assertConsistent(ksp, org, WRITERS * OWN + SHARED);
  }

  @RepeatedTest(2)
  void eightWritersToEightOrgsAreIndependent(Ksp ksp) throws Exception {
    String prefix = Ksp.newOrg("multi");
    List<HttpResult> results = race(ksp, w -> prefix + "-" + w);
    assertThat(results).allMatch(r -> r.status() == 201);
    for (int w = 0; w < WRITERS; w++) {
      assertConsistent(ksp, prefix + "-" + w, OWN + SHARED);
    }
  }

  interface OrgOf {
    String of(int writer);
  }

  private static List<HttpResult> race(Ksp ksp, OrgOf orgOf) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<List<HttpResult>>> futures = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Callable<List<HttpResult>> task =
            () -> {
              String org = orgOf.of(writer);
              List<HttpResult> out = new ArrayList<>();
              for (int i = 0; i < OWN + SHARED; i++) {
                String subject = i < OWN ? "w" + writer + "-s" + i : "shared-" + i;
                out.add(Beads.write(ksp, org, "trust", trust(subject, "APPROVED", 0.5)));
              }
              return out;
            };
        futures.add(pool.submit(task));
      }
      List<HttpResult> all = new ArrayList<>();
      for (Future<List<HttpResult>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertConsistent(Ksp ksp, String org, int beads) {
    assertThat(
            ksp.db()
                .count("SELECT COUNT(*) FROM bead WHERE org_id = ? AND bead_type = 'trust'", org))
        .isEqualTo(beads);
    assertThat(
            ksp.db()
                .count("SELECT COUNT(*) FROM bead WHERE org_id = ? AND bead_type = 'audit'", org))
        .isEqualTo(beads);
    assertThat(
            ksp.db()
                .count("SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND rel = 'audits'", org))
        .isEqualTo(beads);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(DISTINCT parent_id) FROM bead_edge WHERE org_id = ? AND rel = 'audits'",
                    org))
        .isEqualTo(beads);
  }

  @RepeatedTest(3)
  void writersRacingToSupersedeOneHeadLeaveExactlyOneSuccessor(Ksp ksp) throws Exception {
    String org = Ksp.newOrg("suprace");
    String head = Beads.created(ksp, org, "trust", trust("vendor-1", "APPROVED", 0.5));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<HttpResult> results = new ArrayList<>();
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<Future<HttpResult>> futures = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        // Each writer proposes a different successor, so no two writes are the same bead.
        double score = 0.6 + w / 100.0;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return Beads.write(
                      ksp,
                      org,
                      "trust",
                      trust("vendor-1", "APPROVED", score),
                      "\"supersedes\":\"" + head + "\"");
                }));
      }
      start.countDown();
      for (Future<HttpResult> f : futures) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(results.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(results.stream().filter(r -> r.status() != 201))
        .hasSize(WRITERS - 1)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(409);
              assertThat(r.problemCode()).isEqualTo("already-superseded");
            });
    String winner =
        results.stream()
            .filter(r -> r.status() == 201)
            .findFirst()
            .orElseThrow()
            .json()
            .getString("beadId");
    assertThat(
            ksp.get("/api/v1/orgs/" + org + "/trust/vendor-1", ksp.token(Ksp.VIEWER, org))
                .json()
                .getString("beadId"))
        .isEqualTo(winner);
    assertThat(
            ksp.db()
                .count(
                    "SELECT COUNT(*) FROM bead_edge WHERE org_id = ? AND parent_id = ? AND rel = 'supersedes'",
                    org,
                    head))
        .isEqualTo(1);
    assertThat(
            ksp.db()
                .count("SELECT COUNT(*) FROM bead WHERE org_id = ? AND bead_type = 'trust'", org))
        .isEqualTo(2);
    assertThat(BeadIntegrityIT.findings(ksp, org)).isEmpty();
  }
}
