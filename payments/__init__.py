"""Payments: this shop as a Saleor payment app (Transactions API) for Stripe and cash on delivery."""
