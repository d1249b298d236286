"""The golden site: a small edition built with the default theme and
compared byte for byte with tests/golden/expected/.

After an intended change of the theme or the output, regenerate it with

    python tests/golden.py --update

and review the diff like any other change."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "golden" / "expected"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from conftest import EDITION, article, basic_files, write_files  # noqa: E402

from newsgen.build import BuildOptions, build  # noqa: E402


def golden_files() -> dict[str, str]:
    files = basic_files()
    files["content/2024-01-10/qishi.md"] = article(
        "手牵手参与志愿服务 心连心创造和谐环境", 2, "", kind="notice", order=9
    )
    files["content/2024-01-10/biaoge.md"] = article(
        "数据一览",
        1,
        "| 项目 | 数量 |\n|---|---:|\n| 网格 | 36 |\n\n注释在此[^1]。\n\n[^1]: 来源：本报。",
        order=2,
        byline="[{name: 王芳, role: 编辑}]",
    )
    files["content/2024-01-09/edition.yaml"] = EDITION.replace("2024-01-10", "2024-01-09").replace("3456", "3455")
    files["content/2024-01-09/zuori.md"] = article("昨日要闻", 1, "昨日的正文。", tags="[基层治理]")
    return files


def build_golden(folder: Path) -> Path:
    root = write_files(folder / "src", golden_files())
    report = build(BuildOptions(root=root, out=folder / "out", jobs=1, search=False))
    if report.failed:
        raise SystemExit("\n".join(str(d) for d in report.diagnostics))
    return folder / "out"


if __name__ == "__main__":
    if "--update" not in sys.argv:
        raise SystemExit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        out = build_golden(Path(tmp))
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    print(f"updated {EXPECTED}")
