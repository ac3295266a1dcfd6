-- Bead graph (core.md §1.1, §7): write-once beads keyed by (org_id, bead_id) - the hash excludes the
-- org, so the same bead in two orgs is two rows - and their typed edges.

CREATE TABLE bead (
    org_id          VARCHAR(200) NOT NULL,
    bead_id         VARCHAR(64)  NOT NULL,
    bead_type       VARCHAR(16)  NOT NULL,
    -- Exactly what was hashed, so that ids can be re-verified (INV-BG-002):
    parent_ids      VARCHAR      NOT NULL,  -- sorted parent ids joined by ','; '' for roots
    content         VARCHAR      NOT NULL,  -- canonical JSON
    written_by      VARCHAR(200) NOT NULL,
    ts              BIGINT       NOT NULL,
    -- Copied out of content for indexed queries; content stays the source of truth.
    subject_id      VARCHAR(400),
    subject_type    VARCHAR(400),
    status          VARCHAR(32),
    role_id         VARCHAR(400),
    scope           VARCHAR(400),
    trust_score     DOUBLE PRECISION,
    target_bead_id  VARCHAR(200),
    revokes         VARCHAR(200),
    CONSTRAINT pk_bead PRIMARY KEY (org_id, bead_id)
);

CREATE INDEX ix_bead_type_ts ON bead (org_id, bead_type, ts DESC);
CREATE INDEX ix_bead_subject ON bead (org_id, bead_type, subject_id);
CREATE INDEX ix_bead_role ON bead (org_id, bead_type, role_id);
CREATE INDEX ix_bead_scope ON bead (org_id, bead_type, scope);
CREATE INDEX ix_bead_status ON bead (org_id, bead_type, status);
CREATE INDEX ix_bead_target ON bead (org_id, target_bead_id);
CREATE INDEX ix_bead_revokes ON bead (org_id, revokes);

-- rel: parent, supersedes, audits (audit -> audited). The child is the newer bead.
CREATE TABLE bead_edge (
    org_id     VARCHAR(200) NOT NULL,
    child_id   VARCHAR(64)  NOT NULL,
    parent_id  VARCHAR(64)  NOT NULL,
    rel        VARCHAR(32)  NOT NULL,
    CONSTRAINT pk_bead_edge PRIMARY KEY (org_id, child_id, parent_id, rel),
    CONSTRAINT fk_bead_edge_child FOREIGN KEY (org_id, child_id) REFERENCES bead (org_id, bead_id),
    CONSTRAINT fk_bead_edge_parent FOREIGN KEY (org_id, parent_id) REFERENCES bead (org_id, bead_id)
);

CREATE INDEX ix_bead_edge_parent ON bead_edge (org_id, parent_id, rel);

-- Knowing-state sessions (core.md §1.4, Q12: one entity for SDK and loop-closure sessions).
CREATE TABLE ksp_session (
    session_id               VARCHAR(64)  NOT NULL,
    org_id                   VARCHAR(200) NOT NULL,
    role_id                  VARCHAR(200) NOT NULL,
    agent_id                 VARCHAR(200) NOT NULL,
    autonomy_floor           VARCHAR(16)  NOT NULL,
    ks_retrieved_at          BIGINT,
    last_active_at           BIGINT       NOT NULL,
    expires_at               BIGINT       NOT NULL,
    active_specification_id  VARCHAR(400),
    policy_bead_id           VARCHAR(64),
    trust_bead_id            VARCHAR(64),
    graph_id                 VARCHAR(200),
    version                  BIGINT       NOT NULL,
    CONSTRAINT pk_ksp_session PRIMARY KEY (session_id)
);

CREATE INDEX ix_ksp_session_expiry ON ksp_session (expires_at);
