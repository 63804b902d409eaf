"""Who may do what: organizations, roles and permissions (pure), the principal of a request, and the one place
that maps an identity (Cognito claims or a local token) to a principal."""
