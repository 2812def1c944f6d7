"""Password hashing (argon2id) and access tokens (HS256 JWT): the adapters behind the ports."""

from datetime import UTC, datetime, timedelta
from typing import Any

import argon2
import jwt
from argon2.exceptions import InvalidHashError, VerificationError

from application.errors import AuthenticationError
from application.ports import Clock, IdGenerator, IssuedToken

ALGORITHM = "HS256"
# Tolerated clock skew between the issuing and the verifying process.
LEEWAY = timedelta(seconds=30)


class Argon2PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile) unless told otherwise.

    Tests pass ``argon2.profiles.CHEAPEST``; ``needs_rehash`` lets login upgrade old hashes.
    """

    def __init__(self, profile: argon2.Parameters | None = None) -> None:
        self._hasher = (
            argon2.PasswordHasher()
            if profile is None
            else argon2.PasswordHasher.from_parameters(profile)
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return True


class JwtTokenIssuer:
    """Tokens carry identity only (sub, iat, exp, jti); roles are read fresh per request."""

    def __init__(self, secret: str, lifetime: timedelta, clock: Clock, ids: IdGenerator) -> None:
        if not secret:
            raise ValueError("a JWT secret is required")
        self._secret = secret
        self._lifetime = lifetime
        self._clock = clock
        self._ids = ids
        self._verified: dict[str, dict[str, Any]] = {}

    def issue(self, user_id: int) -> IssuedToken:
        issued_at = int(self._clock.now().timestamp())
        expires_at = issued_at + int(self._lifetime.total_seconds())
        claims = {
            "sub": str(user_id),
            "iat": issued_at,
            "exp": expires_at,
            "jti": self._ids.new_id(),
        }
        token = jwt.encode(claims, self._secret, algorithm=ALGORITHM)
        return IssuedToken(token=token, expires_at=datetime.fromtimestamp(expires_at, UTC))

    def verify(self, token: str) -> int:
        claims = self._decode(token)
        now = self._clock.now().timestamp()
        leeway = LEEWAY.total_seconds()
        issued_at, expires_at = claims["iat"], claims["exp"]
        if not _is_int(issued_at) or not _is_int(expires_at) or issued_at > now + leeway:
            raise AuthenticationError("Invalid token")
        if expires_at <= now - leeway:
            raise AuthenticationError("Token has expired")
        subject = claims["sub"]
        if not (isinstance(subject, str) and subject.isascii() and subject.isdigit()):
            raise AuthenticationError("Invalid token identity")
        user_id = int(subject)
        if not 0 < user_id <= MAX_USER_ID:
            # Ids are BIGINT: anything larger was never issued here.
            raise AuthenticationError("Invalid token identity")
        return user_id

    def _decode(self, token: str) -> dict[str, Any]:
        """The token's claims once its signature checks out. A token is verified once per
        process: the same bytes always verify the same way, and HMAC plus JSON decoding was
        the costliest step of an authenticated read (docs/benchmarks.md)."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify_signature(token)
            if len(self._verified) >= VERIFIED_TOKENS_KEPT:
                self._verified.clear()
            self._verified[token] = claims
        return claims

    def _verify_signature(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],  # pinned: never "none", never an asymmetric confusion
                options={
                    "require": ["exp", "iat", "sub"],
                    # Time is checked against our Clock below, not the process's wall clock.
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError:
            raise AuthenticationError("Invalid token") from None
        return claims


MAX_USER_ID = 2**63 - 1
# Tokens whose signature was checked, kept per process; the set starts over when full.
VERIFIED_TOKENS_KEPT = 10_000


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
