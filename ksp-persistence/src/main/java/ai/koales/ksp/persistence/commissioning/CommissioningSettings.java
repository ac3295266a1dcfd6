package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.persistence.platform.ConfigValues;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The commissioning context's configuration (keys {@code ksp.commissioning.*}; defaults and
 * comments in {@code microprofile-config.properties}), read and checked once at startup.
 */
@ApplicationScoped
public class CommissioningSettings {

  private Duration approvalTimeout;
  private Duration pollInterval;
  private int maxResumes;
  private Duration sessionEndQuiet;
  private String gearId;
  private boolean recoverBatchRepository;
  private String batchRepositoryDataSource;
  private String batchTablePrefix;
  private String batchTableSuffix;

  @PostConstruct
  void read() {
    Config c = ConfigProvider.getConfig();
    approvalTimeout = ConfigValues.duration(c, "ksp.commissioning.approval-timeout", "P7D");
    pollInterval = ConfigValues.duration(c, "ksp.commissioning.poll-interval", "PT2S");
    maxResumes = ConfigValues.positive(c, "ksp.commissioning.max-resumes", 3);
    sessionEndQuiet = ConfigValues.duration(c, "ksp.commissioning.session-end-quiet", "PT1M");
    gearId = ConfigValues.text(c, "ksp.commissioning.gear", "GEAR-default");
    recoverBatchRepository =
        c.getOptionalValue("ksp.commissioning.batch-repository.recover", Boolean.class)
            .orElse(true);
    batchRepositoryDataSource =
        ConfigValues.text(c, "ksp.commissioning.batch-repository.data-source", "jdbc/__default");
    batchTablePrefix =
        c.getOptionalValue("ksp.commissioning.batch-repository.table-prefix", String.class)
            .orElse("JBATCH");
    batchTableSuffix =
        c.getOptionalValue("ksp.commissioning.batch-repository.table-suffix", String.class)
            .orElse("");
  }

  /** How long a session waits for a human decision before it is rejected (Q5: 7 days). */
  public Duration approvalTimeout() {
    return approvalTimeout;
  }

  /** How often the worker looks for queued sessions and expired approvals. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How often a session whose job died is resumed before it fails. */
  public int maxResumes() {
    return maxResumes;
  }

  /**
   * How long a finished run and its outcomes must have been quiet before the worker's sweep ends a
   * session whose end was not heard of (after a restart, or on another node).
   */
  public Duration sessionEndQuiet() {
    return sessionEndQuiet;
  }

  /** The gear the decomposed atoms run on (api.md: GEAR-default, built into every org). */
  public String gearId() {
    return gearId;
  }

  /** Whether startup marks this node's dead job executions FAILED in the batch repository. */
  public boolean recoverBatchRepository() {
    return recoverBatchRepository;
  }

  public String batchRepositoryDataSource() {
    return batchRepositoryDataSource;
  }

  public String batchTablePrefix() {
    return batchTablePrefix;
  }

  public String batchTableSuffix() {
    return batchTableSuffix;
  }
}
