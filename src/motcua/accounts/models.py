"""Who acts and where: administrative units, agencies, one-stop units, officers, applicants.

Periods are ``valid_from`` (inclusive) and a nullable, exclusive ``valid_to``: jurisdictions change
(the 2025 reorganisation removed the district level), and a dossier must be judged by the units
in force when it was received.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministrativeUnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class AdministrativeUnit(models.Model):
    """An administrative unit (đơn vị hành chính) with its code of Decision 19/2025/QĐ-TTg.

    Provinces have 2-digit codes, communes 5-digit codes; codes are never reused, but a unit's name
    or parent may change, which closes one row (``valid_to``) and opens another with the same code.
    """

    code = models.CharField(max_length=5)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=AdministrativeUnitLevel.choices)
    division_type = models.CharField(
        max_length=50, help_text="tỉnh, thành phố, xã, phường, đặc khu"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    search_text = models.CharField(max_length=200, editable=False, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="administrative_unit_code_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="administrative_unit_period_valid",
            ),
        ]
        indexes = [models.Index(fields=["level", "code"], name="admin_unit_level_code_idx")]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    MINISTRY_DEPARTMENT = "ministry_department", _("Cục, vụ thuộc bộ")
    PROVINCIAL_PEOPLES_COMMITTEE = "provincial_pc", _("UBND cấp tỉnh")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Sở, ban, ngành cấp tỉnh")
    COMMUNE_PEOPLES_COMMITTEE = "commune_pc", _("UBND cấp xã")
    COMMUNE_MILITARY_COMMAND = "commune_military", _("Ban Chỉ huy quân sự cấp xã")
    COMMUNE_POLICE = "commune_police", _("Công an cấp xã")
    PUBLIC_ADMINISTRATION_SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    OTHER = "other", _("Cơ quan khác")


class Agency(models.Model):
    """A state agency (cơ quan) with its electronic identifier code (mã định danh điện tử).

    The identifier of Decision 20/2020/QĐ-TTg (``V1V2V3.Z1Z2.Y1Y2.MX1X2``, e.g. ``000.00.12.H38``)
    heads every dossier code this agency issues (Circular 01/2018/TT-VPCP Art. 19).
    """

    code = models.CharField(max_length=30, unique=True, help_text="Mã định danh điện tử")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="agencies"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")

    def __str__(self) -> str:
        return self.name


class OneStopUnit(models.Model):
    """A one-stop unit (Bộ phận Một cửa, or a Trung tâm Phục vụ hành chính công) hosted by an agency.

    Since Decree 118/2025 it accepts any procedure whatever the applicant's residence; the dossier
    is routed to the competent agency.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="one_stop_units")
    name = models.CharField(max_length=300)
    address = models.CharField(max_length=500, blank=True)
    #: What the office finder shows the public: a phone number and the opening hours in words.
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    opening_hours = models.CharField(_("giờ làm việc"), max_length=300, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("bộ phận một cửa")
        verbose_name_plural = _("bộ phận một cửa")

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A reception counter (quầy) of a one-stop unit."""

    one_stop_unit = models.ForeignKey(
        OneStopUnit, on_delete=models.CASCADE, related_name="counters"
    )
    number = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["one_stop_unit", "number"], name="counter_number_unique"
            )
        ]
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")

    def __str__(self) -> str:
        return f"{self.one_stop_unit} — {self.number}"


class User(AbstractUser):
    """A person who logs in: an officer (cán bộ) or an applicant (người nộp hồ sơ)."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    #: The language the person reads in ("vi", "en"); empty until they choose one or first file
    #: online (the filing's page language is then kept).
    preferred_language = models.CharField(max_length=5, blank=True, default="")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    REFORM_TEAM = "reform_team", _("Tổ công tác cải cách")
    ADMINISTRATOR = "administrator", _("Quản trị")


class RoleAssignment(models.Model):
    """An officer's role in one agency for a period; an officer may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    one_stop_unit = models.ForeignKey(
        OneStopUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role", "valid_from"], name="role_assignment_unique"
            )
        ]
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp, hộ kinh doanh")
    ORGANISATION = "organisation", _("Tổ chức")


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Applicant(models.Model):
    """A citizen, business or organisation that applies (tổ chức, cá nhân nộp hồ sơ)."""

    kind = models.CharField(max_length=20, choices=ApplicantKind.choices)
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="applicant"
    )
    name = models.CharField(max_length=300)
    personal_id = models.CharField(
        max_length=12, blank=True, help_text="Số định danh cá nhân (12 chữ số)"
    )
    tax_code = models.CharField(
        max_length=14, blank=True, help_text="Mã số thuế (10 hoặc 13 chữ số)"
    )
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    phone = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=~models.Q(personal_id=""),
                name="applicant_personal_id_unique",
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(tax_code=""),
                name="applicant_tax_code_unique",
            ),
        ]
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")

    def __str__(self) -> str:
        return self.name
