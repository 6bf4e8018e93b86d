"""A web process that never runs an analysis does not load the analysis libraries.

The staff export API must stream 250,000 answers within 200 MB (issue 17); numpy's
scientific stack (SciPy, scikit-learn) and NLTK through TextBlob cost about 100 MB before a
single row is read. `feedback.analysis` names them lazily, so only code that analyses pays.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("sklearn", "scipy", "nltk", "textblob", "wordllama", "weasyprint")

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "engage.settings.test"
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
from wagtail import hooks
get_resolver(settings.ROOT_URLCONF).url_patterns  # every app's urls and viewsets
hooks.search_for_hooks()  # every wagtail_hooks module (admin menus, viewsets)
import feedback.analysis.language, feedback.analysis.suppression  # light modules on their own
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_loading_the_site_does_not_import_the_analysis_libraries_until_used():
    code = PROBE.format(heavy=HEAVY)
    # Then each lazy name loads its module on first use.
    code += "import feedback.analysis as a\n"
    for name, module in [("process_batch", "sklearn"), ("rank_phrases", "textblob")]:
        code += f"a.{name}; print({module!r} in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["", "True", "True"]


def test_an_unknown_name_is_an_attribute_error():
    import feedback.analysis

    with pytest.raises(AttributeError, match="no_such_name"):
        feedback.analysis.no_such_name  # noqa: B018
