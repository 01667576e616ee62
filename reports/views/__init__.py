from .annual import annual_report
from .dashboard import dashboard_page, obligation_list

__all__ = ["annual_report", "dashboard_page", "obligation_list"]
