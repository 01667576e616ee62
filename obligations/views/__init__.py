"""Pages for obligations, one module per role: `head` (the organization's own page),
`obligation` (one obligation: evidence, submission, review, files) and `office` (staff's
queue, summary, matrix, organization pages, reminders, archives). Views deal with HTTP only:
reads start from `visible_to(request.user)` (another organization's object answers 404),
access is asked of accounts.policy, every change goes through a service."""

from .head import my_organization, my_roadmap
from .notices import notice_list, notice_open, notice_read, notice_settings, notices_read_all
from .obligation import (
    evidence_add,
    evidence_remove,
    evidence_replace_file,
    file_download,
    obligation_detail,
    review,
    review_next,
    set_progress,
    submit,
)
from .office import (
    activity_evidence_zip,
    bulk_accept,
    bulk_progress,
    chase_activity,
    chase_organization,
    chase_roadmap,
    matrix,
    organization_evidence_zip,
    organization_obligations,
    review_queue,
    summary,
)
from .search import search

__all__ = [
    "activity_evidence_zip",
    "bulk_accept",
    "bulk_progress",
    "chase_activity",
    "chase_organization",
    "chase_roadmap",
    "evidence_add",
    "evidence_remove",
    "evidence_replace_file",
    "file_download",
    "matrix",
    "my_organization",
    "my_roadmap",
    "notice_list",
    "notice_open",
    "notice_read",
    "notice_settings",
    "notices_read_all",
    "obligation_detail",
    "organization_evidence_zip",
    "organization_obligations",
    "review",
    "review_next",
    "review_queue",
    "search",
    "set_progress",
    "submit",
    "summary",
]
