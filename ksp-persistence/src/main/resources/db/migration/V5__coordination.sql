-- Coordination (coordination.md §1.1-§1.3, §1.6, §4.1-§4.3): runs, their DAG of execution beads,
-- audits, gears and formulas, and the two outboxes that are delivered after commit (dispatches of
-- ready beads, outcomes to record in the bead graph). Portable SQL: H2 2.2 and PostgreSQL.
--
-- Sequences start at their allocation size (50): EclipseLink reads a value as the last id of its
-- preallocated block and refuses a block that would start below 1 (START WITH 1 fails once).

-- One row per run. Every mutation of a run locks this row first (SELECT ... FOR UPDATE), so the
-- writers of one run are serialised (BR-KSP-11) while different runs proceed in parallel.
CREATE TABLE coordinator_run (
    run_id               VARCHAR(128) NOT NULL,
    org_id               VARCHAR(200) NOT NULL,
    executor             VARCHAR(16)  NOT NULL,
    continue_on_failure  BOOLEAN      NOT NULL,
    -- The stream its events go to: the run id, until commissioning points it at its session.
    stream_id            VARCHAR(128) NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    -- Bead counts by status, kept by the transitions (all of which hold this row's lock).
    ready_count          BIGINT       NOT NULL,
    in_progress_count    BIGINT       NOT NULL,
    done_count           BIGINT       NOT NULL,
    failed_count         BIGINT       NOT NULL,
    created_at           BIGINT       NOT NULL,
    updated_at           BIGINT       NOT NULL,
    version              BIGINT       NOT NULL,
    CONSTRAINT pk_coordinator_run PRIMARY KEY (run_id),
    CONSTRAINT ck_coordinator_run_executor CHECK (executor IN ('external', 'builtin'))
);

CREATE INDEX ix_coordinator_run_org ON coordinator_run (org_id, executor, created_at);

-- Execution beads (§1.2). Transitions are conditional UPDATEs on (status, version); a claim's
-- condition also requires every parent to be satisfied (INV-C1, INV-C2).
CREATE TABLE execution_bead (
    run_id                VARCHAR(128) NOT NULL,
    id                    VARCHAR(200) NOT NULL,
    molecule_id           VARCHAR(200) NOT NULL,
    gear_id               VARCHAR(200) NOT NULL,
    node_id               VARCHAR(400),
    role                  VARCHAR(16)  NOT NULL,
    status                VARCHAR(16)  NOT NULL,
    assigned_to           VARCHAR(200),
    attempt_count         INT          NOT NULL,
    payload               VARCHAR,                -- the directive as seeded (JSON text)
    result                VARCHAR,                -- JSON text: trace fragment, result or {error}
    created_at            BIGINT       NOT NULL,
    updated_at            BIGINT       NOT NULL,
    lease_token           VARCHAR(64),
    last_heartbeat_at     BIGINT,
    session_id            VARCHAR(64),            -- the knowing-state session of the claim (P1)
    ks_execution_bead_id  VARCHAR(64),            -- the execution bead recorded through it
    tool_call_count       INT          NOT NULL,
    -- Parents not satisfied yet; 0 means claimable once READY. Decremented as parents settle.
    pending_parents       INT          NOT NULL,
    version               BIGINT       NOT NULL,
    CONSTRAINT pk_execution_bead PRIMARY KEY (run_id, id),
    CONSTRAINT fk_execution_bead_run FOREIGN KEY (run_id) REFERENCES coordinator_run (run_id),
    CONSTRAINT ck_execution_bead_status CHECK (status IN ('READY', 'IN_PROGRESS', 'DONE', 'FAILED'))
);

CREATE INDEX ix_execution_bead_ready ON execution_bead (run_id, status, pending_parents, created_at, id);
CREATE INDEX ix_execution_bead_stale ON execution_bead (status, last_heartbeat_at);
CREATE INDEX ix_execution_bead_molecule ON execution_bead (run_id, molecule_id, status);

-- The run's DAG: parent -> child, every edge a barrier. Named atom_edge so that it is never
-- confused with the bead graph's bead_edge.
CREATE TABLE atom_edge (
    run_id     VARCHAR(128) NOT NULL,
    parent_id  VARCHAR(200) NOT NULL,
    child_id   VARCHAR(200) NOT NULL,
    CONSTRAINT pk_atom_edge PRIMARY KEY (run_id, parent_id, child_id),
    CONSTRAINT fk_atom_edge_parent FOREIGN KEY (run_id, parent_id) REFERENCES execution_bead (run_id, id),
    CONSTRAINT fk_atom_edge_child FOREIGN KEY (run_id, child_id) REFERENCES execution_bead (run_id, id)
);

CREATE INDEX ix_atom_edge_child ON atom_edge (run_id, child_id);

-- One insert-only row per effective transition (INV-C4); never updated or deleted.
CREATE SEQUENCE bead_audit_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE bead_audit (
    id        BIGINT       NOT NULL,
    org_id    VARCHAR(200) NOT NULL,
    run_id    VARCHAR(128) NOT NULL,
    bead_id   VARCHAR(200) NOT NULL,
    gear_id   VARCHAR(200) NOT NULL,
    agent_id  VARCHAR(200),
    verdict   VARCHAR(16)  NOT NULL,
    attempt   INT          NOT NULL,
    ts        BIGINT       NOT NULL,
    CONSTRAINT pk_bead_audit PRIMARY KEY (id)
);

CREATE INDEX ix_bead_audit_run ON bead_audit (run_id, id);

-- Every tool call of an atom, written before its allow-list check (I4); insert-only.
CREATE TABLE consent_audit (
    id            VARCHAR(36)  NOT NULL,
    org_id        VARCHAR(200) NOT NULL,
    run_id        VARCHAR(128) NOT NULL,
    bead_id       VARCHAR(200) NOT NULL,
    attempt       INT          NOT NULL,
    agent_id      VARCHAR(200),
    tool_name     VARCHAR(200) NOT NULL,
    tool_call_id  VARCHAR(200),
    ts            BIGINT       NOT NULL,
    CONSTRAINT pk_consent_audit PRIMARY KEY (id)
);

CREATE INDEX ix_consent_audit_bead ON consent_audit (run_id, bead_id, ts);

-- Gears and formulas registered per org (§1.3); GEAR-default is built in and never stored.
CREATE TABLE gear (
    org_id      VARCHAR(200) NOT NULL,
    gear_id     VARCHAR(200) NOT NULL,
    name        VARCHAR(400) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    definition  VARCHAR      NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    version     BIGINT       NOT NULL,
    CONSTRAINT pk_gear PRIMARY KEY (org_id, gear_id)
);

CREATE TABLE gear_formula (
    org_id      VARCHAR(200) NOT NULL,
    formula_id  VARCHAR(200) NOT NULL,
    name        VARCHAR(400) NOT NULL,
    definition  VARCHAR      NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    version     BIGINT       NOT NULL,
    CONSTRAINT pk_gear_formula PRIMARY KEY (org_id, formula_id)
);

-- Dispatches of ready beads (§4.3): at most one per bead and ready epoch (INV-C5), written by the
-- transaction that made the bead ready. External runs' rows are only recorded (their agents
-- claim); built-in runs' rows are PENDING until a built-in agent's claim delivers them.
CREATE SEQUENCE atom_dispatch_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE atom_dispatch (
    id               BIGINT       NOT NULL,
    dedupe_key       VARCHAR(400) NOT NULL,
    org_id           VARCHAR(200) NOT NULL,
    run_id           VARCHAR(128) NOT NULL,
    bead_id          VARCHAR(200) NOT NULL,
    attempt          INT          NOT NULL,
    executor         VARCHAR(16)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    deliveries       INT          NOT NULL,
    created_at       BIGINT       NOT NULL,
    next_attempt_at  BIGINT       NOT NULL,
    delivered_at     BIGINT,
    last_error       VARCHAR(2000),
    version          BIGINT       NOT NULL,
    CONSTRAINT pk_atom_dispatch PRIMARY KEY (id),
    CONSTRAINT uq_atom_dispatch_key UNIQUE (dedupe_key)
);

CREATE INDEX ix_atom_dispatch_due ON atom_dispatch (state, next_attempt_at);
CREATE INDEX ix_atom_dispatch_run ON atom_dispatch (run_id, id);

-- Outcomes to record through the attempt's knowing-state session after commit (P13): durable,
-- retried, never fatal to the transition that produced them. One per attempt.
CREATE SEQUENCE atom_outcome_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE atom_outcome (
    id                 BIGINT       NOT NULL,
    org_id             VARCHAR(200) NOT NULL,
    run_id             VARCHAR(128) NOT NULL,
    bead_id            VARCHAR(200) NOT NULL,
    attempt            INT          NOT NULL,
    session_id         VARCHAR(64)  NOT NULL,
    execution_bead_id  VARCHAR(64)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    summary            VARCHAR(2000) NOT NULL,
    tool_call_count    INT          NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    deliveries         INT          NOT NULL,
    next_attempt_at    BIGINT       NOT NULL,
    created_at         BIGINT       NOT NULL,
    delivered_at       BIGINT,
    outcome_bead_id    VARCHAR(64),
    last_error         VARCHAR(2000),
    version            BIGINT       NOT NULL,
    CONSTRAINT pk_atom_outcome PRIMARY KEY (id),
    CONSTRAINT uq_atom_outcome_attempt UNIQUE (run_id, bead_id, attempt)
);

CREATE INDEX ix_atom_outcome_due ON atom_outcome (state, next_attempt_at);
