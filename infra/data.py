"""The DynamoDB tables: on demand, point-in-time recovery, key schemas taken from the pynamodb models."""
from __future__ import annotations

from infra.cfn import Json, named
from infra.discover import Table


def table_resources(tables: list[Table]) -> Json:
    return {t.logical_id: _table(t) for t in tables}


def _table(table: Table) -> Json:
    schema = table.schema
    properties: Json = {
        "TableName": named(table.suffix),
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": kind}
                                 for name, kind in sorted(schema["attributes"].items())],
        "KeySchema": _keys(schema["key_schema"]),
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
    }
    if schema["indexes"]:
        properties["GlobalSecondaryIndexes"] = [_index(i) for _, i in sorted(schema["indexes"].items())]
    if table.ttl:
        properties["TimeToLiveSpecification"] = {"AttributeName": table.ttl, "Enabled": True}
    # Named tables cannot be replaced by CloudFormation, so a key change fails instead of dropping data.
    return {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Retain",
            "Properties": properties}


def _keys(key_schema: list[dict[str, str]]) -> list[dict[str, str]]:
    """HASH first, as DynamoDB requires (pynamodb lists index keys in attribute order)."""
    return [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]}
            for k in sorted(key_schema, key=lambda k: k["KeyType"] != "HASH")]


def _index(index: Json) -> Json:
    projection = {"ProjectionType": index["projection"]["ProjectionType"]}
    if index["projection"].get("NonKeyAttributes"):
        projection["NonKeyAttributes"] = list(index["projection"]["NonKeyAttributes"])
    return {"IndexName": index["index_name"], "KeySchema": _keys(index["key_schema"]), "Projection": projection}
