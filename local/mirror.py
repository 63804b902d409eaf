"""The raw-mail archive on disk. moto keeps S3 in memory only, so every object of the bucket is copied to
<data>/s3/<bucket>/<key> and put back when the stack starts, before the bucket notification exists (restored
mail is not ingested again: DynamoDB, kept by dynalite, already holds its data). `cli reprocess` therefore
still finds every raw message after a restart."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

_SAFE = "-_.@!+=,~ "


class RawMailMirror:
    def __init__(self, root: Path, bucket: str) -> None:
        self.bucket = bucket
        self.dir = root / quote(bucket, safe="")

    def path_of(self, key: str) -> Path:
        parts = [quote(p, safe=_SAFE) for p in key.split("/")]
        if not key or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"object key {key!r} cannot be mirrored")
        return self.dir.joinpath(*parts)

    def files(self) -> Iterator[tuple[str, Path]]:
        if not self.dir.is_dir():
            return
        for path in sorted(p for p in self.dir.rglob("*") if p.is_file() and not p.name.endswith(".part")):
            yield "/".join(unquote(p) for p in path.relative_to(self.dir).parts), path

    def save(self, key: str, data: bytes) -> None:
        path = self.path_of(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)

    def copy_from_s3(self, s3: Any, key: str) -> None:
        self.save(key, s3.get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def restore(self, s3: Any, threads: int = 8) -> int:
        """Puts every mirrored object back into the (empty, just created) bucket. Returns the count."""
        def put(item: tuple[str, Path]) -> None:
            s3.put_object(Bucket=self.bucket, Key=item[0], Body=item[1].read_bytes())

        with ThreadPoolExecutor(threads) as pool:
            return sum(1 for _ in pool.map(put, self.files()))

    def sync(self, s3: Any) -> int:
        """Copies the bucket's objects missing on disk (or of another size). Returns the count copied."""
        count = 0
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for obj in page.get("Contents", []):
                try:
                    path = self.path_of(obj["Key"])
                except ValueError:
                    continue
                if not path.is_file() or path.stat().st_size != obj["Size"]:
                    self.copy_from_s3(s3, obj["Key"])
                    count += 1
        return count
