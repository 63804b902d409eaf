"""Two hand-written aggregate reports for example.com. Every expected number in the API tests is counted from
these XML texts by hand (see the comments per record).

Report A, google.com, 2026-03-01 (p=none):
  192.0.2.10    100  SPF pass aligned,   DKIM pass aligned (example.com)   -> DMARC pass
  198.51.100.5   20  SPF pass unaligned, DKIM pass unaligned (esp.example) -> pattern 1
  203.0.113.7     7  SPF fail,           DKIM fail (example.com)           -> pattern 4
Report B, Yahoo, 2026-03-02 (p=quarantine sp=reject adkim=s aspf=r pct=50):
  192.0.2.10     50  SPF pass aligned,   DKIM pass aligned                 -> DMARC pass
  198.51.100.5   10  SPF softfail,       DKIM pass unaligned (esp.example) -> pattern 2, quarantined
  203.0.113.8     3  SPF pass unaligned (spoof.example), no DKIM           -> pattern 3, quarantined
Registry at first: 192.0.2.0/24 "mail-server", 198.51.100.0/24 "esp"; 203.0.113.x are unregistered."""
from __future__ import annotations

REPORT_A = """<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>google.com</org_name><email>noreply-dmarc-support@google.com</email>
    <report_id>g-0301</report_id><date_range><begin>1772323200</begin><end>1772409599</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp>
    <pct>100</pct></policy_published>
  <record><row><source_ip>192.0.2.10</source_ip><count>100</count><policy_evaluated>
      <disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from><envelope_from>example.com</envelope_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
      <spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>
  <record><row><source_ip>198.51.100.5</source_ip><count>20</count><policy_evaluated>
      <disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from><envelope_from>bounce.esp.example</envelope_from>
    </identifiers>
    <auth_results><dkim><domain>esp.example</domain><selector>k1</selector><result>pass</result></dkim>
      <spf><domain>bounce.esp.example</domain><scope>mfrom</scope><result>pass</result></spf></auth_results>
  </record>
  <record><row><source_ip>203.0.113.7</source_ip><count>7</count><policy_evaluated>
      <disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from><envelope_from>example.com</envelope_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>fail</result></dkim>
      <spf><domain>example.com</domain><scope>mfrom</scope><result>fail</result></spf></auth_results></record>
</feedback>
"""

REPORT_B = """<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>Yahoo</org_name><email>dmarchelp@yahooinc.com</email>
    <report_id>y-0302</report_id><date_range><begin>1772409600</begin><end>1772495999</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><adkim>s</adkim><aspf>r</aspf><p>quarantine</p>
    <sp>reject</sp><pct>50</pct></policy_published>
  <record><row><source_ip>192.0.2.10</source_ip><count>50</count><policy_evaluated>
      <disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
      <spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>
  <record><row><source_ip>198.51.100.5</source_ip><count>10</count><policy_evaluated>
      <disposition>quarantine</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>esp.example</domain><selector>k1</selector><result>pass</result></dkim>
      <spf><domain>bounce.esp.example</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results>
  </record>
  <record><row><source_ip>203.0.113.8</source_ip><count>3</count><policy_evaluated>
      <disposition>quarantine</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><spf><domain>spoof.example</domain><scope>mfrom</scope><result>pass</result></spf>
    </auth_results></record>
</feedback>
"""

RANGE = "from=2026-03-01&to=2026-03-02"
