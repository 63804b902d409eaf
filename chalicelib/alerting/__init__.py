"""Alerting, pure: rule types and their validation (rules, codec), evaluation over facts (evaluate), the
firing -> active -> resolved state machine (state), bilingual messages with UI links (render, texts, links)
and the weekly digest (digest). No AWS imports: the use case in chalicelib.services.alerts drives it."""
