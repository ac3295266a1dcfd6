/**
 * Infrastructure every context shares: the datasource, the schema migration that runs before any
 * traffic, partition locks (the single-writer rule of the original's Durable Objects) and cluster
 * leases for periodic jobs.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>The schema is created and changed only by Flyway migrations under {@code db/migration}; JPA
 *       schema generation is off. A migration that fails aborts the deployment, so the application
 *       never serves on a half-migrated schema.
 *   <li>One datasource, {@code java:app/jdbc/ksp}, serves every context. Its URL comes from {@code
 *       KSP_DB_URL} (H2 file database under {@code ./data/} by default, PostgreSQL in production).
 * </ul>
 */
package ai.koales.ksp.persistence.platform;
