"""Run inside the cluster's environment (``python -m tests.cluster.seed``): a procedure, a
counter and an officer's API token, printed as JSON for the load of the kill test."""

import base64
import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.production")
    django.setup()
    from rest_framework.authtoken.models import Token

    from motcua.dossiers.tests.factories import PDF, build_world

    world = build_world()
    token, _created = Token.objects.get_or_create(user=world.receiver)
    print(  # noqa: T201 - the parent test reads it
        json.dumps(
            {
                "token": token.key,
                "body": {
                    "procedure": world.version.procedure.code,
                    "channel": "counter",
                    "administrative_unit_code": world.commune.code,
                    "receiving_unit": world.unit.pk,
                    "applicant": {
                        "kind": "citizen",
                        "name": "Lê Văn Cường",
                        "personal_id": "001090054321",
                    },
                    "form_data": {"to_khai": {"full_name": "Lê Văn Cường"}},
                    "documents": [
                        {
                            "component": "giay_gioi_thieu",
                            "name": "giay.pdf",
                            "content_base64": base64.b64encode(PDF).decode(),
                        }
                    ],
                },
            }
        )
    )


if __name__ == "__main__":
    main()
