"""What one desk server is configured with: folders, models, address, token, limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from tamngu.errors import BadInputError
from tamngu.translate.config import TranslateConfig

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a saved news page is well under this; a photo or a PDF is refused
TOKEN_ENV = "TAMNGU_TOKEN"


@dataclass(frozen=True)
class DeskSettings:
    """The desk's configuration (``tamngu serve`` options).

    Attributes:
        glossary_dir: the term base the desk reads and the editor's decisions are written to.
        runs_dir: where each translation lands as a run directory (and batch runs are listed from).
        config: models and decoding, as ``tamngu translate`` takes them.
        host: the address bound; anything but loopback needs ``token``.
        port: the port bound.
        token: the secret every request must carry (None: none asked, loopback only).
        max_upload_bytes: the largest article upload accepted.
        extra_hosts: Host headers accepted besides the bound address (tests: ``testserver``).
    """

    glossary_dir: Path
    runs_dir: Path
    config: TranslateConfig = field(default_factory=TranslateConfig)
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    extra_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.token:
            raise BadInputError(
                f"--host {self.host} makes the desk reachable from other machines; "
                f"give a secret with --token or ${TOKEN_ENV} (every request must then carry it), or bind 127.0.0.1"
            )
        if self.token is not None and len(self.token) < 8:
            raise BadInputError("--token must be at least 8 characters; use e.g. `python -c 'import secrets; print(secrets.token_urlsafe())'`")

    @property
    def url(self) -> str:
        """The address to open in a browser (with the token when one is set)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/" + (f"?token={self.token}" if self.token else "")

    def allowed_hosts(self) -> list[str]:
        """Host header values accepted (a page on another site that rebinds its name to 127.0.0.1 is refused)."""
        hosts = [*LOOPBACK_HOSTS, "[::1]", *self.extra_hosts]
        if self.host not in hosts and self.host not in ("0.0.0.0", "::"):
            hosts.append(self.host)
        return ["*"] if self.host in ("0.0.0.0", "::") else hosts


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
