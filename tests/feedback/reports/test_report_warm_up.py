"""A task worker's warm-up loads the report renderer, so the first report is not the slow one."""

import sys

from feedback.reports import rendering


def test_warm_up_sets_up_weasyprint_fonts_and_python_docx_for_this_thread(monkeypatch):
    monkeypatch.setattr(rendering._weasyprint, "setup", None, raising=False)
    rendering.warm_up()
    from weasyprint.text.fonts import FontConfiguration

    setup = rendering._weasyprint.setup
    assert isinstance(setup[1], FontConfiguration)
    # The report that follows reuses what the warm-up made.
    assert rendering._weasyprint_setup() is setup
    assert "docx" in sys.modules
