-- Stream context: per-session event buffers, the permanent session event log, and the factory's
-- session read model that GraphQL serves (edges.md §1.8). Portable SQL: H2 2.2 and PostgreSQL.

-- One row per live buffer. Appends lock it FOR UPDATE and take next_seq: this row is the single
-- writer of the session's sequence (edges.md §4.1). Deleted with its rows when the buffer expires.
-- base_seq: the last seq before this buffer's first row (0 for a new stream; the durable log's last
-- seq when a stream whose buffer expired is written to again), so older cursors get
-- REPLAY_UNAVAILABLE instead of a silent gap.
CREATE TABLE buffer_meta (
    session_id     VARCHAR(128) NOT NULL,
    run_id         VARCHAR(200),
    assembly_id    VARCHAR(200),
    org_id         VARCHAR(200),
    next_seq       BIGINT       NOT NULL,
    base_seq       BIGINT       NOT NULL,
    last_write_at  BIGINT       NOT NULL,
    terminal_at    BIGINT,
    CONSTRAINT pk_buffer_meta PRIMARY KEY (session_id)
);

-- The sweeper looks for buffers whose expiry has passed.
CREATE INDEX ix_buffer_meta_last_write ON buffer_meta (last_write_at);
CREATE INDEX ix_buffer_meta_terminal ON buffer_meta (terminal_at);

-- The live replay window: rows of buffers that have not expired.
CREATE TABLE buffered_event (
    session_id         VARCHAR(128) NOT NULL,
    seq                BIGINT       NOT NULL,
    stream             VARCHAR(32)  NOT NULL,
    kind               VARCHAR(64)  NOT NULL,
    scope_run_id       VARCHAR(200),
    scope_assembly_id  VARCHAR(200),
    payload            VARCHAR      NOT NULL,
    occurred_at        BIGINT       NOT NULL,
    appended_at        BIGINT       NOT NULL,
    terminal           BOOLEAN      NOT NULL,
    CONSTRAINT pk_buffered_event PRIMARY KEY (session_id, seq),
    CONSTRAINT fk_buffered_event_meta FOREIGN KEY (session_id) REFERENCES buffer_meta (session_id)
);

-- GraphQL artifactWrites(assemblyId) and beadUpdates(runId) read across a scope's sessions.
CREATE INDEX ix_buffered_event_assembly ON buffered_event (scope_assembly_id, stream, session_id, seq);
CREATE INDEX ix_buffered_event_run ON buffered_event (scope_run_id, stream, session_id, seq);

-- The permanent audit log: every accepted append, written in the same transaction as the buffer
-- row, never expired (edges.md §8 Q8). Terminal sessions replay from here after their buffer is
-- gone; org_id keeps the stream's org for the access rule once buffer_meta is deleted.
CREATE TABLE session_event_log (
    session_id         VARCHAR(128) NOT NULL,
    seq                BIGINT       NOT NULL,
    stream             VARCHAR(32)  NOT NULL,
    kind               VARCHAR(64)  NOT NULL,
    scope_run_id       VARCHAR(200),
    scope_assembly_id  VARCHAR(200),
    payload            VARCHAR      NOT NULL,
    occurred_at        BIGINT       NOT NULL,
    appended_at        BIGINT       NOT NULL,
    terminal           BOOLEAN      NOT NULL,
    org_id             VARCHAR(200),
    CONSTRAINT pk_session_event_log PRIMARY KEY (session_id, seq)
);

-- Factory sessions as the gateway and commissioning record them; GraphQL reads them.
CREATE TABLE session_state (
    session_id           VARCHAR(200) NOT NULL,
    assembly_id          VARCHAR(200) NOT NULL,
    work_order_id        VARCHAR(200),
    status               VARCHAR(32)  NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    run_id               VARCHAR(200),
    org_id               VARCHAR(200),
    intent_spec_id       VARCHAR(200),
    intent_spec_version  VARCHAR(100),
    intent_spec_domain   VARCHAR(200),
    CONSTRAINT pk_session_state PRIMARY KEY (session_id)
);

CREATE INDEX ix_session_state_assembly ON session_state (assembly_id, session_id);
CREATE INDEX ix_session_state_work_order ON session_state (work_order_id, created_at);

CREATE TABLE verification_reports (
    report_id    VARCHAR(200) NOT NULL,
    session_id   VARCHAR(200) NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    verdict      VARCHAR(64)  NOT NULL,
    score        DOUBLE PRECISION,
    notes        VARCHAR,
    produced_at  BIGINT       NOT NULL,
    artifact_id  VARCHAR(200),
    CONSTRAINT pk_verification_reports PRIMARY KEY (report_id)
);

CREATE INDEX ix_verification_reports_session ON verification_reports (session_id, produced_at);

CREATE TABLE artifacts (
    id            VARCHAR(200) NOT NULL,
    session_id    VARCHAR(200) NOT NULL,
    kind          VARCHAR(32)  NOT NULL,
    content_ref   VARCHAR(1000),
    content_hash  VARCHAR(200),
    created_at    BIGINT       NOT NULL,
    metadata      VARCHAR,
    CONSTRAINT pk_artifacts PRIMARY KEY (id)
);

CREATE INDEX ix_artifacts_session_kind ON artifacts (session_id, kind);

-- EclipseLink reads a sequence value as the last id of its block of 50: start at 50 (block 1..50).
CREATE SEQUENCE artifact_edges_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE artifact_edges (
    id         BIGINT       NOT NULL,
    source_id  VARCHAR(200) NOT NULL,
    target_id  VARCHAR(200) NOT NULL,
    rel        VARCHAR(200) DEFAULT '' NOT NULL,
    props      VARCHAR,
    CONSTRAINT pk_artifact_edges PRIMARY KEY (id)
);

CREATE INDEX ix_artifact_edges_source ON artifact_edges (source_id);
CREATE INDEX ix_artifact_edges_target ON artifact_edges (target_id);
