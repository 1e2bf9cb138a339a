"""What the events' demo modules share: a line of seed_demo's report, and a
time of day on a demo date."""


def say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def at(day, hour: int, minute: int = 0):
    """``day`` (a local datetime) at hour:minute, local time."""
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
