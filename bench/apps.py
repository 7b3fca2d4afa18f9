"""The benchmark tooling as a Django app, for its one command: ``manage.py generate_corpus``."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
