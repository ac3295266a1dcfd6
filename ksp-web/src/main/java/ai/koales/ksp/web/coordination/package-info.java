/**
 * REST boundary of the coordination context (api.md "Coordination"): runs and seeding, the agent
 * hooks (claim, next claim, heartbeat, release, fail, consent), gears and formulas. Request record
 * to one application-service call to response record; agent hooks need {@code ksp-agent}, writes of
 * runs, gears and formulas {@code ksp-operator}, reads any role; {@code ksp-admin} everything.
 * Lease tokens appear only in the claim that issues them, never in reads.
 */
package ai.koales.ksp.web.coordination;
