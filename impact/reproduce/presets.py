"""Preset scenarios: the YAML files of ``scenarios/`` (in the wheel: ``impact/_scenarios``).

Each preset holds a ``scenario`` mapping of fields (as :func:`impact.estimate` takes them) and
its ``expect``-ations; ``impact estimate --preset NAME`` costs it, flags given beside it taking
precedence (:data:`REPLACED`).
"""
from __future__ import annotations

from pathlib import Path

from impact.errors import InputError

_PACKAGE = Path(__file__).resolve().parents[1]
PRESETS_DIR = next((d for d in (_PACKAGE / "_scenarios", _PACKAGE.parent / "scenarios") if d.is_dir()),
                   _PACKAGE.parent / "scenarios")

# A flag that says the same thing as some of a preset's fields in another way replaces them:
# (fields given, preset fields dropped).
REPLACED = (
    ({"hours", "days"}, {"end", "hours", "days"}),
    ({"end"}, {"hours", "days"}),
    ({"share", "isp_share", "regions"}, {"share", "isp_share", "regions", "region_weight"}),
    ({"disruption", "type"}, {"disruption", "type", "services", "severity"}),
)


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml")) if PRESETS_DIR.is_dir() else []


def load_preset(name: str) -> dict:
    """A preset scenario file (``scenarios/NAME.yaml`` or a path): its parsed YAML."""
    import yaml

    path = Path(name)
    if not path.is_file():
        path = PRESETS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise InputError(f"--preset {name!r}: no such file or preset; presets are {', '.join(preset_names()) or 'none'}")
    try:
        preset = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"--preset {path}: not a readable YAML preset ({' '.join(str(exc).split())[:200]}); "
                         f"presets are {', '.join(preset_names()) or 'none'}") from None
    if not isinstance(preset, dict) or not isinstance(preset.get("scenario"), dict):
        raise InputError(f"--preset {path}: a preset needs a 'scenario' mapping of fields")
    return preset


def with_flags(name: str, given: dict) -> dict:
    """The preset's fields with the ``given`` ones over them (dropping those they replace)."""
    preset = dict(load_preset(name)["scenario"])
    for flags, dropped in REPLACED:
        if flags & given.keys():
            for field in dropped:
                preset.pop(field, None)
    return {**preset, **given}
