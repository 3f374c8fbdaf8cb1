"""Who is writing: the Unix user named on each flag, note and question, and in read-only notices."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """The Unix user running this process."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return getpass.getuser()
