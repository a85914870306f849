from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import appointments as appointments_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from motcua_dev.demo import signing as signing_demo


class Command(BaseCommand):
    help = "Load the demo data (agencies, officers, calendar, catalogue) through the real services."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        accounts_demo.load(at=now)
        appointments_demo.load(at=now)
        calendar_demo.load(at=now)
        catalog_demo.load(at=now)
        # Last: its dossiers go through the services the other apps' demo data set up.
        reform_demo.load(at=now)
        # After every demo officer exists (the reform demo adds a specialist): the local CA
        # certifies each leader and specialist, so that `make run` can sign results at once.
        signing_demo.load(at=now)
        self.stdout.write("Dữ liệu mẫu đã sẵn sàng. Tài khoản mẫu (tên đăng nhập / mật khẩu):")
        for username, password, role in accounts_demo.DEMO_LOGINS:
            self.stdout.write(f"  {username:<20} {password:<20} {role}")
