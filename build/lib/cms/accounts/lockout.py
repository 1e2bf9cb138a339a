"""Sign-in failure limits that someone who knows a person's e-mail cannot turn
into a lockout of that person (OWASP, "Slow down online guessing attacks with
device cookies").

allauth's own ``login_failed`` limit counts failures per e-mail: a few wrong
passwords from anywhere shut the account for everyone, the owner included, and
one guess a minute keeps it shut. It is switched off (``ACCOUNT_RATE_LIMITS``)
and ``AccountAdapter.pre_authenticate`` enforces this policy instead, as
``AdminLoginForm`` does on Wagtail's own sign-in page.

Every attempt names an account: the user the e-mail belongs to or, for an e-mail
no account has, the e-mail itself (unknown addresses are limited alike, so the
limits reveal nothing). Then, with ``settings.LOGIN_FAILURE_LIMITS`` (how many
failures, per how many seconds):

* A browser that signed in to the account before carries a device cookie, signed
  with SECRET_KEY, naming the account and a random nonce (up to
  ``LOGIN_DEVICE_COOKIE_ACCOUNTS`` accounts per browser, each for
  ``LOGIN_DEVICE_COOKIE_AGE`` seconds from its last sign-in) and a stamp of the
  account's password hash, so changing the password (after a theft, say) revokes
  every device cookie issued before it. Its failures count
  against that device alone (``"device"``): nothing another browser does touches
  its allowance, and it is exempt from the limits below.
* Any other attempt (no cookie, a cookie for another account, a forged, tampered
  or expired one) is untrusted and counts against the address (``client_ip``)
  over all accounts (``"address"``), the account from that address
  (``"account_address"``) and the account from everywhere (``"account"``). The
  last is a backstop far above what one address can add to it (at most its
  ``account_address`` limit per window), so only an attack from many addresses
  reaches it; it then slows untrusted guessing for that account while the owner's
  known browsers still sign in.

Each limit is a fixed window on the shared cache (``cms.ratelimit``). An attempt
is counted before the password is checked, so parallel guesses cannot slip past;
a refused attempt is given back (hammering a closed door does not fill the
account's backstop for others) and so is a successful one.

allauth's sign-in by e-mailed code stays off (``ACCOUNT_LOGIN_BY_CODE_ENABLED``):
its limit is keyed on the e-mail, so an attacker could both block it and mail the
owner code after code.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from dataclasses import dataclass, field

from allauth.account.utils import filter_users_by_email
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from cms.ratelimit import client_ip, rate_limit_hit, rate_limit_release

COOKIE_SALT = "cms.accounts.lockout.device"
# An IPv6 client usually holds a whole /64: count it as one address.
IPV6_PREFIX = 64


def credential_stamp(user) -> str:
    """Changes whenever the account's password does (as Django's session auth
    hash does), so a device cookie trusts only the password it was issued for."""
    return salted_hmac(COOKIE_SALT, user.password, algorithm="sha256").hexdigest()[:20]


def known_devices(request: HttpRequest) -> dict[str, tuple[str, int, str]]:
    """The accounts this browser signed in to, from its device cookie:
    ``{user pk: (nonce, signed in at, credential stamp)}``, without expired
    entries. A missing, forged or tampered cookie gives none."""
    raw = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE_NAME)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=COOKIE_SALT)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    oldest = time.time() - settings.LOGIN_DEVICE_COOKIE_AGE
    devices = {}
    for pk, entry in data.items():
        try:
            nonce, signed_in = str(entry[0]), int(entry[1])
            # Entries from before stamps existed carry none: never trusted.
            stamp = str(entry[2]) if len(entry) > 2 else ""
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        if signed_in >= oldest:
            devices[str(pk)] = (nonce, signed_in, stamp)
    return devices


def remember_device(request: HttpRequest, response: HttpResponse, user) -> None:
    """Marks this browser as one ``user`` signed in from: it keeps its nonce (and
    so its own failure allowance) across sign-ins."""
    devices = known_devices(request)
    stamp = credential_stamp(user)
    entry = devices.get(str(user.pk))
    # A cookie issued for an earlier password starts afresh with a new nonce:
    # its old allowance (and anything learnt from it) goes with the password.
    nonce = entry[0] if entry and entry[2] == stamp else secrets.token_urlsafe(16)
    devices[str(user.pk)] = (nonce, int(time.time()), stamp)
    newest = sorted(devices.items(), key=lambda item: item[1][1], reverse=True)
    kept = dict(newest[: settings.LOGIN_DEVICE_COOKIE_ACCOUNTS])
    response.set_cookie(
        settings.LOGIN_DEVICE_COOKIE_NAME,
        signing.dumps(
            {pk: list(entry) for pk, entry in kept.items()}, salt=COOKIE_SALT
        ),
        max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _address(request: HttpRequest) -> str:
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return ip


@dataclass
class SignInAttempt:
    """One password check, counted against its limits (``buckets``: cache key,
    name in LOGIN_FAILURE_LIMITS) until ``succeeded`` gives it back."""

    buckets: list[tuple[str, str]]
    at: float = field(default_factory=time.time)
    counted: list[tuple[str, int]] = field(default_factory=list)

    def start(self) -> bool:
        """Counts the attempt; False (and nothing counted) when a limit is spent."""
        allowed = True
        for key, name in self.buckets:
            limit, period = settings.LOGIN_FAILURE_LIMITS[name]
            allowed &= rate_limit_hit(key, limit=limit, period=period, at=self.at)
            self.counted.append((key, period))
        if not allowed:
            self.release()
        return allowed

    def release(self) -> None:
        for key, period in self.counted:
            rate_limit_release(key, period=period, at=self.at)
        self.counted = []

    def succeeded(self) -> None:
        self.release()


def sign_in_attempt(request: HttpRequest, login: str) -> SignInAttempt:
    """The limits an attempt to sign in as ``login`` (an e-mail) counts against."""
    login = login.strip().lower()
    users = filter_users_by_email(login, prefer_verified=True) if login else []
    if users:
        user_pk = str(users[0].pk)
        device = known_devices(request).get(user_pk)
        if device is not None and device[2] == credential_stamp(users[0]):
            return SignInAttempt([(f"login:device:{user_pk}:{device[0]}", "device")])
        account = f"user:{user_pk}"
    else:
        account = "email:" + hashlib.sha256(login.encode()).hexdigest()[:32]
    address = _address(request)
    return SignInAttempt(
        [
            (f"login:address:{address}", "address"),
            (f"login:account-address:{account}:{address}", "account_address"),
            (f"login:account:{account}", "account"),
        ]
    )
