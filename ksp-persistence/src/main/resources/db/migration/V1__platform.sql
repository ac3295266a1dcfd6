-- Platform tables shared by every context. Portable SQL: runs unchanged on H2 2.2 and PostgreSQL.

-- Single-writer partitions (the original's Durable Objects): a write transaction locks its
-- partition row FOR UPDATE before touching the partition's data, so writers of one org / graph /
-- buffer are serialised while readers take no lock.
CREATE TABLE partition_lock (
    scope          VARCHAR(32)  NOT NULL,
    partition_key  VARCHAR(400) NOT NULL,
    created_at     BIGINT       NOT NULL,
    CONSTRAINT pk_partition_lock PRIMARY KEY (scope, partition_key)
);

-- Cluster leases: a periodic job (stale-claim sweep, expiry sweeps) runs on the node that holds its
-- lease, so it runs once per cluster even though every node has the timer.
CREATE TABLE cluster_lease (
    lease_name   VARCHAR(100) NOT NULL,
    holder       VARCHAR(200) NOT NULL,
    expires_at   BIGINT       NOT NULL,
    version      BIGINT       NOT NULL,
    CONSTRAINT pk_cluster_lease PRIMARY KEY (lease_name)
);
