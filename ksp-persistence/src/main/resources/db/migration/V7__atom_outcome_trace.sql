-- Atom outcomes go to loop closure's BP3 with what its divergence detector reads: the run's stream
-- (where a divergence is announced), the trace's outcome word and whether the atom's attempts are
-- exhausted. Portable SQL: H2 2.2 and PostgreSQL.

ALTER TABLE atom_outcome ADD COLUMN stream_id VARCHAR(128);
UPDATE atom_outcome SET stream_id = (
    SELECT r.stream_id FROM coordinator_run r WHERE r.run_id = atom_outcome.run_id);
UPDATE atom_outcome SET stream_id = run_id WHERE stream_id IS NULL;
ALTER TABLE atom_outcome ALTER COLUMN stream_id SET NOT NULL;

ALTER TABLE atom_outcome ADD COLUMN trace_outcome VARCHAR(16) DEFAULT 'failure' NOT NULL;
UPDATE atom_outcome SET trace_outcome = 'success' WHERE status = 'SUCCESS';

-- Outcomes queued before this column existed are taken as not exhausted: no divergence is inferred
-- for them after the fact.
ALTER TABLE atom_outcome ADD COLUMN attempts_exhausted BOOLEAN DEFAULT FALSE NOT NULL;
