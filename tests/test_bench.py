"""make bench writes each measurement into its own section of benchmarks/results.md and keeps the others."""

from __future__ import annotations

from course.bench import write_section


def test_write_section_replaces_its_own_section_and_keeps_the_others(tmp_path):
    out = tmp_path / "results.md"
    out.write_text("# Benchmarks\n\n## Per notebook\n\nold table\n\n## Seed sweeps\n\nhand-kept figures\n")
    write_section(out, "## Per notebook", ["new table"])
    write_section(out, "## Validate", ["validate table"])
    write_section(out, "## Validate", ["second validate table"])
    text = out.read_text()
    assert "new table" in text and "old table" not in text
    assert "hand-kept figures" in text
    assert text.count("## Validate") == 1 and "second validate table" in text and "validate table\n\n" not in text
    assert text.index("## Per notebook") < text.index("## Seed sweeps") < text.index("## Validate")


def test_write_section_creates_the_file(tmp_path):
    out = tmp_path / "sub" / "results.md"
    write_section(out, "## Per notebook", ["table"])
    assert out.read_text() == "# Benchmarks\n\n## Per notebook\n\ntable\n"
