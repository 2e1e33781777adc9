from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.indexer import rebuild


class Command(BaseCommand):
    help = "Rebuild the product search index from the registry (every product, in one transaction)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = rebuild()
        self.stdout.write(
            f"indexed {report.products} products ({report.words} words) in {report.seconds:.2f} s"
        )
