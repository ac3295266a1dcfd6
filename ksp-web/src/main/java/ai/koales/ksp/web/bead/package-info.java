/**
 * REST boundary of the bead context (api.md "Beads" and "Knowing-state sessions"): request record
 * to one application-service call to response record, nothing more. Every body these resources read
 * is bounded before it is parsed ({@link ai.koales.ksp.web.bead.BeadBodyLimit}); role ids and
 * categories are checked as cache-key segments before they reach the cache ({@link
 * ai.koales.ksp.domain.bead.CacheKeys}). An idempotent repeat of a write answers 200 with the same
 * body, a creation 201 with {@code Location}.
 */
package ai.koales.ksp.web.bead;
