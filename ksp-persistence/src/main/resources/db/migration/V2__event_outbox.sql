-- The transactional outbox of domain events (stream context). A row is written in the same
-- transaction as the change it reports and drained after commit into the per-session buffer.
CREATE SEQUENCE event_outbox_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE event_outbox (
    id           BIGINT       NOT NULL,
    stream_id    VARCHAR(128) NOT NULL,
    stream       VARCHAR(32)  NOT NULL,
    kind         VARCHAR(64)  NOT NULL,
    run_id       VARCHAR(200),
    assembly_id  VARCHAR(200),
    payload      VARCHAR      NOT NULL,
    occurred_at  BIGINT       NOT NULL,
    terminal     BOOLEAN      NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT pk_event_outbox PRIMARY KEY (id)
);

CREATE INDEX ix_event_outbox_stream ON event_outbox (stream_id, id);
