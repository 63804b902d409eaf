"""Pure analysis core: daily facts, pattern classification, summaries and advice. No AWS imports."""
