-- Mediation (coordination.md §1.7, §3.2, §4.4). Portable SQL: H2 2.2 and PostgreSQL.

-- Work-graph atoms, persisted by the decomposer (or a caller) before a commission names them by
-- reference (Q4, P19). Write-once per (org, ref).
CREATE TABLE workgraph_atom (
    org_id           VARCHAR(200)  NOT NULL,
    ref              VARCHAR(200)  NOT NULL,
    atom_id          VARCHAR(200)  NOT NULL,
    gear_id          VARCHAR(200)  NOT NULL,
    node_id          VARCHAR(200)  NOT NULL,
    -- JSON string arrays (§1.7).
    tool_refs        VARCHAR       NOT NULL,
    invariant_ids    VARCHAR       NOT NULL,
    depends_on       VARCHAR       NOT NULL,
    d1_artifact_ref  VARCHAR(200)  NOT NULL,
    instruction      VARCHAR,
    created_at       BIGINT        NOT NULL,
    CONSTRAINT pk_workgraph_atom PRIMARY KEY (org_id, ref)
);

-- The compile's state per run (Q6: routed per org, kept per run): the lifecycle of §3.2 and the
-- meta of §1.7, plus the last failure.
CREATE TABLE mediation_run (
    run_id                  VARCHAR(200)  NOT NULL,
    org_id                  VARCHAR(200)  NOT NULL,
    lifecycle               VARCHAR(16)   NOT NULL,
    work_graph_id           VARCHAR(200)  NOT NULL,
    work_graph_version      VARCHAR(200)  NOT NULL,
    eluciation_artifact_id  VARCHAR(200)  NOT NULL,
    specification_id        VARCHAR(200),
    atom_count              INT           NOT NULL,
    last_commission_at      BIGINT        NOT NULL,
    failure_reason          VARCHAR(64),
    failure_details         VARCHAR(4000),
    updated_at              BIGINT        NOT NULL,
    CONSTRAINT pk_mediation_run PRIMARY KEY (run_id)
);

CREATE INDEX ix_mediation_run_org ON mediation_run (org_id, last_commission_at);

-- The compiled molecule: one v2 directive per atom (P17: keyed by run and atom).
CREATE TABLE compiled_molecule (
    run_id          VARCHAR(200)  NOT NULL,
    atom_id         VARCHAR(200)  NOT NULL,
    work_graph_id   VARCHAR(200)  NOT NULL,
    atom_directive  VARCHAR       NOT NULL,
    compiled_at     BIGINT        NOT NULL,
    CONSTRAINT pk_compiled_molecule PRIMARY KEY (run_id, atom_id)
);
