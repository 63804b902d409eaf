"""What each finding means and how to fix it, in English and Japanese: code -> (en title, en fix, ja title,
ja fix). `{name}` fields come from Finding.params (and `record`, the DNS name)."""
from __future__ import annotations

from collections import defaultdict

from chalicelib.posture.model import Finding

TEXTS: dict[str, tuple[str, str, str, str]] = {
    "dns_unanswered": (
        "The DNS did not answer ({error})", "Check again later; if it persists, check the domain's name servers.",
        "DNS から応答がありません（{error}）",
        "時間をおいて再確認してください。続く場合はネームサーバーを確認してください。"),
    "dmarc_missing": (
        "No DMARC record", "Publish a TXT record at {record}: v=DMARC1; p=none; rua=mailto:{rua}",
        "DMARC レコードがありません",
        "{record} に TXT レコード v=DMARC1; p=none; rua=mailto:{rua} を公開してください。"),
    "dmarc_multiple": (
        "{count} DMARC records: receivers ignore them all", "Keep exactly one v=DMARC1 record at {record}.",
        "DMARC レコードが {count} 件あり、受信側はすべて無視します",
        "{record} の v=DMARC1 レコードを 1 件だけにしてください。"),
    "dmarc_syntax": (
        "The DMARC record cannot be read", "Write it as tag=value pairs separated by ';', starting with v=DMARC1.",
        "DMARC レコードを解釈できません", "v=DMARC1 で始め、tag=value を ';' で区切って記述してください。"),
    "dmarc_bad_value": (
        "DMARC {tag}={value} is not valid", "Use one of {allowed} for {tag}.",
        "DMARC の {tag}={value} は無効です", "{tag} には {allowed} のいずれかを指定してください。"),
    "dmarc_obsolete_tag": (
        "DMARC tag {tag}= is obsolete (removed by RFC 9989)",
        "Remove {tag}={value}; for a gradual rollout use t=y (testing) instead of pct.",
        "DMARC の {tag}= タグは廃止されました（RFC 9989）",
        "{tag}={value} を削除してください。段階的な導入には pct の代わりに t=y（テスト）を使います。"),
    "dmarc_no_policy": (
        "The DMARC record has no p= tag", "Add p=none (monitoring), then move to quarantine and reject.",
        "DMARC レコードに p= がありません", "p=none（監視）を追加し、quarantine、reject へ進めてください。"),
    "dmarc_policy_none": (
        "DMARC policy is p=none: spoofed mail is still delivered",
        "When the readiness view shows your senders pass, move to p=quarantine, then p=reject.",
        "DMARC ポリシーが p=none のため、なりすましメールも配送されます",
        "準備状況の画面で自社の送信元が合格していることを確認し、p=quarantine、次に p=reject へ変更してください。"),
    "dmarc_testing": (
        "DMARC t=y: p={p} is only tested, not applied", "Remove t=y when the test period is over.",
        "DMARC t=y のため p={p} はテスト中で適用されません", "テスト期間が終わったら t=y を削除してください。"),
    "dmarc_bad_rua": (
        "rua destination {uri} is not a mailto: address", "List report addresses as mailto:name@domain.",
        "rua の宛先 {uri} が mailto: 形式ではありません",
        "レポート宛先は mailto:name@domain の形式で記述してください。"),
    "dmarc_rua_without_aligned": (
        "The rua does not include Aligned's address: no reports arrive here",
        "Add mailto:{rua} to the rua tag (comma-separated with any other destinations).",
        "rua に Aligned のアドレスがなく、レポートが届きません",
        "rua タグに mailto:{rua} を追加してください（他の宛先とはカンマ区切り）。"),
    "dmarc_rua_unauthorised": (
        "Reports to {address} are not authorised: receivers will not send them",
        "The owner of the destination domain must publish TXT v=DMARC1 at {record}.",
        "{address} へのレポート送信が承認されておらず、受信側は送りません",
        "宛先ドメインの管理者が {record} に TXT レコード v=DMARC1 を公開する必要があります。"),
    "spf_missing": (
        "No SPF record", "Publish one TXT record v=spf1 listing your senders, ending in -all or ~all.",
        "SPF レコードがありません",
        "送信元を列挙し -all または ~all で終わる v=spf1 の TXT レコードを 1 件公開してください。"),
    "spf_multiple": (
        "{count} SPF records at {record}: SPF fails with permerror", "Merge them into one v=spf1 record.",
        "{record} に SPF レコードが {count} 件あり、permerror になります",
        "1 件の v=spf1 レコードに統合してください。"),
    "spf_syntax": (
        "SPF term {term} is not valid", "Correct or remove it: a bad term makes SPF fail with permerror.",
        "SPF の {term} は無効です", "修正または削除してください。不正な項目があると permerror になります。"),
    "spf_too_many_lookups": (
        "SPF needs {count} DNS lookups (at most {max}): it fails with permerror",
        "Remove unused includes, replace includes by ip4:/ip6: ranges, or move senders to subdomains.",
        "SPF の DNS 参照が {count} 回あります（上限 {max} 回）。permerror になります",
        "不要な include を削除するか、ip4:/ip6: に置き換えるか、送信元をサブドメインに分けてください。"),
    "spf_void_lookups": (
        "SPF has {count} lookups with no answer (at most {max})", "Remove includes, a, mx or exists naming "
        "domains that no longer exist.",
        "SPF に応答のない参照が {count} 件あります（上限 {max} 件）",
        "存在しないドメインを指す include、a、mx、exists を削除してください。"),
    "spf_include_missing": (
        "{record} (included by {via}) has no SPF record: SPF fails with permerror",
        "Remove the include or correct its domain.",
        "{record}（{via} から include）に SPF レコードがなく、permerror になります",
        "include を削除するかドメインを修正してください。"),
    "spf_loop": (
        "SPF include loop: {record} leads back to {target}", "Remove the include that closes the loop.",
        "SPF の include が循環しています（{record} から {target} へ戻ります）",
        "循環の原因となる include を削除してください。"),
    "spf_ptr": (
        "SPF uses ptr (deprecated, slow, often ignored)", "Replace ptr with ip4:/ip6: ranges or a:.",
        "SPF で ptr を使用しています（非推奨）", "ptr を ip4:/ip6: または a: に置き換えてください。"),
    "spf_pass_all": (
        "SPF ends in +all: every server on the Internet passes", "End the record with -all or ~all.",
        "SPF が +all で終わっており、誰でも合格します", "レコードの末尾を -all または ~all にしてください。"),
    "spf_neutral_all": (
        "SPF ends in ?all: it says nothing about other servers", "End the record with -all or ~all.",
        "SPF が ?all で終わっており、他のサーバーを判定しません", "レコードの末尾を -all または ~all にしてください。"),
    "spf_no_all": (
        "SPF has no all at the end (neutral by default)", "End the record with -all or ~all.",
        "SPF の末尾に all がありません（既定は neutral）", "レコードの末尾を -all または ~all にしてください。"),
    "dkim_missing": (
        "DKIM selector {selector} has no key, but mail is signed with it",
        "Publish the key at {record}, or stop signing with this selector.",
        "DKIM セレクター {selector} の鍵がありませんが、署名に使われています",
        "{record} に鍵を公開するか、このセレクターでの署名をやめてください。"),
    "dkim_multiple": (
        "{count} DKIM key records for selector {selector}", "Keep one key record at {record}.",
        "セレクター {selector} の DKIM 鍵レコードが {count} 件あります",
        "{record} の鍵レコードを 1 件にしてください。"),
    "dkim_syntax": (
        "The DKIM key of selector {selector} cannot be read", "Publish it again as v=DKIM1; k=rsa; p=<base64 key>.",
        "セレクター {selector} の DKIM 鍵を解釈できません",
        "v=DKIM1; k=rsa; p=<base64 の鍵> の形式で公開し直してください。"),
    "dkim_revoked": (
        "The DKIM key of selector {selector} is revoked (empty p=), but mail is signed with it",
        "Switch the sending service to a selector with a live key.",
        "セレクター {selector} の DKIM 鍵は失効（p= が空）していますが、署名に使われています",
        "送信サービスの署名を有効な鍵のセレクターに切り替えてください。"),
    "dkim_unknown_key_type": (
        "DKIM selector {selector} has key type {type}", "Use k=rsa or k=ed25519.",
        "DKIM セレクター {selector} の鍵の種類 {type} は不明です", "k=rsa または k=ed25519 を使ってください。"),
    "dkim_weak_key": (
        "The DKIM key of selector {selector} has {bits} bits: receivers reject it",
        "Create a 2048-bit RSA key and publish it under a new selector.",
        "セレクター {selector} の DKIM 鍵は {bits} ビットで、受信側に拒否されます",
        "2048 ビットの RSA 鍵を作成し、新しいセレクターで公開してください。"),
    "dkim_short_key": (
        "The DKIM key of selector {selector} has {bits} bits", "Rotate to a 2048-bit RSA key when convenient.",
        "セレクター {selector} の DKIM 鍵は {bits} ビットです",
        "都合のよい時期に 2048 ビットの RSA 鍵へ更新してください。"),
    "mta_sts_missing": (
        "No MTA-STS: mail to this domain can be downgraded to plain text",
        "Publish _mta-sts TXT v=STSv1; id=<n> and a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt.",
        "MTA-STS がなく、このドメイン宛のメールが平文に格下げされ得ます",
        "_mta-sts に TXT v=STSv1; id=<番号> を、"
        "https://mta-sts.<ドメイン>/.well-known/mta-sts.txt にポリシーを公開してください。"),
    "mta_sts_multiple": (
        "{count} MTA-STS records", "Keep one v=STSv1 record at {record}.",
        "MTA-STS レコードが {count} 件あります", "{record} の v=STSv1 レコードを 1 件にしてください。"),
    "mta_sts_syntax": (
        "The MTA-STS record cannot be read", "Write v=STSv1; id=<1-32 letters or digits>.",
        "MTA-STS レコードを解釈できません", "v=STSv1; id=<英数字 1〜32 文字> の形式にしてください。"),
    "mta_sts_policy_unavailable": (
        "The MTA-STS policy cannot be fetched ({error})",
        "Serve the policy over HTTPS with a valid certificate at {record}, without redirects.",
        "MTA-STS ポリシーを取得できません（{error}）",
        "{record} で有効な証明書の HTTPS により、リダイレクトなしでポリシーを配信してください。"),
    "mta_sts_policy_invalid": (
        "The MTA-STS policy is not valid", "It needs version: STSv1, mode, mx lines and max_age (at most 31557600).",
        "MTA-STS ポリシーが無効です", "version: STSv1、mode、mx 行、max_age（31557600 以下）が必要です。"),
    "mta_sts_testing": (
        "MTA-STS is in testing mode", "Switch to mode: enforce when TLS reports show no failures.",
        "MTA-STS はテストモードです", "TLS レポートで失敗がないことを確認したら mode: enforce に変更してください。"),
    "mta_sts_mode_none": (
        "MTA-STS mode is none (switched off)", "Use mode: testing or enforce.",
        "MTA-STS の mode が none（無効）です", "mode: testing または enforce にしてください。"),
    "mta_sts_mx_mismatch": (
        "MX hosts not covered by the MTA-STS policy: {hosts}", "Add mx: lines for them, or senders will refuse them.",
        "MTA-STS ポリシーに含まれない MX ホストがあります: {hosts}",
        "mx: 行を追加してください。追加しないと送信側が配送を拒否します。"),
    "tls_rpt_missing": (
        "No TLS-RPT record: you get no SMTP TLS reports", "Publish TXT at {record}: v=TLSRPTv1; rua=mailto:<address>",
        "TLS-RPT レコードがなく、SMTP TLS レポートが届きません",
        "{record} に TXT v=TLSRPTv1; rua=mailto:<アドレス> を公開してください。"),
    "tls_rpt_multiple": (
        "{count} TLS-RPT records", "Keep one v=TLSRPTv1 record at {record}.",
        "TLS-RPT レコードが {count} 件あります", "{record} の v=TLSRPTv1 レコードを 1 件にしてください。"),
    "tls_rpt_syntax": (
        "The TLS-RPT record cannot be read", "Write v=TLSRPTv1; rua=mailto:<address> (or https:).",
        "TLS-RPT レコードを解釈できません", "v=TLSRPTv1; rua=mailto:<アドレス>（または https:）の形式にしてください。"),
    "bimi_missing": (
        "No BIMI record (optional)", "For a logo in supporting inboxes publish v=BIMI1; l=<https SVG URL>.",
        "BIMI レコードがありません（任意）",
        "対応する受信箱にロゴを表示するには v=BIMI1; l=<SVG の https URL> を公開します。"),
    "bimi_syntax": (
        "The BIMI record cannot be read", "Write v=BIMI1; l=<https URL of an SVG>; a=<https URL of a VMC or empty>.",
        "BIMI レコードを解釈できません",
        "v=BIMI1; l=<SVG の https URL>; a=<VMC の https URL または空> の形式にしてください。"),
    "bimi_needs_enforcement": (
        "BIMI needs DMARC p=quarantine or p=reject", "Logos are shown only once DMARC is enforced.",
        "BIMI には DMARC の p=quarantine または p=reject が必要です", "DMARC を適用するまでロゴは表示されません。"),
}


def render(finding: Finding) -> dict[str, dict[str, str]]:
    """{"en": {"title", "fix"}, "ja": {...}} of a finding."""
    en_title, en_fix, ja_title, ja_fix = TEXTS[finding.code]
    values: defaultdict[str, str] = defaultdict(str, {"record": finding.record, **dict(finding.params)})
    return {"en": {"title": en_title.format_map(values), "fix": en_fix.format_map(values)},
            "ja": {"title": ja_title.format_map(values), "fix": ja_fix.format_map(values)}}
