"""HTTP routes. Path parameters that name database rows use the `id` convertor: a positive
integer that fits every backend's INTEGER column, so a huge number is a 404, not an error."""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class IdConvertor(Convertor[int]):
    regex = "[1-9][0-9]{0,8}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())
