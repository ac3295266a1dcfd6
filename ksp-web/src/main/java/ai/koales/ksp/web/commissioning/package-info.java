/**
 * REST boundary of the commissioning context (api.md "Commissioning and mediation"): signal intake
 * ({@code ksp-operator}), the session's state (any role) and the human approval at the gate ({@code
 * ksp-operator}, who is recorded as the approver). The passes themselves run in the {@code
 * commissioning} batch job, never in a request.
 */
package ai.koales.ksp.web.commissioning;
