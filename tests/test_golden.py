"""The default theme's output, byte for byte (see tests/golden.py)."""

from golden import EXPECTED, build_golden


def test_default_theme_output_matches_the_golden_site(tmp_path):
    out = build_golden(tmp_path)
    built = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert built == expected, "files differ; run: python tests/golden.py --update"
    for rel in sorted(built):
        assert (out / rel).read_bytes() == (EXPECTED / rel).read_bytes(), (
            f"{rel} differs from the golden copy; run: python tests/golden.py --update"
        )
