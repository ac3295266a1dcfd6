/**
 * REST boundary of loop closure (api.md "Loop closure"): one call per bridge point. BP1-BP3 need
 * {@code ksp-agent}, BP4 an agent or operator, BP5 {@code ksp-operator} (the caller is recorded as
 * reviewer); {@code ksp-admin} may do all. BP2-BP4 answer 201 when they wrote their bead and 200
 * with the same body when a repeat found it. Every problem code a bridge point can answer is listed
 * on its operation in {@code /openapi}.
 */
package ai.koales.ksp.web.loop;
