"""bench/linearity.py builds each case at three sizes, each larger than the one before."""

from bench.linearity import _cases


def test_every_case_grows_with_its_size():
    for name, (build, filename, sizes) in _cases().items():
        lengths = [len(build(size)) for size in sizes]

        assert lengths == sorted(lengths) and len(set(lengths)) == 3, name
        assert filename.endswith((".txt", ".html", ".xlsx"))
