"""argon2id password hashes and HS256 access tokens, including the usual attacks on JWTs."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from argon2.profiles import CHEAPEST

from application.errors import AuthenticationError
from infrastructure.clock import UuidIdGenerator
from infrastructure.security import Argon2PasswordHasher, JwtTokenIssuer
from tests.integration.support import T0, FixedClock

pytestmark = pytest.mark.integration

SECRET = "k" * 64
LIFETIME = timedelta(minutes=120)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def issuer(clock: FixedClock) -> JwtTokenIssuer:
    return JwtTokenIssuer(SECRET, LIFETIME, clock, UuidIdGenerator())


def forge(claims: dict[str, object], key: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


VALID_CLAIMS: dict[str, object] = {
    "sub": "42",
    "iat": int(T0.timestamp()),
    "exp": int((T0 + LIFETIME).timestamp()),
    "jti": "x",
}


def test_a_password_verifies_against_its_hash_and_nothing_else() -> None:
    hasher = Argon2PasswordHasher(CHEAPEST)
    password_hash = hasher.hash("correct horse")

    assert password_hash.startswith("$argon2id$")
    assert hasher.verify(password_hash, "correct horse")
    assert not hasher.verify(password_hash, "Correct horse")
    assert not hasher.verify("not-a-hash", "correct horse")
    assert hasher.hash("correct horse") != password_hash  # salted


def test_a_hash_made_with_weaker_parameters_needs_rehashing() -> None:
    cheap = Argon2PasswordHasher(CHEAPEST).hash("correct horse")

    assert Argon2PasswordHasher(CHEAPEST).needs_rehash(cheap) is False
    assert Argon2PasswordHasher().needs_rehash(cheap) is True
    assert Argon2PasswordHasher().needs_rehash("garbage") is True


def test_an_issued_token_identifies_its_user_until_it_expires(
    issuer: JwtTokenIssuer, clock: FixedClock
) -> None:
    issued = issuer.issue(42)

    assert issued.expires_at == T0 + LIFETIME
    claims = jwt.decode(issued.token, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert set(claims) == {"sub", "iat", "exp", "jti"}
    assert claims["sub"] == "42"
    assert issuer.verify(issued.token) == 42
    clock.advance(LIFETIME - timedelta(seconds=1))
    assert issuer.verify(issued.token) == 42


def test_every_token_has_its_own_id(issuer: JwtTokenIssuer) -> None:
    first, second = issuer.issue(1).token, issuer.issue(1).token

    assert (
        jwt.decode(first, options={"verify_signature": False})["jti"]
        != jwt.decode(second, options={"verify_signature": False})["jti"]
    )


def test_an_expired_token_is_rejected(issuer: JwtTokenIssuer, clock: FixedClock) -> None:
    token = issuer.issue(42).token
    clock.advance(LIFETIME + timedelta(minutes=1))

    with pytest.raises(AuthenticationError, match="expired"):
        issuer.verify(token)


def unsigned(claims: dict[str, object]) -> str:
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."


def tampered() -> str:
    header, _payload, signature = forge(VALID_CLAIMS).split(".")
    return f"{header}.{b64({**VALID_CLAIMS, 'sub': '1'})}.{signature}"


ATTACKS = {
    "alg none": unsigned(VALID_CLAIMS),
    "alg none, empty signature stripped": unsigned(VALID_CLAIMS).rstrip("."),
    "wrong key": forge(VALID_CLAIMS, key="w" * 64),
    "other HMAC algorithm": forge(VALID_CLAIMS, algorithm="HS512"),
    "tampered payload": tampered(),
    "garbage": "not.a.token",
    "empty": "",
    "missing sub": forge({k: v for k, v in VALID_CLAIMS.items() if k != "sub"}),
    "missing exp": forge({k: v for k, v in VALID_CLAIMS.items() if k != "exp"}),
    "missing iat": forge({k: v for k, v in VALID_CLAIMS.items() if k != "iat"}),
    "non-integer sub": forge({**VALID_CLAIMS, "sub": "admin"}),
    "negative sub": forge({**VALID_CLAIMS, "sub": "-1"}),
    "numeric sub claim": forge({**VALID_CLAIMS, "sub": 42}),
    "issued in the future": forge(
        {**VALID_CLAIMS, "iat": int((T0 + timedelta(hours=1)).timestamp())}
    ),
    "string exp": forge({**VALID_CLAIMS, "exp": "later"}),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_forged_or_broken_token_is_rejected(issuer: JwtTokenIssuer, attack: str) -> None:
    with pytest.raises(AuthenticationError) as raised:
        issuer.verify(ATTACKS[attack])

    assert raised.value.message in {"Invalid token", "Token has expired", "Invalid token identity"}


def test_an_issuer_needs_a_secret(clock: FixedClock) -> None:
    with pytest.raises(ValueError, match="secret"):
        JwtTokenIssuer("", LIFETIME, clock, UuidIdGenerator())


def test_a_token_verified_once_still_expires_on_time(
    issuer: JwtTokenIssuer, clock: FixedClock
) -> None:
    token = issuer.issue(42).token
    assert issuer.verify(token) == 42  # its signature is now remembered

    clock.advance(LIFETIME + timedelta(minutes=5))

    with pytest.raises(AuthenticationError, match="expired"):
        issuer.verify(token)


def test_a_token_verified_once_does_not_vouch_for_a_tampered_copy(
    issuer: JwtTokenIssuer,
) -> None:
    token = issuer.issue(42).token
    assert issuer.verify(token) == 42
    header, _, signature = token.split(".")
    promoted = b64({**VALID_CLAIMS, "sub": "1"})

    with pytest.raises(AuthenticationError):
        issuer.verify(f"{header}.{promoted}.{signature}")
