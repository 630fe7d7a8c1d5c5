"""The `locality` command: thin wrappers over the services, as Django management commands.

locality demo [--no-serve]       load the York demo place and serve it
locality serve [--host H --port P]
locality audit verify
locality governance export-person PERSON_ID --out FILE.json
locality token create EMAIL
locality users list [--json]
locality migrate | check | ...   any Django management command
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "locality.config.settings")
    if len(argv) > 1 and argv[1] == "demo":
        os.environ.setdefault("LOCALITY_DEMO", "1")
    from locality.core.env_utils import SettingError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["locality", *argv[1:]])
    except SettingError as exc:
        print(f"locality: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
