"""Where motcua's files are: the source, the project, and the folder of its data (MOTCUA_VAR_DIR)."""

from pathlib import Path

from motcua.core.env import env_str

SRC_DIR = Path(__file__).resolve().parents[3]
PROJECT_DIR = SRC_DIR.parent
VAR_DIR = Path(
    env_str(
        "MOTCUA_VAR_DIR",
        default=str(PROJECT_DIR / "var"),
        help="Folder for the embedded database, uploaded files and collected static files.",
        shown_default="<project>/var",
    )
)
