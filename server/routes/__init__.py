"""HTTP routes. Path parameters that name database rows use the `id` convertor: a positive
integer that fits every backend's INTEGER column, so a huge number is a 404, not an error.
One-time link tokens use the `token` convertor (the alphabet and length of
`server.tokens.new_token`, with room): a word such as `accept` is never taken for a token."""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class IdConvertor(Convertor[int]):
    regex = "[1-9][0-9]{0,8}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


class TokenConvertor(Convertor[str]):
    regex = "[A-Za-z0-9_-]{10,200}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("token", TokenConvertor())
