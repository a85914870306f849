"""Fees (phí, lệ phí), online and counter payment, reconciliation, refunds, e-receipts."""
