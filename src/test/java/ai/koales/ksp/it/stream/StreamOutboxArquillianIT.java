package ai.koales.ksp.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.SessionEventKind;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.it.support.Wars;
import ai.koales.ksp.persistence.stream.EventBuffers;
import ai.koales.ksp.persistence.stream.EventOutbox;
import ai.koales.ksp.persistence.stream.StreamLocation;
import ai.koales.ksp.persistence.stream.StreamReads;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import jakarta.transaction.UserTransaction;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the container can show about the outbox: an event recorded in a transaction that rolls
 * back never reaches a buffer, one recorded in a committed transaction is appended right after the
 * commit (not waiting for the periodic drain), in recording order, and recording outside a
 * transaction is refused.
 */
@ExtendWith(ArquillianExtension.class)
class StreamOutboxArquillianIT {

  /**
   * The built WAR with an issuer configured: this class needs no token, and development mode would
   * write keys into the data directory the other in-container class checks stays empty.
   */
  @Deployment(testable = true)
  static WebArchive deployment() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return Wars.withConfig(
        "mp.jwt.verify.issuer=https://idp.example.test/outbox\nmp.jwt.verify.publickey="
            + Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded()));
  }

  @Inject EventOutbox outbox;
  @Inject EventBuffers buffers;
  @Inject StreamReads reads;
  @Inject UserTransaction tx;

  static DomainEvent event(String stream, SessionEventKind kind) {
    return DomainEvent.session(
        stream, kind, "run-1", Map.of("kind", kind.name()), System.currentTimeMillis());
  }

  @Test
  void eventsOfARolledBackTransactionNeverAppear() throws Exception {
    String stream = "rollback-" + UUID.randomUUID().toString().substring(0, 8);
    tx.begin();
    outbox.record(event(stream, SessionEventKind.SESSION_SUBMITTED));
    outbox.record(event(stream, SessionEventKind.COMPILATION_STARTED));
    tx.rollback();
    // Longer than the after-commit relay takes and than one periodic drain interval (5 s default).
    long until = System.currentTimeMillis() + 7000;
    while (System.currentTimeMillis() < until) {
      assertEquals(StreamLocation.State.UNKNOWN, reads.locate(stream).state());
      Thread.sleep(100);
    }
  }

  @Test
  void eventsOfACommittedTransactionAreAppendedRightAfterCommitInRecordingOrder() throws Exception {
    String stream = "commit-" + UUID.randomUUID().toString().substring(0, 8);
    tx.begin();
    outbox.record(event(stream, SessionEventKind.SESSION_SUBMITTED));
    outbox.record(event(stream, SessionEventKind.COMPILATION_STARTED));
    outbox.record(event(stream, SessionEventKind.COMPILATION_COMPLETE));
    tx.commit();
    // Well under the periodic drain's interval (5 s): the after-commit hand-off did it.
    awaitTrue(3000, () -> reads.locate(stream).tipSeq() == 3);
    List<BufferedEvent> rows =
        reads.replay(stream, 0, ReplayFilter.ALL, 100, StreamReader.unrestricted()).rows();
    assertEquals(
        List.of("SESSION_SUBMITTED", "COMPILATION_STARTED", "COMPILATION_COMPLETE"),
        rows.stream().map(BufferedEvent::kind).toList());
    assertEquals(List.of(1L, 2L, 3L), rows.stream().map(BufferedEvent::seq).toList());
    assertEquals("run-1", rows.get(0).scopeRunId());
  }

  @Test
  void openingAStreamBindsItsOrgOnceAndEarlySubscribersFindIt() {
    String stream = "opened-" + UUID.randomUUID().toString().substring(0, 8);
    buffers.open(stream, "acme");
    StreamLocation where = reads.locate(stream);
    assertEquals(StreamLocation.State.LIVE, where.state());
    assertEquals("acme", where.orgId());
    assertEquals(0, where.tipSeq());
    buffers.open(stream, "acme");
    KspException conflict = assertThrows(KspException.class, () -> buffers.open(stream, "other"));
    assertEquals("stream-org-conflict", conflict.code());
    assertEquals(
        1L,
        buffers
            .append(
                DomainEvent.session(stream, SessionEventKind.SESSION_SUBMITTED, null, Map.of(), 1L))
            .seq());
    assertEquals("acme", reads.locate(stream).orgId());
    assertThrows(
        KspException.class,
        () ->
            reads.replay(
                stream, 0, ReplayFilter.ALL, 10, new StreamReader(false, java.util.Set.of("x"))));
  }

  @Test
  void recordingOutsideATransactionIsRefused() {
    assertThrows(
        TransactionalException.class,
        () -> outbox.record(event("no-tx", SessionEventKind.SESSION_SUBMITTED)));
    assertEquals(StreamLocation.State.UNKNOWN, reads.locate("no-tx").state());
  }

  private static void awaitTrue(long millis, BooleanSupplier condition)
      throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < until, "condition not met within " + millis + " ms");
      Thread.sleep(50);
    }
  }
}
