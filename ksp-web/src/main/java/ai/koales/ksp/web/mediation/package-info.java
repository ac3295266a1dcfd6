/**
 * REST boundary of mediation (api.md "Commissioning and mediation", coordination.md §4.4): compile
 * and seed a commission ({@code ksp-operator}), store the work-graph atoms a commission refers to,
 * and read a run's mediation lifecycle.
 */
package ai.koales.ksp.web.mediation;
