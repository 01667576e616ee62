from .annual import annual_report, download, save_details, save_note
from .dashboard import dashboard_page, obligation_list

__all__ = [
    "annual_report",
    "dashboard_page",
    "download",
    "obligation_list",
    "save_details",
    "save_note",
]
