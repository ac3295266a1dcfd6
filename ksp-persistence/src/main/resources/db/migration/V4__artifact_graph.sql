-- Artifact graphs (core.md §1.3, §7): one graph per graph key '{org}:{graph}'. Portable SQL: runs
-- unchanged on H2 2.2 and PostgreSQL. Writers of a graph serialise on its partition_lock row
-- (scope 'artifact'); readers take no lock.

-- data: the node's JSON object as text. seq: the node's position in its graph's write order (the
-- tie-breaker of "newest first" within one millisecond, and half of the keyset paging cursor).
CREATE TABLE artifact_node (
    graph_key  VARCHAR(400) NOT NULL,
    id         VARCHAR(200) NOT NULL,
    type       VARCHAR(200) NOT NULL,
    data       VARCHAR      DEFAULT '{}' NOT NULL,
    ns         VARCHAR(64)  NOT NULL,
    created    BIGINT       NOT NULL,
    updated    BIGINT       NOT NULL,
    seq        BIGINT       NOT NULL,
    version    BIGINT       NOT NULL,
    CONSTRAINT pk_artifact_node PRIMARY KEY (graph_key, id),
    CONSTRAINT uq_artifact_node_seq UNIQUE (graph_key, seq)
);

-- getNodesByType / hypotheses / active specification: ns-filtered, newest first.
CREATE INDEX ix_artifact_node_type ON artifact_node (graph_key, ns, type, created DESC, seq DESC);
-- All nodes of a graph, newest first.
CREATE INDEX ix_artifact_node_created ON artifact_node (graph_key, ns, created DESC, seq DESC);

-- One edge per (source, target, rel) (INV-AG-002); both ends in the same graph (INV-AG-004).
CREATE TABLE artifact_edge (
    graph_key  VARCHAR(400) NOT NULL,
    source     VARCHAR(200) NOT NULL,
    target     VARCHAR(200) NOT NULL,
    rel        VARCHAR(200) NOT NULL,
    props      VARCHAR      DEFAULT '{}' NOT NULL,
    created    BIGINT       NOT NULL,
    seq        BIGINT       NOT NULL,
    version    BIGINT       NOT NULL,
    CONSTRAINT pk_artifact_edge PRIMARY KEY (graph_key, source, target, rel),
    CONSTRAINT uq_artifact_edge_seq UNIQUE (graph_key, seq),
    CONSTRAINT fk_artifact_edge_source FOREIGN KEY (graph_key, source)
        REFERENCES artifact_node (graph_key, id) ON DELETE CASCADE,
    CONSTRAINT fk_artifact_edge_target FOREIGN KEY (graph_key, target)
        REFERENCES artifact_node (graph_key, id) ON DELETE CASCADE
);

-- Walks and edge lists: out-edges by (source, rel), in-edges by (target, rel), each in write order.
CREATE INDEX ix_artifact_edge_source_rel ON artifact_edge (graph_key, source, rel, seq);
CREATE INDEX ix_artifact_edge_target_rel ON artifact_edge (graph_key, target, rel, seq);
-- All edges of one relation (census, edge listing by rel).
CREATE INDEX ix_artifact_edge_rel ON artifact_edge (graph_key, rel, seq);
