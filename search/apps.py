from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Product search"

    def ready(self) -> None:
        from search import handlers

        handlers.connect()
