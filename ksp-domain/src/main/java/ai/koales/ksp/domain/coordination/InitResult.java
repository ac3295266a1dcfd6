package ai.koales.ksp.domain.coordination;

/** An init: the run, and whether this call created it (201) or found it (200). */
public record InitResult(Run run, boolean created) {}
