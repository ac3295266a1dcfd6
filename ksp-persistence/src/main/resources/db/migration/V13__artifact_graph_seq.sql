-- The next write-order positions of each artifact graph (artifact_node.seq, artifact_edge.seq).
-- Read and bumped by writers under the graph's partition lock. It replaces MAX(seq) per write, which
-- H2 answers by reading every node (or edge) of the graph, so writes slowed as a graph grew.
CREATE TABLE artifact_graph_seq (
    graph_key  VARCHAR(400) NOT NULL,
    node_seq   BIGINT       NOT NULL,
    edge_seq   BIGINT       NOT NULL,
    CONSTRAINT pk_artifact_graph_seq PRIMARY KEY (graph_key)
);

-- Existing graphs continue after what they hold.
INSERT INTO artifact_graph_seq (graph_key, node_seq, edge_seq)
SELECT g.graph_key,
       COALESCE((SELECT MAX(n.seq) FROM artifact_node n WHERE n.graph_key = g.graph_key), 0),
       COALESCE((SELECT MAX(e.seq) FROM artifact_edge e WHERE e.graph_key = g.graph_key), 0)
FROM (SELECT graph_key FROM artifact_node UNION SELECT graph_key FROM artifact_edge) g;
