-- The factory artifact read model is written by KSP itself now (projected from its sessions'
-- events): each artifact and edge records the org of the stream it came from, so that GraphQL's
-- artifact and lineage never show another org's data (NULL: a row of no org, readable by all, as
-- session_state rows without org are). Portable SQL: H2 2.2 and PostgreSQL.

ALTER TABLE artifacts ADD COLUMN org_id VARCHAR(200);
ALTER TABLE artifact_edges ADD COLUMN org_id VARCHAR(200);

-- An edge is written once per (source, target, rel); the projection looks it up before writing.
CREATE INDEX ix_artifact_edges_triple ON artifact_edges (source_id, target_id, rel);
