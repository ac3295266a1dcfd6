package ai.koales.ksp.domain.coordination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The no-network runner that is the default (coordination.md §6, {@code
 * ksp.llm.mode=deterministic}). It answers {@code ATOM {atomId} OK role={role} deps=[…]} and writes
 * that text to {@code {workspace}/{atomId}.out}. Markers in the instructions drive it, in order of
 * appearance: {@code [[fail]]} throws, {@code [[sleep:N]]} sleeps N ms (interruptibly), {@code
 * [[tool:NAME]]} calls tool NAME through consent (and, when allowed, "runs" it: the output gains
 * {@code TOOL NAME OK}), {@code [[out:TEXT]]} appends TEXT on a line of its own.
 */
public final class DeterministicAtomRunner implements AtomRunner {

  static final Pattern MARKER =
      Pattern.compile(
          "\\[\\[(?:(fail)|sleep:(\\d{1,9})|tool:([A-Za-z0-9_.:-]{1,200})|out:(.*?))]]");

  @Override
  public String run(AtomTask task, ToolGate tools) throws Exception {
    StringBuilder out =
        new StringBuilder("ATOM ")
            .append(task.atomId())
            .append(" OK role=")
            .append(task.role())
            .append(" deps=")
            .append(task.dependsOn());
    Matcher m = MARKER.matcher(task.instructions() == null ? "" : task.instructions());
    int toolCalls = 0;
    while (m.find()) {
      if (m.group(1) != null) {
        throw new AtomFailedException("[[fail]] marker in the instructions of " + task.atomId());
      } else if (m.group(2) != null) {
        Thread.sleep(Long.parseLong(m.group(2)));
      } else if (m.group(3) != null) {
        String tool = m.group(3);
        tools.call(tool, task.atomId() + "-tc-" + (++toolCalls));
        out.append("\nTOOL ").append(tool).append(" OK");
      } else {
        out.append('\n').append(m.group(4));
      }
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("cancelled");
    }
    write(task.workspace(), task.atomId() + ".out", out.toString());
    return out.toString();
  }

  /** Writes {@code name} inside {@code workspace}, never outside it, replacing it atomically. */
  static void write(Path workspace, String name, String text) throws IOException {
    Path root = workspace.toAbsolutePath().normalize();
    Path file = root.resolve(name).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IOException("refusing to write outside the workspace: " + name);
    }
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".atom-", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String toString() {
    return "the deterministic runner (no network)";
  }
}
