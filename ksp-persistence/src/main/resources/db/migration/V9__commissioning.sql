-- Commissioning sessions (coordination.md §1.8 ca_session, §3.4). The row is also the job's
-- checkpoint: each pass stores its artifact id here in the transaction that writes the artifact,
-- so a restarted job skips what is done (CA-INV-003). Portable SQL: H2 2.2 and PostgreSQL.

CREATE TABLE ca_session (
    -- Also the session's event stream id (edges.md §2.3), hence global, not per org.
    session_id         VARCHAR(128)  NOT NULL,
    org_id             VARCHAR(200)  NOT NULL,
    repo_id            VARCHAR(200)  NOT NULL,
    status             VARCHAR(32)   NOT NULL,
    signal_json        VARCHAR       NOT NULL,
    -- {step name: artifact id} of the passes done so far (fetch-elucidation ... compile-prd).
    artifacts_json     VARCHAR       NOT NULL,
    is_node_id         VARCHAR(200),
    result_run_id      VARCHAR(200),
    result_atom_count  INT,
    error_code         VARCHAR(64),
    error_message      VARCHAR(2000),
    resume_from        VARCHAR(32),
    approval_deadline  BIGINT,
    decision           VARCHAR(16),
    approver           VARCHAR(200),
    reason             VARCHAR(2000),
    decided_at         BIGINT,
    -- The batch job execution that works on the session (null before the first start).
    job_execution_id   BIGINT,
    -- How often the worker resumed the session after its execution died (bounded).
    resumes            INT           NOT NULL,
    created_at         BIGINT        NOT NULL,
    updated_at         BIGINT        NOT NULL,
    version            BIGINT        NOT NULL,
    CONSTRAINT pk_ca_session PRIMARY KEY (session_id)
);

-- The worker's queue: per org, the oldest queued session first; and the running ones.
CREATE INDEX ix_ca_session_queue ON ca_session (status, org_id, created_at);
CREATE INDEX ix_ca_session_org ON ca_session (org_id, created_at);
