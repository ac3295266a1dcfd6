package ai.koales.ksp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table of benchmark figures, printed and written to {@code <out>/<name>.md}. */
public final class BenchTable {

  private final String title;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public BenchTable(String title, String... header) {
    this.title = title;
    this.header = List.of(header);
  }

  public BenchTable row(Object... cells) {
    rows.add(Arrays.stream(cells).map(BenchTable::format).toList());
    return this;
  }

  public BenchTable note(String note) {
    notes.add(note);
    return this;
  }

  static String format(Object o) {
    if (o instanceof Double d) {
      return d >= 100
          ? String.format(Locale.ROOT, "%,.0f", d)
          : String.format(Locale.ROOT, "%.3f", d);
    }
    return String.valueOf(o);
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n| ");
    sb.append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> sb.append("---|"));
    sb.append('\n');
    for (List<String> r : rows) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    if (!notes.isEmpty()) {
      sb.append('\n');
      notes.forEach(n -> sb.append("- ").append(n).append('\n'));
    }
    return sb.toString();
  }

  /** Prints the table and writes it to {@code dir/name.md}. */
  public void publish(Path dir, String name) {
    String md = markdown();
    System.out.println(md);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".md"), md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The p-th percentile (0-100) of nanosecond samples, in milliseconds. */
  public static double percentileMillis(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1_000_000.0;
  }

  /** The median of a run's rounds (the upper middle one for an even count). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
