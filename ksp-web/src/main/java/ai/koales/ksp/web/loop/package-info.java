/** REST boundary of loop closure (api.md "Loop closure"): one call per bridge point. */
package ai.koales.ksp.web.loop;
