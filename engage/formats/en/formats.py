"""English on this site is British English: dates as 6 December 2026, weeks from Monday.

LANGUAGE_CODE is "en" (not "en-gb") so that English URLs carry no prefix; these formats keep
what "en-gb" gave.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403
