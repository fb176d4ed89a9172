"""Access rules as decorators; ownership checks abort with 403."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles: str):
    """Let only signed-in users with one of these roles through (others get 403)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


staff_required = role_required("admin", "staff")
admin_required = role_required("admin")
editor_required = role_required("admin", "staff", "editor")


def require_organization(organization_id: str | None) -> None:
    """Abort with 403 unless the current user may edit this organization's listings."""
    if not current_user.is_authenticated or not current_user.may_edit(organization_id):
        abort(403)
