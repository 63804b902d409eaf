"""The fix text of a service, in English and Japanese: what to publish so that its mail aligns (DKIM and/or
SPF), with the service's own documentation."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.senders.catalogue import Fix, Service

_TEXT = {
    "en": {"dkim": "To align DKIM for {name}: {howto}.", "spf": "To align SPF for {name}: {howto}.",
           "publish": " Publish: {records}.", "docs": " See {docs}",
           "none": "{name} gives no way to align its mail with {domain}; list its sources in the registry."},
    "ja": {"dkim": "{name} の DKIM をアラインさせるには: {howto}。",
           "spf": "{name} の SPF をアラインさせるには: {howto}。",
           "publish": " 公開するレコード: {records}。", "docs": " 参考: {docs}",
           "none": "{name} には {domain} とアラインさせる方法がありません。送信元をレジストリに登録してください。"},
}


@dataclass(frozen=True, slots=True)
class FixText:
    kind: str  # dkim | spf | none
    text: str
    records: tuple[str, ...]
    docs: str


def fix_texts(service: Service, domain: str, lang: str = "en") -> tuple[FixText, ...]:
    """One text per way to align (DKIM first), "{domain}" filled in; lang "ja" or "en"."""
    words = _TEXT["ja" if lang == "ja" else "en"]
    name = service.name(lang)
    out = [_one(kind, fix, name, domain, lang, words)
           for kind, fix in (("dkim", service.dkim), ("spf", service.spf)) if fix is not None]
    if not out:
        out.append(FixText("none", words["none"].format(name=name, domain=domain), (), ""))
    return tuple(out)


def _one(kind: str, fix: Fix, name: str, domain: str, lang: str, words: dict[str, str]) -> FixText:
    records = tuple(r.replace("{domain}", domain) for r in fix.records)
    howto = (fix.howto_ja if lang == "ja" else fix.howto_en).replace("{domain}", domain)
    text = words[kind].format(name=name, howto=howto)
    if records:
        text += words["publish"].format(records="; ".join(records))
    return FixText(kind, text + words["docs"].format(docs=fix.docs), records, fix.docs)
