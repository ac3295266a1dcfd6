/**
 * The edge every context shares: the JAX-RS application, security (MicroProfile JWT, roles, org
 * scoping, development-mode keys), the one error vocabulary (RFC 9457 problem+json from one family
 * of exception mappers, plus the servlet error page for failures outside JAX-RS), JSON binding and
 * the OpenAPI document.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>No {@code /api/v1} request is served without a valid bearer token ({@link
 *       ai.koales.ksp.web.platform.AuthenticationRequiredFilter}); org-scoped paths also need the
 *       org in the token's {@code orgs} claim unless the caller is {@code ksp-admin} ({@link
 *       ai.koales.ksp.web.platform.OrgScopeFilter}).
 *   <li>Every error leaves as {@code application/problem+json}, with a correlation id in {@code
 *       instance} that is also in the server log for 5xx; never a stack trace or an HTML page.
 *   <li>Development keys and tokens exist only when no JWT issuer is configured.
 * </ul>
 */
package ai.koales.ksp.web.platform;
