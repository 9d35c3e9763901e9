"""The instructor command line: ``course build | score | mutants | new | from-script | bench | grade | feedback``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import authoring, cells, layout


def _slugs(names: list[str]) -> list[str]:
    """The assignments named on the command line (all of them when none is)."""
    try:
        return [layout.resolve_slug(n) for n in names] if names else layout.assignments()
    except ValueError as e:
        raise SystemExit(f"course: {e}") from None


def cmd_build(args) -> int:
    from . import build

    slugs = _slugs(args.assignments)
    rows = build.build_all(slugs, jobs=args.jobs, execute=not args.no_execute, check=not args.no_check)
    print(build.format_table(rows))
    bad = [(r.slug, p) for r in rows for p in r.problems]
    for slug, p in bad:
        print(f"FAIL {slug}: {p}")
    if not bad:
        print(f"OK: {len(rows)} assignment(s) regenerated" + ("" if args.no_check else " and checked"))
    return 1 if bad else 0


def cmd_score(args) -> int:
    from . import runner

    status = 0
    for slug in _slugs(args.assignments):
        full = runner.score_master(slug, full=args.full)
        blank = runner.score_master(slug, blank=True, full=args.full)
        print(f"{slug}: solution {full.score:g}/{full.max_score:g}, blank release {blank.score:g}/{blank.max_score:g}")
        for gid, err in full.errors.items():
            print(f"  solution fails {gid}: {err}")
            status = 1
        for gid, (s, _m) in blank.cells.items():
            if s > 0:
                print(f"  blank release passes {gid}")
                status = 1
    return status


def cmd_mutants(args) -> int:
    from . import runner

    status = 0
    for slug in _slugs(args.assignments):
        ms = runner.mutants(slug)
        if args.only:
            ms = [m for m in ms if m.name in args.only]
        caught = 0
        for m in ms:
            res = runner.score_master(slug, mutant=m.source, must_fail=m.must_fail)
            missing = [g for g in m.must_fail if g not in res.failed()]
            ok = res.score < res.max_score and not missing
            caught += ok
            status |= not ok
            lost = ", ".join(res.failed()) or "nothing"
            print(f"{'caught' if ok else 'MISSED'} {slug}/{m.name}: {res.score:g}/{res.max_score:g}, fails {lost}")
            if missing:
                print(f"   expected to fail too: {', '.join(missing)}")
        print(f"{slug}: {caught}/{len(ms)} mutants caught")
    return status


def cmd_alternatives(args) -> int:
    from . import runner

    return runner.check_alternatives(_slugs(args.assignments), only=args.only)


def cmd_sweep(args) -> int:
    from . import runner

    (slug,) = _slugs([args.assignment])
    try:
        return runner.sweep_main(slug, args.cells, runs=args.runs, max_seconds=args.max_seconds_per_cell)
    except ValueError as e:
        raise SystemExit(f"course sweep: {e}") from None


def cmd_from_script(args) -> int:
    nb = authoring.script_to_notebook(Path(args.script).read_text())
    layout.write(nb, Path(args.notebook))
    print(f"wrote {args.notebook}: {len(nb.cells)} cells, {cells.total_points(nb):g} points")
    return 0


def cmd_new(args) -> int:
    try:
        written = authoring.new_assignment(args.slug, args.title, args.lectures, layout.ROOT, tuple(args.needs),
                                           args.builds)
    except ValueError as e:
        raise SystemExit(f"course new: {e}") from None
    for path in written:
        print(f"wrote {path.relative_to(layout.ROOT)}")
    a = layout.assignment(args.slug)
    print(f"\nAdd this row to README.md's assignment table (a test compares it with {layout.MANIFEST}):\n"
          f"| {a.number} | `{a.slug}` | {', '.join(a.lectures)} | {a.builds or '<what students build>'} |\n\n"
          f"Then write the master and the companion, run `course score {a.number}` and `course mutants {a.number}`,"
          f" and `make course` (or `course build {a.number}`). See CONTRIBUTING.md.")
    return 0


def cmd_bench(args) -> int:
    from . import bench

    if args.validate:
        return bench.validate_main(_slugs(args.assignments), out=Path(args.out))
    if args.throughput:
        return bench.throughput_main(_slugs(args.assignments or ["01"])[0], out=Path(args.out), workers=args.workers,
                                     n_students=args.students)
    return bench.main(_slugs(args.assignments), out=Path(args.out), workers=args.workers,
                      throughput=not args.no_throughput)


def cmd_publish(args) -> int:
    from . import publish

    return publish.main(args.out, zip_it=not args.no_zip)


def cmd_grade(args) -> int:
    from .grading import run

    return run.main(assignment=args.assignment, submissions=args.submissions, course_dir=args.course_dir,
                    out=args.out, workers=args.workers, force=args.force)


def cmd_feedback(args) -> int:
    from .grading import run

    return run.feedback_main(assignment=args.assignment, course_dir=args.course_dir, out=args.out, force=args.force)


def main(argv: list[str] | None = None) -> int:
    layout.use_shared_data()
    p = argparse.ArgumentParser(prog="course", description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)

    b = sub.add_parser("build", help="regenerate release/ and solutions/ from source/ and check both directions")
    b.add_argument("assignments", nargs="*", help="slugs or numbers (default: all)")
    b.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    b.add_argument("--no-execute", action="store_true", help="do not execute the solutions")
    b.add_argument("--no-check", action="store_true", help="skip the autograde check")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("score", help="quick: score the master's checks on the solution and the blank release")
    s.add_argument("assignments", nargs="*")
    s.add_argument("--full", action="store_true", help="also run the experiment cells")
    s.set_defaults(func=cmd_score)

    m = sub.add_parser("mutants", help="inject each wrong answer in tests/mutants/<slug>/ and check it loses points")
    m.add_argument("assignments", nargs="*")
    m.add_argument("--only", nargs="*", help="mutant names")
    m.set_defaults(func=cmd_mutants)

    al = sub.add_parser("alternatives", help="inject each right answer in tests/alternatives/<slug>/ and check it "
                        "keeps every point (the full graded path)")
    al.add_argument("assignments", nargs="*")
    al.add_argument("--only", nargs="*", help="alternative names")
    al.set_defaults(func=cmd_alternatives)

    sw = sub.add_parser("sweep", help="run the solution's test cells again and again on fresh random inputs and "
                        "count false failures (GUIDE: under 1 in 10,000)")
    sw.add_argument("assignment")
    sw.add_argument("--cells", nargs="*", help="test cells (grade_ids; default: every test cell)")
    sw.add_argument("--runs", type=int, default=1000, help="runs per cell (default 1000)")
    sw.add_argument("--max-seconds-per-cell", type=float, default=60.0,
                    help="stop a cell after this many seconds and report the runs made (default 60)")
    sw.set_defaults(func=cmd_sweep)

    f = sub.add_parser("from-script", help="write a master notebook from a percent-format script")
    f.add_argument("script")
    f.add_argument("notebook")
    f.set_defaults(func=cmd_from_script)

    n = sub.add_parser("new", help="scaffold a new assignment: master, companion, mutants, alternatives, manifest")
    n.add_argument("slug", help="NN_lowercase_words, numbered after the last assignment")
    n.add_argument("--title", required=True, help="the title, without its number")
    n.add_argument("--lectures", nargs="+", required=True, help="the lectures it follows, such as L3 L4")
    n.add_argument("--needs", nargs="*", default=[], help=f"data sets it needs ({', '.join(layout.DATA)})")
    n.add_argument("--builds", default="", help="what students build (the README table's last column)")
    n.set_defaults(func=cmd_new)

    be = sub.add_parser("bench", help="time solution execution and autograding per notebook")
    be.add_argument("assignments", nargs="*")
    be.add_argument("--out", default=str(layout.ROOT / "benchmarks" / "results.md"))
    be.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    be.add_argument("--validate", action="store_true",
                    help="only time Validate (the student edition's validator) per solution notebook")
    be.add_argument("--no-throughput", action="store_true",
                    help="only the per-notebook table (leave the throughput section as it is)")
    be.add_argument("--throughput", action="store_true",
                    help="only the class grading throughput (course grade, 1 and N workers, and nbgrader autograde)")
    be.add_argument("--students", type=int, help="class size for --throughput (default: 4 per worker, at least 8)")
    be.set_defaults(func=cmd_bench)

    pu = sub.add_parser("publish", help="build the student edition (a folder and a zip) and leak-check it")
    pu.add_argument("out", nargs="?", default=str(layout.ROOT / "build" / "student"),
                    help="the edition's folder (default: build/student); OUT.zip is written beside it")
    pu.add_argument("--no-zip", action="store_true", help="only the folder")
    pu.set_defaults(func=cmd_publish)

    g = sub.add_parser("grade", help="grade a class into the course's gradebook (see GRADING.md)")
    g.add_argument("assignment")
    g.add_argument("--submissions", help="a folder or zip of submissions, copied into submitted/ "
                   "(default: the course's submitted/<student>/<assignment>/)")
    g.add_argument("--course-dir", help="the nbgrader course folder (default: the repository root)")
    g.add_argument("--out", help="tables, logs and resume state (default: <course>/grading/<assignment>)")
    g.add_argument("--workers", type=int, help="worker processes (default: one per core this process may use)")
    g.add_argument("--force", action="store_true", help="grade every student again")
    g.set_defaults(func=cmd_grade)

    fb = sub.add_parser("feedback", help="after hand grading: remake feedback pages and tables from the gradebook")
    fb.add_argument("assignment")
    fb.add_argument("--course-dir", help="the nbgrader course folder (default: the repository root)")
    fb.add_argument("--out", help="the run's folder (default: <course>/grading/<assignment>)")
    fb.add_argument("--force", action="store_true", help="remake every page, changed or not")
    fb.set_defaults(func=cmd_feedback)

    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
