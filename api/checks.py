"""`bugtracker check`: is the configuration sound and the database reachable and migrated?"""

from sqlalchemy import text
from sqlalchemy.engine import make_url

from infrastructure.db import create_engine
from infrastructure.migrate import current_revision, head_revision
from infrastructure.settings import Settings


async def run_checks(settings: Settings) -> int:
    failures = 0
    print(f"database: {make_url(settings.database_url).render_as_string(hide_password=True)}")
    problems = settings.production_problems()
    if problems and not settings.debug:
        failures += 1
        for problem in problems:
            print(f"FAIL  production setting: {problem}")
    elif problems:
        print("ok    DEBUG is on: production checks skipped (" + "; ".join(problems) + ")")
    else:
        print("ok    production settings")
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        print("ok    database reachable")
    except Exception as exc:  # report any driver error as a sentence
        print(f"FAIL  database unreachable: {exc.__class__.__name__}: {exc}".splitlines()[0])
        return 1
    finally:
        await engine.dispose()
    revision = await current_revision(settings.database_url)
    if revision == head_revision():
        print(f"ok    migrations at head ({revision})")
    else:
        failures += 1
        print(
            f"FAIL  migrations at {revision}, head is {head_revision()}: run `bugtracker migrate`"
        )
    return 1 if failures else 0
