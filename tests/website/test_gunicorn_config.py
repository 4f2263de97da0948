"""What config/gunicorn.py does to each worker once the application is loaded."""

import gc
import importlib.util
import os
import shutil
import signal
from pathlib import Path
from types import SimpleNamespace


def load_config():
    """The configuration as gunicorn's master loads it, without keeping what it sets in this
    process's environment (the folder for the workers' metrics)."""
    path = Path(__file__).resolve().parents[2] / "config/gunicorn.py"
    spec = importlib.util.spec_from_file_location("gunicorn_settings", path)
    module = importlib.util.module_from_spec(spec)
    before = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    try:
        spec.loader.exec_module(module)
    finally:
        if before is None:
            folder = os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    return module


def test_a_worker_keeps_the_loaded_application_out_of_garbage_collection():
    config = load_config()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGQUIT)}
    gc.unfreeze()
    try:
        config.post_worker_init(SimpleNamespace(handle_exit=lambda *args: None))

        assert gc.get_freeze_count() > 10_000  # Django and the apps, loaded for the tests
    finally:
        gc.unfreeze()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
