app_name = "saleor_api"
urlpatterns: list = []
