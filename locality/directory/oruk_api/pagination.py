"""ORUK pages: `page` and `per_page`, and the page header around the contents."""

import math

from ninja import Field, Schema

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000_000  # far past any directory; keeps the SQL offset in range


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number of paginated result.")
    per_page: int = Field(
        DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Number of results in a page."
    )


def page_of(queryset, paging: Paging, to_documents) -> dict:
    """The ORUK page: header fields, then `contents` built by `to_documents(objects)`."""
    total = queryset.count()
    start = (paging.page - 1) * paging.per_page
    contents = to_documents(list(queryset[start : start + paging.per_page]))
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
