import itertools

from django.apps import AppConfig

STREAM = "bench.echo"
_seq = itertools.count(1)


def _echo(viewer, data) -> dict:
    from cms.live.publisher import send_frame

    # Consecutive seqs on a stream with no stored events: each socket relays
    # them as they come (a gap would make it read the database).
    seq = next(_seq)
    send_frame(
        STREAM,
        {
            "type": "event",
            "stream": STREAM,
            "seq": seq,
            "event": "bench.echo",
            "data": {"n": seq},
        },
    )
    return {"ok": True, "seq": seq}


class BenchEchoConfig(AppConfig):
    name = "bench_echo"
    label = "bench_echo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.live.actions import register_action
        from cms.live.registry import register_stream

        register_stream(STREAM, lambda viewer, key: True)
        register_action(
            "bench.echo", handler=_echo, permission=lambda viewer, data: True
        )
