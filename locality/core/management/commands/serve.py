import multiprocessing

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Locality with gunicorn (static files by WhiteNoise) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() + 1))

    def handle(self, *args, host, port, workers, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: give a port from 1 to 65535", returncode=2)
        call_command("collectstatic", interactive=False, verbosity=0)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(
            f"Locality on http://{host}:{port} ({engine}, {workers} workers); Ctrl-C stops it"
        )
        run_gunicorn(host, port, workers)


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from locality.config.wsgi import application

    class LocalityServer(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)
            self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    LocalityServer().run()
