"""Plain text from people: the one rule for control characters, in forms, imports and exports."""

import re

# C0 controls other than tab, newline and carriage return, DEL, and C1 controls. Nobody types
# them on purpose; XML (so XLSX) cannot hold most of them, and terminals obey some (\x1b).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text):
    """`text` without control characters (tab, newline and carriage return are kept)."""
    if not isinstance(text, str):
        return text
    return CONTROL_CHARACTERS.sub("", text)
