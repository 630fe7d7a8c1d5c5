"""`stratify_runs.stratify_run`: no output stays behind that the audit log does not hold."""

import pytest

from locality.analytics.population.synth import generate
from locality.governance.models import AuditEvent
from locality.population import stratify_runs


def test_output_is_taken_back_when_the_run_cannot_be_audited(tmp_path, analyst, monkeypatch):
    generate(5, tmp_path / "in", seed=1)
    out = tmp_path / "out"
    out.mkdir()  # an empty folder the analyst chose: it stays, empty

    def audit_log_unavailable(by, detail):
        raise RuntimeError("the audit log cannot be written")

    monkeypatch.setattr(stratify_runs, "_record", audit_log_unavailable)
    with pytest.raises(RuntimeError, match="audit log"):
        stratify_runs.stratify_run(by=analyst, input=tmp_path / "in", out=out)
    assert out.is_dir() and list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert not AuditEvent.objects.exists()
