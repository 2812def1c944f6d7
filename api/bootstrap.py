"""Admin bootstrap, run once by the CLI before workers start (never per request)."""

from api.wiring import Wiring, build_wiring
from application.context import CommandContext
from infrastructure.settings import Settings


async def bootstrap_admin(settings: Settings, *, reset_password: bool = False) -> bool:
    """Ensure the configured admin exists; True if anything was appended."""
    wiring = build_wiring(settings)
    try:
        return await bootstrap_admin_with(wiring, settings, reset_password=reset_password)
    finally:
        await wiring.close()


async def bootstrap_admin_with(
    wiring: Wiring, settings: Settings, *, reset_password: bool = False
) -> bool:
    context = CommandContext(actor=None, command_id=wiring.ids.new_id())
    outcome = await wiring.users.ensure_admin(
        context,
        name=settings.admin_name,
        email=settings.admin_email,
        password=settings.admin_password,
    )
    appended = outcome.event_count > 0
    if reset_password:
        reset = CommandContext(actor=None, command_id=wiring.ids.new_id())
        await wiring.users.reset_password(
            reset, email=settings.admin_email, password=settings.admin_password
        )
        appended = True
    return appended
