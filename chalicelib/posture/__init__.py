"""DNS posture: the domain's DMARC, SPF, DKIM, MTA-STS, TLS-RPT and BIMI records fetched through the DNS port
(and the MTA-STS policy through the HTTPS port), each problem a Finding with a severity and a fix (ja/en in
posture.texts). Pure: the ports are Protocols; tests answer from hand-written zones."""
