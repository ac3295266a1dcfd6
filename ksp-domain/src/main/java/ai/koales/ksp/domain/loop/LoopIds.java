package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.BeadId;

/**
 * Ids of the nodes loop closure writes: {@code {prefix}-{32 hex}}, the prefix the kebab-case node
 * type (core.md §1.3), the hex the start of a SHA-256 of the inputs that identify the node. The
 * original used random UUIDs, so every retry orphaned nodes (core.md §6 item 10); derived ids make
 * a retried bridge point find what it already wrote.
 */
public final class LoopIds {

  private LoopIds() {}

  public static String of(String prefix, String... parts) {
    return prefix + "-" + BeadId.hash(String.join("\u0000", parts)).substring(0, 32);
  }
}
