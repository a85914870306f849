"""The product's own settings: its rules (paper cut-off, uploads, deadlines, feedback, reform,
reporting) and the outside services it talks to (malware scan, OCR, broker, e-mail, SMS, national
registries, VNeID, the payment gateway, the cache, signing, the post).

Read into :mod:`motcua.config.settings.base`; each environment variable once, with a help text.
"""

from motcua.config.settings.paths import VAR_DIR
from motcua.core.env import env_int, env_secret, env_str

# Decree 61/2018 Art. 18: a paper dossier received after this local time counts from the next
# working day.
MOTCUA_PAPER_CUTOFF = env_str(
    "MOTCUA_PAPER_CUTOFF",
    default="15:00",
    help="Local time (HH:MM) after which a paper dossier counts as received the next working day.",
)
MOTCUA_DEFAULT_WORKING_HOURS = env_str(
    "MOTCUA_DEFAULT_WORKING_HOURS",
    default="07:30-11:30,13:00-17:00",
    help="Default working hours of an agency, comma-separated HH:MM-HH:MM periods.",
)
MOTCUA_MAX_UPLOAD_BYTES = env_int(
    "MOTCUA_MAX_UPLOAD_BYTES",
    default=10 * 1024 * 1024,
    help="Largest file accepted in a dossier, in bytes.",
)
MOTCUA_MAX_IMAGE_PIXELS = env_int(
    "MOTCUA_MAX_IMAGE_PIXELS",
    default=80_000_000,
    help="Largest image accepted, in pixels (an A3 page scanned at 600 dpi has about 70 million); "
    "a larger one is refused as a decompression bomb.",
)
MOTCUA_MAX_PAGE_AREA_CM2 = env_int(
    "MOTCUA_MAX_PAGE_AREA_CM2",
    default=10_000,
    help="Largest PDF page accepted, in square centimetres (10000: one square metre, an A0 sheet); "
    "OCR renders a page at most MOTCUA_MAX_IMAGE_PIXELS pixels.",
)
MOTCUA_CLAMD_ADDRESS = env_str(
    "MOTCUA_CLAMD_ADDRESS",
    default="",
    help="ClamAV clamd host:port scanning every upload (INSTREAM); empty: no malware scan.",
)
MOTCUA_CLAMD_TIMEOUT_SECONDS = env_int(
    "MOTCUA_CLAMD_TIMEOUT_SECONDS",
    default=30,
    help="Seconds to wait for clamd; no answer refuses the upload.",
)
MOTCUA_OCR_LANGUAGE = env_str(
    "MOTCUA_OCR_LANGUAGE",
    default="vie",
    help="Tesseract language(s) for digitizing paper at the counter, e.g. vie or vie+eng.",
)
MOTCUA_OCR_TIMEOUT_SECONDS = env_int(
    "MOTCUA_OCR_TIMEOUT_SECONDS",
    default=300,
    help="Longest time one OCR run (rasterising and Tesseract) may take, in seconds.",
)
MOTCUA_PUBLIC_BASE_URL = env_str(
    "MOTCUA_PUBLIC_BASE_URL",
    default="http://127.0.0.1:8000",
    help="Absolute address of the public portal, used in QR codes and links sent to applicants.",
)
MOTCUA_BROKER_URL = env_str(
    "MOTCUA_BROKER_URL",
    default="",
    help="Message broker for background work (amqp://... or redis://...); empty: the embedded "
    "default, where the worker polls the database.",
)
MOTCUA_BROKER_QUEUE = env_str(
    "MOTCUA_BROKER_QUEUE",
    default="motcua.outbox",
    help="Queue of the background worker on the broker.",
)
MOTCUA_PDF_FONT_DIR = env_str(
    "MOTCUA_PDF_FONT_DIR",
    default="",
    help="Folder with a TTF font that has Vietnamese glyphs (NotoSans or DejaVuSans) for PDF forms; "
    "empty: the usual system font folders.",
)
EMAIL_HOST = env_str("MOTCUA_SMTP_HOST", default="127.0.0.1", help="SMTP server for e-mail.")
EMAIL_PORT = env_int("MOTCUA_SMTP_PORT", default=8025, help="Port of the SMTP server.")
DEFAULT_FROM_EMAIL = env_str(
    "MOTCUA_SMTP_FROM",
    default="Dich vu cong <no-reply@motcua.local>",
    help="Sender address of the e-mails motcua sends.",
)
MOTCUA_SMS_GATEWAY_URL = env_str(
    "MOTCUA_SMS_GATEWAY_URL",
    default="http://127.0.0.1:8026/sms",
    help="Address of the SMS gateway (the simulator in the demo).",
)
MOTCUA_SMS_GATEWAY_SECRET = env_secret(
    "MOTCUA_SMS_GATEWAY_SECRET",
    default="development-only-sms-secret",
    help="Shared secret for the HMAC signature of SMS gateway requests.",
)
MOTCUA_REGISTRY_URL = env_str(
    "MOTCUA_REGISTRY_URL",
    default="http://127.0.0.1:8027",
    help="Base address of the national registries (population, business; the simulator in the demo).",
)
MOTCUA_REGISTRY_PUBLIC_KEY_FILE = env_str(
    "MOTCUA_REGISTRY_PUBLIC_KEY_FILE",
    default=str(VAR_DIR / "registry-sim-key.pub.pem"),
    shown_default="<MOTCUA_VAR_DIR>/registry-sim-key.pub.pem",
    help="PEM file with the Ed25519 public key that signs the registries' answers.",
)
MOTCUA_REGISTRY_TIMEOUT_SECONDS = env_int(
    "MOTCUA_REGISTRY_TIMEOUT_SECONDS",
    default=3,
    help="Seconds to wait for a registry on each try (three tries with backoff).",
)
MOTCUA_REGISTRY_BREAKER_SECONDS = env_int(
    "MOTCUA_REGISTRY_BREAKER_SECONDS",
    default=60,
    help="Seconds a registry is left alone after three failed calls in a row (circuit breaker).",
)
MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS = env_int(
    "MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS",
    default=24,
    help="Hours data fetched for a draft is kept when the draft is never submitted; then purged.",
)
MOTCUA_OIDC_ISSUER = env_str(
    "MOTCUA_OIDC_ISSUER",
    default="http://127.0.0.1:8010",
    help="OpenID Connect issuer of the citizens' e-ID (VNeID; the local simulator in the demo).",
)
MOTCUA_OIDC_CLIENT_ID = env_str(
    "MOTCUA_OIDC_CLIENT_ID", default="motcua-portal", help="This portal's OpenID Connect client id."
)
MOTCUA_OIDC_CLIENT_SECRET = env_secret(
    "MOTCUA_OIDC_CLIENT_SECRET",
    default="development-only-oidc-secret",
    help="This portal's OpenID Connect client secret.",
)
MOTCUA_SLA_DOSSIER_WARNING_HOURS = env_int(
    "MOTCUA_SLA_DOSSIER_WARNING_HOURS",
    default=8,
    help="Working hours before a dossier's due moment at which its holder is warned (at most "
    "half its time limit, so a short one is not warned as soon as it is received).",
)
MOTCUA_SLA_STEP_WARNING_HOURS = env_int(
    "MOTCUA_SLA_STEP_WARNING_HOURS",
    default=2,
    help="Working hours before a step's due moment at which its holder is warned (at most half "
    "the step's norm, so a short step is not warned as soon as it starts).",
)
MOTCUA_SLA_APOLOGY_EXTENSION_DAYS = env_int(
    "MOTCUA_SLA_APOLOGY_EXTENSION_DAYS",
    default=3,
    help="Working days added to the due date in a drafted apology (form 04), before the leader "
    "approves it.",
)
MOTCUA_PUBLIC_PAGE_SIZE = env_int(
    "MOTCUA_PUBLIC_PAGE_SIZE", default=20, help="Procedures per page in the public catalogue."
)
MOTCUA_PUBLIC_PAGE_CACHE_SECONDS = env_int(
    "MOTCUA_PUBLIC_PAGE_CACHE_SECONDS",
    default=3600,
    help="Longest time the catalogue search, the procedure pages and the index page are answered "
    "from the cache for visitors not signed in (a catalogue change shows at once; an agency "
    "renamed within this time). The index page is kept at most MOTCUA_REPORTING_STALE_SECONDS. "
    "0: rendered on every request.",
)
# Payments: the VNPAY-type gateway (the local pay-sim in the demo) and the reconciliation job.
MOTCUA_PAY_GATEWAY_URL = env_str(
    "MOTCUA_PAY_GATEWAY_URL",
    default="http://127.0.0.1:8029",
    help="Base address of the payment gateway (the pay-sim simulator in the demo).",
)
MOTCUA_PAY_TMN_CODE = env_str(
    "MOTCUA_PAY_TMN_CODE", default="MOTCUA01", help="This agency's merchant code at the gateway."
)
MOTCUA_PAY_SECRET = env_secret(
    "MOTCUA_PAY_SECRET",
    default="development-only-pay-secret",
    help="Shared secret of the gateway's HMAC-SHA512 signatures.",
)
MOTCUA_PAY_QUERY_AFTER_MINUTES = env_int(
    "MOTCUA_PAY_QUERY_AFTER_MINUTES",
    default=15,
    help="Minutes after which a pending online payment with no notification is queried.",
)
MOTCUA_PAY_EXPIRE_MINUTES = env_int(
    "MOTCUA_PAY_EXPIRE_MINUTES",
    default=24 * 60,
    help="Minutes after which an online payment the gateway never saw is closed as failed.",
)
# Lifecycle: the shared cache (rate limits), the public lookup's limit, abandoned portal drafts.
_CACHE_URL = env_str(
    "MOTCUA_CACHE_URL",
    default="",
    help="Cache shared by the web nodes (rate limits): redis://host:6379/0 in production; empty: "
    "each process keeps its own in memory (enough for one web process).",
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua"}
    )
}
MOTCUA_LOOKUP_RATE = env_str(
    "MOTCUA_LOOKUP_RATE",
    default="30/min",
    help="Most lookups of a dossier by code (portal /tra-cuu/ and the API) per client address, "
    "as N/unit (30/min, 500/h); over it the answer is HTTP 429 with Retry-After.",
)
MOTCUA_TRUSTED_PROXY_HEADER = env_str(
    "MOTCUA_TRUSTED_PROXY_HEADER",
    default="",
    help="Header in which the reverse proxy in front passes the client address (X-Forwarded-For "
    "or X-Real-IP; its last entry is used). Empty: the connection's address. Set it only behind "
    "a proxy that sets it, since clients can send it too.",
)
MOTCUA_IDEMPOTENCY_HOURS = env_int(
    "MOTCUA_IDEMPOTENCY_HOURS",
    default=24,
    help="Hours the answer to an action sent with an Idempotency-Key is kept for a retry to get.",
)
MOTCUA_DRAFT_RETENTION_HOURS = env_int(
    "MOTCUA_DRAFT_RETENTION_HOURS",
    default=72,
    help="Hours after which the files of an online application left unsubmitted are deleted.",
)
# Signed results (signing app).
MOTCUA_PKI_DIR = env_str(
    "MOTCUA_PKI_DIR",
    default=str(VAR_DIR / "pki"),
    help="Folder of the local certificate authority (demo and tests): CA keys, CRLs, key files.",
    shown_default="<MOTCUA_VAR_DIR>/pki",
)
MOTCUA_TSA_URL = env_str(
    "MOTCUA_TSA_URL",
    default="http://127.0.0.1:8028/",
    help="RFC 3161 time-stamp authority used when signing results (the simulator in the demo).",
)
MOTCUA_SIGNER = env_str(
    "MOTCUA_SIGNER",
    default="keyfile",
    help="Where load-demo makes the officers' signing keys: keyfile (PEM files under "
    "MOTCUA_PKI_DIR) or pkcs11 (generated inside the PKCS#11 token). Each signature uses the "
    "plugin recorded with the officer's credential.",
)
MOTCUA_PKCS11_MODULE = env_str(
    "MOTCUA_PKCS11_MODULE",
    default="",
    help="PKCS#11 module of the signing token; empty: the SoftHSM2 module where Debian puts it.",
)
MOTCUA_PKCS11_TOKEN_LABEL = env_str(
    "MOTCUA_PKCS11_TOKEN_LABEL", default="motcua", help="Label of the PKCS#11 signing token."
)
MOTCUA_PKCS11_USER_PIN = env_secret(
    "MOTCUA_PKCS11_USER_PIN",
    default="development-only-pin",
    help="User PIN of the PKCS#11 signing token.",
)
MOTCUA_SOFTHSM2_CONF = env_str(
    "MOTCUA_SOFTHSM2_CONF",
    default=str(VAR_DIR / "softhsm" / "softhsm2.conf"),
    help="SoftHSM2 configuration of the project's own token (never the system one); used when "
    "SOFTHSM2_CONF is not set.",
    shown_default="<MOTCUA_VAR_DIR>/softhsm/softhsm2.conf",
)
# Return of results by post (delivery app).
MOTCUA_POST_PROVIDER = env_str(
    "MOTCUA_POST_PROVIDER",
    default="vnpost_style",
    help="Postal provider plugin that sends results by post.",
)
MOTCUA_POST_API_URL = env_str(
    "MOTCUA_POST_API_URL",
    default="http://127.0.0.1:8030",
    help="Base address of the public post's API (the simulator in the demo).",
)
MOTCUA_POST_SECRET = env_secret(
    "MOTCUA_POST_SECRET",
    default="development-only-post-secret",
    help="Shared secret for the HMAC signatures of requests to the post and of its tracking "
    "callbacks.",
)
MOTCUA_POST_WEBHOOK_URL = env_str(
    "MOTCUA_POST_WEBHOOK_URL",
    default="",
    help="Address the post calls back with tracking events; empty: "
    "<MOTCUA_PUBLIC_BASE_URL>/api/v1/delivery/post/tracking/.",
)
MOTCUA_POST_POLL_SECONDS = env_int(
    "MOTCUA_POST_POLL_SECONDS",
    default=900,
    help="Seconds between two tracking queries of the items still on their way (catches lost "
    "callbacks).",
)
# Feedback and petitions (phản ánh, kiến nghị) and the Decision 766 index.
MOTCUA_FEEDBACK_INTAKE_AGENCY = env_str(
    "MOTCUA_FEEDBACK_INTAKE_AGENCY",
    default="",
    help="Code of the agency that receives feedback not about a dossier; empty: the first "
    "provincial People's Committee without a parent agency.",
)
MOTCUA_FEEDBACK_FORWARD_DAYS = env_int(
    "MOTCUA_FEEDBACK_FORWARD_DAYS",
    default=5,
    help="Working days to forward feedback that is not ours (Decree 20/2008, Art. 9).",
)
MOTCUA_FEEDBACK_ANSWER_DAYS = env_int(
    "MOTCUA_FEEDBACK_ANSWER_DAYS",
    default=20,
    help="Working days to answer feedback (Decision 574/QĐ-TTg: 20 days).",
)
MOTCUA_FEEDBACK_REMINDER_DAYS = env_int(
    "MOTCUA_FEEDBACK_REMINDER_DAYS",
    default=2,
    help="Working days before the answer is due at which the agency is reminded.",
)
MOTCUA_FEEDBACK_ESCALATION_DAYS = env_int(
    "MOTCUA_FEEDBACK_ESCALATION_DAYS",
    default=2,
    help="Working days late after which a late answer goes one more level up the chain.",
)
MOTCUA_FEEDBACK_MAILDIR = env_str(
    "MOTCUA_FEEDBACK_MAILDIR",
    default="",
    help="Maildir of the monitored feedback mailbox read by the worker; empty: none.",
)
MOTCUA_FEEDBACK_IMAP_HOST = env_str(
    "MOTCUA_FEEDBACK_IMAP_HOST",
    default="",
    help="IMAP server of the feedback mailbox; empty: none.",
)
MOTCUA_FEEDBACK_IMAP_PORT = env_int(
    "MOTCUA_FEEDBACK_IMAP_PORT", default=993, help="Port of the IMAP server (TLS)."
)
MOTCUA_FEEDBACK_IMAP_USER = env_str(
    "MOTCUA_FEEDBACK_IMAP_USER", default="", help="Login of the feedback mailbox."
)
MOTCUA_FEEDBACK_IMAP_PASSWORD = env_str(
    "MOTCUA_FEEDBACK_IMAP_PASSWORD", default="", help="Password of the feedback mailbox."
)
MOTCUA_REFORM_REMINDER_DAYS = env_int(
    "MOTCUA_REFORM_REMINDER_DAYS",
    default=3,
    help="Days before a reform task's deadline when its agency's reform team is reminded.",
)
MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT = env_int(
    "MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT",
    default=20,
    help="Target cut in the number of internal procedures, % (Decision 1085/QĐ-TTg).",
)
MOTCUA_REFORM_TARGET_COST_PERCENT = env_int(
    "MOTCUA_REFORM_TARGET_COST_PERCENT",
    default=20,
    help="Target cut in the compliance cost of internal procedures, % (Decision 1085/QĐ-TTg).",
)
MOTCUA_REPORTING_MIN_COUNT = env_int(
    "MOTCUA_REPORTING_MIN_COUNT",
    default=5,
    help=(
        "Fewest dossiers (or feedback items) that make a figure: public dashboards hide smaller "
        "counts (and their rates); an indicator with fewer in its denominator earns no points "
        "(chưa đủ dữ liệu), and an agency that received fewer in the period is not ranked."
    ),
)
MOTCUA_REPORTING_DEFINITIONS = env_str(
    "MOTCUA_REPORTING_DEFINITIONS",
    default="",
    help="JSON file overriding the Decision 766 indicators (points, numerator, denominator).",
)
MOTCUA_REPORTING_CACHE_SECONDS = env_int(
    "MOTCUA_REPORTING_CACHE_SECONDS",
    default=300,
    help="Longest time a web process reuses a computed ranking of the Decision 766 index (a "
    "change of the catalogue shows within this time). 0: computed on every request.",
)
MOTCUA_REPORTING_STALE_SECONDS = env_int(
    "MOTCUA_REPORTING_STALE_SECONDS",
    default=30,
    help="How long a computed ranking is still shown after its tallies changed; 0: recomputed at "
    "the first request after any change.",
)
MOTCUA_FEEDBACK_RATE = env_str(
    "MOTCUA_FEEDBACK_RATE",
    default="10/h",
    help="Most feedback items (phản ánh, kiến nghị) sent from the portal form or the public API per "
    "client address, as N/unit; over it the answer is HTTP 429 with Retry-After.",
)
