#!/usr/bin/env python3
"""Print a command of the README's Quickstart (the first code block after '## Quickstart'):
'main' for the first line, 'test' for the second. CI runs exactly what the README says."""
import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
section = readme.split("## Quickstart", 1)[1]
block = re.search(r"```(?:\w+)?\n(.*?)```", section, re.S).group(1)
commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
if len(commands) != 2:
    sys.exit(f"README Quickstart must hold exactly two commands, found {len(commands)}")
print(commands[{"main": 0, "test": 1}[sys.argv[1] if len(sys.argv) > 1 else "test"]])
