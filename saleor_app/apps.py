from django.apps import AppConfig


def installed_credentials() -> tuple[str, str] | None:
    """(api_url, token) of the latest installation from a Saleor Dashboard, if any."""
    from saleor_app.models import AppInstallation

    installation = AppInstallation.objects.current()
    return (installation.api_url, installation.auth_token) if installation else None


class SaleorAppConfig(AppConfig):
    name = "saleor_app"
    verbose_name = "Saleor App"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from saleor_api.connection import use_installed_credentials

        use_installed_credentials(installed_credentials)
