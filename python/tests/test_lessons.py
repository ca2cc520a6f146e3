"""The short Python versions in python/lessons/: each runs to the end and
checks its own known answer (an `assert` against pi(N) or the seeds' printed
values), so a lesson that prints a wrong count fails here."""

import subprocess
import sys
from pathlib import Path

import pytest

LESSONS = sorted((Path(__file__).resolve().parent.parent / "lessons").glob("*.py"))


def test_there_are_lessons():
    assert len(LESSONS) >= 10, [p.name for p in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_and_checks_its_answer(lesson):
    done = subprocess.run([sys.executable, str(lesson)], capture_output=True, text=True, timeout=120,
                          cwd=lesson.parent)
    assert done.returncode == 0, f"{lesson.name} failed:\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip(), f"{lesson.name} printed nothing"
