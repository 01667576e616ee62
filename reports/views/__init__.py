"""The pages of the annual monitoring, a module per part (see reports/urls.py)."""
