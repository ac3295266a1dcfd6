-- A commissioning session whose run finished ends its event stream once the run's outcomes are
-- recorded (edges.md §1.1 SESSION_COMPLETED / SESSION_FAILED). run_status: the terminal status the
-- run reported (MONITORED was told); ended_at: when the terminal event was recorded. Idle sessions
-- with ended_at NULL are the ones the follow-up still watches. Portable SQL: H2 2.2 and PostgreSQL.

ALTER TABLE ca_session ADD COLUMN run_status VARCHAR(32);
ALTER TABLE ca_session ADD COLUMN ended_at BIGINT;

CREATE INDEX ix_ca_session_run_end ON ca_session (status, ended_at);
