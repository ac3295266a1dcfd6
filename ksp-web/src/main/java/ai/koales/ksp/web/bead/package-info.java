/**
 * REST boundary of the bead context (api.md "Beads" and "Knowing-state sessions"): request record
 * to one application-service call to response record, nothing more.
 */
package ai.koales.ksp.web.bead;
