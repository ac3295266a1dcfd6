-- Molecules seeded under a gear formula (coordination.md §1.3 GearMolecule): the formula that one
-- molecule of a run follows, bound by the first seed that names it. The molecule's beads (and so
-- its status) are the execution beads carrying its molecule id; molecules seeded without a formula
-- have no row here.
CREATE TABLE gear_molecule (
    run_id       VARCHAR(128) NOT NULL,
    molecule_id  VARCHAR(200) NOT NULL,
    formula_id   VARCHAR(200) NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT pk_gear_molecule PRIMARY KEY (run_id, molecule_id),
    CONSTRAINT fk_gear_molecule_run FOREIGN KEY (run_id) REFERENCES coordinator_run (run_id)
);
