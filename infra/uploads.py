"""What deploy puts into S3: the Lambda code and the template (artifacts bucket), and the UI with its
config.json (UI bucket). The functions that decide things are pure; the boto3 calls are thin."""
from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

UI_SKIP_DIRS = {"src", "node_modules", "tests"}
NO_CACHE = {"index.html", "config.json"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def point_code_at(template: dict[str, Any], uri: str, local: str = "./deployment.zip") -> int:
    """Replaces the local code path Chalice writes (CodeUri / ContentUri) with the uploaded object's URI."""
    count = 0
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if props.get(key) == local:
                props[key] = uri
                count += 1
    return count


def ui_config(outputs: Mapping[str, str]) -> dict[str, Any]:
    """The UI's config.json (see web/src/config.js): the API is on the same origin, through CloudFront."""
    return {"apiBase": "", "auth": {"domain": outputs["AuthDomain"], "clientId": outputs["UserPoolClientId"],
                                    "scopes": "openid email"}}


def ui_files(web_dir: Path) -> Iterator[tuple[str, Path]]:
    """(key, path) of every file the browser loads: web/ without sources, build scripts and dot files."""
    for path in sorted(web_dir.rglob("*")):
        rel = path.relative_to(web_dir)
        if not path.is_file() or rel.parts[0] in UI_SKIP_DIRS or any(p.startswith(".") for p in rel.parts):
            continue
        if path.suffix in {".mjs", ".md"} or path.name.startswith("package"):
            continue
        yield rel.as_posix(), path


def object_args(key: str) -> dict[str, str]:
    content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type in {"application/javascript", "application/json"}:
        content_type += "; charset=utf-8"
    cache = "no-cache" if key.rsplit("/", 1)[-1] in NO_CACHE else "public, max-age=300"
    return {"ContentType": content_type, "CacheControl": cache}


def ensure_artifacts_bucket(s3: Any, name: str, region: str) -> None:
    try:
        s3.head_bucket(Bucket=name)
        return
    except s3.exceptions.ClientError as exc:
        if exc.response["Error"]["Code"] not in {"404", "NoSuchBucket", "NotFound"}:
            raise
    kwargs: dict[str, Any] = {} if region == "us-east-1" else {
        "CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=name, **kwargs)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [
        {"ID": "expire-old-artifacts", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 90}}]})


def put_once(s3: Any, bucket: str, key: str, data: bytes) -> None:
    """Uploads unless the (content-addressed) key is already there."""
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError:
        s3.put_object(Bucket=bucket, Key=key, Body=data)


def upload_ui(s3: Any, bucket: str, web_dir: Path, config: Mapping[str, Any]) -> list[str]:
    """Uploads the UI and its config.json; removes objects no longer part of it. Returns the keys."""
    keys = []
    for key, path in ui_files(web_dir):
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), **object_args(key))
        keys.append(key)
    s3.put_object(Bucket=bucket, Key="config.json", Body=json.dumps(config).encode(), **object_args("config.json"))
    keys.append("config.json")
    stale = [k for k in list_keys(s3, bucket) if k not in set(keys)]
    for start in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start:start + 1000]]})
    return keys


def list_keys(s3: Any, bucket: str) -> list[str]:
    return [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])]


def empty_bucket(s3: Any, bucket: str) -> int:
    """Deletes every object version and delete marker. Returns how many were deleted."""
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        items = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                 for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if items:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": items, "Quiet": True})
            deleted += len(items)
    return deleted
