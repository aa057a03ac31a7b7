"""Data access: every query the service makes, as keyword-only functions over a session.

Split by what the queries are about. Accounts, jobs and scorecards are re-exported here; review
(`versions`, `review`, `regenerations`) and scoring (`candidates`, `feedback`, `ranking`) are used
as modules, e.g. `from web.store import versions` then `versions.save_version(...)`.
"""

from web.store.accounts import (
    EMAIL,
    MIN_PASSWORD,
    StoreError,
    authenticate,
    clear_failures,
    count_users,
    create_token,
    create_user,
    get_user,
    list_tokens,
    list_users,
    record_failure,
    revoke_all_tokens,
    revoke_token,
    too_many_failures,
    update_user,
    user_for_token,
)
from web.store.jobs import (
    create_generation,
    finish_job,
    get_job,
    get_job_description,
    scorecard_for_job,
)
from web.store.scorecards import audit, get_scorecard, list_scorecards, scorecard_json, user_email

__all__ = [
    "EMAIL",
    "MIN_PASSWORD",
    "StoreError",
    "audit",
    "authenticate",
    "clear_failures",
    "count_users",
    "create_generation",
    "create_token",
    "create_user",
    "finish_job",
    "get_job",
    "get_job_description",
    "get_scorecard",
    "get_user",
    "list_scorecards",
    "list_tokens",
    "list_users",
    "record_failure",
    "revoke_all_tokens",
    "revoke_token",
    "scorecard_for_job",
    "scorecard_json",
    "too_many_failures",
    "update_user",
    "user_email",
    "user_for_token",
]

# The review and scoring areas, as modules (imported last: they use the functions above).
from web.store import (  # noqa: E402
    candidates,
    feedback,
    leases,
    ranking,
    regenerations,
    review,
    versions,
)

__all__ += ["candidates", "feedback", "leases", "ranking", "regenerations", "review", "versions"]
