"""Static files in production: hashed and compressed by WhiteNoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # Our ES modules import each other (``import { request } from "../js/live.js"``).
    # Without rewriting those imports to the hashed names, a page would load
    # live.js twice (hashed from base.html, plain from the module) and open a
    # second WebSocket.
    support_js_module_import_aggregation = True
