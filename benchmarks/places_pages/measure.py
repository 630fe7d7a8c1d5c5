"""The child process of the places pages benchmark (see ``__init__.py``).

    python -m benchmarks.places_pages.measure OUT REPEAT

Run with LOCALITY_DATA_DIR and DATABASE_URL pointing at a throwaway folder and database.
"""

import json
import statistics
import sys
import time
from pathlib import Path


def _get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    body = response.content
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or not body:
        raise SystemExit(f"{url}: status {response.status_code}")
    return elapsed


def main(out: Path, repeat: int) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "locality.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from locality.demo.load import load_demo
    from locality.directory.models import Service
    from locality.governance.models import User
    from locality.places.models import Lsoa, Neighbourhood

    setup_test_environment()  # the test client may talk to the app; DEBUG stays off
    call_command("migrate", verbosity=0)
    load_demo(fraction=0.001, progress=False, directory_services=3000)
    analyst = User.objects.filter(role="analyst").order_by("email").first()
    client = Client()
    client.force_login(analyst)
    hood = Neighbourhood.objects.order_by("name").first()
    index = reverse("places:index")
    page = reverse("places:neighbourhood", args=[hood.pk])
    la_png = reverse("places:neighbourhoods_png", args=[hood.la_code])
    from locality.places.map_images import MAPPED_IDS

    pngs = {kind: reverse("places:neighbourhood_png", args=[hood.pk, kind]) for kind in MAPPED_IDS}
    gaps = reverse("directory:gaps") + f"?la={hood.la_code}&within=1600"

    cold = {
        "neighbourhoods page": _get(client, index),
        f"neighbourhood page ({hood.name})": _get(client, page),
        "neighbourhoods PNG (drawn)": _get(client, la_png),
        **{f"{kind} PNG (drawn)": _get(client, url) for kind, url in pngs.items()},
        "gaps page (peer)": _get(client, gaps),
    }
    warm: dict[str, list[float]] = {
        "neighbourhoods page": [],
        "neighbourhood page": [],
        "imd_decile PNG (stored)": [],
        "gaps page (peer)": [],
    }
    urls = dict(zip(warm, (index, page, pngs["imd_decile"], gaps), strict=True))
    for _ in range(repeat):
        for name, url in urls.items():
            warm[name].append(_get(client, url))
    figures = {
        "lsoas": Lsoa.objects.count(),
        "neighbourhoods": Neighbourhood.objects.count(),
        "services": Service.objects.count(),
        "repeat": repeat,
        "cold_ms": cold,
        "warm_median_ms": {name: statistics.median(times) for name, times in warm.items()},
        "warm_ms": warm,
    }
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
