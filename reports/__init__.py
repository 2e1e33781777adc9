"""Sales reports from Saleor's orders (the province's event report first)."""
