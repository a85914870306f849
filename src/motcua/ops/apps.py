from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running motcua on several nodes: health and readiness for the load balancer, Prometheus
    metrics, the request id of every log line, and the replica router (vận hành)."""

    name = "motcua.ops"
    label = "ops"
    verbose_name = "Vận hành"
