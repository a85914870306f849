"""Feedback and petitions on the portal, 24/7: send, follow by code, rate; published answers;
and the applicant's rating of a returned dossier."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from motcua.accounts.models import User
from motcua.core.errors import DomainError, ValidationFailed
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.feedback.limits import feedback_follow_rate_hit, feedback_rate_hit
from motcua.feedback.models import (
    DossierRating,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    Satisfaction,
    SenderKind,
)
from motcua.feedback.ratings import dossier_rate
from motcua.feedback.selectors import feedback_for_sender
from motcua.feedback.services import RATING_CHOICES, feedback_rate, feedback_submit
from motcua.portal.account_views import citizen_required
from motcua.portal.selectors import feedback_of_account

_CATEGORIES = [
    (FeedbackCategory.REGULATION.value, FeedbackCategory.REGULATION.label),
    (FeedbackCategory.CONDUCT.value, FeedbackCategory.CONDUCT.label),
    (FeedbackCategory.DOSSIER.value, FeedbackCategory.DOSSIER.label),
]
_SCORES = [
    ("2", gettext_lazy("Tốt (2 điểm)")),
    ("1", gettext_lazy("Đạt (1 điểm)")),
    ("0", gettext_lazy("Chưa đạt (0 điểm)")),
]


class FeedbackForm(forms.Form):
    sender_kind = forms.ChoiceField(
        label=gettext_lazy("Ông/Bà gửi với tư cách"),
        choices=SenderKind.choices,
        initial=SenderKind.CITIZEN,
    )
    sender_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=300, required=False)
    sender_email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"),
        required=False,
        help_text=gettext_lazy("Để nhận mã tra cứu và trả lời. Không bắt buộc."),
    )
    sender_phone = forms.CharField(
        label=gettext_lazy("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Để nhận tin nhắn. Không bắt buộc."),
    )
    category = forms.ChoiceField(label=gettext_lazy("Phản ánh, kiến nghị về"), choices=_CATEGORIES)
    dossier_code = forms.CharField(
        label=gettext_lazy("Mã hồ sơ liên quan"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Nếu phản ánh về một hồ sơ cụ thể."),
    )
    title = forms.CharField(
        label=gettext_lazy("Tiêu đề"),
        max_length=300,
        error_messages={"required": gettext_lazy("Vui lòng nhập tiêu đề.")},
    )
    content = forms.CharField(
        label=gettext_lazy("Nội dung"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Vui lòng nhập nội dung phản ánh, kiến nghị.")},
    )


class FollowForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã phản ánh, kiến nghị"),
        max_length=30,
        help_text=gettext_lazy("Ví dụ PAKN.20260302.0001"),
        error_messages={"required": gettext_lazy("Vui lòng nhập mã phản ánh, kiến nghị.")},
    )
    khoa = forms.CharField(
        label=gettext_lazy("Mã tra cứu"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Mã gửi kèm xác nhận tiếp nhận; cần để xem trả lời và đánh giá."),
    )


_KEY_NOT_IN_ADDRESS = gettext_lazy(
    "Vì an toàn, mã tra cứu không được ghi trên địa chỉ trang: vui lòng nhập mã tra cứu vào ô "
    "dưới đây."
)


class FeedbackRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Mức độ hài lòng với trả lời (1 thấp nhất, 5 cao nhất)"),
        choices=[(str(n), str(n)) for n in RATING_CHOICES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vui lòng chọn mức đánh giá.")},
    )


class DossierRatingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=gettext_lazy("Mức độ hài lòng với việc giải quyết hồ sơ"),
        choices=[(str(v), label) for v, label in reversed(Satisfaction.choices)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vui lòng chọn mức độ hài lòng.")},
    )
    index_5 = forms.ChoiceField(
        label=gettext_lazy("Hồ sơ được tiếp nhận, giải quyết và trả kết quả tại Bộ phận Một cửa"),
        choices=_SCORES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vui lòng chọn một mức đánh giá.")},
    )
    index_9 = forms.ChoiceField(
        label=gettext_lazy("Chất lượng dịch vụ công trực tuyến"),
        choices=_SCORES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Vui lòng chọn một mức đánh giá.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Góp ý"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _apply_problems(form: forms.Form, error: DomainError) -> None:
    for problem in error.problems:
        name = problem.path if problem.path in form.fields else None
        form.add_error(name, problem.message)
    if not error.problems:
        form.add_error(None, error.message)


def _too_often(request: HttpRequest, retry_after: int, template: str) -> HttpResponse:
    response = render(request, template, {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _sender_language(user: object) -> str:
    """The language the sender's notices go out in: the page's when it is ``/en/``, else the
    signed-in sender's chosen one."""
    if get_language() == "en":
        return "en"
    if isinstance(user, User) and user.preferred_language == "en":
        return "en"
    return "vi"


def feedback_new(request: HttpRequest) -> HttpResponse:
    """Anyone may send; each client address at most ``MOTCUA_FEEDBACK_RATE`` times."""
    if request.method == "POST":
        limit = feedback_rate_hit(meta=request.META, now=timezone.now())
        if not limit.allowed:
            return _too_often(request, limit.retry_after, "portal/feedback_rate_limited.html")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = request.user
        try:
            item = feedback_submit(
                channel=FeedbackChannel.PORTAL,
                sender_kind=data["sender_kind"],
                sender_name=data["sender_name"],
                sender_email=data["sender_email"],
                sender_phone=data["sender_phone"],
                category=data["category"],
                dossier_code=data["dossier_code"],
                title=data["title"],
                content=data["content"],
                actor=user if isinstance(user, User) else None,
                sender_user=user if isinstance(user, User) else None,
                language=_sender_language(user),
                at=timezone.now(),
            )
        except ValidationFailed as error:
            _apply_problems(form, error)
        else:
            _remember_followed(request, item.code)
            return render(request, "portal/feedback_done.html", {"item": item})
    return render(request, "portal/feedback_form.html", {"form": form})


#: Session key: the codes whose access key this browser proved, so that the follow page shows
#: their answer at ``?ma=<code>`` while the key itself never appears in an address.
_FOLLOWED = "feedback_followed"


def _remember_followed(request: HttpRequest, code: str) -> None:
    followed = [c for c in request.session.get(_FOLLOWED, []) if c != code]
    request.session[_FOLLOWED] = [*followed[-19:], code]


def feedback_follow(request: HttpRequest) -> HttpResponse:
    """Code in the address (links sent to the sender carry it); the key only in a POST body."""
    rating_form = FeedbackRatingForm()
    if "khoa" in request.GET:
        form = FollowForm({"ma": request.GET.get("ma", "")})
        form.is_valid()
        form.add_error("khoa", _KEY_NOT_IN_ADDRESS)
        context = {"form": form, "item": None, "full": False, "rating_form": rating_form}
        return render(request, "portal/feedback_follow.html", context, status=400)
    looking_up = request.method == "POST" and request.POST.get("thao_tac") != "danh_gia"
    data: dict[str, str] = {}
    if looking_up:
        data = {"ma": request.POST.get("ma", ""), "khoa": request.POST.get("khoa", "")}
    elif request.method == "POST":  # rating: the code only, its key proved in this session
        data = {"ma": request.POST.get("ma", "")}
    elif "ma" in request.GET:
        data = {"ma": request.GET["ma"]}
    form = FollowForm(data or None)
    item: Feedback | None = None
    full = False
    if data and form.is_valid():
        # Codes and keys must not be tried in bulk (MOTCUA_LOOKUP_RATE, its own counter).
        limit = feedback_follow_rate_hit(meta=request.META, now=timezone.now())
        if not limit.allowed:
            return _too_often(request, limit.retry_after, "portal/rate_limited.html")
        code, key = form.cleaned_data["ma"].strip().upper(), form.cleaned_data["khoa"]
        if not key and code in request.session.get(_FOLLOWED, []):
            item = Feedback.objects.select_related("agency").filter(code=code).first()
            full = item is not None
        elif not key and (item := feedback_of_account(user=request.user, code=code)):
            full = True
        else:
            item = feedback_for_sender(code=code, access_key=key)
            full = item is not None
        if full and item is not None and looking_up:
            _remember_followed(request, item.code)
            return redirect(f"{reverse('portal:feedback_follow')}?{urlencode({'ma': item.code})}")
        if item is None:
            item = Feedback.objects.select_related("agency").filter(code=code).first()
            if item is None:
                form.add_error("ma", gettext_lazy("Không tìm thấy phản ánh, kiến nghị có mã này."))
            elif key:
                form.add_error("khoa", gettext_lazy("Mã tra cứu không đúng."))
    if request.method == "POST" and not looking_up and item is not None and full:
        rating_form = FeedbackRatingForm(request.POST)
        if rating_form.is_valid():
            try:
                feedback_rate(
                    code=item.code,
                    access_key=item.access_key,
                    rating=rating_form.cleaned_data["rating"],
                    at=timezone.now(),
                )
            except DomainError as error:
                rating_form.add_error(None, error.message)
            else:
                return redirect(
                    f"{reverse('portal:feedback_follow')}?{urlencode({'ma': item.code})}"
                )
    return render(
        request,
        "portal/feedback_follow.html",
        {
            "form": form,
            "item": item,
            "full": full,
            "rating_form": rating_form,
            "not_accepted_reason": _not_accepted_reason(item) if full else "",
        },
    )


def _not_accepted_reason(item: Feedback | None) -> str:
    if item is None or item.status != FeedbackStatus.NOT_ACCEPTED:
        return ""
    event = item.events.filter(action="not_accept").order_by("-seq").first()
    return event.note if event is not None else ""


def feedback_published(request: HttpRequest) -> HttpResponse:
    rows = (
        Feedback.objects.filter(published_at__isnull=False)
        .select_related("agency")
        .order_by("-published_at", "code")
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "portal/feedback_published.html", {"page": page, "items": list(page)})


@citizen_required
def dossier_rating(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required let only a citizen in
    dossier = Dossier.objects.filter(code=code, applicant__user=user).first()
    if dossier is None:
        from django.http import Http404

        raise Http404
    existing = DossierRating.objects.filter(dossier_code=dossier.code).first()
    form = DossierRatingForm(request.POST or None)
    context: dict[str, Any] = {
        "dossier": dossier,
        "rating": existing,
        "form": form,
        "rateable": dossier.status == DossierStatus.RETURNED,
    }
    if request.method == "POST" and existing is None and form.is_valid():
        data = form.cleaned_data
        try:
            rating = dossier_rate(
                code=dossier.code,
                satisfaction=data["satisfaction"],
                answers={"5": data["index_5"], "9": data["index_9"]},
                comment=data["comment"],
                actor=user,
                at=timezone.now(),
            )
        except DomainError as error:
            _apply_problems(form, error)
        else:
            context["rating"] = rating
    if context["rating"] is not None:
        context["evaluation"] = sorted(
            context["rating"].evaluation.items(), key=lambda item: int(item[0])
        )
    return render(request, "portal/dossier_rating.html", context)
