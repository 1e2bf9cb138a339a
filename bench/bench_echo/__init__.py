"""The baseline of bench/event_live.py: a socket action that goes straight to
the fan-out, installed only in the bench's server (bench_settings.py).

``bench.echo`` (no data) sends one frame to every socket following the stream
``bench.echo``, through the same path a published event takes after its
commit (``cms.live.publisher.send_frame``: encoded once, one group_send) but
without a service, a query or a stored row. A facilitator command's latency
minus this one is what the command itself costs."""
