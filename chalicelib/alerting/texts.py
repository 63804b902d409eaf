"""Every text of alert messages, in Japanese and English: (ja, en) pairs keyed by rule kind or figure name.
Templates use the observation's values and the rule's condition fields as str.format names."""
from __future__ import annotations

from chalicelib.alerting.rules import RuleKind
from chalicelib.alerting.state import EventKind

K = RuleKind

EVENT = {
    EventKind.FIRED: ("警告", "ALERT"),
    EventKind.REMINDER: ("継続中", "STILL ACTIVE"),
    EventKind.RESOLVED: ("解決", "RESOLVED"),
    EventKind.CLOSED: ("終了", "CLOSED"),
    EventKind.CHANGED: ("変化", "CHANGED"),
}

HEADLINE = {
    K.FAIL_RATE: ("DMARC 失敗率 {fail_pct}%（しきい値 {threshold_pct}%）",
                  "DMARC fail rate {fail_pct}% (threshold {threshold_pct}%)"),
    K.FAIL_COUNT: ("DMARC 失敗 {dmarc_fail} 通（しきい値 {threshold} 通）",
                   "{dmarc_fail} DMARC-failing messages (threshold {threshold})"),
    K.SPOOFING: ("なりすましの可能性 {spoofing} 通（しきい値 {threshold} 通）",
                 "{spoofing} possible-spoofing messages (threshold {threshold})"),
    K.NEW_SOURCE: ("{threshold} 通超を送信した未登録の新しい送信元 {new_sources} 件",
                   "{new_sources} new unregistered source(s) sent more than {threshold} messages"),
    K.TAG_FAIL_RATE: ("タグ {tag} の DMARC 失敗率 {fail_pct}%（しきい値 {threshold_pct}%）",
                      "tag {tag}: DMARC fail rate {fail_pct}% (threshold {threshold_pct}%)"),
    K.SILENCE: ("{silent_days} 日間レポートが届いていません（最終対象日 {last_report}）",
                "no report for {silent_days} {silent_days_unit} (last day reported {last_report})"),
    K.VOLUME_CHANGE: ("1日あたりの通数が基準比 {change_pct}%（しきい値 ±{threshold_pct}%）",
                      "daily volume {change_pct}% against the baseline (threshold +/-{threshold_pct}%)"),
    K.TLS_FAILURE: ("SMTP TLS 失敗率 {tls_fail_pct}%（失敗 {tls_failed} セッション）",
                    "SMTP TLS failure rate {tls_fail_pct}% ({tls_failed} failed sessions)"),
    K.DNS_CHANGED: ("DNS レコード {changed} 件が変更されました: {records}",
                    "{changed} DNS record(s) changed: {records}"),
    K.DNS_FINDING: ("DNS の問題 {findings} 件（{min_severity} 以上）: {codes}",
                    "{findings} DNS finding(s) of severity {min_severity} or worse: {codes}"),
}
HEADLINE |= {
    K.NEW_SELECTOR: ("ドメインとして署名する新しい DKIM セレクタ {new_selectors} 件",
                     "{new_selectors} new DKIM selector(s) signing as the domain"),
    K.SELECTOR_SILENT: ("使われていた DKIM セレクタ {silent_selectors} 件が署名しなくなりました",
                        "{silent_selectors} DKIM selector(s) in use went silent"),
    K.POLICY_DRIFT: ("レポーター {drift_reporters} 件が公開中と異なる DMARC ポリシーを見ています: {drift_seen}",
                     "{drift_reporters} reporter(s) saw a DMARC policy other than the published one: {drift_seen}"),
}
REPORTER_HEADLINE = ("レポーター {reporter} から {silent_days} 日間レポートがありません（最終対象日 {last_report}）",
                     "reporter {reporter} silent for {silent_days} {silent_days_unit} (last day reported "
                     "{last_report})")
SILENCE_RESOLVED = ("レポートが再び届いています（最終対象日 {last_report}）",
                    "reports arrive again (last day reported {last_report})")
REPORTER_RESOLVED = ("レポーター {reporter} から再びレポートが届いています（最終対象日 {last_report}）",
                     "reporter {reporter} reports again (last day reported {last_report})")

RULE = {
    K.FAIL_RATE: ("直近 {days} 日間の DMARC 失敗率が {threshold_pct}% を超える（{min_messages} 通以上のとき）",
                  "DMARC fail rate above {threshold_pct}% over the last {days} {days_unit} "
                  "(with {min_messages}+ messages)"),
    K.FAIL_COUNT: ("直近 {days} 日間の DMARC 失敗メッセージが {threshold} 通を超える",
                   "more than {threshold} DMARC-failing messages over the last {days} {days_unit}"),
    K.SPOOFING: ("直近 {days} 日間のなりすましの可能性があるメッセージ（未登録の送信元からの DMARC 失敗）が "
                 "{threshold} 通を超える",
                 "more than {threshold} possible-spoofing messages (DMARC-failing, from unregistered sources) "
                 "over the last {days} {days_unit}"),
    K.NEW_SOURCE: ("その前の {lookback_days} 日間に見られなかった未登録の送信元 IP が、直近 {days} 日間に "
                   "{threshold} 通を超えて送信",
                   "an unregistered source IP unseen in the {lookback_days} {lookback_days_unit} before sends more "
                   "than {threshold} messages over the last {days} {days_unit}"),
    K.TAG_FAIL_RATE: ("直近 {days} 日間のタグ {tag} の DMARC 失敗率が {threshold_pct}% を超える"
                      "（{min_messages} 通以上のとき）",
                      "DMARC fail rate of tag {tag} above {threshold_pct}% over the last {days} {days_unit} "
                      "(with {min_messages}+ messages)"),
    K.SILENCE: ("{days} 日間レポートが届かない（これまで定期的に届いていたレポーターごとにも監視）",
                "no report received for {days} {days_unit} (also each reporter that used to report)"),
    K.VOLUME_CHANGE: ("直近 {days} 日間の1日平均通数が、その前の {baseline_days} 日間と比べて {change_pct}% を超えて"
                      "変化（{direction}）",
                      "average daily volume of the last {days} {days_unit} differs from the {baseline_days} "
                      "{baseline_days_unit} before by more than {change_pct}% ({direction})"),
    K.TLS_FAILURE: ("直近 {days} 日間の SMTP TLS 失敗率が {threshold_pct}% を超える"
                    "（{min_sessions} セッション以上のとき）、または失敗数がしきい値 {threshold} を超える",
                    "SMTP TLS failure rate above {threshold_pct}% over the last {days} {days_unit} (with "
                    "{min_sessions}+ sessions), or more than {threshold} failed sessions"),
    K.DNS_CHANGED: ("直近 {days} 日間に DNS レコード（DMARC、SPF、DKIM、MTA-STS、TLS-RPT、BIMI）が変更された",
                    "a DNS record (DMARC, SPF, DKIM, MTA-STS, TLS-RPT, BIMI) changed in the last {days} {days_unit}"),
    K.DNS_FINDING: ("最新の DNS チェックに重大度 {min_severity} 以上の問題がある",
                    "the latest DNS check has a finding of severity {min_severity} or worse"),
}
RULE |= {
    K.NEW_SELECTOR: ("その前の {lookback_days} 日間に見られなかった自ドメインの DKIM セレクタ（d=, s=）が、直近 "
                     "{days} 日間に {threshold} 通を超えて署名",
                     "a DKIM selector (d=, s=) of the domain unseen in the {lookback_days} {lookback_days_unit} "
                     "before signs more than {threshold} messages over the last {days} {days_unit}"),
    K.SELECTOR_SILENT: ("その前の {history_days} 日間のうち {min_days} 日以上署名していた自ドメインの DKIM セレクタが、"
                        "直近 {days} 日間に1通も署名しない",
                        "a DKIM selector of the domain that signed on {min_days}+ of the {history_days} "
                        "{history_days_unit} before signs nothing over the last {days} {days_unit}"),
    K.POLICY_DRIFT: ("直近 {days} 日間に、公開中の最新ポリシーと異なる DMARC ポリシーを {min_days} 日以上見た"
                     "レポーターがある（DNS 変更の未反映、または矛盾する 2 つ目のレコード）",
                     "a reporter saw a DMARC policy other than the latest published one on {min_days}+ days of the "
                     "last {days} {days_unit} (a DNS change not everywhere yet, or a second conflicting record)"),
}
DIRECTION = {"both": ("増減とも", "up or down"), "up": ("増加のみ", "up only"), "down": ("減少のみ", "down only")}

FIGURE = {
    "fail_pct": ("DMARC 失敗率", "DMARC fail rate"),
    "threshold_pct": ("しきい値", "Threshold"),
    "threshold": ("しきい値", "Threshold"),
    "dmarc_fail": ("DMARC 失敗メッセージ", "DMARC-failing messages"),
    "messages": ("全メッセージ", "All messages"),
    "spoofing": ("なりすましの可能性", "Possible-spoofing messages"),
    "spoofing_sources": ("未登録の送信元 IP", "Unregistered source IPs"),
    "top_sources": ("主な送信元（通数）", "Top sources (messages)"),
    "new_sources": ("新しい未登録の送信元", "New unregistered sources"),
    "new_messages": ("新しい送信元からの通数", "Messages from new sources"),
    "lookback_days": ("比較した過去の日数", "Look-back days"),
    "tag": ("タグ", "Tag"),
    "silent_days": ("レポートのない日数", "Days without reports"),
    "days": ("しきい値（日）", "Threshold (days)"),
    "last_report": ("最終レポート対象日", "Last day reported"),
    "reporter": ("レポーター", "Reporter"),
    "report_days": ("履歴中のレポート日数", "Days reported in history"),
    "change_pct": ("変化率", "Change"),
    "window_daily": ("期間の1日平均", "Daily average, window"),
    "baseline_daily": ("基準期間の1日平均", "Daily average, baseline"),
    "baseline": ("基準期間", "Baseline period"),
    "window_report_days": ("期間中レポートのあった日", "Days with reports, window"),
    "baseline_report_days": ("基準期間中レポートのあった日", "Days with reports, baseline"),
    "new_selectors": ("新しい DKIM セレクタ", "New DKIM selectors"),
    "silent_selectors": ("署名しなくなった DKIM セレクタ", "Silent DKIM selectors"),
    "top_selectors": ("セレクタ（通数）", "Selectors (messages)"),
    "history_days": ("比較した過去の日数", "History days"),
    "tls_fail_pct": ("SMTP TLS 失敗率", "SMTP TLS failure rate"),
    "tls_failed": ("失敗セッション", "Failed sessions"),
    "sessions": ("全セッション", "All sessions"),
    "changed": ("変更されたレコード", "Changed records"),
    "records": ("レコード", "Records"),
    "findings": ("問題の件数", "Findings"),
    "min_severity": ("重大度の下限", "Minimum severity"),
    "codes": ("問題", "Findings found"),
    "drift_reporters": ("異なるポリシーを見たレポーター", "Reporters seeing another policy"),
    "drift_seen": ("見られたポリシー", "Policy they saw"),
    "drift_days": ("最長の日数", "Longest, days"),
    "latest_policy": ("最新の公開ポリシー", "Latest published policy"),
    "min_days": ("しきい値（日）", "Threshold (days)"),
}

LABEL = {
    "rule": ("ルール", "Rule"),
    "window": ("評価した日", "Days evaluated"),
    "pending": ("以降の日はレポートがそろっていないため評価していません", "later days not evaluated: their reports are "
                "not all in yet"),
    "figures": ("数値", "Figures"),
    "fired": ("発生", "Fired"),
    "resolved_note": ("条件を満たさなくなりました。", "The condition no longer holds."),
    "reminder_note": ("この警告はまだ解決していません。", "This alert is still active."),
    "changed_note": ("この警告は継続中で、前回の通知から状況が変わりました"
                     "（新しい対象、またはしきい値の倍数を超える数値）。",
                     "This alert is still active and has changed since the last message (new subjects, or a "
                     "figure past a further multiple of the threshold)."),
    "link": ("詳細", "Details"),
    "last_active": ("最後にレポートのあった日々", "last days with reports"),
    "no_link": ("（UI の URL が設定されていません）", "(no UI URL configured)"),
    "utc": ("UTC", "UTC"),
}
