"""Error responses in the OpenAPI schema: every operation lists the statuses it can answer with,
each described as the one envelope (`data` null, `error` a sentence, `status` the code)."""

from collections.abc import Iterable

from litestar.openapi.datastructures import ResponseSpec

from api.envelope import Envelope

_DESCRIPTIONS = {
    400: "Malformed input: the message names each bad field",
    401: "Missing, invalid or expired token (or wrong credentials at login)",
    403: "The role does not allow it, or the user is blocked",
    404: "No such resource",
    409: "Changed concurrently, or already exists: reload and retry",
    412: "If-Match names a stale version; the current one is in ETag",
    413: "Request body too large",
    415: "The body is not JSON",
    422: "A lifecycle or domain rule refused the command",
    429: "Too many attempts: retry after the Retry-After header",
    500: "Unexpected error (logged with a request id)",
    503: "The database cannot be reached: retry shortly",
}

COMMON = (400, 500, 503)
READ = (*COMMON, 401, 403, 404)
WRITE = (*READ, 409, 412, 413, 415, 422)


def errors(statuses: Iterable[int]) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(
            data_container=Envelope[None],
            description=_DESCRIPTIONS[status],
            generate_examples=False,
        )
        for status in sorted(set(statuses))
    }


PUBLIC_READ = errors((500,))
READS = errors(READ)
WRITES = errors(WRITE)
LOGIN = errors((*COMMON, 401, 403, 413, 415, 429))
REGISTER = errors((*COMMON, 404, 409, 413, 415))
