"""The VNPAY-type signature, checked against a vector computed here with hmac and hashlib."""

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from motcua.payments.contrib.vnpay_style import signing
from motcua.payments.contrib.vnpay_style.gateway import VnpayStyleGateway
from motcua.payments.gateways import CheckoutOrder

SECRET = "VECTORSECRET"


def test_hash_data_sorts_and_url_encodes_and_leaves_out_the_hash() -> None:
    params = {
        "vnp_TxnRef": "T1",
        "vnp_Amount": "20000000",
        "vnp_OrderInfo": "Nop phi ho so 000.00.01.H26-260302-0001",
        "vnp_SecureHash": "ignored",
        "vnp_SecureHashType": "HmacSHA512",
    }
    text = "vnp_Amount=20000000&vnp_OrderInfo=Nop+phi+ho+so+000.00.01.H26-260302-0001&vnp_TxnRef=T1"
    expected = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()

    assert signing.hash_data(params) == text
    assert signing.sign_params(params, SECRET) == expected
    assert signing.verify_params({**params, "vnp_SecureHash": expected.upper()}, SECRET)
    assert not signing.verify_params({**params, "vnp_SecureHash": expected[:-1] + "0"}, SECRET)
    assert not signing.verify_params({**params, "vnp_Amount": "100"}, SECRET)


def test_the_checkout_address_carries_amount_times_100_in_vnd_and_a_valid_signature() -> None:
    gateway = VnpayStyleGateway(base_url="http://gw.test", tmn_code="TMN1", secret=SECRET)
    url = gateway.checkout_url(
        CheckoutOrder(
            order_id="T260302ABC",
            amount=200_000,
            description="Nop phi",
            created_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
            return_url="http://127.0.0.1:8000/thanh-toan/ket-qua/",
            client_ip="127.0.0.1",
        )
    )
    params = dict(parse_qsl(urlsplit(url).query))

    assert url.startswith("http://gw.test/paymentv2/vpcpay.html?")
    assert params["vnp_Amount"] == "20000000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_CreateDate"] == "20260302090000"
    assert gateway.verify(params)
    report = gateway.read({**params, "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"})
    assert report.amount == 200_000
    assert report.paid


def test_api_fields_are_signed_joined_by_a_bar_in_the_order_the_api_fixes() -> None:
    values = {name: f"v{i}" for i, name in enumerate(signing.QUERY_REQUEST_FIELDS)}
    text = "|".join(f"v{i}" for i in range(len(signing.QUERY_REQUEST_FIELDS)))

    assert signing.sign_fields(values, signing.QUERY_REQUEST_FIELDS, SECRET) == (
        hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    )
