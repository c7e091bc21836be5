"""Configuration from environment variables (and an optional .env file), validated once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str | None = None
    bot_db: Path = DATA_DIR / "egov.db"
    articles_dir: Path = DATA_DIR / "articles"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    bot_admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Asia/Ho_Chi_Minh"
    digest_default_time: str = "08:00"
    digest_default_count: int = Field(3, ge=1, le=10)
    questions_per_minute: int = Field(20, ge=1)
    questions_per_chat_per_minute: int = Field(20, ge=1)
    max_question_chars: int = Field(300, ge=20)
    log_level: str = "INFO"

    @field_validator("bot_admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(v) for v in value.replace(";", ",").split(",") if v.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @property
    def file_url(self) -> str:
        if self.telegram_file_url:
            return self.telegram_file_url
        base = self.telegram_api_url.rstrip("/")
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"
